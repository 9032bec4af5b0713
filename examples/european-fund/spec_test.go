package main

import (
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"os"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestSpecSample checks that cmd/jvwaterfall/testdata/european-fund.json,
// the JSON deal that cmd/jvwaterfall ships, is this fund: it runs to exactly the
// Result of the deal built in Go here, whose figures TestFundFigures proves.
func TestSpecSample(t *testing.T) {
	deal, err := fund()
	require.NoError(t, err)
	want, err := waterfall.Run(deal)
	require.NoError(t, err)
	src, err := os.ReadFile("../../cmd/jvwaterfall/testdata/european-fund.json")
	require.NoError(t, err)
	d, err := spec.UnmarshalDeal(src)
	require.NoError(t, err)
	got, err := waterfall.Run(d)
	require.NoError(t, err)
	if diff := cmp.Diff(runview.Of(want), runview.Of(got), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("Result of the JSON deal differs from the Go deal's (-go +json):\n%s", diff)
	}
	require.NotEmpty(t, got.Payments)
}
