package waterfall

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Tranche IDs of the payments the engine makes in a deal-by-deal run.
const (
	EscrowTranche   tranche.TrancheID = "escrow"   // carry held back into escrow and released from it
	ClawbackTranche tranche.TrancheID = "clawback" // carry returned to investors at a lookback
	// RecoverySuffix ends the ID of an investment's recovery tranche,
	// "<investment name>/recovery", which returns realized losses and fees.
	RecoverySuffix = "/recovery"
)

// EventClawback is the kind of the event recorded at each lookback.
const EventClawback tranche.EventKind = "clawback"

// Investment is one deal of a fund run deal by deal: its own capital calls,
// its own proceeds and its own waterfall. Its Stack runs on a book of its
// own, holding only this investment's contributions and distributions, so
// its return of capital and pref are on this investment's capital alone.
type Investment struct {
	Name     string          // unique in the fund; for reports and the recovery tranche's ID
	Calls    []Call          // capital called for this investment, shared by commitment
	Proceeds []contract.Flow // cash the investment returns, distributed through Stack; positive amounts
	Realized time.Time       // when it was fully realized or written off; capital it has not returned by then is a realized loss; zero: held to the end
	Stack    tranche.Tranche // this investment's waterfall; its tranche IDs are unique across the fund
}

// American holds the fund-level terms of a deal-by-deal (American)
// waterfall: each [Investment]'s proceeds run through its own stack, so the
// sponsor may earn carry on a winning deal before later deals lose money.
// A share of carry can be held back in escrow, and at each checkpoint a
// lookback recomputes the carry the sponsor would have earned under
// whole-fund (European) terms — [Deal].Stack run over all the fund's
// contributions and all its distributions to date, in the periods they were
// made — and returns any excess to the investors: first out of escrow,
// then from the sponsor, capped at the carry the sponsor received after
// tax. The true-up runs both ways as far as clawbacks go: when a later
// lookback finds that an interim clawback took back more than whole-fund
// terms now give (later deals did well), the investors give back, out of
// the clawbacks they received, what brings the sponsor up to its
// whole-fund carry; the sponsor never keeps more than the deal-by-deal
// waterfall paid it. The last period is always a checkpoint (the final
// clawback), after which what is left in escrow is released to the
// sponsor.
//
// Ledger entries: carry held back is a [tranche.KindEscrow] payment to the
// escrow account From the sponsor; a release is one to the sponsor From the
// escrow; a clawback is a [tranche.KindClawback] payment to an investor
// From the escrow or the sponsor; each lookback is also an [EventClawback]
// event and a [Lookback] in the result. None of these moves the fund's
// cash, so none is in a period's Paid.
//
// The sponsor's carry is what it receives of [tranche.KindCatchUp] and
// [tranche.KindPromote]. After the final lookback, with no cap binding, the
// sponsor keeps min(carry earned deal by deal, whole-fund carry), exactly.
//
// Recoveries (RecoverLosses, RecoverFees) are returned as capital
// ([tranche.KindCapital]) under the tranche "<investment>/recovery"; they
// earn no pref deal by deal (the whole-fund lookback counts them with
// their dates).
type American struct {
	Sponsor   tranche.PartyID   // earns the carry and bears the clawback; required
	Investors []tranche.PartyID // receive recoveries and clawbacks; required; the sponsor may not be one
	// RecoverLosses makes each investment's proceeds first return to the
	// investors the capital lost on investments realized before it (in an
	// earlier period, or earlier in the list in the same period), before
	// its own stack.
	RecoverLosses bool
	// RecoverFees does the same for fees and expenses called to date.
	RecoverFees bool
	Escrow      Escrow
	Clawback    Clawback
}

// Escrow is the share of the sponsor's carry held back and released at the
// final clawback. The zero value holds nothing back.
type Escrow struct {
	Share   decimal.Decimal // share of each carry payment held back, rounded down to the minor unit; 0.3 means 30%
	Account tranche.PartyID // the party that holds the escrow; required when Share > 0; not the sponsor or an investor
}

