package contract

import (
	"errors"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/internal/errs"
)

// Sentinel errors that callers can match with [errors.Is]. Every validation
// error in this module wraps one of them, usually inside a [FieldError] that
// says where the problem is. Each is defined once, here; other packages
// (tranche, waterfall) wrap these and define only their own.
//
// Their messages carry no package prefix, and an error that says more puts
// its cause first and the sentinel last: "end: 2020-01-01 is not after
// start 2020-06-01: out of order".
var (
	// ErrInvalid is wrapped by every error about bad terms or bad input.
	ErrInvalid = errs.New("invalid input", nil)
	// ErrNegative reports an amount, quantity or rate that must not be
	// negative. It is an [ErrInvalid].
	ErrNegative = errs.New("must not be negative", ErrInvalid)
	// ErrRange reports a value outside the range the field allows. It is an
	// [ErrInvalid].
	ErrRange = errs.New("out of range", ErrInvalid)
	// ErrOrder reports dates or periods that are not in increasing order.
	// It is an [ErrInvalid].
	ErrOrder = errs.New("out of order", ErrInvalid)
	// ErrRequired reports a field that must be set. It is an [ErrInvalid].
	ErrRequired = errs.New("required", ErrInvalid)
)

// FieldError says which field of the input is wrong and wraps what is wrong
// with it. Path uses dots and indexes, as in "stack[2].split.weights".
type FieldError struct {
	Path string // where the problem is, e.g. "tranches[2].rate"
	Err  error  // what the problem is
}

// Error returns "path: problem".
func (e *FieldError) Error() string {
	switch {
	case e == nil:
		return "<nil>"
	case e.Err == nil:
		return e.Path + ": <nil>"
	case e.Path == "":
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap returns the wrapped error so that [errors.Is] sees the sentinel.
func (e *FieldError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Field returns a [FieldError] for path, or nil when err is nil.
func Field(path string, err error) error {
	if err == nil {
		return nil
	}
	return &FieldError{Path: path, Err: err}
}

// Prefix puts prefix in front of the path of every [FieldError] in err,
// including those joined with [errors.Join]. An error without a path gets
// prefix as its path. It returns nil when err is nil.
func Prefix(prefix string, err error) error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range joined.Unwrap() {
			errs = append(errs, Prefix(prefix, e))
		}
		return errors.Join(errs...)
	}
	var fe *FieldError
	if errors.As(err, &fe) && fe == err {
		return &FieldError{Path: joinPath(prefix, fe.Path), Err: fe.Err}
	}
	return &FieldError{Path: prefix, Err: err}
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	default:
		return prefix + "." + path
	}
}

// Errors lists the single errors in err: the errors joined with
// [errors.Join], at any depth, in order, or err itself when it joins
// nothing. It returns nil for a nil err. A program that reports every
// problem of a deal prints one line per error; [errors.As] on each gives
// its [*FieldError] and so its path.
func Errors(err error) []error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range joined.Unwrap() {
			out = append(out, Errors(e)...)
		}
		return out
	}
	return []error{err}
}
