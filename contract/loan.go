package contract

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// AnnuityPlaces is the number of decimal places kept inside the level
// payment formula before the payment is rounded to the minor unit.
const AnnuityPlaces = 40

// Amortization says how a [Loan]'s principal is repaid. The zero value is
// [Bullet]. New values are only ever added at the end.
type Amortization uint8

// The amortization styles.
const (
	// Bullet repays all principal at maturity.
	Bullet Amortization = iota
	// StraightLine repays equal instalments of principal: the balance when
	// amortization starts divided by the number of amortizing periods.
	StraightLine
	// LevelPayment repays in equal payments of interest plus principal (an
	// annuity): P = B·i / (1 − (1+i)^−n).
	LevelPayment
	// Custom repays the principal amounts listed in [Loan.Custom].
	Custom
)

var amortizationNames = [...]string{
	Bullet:       "bullet",
	StraightLine: "straight-line",
	LevelPayment: "level-payment",
	Custom:       "custom",
}

// String returns the style's name, such as "level-payment". An invalid
// value prints as "Amortization(9)".
func (a Amortization) String() string {
	if a.Valid() {
		return amortizationNames[a]
	}
	return fmt.Sprintf("Amortization(%d)", uint8(a))
}

// Valid reports whether a is one of the defined styles.
func (a Amortization) Valid() bool { return int(a) < len(amortizationNames) }

// IndexFixing is the value of a floating-rate index from Date on, until
// the next fixing.
type IndexFixing struct {
	Date time.Time       // first date the value applies
	Rate decimal.Decimal // annual; 0.0525 means 5.25%
}

// FloatingRate is an index path plus a spread. The index applied to a
// period is the latest fixing dated on or before the period's start (set
// in advance), held between Floor and Cap when they are set; the spread is
// added after. The zero value is not valid: the index needs a fixing.
type FloatingRate struct {
	Index  []IndexFixing    // fixings in increasing date order
	Spread decimal.Decimal  // annual margin over the index; 0.03 means 300 bp
	Floor  *decimal.Decimal // lowest index value applied; nil: no floor
	Cap    *decimal.Decimal // highest index value applied; nil: no cap
}

// Loan holds the terms of a loan: amount, draws, interest, amortization,
// payment-in-kind (PIK) interest, fees and prepayments. [Loan.Plan] lays
// the terms over a schedule of periods; [LoanPlan.Schedule] is the
// contractual repayment schedule. The zero value is not valid: a loan needs
// a commitment and draws.
//
// Time follows the engine's rule: a draw, like every other flow, moves on
// the end of the period that contains its date, and interest accrues on it
// from the next period. To fund a loan at closing, start the schedule one
// period before the first payment date and date the draw in that first
// period. The periods after the first draw's period are the loan's
// payment periods, counted from 1.
//
// Each payment period i, with B the balance at its start:
//   - cash interest = B × (growth of the cash rate over the period − 1),
//     rounded half away from zero to the minor unit, with the growth
//     factor of [Rate.Growth] (so Rate's compounding and day count apply:
//     Simple on 30/360 over a month gives B × rate/12);
//   - PIK interest = B × (growth of PIKRate − 1), rounded the same way,
//     added to the balance; in the first PIKPeriods payment periods the
//     cash interest is capitalised too;
//   - scheduled principal as the amortization style says; from maturity on,
//     the whole balance is due (the balloon);
//   - fees: the upfront fee in the first draw's period, the commitment fee
//     on the undrawn amount in every period up to maturity, and the
//     prepayment fee on each prepayment.
type Loan struct {
	Commitment     decimal.Decimal // facility size; draws add up to at most this
	Draws          []Flow          // positive amounts, each funded at the end of the period containing its date
	Rate           Rate            // fixed: Annual is the cash rate. Floating: Annual is ignored; Compounding and DayCount still apply
	Floating       *FloatingRate   // nil: fixed rate
	Amortization   Amortization    // zero value = Bullet
	Frequency      Frequency       // payments per year behind the level payment's periodic rate i = annual rate × months/12
	InterestOnly   int             // first payment periods with no scheduled principal
	Amortize       int             // payment periods over which StraightLine and LevelPayment amortize, from the end of the interest-only periods; 0 = until maturity; a longer profile leaves a balloon at maturity
	Maturity       time.Time       // everything left is due in the period containing it; zero = the last period
	Custom         []Flow          // Custom amortization: principal due in the period containing each date
	PIKRate        decimal.Decimal // annual rate capitalised on top of the cash rate; 0 = none
	PIKPeriods     int             // first payment periods in which all interest is capitalised (PIK election)
	PIKOnShortfall bool            // read by the debt tranche: unpaid cash interest is capitalised instead of falling into arrears
	UpfrontFee     decimal.Decimal // fraction of Commitment, due in the first draw's period; 0.01 means 1%
	CommitmentFee  decimal.Decimal // annual rate on the undrawn commitment, simple on Rate's day count, up to maturity
	Prepayments    []Flow          // voluntary prepayments of principal
	PrepaymentFee  decimal.Decimal // fraction of each prepayment, voluntary or swept; 0.02 means 2%
	DefaultMargin  decimal.Decimal // read by the debt tranche: annual rate over the cash rate charged on arrears
}

