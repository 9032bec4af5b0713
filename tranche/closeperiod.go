package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// Closing a period: the tranches that settle every period, walked parents
// first.

// PeriodCloser is implemented by tranches that settle every period, even
// one in which they are offered no cash: a loan's unpaid amounts fall into
// arrears, a covenant is tested. The engine calls [ClosePeriod] on the
// stack after paying each period. ClosePeriod may record events and
// state but must not post payments.
type PeriodCloser interface {
	ClosePeriod(b *Book) error
}

// ClosePeriod calls ClosePeriod on every [PeriodCloser] in t, parents
// before children, in stack order. It returns an error wrapping
// [ErrInvariant] if one posts a payment. A nil tranche, or one holding a
// nil pointer, has nothing to close ([Validate] reports it). t is a stack
// [Validate] accepted: one that holds itself ([CheckShape]) is walked
// without end.
func ClosePeriod(b *Book, t Tranche) error {
	// The package's own tranches, which a stack mostly is, by one type
	// switch: the walk below asks each tranche four questions of its type.
	switch c := t.(type) {
	case *Sequential:
		if c != nil && b != nil {
			for _, x := range c.Tranches {
				if err := ClosePeriod(b, x); err != nil {
					return err
				}
			}
			return nil
		}
	case *Reserve:
		if c != nil && b != nil {
			return ClosePeriod(b, c.Junior)
		}
	case *Covenant:
		if c != nil && b != nil {
			if err := closeOne(b, c); err != nil {
				return err
			}
			return ClosePeriod(b, c.Junior)
		}
	case *Debt:
		if c != nil && b != nil {
			return closeOne(b, c)
		}
	case *PreferredReturn, *ReturnOfCapital, *CatchUp, *Split:
		if b != nil {
			return nil // nothing to close, nothing below
		}
	}
	if isNil(t) {
		return nil
	}
	if b == nil {
		return fmt.Errorf("tranche %q: nil book: %w", t.ID(), contract.ErrRequired)
	}
	if c, ok := t.(PeriodCloser); ok {
		if err := closeOne(b, c); err != nil {
			return err
		}
	}
	if j, ok := junior(t); ok { // one child: no slice to make
		return ClosePeriod(b, j)
	}
	for _, c := range children(t) {
		if err := ClosePeriod(b, c); err != nil {
			return err
		}
	}
	return nil
}

// closeOne closes the period of c, a tranche, and checks that it posted
// nothing.
func closeOne(b *Book, c PeriodCloser) error {
	n := b.nPosted
	if err := c.ClosePeriod(b); err != nil {
		return fmt.Errorf("tranche %q: %w", c.(Tranche).ID(), err)
	}
	if b.nPosted != n {
		return fmt.Errorf("tranche %q: posted payments while closing the period: %w", c.(Tranche).ID(), ErrInvariant)
	}
	return nil
}

// junior is the one tranche below a covenant or a reserve (what its
// Children holds), read without making a slice.
func junior(t Tranche) (Tranche, bool) {
	switch c := t.(type) {
	case *Covenant:
		if c != nil {
			return c.Junior, true
		}
	case *Reserve:
		if c != nil {
			return c.Junior, true
		}
	}
	return nil, false
}

// children is the tranches below t: the package's combinators' own
// slices, read and not copied, or a copy from [Parent].
func children(t Tranche) []Tranche {
	switch c := t.(type) {
	case *Sequential:
		return c.Tranches
	case *PariPassu:
		return c.Tranches
	case Parent:
		return c.Children()
	}
	return nil
}
