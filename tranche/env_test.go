package tranche_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// years returns n yearly periods from 2025-01-01.
func years(t testing.TB, n int) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2025+n, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	return ps
}

// envOf is a deal of the parties given as ID, commitment pairs, over n
// yearly periods at scale 2.
func envOf(t testing.TB, n int, pairs ...string) tranche.Env {
	return tranche.Env{Parties: partiesOf(pairs...), Periods: years(t, n), Scale: 2}
}

// leaf is a tranche and the parties it names.
type leaf struct {
	tr   tranche.Tranche
	want []tranche.NamedParty
}

// leaves is one tranche of every leaf type of the package, each naming
// the parties "a" and "b" (and "c" where there is room), and what
// NamedParties should return for it.
func leaves(t testing.TB) []leaf {
	ps := years(t, 4)
	terms, tps := topTerms()
	np := func(pairs ...string) []tranche.NamedParty {
		var out []tranche.NamedParty
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, tranche.NamedParty{Path: pairs[i], Party: tranche.PartyID(pairs[i+1])})
		}
		return out
	}
	shares := []tranche.Share{{Parties: ids("a", "b"), Weight: d("0.8")}, {Parties: ids("c"), Weight: d("0.2"), Promote: true}}
	debt := bullet(t, ps, nil)
	debt.Lender = "a"
	return []leaf{
		{tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: ids("a", "b")})),
			np("parties[0]", "a", "parties[1]", "b")},
		{tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("a"), Rate: annual("0.08")})),
			np("parties[0]", "a")},
		{tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("b"), Coupon: annual("0.1"), Redemption: ps[3].End})),
			np("parties[0]", "b")},
		{tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: ids("a", "b"), Sponsor: "c", Target: d("0.2"), Rate: d("1")})),
			np("investors[0]", "a", "investors[1]", "b", "sponsor", "c")},
		{tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("a"), Rate: annual("0.1"), Shares: shares})),
			np("investors[0]", "a", "shares[0].parties[0]", "a", "shares[0].parties[1]", "b", "shares[1].parties[0]", "c")},
		{tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares})),
			np("shares[0].parties[0]", "a", "shares[0].parties[1]", "b", "shares[1].parties[0]", "c")},
		{debt, np("lender", "a")},
		{tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "top", Seller: "b", Terms: terms, Usage: qty("1", "1", "1"), Periods: tps, Scale: 2})),
			np("seller", "b")},
		{tranche.Must(tranche.NewCapTable(tranche.CapTable{Name: "exit",
			Preferred: []tranche.Series{{Name: "A", Multiple: d("1"), Holders: []tranche.Stake{{Party: "a", Shares: d("1"), Invested: d("1")}}}},
			Common:    []tranche.CommonClass{{Name: "C", Holders: []tranche.Stake{{Party: "b", Shares: d("1")}, {Party: "c", Shares: d("1")}}}},
		})), np("preferred[0].holders[0].party", "a", "common[0].holders[0].party", "b", "common[0].holders[1].party", "c")},
	}
}

// TestPartyNamer: every leaf tranche names every party of its terms,
// with the path of its field.
func TestPartyNamer(t *testing.T) {
	for _, l := range leaves(t) {
		n, ok := l.tr.(tranche.PartyNamer)
		require.True(t, ok, "%T does not implement PartyNamer", l.tr)
		require.Equal(t, l.want, n.NamedParties(), "%T", l.tr)
	}
}

// TestValidateEnv_unknownParty is issue 17's stack that names parties the
// deal does not have: the run failed at the first payment to one of them,
// without a path; ValidateEnv reports each, through every combinator,
// with its tranche and field.
func TestValidateEnv_unknownParty(t *testing.T) {
	ps := years(t, 4)
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: ids("LP", "X")}))
	cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "catch-up", Investors: ids("LP"), Sponsor: "Y", Target: d("0.2"), Rate: d("1")}))
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{{Parties: ids("LP", "Z"), Weight: d("1")}}}))
	debt := bullet(t, ps, nil) // lends from "bank"
	cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, MinDSCR: d("1.2"),
		Junior: tranche.Sequence(roc, tranche.Cap(d("100"), cu), tranche.Window(ps[1].End, ps[3].End, split))}))
	stack := tranche.Sequence(debt, cov)
	require.NoError(t, tranche.Validate(stack))
	require.NoError(t, tranche.ValidateEnv(stack, tranche.Env{Parties: partiesOf("LP", "1", "X", "0", "Y", "0", "Z", "0", "bank", "0"), Periods: ps, Scale: 2}))

	err := tranche.ValidateEnv(stack, tranche.Env{Parties: partiesOf("LP", "1"), Periods: ps, Scale: 2})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.Equal(t, []string{"lender", "parties[1]", "sponsor", "shares[0].parties[1]"}, paths(err))
	var ids []string
	for _, e := range contract.Errors(err) {
		ids = append(ids, e.Error()[:len(e.Error())-len(errors.Unwrap(e).Error())])
	}
	require.Equal(t, []string{`tranche "senior": `, `tranche "capital": `, `tranche "catch-up": `, `tranche "carry": `}, ids)
}