// LoanState is a loan's position at the start of a period. The zero value
// is a loan not yet drawn.
type LoanState struct {
	Balance         decimal.Decimal // principal outstanding, including capitalised interest
	Drawn           decimal.Decimal // drawn so far
	Instalment      decimal.Decimal // the straight-line instalment or level payment in force; zero before amortization
	InstalmentRate  decimal.Decimal // the periodic rate the level payment was fixed at
	InstalmentFixed bool            // whether Instalment has been fixed
}

// LoanRow is one period of a loan's schedule. Closing = Opening + PIK −
// Principal − Prepayment + Draw.
type LoanRow struct {
	Period        Period
	Opening       decimal.Decimal // balance at the start of the period
	Rate          decimal.Decimal // annual cash rate applied in the period
	Interest      decimal.Decimal // cash interest due
	PIK           decimal.Decimal // interest capitalised
	Principal     decimal.Decimal // scheduled principal due, including the balloon
	Prepayment    decimal.Decimal // voluntary prepayment
	UpfrontFee    decimal.Decimal // upfront fee due
	CommitmentFee decimal.Decimal // commitment fee due
	PrepaymentFee decimal.Decimal // fee on the prepayment
	Draw          decimal.Decimal // drawn at the end of the period
	Closing       decimal.Decimal // balance at the end of the period
}

// Fees is the row's fees: upfront, commitment and prepayment.
func (r LoanRow) Fees() decimal.Decimal {
	return r.UpfrontFee.Add(r.CommitmentFee).Add(r.PrepaymentFee)
}

// Service is what the row asks the borrower to pay: fees, cash interest,
// principal and prepayment.
func (r LoanRow) Service() decimal.Decimal {
	return r.Fees().Add(r.Interest).Add(r.Principal).Add(r.Prepayment)
}

