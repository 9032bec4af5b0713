package contract_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

func TestErrors(t *testing.T) {
	a, b, c := errors.New("a"), contract.Field("x", contract.ErrNegative), errors.New("c")
	cases := []struct {
		name string
		err  error
		want []error
	}{
		{"nil", nil, nil},
		{"single", a, []error{a}},
		{"joined", errors.Join(a, b), []error{a, b}},
		{"nested, in order", errors.Join(a, errors.Join(b, c)), []error{a, b, c}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, contract.Errors(tc.err))
		})
	}
}

func ExampleErrors() {
	err := errors.Join(
		contract.Field("parties[1].commitment", contract.ErrNegative),
		contract.Prefix("stack", errors.Join(contract.Field("rate", contract.ErrRange))))
	for _, e := range contract.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// parties[1].commitment: must not be negative
	// stack.rate: out of range
}

// TestPrefix checks how Prefix builds paths: a field's path goes under the
// prefix (with a dot, or directly before an index), an error without a
// path gets the prefix as its path, and an error that only wraps a field
// error keeps its own words, the prefix going in front of the whole.
func TestPrefix(t *testing.T) {
	cases := []struct {
		name   string
		prefix string
		err    error
		want   string
	}{
		{"nil", "a", nil, ""},
		{"a field", "stack", contract.Field("rate", contract.ErrRange), "stack.rate: out of range"},
		{"an index", "stack", contract.Field("[2].rate", contract.ErrRange), "stack[2].rate: out of range"},
		{"an empty path", "stack", contract.Field("", contract.ErrRange), "stack: out of range"},
		{"an empty prefix", "", contract.Field("rate", contract.ErrRange), "rate: out of range"},
		{"no path", "stack", contract.ErrRange, "stack: out of range"},
		{"a wrapped field", "stack", fmt.Errorf("tier 2: %w", contract.Field("rate", contract.ErrRange)), "stack: tier 2: rate: out of range"},
		{"joined", "p", errors.Join(contract.Field("a", contract.ErrRange), contract.ErrRequired), "p.a: out of range\np: required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := contract.Prefix(tc.prefix, tc.err)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tc.want)
			require.ErrorIs(t, err, contract.ErrInvalid)
		})
	}
}

// TestFieldError_Error checks the message of a field error in each of its
// degenerate forms, and that Unwrap of a nil one is nil.
func TestFieldError_Error(t *testing.T) {
	var nilErr *contract.FieldError
	require.Equal(t, "<nil>", nilErr.Error())
	require.NoError(t, nilErr.Unwrap())
	require.Equal(t, "x: <nil>", (&contract.FieldError{Path: "x"}).Error())
	require.Equal(t, "out of range", (&contract.FieldError{Err: contract.ErrRange}).Error())
	require.Equal(t, "x: out of range", (&contract.FieldError{Path: "x", Err: contract.ErrRange}).Error())
	require.NoError(t, contract.Field("x", nil))
}
