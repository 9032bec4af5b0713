package contract

import "fmt"

// CheckCurrency returns nil if code has the form of an ISO 4217
// alphabetic code: three capital letters A to Z, such as "USD". It does
// not check that the standard assigns the code, so a deal may use one
// added after this module was written. Otherwise it returns an
// [ErrInvalid] that quotes the code.
func CheckCurrency(code string) error {
	ok := len(code) == 3
	for i := 0; ok && i < 3; i++ {
		ok = 'A' <= code[i] && code[i] <= 'Z'
	}
	if !ok {
		return fmt.Errorf("%q, want a 3-letter ISO 4217 code such as \"USD\": %w", code, ErrInvalid)
	}
	return nil
}
