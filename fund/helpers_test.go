package fund_test

import (
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// dec is the tests' decimal literal.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// paidBy sums the ledger by tranche and party.
func paidBy(res *fund.Result, tr tranche.TrancheID, party tranche.PartyID) decimal.Decimal {
	total := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Tranche == tr && p.Party == party {
			total = total.Add(p.Amount)
		}
	}
	return total
}