// Clawback sets the checkpoints and the tax cap of the lookback.
type Clawback struct {
	Interim []time.Time     // checkpoints before the final one, in increasing order; each is inside the schedule
	TaxRate decimal.Decimal // the sponsor returns at most (1 − TaxRate) × the carry it received, over all clawbacks; 0 ≤ TaxRate < 1
	// NetOfTax also reduces what the sponsor owes by the tax it paid on
	// the carry: of an excess left after escrow, it returns
	// (1 − TaxRate) × that excess (rounded down), within the cap.
	NetOfTax bool
}

// Lookback is one clawback checkpoint: the carry the sponsor had, what
// whole-fund terms give it, and what it returned.
type Lookback struct {
	Period        int
	Date          time.Time
	Final         bool
	CarryEarned   decimal.Decimal // carry from the investments' waterfalls to date, including carry held in escrow
	WholeFund     decimal.Decimal // the sponsor's carry under whole-fund terms ([Deal].Stack) to date
	Excess        decimal.Decimal // carry kept before this checkpoint less min(CarryEarned, WholeFund), when positive
	FromEscrow    decimal.Decimal // returned to investors out of escrow
	FromSponsor   decimal.Decimal // returned to investors by the sponsor
	Cap           decimal.Decimal // the most the sponsor could still return: carry received after tax, less earlier returns
	Unpaid        decimal.Decimal // Excess not returned, because of the cap or the tax (NetOfTax)
	Restored      decimal.Decimal // given back to the sponsor by the investors, when an earlier lookback took back more than whole-fund terms now give
	EscrowRelease decimal.Decimal // released to the sponsor (final checkpoint only)
	CarryKept     decimal.Decimal // the sponsor's carry after this checkpoint: CarryEarned less every clawback to date
}

// validateFund checks fees, investments, American terms and nesting.
func (d *Deal) validateFund(add func(string, error), checkParty func(string, tranche.PartyID),
	checkAmount func(string, decimal.Decimal), checkDate func(string, time.Time)) {
	if d.Fees != nil {
		d.Fees.validate(d, add, checkParty, checkAmount, checkDate)
	}
	d.validateNesting(add)
	if len(d.Investments) == 0 {
		if d.American != nil {
			add("investments", fmt.Errorf("%w: american terms need investments", contract.ErrRequired))
		}
		return
	}
	if d.American == nil {
		add("american", fmt.Errorf("%w: a fund with investments needs its american terms", contract.ErrRequired))
	}
	for _, f := range []struct {
		path string
		n    int
	}{{"proceeds", len(d.Proceeds)}, {"calls", len(d.Calls)}, {"contributions", len(d.Contributions)},
		{"costs", len(d.Costs)}, {"sources", len(d.Sources)}} {
		if f.n > 0 {
			add(f.path, fmt.Errorf("%w: a fund with investments takes its cash from investments[i]", contract.ErrInvalid))
		}
	}
	reserved := map[tranche.TrancheID]string{FeeTranche: "", ExpenseTranche: "", EscrowTranche: "", ClawbackTranche: ""}
	names := map[string]bool{}
	for k, inv := range d.Investments {
		path := fmt.Sprintf("investments[%d]", k)
		switch {
		case inv.Name == "":
			add(path+".name", contract.ErrRequired)
		case names[inv.Name]:
			add(path+".name", fmt.Errorf("%w: duplicate investment %q", contract.ErrInvalid, inv.Name))
		}
		names[inv.Name] = true
		reserved[tranche.TrancheID(inv.Name+RecoverySuffix)] = ""
		for i, c := range inv.Calls {
			cp := fmt.Sprintf("%s.calls[%d]", path, i)
			checkAmount(cp+".amount", c.Amount)
			checkDate(cp+".date", c.Date)
			for j, id := range c.Parties {
				checkParty(fmt.Sprintf("%s.parties[%d]", cp, j), id)
			}
			if commitments(d, c.Parties).Sign() <= 0 && c.Amount.Sign() > 0 {
				add(cp+".parties", fmt.Errorf("%w: nobody with a commitment to call from", contract.ErrInvalid))
			}
		}
		if !inv.Realized.IsZero() {
			checkDate(path+".realized", inv.Realized)
		}
		for i, f := range inv.Proceeds {
			fp := fmt.Sprintf("%s.proceeds[%d]", path, i)
			checkAmount(fp+".amount", f.Amount)
			checkDate(fp+".date", f.Date)
			if !inv.Realized.IsZero() && contract.Days(inv.Realized, f.Date) > 0 {
				add(fp+".date", fmt.Errorf("%w: %s is after the investment was realized on %s", contract.ErrOrder, day(f.Date), day(inv.Realized)))
			}
		}
		if inv.Stack == nil {
			add(path+".stack", contract.ErrRequired)
			continue
		}
		add(path+".stack", tranche.Validate(inv.Stack))
	}
	// Tranche IDs label payments in one ledger, so they are unique across
	// the fund and do not clash with the engine's own.
	for k, inv := range d.Investments {
		if inv.Stack == nil {
			continue
		}
		for _, id := range stackIDs(inv.Stack) {
			if owner, ok := reserved[id]; ok {
				add(fmt.Sprintf("investments[%d].stack", k), fmt.Errorf("tranche %q: %w: also used by %s", id, tranche.ErrDuplicateID, ownerName(owner)))
			}
			reserved[id] = inv.Name
		}
	}
	if a := d.American; a != nil {
		a.validate(add, checkParty, checkDate)
	}
}

