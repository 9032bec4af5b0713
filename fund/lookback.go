package fund

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// lookback recomputes the sponsor's carry under whole-fund terms and
// returns any excess to the investors.
func (r *run) lookback(i int, p contract.Period, final bool) error {
	d := r.f
	whole := &waterfall.Deal{Name: d.Name + " (whole-fund lookback)", Currency: d.Currency, Scale: d.Scale, Rounding: d.Rounding,
		Periods: d.Periods[:i+1], Stack: d.Stack}
	for _, pt := range d.Parties {
		pt.Deal = nil
		whole.Parties = append(whole.Parties, pt)
	}
	for _, c := range r.contributions {
		whole.Contributions = append(whole.Contributions, waterfall.Contribution{Date: c.Date, Party: c.Party, Amount: c.Amount})
	}
	for j := 0; j <= i; j++ {
		if r.dists[j].Sign() > 0 {
			whole.Proceeds = append(whole.Proceeds, contract.Flow{Date: d.Periods[j].End, Amount: r.dists[j]})
		}
	}
	hypo, err := waterfall.Run(whole)
	if err != nil {
		return err
	}
	sp, _ := hypo.Party(r.a.Sponsor)
	wholeCarry := sp.ByKind[tranche.KindCatchUp].Add(sp.ByKind[tranche.KindPromote])
	lb := Lookback{Period: i, Date: p.End, Final: final, CarryEarned: r.carry, WholeFund: wholeCarry,
		Excess: decimal.Zero, FromEscrow: decimal.Zero, FromSponsor: decimal.Zero, Unpaid: decimal.Zero, Restored: decimal.Zero, EscrowRelease: decimal.Zero}
	target := decimal.Min(r.carry, wholeCarry)
	excess := r.carry.Sub(r.clawed).Sub(target)
	// What the sponsor actually received: carry less what went into escrow.
	received := r.carry.Sub(r.held)
	one := decimal.NewFromInt(1)
	lb.Cap = decimal.Max(decimal.Zero, received.Mul(one.Sub(r.a.Clawback.TaxRate)).RoundFloor(d.Scale).Sub(r.fromGP))
	if excess.Sign() > 0 {
		lb.Excess = excess
		lb.FromEscrow = decimal.Min(excess, r.escrow)
		owed := excess.Sub(lb.FromEscrow)
		if r.a.Clawback.NetOfTax {
			owed = owed.Mul(one.Sub(r.a.Clawback.TaxRate)).RoundFloor(d.Scale)
		}
		lb.FromSponsor = decimal.Min(owed, lb.Cap)
		lb.Unpaid = excess.Sub(lb.FromEscrow).Sub(lb.FromSponsor)
		weights := r.shortfalls(hypo)
		for _, part := range []struct {
			from   tranche.PartyID
			amount decimal.Decimal
		}{{r.a.Escrow.Account, lb.FromEscrow}, {r.a.Sponsor, lb.FromSponsor}} {
			if part.amount.Sign() <= 0 {
				continue
			}
			shares, err := alloc.Split(part.amount, weights, d.Scale)
			if err != nil {
				return err
			}
			for j, id := range r.a.Investors {
				if shares[j].IsZero() {
					continue
				}
				before := r.clawTo[id]
				r.post(p, tranche.Payment{Tranche: ClawbackTranche, Party: id, From: part.from, Kind: tranche.KindClawback,
					Amount: shares[j], Before: before, After: before.Add(shares[j])})
				r.clawTo[id] = before.Add(shares[j])
			}
		}
		r.escrow = r.escrow.Sub(lb.FromEscrow)
		r.fromGP = r.fromGP.Add(lb.FromSponsor)
		r.clawed = r.clawed.Add(lb.FromEscrow).Add(lb.FromSponsor)
	} else if excess.Sign() < 0 && r.clawed.Sign() > 0 {
		// An earlier lookback took back more than whole-fund terms now
		// give: the investors give back, out of the clawbacks they
		// received, what brings the sponsor up to its whole-fund carry.
		lb.Restored = decimal.Min(excess.Neg(), r.clawed)
		weights := make([]decimal.Decimal, len(r.a.Investors))
		for j, id := range r.a.Investors {
			weights[j] = r.clawTo[id]
		}
		shares, err := alloc.Split(lb.Restored, weights, d.Scale)
		if err != nil {
			return err
		}
		for j, id := range r.a.Investors {
			if shares[j].IsZero() {
				continue
			}
			before := r.clawTo[id]
			r.post(p, tranche.Payment{Tranche: ClawbackTranche, Party: r.a.Sponsor, From: id, Kind: tranche.KindClawback,
				Amount: shares[j], Before: before, After: before.Sub(shares[j])})
			r.clawTo[id] = before.Sub(shares[j])
		}
		r.clawed = r.clawed.Sub(lb.Restored)
		r.fromGP = decimal.Max(decimal.Zero, r.fromGP.Sub(lb.Restored))
	}
	if final && r.escrow.Sign() > 0 {
		lb.EscrowRelease = r.escrow
		r.post(p, tranche.Payment{Tranche: EscrowTranche, Party: r.a.Sponsor, From: r.a.Escrow.Account, Kind: tranche.KindEscrow,
			Amount: r.escrow, Before: r.escrow, After: decimal.Zero})
		r.escrow = decimal.Zero
	}
	lb.CarryKept = r.carry.Sub(r.clawed)
	r.lookbacks = append(r.lookbacks, lb)
	kind := "interim"
	if final {
		kind = "final"
	}
	r.events = append(r.events, tranche.Event{Period: i, Date: p.End, Tranche: ClawbackTranche, Party: r.a.Sponsor, Kind: EventClawback,
		Detail: fmt.Sprintf("%s lookback: carry earned %s, whole-fund carry %s, excess %s; returned %s from escrow and %s from the sponsor (cap %s), %s unpaid; %s given back to the sponsor; %s released from escrow",
			kind, lb.CarryEarned.StringFixed(d.Scale), lb.WholeFund.StringFixed(d.Scale), lb.Excess.StringFixed(d.Scale),
			lb.FromEscrow.StringFixed(d.Scale), lb.FromSponsor.StringFixed(d.Scale), lb.Cap.StringFixed(d.Scale),
			lb.Unpaid.StringFixed(d.Scale), lb.Restored.StringFixed(d.Scale), lb.EscrowRelease.StringFixed(d.Scale))})
	return nil
}

// shortfalls weights a clawback among the investors: what each would have
// received under whole-fund terms less what it has received (clawbacks
// included), or their commitments when no investor is short.
func (r *run) shortfalls(hypo *waterfall.Result) []decimal.Decimal {
	w := make([]decimal.Decimal, len(r.a.Investors))
	short := false
	for j, id := range r.a.Investors {
		h, _ := hypo.Party(id)
		got := decimal.Zero
		for _, pay := range r.ledger {
			if pay.Party == id && pay.Kind != tranche.KindFee && pay.Kind != tranche.KindExpense {
				got = got.Add(pay.Amount)
			}
			if pay.From == id {
				got = got.Sub(pay.Amount)
			}
		}
		w[j] = decimal.Max(decimal.Zero, h.Distributed.Sub(got))
		short = short || w[j].Sign() > 0
	}
	if !short {
		total := decimal.Zero
		for j, id := range r.a.Investors {
			w[j] = commitments(r.f.Parties, []tranche.PartyID{id})
			total = total.Add(w[j])
		}
		if total.IsZero() {
			for j := range w {
				w[j] = decimal.NewFromInt(1)
			}
		}
	}
	return w
}
