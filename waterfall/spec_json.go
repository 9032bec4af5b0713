package waterfall

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// jkind is the type of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var jkindNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

func (k jkind) String() string { return jkindNames[k] }

// jnode is a parsed JSON value. Objects keep their members in order, each
// member a node with its key; there are no duplicate keys.
type jnode struct {
	kind jkind
	key  string  // for members of an object
	text string  // a string's value, a number's literal, "true" or "false"
	kids []jnode // elements of an array, members of an object
}

func (n *jnode) scalar() bool { return n.kind < jArray }

// parser builds a jnode tree from JSON text with encoding/json's tokenizer,
// checking the limits of the spec as it goes: depth, number of values,
// string and number lengths. Duplicate keys are collected as errors (the
// first value is kept) so that decoding can go on and report more.
type parser struct {
	src    []byte
	dec    *json.Decoder
	values int
	path   []string // segments of the current path, such as "stack", "[2]"
	errs   []error
}

// parseJSON parses src. It returns nil and the errors when src is not
// JSON or breaks a limit of the parse; otherwise the tree and any errors
// about duplicate keys.
func parseJSON(src []byte) (*jnode, []error) {
	p := &parser{src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	p.dec.UseNumber()
	root, err := p.value(0)
	if err == nil {
		if _, terr := p.dec.Token(); terr != io.EOF {
			err = p.syntax(terr, "data after the deal's closing brace")
		}
	}
	if err != nil {
		return nil, append(p.errs, err)
	}
	return &root, p.errs
}

// at returns the current path.
func (p *parser) at() string {
	var b strings.Builder
	for _, s := range p.path {
		if b.Len() > 0 && s[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

func (p *parser) syntax(err error, what string) error {
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off, what = se.Offset, se.Error()
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		off, what = int64(len(p.src)), "unexpected end of input"
	case err != nil && what == "":
		what = err.Error()
	}
	line, col := lineCol(p.src, off)
	return contract.Field("", fmt.Errorf("%w: line %d, column %d: %s", ErrSyntax, line, col, what))
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(src []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(src)))
	before := src[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func (p *parser) limit(format string, args ...any) error {
	return contract.Field(p.at(), fmt.Errorf("%w: "+format, append([]any{ErrLimit}, args...)...))
}

func (p *parser) value(depth int) (jnode, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return jnode{}, p.syntax(err, "")
	}
	if p.values++; p.values > MaxSpecValues {
		return jnode{}, p.limit("more than %d JSON values (MaxSpecValues)", MaxSpecValues)
	}
	switch v := tok.(type) {
	case nil:
		return jnode{kind: jNull}, nil
	case bool:
		return jnode{kind: jBool, text: strconv.FormatBool(v)}, nil
	case json.Number:
		if len(v) > MaxDecimalBytes {
			return jnode{}, p.limit("number of %d characters, more than %d (MaxDecimalBytes)", len(v), MaxDecimalBytes)
		}
		return jnode{kind: jNumber, text: string(v)}, nil
	case string:
		if len(v) > MaxStringBytes {
			return jnode{}, p.limit("string of %d bytes, more than %d (MaxStringBytes)", len(v), MaxStringBytes)
		}
		return jnode{kind: jString, text: v}, nil
	case json.Delim:
		if depth >= MaxSpecDepth {
			return jnode{}, p.limit("nested more than %d deep (MaxSpecDepth)", MaxSpecDepth)
		}
		if v == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	}
	return jnode{}, p.syntax(nil, fmt.Sprintf("unexpected token %v", tok))
}

func (p *parser) array(depth int) (jnode, error) {
	n := jnode{kind: jArray, kids: []jnode{}}
	for i := 0; p.dec.More(); i++ {
		p.path = append(p.path, "["+strconv.Itoa(i)+"]")
		kid, err := p.value(depth + 1)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return jnode{}, err
		}
		n.kids = append(n.kids, kid)
	}
	if _, err := p.dec.Token(); err != nil { // ']'
		return jnode{}, p.syntax(err, "")
	}
	return n, nil
}

func (p *parser) object(depth int) (jnode, error) {
	n := jnode{kind: jObject}
	var seen map[string]bool
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return jnode{}, p.syntax(err, "")
		}
		key, ok := tok.(string)
		if !ok {
			return jnode{}, p.syntax(nil, "object key is not a string")
		}
		p.path = append(p.path, pathKey(key))
		if len(key) > MaxStringBytes {
			return jnode{}, p.limit("key of %d bytes, more than %d (MaxStringBytes)", len(key), MaxStringBytes)
		}
		dup := false
		if len(n.kids) < 8 {
			for i := range n.kids {
				dup = dup || n.kids[i].key == key
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, 16)
				for i := range n.kids {
					seen[n.kids[i].key] = true
				}
			}
			dup = seen[key]
			seen[key] = true
		}
		kid, err := p.value(depth + 1)
		if err != nil {
			return jnode{}, err
		}
		if dup {
			if len(p.errs) < MaxSpecErrors {
				p.errs = append(p.errs, contract.Field(p.at(), fmt.Errorf("%w %q", ErrDuplicateKey, key)))
			}
		} else {
			kid.key = key
			n.kids = append(n.kids, kid)
		}
		p.path = p.path[:len(p.path)-1]
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return jnode{}, p.syntax(err, "")
	}
	return n, nil
}

