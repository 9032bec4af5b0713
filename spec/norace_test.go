//go:build !race

package spec_test

// raceEnabled is true under the race detector, which makes the largest
// deals too slow to run.
const raceEnabled = false
