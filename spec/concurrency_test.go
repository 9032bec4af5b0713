package spec

import (
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"os"
	"sync"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestRun_concurrent runs one decoded Deal from 16 goroutines at once
// (run it with -race) and checks that every Result equals a run made
// alone, and that the deal is unchanged.
func TestRun_concurrent(t *testing.T) {
	src, err := os.ReadFile("../cmd/jvwaterfall/testdata/european-fund.json")
	require.NoError(t, err)
	for name, spec := range map[string][]byte{"european fund": src, "every kind": []byte(specBase)} {
		t.Run(name, func(t *testing.T) {
			d, err := UnmarshalDeal(spec)
			require.NoError(t, err)
			before, err := MarshalDeal(d)
			require.NoError(t, err)
			want, err := waterfall.Run(d)
			require.NoError(t, err)

			const n = 16
			results := make([]*waterfall.Result, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					results[i], errs[i] = waterfall.Run(d)
				})
			}
			close(start)
			wg.Wait()
			for i := range n {
				require.NoError(t, errs[i])
				if diff := cmp.Diff(runview.Of(want), runview.Of(results[i]), dealOpts); diff != "" {
					t.Fatalf("goroutine %d: Result differs (-alone +concurrent):\n%s", i, diff)
				}
			}
			after, err := MarshalDeal(d)
			require.NoError(t, err)
			require.Equal(t, string(before), string(after), "Run changed the deal")
		})
	}
}