// Validate reports every problem with the terms that can be seen without a
// schedule, as [FieldError]s joined with [errors.Join]:
//   - a commitment that is not positive, draws that are not positive or add
//     up to more than the commitment, no draws;
//   - an invalid rate, a negative fixed rate, an invalid floating rate (no
//     fixings, fixings out of order, a floor above the cap);
//   - an invalid amortization style or frequency, negative period counts;
//   - custom amounts without Custom amortization, or negative;
//   - negative PIK rate, fees, prepayments or default margin, and fee
//     fractions above 1.
func (l Loan) Validate() error {
	var errs []error
	add := func(path string, err error) {
		if err != nil {
			errs = append(errs, Field(path, err))
		}
	}
	if l.Commitment.Sign() <= 0 {
		add("commitment", fmt.Errorf("%s must be positive: %w", plain(l.Commitment), ErrRange))
	}
	if len(l.Draws) == 0 {
		add("draws", ErrRequired)
	}
	drawn := decimal.Zero
	for i, d := range l.Draws {
		if d.Amount.Sign() <= 0 {
			add(fmt.Sprintf("draws[%d].amount", i), fmt.Errorf("%s must be positive: %w", plain(d.Amount), ErrRange))
		}
		drawn = drawn.Add(d.Amount)
	}
	if drawn.GreaterThan(l.Commitment) && l.Commitment.Sign() > 0 {
		add("draws", fmt.Errorf("draws add up to %s, more than the commitment %s: %w", plain(drawn), plain(l.Commitment), ErrRange))
	}
	errs = append(errs, Prefix("rate", l.Rate.Validate()))
	if l.Floating == nil && l.Rate.Annual.Sign() < 0 {
		add("rate.annual", ErrNegative)
	}
	if f := l.Floating; f != nil {
		if len(f.Index) == 0 {
			add("floating.index", ErrRequired)
		}
		for i, x := range f.Index {
			if x.Date.IsZero() {
				add(fmt.Sprintf("floating.index[%d].date", i), ErrRequired)
			}
			if i > 0 && dayNumber(x.Date) <= dayNumber(f.Index[i-1].Date) {
				add(fmt.Sprintf("floating.index[%d].date", i), fmt.Errorf("%s is not after the previous fixing: %w", x.Date.Format(time.DateOnly), ErrOrder))
			}
			add(fmt.Sprintf("floating.index[%d].rate", i), checkAnnual(x.Rate))
		}
		add("floating.spread", checkAnnual(f.Spread))
		if f.Floor != nil && f.Cap != nil && f.Floor.GreaterThan(*f.Cap) {
			add("floating.cap", fmt.Errorf("%s is below the floor %s: %w", plain(*f.Cap), plain(*f.Floor), ErrOrder))
		}
	}
	if !l.Amortization.Valid() {
		add("amortization", fmt.Errorf("unknown amortization %d: %w", uint8(l.Amortization), ErrRange))
	}
	if !l.Frequency.Valid() {
		add("frequency", fmt.Errorf("unknown frequency %d: %w", uint8(l.Frequency), ErrRange))
	}
	for _, c := range []struct {
		path string
		n    int
	}{{"interest_only", l.InterestOnly}, {"amortize", l.Amortize}, {"pik_periods", l.PIKPeriods}} {
		if c.n < 0 {
			add(c.path, ErrNegative)
		}
	}
	if len(l.Custom) > 0 && l.Amortization != Custom {
		add("custom", fmt.Errorf("amounts given for %v amortization, want custom: %w", l.Amortization, ErrInvalid))
	}
	for i, c := range l.Custom {
		if c.Amount.Sign() < 0 {
			add(fmt.Sprintf("custom[%d].amount", i), ErrNegative)
		}
	}
	for i, p := range l.Prepayments {
		if p.Amount.Sign() < 0 {
			add(fmt.Sprintf("prepayments[%d].amount", i), ErrNegative)
		}
	}
	for _, f := range []struct {
		path     string
		v        decimal.Decimal
		fraction bool
	}{{"pik_rate", l.PIKRate, false}, {"upfront_fee", l.UpfrontFee, true}, {"commitment_fee", l.CommitmentFee, false},
		{"prepayment_fee", l.PrepaymentFee, true}, {"default_margin", l.DefaultMargin, false}} {
		switch {
		case f.v.Sign() < 0:
			add(f.path, ErrNegative)
		case f.fraction && f.v.GreaterThan(one):
			add(f.path, fmt.Errorf("%s is more than 1: %w", plain(f.v), ErrRange))
		default:
			add(f.path, checkAnnual(f.v))
		}
	}
	return errors.Join(errs...)
}

