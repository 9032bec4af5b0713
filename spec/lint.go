package spec

// Warning is a likely mistake in a valid spec: legal terms that rarely
// mean what they say, such as a preferred return of "8" (800%) or a
// party who can never be paid. Path names the field as in the errors of
// [Unmarshal] ("stack.tranches[1].rate.annual"); Message says what looks
// wrong and what was probably meant.
type Warning struct {
	Path    string
	Message string
}

// String returns "path: message".
func (w Warning) String() string {
	if w.Path == "" {
		return w.Message
	}
	return w.Path + ": " + w.Message
}

// Lint returns the warnings of the deal or fund in src.
func Lint(src []byte) []Warning { return nil }
