package waterfall

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// Limits of the JSON deal spec. [DecodeDeal] checks each of them before
// the work it bounds (reading, parsing, decimal arithmetic, building
// periods), so that no input, however hostile, makes it allocate or
// compute without bound: what is beyond a limit is an error wrapping
// [ErrLimit].
const (
	// MaxSpecBytes is the largest spec, in bytes: 16 MiB.
	MaxSpecBytes = 16 << 20
	// MaxSpecValues is the most JSON values (objects, arrays, strings,
	// numbers, literals) a spec may hold: 524,288. It bounds the memory
	// the parsed form of a spec takes, whatever the input, to about
	// 100 MiB.
	MaxSpecValues = 1 << 19
	// MaxSpecDepth is the deepest nesting of JSON arrays and objects.
	MaxSpecDepth = 64
	// MaxStackDepth is the deepest nesting of tranches: a stack that is a
	// single leaf has depth 1, a sequence of leaves depth 2.
	MaxStackDepth = 16
	// MaxTranches is the most tranches, combinators included, in a stack.
	MaxTranches = 1000
	// MaxParties is the most parties of a deal.
	MaxParties = 50_000
	// MaxSpecPeriods is the most periods of a deal's schedule, as
	// [contract.MaxPeriods].
	MaxSpecPeriods = contract.MaxPeriods
	// MaxFlows is the most entries of each list of dated money:
	// contributions, calls, proceeds, costs and sources.
	MaxFlows = 100_000
	// MaxStringBytes is the longest string (an ID, a name, an object key),
	// in bytes of UTF-8.
	MaxStringBytes = 1024
	// MaxDecimalBytes is the longest decimal string, such as "1234.56" or
	// "1.5e-3", and the longest JSON number literal.
	MaxDecimalBytes = 64
	// MaxDecimalExponent is the largest exponent, in absolute value, that
	// a decimal string may write ("1e40" is allowed, "1e999999999" is not).
	MaxDecimalExponent = 40
	// MaxIntegerDigits is the most digits a decimal may have before the
	// decimal point (10^20 is about 100 quintillion).
	MaxIntegerDigits = 20
	// MaxDecimalPlaces is the most significant digits a decimal may have
	// after the decimal point, trailing zeros not counted.
	MaxDecimalPlaces = 28
	// MaxSpecErrors is the most errors [DecodeDeal] reports; past it, one
	// last error says that more were found.
	MaxSpecErrors = 100
)

// Errors of the deal spec, matchable with [errors.Is]. Each comes inside a
// [contract.FieldError] whose Path says where, in JSON terms, such as
// "stack.tranches[2].rate.annual" ("" for the whole input), and each
// matches [contract.ErrInvalid].
var (
	// ErrSyntax reports input that is not well-formed JSON, or data after
	// the deal.
	ErrSyntax error = &specError{"malformed JSON", contract.ErrInvalid}
	// ErrDuplicateKey reports a key given twice in one JSON object.
	ErrDuplicateKey error = &specError{"duplicate key", contract.ErrInvalid}
	// ErrUnknownField reports a key the spec does not define.
	ErrUnknownField error = &specError{"unknown field", contract.ErrInvalid}
	// ErrType reports a JSON value of the wrong type, such as a number
	// where a decimal string is required.
	ErrType error = &specError{"wrong JSON type", contract.ErrInvalid}
	// ErrUnknownKind reports a "kind" that no tranche or source type
	// has, or a tranche or source that has no kind in the spec.
	ErrUnknownKind error = &specError{"unknown kind", contract.ErrInvalid}
	// ErrLimit reports input beyond one of the documented limits, such as
	// [MaxSpecBytes] or [MaxDecimalExponent]. It matches
	// [contract.ErrRange].
	ErrLimit error = &specError{"beyond a limit of the spec", contract.ErrRange}
	// ErrCurrencyMismatch reports an amount, source or sub-spec given in
	// a currency other than the deal's.
	ErrCurrencyMismatch error = &specError{"currency differs from the deal's", contract.ErrInvalid}
	// ErrCycle reports deals that contain each other, directly or through
	// others.
	ErrCycle error = &specError{"cycle of nested deals", contract.ErrInvalid}
)

type specError struct {
	msg    string
	parent error
}

