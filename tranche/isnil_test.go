package tranche

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIsNil_AsReflect: isNil's type switch over the package's tranches
// answers as the reflect check it goes before, for a typed nil and a
// value of every tranche type, the types it does not list included.
func TestIsNil_AsReflect(t *testing.T) {
	viaReflect := func(v any) bool {
		if v == nil {
			return true
		}
		r := reflect.ValueOf(v)
		switch r.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
			return r.IsNil()
		}
		return false
	}
	values := []any{
		nil, Tranche(nil), Borrowing(nil),
		(*Debt)(nil), &Debt{}, (*Covenant)(nil), &Covenant{}, (*Reserve)(nil), &Reserve{},
		(*Sequential)(nil), &Sequential{}, (*PariPassu)(nil), &PariPassu{}, (*Split)(nil), &Split{},
		(*PreferredReturn)(nil), &PreferredReturn{}, (*ReturnOfCapital)(nil), &ReturnOfCapital{},
		(*CatchUp)(nil), &CatchUp{}, (*Capped)(nil), &Capped{}, (*Windowed)(nil), &Windowed{},
		(*Hurdle)(nil), &Hurdle{}, (*CapTable)(nil), &CapTable{}, (*TakeOrPay)(nil), &TakeOrPay{},
		(*PreferredEquity)(nil), &PreferredEquity{},
		[]int(nil), map[int]int(nil), (func())(nil), 3, "x",
	}
	for _, v := range values {
		require.Equalf(t, viaReflect(v), isNil(v), "%T %v", v, v)
	}
	var b Borrowing = (*Debt)(nil) // an interface holding a typed nil, passed on as any
	require.True(t, isNil(b))
}
