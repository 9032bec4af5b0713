// Package waterfall is the engine: a [Deal] (parties, schedule, cash in and
// out, and a stack of claims from package tranche) is [Run] period by period
// into a [Result] that records every payment.
//
// Each period, time advances, contributions are booked, the cash available
// (retained cash + proceeds + [Source] income − costs) is offered to the stack,
// which pays in priority order, and what no claim takes is retained and carried
// forward. The engine checks every period that the payments plus the cash
// retained equal the cash available, to the minor unit.
//
// The Result answers who was paid, when, how much and why: each
// [tranche.Payment] of [Result].Payments carries its period, date, tranche,
// party, kind, amount and the balance it moved; [Result.Flows] gives a party's
// dated flows, which [Result.XIRR] and [Result.MOIC] measure. Package report
// asks a reader's questions of a Result (who is paid before a party, its
// breakpoint, payback, summaries, the ledger as a table, CSV or JSON);
// package spec reads and writes deals as JSON (docs/spec.md).
//
// # Totals only
//
// A run holds every amount as an integer of minor units, and a Result makes
// decimals when they are read. [RunWith] with [RunOptions].TotalsOnly keeps no
// ledger of payments; everything else is the same to the cent, for a fraction
// of the memory, and the run's allocations do not grow with the number of
// investors: what sweeps and Monte Carlo runs (scenario.RunMany) need.
//
// # Fund terms
//
// [Fees] call a management fee and expenses from the investors and pay them
// the same period. A [Party] whose Deal is set is itself a deal, run in the
// same Run ([Result].Nested). Package fund runs a fund deal by deal (an
// American waterfall), each investment with the same [Stepper].
//
// # Rounding
//
// A deal has one currency and one scale, the decimal places of its minor unit.
// Every amount given to a deal must be a whole number of minor units, and every
// payment is one. Splits among parties use the largest-remainder method, ties
// to the party listed first, so the parts always add up to the whole.
// [Deal].Rounding, up or half-even, rounds what the equity tiers owe
// ([tranche.Rounding]). Rates of return are float64 (a rate is not money);
// amounts never are.
//
// # Errors
//
// [Deal.Validate] (and so [Run]) reports every problem with the deal at once,
// each a [contract.FieldError] whose Path names the field, e.g.
// "calls[2].amount", joined with errors.Join; all match [contract.ErrInvalid].
// It checks the stack against the deal too ([tranche.ValidateEnv]), so terms
// that would fail only when run are reported before any work. A shortfall of
// cash is not an error: what is unpaid stays owed and shows in the ledger.
// [tranche.ErrInvariant] means a broken rule of the engine or of a tranche,
// and is wrapped with the period ([PeriodError]).
//
// # Concurrency
//
// Run does not change the Deal, and tranches and sources are immutable, so one
// Deal may be run from many goroutines at once; a Result only reads once Run
// returns, so it may be read concurrently. scenario.RunMany runs many deals
// on all cores, with results in input order.
package waterfall
