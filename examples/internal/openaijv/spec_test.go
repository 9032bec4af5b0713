package openaijv

import (
	"os"
	"path/filepath"
	"testing"

	goldenfile "github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/stretchr/testify/require"
)

// TestSeedDealJSON keeps testdata/seed-deal.json, the base scenario's
// deal in the JSON deal spec, equal to the deal the model builds: the
// deal package scenario's benchmark varies (run with -update to rewrite
// it after the inputs change).
func TestSeedDealJSON(t *testing.T) {
	data, err := os.ReadFile("inputs.json")
	require.NoError(t, err)
	in, err := decodeInputs(data)
	require.NoError(t, err)
	m, err := build(in, Shock{})
	require.NoError(t, err)
	b, err := spec.MarshalDeal(m.deal)
	require.NoError(t, err)
	goldenfile.Check(t, filepath.Join("testdata", "seed-deal.json"), b)
	back, err := spec.UnmarshalDeal(b)
	require.NoError(t, err)
	again, err := spec.MarshalDeal(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again))
}
