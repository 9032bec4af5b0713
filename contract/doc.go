// Package contract holds the terms of agreements and the cash flows they
// generate: calendar dates, day counts, interest rates and their
// compounding, and schedules of periods on which cash moves. Packages tranche
// and waterfall build claims and runs on top of these terms; contract imports
// nothing of theirs.
//
// # Dates
//
// A date is a [time.Time] of which only the calendar date (year, month, day,
// read in the time's own location) counts. [Date] builds one at midnight UTC,
// [ParseDate] reads "YYYY-MM-DD". [Days] counts calendar days from the
// year, month and day alone, so clocks, time zones and daylight saving time
// never change a result. [AddMonths] rolls a date by whole months and clamps
// the day to the length of the target month (January 31 plus one month is
// February 28 or 29, never March 3). A [Schedule] always rolls from its
// start date, so month-end dates do not drift.
//
// Contracts that generate cash are here too: [TakeOrPay] (minimum
// quantities, make-up credits, carry-forward, suspensions, termination),
// [Energy] and [Opex] costs, [Capex] with depreciation and obsolescence,
// and [CapitalCall] with the dilution of parties that fail to fund.
//
// # Rounding
//
// Year fractions are exact rationals ([DayCount.Fraction]); as decimals they
// are rounded half away from zero to [YearFractionPlaces] places. Growth and
// discount factors ([Rate.Growth], [Rate.Discount]) are rounded once, half away
// from zero, to [GrowthPlaces] places: exact intermediate results where the
// factor is a finite decimal, and otherwise logarithms and exponentials
// computed with guard digits. The package never calls decimal.Div and never
// reads or sets decimal.DivisionPrecision or any other package-level setting
// of the decimal library; every division names its precision.
//
// Contract money is rounded once per billed line, half away from zero, to
// the minor unit the caller names (a scale argument); unit prices keep
// [PricePlaces] decimals and pro-rated quantities [QuantityPlaces]. Each
// contract type documents its lines. A management fee's part of a period
// inside the investment period keeps [FeeFractionPlaces] decimals, and a
// level loan payment's periodic rate [AnnuityPlaces].
//
// # Errors
//
// Bad input never panics. Validation errors wrap [ErrInvalid] (often through
// [ErrRange], [ErrOrder] or [ErrRequired]) inside a [FieldError] whose path
// names the offending field, as in "rate.annual" or "ends[3]"; match them with
// [errors.Is] and [errors.As]. Validate methods report every problem they
// find, joined with [errors.Join].
//
// # Concurrency
//
// All types are immutable values: methods have value receivers and never
// modify their receiver or their arguments, and the package has no mutable
// global state apart from lazily computed, read-only constants. Everything is
// safe for concurrent use by multiple goroutines.
package contract
