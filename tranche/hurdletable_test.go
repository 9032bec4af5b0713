package tranche

import (
	"fmt"
	"math"
	"math/big"
	"testing"
	"unsafe"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestHurdleTable_HotIsOneLine: the common path reads one 64-byte line
// of a party's state, and a flag byte.
func TestHurdleTable_HotIsOneLine(t *testing.T) {
	if n := unsafe.Sizeof(hurdleHot{}); n != 64 {
		t.Fatalf("hurdleHot is %d bytes, want 64", n)
	}
}

// TestHurdleTable_GetSet: a state set is the state got, field by field,
// in every combination of signs, decimal, wide last amounts and cold
// parts already made, and setting one party's state changes no other's.
func TestHurdleTable_GetSet(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 5).Draw(rt, "parties")
		tb := newHurdleTable(n)
		want := make([]hurdleState, n)
		for j := range want {
			want[j].asOf, want[j].lastDate = -1, -1
		}
		fx := func(label string) fixed {
			m := u128{rapid.Uint64Range(0, 1<<63-1).Draw(rt, label+" hi"), rapid.Uint64().Draw(rt, label+" lo")}
			return fixed{rapid.Bool().Draw(rt, label+" neg") && !m.isZero(), m}
		}
		un := func(label string) units {
			u := units{n: rapid.Int64().Draw(rt, label)}
			if rapid.IntRange(0, 3).Draw(rt, label+" wide") == 0 {
				u = units{b: new(big.Int).Lsh(big.NewInt(rapid.Int64Range(1, 1<<40).Draw(rt, label+" big")), 70)}
			}
			return u
		}
		for range rapid.IntRange(1, 20).Draw(rt, "sets") {
			i := rapid.IntRange(0, n-1).Draw(rt, "party")
			st := hurdleState{hurdleValue: hurdleValue{fix: fx("fix")},
				next: rapid.Int32().Draw(rt, "next"), lastDate: rapid.Int32().Draw(rt, "lastDate"),
				last: [2]units{un("in"), un("out")}, grown: fx("grown"), grownTo: rapid.Int32().Draw(rt, "grownTo")}
			if rapid.Bool().Draw(rt, "dec") {
				st.dec, st.isDec = decimal.New(rapid.Int64().Draw(rt, "coef"), rapid.Int32Range(-20, 5).Draw(rt, "exp")), true
			}
			st.asOf = st.lastDate // as every replay keeps it
			tb.set(i, &st)
			want[i] = st
			// The fast paths read the flags alone: a state in decimal or
			// with a wide last amount (either) must be marked slow.
			wide := !st.last[0].small() || !st.last[1].small()
			if f := tb.hot[i].slow; (f&hurdleWide != 0) != wide || (f&hurdleDec != 0) != st.isDec || (f != 0) != (wide || st.isDec) {
				rt.Fatalf("party %d: flags %04b for %+v", i, f, st)
			}
			for j := range n {
				if got := tb.get(j); got != want[j] {
					rt.Fatalf("party %d: got %+v, want %+v", j, got, want[j])
				}
			}
			c := tb.clone()
			for j := range n {
				if got := c.get(j); got != want[j] {
					rt.Fatalf("clone, party %d: got %+v, want %+v", j, got, want[j])
				}
			}
		}
	})
}

// sameHurdleState reports whether a and b are the same state: decimals
// in value and exponent, wide amounts by value.
func sameHurdleState(a, b hurdleState) bool {
	return a.isDec == b.isDec && a.fix == b.fix && a.dec.Equal(b.dec) && a.dec.Exponent() == b.dec.Exponent() &&
		a.asOf == b.asOf && a.next == b.next && a.lastDate == b.lastDate &&
		a.last[0].eq(b.last[0]) && a.last[1].eq(b.last[1]) && a.last[0].small() == b.last[0].small() && a.last[1].small() == b.last[1].small() &&
		a.grown == b.grown && a.grownTo == b.grownTo
}