// LoanPlan is a [Loan] laid over a schedule of periods at a currency scale:
// rates, growth factors and dated amounts are resolved once per period. It
// is immutable and safe for concurrent use; [LoanPlan.Row] turns a state
// into the next.
//
// Building a plan takes time linear in the periods (the floating index is
// searched by bisection): each growth factor is computed once per rate
// and year fraction, which a schedule repeats, and shared by the periods
// that have it. Each Row is a constant amount of work, except that a level
// payment is recomputed, in O(log periods), when its rate changes; so a
// schedule, and a run that pays the loan, are linear in the periods.
type LoanPlan struct {
	loan       Loan
	periods    []Period
	scale      int32
	first      int // the first draw's period
	maturity   int
	amortStart int // first period of scheduled principal
	amortEnd   int // last period of the amortizing profile (may be past maturity)
	draw       []decimal.Decimal
	custom     []decimal.Decimal
	prepay     []decimal.Decimal
	rate       []decimal.Decimal // annual cash rate
	cashF      []decimal.Decimal // growth − 1 at the cash rate
	pikF       []decimal.Decimal // growth − 1 at the PIK rate
	feeF       []decimal.Decimal // commitment fee accrual factor
	periodic   []decimal.Decimal // level payments: the periodic rate, annual cash rate × months/12
	memo       loanMemo          // the contractual schedule, worked out once
}

