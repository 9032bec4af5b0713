package spec

import "github.com/jvwaterfall/jvwaterfall/contract"

// Limits of the spec. The decoder checks each of them before the work it
// bounds (reading, parsing, decimal arithmetic, building periods), so that
// no input, however hostile, makes it allocate or compute without bound:
// what is beyond a limit is an error wrapping [ErrLimit].
const (
	// MaxSpecBytes bounds the size of a document: 16 MiB. A reader that
	// reports its size (a *bytes.Reader, a regular file) is refused
	// unread; any other is read to at most one byte more.
	MaxSpecBytes = 16 << 20
	// MaxSpecValues bounds the JSON values (objects, arrays, strings,
	// numbers, literals) of a document: 524,288. It bounds the memory the
	// parsed form takes, whatever the input, to about 100 MiB.
	MaxSpecValues = 1 << 19
	// MaxSpecDepth bounds the nesting of JSON arrays and objects.
	MaxSpecDepth = 64
	// MaxStackDepth bounds the nesting of tranches: a stack that is a
	// single leaf has depth 1, a sequence of leaves depth 2.
	MaxStackDepth = 16
	// MaxTranches bounds the tranches, combinators included, of a stack.
	MaxTranches = 1000
	// MaxParties bounds the parties of a deal, and the entries of each
	// list of parties or shares.
	MaxParties = 50_000
	// MaxSpecPeriods bounds the periods of a schedule, and any count of
	// periods, as [contract.MaxPeriods].
	MaxSpecPeriods = contract.MaxPeriods
	// MaxFlows bounds the entries of each list the spec reads other than
	// parties, tranches and periods: contributions, calls, proceeds,
	// costs, sources, investments, a loan's draws, a contract's usage
	// and ramp of minimums.
	MaxFlows = 100_000
	// MaxStringBytes bounds a string (an ID, a name, an object key), in
	// bytes of UTF-8.
	MaxStringBytes = 1024
	// MaxDecimalBytes bounds a decimal string, such as "1234.56" or
	// "1.5e-3", and a JSON number literal, in characters.
	MaxDecimalBytes = 64
	// MaxDecimalExponent bounds the exponent, in absolute value, that a
	// decimal string may write ("1e40" is allowed, "1e999999999" is not).
	MaxDecimalExponent = 40
	// MaxIntegerDigits bounds the digits of a decimal before the point
	// (10^20 is about 100 quintillion).
	MaxIntegerDigits = 20
	// MaxDecimalPlaces bounds the significant digits of a decimal after
	// the point, trailing zeros not counted.
	MaxDecimalPlaces = 28
	// MaxSpecErrors bounds the errors a decoder reports; past it, one last
	// error says that more were found.
	MaxSpecErrors = 100
	// MaxDealDepth bounds the nesting of deals in parties: a deal whose
	// parties hold no deal has depth 1, a fund investing in a JV depth 2.
	MaxDealDepth = 8
	// MaxMonths bounds a count of months, such as an asset's useful life.
	MaxMonths = 12_000
	// MaxContractPeriods bounds the work of laying contracts over the
	// schedule while decoding: each debt tranche, take-or-pay tranche and
	// contract source costs the number of its deal's periods, and their
	// sum over the deal and the deals nested in it may be at most 500,000
	// (5 contracts over 100,000 periods, or 416 over a century of months):
	// MaxWork / ContractWeight, checked before the plans are built.
	MaxContractPeriods = MaxWork / ContractWeight
)
