package waterfall_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// diffDeals is the number of random deals of the differential test.
const diffDeals = 3000

// genDiffDeal draws deal i of the differential test, by its kind:
//
//   - i%3 == 0: a European fund (genFund: return of capital, a compounding
//     pref, a catch-up or none, a carry split; 1–50 LPs);
//   - i%3 == 1: a capital stack (randomStackDeal: senior and mezzanine
//     debt, a reserve, preferred equity, common equity behind a covenant
//     that traps or sweeps);
//   - i%3 == 2: a composed stack: classes paid pari passu through nested
//     sequences, caps, windows, IRR and multiple hurdles, every pref
//     convention, a catch-up, management fees and expenses, and sometimes a
//     party that is itself a deal.
//
// The same seed always gives the same deal.
func genDiffDeal(t testing.TB, i int) *waterfall.Deal {
	t.Helper()
	seed := uint64(0xD1FF<<20 + i)
	switch i % 3 {
	case 0:
		return genFund(seed).deal
	case 1:
		return randomStackDeal(t, rand.New(rand.NewPCG(seed, 0x5eed))).deal
	}
	return genComposed(rand.New(rand.NewPCG(seed, 0xC0DE)))
}

// genComposed draws a composed stack; see genDiffDeal.
func genComposed(r *rand.Rand) *waterfall.Deal {
	amount := func(lo, hi int64) decimal.Decimal { return decimal.New(lo*100+r.Int64N((hi-lo)*100), -2) }
	bp := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+r.Int64N(hi-lo+1), -4) }
	// Two classes of investors, A and B, and a GP.
	var parties []waterfall.Party
	var classA, classB, all []tranche.PartyID
	nA, nB := 1+r.IntN(6), 1+r.IntN(6)
	total := decimal.Zero
	for i := range nA + nB {
		id := tranche.PartyID(fmt.Sprintf("A%d", i))
		if i >= nA {
			id = tranche.PartyID(fmt.Sprintf("B%d", i-nA))
			classB = append(classB, id)
		} else {
			classA = append(classA, id)
		}
		c := decimal.NewFromInt(10_000 + r.Int64N(2_000_000))
		parties = append(parties, waterfall.Party{ID: id, Commitment: c})
		all = append(all, id)
		total = total.Add(c)
	}
	gp := waterfall.Party{ID: "GP", Role: waterfall.RoleSponsor}
	if r.IntN(3) == 0 {
		gp.Commitment = decimal.NewFromInt(1_000 + r.Int64N(50_000))
		total = total.Add(gp.Commitment)
	}
	parties = append(parties, gp)

	start := time.Date(2018+r.IntN(7), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	np := 4 + r.IntN(27)
	var periods []contract.Period
	if r.IntN(2) == 0 {
		var err error
		freq := []contract.Frequency{contract.EveryMonth, contract.EveryQuarter, contract.EveryYear}[r.IntN(3)]
		periods, err = contract.Schedule{Start: start, End: start.AddDate(0, 0, np*int(freqDays(freq))), Frequency: freq}.Periods()
		if err != nil {
			panic(err)
		}
	} else {
		ends := make([]time.Time, np)
		at := start
		for i := range ends {
			at = at.AddDate(0, 0, 15+r.IntN(400))
			ends[i] = at
		}
		var err error
		if periods, err = contract.Explicit(start, ends...); err != nil {
			panic(err)
		}
	}
	np = len(periods)
	inside := func(i int) time.Time {
		p := periods[i]
		days := max(1, int(p.End.Sub(p.Start).Hours()/24))
		return p.Start.AddDate(0, 0, 1+r.IntN(days))
	}
	d := &waterfall.Deal{Name: "composed", Currency: "USD", Scale: 2, Parties: parties, Periods: periods}
	called := decimal.Zero
	for i := range np {
		early := i < max(1, np/4)
		if early || r.IntN(7) == 0 {
			a := total.Mul(decimal.New(5+r.Int64N(50), -2)).Round(2)
			c := waterfall.Call{Date: inside(i), Amount: a}
			if r.IntN(5) == 0 {
				c.Parties = classB
			}
			d.Calls = append(d.Calls, c)
			called = called.Add(a)
		}
		if r.IntN(10) == 0 {
			d.Contributions = append(d.Contributions, waterfall.Contribution{Date: inside(i), Party: all[r.IntN(len(all))], Amount: amount(1, 100_000)})
		}
		if !early && r.IntN(3) != 0 || i == np-1 {
			f := decimal.New(r.Int64N(60), -2)
			if r.IntN(5) == 0 {
				f = decimal.New(100+r.Int64N(250), -2)
			}
			d.Proceeds = append(d.Proceeds, contract.Flow{Date: inside(i), Amount: called.Mul(f).Round(2).Add(amount(0, 1))})
		}
		if r.IntN(9) == 0 {
			d.Costs = append(d.Costs, contract.Flow{Date: inside(i), Amount: amount(0, 40_000)})
		}
	}

	rate := func() contract.Rate {
		return contract.Rate{Annual: bp(0, 2000), Compounding: contract.Compounding(r.IntN(4)), DayCount: contract.DayCount(r.IntN(5))}
	}
	pref := func(name string, ids []tranche.PartyID) tranche.Tranche {
		t := tranche.PreferredReturn{Name: tranche.TrancheID(name), Parties: ids, Rate: rate()}
		switch r.IntN(4) {
		case 1:
			t.Base = tranche.OnContributed
		case 2:
			t.Accrual = tranche.NonCumulative
		case 3:
			t.Base, t.Accrual = tranche.OnContributed, tranche.NonCumulative
		}
		return must(tranche.NewPreferredReturn(t))
	}
	roc := func(name string, ids []tranche.PartyID) tranche.Tranche {
		return must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: tranche.TrancheID(name), Parties: ids}))
	}
	class := func(name string, ids []tranche.PartyID) tranche.Tranche {
		p, c := pref("pref-"+name, ids), roc("capital-"+name, ids)
		switch r.IntN(3) {
		case 0:
			return tranche.Sequence(c, p)
		case 1: // a capped profit share of the class too: its claim takes a trial
			share := must(tranche.NewSplit(tranche.Split{Name: tranche.TrancheID("share-" + name), Shares: []tranche.Share{{Parties: ids, Weight: decimal.NewFromInt(1)}}}))
			return tranche.Sequence(p, c, tranche.Cap(amount(1, 500_000), share))
		}
		return tranche.Sequence(p, c)
	}
	investors := all
	if !gp.Commitment.IsZero() {
		investors = append(append([]tranche.PartyID(nil), all...), "GP")
	}
	var stack []tranche.Tranche
	switch r.IntN(3) {
	case 0: // classes pari passu, each pref then capital (or the reverse)
		stack = append(stack, tranche.ProRata(class("a", classA), class("b", classB)))
	case 1: // one class, flat
		stack = append(stack, roc("capital", investors), pref("pref", investors))
	default: // class A senior to class B
		stack = append(stack, class("a", classA), class("b", classB))
	}
	if r.IntN(3) == 0 {
		i := stack[len(stack)-1]
		stack[len(stack)-1] = tranche.Cap(amount(1_000, 3_000_000), i)
	}
	carry := decimal.New(5+r.Int64N(31), -2)
	lpShare := tranche.Share{Parties: investors, Weight: decimal.NewFromInt(1).Sub(carry)}
	promote := tranche.Share{Parties: []tranche.PartyID{"GP"}, Weight: carry, Promote: true}
	if r.IntN(2) == 0 {
		h := tranche.Hurdle{Name: "hurdle", Investors: all, Shares: []tranche.Share{lpShare, promote}}
		if r.IntN(3) != 0 {
			h.Rate = contract.Rate{Annual: bp(500, 2000), Compounding: contract.Annual, DayCount: contract.ACT365F}
		}
		if h.Rate.Annual.IsZero() || r.IntN(3) == 0 {
			h.Multiple = decimal.New(110+r.Int64N(150), -2)
		}
		var ht tranche.Tranche = must(tranche.NewHurdle(h))
		if r.IntN(4) == 0 {
			ht = tranche.Window(periods[np/3].End, time.Time{}, ht)
		}
		stack = append(stack, ht)
	}
	if r.IntN(2) == 0 {
		c := decimal.NewFromInt(1)
		if r.IntN(2) == 0 {
			c = carry.Add(decimal.New(1+r.Int64N(100-carry.Shift(2).IntPart()-1), -2))
		}
		stack = append(stack, must(tranche.NewCatchUp(tranche.CatchUp{Name: "catch-up", Sponsor: "GP", Target: carry, Rate: c, Investors: all})))
	}
	split := must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{lpShare, promote}}))
	if r.IntN(4) == 0 {
		stack = append(stack, tranche.ProRata(must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "late-capital", Parties: classA}))))
	}
	d.Stack = tranche.Sequence(append(stack, split)...)

	if r.IntN(3) == 0 {
		d.Parties = append(d.Parties, waterfall.Party{ID: "manager", Role: waterfall.RoleOther}, waterfall.Party{ID: "admin", Role: waterfall.RoleOther})
		d.Fees = &waterfall.Fees{
			Manager: "manager",
			Management: contract.ManagementFee{CommitmentRate: bp(0, 250), InvestedRate: bp(0, 200),
				InvestmentEnd: periods[np/2].End, PeriodsPerYear: []int{0, 4, 12}[r.IntN(3)], OffsetShare: bp(0, 10000), CarryOffsets: r.IntN(2) == 0},
		}
		for i := range np {
			if r.IntN(6) == 0 {
				d.Fees.Expenses = append(d.Fees.Expenses, waterfall.Expense{Date: inside(i), Amount: amount(1, 20_000), Payee: "admin"})
			}
			if r.IntN(8) == 0 {
				d.Fees.Income = append(d.Fees.Income, contract.Flow{Date: inside(i), Amount: amount(1, 30_000)})
			}
		}
	}
	if r.IntN(4) == 0 {
		// The GP is itself a deal: its carry runs on to its members.
		members := []waterfall.Party{{ID: "founder", Commitment: decimal.NewFromInt(60)}, {ID: "partner", Commitment: decimal.NewFromInt(40)}}
		ids := []tranche.PartyID{"founder", "partner"}
		inner := &waterfall.Deal{Name: "gp", Currency: "USD", Scale: 2, Parties: members, Periods: periods,
			Stack: tranche.Sequence(
				must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "gp-capital", Parties: ids})),
				must(tranche.NewSplit(tranche.Split{Name: "gp-split", Shares: []tranche.Share{{Parties: ids, Weight: decimal.NewFromInt(1)}}})),
			)}
		d.Parties[len(all)].Deal = inner
	}
	return d
}

// freqDays is about how many days a period of f lasts.
func freqDays(f contract.Frequency) int64 {
	switch f {
	case contract.EveryMonth:
		return 31
	case contract.EveryQuarter:
		return 92
	}
	return 366
}
