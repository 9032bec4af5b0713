package jsontext

import "strconv"

// Type is the type of a JSON value.
type Type uint8

// The types of JSON values.
const (
	Null Type = iota
	Bool
	Number
	String
	Array
	Object
)

var typeNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

// String returns the type with its article, as error messages use it:
// "a string", "an object".
func (t Type) String() string { return typeNames[t] }

// Value is a parsed JSON value. Objects keep their members in order, each
// a Value with its Key; a parsed object has no duplicate keys.
type Value struct {
	Type Type
	Key  string  // for members of an object
	Text string  // a string's value, a number's literal, "true" or "false"
	Kids []Value // elements of an array, members of an object
}

// Scalar reports whether v is neither an array nor an object.
func (v *Value) Scalar() bool { return v.Type < Array }

// Str returns a string value.
func Str(s string) Value { return Value{Type: String, Text: s} }

// Num returns a number value; s must be a JSON number literal.
func Num(s string) Value { return Value{Type: Number, Text: s} }

// Int returns a number value holding n.
func Int(n int64) Value { return Num(strconv.FormatInt(n, 10)) }

// Boolean returns true or false.
func Boolean(b bool) Value { return Value{Type: Bool, Text: strconv.FormatBool(b)} }

// Obj returns an empty object.
func Obj() Value { return Value{Type: Object} }

// Arr returns an empty array.
func Arr() Value { return Value{Type: Array, Kids: []Value{}} }

// Set adds a member to an object.
func (v *Value) Set(key string, m Value) {
	m.Key = key
	v.Kids = append(v.Kids, m)
}

// Push adds an element to an array.
func (v *Value) Push(e Value) { v.Kids = append(v.Kids, e) }
