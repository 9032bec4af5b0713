package tranche_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestHurdle_AfterOnPartialPayment: a 1.5× multiple hurdle, 80% to the
// LP and 20% promote to the GP; the LP put in 400. The LP is owed 1.5 ×
// 400 − 0 = 600, so the tier owes X = 600/0.8 = 750: 600 to the LP and 150
// to the GP. Offered 300.01, the tier pays 300.01 split 80/20: 240.008
// and 60.002, floors 240.00 and 60.00, and the cent left to the larger
// remainder (0.8 cent, the LP): 240.01 and 60.00. Before is each party's
// part of X and After what is left of it: LP 600 → 359.99, GP 150 → 90.
// Next the LP is owed 600 − 240.01 = 359.99, X = 359.99/0.8 = 449.9875 →
// 449.99, split 359.992 / 89.998 → floors 359.99 / 89.99 and the cent to
// the larger remainder (0.8 cent, the GP): 359.99 and 90.00, After zero;
// the hurdle is then met exactly and owes nothing.
func TestHurdle_AfterOnPartialPayment(t *testing.T) {
	ps := annualPeriods(3)
	hurdle := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"),
		Shares: []tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}}))
	h := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
	h.advance(ps[0]).put("LP", "400")
	h.advance(ps[1])
	requireDec(t, "750", h.owed(hurdle).Amount)
	lines, paid := h.pay(hurdle, "300.01")
	requireDec(t, "300.01", paid)
	want := []paidLine{
		{"tier", "LP", tranche.KindProfit, d("240.01"), d("600"), d("359.99")},
		{"tier", "GP", tranche.KindPromote, d("60.00"), d("150"), d("90")},
	}
	requireLines(t, want, lines)
	h.advance(ps[2])
	requireDec(t, "449.99", h.owed(hurdle).Amount)
	lines, paid = h.pay(hurdle, "1000")
	requireDec(t, "449.99", paid)
	want = []paidLine{
		{"tier", "LP", tranche.KindProfit, d("359.99"), d("359.99"), d("0")},
		{"tier", "GP", tranche.KindPromote, d("90.00"), d("90.00"), d("0")},
	}
	requireLines(t, want, lines)
	// The LP now holds 240.01 + 359.99 = 600.00 = 1.5 × 400: the hurdle
	// is met exactly, and the tier owes nothing more.
	requireDec(t, "0", h.owed(hurdle).Amount)
}

// TestSplit_DecimalFallback: weights written to 20 places (1/3 and 2/3,
// summing to exactly 1) do not fit int64 arithmetic, so the split pays in
// decimals; it must pay all it is offered, the same way. 100.00 splits
// 33.333…33 and 66.666…67: floors 33.33 and 66.66, and the cent left to
// the larger remainder (0.67 of a cent, the second share): 33.33 and
// 66.67. The second share is a class of two parties with commitments 1
// and 2: 66.67 by commitment is 22.223… and 44.446…, floors 22.22 and
// 44.44, the cent to the larger remainder (0.6 of a cent, the second):
// 22.22 and 44.45. Before and After are cumulative receipts: a second
// split of 0.01 goes to the larger remainder, the second share (0.67
// cent), and there to the party with the larger remainder: 0.00333… and
// 0.00666… cents → the second party, whose receipts go from 44.45 to 44.46.
func TestSplit_DecimalFallback(t *testing.T) {
	ps := annualPeriods(2)
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{
		{Parties: ids("A"), Weight: d("0.33333333333333333333")},
		{Parties: ids("B", "C"), Weight: d("0.66666666666666666667"), Promote: true},
	}}))
	h := newDriver(t, partiesOf("A", "0", "B", "1", "C", "2")...)
	h.advance(ps[0])
	lines, paid := h.pay(split, "100.00")
	requireDec(t, "100", paid)
	requireLines(t, []paidLine{
		{"split", "A", tranche.KindProfit, d("33.33"), d("0"), d("33.33")},
		{"split", "B", tranche.KindPromote, d("22.22"), d("0"), d("22.22")},
		{"split", "C", tranche.KindPromote, d("44.45"), d("0"), d("44.45")},
	}, lines)
	h.advance(ps[1])
	lines, paid = h.pay(split, "0.01")
	requireDec(t, "0.01", paid)
	requireLines(t, []paidLine{{"split", "C", tranche.KindPromote, d("0.01"), d("44.45"), d("44.46")}}, lines)
	// Pay itself, not through PayChecked: 1.00 splits 0.33 and 0.67 (the
	// cent to the 0.67 remainder), and 0.67 by 1:2 is 0.2233… and 0.4466…:
	// 0.22 and 0.45 (the cent to the 0.67 remainder).
	n := h.b.Ledger().Len()
	paid, err := split.Pay(h.b, d("1.00"))
	require.NoError(t, err)
	requireDec(t, "1", paid)
	var got []paidLine
	for _, p := range paysFrom(h.b, n) {
		got = append(got, paidLine{p.Tranche, p.Party, p.Kind, p.Amount, p.Before, p.After})
	}
	requireLines(t, []paidLine{
		{"split", "A", tranche.KindProfit, d("0.33"), d("33.33"), d("33.66")},
		{"split", "B", tranche.KindPromote, d("0.22"), d("22.22"), d("22.44")},
		{"split", "C", tranche.KindPromote, d("0.45"), d("44.46"), d("44.91")},
	}, got)
}

