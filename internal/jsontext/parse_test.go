package jsontext

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// specLimits are the limits package spec parses with.
var specLimits = Limits{Values: 1 << 19, Depth: 64, StringBytes: 1024, NumberBytes: 64, Errors: 100}

func TestParse_errors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		lim  Limits
		kind ErrorKind
		path string
		msg  string
	}{
		{"empty", ``, specLimits, Syntax, "", "line 1, column 1: unexpected end of input, want a value"},
		{"trailing comma", "{\"a\": 1,\n}", specLimits, Syntax, "", `line 2, column 1: unexpected '}', want a string key`},
		{"data after", `{} {}`, specLimits, Syntax, "", "line 1, column 4: data after the deal's closing brace"},
		{"leading zero", `[01]`, specLimits, Syntax, "", "line 1, column 3: unexpected '1', want no leading zero"},
		{"bad UTF-8", "\"\xff\"", specLimits, Syntax, "", "line 1, column 3: string is not valid UTF-8"},
		{"too deep", `{"a": [[[1]]]}`, Limits{Values: 100, Depth: 3, StringBytes: 10, NumberBytes: 10, Errors: 10}, TooDeep, "a[0][0]", "nested more than 3 deep"},
		{"too many values", `[1, 2, 3]`, Limits{Values: 3, Depth: 3, StringBytes: 10, NumberBytes: 10, Errors: 10}, TooManyValues, "[2]", "more than 3 JSON values"},
		{"long string", `{"odd key": "abcdefgh"}`, Limits{Values: 10, Depth: 3, StringBytes: 7, NumberBytes: 10, Errors: 10}, StringTooLong, `["odd key"]`, "string of 8 bytes, more than 7"},
		{"long number", `[123456]`, Limits{Values: 10, Depth: 3, StringBytes: 5, NumberBytes: 5, Errors: 10}, NumberTooLong, "[0]", "number of 6 characters, more than 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, errs := Parse([]byte(tt.in), tt.lim)
			require.Nil(t, v)
			require.Len(t, errs, 1)
			require.Equal(t, Error{Kind: tt.kind, Path: tt.path, Msg: tt.msg}, *errs[0])
		})
	}
	t.Run("duplicate keys are reported and parsing goes on", func(t *testing.T) {
		v, errs := Parse([]byte(`{"a": 1, "b": {"c": 2, "c": 3}, "a": 4}`), specLimits)
		require.NotNil(t, v)
		require.Equal(t, []*Error{{Kind: DuplicateKey, Path: "b.c", Msg: `"c"`}, {Kind: DuplicateKey, Path: "a", Msg: `"a"`}}, errs)
		require.Equal(t, "1", v.Kids[0].Text)
		require.Equal(t, "2", v.Kids[1].Kids[0].Text)
	})
}

func TestWrite(t *testing.T) {
	v, errs := Parse([]byte(`{"s": "a\"\n\u0001é", "short": [1, 2], "obj": {"k": true, "n": null},
		"long": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "nested": [{"x": []}], "empty": {}}`), specLimits)
	require.Empty(t, errs)
	var b bytes.Buffer
	Write(&b, v)
	require.Equal(t, `{
  "s": "a\"\n\u0001é",
  "short": [1, 2],
  "obj": {"k": true, "n": null},
  "long": [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11
  ],
  "nested": [
    {
      "x": []
    }
  ],
  "empty": {}
}`, b.String())
}

func TestKey(t *testing.T) {
	require.Equal(t, "a.b", Key("a", "b"))
	require.Equal(t, `a["b c"]`, Key("a", "b c"))
	require.Equal(t, `[""]`, Key("", ""))
	require.Equal(t, "a[3].b", Key(Index("a", 3), "b"))
}

// FuzzParse checks the reader against encoding/json: it accepts only
// valid JSON, accepts all valid JSON in UTF-8 within the limits, and reads
// the same values (keys first seen win, so documents with duplicate keys
// are not compared); and Write writes what reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`"\ud800\u0041"`, `"\u00e9\ud83d\ude00"`, `[1e5, -0.5, 0, true, null, {}]`, `{"a":1,"a":2}`, `"\x01"`, `[01]`, `1.`, `-`, `"\q"`} {
		f.Add([]byte(s))
	}
	files, err := filepath.Glob("../../cmd/jvwaterfall/testdata/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed documents in ../../cmd/jvwaterfall/testdata (%v)", err)
	}
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	// 64 nested empty arrays: once a hang of the harness (see below).
	f.Add([]byte(strings.Repeat("[", 64) + strings.Repeat("]", 64)))
	f.Fuzz(func(t *testing.T, src []byte) {
		root, errs := Parse(src, specLimits)
		valid := json.Valid(src)
		if root == nil {
			limit := false
			for _, e := range errs {
				limit = limit || e.Kind != Syntax && e.Kind != DuplicateKey
			}
			if valid && utf8.Valid(src) && !limit {
				t.Fatalf("valid JSON rejected: %v", errs)
			}
			return
		}
		if !valid {
			t.Fatalf("invalid JSON accepted: %q", src)
		}
		if len(errs) > 0 { // duplicate keys
			return
		}
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		// reflect.DeepEqual first: go-cmp's slice diff takes time
		// exponential in the nesting of equal arrays (FuzzParse hung on 64
		// nested []), so it only explains a difference found.
		if got := toAny(root); !reflect.DeepEqual(want, got) {
			t.Fatalf("values differ (-encoding/json +ours):\n%s", cmp.Diff(want, got))
		}
		var b bytes.Buffer
		Write(&b, root)
		again, errs := Parse(b.Bytes(), specLimits)
		if len(errs) > 0 || !reflect.DeepEqual(root, again) {
			t.Fatalf("Write wrote what reads back otherwise (%v):\n%s", errs, strings.TrimSpace(b.String()))
		}
	})
}

func toAny(v *Value) any {
	switch v.Type {
	case Bool:
		return v.Text == "true"
	case Number:
		return json.Number(v.Text)
	case String:
		return v.Text
	case Array:
		out := make([]any, len(v.Kids))
		for i := range v.Kids {
			out[i] = toAny(&v.Kids[i])
		}
		return out
	case Object:
		out := make(map[string]any, len(v.Kids))
		for i := range v.Kids {
			out[v.Kids[i].Key] = toAny(&v.Kids[i])
		}
		return out
	}
	return nil
}
