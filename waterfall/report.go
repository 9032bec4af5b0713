package waterfall

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// ProfitKinds are the payment kinds that are a return on money put in
// rather than the money coming back: preferred return, catch-up, profit,
// promote and interest. [Result.Report] uses them for a party's first
// profit.
var ProfitKinds = []tranche.Kind{tranche.KindPref, tranche.KindCatchUp, tranche.KindProfit, tranche.KindPromote, tranche.KindInterest}

// FirstPaymentOf is [Result.FirstPayment] restricted to payments of the
// given kinds: when the party first receives a payment of one of them,
// what every other party had received (of any kind) before then, and the
// breakpoint (which counts the party's own earlier receipts of other
// kinds, and not money one party hands another). With no kinds it is
// FirstPayment. It returns an error
// wrapping [tranche.ErrUnknownParty] for a party not in the deal, and one
// wrapping [contract.ErrInvalid] for an undefined kind.
func (r *Result) FirstPaymentOf(id tranche.PartyID, kinds ...tranche.Kind) (FirstPayment, error) {
	if len(kinds) == 0 {
		return r.FirstPayment(id)
	}
	if _, ok := r.index[id]; !ok {
		return FirstPayment{}, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	var want [tranche.NumKinds]bool
	for i, k := range kinds {
		if !k.Valid() {
			return FirstPayment{}, contract.Field(fmt.Sprintf("kinds[%d]", i), fmt.Errorf("%w: payment kind %d", contract.ErrInvalid, uint8(k)))
		}
		want[k] = true
	}
	fp := FirstPayment{Party: id, Index: len(r.Payments), Breakpoint: decimal.Zero}
	for i, p := range r.Payments {
		if p.Party == id && want[p.Kind] && p.Amount.Sign() > 0 && p.From == "" {
			fp.Paid, fp.Period, fp.Date, fp.Index = true, p.Period, p.Date, i
			break
		}
	}
	before := make([]decimal.Decimal, len(r.Parties))
	for i := range before {
		before[i] = decimal.Zero
	}
	for _, p := range r.Payments[:fp.Index] {
		if p.Party == id {
			continue // the party's own earlier receipts of other kinds
		}
		before[r.index[p.Party]] = before[r.index[p.Party]].Add(p.Amount)
	}
	for _, p := range r.Payments[:fp.Index] {
		if p.From == "" {
			fp.Breakpoint = fp.Breakpoint.Add(p.Amount)
		}
	}
	for i, t := range r.Parties {
		if t.Party != id {
			fp.Before = append(fp.Before, PartyAmount{Party: t.Party, Amount: before[i]})
		}
	}
	return fp, nil
}

// PartyReport is everything a reader asks about one party of a run: what
// it put in and got back, when it was first paid and who was paid before
// it, the cash the deal had to pay out before it saw a dollar (its
// breakpoint), and how its receipts split across the tiers of the stack.
//
// The amounts add up: the Tiers sum to Distributed, and First.Breakpoint
// is the sum of what every party, this one excluded (it had received
// nothing yet), was paid before First.
type PartyReport struct {
	Party       tranche.PartyID
	Name        string
	Role        Role
	Contributed decimal.Decimal // capital put in
	Distributed decimal.Decimal // everything received, of every kind
	PaidOut     decimal.Decimal // paid to other parties (carry into escrow, clawback)
	Net         decimal.Decimal // Distributed − Contributed − PaidOut
	// First is the party's first payment of any kind; its Before lists
	// what every other party received before it, its Breakpoint the
	// cumulative cash the deal paid out before it.
	First FirstPayment
	// FirstProfit is the party's first payment of one of [ProfitKinds]:
	// for an investor, the first dollar above its capital coming back.
	FirstProfit FirstPayment
	// Tiers splits Distributed by the tranche (and kind) that paid it, in
	// the order each first paid the party ([Result.ByTranche]).
	Tiers []TrancheAmount
}

// Report returns the party's report. It returns an error wrapping
// [tranche.ErrUnknownParty] for a party not in the deal, and
// [tranche.ErrInvariant] if the ledger does not add up to the party's totals
// (which the engine never lets happen).
func (r *Result) Report(id tranche.PartyID) (PartyReport, error) {
	t, ok := r.Party(id)
	if !ok {
		return PartyReport{}, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	first, err := r.FirstPayment(id)
	if err != nil {
		return PartyReport{}, err
	}
	profit, err := r.FirstPaymentOf(id, ProfitKinds...)
	if err != nil {
		return PartyReport{}, err
	}
	tiers, err := r.ByTranche(id)
	if err != nil {
		return PartyReport{}, err
	}
	sum := decimal.Zero
	for _, x := range tiers {
		sum = sum.Add(x.Amount)
	}
	if !sum.Equal(t.Distributed) {
		return PartyReport{}, fmt.Errorf("party %q: %w: tiers add up to %s, distributed %s", id, tranche.ErrInvariant, sum, t.Distributed)
	}
	return PartyReport{
		Party: t.Party, Name: t.Name, Role: t.Role,
		Contributed: t.Contributed, Distributed: t.Distributed, PaidOut: t.PaidOut, Net: t.Net(),
		First: first, FirstProfit: profit, Tiers: tiers,
	}, nil
}

// Reports returns the report of every party, in the deal's order.
func (r *Result) Reports() ([]PartyReport, error) {
	out := make([]PartyReport, 0, len(r.Parties))
	for _, t := range r.Parties {
		rep, err := r.Report(t.Party)
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	return out, nil
}

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
	return 0, fmt.Errorf("%w: unknown aggregation %q, want one of %q", contract.ErrInvalid, s, aggregationNames[:])
}

// MarshalText encodes the aggregation as its name.
func (a Aggregation) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("%w: aggregation %d", contract.ErrRange, uint8(a))
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
	Role Role
}

// LedgerRow is one row of a [Ledger]: the periods First..Last of the run,
// added up. Flows (Proceeds, Costs, Contributed, Paid, Received) are
// sums over the row's periods; Retained and Held are balances at the end
// of its last period.
type LedgerRow struct {
	Label       string    // "2027", "2027-Q3", "2027-09", or the period index
	First, Last int       // the row's periods, inclusive
	Start, End  time.Time // the start of its first period, the end of its last
	Proceeds    decimal.Decimal
	Costs       decimal.Decimal
	Contributed decimal.Decimal
	Paid        decimal.Decimal
	Retained    decimal.Decimal
	Held        decimal.Decimal
	Received    []decimal.Decimal // what each party received in the row, in the ledger's party order
}

// Ledger is a run's period table: one row per period, month, quarter or
// year, and a column per party, with a total row. Every amount is exact:
// the rows' Received add up to each party's Distributed, and their Paid to
// the run's total paid.
type Ledger struct {
	Deal        string
	Currency    string
	Scale       int32
	Aggregation Aggregation
	Parties     []LedgerParty
	Rows        []LedgerRow
	Total       LedgerRow // sums over every row; Retained and Held at the end of the run
}

// Ledger groups the run's periods into rows by agg. It returns an error
// wrapping [contract.ErrRange] for an undefined aggregation.
func (r *Result) Ledger(agg Aggregation) (*Ledger, error) {
	if !agg.Valid() {
		return nil, fmt.Errorf("%w: aggregation %d", contract.ErrRange, uint8(agg))
	}
	l := &Ledger{Deal: r.Deal, Currency: r.Currency, Scale: r.Scale, Aggregation: agg}
	for _, p := range r.Parties {
		l.Parties = append(l.Parties, LedgerParty{ID: p.Party, Name: p.Name, Role: p.Role})
	}
	newRow := func(label string, first int, start time.Time) LedgerRow {
		z := decimal.Zero
		row := LedgerRow{Label: label, First: first, Last: first, Start: start,
			Proceeds: z, Costs: z, Contributed: z, Paid: z, Retained: z, Held: z,
			Received: make([]decimal.Decimal, len(r.Parties))}
		for i := range row.Received {
			row.Received[i] = z
		}
		return row
	}
	rowOf := make([]int, len(r.Periods))
	for i, s := range r.Periods {
		label := agg.label(s.Period.Index, s.Period.End)
		if n := len(l.Rows); n == 0 || l.Rows[n-1].Label != label {
			l.Rows = append(l.Rows, newRow(label, i, s.Period.Start))
		}
		row := &l.Rows[len(l.Rows)-1]
		row.Last, row.End = i, s.Period.End
		row.Proceeds = row.Proceeds.Add(s.Proceeds)
		row.Costs = row.Costs.Add(s.Costs)
		row.Contributed = row.Contributed.Add(s.Contributed)
		row.Paid = row.Paid.Add(s.Paid)
		row.Retained, row.Held = s.Retained, s.Held
		rowOf[i] = len(l.Rows) - 1
	}
	for _, p := range r.Payments {
		if p.Period < 0 || p.Period >= len(rowOf) {
			return nil, fmt.Errorf("%w: payment in period %d of %d", tranche.ErrInvariant, p.Period, len(rowOf))
		}
		row := &l.Rows[rowOf[p.Period]]
		j := r.index[p.Party]
		row.Received[j] = row.Received[j].Add(p.Amount)
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
		l.Total.Paid = l.Total.Paid.Add(row.Paid)
		for j, a := range row.Received {
			l.Total.Received[j] = l.Total.Received[j].Add(a)
		}
	}
	return l, nil
}

// Header returns the column names of [Ledger.Records]: period, start, end,
// proceeds, costs, contributed, paid, retained, held, then one column per
// party named by its ID.
func (l *Ledger) Header() []string {
	h := []string{"period", "start", "end", "proceeds", "costs", "contributed", "paid", "retained", "held"}
	for _, p := range l.Parties {
		h = append(h, string(p.ID))
	}
	return h
}

// Records returns the rows as text, one record per row and a last one for
// the total, amounts fixed to the ledger's scale ("1234.50"), dates as
// YYYY-MM-DD: the cells of [Ledger.WriteCSV], for programs that add
// columns of their own.
func (l *Ledger) Records() [][]string {
	out := make([][]string, 0, len(l.Rows)+1)
	for _, row := range append(l.Rows[:len(l.Rows):len(l.Rows)], l.Total) {
		out = append(out, l.record(row, func(d decimal.Decimal) string { return d.StringFixed(l.Scale) }))
	}
	return out
}

func (l *Ledger) record(row LedgerRow, money func(decimal.Decimal) string) []string {
	rec := []string{row.Label, day(row.Start), day(row.End), money(row.Proceeds), money(row.Costs),
		money(row.Contributed), money(row.Paid), money(row.Retained), money(row.Held)}
	for _, a := range row.Received {
		rec = append(rec, money(a))
	}
	return rec
}

// WriteCSV writes the ledger as CSV (encoding/csv): a header of
// [Ledger.Header], a record per row and the total.
func (l *Ledger) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(l.Header()); err != nil {
		return err
	}
	if err := cw.WriteAll(l.Records()); err != nil {
		return err
	}
	return cw.Error()
}