func ExampleValidateEnv() {
	carry := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
	}}))
	env := tranche.Env{Parties: []tranche.Party{{ID: "LP", Commitment: d("100")}}}
	fmt.Println(tranche.ValidateEnv(tranche.Sequence(carry), env))
	// Output: tranche "carry": shares[1].parties[0]: unknown party "GP"
}

// TestHurdle_ValidateEnv: the shares of a tier against the deal's
// commitments, and its rate against the deal's span.
func TestHurdle_ValidateEnv(t *testing.T) {
	tier := func(rate contract.Rate) *tranche.Hurdle {
		return tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("big", "small"), Rate: rate,
			Shares: []tranche.Share{{Parties: ids("big", "small"), Weight: d("0.8")}, {Parties: ids("gp"), Weight: d("0.2"), Promote: true}}}))
	}
	continuous := contract.Rate{Annual: d("10"), Compounding: contract.Continuous}
	cases := []struct {
		name  string
		rate  contract.Rate
		env   tranche.Env
		paths []string
		is    error
	}{
		{"pro rata", annual("0.12"), envOf(t, 10, "big", "600", "small", "400", "gp", "0"), nil, nil},
		{"nobody has a commitment: equal shares", annual("0.12"), envOf(t, 10, "big", "0", "small", "0", "gp", "0"), nil, nil},
		{"a share of 1.03e-12", continuous, envOf(t, 75, "big", "777777777777", "small", "1", "gp", "0"), nil, nil},
		// Issue 17: a share of 8e-17 of each tier dollar; with a 1000%
		// continuous hurdle the run ended in ErrInvariant after 64 steps.
		{"a share of 8e-17", continuous, envOf(t, 10, "big", "10000000000000000", "small", "1", "gp", "0"), []string{"investors[1]"}, contract.ErrRange},
		// Issue 17: a share that rounds to zero at 16 places, "gets no part
		// of the tier" at run time although it has a commitment.
		{"a share of 8e-21", annual("0.12"), envOf(t, 10, "big", "100000000000000000000", "small", "1", "gp", "0"), []string{"investors[1]"}, contract.ErrRange},
		{"no commitment among committed classmates", annual("0.12"), envOf(t, 10, "big", "100", "small", "0", "gp", "0"), []string{"investors[1]"}, contract.ErrInvalid},
		{"1000% continuous over 101 years", continuous, envOf(t, 102, "big", "600", "small", "400", "gp", "0"), []string{"rate"}, contract.ErrRange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tranche.ValidateEnv(tier(c.rate), c.env)
			if c.paths == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.is)
			require.Equal(t, c.paths, paths(err))
		})
	}
}

// TestPreferredReturn_ValidateEnv is issue 17's pref: 100,000% a year
// compounding daily, within the range a rate may have, grows beyond
// e^1000 in three years; the run failed with "growth factor beyond
// e^±1000". Balances grow from the first movement, at the first period's
// end, so three yearly periods are two years of growth.
func TestPreferredReturn_ValidateEnv(t *testing.T) {
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: contract.Rate{Annual: d("1000"), Compounding: contract.Daily}}))
	require.NoError(t, tranche.ValidateEnv(pref, envOf(t, 3, "LP", "1")))
	err := tranche.ValidateEnv(pref, envOf(t, 4, "LP", "1"))
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"rate"}, paths(err))
}

