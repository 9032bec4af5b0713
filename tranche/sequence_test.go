package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestSequence_OwedOfTwoLikeTiers: a sequence of two returns of capital,
// or of two prefs, for two parties owes the sum of their claims. LP1 put
// in 600.00 and LP2 400.00 a year ago (1 Jan 2021 to 1 Jan 2022, 365
// days): capital 600 + 400 = 1,000; simple 8% prefs 48.00 + 32.00 =
// 80.00.
func TestSequence_OwedOfTwoLikeTiers(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "600", "LP2", "400")...).open(jan21).put("LP1", "600").put("LP2", "400").at(jan22)
	roc := func(p tranche.PartyID) tranche.Tranche {
		return tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-" + tranche.TrancheID(p), Parties: []tranche.PartyID{p}}))
	}
	pref := func(p tranche.PartyID) tranche.Tranche {
		return tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref-" + tranche.TrancheID(p),
			Rate: contract.Rate{Annual: d("0.08"), Compounding: contract.Simple, DayCount: contract.ACT365F}, Parties: []tranche.PartyID{p}}))
	}
	requireDec(t, "1000", l.owed(tranche.Sequence(roc("LP1"), roc("LP2"))).Amount)
	requireDec(t, "80", l.owed(tranche.Sequence(pref("LP1"), pref("LP2"))).Amount)
}

// TestSequence_OwedErrors: a sequence's claim passes on its tiers'
// errors: a typed nil tier (contract.ErrRequired), and a return of
// capital or a pref for a party the book does not have
// (tranche.ErrUnknownParty).
func TestSequence_OwedErrors(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "600")...).open(jan21).put("LP1", "600").at(jan22)
	for name, tr := range map[string]tranche.Tranche{
		"nil capital":  (*tranche.ReturnOfCapital)(nil),
		"nil pref":     (*tranche.PreferredReturn)(nil),
		"nil catch-up": (*tranche.CatchUp)(nil),
	} {
		_, err := tranche.Sequence(tr).Owed(l.b)
		require.ErrorIs(t, err, contract.ErrRequired, name)
	}
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"nobody"}}))
	_, err := tranche.Sequence(roc).Owed(l.b)
	require.ErrorIs(t, err, tranche.ErrUnknownParty, "capital")
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref",
		Rate: contract.Rate{Annual: d("0.08")}, Parties: []tranche.PartyID{"nobody"}}))
	_, err = tranche.Sequence(pref).Owed(l.b)
	require.ErrorIs(t, err, tranche.ErrUnknownParty, "pref")
}

// overpayer pays its party one cent more than it is offered and says so:
// PayChecked must refuse what it did (ErrInvariant).
type overpayer struct{}

func (overpayer) ID() tranche.TrancheID { return "overpayer" }
func (overpayer) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: d("1")}, nil
}
func (overpayer) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	x := avail.Add(d("0.01"))
	return x, b.Post(tranche.Payment{Tranche: "overpayer", Party: "LP1", Kind: tranche.KindFee, Amount: x})
}

// TestPayChecked_MoreThanOffered: a tranche that pays 10.01 of 10.00
// offered, and reports it truly, breaks the rules (ErrInvariant).
func TestPayChecked_MoreThanOffered(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "600")...).open(jan21).at(jan22)
	_, err := tranche.PayChecked(l.b, overpayer{}, d("10.00"))
	require.ErrorIs(t, err, tranche.ErrInvariant)
}
