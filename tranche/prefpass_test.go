package tranche

import (
	"fmt"
	"math"
	"math/bits"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// owedSteadyOld is owedSteady as it was, party by party through the old
// pass (owedOld), kept as the oracle of the new one.
func owedSteadyOld(t *PreferredReturn, b *Book, idx []int, owed []units) error {
	hr := b.hurdleRun(b.slot(t.Rate))
	rs := &b.rates[hr.s]
	if rs.hurdles.hot == nil {
		rs.hurdles = newHurdleTable(len(b.acc))
	}
	p := prefPass{b: b, hr: &hr, hs: rs.hurdles, moves: &b.moves, now: b.today()}
	for j, i := range idx {
		if n, ok := p.owedOld(i); ok {
			owed[j] = units{n: n}
			continue
		}
		u, err := owedHurdle(b, &hr, i)
		if err != nil {
			return fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		owed[j] = u
	}
	return nil
}

// TestPrefFast_AsOld: the pass with its rows, factors, sums and rounding
// in place (prefFast) owes what the pass it replaced (owedOld, party by
// party, then the general way) owes on a second book given the same
// moves, and leaves every party's hurdle state, the trial's saved states
// and Book.Hurdle (value and exponent) as it did. The draws reach every
// way out: amounts at and beyond an int64 of cents, balances past the
// fixed point and near its room for one-step sums (2^125), reads after
// more moves on the same date and after dates with no move, first reads
// after many dates, dates with moves in and out, both roundings, growth
// factors that are not in fixed point (continuous compounding), reads in
// trials that are undone, and books of many parties.
func TestPrefFast_AsOld(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(rt, "parties")
		var parties []Party
		var ids []PartyID
		for j := range n {
			parties = append(parties, Party{ID: PartyID(fmt.Sprintf("P%02d", j))})
			ids = append(ids, parties[j].ID)
		}
		rate := contract.Rate{
			Annual:      decimal.New(rapid.Int64Range(0, 3_000_000).Draw(rt, "rate"), -6),
			Compounding: rapid.SampledFrom([]contract.Compounding{contract.Annual, contract.Quarterly, contract.Monthly, contract.Continuous}).Draw(rt, "compounding"),
			DayCount:    rapid.SampledFrom([]contract.DayCount{contract.ACT365F, contract.ACT360, contract.Thirty360US}).Draw(rt, "daycount"),
		}
		rounding := rapid.SampledFrom([]Rounding{RoundUp, HalfEven}).Draw(rt, "rounding")
		scale := rapid.Int32Range(0, 8).Draw(rt, "scale")
		mk := func() *Book {
			b, err := NewBook(scale, parties)
			if err != nil {
				rt.Fatal(err)
			}
			b.SetRounding(rounding)
			return b
		}
		fast, old := mk(), mk()
		pref := &PreferredReturn{Name: "pref", Parties: ids, Rate: rate}
		unit := decimal.New(1, -scale)
		amount := func(label string) decimal.Decimal {
			switch rapid.IntRange(0, 24).Draw(rt, label+" size") {
			case 0: // beyond an int64 of minor units
				return decimal.New(math.MaxInt64, -scale).Mul(decimal.New(rapid.Int64Range(2, 1<<20).Draw(rt, label+" wide"), 0))
			case 1, 2: // near an int64 of minor units
				return decimal.New(math.MaxInt64-rapid.Int64Range(0, 1<<40).Draw(rt, label+" large"), -scale)
			case 3: // a balance near 2^125 units of 10^-16
				return decimal.New(1<<62, -scale).Mul(decimal.New(rapid.Int64Range(1, 16).Draw(rt, label+" room"), 0)).Shift(-AccrualPlaces + 2*scale + 2)
			}
			return unit.Mul(decimal.New(rapid.Int64Range(1, 100_000_000_00).Draw(rt, label+" units"), 0))
		}
		unreturned := make([]decimal.Decimal, n)
		for j := range unreturned {
			unreturned[j] = decimal.Zero
		}
		both := func(f func(b *Book) error) {
			e1, e2 := f(fast), f(old)
			if (e1 == nil) != (e2 == nil) {
				rt.Fatalf("errors differ: %v, %v", e1, e2)
			}
		}
		move := func() {
			j := rapid.IntRange(0, n-1).Draw(rt, "party")
			a := amount("amount").Round(scale)
			if a.Sign() <= 0 {
				a = unit
			}
			switch k := rapid.IntRange(0, 2).Draw(rt, "kind"); {
			case k == 0:
				unreturned[j] = unreturned[j].Add(a)
				both(func(b *Book) error { return b.Contribute(ids[j], a) })
			case k == 1 && !unreturned[j].LessThan(a):
				unreturned[j] = unreturned[j].Sub(a)
				both(func(b *Book) error {
					return b.Post(Payment{Tranche: "roc", Party: ids[j], Kind: KindCapital, Amount: a})
				})
			default:
				both(func(b *Book) error { return b.Post(Payment{Tranche: "x", Party: ids[j], Kind: KindProfit, Amount: a}) })
			}
		}
		everyone := func() { // every party moves, as in a fund's period
			a := unit.Mul(decimal.New(rapid.Int64Range(1, 1_000_000_00).Draw(rt, "each"), 0))
			kind := KindProfit
			if rapid.Bool().Draw(rt, "contribute") {
				for j := range n {
					unreturned[j] = unreturned[j].Add(a)
					both(func(b *Book) error { return b.Contribute(ids[j], a) })
				}
				return
			}
			for j := range n {
				both(func(b *Book) error { return b.Post(Payment{Tranche: "x", Party: ids[j], Kind: kind, Amount: a}) })
			}
		}
		read := func(label string) {
			idx, err := fast.indexes(ids)
			if err != nil {
				rt.Fatal(err)
			}
			got, want := make([]units, n), make([]units, n)
			e1 := pref.owedSteady(fast, idx, got)
			e2 := owedSteadyOld(pref, old, idx, want)
			if (e1 == nil) != (e2 == nil) || e1 != nil && e1.Error() != e2.Error() {
				rt.Fatalf("%s: errors %v, %v", label, e1, e2)
			}
			for j := range n {
				if !got[j].eq(want[j]) {
					rt.Fatalf("%s, party %d: owed %s, the old pass %s", label, j, got[j].dec(scale), want[j].dec(scale))
				}
			}
			samePrefStates(rt, label, fast, old, rate, ids)
			if len(fast.tr.hurdles) != len(old.tr.hurdles) {
				rt.Fatalf("%s: %d states saved, the old pass %d", label, len(fast.tr.hurdles), len(old.tr.hurdles))
			}
			for k := range fast.tr.hurdles {
				a, b := fast.tr.hurdles[k], old.tr.hurdles[k]
				if a.s != b.s || a.i != b.i || a.st.fix != b.st.fix || a.st.asOf != b.st.asOf || a.st.next != b.st.next || a.st.grownTo != b.st.grownTo {
					rt.Fatalf("%s: saved state %d differs", label, k)
				}
			}
		}
		date := contract.Date(2020, 1, 31)
		for p := range rapid.IntRange(1, 30).Draw(rt, "periods") {
			end := date.AddDate(0, 0, rapid.IntRange(1, 400).Draw(rt, "days"))
			both(func(b *Book) error { return b.Advance(contract.Period{Index: p, Start: date, End: end}) })
			date = end
			if rapid.IntRange(0, 3).Draw(rt, "everyone moves") == 0 {
				everyone()
			}
			for range rapid.IntRange(0, 3).Draw(rt, "moves") {
				move()
			}
			for r := range rapid.IntRange(0, 2).Draw(rt, "reads") {
				label := fmt.Sprintf("period %d, read %d", p, r)
				if rapid.Bool().Draw(rt, "in a trial") {
					mf, mo := fast.begin(), old.begin()
					read(label + " in a trial")
					move()
					read(label + " in a trial, after a move")
					fast.undo(mf)
					old.undo(mo)
					samePrefStates(rt, label+" undone", fast, old, rate, ids)
					continue
				}
				read(label)
				if rapid.Bool().Draw(rt, "moves after") {
					everyone()
				}
			}
		}
	})
}