// TestPreferredEquity_ValidateEnv: the coupon accrues period by period,
// so it is checked over each period, not the deal's span.
func TestPreferredEquity_ValidateEnv(t *testing.T) {
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("PE"),
		Coupon: contract.Rate{Annual: d("1000"), Compounding: contract.Daily}, Redemption: contract.Date(2026, 1, 1)}))
	quarters, err := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2035, 1, 1), Frequency: contract.EveryQuarter}.Periods()
	require.NoError(t, err)
	require.NoError(t, tranche.ValidateEnv(pe, tranche.Env{Parties: partiesOf("PE", "1"), Periods: quarters, Scale: 2}))
	err = tranche.ValidateEnv(pe, tranche.Env{Parties: partiesOf("PE", "1"), Periods: []contract.Period{{Start: contract.Date(2025, 1, 1), End: contract.Date(2030, 1, 1)}}, Scale: 2})
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"coupon"}, paths(err))
}

// TestDebt_ValidateEnv: a loan plan laid over another schedule or scale
// failed at run time, in the first period the loan was asked.
func TestDebt_ValidateEnv(t *testing.T) {
	ps := years(t, 5)
	debt := bullet(t, ps[:4], nil)
	env := tranche.Env{Parties: partiesOf("bank", "0"), Periods: ps[:4], Scale: 2}
	require.NoError(t, tranche.ValidateEnv(debt, env))
	for name, env := range map[string]tranche.Env{
		"scale":         {Parties: env.Parties, Periods: ps[:4], Scale: 0},
		"more periods":  {Parties: env.Parties, Periods: ps, Scale: 2},
		"other periods": {Parties: env.Parties, Periods: years(t, 4)[:1], Scale: 2},
	} {
		if name == "other periods" {
			env.Periods[0].End = env.Periods[0].End.AddDate(0, 0, 1)
		}
		err := tranche.ValidateEnv(debt, env)
		require.ErrorIs(t, err, contract.ErrInvalid, name)
		require.Equal(t, []string{"plan"}, paths(err), name)
	}
	// Default interest at the cash rate plus a margin of 100,000%: more
	// than a rate may be, though each is within bounds.
	wild := bullet(t, ps[:4], func(l *contract.Loan) { l.DefaultMargin = d("1000") })
	err := tranche.ValidateEnv(wild, env)
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"plan.default_margin"}, paths(err))
}

// TestTakeOrPay_ValidateEnv: an obligation over another schedule or scale.
func TestTakeOrPay_ValidateEnv(t *testing.T) {
	terms, ps := topTerms()
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "top", Seller: "utility", Terms: terms, Usage: qty("1", "1", "1"), Periods: ps, Scale: 2}))
	require.NoError(t, tranche.ValidateEnv(top, tranche.Env{Parties: partiesOf("utility", "0"), Periods: ps, Scale: 2}))
	err := tranche.ValidateEnv(top, tranche.Env{Parties: partiesOf("utility", "0"), Periods: ps, Scale: 0})
	require.Equal(t, []string{"scale"}, paths(err))
	longer := append(ps, contract.Period{Index: len(ps), Start: ps[len(ps)-1].End, End: ps[len(ps)-1].End.AddDate(1, 0, 0)})
	err = tranche.ValidateEnv(top, tranche.Env{Parties: partiesOf("utility", "0"), Periods: longer, Scale: 2})
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.Equal(t, []string{"periods"}, paths(err))
}

// TestValidateEnv_EachMissingParty takes each party a leaf names out of
// the deal in turn ("a", "b", "c"): ValidateEnv must report exactly the
// fields that name it (the leaf's hand-written list), as unknown parties,
// and nothing when every party is there. The deal has no periods, so
// that only the parties are checked.
func TestValidateEnv_EachMissingParty(t *testing.T) {
	all := []string{"a", "b", "c"}
	for _, l := range leaves(t) {
		require.NoError(t, tranche.ValidateEnv(l.tr, tranche.Env{Parties: partiesOf("a", "1", "b", "1", "c", "1"), Scale: 2}), "%s", l.tr.ID())
		for _, missing := range all {
			var pairs []string
			for _, p := range all {
				if p != missing {
					pairs = append(pairs, p, "1")
				}
			}
			var want []string
			for _, np := range l.want {
				if string(np.Party) == missing {
					want = append(want, np.Path)
				}
			}
			err := tranche.ValidateEnv(l.tr, tranche.Env{Parties: partiesOf(pairs...), Scale: 2})
			for _, e := range contract.Errors(err) {
				require.ErrorIs(t, e, tranche.ErrUnknownParty, "%s without %s", l.tr.ID(), missing)
			}
			require.Equal(t, want, paths(err), "%s without %s", l.tr.ID(), missing)
		}
	}
}

