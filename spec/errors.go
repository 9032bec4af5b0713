package spec

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/errs"
)

// Errors of the spec, matchable with [errors.Is]. Each comes inside a
// [contract.FieldError] whose Path says where, in JSON terms, such as
// "stack.tranches[2].rate.annual" ("" for the whole input), and each
// matches [contract.ErrInvalid].
var (
	// ErrSyntax reports input that is not well-formed JSON, or data after
	// the document.
	ErrSyntax error = errs.New("malformed JSON", contract.ErrInvalid)
	// ErrDuplicateKey reports a key given twice in one JSON object.
	ErrDuplicateKey error = errs.New("duplicate key", contract.ErrInvalid)
	// ErrUnknownField reports a key the spec does not define.
	ErrUnknownField error = errs.New("unknown field", contract.ErrInvalid)
	// ErrType reports a JSON value of the wrong type, such as a number
	// where a decimal string is required.
	ErrType error = errs.New("wrong JSON type", contract.ErrInvalid)
	// ErrUnknownKind reports a "kind" that no registered tranche or source
	// kind has, or, when encoding, a tranche or source that no kind
	// claims: register one with [RegisterTranche] or [RegisterSource].
	ErrUnknownKind error = errs.New("unknown kind", contract.ErrInvalid)
	// ErrLimit reports input beyond one of the limits, such as
	// [MaxSpecBytes] or [MaxDecimalExponent]. It matches
	// [contract.ErrRange].
	ErrLimit error = errs.New("beyond a limit of the spec", contract.ErrRange)
	// ErrCurrencyMismatch reports an amount, source or nested deal given
	// in a currency other than the deal's.
	ErrCurrencyMismatch error = errs.New("currency differs from the deal's", contract.ErrInvalid)
	// ErrCycle reports deals that contain each other, directly or through
	// others.
	ErrCycle error = errs.New("cycle of nested deals", contract.ErrInvalid)
)