func (e *specError) Error() string { return "waterfall: " + e.msg }
func (e *specError) Unwrap() error { return e.parent }

// DecodeDeal reads a deal written in the JSON deal spec (see
// docs/spec.md) from r and returns it, checked: it is valid for [Run].
//
// DecodeDeal first checks the size of the input ([MaxSpecBytes]), then
// parses it once, checking nesting depth, the number of values, string and
// number lengths and duplicate keys, then builds the deal, checking every
// field: its JSON type (decimals are strings, dates "YYYY-MM-DD"), the
// limits, unknown fields, kinds, parties and currencies, and finally the
// deal as a whole ([Deal.Validate]). It returns every problem it finds, up
// to [MaxSpecErrors], each a [contract.FieldError] with a JSON path such as
// "stack.tranches[2].shares", joined with [errors.Join]; all match
// [contract.ErrInvalid]. An error from r is returned as it is, wrapped.
func DecodeDeal(r io.Reader) (*Deal, error) {
	src, err := readSpec(r)
	if err != nil {
		return nil, err
	}
	return UnmarshalDeal(src)
}

// UnmarshalDeal is [DecodeDeal] on a spec held in memory.
func UnmarshalDeal(src []byte) (*Deal, error) {
	if len(src) > MaxSpecBytes {
		return nil, tooBig(int64(len(src)))
	}
	root, errs := parseJSON(src)
	if root == nil {
		return nil, errors.Join(errs...)
	}
	return decodeDeal(root, errs)
}

// EncodeDeal writes d to w in the canonical form of the JSON deal spec:
// fixed field order, two-space indentation, decimals as plain strings
// (amounts of money with the deal's decimal places), dates "YYYY-MM-DD",
// optional fields left out when they hold their default, and a schedule
// written as "schedule" when it is regular, as "periods" otherwise. The
// same deal always gives the same bytes, and [DecodeDeal] reads them back
// into an equal deal. Dates are written as calendar dates (read in each
// time's own location), so they come back at midnight UTC.
//
// EncodeDeal returns an error, and writes nothing, if d is not valid
// ([Deal.Validate]), if a tranche or source has no kind in the spec
// ([ErrUnknownKind]), if a string is not valid UTF-8, or if what it would
// write does not decode (a spec limit, a tranche naming an unknown party).
func EncodeDeal(w io.Writer, d *Deal) error {
	b, err := MarshalDeal(d)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// MarshalDeal is [EncodeDeal] into a byte slice.
func MarshalDeal(d *Deal) ([]byte, error) {
	if d == nil {
		return nil, contract.Field("", fmt.Errorf("%w: nil deal", contract.ErrRequired))
	}
	if err := checkNesting(d); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	root, err := encodeDeal(d)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	writeJSON(&buf, root, 0)
	buf.WriteByte('\n')
	if _, err := UnmarshalDeal(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("waterfall: the deal cannot be written as a spec: %w", err)
	}
	return buf.Bytes(), nil
}

// tooBig reports a spec over MaxSpecBytes; n is its size when known,
// else -1.
func tooBig(n int64) error {
	size := "more than"
	if n >= 0 {
		size = fmt.Sprintf("%d bytes, more than", n)
	}
	return contract.Field("", fmt.Errorf("%w: spec is %s %d bytes (MaxSpecBytes)", ErrLimit, size, MaxSpecBytes))
}

// readSpec reads all of r, but never more than MaxSpecBytes+1 bytes: a
// reader that reports its size (a *bytes.Reader, a regular file) is
// refused before it is read.
func readSpec(r io.Reader) ([]byte, error) {
	size := int64(-1)
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size > MaxSpecBytes {
		return nil, tooBig(size)
	}
	// Grow the buffer by doubling, but never past MaxSpecBytes+1, so that
	// a stream of any length costs at most about 2·MaxSpecBytes.
	capacity := 64 << 10
	if size >= 0 {
		capacity = int(size) + 1
	}
	buf := make([]byte, 0, capacity)
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxSpecBytes {
				return nil, tooBig(-1)
			}
			next := 2 * cap(buf)
			if next >= MaxSpecBytes {
				next = MaxSpecBytes + 1
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("waterfall: reading the spec: %w", err)
		}
	}
	if len(buf) > MaxSpecBytes {
		return nil, tooBig(-1)
	}
	return buf, nil
}
