package scenario_test

import (
	"os"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/require"
)

// TestScenariosDoc decodes every definition of docs/scenarios.md (its
// ```json blocks) and plans it over the data-center deal.
func TestScenariosDoc(t *testing.T) {
	src, err := os.ReadFile("../docs/scenarios.md")
	require.NoError(t, err)
	blocks := strings.Split(string(src), "```json\n")[1:]
	require.GreaterOrEqual(t, len(blocks), 2)
	for i, b := range blocks {
		def, err := scenario.DecodeDefinition([]byte(b[:strings.Index(b, "```")]))
		require.NoError(t, err, "block %d", i)
		_, err = scenario.NewPlan(datacenter(t), def)
		require.NoError(t, err, "block %d", i)
	}
}