func ownerName(inv string) string {
	if inv == "" {
		return "the engine"
	}
	return "investment " + inv
}

// stackIDs lists the IDs of t and every tranche below it.
func stackIDs(t tranche.Tranche) []tranche.TrancheID {
	if t == nil {
		return nil
	}
	ids := []tranche.TrancheID{t.ID()}
	if p, ok := t.(tranche.Parent); ok {
		for _, c := range p.Children() {
			ids = append(ids, stackIDs(c)...)
		}
	}
	return ids
}

func (a *American) validate(add func(string, error), checkParty func(string, tranche.PartyID), checkDate func(string, time.Time)) {
	if a.Sponsor == "" {
		add("american.sponsor", contract.ErrRequired)
	} else {
		checkParty("american.sponsor", a.Sponsor)
	}
	if len(a.Investors) == 0 {
		add("american.investors", contract.ErrRequired)
	}
	seen := map[tranche.PartyID]bool{}
	for i, id := range a.Investors {
		path := fmt.Sprintf("american.investors[%d]", i)
		switch {
		case id == "":
			add(path, contract.ErrRequired)
		case seen[id]:
			add(path, fmt.Errorf("%w: investor %q listed twice", contract.ErrInvalid, id))
		case id == a.Sponsor:
			add(path, fmt.Errorf("%w: the sponsor %q cannot receive its own clawback", contract.ErrInvalid, id))
		default:
			checkParty(path, id)
		}
		seen[id] = true
	}
	one := decimal.NewFromInt(1)
	if a.Escrow.Share.Sign() < 0 || a.Escrow.Share.GreaterThan(one) {
		add("american.escrow.share", fmt.Errorf("%w: %s, want 0 to 1", contract.ErrRange, a.Escrow.Share))
	}
	switch acct := a.Escrow.Account; {
	case acct == "" && a.Escrow.Share.Sign() > 0:
		add("american.escrow.account", contract.ErrRequired)
	case acct == "":
	case acct == a.Sponsor || seen[acct]:
		add("american.escrow.account", fmt.Errorf("%w: %q is the sponsor or an investor", contract.ErrInvalid, acct))
	default:
		checkParty("american.escrow.account", acct)
	}
	if t := a.Clawback.TaxRate; t.Sign() < 0 || t.GreaterThanOrEqual(one) {
		add("american.clawback.tax_rate", fmt.Errorf("%w: %s, want at least 0 and below 1", contract.ErrRange, t))
	}
	for i, t := range a.Clawback.Interim {
		path := fmt.Sprintf("american.clawback.interim[%d]", i)
		checkDate(path, t)
		if i > 0 && contract.Days(a.Clawback.Interim[i-1], t) <= 0 {
			add(path, fmt.Errorf("%w: %s is not after %s", contract.ErrOrder, day(t), day(a.Clawback.Interim[i-1])))
		}
	}
}

