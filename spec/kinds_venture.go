package spec

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The venture claims: an exit through a cap table of preferred series and
// common classes.
var ventureKinds = []trancheEntry{
	{name: "cap_table", decode: decodeCapTable, encode: encodeCapTable},
}

func decodeCapTable(o *Object) tranche.Tranche {
	t := &tranche.CapTable{Name: trancheID(o)}
	o.each("preferred", false, func(so *Object) {
		t.Preferred = append(t.Preferred, tranche.Series{
			Name:            so.name("name", true),
			Seniority:       int(so.integer("seniority", false, -1_000_000, 1_000_000)),
			Multiple:        so.decimal("multiple", false),
			Participating:   so.boolean("participating"),
			Cap:             so.decimal("cap", false),
			ConversionRatio: so.decimal("conversion_ratio", false),
			Holders:         decodeStakes(so, true),
		})
	})
	o.each("common", false, func(co *Object) {
		t.Common = append(t.Common, tranche.CommonClass{
			Name:    co.name("name", true),
			Strike:  co.decimal("strike", false),
			Holders: decodeStakes(co, false),
		})
	})
	return t
}

func encodeCapTable(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.CapTable)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	if len(v.Preferred) > 0 {
		f.Each("preferred", len(v.Preferred), func(i int, sf *Fields) {
			s := v.Preferred[i]
			sf.String("name", s.Name)
			sf.optInt("seniority", s.Seniority)
			sf.optDecimal("multiple", s.Multiple)
			sf.optBool("participating", s.Participating)
			sf.optDecimal("cap", s.Cap)
			sf.optDecimal("conversion_ratio", s.ConversionRatio)
			sf.stakes("holders", s.Holders, true)
		})
	}
	if len(v.Common) > 0 {
		f.Each("common", len(v.Common), func(i int, cf *Fields) {
			c := v.Common[i]
			cf.String("name", c.Name)
			cf.optDecimal("strike", c.Strike)
			cf.stakes("holders", c.Holders, false)
		})
	}
	return true
}

// decodeStakes reads the holders of a class: invested and accrued only
// for a preferred series.
func decodeStakes(o *Object, preferred bool) []tranche.Stake {
	var out []tranche.Stake
	o.each("holders", true, func(ho *Object) {
		s := tranche.Stake{Party: ho.party("party", true), Shares: ho.decimal("shares", true)}
		if preferred {
			s.Invested = ho.decimal("invested", false)
			s.Accrued = ho.decimal("accrued", false)
		}
		out = append(out, s)
	})
	return out
}

func (f *Fields) stakes(key string, ss []tranche.Stake, preferred bool) {
	f.Each(key, len(ss), func(i int, sf *Fields) {
		s := ss[i]
		sf.Party("party", s.Party)
		sf.Decimal("shares", s.Shares)
		if preferred {
			sf.optMoney("invested", s.Invested)
			sf.optMoney("accrued", s.Accrued)
		} else if !s.Invested.IsZero() || !s.Accrued.IsZero() {
			sf.fail("", fmt.Errorf("invested or accrued in a common class: %w", contract.ErrInvalid))
		}
	})
}