// TestHurdle_ValidateEnvShareBounds checks the tier-share bound at and one
// unit either side of 10^-12, at and either side of the 40th place the
// shares are worked to, in both ways a share is worked (by commitment,
// and equally when the share's parties have none), and the message that
// shows a share to three significant digits. Every share is worked by
// hand in its case: "small" gets weight·small/(Σ commitments of the share).
func TestHurdle_ValidateEnvShareBounds(t *testing.T) {
	sh := func(w string, promote bool, parties ...tranche.PartyID) tranche.Share {
		return tranche.Share{Parties: parties, Weight: d(w), Promote: promote}
	}
	pair := func(big string, w string) ([]tranche.Share, []string) {
		one := d("1").Sub(d(w)).String()
		return []tranche.Share{sh(w, false, "big", "small"), sh(one, true, "gp")}, []string{"big", big, "small", "1", "gp", "0"}
	}
	type tc struct {
		name    string
		shares  []tranche.Share
		commits []string
		fails   bool   // "small" (investors[1]) is reported, out of range
		msg     string // in the message, when not empty
	}
	var cases []tc
	add := func(name, big, w string, fails bool, msg string) {
		s, c := pair(big, w)
		cases = append(cases, tc{name, s, c, fails, msg})
	}
	// 0.8·1/800,000,000,000 = 10^-12 exactly: at the bound, allowed.
	add("exactly 1e-12", "799999999999", "0.8", false, "")
	// 0.8/800,000,000,001 = 9.9999999999875·10^-13: below.
	add("a hair below 1e-12", "800000000000", "0.8", true, "")
	add("a hair above 1e-12", "799999999998", "0.8", false, "")
	// 0.9/8·10^12 = 1.125·10^-13, shown to three digits half up: 1.13e-13.
	add("1.125e-13 shown as 1.13e-13", "7999999999999", "0.9", true, `"small" gets 1.13e-13 of each tier dollar, less than 1e-12`)
	// 0.9/(10^45 + 1) ≈ 9·10^-46 is 0 at 40 places: shown as below 1e-40,
	// and out of range (small has a commitment), not "no part" (every
	// case checks that).
	add("below 1e-40", "1"+strings.Repeat("0", 45), "0.9", true, `"small" gets less than 1e-40 of each tier dollar`)
	// small = 2·10^28 − 8 of 10^40 at weight 0.5: (10^28 − 4)/10^40 =
	// 10^-12 − 4·10^-40, exact at 40 places: below.
	add("1e-12 less 4e-40", "9999999999980000000000000000000000000008", "0.5", true, "")
	cases[len(cases)-1].commits[3] = "19999999999999999999999999992"
	// small = 2·10^29 − 8 of 10^41: 10^-12 − 4·10^-41, which rounds up
	// to 10^-12 at 40 places: allowed.
	add("1e-12 less 4e-41", "99999999999800000000000000000000000000008", "0.5", false, "")
	cases[len(cases)-1].commits[3] = "199999999999999999999999999992"
	// Equal shares: small and x have no commitment, so each gets w/2.
	equal := func(name, w string, fails bool) {
		one := d("1").Sub(d(w)).String()
		cases = append(cases, tc{name, []tranche.Share{sh(one, false, "big"), sh(w, false, "small", "x")},
			[]string{"big", "1", "small", "0", "x", "0", "gp", "0"}, fails, ""})
	}
	equal("equal shares, 1e-12 less 4e-40", "0.0000000000019999999999999999999999999992", true)
	equal("equal shares, 1e-12 less 4e-41", "0.00000000000199999999999999999999999999992", false)
	equal("equal shares, exactly 1e-12", "0.000000000002", false)
	// small's shares add up: 0.4/(10^16 + 1) + 0.4, far above the bound.
	cases = append(cases, tc{"two shares add", []tranche.Share{sh("0.4", false, "big", "small"), sh("0.4", false, "small"), sh("0.2", true, "gp")},
		[]string{"big", "10000000000000000", "small", "1", "gp", "0"}, false, ""})
	// A promote share is not part of the investor's tier share:
	// 0.8/(10^16 + 1) ≈ 8·10^-17 is below the bound.
	cases = append(cases, tc{"a promote share does not count", []tranche.Share{sh("0.8", false, "big", "small"), sh("0.2", true, "small")},
		[]string{"big", "10000000000000000", "small", "1"}, true, ""})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("big", "small"), Rate: annual("0.12"), Shares: c.shares})
			require.NoError(t, err)
			err = tranche.ValidateEnv(h, envOf(t, 1, c.commits...))
			if !c.fails {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, contract.ErrRange)
			require.NotContains(t, err.Error(), "gets no part")
			require.Equal(t, []string{"investors[1]"}, paths(err))
			require.Contains(t, err.Error(), c.msg)
		})
	}
}

