package contract_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestCapitalCall_FundBoundaries checks the call's limits exactly at the
// limit and one unit beyond it.
func TestCapitalCall_FundBoundaries(t *testing.T) {
	ab := []contract.Commitment{{"A", dec("50")}, {"B", dec("50")}}
	valid := []struct {
		name   string
		call   contract.CapitalCall
		called []string
	}{
		// Nothing called from nobody with a commitment: no error, nothing called.
		{"zero amount, zero commitments", contract.CapitalCall{Amount: dec("0"), Commitments: []contract.Commitment{{"A", dec("0")}}}, []string{"0"}},
		// A zero commitment is allowed and is called nothing.
		{"a zero commitment", contract.CapitalCall{Amount: dec("10.01"), Commitments: []contract.Commitment{{"A", dec("0")}, {"B", dec("3")}}}, []string{"0", "10.01"}},
		// A penalty of exactly 1 is allowed (the same as 0).
		{"penalty 1", contract.CapitalCall{Amount: dec("100"), Commitments: ab, Penalty: dec("1")}, []string{"50", "50"}},
		// An amount in whole cents at scale 2.
		{"whole cents", contract.CapitalCall{Amount: dec("0.01"), Commitments: ab}, []string{"0.01", "0"}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call.Fund(2)
			require.NoError(t, err)
			var got []string
			for _, s := range res.Shares {
				got = append(got, s.Called.String())
			}
			require.Equal(t, tc.called, got)
		})
	}
	invalid := []struct {
		name string
		call contract.CapitalCall
		want map[string]error
	}{
		{"amount one cent below zero", contract.CapitalCall{Amount: dec("-0.01"), Commitments: ab},
			map[string]error{"amount": contract.ErrNegative}},
		{"a commitment one cent below zero", contract.CapitalCall{Amount: dec("1"), Commitments: []contract.Commitment{{"A", dec("-0.01")}, {"B", dec("1")}}},
			map[string]error{"commitments[0].amount": contract.ErrNegative}},
		{"one cent called from zero commitments", contract.CapitalCall{Amount: dec("0.01"), Commitments: []contract.Commitment{{"A", dec("0")}}},
			map[string]error{"commitments": contract.ErrRequired}},
		{"penalty just below 1", contract.CapitalCall{Amount: dec("1"), Commitments: ab, Penalty: dec("0.9999")},
			map[string]error{"penalty": contract.ErrRange}},
		{"a tenth of a cent", contract.CapitalCall{Amount: dec("10.005"), Commitments: ab},
			map[string]error{"amount": contract.ErrRange}},
		{"a party without an ID", contract.CapitalCall{Amount: dec("1"), Commitments: []contract.Commitment{{"", dec("1")}}},
			map[string]error{"commitments[0].party": contract.ErrRequired}},
		{"a default listed twice, funding more than all", contract.CapitalCall{Amount: dec("1"), Commitments: ab,
			Defaults: []contract.Default{{"A", dec("0")}, {"A", dec("1.01")}}},
			map[string]error{"defaults[1].party": contract.ErrInvalid, "defaults[1].funded": contract.ErrRange}},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.call.Fund(2)
			requireFields(t, err, tc.want)
		})
	}
	t.Run("scale", func(t *testing.T) {
		for _, scale := range []int32{-1, 9} {
			_, err := contract.CapitalCall{Amount: dec("1"), Commitments: ab}.Fund(scale)
			requireFields(t, err, map[string]error{"scale": contract.ErrRange})
		}
		for _, scale := range []int32{0, 8} {
			_, err := contract.CapitalCall{Amount: dec("1"), Commitments: ab}.Fund(scale)
			require.NoError(t, err, "scale %d", scale)
		}
	})
}

