package spec

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestParseDecimal_limits checks the decimal grammar and limits of
// docs/spec.md, "Conventions" and "Limits", at their edges: JSON's number
// grammar, at most 64 characters, exponents within ±40, 20 digits before
// the point and 28 significant places after it. The values accepted are
// read from the text by hand.
func TestParseDecimal_limits(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1E5", "100000"}, // a capital E is an exponent too
		{"1e+2", "100"},   // a signed exponent
		{"1." + strings.Repeat("0", 60) + "e0", "1"},     // 64 characters: MaxDecimalBytes
		{"0." + strings.Repeat("0", 39) + "1e40", "1"},   // an exponent of 40 is allowed
		{"12345678901234567890", "12345678901234567890"}, // 20 digits before the point
		{"1e19", "10000000000000000000"},                 // 20 digits, written with an exponent
		{"0." + strings.Repeat("0", 27) + "1", "1e-28"},  // 28 places
		{"-0.5", "-0.5"},    // a sign, a point
		{"2.000e-1", "0.2"}, // trailing zeros are not places
		{"1" + strings.Repeat("0", 19) + ".5e-10", "1000000000.00000000005"}, // 10^19 + 0.5, shifted 10 places
	}
	for _, c := range ok {
		t.Run(c.in, func(t *testing.T) {
			got, err := parseDecimal(c.in)
			require.NoError(t, err)
			require.True(t, got.Equal(dec(c.want)), "got %s, want %s", got, c.want)
		})
	}
	bad := []struct {
		in   string
		want error
	}{
		{"", contract.ErrInvalid},
		{"-", contract.ErrInvalid},
		{"1e", contract.ErrInvalid},
		{"1e+", contract.ErrInvalid},
		{"1.", contract.ErrInvalid},
		{".5", contract.ErrInvalid},
		{"+1", contract.ErrInvalid},
		{"01", contract.ErrInvalid},
		{"1x", contract.ErrInvalid},
		{"1.5e3x", contract.ErrInvalid},
		{"1." + strings.Repeat("0", 61) + "e0", ErrLimit},   // 65 characters
		{"1e41", ErrLimit},                                  // exponent beyond 40
		{"0." + strings.Repeat("0", 40) + "1e41", ErrLimit}, // beyond 40 though the value is small
		{"1e-41", ErrLimit},                                 // exponent beyond -40
		{"1e20", ErrLimit},                                  // 21 digits before the point
		{"123456789012345678901", ErrLimit},                 // 21 digits
		{"0." + strings.Repeat("0", 28) + "1", ErrLimit},    // 29 places
		{"1e-29", ErrLimit},                                 // 29 places, written with an exponent
	}
	for _, c := range bad {
		t.Run("bad "+c.in, func(t *testing.T) {
			_, err := parseDecimal(c.in)
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, contract.ErrInvalid)
		})
	}
}
