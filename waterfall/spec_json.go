package waterfall

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
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

// parser builds a jnode tree from JSON text (RFC 8259), checking the
// limits of the spec as it goes: depth, number of values, string and number
// lengths, so that it never does more work than the limits allow.
// Duplicate keys are collected as errors (the first value is kept) so that
// decoding can go on and report more problems.
type parser struct {
	src    []byte
	pos    int
	values int
	path   []pathSeg // the current path
	errs   []error
}

// parseJSON parses src. It returns nil and the errors when src is not
// JSON or breaks a limit of the parse; otherwise the tree and any errors
// about duplicate keys.
func parseJSON(src []byte) (*jnode, []error) {
	p := &parser{src: src}
	root, err := p.value(0)
	if err == nil {
		p.ws()
		if p.pos < len(p.src) {
			err = p.syntax("data after the deal's closing brace")
		}
	}
	if err != nil {
		return nil, append(p.errs, err)
	}
	return &root, p.errs
}

// pathSeg is a segment of a path: an object key, or an array index when
// key is empty and index >= 0.
type pathSeg struct {
	key   string
	index int
}

// at returns the current path.
func (p *parser) at() string {
	path := ""
	for _, s := range p.path {
		if s.index >= 0 {
			path = index(path, s.index)
		} else {
			path = subPath(path, pathKey(s.key))
		}
	}
	return path
}

// syntax reports malformed JSON at the current position.
func (p *parser) syntax(what string) error {
	line, col := lineCol(p.src, p.pos)
	return contract.Field("", fmt.Errorf("%w: line %d, column %d: %s", ErrSyntax, line, col, what))
}

// unexpected reports the byte at the current position, or the end.
func (p *parser) unexpected(want string) error {
	if p.pos >= len(p.src) {
		return p.syntax("unexpected end of input, want " + want)
	}
	return p.syntax(fmt.Sprintf("unexpected %q, want %s", rune(p.src[p.pos]), want))
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	before := src[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func (p *parser) limit(format string, args ...any) error {
	return contract.Field(p.at(), fmt.Errorf("%w: "+format, append([]any{ErrLimit}, args...)...))
}

func (p *parser) ws() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (jnode, error) {
	p.ws()
	if p.pos >= len(p.src) {
		return jnode{}, p.unexpected("a value")
	}
	if p.values++; p.values > MaxSpecValues {
		return jnode{}, p.limit("more than %d JSON values (MaxSpecValues)", MaxSpecValues)
	}
	switch c := p.src[p.pos]; {
	case c == '{' || c == '[':
		if depth >= MaxSpecDepth {
			return jnode{}, p.limit("nested more than %d deep (MaxSpecDepth)", MaxSpecDepth)
		}
		if c == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return jnode{}, err
		}
		return jnode{kind: jString, text: s}, nil
	case c == 't':
		return p.literal("true", jBool)
	case c == 'f':
		return p.literal("false", jBool)
	case c == 'n':
		return p.literal("null", jNull)
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return jnode{}, p.unexpected("a value")
}

func (p *parser) literal(word string, k jkind) (jnode, error) {
	if !bytes.HasPrefix(p.src[p.pos:], []byte(word)) {
		return jnode{}, p.unexpected("a value")
	}
	p.pos += len(word)
	n := jnode{kind: k}
	if k == jBool {
		n.text = word
	}
	return n, nil
}

// number scans a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (jnode, error) {
	start := p.pos
	digits := func() int {
		j := p.pos
		for p.pos < len(p.src) && '0' <= p.src[p.pos] && p.src[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - j
	}
	if p.src[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if n := digits(); n == 0 {
		return jnode{}, p.unexpected("a digit")
	} else if n > 1 && p.src[intStart] == '0' {
		p.pos = intStart + 1
		return jnode{}, p.unexpected("no leading zero")
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return jnode{}, p.unexpected("a digit")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return jnode{}, p.unexpected("a digit")
		}
	}
	if n := p.pos - start; n > MaxDecimalBytes {
		return jnode{}, p.limit("number of %d characters, more than %d (MaxDecimalBytes)", n, MaxDecimalBytes)
	}
	return jnode{kind: jNumber, text: string(p.src[start:p.pos])}, nil
}

// string scans a JSON string at p.pos and returns its value. Invalid UTF-8
// is an error; an escaped lone surrogate becomes U+FFFD, as in
// encoding/json.
func (p *parser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '"' {
			if p.pos-start > MaxStringBytes {
				return "", p.limit("string of %d bytes, more than %d (MaxStringBytes)", p.pos-start, MaxStringBytes)
			}
			s := p.src[start:p.pos]
			if !utf8.Valid(s) {
				return "", p.syntax("string is not valid UTF-8")
			}
			p.pos++
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	buf := append([]byte(nil), p.src[start:p.pos]...)
	for {
		if len(buf) > MaxStringBytes {
			return "", p.limit("string of more than %d bytes (MaxStringBytes)", MaxStringBytes)
		}
		if p.pos >= len(p.src) {
			return "", p.unexpected("the end of the string")
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !utf8.Valid(buf) {
				return "", p.syntax("string is not valid UTF-8")
			}
			return string(buf), nil
		case c < 0x20:
			return "", p.syntax("control character in string")
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(p.src) {
			return "", p.unexpected("an escape")
		}
		e := p.src[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.syntax("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				save := p.pos
				if p.pos+1 < len(p.src) && p.src[p.pos] == '\\' && p.src[p.pos+1] == 'u' {
					p.pos += 2
					if lo, ok := p.hex4(); ok {
						r2 = lo
					}
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
				} else {
					r, p.pos = utf8.RuneError, save
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.pos--
			return "", p.unexpected("an escape such as \\n or \\u0041")
		}
	}
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.src[p.pos:p.pos+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(v), true
}

func (p *parser) array(depth int) (jnode, error) {
	p.pos++ // '['
	n := jnode{kind: jArray, kids: []jnode{}}
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for i := 0; ; i++ {
		p.path = append(p.path, pathSeg{index: i})
		kid, err := p.value(depth + 1)
		if err != nil {
			return jnode{}, err
		}
		p.path = p.path[:len(p.path)-1]
		n.kids = appendNode(n.kids, kid)
		p.ws()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return n, nil
		}
		return jnode{}, p.unexpected("',' or ']' after an array element")
	}
}

func (p *parser) object(depth int) (jnode, error) {
	p.pos++ // '{'
	n := jnode{kind: jObject, kids: []jnode{}}
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	var seen map[string]bool
	for {
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return jnode{}, p.unexpected("a string key")
		}
		key, err := p.string()
		if err != nil {
			return jnode{}, err
		}
		p.path = append(p.path, pathSeg{key: key, index: -1})
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return jnode{}, p.unexpected("':' after an object key")
		}
		p.pos++
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
			n.kids = appendNode(n.kids, kid)
		}
		p.path = p.path[:len(p.path)-1]
		p.ws()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return n, nil
		}
		return jnode{}, p.unexpected("',' or '}' after an object member")
	}
}

// appendNode appends by doubling the capacity, so that a long array costs
// at most twice its final size in allocations (append grows large slices
// by a quarter, which costs five times).
func appendNode(kids []jnode, n jnode) []jnode {
	if len(kids) == cap(kids) {
		grown := make([]jnode, len(kids), max(4, 2*cap(kids)))
		copy(grown, kids)
		kids = grown
	}
	return append(kids, n)
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
