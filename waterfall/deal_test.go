package waterfall_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// validDeal is a small deal that passes Validate; each case below breaks
// one thing in it.
func validDeal(t *testing.T) *waterfall.Deal {
	t.Helper()
	periods, err := contract.Explicit(contract.Date(2020, 12, 31),
		contract.Date(2021, 6, 30), contract.Date(2021, 12, 31), contract.Date(2022, 12, 31))
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP1", "LP2"}})
	require.NoError(t, err)
	carry, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP1", "LP2"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "valid", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP1", Commitment: dec("600")}, {ID: "LP2", Commitment: dec("400")}, {ID: "GP", Role: waterfall.RoleSponsor},
		},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2021, 3, 1), Party: "LP1", Amount: dec("10")}},
		Calls: []waterfall.Call{
			{Date: contract.Date(2021, 6, 30), Amount: dec("500")},
			{Date: contract.Date(2021, 12, 31), Amount: dec("500"), Parties: []tranche.PartyID{"LP1", "LP2"}},
		},
		Proceeds: []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: dec("1500")}},
		Costs:    []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: dec("10")}},
		Stack:    tranche.Sequence(roc, carry),
	}
}

// errPaths returns the Path of every FieldError joined in err.
func errPaths(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *contract.FieldError
		if errors.As(err, &fe) {
			out = append(out, fe.Path)
		}
	}
	walk(err)
	return out
}

func TestDeal_Validate(t *testing.T) {
	require.NoError(t, validDeal(t).Validate())
	cases := []struct {
		name  string
		spoil func(d *waterfall.Deal)
		paths []string
		is    error
	}{
		{"no currency", func(d *waterfall.Deal) { d.Currency = "" }, []string{"currency"}, contract.ErrInvalid},
		{"currency in lower case", func(d *waterfall.Deal) { d.Currency = "usd" }, []string{"currency"}, contract.ErrInvalid},
		{"currency with a sign", func(d *waterfall.Deal) { d.Currency = "US$" }, []string{"currency"}, contract.ErrInvalid},
		{"scale", func(d *waterfall.Deal) { d.Scale = 9 }, []string{"scale"}, contract.ErrRange},
		{"rounding", func(d *waterfall.Deal) { d.Rounding = 7 }, []string{"rounding"}, contract.ErrRange},
		{"no parties", func(d *waterfall.Deal) { d.Parties = nil; d.Calls = nil; d.Contributions = nil }, []string{"parties"}, contract.ErrRequired},
		{"party without id", func(d *waterfall.Deal) { d.Parties[2].ID = "" }, []string{"parties[2].id"}, contract.ErrRequired},
		{"duplicate party", func(d *waterfall.Deal) { d.Parties[2].ID = "LP1" }, []string{"parties[2].id"}, contract.ErrInvalid},
		{"negative commitment", func(d *waterfall.Deal) { d.Parties[1].Commitment = dec("-1") }, []string{"parties[1].commitment"}, contract.ErrNegative},
		{"no periods", func(d *waterfall.Deal) { d.Periods = nil }, []string{"periods"}, contract.ErrRequired},
		{"period index", func(d *waterfall.Deal) { d.Periods[1].Index = 5 }, []string{"periods[1].index"}, contract.ErrOrder},
		{"period ends before it starts", func(d *waterfall.Deal) { d.Periods[0].End = d.Periods[0].Start }, // The period is now empty, so the flows dated in it fall outside the schedule too.
			[]string{"periods[0].end", "periods[1].start", "contributions[0].date", "calls[0].date"}, contract.ErrOrder},
		{"gap between periods", func(d *waterfall.Deal) { d.Periods[2].Start = contract.Date(2022, 1, 2) }, []string{"periods[2].start"}, contract.ErrOrder},
		{"contribution by a stranger", func(d *waterfall.Deal) { d.Contributions[0].Party = "X" }, []string{"contributions[0].party"}, tranche.ErrUnknownParty},
		{"negative contribution", func(d *waterfall.Deal) { d.Contributions[0].Amount = dec("-10") }, []string{"contributions[0].amount"}, contract.ErrNegative},
		{"contribution before the schedule", func(d *waterfall.Deal) { d.Contributions[0].Date = contract.Date(2020, 12, 31) }, []string{"contributions[0].date"}, contract.ErrRange},
		{"call with a fraction of a cent", func(d *waterfall.Deal) { d.Calls[1].Amount = dec("500.001") }, []string{"calls[1].amount"}, tranche.ErrNotQuantized},
		{"call after the schedule", func(d *waterfall.Deal) { d.Calls[0].Date = contract.Date(2023, 1, 1) }, []string{"calls[0].date"}, contract.ErrRange},
		{"call on a stranger", func(d *waterfall.Deal) { d.Calls[1].Parties[1] = "X" }, []string{"calls[1].parties[1]"}, tranche.ErrUnknownParty},
		// A party called twice would pay twice its share, and every other
		// party less.
		{"call on a party twice", func(d *waterfall.Deal) { d.Calls[1].Parties = []tranche.PartyID{"LP1", "LP2", "LP1"} }, []string{"calls[1].parties[2]"}, contract.ErrInvalid},
		{"twice in each of two calls", func(d *waterfall.Deal) {
			d.Calls[0].Parties = []tranche.PartyID{"LP2", "LP2"}
			d.Calls[1].Parties = []tranche.PartyID{"LP2", "LP1", "LP1"}
		}, []string{"calls[0].parties[1]", "calls[1].parties[2]"}, contract.ErrInvalid},
		{"fees on a party twice", func(d *waterfall.Deal) {
			d.Fees = &waterfall.Fees{Parties: []tranche.PartyID{"LP2", "LP1", "LP2"}}
		}, []string{"fees.parties[2]"}, contract.ErrInvalid},
		{"call on nobody with a commitment", func(d *waterfall.Deal) { d.Calls[1].Parties = []tranche.PartyID{"GP"} }, []string{"calls[1].parties"}, contract.ErrInvalid},
		{"negative proceeds", func(d *waterfall.Deal) { d.Proceeds[0].Amount = dec("-1") }, []string{"proceeds[0].amount"}, contract.ErrNegative},
		{"cost with a fraction of a cent", func(d *waterfall.Deal) { d.Costs[0].Amount = dec("0.005") }, []string{"costs[0].amount"}, tranche.ErrNotQuantized},
		{"no stack", func(d *waterfall.Deal) { d.Stack = nil }, []string{"stack"}, contract.ErrRequired},
		{"bad split in the stack", func(d *waterfall.Deal) {
			d.Stack = tranche.Sequence(&tranche.Split{Name: "carry", Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP1"}, Weight: dec("0.95")}}})
		}, []string{"stack"}, contract.ErrInvalid},
		{"duplicate tranche ids", func(d *waterfall.Deal) {
			roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "x", Parties: []tranche.PartyID{"LP1"}})
			d.Stack = tranche.Sequence(roc, roc)
		}, []string{"stack"}, tranche.ErrDuplicateID},
		{"every problem at once", func(d *waterfall.Deal) {
			d.Currency = "US"
			d.Parties[0].Commitment = dec("-5")
			d.Proceeds[0].Amount = dec("1.234")
			d.Stack = nil
		}, []string{"currency", "parties[0].commitment", "proceeds[0].amount", "stack"}, contract.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := validDeal(t)
			c.spoil(d)
			err := d.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.ErrorIs(t, err, c.is)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, c.paths, errPaths(err))
			// Run refuses the deal with the same errors, without a panic.
			res, runErr := waterfall.Run(d)
			require.Nil(t, res)
			require.Equal(t, err.Error(), runErr.Error())
		})
	}
}

