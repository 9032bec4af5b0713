package tranche_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var (
	jan21 = contract.Date(2021, 1, 1)
	jan22 = contract.Date(2022, 1, 1) // 365 days after jan21
	jan23 = contract.Date(2023, 1, 1) // 730 days after jan21: no leap day between
)

func TestReturnOfCapital_Pay(t *testing.T) {
	// LP1 and LP2 put in 600 and 400; cash short of 1000 is shared by what
	// each is owed, 60:40, largest remainder.
	cases := []struct {
		name  string
		avail string
		want  []paidLine
	}{
		{"no cash", "0", nil},
		{"half", "500", []paidLine{
			pp("roc", "LP1", tranche.KindCapital, "300", "600", "300"),
			pp("roc", "LP2", tranche.KindCapital, "200", "400", "200")}},
		// 333.33 × 0.6 = 199.998, × 0.4 = 133.332: floors 199.99 and
		// 133.33; the cent left goes to the larger remainder (LP1's .8).
		{"odd cents", "333.33", []paidLine{
			pp("roc", "LP1", tranche.KindCapital, "200.00", "600", "400.00"),
			pp("roc", "LP2", tranche.KindCapital, "133.33", "400", "266.67")}},
		{"exact", "1000", []paidLine{
			pp("roc", "LP1", tranche.KindCapital, "600", "600", "0"),
			pp("roc", "LP2", tranche.KindCapital, "400", "400", "0")}},
		{"more than owed", "5000", []paidLine{
			pp("roc", "LP1", tranche.KindCapital, "600", "600", "0"),
			pp("roc", "LP2", tranche.KindCapital, "400", "400", "0")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newDriver(t, partiesOf("LP1", "600", "LP2", "400")...).open(jan21).put("LP1", "600").put("LP2", "400")
			roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP1", "LP2"}}))
			require.True(t, l.owed(roc).Amount.Equal(d("1000")))
			got, total := l.pay(roc, c.avail)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
			}
			// What is left owed is 1000 less what was paid.
			require.True(t, l.owed(roc).Amount.Equal(d("1000").Sub(total)))
		})
	}
}

// TestPreferredReturn_Owed checks the pref against closed forms for an LP
// that puts in 1,000,000 and is paid nothing else unless stated.
//
//   - compounding annual ACT/365F over exactly 2 × 365 days:
//     1,000,000 × (1.08² − 1) = 166,400.00; simple: 1,000,000 × 0.08 × 2 =
//     160,000.00.
//   - over 366 days across 2024-02-29: compounding 1,000,000 ×
//     (1.08^(366/365) − 1) = 80,227.7443… → 80,227.75 (the pref is rounded up
//     to the cent); simple 1,000,000 × 0.08 × 366/365 = 80,219.178… →
//     80,219.18.
//   - 50,000 of the 80,000 pref paid after year 1: compounding, the unpaid
//     30,000 compounds: (1,080,000 − 50,000) × 1.08 − 1,000,000 = 112,400;
//     simple does not compound: 160,000 − 50,000 = 110,000.
//   - half the capital and the year-1 pref returned after year 1: both
//     owe 8% on the 500,000 left: 40,000. (Compounding: H = (1,080,000 −
//     500,000 − 80,000) × 1.08 = 540,000, less 500,000 unreturned.)
func TestPreferredReturn_Owed(t *testing.T) {
	compounding := contract.Rate{Annual: d("0.08"), Compounding: contract.Annual}
	simple := contract.Rate{Annual: d("0.08"), Compounding: contract.Simple}
	cases := []struct {
		name                   string
		run                    func(l *driver, pref tranche.Tranche)
		wantCompound, wantSimp string
	}{
		{"two years", func(l *driver, _ tranche.Tranche) { l.put("LP", "1000000").at(jan22).at(jan23) },
			"166400.00", "160000.00"},
		{"leap year", func(l *driver, _ tranche.Tranche) {
			l.at(contract.Date(2023, 7, 1)).put("LP", "1000000").at(contract.Date(2024, 7, 1))
		}, "80227.75", "80219.18"},
		{"part paid", func(l *driver, pref tranche.Tranche) {
			l.put("LP", "1000000").at(jan22)
			l.pay(pref, "50000")
			l.at(jan23)
		}, "112400.00", "110000.00"},
		{"half the capital returned", func(l *driver, pref tranche.Tranche) {
			l.put("LP", "1000000").at(jan22).post("LP", tranche.KindCapital, "500000")
			_, total := l.pay(pref, "1000000")
			require.True(l.t, total.Equal(d("80000")), "year-1 pref %s, want 80000", total)
			l.at(jan23)
		}, "40000.00", "40000.00"},
	}
	for _, c := range cases {
		for _, r := range []struct {
			name string
			rate contract.Rate
			want string
		}{{"compounding", compounding, c.wantCompound}, {"simple", simple, c.wantSimp}} {
			t.Run(c.name+"/"+r.name, func(t *testing.T) {
				l := newDriver(t, partiesOf("LP", "1000000")...).open(jan21)
				pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: r.rate, Parties: []tranche.PartyID{"LP"}}))
				c.run(l, pref)
				got := l.owed(pref)
				require.Equal(t, r.want, got.Amount.StringFixed(2))
				// Paying it settles it.
				_, total := l.pay(pref, "10000000")
				require.True(t, total.Equal(got.Amount))
				require.True(t, l.owed(pref).Amount.IsZero())
			})
		}
	}
}

