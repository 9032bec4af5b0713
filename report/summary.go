package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// ErrNotInvested is the [Summary].RateErr of a party that contributed no
// capital, such as a sponsor paid only a promote: it has no rate of
// return and no multiples.
var ErrNotInvested = errors.New("the party contributed no capital")

// Summary is everything a reader asks about one party of a run: what it
// put in and got back, how it did (multiples and rates of return, counting
// a residual value, NAV, given by the caller), when it was first paid and
// who was paid before it, when it got its money back, and how its receipts
// split across the tiers of the stack. [waterfall.PartyTotal] holds the
// raw totals it starts from.
//
// Every amount counts what the party kept: receipts less what it paid out
// to other parties (carry into escrow, a clawback). So DPI equals
// [waterfall.Result.MOIC], and TVPI adds NAV to it; there is no separate
// MOIC field. The amounts add up: Net = Distributed − PaidOut −
// Contributed, Profit = Net + NAV, and the Tiers sum to Distributed.
//
// Multiples are rounded half away from zero to [metrics.MultiplePlaces];
// the zero value of the multiples and rates means "not defined". Its JSON
// form is [Summary.MarshalJSON].
type Summary struct {
	Party       tranche.PartyID
	Name        string
	Role        waterfall.Role
	Scale       int32           // the deal's scale: the decimal places of its money
	Contributed decimal.Decimal // capital put in
	Distributed decimal.Decimal // everything received, of every kind and from anyone
	PaidOut     decimal.Decimal // paid to other parties (carry into escrow, clawback)
	Net         decimal.Decimal // Distributed − PaidOut − Contributed: realized profit
	NAV         decimal.Decimal // residual value at the end of the run, as given
	Profit      decimal.Decimal // Net + NAV

	// Promote is the catch-up and promote the party received
	// ([tranche.KindCatchUp] + [tranche.KindPromote]), and PromoteShare
	// Promote over the profit the deal paid out to all parties (its own
	// payments above returned capital; transfers between parties are not
	// counted twice). PromoteShare is zero when the deal paid no profit. Both
	// are defined whether or not the party invested.
	Promote      decimal.Decimal
	PromoteShare decimal.Decimal

	// Invested says the party contributed capital, so that Multiples are
	// defined.
	Invested bool
	metrics.Multiples

	// XIRR is the annual rate of return of the party's dated flows
	// ([waterfall.Result.Flows]) with NAV received at the end of the last
	// period; PeriodicIRR is the rate per period of the deal's schedule
	// (a quarterly rate for quarterly periods) of its net cash per period
	// and NAV in the last. Both are zero, and RateErr says why, unless the
	// party invested and one rate solves its flows: RateErr wraps
	// [ErrNotInvested], [metrics.ErrNoRoot] (nothing back yet, say) or
	// [metrics.ErrMultipleRoots].
	XIRR        float64
	PeriodicIRR float64
	RateErr     error

	// First is the party's first payment of any kind ([FirstPaymentOf]);
	// FirstProfit the payment that first takes its receipts above all it
	// contributed, the first minor unit beyond payback ([FirstProfitOf]).
	First       FirstPayment
	FirstProfit FirstPayment
	// Payback is when it had received all it contributed ([PaybackOf]).
	Payback Payback
	// Tiers splits Distributed by the tranche and kind that paid it
	// ([ByTranche]).
	Tiers []TrancheAmount
}

// SummaryOf returns the summary of the party, whose remaining interest is
// worth nav at the end of the run (zero for a deal that has been wound
// up). A rate of return that is not defined is not an error: it is
// reported in the summary's RateErr.
//
// SummaryOf returns an error if:
//   - res is nil ([contract.ErrRequired]);
//   - the party is not in the deal ([tranche.ErrUnknownParty]);
//   - nav is negative ([contract.FieldError] at "nav" wrapping
//     [contract.ErrNegative]) or not in whole minor units of the deal's
//     currency ([tranche.ErrNotQuantized]);
//   - the ledger does not add up to the party's totals, or names a party
//     that is not in the result ([tranche.ErrInvariant]; the engine never
//     lets this happen).
func SummaryOf(res *waterfall.Result, id tranche.PartyID, nav decimal.Decimal) (Summary, error) {
	idx, err := indexOf(res)
	if err != nil {
		return Summary{}, err
	}
	out, err := idx.summaries(res, []tranche.PartyID{id}, map[tranche.PartyID]decimal.Decimal{id: nav})
	if err != nil {
		return Summary{}, err
	}
	return out[0], nil
}

