package tranche_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// These tests put the cap table's inputs exactly at each boundary of its
// rules and one minor unit either side; every expected figure is worked
// by hand in the comments from the terms.

// capTable builds a cap table the test knows is valid.
func capTable(t *testing.T, ct tranche.CapTable) *tranche.CapTable {
	t.Helper()
	out, err := tranche.NewCapTable(ct)
	require.NoError(t, err)
	return out
}

// vcTable is the cap table of examples/vc-exit (worked by hand in
// liquidation_test.go): B 1x non-participating senior ($10M, 2M shares);
// A 1x participating capped at 3x ($4M, 2M shares) and Seed 1x
// non-participating ($1M, 1M shares) pari passu; 7M founders' shares and
// 1M options at $0.75. Options come in the money at p = 0.75 (exit
// $21.75M) and A reaches its cap at p = 4 (exit $57.25M).
func vcTable(t *testing.T) *tranche.CapTable {
	return capTable(t, tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{
			{Name: "Series B", Seniority: 2, Multiple: d("1"),
				Holders: []tranche.Stake{{Party: "b-fund", Shares: d("2000000"), Invested: d("10000000")}}},
			{Name: "Series A", Seniority: 1, Multiple: d("1"), Participating: true, Cap: d("3"),
				Holders: []tranche.Stake{
					{Party: "a-lead", Shares: d("1750000"), Invested: d("3500000")},
					{Party: "seed-fund", Shares: d("250000"), Invested: d("500000")}}},
			{Name: "Seed", Seniority: 1, Multiple: d("1"),
				Holders: []tranche.Stake{{Party: "seed-fund", Shares: d("1000000"), Invested: d("1000000")}}},
		},
		Common: []tranche.CommonClass{
			{Name: "Founders", Holders: []tranche.Stake{{Party: "alice", Shares: d("4000000")}, {Party: "bob", Shares: d("3000000")}}},
			{Name: "Options", Strike: d("0.75"), Holders: []tranche.Stake{{Party: "employees", Shares: d("1000000")}}},
		},
	})
}

func classOf(t *testing.T, dist tranche.Distribution, name string) tranche.ClassPayout {
	t.Helper()
	c, ok := dist.Class(name)
	require.True(t, ok, name)
	return c
}

// TestCapTable_NewAndID: NewCapTable refuses invalid terms with no
// tranche, and the tranche's ID is its name (a nil table's is empty).
func TestCapTable_NewAndID(t *testing.T) {
	ct, err := tranche.NewCapTable(tranche.CapTable{Name: "exit"})
	require.ErrorIs(t, err, contract.ErrRequired)
	require.Nil(t, ct)
	require.Equal(t, tranche.TrancheID("exit"), vcTable(t).ID())
	require.Equal(t, tranche.TrancheID(""), (*tranche.CapTable)(nil).ID())
}

// TestCapTable_DigitBounds: a number may have up to 40 digits either side
// of the point (exponents -40 to 40) and a coefficient of up to 160 bits;
// one more is refused, naming the field.
func TestCapTable_DigitBounds(t *testing.T) {
	two160 := new(big.Int).Lsh(big.NewInt(1), 160)
	cases := []struct {
		name   string
		shares decimal.Decimal
		ok     bool
	}{
		{"exponent -40", decimal.New(1, -40), true},
		{"exponent -41", decimal.New(1, -41), false},
		{"exponent 40", decimal.New(1, 40), true},
		{"exponent 41", decimal.New(1, 41), false},
		{"160 bits", decimal.NewFromBigInt(new(big.Int).Sub(two160, big.NewInt(1)), 0), true},
		{"161 bits", decimal.NewFromBigInt(two160, 0), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct := tranche.CapTable{Name: "exit", Common: []tranche.CommonClass{{Name: "Common",
				Holders: []tranche.Stake{{Party: "a", Shares: tc.shares}}}}}
			err := ct.Validate()
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, contract.ErrRange)
			require.Equal(t, []string{"common[0].holders[0].shares"}, paths(err))
		})
	}
}

