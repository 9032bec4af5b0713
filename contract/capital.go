package contract

import (
	"errors"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// Commitment is the capital a party has agreed to put in. Calls are shared
// in proportion to commitments.
type Commitment struct {
	Party  string          // the party's ID
	Amount decimal.Decimal // currency units; not negative
}

// Default says that a party funds only part of what a call asks of it.
type Default struct {
	Party  string          // the party's ID; one of the call's commitments
	Funded decimal.Decimal // share of its called amount it pays, 0 to 1; 0 means nothing
}

// CapitalCall asks the committed parties for Amount, shared in proportion
// to their commitments, and says who fails to fund.
//
// # Dilution
//
// [CapitalCall.Fund] applies these rules, in this order:
//
//  1. Each party is called its share of Amount by commitment, split with
//     the largest-remainder method so the calls add up to Amount.
//  2. A defaulting party pays Funded × its call, rounded down to the
//     minor unit; the rest of its call is unfunded.
//  3. The parties that do not default and have a commitment cover the
//     total unfunded amount between them, in proportion to their
//     commitments (largest remainder). If nobody can cover, the gap stays
//     uncovered and the call raises less than Amount.
//  4. Dilution: each defaulting party's commitment falls by Penalty × its
//     unfunded amount (rounded down to the minor unit, at most its whole
//     commitment), and the covering parties' commitments rise by the same
//     total, shared in proportion to what each covered. Total commitments
//     do not change, so each party's share of every later call and of
//     every pro rata distribution moves from the defaulters to those who
//     paid for them. With a Penalty of 1 the commitment moves one for one
//     with the money; contracts often set 1.5 or 2 as a punitive
//     dilution. Without covering parties nobody is diluted.
type CapitalCall struct {
	Amount      decimal.Decimal // to raise, currency units, whole minor units
	Commitments []Commitment    // who is called, by commitment
	Defaults    []Default       // who funds less than its call; every other party funds in full
	Penalty     decimal.Decimal // dilution multiple, 1 or more; zero means 1
}

// CallShare is one party's part of a capital call.
type CallShare struct {
	Party       string
	Commitment  decimal.Decimal // before the call
	Called      decimal.Decimal // its share of the call by commitment
	Funded      decimal.Decimal // what it paid toward its own call
	Unfunded    decimal.Decimal // Called − Funded
	Cover       decimal.Decimal // what it paid to cover others' unfunded calls
	Contributed decimal.Decimal // Funded + Cover: the capital it put in
	Diluted     decimal.Decimal // its commitment after dilution
}

// CallResult is the outcome of a capital call.
type CallResult struct {
	Shares    []CallShare     // in the order of the commitments
	Raised    decimal.Decimal // the sum of Contributed
	Uncovered decimal.Decimal // Amount − Raised: unfunded calls nobody covered
}

// Validate reports every problem with c: a negative Amount; no
// commitments while an amount is called, a commitment without a party, a
// party listed twice or a negative commitment; commitments that add up to
// zero while an amount is called; a default for an unknown or repeated
// party or with a share outside 0 to 1; a Penalty between 0 and 1 or
// below 0 ([ErrRange]).
func (c CapitalCall) Validate() error {
	var errs []error
	add := func(path string, err error) { errs = append(errs, Field(path, err)) }
	if c.Amount.Sign() < 0 {
		add("amount", ErrNegative)
	}
	seen := map[string]bool{}
	total := decimal.Zero
	for i, m := range c.Commitments {
		path := func() string { return fmt.Sprintf("commitments[%d]", i) } // only for an error
		switch {
		case m.Party == "":
			add(path()+".party", ErrRequired)
		case seen[m.Party]:
			add(path()+".party", fmt.Errorf("%q listed twice: %w", m.Party, ErrInvalid))
		}
		seen[m.Party] = true
		if m.Amount.Sign() < 0 {
			add(path()+".amount", ErrNegative)
		}
		total = total.Add(m.Amount)
	}
	if c.Amount.Sign() > 0 && total.Sign() <= 0 {
		add("commitments", fmt.Errorf("nobody with a commitment to call from: %w", ErrRequired))
	}
	defaulted := map[string]bool{}
	for i, d := range c.Defaults {
		path := func() string { return fmt.Sprintf("defaults[%d]", i) } // only for an error
		switch {
		case !seen[d.Party]:
			add(path()+".party", fmt.Errorf("%q has no commitment: %w", d.Party, ErrInvalid))
		case defaulted[d.Party]:
			add(path()+".party", fmt.Errorf("%q listed twice: %w", d.Party, ErrInvalid))
		}
		defaulted[d.Party] = true
		if !isShare(d.Funded) {
			add(path()+".funded", fmt.Errorf("%s is not between 0 and 1: %w", d.Funded, ErrRange))
		}
	}
	if !c.Penalty.IsZero() && c.Penalty.LessThan(one) {
		add("penalty", fmt.Errorf("%s, want 1 or more (or 0 for 1): %w", c.Penalty, ErrRange))
	}
	return errors.Join(errs...)
}

// Fund applies the call and its defaults, with money in whole minor units
// at scale (2 for cents); the rules are in the [CapitalCall] documentation.
// It returns the errors of [CapitalCall.Validate], and an error wrapping
// [ErrRange] if scale is outside 0..8 or Amount is not whole minor units.
func (c CapitalCall) Fund(scale int32) (CallResult, error) {
	if err := errors.Join(c.Validate(), checkMoneyScale(scale)); err != nil {
		return CallResult{}, err
	}
	if !c.Amount.Equal(c.Amount.Truncate(scale)) {
		return CallResult{}, Field("amount", fmt.Errorf("%s has more decimals than the minor unit: %w", c.Amount, ErrRange))
	}
	n := len(c.Commitments)
	res := CallResult{Shares: make([]CallShare, n), Raised: decimal.Zero, Uncovered: decimal.Zero}
	if n == 0 {
		return res, nil
	}
	weights := make([]decimal.Decimal, n)
	for i, m := range c.Commitments {
		weights[i] = m.Amount
	}
	called, err := alloc.Split(c.Amount, weights, scale)
	if err != nil {
		return CallResult{}, Field("commitments", fmt.Errorf("%w: %w", err, ErrInvalid))
	}
	share := map[string]decimal.Decimal{}
	for _, d := range c.Defaults {
		share[d.Party] = d.Funded
	}
	gap := decimal.Zero
	coverW := make([]decimal.Decimal, n)
	anyCover := false
	for i, m := range c.Commitments {
		s := CallShare{Party: m.Party, Commitment: m.Amount, Called: called[i], Funded: called[i], Cover: decimal.Zero}
		if f, ok := share[m.Party]; ok && f.LessThan(one) {
			s.Funded = called[i].Mul(f).RoundFloor(scale)
			coverW[i] = decimal.Zero
		} else {
			coverW[i] = m.Amount
			anyCover = anyCover || m.Amount.Sign() > 0
		}
		s.Unfunded = s.Called.Sub(s.Funded)
		gap = gap.Add(s.Unfunded)
		res.Shares[i] = s
	}
	if anyCover && gap.Sign() > 0 {
		cover, err := alloc.Split(gap, coverW, scale)
		if err != nil {
			return CallResult{}, fmt.Errorf("covering the unfunded calls: %w: %w", err, ErrInvalid)
		}
		penalty := c.Penalty
		if penalty.IsZero() {
			penalty = decimal.NewFromInt(1)
		}
		moved := decimal.Zero
		for i := range res.Shares {
			s := &res.Shares[i]
			s.Cover = cover[i]
			cut := decimal.Min(s.Commitment.RoundFloor(scale), s.Unfunded.Mul(penalty).RoundFloor(scale))
			s.Diluted = s.Commitment.Sub(cut)
			moved = moved.Add(cut)
		}
		gain, err := alloc.Split(moved, cover, scale)
		if err != nil {
			return CallResult{}, fmt.Errorf("diluting: %w: %w", err, ErrInvalid)
		}
		for i := range res.Shares {
			res.Shares[i].Diluted = res.Shares[i].Diluted.Add(gain[i])
		}
	} else {
		for i := range res.Shares {
			res.Shares[i].Diluted = res.Shares[i].Commitment
		}
		res.Uncovered = gap
	}
	for i := range res.Shares {
		s := &res.Shares[i]
		s.Contributed = s.Funded.Add(s.Cover)
		res.Raised = res.Raised.Add(s.Contributed)
	}
	return res, nil
}