// MaxSummaryParties is the most parties [Summaries] (and so
// [NewDocument]) summarises at once. Each summary lists what every other
// party had received before the party's first payment and first profit,
// so the summaries of n parties hold 2n(n − 1) amounts: 3,000 parties
// make about 18 million, some 600 MB, in under a second on one core.
// Summarise the parties of a larger deal one by one with [SummaryOf].
const MaxSummaryParties = 3000

// Summaries returns the summary of every party, in the deal's order. nav
// holds the residual value of the parties that have one; a party not in
// it has none. It reads the ledger a few times in all, whatever the
// number of parties. It returns the errors of [SummaryOf], one wrapping
// [tranche.ErrUnknownParty] for a key of nav that is not a party of the
// deal, and one wrapping [contract.ErrRange] for a result of more than
// [MaxSummaryParties] parties.
func Summaries(res *waterfall.Result, nav map[tranche.PartyID]decimal.Decimal) ([]Summary, error) {
	idx, err := indexOf(res)
	if err != nil {
		return nil, err
	}
	if n := len(idx.parties); n > MaxSummaryParties {
		return nil, fmt.Errorf("%d parties, more than %d (MaxSummaryParties): their summaries would list %d amounts; summarise them one by one (SummaryOf): %w",
			n, MaxSummaryParties, 2*n*(n-1), contract.ErrRange)
	}
	for _, id := range slices.Sorted(maps.Keys(nav)) {
		if err := idx.has(id); err != nil {
			return nil, contract.Field(fmt.Sprintf("nav[%q]", id), err)
		}
	}
	ids := make([]tranche.PartyID, len(idx.parties))
	for j, t := range idx.parties {
		ids[j] = t.Party
	}
	return idx.summaries(res, ids, nav)
}