// TestCapTable_CapAtPreference: a cap equal to the multiple, or to the
// preference with accrued dividends, is allowed (a series that can never
// participate); a cent of accrued dividends more puts the preference
// above the cap.
func TestCapTable_CapAtPreference(t *testing.T) {
	series := func(multiple, capMult, accrued string) tranche.CapTable {
		return tranche.CapTable{Name: "exit",
			Preferred: []tranche.Series{{Name: "A", Multiple: d(multiple), Participating: true, Cap: d(capMult),
				Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("1000000"), Accrued: d(accrued)}}}},
			Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("1000000")}}}}}
	}
	require.NoError(t, func() *tranche.CapTable { c := series("1", "1", "0"); return &c }().Validate())
	// 2x cap on $1M = $2M = 1x on $1M + $1M accrued.
	ok := series("1", "2", "1000000")
	require.NoError(t, ok.Validate())
	over := series("1", "2", "1000000.01")
	err := over.Validate()
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"preferred[0].cap"}, paths(err))

	// 1x capped at 1x: pref $1M, cap $1M, so A never participates: it is
	// at its cap from E(0) = $1M (p = 0), and converts at p = cap/n = 1,
	// an exit of 1M·1 (A) + 1M·1 (common) = $2M.
	ct := capTable(t, series("1", "1", "0"))
	bs, err := ct.Breakpoints()
	require.NoError(t, err)
	var got []string
	for _, b := range bs {
		got = append(got, b.Class+" "+b.Kind.String()+" at "+b.Exit.String())
	}
	require.Equal(t, []string{
		"A starts to receive at 0",
		"A preference paid at 1000000",
		"A cap reached at 1000000",
		"Common starts to receive at 1000000",
		"A converts at 2000000",
	}, got)
}

// TestCapTable_CapReachedExactly: a lone 1x participating series capped
// at 3x ($1M for 1M shares) gets 1M + 1M·p up to its cap of $3M, at
// p = 2; it is held there while 1M·p ≤ 3M and converts above p = 3. So
// an exit of exactly $3M is priced at the least such p, 2, with the
// series capped, not converted; a cent less is p = 1.99999999, not yet
// capped; a cent more is p = 3.00000001, converted.
func TestCapTable_CapReachedExactly(t *testing.T) {
	ct := capTable(t, tranche.CapTable{Name: "exit", Preferred: []tranche.Series{{Name: "A", Multiple: d("1"),
		Participating: true, Cap: d("3"),
		Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("1000000")}}}}})
	for _, tc := range []struct {
		exit, price       string
		capped, converted bool
	}{
		{"2999999.99", "1.99999999", false, false},
		{"3000000", "2", true, false},
		{"3000000.01", "3.00000001", false, true},
	} {
		dist, err := ct.Distribute(d(tc.exit), 2)
		require.NoError(t, err)
		a := classOf(t, dist, "A")
		requireDec(t, tc.price, dist.Price, tc.exit)
		require.Equal(t, tc.capped, a.Capped, tc.exit)
		require.Equal(t, tc.converted, a.Converted, tc.exit)
		requireDec(t, tc.exit, a.Total, tc.exit)
	}
}

// TestCapTable_ThresholdsExactly: at the exit where p equals the options'
// strike ($21.75M, p = 0.75) the options are not yet exercised (exercise
// needs p above the strike), a cent above they are; at the exit where A's
// participation reaches its cap ($57.25M, p = 4: 4M + 2M·4 = 12M = 3 ×
// 4M) A is held at its cap, a cent below it is not.
func TestCapTable_ThresholdsExactly(t *testing.T) {
	ct := vcTable(t)
	for _, tc := range []struct {
		exit      string
		exercised bool
		capped    bool
	}{
		{"21749999.99", false, false},
		{"21750000", false, false},
		{"21750000.01", true, false},
		{"57249999.99", true, false},
		{"57250000", true, true},
		{"57250000.01", true, true},
	} {
		dist, err := ct.Distribute(d(tc.exit), 2)
		require.NoError(t, err)
		require.Equal(t, tc.exercised, classOf(t, dist, "Options").Exercised, tc.exit)
		require.Equal(t, tc.capped, classOf(t, dist, "Series A").Capped, tc.exit)
		exercise := "0"
		if tc.exercised {
			exercise = "750000" // 1M options × $0.75
		}
		requireDec(t, exercise, dist.Exercise, tc.exit)
	}
	requireDec(t, "12000000", func() decimal.Decimal {
		dist, err := ct.Distribute(d("57250000"), 2)
		require.NoError(t, err)
		return classOf(t, dist, "Series A").Total
	}(), "A at its cap")
}

