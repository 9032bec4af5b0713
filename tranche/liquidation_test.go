package tranche

import (
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rational " + s)
	}
	return r
}

// gust is the reference case vc-gust-participating-1x: an investor puts in
// $2M for 30% with a 1x fully participating preference.
// https://docs.equity.gust.com/article/42-participating-preferred
func gust(t *testing.T) *CapTable {
	t.Helper()
	ct, err := NewCapTable(CapTable{
		Name: "exit",
		Preferred: []Series{{Name: "Series A", Multiple: dec("1"), Participating: true,
			Holders: []Stake{{Party: "investor", Shares: dec("3000000"), Invested: dec("2000000")}}}},
		Common: []CommonClass{{Name: "Common", Holders: []Stake{{Party: "founders", Shares: dec("7000000")}}}},
	})
	require.NoError(t, err)
	return ct
}

// vc is the cap table of examples/vc-exit, with its figures worked by hand
// from the terms:
//   - Series B: $10M for 2M shares, 1x non-participating, senior;
//   - Series A: $4M for 2M shares (a-lead $3.5M, seed-fund $0.5M), 1x
//     participating capped at 3x, pari passu with the seed;
//   - Seed: $1M for 1M shares, 1x non-participating;
//   - Founders: 7M common; option pool: 1M options at $0.75.
//
// With p the value per common share (fully diluted 13M shares), every
// preference is paid from E(0) = 10 + 4 + 1 = $15M, and
//
//	E(p) = 7M·p + 1M·max(0, p−0.75) + max(1M, 1M·p)
//	     + max(min(4M + 2M·p, 12M), 2M·p) + max(10M, 2M·p)
//
// whose thresholds give: options in the money at p = 0.75 (E = 21.75M),
// seed converts at 1 (24.25M), A capped at 4 (57.25M), B converts at 5
// (66.25M), A converts at 6 (77.25M).
func vc(t *testing.T) *CapTable {
	t.Helper()
	ct, err := NewCapTable(CapTable{
		Name: "exit",
		Preferred: []Series{
			{Name: "Series B", Seniority: 2, Multiple: dec("1"),
				Holders: []Stake{{Party: "b-fund", Shares: dec("2000000"), Invested: dec("10000000")}}},
			{Name: "Series A", Seniority: 1, Multiple: dec("1"), Participating: true, Cap: dec("3"),
				Holders: []Stake{
					{Party: "a-lead", Shares: dec("1750000"), Invested: dec("3500000")},
					{Party: "seed-fund", Shares: dec("250000"), Invested: dec("500000")}}},
			{Name: "Seed", Seniority: 1, Multiple: dec("1"),
				Holders: []Stake{{Party: "seed-fund", Shares: dec("1000000"), Invested: dec("1000000")}}},
		},
		Common: []CommonClass{
			{Name: "Founders", Holders: []Stake{{Party: "alice", Shares: dec("4000000")}, {Party: "bob", Shares: dec("3000000")}}},
			{Name: "Options", Strike: dec("0.75"), Holders: []Stake{{Party: "employees", Shares: dec("1000000")}}},
		},
	})
	require.NoError(t, err)
	return ct
}

func classTotals(d Distribution) map[string]string {
	out := map[string]string{}
	for _, c := range d.Classes {
		out[c.Class] = c.Total.StringFixed(2)
	}
	return out
}