// TestPrefFast_AtTheLimits: balances the draws of TestPrefFast_AsOld
// reach too rarely, set in the hurdle state of both books: a negative
// balance at the fixed point's limit that a payment takes past it, with
// nothing unreturned (on the date of the last move, and on a later date:
// the pass must hand the party to the general way, which goes to decimal,
// and not add in one step), and positive balances whose owed is 2^64 minor units of 10^-16
// times the unit (the division would not fit) or exactly 2^63 minor units
// (one past an int64): each is handed back, as by the old pass.
func TestPrefFast_AtTheLimits(t *testing.T) {
	rate := contract.Rate{Annual: decimal.Zero, Compounding: contract.Annual, DayCount: contract.ACT365F}
	pref := &PreferredReturn{Name: "pref", Parties: []PartyID{"P"}, Rate: rate}
	const unit = 100_000_000_000_000 // a cent in 10^-16
	// (2^63 − 1) cents and one 10^-16 more: owed 2^63 cents, rounded up.
	hi, lo := bits.Mul64(1<<63-1, unit)
	owedTwo63, _ := (u128{hi, lo}).plus(u128{0, 1})
	for _, c := range []struct {
		name  string
		fix   fixed // H, with the one cent contributed (unreturned) in it
		later bool  // the payment on a later date
		pay   bool
	}{
		{name: "negative limit, paid the same date", fix: fixed{true, u128{1<<63 - 1, ^uint64(0)}}, pay: true},
		{name: "negative limit, paid a date later", fix: fixed{true, u128{1<<63 - 1, ^uint64(0)}}, pay: true, later: true},
		{name: "owed of 2^64·unit units", fix: fixed{false, u128{unit, unit}}},
		{name: "owed of 2^63 minor units", fix: fixed{false, func() u128 { x, _ := owedTwo63.plus(u128{0, unit}); return x }()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			books := [2]*Book{}
			for k := range books {
				b, err := NewBook(2, []Party{{ID: "P"}})
				if err != nil {
					t.Fatal(err)
				}
				books[k] = b
			}
			d0 := contract.Date(2020, 1, 31)
			read := func(label string) {
				t.Helper()
				idx := []int{0}
				got, want := make([]units, 1), make([]units, 1)
				e1 := pref.owedSteady(books[0], idx, got)
				e2 := owedSteadyOld(pref, books[1], idx, want)
				if (e1 == nil) != (e2 == nil) || !got[0].eq(want[0]) {
					t.Fatalf("%s: owed %s (%v), the old pass %s (%v)", label, got[0].dec(2), e1, want[0].dec(2), e2)
				}
				sf, sg := books[0].rates[books[0].slot(rate)].hurdles.get(0), books[1].rates[books[1].slot(rate)].hurdles.get(0)
				if sf.isDec != sg.isDec || sf.fix != sg.fix || !sf.dec.Equal(sg.dec) || sf.asOf != sg.asOf || sf.next != sg.next ||
					sf.lastDate != sg.lastDate || !sf.last[0].eq(sg.last[0]) || !sf.last[1].eq(sg.last[1]) || sf.grown != sg.grown || sf.grownTo != sg.grownTo {
					t.Fatalf("%s: hurdle state %+v, the old pass's %+v", label, sf, sg)
				}
			}
			for _, b := range books {
				if err := b.Advance(contract.Period{Index: 0, Start: d0.AddDate(0, 0, -1), End: d0}); err != nil {
					t.Fatal(err)
				}
				if err := b.Contribute("P", decimal.New(1, -2)); err != nil {
					t.Fatal(err)
				}
			}
			read("first read")
			for _, b := range books {
				t := &b.rates[b.slot(rate)].hurdles
				st := t.get(0)
				st.fix = c.fix
				t.set(0, &st)
			}
			if c.later {
				for _, b := range books {
					if err := b.Advance(contract.Period{Index: 1, Start: d0, End: d0.AddDate(0, 1, 0)}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if c.pay {
				for _, b := range books {
					// The cent contributed comes back: nothing is unreturned,
					// so no later sum catches the overflow.
					if err := b.Post(Payment{Tranche: "x", Party: "P", Kind: KindCapital, Amount: decimal.New(1, -2)}); err != nil {
						t.Fatal(err)
					}
				}
			}
			read("after the balance is set")
		})
	}
}
