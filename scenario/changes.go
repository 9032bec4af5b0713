package scenario

import (
	"errors"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/spec"
)

// ChangeList is one named scenario written as JSON, the file that
// `jvwaterfall run -scenario` reads:
//
//	{
//	  "name": "exit a year later",
//	  "set": [
//	    {"path": "/proceeds/0/date", "value": "2030-12-31"},
//	    {"path": "/costs/-", "value": {"date": "2026-12-31", "amount": "500000.00"}}
//	  ]
//	}
type ChangeList struct {
	Name string
	Set  []Change
}

// DecodeChangeList reads a change list from its JSON text, as strictly as
// a deal: an unknown field, a key given twice (in the list or inside a
// value), a value of the wrong JSON type or a pointer that is not one is
// an error with its path ("set[2].value"). Every problem is returned.
func DecodeChangeList(src []byte) (*ChangeList, error) {
	if len(src) > MaxDefinitionBytes {
		return nil, contract.Field("", fmt.Errorf("%d bytes, more than %d (MaxDefinitionBytes): %w", len(src), MaxDefinitionBytes, ErrLimit))
	}
	root, perrs := jsontext.Parse(src, changeLimits)
	var errs []error
	for _, e := range perrs {
		errs = append(errs, parseError(e))
	}
	if root == nil {
		return nil, errors.Join(errs...)
	}
	r := &reader{errs: errs}
	l := &ChangeList{}
	m := r.object(root, "", "name", "set")
	if f := m["name"]; f != nil {
		l.Name, _ = r.str(f, "name")
	}
	if f := m["set"]; f != nil {
		kids, _ := r.array(f, "set")
		for i := range kids {
			path := jsontext.Index("set", i)
			cm := r.object(&kids[i], path, "path", "value")
			var c Change
			if g := cm["path"]; g != nil {
				var ok bool
				if c.Path, ok = r.str(g, path+".path"); ok { // "" too: the whole deal is not a change
					if _, err := parsePointer(c.Path); err != nil {
						r.errs = append(r.errs, contract.Field(path+".path", err))
					}
				}
			} else if cm != nil {
				r.fail(path+".path", "%w", contract.ErrRequired)
			}
			if g := cm["value"]; g != nil {
				c.Value = text(g)
			} else if cm != nil {
				r.fail(path+".value", "%w", contract.ErrRequired)
			}
			l.Set = append(l.Set, c)
		}
	} else if m != nil {
		r.fail("set", "%w", contract.ErrRequired)
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	return l, nil
}

// Apply returns the document of b with the list's changes made, as
// [Base.Apply] does, each problem under "set[i]".
func (l *ChangeList) Apply(b *Base) (spec.Document, error) {
	if l == nil {
		return spec.Document{}, fmt.Errorf("nil change list: %w", contract.ErrRequired)
	}
	return b.apply("set", l.Set)
}
