package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// leafTranches are one of each claim of the package, with its parties
// LP, GP and bank, in the variants that take their own paths to the book.
func leafTranches(t *testing.T) map[string]tranche.Tranche {
	ps := annualPeriods(4)
	inv := ids("LP")
	shares := []tranche.Share{{Parties: inv, Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}
	pref := func(c contract.Compounding, base tranche.PrefBase, acc tranche.PrefAccrual) tranche.Tranche {
		return tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: inv,
			Rate: rate30360("0.08", c), Base: base, Accrual: acc}))
	}
	return map[string]tranche.Tranche{
		"capital":                  tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: inv})),
		"pref compound":            pref(contract.Annual, tranche.OnUnreturned, tranche.Cumulative),
		"pref simple":              pref(contract.Simple, tranche.OnUnreturned, tranche.Cumulative),
		"pref on contributed":      pref(contract.Annual, tranche.OnContributed, tranche.Cumulative),
		"pref current pay":         pref(contract.Annual, tranche.OnUnreturned, tranche.NonCumulative),
		"catch-up":                 tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: inv, Sponsor: "GP", Target: d("0.2"), Rate: d("1")})),
		"partial catch-up":         tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: inv, Sponsor: "GP", Target: d("0.2"), Rate: d("0.5")})),
		"hurdle IRR":               tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "h", Investors: inv, Rate: annual("0.1"), Shares: shares})),
		"hurdle multiple":          tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "h", Investors: inv, Multiple: d("1.5"), Shares: shares})),
		"split":                    tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares})),
		"preferred equity":         tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: inv, Coupon: rate30360("0.1", contract.Annual), CurrentPay: d("0.05"), Redemption: ps[3].End, Multiple: d("1.2")})),
		"debt":                     bullet(t, ps, nil),
		"capped split":             tranche.Cap(d("100"), tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares}))),
		"pro rata":                 tranche.ProRata(tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: inv}))),
		"sequence of capital, cu":  tranche.Sequence(tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: inv})), tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: inv, Sponsor: "GP", Target: d("0.2"), Rate: d("1")}))),
		"window around a hurdle":   tranche.Window(ps[0].Start, ps[3].End, tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "h", Investors: inv, Multiple: d("1.5"), Shares: shares}))),
		"sequence of pref, hurdle": tranche.Sequence(pref(contract.Annual, tranche.OnUnreturned, tranche.Cumulative), tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "h", Investors: inv, Rate: annual("0.1"), Shares: shares}))),
	}
}

// TestTranches_UnknownParty: every claim run over a book that lacks its
// parties fails with ErrUnknownParty in Owed and in Pay, never a panic
// and never a silent zero. The book holds only "stranger", who has put in
// capital, so that no claim is zero for want of capital.
func TestTranches_UnknownParty(t *testing.T) {
	ps := annualPeriods(4)
	for name, tr := range leafTranches(t) {
		t.Run(name, func(t *testing.T) {
			h := newDriver(t, partiesOf("stranger", "1")...)
			h.advance(ps[0]).put("stranger", "1000")
			require.NoError(t, h.b.Advance(ps[1]))
			_, errOwed := tr.Owed(h.b)
			_, errPay := tr.Pay(h.b, d("5000"))
			// A loan's lender is only named in its payments, and a split's
			// claim is unbounded whoever its parties are.
			if name != "debt" && name != "split" && name != "capped split" {
				require.ErrorIs(t, errOwed, tranche.ErrUnknownParty, "Owed")
			}
			require.ErrorIs(t, errPay, tranche.ErrUnknownParty, "Pay")
		})
	}
}

// TestTranches_BadCash: offered a negative amount or fractions of a cent,
// every claim's Pay returns an error naming the amount (ErrInvariant for
// a negative amount, ErrNotQuantized for fractions of a cent), and pays
// nothing.
func TestTranches_BadCash(t *testing.T) {
	ps := annualPeriods(4)
	for name, tr := range leafTranches(t) {
		t.Run(name, func(t *testing.T) {
			h := newDriver(t, partiesOf("LP", "1", "GP", "0", "bank", "0")...)
			h.advance(ps[0]).put("LP", "1000")
			require.NoError(t, h.b.Advance(ps[1]))
			for avail, want := range map[string]error{"-0.01": tranche.ErrInvariant, "0.001": tranche.ErrNotQuantized} {
				n := h.b.Ledger().Len()
				paid, err := tr.Pay(h.b, d(avail))
				require.ErrorIs(t, err, want, "Pay(%s)", avail)
				require.True(t, paid.IsZero(), "Pay(%s) paid %s", avail, paid)
				require.Equal(t, n, h.b.Ledger().Len(), "Pay(%s) posted", avail)
			}
		})
	}
}

// TestTranches_TypedNil: the nil pointer a failed NewX returns, used as a
// tranche, is an error (contract.ErrRequired) in every method, not a
// panic.
func TestTranches_TypedNil(t *testing.T) {
	ps := annualPeriods(2)
	for name, tr := range map[string]tranche.Tranche{
		"capital": (*tranche.ReturnOfCapital)(nil), "pref": (*tranche.PreferredReturn)(nil), "catch-up": (*tranche.CatchUp)(nil),
		"hurdle": (*tranche.Hurdle)(nil), "split": (*tranche.Split)(nil), "preferred equity": (*tranche.PreferredEquity)(nil),
		"debt": (*tranche.Debt)(nil), "reserve": (*tranche.Reserve)(nil), "covenant": (*tranche.Covenant)(nil),
	} {
		t.Run(name, func(t *testing.T) {
			h := newDriver(t, partiesOf("LP", "1")...)
			require.NoError(t, h.b.Advance(ps[0]))
			_, err := tr.Owed(h.b)
			require.ErrorIs(t, err, contract.ErrRequired, "Owed")
			_, err = tr.Pay(h.b, d("1"))
			require.ErrorIs(t, err, contract.ErrRequired, "Pay")
			require.Error(t, tranche.Validate(tr), "Validate")
		})
	}
}

// TestConstructors_RefuseInvalidTerms: each NewX given terms that fail
// Validate returns the error and a nil tranche, never a half-made one.
func TestConstructors_RefuseInvalidTerms(t *testing.T) {
	for name, err := range map[string]error{
		"capital":          second(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "c"})),
		"pref":             second(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "p"})),
		"catch-up":         second(tranche.NewCatchUp(tranche.CatchUp{Name: "cu"})),
		"hurdle":           second(tranche.NewHurdle(tranche.Hurdle{Name: "h"})),
		"split":            second(tranche.NewSplit(tranche.Split{Name: "s"})),
		"preferred equity": second(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe"})),
		"debt":             second(tranche.NewDebt(tranche.Debt{Name: "d"})),
		"reserve":          second(tranche.NewReserve(tranche.Reserve{Name: "r"})),
		"covenant":         second(tranche.NewCovenant(tranche.Covenant{Name: "cov"})),
	} {
		require.ErrorIs(t, err, contract.ErrInvalid, name)
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "c"})
	require.Error(t, err)
	require.Nil(t, roc)
	split, err := tranche.NewSplit(tranche.Split{Name: "s", Shares: []tranche.Share{{Parties: ids("A"), Weight: d("0.5")}}})
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.Nil(t, split)
}

func second[T any](_ T, err error) error { return err }