// capitalIn sums the return of capital among payments.
func capitalIn(pays []tranche.Payment) decimal.Decimal {
	t := decimal.Zero
	for _, p := range pays {
		if p.Kind == tranche.KindCapital {
			t = t.Add(p.Amount)
		}
	}
	return t
}

// splitCall shares a call among the parties called, by commitment.
func splitCall(d *Deal, c Call) ([]Contribution, error) {
	ids := callParties(d, c.Parties)
	weights := make([]decimal.Decimal, len(ids))
	for j, id := range ids {
		weights[j] = commitments(d, []tranche.PartyID{id})
	}
	parts, err := alloc.Split(c.Amount, weights, d.Scale)
	if err != nil {
		return nil, err
	}
	var out []Contribution
	for j, id := range ids {
		if parts[j].Sign() > 0 {
			out = append(out, Contribution{Date: c.Date, Party: id, Amount: parts[j]})
		}
	}
	return out, nil
}

// investmentRun is one investment's state in a deal-by-deal run.
type investmentRun struct {
	inv      *Investment
	book     *tranche.Book
	calls    [][]Contribution
	proceeds []decimal.Decimal
	carried  decimal.Decimal
	realized int // period index of Realized, or -1
	called   decimal.Decimal
}

// americanRun is the state of a deal-by-deal run.
type americanRun struct {
	d       *Deal
	a       *American
	res     *Result
	invs    []*investmentRun
	ledger  []tranche.Payment
	events  []tranche.Event
	escrow  decimal.Decimal                     // balance held
	held    decimal.Decimal                     // carry ever held back
	carry   decimal.Decimal                     // carry earned from the investments' stacks
	clawed  decimal.Decimal                     // clawed back in all, from escrow and sponsor
	fromGP  decimal.Decimal                     // clawed back from the sponsor
	clawTo  map[tranche.PartyID]decimal.Decimal // clawbacks each investor holds, net of any given back
	owedRec map[tranche.PartyID]decimal.Decimal // losses and fees recoverable, not yet recovered
	lossBy  []bool                              // whether an investment's loss has been added to owedRec
	dists   []decimal.Decimal                   // per period: cash the fund distributed (the lookback's proceeds)
}

func (r *americanRun) post(p contract.Period, pay tranche.Payment) {
	pay.Period, pay.Date = p.Index, p.End
	r.ledger = append(r.ledger, pay)
}

// runAmerican runs a valid fund deal by deal.
func runAmerican(d *Deal) (*Result, error) {
	parties := make([]tranche.Party, len(d.Parties))
	for i, p := range d.Parties {
		parties[i] = tranche.Party{ID: p.ID, Commitment: p.Commitment}
	}
	r := &americanRun{d: d, a: d.American, res: newResult(d), escrow: decimal.Zero, held: decimal.Zero,
		carry: decimal.Zero, clawed: decimal.Zero, fromGP: decimal.Zero, clawTo: map[tranche.PartyID]decimal.Decimal{},
		owedRec: map[tranche.PartyID]decimal.Decimal{}, lossBy: make([]bool, len(d.Investments)),
		dists: make([]decimal.Decimal, len(d.Periods))}
	for k := range d.Investments {
		inv := &d.Investments[k]
		book, err := tranche.NewBook(d.Scale, parties)
		if err != nil {
			return nil, err
		}
		ir := &investmentRun{inv: inv, book: book, calls: make([][]Contribution, len(d.Periods)),
			proceeds: make([]decimal.Decimal, len(d.Periods)), carried: decimal.Zero, realized: -1, called: decimal.Zero}
		for i := range ir.proceeds {
			ir.proceeds[i] = decimal.Zero
		}
		for n, c := range inv.Calls {
			cs, err := splitCall(d, c)
			if err != nil {
				return nil, contract.Field(fmt.Sprintf("investments[%d].calls[%d]", k, n), err)
			}
			i, _ := contract.PeriodIndex(d.Periods, c.Date)
			ir.calls[i] = append(ir.calls[i], cs...)
		}
		for _, f := range inv.Proceeds {
			i, _ := contract.PeriodIndex(d.Periods, f.Date)
			ir.proceeds[i] = ir.proceeds[i].Add(f.Amount)
		}
		if !inv.Realized.IsZero() {
			ir.realized, _ = contract.PeriodIndex(d.Periods, inv.Realized)
		}
		r.invs = append(r.invs, ir)
	}
	checkpoints := map[int]bool{len(d.Periods) - 1: true}
	for _, t := range r.a.Clawback.Interim {
		i, _ := contract.PeriodIndex(d.Periods, t)
		checkpoints[i] = true
	}
	fees := newFeeRun(d)
	for i, p := range d.Periods {
		if err := r.period(i, p, fees); err != nil {
			return nil, fmt.Errorf("period %d (%s): %w", i, day(p.End), err)
		}
		if checkpoints[i] {
			if err := r.lookback(i, p, i == len(d.Periods)-1); err != nil {
				return nil, fmt.Errorf("period %d (%s): lookback: %w", i, day(p.End), err)
			}
		}
	}
	r.res.finishLedger(r.ledger, r.events)
	return r.res, nil
}