// requirePaths checks that err holds a field error at each path.
func requirePaths(t *testing.T, err error, paths ...string) {
	t.Helper()
	got := map[string]bool{}
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
			got[fe.Path] = true
		}
	}
	walk(err)
	for _, p := range paths {
		require.True(t, got[p], "no error at %q in:\n%v", p, err)
	}
}

// TestDeal_ValidateScale: 0 (yen) to 8 decimal places are valid; −1 and
// 9 are not.
func TestDeal_ValidateScale(t *testing.T) {
	for scale, paths := range map[int32][]string{-1: {"scale"}, 0: nil, 8: nil, 9: {"scale"}} {
		d := validDeal(t)
		d.Scale = scale
		require.Equal(t, paths, errPaths(d.Validate()), "scale %d", scale)
	}
}

// TestDeal_ValidateCallSharing: a call needs a party with a commitment
// to share it, and each call is judged on its own parties: a call on
// every party after a call on nobody committed is fine; a call of zero
// needs nobody; when nobody at all has a commitment, a call on every
// party fails.
func TestDeal_ValidateCallSharing(t *testing.T) {
	end := contract.Date(2021, 6, 30)
	for _, c := range []struct {
		name   string
		calls  []waterfall.Call
		nobody bool // no party has a commitment
		paths  []string
		runs   bool
	}{
		{"on nobody committed, then on everyone", []waterfall.Call{{Date: end, Amount: dec("5"), Parties: []tranche.PartyID{"GP"}}, {Date: end, Amount: dec("5")}}, false, []string{"calls[0].parties"}, false},
		{"zero on nobody committed", []waterfall.Call{{Date: end, Amount: dec("0"), Parties: []tranche.PartyID{"GP"}}}, false, nil, true},
		{"on everyone, nobody committed", []waterfall.Call{{Date: end, Amount: dec("5")}}, true, []string{"calls[0].parties"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := validDeal(t)
			d.Calls = c.calls
			if c.nobody {
				for i := range d.Parties {
					d.Parties[i].Commitment = dec("0")
				}
			}
			err := d.Validate()
			require.Equal(t, c.paths, errPaths(err))
			_, runErr := waterfall.Run(d)
			if c.runs {
				require.NoError(t, runErr)
			} else {
				require.Error(t, runErr)
			}
		})
	}
}

// TestRun_SourceErrors: sources are checked as they run, as Validate's
// doc says: a nil source, or one whose name is empty or used twice, is an
// error of Run and NewStepper naming it, never a panic.
func TestRun_SourceErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		sources []waterfall.Source
		path    string
		is      error
	}{
		{"nil source", []waterfall.Source{nil}, "sources[0]", contract.ErrRequired},
		{"source without a name", []waterfall.Source{quietSource("")}, "sources[0].name", contract.ErrInvalid},
		{"two sources of one name", []waterfall.Source{quietSource("rent"), quietSource("opex"), quietSource("rent")}, "sources[2].name", contract.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := validDeal(t)
			d.Sources = c.sources
			require.NoError(t, d.Validate())
			_, err := waterfall.Run(d)
			require.ErrorIs(t, err, c.is)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, c.path, fe.Path)
			_, err = waterfall.NewStepper(d)
			require.ErrorIs(t, err, c.is)
		})
	}
}

// quietSource is a source of no cash, named by its value.
type quietSource string

func (s quietSource) Name() string { return string(s) }
func (s quietSource) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	return make([]waterfall.SourceCash, len(periods)), nil
}