// TestCapTable_NoPlainCommon: a cap table whose only common class is
// options with a strike (no class with a threshold at p = 0): A is 1x
// non-participating ($1M, 1M shares), 1M options at $0.50. E(p) = 1M up
// to p = 0.5, then 1M + 1M·(p − 0.5) up to A's conversion at p = 1
// ($1.5M), then 2M·p − 0.5M. An exit of $1.2M is p = 0.7: the options get
// 1M × 0.2 = $200,000; $3.5M is p = 2: A converted gets $2M, the options
// 1M × 1.5 = $1.5M.
func TestCapTable_NoPlainCommon(t *testing.T) {
	ct := capTable(t, tranche.CapTable{Name: "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("1"),
			Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("1000000")}}}},
		Common: []tranche.CommonClass{{Name: "Options", Strike: d("0.5"),
			Holders: []tranche.Stake{{Party: "staff", Shares: d("1000000")}}}}})
	for _, tc := range []struct{ exit, price, a, options string }{
		{"1000000", "0", "1000000", "0"},
		{"1200000", "0.7", "1000000", "200000"},
		{"1500000", "1", "1000000", "500000"},
		{"3500000", "2", "2000000", "1500000"},
	} {
		dist, err := ct.Distribute(d(tc.exit), 2)
		require.NoError(t, err)
		requireDec(t, tc.price, dist.Price, tc.exit)
		requireDec(t, tc.a, classOf(t, dist, "A").Total, tc.exit)
		requireDec(t, tc.options, classOf(t, dist, "Options").Total, tc.exit)
	}
}

// TestCapTable_PayPreferenceBeforeAfter: exit proceeds paid in two parts:
// $6M, all to B's $10M preference (Before 10M, After 4M), then $1M more,
// again all B's (Before 4M, After 3M): Before is what is still owed.
func TestCapTable_PayPreferenceBeforeAfter(t *testing.T) {
	ct := vcTable(t)
	l := newDriver(t, partiesOf("b-fund", "0", "a-lead", "0", "seed-fund", "0", "alice", "0", "bob", "0", "employees", "0")...).open(jan21)
	got, paid := l.pay(ct, "6000000")
	requireDec(t, "6000000", paid)
	if diff := cmp.Diff([]paidLine{pp("exit", "b-fund", tranche.KindPref, "6000000", "10000000", "4000000")}, got); diff != "" {
		t.Errorf("first payment (-want +got):\n%s", diff)
	}
	got, _ = l.at(jan21.AddDate(1, 0, 0)).pay(ct, "1000000")
	if diff := cmp.Diff([]paidLine{pp("exit", "b-fund", tranche.KindPref, "1000000", "4000000", "3000000")}, got); diff != "" {
		t.Errorf("second payment (-want +got):\n%s", diff)
	}
}

