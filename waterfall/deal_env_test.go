package waterfall_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// hostileDeal is a deal over years yearly periods from 2025 in which the
// parties given as ID, commitment pairs each put in their commitment at
// the start and the deal sells at the end for 1,000,000, paid through
// stack.
func hostileDeal(t *testing.T, years int, stack tranche.Tranche, pairs ...string) *waterfall.Deal {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2025+years, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	d := &waterfall.Deal{Currency: "USD", Scale: 2, Periods: periods, Stack: stack,
		Proceeds: []contract.Flow{{Date: periods[len(periods)-1].End, Amount: dec("1000000")}}}
	for i := 0; i+1 < len(pairs); i += 2 {
		p := waterfall.Party{ID: tranche.PartyID(pairs[i]), Commitment: dec(pairs[i+1])}
		d.Parties = append(d.Parties, p)
		if p.Commitment.Sign() > 0 {
			d.Contributions = append(d.Contributions, waterfall.Contribution{Date: periods[0].End, Party: p.ID, Amount: p.Commitment})
		}
	}
	return d
}

// overContributed has "small" put in 1,000 more than its commitment at
// the start, so that its hurdle, not "big"'s, sets the tier.
func overContributed(d *waterfall.Deal) *waterfall.Deal {
	d.Contributions = append(d.Contributions, waterfall.Contribution{Date: d.Periods[0].End, Party: "small", Amount: dec("1000")})
	return d
}

// tierStack is a hurdle tier at rate for "big" and "small", who share
// 80% of it by commitment, then a split.
func tierStack(rate contract.Rate) tranche.Tranche {
	shares := []tranche.Share{{Parties: []tranche.PartyID{"big", "small"}, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"gp"}, Weight: dec("0.2"), Promote: true}}
	return tranche.Sequence(
		tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: []tranche.PartyID{"big", "small"}, Rate: rate, Shares: shares})),
		tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: shares})))
}

// TestDeal_Validate_env keeps the terms of issue 17 that passed Validate
// and broke the run: each is now reported by Validate (and so by Run,
// before any work), with the tranche and field.
//   - a hurdle class where one investor's commitment is 1e-16 of the
//     other's, and who put in more than it committed, with a 1000%
//     continuous hurdle over 20 years: the run ended in ErrInvariant, "no
//     tier amount pays every investor its hurdle after 64 steps";
//   - a class member whose share of the tier rounds to zero at 16 places:
//     "gets no part of the tier (no commitment in its share)" at run time,
//     although it has a commitment;
//   - a 100,000% daily pref over three years: "growth factor beyond
//     e^±1000" when it accrued;
//   - parties named by the stack that the deal does not have: the run
//     failed at the first payment, with no path.
func TestDeal_Validate_env(t *testing.T) {
	continuous := contract.Rate{Annual: dec("10"), Compounding: contract.Continuous}
	pref := func(parties ...tranche.PartyID) tranche.Tranche {
		return tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: parties,
			Rate: contract.Rate{Annual: dec("1000"), Compounding: contract.Daily}}))
	}
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP", "LP2"}}))
	carry := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}}))
	cases := []struct {
		name string
		deal *waterfall.Deal
		is   error
		msg  string
	}{
		{"share of 8e-17", overContributed(hostileDeal(t, 20, tierStack(continuous), "big", "10000000000000000", "small", "1", "gp", "0")), contract.ErrRange,
			`stack: tranche "tier": investors[1]: "small" gets 8e-17 of each tier dollar, less than 1e-12 (its commitment is a sliver of its class's): out of range`},
		{"share that rounds to zero", hostileDeal(t, 10, tierStack(contract.Rate{Annual: dec("0.12"), Compounding: contract.Annual}), "big", "100000000000000000000", "small", "1", "gp", "0"), contract.ErrRange,
			`stack: tranche "tier": investors[1]: "small" gets 8e-21 of each tier dollar, less than 1e-12 (its commitment is a sliver of its class's): out of range`},
		{"100,000% daily pref", hostileDeal(t, 4, tranche.Sequence(pref("LP"), carry), "LP", "1000", "GP", "0"), contract.ErrRange,
			`stack: tranche "pref": rate: 100000% daily ACT/365F from the first period's end to the last's, 2026-01-01 to 2029-01-01: growth factor beyond e^±1000: out of range`},
		{"unknown parties", hostileDeal(t, 3, tranche.Sequence(roc, carry), "LP", "1000"), tranche.ErrUnknownParty,
			"stack: tranche \"capital\": parties[1]: unknown party \"LP2\"\nstack: tranche \"carry\": shares[1].parties[0]: unknown party \"GP\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.deal.Validate()
			require.ErrorIs(t, err, c.is)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Equal(t, c.msg, err.Error())
			for _, e := range contract.Errors(err) {
				var fe *contract.FieldError
				require.True(t, errors.As(e, &fe))
				require.Equal(t, "stack", fe.Path)
			}
			res, runErr := waterfall.Run(c.deal)
			require.Nil(t, res)
			require.Equal(t, err.Error(), runErr.Error())
		})
	}
	// Over 3 yearly periods (two years from the contribution) the pref is
	// in range, and the deal runs.
	_, err := waterfall.Run(hostileDeal(t, 3, tranche.Sequence(pref("LP"), carry), "LP", "1000", "GP", "0"))
	require.NoError(t, err)
}