// requireLines compares payments amount by amount (decimals by value).
func requireLines(t *testing.T, want, got []paidLine) {
	t.Helper()
	require.Len(t, got, len(want), "got %v", got)
	for i := range want {
		w, g := want[i], got[i]
		require.True(t, w.Tranche == g.Tranche && w.Party == g.Party && w.Kind == g.Kind &&
			w.Amount.Equal(g.Amount) && w.Before.Equal(g.Before) && w.After.Equal(g.After),
			"payment %d: got %+v, want %+v", i, g, w)
	}
}

// TestCap_OddLimit: a cap of 1,234.567 lets its split pay 1,234.56 in all
// (the limit rounded down to the cent). Offered 1,234.55 in year 0 it
// pays all of it; in year 1 the claim is the cent left, 0.01, and offered
// 100 it pays exactly that: the cap is reached exactly; in year 2 it owes
// and pays nothing.
func TestCap_OddLimit(t *testing.T) {
	ps := annualPeriods(3)
	capped := tranche.Cap(d("1234.567"), equity(t))
	h := newDriver(t, partiesOf("sponsor", "0")...)
	h.advance(ps[0])
	requireDec(t, "1234.56", h.owed(capped).Amount)
	_, paid := h.pay(capped, "1234.55")
	requireDec(t, "1234.55", paid)
	h.advance(ps[1])
	requireDec(t, "0.01", h.owed(capped).Amount)
	_, paid = h.pay(capped, "100")
	requireDec(t, "0.01", paid)
	h.advance(ps[2])
	requireDec(t, "0", h.owed(capped).Amount)
	_, paid = h.pay(capped, "100")
	requireDec(t, "0", paid)
}

// TestSplit_ValidateEach: each problem of a split's terms is reported
// alone, naming its field; a weight of zero is allowed.
func TestSplit_ValidateEach(t *testing.T) {
	share := func(w string, ps ...tranche.PartyID) tranche.Share { return tranche.Share{Parties: ps, Weight: d(w)} }
	require.NoError(t, (&tranche.Split{Name: "s", Shares: []tranche.Share{share("1", "A"), share("0", "B")}}).Validate())
	for _, tc := range []struct {
		field  string
		shares []tranche.Share
		want   error
	}{
		{"shares", nil, contract.ErrInvalid},
		{"shares[1].parties", []tranche.Share{share("1", "A"), share("0")}, contract.ErrInvalid},
		{"shares[1].weight", []tranche.Share{share("1.01", "A"), share("-0.01", "B")}, contract.ErrNegative},
		{"shares[1].weight", []tranche.Share{share("1", "A"), share("-0.01", "B")}, contract.ErrNegative},
		{"shares", []tranche.Share{share("0.5", "A"), share("0.49", "B")}, contract.ErrInvalid},
		{"shares", []tranche.Share{share("0.5", "A"), share("0.51", "B")}, contract.ErrInvalid},
	} {
		err := (&tranche.Split{Name: "s", Shares: tc.shares}).Validate()
		require.ErrorIs(t, err, tc.want, tc.field)
		require.ErrorContains(t, err, tc.field+":")
		// Each problem alone: no shares is not also a sum of 0, and a
		// negative weight is not also a bad sum.
		require.Equal(t, []string{tc.field}, paths(err), "%v", err)
	}
}

