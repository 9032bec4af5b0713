package spec

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// TrancheKind is a kind of tranche in the spec: the name a document gives
// in "kind", and how to read and write the tranche's other fields. The
// kinds of package tranche are built in; register a kind of your own
// with [RegisterTranche].
type TrancheKind struct {
	// Name is the value of "kind": lower case letters, digits and
	// underscores, starting with a letter, such as "fixed_fee". It must
	// not be taken by another kind.
	Name string
	// Decode reads the tranche's fields from o and returns the tranche.
	// Problems with a field are recorded by o's methods; return an error
	// for terms the fields cannot make (it is reported at the tranche's
	// path; a [contract.FieldError] in it is placed under that path). If
	// the tranche implements [tranche.Validator], Validate is called on
	// it, and its errors reported in the same way.
	Decode func(o *Object) (tranche.Tranche, error)
	// Encode reports whether t is of this kind and, when it is, writes
	// its fields to f so that Decode reads them back into an equal
	// tranche. It must return false, having written nothing, for a
	// tranche of any other type. The kinds are asked in the order they
	// were registered, the built-in kinds first.
	Encode func(t tranche.Tranche, f *Fields) bool
}

// SourceKind is a kind of cash source in the spec, as [TrancheKind] is of
// tranches; register one with [RegisterSource].
type SourceKind struct {
	// Name is the value of "kind", as for a TrancheKind.
	Name string
	// Decode reads the source's fields from o and returns the source.
	// The source's "currency", if given, is checked by the decoder.
	Decode func(o *Object) (waterfall.Source, error)
	// Encode reports whether s is of this kind and, when it is, writes
	// its fields to f.
	Encode func(s waterfall.Source, f *Fields) bool
}

// RegisterTranche adds a tranche kind to the spec, so that every decoder
// started after it returns reads the kind, and every encoder writes
// tranches that the kind's Encode claims. It is safe to call from many
// goroutines, and while documents are decoded and encoded; register
// kinds at start-up, before the documents that use them.
//
// RegisterTranche returns an error matching [contract.ErrInvalid] if the
// name is not a valid kind name or is taken, or if Decode or Encode is
// nil.
func RegisterTranche(k TrancheKind) error {
	if err := checkKind(k.Name, k.Decode == nil, k.Encode == nil); err != nil {
		return err
	}
	return register(k.Name, func(r *registry) {
		r.tranches = append(r.tranches, trancheEntry{name: k.Name, decode: userTranche(k.Decode), encode: k.Encode})
	})
}

// RegisterSource adds a source kind to the spec, as [RegisterTranche]
// adds a tranche kind, with the same rules.
func RegisterSource(k SourceKind) error {
	if err := checkKind(k.Name, k.Decode == nil, k.Encode == nil); err != nil {
		return err
	}
	return register(k.Name, func(r *registry) {
		r.sources = append(r.sources, sourceEntry{name: k.Name, decode: userSource(k.Decode), encode: k.Encode})
	})
}

func checkKind(name string, noDecode, noEncode bool) error {
	valid := name != "" && 'a' <= name[0] && name[0] <= 'z'
	for _, c := range name {
		valid = valid && ('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_')
	}
	switch {
	case !valid:
		return fmt.Errorf("kind name %q: want lower case letters, digits and underscores, starting with a letter: %w", name, contract.ErrInvalid)
	case noDecode:
		return fmt.Errorf("kind %q: no Decode function: %w", name, contract.ErrInvalid)
	case noEncode:
		return fmt.Errorf("kind %q: no Encode function: %w", name, contract.ErrInvalid)
	}
	return nil
}

// registry is a table of kinds. A registry is never changed once
// published: registering copies the current one, adds to the copy and
// publishes that, so a decoder reads one table from start to end without
// locks.
type registry struct {
	tranches []trancheEntry
	sources  []sourceEntry
}

// trancheEntry is a row of the tranche table. decode returns nil, after
// recording the errors, when the tranche is wrong.
type trancheEntry struct {
	name   string
	decode func(o *Object) tranche.Tranche
	encode func(t tranche.Tranche, f *Fields) bool
}

// sourceEntry is a row of the source table.
type sourceEntry struct {
	name   string
	decode func(o *Object) waterfall.Source
	encode func(s waterfall.Source, f *Fields) bool
}

var (
	kinds      atomic.Pointer[registry] // the current table
	registerMu sync.Mutex               // serializes registrations
)

func init() {
	r := &registry{sources: sourceKinds}
	for _, family := range [][]trancheEntry{equityKinds, combinatorKinds, debtKinds, contractKinds, ventureKinds} {
		r.tranches = append(r.tranches, family...)
	}
	kinds.Store(r)
}

// register publishes a copy of the current table changed by add, unless
// name is taken.
func register(name string, add func(r *registry)) error {
	registerMu.Lock()
	defer registerMu.Unlock()
	cur := kinds.Load()
	if cur.tranche(name) != nil || cur.source(name) != nil {
		return fmt.Errorf("kind %q is already registered: %w", name, contract.ErrInvalid)
	}
	next := &registry{
		tranches: append([]trancheEntry(nil), cur.tranches...),
		sources:  append([]sourceEntry(nil), cur.sources...),
	}
	add(next)
	kinds.Store(next)
	return nil
}

func (r *registry) tranche(name string) *trancheEntry {
	for i := range r.tranches {
		if r.tranches[i].name == name {
			return &r.tranches[i]
		}
	}
	return nil
}

func (r *registry) source(name string) *sourceEntry {
	for i := range r.sources {
		if r.sources[i].name == name {
			return &r.sources[i]
		}
	}
	return nil
}

func (r *registry) trancheNames() []string {
	names := make([]string, len(r.tranches))
	for i, k := range r.tranches {
		names[i] = k.name
	}
	return names
}

func (r *registry) sourceNames() []string {
	names := make([]string, len(r.sources))
	for i, k := range r.sources {
		names[i] = k.name
	}
	return names
}

// userTranche adapts a user's Decode to the table: its error is recorded
// at the tranche's path.
func userTranche(decode func(o *Object) (tranche.Tranche, error)) func(o *Object) tranche.Tranche {
	return func(o *Object) tranche.Tranche {
		t, err := decode(o)
		if err != nil {
			o.Fail("", err)
			return nil
		}
		if isNil(t) {
			o.Fail("", fmt.Errorf("the kind's Decode returned no tranche: %w", contract.ErrInvalid))
			return nil
		}
		return t
	}
}

// userSource adapts a user's Decode of a source to the table.
func userSource(decode func(o *Object) (waterfall.Source, error)) func(o *Object) waterfall.Source {
	return func(o *Object) waterfall.Source {
		s, err := decode(o)
		if err != nil {
			o.Fail("", err)
			return nil
		}
		if isNil(s) {
			o.Fail("", fmt.Errorf("the kind's Decode returned no source: %w", contract.ErrInvalid))
			return nil
		}
		return s
	}
}

// isNil reports whether v is nil or holds a nil pointer, map, slice,
// function or channel: a typed nil, whose methods may not be called.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
