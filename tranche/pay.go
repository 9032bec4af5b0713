package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// checkAvail rejects cash offers that no tranche can honour exactly.
func checkAvail(b *Book, id TrancheID, avail decimal.Decimal) error {
	if avail.Sign() < 0 {
		return fmt.Errorf("tranche %q: %w: offered a negative amount %s", id, ErrInvariant, avail)
	}
	if !IsWhole(avail, b.scale) {
		return fmt.Errorf("tranche %q: offered %s: %w", id, avail, ErrNotQuantized)
	}
	return nil
}

// sum adds amounts.
func sum(xs []decimal.Decimal) decimal.Decimal {
	t := decimal.Zero
	for _, x := range xs {
		t = t.Add(x)
	}
	return t
}

// ceilUnits rounds a non-negative claim up to the minor unit: the smallest
// whole amount that settles it. Negative claims are nothing owed.
func ceilUnits(x decimal.Decimal, scale int32) decimal.Decimal {
	if x.Sign() <= 0 {
		return decimal.Zero
	}
	return x.RoundCeil(scale)
}

// payOwed pays up to avail toward owed[i] of parties[i]. When cash is short
// it is shared in proportion to what each party is owed (largest
// remainder), so no party gets more than it is owed.
func payOwed(b *Book, id TrancheID, kind Kind, parties []PartyID, owed []decimal.Decimal, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, id, avail); err != nil {
		return decimal.Zero, err
	}
	total := sum(owed)
	if total.Sign() <= 0 || avail.IsZero() {
		return decimal.Zero, nil
	}
	parts := owed
	amount := total
	if avail.LessThan(total) {
		amount = avail
		var err error
		if parts, err = alloc.Split(avail, owed, b.scale); err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", id, err)
		}
	}
	for i, party := range parties {
		if parts[i].IsZero() {
			continue
		}
		err := b.Post(Payment{Tranche: id, Party: party, Kind: kind, Amount: parts[i], Before: owed[i], After: owed[i].Sub(parts[i])})
		if err != nil {
			return decimal.Zero, err
		}
	}
	return amount, nil
}

// byCommitment splits amount among parties in proportion to their
// commitments, or equally when none has a commitment.
func byCommitment(b *Book, parties []PartyID, amount decimal.Decimal) ([]decimal.Decimal, error) {
	if len(parties) == 1 {
		return []decimal.Decimal{amount}, nil
	}
	w := make([]decimal.Decimal, len(parties))
	anyCommitment := false
	for i, p := range parties {
		j, err := b.lookup(p)
		if err != nil {
			return nil, err
		}
		w[i] = b.acc[j].Commitment
		anyCommitment = anyCommitment || w[i].Sign() > 0
	}
	if !anyCommitment {
		for i := range w {
			w[i] = decimal.NewFromInt(1)
		}
	}
	return alloc.Split(amount, w, b.scale)
}

// checkParties validates a list of party IDs in terms.
func checkParties(path string, parties []PartyID) error {
	if len(parties) == 0 {
		return fieldErr(path, ErrRequiredParty)
	}
	seen := map[PartyID]bool{}
	for i, p := range parties {
		if p == "" {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), ErrRequiredParty)
		}
		if seen[p] {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), fmt.Errorf("%w: party %q listed twice", ErrInvalid, p))
		}
		seen[p] = true
	}
	return nil
}
