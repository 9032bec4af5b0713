package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/errs"
)

func TestNew(t *testing.T) {
	root := errs.New("invalid input", nil)
	neg := errs.New("must not be negative", root)
	wrapped := fmt.Errorf("rate: -1: %w", neg)
	for _, c := range []struct {
		name   string
		err    error
		target error
		is     bool
		text   string
	}{
		{"root", root, root, true, "invalid input"},
		{"root is not its case", root, neg, false, "invalid input"},
		{"case is its parent", neg, root, true, "must not be negative"},
		{"wrapped case", wrapped, root, true, "rate: -1: must not be negative"},
		{"unrelated", errors.New("x"), root, false, "x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := errors.Is(c.err, c.target); got != c.is {
				t.Errorf("errors.Is(%q, %q) = %v, want %v", c.err, c.target, got, c.is)
			}
			if got := c.err.Error(); got != c.text {
				t.Errorf("Error() = %q, want %q", got, c.text)
			}
		})
	}
	if errors.Unwrap(root) != nil {
		t.Errorf("a root sentinel unwraps to %v, want nil", errors.Unwrap(root))
	}
}
