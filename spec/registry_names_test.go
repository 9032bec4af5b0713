package spec

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestCheckKind: a kind name is lower case letters, digits and
// underscores, starting with a letter (RegisterTranche's doc); each
// character class is tried at its edges ('a' and 'z', '0' and '9') and
// just past them ('`', '{', '/', ':').
func TestCheckKind(t *testing.T) {
	for name, valid := range map[string]bool{
		"a": true, "z": true, "za09_": true, "a_z": true, "zebra_9": true,
		"": false, "9a": false, "_a": false, "A": false, "aB": false, "a-b": false,
		"`a": false, "{a": false, "a`": false, "a{": false, "a/": false, "a:": false, "a b": false,
	} {
		err := checkKind(name, false, false)
		if valid {
			require.NoError(t, err, "%q", name)
		} else {
			require.ErrorIs(t, err, contract.ErrInvalid, "%q", name)
		}
	}
	require.ErrorIs(t, checkKind("ok", true, false), contract.ErrInvalid, "no Decode")
	require.ErrorIs(t, checkKind("ok", false, true), contract.ErrInvalid, "no Encode")
}

// TestRegisterSource_refused: a source kind is checked as a tranche kind
// is; a bad name is refused and nothing is registered.
func TestRegisterSource_refused(t *testing.T) {
	k := SourceKind{
		Name:   "Bad Name",
		Decode: func(*Object) (waterfall.Source, error) { return nil, nil },
		Encode: func(waterfall.Source, *Fields) bool { return false },
	}
	require.ErrorIs(t, RegisterSource(k), contract.ErrInvalid)
	require.Nil(t, kinds.Load().source("Bad Name"))
}

// TestUserSource_error: a source kind's Decode that fails has its error
// recorded at the source's path, and gives no source.
func TestUserSource_error(t *testing.T) {
	d, o := probe(t, `{}`)
	decode := userSource(func(*Object) (waterfall.Source, error) {
		return nil, fmt.Errorf("no such grant: %w", contract.ErrNegative)
	})
	require.Nil(t, decode(o))
	got := errorsOf(t, d)
	require.Len(t, got, 1)
	require.ErrorIs(t, got["x"], contract.ErrNegative)
}

// TestSuggest_nearest: the nearest name is suggested even when a farther
// one is within reach; two at the same distance are a tie, and none is.
func TestSuggest_nearest(t *testing.T) {
	require.Equal(t, "capital", suggest("capitol", []string{"capital", "capitals"}))
	require.Equal(t, "capital", suggest("capitol", []string{"capitals", "capital"}))
	require.Equal(t, "", suggest("capitol", []string{"capital", "capitel"}))
}
