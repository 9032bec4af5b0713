package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/shopspring/decimal"
)

// Change sets one value of a deal document: the value at Path is replaced
// by Value. Its zero value is not a valid change.
//
// Path is a JSON Pointer (RFC 6901) into the document, such as
// "/proceeds/0/amount" or "/stack/tranches/2/rate/annual"; "~1" stands for
// "/" in a key and "~0" for "~". A path whose last member does not exist
// adds it to its object, and a last token "-" appends to an array; every
// other step must exist. Value is JSON text, read as strictly as a deal
// (a key given twice is an error); where the deal has a value, the new one
// must be of the same JSON type (a decimal string for a decimal string, a
// number for a number).
type Change struct {
	Path  string // a JSON Pointer, RFC 6901
	Value string // JSON text: `"3000000.00"`, `7`, `{"date": "2026-12-31", "amount": "5.00"}`
}

// SetDecimal returns the change that sets the decimal string at path to d.
func SetDecimal(path string, d decimal.Decimal) Change {
	return Change{Path: path, Value: strconv.Quote(d.String())}
}

// SetDate returns the change that sets the date at path to t's calendar
// date ("2027-12-31").
func SetDate(path string, t time.Time) Change {
	return Change{Path: path, Value: strconv.Quote(t.Format(dateLayout))}
}

// SetInt returns the change that sets the number at path to n.
func SetInt(path string, n int64) Change {
	return Change{Path: path, Value: strconv.FormatInt(n, 10)}
}

// SetString returns the change that sets the string at path to s.
func SetString(path, s string) Change {
	return Change{Path: path, Value: strconv.Quote(s)}
}

const dateLayout = "2006-01-02"

// Base is a deal or fund document, read and checked once: the starting
// point of every scenario. A Base is never changed: [Base.Apply] changes
// a copy, so one Base may serve any number of goroutines at once.
type Base struct {
	tree *jsontext.Value
	doc  spec.Document
}

// changeLimits bound what a change's value, or a definition, may hold.
var changeLimits = jsontext.Limits{
	Values:      spec.MaxSpecValues,
	Depth:       spec.MaxSpecDepth,
	StringBytes: spec.MaxStringBytes,
	NumberBytes: spec.MaxDecimalBytes,
	Errors:      spec.MaxSpecErrors,
}

// NewBase reads a deal or a fund document (docs/spec.md) from src. It
// returns the errors of [spec.Unmarshal]: the document is decoded as
// strictly as any deal, every problem reported with its path.
func NewBase(src []byte) (*Base, error) {
	doc, err := spec.Unmarshal(src)
	if err != nil {
		return nil, err
	}
	tree, _ := jsontext.Parse(src, changeLimits)
	if tree == nil {
		// spec.Unmarshal read the same text with the same limits.
		return nil, fmt.Errorf("the deal parsed once but not twice: %w", contract.ErrInvalid)
	}
	return &Base{tree: tree, doc: doc}, nil
}

// Document returns the document as read. It is shared: run it, don't
// change it.
func (b *Base) Document() spec.Document {
	if b == nil {
		return spec.Document{}
	}
	return b.doc
}

// Apply returns the document with the changes made, in order, to a copy:
// b itself never changes. The changed document is decoded as strictly as
// the original ([spec.Unmarshal]).
//
// Apply reports every failing change, each as a [*contract.FieldError]
// whose path is "changes[i]" followed by what is wrong, while the others
// are still checked as if it had not been given:
//   - "changes[i].path": a malformed pointer, or one that leads nowhere
//     ([ErrPointer]);
//   - "changes[i].value": text that is not JSON ([ErrSyntax]), a key
//     given twice ([ErrDuplicateKey]), a value of another type than the
//     deal has there ([ErrType]);
//   - "changes[i]": the deal, changed, is not valid at or under the
//     changed place ([ErrDeal], wrapping the spec's error with the deal's
//     own path, such as "proceeds[0].amount: must not be negative").
//
// A problem of the changed deal that lies outside every changed place
// (weights that no longer sum to one, say) is returned as it is, wrapped
// with [ErrDeal].
func (b *Base) Apply(changes ...Change) (spec.Document, error) {
	return b.apply("changes", changes)
}

