package tranche

import (
	"errors"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/errs"
)

// Errors of this package, matchable with [errors.Is]. Errors about bad
// terms wrap [contract.ErrInvalid] or one of its cases
// ([contract.ErrRange], [contract.ErrNegative], [contract.ErrRequired],
// [contract.ErrOrder]), which this package uses under their own names.
var (
	// ErrDuplicateID reports two tranches in one stack with the same ID. It
	// is a [contract.ErrInvalid].
	ErrDuplicateID = errs.New("duplicate tranche id", contract.ErrInvalid)
	// ErrUnknownParty reports a party that the book does not hold. It is a
	// [contract.ErrInvalid].
	ErrUnknownParty = errs.New("unknown party", contract.ErrInvalid)
	// ErrNotQuantized reports an amount with more decimal places than the
	// book's scale allows. It is a [contract.ErrInvalid].
	ErrNotQuantized = errs.New("amount has more digits than the deal's minor unit", contract.ErrInvalid)
	// ErrInvariant reports a broken rule of the engine or of a tranche: a
	// payment above the cash offered, a negative payment, more capital
	// returned than contributed. It is never caused by a shortfall of cash,
	// nor by bad terms: it is not a [contract.ErrInvalid].
	ErrInvariant = errs.New("invariant broken", nil)
	// ErrUnbounded reports a combinator that needs bounded claims (ProRata)
	// given a tranche that takes all cash. It is a [contract.ErrInvalid].
	ErrUnbounded = errs.New("tranche claims all cash; a bounded claim is needed here", contract.ErrInvalid)
	// ErrRequiredParty reports terms that name no party where one is
	// needed. It is a [contract.ErrRequired].
	ErrRequiredParty = errs.New("a party is required", contract.ErrRequired)
)

func fieldErr(path string, err error) error { return contract.Field(path, err) }

func checkID(id TrancheID) error {
	if id == "" {
		return fieldErr("id", contract.ErrRequired)
	}
	return nil
}

// joinErrs joins the non-nil errors, or returns nil.
func joinErrs(errs ...error) error { return errors.Join(errs...) }

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
