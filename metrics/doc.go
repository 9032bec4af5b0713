// Package metrics measures cash flows: rates of return ([XIRR] over dated
// flows, [IRR] over equal periods, and [XIRRWith], [IRRWith], [XIRRRoots]
// and [IRRRoots] for other day counts, a search range and a choice among
// several rates, set in [Options]), present values ([XNPV], [NPV]) and
// multiples of paid-in capital ([MOIC], [PaidInMultiples]: DPI, RVPI and
// TVPI). It knows nothing of deals: its inputs are [contract.Flow]s and
// decimals, so any ledger can be measured, and package waterfall's
// Result.XIRR and Result.MOIC are built on it.
//
// Money paid in is negative and money received positive. Amounts are
// exact decimals; a rate of return is a float64, because it is a ratio
// found by iteration, not money.
//
// # Rounding
//
// Multiples are rounded half away from zero to [MultiplePlaces] decimal
// places. [XNPV] and [NPV] round to the places the caller gives, with
// enough guard digits that only a value within 10^−(places+10) of a
// rounding tie can round the other way. Rates are accurate to about
// 1e-15·(1+r) plus the rounding of the sum itself; [XIRR] says how.
//
// # Errors
//
// [XIRR] and [IRR] return an error wrapping [ErrNoRoot] when no rate
// solves the flows (every amount of one sign, or the present value never
// reaching zero) and [ErrMultipleRoots] when more than one does, so that
// "the" rate is not defined; that error is a [*MultipleRootsError] listing
// every rate. They never depend on a guess: with [Options] a caller
// bounds the search or chooses a root ([NearestGuess], Excel's aim;
// [SmallestMagnitude], numpy-financial's). Invalid inputs (a rate at or
// below -100%, a paid-in amount that is not positive, amounts beyond the
// float64 range, options out of range, more digits than [XNPV] allows)
// are a [contract.FieldError] naming the argument, wrapping
// [contract.ErrRange] or [contract.ErrNegative].
//
// # Concurrency
//
// Every function is pure: it reads its arguments, changes none of them,
// and keeps no state, so any may be called from many goroutines at once.
package metrics
