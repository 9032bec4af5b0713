// Package source turns contracts into cash a deal receives or pays each
// period before its stack: the seller's take-or-pay income
// ([TakeOrPayIncome]), a loan's draws that fund the deal ([LoanFunding]),
// energy and operating costs ([EnergyCost], [OpexCost]) and a capital
// expenditure refresh called from the partners ([CapexRefresh]). Each is a
// [waterfall.Source]: put it in [waterfall.Deal].Sources, and its lines
// show in each period's [waterfall.PeriodSummary].Sources.
//
// The terms live in package contract and are written once: a take-or-pay
// contract is income here and a senior claim in the buyer's stack
// ([tranche.TakeOrPay]); a loan is funding here and a claim in the stack
// ([tranche.Debt]).
//
// # Rounding
//
// Each source's cash is whole minor units of the deal's scale, rounded as
// its contract says (see the contract types' docs). Each is also a
// [waterfall.UnitSource]: CashUnits gives the same amounts as counts of
// minor units, which a run adds without making a decimal of each.
//
// # Errors
//
// Cash returns the errors of the contract's terms, as [contract.FieldError]s
// under the source's fields ("terms.obsolescence.date"); the engine puts
// them under the source's path in the deal ("sources[2]").
//
// # Concurrency
//
// Sources are immutable values: one may be used by many runs at once.
package source
