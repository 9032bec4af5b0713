package contract

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Asset is capital expenditure depreciated straight-line over its life.
type Asset struct {
	Cost      decimal.Decimal // currency units; not negative
	Salvage   decimal.Decimal // value left at the end of its life, 0 to Cost; not depreciated
	InService time.Time       // depreciation runs from this date (exclusive)
	Life      int             // useful life in months, at least 1
}

func (a Asset) validate() error {
	var errs []error
	if a.Cost.Sign() < 0 {
		errs = append(errs, Field("cost", ErrNegative))
	}
	if a.Salvage.Sign() < 0 || a.Salvage.GreaterThan(a.Cost) {
		errs = append(errs, Field("salvage", fmt.Errorf("%s is not between 0 and the cost %s: %w", a.Salvage, a.Cost, ErrRange)))
	}
	if a.InService.IsZero() {
		errs = append(errs, Field("in_service", ErrRequired))
	}
	if a.Life < 1 || a.Life > 12*maxEscalationYears {
		errs = append(errs, Field("life", fmt.Errorf("%d months, want 1 to %d: %w", a.Life, 12*maxEscalationYears, ErrRange)))
	}
	return errors.Join(errs...)
}

// Depreciated returns the depreciation accumulated from InService to t:
// (Cost − Salvage) × elapsed days / life days, with life days from
// InService to InService + Life months ([AddMonths]), elapsed days
// clamped to 0..life days, rounded half away from zero to scale. A
// period's depreciation is the difference of two such values, so the
// periods add up to exactly Cost − Salvage over the life.
func (a Asset) Depreciated(t time.Time, scale int32) decimal.Decimal {
	life := Days(a.InService, AddMonths(a.InService, a.Life, false))
	el := min(max(Days(a.InService, t), 0), life)
	if life <= 0 || el == 0 {
		return decimal.Zero
	}
	return a.Cost.Sub(a.Salvage).Mul(decimal.NewFromInt(int64(el))).DivRound(decimal.NewFromInt(int64(life)), scale)
}

// Obsolescence is the event that makes an asset obsolete before the end
// of its life: on Date its remaining book value is written off
// (impaired) and a refresh of cost Refresh is put in service, depreciated
// over Life months. The zero value (a zero Date) is no event.
type Obsolescence struct {
	Date    time.Time       // the asset is written off and replaced on this date
	Refresh decimal.Decimal // refresh capex, currency units; not negative
	Life    int             // useful life of the refresh in months; at least 1 when Refresh is set
	Salvage decimal.Decimal // value of the refresh at the end of its life
}

// Capex is a facility's capital expenditure: an asset depreciated
// straight-line, and optionally an obsolescence event that impairs it and
// replaces it with a refresh.
//
// # Rounding
//
// Accumulated depreciation is rounded once per date to the minor unit
// ([Asset.Depreciated]); a period's depreciation is the change in it, so
// depreciation and impairment add up to exactly Cost over the run (less
// salvage when the asset lives out its life).
type Capex struct {
	Asset        Asset
	Obsolescence Obsolescence
}

// Validate reports every problem with c, with paths under "asset" and
// "obsolescence": a negative cost, a salvage outside 0 to cost, a missing
// in-service date, a life below 1 month, an obsolescence date not after
// the asset goes into service ([ErrOrder]).
func (c Capex) Validate() error {
	errs := []error{Prefix("asset", c.Asset.validate())}
	if o := c.Obsolescence; !o.Date.IsZero() {
		if !c.Asset.InService.IsZero() && dayNumber(o.Date) <= dayNumber(c.Asset.InService) {
			errs = append(errs, Field("obsolescence.date", fmt.Errorf("%s is not after the asset goes into service: %w", o.Date.Format(time.DateOnly), ErrOrder)))
		}
		if o.Refresh.Sign() > 0 || o.Life != 0 {
			errs = append(errs, Prefix("obsolescence", c.refresh().validate()))
		}
	} else if o.Refresh.Sign() != 0 {
		errs = append(errs, Field("obsolescence.date", fmt.Errorf("a refresh needs a date: %w", ErrRequired)))
	}
	return errors.Join(errs...)
}

func (c Capex) refresh() Asset {
	o := c.Obsolescence
	return Asset{Cost: o.Refresh, Salvage: o.Salvage, InService: o.Date, Life: o.Life}
}

// CapexPeriod is one period of a capex schedule. Money is in currency
// units, whole minor units.
type CapexPeriod struct {
	Period       Period
	Spent        decimal.Decimal // capex incurred: the asset's cost when it goes into service, the refresh on the obsolescence date
	Refresh      decimal.Decimal // of Spent, the refresh
	Depreciation decimal.Decimal // of both assets
	Impairment   decimal.Decimal // the asset's book value written off on obsolescence
	BookValue    decimal.Decimal // at the period's end, of the assets in service
}

// Schedule returns the capex of each period, money rounded to scale
// decimal places. It returns the errors of [Capex.Validate] and an error
// if scale is outside 0..8.
func (c Capex) Schedule(periods []Period, scale int32) ([]CapexPeriod, error) {
	if err := errors.Join(c.Validate(), checkMoneyScale(scale)); err != nil {
		return nil, err
	}
	obs := c.Obsolescence.Date
	hasObs := !obs.IsZero()
	// acc is the asset's accumulated depreciation at t, frozen at the
	// obsolescence date.
	acc := func(t time.Time) decimal.Decimal {
		if hasObs && dayNumber(t) > dayNumber(obs) {
			t = obs
		}
		return c.Asset.Depreciated(t, scale)
	}
	refresh := c.refresh()
	in := func(t, from, to time.Time) bool {
		return dayNumber(t) > dayNumber(from) && dayNumber(t) <= dayNumber(to)
	}
	out := make([]CapexPeriod, len(periods))
	for i, p := range periods {
		z := decimal.Zero
		r := CapexPeriod{Period: p, Spent: z, Refresh: z, Depreciation: z, Impairment: z, BookValue: z}
		if in(c.Asset.InService, p.Start, p.End) {
			r.Spent = c.Asset.Cost
		}
		r.Depreciation = acc(p.End).Sub(acc(p.Start))
		live := dayNumber(p.End) >= dayNumber(c.Asset.InService)
		if hasObs && dayNumber(p.End) >= dayNumber(obs) {
			live = false
			if in(obs, p.Start, p.End) {
				r.Impairment = c.Asset.Cost.Sub(acc(obs))
				r.Refresh = refresh.Cost
				r.Spent = r.Spent.Add(refresh.Cost)
			}
			r.Depreciation = r.Depreciation.Add(refresh.Depreciated(p.End, scale).Sub(refresh.Depreciated(p.Start, scale)))
			r.BookValue = refresh.Cost.Sub(refresh.Depreciated(p.End, scale))
		}
		if live {
			r.BookValue = c.Asset.Cost.Sub(acc(p.End))
		}
		out[i] = r
	}
	return out, nil
}