// TestPreferredReturn_Pay: two LPs owed 48 and 32 (8% for a year on 600
// and 400) share a shortfall of 40 by what each is owed: 24 and 16.
func TestPreferredReturn_Pay(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "600", "LP2", "400")...).open(jan21).put("LP1", "600").put("LP2", "400").at(jan22)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: d("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP1", "LP2"},
	}))
	got, total := l.pay(pref, "40")
	want := []paidLine{
		pp("pref", "LP1", tranche.KindPref, "24", "48", "24"),
		pp("pref", "LP2", tranche.KindPref, "16", "32", "16"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
	require.True(t, total.Equal(d("40")))
	require.True(t, l.owed(pref).Amount.Equal(d("40")))
}

// catchUpBook is an LP that put in 1000 and has had its capital back and an
// 80 pref: cumulative profit P = 80, the GP's G = 0.
func catchUpBook(t *testing.T) *driver {
	return newDriver(t, partiesOf("LP", "1000", "GP", "0")...).open(jan21).put("LP", "1000").at(jan22).
		post("LP", tranche.KindCapital, "1000").post("LP", tranche.KindPref, "80")
}

// TestCatchUp_Pay checks the tier against X = (k·P − G)/(c − k), with
// k = 20%, P = 80, G = 0, under the default policy (RoundUp):
//   - full (c = 1): X = 16/0.8 = 20, all to the GP;
//   - partial (c = 0.5): X = 16/0.3 = 53.333…, and every tier is split by
//     largest remainder, ties to the LP, whose share is listed first.
//     53.33 does not complete the tier (GP 26.66, the tie of 26.665 lost,
//     < 0.2 × (80 + 53.33) = 26.666), nor does anything less (GP at most
//     half the tier plus half a cent); 53.34 does (GP 26.67 ≥ 26.668), so
//     X = 53.34: GP 26.67, LP 26.67;
//   - short of cash (10): split 5/5.
func TestCatchUp_Pay(t *testing.T) {
	cases := []struct {
		name, rate, avail, owed string
		want                    []paidLine
	}{
		{"full", "1", "1000", "20", []paidLine{pp("cu", "GP", tranche.KindCatchUp, "20", "20", "0")}},
		{"partial", "0.5", "1000", "53.34", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "26.67", "26.67", "0"),
			pp("cu", "LP", tranche.KindProfit, "26.67", "26.67", "0")}},
		{"full, short", "1", "10", "20", []paidLine{pp("cu", "GP", tranche.KindCatchUp, "10", "20", "10")}},
		{"partial, short", "0.5", "10", "53.34", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "5", "26.67", "21.67"),
			pp("cu", "LP", tranche.KindProfit, "5", "26.67", "21.67")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := catchUpBook(t)
			cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{
				Name:      "cu",
				Sponsor:   "GP",
				Target:    d("0.2"),
				Rate:      d(c.rate),
				Investors: []tranche.PartyID{"LP"},
			}))
			require.Equal(t, c.owed, l.owed(cu).Amount.String())
			got, _ := l.pay(cu, c.avail)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCatchUp_Settles: once the tier is paid in full, the GP holds at