// pathKey is how a key shows in a path: as it is when it is a plain name,
// quoted in brackets otherwise.
func pathKey(key string) string {
	for _, c := range key {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "[" + strconv.Quote(key) + "]"
		}
	}
	if key == "" {
		return `[""]`
	}
	return key
}

// subPath joins a path and a key or a bracketed segment.
func subPath(path, seg string) string {
	switch {
	case path == "":
		return seg
	case seg == "":
		return path
	case seg[0] == '[':
		return path + seg
	default:
		return path + "." + seg
	}
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Builders of nodes for the encoder.

func jstr(s string) jnode { return jnode{kind: jString, text: s} }
func jnum(s string) jnode { return jnode{kind: jNumber, text: s} }
func jbool(b bool) jnode  { return jnode{kind: jBool, text: strconv.FormatBool(b)} }
func jobj() jnode         { return jnode{kind: jObject} }
func jarr() jnode         { return jnode{kind: jArray, kids: []jnode{}} }

// set adds a member to an object.
func (n *jnode) set(key string, v jnode) {
	v.key = key
	n.kids = append(n.kids, v)
}

// push adds an element to an array.
func (n *jnode) push(v jnode) { n.kids = append(n.kids, v) }

// maxInline is the most scalar elements an array may have to be written on
// one line, maxInlineMembers the most scalar members of an object.
const (
	maxInline        = 10
	maxInlineMembers = 4
)

// writeJSON writes n as indented JSON: two spaces per level, members and
// elements one per line, except arrays of at most maxInline scalars and
// objects of at most maxInlineMembers scalars, which take one line.
func writeJSON(b *bytes.Buffer, n *jnode, indent int) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool, jNumber:
		b.WriteString(n.text)
	case jString:
		writeString(b, n.text)
	case jArray:
		if len(n.kids) == 0 {
			b.WriteString("[]")
			return
		}
		inline := len(n.kids) <= maxInline
		for i := range n.kids {
			inline = inline && n.kids[i].scalar()
		}
		if inline {
			b.WriteByte('[')
			for i := range n.kids {
				if i > 0 {
					b.WriteString(", ")
				}
				writeJSON(b, &n.kids[i], indent)
			}
			b.WriteByte(']')
			return
		}
		b.WriteString("[\n")
		for i := range n.kids {
			writeIndent(b, indent+1)
			writeJSON(b, &n.kids[i], indent+1)
			if i < len(n.kids)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		writeIndent(b, indent)
		b.WriteByte(']')
	case jObject:
		if len(n.kids) == 0 {
			b.WriteString("{}")
			return
		}
		inline := len(n.kids) <= maxInlineMembers
		for i := range n.kids {
			inline = inline && n.kids[i].scalar()
		}
		if inline {
			b.WriteByte('{')
			for i := range n.kids {
				if i > 0 {
					b.WriteString(", ")
				}
				writeString(b, n.kids[i].key)
				b.WriteString(": ")
				writeJSON(b, &n.kids[i], indent)
			}
			b.WriteByte('}')
			return
		}
		b.WriteString("{\n")
		for i := range n.kids {
			writeIndent(b, indent+1)
			writeString(b, n.kids[i].key)
			b.WriteString(": ")
			writeJSON(b, &n.kids[i], indent+1)
			if i < len(n.kids)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		writeIndent(b, indent)
		b.WriteByte('}')
	}
}

func writeIndent(b *bytes.Buffer, n int) {
	for range n {
		b.WriteString("  ")
	}
}

// writeString writes s, valid UTF-8, as a JSON string: quotes, backslashes
// and control characters escaped, everything else as it is.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		i++
	}
	b.WriteByte('"')
}
