package metrics

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestExpRound(t *testing.T) {
	// e to 100 places (OEIS A001113), and e^−1 = 1/e (A068985).
	const e100 = "2.7182818284590452353602874713526624977572470936999595749669676277240766303535475945713821785251664274"
	const inv50 = "0.36787944117144232159552377016146086744581113103177"
	tests := []struct {
		y      string
		places int32
		want   string
	}{
		{"0", 10, "1"},
		{"1", 100, e100},
		{"-1", 50, inv50},
		// ln 2 to 60 places (A002162): e^ln2 = 2 within 10^−50.
		{"0.693147180559945309417232121458176568075500134360255254120680", 50, "2.00000000000000000000000000000000000000000000000000"},
	}
	for _, tt := range tests {
		got := expRound(decimal.RequireFromString(tt.y), tt.places)
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("expRound(%s, %d) = %s, want %s", tt.y, tt.places, got, tt.want)
		}
	}
}