// least k of cumulative profit and less than k of it plus (1 − k) cents,
// the tier owes nothing more, and one cent less would not have completed
// it. Cases near a cent: with P = 0.04, k = 0.2 and c = 0.6, X = 0.008/0.4
// = 0.02 exactly, of which the GP's exact part is 0.012: a split by largest
// remainder gives the GP 0.01 and the LP 0.01, after which 0.2 × 0.06 −
// 0.01 = 0.002 is still owed; the GP's part must be rounded up to 0.02 for
// the tier to settle.
func TestCatchUp_Settles(t *testing.T) {
	cases := []struct{ contributed, pref, target, rate string }{
		{"100", "0.04", "0.2", "0.6"},
		{"1000", "80", "0.2", "0.5"},
		{"1000", "80.01", "0.2", "0.6"},
		{"1000", "77.77", "0.25", "0.7"},
		{"1000", "0.03", "0.3", "0.55"},
		{"1000", "123.45", "0.1", "1"},
	}
	for _, c := range cases {
		t.Run(c.pref+"/"+c.target+"/"+c.rate, func(t *testing.T) {
			l := newDriver(t, partiesOf("LP", c.contributed, "GP", "0")...).open(jan21).put("LP", c.contributed).at(jan22).
				post("LP", tranche.KindCapital, c.contributed).post("LP", tranche.KindPref, c.pref)
			k := d(c.target)
			cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: k, Rate: d(c.rate), Investors: []tranche.PartyID{"LP"}}))
			x := l.owed(cu).Amount
			// One cent less leaves the tier owing.
			short := &driver{t: t, b: l.b.Clone(), last: l.last, next: l.next, retained: l.retained}
			short.pay(cu, x.Sub(d("0.01")).String())
			require.False(t, short.owed(cu).Amount.IsZero(), "X − 1 cent = %s completes the tier too", x.Sub(d("0.01")))
			_, total := l.pay(cu, "1000000")
			require.True(t, total.Equal(x))
			lp, _ := l.b.Account("LP")
			gp, _ := l.b.Account("GP")
			p := lp.Profit().Add(gp.Profit())
			g := gp.ByKind[tranche.KindCatchUp]
			require.True(t, g.GreaterThanOrEqual(k.Mul(p)), "G %s < k·P %s", g, k.Mul(p))
			bound := k.Mul(p).Add(d("0.01").Mul(d("1").Sub(k)))
			require.True(t, g.LessThan(bound), "G %s ≥ k·P + (1 − k) cents = %s", g, bound)
			require.True(t, l.owed(cu).Amount.IsZero(), "still owed %s after paying %s", l.owed(cu).Amount, x)
		})
	}
}

// TestCatchUp_Owed checks the closed form in more books: the GP's own
// profit counts in P, and a GP already past the target is owed nothing.
func TestCatchUp_Owed(t *testing.T) {
	t.Run("co-invest", func(t *testing.T) {
		// LP and GP (co-investing) each get a pref: P = 80 + 8 = 88;
		// full catch-up to 20%: X = 17.6/0.8 = 22.
		l := newDriver(t, partiesOf("LP", "1000", "GP", "100")...).open(jan21).put("LP", "1000").put("GP", "100").at(jan22).
			post("LP", tranche.KindCapital, "1000").post("LP", tranche.KindPref, "80").
			post("GP", tranche.KindCapital, "100").post("GP", tranche.KindPref, "8")
		cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: d("0.2"), Rate: d("1"), Investors: []tranche.PartyID{"LP"}}))
		require.Equal(t, "22", l.owed(cu).Amount.String())
		both := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{
			Name:      "cu",
			Sponsor:   "GP",
			Target:    d("0.2"),
			Rate:      d("1"),
			Investors: []tranche.PartyID{"LP", "GP"},
		}))
		require.Equal(t, "22", l.owed(both).Amount.String(), "the GP's profit counts once")
	})
	t.Run("past the target", func(t *testing.T) {
		l := catchUpBook(t).post("GP", tranche.KindPromote, "21")
		cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: d("0.2"), Rate: d("1"), Investors: []tranche.PartyID{"LP"}}))
		// 0.2 × (80 + 21) − 21 < 0.
		require.True(t, l.owed(cu).Amount.IsZero())
	})
}