// TestCapTable_ScaleAndExitBounds: scales 0 and 8 are allowed; an exit
// with exponent 40 is allowed and 41 refused. The gust terms ($2M 1x
// participating for 3M of 10M shares) pay the investor 2M + 30% of the
// rest, the founders 70% of the rest.
func TestCapTable_ScaleAndExitBounds(t *testing.T) {
	ct := capTable(t, tranche.CapTable{Name: "exit",
		Preferred: []tranche.Series{{Name: "Series A", Multiple: d("1"), Participating: true,
			Holders: []tranche.Stake{{Party: "investor", Shares: d("3000000"), Invested: d("2000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("7000000")}}}}})
	for _, scale := range []int32{0, 8} {
		dist, err := ct.Distribute(d("10000001"), scale)
		require.NoError(t, err, scale)
		// 2M + 0.3 × 8,000,001 = 4,400,000.3: at scale 0 the investor's
		// 0.3 remainder loses to the founders' 0.7.
		want := map[int32]string{0: "4400000", 8: "4400000.3"}[scale]
		requireDec(t, want, dist.Party("investor"), scale)
	}
	big40 := decimal.New(1, 40)
	dist, err := ct.Distribute(big40, 2)
	require.NoError(t, err)
	// 2M + 0.3 × (10^40 − 2M) = 3·10^39 + 1.4M.
	requireDec(t, "3000000000000000000000000000000000000000", dist.Party("investor").Sub(d("1400000")))
	requireDec(t, big40.String(), dist.Party("investor").Add(dist.Party("founders")))
	_, err = ct.Distribute(decimal.New(1, 41), 2)
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"exit"}, paths(err))
}

// TestCapTable_InvalidTermsEverywhere: PayoutTable and ExitFor refuse
// invalid terms with an error (not a panic), as Distribute does.
func TestCapTable_InvalidTermsEverywhere(t *testing.T) {
	bad := tranche.CapTable{Name: "exit"}
	_, err := bad.PayoutTable([]decimal.Decimal{d("1")}, 2)
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = bad.ExitFor("Common", d("1"), 2)
	require.ErrorIs(t, err, contract.ErrRequired)
}

// TestCapTable_ExitForBounds: ExitFor at scales 0 and 8, and amounts with
// exponents -40 and 40 (allowed) and -41 (refused). Above $15M the
// founders get 7/9 of each dollar (A participates with 2M of 9M shares),
// so $1 needs 15M + 9/7 = 15,000,001.285714…, rounded up; 10^-40 needs
// 15M + a fraction of a cent, rounded up to 15,000,000.01. 10^40 is far
// above every threshold, where all 13M shares are as converted and the
// options pay their strike: E = 13M·p − 0.75M with 7M·p = 10^40.
func TestCapTable_ExitForBounds(t *testing.T) {
	ct := vcTable(t)
	for _, tc := range []struct {
		amount decimal.Decimal
		scale  int32
		want   string
	}{
		{d("1"), 0, "15000002"},
		{d("1"), 8, "15000001.28571429"},
		{decimal.New(1, -40), 2, "15000000.01"},
	} {
		got, err := ct.ExitFor("Founders", tc.amount, tc.scale)
		require.NoError(t, err)
		require.Equal(t, tc.want, got.StringFixed(tc.scale), tc.amount.String())
	}
	// 13M·(10^40 / 7M) − 750,000 = 13·10^40/7 − 750,000, rounded up to the cent.
	want := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(13), new(big.Int).Exp(big.NewInt(10), big.NewInt(42), nil)), big.NewInt(7))
	want.Sub(want, big.NewRat(75_000_000, 1))
	cents := new(big.Int).Quo(want.Num(), want.Denom()) // want is positive, not whole: the ceiling is the floor + 1
	cents.Add(cents, big.NewInt(1))
	got, err := ct.ExitFor("Founders", decimal.New(1, 40), 2)
	require.NoError(t, err)
	require.Equal(t, decimal.NewFromBigInt(cents, -2).StringFixed(2), got.StringFixed(2))

	// Exactly at a knot: the seed's $1M preference is paid in full at
	// $15M (B's 10M, then A 4M and seed 1M pari passu), and the seed gets
	// no more until it converts at $24.25M: the least exit is $15M.
	got, err = ct.ExitFor("Seed", d("1000000"), 2)
	require.NoError(t, err)
	require.Equal(t, "15000000.00", got.StringFixed(2))

	_, err = ct.ExitFor("Founders", decimal.New(1, -41), 2)
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"amount"}, paths(err))
}

// TestCapTable_TiesToEarlierHoldings: the units left after flooring go
// to the largest remainders, ties to the earlier holding, with more than
// 12 holdings (so the order is not left to an insertion sort).
//   - 20 equal holdings share $0.10: each is owed half a cent, all tied,
//     so the 10 cents go to the first 10.
//   - 18 holdings of 3 + r shares, r in thirds as below (72 shares),
//     share $0.24: holding i is owed (3 + r_i)/3 = 1 + r_i/3 cents. Each
//     gets its 1 cent; the 6 cents left go to the largest remainders, the
//     seven 2/3s at 1, 2, 5, 7, 8, 9 and 15: the first six of them.
func TestCapTable_TiesToEarlierHoldings(t *testing.T) {
	common := func(shares []string) *tranche.CapTable {
		var holders []tranche.Stake
		for i, s := range shares {
			holders = append(holders, tranche.Stake{Party: tranche.PartyID(rune('a' + i)), Shares: d(s)})
		}
		return capTable(t, tranche.CapTable{Name: "exit", Common: []tranche.CommonClass{{Name: "Common", Holders: holders}}})
	}
	check := func(ct *tranche.CapTable, exit string, want func(i int) string) {
		dist, err := ct.Distribute(d(exit), 2)
		require.NoError(t, err)
		for i, h := range classOf(t, dist, "Common").Holders {
			requireDec(t, want(i), h.Total, h.Party)
		}
	}
	equal := make([]string, 20)
	for i := range equal {
		equal[i] = "1"
	}
	check(common(equal), "0.10", func(i int) string {
		if i < 10 {
			return "0.01"
		}
		return "0"
	})
	r := []int{0, 2, 2, 0, 0, 2, 1, 2, 2, 2, 0, 1, 0, 1, 0, 2, 0, 1}
	shares := make([]string, len(r))
	for i, x := range r {
		shares[i] = fmt.Sprint(3 + x)
	}
	check(common(shares), "0.24", func(i int) string {
		switch i {
		case 1, 2, 5, 7, 8, 9:
			return "0.02"
		}
		return "0.01"
	})
}

// TestBreakpointKind_OnePastTheLast: the first value after the last kind
// has no name: String says so and MarshalText refuses it.
func TestBreakpointKind_OnePastTheLast(t *testing.T) {
	k := tranche.BreakConverts + 1
	require.Equal(t, "BreakpointKind(5)", k.String())
	_, err := k.MarshalText()
	require.ErrorIs(t, err, contract.ErrInvalid)
}

// TestDistribution_PriceRoundsHalfUp: a price that is not a decimal of 16
// places is rounded half away from zero to LiquidationPlaces: 3 common
// shares sharing $2 are worth 2/3 = 0.666…67 each, $1 is 1/3 = 0.333…33;
// 2·10^16 shares sharing $1 are worth exactly 0.5·10^-16 each, a half at
// the 17th place, which rounds up to 10^-16.
func TestDistribution_PriceRoundsHalfUp(t *testing.T) {
	common := func(shares decimal.Decimal) *tranche.CapTable {
		return capTable(t, tranche.CapTable{Name: "exit", Common: []tranche.CommonClass{{Name: "Common",
			Holders: []tranche.Stake{{Party: "a", Shares: shares}}}}})
	}
	for _, tc := range []struct {
		shares decimal.Decimal
		exit   string
		scale  int32
		price  string
	}{
		{d("3"), "2", 0, "0.6666666666666667"},
		{d("3"), "1", 0, "0.3333333333333333"},
		{decimal.New(2, 16), "1", 0, "0.0000000000000001"},
		{decimal.New(2, 16), "0.99", 2, "0"}, // 0.495·10^-16: below the half
	} {
		dist, err := common(tc.shares).Distribute(d(tc.exit), tc.scale)
		require.NoError(t, err)
		require.Equal(t, tc.price, dist.Price.String(), "%s shares, exit %s", tc.shares, tc.exit)
	}
}
