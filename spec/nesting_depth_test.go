package spec

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestMarshalDeal_dealDepth checks MaxDealDepth (8, docs/spec.md
// "Limits") on a deal built in Go: a deal nested 8 deep encodes; one
// more deal around it, 9 deep, is refused at "parties" with ErrLimit.
func TestMarshalDeal_dealDepth(t *testing.T) {
	s := fundSpec
	for range MaxDealDepth - 1 {
		s = nestedSpec("USD", s)
	}
	d, err := UnmarshalDeal([]byte(s))
	require.NoError(t, err)
	require.Equal(t, MaxDealDepth, dealDepth(d, 0))
	_, err = MarshalDeal(d)
	require.NoError(t, err, "a deal %d deep", MaxDealDepth)

	top := *d
	top.Parties = append([]waterfall.Party(nil), d.Parties...)
	top.Parties[0].Deal = d
	require.Equal(t, MaxDealDepth+1, dealDepth(&top, 0))
	_, err = MarshalDeal(&top)
	require.ErrorIs(t, err, ErrLimit)
	fes := fieldErrors(t, err)
	require.Equal(t, "parties", fes[0].Path, "%v", err)
	require.ErrorContains(t, fes[0], "deals nested 9 deep")
}

// TestDecodeDeal_nestedNotAnObject: a party's deal that is not an object
// is an ErrType at its path, and nothing else.
func TestDecodeDeal_nestedNotAnObject(t *testing.T) {
	_, err := UnmarshalDeal([]byte(nestedSpec("USD", `"the fund"`)))
	require.ErrorIs(t, err, ErrType)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1, "%v", err)
	require.Equal(t, "parties[0].deal", fes[0].Path)
}

// TestDecodeDeal_nestedOwnErrors: the errors of a nested deal are
// reported under its path, even when the deal holding it has some of its
// own before them.
func TestDecodeDeal_nestedOwnErrors(t *testing.T) {
	in := strings.Replace(nestedSpec("USD", strings.Replace(fundSpec, `"scale": 2`, `"scale": 12`, 1)), `"name": "JV"`, `"name": 7`, 1)
	_, err := UnmarshalDeal([]byte(in))
	var paths []string
	for _, fe := range fieldErrors(t, err) {
		paths = append(paths, fe.Path)
	}
	require.Equal(t, []string{"name", "parties[0].deal.scale"}, paths, "%v", err)
}
