// Package report asks questions of a run: given a [waterfall.Result], who
// was paid before a party and how much cash the deal had to produce first
// ([FirstPaymentOf] and its Breakpoint), when a party got its money back
// ([PaybackOf]) and when it made its first profit, the first minor unit
// beyond payback ([FirstProfitOf]), which tiers paid it ([ByTranche]),
// how it did ([SummaryOf], [Summaries]: totals, multiples, rates of
// return, all of the above in one [Summary] with a JSON form), and what
// the run looks like period by period, month, quarter or year
// ([NewLedger], written as a table, CSV or JSON by the [Ledger]'s
// methods). [GroupDigits] formats amounts for people. The summaries and
// the payments are written as tables and CSV by [WriteSummaryTable],
// [WriteSummaryCSV], [WritePaymentsTable] and [WritePaymentsCSV], and
// a [Document] holds all of it for a program: [NewDocument] makes one and
// its JSON form is what a service returns for a deal.
//
// # Periods
//
// Periods are numbered from 0 everywhere: in the Go values
// ([contract.Period].Index, a payment's Period, a Payback's Period), in
// the JSON, in the CSV and in the tables. Period 0 is the first period of
// the deal's schedule, the one that ends first, and period i is
// Result.Periods[i]. The ledger by period labels its rows the same way.
//
// Every function reads the Result and changes nothing, so one Result can
// be reported on many times, and the answers of one question never
// depend on how another was asked: a [Summary]'s First is what
// [FirstPaymentOf] returns, and its FirstProfit what [FirstProfitOf] does.
//
// # Transfers between parties
//
// A fund's carry paid into an escrow account, a clawback returned to an
// investor or an escrow released to the sponsor are payments From one
// party to another. Report counts them as payments to the party that
// receives them (it is paid, and its Distributed total says so) and
// against the party that makes them (its PaidOut), but never as cash the
// deal produced: a Breakpoint counts only the deal's own payments, so no
// dollar is counted twice.
//
// # Rounding
//
// Amounts are exact: nothing here rounds money. Multiples are rounded half
// away from zero to [metrics.MultiplePlaces] decimal places; rates of
// return are float64, as package metrics computes them. The writers fix
// amounts to the deal's scale ("1234.50"), and the table adds thousands
// separators.
//
// # Errors
//
// Every function returns an error, never panics, for a nil Result or
// Ledger ([contract.ErrRequired]), and one wrapping
// [tranche.ErrUnknownParty] for a party not in the deal. An undefined
// argument (a payment kind, an aggregation, a negative NAV) is a
// [contract.FieldError] or wraps [contract.ErrInvalid] or
// [contract.ErrRange]. A ledger that does not add up, which the engine
// never produces but a Result built by hand can, is [tranche.ErrInvariant].
// The questions read the ledger of payments, so a Result of a totals-only
// run is an error wrapping [waterfall.ErrNoLedger].
// A rate of return that is not defined is not an error: a [Summary] says
// why in its RateErr.
//
// # Concurrency
//
// Functions only read the Result, so any number of them may run on one
// Result at once, as long as nothing modifies it. A [Ledger] and a
// [Summary] are values owned by the caller; their methods only read them.
package report