// summaries returns the summaries of the parties ids, each with its nav
// (none when absent): their first payments and first profits, then what
// the others had received before them, in one read of the ledger for all.
func (idx *ledgerIndex) summaries(res *waterfall.Result, ids []tranche.PartyID, nav map[tranche.PartyID]decimal.Decimal) ([]Summary, error) {
	firsts, profits := make([]FirstPayment, len(ids)), make([]FirstPayment, len(ids))
	asks := make([]firstAt, 0, 2*len(ids))
	for k, id := range ids {
		var err error
		if firsts[k], err = idx.firstPaymentAt(id, nil); err != nil {
			return nil, err
		}
		if profits[k], err = idx.firstProfitAt(id); err != nil {
			return nil, err
		}
		asks = append(asks, firstAt{&firsts[k], idx.pos[id]}, firstAt{&profits[k], idx.pos[id]})
	}
	idx.fillBefore(asks)
	profit := idx.dealProfit()
	out := make([]Summary, 0, len(ids))
	for k, id := range ids {
		v, ok := nav[id]
		if !ok {
			v = decimal.Zero
		}
		s, err := idx.summary(res, id, v, profit, firsts[k], profits[k])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// dealProfit is what the deal paid out above returned capital: its own
// payments (From empty) of every kind but capital.
func (idx *ledgerIndex) dealProfit() decimal.Decimal {
	sum := decimal.Zero
	for i := range idx.pays {
		p := &idx.pays[i]
		if p.From == "" && p.Kind != tranche.KindCapital {
			sum = sum.Add(p.Amount)
		}
	}
	return sum
}

// summary is the party's summary, given its first payment and first
// profit.
func (idx *ledgerIndex) summary(res *waterfall.Result, id tranche.PartyID, nav, dealProfit decimal.Decimal, first, firstProfit FirstPayment) (Summary, error) {
	if err := idx.has(id); err != nil {
		return Summary{}, err
	}
	if nav.Sign() < 0 {
		return Summary{}, contract.Field("nav", fmt.Errorf("got %s: %w", nav, contract.ErrNegative))
	}
	// Money is in whole minor units: a NAV of 25.125 at scale 2 would be
	// written 25.13 while the multiples read 25.125.
	if !tranche.IsWhole(nav, res.Scale) {
		return Summary{}, contract.Field("nav", fmt.Errorf("%s has more than the deal's %d decimal places: %w", nav, res.Scale, tranche.ErrNotQuantized))
	}
	t, _ := res.Party(id) // idx has it
	kept := t.Distributed.Sub(t.PaidOut)
	s := Summary{
		Party: t.Party, Name: t.Name, Role: t.Role, Scale: res.Scale,
		Contributed: t.Contributed, Distributed: t.Distributed, PaidOut: t.PaidOut,
		Net: kept.Sub(t.Contributed), NAV: nav, Profit: kept.Sub(t.Contributed).Add(nav),
		Promote:      t.ByKind[tranche.KindCatchUp].Add(t.ByKind[tranche.KindPromote]),
		PromoteShare: decimal.Zero,
		Multiples:    metrics.Multiples{DPI: decimal.Zero, RVPI: decimal.Zero, TVPI: decimal.Zero},
	}
	if dealProfit.Sign() > 0 {
		s.PromoteShare = s.Promote.DivRound(dealProfit, metrics.MultiplePlaces)
	}
	s.First, s.FirstProfit = first, firstProfit
	var err error
	if s.Payback, err = idx.payback(id); err != nil {
		return Summary{}, err
	}
	if s.Tiers, err = idx.byTranche(id); err != nil {
		return Summary{}, err
	}
	sum := decimal.Zero
	for _, x := range s.Tiers {
		sum = sum.Add(x.Amount)
	}
	if !sum.Equal(t.Distributed) {
		return Summary{}, fmt.Errorf("party %q: tiers add up to %s, distributed %s: %w", id, sum, t.Distributed, tranche.ErrInvariant)
	}
	if t.Contributed.Sign() <= 0 {
		s.RateErr = ErrNotInvested
		return s, nil
	}
	s.Invested = true
	if s.Multiples, err = metrics.PaidInMultiples(t.Contributed, kept, nav); err != nil {
		return Summary{}, err // unreachable: contributed > 0 and nav >= 0
	}
	s.XIRR, s.PeriodicIRR, s.RateErr = idx.rates(res, id, nav)
	return s, nil
}

// rates returns the party's XIRR and periodic IRR with nav received at the
// end of the last period, or why they are not defined.
func (idx *ledgerIndex) rates(res *waterfall.Result, id tranche.PartyID, nav decimal.Decimal) (xirr, periodic float64, err error) {
	values := make([]decimal.Decimal, len(res.Periods))
	for i := range values {
		values[i] = decimal.Zero
	}
	add := func(period int, a decimal.Decimal) {
		if period >= 0 && period < len(values) {
			values[period] = values[period].Add(a)
		}
	}
	j := idx.pos[id]
	for _, c := range idx.contribs[j] {
		add(c.Period, c.Amount.Neg())
	}
	for _, i := range idx.own[j] {
		if p := &idx.pays[i]; p.Party == id {
			add(p.Period, p.Amount)
		} else {
			add(p.Period, p.Amount.Neg())
		}
	}
	flows := res.Flows(id)
	if last := len(values) - 1; last >= 0 && nav.Sign() > 0 {
		values[last] = values[last].Add(nav)
		flows = append(flows, contract.Flow{Date: res.Periods[last].Period.End, Amount: nav})
	}
	if xirr, err = metrics.XIRR(flows); err != nil {
		return 0, 0, fmt.Errorf("party %q: %w", id, err)
	}
	if periodic, err = metrics.IRR(values); err != nil {
		return 0, 0, fmt.Errorf("party %q: periodic: %w", id, err)
	}
	return xirr, periodic, nil
}

// summaryJSON is the JSON form of a Summary.
type summaryJSON struct {
	Party        tranche.PartyID `json:"party"`
	Name         string          `json:"name"`
	Role         string          `json:"role"`
	Contributed  string          `json:"contributed"`
	Distributed  string          `json:"distributed"`
	PaidOut      string          `json:"paid_out"`
	Net          string          `json:"net"`
	NAV          string          `json:"nav"`
	Profit       string          `json:"profit"`
	Promote      string          `json:"promote"`
	PromoteShare string          `json:"promote_share"`
	Invested     bool            `json:"invested"`
	DPI          *string         `json:"dpi"`
	RVPI         *string         `json:"rvpi"`
	TVPI         *string         `json:"tvpi"`
	XIRR         *float64        `json:"xirr"`
	PeriodicIRR  *float64        `json:"periodic_irr"`
	RateError    string          `json:"rate_error,omitempty"`
	First        firstJSON       `json:"first_payment"`
	FirstProfit  firstJSON       `json:"first_profit"`
	Payback      whenJSON        `json:"payback"`
	Tiers        []tierJSON      `json:"tiers"`
}

type firstJSON struct {
	whenJSON
	Before     []amountJSON `json:"before"`
	Breakpoint string       `json:"breakpoint"`
}

// whenJSON is a period and date that may not have been reached.
type whenJSON struct {
	Reached bool    `json:"reached"`
	Period  *int    `json:"period"`
	Date    *string `json:"date"`
}

type amountJSON struct {
	Party  tranche.PartyID `json:"party"`
	Amount string          `json:"amount"`
}

type tierJSON struct {
	Tranche tranche.TrancheID `json:"tranche"`
	Kind    tranche.Kind      `json:"kind"`
	Amount  string            `json:"amount"`
}

func newWhenJSON(reached bool, period int, date time.Time) whenJSON {
	if !reached {
		return whenJSON{}
	}
	d := date.Format(time.DateOnly)
	return whenJSON{Reached: true, Period: &period, Date: &d}
}

// MarshalJSON encodes the summary with snake_case field names: amounts
// as strings fixed to its Scale ("1160.00"), multiples as exact decimal
// strings, or null when the party invested nothing (they are not
// defined: "invested": false), the role and kinds by name, dates as
// "YYYY-MM-DD", and the rates as numbers, or null with a "rate_error"
// when they are not defined. A first payment or payback not reached has "reached": false
// and a null period and date. No decimal passes through a float.
func (s Summary) MarshalJSON() ([]byte, error) {
	money := func(d decimal.Decimal) string { return d.StringFixed(s.Scale) }
	ratio := func(d decimal.Decimal) string { return d.String() }
	first := func(fp FirstPayment) firstJSON {
		out := firstJSON{whenJSON: newWhenJSON(fp.Paid, fp.Period, fp.Date), Before: []amountJSON{}, Breakpoint: money(fp.Breakpoint)}
		for _, b := range fp.Before {
			out.Before = append(out.Before, amountJSON{Party: b.Party, Amount: money(b.Amount)})
		}
		return out
	}
	out := summaryJSON{
		Party: s.Party, Name: s.Name, Role: s.Role.String(),
		Contributed: money(s.Contributed), Distributed: money(s.Distributed), PaidOut: money(s.PaidOut),
		Net: money(s.Net), NAV: money(s.NAV), Profit: money(s.Profit),
		Promote: money(s.Promote), PromoteShare: ratio(s.PromoteShare), Invested: s.Invested,
		First: first(s.First), FirstProfit: first(s.FirstProfit),
		Payback: newWhenJSON(s.Payback.Reached, s.Payback.Period, s.Payback.Date),
		Tiers:   []tierJSON{},
	}
	if s.Invested {
		dpi, rvpi, tvpi := ratio(s.DPI), ratio(s.RVPI), ratio(s.TVPI)
		out.DPI, out.RVPI, out.TVPI = &dpi, &rvpi, &tvpi
	}
	if s.RateErr != nil {
		out.RateError = s.RateErr.Error()
	} else {
		x, p := s.XIRR, s.PeriodicIRR
		out.XIRR, out.PeriodicIRR = &x, &p
	}
	for _, t := range s.Tiers {
		out.Tiers = append(out.Tiers, tierJSON{Tranche: t.Tranche, Kind: t.Kind, Amount: money(t.Amount)})
	}
	return json.Marshal(out)
}
