package spec

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestMarshalDeal_nestedDealError: a nested deal that cannot be written
// (a tranche no kind claims) is an error at its path inside the deal
// holding it, not a party written without its deal.
func TestMarshalDeal_nestedDealError(t *testing.T) {
	d, err := UnmarshalDeal([]byte(nestedSpec("USD", fundSpec)))
	require.NoError(t, err)
	d.Parties[0].Deal.Stack = tranche.Sequence(d.Parties[0].Deal.Stack, foreignTranche{})
	_, err = MarshalDeal(d)
	require.ErrorIs(t, err, ErrUnknownKind)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1, "%v", err)
	require.Equal(t, "parties[0].deal.stack.tranches[1]", fes[0].Path)
}

// TestMarshalFund_escrowAccountAlone: escrow terms that name an account
// and hold back no share (valid in Go: fund.Validate asks for an account
// only when the share is above zero) are written, and read back.
func TestMarshalFund_escrowAccountAlone(t *testing.T) {
	f, err := UnmarshalFund([]byte(fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, "")))
	require.NoError(t, err)
	f.Terms.Escrow = fund.Escrow{Account: "Escrow"}
	b, err := MarshalFund(f)
	require.NoError(t, err)
	g, err := UnmarshalFund(b)
	require.NoError(t, err)
	require.Equal(t, tranche.PartyID("Escrow"), g.Terms.Escrow.Account, "%s", b)
	require.True(t, g.Terms.Escrow.Share.IsZero())
}

// TestDecodeDeal_prefEnums: a preferred return's base and accrual are
// one of the two names docs/spec.md gives; the name of a third value of
// the Go enumeration is refused.
func TestDecodeDeal_prefEnums(t *testing.T) {
	for _, c := range []struct{ key, name string }{
		{"base", tranche.PrefBase(2).String()},
		{"accrual", tranche.PrefAccrual(2).String()},
	} {
		t.Run(c.key, func(t *testing.T) {
			in := edit(t, `"id": "pref", "parties": ["LP"],`, `"id": "pref", "parties": ["LP"], "`+c.key+`": "`+c.name+`",`)
			_, err := UnmarshalDeal([]byte(in))
			require.ErrorIs(t, err, contract.ErrInvalid)
			fes := fieldErrors(t, err)
			require.Len(t, fes, 1, "%v", err)
			require.Equal(t, "stack.tranches[1].tranches[0]."+c.key, fes[0].Path)
			require.NotErrorIs(t, fes[0], contract.ErrRange, "an unknown name, not a value out of range")
		})
	}
}
