package waterfall_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// exactTotals writes what a totals-only run keeps, every decimal as its
// coefficient and exponent (1.50 and 1.5 differ here, unlike in digest):
// each period's cash account, each party's totals and dated flows, the
// contributions, events and holdings, and the same for every nested run.
// A totals-only run must give the full run's text exactly.
func exactTotals(res *waterfall.Result) string {
	var b strings.Builder
	writeExact(&b, res, "")
	return b.String()
}

func writeExact(b *strings.Builder, res *waterfall.Result, indent string) {
	x := func(d decimal.Decimal) string { return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent()) }
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	for _, s := range res.Periods {
		fmt.Fprintf(b, "%speriod %d in %s proceeds %s costs %s avail %s paid %s retained %s contributed %s drawn %s fees %s held %s\n", indent,
			s.Period.Index, x(s.CarriedIn), x(s.Proceeds), x(s.Costs), x(s.Available), x(s.Paid), x(s.Retained), x(s.Contributed), x(s.Drawn), x(s.Fees), x(s.Held))
	}
	for _, p := range res.Parties() {
		fmt.Fprintf(b, "%sparty %s contributed %s distributed %s paid-out %s by-kind", indent, p.Party, x(p.Contributed), x(p.Distributed), x(p.PaidOut))
		for _, a := range p.ByKind {
			b.WriteString(" " + x(a))
		}
		b.WriteString("\n")
		for _, f := range res.Flows(p.Party) {
			fmt.Fprintf(b, "%s  flow %s %s\n", indent, day(f.Date), x(f.Amount))
		}
	}
	for _, c := range res.Contributions.All() {
		fmt.Fprintf(b, "%scontribution %d %s %s %s\n", indent, c.Period, day(c.Date), c.Party, x(c.Amount))
	}
	for _, e := range res.Events {
		fmt.Fprintf(b, "%sevent %d %s %s %s %s %q\n", indent, e.Period, day(e.Date), e.Tranche, e.Party, e.Kind, e.Detail)
	}
	for _, h := range res.Holdings {
		fmt.Fprintf(b, "%sholding %d %s %s %s\n", indent, h.Period, h.Tranche, x(h.Amount), x(h.Target))
	}
	for _, id := range slices.Sorted(maps.Keys(res.Nested)) {
		fmt.Fprintf(b, "%snested %s\n", indent, id)
		writeExact(b, res.Nested[id], indent+"  ")
	}
}
