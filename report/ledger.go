package report

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Aggregation says how a [Ledger] groups the periods of a run into rows.
// The zero value, ByPeriod, is one row per period of the deal.
type Aggregation uint8

// The aggregations of a ledger. A row covers the periods whose end falls
// in the same calendar month, quarter or year; when the deal's periods
// are longer than the row, each row is one period.
const (
	ByPeriod  Aggregation = iota // one row per period of the deal
	Monthly                      // one row per calendar month
	Quarterly                    // one row per calendar quarter
	Yearly                       // one row per calendar year
)

var aggregationNames = [...]string{ByPeriod: "period", Monthly: "monthly", Quarterly: "quarterly", Yearly: "yearly"}

// String returns "period", "monthly", "quarterly" or "yearly".
func (a Aggregation) String() string {
	if a.Valid() {
		return aggregationNames[a]
	}
	return fmt.Sprintf("Aggregation(%d)", uint8(a))
}

// Valid reports whether a is one of the defined aggregations.
func (a Aggregation) Valid() bool { return int(a) < len(aggregationNames) }

// ParseAggregation returns the aggregation named s, as printed by
// [Aggregation.String]. It returns an error wrapping [contract.ErrInvalid]
// for any other string.
func ParseAggregation(s string) (Aggregation, error) {
	for i, n := range aggregationNames {
		if s == n {
			return Aggregation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown aggregation %q, want one of %q: %w", s, aggregationNames[:], contract.ErrInvalid)
}

// MarshalText encodes the aggregation as its name.
func (a Aggregation) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("aggregation %d: %w", uint8(a), contract.ErrRange)
	}
	return []byte(a.String()), nil
}