// WriteTable writes the ledger as an aligned text table (text/tabwriter),
// amounts with thousands separators and every minor unit, the parties as
// columns by name, and a total row.
func (l *Ledger) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"period", "end", "cash in", "cash out", "contributed", "paid", "retained"}
	for _, p := range l.Parties {
		head = append(head, p.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	money := func(d decimal.Decimal) string { return GroupDigits(d.StringFixed(l.Scale)) }
	for _, row := range append(l.Rows[:len(l.Rows):len(l.Rows)], l.Total) {
		end := day(row.End)
		if row.Label == "total" {
			end = ""
		}
		cells := []string{row.Label, end, money(row.Proceeds), money(row.Costs), money(row.Contributed), money(row.Paid), money(row.Retained)}
		for _, a := range row.Received {
			cells = append(cells, money(a))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// ledgerJSON is the JSON form of a Ledger: decimals as strings at the
// ledger's scale.
type ledgerJSON struct {
	Deal        string            `json:"deal"`
	Currency    string            `json:"currency"`
	Scale       int32             `json:"scale"`
	Aggregation Aggregation       `json:"aggregation"`
	Parties     []ledgerPartyJSON `json:"parties"`
	Rows        []ledgerRowJSON   `json:"rows"`
	Total       ledgerRowJSON     `json:"total"`
}

type ledgerPartyJSON struct {
	ID   tranche.PartyID `json:"id"`
	Name string          `json:"name"`
	Role string          `json:"role"`
}

type ledgerRowJSON struct {
	Label       string            `json:"period"`
	Start       string            `json:"start"`
	End         string            `json:"end"`
	Proceeds    string            `json:"proceeds"`
	Costs       string            `json:"costs"`
	Contributed string            `json:"contributed"`
	Paid        string            `json:"paid"`
	Retained    string            `json:"retained"`
	Held        string            `json:"held"`
	Received    map[string]string `json:"received"`
}

func (l *Ledger) rowJSON(row LedgerRow) ledgerRowJSON {
	f := func(d decimal.Decimal) string { return d.StringFixed(l.Scale) }
	out := ledgerRowJSON{Label: row.Label, Start: day(row.Start), End: day(row.End), Proceeds: f(row.Proceeds), Costs: f(row.Costs),
		Contributed: f(row.Contributed), Paid: f(row.Paid), Retained: f(row.Retained), Held: f(row.Held), Received: map[string]string{}}
	for j, a := range row.Received {
		out.Received[string(l.Parties[j].ID)] = f(a)
	}
	return out
}

// MarshalJSON encodes the ledger with every amount a string fixed to the
// ledger's scale, so no decimal passes through a float.
func (l *Ledger) MarshalJSON() ([]byte, error) {
	out := ledgerJSON{Deal: l.Deal, Currency: l.Currency, Scale: l.Scale, Aggregation: l.Aggregation,
		Parties: []ledgerPartyJSON{}, Rows: []ledgerRowJSON{}, Total: l.rowJSON(l.Total)}
	for _, p := range l.Parties {
		out.Parties = append(out.Parties, ledgerPartyJSON{ID: p.ID, Name: p.Name, Role: p.Role.String()})
	}
	for _, row := range l.Rows {
		out.Rows = append(out.Rows, l.rowJSON(row))
	}
	return json.Marshal(out)
}

// WriteJSON writes the ledger as indented JSON ([Ledger.MarshalJSON]).
func (l *Ledger) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}

// WriteTable writes the run's period table, grouped by agg, as aligned
// text; see [Ledger.WriteTable].
func WriteTable(w io.Writer, r *Result, agg Aggregation) error {
	l, err := r.Ledger(agg)
	if err != nil {
		return err
	}
	return l.WriteTable(w)
}

// WriteCSV writes the run's period table, grouped by agg, as CSV; see
// [Ledger.WriteCSV].
func WriteCSV(w io.Writer, r *Result, agg Aggregation) error {
	l, err := r.Ledger(agg)
	if err != nil {
		return err
	}
	return l.WriteCSV(w)
}

// WriteJSON writes the run's period table, grouped by agg, as JSON with
// decimals as strings; see [Ledger.MarshalJSON].
func WriteJSON(w io.Writer, r *Result, agg Aggregation) error {
	l, err := r.Ledger(agg)
	if err != nil {
		return err
	}
	return l.WriteJSON(w)
}

// GroupDigits puts thousands separators into a plain decimal string such
// as "-1234567.50", giving "-1,234,567.50". Text that is not a plain
// decimal is returned unchanged.
func GroupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" || strings.Contains(s, ".") {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
