package tranche

import "github.com/shopspring/decimal"

// Combinator is implemented by the combinators of this package, so that
// tools such as the JSON deal spec of package waterfall can tell them apart
// and write them out. Combinator returns "sequence" for [Sequence],
// "pro_rata" for [ProRata] and "cap" for [Cap]; Children returns the
// tranches it arranges, in order.
type Combinator interface {
	Parent
	Combinator() string
}

// Limiter is implemented by the tranches that [Cap] returns: Limit is the
// most the capped tranche may pay over a run, as given to Cap.
type Limiter interface {
	Limit() decimal.Decimal
}

// Combinator returns "sequence".
func (s *sequence) Combinator() string { return "sequence" }

// Combinator returns "pro_rata".
func (p *proRata) Combinator() string { return "pro_rata" }

// Combinator returns "cap".
func (c *capped) Combinator() string { return "cap" }

// Limit returns the cap's limit.
func (c *capped) Limit() decimal.Decimal { return c.limit }
