package tranchetest_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/tranche/tranchetest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// broken is a tranche that breaks one rule, chosen by its fields. Its
// honest behaviour is the return of the LPs' capital; each flag spoils it.
type broken struct {
	overpay     bool // pays one unit more than it may
	lie         bool // returns a total other than what it posted
	underpayDue bool // pays half of its claim when it could pay all
	payOnZero   bool // pays a unit even when offered nothing
	owedPosts   bool // Owed posts a payment
	fracClaim   bool // Owed reports a fraction of a minor unit
	counter     *int // remembers how often it paid, in the value itself
	random      bool // pays the parties in a random order
	fail        bool // Pay returns an error
	underclaim  bool // Owed reports a cent less than Pay pays
}

func (b *broken) ID() tranche.TrancheID { return "broken" }

func (b *broken) owed(bk *tranche.Book) ([]decimal.Decimal, decimal.Decimal) {
	var owed []decimal.Decimal
	total := decimal.Zero
	for _, p := range []tranche.PartyID{"LP1", "LP2"} {
		a, _ := bk.Account(p)
		owed = append(owed, a.Unreturned())
		total = total.Add(a.Unreturned())
	}
	return owed, total
}

func (b *broken) Owed(bk *tranche.Book) (tranche.Claim, error) {
	_, total := b.owed(bk)
	if b.owedPosts && total.Sign() > 0 {
		_ = bk.Post(tranche.Payment{Tranche: "broken", Party: "LP1", Kind: tranche.KindCapital, Amount: decimal.New(1, -2)})
	}
	if b.fracClaim {
		total = total.Add(decimal.New(5, -3))
	}
	if b.underclaim && total.Sign() > 0 {
		total = total.Sub(decimal.New(1, -2))
	}
	return tranche.Claim{Amount: total}, nil
}

func (b *broken) Pay(bk *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if b.fail {
		return decimal.Zero, errors.New("broken")
	}
	owed, total := b.owed(bk)
	cent := decimal.New(1, -2)
	amount := decimal.Min(avail, total)
	switch {
	case b.underpayDue && avail.GreaterThanOrEqual(total):
		amount, _ = total.QuoRem(decimal.NewFromInt(2), 2)
	case b.overpay && amount.LessThan(total):
		amount = amount.Add(cent)
	case b.payOnZero && avail.IsZero() && total.Sign() > 0:
		amount = cent
	}
	if b.counter != nil {
		*b.counter++
		if *b.counter%5 == 0 {
			amount = decimal.Zero
		}
	}
	// Pay LP1 first, then LP2, each up to what it is owed.
	order := []int{0, 1}
	if b.random && rand.IntN(2) == 0 {
		order = []int{1, 0}
	}
	left := amount
	parties := []tranche.PartyID{"LP1", "LP2"}
	for _, i := range order {
		x := decimal.Min(left, owed[i])
		if err := bk.Post(tranche.Payment{Tranche: "broken", Party: parties[i], Kind: tranche.KindCapital, Amount: x}); err != nil {
			return decimal.Zero, err
		}
		left = left.Sub(x)
	}
	paid := amount.Sub(left)
	if b.lie && paid.Sign() > 0 {
		paid = paid.Sub(cent)
	}
	return paid, nil
}

func rulesOf(err error) []tranchetest.Rule {
	var rs []tranchetest.Rule
	for _, f := range tranchetest.Failures(err) {
		if !slices.Contains(rs, f.Rule) {
			rs = append(rs, f.Rule)
		}
	}
	return rs
}

// TestCheck_Broken: a tranche that breaks a rule fails the suite, under
// that rule, while the honest version passes.
func TestCheck_Broken(t *testing.T) {
	cases := []struct {
		name string
		new  func() tranche.Tranche
		want tranchetest.Rule
	}{
		{"overpays", func() tranche.Tranche { return &broken{overpay: true} }, tranchetest.RuleWithinAvail},
		{"lies about what it paid", func() tranche.Tranche { return &broken{lie: true} }, tranchetest.RuleWithinAvail},
		{"pays half its claim", func() tranche.Tranche { return &broken{underpayDue: true} }, tranchetest.RulePaysOwed},
		{"pays with no cash", func() tranche.Tranche { return &broken{payOnZero: true} }, tranchetest.RuleZeroAvail},
		{"Owed posts", func() tranche.Tranche { return &broken{owedPosts: true} }, tranchetest.RuleOwedPure},
		{"fractional claim", func() tranche.Tranche { return &broken{fracClaim: true} }, tranchetest.RuleClaim},
		{"keeps state in the value", func() tranche.Tranche { return &broken{counter: new(int)} }, tranchetest.RuleIndependent},
		{"shares state between instances", func() tranche.Tranche { return &broken{counter: &sharedCounter} }, tranchetest.RuleIndependent},
		{"random order", func() tranche.Tranche { return &broken{random: true} }, tranchetest.RuleDeterministic},
		{"returns errors", func() tranche.Tranche { return &broken{fail: true} }, tranchetest.RuleNoError},
		{"nil tranche", func() tranche.Tranche { return nil }, tranchetest.RuleNoError},
		{"typed nil tranche", func() tranche.Tranche {
			// a failed constructor's result, passed on unchecked
			s, _ := tranche.NewSplit(tranche.Split{Name: "bad"})
			return s
		}, tranchetest.RuleNoError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tranchetest.Check(c.new)
			require.Error(t, err)
			require.Contains(t, rulesOf(err), c.want, "failures: %v", err)
			var f *tranchetest.Failure
			require.ErrorAs(t, err, &f)
		})
	}
	t.Run("honest", func(t *testing.T) {
		require.NoError(t, tranchetest.Check(func() tranche.Tranche { return &broken{} }))
	})
	t.Run("MayPayLess", func(t *testing.T) {
		// A tranche that pays nothing when it cannot pay in full breaks
		// RulePaysAvail only, which MayPayLess turns off.
		allOrNothing := func() tranche.Tranche { return &allOrNothing{} }
		require.Equal(t, []tranchetest.Rule{tranchetest.RulePaysAvail}, rulesOf(tranchetest.Check(allOrNothing)))
		require.NoError(t, tranchetest.Check(allOrNothing, tranchetest.MayPayLess()))
		// It also lets a tranche pay less than its claim with cash to
		// spare (a reserve keeping cash back), but not more.
		half := func() tranche.Tranche { return &broken{underpayDue: true} }
		require.NoError(t, tranchetest.Check(half, tranchetest.MayPayLess()))
		over := func() tranche.Tranche { return &broken{underclaim: true} }
		require.Contains(t, rulesOf(tranchetest.Check(over, tranchetest.MayPayLess())), tranchetest.RulePaysOwed)
	})
}