// Plan lays the loan over periods, whose amounts are whole multiples of
// 10^-scale. It returns the errors of [Loan.Validate], and an error if:
//   - scale is outside 0..8 or periods is empty;
//   - a draw, custom amount or prepayment is dated outside the schedule or
//     has more decimals than scale allows;
//   - the maturity is outside the schedule or before the first draw's
//     period ends;
//   - a draw, custom amount or prepayment falls after maturity;
//   - the floating index has no fixing on or before a period's start.
func (l Loan) Plan(periods []Period, scale int32) (*LoanPlan, error) {
	if scale < 0 || scale > 8 {
		return nil, Field("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, ErrRange))
	}
	// Amounts finer than the minor unit first: a draw of 15,000,000.005
	// is that mistake, not "draws add up to more than the commitment".
	var fine []error
	for _, list := range []struct {
		path  string
		flows []Flow
	}{{"draws", l.Draws}, {"custom", l.Custom}, {"prepayments", l.Prepayments}} {
		for i, f := range list.flows {
			if !f.Amount.Equal(f.Amount.Truncate(scale)) {
				fine = append(fine, Field(fmt.Sprintf("%s[%d].amount", list.path, i), fmt.Errorf("%s has more than %d decimal places: %w", f.Amount, scale, ErrInvalid)))
			}
		}
	}
	if len(fine) > 0 {
		return nil, errors.Join(fine...)
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return nil, Field("periods", ErrRequired)
	}
	n := len(periods)
	p := &LoanPlan{loan: l, periods: slices.Clone(periods), scale: scale, maturity: n - 1, first: n}
	p.loan.Draws, p.loan.Custom, p.loan.Prepayments = slices.Clone(l.Draws), slices.Clone(l.Custom), slices.Clone(l.Prepayments)
	if l.Floating != nil {
		f := *l.Floating
		f.Index = slices.Clone(f.Index)
		p.loan.Floating = &f
	}
	var errs []error
	bucket := func(path string, flows []Flow) []decimal.Decimal {
		out := make([]decimal.Decimal, n)
		for i := range out {
			out[i] = decimal.Zero
		}
		for i, f := range flows {
			if j, ok := PeriodIndex(periods, f.Date); ok {
				out[j] = out[j].Add(f.Amount)
			} else {
				errs = append(errs, Field(fmt.Sprintf("%s[%d].date", path, i), InSchedule(periods, f.Date)))
			}
		}
		return out
	}
	p.draw = bucket("draws", l.Draws)
	p.custom = bucket("custom", l.Custom)
	p.prepay = bucket("prepayments", l.Prepayments)
	for i, d := range p.draw {
		if d.Sign() > 0 {
			p.first = min(p.first, i)
		}
	}
	if !l.Maturity.IsZero() {
		j, ok := PeriodIndex(periods, l.Maturity)
		if !ok {
			errs = append(errs, Field("maturity", InSchedule(periods, l.Maturity)))
		}
		p.maturity = j
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if p.maturity <= p.first {
		return nil, Field("maturity", fmt.Errorf("period %d is not after the first draw's period %d: %w", p.maturity, p.first, ErrOrder))
	}
	for _, c := range []struct {
		path string
		xs   []decimal.Decimal
	}{{"draws", p.draw}, {"custom", p.custom}, {"prepayments", p.prepay}} {
		for i := p.maturity + 1; i < n; i++ {
			if c.xs[i].Sign() > 0 {
				return nil, Field(c.path, fmt.Errorf("an amount in period %d, after maturity in period %d: %w", i, p.maturity, ErrOrder))
			}
		}
	}
	p.amortStart = p.first + 1 + l.InterestOnly
	p.amortEnd = p.maturity
	if l.Amortize > 0 {
		p.amortEnd = p.amortStart + l.Amortize - 1
	}
	if l.Amortization == LevelPayment && p.amortStart < n {
		// The periodic rate is annual × months/12: the periods must be that long.
		a := periods[p.amortStart]
		y1, m1, _ := a.Start.Date()
		y2, m2, _ := a.End.Date()
		if months := (y2-y1)*12 + int(m2-m1); months != l.Frequency.Months() {
			return nil, Field("frequency", fmt.Errorf("%v level payments over %d-month periods: %w", l.Frequency, months, ErrInvalid))
		}
	}
	p.rate = make([]decimal.Decimal, n)
	p.cashF = make([]decimal.Decimal, n)
	p.pikF = make([]decimal.Decimal, n)
	p.feeF = make([]decimal.Decimal, n)
	if l.Amortization == LevelPayment {
		p.periodic = make([]decimal.Decimal, n)
	}
	// Each period's factors come from a cache by rate and year fraction:
	// a schedule has a few period lengths and, fixed or floating, few
	// rates, so each factor is computed once, not once per period, and
	// periods share the decimals.
	g := growthCache{}
	var cash, pik, fee rateKey
	months := decimal.NewFromInt(int64(l.Frequency.Months()))
	twelve := decimal.NewFromInt(12)
	for i, per := range periods {
		r, err := l.cashRate(per)
		if err != nil {
			return nil, Field("floating.index", err)
		}
		same := i > 0 && r.Equal(p.rate[i-1])
		if same {
			r = p.rate[i-1]
		}
		p.rate[i] = r
		if p.cashF[i], err = g.less1(&cash, Rate{Annual: r, Compounding: l.Rate.Compounding, DayCount: l.Rate.DayCount}, per); err != nil {
			return nil, Field("rate", err)
		}
		if p.pikF[i], err = g.less1(&pik, Rate{Annual: l.PIKRate, Compounding: l.Rate.Compounding, DayCount: l.Rate.DayCount}, per); err != nil {
			return nil, Field("pik_rate", err)
		}
		if p.feeF[i], err = g.less1(&fee, Rate{Annual: l.CommitmentFee, DayCount: l.Rate.DayCount}, per); err != nil {
			return nil, Field("commitment_fee", err)
		}
		if p.periodic != nil {
			if same {
				p.periodic[i] = p.periodic[i-1]
			} else {
				p.periodic[i] = r.Mul(months).DivRound(twelve, AnnuityPlaces)
			}
		}
	}
	return p, nil
}

// growthCache holds growth factors less one by rate and year fraction.
type growthCache map[growthKey]decimal.Decimal

type growthKey struct {
	rate     string // [Rate.Key]
	num, den int64  // the year fraction
}

// rateKey remembers the key of the last rate asked for, which a plan's
// rates repeat period after period.
type rateKey struct {
	r   Rate
	key string
	set bool
}

func (k *rateKey) of(r Rate) string {
	if !k.set || k.r.Compounding != r.Compounding || k.r.DayCount != r.DayCount || !k.r.Annual.Equal(r.Annual) {
		k.r, k.key, k.set = r, r.Key(), true
	}
	return k.key
}

// less1 is r's growth factor over p less one, as [Rate.Growth] gives it:
// zero for a zero rate, from the cache when r has grown over a period of
// the same year fraction before.
func (g growthCache) less1(k *rateKey, r Rate, p Period) (decimal.Decimal, error) {
	if r.Annual.IsZero() {
		return decimal.Zero, nil
	}
	key := growthKey{rate: k.of(r)}
	key.num, key.den = r.DayCount.Fraction(p.Start, p.End)
	if f, ok := g[key]; ok {
		return f, nil
	}
	if err := r.Validate(); err != nil {
		return decimal.Decimal{}, err
	}
	f, err := r.factorOf(key.num, key.den, false)
	if err != nil {
		return decimal.Decimal{}, err
	}
	f = f.Sub(one)
	g[key] = f
	return f, nil
}

// cashRate is the annual cash rate for the period: fixed, or the index
// fixed at the period's start (the latest fixing on or before it, found by
// bisection), floored and capped, plus the spread.
func (l Loan) cashRate(p Period) (decimal.Decimal, error) {
	f := l.Floating
	if f == nil {
		return l.Rate.Annual, nil
	}
	start := dayNumber(p.Start)
	k := sort.Search(len(f.Index), func(i int) bool { return dayNumber(f.Index[i].Date) > start }) - 1
	if k < 0 {
		return decimal.Decimal{}, fmt.Errorf("no fixing on or before %s: %w", p.Start.Format(time.DateOnly), ErrRange)
	}
	ix := f.Index[k].Rate
	if f.Floor != nil {
		ix = decimal.Max(ix, *f.Floor)
	}
	if f.Cap != nil {
		ix = decimal.Min(ix, *f.Cap)
	}
	return ix.Add(f.Spread), nil
}

// Loan returns the plan's terms.
func (p *LoanPlan) Loan() Loan {
	if p == nil {
		return Loan{}
	}
	return p.loan
}

// Periods returns the plan's periods.
func (p *LoanPlan) Periods() []Period {
	if p == nil {
		return nil
	}
	return slices.Clone(p.periods)
}

// NumPeriods is the number of the plan's periods.
func (p *LoanPlan) NumPeriods() int {
	if p == nil {
		return 0
	}
	return len(p.periods)
}

// Period returns the plan's period i, and false when there is none.
func (p *LoanPlan) Period(i int) (Period, bool) {
	if p == nil || i < 0 || i >= len(p.periods) {
		return Period{}, false
	}
	return p.periods[i], true
}

// Scale is the number of decimal places of the currency's minor unit.
func (p *LoanPlan) Scale() int32 {
	if p == nil {
		return 0
	}
	return p.scale
}

// Maturity is the index of the maturity period.
func (p *LoanPlan) Maturity() int {
	if p == nil {
		return 0
	}
	return p.maturity
}

// CashRate is the annual cash rate applied in period i (fixed, or the
// floating rate set for it); zero for a period outside the plan.
func (p *LoanPlan) CashRate(i int) decimal.Decimal {
	if p == nil || i < 0 || i >= len(p.rate) {
		return decimal.Zero
	}
	return p.rate[i]
}

// Draw is the amount drawn at the end of period i; zero for a period
// outside the plan.
func (p *LoanPlan) Draw(i int) decimal.Decimal {
	if p == nil || i < 0 || i >= len(p.draw) {
		return decimal.Zero
	}
	return p.draw[i]
}

// UpfrontFee is the upfront fee due in period i, as in row i of
// [LoanPlan.Schedule]: Commitment × UpfrontFee rounded to the minor unit
// in the first draw's period; zero in any other period and outside the
// plan.
func (p *LoanPlan) UpfrontFee(i int) decimal.Decimal {
	if p == nil || i != p.first { // the first draw's period is one of the plan's: [Loan.Plan]
		return decimal.Zero
	}
	return mulRound(p.loan.Commitment, p.loan.UpfrontFee, p.scale)
}

// Row returns period i's row of the schedule for a loan that starts the
// period in state st, and the state at the period's end when every amount
// due is paid. It returns an error wrapping [ErrRange] if i is outside the
// plan.
//
// A plan works out its contractual schedule once ([LoanPlan.Schedule]);
// a row asked for in the state the schedule reaches is taken from it.
func (p *LoanPlan) Row(i int, st LoanState) (LoanRow, LoanState, error) {
	if p == nil {
		return LoanRow{}, st, fmt.Errorf("nil loan plan: %w", ErrRequired)
	}
	if i < 0 || i >= len(p.periods) {
		return LoanRow{}, st, fmt.Errorf("period %d of %d: %w", i, len(p.periods), ErrRange)
	}
	if m := p.scheduled(); m != nil && sameState(st, m.start[i]) {
		return m.rows[i], m.start[i+1], nil
	}
	return p.row(i, st)
}

// row is Row without the schedule.
func (p *LoanPlan) row(i int, st LoanState) (LoanRow, LoanState, error) {
	l := &p.loan
	zero := decimal.Zero
	b := st.Balance
	r := LoanRow{Period: p.periods[i], Opening: b, Rate: p.rate[i], Interest: zero, PIK: zero, Principal: zero,
		Prepayment: zero, UpfrontFee: zero, CommitmentFee: zero, PrepaymentFee: zero, Draw: p.draw[i]}
	r.Interest = mulRound(b, p.cashF[i], p.scale)
	r.PIK = mulRound(b, p.pikF[i], p.scale)
	if k := i - p.first; k >= 1 && k <= l.PIKPeriods {
		r.PIK, r.Interest = r.PIK.Add(r.Interest), zero
	}
	r.UpfrontFee = p.UpfrontFee(i)
	if i <= p.maturity && !p.feeF[i].IsZero() {
		r.CommitmentFee = mulRound(l.Commitment.Sub(st.Drawn), p.feeF[i], p.scale)
	}
	due := add(b, r.PIK) // principal that could be repaid now
	switch {
	case i >= p.maturity:
		r.Principal = due
	case i < p.amortStart || i > p.amortEnd:
	case l.Amortization == StraightLine:
		if !st.InstalmentFixed {
			n := decimal.NewFromInt(int64(p.amortEnd - i + 1))
			st.Instalment, st.InstalmentFixed = b.DivRound(n, p.scale), true
		}
		r.Principal = decimal.Min(st.Instalment, due)
		if i == p.amortEnd {
			r.Principal = due
		}
	case l.Amortization == LevelPayment:
		rate := p.periodic[i]
		if !st.InstalmentFixed || !st.InstalmentRate.Equal(rate) {
			st.Instalment = Annuity(b, rate, p.amortEnd-i+1, p.scale)
			st.InstalmentRate, st.InstalmentFixed = rate, true
		}
		r.Principal = decimal.Min(decimal.Max(st.Instalment.Sub(r.Interest), zero), due)
		if i == p.amortEnd {
			r.Principal = due
		}
	case l.Amortization == Custom:
		r.Principal = decimal.Min(p.custom[i], due)
	}
	if !p.prepay[i].IsZero() {
		r.Prepayment = decimal.Min(p.prepay[i], due.Sub(r.Principal))
		r.PrepaymentFee = mulRound(r.Prepayment, l.PrepaymentFee, p.scale)
	}
	r.Closing = add(sub(sub(due, r.Principal), r.Prepayment), r.Draw)
	st.Balance = r.Closing
	st.Drawn = add(st.Drawn, r.Draw)
	return r, st, nil
}

// mulRound is a × f rounded half away from zero to scale places, without
// arithmetic when either is zero: most of a schedule's rows have no PIK,
// commitment fee or prepayment.
func mulRound(a, f decimal.Decimal, scale int32) decimal.Decimal {
	if a.IsZero() || f.IsZero() {
		return decimal.Zero
	}
	return a.Mul(f).Round(scale)
}

// add is a + b, a itself when b is zero.
func add(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return a
	}
	return a.Add(b)
}

// sub is a − b, a itself when b is zero.
func sub(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return a
	}
	return a.Sub(b)
}