func TestCapTable_Distribute(t *testing.T) {
	t.Run("gust participating 1x", func(t *testing.T) {
		// Published: pref $2M + 30% × $8M = $4.4M to the investor.
		d, err := gust(t).Distribute(dec("10000000"), 2)
		require.NoError(t, err)
		a, _ := d.Class("Series A")
		require.Equal(t, "2000000.00", a.Preference.StringFixed(2))
		require.Equal(t, "2400000.00", a.Participation.StringFixed(2))
		require.Equal(t, "4400000.00", d.Party("investor").StringFixed(2))
		require.Equal(t, "5600000.00", d.Party("founders").StringFixed(2))
	})
	// Each case: the exit, p from E(p) = exit on the right segment, and
	// the class totals it implies (see vc).
	cases := []struct {
		name string
		exit string
		want map[string]string
	}{
		{"B only, short", "6000000", map[string]string{"Series B": "6000000.00", "Series A": "0.00", "Seed": "0.00", "Founders": "0.00", "Options": "0.00"}},
		// A and seed pari passu on 2M left: 4:1.
		{"A and seed share a shortfall", "12000000", map[string]string{"Series B": "10000000.00", "Series A": "1600000.00", "Seed": "400000.00", "Founders": "0.00", "Options": "0.00"}},
		{"all preferences exactly", "15000000", map[string]string{"Series B": "10000000.00", "Series A": "4000000.00", "Seed": "1000000.00", "Founders": "0.00", "Options": "0.00"}},
		// 15M + 9M·p = 19.5M → p = 0.5: founders 3.5M, A 4M + 1M.
		{"common and A participate", "19500000", map[string]string{"Series B": "10000000.00", "Series A": "5000000.00", "Seed": "1000000.00", "Founders": "3500000.00", "Options": "0.00"}},
		// 24.25M + 11M·(p−1) = 35.25M → p = 2.
		{"seed converted, options in", "35250000", map[string]string{"Series B": "10000000.00", "Series A": "8000000.00", "Seed": "2000000.00", "Founders": "14000000.00", "Options": "1250000.00"}},
		// A capped: 57.25M + 9M·(p−4) = 61.75M → p = 4.5.
		{"A at its cap", "61750000", map[string]string{"Series B": "10000000.00", "Series A": "12000000.00", "Seed": "4500000.00", "Founders": "31500000.00", "Options": "3750000.00"}},
		// B converted, A capped: 66.25M + 11M·(p−5) = 71.75M → p = 5.5.
		{"B converted", "71750000", map[string]string{"Series B": "11000000.00", "Series A": "12000000.00", "Seed": "5500000.00", "Founders": "38500000.00", "Options": "4750000.00"}},
		// all converted: 13M·p − 0.75M = 100M → p = 7.75.
		{"everyone converted", "100000000", map[string]string{"Series B": "15500000.00", "Series A": "15500000.00", "Seed": "7750000.00", "Founders": "54250000.00", "Options": "7000000.00"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := vc(t).Distribute(dec(tc.exit), 2)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, classTotals(d)); diff != "" {
				t.Errorf("Distribute(%s) mismatch (-want +got):\n%s", tc.exit, diff)
			}
		})
	}
	t.Run("holders and flags at 100M", func(t *testing.T) {
		d, err := vc(t).Distribute(dec("100000000"), 2)
		require.NoError(t, err)
		require.Equal(t, "7.75", d.Price.String())
		require.Equal(t, "750000", d.Exercise.String()) // 1M options × $0.75
		// alice 4M × 7.75, bob 3M × 7.75; seed-fund: 1M seed + 250k A shares.
		require.Equal(t, "31000000.00", d.Party("alice").StringFixed(2))
		require.Equal(t, "23250000.00", d.Party("bob").StringFixed(2))
		require.Equal(t, "9687500.00", d.Party("seed-fund").StringFixed(2))
		for _, c := range d.Classes[:3] {
			require.True(t, c.Converted, c.Class)
			require.True(t, c.Preference.IsZero(), c.Class)
		}
		o, _ := d.Class("Options")
		require.True(t, o.Exercised)
	})
	t.Run("accrued dividends", func(t *testing.T) {
		// 1x on $1M plus $80,000 of accrued dividends, non-participating,
		// 1M shares against 3M common: the preference is $1.08M, and it
		// converts above p = 1.08, an exit of 4M × 1.08 = $4.32M.
		ct, err := NewCapTable(CapTable{
			Name: "exit",
			Preferred: []Series{{Name: "A", Multiple: dec("1"), Holders: []Stake{
				{Party: "fund", Shares: dec("1000000"), Invested: dec("1000000"), Accrued: dec("80000")}}}},
			Common: []CommonClass{{Name: "Common", Holders: []Stake{{Party: "founders", Shares: dec("3000000")}}}},
		})
		require.NoError(t, err)
		for exit, want := range map[string]string{"500000": "500000.00", "2000000": "1080000.00", "4320000": "1080000.00", "8000000": "2000000.00"} {
			d, err := ct.Distribute(dec(exit), 2)
			require.NoError(t, err)
			require.Equal(t, want, d.Party("fund").StringFixed(2), exit)
		}
		bs, err := ct.Breakpoints()
		require.NoError(t, err)
		last := bs[len(bs)-1]
		require.Equal(t, BreakConverts, last.Kind)
		require.Equal(t, "4320000", last.Exit.String())
	})
	t.Run("zero exit", func(t *testing.T) {
		d, err := vc(t).Distribute(decimal.Zero, 2)
		require.NoError(t, err)
		for _, c := range d.Classes {
			require.True(t, c.Total.IsZero())
		}
	})
}