var sharedCounter int

// allOrNothing returns the LPs' capital only when it can return all of it.
type allOrNothing struct{ broken }

func (a *allOrNothing) Pay(bk *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if _, total := a.owed(bk); avail.LessThan(total) {
		return decimal.Zero, nil
	}
	return a.broken.Pay(bk, avail)
}

// TestCheck_Options: the suite runs with other parties, scale and scenario.
func TestCheck_Options(t *testing.T) {
	d := decimal.RequireFromString
	newRoc := func() tranche.Tranche {
		return tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"A", "B"}}))
	}
	err := tranchetest.Check(newRoc,
		tranchetest.Scale(0),
		tranchetest.Parties(tranche.Party{ID: "A", Commitment: d("3")}, tranche.Party{ID: "B", Commitment: d("1")}),
		tranchetest.Scenario(tranchetest.DefaultStart(),
			tranchetest.Period{End: tranchetest.DefaultStart().AddDate(0, 1, 0), Cash: d("0"),
				Contributions: []tranchetest.Contribution{{Party: "A", Amount: d("301")}, {Party: "B", Amount: d("100")}}},
			tranchetest.Period{End: tranchetest.DefaultStart().AddDate(1, 0, 0), Cash: d("7")},
			tranchetest.Period{End: tranchetest.DefaultStart().AddDate(2, 0, 0), Cash: d("1000")}))
	require.NoError(t, err)

	// A scenario the book cannot take is reported, not a panic.
	err = tranchetest.Check(newRoc, tranchetest.Scenario(tranchetest.DefaultStart()))
	require.Equal(t, []tranchetest.Rule{tranchetest.RuleNoError}, rulesOf(err))
	err = tranchetest.Check(newRoc) // default parties lack "A"
	require.Contains(t, rulesOf(err), tranchetest.RuleNoError)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
}

// TestDefaults: the default parties, start and scenario are fresh on each
// call, so a test that changes them changes nobody else's.
func TestDefaults(t *testing.T) {
	ps, scen := tranchetest.DefaultParties(), tranchetest.DefaultScenario()
	ps[0].ID = "changed"
	scen[0].Cash = decimal.NewFromInt(-1)
	scen[0].Contributions[0].Party = "changed"
	require.NotEqual(t, ps, tranchetest.DefaultParties())
	require.Equal(t, tranche.PartyID("LP1"), tranchetest.DefaultParties()[0].ID)
	fresh := tranchetest.DefaultScenario()
	require.True(t, fresh[0].Cash.IsZero())
	require.Equal(t, tranche.PartyID("LP1"), fresh[0].Contributions[0].Party)
	require.Equal(t, "2022-12-31", tranchetest.DefaultStart().Format("2006-01-02"))
	rules := tranchetest.Rules()
	rules[0] = "changed"
	require.Equal(t, tranchetest.RuleClaim, tranchetest.Rules()[0])
	require.Len(t, tranchetest.Rules(), 9)
}

// ExampleCheck runs the suite without a *testing.T. A tranche that pays a
// cent more than it is offered (when it is owed more) breaks three rules:
// it pays above the cash offered, it pays with none offered, and it does
// not pay exactly the cash offered below its claim.
func ExampleCheck() {
	fmt.Println(tranchetest.Check(newFee))
	err := tranchetest.Check(func() tranche.Tranche { return &broken{overpay: true} })
	for _, r := range rulesOf(err) {
		fmt.Println("broken:", r)
	}
	// Output:
	// <nil>
	// broken: WithinAvail
	// broken: ZeroAvail
	// broken: PaysAvail
}
