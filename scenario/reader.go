package scenario

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/shopspring/decimal"
)

// reader reads a definition's JSON tree, collecting every problem with
// its path.
type reader struct {
	errs []error
}

func (r *reader) fail(path string, format string, args ...any) {
	r.errs = append(r.errs, contract.Field(path, fmt.Errorf(format, args...)))
}

// object checks that v is an object with no member outside keys and
// returns its members by key.
func (r *reader) object(v *jsontext.Value, path string, keys ...string) map[string]*jsontext.Value {
	if v.Type != jsontext.Object {
		r.fail(path, "%s, want an object: %w", v.Type, ErrType)
		return nil
	}
	m := make(map[string]*jsontext.Value, len(v.Kids))
	for i := range v.Kids {
		k := &v.Kids[i]
		known := false
		for _, key := range keys {
			known = known || k.Key == key
		}
		if !known {
			r.fail(jsontext.Key(path, k.Key), "%w %q", ErrUnknownField, k.Key)
			continue
		}
		m[k.Key] = k
	}
	return m
}

func (r *reader) str(v *jsontext.Value, path string) (string, bool) {
	if v.Type != jsontext.String {
		r.fail(path, "%s, want a string: %w", v.Type, ErrType)
		return "", false
	}
	return v.Text, true
}

func (r *reader) array(v *jsontext.Value, path string) ([]jsontext.Value, bool) {
	if v.Type != jsontext.Array {
		r.fail(path, "%s, want an array: %w", v.Type, ErrType)
		return nil, false
	}
	return v.Kids, true
}

// float reads a JSON number as a finite float64.
func (r *reader) float(v *jsontext.Value, path string) (float64, bool) {
	if v.Type != jsontext.Number {
		r.fail(path, "%s, want a number: %w", v.Type, ErrType)
		return 0, false
	}
	f, err := strconv.ParseFloat(v.Text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		r.fail(path, "%s is not a finite number: %w", v.Text, contract.ErrRange)
		return 0, false
	}
	return f, true
}

// integer reads a JSON number that is a whole number within [lo, hi].
func (r *reader) integer(v *jsontext.Value, path string, lo, hi uint64) (uint64, bool) {
	if v.Type != jsontext.Number {
		r.fail(path, "%s, want a whole number: %w", v.Type, ErrType)
		return 0, false
	}
	n, err := strconv.ParseUint(v.Text, 10, 64)
	if err != nil {
		r.fail(path, "%s is not a whole number from %d to %d: %w", v.Text, lo, hi, contract.ErrRange)
		return 0, false
	}
	if n < lo || n > hi {
		err := contract.ErrRange
		if n > hi && hi >= MaxScenarios {
			err = ErrLimit
		}
		r.fail(path, "%d is not from %d to %d: %w", n, lo, hi, err)
		return 0, false
	}
	return n, true
}

// decimal reads a decimal string, as the deal spec writes them.
func (r *reader) decimal(v *jsontext.Value, path string) (decimal.Decimal, bool) {
	s, ok := r.str(v, path)
	if !ok {
		return decimal.Zero, false
	}
	d, err := parseDecimal(s)
	if err != nil {
		r.fail(path, "%w", err)
		return decimal.Zero, false
	}
	return d, true
}

// parseDecimal reads a decimal string such as "0.08" or "-1.5e3", as the
// deal spec does.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) == 0 || len(s) > 64 {
		return decimal.Zero, fmt.Errorf("%q is not a decimal string such as \"0.08\": %w", s, ErrType)
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return decimal.Zero, fmt.Errorf("%q is not a decimal string such as \"0.08\": %w", s, ErrType)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.Exponent() < -40 || d.Exponent() > 40 {
		return decimal.Zero, fmt.Errorf("%q is not a decimal string such as \"0.08\": %w", s, ErrType)
	}
	return d, nil
}
