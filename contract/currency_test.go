package contract_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestCheckCurrency: three capital letters A to Z pass, whatever ISO 4217
// assigns; anything else is an ErrInvalid that quotes the code.
func TestCheckCurrency(t *testing.T) {
	for _, code := range []string{"USD", "EUR", "JPY", "XAU", "AAA", "ZZZ"} {
		require.NoError(t, contract.CheckCurrency(code), code)
	}
	for _, code := range []string{"", "US", "USDX", "usd", "Usd", "US$", "12A", "U D", "@SD", "[SD", "ÉUR", "US\x00"} {
		err := contract.CheckCurrency(code)
		require.ErrorIs(t, err, contract.ErrInvalid, "%q", code)
		require.Contains(t, err.Error(), fmt.Sprintf("%q", code))
	}
}

func ExampleCheckCurrency() {
	fmt.Println(contract.CheckCurrency("EUR"))
	fmt.Println(contract.CheckCurrency("eur"))
	// Output:
	// <nil>
	// "eur", want a 3-letter ISO 4217 code such as "USD": invalid input
}
