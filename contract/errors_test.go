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
