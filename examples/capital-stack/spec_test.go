package main

import (
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"os"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestSpec writes the capital stack — senior and mezzanine debt with a
// floating rate, PIK and fees, a debt-service reserve, preferred equity and
// a DSCR covenant around the common equity — as a JSON deal spec, reads it
// back and checks that it runs to exactly the same Result.
func TestSpec(t *testing.T) {
	s, err := jv()
	require.NoError(t, err)
	want, err := waterfall.Run(s.deal)
	require.NoError(t, err)
	b, err := spec.MarshalDeal(s.deal)
	require.NoError(t, err)
	d, err := spec.UnmarshalDeal(b)
	require.NoError(t, err)
	got, err := waterfall.Run(d)
	require.NoError(t, err)
	if diff := cmp.Diff(runview.Of(want), runview.Of(got), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("Result of the spec differs from the Go deal's (-go +spec):\n%s", diff)
	}
}

// TestSpecSample checks that cmd/jvwaterfall/testdata/capital-stack.json is
// this deal: it runs to exactly the Go deal's Result, whose figures the
// other tests of this package prove.
func TestSpecSample(t *testing.T) {
	s, err := jv()
	require.NoError(t, err)
	want, err := waterfall.Run(s.deal)
	require.NoError(t, err)
	const sample = "../../cmd/jvwaterfall/testdata/capital-stack.json"
	if golden.Updating() {
		b, err := spec.MarshalDeal(s.deal)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(sample, b, 0o644))
	}
	src, err := os.ReadFile(sample)
	require.NoError(t, err)
	d, err := spec.UnmarshalDeal(src)
	require.NoError(t, err)
	got, err := waterfall.Run(d)
	require.NoError(t, err)
	if diff := cmp.Diff(runview.Of(want), runview.Of(got), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("Result of the sample differs from the Go deal's (-go +sample):\n%s", diff)
	}
}
