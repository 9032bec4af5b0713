// Package errs holds the one type of the module's sentinel errors, so that
// every package defines its sentinels the same way: a message a user can
// read without a package prefix, and the broader sentinel it is a case of.
//
// A sentinel is defined once, in the package that owns the concept, and
// never re-exported under another package's name:
//
//	var ErrNegative = errs.New("must not be negative", ErrInvalid)
//
// Errors that say more put the real cause first and the sentinel last,
// as in fmt.Errorf("%s is not after %s: %w", end, start, ErrOrder).
package errs

// New returns a sentinel error with message msg that is also a case of
// parent: [errors.Is] matches it against parent too. A nil parent makes a
// root sentinel.
func New(msg string, parent error) error {
	return &kind{msg: msg, parent: parent}
}

// kind is a sentinel error; its Unwrap returns the broader sentinel.
type kind struct {
	msg    string
	parent error
}

func (e *kind) Error() string { return e.msg }
func (e *kind) Unwrap() error { return e.parent }
