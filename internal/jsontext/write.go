package jsontext

import (
	"bytes"
	"unicode/utf8"
)

// maxInline is the most scalar elements an array may have to be written on
// one line, maxInlineMembers the most scalar members of an object.
const (
	maxInline        = 10
	maxInlineMembers = 4
)

// Write writes v to b as indented JSON: two spaces per level, members and
// elements one per line, except arrays of at most 10 scalars and objects
// of at most 4 scalar members, which take one line. Strings must be valid
// UTF-8.
func Write(b *bytes.Buffer, v *Value) { write(b, v, 0) }

func write(b *bytes.Buffer, v *Value, indent int) {
	switch v.Type {
	case Null:
		b.WriteString("null")
	case Bool, Number:
		b.WriteString(v.Text)
	case String:
		writeString(b, v.Text)
	case Array:
		writeList(b, v, indent, '[', ']', maxInline, false)
	case Object:
		writeList(b, v, indent, '{', '}', maxInlineMembers, true)
	}
}

// writeList writes an array or an object, on one line when it has at most
// inlineMax scalars.
func writeList(b *bytes.Buffer, v *Value, indent int, open, close byte, inlineMax int, keys bool) {
	if len(v.Kids) == 0 {
		b.WriteByte(open)
		b.WriteByte(close)
		return
	}
	inline := len(v.Kids) <= inlineMax
	for i := range v.Kids {
		inline = inline && v.Kids[i].Scalar()
	}
	b.WriteByte(open)
	if !inline {
		b.WriteByte('\n')
	}
	for i := range v.Kids {
		if inline && i > 0 {
			b.WriteString(", ")
		}
		if !inline {
			writeIndent(b, indent+1)
		}
		if keys {
			writeString(b, v.Kids[i].Key)
			b.WriteString(": ")
		}
		if inline {
			write(b, &v.Kids[i], indent)
			continue
		}
		write(b, &v.Kids[i], indent+1)
		if i < len(v.Kids)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	if !inline {
		writeIndent(b, indent)
	}
	b.WriteByte(close)
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
