package scenario

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/errs"
)

// The errors of the package. Each is a case of [contract.ErrInvalid] (or
// of [contract.ErrRange], for limits), and comes wrapped in a
// [*contract.FieldError] whose Path says where: "terms[1].path" in a
// definition, "changes[0].value" in a list of changes.
var (
	// ErrPointer: a JSON Pointer that is malformed or leads nowhere in
	// the deal (no such member, an index past the end of an array).
	ErrPointer error = errs.New("no such place in the deal", contract.ErrInvalid)
	// ErrType: a value of another JSON type than the deal has there, or
	// than the definition's field takes.
	ErrType error = errs.New("wrong type", contract.ErrInvalid)
	// ErrDuplicateKey: a key given twice in one object.
	ErrDuplicateKey error = errs.New("duplicate key", contract.ErrInvalid)
	// ErrSyntax: text that is not JSON.
	ErrSyntax error = errs.New("malformed JSON", contract.ErrInvalid)
	// ErrUnknownField: a field the definition format does not have.
	ErrUnknownField error = errs.New("unknown field", contract.ErrInvalid)
	// ErrLimit: a definition beyond one of the documented limits, such as
	// a grid of more than MaxScenarios scenarios.
	ErrLimit error = errs.New("beyond a limit of the definition format", contract.ErrRange)
	// ErrEmpty: a list or a range that holds no value.
	ErrEmpty error = errs.New("empty", contract.ErrInvalid)
	// ErrDeal: the deal, changed as a scenario says, is not a valid deal;
	// the error wraps what the deal spec says is wrong with it.
	ErrDeal error = errs.New("the changed deal is not valid", contract.ErrInvalid)
)

// errNil is the error of a method called on a nil table, grid or
// statistics, or given a nil writer.
var errNil = fmt.Errorf("nil table, grid, statistics or writer: %w", contract.ErrRequired)
