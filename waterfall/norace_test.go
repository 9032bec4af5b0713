//go:build !race

package waterfall_test

// underRace is true when the tests run under the race detector, which
// slows the oracles' exact arithmetic tenfold: they then check fewer deals.
const underRace = false
