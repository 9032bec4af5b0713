package source_test

import "github.com/shopspring/decimal"

// dec is the tests' decimal literal.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
