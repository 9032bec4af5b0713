package waterfall_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

var recordDiff = flag.String("record-differential", "", "write the differential expectations of this engine to the file, and the full digests to file.d/")

// TestRecordDifferential runs the differential deals through the engine
// as it was before the compact ledger, and writes what it gave: the
// expectations of TestDifferential. It is removed once they are recorded.
func TestRecordDifferential(t *testing.T) {
	if *recordDiff == "" {
		t.Skip("-record-differential not set")
	}
	dir := *recordDiff + ".d"
	require.NoError(t, os.MkdirAll(dir, 0o755))
	var lines []string
	for i := range diffDeals {
		res, err := waterfall.Run(genDiffDeal(t, i))
		lines = append(lines, digestLine(i, res, err))
		if err == nil {
			require.NoError(t, os.WriteFile(filepath.Join(dir, itoa(i)), []byte(digest(res, true)), 0o644))
		}
	}
	require.NoError(t, os.WriteFile(*recordDiff, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
