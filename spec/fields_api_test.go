package spec

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// jsonOf returns the document f wrote, parsed by encoding/json, to
// compare with a literal.
func jsonOf(t *testing.T, f *Fields) any {
	t.Helper()
	var got any
	require.NoError(t, json.Unmarshal(write(&f.v), &got))
	return got
}

// literal parses the JSON s.
func literal(t *testing.T, s string) any {
	t.Helper()
	var want any
	require.NoError(t, json.Unmarshal([]byte(s), &want))
	return want
}

// TestFields_writers writes every kind of field through the methods a
// kind of one's own uses, and compares the document with the one written
// by hand from docs/spec.md's conventions: money with the deal's places,
// other decimals plainly, dates YYYY-MM-DD, a rate as Object.Rate reads
// it.
func TestFields_writers(t *testing.T) {
	e := &encoder{kinds: kinds.Load(), scale: 2}
	f := e.root()
	require.Equal(t, "", f.Path())
	require.Equal(t, int32(2), f.Scale())
	f.String("s", "text")
	f.Bool("b", true)
	f.Bool("f", false)
	f.Int("n", -3)
	f.Decimal("d", dec("0.0800"))
	f.Money("m", dec("1000"))
	f.Money("m3", dec("1.005"))
	f.Decimals("ds", []decimal.Decimal{dec("1.50"), dec("2")})
	f.Date("date", contract.Date(2024, 2, 29))
	f.Party("p", "LP")
	f.Parties("ps", ids("LP", "GP"))
	f.Rate("rate", contract.Rate{Annual: dec("0.08")})
	f.Tranche("t", &tranche.ReturnOfCapital{Name: "c", Parties: ids("LP")})
	f.Tranches("ts", []tranche.Tranche{&tranche.ReturnOfCapital{Name: "c2", Parties: ids("GP")}})
	var subPath string
	f.Object("sub", func(sf *Fields) { subPath = sf.Path(); sf.String("a", "x") })
	var eachPaths []string
	f.Each("each", 2, func(i int, ef *Fields) { eachPaths = append(eachPaths, ef.Path()); ef.Int("i", int64(i)) })
	require.Empty(t, e.errs)
	require.Equal(t, "sub", subPath)
	require.Equal(t, []string{"each[0]", "each[1]"}, eachPaths)
	require.Equal(t, literal(t, `{"s": "text", "b": true, "f": false, "n": -3, "d": "0.08", "m": "1000.00", "m3": "1.005",
		"ds": ["1.5", "2"], "date": "2024-02-29", "p": "LP", "ps": ["LP", "GP"],
		"rate": {"annual": "0.08", "compounding": "simple", "day_count": "ACT/365F"},
		"t": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]},
		"ts": [{"kind": "return_of_capital", "id": "c2", "parties": ["GP"]}],
		"sub": {"a": "x"}, "each": [{"i": 0}, {"i": 1}]}`), jsonOf(t, f))
}

// TestFields_nil: a nil Fields, or one not made by the encoder, writes
// nothing and does not panic.
func TestFields_nil(t *testing.T) {
	for name, f := range map[string]*Fields{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, "", f.Path())
			require.Zero(t, f.Scale())
			f.String("a", "x")
			f.Bool("a", true)
			f.Int("a", 1)
			f.Decimal("a", dec("1"))
			f.Money("a", dec("1"))
			f.Decimals("a", []decimal.Decimal{dec("1")})
			f.Date("a", contract.Date(2024, 1, 31))
			f.Party("a", "LP")
			f.Parties("a", ids("LP"))
			f.Rate("a", contract.Rate{})
			f.Tranche("a", &tranche.ReturnOfCapital{Name: "c"})
			f.Tranches("a", nil)
			called := false
			f.Object("a", func(*Fields) { called = true })
			f.Each("a", 1, func(int, *Fields) { called = true })
			require.False(t, called)
			if f != nil {
				require.Empty(t, f.v.Kids)
			}
		})
	}
}

// TestFields_optional: the optional writers leave out a field holding
// its default, and an object with no field.
func TestFields_optional(t *testing.T) {
	e := &encoder{kinds: kinds.Load(), scale: 2}
	f := e.root()
	f.objectIfAny("none", func(*Fields) {})
	f.objectIfAny("some", func(sf *Fields) { sf.optInt("k", 1) })
	f.optDecimals("noDecimals", nil)
	f.optDecimals("decimals", []decimal.Decimal{dec("3")})
	f.optParties("noParties", nil)
	f.optString("noString", "")
	f.optDecimal("noDecimal", decimal.Zero)
	f.optMoney("noMoney", decimal.Zero)
	f.optInt("noInt", 0)
	f.optBool("noBool", false)
	f.optFlowList("noFlows", nil)
	require.Equal(t, literal(t, `{"some": {"k": 1}, "decimals": ["3"]}`), jsonOf(t, f))
}

// TestFields_fail: an error about a field has the field's path; about
// the object ("" for the key), the object's.
func TestFields_fail(t *testing.T) {
	e := &encoder{kinds: kinds.Load(), scale: 2}
	sub := e.root().sub("stack.tranches[1]")
	sub.fail("", fmt.Errorf("the tranche: %w", contract.ErrInvalid))
	sub.fail("rate", fmt.Errorf("the rate: %w", contract.ErrNegative))
	require.Len(t, e.errs, 2)
	var fes []*contract.FieldError
	for _, err := range e.errs {
		fes = append(fes, fieldErrors(t, err)...)
	}
	require.Equal(t, "stack.tranches[1]", fes[0].Path)
	require.Equal(t, "stack.tranches[1].rate", fes[1].Path)
	require.ErrorIs(t, fes[1], contract.ErrNegative)
}
