package contract

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// FeeFractionPlaces is the number of decimal places kept in the fraction of
// a period that falls inside the investment period, when the period
// straddles its end.
const FeeFractionPlaces = 20

// ManagementFee is the management fee of a fund: an annual rate on
// commitments during the investment period and, after it, a (usually
// lower) annual rate on invested capital — the cost of investments not yet
// realized or written off. A share of the transaction and other fees the
// manager earns from portfolio companies offsets (reduces) the fee.
//
// The fee of a period is, with f the part of the period that falls on or
// before InvestmentEnd (1 for a period ending by then, 0 for one starting
// after, the share of actual days for one that straddles it):
//
//	gross = CommitmentRate × commitments × t × f + InvestedRate × invested × t × (1 − f)
//
// where t is 1/PeriodsPerYear when PeriodsPerYear is set (the market
// convention: 2% a year paid quarterly is 0.5% a quarter), and otherwise
// the period's year fraction under DayCount. The gross fee is rounded half
// away from zero to the minor unit. The zero value charges no fee.
type ManagementFee struct {
	CommitmentRate decimal.Decimal // annual, on commitments during the investment period; 0.02 means 2%
	InvestedRate   decimal.Decimal // annual, on invested capital after the investment period; 0.015 means 1.5%
	InvestmentEnd  time.Time       // last day of the investment period; zero: the investment period never ends
	PeriodsPerYear int             // when above 0, each period is 1/PeriodsPerYear of a year; 0: use DayCount
	DayCount       DayCount        // year fractions when PeriodsPerYear is 0; zero value = ACT/365F
	OffsetShare    decimal.Decimal // share of transaction and other fees that reduces the fee; 0.8 means 80%
	CarryOffsets   bool            // offsets larger than a period's fee carry forward to later fees; false: the excess is lost
}

// Validate reports every problem with m, as [FieldError]s joined with
// [errors.Join]:
//   - a negative rate ([ErrNegative], paths "commitment_rate" and
//     "invested_rate"), or one above 1 ([ErrRange]);
//   - PeriodsPerYear negative or above 366 ([ErrRange], "periods_per_year");
//   - an unknown DayCount ([ErrRange], "day_count");
//   - OffsetShare outside 0..1 ([ErrRange], "offset_share").
func (m ManagementFee) Validate() error {
	var errs []error
	one := decimal.NewFromInt(1)
	for _, r := range []struct {
		path string
		v    decimal.Decimal
	}{{"commitment_rate", m.CommitmentRate}, {"invested_rate", m.InvestedRate}} {
		switch {
		case r.v.Sign() < 0:
			errs = append(errs, Field(r.path, ErrNegative))
		case r.v.GreaterThan(one):
			errs = append(errs, Field(r.path, fmt.Errorf("%s, want at most 1: %w", r.v, ErrRange)))
		}
	}
	if m.PeriodsPerYear < 0 || m.PeriodsPerYear > 366 {
		errs = append(errs, Field("periods_per_year", fmt.Errorf("%d, want 0 to 366: %w", m.PeriodsPerYear, ErrRange)))
	}
	if !m.DayCount.Valid() {
		errs = append(errs, Field("day_count", fmt.Errorf("unknown day count %d: %w", uint8(m.DayCount), ErrRange)))
	}
	if m.OffsetShare.Sign() < 0 || m.OffsetShare.GreaterThan(one) {
		errs = append(errs, Field("offset_share", fmt.Errorf("%s, want 0 to 1: %w", m.OffsetShare, ErrRange)))
	}
	return errors.Join(errs...)
}

// InvestmentPeriodShare is the part of p that falls on or before
// InvestmentEnd: 1, 0, or the share of p's actual days for a period that
// straddles it, to [FeeFractionPlaces] decimals.
func (m ManagementFee) InvestmentPeriodShare(p Period) decimal.Decimal {
	if m.InvestmentEnd.IsZero() || dayNumber(p.End) <= dayNumber(m.InvestmentEnd) {
		return decimal.NewFromInt(1)
	}
	if dayNumber(p.Start) >= dayNumber(m.InvestmentEnd) {
		return decimal.Zero
	}
	in := dayNumber(m.InvestmentEnd) - dayNumber(p.Start)
	all := dayNumber(p.End) - dayNumber(p.Start)
	return decimal.NewFromInt(in).DivRound(decimal.NewFromInt(all), FeeFractionPlaces)
}