// TestHurdleTable_AsOldLayout: the states split into hot lines, flags and
// cold parts (hurdleTable) give what the old layout gave (a []hurdleState
// read and written in place, oldHurdles, with the old code: steady, value,
// the pref pass, the trial's saves and undo, Clone), on one book: random
// sequences of moves (amounts near and beyond an int64 of minor units,
// and near the fixed point's 2^127, so that balances go to decimal and
// moves are wide), pref passes, single reads at a second rate, nested
// trials undone, and clones (the book cloned from must keep its states).
// After each step every party's state, read back, is the old layout's,
// and so are the trial's saves.
func TestHurdleTable_AsOldLayout(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(rt, "parties")
		var parties []Party
		var ids []PartyID
		for j := range n {
			parties = append(parties, Party{ID: PartyID(fmt.Sprintf("P%02d", j))})
			ids = append(ids, parties[j].ID)
		}
		compounding := []contract.Compounding{contract.Annual, contract.Quarterly, contract.Monthly, contract.Continuous}
		rate := contract.Rate{
			Annual:      decimal.New(rapid.Int64Range(0, 3_000_000).Draw(rt, "rate"), -6),
			Compounding: rapid.SampledFrom(compounding).Draw(rt, "compounding"),
			DayCount:    rapid.SampledFrom([]contract.DayCount{contract.ACT365F, contract.ACT360, contract.Thirty360US}).Draw(rt, "daycount"),
		}
		other := contract.Rate{Annual: decimal.New(rapid.Int64Range(0, 2_000_000).Draw(rt, "other rate"), -6),
			Compounding: rapid.SampledFrom(compounding).Draw(rt, "other compounding"), DayCount: contract.ACT365F}
		scale := rapid.Int32Range(0, 8).Draw(rt, "scale")
		b, err := NewBook(scale, parties)
		if err != nil {
			rt.Fatal(err)
		}
		b.SetRounding(rapid.SampledFrom([]Rounding{RoundUp, HalfEven}).Draw(rt, "rounding"))
		pref := &PreferredReturn{Name: "pref", Parties: ids, Rate: rate}
		slots := [2]int{b.slot(rate), b.slot(other)}
		if slots[0] == slots[1] {
			other.Annual = other.Annual.Add(decimal.New(1, -7))
			slots[1] = b.slot(other)
		}
		old := [2]*oldHurdles{newOldHurdles(slots[0], n), newOldHurdles(slots[1], n)}
		unit := decimal.New(1, -scale)
		amount := func() decimal.Decimal {
			switch rapid.IntRange(0, 12).Draw(rt, "size") {
			case 0: // beyond an int64 of minor units
				return decimal.New(math.MaxInt64, -scale).Mul(decimal.New(rapid.Int64Range(2, 1<<40).Draw(rt, "wide"), 0))
			case 1: // near an int64 of minor units
				return decimal.New(math.MaxInt64-rapid.Int64Range(0, 1<<40).Draw(rt, "large"), -scale)
			case 2: // a balance near 2^125 units of 10^-16
				return decimal.New(1<<62, -scale).Mul(decimal.New(rapid.Int64Range(1, 16).Draw(rt, "room"), 0)).Shift(-AccrualPlaces + 2*scale + 2)
			}
			return unit.Mul(decimal.New(rapid.Int64Range(1, 100_000_000_00).Draw(rt, "units"), 0))
		}
		unreturned := make([]decimal.Decimal, n)
		for j := range unreturned {
			unreturned[j] = decimal.Zero
		}
		check := func(label string) {
			for k, s := range slots {
				tb := &b.rates[s].hurdles
				if tb.hot == nil {
					continue // not read yet: the old states are the new ones
				}
				for j := range n {
					if got, want := tb.get(j), old[k].hs[j]; !sameHurdleState(got, want) {
						rt.Fatalf("%s, rate %d, party %d: state %+v, the old layout's %+v", label, k, j, got, want)
					}
				}
			}
			var saves []hurdleSave
			for k := range old { // the trial's saves, in the book's order
				saves = append(saves, old[k].saves...)
			}
			if len(saves) != len(b.tr.hurdles) {
				rt.Fatalf("%s: %d states saved, the old layout %d", label, len(b.tr.hurdles), len(saves))
			}
			for _, s := range b.tr.hurdles {
				k := 0
				if s.s == slots[1] {
					k = 1
				}
				if len(old[k].saves) == 0 || old[k].saves[0].i != s.i || !sameHurdleState(s.st, old[k].saves[0].st) {
					rt.Fatalf("%s: saved state of party %d differs", label, s.i)
				}
				old[k].saves = old[k].saves[1:]
			}
			for k := range old { // put the saves back
				old[k].saves = nil
			}
			for _, s := range saves {
				k := 0
				if s.s == slots[1] {
					k = 1
				}
				old[k].saves = append(old[k].saves, s)
			}
		}
		move := func() {
			j := rapid.IntRange(0, n-1).Draw(rt, "party")
			a := amount().Round(scale)
			if a.Sign() <= 0 {
				a = unit
			}
			switch k := rapid.IntRange(0, 2).Draw(rt, "kind"); {
			case k == 0:
				if b.Contribute(ids[j], a) == nil {
					unreturned[j] = unreturned[j].Add(a)
				}
			case k == 1 && !unreturned[j].LessThan(a):
				if b.Post(Payment{Tranche: "roc", Party: ids[j], Kind: KindCapital, Amount: a}) == nil {
					unreturned[j] = unreturned[j].Sub(a)
				}
			default:
				_ = b.Post(Payment{Tranche: "x", Party: ids[j], Kind: KindProfit, Amount: a})
			}
		}
		pass := func(label string) {
			idx, err := b.indexes(ids)
			if err != nil {
				rt.Fatal(err)
			}
			got, want := make([]units, n), make([]units, n)
			e1 := pref.owedSteady(b, idx, got)
			e2 := old[0].owedSteady(pref, b, idx, want)
			if (e1 == nil) != (e2 == nil) || e1 != nil && e1.Error() != e2.Error() {
				rt.Fatalf("%s: errors %v, %v", label, e1, e2)
			}
			for j := range n {
				if !got[j].eq(want[j]) {
					rt.Fatalf("%s, party %d: owed %s, the old layout %s", label, j, got[j].dec(scale), want[j].dec(scale))
				}
			}
			check(label)
		}
		single := func(label string) {
			j, k := rapid.IntRange(0, n-1).Draw(rt, "read party"), rapid.IntRange(0, 1).Draw(rt, "read rate")
			v, e1 := b.hurdle(j, slots[k])
			hr := b.hurdleRun(slots[k])
			w, e2 := old[k].value(&hr, j)
			if (e1 == nil) != (e2 == nil) || v.isDec != w.isDec || v.fix != w.fix || !v.dec.Equal(w.dec) || v.dec.Exponent() != w.dec.Exponent() {
				rt.Fatalf("%s, party %d: hurdle %+v (%v), the old layout %+v (%v)", label, j, v, e1, w, e2)
			}
			check(label)
		}
		type mark struct {
			b   trialMark
			old [2]int
		}
		var marks []mark
		type kept struct {
			b   *Book
			old [2][]hurdleState
		}
		var clones []kept
		date := contract.Date(2020, 1, 31)
		for p := range rapid.IntRange(1, 25).Draw(rt, "periods") {
			end := date.AddDate(0, 0, rapid.IntRange(1, 400).Draw(rt, "days"))
			for len(marks) > 0 { // a period begins with no trial open
				m := marks[len(marks)-1]
				marks = marks[:len(marks)-1]
				b.undo(m.b)
				old[0].undo(m.old[0])
				old[1].undo(m.old[1])
			}
			if err := b.Advance(contract.Period{Index: p, Start: date, End: end}); err != nil {
				rt.Fatal(err)
			}
			date = end
			for s := range rapid.IntRange(1, 8).Draw(rt, "steps") {
				label := fmt.Sprintf("period %d, step %d", p, s)
				switch rapid.IntRange(0, 6).Draw(rt, "step") {
				case 0, 1:
					move()
				case 2:
					pass(label + ": pass")
				case 3:
					single(label + ": read")
				case 4:
					if len(marks) < 3 {
						marks = append(marks, mark{b.begin(), [2]int{len(old[0].saves), len(old[1].saves)}})
					}
				case 5:
					if len(marks) > 0 {
						m := marks[len(marks)-1]
						marks = marks[:len(marks)-1]
						b.undo(m.b)
						old[0].undo(m.old[0])
						old[1].undo(m.old[1])
						check(label + ": undone")
					}
				case 6:
					if len(marks) == 0 {
						clones = append(clones, kept{b, [2][]hurdleState{old[0].clone().hs, old[1].clone().hs}})
						b = b.Clone()
						old[0], old[1] = old[0].clone(), old[1].clone()
						check(label + ": cloned")
					}
				}
			}
		}
		for c, k := range clones { // what was cloned from is as it was
			for r, s := range slots {
				tb := &k.b.rates[s].hurdles
				if tb.hot == nil {
					continue
				}
				for j := range n {
					if got := tb.get(j); !sameHurdleState(got, k.old[r][j]) {
						rt.Fatalf("clone %d, rate %d, party %d: state %+v, was %+v", c, r, j, got, k.old[r][j])
					}
				}
			}
		}
	})
}