// TestSplit_ManyShares: splits of more shares than the book's int64
// scratch space holds in two halves (9) or at all (17), each of 100.07:
//   - nine shares, 0.1 × 8 and 0.2: exact parts 10.007 × 8 and 20.014,
//     floors 10.00 × 8 and 20.01 (100.01 in all), and the 6 cents left to
//     the largest remainders, the tied 0.7 of a cent of the first six:
//     10.01 × 6, 10.00 × 2, 20.01;
//   - seventeen, 0.05 × 16 and 0.2: exact 5.0035 × 16 and 20.014, floors
//     5.00 × 16 and 20.01 (100.01), 6 cents left: the first to the
//     largest remainder (0.4 of a cent, the last share), then five to the
//     first five of the tied 0.35: 5.01 × 5, 5.00 × 11, 20.02.
func TestSplit_ManyShares(t *testing.T) {
	for _, c := range []struct {
		small, last string
		n           int
		want        []string
	}{
		{"0.1", "0.2", 9, []string{"10.01", "10.01", "10.01", "10.01", "10.01", "10.01", "10.00", "10.00", "20.01"}},
		{"0.05", "0.2", 17, append(append(slices.Repeat([]string{"5.01"}, 5), slices.Repeat([]string{"5.00"}, 11)...), "20.02")},
	} {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			var shares []tranche.Share
			var parties []tranche.Party
			var want []paidLine
			for i := range c.n {
				p := tranche.PartyID(fmt.Sprintf("P%d", i))
				w := c.small
				if i == c.n-1 {
					w = c.last
				}
				shares = append(shares, tranche.Share{Parties: ids(p), Weight: d(w)})
				parties = append(parties, tranche.Party{ID: p})
				want = append(want, pp("split", p, tranche.KindProfit, c.want[i], "0", c.want[i]))
			}
			split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares}))
			l := newDriver(t, parties...)
			l.advance(annualPeriods(1)[0])
			lines, total := l.pay(split, "100.07")
			requireDec(t, "100.07", total)
			requireLines(t, want, lines)
		})
	}
}

// TestSplit_BeyondInt64: 200,000,000,000,000,000.05 is 2·10^19 + 5 cents,
// beyond int64, and so is its 80% part. Split 80/20 it is exactly
// 160,000,000,000,000,000.04 and 40,000,000,000,000,000.01 (0.8 × 5 = 4
// and 0.2 × 5 = 1 cents, no remainder); the 80% class of A and B
// (commitments 1 and 3) shares it as 40,000,000,000,000,000.01 (a
// quarter: 4·10^18 + 1 cents, exact) and 120,000,000,000,000,000.03.
// Before and After are cumulative receipts: 0 before.
func TestSplit_BeyondInt64(t *testing.T) {
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{
		{Parties: ids("A", "B"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}}))
	l := newDriver(t, partiesOf("A", "1", "B", "3", "GP", "0")...)
	l.advance(annualPeriods(1)[0])
	lines, total := l.pay(split, "200000000000000000.05")
	requireDec(t, "200000000000000000.05", total)
	requireLines(t, []paidLine{
		pp("split", "A", tranche.KindProfit, "40000000000000000.01", "0", "40000000000000000.01"),
		pp("split", "B", tranche.KindProfit, "120000000000000000.03", "0", "120000000000000000.03"),
		pp("split", "GP", tranche.KindPromote, "40000000000000000.01", "0", "40000000000000000.01"),
	}, lines)
	// 1.00 more splits 0.80/0.20, the class 0.20/0.60: Before is what each
	// has from the split so far, beyond int64 in cents.
	lines, _ = l.pay(split, "1.00")
	requireLines(t, []paidLine{
		pp("split", "A", tranche.KindProfit, "0.20", "40000000000000000.01", "40000000000000000.21"),
		pp("split", "B", tranche.KindProfit, "0.60", "120000000000000000.03", "120000000000000000.63"),
		pp("split", "GP", tranche.KindPromote, "0.20", "40000000000000000.01", "40000000000000000.21"),
	}, lines)
	// Pay itself (not through PayChecked), on a new book, pays the same.
	l = newDriver(t, partiesOf("A", "1", "B", "3", "GP", "0")...)
	l.advance(annualPeriods(1)[0])
	paid, err := split.Pay(l.b, d("200000000000000000.05"))
	require.NoError(t, err)
	requireDec(t, "200000000000000000.05", paid)
	var got []paidLine
	for _, p := range paysFrom(l.b, 0) {
		got = append(got, paidLine{p.Tranche, p.Party, p.Kind, p.Amount, p.Before, p.After})
	}
	requireLines(t, []paidLine{
		pp("split", "A", tranche.KindProfit, "40000000000000000.01", "0", "40000000000000000.01"),
		pp("split", "B", tranche.KindProfit, "120000000000000000.03", "0", "120000000000000000.03"),
		pp("split", "GP", tranche.KindPromote, "40000000000000000.01", "0", "40000000000000000.01"),
	}, got)
}

