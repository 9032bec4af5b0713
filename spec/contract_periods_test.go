package spec

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"

	"github.com/stretchr/testify/require"
)

// Contracts laid over the schedule: a debt tranche, a take-or-pay tranche
// and a contract source. Each is charged its deal's periods against
// MaxContractPeriods (docs/spec.md, "Limits" and "Work budget"), and none
// is laid over a schedule that could not be read.

const (
	contractLoan = `{"kind": "debt", "id": "loan", "lender": "Bank", "loan": {"commitment": "100.00",
		"draws": [{"date": "2025-06-30", "amount": "100.00"}], "rate": {"annual": "0.06", "compounding": "annual"}}}`
	contractOfftake = `{"kind": "take_or_pay", "id": "offtake", "seller": "Vendor", "terms": {"buyer": "JV", "seller": "Vendor",
		"start": "2024-12-31", "end": "2029-12-31", "minimum": "100", "price": "2.5"}, "usage": ["90", "120", "60", "100", "0"]}`
	contractIncome = `{"kind": "take_or_pay_income", "name": "offtake", "terms": {"buyer": "Utility", "seller": "JV",
		"start": "2024-12-31", "end": "2029-12-31", "minimum": "100", "price": "2.5"}, "usage": ["90", "120", "60", "100", "0"]}`
	contractEnergy = `{"kind": "energy_cost", "name": "power", "terms": {"load": ["0.002"], "price": ["60", "62", "65", "65", "70"]}}`
)

// contractDeal is a deal of docs/spec.md's source template (five annual
// periods) with the given stack and sources.
func contractDeal(stack, sources string) string {
	return `{"currency": "USD", "scale": 2,
		"parties": [{"id": "LP", "commitment": "3.00"}, {"id": "Bank", "role": "lender"}, {"id": "Vendor", "role": "other"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"sources": [` + sources + `],
		"stack": ` + stack + `}`
}

// TestDecoder_contractPeriods: each contract is charged the deal's five
// periods, the decoder's count of contract periods that the work budget
// and MaxContractPeriods read.
func TestDecoder_contractPeriods(t *testing.T) {
	roc := `{"kind": "return_of_capital", "id": "c", "parties": ["LP"]}`
	for name, c := range map[string]struct {
		stack, sources string
		want           int
	}{
		"none":        {roc, ``, 0},
		"debt":        {`{"kind": "sequence", "tranches": [` + contractLoan + `, ` + roc + `]}`, ``, 5},
		"take-or-pay": {`{"kind": "sequence", "tranches": [` + contractOfftake + `, ` + roc + `]}`, ``, 5},
		"source":      {roc, contractEnergy, 5},
		"all three":   {`{"kind": "sequence", "tranches": [` + contractLoan + `, ` + contractOfftake + `, ` + roc + `]}`, contractEnergy, 15},
	} {
		t.Run(name, func(t *testing.T) {
			d, root, err := parse([]byte(contractDeal(c.stack, c.sources)))
			require.NoError(t, err)
			require.NotNil(t, d.dealNode(root))
			require.NoError(t, d.err())
			require.Equal(t, c.want, d.work)
		})
	}
}

// TestDecodeDeal_contractsOnABadSchedule: a contract is not laid over a
// schedule that could not be read, and reports nothing of its own: the
// schedule's error is the only one, whether the contract is the stack, in
// the stack or a source.
func TestDecodeDeal_contractsOnABadSchedule(t *testing.T) {
	roc := `{"kind": "return_of_capital", "id": "c", "parties": ["LP"]}`
	for name, c := range map[string]struct{ stack, sources string }{
		"debt stack":        {contractLoan, ``},
		"take-or-pay stack": {contractOfftake, ``},
		"debt in a stack":   {`{"kind": "sequence", "tranches": [` + contractLoan + `, ` + roc + `]}`, ``},
		"source":            {roc, contractEnergy},
		"source with usage": {roc, contractIncome},
	} {
		t.Run(name, func(t *testing.T) {
			in := strings.Replace(contractDeal(c.stack, c.sources), `"frequency": "annual"`, `"frequency": "weekly"`, 1)
			_, err := UnmarshalDeal([]byte(in))
			var paths []string
			for _, fe := range fieldErrors(t, err) {
				paths = append(paths, fe.Path)
			}
			require.Equal(t, []string{"schedule.frequency"}, paths, "%v", err)
		})
	}
}

// TestDecodeFund_contractStacksOnABadSchedule is the same for a fund's
// stack and an investment's.
func TestDecodeFund_contractStacksOnABadSchedule(t *testing.T) {
	fund := strings.Replace(fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, ""), `"frequency": "annual"`, `"frequency": "weekly"`, 1)
	fund = strings.Replace(fund, `{"id": "Escrow", "role": "other"}`, `{"id": "Escrow", "role": "other"}, {"id": "Vendor", "role": "other"}`, 1)
	for name, in := range map[string]string{
		"fund stack": strings.Replace(fund, `"stack": {"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP", "GP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}`,
			`"stack": `+contractOfftake, 1),
		"investment stack": strings.Replace(fund, `"stack": {"kind": "return_of_capital", "id": "a-capital", "parties": ["LP", "GP"]}`, `"stack": `+contractOfftake, 1),
	} {
		t.Run(name, func(t *testing.T) {
			require.Contains(t, in, contractOfftake)
			_, err := UnmarshalFund([]byte(in))
			var paths []string
			for _, fe := range fieldErrors(t, err) {
				paths = append(paths, fe.Path)
			}
			require.Equal(t, []string{"schedule.frequency"}, paths, "%v", err)
		})
	}
}

// TestDecodeDeal_loanWithoutID: a debt tranche without an ID is an error
// at its "id", and is no loan a reserve can name: the reserve's reference
// to "" is an error of its own, whether the loan's terms are right or
// not.
func TestDecodeDeal_loanWithoutID(t *testing.T) {
	for name, loan := range map[string]string{
		"good terms": strings.Replace(contractLoan, `"id": "loan"`, `"id": ""`, 1),
		"bad terms":  strings.Replace(strings.Replace(contractLoan, `"id": "loan"`, `"id": ""`, 1), `"commitment": "100.00"`, `"commitment": "-100.00"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			in := contractDeal(`{"kind": "sequence", "tranches": [`+loan+`,
				{"kind": "reserve", "id": "dsra", "loans": [""], "amount": "10.00", "junior": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}]}`, ``)
			_, err := UnmarshalDeal([]byte(in))
			got := map[string]error{}
			for _, fe := range fieldErrors(t, err) {
				got[fe.Path] = fe
			}
			require.ErrorIs(t, got["stack.tranches[0].id"], contract.ErrRequired, "%v", err)
			require.ErrorIs(t, got["stack.tranches[1].loans[0]"], contract.ErrInvalid, "%v", err)
		})
	}
}