// TestCapitalCall_FundDefaultsInCents checks defaults and dilution on
// amounts that are not round, each worked out by hand.
func TestCapitalCall_FundDefaultsInCents(t *testing.T) {
	type share struct{ Called, Funded, Unfunded, Cover, Contributed, Diluted string }
	tests := []struct {
		name              string
		call              contract.CapitalCall
		want              []share
		raised, uncovered string
	}{
		{
			// A "defaults" funding all of its call: it is not a defaulter
			// and covers B. Called 50 each; B funds 25 and A covers the
			// other 25. Penalty 1: B's commitment falls 25 to 25, A's rises
			// to 75.
			name: "funding exactly all is no default",
			call: contract.CapitalCall{Amount: dec("100"), Commitments: []contract.Commitment{{"A", dec("50")}, {"B", dec("50")}},
				Defaults: []contract.Default{{"A", dec("1")}, {"B", dec("0.5")}}},
			want:   []share{{"50", "50", "0", "25", "75", "75"}, {"50", "25", "25", "0", "25", "25"}},
			raised: "100", uncovered: "0",
		},
		{
			// Called 10.02 each. B funds 10.02 × 0.333 = 3.33666 → 3.33
			// (down), so 6.69 unfunded, covered by A. Penalty 1: B's cut is
			// min(1, 6.69) = 1, its whole commitment, which moves to A.
			name: "funded share rounded down to the cent",
			call: contract.CapitalCall{Amount: dec("20.04"), Commitments: []contract.Commitment{{"A", dec("1")}, {"B", dec("1")}},
				Defaults: []contract.Default{{"B", dec("0.333")}}},
			want:   []share{{"10.02", "10.02", "0", "6.69", "16.71", "2"}, {"10.02", "3.33", "6.69", "0", "3.33", "0"}},
			raised: "20.04", uncovered: "0",
		},
		{
			// B has no commitment, so nobody can cover A's half: 5 stays
			// uncovered and nobody is diluted.
			name: "a zero commitment covers nothing",
			call: contract.CapitalCall{Amount: dec("10"), Commitments: []contract.Commitment{{"A", dec("10")}, {"B", dec("0")}},
				Defaults: []contract.Default{{"A", dec("0.5")}}},
			want:   []share{{"10", "5", "5", "0", "5", "10"}, {"0", "0", "0", "0", "0", "0"}},
			raised: "5", uncovered: "5",
		},
		{
			// Split 40.00 by 10.019 : 10: A's exact share is 400.76 / 20.019
			// = 20.01898…, B's 400 / 20.019 = 19.98101…; floors 20.01 and
			// 19.98 leave a cent for the larger remainder, A's: 20.02 and
			// 19.98. A funds nothing; B covers 20.02. A's cut is min(10.019
			// rounded down to the cent = 10.01, 20.02) = 10.01, so A keeps
			// 0.009 and B gets 10 + 10.01 = 20.01.
			name: "the cut is at most the commitment rounded down to the cent",
			call: contract.CapitalCall{Amount: dec("40.00"), Commitments: []contract.Commitment{{"A", dec("10.019")}, {"B", dec("10")}},
				Defaults: []contract.Default{{"A", dec("0")}}},
			want:   []share{{"20.02", "0", "20.02", "0", "0", "0.009"}, {"19.98", "19.98", "0", "20.02", "40", "20.01"}},
			raised: "40", uncovered: "0",
		},
		{
			// Called 6.66 each; B funds 3.33 and A covers 3.33. Penalty
			// 1.5: B's cut is 3.33 × 1.5 = 4.995, rounded down to 4.99, so
			// B goes to 95.01 and A to 104.99.
			name: "the penalty's cut rounded down to the cent",
			call: contract.CapitalCall{Amount: dec("13.32"), Penalty: dec("1.5"), Commitments: []contract.Commitment{{"A", dec("100")}, {"B", dec("100")}},
				Defaults: []contract.Default{{"B", dec("0.5")}}},
			want:   []share{{"6.66", "6.66", "0", "3.33", "9.99", "104.99"}, {"6.66", "3.33", "3.33", "0", "3.33", "95.01"}},
			raised: "13.32", uncovered: "0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call.Fund(2)
			require.NoError(t, err)
			var got []share
			for _, s := range res.Shares {
				got = append(got, share{s.Called.String(), s.Funded.String(), s.Unfunded.String(), s.Cover.String(), s.Contributed.String(), s.Diluted.String()})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Fund() mismatch (-want +got):\n%s", diff)
			}
			require.Equal(t, tc.raised, res.Raised.String())
			require.Equal(t, tc.uncovered, res.Uncovered.String())
		})
	}
}