// apply is Apply with the changes' errors under prefix[i].
func (b *Base) apply(prefix string, changes []Change) (spec.Document, error) {
	if b == nil || b.tree == nil {
		return spec.Document{}, fmt.Errorf("nil base: %w", contract.ErrRequired)
	}
	root := *b.tree
	var cs []edit
	var errs []error
	for i, c := range changes {
		e, err := parseChange(fmt.Sprintf("%s[%d]", prefix, i), c)
		if err == nil {
			root, err = e.apply(root)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cs = append(cs, e)
	}
	if len(errs) > 0 {
		return spec.Document{}, errors.Join(errs...)
	}
	src := write(&root)
	return decodeChanged(src, cs)
}

// edit is a change ready to apply: its pointer parsed, its value read.
type edit struct {
	label string // where the change was given: "changes[2]", "terms[0].values[3]"
	ptr   []string
	text  string // the pointer as given
	value jsontext.Value
	// valueAt, when set, is where a value of the wrong type was given,
	// instead of label + ".value".
	valueAt string
	// dealPath is where the edit landed, in the deal spec's path style
	// ("stack.tranches[2].rate"); set by patch.
	dealPath string
}

// parseChange reads a Change given at label.
func parseChange(label string, c Change) (edit, error) {
	ptr, perr := parsePointer(c.Path)
	var errs []error
	if perr != nil {
		errs = append(errs, contract.Field(label+".path", perr))
	}
	v, verr := parseValue(c.Value)
	if verr != nil {
		errs = append(errs, contract.Prefix(label+".value", verr))
	}
	if len(errs) > 0 {
		return edit{}, errors.Join(errs...)
	}
	return edit{label: label, ptr: ptr, text: c.Path, value: *v}, nil
}

// parseValue reads one JSON value strictly: not JSON, a duplicate key or
// a limit is an error with the path inside the value.
func parseValue(text string) (*jsontext.Value, error) {
	if len(text) > MaxChangeBytes {
		return nil, fmt.Errorf("%d bytes of JSON, more than %d (MaxChangeBytes): %w", len(text), MaxChangeBytes, ErrLimit)
	}
	v, perrs := jsontext.Parse([]byte(text), changeLimits)
	var errs []error
	for _, e := range perrs {
		errs = append(errs, parseError(e))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return v, nil
}

// parseError turns an error of the JSON reader into one of this package.
func parseError(e *jsontext.Error) error {
	var err error
	switch e.Kind {
	case jsontext.DuplicateKey:
		err = fmt.Errorf("%s: %w", e.Msg, ErrDuplicateKey)
	case jsontext.Syntax:
		err = fmt.Errorf("%s: %w", e.Msg, ErrSyntax)
	default:
		err = fmt.Errorf("%s: %w", e.Msg, ErrLimit)
	}
	return contract.Field(e.Path, err)
}

// parsePointer splits a JSON Pointer into its unescaped tokens.
func parsePointer(p string) ([]string, error) {
	if p == "" {
		return nil, fmt.Errorf("empty pointer: name a value, such as \"/proceeds/0/amount\": %w", ErrPointer)
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("%q is not a JSON Pointer such as \"/proceeds/0/amount\": %w", p, ErrPointer)
	}
	tokens := strings.Split(p[1:], "/")
	for i, t := range tokens {
		for j := 0; j < len(t); j++ {
			if t[j] == '~' && (j+1 == len(t) || t[j+1] != '0' && t[j+1] != '1') {
				return nil, fmt.Errorf("%q: \"~\" must be followed by 0 or 1: %w", p, ErrPointer)
			}
		}
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

// patch makes the edits to a copy of the base's tree and returns its
// JSON text, recording where each landed. An edit that fails leaves the
// copy as it was, and the others are made.
func (b *Base) patch(cs []edit) ([]byte, error) {
	root := *b.tree
	var errs []error
	for i := range cs {
		var err error
		if root, err = cs[i].apply(root); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return write(&root), nil
}

// apply returns root with the edit made, recording where it landed, or
// root as it was and what is wrong.
func (e *edit) apply(root jsontext.Value) (jsontext.Value, error) {
	next, dealPath, err := set(root, e.ptr, e.text, 0, "", e.value)
	var fe *contract.FieldError
	if errors.As(err, &fe) && e.valueAt != "" && fe.Path == "value" {
		return root, contract.Field(e.valueAt, fe.Err)
	}
	if err != nil {
		return root, contract.Prefix(e.label, err)
	}
	e.dealPath = dealPath
	return next, nil
}

// write returns a tree's JSON text.
func write(root *jsontext.Value) []byte {
	var buf bytes.Buffer
	jsontext.Write(&buf, root)
	return buf.Bytes()
}

// set returns node with the value at ptr[k:] replaced by v, and the deal
// path of that value ("stack.tranches[2].rate"). It copies the nodes on
// the way and shares everything else, so node itself is unchanged.
func set(node jsontext.Value, ptr []string, text string, k int, path string, v jsontext.Value) (jsontext.Value, string, error) {
	if k == len(ptr) {
		if node.Type != jsontext.Null && node.Type != v.Type {
			return node, path, contract.Field("value", fmt.Errorf("%s where the deal has %s at %s: %w", v.Type, node.Type, text, ErrType))
		}
		v.Key = node.Key
		return v, path, nil
	}
	tok := ptr[k]
	last := k == len(ptr)-1
	switch node.Type {
	case jsontext.Object:
		for i := range node.Kids {
			if node.Kids[i].Key != tok {
				continue
			}
			kid, dp, err := set(node.Kids[i], ptr, text, k+1, jsontext.Key(path, tok), v)
			if err != nil {
				return node, dp, err
			}
			node.Kids = append([]jsontext.Value(nil), node.Kids...)
			node.Kids[i] = kid
			return node, dp, nil
		}
		if last {
			v.Key = tok
			node.Kids = append(append(make([]jsontext.Value, 0, len(node.Kids)+1), node.Kids...), v)
			return node, jsontext.Key(path, tok), nil
		}
		return node, path, contract.Field("path", fmt.Errorf("%s: no member %q in the object at %q: %w", text, tok, pointerPrefix(ptr, k), ErrPointer))
	case jsontext.Array:
		if tok == "-" && last {
			node.Kids = append(append(make([]jsontext.Value, 0, len(node.Kids)+1), node.Kids...), v)
			return node, jsontext.Index(path, len(node.Kids)-1), nil
		}
		i, ok := arrayIndex(tok)
		if !ok || i >= len(node.Kids) {
			return node, path, contract.Field("path", fmt.Errorf("%s: no element %q in the array of %d at %q: %w", text, tok, len(node.Kids), pointerPrefix(ptr, k), ErrPointer))
		}
		kid, dp, err := set(node.Kids[i], ptr, text, k+1, jsontext.Index(path, i), v)
		if err != nil {
			return node, dp, err
		}
		node.Kids = append([]jsontext.Value(nil), node.Kids...)
		node.Kids[i] = kid
		return node, dp, nil
	}
	return node, path, contract.Field("path", fmt.Errorf("%s: %q is inside %s, not an object or array: %w", text, tok, node.Type, ErrPointer))
}

// lookup returns the value at ptr, if there is one, and its deal path.
func lookup(node *jsontext.Value, ptr []string) (*jsontext.Value, string, bool) {
	path := ""
	for _, tok := range ptr {
		var next *jsontext.Value
		switch node.Type {
		case jsontext.Object:
			for i := range node.Kids {
				if node.Kids[i].Key == tok {
					next, path = &node.Kids[i], jsontext.Key(path, tok)
					break
				}
			}
		case jsontext.Array:
			if i, ok := arrayIndex(tok); ok && i < len(node.Kids) {
				next, path = &node.Kids[i], jsontext.Index(path, i)
			}
		}
		if next == nil {
			return nil, path, false
		}
		node = next
	}
	return node, path, true
}

// arrayIndex reads an array index token: digits, no leading zero.
func arrayIndex(tok string) (int, bool) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' || len(tok) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// pointerPrefix returns the pointer to the k-th step: its first k tokens,
// escaped again.
func pointerPrefix(ptr []string, k int) string {
	var b strings.Builder
	for _, t := range ptr[:k] {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// decodeChanged decodes a changed document, laying each of its problems
// at the change whose place holds it.
func decodeChanged(src []byte, cs []edit) (spec.Document, error) {
	doc, err := spec.Unmarshal(src)
	if err == nil {
		return doc, nil
	}
	var errs []error
	for _, e := range contract.Errors(err) {
		errs = append(errs, attribute(e, cs))
	}
	return spec.Document{}, errors.Join(errs...)
}

// attribute wraps a problem of the changed deal with ErrDeal and, when it
// lies at or under a changed place, with that change's label.
func attribute(e error, cs []edit) error {
	de := &dealError{err: e}
	var fe *contract.FieldError
	if !errors.As(e, &fe) {
		return de
	}
	for i := len(cs) - 1; i >= 0; i-- {
		if dp := cs[i].dealPath; dp != "" && under(fe.Path, dp) {
			return contract.Field(cs[i].label, de)
		}
	}
	return de
}

// under reports whether path is p or lies inside it.
func under(path, p string) bool {
	return path == p || strings.HasPrefix(path, p) && (path[len(p)] == '.' || path[len(p)] == '[')
}

// dealError is a problem of a changed deal: what the deal spec says, and
// ErrDeal.
type dealError struct{ err error }

func (e *dealError) Error() string   { return e.err.Error() + " (in the changed deal)" }
func (e *dealError) Unwrap() []error { return []error{e.err, ErrDeal} }

// writeCompact writes v as JSON text on one line.
func writeCompact(b *strings.Builder, v *jsontext.Value) {
	switch v.Type {
	case jsontext.Null:
		b.WriteString("null")
	case jsontext.Bool, jsontext.Number:
		b.WriteString(v.Text)
	case jsontext.String:
		b.WriteString(jsonString(v.Text))
	case jsontext.Array, jsontext.Object:
		open, close := byte('['), byte(']')
		if v.Type == jsontext.Object {
			open, close = '{', '}'
		}
		b.WriteByte(open)
		for i := range v.Kids {
			if i > 0 {
				b.WriteString(", ")
			}
			if v.Type == jsontext.Object {
				b.WriteString(jsonString(v.Kids[i].Key))
				b.WriteString(": ")
			}
			writeCompact(b, &v.Kids[i])
		}
		b.WriteByte(close)
	}
}