func TestCapTable_Distribute_errors(t *testing.T) {
	ct := vc(t)
	for _, tc := range []struct {
		name  string
		exit  string
		scale int32
		path  string
	}{
		{"negative", "-1", 2, "exit"},
		{"sub-cent", "1.001", 2, "exit"},
		{"bad scale", "1", 9, "scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ct.Distribute(dec(tc.exit), tc.scale)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tc.path, fe.Path)
			require.ErrorIs(t, err, contract.ErrInvalid)
		})
	}
}

func TestCapTable_Validate(t *testing.T) {
	good := func() CapTable { return *vc(t) }
	cases := []struct {
		name   string
		edit   func(*CapTable)
		paths  []string
		target error
	}{
		{"no id", func(c *CapTable) { c.Name = "" }, []string{"id"}, contract.ErrRequired},
		{"no classes", func(c *CapTable) { c.Preferred, c.Common = nil, nil }, []string{"common"}, contract.ErrRequired},
		{"negative multiple", func(c *CapTable) { c.Preferred[0].Multiple = dec("-1") }, []string{"preferred[0].multiple"}, contract.ErrNegative},
		{"cap on non-participating", func(c *CapTable) { c.Preferred[0].Cap = dec("2") }, []string{"preferred[0].cap"}, contract.ErrInvalid},
		{"cap below multiple", func(c *CapTable) { c.Preferred[1].Cap = dec("0.5") }, []string{"preferred[1].cap"}, contract.ErrRange},
		{"negative ratio", func(c *CapTable) { c.Preferred[2].ConversionRatio = dec("-2") }, []string{"preferred[2].conversion_ratio"}, contract.ErrNegative},
		{"zero shares", func(c *CapTable) { c.Preferred[1].Holders[1].Shares = decimal.Zero }, []string{"preferred[1].holders[1].shares"}, contract.ErrRange},
		{"negative invested", func(c *CapTable) { c.Preferred[0].Holders[0].Invested = dec("-5") }, []string{"preferred[0].holders[0].invested"}, contract.ErrNegative},
		{"no holders", func(c *CapTable) { c.Common[0].Holders = nil }, []string{"common[0].holders"}, contract.ErrRequired},
		{"empty party", func(c *CapTable) { c.Common[0].Holders[1].Party = "" }, []string{"common[0].holders[1].party"}, contract.ErrRequired},
		{"party twice", func(c *CapTable) { c.Common[0].Holders[1].Party = "alice" }, []string{"common[0].holders[1].party"}, contract.ErrInvalid},
		{"invested in common", func(c *CapTable) { c.Common[0].Holders[0].Invested = dec("1") }, []string{"common[0].holders[0].invested"}, contract.ErrInvalid},
		{"negative accrued", func(c *CapTable) { c.Preferred[2].Holders[0].Accrued = dec("-1") }, []string{"preferred[2].holders[0].accrued"}, contract.ErrNegative},
		{"accrued in common", func(c *CapTable) { c.Common[1].Holders[0].Accrued = dec("1") }, []string{"common[1].holders[0].accrued"}, contract.ErrInvalid},
		// A's cap is 3 × $4M = $12M; a preference of $4M + $8.5M is above it.
		{"cap below accrued preference", func(c *CapTable) { c.Preferred[1].Holders[0].Accrued = dec("8500000") }, []string{"preferred[1].cap"}, contract.ErrRange},
		{"negative strike", func(c *CapTable) { c.Common[1].Strike = dec("-0.1") }, []string{"common[1].strike"}, contract.ErrNegative},
		{"duplicate name", func(c *CapTable) { c.Common[1].Name = "Seed" }, []string{"common[1].name"}, contract.ErrInvalid},
		{"missing name", func(c *CapTable) { c.Preferred[0].Name = "" }, []string{"preferred[0].name"}, contract.ErrRequired},
		{"absurd exponent", func(c *CapTable) { c.Common[0].Holders[0].Shares = dec("1e999") }, []string{"common[0].holders[0].shares"}, contract.ErrRange},
		{"every problem", func(c *CapTable) {
			c.Name = ""
			c.Preferred[0].Multiple = dec("-1")
			c.Common[1].Strike = dec("-1")
		}, []string{"id", "preferred[0].multiple", "common[1].strike"}, contract.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := good()
			// Deep-copy the slices the edit may change.
			c.Preferred = append([]Series(nil), c.Preferred...)
			for i := range c.Preferred {
				c.Preferred[i].Holders = append([]Stake(nil), c.Preferred[i].Holders...)
			}
			c.Common = append([]CommonClass(nil), c.Common...)
			for i := range c.Common {
				c.Common[i].Holders = append([]Stake(nil), c.Common[i].Holders...)
			}
			tc.edit(&c)
			err := c.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, tc.target)
			require.Equal(t, tc.paths, fieldPaths(err))
			// Every entry point refuses the same terms.
			_, err = c.Distribute(dec("1"), 2)
			require.ErrorIs(t, err, tc.target)
			_, err = c.Breakpoints()
			require.ErrorIs(t, err, tc.target)
		})
	}
	t.Run("valid", func(t *testing.T) {
		c := good()
		require.NoError(t, c.Validate())
		require.NoError(t, Validate(&c))
	})
}

