package fund_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// fieldErrors returns the field errors in err by path.
func fieldErrors(err error) map[string]error {
	got := map[string]error{}
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *contract.FieldError
		if errors.As(e, &fe) {
			got[fe.Path] = fe.Err
		}
	}
	walk(err)
	return got
}

// TestFund_ValidateCallParties: a call that names only parties without a
// commitment has nobody to call from, unless it calls nothing; a call
// naming a committed investor is valid, and is called from it alone.
func TestFund_ValidateCallParties(t *testing.T) {
	f := amFund(t, fund.Terms{})
	f.Investments[0].Calls = append(f.Investments[0].Calls, waterfall.Call{Date: contract.Date(2022, 12, 31), Amount: dec("0.01"), Parties: []tranche.PartyID{"GP"}})
	got := fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	require.ErrorIs(t, got["investments[0].calls[1].parties"], contract.ErrInvalid)

	f.Investments[0].Calls[1].Amount = dec("0")
	require.NoError(t, f.Validate())

	f.Investments[0].Calls[1] = waterfall.Call{Date: contract.Date(2022, 12, 31), Amount: dec("0.01"), Parties: []tranche.PartyID{"LP-B"}}
	require.NoError(t, f.Validate())
	res, err := fund.Run(f)
	require.NoError(t, err)
	b, _ := res.Party("LP-B")
	// LP-B: 40% of 100M called by commitment, plus the cent called from it alone.
	require.Equal(t, "40000000.01", b.Contributed.String())

	// Listed twice, LP-B would be called twice its share: refused, at the
	// second listing.
	f.Investments[0].Calls[1].Parties = []tranche.PartyID{"LP-B", "LP-A", "LP-B"}
	got = fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	require.ErrorIs(t, got["investments[0].calls[1].parties[2]"], contract.ErrInvalid)
	_, err = fund.Run(f)
	require.ErrorIs(t, err, contract.ErrInvalid)
}

// TestFund_ValidateStackTerms: an investment's stack whose own terms are
// invalid is reported even when its parties and dates fit the fund.
func TestFund_ValidateStackTerms(t *testing.T) {
	f := amFund(t, fund.Terms{})
	f.Investments[0].Stack = &tranche.Split{Name: "Alpha/split", Shares: []tranche.Share{{Parties: amInvestors, Weight: dec("-1")}}}
	got := fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	require.ErrorIs(t, got["investments[0].stack"], contract.ErrInvalid)
}

// TestFund_ValidateInterimMessage: an interim checkpoint on the same date
// as the one before it is out of order, and the message names both.
func TestFund_ValidateInterimMessage(t *testing.T) {
	d := contract.Date(2023, 12, 31)
	f := amFund(t, fund.Terms{Clawback: fund.Clawback{Interim: []time.Time{d, d}}})
	got := fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	err := got["american.clawback.interim[1]"]
	require.ErrorIs(t, err, contract.ErrOrder)
	require.EqualError(t, err, "2023-12-31 is not after 2023-12-31: out of order")
}

// TestFund_ValidateNoPeriods: a fund without periods is reported, and its
// dates are not checked against a schedule it does not have (no panic).
func TestFund_ValidateNoPeriods(t *testing.T) {
	f := amFund(t, fund.Terms{Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2023, 12, 31)}}})
	f.Periods = nil
	var err error
	require.NotPanics(t, func() { err = f.Validate() })
	require.ErrorIs(t, err, contract.ErrInvalid)
	got := fieldErrors(err)
	for path := range got {
		require.NotContains(t, path, "date", "a date checked against no schedule: %v", got)
	}
}

// TestFund_ValidateTrancheIDOwners: a tranche ID that clashes names whose
// it is — the engine's, or another investment's, found below the top of
// the stack.
func TestFund_ValidateTrancheIDOwners(t *testing.T) {
	f := amFund(t, fund.Terms{})
	f.Investments[0].Stack = &tranche.Split{Name: fund.ClawbackTranche, Shares: []tranche.Share{{Parties: amInvestors, Weight: dec("1")}}}
	got := fieldErrors(f.Validate())
	require.ErrorIs(t, got["investments[0].stack"], tranche.ErrDuplicateID)
	require.ErrorContains(t, got["investments[0].stack"], `tranche "clawback": also used by the engine`)

	f = amFund(t, fund.Terms{})
	// Beta's stack holds Alpha's whole stack below a new top.
	f.Investments[1].Stack = tranche.Sequence(amStack(t, "Beta/"), f.Investments[0].Stack)
	got = fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	require.ErrorIs(t, got["investments[1].stack"], tranche.ErrDuplicateID)
	require.ErrorContains(t, got["investments[1].stack"], "also used by investment Alpha")
}

// TestFund_ValidateSelfHoldingStack: an investment whose stack holds
// itself is refused at its path, once, and the fund's other checks, which
// walk the investments' stacks for their IDs, skip it rather than walk
// it without end.
func TestFund_ValidateSelfHoldingStack(t *testing.T) {
	f := amFund(t, fund.Terms{})
	self := &tranche.Sequential{}
	self.Tranches = []tranche.Tranche{self}
	f.Investments[0].Stack = self
	got := fieldErrors(f.Validate())
	require.Len(t, got, 1, "%v", got)
	require.ErrorIs(t, got["investments[0].stack"], contract.ErrRange)
}
