package tranche

import (
	"errors"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// Errors of this package, matchable with [errors.Is]. Errors about bad
// terms also match [contract.ErrInvalid].
var (
	// ErrInvalid is contract.ErrInvalid: bad terms or bad input.
	ErrInvalid = contract.ErrInvalid
	// ErrDuplicateID reports two tranches in one stack with the same ID.
	ErrDuplicateID = &wrapped{"duplicate tranche id", contract.ErrInvalid}
	// ErrUnknownParty reports a party that the book does not hold.
	ErrUnknownParty = &wrapped{"unknown party", contract.ErrInvalid}
	// ErrNotQuantized reports an amount with more decimal places than the
	// book's scale allows.
	ErrNotQuantized = &wrapped{"amount has more digits than the deal's minor unit", contract.ErrInvalid}
	// ErrInvariant reports a broken rule of the engine or of a tranche: a
	// payment above the cash offered, a negative payment, more capital
	// returned than contributed. It is never caused by a shortfall of cash.
	ErrInvariant = errors.New("tranche: invariant broken")
	// ErrUnbounded reports a combinator that needs bounded claims (ProRata)
	// given a tranche that takes all cash.
	ErrUnbounded = &wrapped{"tranche claims all cash; a bounded claim is needed here", contract.ErrInvalid}
)

type wrapped struct {
	msg    string
	parent error
}

func (e *wrapped) Error() string { return "tranche: " + e.msg }
func (e *wrapped) Unwrap() error { return e.parent }

// ErrRequiredParty reports terms that name no party where one is needed.
var ErrRequiredParty = &wrapped{"a party is required", contract.ErrRequired}

func fieldErr(path string, err error) error { return contract.Field(path, err) }

func checkID(id TrancheID) error {
	if id == "" {
		return fieldErr("id", contract.ErrRequired)
	}
	return nil
}

// joinErrs joins the non-nil errors, or returns nil.
func joinErrs(errs ...error) error { return errors.Join(errs...) }

// ErrRange is contract.ErrRange: a value outside what the field allows.
var ErrRange = contract.ErrRange

// ErrNegative is contract.ErrNegative.
var ErrNegative = contract.ErrNegative

// Must returns t, and panics if err is not nil. It is for literals that
// cannot fail — in examples, tests and package-level variables — like
// [regexp.MustCompile]:
//
//	carry := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: shares}))
//
// Terms that come from users or files must be built with the NewX
// constructor and its error handled.
func Must[T any](t T, err error) T {
	if err != nil {
		panic(err)
	}
	return t
}