// TestDebt_ValidateEnvDefaultRates checks default interest, the cash rate
// plus DefaultMargin, over the deal's longest period, continuous on
// ACT/365F, whose bound is |r|·t ≤ 1000. Period 1 is the longest, 911
// days (2025-02-01 to 2027-08-01); periods 0 and 2 are 31 days, short
// enough for a cash rate of ±900 there (900·31/365 ≈ 76). The highest
// and the lowest cash rates are both checked over period 1:
//   - highest 401 = 400 + 1: 401·911/365 ≈ 1000.85, beyond (400 − 1 would
//     be 995.9, within);
//   - lowest −900 + 0.01: 899.99·911/365 ≈ 2246, beyond, while the highest
//     plus the margin, 0.06, is far within;
//   - no margin, no default interest: nothing is checked, though the cash
//     rate 401 over period 1 would be beyond.
func TestDebt_ValidateEnvDefaultRates(t *testing.T) {
	ps := []contract.Period{
		{Index: 0, Start: contract.Date(2025, 1, 1), End: contract.Date(2025, 2, 1)},
		{Index: 1, Start: contract.Date(2025, 2, 1), End: contract.Date(2027, 8, 1)},
		{Index: 2, Start: contract.Date(2027, 8, 1), End: contract.Date(2027, 9, 1)},
	}
	debt := func(index [3]string, margin string) *tranche.Debt {
		var fix []contract.IndexFixing
		for i, r := range index {
			fix = append(fix, contract.IndexFixing{Date: ps[i].Start, Rate: d(r)})
		}
		l := contract.Loan{Commitment: d("100000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("100000")}},
			Rate:     contract.Rate{Compounding: contract.Continuous, DayCount: contract.ACT365F},
			Floating: &contract.FloatingRate{Index: fix}, Maturity: ps[2].End, DefaultMargin: d(margin)}
		plan, err := l.Plan(ps, 2)
		require.NoError(t, err)
		return tranche.Must(tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan}))
	}
	env := tranche.Env{Parties: partiesOf("bank", "0"), Periods: ps, Scale: 2}
	for _, c := range []struct {
		name   string
		index  [3]string
		margin string
		rate   string // of the error, when one is wanted
	}{
		{"highest plus margin beyond", [3]string{"0.05", "0.05", "400"}, "1", "40100%"},
		{"highest plus margin within", [3]string{"0.05", "0.05", "399"}, "1", ""},
		{"lowest plus margin beyond", [3]string{"-900", "0.05", "0.05"}, "0.01", "-89999%"},
		{"no margin", [3]string{"0.05", "0.05", "401"}, "0", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := tranche.ValidateEnv(debt(c.index, c.margin), env)
			if c.rate == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, contract.ErrRange)
			require.Equal(t, []string{"plan.default_margin"}, paths(err))
			require.Contains(t, err.Error(), c.rate+" continuous ACT/365F over period 1, 2025-02-01 to 2027-08-01")
		})
	}
}

// TestPreferredEquity_ValidateEnvFirstOfLongest checks a coupon over two
// periods of the same length, 1,826 days each on ACT/365F (2025–2030 and
// 2030–2035, each with one 29 February): 300% continuous grows by
// e^(300·1826/365) ≈ e^1501 over either, and the error names the first.
func TestPreferredEquity_ValidateEnvFirstOfLongest(t *testing.T) {
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("PE"),
		Coupon: contract.Rate{Annual: d("300"), Compounding: contract.Continuous, DayCount: contract.ACT365F}, Redemption: contract.Date(2035, 1, 1)}))
	ps := []contract.Period{
		{Index: 0, Start: contract.Date(2025, 1, 1), End: contract.Date(2030, 1, 1)},
		{Index: 1, Start: contract.Date(2030, 1, 1), End: contract.Date(2035, 1, 1)},
	}
	err := tranche.ValidateEnv(pe, tranche.Env{Parties: partiesOf("PE", "1"), Periods: ps, Scale: 2})
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"coupon"}, paths(err))
	require.Contains(t, err.Error(), "over period 0, 2025-01-01 to 2030-01-01")
}