// Gross is the fee of period p before offsets, on commitments during the
// investment period and on invested capital (as of the period's start)
// after it, rounded to scale decimals. It returns an error wrapping
// [ErrNegative] for a negative base.
func (m ManagementFee) Gross(p Period, commitments, invested decimal.Decimal, scale int32) (decimal.Decimal, error) {
	if commitments.Sign() < 0 {
		return decimal.Zero, Field("commitments", ErrNegative)
	}
	if invested.Sign() < 0 {
		return decimal.Zero, Field("invested", ErrNegative)
	}
	f := m.InvestmentPeriodShare(p)
	during := m.CommitmentRate.Mul(commitments).Mul(f)
	after := m.InvestedRate.Mul(invested).Mul(decimal.NewFromInt(1).Sub(f))
	if m.PeriodsPerYear > 0 {
		// One division, at the end, so that 2%/4 of a round base is exact.
		return during.Add(after).DivRound(decimal.NewFromInt(int64(m.PeriodsPerYear)), scale), nil
	}
	t := p.YearFraction(m.DayCount)
	return during.Add(after).Mul(t).Round(scale), nil
}

// Offset applies fee income to a gross fee: OffsetShare of income, plus
// credit carried from earlier periods, reduces gross down to zero. It
// returns the net fee and the credit left to carry (zero unless
// CarryOffsets). Amounts are rounded down to scale decimals, so the
// offset never exceeds its exact share.
func (m ManagementFee) Offset(gross, income, credit decimal.Decimal, scale int32) (net, left decimal.Decimal) {
	avail := credit.Add(m.OffsetShare.Mul(income).RoundFloor(scale))
	used := decimal.Min(avail, gross)
	net = gross.Sub(used)
	left = decimal.Zero
	if m.CarryOffsets {
		left = avail.Sub(used)
	}
	return net, left
}

// FeeLine is one period's management fee.
type FeeLine struct {
	Period   int
	Date     time.Time       // the period's end, when the fee is charged
	Basis    decimal.Decimal // commitments in the investment period, invested capital after (both weighted when the period straddles its end)
	Gross    decimal.Decimal // before offsets
	Offset   decimal.Decimal // fee income applied against it
	Net      decimal.Decimal // charged: Gross − Offset
	CreditIn decimal.Decimal // offset credit carried in from earlier periods
}

// Schedule returns the fee of every period, given the fund's commitments,
// its invested capital at the start of each period and the fee income
// (transaction, monitoring, break-up fees) the manager received in each
// period; invested and income have one entry per period or are nil (all
// zero). Fees are charged in arrears, on each period's end.
//
// Schedule returns an error if m is invalid, an input has the wrong length,
// or an amount is negative.
func (m ManagementFee) Schedule(periods []Period, commitments decimal.Decimal, invested, income []decimal.Decimal, scale int32) ([]FeeLine, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	for _, in := range []struct {
		path string
		v    []decimal.Decimal
	}{{"invested", invested}, {"income", income}} {
		if in.v != nil && len(in.v) != len(periods) {
			return nil, Field(in.path, fmt.Errorf("%d entries for %d periods: %w", len(in.v), len(periods), ErrInvalid))
		}
		for i, x := range in.v {
			if x.Sign() < 0 {
				return nil, Field(fmt.Sprintf("%s[%d]", in.path, i), ErrNegative)
			}
		}
	}
	out := make([]FeeLine, len(periods))
	credit := decimal.Zero
	for i, p := range periods {
		inv, inc := decimal.Zero, decimal.Zero
		if invested != nil {
			inv = invested[i]
		}
		if income != nil {
			inc = income[i]
		}
		gross, err := m.Gross(p, commitments, inv, scale)
		if err != nil {
			return nil, err
		}
		net, left := m.Offset(gross, inc, credit, scale)
		f := m.InvestmentPeriodShare(p)
		basis := commitments.Mul(f).Add(inv.Mul(decimal.NewFromInt(1).Sub(f)))
		out[i] = FeeLine{Period: p.Index, Date: p.End, Basis: basis, Gross: gross, Offset: gross.Sub(net), Net: net, CreditIn: credit}
		credit = left
	}
	return out, nil
}
