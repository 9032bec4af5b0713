// Package scenario varies a deal: it changes terms of a deal document
// without editing it, and runs sweeps, grids and Monte Carlo simulations
// of it, with a tidy table of the results and their statistics.
//
// A [Base] is a deal or fund document (docs/spec.md) read once. Its
// [Base.Apply] makes [Change]s — JSON Pointer paths and JSON values, or
// the typed [SetDecimal], [SetDate], [SetInt] and [SetString] — to a copy
// and decodes the result as strictly as any deal. A [ChangeList] is one
// named scenario as JSON, what `jvwaterfall run -scenario` reads.
//
// A [Definition] (its JSON form is documented in docs/scenarios.md and
// read by [DecodeDefinition]) names the terms that vary and how: a sweep
// takes the cartesian product of each term's values, listed or stepped
// by a [Range]; a Monte Carlo draws each term from a [Dist] (uniform,
// normal, lognormal, triangular, discrete), pairs of draws optionally
// joined by a Gaussian or rank [Correlation]. [NewPlan] checks a
// definition against the deal and numbers its scenarios; [Plan.Run]
// builds, runs ([RunMany], or fund.Run for funds) and measures
// them into a [Table]: one [Row] per scenario, one [Column] per term and
// per measure ([Outcome]: minimum DSCR, covenant breach, payment default,
// lender loss, each party's totals, XIRR, periodic IRR, MOIC, payback
// and first payment). A table writes itself as CSV or JSON, summarises
// itself in [Stats] (mean, standard deviation, percentiles, probabilities
// of events) and shows two terms of a sweep as a [GridTable].
//
// # Reproducibility
//
// Scenario i of a plan depends only on the deal, the definition and i: a
// sweep's i-th point (the last term varying fastest), or a Monte Carlo's
// draws from a PCG stream (math/rand/v2) seeded with (seed, i), turned
// into values by each distribution's quantile function. So the same seed
// gives the same table and the same statistics, bit for bit, on any
// number of cores, with any number of workers, and run in parts anywhere
// ([Plan.RunRange] and [Plan.Table]; the beam module runs the parts on
// Apache Beam). No global random source is used.
//
// # Rounding
//
// Money stays exact: a stepped, scaled or added amount is a decimal,
// rounded half away from zero to the term's places (by default the
// deal's value's own places for scale and add, so an amount stays in
// cents). A draw is a float64, rounded the same way before it enters the
// deal. Rates of return, ratios and statistics are float64, written in
// Go's shortest form that reads back exactly.
//
// # Errors
//
// Bad input is an error, never a panic, and every problem is reported,
// each a [*contract.FieldError] whose path says where: "changes[2].value"
// or "set[1].path" in changes, "terms[0].dist.sd" in a definition. The
// sentinels ([ErrPointer], [ErrType], [ErrDuplicateKey], [ErrSyntax],
// [ErrUnknownField], [ErrLimit], [ErrEmpty], [ErrDeal]) are cases of
// contract.ErrInvalid; match them with errors.Is. A change that leaves the
// deal invalid is laid at the change whose place holds the problem,
// wrapping the deal spec's own error and path ("changes[1]:
// proceeds[0].amount: must not be negative"). A definition beyond the
// documented limits ([MaxScenarios], [MaxTerms], [MaxValues], …) is
// refused before anything runs. A scenario whose drawn deal is invalid,
// or whose run fails, is not an error of the run: its row says why.
//
// # Goal seeks
//
// [GoalSeek] answers the inverse question: the value of one term (a
// price, a rate, the exit) at which a party reaches a target, by
// bisection over runs of a deal that a caller's Build function makes for
// each value ([Goal]); the answer is checked at both ends of its range.
//
// # Concurrency
//
// A Base and a Plan are immutable: any number of goroutines may apply
// changes and run scenarios at once. [Plan.Run] uses Options.Workers
// goroutines and calls Options.Progress as scenarios end. A Table and its
// Stats belong to the caller.
package scenario