// Schedule returns the contractual schedule: one row per period, every
// amount due paid when due.
func (p *LoanPlan) Schedule() ([]LoanRow, error) {
	if p == nil {
		return nil, fmt.Errorf("nil loan plan: %w", ErrRequired)
	}
	rows := make([]LoanRow, len(p.periods))
	st := LoanState{Balance: decimal.Zero, Drawn: decimal.Zero, Instalment: decimal.Zero, InstalmentRate: decimal.Zero}
	for i := range rows {
		var err error
		if rows[i], st, err = p.Row(i, st); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// Schedule lays the loan over periods ([Loan.Plan]) and returns its
// contractual schedule ([LoanPlan.Schedule]).
func (l Loan) Schedule(periods []Period, scale int32) ([]LoanRow, error) {
	p, err := l.Plan(periods, scale)
	if err != nil {
		return nil, err
	}
	return p.Schedule()
}

// Annuity returns the level payment that repays balance over n periods at
// the periodic rate i, rounded half away from zero to scale places:
//
//	P = B·i / (1 − (1+i)^−n) = B·i·(1+i)^n / ((1+i)^n − 1)
//
// the standard present-value-of-an-annuity formula (for example Brealey,
// Myers and Allen, Principles of Corporate Finance, ch. 2; Excel's PMT).
// (1+i)^n is computed by squaring, rounded to [AnnuityPlaces] places at
// each step. With i = 0 it is B/n; with n < 1 it is the whole balance.
func Annuity(balance, i decimal.Decimal, n int, scale int32) decimal.Decimal {
	if n < 1 {
		return balance
	}
	nd := decimal.NewFromInt(int64(n))
	if i.IsZero() {
		return balance.DivRound(nd, scale)
	}
	g, huge := powInt(one.Add(i), n, AnnuityPlaces)
	if huge {
		// P = B·i + B·i/(g − 1), and with g > 10^annuityHuge the second
		// term is below 10^-(annuityHuge−60) for every balance and rate the
		// decimals of a deal can write: P is B·i.
		return balance.Mul(i).Round(scale)
	}
	den := g.Sub(one)
	if den.IsZero() {
		return balance.DivRound(nd, scale)
	}
	return balance.Mul(i).Mul(g).DivRound(den, AnnuityPlaces).Round(scale)
}

// annuityHuge is the power of ten past which (1+i)^n counts as infinite
// in [Annuity]: repeated squaring stops there, so that a large rate over
// many periods costs O(log n) products of bounded size, not numbers of
// n digits.
const annuityHuge = 200

var annuityHugeValue = decimal.New(1, annuityHuge)

// powInt returns x^n for n >= 0 and x ≥ 0 by repeated squaring, rounding
// each product to places, and reports true instead when x^n is beyond
// 10^annuityHuge.
func powInt(x decimal.Decimal, n int, places int32) (decimal.Decimal, bool) {
	r := one
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			if r = r.Mul(x).Round(places); r.GreaterThan(annuityHugeValue) {
				return r, true
			}
		}
		if n > 1 {
			if x = x.Mul(x).Round(places); x.GreaterThan(annuityHugeValue) {
				return x, true
			}
		}
	}
	return r, false
}