// period runs one period: fees, then each investment in turn.
func (r *americanRun) period(i int, p contract.Period, fees *feeRun) error {
	sum := PeriodSummary{Period: p, CarriedIn: decimal.Zero, Proceeds: decimal.Zero, Costs: decimal.Zero,
		Paid: decimal.Zero, Retained: decimal.Zero, Contributed: decimal.Zero, Fees: decimal.Zero}
	// The fee's base: capital of investments not realized before this
	// period, less what each has returned, as of the period's start.
	invested := decimal.Zero
	for _, ir := range r.invs {
		if ir.realized >= 0 && ir.realized < i {
			continue
		}
		returned := decimal.Zero
		for _, id := range ir.book.Parties() {
			a, _ := ir.book.Account(id)
			returned = returned.Add(a.CapitalReturned)
		}
		invested = invested.Add(decimal.Max(decimal.Zero, ir.called.Sub(returned)))
	}
	if fees != nil {
		fp, err := fees.period(p, invested)
		if err != nil {
			return err
		}
		r.res.Fees = append(r.res.Fees, fp.line)
		for _, c := range fp.contributions {
			r.res.addContribution(p, c.Party, c.Amount)
			if r.a.RecoverFees && slices.Contains(r.a.Investors, c.Party) {
				r.owedRec[c.Party] = r.owedRec[c.Party].Add(c.Amount)
			}
		}
		for _, pay := range fp.payments {
			r.post(p, pay)
		}
		sum.Fees = fp.total
		sum.Contributed = sum.Contributed.Add(fp.total)
	}
	for k, ir := range r.invs {
		if err := ir.book.Advance(p); err != nil {
			return err
		}
		for _, c := range ir.calls[i] {
			if err := ir.book.Contribute(c.Party, c.Amount); err != nil {
				return fmt.Errorf("investment %q: contribution of %q: %w", ir.inv.Name, c.Party, err)
			}
			r.res.addContribution(p, c.Party, c.Amount)
			ir.called = ir.called.Add(c.Amount)
			sum.Contributed = sum.Contributed.Add(c.Amount)
		}
		avail := ir.carried.Add(ir.proceeds[i])
		sum.CarriedIn = sum.CarriedIn.Add(ir.carried)
		sum.Proceeds = sum.Proceeds.Add(ir.proceeds[i])
		paid := decimal.Zero
		if avail.Sign() > 0 {
			rec, err := r.recover(p, ir, avail)
			if err != nil {
				return err
			}
			first := len(ir.book.Ledger())
			got, err := tranche.PayChecked(ir.book, ir.inv.Stack, avail.Sub(rec))
			if err != nil {
				return fmt.Errorf("investment %q: %w", ir.inv.Name, err)
			}
			for _, pay := range ir.book.Ledger()[first:] {
				r.ledger = append(r.ledger, pay)
				if pay.Party == r.a.Sponsor && (pay.Kind == tranche.KindCatchUp || pay.Kind == tranche.KindPromote) {
					r.carry = r.carry.Add(pay.Amount)
					r.holdBack(p, pay.Amount)
				}
			}
			paid = rec.Add(got)
		}
		ir.carried = avail.Sub(paid)
		sum.Paid = sum.Paid.Add(paid)
		sum.Retained = sum.Retained.Add(ir.carried)
		// A realized investment's unreturned capital becomes a loss that
		// later investments return first.
		if r.a.RecoverLosses && ir.realized == i && !r.lossBy[k] {
			r.lossBy[k] = true
			for _, id := range r.a.Investors {
				a, err := ir.book.Account(id)
				if err != nil {
					return err
				}
				r.owedRec[id] = r.owedRec[id].Add(a.Unreturned())
			}
		}
	}
	for _, ir := range r.invs {
		for _, e := range ir.book.Events() {
			if e.Period == i {
				r.events = append(r.events, e)
			}
		}
	}
	sum.Available = sum.CarriedIn.Add(sum.Proceeds)
	if !sum.Paid.Add(sum.Retained).Equal(sum.Available) {
		return fmt.Errorf("%w: paid %s + retained %s != available %s", tranche.ErrInvariant, sum.Paid, sum.Retained, sum.Available)
	}
	r.dists[i] = sum.Paid
	r.res.Periods = append(r.res.Periods, sum)
	return nil
}