// TestSplit_PaysAllOrFails: a split never takes cash without paying it.
// Terms that skipped Validate with weights summing to zero fail
// (alloc.ErrZeroWeights), on the int64 path (100) and beyond it (2·10^19
// cents); a class naming a party the book lacks fails with
// ErrUnknownParty. Each time nothing is paid or posted.
func TestSplit_PaysAllOrFails(t *testing.T) {
	zero := &tranche.Split{Name: "split", Shares: []tranche.Share{{Parties: ids("A"), Weight: d("0")}, {Parties: ids("GP"), Weight: d("0")}}}
	unknown := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{
		{Parties: ids("A", "X"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}}))
	for _, c := range []struct {
		name  string
		split *tranche.Split
		avail string
		want  error
	}{
		{"zero weights", zero, "100", alloc.ErrZeroWeights},
		{"zero weights beyond int64", zero, "200000000000000000.05", alloc.ErrZeroWeights},
		{"unknown party", unknown, "100", tranche.ErrUnknownParty},
		{"unknown party beyond int64", unknown, "200000000000000000.05", tranche.ErrUnknownParty},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newDriver(t, partiesOf("A", "1", "GP", "0")...)
			l.advance(annualPeriods(1)[0])
			paid, err := c.split.Pay(l.b, d(c.avail))
			require.ErrorIs(t, err, c.want)
			require.True(t, paid.IsZero(), "paid %s", paid)
			require.Zero(t, l.b.Ledger().Len())
		})
	}
}

// TestSplit_WeightsAtTheInt64Edge: weights that cannot all be written as
// int64 integers at a common exponent, which the split must still divide
// exactly:
//   - 1 and 0 written to 19 places (exponents 0 and −19: the 1 would be
//     10^19): 100.07 goes all to A;
//   - 0.9, 0.0999999999999999999 and 10^-19 (0.9 would be 9·10^18 at
//     exponent −19, and the three sum to 10^19): of 100.00, A's part is
//     exactly 90.00, B's 9.99999999999999999 (floor 9.99, remainder
//     0.999… of a cent) and C's 10^-17 (floor 0); the cent left goes to
//     B, the largest remainder: 90.00, 10.00 and nothing for C.
func TestSplit_WeightsAtTheInt64Edge(t *testing.T) {
	for _, c := range []struct {
		weights, want []string
		avail         string
	}{
		{[]string{"1", "0.0000000000000000000"}, []string{"100.07"}, "100.07"},
		{[]string{"0.9", "0.0999999999999999999", "0.0000000000000000001"}, []string{"90.00", "10.00"}, "100.00"},
	} {
		var shares []tranche.Share
		var parties []tranche.Party
		var want []paidLine
		for i, w := range c.weights {
			p := tranche.PartyID(fmt.Sprintf("P%d", i))
			shares = append(shares, tranche.Share{Parties: ids(p), Weight: d(w)})
			parties = append(parties, tranche.Party{ID: p})
			if i < len(c.want) {
				want = append(want, pp("split", p, tranche.KindProfit, c.want[i], "0", c.want[i]))
			}
		}
		split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares}))
		l := newDriver(t, parties...)
		l.advance(annualPeriods(1)[0])
		lines, total := l.pay(split, c.avail)
		requireDec(t, c.avail, total)
		requireLines(t, want, lines)
	}
}
