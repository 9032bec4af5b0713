package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// checkAvail rejects cash offers that no tranche can honour exactly.
func checkAvail(b *Book, id TrancheID, avail decimal.Decimal) error {
	if b == nil {
		return fmt.Errorf("tranche %q: nil book: %w", id, contract.ErrRequired)
	}
	b.ensure()
	if avail.Sign() < 0 {
		return fmt.Errorf("tranche %q: offered a negative amount %s: %w", id, avail, ErrInvariant)
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
// remainder), so no party gets more than it is owed. It is the helper for
// tranches that compute owed amounts as decimals; the leaf tranches here
// call payOwedUnits directly.
func payOwed(b *Book, id TrancheID, kind Kind, parties []PartyID, owed []decimal.Decimal, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, id, avail); err != nil {
		return decimal.Zero, err
	}
	idx, err := b.indexes(parties)
	if err != nil {
		return payOwedDec(b, id, kind, parties, owed, avail)
	}
	u := make([]units, len(owed))
	for i, o := range owed {
		var ok bool
		if u[i], ok = toUnits(o, b.scale); !ok {
			return payOwedDec(b, id, kind, parties, owed, avail)
		}
	}
	availU, _ := toUnits(avail, b.scale)
	paid, err := payOwedUnits(b, id, kind, parties, idx, u, availU)
	if err != nil {
		return decimal.Zero, err
	}
	return paid.dec(b.scale), nil
}

// payOwedUnits is payOwed for parties at book indexes idx, owed whole
// minor units owed[i], with avail minor units, after checkAvail. It works
// in int64 when the amounts owed fit, and otherwise in decimal
// (payOwedDec). It returns what it paid.
func payOwedUnits(b *Book, id TrancheID, kind Kind, parties []PartyID, idx []int, owed []units, avail units) (units, error) {
	n := len(owed)
	b.buf = slices.Grow(b.buf[:0], 2*n)[:2*n]
	w, parts := b.buf[:n], b.buf[n:]
	// In int64 while every amount is small and not negative and their
	// sum fits (a sum of amounts not negative overflows once, at the end,
	// or never).
	var sum int64
	small := true
	for i, o := range owed {
		s := sum + o.n
		if o.b != nil || o.n < 0 || s < sum {
			small = false
			break
		}
		sum, w[i] = s, o.n
	}
	if !small {
		dec := make([]decimal.Decimal, len(owed))
		for i, o := range owed {
			dec[i] = o.dec(b.scale)
		}
		paid, err := payOwedDec(b, id, kind, parties, dec, avail.dec(b.scale))
		if err != nil {
			return units{}, err
		}
		u, _ := toUnits(paid, b.scale)
		return u, nil
	}
	total := units{n: sum}
	if total.n <= 0 || avail.sign() == 0 {
		return units{}, nil
	}
	amount := total
	if avail.cmp(total) < 0 {
		amount = avail // small, as it is below total
		if !b.split.SplitInt64(avail.n, w, parts) {
			return units{}, fmt.Errorf("tranche %q: %w", id, alloc.ErrZeroWeights)
		}
	} else {
		copy(parts, w)
	}
	if err := b.postMany(b.totals(id), kind, idx, parts, w); err != nil {
		return units{}, err
	}
	return amount, nil
}

// payOwedDec is payOwed in decimal arithmetic, for amounts beyond int64.
func payOwedDec(b *Book, id TrancheID, kind Kind, parties []PartyID, owed []decimal.Decimal, avail decimal.Decimal) (decimal.Decimal, error) {
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
	if idx, err := b.indexes(parties); err == nil {
		if u, ok := toUnits(amount, b.scale); ok {
			if parts, ok := byCommitmentUnits(b, idx, u); ok {
				out := make([]decimal.Decimal, len(parts))
				for i, p := range parts {
					out[i] = decimal.New(p, -b.scale)
				}
				return out, nil
			}
		}
	}
	w := make([]decimal.Decimal, len(parties))
	anyCommitment := false
	for i, p := range parties {
		j, err := b.lookup(p)
		if err != nil {
			return nil, err
		}
		w[i] = b.commit[j]
		anyCommitment = anyCommitment || w[i].Sign() > 0
	}
	if !anyCommitment {
		for i := range w {
			w[i] = decimal.NewFromInt(1)
		}
	}
	return alloc.Split(amount, w, b.scale)
}

// byCommitmentUnits is byCommitment in int64 for the parties at book
// indexes idx; ok is false when it does not apply (an amount or
// commitments beyond int64). The parts are in b.buf2 until the next call.
func byCommitmentUnits(b *Book, idx []int, amount units) ([]int64, bool) {
	if !amount.small() || amount.n < 0 || b.weights == nil {
		return nil, false
	}
	n := len(idx)
	b.buf2 = slices.Grow(b.buf2[:0], 2*n)[:2*n]
	w, parts := b.buf2[:n], b.buf2[n:]
	anyCommitment := false
	for j, i := range idx {
		w[j] = b.weights[i]
		anyCommitment = anyCommitment || w[j] > 0
	}
	if !anyCommitment {
		for j := range w {
			w[j] = 1
		}
	}
	if n == 1 {
		parts[0] = amount.n
		return parts, true
	}
	return parts, b.split.SplitInt64(amount.n, w, parts)
}

// checkParties validates a list of party IDs in terms.
func checkParties(path string, parties []PartyID) error {
	if len(parties) == 0 {
		return fieldErr(path, ErrRequiredParty)
	}
	if ascending(parties) {
		return nil // none empty (the first is not, and each is above it), none twice
	}
	seen := make(map[PartyID]bool, len(parties))
	for i, p := range parties {
		if p == "" {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), ErrRequiredParty)
		}
		if seen[p] {
			return fieldErr(fmt.Sprintf("%s[%d]", path, i), fmt.Errorf("party %q listed twice: %w", p, contract.ErrInvalid))
		}
		seen[p] = true
	}
	return nil
}

// ascending reports whether parties are in strictly ascending order with
// the first not empty, as a deal's list of many investors often is (an
// ID with a serial number): then none is empty or listed twice, which
// checkParties learns without a map.
func ascending(parties []PartyID) bool {
	if len(parties) == 0 || parties[0] == "" {
		return false
	}
	for i := 1; i < len(parties); i++ {
		if parties[i] <= parties[i-1] {
			return false
		}
	}
	return true
}
