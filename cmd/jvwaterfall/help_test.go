package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHelpGolden pins the -h text of every subcommand, and the tool's
// own, which say what each does, its flags, formats and exit statuses.
func TestHelpGolden(t *testing.T) {
	for _, sub := range []string{"run", "validate", "explain", "init", "sweep", "montecarlo"} {
		t.Run(sub, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, exitOK, run([]string{sub, "-h"}, nil, &out, &errOut))
			require.Empty(t, out.String())
			golden(t, "help/"+sub+".golden", errOut.String())
		})
	}
	t.Run("jvwaterfall", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, exitOK, run([]string{"-h"}, nil, &out, &errOut))
		require.Empty(t, errOut.String())
		golden(t, "help/jvwaterfall.golden", out.String())
	})
	// help SUBCOMMAND and -h SUBCOMMAND are the subcommand's own help.
	for _, args := range [][]string{{"help", "sweep"}, {"-h", "sweep"}} {
		var out, errOut bytes.Buffer
		require.Equal(t, exitOK, run(args, nil, &out, &errOut))
		golden(t, "help/sweep.golden", errOut.String())
	}
}
