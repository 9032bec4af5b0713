package jsontext

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits bound what [Parse] reads. Each must be positive.
type Limits struct {
	Values      int // most values (objects, arrays, strings, numbers, literals)
	Depth       int // deepest nesting of arrays and objects
	StringBytes int // longest string or key, in bytes of UTF-8
	NumberBytes int // longest number literal
	Errors      int // most duplicate-key errors kept
}

// ErrorKind says what an [Error] is about.
type ErrorKind uint8

// The kinds of errors.
const (
	Syntax        ErrorKind = iota // not well-formed JSON, or data after the value
	DuplicateKey                   // a key given twice in one object
	TooManyValues                  // more than Limits.Values
	TooDeep                        // nested deeper than Limits.Depth
	StringTooLong                  // a string longer than Limits.StringBytes
	NumberTooLong                  // a number longer than Limits.NumberBytes
)

// Error is a problem [Parse] found: its kind, the JSON path of the value
// it is about ("" for syntax errors, which say their line and column
// instead) and what is wrong.
type Error struct {
	Kind ErrorKind
	Path string
	Msg  string
}

// Error returns the path, if any, and what is wrong.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Parse parses src. It returns nil and the errors when src is not JSON or
// breaks a limit; otherwise the tree and the errors about duplicate keys,
// if any. Invalid UTF-8 in a string is an error; an escaped lone surrogate
// becomes U+FFFD, as in encoding/json.
func Parse(src []byte, lim Limits) (*Value, []*Error) {
	p := &parser{src: src, lim: lim}
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

// parser builds a Value tree from JSON text, checking the limits as it
// goes, so that it never does more work than they allow.
type parser struct {
	src    []byte
	lim    Limits
	pos    int
	values int
	path   []pathSeg // the current path
	errs   []*Error
}

// pathSeg is a segment of a path: an object key, or an array index when
// index >= 0.
type pathSeg struct {
	key   string
	index int
}

// at returns the current path.
func (p *parser) at() string {
	path := ""
	for _, s := range p.path {
		if s.index >= 0 {
			path = Index(path, s.index)
		} else {
			path = Key(path, s.key)
		}
	}
	return path
}

// syntax reports malformed JSON at the current position.
func (p *parser) syntax(what string) *Error {
	line, col := lineCol(p.src, p.pos)
	return &Error{Kind: Syntax, Msg: fmt.Sprintf("line %d, column %d: %s", line, col, what)}
}

// unexpected reports the byte at the current position, or the end.
func (p *parser) unexpected(want string) *Error {
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

func (p *parser) limit(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Path: p.at(), Msg: fmt.Sprintf(format, args...)}
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

func (p *parser) value(depth int) (Value, *Error) {
	p.ws()
	if p.pos >= len(p.src) {
		return Value{}, p.unexpected("a value")
	}
	if p.values++; p.values > p.lim.Values {
		return Value{}, p.limit(TooManyValues, "more than %d JSON values", p.lim.Values)
	}
	switch c := p.src[p.pos]; {
	case c == '{' || c == '[':
		if depth >= p.lim.Depth {
			return Value{}, p.limit(TooDeep, "nested more than %d deep", p.lim.Depth)
		}
		if c == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return Value{}, err
		}
		return Str(s), nil
	case c == 't':
		return p.literal("true", Bool)
	case c == 'f':
		return p.literal("false", Bool)
	case c == 'n':
		return p.literal("null", Null)
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return Value{}, p.unexpected("a value")
}

func (p *parser) literal(word string, t Type) (Value, *Error) {
	if !bytes.HasPrefix(p.src[p.pos:], []byte(word)) {
		return Value{}, p.unexpected("a value")
	}
	p.pos += len(word)
	v := Value{Type: t}
	if t == Bool {
		v.Text = word
	}
	return v, nil
}

// number scans a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (Value, *Error) {
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
		return Value{}, p.unexpected("a digit")
	} else if n > 1 && p.src[intStart] == '0' {
		p.pos = intStart + 1
		return Value{}, p.unexpected("no leading zero")
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return Value{}, p.unexpected("a digit")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return Value{}, p.unexpected("a digit")
		}
	}
	if n := p.pos - start; n > p.lim.NumberBytes {
		return Value{}, p.limit(NumberTooLong, "number of %d characters, more than %d", n, p.lim.NumberBytes)
	}
	return Num(string(p.src[start:p.pos])), nil
}

// string scans a JSON string at p.pos and returns its value.
func (p *parser) string() (string, *Error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '"' {
			if p.pos-start > p.lim.StringBytes {
				return "", p.limit(StringTooLong, "string of %d bytes, more than %d", p.pos-start, p.lim.StringBytes)
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
		if len(buf) > p.lim.StringBytes {
			return "", p.limit(StringTooLong, "string of more than %d bytes", p.lim.StringBytes)
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

func (p *parser) array(depth int) (Value, *Error) {
	p.pos++ // '['
	v := Arr()
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for i := 0; ; i++ {
		p.path = append(p.path, pathSeg{index: i})
		kid, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		p.path = p.path[:len(p.path)-1]
		v.Kids = appendValue(v.Kids, kid)
		p.ws()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return v, nil
		}
		return Value{}, p.unexpected("',' or ']' after an array element")
	}
}

func (p *parser) object(depth int) (Value, *Error) {
	p.pos++ // '{'
	v := Value{Type: Object, Kids: []Value{}}
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	var seen map[string]bool
	for {
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return Value{}, p.unexpected("a string key")
		}
		key, err := p.string()
		if err != nil {
			return Value{}, err
		}
		p.path = append(p.path, pathSeg{key: key, index: -1})
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return Value{}, p.unexpected("':' after an object key")
		}
		p.pos++
		dup := false
		if len(v.Kids) < 8 {
			for i := range v.Kids {
				dup = dup || v.Kids[i].Key == key
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, 16)
				for i := range v.Kids {
					seen[v.Kids[i].Key] = true
				}
			}
			dup = seen[key]
			seen[key] = true
		}
		kid, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		if dup {
			if len(p.errs) < p.lim.Errors {
				p.errs = append(p.errs, &Error{Kind: DuplicateKey, Path: p.at(), Msg: strconv.Quote(key)})
			}
		} else {
			kid.Key = key
			v.Kids = appendValue(v.Kids, kid)
		}
		p.path = p.path[:len(p.path)-1]
		p.ws()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return v, nil
		}
		return Value{}, p.unexpected("',' or '}' after an object member")
	}
}

// appendValue appends by doubling the capacity, so that a long array
// costs at most twice its final size in allocations (append grows large
// slices by a quarter, which costs five times).
func appendValue(kids []Value, v Value) []Value {
	if len(kids) == cap(kids) {
		grown := make([]Value, len(kids), max(4, 2*cap(kids)))
		copy(grown, kids)
		kids = grown
	}
	return append(kids, v)
}