// TestSplit_Pay: 80% to a class of LP1 (600) and LP2 (400) by commitment,
// 20% to the GP as promote. Before and After are cumulative receipts.
func TestSplit_Pay(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "600", "LP2", "400", "GP", "0")...).open(jan21)
	split := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP1", "LP2"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	}))
	require.True(t, l.owed(split).Unbounded)
	got, _ := l.pay(split, "100")
	want := []paidLine{
		pp("carry", "LP1", tranche.KindProfit, "48", "0", "48"),
		pp("carry", "LP2", tranche.KindProfit, "32", "0", "32"),
		pp("carry", "GP", tranche.KindPromote, "20", "0", "20"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first Pay() mismatch (-want +got):\n%s", diff)
	}
	// 0.05 → 0.04 (class) and 0.01 (GP); 0.04 by 6:4 is 0.024 and 0.016:
	// floors 0.02 and 0.01, the cent left to the larger remainder (LP2's .6).
	got, _ = l.pay(split, "0.05")
	want = []paidLine{
		pp("carry", "LP1", tranche.KindProfit, "0.02", "48", "48.02"),
		pp("carry", "LP2", tranche.KindProfit, "0.02", "32", "32.02"),
		pp("carry", "GP", tranche.KindPromote, "0.01", "20", "20.01"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("second Pay() mismatch (-want +got):\n%s", diff)
	}
}

// TestSequence_Pay: capital, then an 8% compounding pref, then 80/20. An
// LP puts in 1000 and a year later 1500 is paid: 1000 capital, 80 pref,
// and the 420 left splits 336/84.
func TestSequence_Pay(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1000", "GP", "0")...).open(jan21).put("LP", "1000").at(jan22)
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}))
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: d("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP"},
	}))
	carry := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	}))
	seq := tranche.Sequence(roc, pref, carry)
	require.Equal(t, tranche.TrancheID("seq(roc,pref,carry)"), seq.ID())
	require.True(t, l.owed(seq).Unbounded)
	require.Equal(t, "1080", l.owed(tranche.Sequence(roc, pref)).Amount.String())
	got, total := l.pay(seq, "1500")
	want := []paidLine{
		pp("roc", "LP", tranche.KindCapital, "1000", "1000", "0"),
		pp("pref", "LP", tranche.KindPref, "80", "80", "0"),
		pp("carry", "LP", tranche.KindProfit, "336", "0", "336"),
		pp("carry", "GP", tranche.KindPromote, "84", "0", "84"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
	require.True(t, total.Equal(d("1500")))
	// Short of cash, the senior takes all: 700 of 1000 capital, no pref.
	l2 := newDriver(t, partiesOf("LP", "1000", "GP", "0")...).open(jan21).put("LP", "1000").at(jan22)
	got, _ = l2.pay(seq, "700")
	if diff := cmp.Diff([]paidLine{pp("roc", "LP", tranche.KindCapital, "700", "1000", "300")}, got); diff != "" {
		t.Errorf("short Pay() mismatch (-want +got):\n%s", diff)
	}
}

// TestProRata_Pay: LP1's capital (owed 600) and LP2's pref (owed 32) pari
// passu. A shortfall is shared by claim size: 316 = 632/2 pays each half
// of its claim, 300 and 16.
func TestProRata_Pay(t *testing.T) {
	setup := func(t *testing.T) (*driver, tranche.Tranche) {
		l := newDriver(t, partiesOf("LP1", "600", "LP2", "400")...).open(jan21).put("LP1", "600").put("LP2", "400").at(jan22).
			post("LP2", tranche.KindCapital, "400")
		pr := tranche.ProRata(
			tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP1", Parties: []tranche.PartyID{"LP1"}})),
			tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
				Name:    "pref-LP2",
				Rate:    contract.Rate{Annual: d("0.08"), Compounding: contract.Simple},
				Parties: []tranche.PartyID{"LP2"},
			})))
		return l, pr
	}
	cases := []struct {
		avail string
		want  []paidLine
	}{
		{"0", nil},
		{"316", []paidLine{
			pp("roc-LP1", "LP1", tranche.KindCapital, "300", "600", "300"),
			pp("pref-LP2", "LP2", tranche.KindPref, "16", "32", "16")}},
		// 1 cent: 0.6/0.632 ≈ 0.949 and 0.051 of a cent → the cent to roc-LP1.
		{"0.01", []paidLine{pp("roc-LP1", "LP1", tranche.KindCapital, "0.01", "600", "599.99")}},
		{"10000", []paidLine{
			pp("roc-LP1", "LP1", tranche.KindCapital, "600", "600", "0"),
			pp("pref-LP2", "LP2", tranche.KindPref, "32", "32", "0")}},
	}
	for _, c := range cases {
		t.Run(c.avail, func(t *testing.T) {
			l, pr := setup(t)
			require.Equal(t, "632", l.owed(pr).Amount.String())
			got, _ := l.pay(pr, c.avail)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("unbounded child", func(t *testing.T) {
		l, _ := setup(t)
		pr := tranche.ProRata(tranche.Must(tranche.NewSplit(tranche.Split{
			Name:   "s",
			Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP1"}, Weight: d("1")}},
		})))
		_, err := pr.Owed(l.b)
		require.ErrorIs(t, err, tranche.ErrUnbounded)
		require.ErrorIs(t, err, contract.ErrInvalid)
	})
}

// TestCap_Pay: a split capped at 250.005 (250.00 at cents) offered 100 a
// period pays 100, 100, 50, then nothing; its claim falls 250, 150, 50, 0.
func TestCap_Pay(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "0")...).open(jan21)
	split := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	}))
	c := tranche.Cap(d("250.005"), split)
	require.Equal(t, tranche.TrancheID("cap(carry)"), c.ID())
	wantPaid := []string{"100", "100", "50", "0", "0"}
	wantOwed := []string{"250", "150", "50", "0", "0"}
	for i := range wantPaid {
		l.at(jan21.AddDate(0, i+1, 0))
		require.Equal(t, wantOwed[i], l.owed(c).Amount.String(), "period %d owed", i)
		_, total := l.pay(c, "100")
		require.Equal(t, wantPaid[i], total.String(), "period %d paid", i)
	}
	lp, _ := l.b.Account("LP")
	gp, _ := l.b.Account("GP")
	require.Equal(t, "200", lp.Distributed.String())
	require.Equal(t, "50", gp.Distributed.String())
}

