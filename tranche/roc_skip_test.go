package tranche

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// rocOld is ReturnOfCapital.payUnits as it was before it skipped its
// parties when the book's contributions are all returned: the oracle of
// TestReturnOfCapital_SkipAsBefore.
func rocOld(t *ReturnOfCapital, b *Book, avail units) (units, error) {
	idx, owed, err := t.owed(b)
	if err != nil {
		return units{}, err
	}
	return payOwedUnits(b, t.Name, KindCapital, t.Parties, idx, owed, avail)
}

// TestReturnOfCapital_SkipAsBefore: on books whose parties contribute
// (small amounts, amounts past an int64, by Contribute and by Call, in
// trials undone and kept) and take capital back (in part, in full, past
// an int64), return of capital pays what it paid before, and the book's
// sum of contributions is the sum of its contribution records, so that
// its skip (contributions all returned) holds exactly when every party's
// unreturned capital is zero.
func TestReturnOfCapital_SkipAsBefore(t *testing.T) {
	jan := time.Date(2021, 1, 31, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(rt, "parties")
		ps := make([]Party, n)
		ids := make([]PartyID, n)
		for i := range ps {
			ids[i] = PartyID(fmt.Sprintf("P%d", i))
			ps[i] = Party{ID: ids[i], Commitment: decimal.NewFromInt(int64(i + 1))}
		}
		b, err := NewBook(2, ps)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		roc := Must(NewReturnOfCapital(ReturnOfCapital{Name: "roc", Parties: rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 1, n, func(p PartyID) PartyID { return p }).Draw(rt, "roc parties")}))
		amount := rapid.OneOf(rapid.Int64Range(1, 1000), rapid.Int64Range(math.MaxInt64-10, math.MaxInt64), rapid.Just(int64(math.MinInt64+1)))
		var marks []trialMark
		for k := range rapid.IntRange(1, 12).Draw(rt, "steps") {
			if err := b.Advance(periodN(jan, k)); err != nil {
				rt.Fatalf("%v", err)
			}
			for range rapid.IntRange(0, 4).Draw(rt, "acts") {
				switch rapid.IntRange(0, 4).Draw(rt, "act") {
				case 0:
					x := amount.Draw(rt, "amount")
					d := decimal.New(x, -2)
					if x < 0 {
						d = decimal.New(math.MaxInt64, -2).Mul(decimal.NewFromInt(3)) // past an int64
					}
					if err := b.Contribute(rapid.SampledFrom(ids).Draw(rt, "who"), d); err != nil {
						rt.Fatalf("%v", err)
					}
				case 1:
					if err := b.Call(decimal.New(rapid.Int64Range(0, 5000).Draw(rt, "call"), -2), ids); err != nil {
						rt.Fatalf("%v", err)
					}
				case 2:
					marks = append(marks, b.begin())
				case 3:
					if len(marks) > 0 {
						b.undo(marks[len(marks)-1])
						marks = marks[:len(marks)-1]
					}
				case 4:
					avail := rapid.OneOf(rapid.Int64Range(0, 3000), rapid.Just(int64(math.MaxInt64))).Draw(rt, "avail")
					want := b.Clone()
					before := b.Ledger().Len()
					paidWant, errWant := rocOld(roc, want, units{n: avail})
					paidGot, errGot := roc.payUnits(b, units{n: avail})
					if (errGot == nil) != (errWant == nil) || !paidGot.eq(paidWant) {
						rt.Fatalf("paid %v (%v), before %v (%v)", paidGot, errGot, paidWant, errWant)
					}
					lw, lg := want.Ledger(), b.Ledger()
					if diff := cmp.Diff(slices.Collect(lw.Slice(before, lw.Len()).Values()), slices.Collect(lg.Slice(before, lg.Len()).Values())); diff != "" {
						rt.Fatalf("payments (-before +now):\n%s", diff)
					}
				}
			}
			checkContribSum(rt, b)
		}
	})
}

// checkContribSum requires the book's sum of contributions to be that of
// its records, and to equal its returns of capital exactly when every
// party's unreturned capital is zero.
func checkContribSum(rt *rapid.T, b *Book) {
	sum := units{}
	for c := range b.Contributions().Values() {
		u, _ := toUnits(c.Amount, b.scale)
		sum = sum.add(u)
	}
	if !sum.eq(b.led.in) {
		rt.Fatalf("sum of contributions %v, kept %v", sum, b.led.in)
	}
	allReturned := true
	for i := range b.acc {
		allReturned = allReturned && b.acc[i].unreturned().sign() == 0
	}
	if skip := b.led.in.eq(b.paidKind[KindCapital]); skip != allReturned {
		rt.Fatalf("skip %v, all returned %v", skip, allReturned)
	}
}

func periodN(first time.Time, k int) contract.Period {
	return contract.Period{Index: k, Start: first.AddDate(0, k-1, 0), End: first.AddDate(0, k, 0)}
}

// TestCheckParties_AscendingAsMap: a list in strictly ascending order
// passes without the map; any other list meets the map, which reports
// what it reported.
func TestCheckParties_AscendingAsMap(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ps := rapid.SliceOfN(rapid.SampledFrom([]PartyID{"", "A", "B", "C", "D"}), 0, 6).Draw(rt, "parties")
		if rapid.Bool().Draw(rt, "sorted") {
			slices.Sort(ps)
		}
		got := checkParties("p", ps)
		want := checkPartiesMap("p", ps)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			rt.Fatalf("checkParties(%q) = %v, want %v", ps, got, want)
		}
		if ascending(ps) && want != nil {
			rt.Fatalf("ascending(%q) with %v", ps, want)
		}
	})
	for _, c := range []struct {
		ps   []PartyID
		want bool
	}{{nil, false}, {[]PartyID{""}, false}, {[]PartyID{"", "A"}, false}, {[]PartyID{"A"}, true}, {[]PartyID{"A", "B"}, true}, {[]PartyID{"A", "A"}, false}, {[]PartyID{"B", "A"}, false}} {
		if got := ascending(c.ps); got != c.want {
			t.Errorf("ascending(%q) = %v, want %v", c.ps, got, c.want)
		}
	}
}

// checkPartiesMap is checkParties as it was, with the map for every list.
func checkPartiesMap(path string, parties []PartyID) error {
	if len(parties) == 0 {
		return fieldErr(path, ErrRequiredParty)
	}
	seen := make(map[PartyID]bool, len(parties))
	for i, p := range parties {
		if p == "" {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), ErrRequiredParty)
		}
		if seen[p] {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), fmt.Errorf("party %q listed twice: %w", p, contract.ErrInvalid))
		}
		seen[p] = true
	}
	return nil
}