// UnmarshalText decodes an aggregation from its name.
func (a *Aggregation) UnmarshalText(b []byte) error {
	v, err := ParseAggregation(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// label names the row that holds a period ending on end.
func (a Aggregation) label(index int, end time.Time) string {
	switch a {
	case Monthly:
		return end.Format("2006-01")
	case Quarterly:
		return fmt.Sprintf("%d-Q%d", end.Year(), (int(end.Month())+2)/3)
	case Yearly:
		return fmt.Sprint(end.Year())
	}
	return fmt.Sprint(index)
}

// LedgerParty is a column of a [Ledger]: a party of the deal.
type LedgerParty struct {
	ID   tranche.PartyID
	Name string
	Role waterfall.Role
}

// LedgerRow is one row of a [Ledger]: the periods First..Last of the run,
// added up. Flows (Proceeds, Costs, Contributed, Paid, Fees, Transfers,
// Received) are sums over the row's periods; Retained and Held are
// balances at the end of its last period.
//
// Every payment of the row is in one party's Received, and in one of
// Paid (by the stack), Fees (out of fee calls) or Transfers (from one
// party to another), so a row ties out: the sum of Received is Paid +
// Fees + Transfers, exactly.
//
// Proceeds is the cash that came in: the deal's proceeds and every
// source's cash, a loan's funding included. Contributed is the equity
// called; Drawn is what the stack's loans drew ([waterfall.PeriodSummary].Drawn),
// which the party summaries count as the lenders' contributions, so
// Contributed plus Drawn is the parties' Contributed total.
type LedgerRow struct {
	Label       string    // "2027", "2027-Q3", "2027-09", or the period index
	First, Last int       // the row's periods, inclusive
	Start, End  time.Time // the start of its first period, the end of its last
	Proceeds    decimal.Decimal
	Costs       decimal.Decimal
	Contributed decimal.Decimal
	Drawn       decimal.Decimal // lent: the stack's loan draws, the lenders' contributions
	Paid        decimal.Decimal
	Fees        decimal.Decimal // fees and expenses paid out of fee calls ([waterfall.PeriodSummary].Fees)
	Transfers   decimal.Decimal // paid by a party to another: carry into escrow, clawback ([tranche.Payment].From)
	Retained    decimal.Decimal
	Held        decimal.Decimal
	Received    []decimal.Decimal // what each party received in the row, in the ledger's party order
}

// Ledger is a run's period table: one row per period, month, quarter or
// year, and a column per party, with a total row. Every amount is exact:
// the rows' Received add up to each party's Distributed, their Paid and
// Fees to what the deal paid, and their Transfers to what the parties
// paid out; and in each row the parties' Received add up to Paid + Fees +
// Transfers. [NewLedger] makes one; its methods write it as a
// table, CSV or JSON.
type Ledger struct {
	Deal        string
	Currency    string
	Scale       int32
	Aggregation Aggregation
	Parties     []LedgerParty
	Rows        []LedgerRow
	Total       LedgerRow // sums over every row; Retained and Held at the end of the run
}

// NewLedger groups the run's periods into rows by agg.
//
// NewLedger returns an error if:
//   - res is nil ([contract.ErrRequired]);
//   - agg is undefined ([contract.ErrRange]);
//   - a payment is in a period the run does not have, or names a party
//     that is not in the result ([tranche.ErrInvariant]; the engine never
//     lets this happen).
func NewLedger(res *waterfall.Result, agg Aggregation) (*Ledger, error) {
	idx, err := indexOf(res)
	if err != nil {
		return nil, err
	}
	if !agg.Valid() {
		return nil, fmt.Errorf("aggregation %d: %w", uint8(agg), contract.ErrRange)
	}
	l := &Ledger{Deal: res.Deal, Currency: res.Currency, Scale: res.Scale, Aggregation: agg}
	for _, p := range res.Parties() {
		l.Parties = append(l.Parties, LedgerParty{ID: p.Party, Name: p.Name, Role: p.Role})
	}
	newRow := func(label string, first int, start time.Time) LedgerRow {
		z := decimal.Zero
		row := LedgerRow{Label: label, First: first, Last: first, Start: start,
			Proceeds: z, Costs: z, Contributed: z, Drawn: z, Paid: z, Fees: z, Transfers: z, Retained: z, Held: z,
			Received: make([]decimal.Decimal, len(l.Parties))}
		for i := range row.Received {
			row.Received[i] = z
		}
		return row
	}
	rowOf := make([]int, len(res.Periods))
	for i, s := range res.Periods {
		label := agg.label(s.Period.Index, s.Period.End)
		if n := len(l.Rows); n == 0 || l.Rows[n-1].Label != label {
			l.Rows = append(l.Rows, newRow(label, i, s.Period.Start))
		}
		row := &l.Rows[len(l.Rows)-1]
		row.Last, row.End = i, s.Period.End
		row.Proceeds = row.Proceeds.Add(s.Proceeds)
		row.Costs = row.Costs.Add(s.Costs)
		row.Contributed = row.Contributed.Add(s.Contributed)
		row.Drawn = row.Drawn.Add(s.Drawn)
		row.Paid = row.Paid.Add(s.Paid)
		row.Fees = row.Fees.Add(s.Fees)
		row.Retained, row.Held = s.Retained, s.Held
		rowOf[i] = len(l.Rows) - 1
	}
	for i := range idx.pays {
		p := &idx.pays[i]
		if p.Period < 0 || p.Period >= len(rowOf) {
			return nil, fmt.Errorf("payment in period %d of %d: %w", p.Period, len(rowOf), tranche.ErrInvariant)
		}
		row := &l.Rows[rowOf[p.Period]]
		j := idx.pos[p.Party]
		row.Received[j] = row.Received[j].Add(p.Amount)
		if p.From != "" {
			row.Transfers = row.Transfers.Add(p.Amount)
		}
	}
	l.Total = newRow("total", 0, time.Time{})
	if n := len(l.Rows); n > 0 {
		l.Total.Start, l.Total.End = l.Rows[0].Start, l.Rows[n-1].End
		l.Total.First, l.Total.Last = l.Rows[0].First, l.Rows[n-1].Last
		l.Total.Retained, l.Total.Held = l.Rows[n-1].Retained, l.Rows[n-1].Held
	}
	for _, row := range l.Rows {
		l.Total.Proceeds = l.Total.Proceeds.Add(row.Proceeds)
		l.Total.Costs = l.Total.Costs.Add(row.Costs)
		l.Total.Contributed = l.Total.Contributed.Add(row.Contributed)
		l.Total.Drawn = l.Total.Drawn.Add(row.Drawn)
		l.Total.Paid = l.Total.Paid.Add(row.Paid)
		l.Total.Fees = l.Total.Fees.Add(row.Fees)
		l.Total.Transfers = l.Total.Transfers.Add(row.Transfers)
		for j, a := range row.Received {
			l.Total.Received[j] = l.Total.Received[j].Add(a)
		}
	}
	return l, nil
}