// TestValidate_Errors: bad terms give a FieldError naming the field, and
// match contract.ErrInvalid.
func TestValidate_Errors(t *testing.T) {
	rate := contract.Rate{Annual: d("0.08"), Compounding: contract.Annual}
	one := []tranche.PartyID{"LP"}
	cases := []struct {
		name string
		tr   tranche.Tranche
		path string
		is   error
	}{
		{"roc id", &tranche.ReturnOfCapital{Parties: one}, "id", contract.ErrRequired},
		{"roc parties", &tranche.ReturnOfCapital{Name: "roc"}, "parties", contract.ErrRequired},
		{"roc empty party", &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP", ""}}, "parties[1]", contract.ErrRequired},
		{"roc repeated party", &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP", "LP"}}, "parties[1]", contract.ErrInvalid},
		{"pref negative rate", &tranche.PreferredReturn{Name: "p", Parties: one, Rate: contract.Rate{Annual: d("-0.01")}}, "rate.annual", contract.ErrNegative},
		{"pref bad compounding", &tranche.PreferredReturn{Name: "p", Parties: one, Rate: contract.Rate{Annual: d("0.08"), Compounding: 99}}, "rate.compounding", contract.ErrRange},
		{"catch-up target 1", &tranche.CatchUp{Name: "c", Investors: one, Sponsor: "GP", Target: d("1"), Rate: d("1")}, "target", contract.ErrRange},
		{"catch-up target 0", &tranche.CatchUp{Name: "c", Investors: one, Sponsor: "GP", Target: d("0"), Rate: d("1")}, "target", contract.ErrRange},
		{"catch-up rate at target", &tranche.CatchUp{Name: "c", Investors: one, Sponsor: "GP", Target: d("0.2"), Rate: d("0.2")}, "rate", contract.ErrRange},
		{"catch-up rate above 1", &tranche.CatchUp{Name: "c", Investors: one, Sponsor: "GP", Target: d("0.2"), Rate: d("1.01")}, "rate", contract.ErrRange},
		{"catch-up sponsor", &tranche.CatchUp{Name: "c", Investors: one, Target: d("0.2"), Rate: d("1")}, "sponsor", contract.ErrRequired},
		{"catch-up investors", &tranche.CatchUp{Name: "c", Sponsor: "GP", Target: d("0.2"), Rate: d("1")}, "investors", contract.ErrRequired},
		{"split sum", &tranche.Split{Name: "s", Shares: []tranche.Share{{Parties: one, Weight: d("0.75")}, {Parties: []tranche.PartyID{"GP"}, Weight: d("0.2")}}}, "shares", contract.ErrInvalid},
		{"split negative", &tranche.Split{Name: "s", Shares: []tranche.Share{{Parties: one, Weight: d("1.2")}, {Parties: []tranche.PartyID{"GP"}, Weight: d("-0.2")}}}, "shares[1].weight", contract.ErrNegative},
		{"split share parties", &tranche.Split{Name: "s", Shares: []tranche.Share{{Weight: d("1")}}}, "shares[0].parties", contract.ErrRequired},
		{"split no shares", &tranche.Split{Name: "s"}, "shares", contract.ErrRequired},
		{"cap negative", tranche.Cap(d("-1"), tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}))), "limit", contract.ErrNegative},
		{"good pref inside a sequence", tranche.Sequence(&tranche.PreferredReturn{Name: "p", Parties: one, Rate: contract.Rate{Annual: d("-1")}}), "rate.annual", contract.ErrNegative},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tranche.Validate(c.tr)
			require.Error(t, err)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.ErrorIs(t, err, c.is)
			require.Contains(t, paths(err), c.path)
		})
	}
	t.Run("constructors", func(t *testing.T) {
		_, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "", Rate: rate})
		require.ElementsMatch(t, []string{"id", "parties"}, paths(err))
		// A target out of range is one error: the rate is not also
		// judged against it.
		_, err = tranche.NewCatchUp(tranche.CatchUp{Name: "c", Target: d("2"), Rate: d("0.1")})
		require.ElementsMatch(t, []string{"investors", "sponsor", "target"}, paths(err))
		_, err = tranche.NewCatchUp(tranche.CatchUp{Name: "c", Target: d("2"), Rate: d("1.1")})
		require.ElementsMatch(t, []string{"investors", "sponsor", "target", "rate"}, paths(err))
		_, err = tranche.NewSplit(tranche.Split{Name: "s"})
		require.ErrorIs(t, err, contract.ErrRequired)
		_, err = tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc"})
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("duplicate ids", func(t *testing.T) {
		roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "x", Parties: []tranche.PartyID{"LP"}}))
		pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "x", Rate: rate, Parties: []tranche.PartyID{"LP"}}))
		err := tranche.Validate(tranche.Sequence(roc, tranche.ProRata(pref)))
		require.ErrorIs(t, err, tranche.ErrDuplicateID)
		require.ErrorIs(t, err, contract.ErrInvalid)
	})
	t.Run("empty combinators and nil", func(t *testing.T) {
		require.ErrorIs(t, tranche.Validate(tranche.Sequence()), contract.ErrInvalid)
		require.ErrorIs(t, tranche.Validate(tranche.ProRata()), contract.ErrInvalid)
		require.ErrorIs(t, tranche.Validate(tranche.Cap(d("1"), nil)), contract.ErrInvalid)
		require.ErrorIs(t, tranche.Validate(nil), contract.ErrInvalid)
		require.ErrorIs(t, tranche.Validate(tranche.Sequence(nil)), contract.ErrInvalid)
	})
}