// fieldPaths lists the paths of the field errors joined in err.
func fieldPaths(err error) []string {
	var out []string
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) {
			out = append(out, fe.Path)
		}
	}
	return out
}

// TestCapTable_Breakpoints checks the breakpoints against the thresholds
// worked by hand in vc, and the founders' first dollar.
func TestCapTable_Breakpoints(t *testing.T) {
	bs, err := vc(t).Breakpoints()
	require.NoError(t, err)
	type row struct {
		Exit, Price, Class string
		Kind               BreakpointKind
		Exact              bool
	}
	var got []row
	for _, b := range bs {
		got = append(got, row{b.Exit.String(), b.Price.String(), b.Class, b.Kind, b.Exact})
	}
	want := []row{
		{"0", "0", "Series B", BreakStart, true},
		{"10000000", "0", "Series B", BreakPreferencePaid, true},
		{"10000000", "0", "Series A", BreakStart, true},
		{"10000000", "0", "Seed", BreakStart, true},
		{"15000000", "0", "Series A", BreakPreferencePaid, true},
		{"15000000", "0", "Series A", BreakParticipates, true},
		{"15000000", "0", "Seed", BreakPreferencePaid, true},
		{"15000000", "0", "Founders", BreakStart, true},
		{"21750000", "0.75", "Options", BreakStart, true},
		{"24250000", "1", "Seed", BreakConverts, true},
		{"57250000", "4", "Series A", BreakCapReached, true},
		{"66250000", "5", "Series B", BreakConverts, true},
		{"77250000", "6", "Series A", BreakConverts, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Breakpoints() mismatch (-want +got):\n%s", diff)
	}
}

func TestCapTable_ExitFor(t *testing.T) {
	ct := vc(t)
	cases := []struct {
		name, class, amount, want string
	}{
		// Above $15M founders get 7/9 of each dollar (A participates with
		// 2M shares): $1 needs 15M + 9/7, rounded up to the cent.
		{"founders first dollar", "Founders", "1", "15000001.29"},
		{"zero", "Founders", "0", "0.00"},
		// B is paid first: its first cent needs a cent of exit.
		{"B first cent", "Series B", "0.01", "0.01"},
		// Seed gets 1/5 of what is left after B: $0.5M needs 12.5M.
		{"seed half", "Seed", "500000", "12500000.00"},
		// Options: 11M·(p−1) + 24.25M with p = 0.75 + 1 → $1M at p = 1.75.
		{"options 1M", "Options", "1000000", "32500000.00"},
		// Founders $70M at p = 10, all converted: 13M·10 − 0.75M.
		{"founders 70M", "Founders", "70000000", "129250000.00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ct.ExitFor(tc.class, dec(tc.amount), 2)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.StringFixed(2))
			if got.IsZero() {
				return
			}
			// Second method: the class's exact payout reaches the amount at
			// the exit found, and not a cent below it.
			m, err := ct.model()
			require.NoError(t, err)
			ci := classIndex(m, tc.class)
			at := func(x decimal.Decimal) *big.Rat {
				r := m.solve(ratOf(x)).classes[ci]
				return ratAdd(r.pref, r.part)
			}
			require.GreaterOrEqual(t, at(got).Cmp(ratOf(dec(tc.amount))), 0)
			require.Negative(t, at(got.Sub(dec("0.01"))).Cmp(ratOf(dec(tc.amount))))
		})
	}
	t.Run("errors", func(t *testing.T) {
		_, err := ct.ExitFor("Nope", dec("1"), 2)
		require.ErrorIs(t, err, contract.ErrInvalid)
		_, err = ct.ExitFor("Founders", dec("-1"), 2)
		require.ErrorIs(t, err, contract.ErrNegative)
		_, err = ct.ExitFor("Founders", dec("1"), -1)
		require.ErrorIs(t, err, contract.ErrRange)
	})
}

