package spec

import (
	"strconv"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// stackDeal is a deal of one party, LP, paid in its last period, whose
// stack is the JSON stack.
func stackDeal(stack string) string {
	return `{"currency": "USD", "scale": 2, "parties": [{"id": "LP", "commitment": "100.00"}],
  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
  "proceeds": [{"date": "2026-12-31", "amount": "10.00"}],
  "stack": ` + stack + `}`
}

// sequenceOf is a sequence of n returns of capital to LP, c0, c1, ….
func sequenceOf(n int) string {
	var b strings.Builder
	b.WriteString(`{"kind": "sequence", "tranches": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"kind": "return_of_capital", "id": "c` + strconv.Itoa(i) + `", "parties": ["LP"]}`)
	}
	b.WriteString("]}")
	return b.String()
}

// TestDecodeDeal_maxTranches: a stack of MaxTranches (1,000) tranches,
// the sequence and 999 leaves, decodes; with one more leaf, the 1,001st
// tranche is refused with ErrLimit at its path.
func TestDecodeDeal_maxTranches(t *testing.T) {
	d, err := UnmarshalDeal([]byte(stackDeal(sequenceOf(MaxTranches - 1))))
	require.NoError(t, err)
	require.Len(t, d.Stack.(tranche.Parent).Children(), MaxTranches-1)

	_, err = UnmarshalDeal([]byte(stackDeal(sequenceOf(MaxTranches))))
	require.ErrorIs(t, err, ErrLimit)
	fes := fieldErrors(t, err)
	require.Equal(t, "stack.tranches[999]", fes[0].Path, "%v", err)
}

// capsOf is n caps, each wrapping the next, around a return of capital.
func capsOf(n int) string {
	s := `{"kind": "return_of_capital", "id": "c", "parties": ["LP"]}`
	for range n {
		s = `{"kind": "cap", "limit": "5.00", "tranche": ` + s + `}`
	}
	return s
}

// TestDecodeDeal_wrapperDepth: a wrapper's tranche is one level deeper in
// the stack, as a combinator's are (MaxStackDepth, 16: a leaf has depth
// 1). 15 caps around a leaf decode; 16 are refused at the leaf, 17 levels
// down.
func TestDecodeDeal_wrapperDepth(t *testing.T) {
	_, err := UnmarshalDeal([]byte(stackDeal(capsOf(MaxStackDepth - 1))))
	require.NoError(t, err)

	_, err = UnmarshalDeal([]byte(stackDeal(capsOf(MaxStackDepth))))
	require.ErrorIs(t, err, ErrLimit)
	fes := fieldErrors(t, err)
	require.Equal(t, "stack"+strings.Repeat(".tranche", MaxStackDepth), fes[0].Path, "%v", err)
}

// TestDecodeDeal_errorsElsewhere: an error in one field does not stop a
// tranche elsewhere from being decoded and checked: a split inside a pro
// rata is still reported (tranche.ErrUnbounded) beside a name of the
// wrong type.
func TestDecodeDeal_errorsElsewhere(t *testing.T) {
	in := edit(t, `"name": "Test JV"`, `"name": 7`,
		`{"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "annual", "day_count": "ACT/365F"}}`,
		`{"kind": "split", "id": "s2", "shares": [{"parties": ["LP"], "weight": "1"}]}`)
	_, err := UnmarshalDeal([]byte(in))
	got := map[string]error{}
	for _, fe := range fieldErrors(t, err) {
		got[fe.Path] = fe
	}
	require.Len(t, got, 2, "%v", err)
	require.ErrorIs(t, got["name"], ErrType)
	require.ErrorIs(t, got["stack.tranches[1].tranches[0]"], tranche.ErrUnbounded)
}