// TestTypedNil: what a failed constructor returns is a typed nil. Passed on
// unchecked, into a stack or to the engine, it gives errors, not panics.
func TestTypedNil(t *testing.T) {
	loan := tranche.Must(tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: &contract.LoanPlan{}}))
	junior := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}))
	cases := []struct {
		name string
		tr   tranche.Tranche
	}{
		{"ReturnOfCapital", must0(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{}))},
		{"PreferredReturn", must0(tranche.NewPreferredReturn(tranche.PreferredReturn{}))},
		{"CatchUp", must0(tranche.NewCatchUp(tranche.CatchUp{}))},
		{"Split", must0(tranche.NewSplit(tranche.Split{}))},
		{"Hurdle", must0(tranche.NewHurdle(tranche.Hurdle{}))},
		{"Debt", must0(tranche.NewDebt(tranche.Debt{}))},
		{"TakeOrPay", must0(tranche.NewTakeOrPay(tranche.TakeOrPay{}))},
		{"CapTable", must0(tranche.NewCapTable(tranche.CapTable{}))},
		{"PreferredEquity", must0(tranche.NewPreferredEquity(tranche.PreferredEquity{}))},
		{"Covenant", must0(tranche.NewCovenant(tranche.Covenant{}))},
		{"Reserve", must0(tranche.NewReserve(tranche.Reserve{}))},
	}
	b := newDriver(t, partiesOf("LP", "0")...).open(contract.Date(2025, 1, 1)).b
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.True(t, c.tr != nil, "the interface holds a typed nil")
			require.Empty(t, c.tr.ID())
			for _, stack := range []tranche.Tranche{c.tr, tranche.Sequence(junior, c.tr), tranche.ProRata(c.tr),
				tranche.Cap(d("1"), c.tr), tranche.Window(contract.Date(2024, 1, 1), contract.Date(2030, 1, 1), c.tr)} {
				err := tranche.Validate(stack)
				require.ErrorIs(t, err, contract.ErrRequired, "%s", stack.ID())
				require.NoError(t, tranche.ClosePeriod(b, stack), "nothing to close")
			}
			_, err := c.tr.Owed(b)
			require.ErrorIs(t, err, contract.ErrRequired)
			paid, err := c.tr.Pay(b, d("100"))
			require.ErrorIs(t, err, contract.ErrRequired)
			require.True(t, paid.IsZero())
			if v, ok := c.tr.(tranche.Validator); ok {
				require.ErrorIs(t, v.Validate(), contract.ErrRequired)
			}
			if p, ok := c.tr.(tranche.PeriodCloser); ok {
				require.ErrorIs(t, p.ClosePeriod(b), contract.ErrRequired)
			}
			if p, ok := c.tr.(tranche.Parent); ok {
				require.Empty(t, p.Children())
			}
		})
	}
	t.Run("inside a covenant or a reserve", func(t *testing.T) {
		nilLoan := must0(tranche.NewDebt(tranche.Debt{}))
		nilJunior := must0(tranche.NewSplit(tranche.Split{}))
		_, err := tranche.NewCovenant(tranche.Covenant{Name: "c", Loan: nilLoan, Junior: nilJunior, MinDSCR: d("1.2")})
		require.ElementsMatch(t, []string{"loan", "junior"}, paths(err))
		_, err = tranche.NewReserve(tranche.Reserve{Name: "r", Loans: []tranche.Borrowing{loan, nilLoan}, Periods: 2, Junior: nilJunior})
		require.ElementsMatch(t, []string{"loans[1]", "junior"}, paths(err))
	})
	t.Run("Must", func(t *testing.T) {
		require.Same(t, junior, tranche.Must(junior, nil))
		require.Panics(t, func() { tranche.Must(tranche.NewSplit(tranche.Split{})) })
	})
}