func classIndex(m *lqModel, name string) int {
	for i, c := range m.classes {
		if c.name == name {
			return i
		}
	}
	return -1
}

func TestCapTable_PayoutTable(t *testing.T) {
	ct := vc(t)
	rows, err := ct.PayoutTable([]decimal.Decimal{dec("12000000"), dec("100000000")}, 2)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	require.Equal(t, "1600000.00", rows[0].Classes[1].Total.StringFixed(2))
	require.Equal(t, "54250000.00", rows[1].Classes[3].Total.StringFixed(2))
	_, err = ct.PayoutTable([]decimal.Decimal{dec("1"), dec("-1")}, 2)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "exits[1]", fe.Path)
}

func TestBreakpointKind_MarshalText(t *testing.T) {
	for k := BreakStart; k <= BreakConverts; k++ {
		t.Run(k.String(), func(t *testing.T) {
			b, err := k.MarshalText()
			require.NoError(t, err)
			var back BreakpointKind
			require.NoError(t, back.UnmarshalText(b))
			require.Equal(t, k, back)
		})
	}
	_, err := BreakpointKind(99).MarshalText()
	require.ErrorIs(t, err, contract.ErrInvalid)
	var k BreakpointKind
	require.ErrorIs(t, k.UnmarshalText([]byte("explodes")), contract.ErrInvalid)
	require.Equal(t, "BreakpointKind(99)", BreakpointKind(99).String())
}

func FuzzBreakpointKind_UnmarshalText(f *testing.F) {
	f.Add("converts")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		var k BreakpointKind
		if err := k.UnmarshalText([]byte(s)); err != nil {
			return
		}
		b, err := k.MarshalText()
		if err != nil || string(b) != s {
			t.Fatalf("%q decodes to %d, which encodes to %q (%v)", s, k, b, err)
		}
	})
}
