// Package fund runs a fund deal by deal (an American waterfall): each
// [Investment] of a [Fund] has its own calls, proceeds and stack, stepped
// period by period by the engine's single period step
// ([waterfall.Stepper]), so debt, covenants and reserves inside an
// investment fall into arrears, trap cash and hold reserves exactly as in
// a plain deal, under the same invariants. Around the investments the fund
// calls its fees ([waterfall.Fees]) at its own level, recovers realized
// losses and fees first when its [Terms] say so, holds a share of the
// sponsor's carry in escrow, and at each checkpoint looks back: it
// recomputes the sponsor's carry under whole-fund (European) terms and
// claws back any excess ([Lookback]).
//
// A whole-fund (European) waterfall needs no package of its own: it is a
// [waterfall.Deal] whose stack takes every distribution.
//
// # Rounding
//
// As in package waterfall: every payment is a whole number of the fund's
// minor units; splits use the largest-remainder method, ties to the party
// listed first. [Fund].Rounding is the policy of every investment's tiers
// and of the lookback's, as [waterfall.Deal].Rounding. The escrow share of a carry payment and a net-of-tax
// clawback are rounded down to the minor unit.
//
// # Errors
//
// [Fund.Validate] (and so [Run]) reports every problem at once, each a
// [contract.FieldError] whose Path names the field as the JSON spec does
// ("investments[1].calls[0].amount", "american.escrow.share"), joined with
// errors.Join; all match [contract.ErrInvalid]. [tranche.ErrInvariant]
// means a broken rule of the engine or of a tranche, wrapped with the
// period.
//
// # Concurrency
//
// Run does not change the Fund, and tranches are immutable, so one Fund may
// be run from many goroutines at once. A Result is not changed after Run
// returns and may be read concurrently.
package fund