// TestNew_Copies: a constructor copies the slices of its terms, so the
// caller's later changes do not reach the tranche.
func TestNew_Copies(t *testing.T) {
	parties := ids("LP1", "LP2")
	shares := []tranche.Share{{Parties: ids("LP1"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: parties}))
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: shares}))
	tier := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Rate: annual("0.1"), Investors: ids("LP1"), Shares: shares}))
	holders := []tranche.Stake{{Party: "founder", Shares: d("100")}}
	table := tranche.Must(tranche.NewCapTable(tranche.CapTable{Name: "exit", Common: []tranche.CommonClass{{Name: "common", Holders: holders}}}))
	parties[0] = "changed"
	shares[0].Parties[0], shares[1].Weight = "changed", d("0.5")
	holders[0].Party = "changed"
	require.Equal(t, ids("LP1", "LP2"), roc.Parties)
	for _, s := range [][]tranche.Share{split.Shares, tier.Shares} {
		require.Equal(t, ids("LP1"), s[0].Parties)
		require.Equal(t, "0.2", s[1].Weight.String())
	}
	require.Equal(t, tranche.PartyID("founder"), table.Common[0].Holders[0].Party)
	require.NoError(t, tranche.Validate(tranche.Sequence(roc, tier, split)))
}

// must0 returns what a constructor returned, checking that it failed.
func must0[T any](v T, err error) T {
	if err == nil {
		panic("constructor did not fail")
	}
	return v
}

