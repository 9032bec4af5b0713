package jsontext

import "strconv"

// Key returns path followed by an object key: "stack.rate" for a plain
// key, `stack["odd key"]` for any other.
func Key(path, key string) string { return Join(path, quoteKey(key)) }

// Index returns path followed by an array index: "stack.tranches[2]".
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// quoteKey is how a key shows in a path: as it is when it is a plain name
// (letters, digits, '_' and '-'), quoted in brackets otherwise.
func quoteKey(key string) string {
	if key == "" {
		return `[""]`
	}
	for _, c := range key {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "[" + strconv.Quote(key) + "]"
		}
	}
	return key
}

// Join joins a path and a relative path, such as a key or a bracketed
// segment: Join("a", "b.c") is "a.b.c", Join("a", "[0]") is "a[0]".
func Join(path, rel string) string {
	switch {
	case path == "":
		return rel
	case rel == "":
		return path
	case rel[0] == '[':
		return path + rel
	default:
		return path + "." + rel
	}
}
