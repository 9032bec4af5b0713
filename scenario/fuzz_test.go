package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/shopspring/decimal"
)

// FuzzDecodeDefinition: no input makes the definition reader, or a plan
// over the data-center deal, panic; what decodes is valid, and a small
// plan builds its first scenario's deal or says why not.
func FuzzDecodeDefinition(f *testing.F) {
	for _, name := range []string{"testdata/sweep.json", "testdata/montecarlo.json"} {
		f.Add(readFile(f, name))
	}
	for _, tc := range badDefinitions {
		f.Add([]byte(tc.def))
	}
	f.Add([]byte(infiniteDraw))
	f.Add([]byte(longRange))
	base := datacenter(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		def, err := scenario.DecodeDefinition(src)
		if err != nil {
			if def != nil {
				t.Fatalf("a definition and an error: %v", err)
			}
			return
		}
		if err := def.Validate(); err != nil {
			t.Fatalf("decoded but not valid: %v", err)
		}
		values := 0
		for _, term := range def.Terms {
			values += len(term.Values) + len(term.Paths)
			if term.Dist != nil {
				values += len(term.Dist.Values)
			}
			if r := term.Range; r != nil {
				// A range is valid, so its step is positive: count its
				// values (a range of 70,600 made NewPlan take 40 s).
				if r.Step.Sign() <= 0 {
					return
				}
				n := r.To.Sub(r.From).DivRound(r.Step, 0)
				if n.GreaterThan(decimal.NewFromInt(2000)) {
					return
				}
				values += int(n.IntPart()) + 1
			}
		}
		if values > 2000 {
			return // NewPlan tries every value on the deal: keep each input quick
		}
		p, err := scenario.NewPlan(base, def)
		if err != nil {
			return
		}
		if p.Len() < 1 {
			t.Fatalf("a plan of %d scenarios", p.Len())
		}
		_, _, _ = p.Document(0)
		_, _, _ = p.Document(p.Len() - 1)
	})
}

// infiniteDraw is a Monte Carlo definition whose lognormal draw (σ = 700)
// overflows float64 to +Inf: found by FuzzDecodeDefinition, it panicked in
// decimal.NewFromFloat.
const infiniteDraw = `{"montecarlo":{"seed":101,"samples":1},"terms":[{"name":"0000","path":"/scale","dist":{"kind":"lognormal","mu":0,"sigma":700}}]}`

// longRange is a sweep of 70,600 values that the fuzz target took for
// 1,000 and handed to NewPlan, which tries each on the deal (40 s): found
// by FuzzDecodeDefinition as a hang.
const longRange = `{"terms":[{"name":"0","path":"/stack/tranches/2/rate/annual","range":{"from":".01","to":"706","step":".01"}}]}`

// TestPlan_InfiniteDraw: a draw that is not a finite number is an error
// wrapping contract.ErrRange, not a panic.
func TestPlan_InfiniteDraw(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(infiniteDraw))
	if err != nil {
		t.Fatal(err)
	}
	p, err := scenario.NewPlan(datacenter(t), def)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = p.Document(0)
	if !errors.Is(err, contract.ErrRange) {
		t.Fatalf("Document(0) = %v, want an error wrapping contract.ErrRange", err)
	}
	// The term is named once: "terms[0]: the draw +Inf ...".
	if msg := err.Error(); !strings.HasPrefix(msg, "terms[0]: the draw ") {
		t.Fatalf("Document(0) = %q, want it to name terms[0] once, then the draw", msg)
	}
}