// TestBook_Errors: the book refuses what would lose or invent money.
func TestBook_Errors(t *testing.T) {
	t.Run("NewBook", func(t *testing.T) {
		cases := []struct {
			name    string
			scale   int32
			parties []tranche.Party
			path    string
			is      error
		}{
			{"scale", 9, nil, "scale", contract.ErrRange},
			{"negative scale", -1, nil, "scale", contract.ErrRange},
			{"empty id", 2, []tranche.Party{{ID: ""}}, "parties[0].id", contract.ErrRequired},
			{"duplicate", 2, []tranche.Party{{ID: "A"}, {ID: "A"}}, "parties[1].id", contract.ErrInvalid},
			{"negative commitment", 2, []tranche.Party{{ID: "A", Commitment: d("-1")}}, "parties[0].commitment", contract.ErrNegative},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := tranche.NewBook(c.scale, c.parties)
				require.ErrorIs(t, err, c.is)
				require.Equal(t, []string{c.path}, paths(err))
			})
		}
	})
	l := newDriver(t, partiesOf("LP", "100")...).open(jan21).put("LP", "100")
	cases := []struct {
		name string
		err  error
		is   error
	}{
		{"contribute unknown party", l.b.Contribute("nobody", d("1")), tranche.ErrUnknownParty},
		{"contribute fraction of a cent", l.b.Contribute("LP", d("0.001")), tranche.ErrNotQuantized},
		{"contribute negative", l.b.Contribute("LP", d("-1")), tranche.ErrInvariant},
		{"post unknown party", l.b.Post(tranche.Payment{Tranche: "x", Party: "nobody", Amount: d("1")}), tranche.ErrUnknownParty},
		{"post fraction of a cent", l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", Amount: d("1.005")}), tranche.ErrNotQuantized},
		{"post negative", l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", Amount: d("-1")}), tranche.ErrInvariant},
		{"post bad kind", l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.Kind(tranche.NumKinds), Amount: d("1")}), contract.ErrInvalid},
		{"capital over-return", l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.KindCapital, Amount: d("100.01")}), tranche.ErrInvariant},
		{"advance backwards", l.b.Advance(contract.Period{Index: 9, Start: jan21.AddDate(0, 0, -2), End: jan21.AddDate(0, 0, -1)}), contract.ErrOrder},
		{"account unknown", func() error { _, err := l.b.Account("nobody"); return err }(), tranche.ErrUnknownParty},
		{"hurdle unknown", func() error { _, err := l.b.Hurdle("nobody", contract.Rate{}); return err }(), tranche.ErrUnknownParty},
		{"pay fraction of a cent", func() error {
			_, err := tranche.PayChecked(l.b, tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}})), d("0.001"))
			return err
		}(), tranche.ErrNotQuantized},
		{"pay negative", func() error {
			_, err := tranche.PayChecked(l.b, tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}})), d("-1"))
			return err
		}(), tranche.ErrInvariant},
		{"pay party missing from the book", func() error {
			_, err := tranche.PayChecked(l.b, tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"GP"}})), d("1"))
			return err
		}(), tranche.ErrUnknownParty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, c.err, c.is)
		})
	}
	// None of the refused operations changed the book.
	a, err := l.b.Account("LP")
	require.NoError(t, err)
	require.Equal(t, tranche.Account{Commitment: d("100"), Contributed: d("100")}.Contributed.String(), a.Contributed.String())
	require.True(t, a.Distributed.IsZero())
	require.Zero(t, l.b.Ledger().Len())
}

// TestPayChecked catches a tranche that reports a total other than what it
// posted.
func TestPayChecked(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "100")...).open(jan21).put("LP", "100")
	_, err := tranche.PayChecked(l.b, liar{}, d("50"))
	require.ErrorIs(t, err, tranche.ErrInvariant)
}

type liar struct{}

func (liar) ID() tranche.TrancheID                     { return "liar" }
func (liar) Owed(*tranche.Book) (tranche.Claim, error) { return tranche.Claim{Amount: d("10")}, nil }
func (liar) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	return d("10"), b.Post(tranche.Payment{Tranche: "liar", Party: "LP", Kind: tranche.KindCapital, Amount: d("9")})
}

// TestKind_Names: every kind parses back from its name, as text too; the
// names are the documented ones; an unknown name and an undefined kind
// are errors.
func TestKind_Names(t *testing.T) {
	names := []string{"other", "capital", "pref", "catch-up", "profit", "promote", "interest", "principal", "fee",
		"expense", "escrow", "clawback", "take-or-pay"}
	require.Len(t, names, tranche.NumKinds)
	for i, name := range names {
		k := tranche.Kind(i)
		require.True(t, k.Valid())
		require.Equal(t, name, k.String())
		got, err := tranche.ParseKind(name)
		require.NoError(t, err)
		require.Equal(t, k, got)
		text, err := k.MarshalText()
		require.NoError(t, err)
		var back tranche.Kind
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, k, back)
	}
	bad := tranche.Kind(tranche.NumKinds)
	require.False(t, bad.Valid())
	require.Equal(t, "Kind(13)", bad.String())
	require.Equal(t, 13, tranche.NumKinds)
	_, err := bad.MarshalText()
	require.ErrorIs(t, err, contract.ErrInvalid)
	_, err = tranche.ParseKind("dividend")
	require.ErrorIs(t, err, contract.ErrInvalid)
	k := tranche.KindFee
	require.ErrorIs(t, k.UnmarshalText([]byte("Pref")), contract.ErrInvalid)
	require.Equal(t, tranche.KindFee, k, "a failed UnmarshalText leaves the kind")
}
