package spec

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The combinators of package tranche: sequence, pro_rata, cap, window.
var combinatorKinds = []trancheEntry{
	{name: "sequence", decode: decodeSequence, encode: encodeSequence},
	{name: "pro_rata", decode: decodeProRata, encode: encodeProRata},
	{name: "cap", decode: decodeCap, encode: encodeCap},
	{name: "window", decode: decodeWindow, encode: encodeWindow},
}

// takesAll reports whether t claims all cash it is offered, as far as the
// built-in kinds tell: a split, a cap table, or a wrapper around one that
// passes it all cash. A tranche of a user's kind is taken to be bounded;
// if it is not, the run says so (tranche.ErrUnbounded).
func takesAll(t tranche.Tranche) bool {
	switch v := t.(type) {
	case *tranche.Split, *tranche.CapTable:
		return true
	case *tranche.Sequential:
		for _, c := range v.Tranches {
			if takesAll(c) {
				return true
			}
		}
	case *tranche.Windowed:
		return takesAll(v.Tranche)
	case *tranche.Covenant:
		return takesAll(v.Junior)
	case *tranche.Reserve:
		return takesAll(v.Junior)
	}
	return false
}

// sequence

func decodeSequence(o *Object) tranche.Tranche {
	ts := o.d.children(o, "tranches")
	if ts == nil {
		return nil
	}
	return tranche.Sequence(ts...)
}

func encodeSequence(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Sequential)
	if !ok {
		return false
	}
	f.Tranches("tranches", v.Tranches)
	return true
}

// pro_rata

func decodeProRata(o *Object) tranche.Tranche {
	ts := o.d.children(o, "tranches")
	if ts == nil {
		return nil
	}
	for i, t := range ts {
		if takesAll(t) {
			o.d.fail(jsontext.Index(jsontext.Join(o.path, "tranches"), i),
				fmt.Errorf("a pro_rata child must have a bounded claim; put a split in a cap: %w", tranche.ErrUnbounded))
		}
	}
	return tranche.ProRata(ts...)
}

func encodeProRata(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.PariPassu)
	if !ok {
		return false
	}
	f.Tranches("tranches", v.Tranches)
	return true
}

// cap

func decodeCap(o *Object) tranche.Tranche {
	limit := o.decimal("limit", true)
	t := o.child("tranche")
	if t == nil {
		return nil
	}
	return tranche.Cap(limit, t)
}

func encodeCap(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Capped)
	if !ok {
		return false
	}
	f.Money("limit", v.Limit)
	f.Tranche("tranche", v.Tranche)
	return true
}

// window

func decodeWindow(o *Object) tranche.Tranche {
	from, to := o.date("from", false), o.date("to", false)
	t := o.child("tranche")
	if t == nil {
		return nil
	}
	return tranche.Window(from, to, t)
}

func encodeWindow(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Windowed)
	if !ok {
		return false
	}
	f.optDate("from", v.From)
	f.optDate("to", v.To)
	f.Tranche("tranche", v.Tranche)
	return true
}
