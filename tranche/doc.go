// Package tranche holds the claims on a deal's distributable cash, in
// priority order, and the [Book] of per-party accounts they read.
//
// A [Tranche] is a value that describes a claim: return of capital
// ([ReturnOfCapital]), preferred return ([PreferredReturn]), catch-up
// ([CatchUp]), a residual split ([Split]), a venture exit's liquidation
// preferences ([CapTable]), and the claims other packages and users add. Combinators arrange them: [Sequence] pays in strict priority,
// [ProRata] pays pari passu and shares a shortfall by claim size, [Cap]
// limits what a claim may take, [Window] limits when. IRR, multiple and
// combined promote tiers are [Hurdle]s. So a European waterfall is
//
//	tranche.Sequence(roc, pref, catchUp, split)
//
// and a new structure is a new arrangement, not a new type.
//
// # Debt and the capital stack
//
// [Debt] serves a loan laid out by [contract.LoanPlan]; senior and
// mezzanine debt are two Debts in sequence, [PreferredEquity] sits between
// them and the common equity. Gates hold cash back from the tranches
// behind them: [Reserve] keeps a debt-service reserve, [Covenant] traps or
// sweeps cash while a DSCR or LTV test is breached. Held cash is recorded
// with [Book.Hold] and stays in the deal. Loans and covenants settle every
// period through [PeriodCloser], and record defaults, breaches and cures
// as [Event]s.
//
//	tranche.Sequence(senior, dsra) // dsra's Junior: Sequence(mezz, prefEquity, covenant)
//
// # Book
//
// All mutable state of a run lives in the [Book]: what each party has
// contributed and received by kind, hurdle balances, and any state a
// tranche keeps, keyed by its [TrancheID]. Tranches post their payments to
// the book, which records each with its tranche, party, kind, amount and
// the balance it moved, so the ledger explains every cent.
//
// The book holds amounts as integers of minor units: its [Ledger] and
// [Contributions] are compact records, read as [Payment] and
// [Contribution] values whose decimals are made when read. A book that
// keeps only the current period's payments ([Book.KeepCurrentPeriod]),
// or none ([Book.KeepNoLedger]), still keeps every account, movement
// and contribution, so totals and each party's dated flows
// ([Book.Flows]) are whole. A combinator that
// needs to know what its children would pay tries the payments on the
// book and undoes them: the trial saves what it changes, never the
// ledger.
//
// # Rounding
//
// A book has one scale, the decimal places of the currency's minor unit.
// Every payment is a whole number of minor units. Hurdle balances and
// accruals keep [AccrualPlaces] decimals. What the equity tiers
// ([PreferredReturn], [Hurdle], [CatchUp]) owe each party is rounded by
// the book's [Rounding] policy — up (the default; the smallest payment
// that settles it) or half-even — and a hurdle tier or catch-up then owes
// the least whole amount whose split meets every rounded requirement;
// other claims round what they owe up. Every split, and cash that is
// short, is shared among parties by largest remainder, ties to the party
// (or share) listed first, so the parts always add up to the whole.
//
// Each precision has one name, and rounds half away from zero:
//   - [AccrualPlaces] (16): hurdle balances, simple accruals, the accrued
//     coupon of preferred equity;
//   - [CovenantRatioPlaces] (6): a covenant's DSCR and LTV before they are
//     tested;
//   - [LiquidationPlaces] (16): a cap table's price per share and
//     breakpoints when the exact rational is not a short decimal;
//   - growth factors are [contract.GrowthPlaces] (20), computed once per
//     rate and interval.
//
// # Errors
//
// Constructors (NewX) and Validate return errors naming the field, as
// [contract.FieldError], matching [contract.ErrInvalid]. Terms valid on
// their own may still not fit the deal that runs them; [ValidateEnv]
// checks a stack against the deal ([Env]) before a run: the parties it
// names ([PartyNamer]), the shares of hurdle tiers against the
// commitments ([TierSharePlaces]), rates against the deal's dates, loan
// plans and take-or-pay obligations against its schedule
// ([EnvValidator]). A shortfall of cash is not an error: what is unpaid
// stays owed and shows in the book. An error from Pay means a broken rule
// ([ErrInvariant]) or terms the deal's checks did not see, such as a book
// driven without them that does not hold a party the terms name
// ([ErrUnknownParty]). After such an error the book and the tranches'
// states are left as far as the payment got (postings made, a loan's
// state part-way): stop there, as the engine does, and do not pay or
// close the period again with that book.
//
// Messages have no package prefix. They name where (the tranche, the
// field), then what is wrong, then the sentinel it matches:
//
//	tranche "carry": shares: weights sum to 0.95, want 1: invalid input
//
// The sentinels of package contract ([contract.ErrInvalid],
// [contract.ErrRange], [contract.ErrNegative], ...) are used under their
// own names; this package defines only its own.
//
// # Concurrency
//
// Tranches are immutable once built and safe for concurrent use; each run
// has its own Book, which is not. A constructor (NewX) copies its terms,
// slices included, so a caller that changes its slices afterwards does not
// change the tranche.
package tranche