// recover pays the investors, out of an investment's cash, the realized
// losses and fees they are owed, before the investment's own stack.
func (r *americanRun) recover(p contract.Period, ir *investmentRun, avail decimal.Decimal) (decimal.Decimal, error) {
	if !r.a.RecoverLosses && !r.a.RecoverFees {
		return decimal.Zero, nil
	}
	owed := make([]decimal.Decimal, len(r.a.Investors))
	total := decimal.Zero
	for j, id := range r.a.Investors {
		owed[j] = r.owedRec[id]
		total = total.Add(owed[j])
	}
	if total.Sign() <= 0 {
		return decimal.Zero, nil
	}
	parts := owed
	amount := total
	if avail.LessThan(total) {
		var err error
		amount = avail
		if parts, err = alloc.Split(avail, owed, r.d.Scale); err != nil {
			return decimal.Zero, err
		}
	}
	id := tranche.TrancheID(ir.inv.Name + RecoverySuffix)
	for j, party := range r.a.Investors {
		if parts[j].IsZero() {
			continue
		}
		r.post(p, tranche.Payment{Tranche: id, Party: party, Kind: tranche.KindCapital, Amount: parts[j],
			Before: owed[j], After: owed[j].Sub(parts[j])})
		r.owedRec[party] = owed[j].Sub(parts[j])
	}
	return amount, nil
}

// holdBack moves the escrow's share of a carry payment into escrow.
func (r *americanRun) holdBack(p contract.Period, carry decimal.Decimal) {
	h := r.a.Escrow.Share.Mul(carry).RoundFloor(r.d.Scale)
	if h.Sign() <= 0 {
		return
	}
	r.post(p, tranche.Payment{Tranche: EscrowTranche, Party: r.a.Escrow.Account, From: r.a.Sponsor, Kind: tranche.KindEscrow,
		Amount: h, Before: r.escrow, After: r.escrow.Add(h)})
	r.escrow = r.escrow.Add(h)
	r.held = r.held.Add(h)
}

// lookback recomputes the sponsor's carry under whole-fund terms and
// returns any excess to the investors.
func (r *americanRun) lookback(i int, p contract.Period, final bool) error {
	d := r.d
	whole := &Deal{Name: d.Name + " (whole-fund lookback)", Currency: d.Currency, Scale: d.Scale,
		Periods: d.Periods[:i+1], Stack: d.Stack}
	for _, pt := range d.Parties {
		pt.Deal = nil
		whole.Parties = append(whole.Parties, pt)
	}
	for _, c := range r.res.Contributions {
		whole.Contributions = append(whole.Contributions, Contribution{Date: c.Date, Party: c.Party, Amount: c.Amount})
	}
	for j := 0; j <= i; j++ {
		if r.dists[j].Sign() > 0 {
			whole.Proceeds = append(whole.Proceeds, contract.Flow{Date: d.Periods[j].End, Amount: r.dists[j]})
		}
	}
	hypo, err := runStack(whole)
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
	r.res.Lookbacks = append(r.res.Lookbacks, lb)
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
func (r *americanRun) shortfalls(hypo *Result) []decimal.Decimal {
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
			w[j] = commitments(r.d, []tranche.PartyID{id})
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
