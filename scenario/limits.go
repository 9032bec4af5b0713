package scenario

// Limits of definitions and changes. A definition beyond one is an error
// wrapping [ErrLimit], found before any scenario runs.
const (
	// MaxScenarios bounds the scenarios of a definition: the product of
	// the numbers of values of a sweep's terms, or a Monte Carlo's
	// samples. 1,000,000 scenarios of a small deal take about an hour of
	// one core; beyond that, shard the work (the beam module).
	MaxScenarios = 1_000_000
	// MaxTerms bounds the terms of a definition.
	MaxTerms = 64
	// MaxValues bounds the values of one term of a sweep, listed or
	// stepped through by a range, and of a discrete distribution.
	MaxValues = 100_000
	// MaxPaths bounds the places in the deal one term sets.
	MaxPaths = 1000
	// MaxDefinitionBytes bounds a definition's JSON text: 4 MiB.
	MaxDefinitionBytes = 4 << 20
	// MaxChangeBytes bounds the JSON text of one change's value: 1 MiB.
	MaxChangeBytes = 1 << 20
	// MaxPlaces bounds the decimal places a drawn decimal is rounded to.
	MaxPlaces = 16
)
