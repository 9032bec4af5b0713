package contract

import (
	"fmt"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// resetEscalationMemos empties the memos of rate and index factors.
func resetEscalationMemos() {
	escalationMemo.Lock()
	escalationMemo.m, escalationMemo.n = nil, 0
	escalationMemo.Unlock()
	indexMemo.Lock()
	indexMemo.m = nil
	indexMemo.Unlock()
}

// sameFactor fails unless the escalator's answer is Factor's: the same
// decimal (coefficient and exponent), or the same error.
func sameFactor(t interface{ Fatalf(string, ...any) }, what string, got decimal.Decimal, gotErr error, e Escalation, k int) {
	want, wantErr := e.Factor(k)
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("%s year %d: error %v, want %v", what, k, gotErr, wantErr)
	}
	if wantErr == nil {
		requireSame(t, fmt.Sprintf("%s year %d", what, k), got, want)
	} else if got != want {
		t.Fatalf("%s year %d: %s with the error, want %s", what, k, got, want)
	}
}

// TestEscalationMemo_SameAsFactor: escalators that share the memo of a
// rate's factors give Factor(k) from scratch, coefficient and exponent,
// whichever asked first and for how many years, in any order, and the
// same errors; rates of 19 digits or more are not kept.
func TestEscalationMemo_SameAsFactor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		resetEscalationMemos()
		var rate decimal.Decimal
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0:
			rate = decimal.New(rapid.Int64Range(-999, 999).Draw(t, "bp"), -4)
		case 1: // 19 digits and more: not kept
			rate = decimal.New(rapid.Int64Range(1e18, 9e18).Draw(t, "long"), -19)
		case 2:
			rate = decimal.New(rapid.Int64Range(1, 90).Draw(t, "tenths"), -1)
		default:
			rate = decimal.New(rapid.Int64Range(0, 1e6).Draw(t, "coef"), rapid.Int32Range(-22, 0).Draw(t, "exp"))
		}
		e := Escalation{Rate: rate}
		if e.Validate() != nil {
			t.Skip("rate -100% or below")
		}
		for x := range rapid.IntRange(1, 4).Draw(t, "escalators") {
			esc := newEscalator(e)
			for i := range rapid.IntRange(1, 6).Draw(t, fmt.Sprintf("asks%d", x)) {
				k := rapid.IntRange(-1, 40).Draw(t, fmt.Sprintf("k%d_%d", x, i))
				if rapid.IntRange(0, 20).Draw(t, fmt.Sprintf("far%d_%d", x, i)) == 0 {
					k = 1001
				}
				got, err := esc.factor(k)
				sameFactor(t, fmt.Sprintf("escalator %d, rate %s", x, rate), got, err, e, k)
			}
		}
		_, keyed := escalationKeyOf(rate)
		if kept := memoFactors(escalationKey{rate.CoefficientInt64(), rate.Exponent()}); !keyed && kept != nil {
			t.Fatalf("rate %s of %d digits kept", rate, rate.NumDigits())
		} else if cap(kept) != len(kept) {
			t.Fatalf("kept factors of capacity %d, length %d", cap(kept), len(kept))
		}
	})
}

// TestEscalationKeyOf: rates of up to 18 digits have a key, their
// coefficient and exponent; longer ones have none.
func TestEscalationKeyOf(t *testing.T) {
	for _, c := range []struct {
		rate string
		ok   bool
	}{{"0.025", true}, {"0.123456789012345678", true}, {"-0.999999999999999999", true}, {"0.1234567890123456789", false}, {"0", true}} {
		d := decimal.RequireFromString(c.rate)
		k, ok := escalationKeyOf(d)
		require.Equal(t, c.ok, ok, c.rate)
		if ok {
			require.Equal(t, escalationKey{d.CoefficientInt64(), d.Exponent()}, k, c.rate)
		}
	}
}

// TestEscalationMemo_KeepsTheLongest: an escalator that worked out fewer
// years than are kept does not replace them, one that worked out more
// does, and one that starts from the memo and goes past it works out the
// years itself, from year 0.
func TestEscalationMemo_KeepsTheLongest(t *testing.T) {
	resetEscalationMemos()
	e := Escalation{Rate: decimal.RequireFromString("0.025")}
	key, ok := escalationKeyOf(e.Rate)
	require.True(t, ok)
	a := newEscalator(e)
	_, err := a.factor(5)
	require.NoError(t, err)
	require.Len(t, memoFactors(key), 6)
	b := newEscalator(e)
	_, err = b.factor(2) // from the memo
	require.NoError(t, err)
	require.True(t, b.shared)
	c := newEscalator(e)
	_, err = c.factor(1)
	require.NoError(t, err)
	require.Len(t, memoFactors(key), 6, "a shorter list replaced the longer")
	for _, k := range []int{9, 3, 12} { // past the memo: b's own, kept
		got, err := b.factor(k)
		sameFactor(t, "past the memo", got, err, e, k)
		require.False(t, b.shared)
	}
	require.Len(t, memoFactors(key), 13)
	// A kept list is never written to: the escalator that kept it
	// appends past its length only.
	kept := memoFactors(key)
	_, err = b.factor(30)
	require.NoError(t, err)
	for k, f := range kept {
		sameFactor(t, "kept", f, nil, e, k)
	}
}

// TestEscalationMemo_Full: past the memo's bound new rates are worked out
// and not kept, and the rates kept still serve.
func TestEscalationMemo_Full(t *testing.T) {
	resetEscalationMemos()
	defer resetEscalationMemos()
	kept := Escalation{Rate: decimal.RequireFromString("0.03")}
	_, err := newEscalator(kept).factor(4)
	require.NoError(t, err)
	escalationMemo.Lock()
	for i := range escalationMemoMax - 1 {
		escalationMemo.m[escalationKey{int64(i), 9}] = nil
	}
	escalationMemo.Unlock()
	e := Escalation{Rate: decimal.RequireFromString("0.07")}
	for _, k := range []int{3, 7} {
		got, err := newEscalator(e).factor(k)
		sameFactor(t, "full memo", got, err, e, k)
	}
	key, _ := escalationKeyOf(e.Rate)
	require.Nil(t, memoFactors(key))
	x := newEscalator(kept)
	got, err := x.factor(8) // past the kept years: longer, kept in the full memo
	sameFactor(t, "kept rate", got, err, kept, 8)
	key, _ = escalationKeyOf(kept.Rate)
	require.Len(t, memoFactors(key), 9)
}

// TestEscalationMemo_FactorsBound: past the bound on the factors kept in
// all, longer lists are worked out and not kept, and the count of
// factors kept is the sum of the lists' lengths.
func TestEscalationMemo_FactorsBound(t *testing.T) {
	resetEscalationMemos()
	defer resetEscalationMemos()
	a := Escalation{Rate: decimal.RequireFromString("0.01")}
	_, err := newEscalator(a).factor(9)
	require.NoError(t, err)
	b := Escalation{Rate: decimal.RequireFromString("0.02")}
	_, err = newEscalator(b).factor(4)
	require.NoError(t, err)
	_, err = newEscalator(a).factor(19) // a's list replaced: 20 in place of 10
	require.NoError(t, err)
	escalationMemo.RLock()
	n := escalationMemo.n
	escalationMemo.RUnlock()
	require.Equal(t, 25, n)
	escalationMemo.Lock()
	escalationMemo.n = escalationMemoFactors - 5 // room for 5 more factors
	escalationMemo.Unlock()
	c := Escalation{Rate: decimal.RequireFromString("0.03")}
	for _, k := range []int{4, 5} { // 5 factors are kept; 6 are not
		got, err := newEscalator(c).factor(k)
		sameFactor(t, "near the bound", got, err, c, k)
	}
	key, _ := escalationKeyOf(c.Rate)
	require.Len(t, memoFactors(key), 5)
	got, err := newEscalator(b).factor(7) // b's list would grow by 3: not kept
	sameFactor(t, "past the bound", got, err, b, 7)
	key, _ = escalationKeyOf(b.Rate)
	require.Len(t, memoFactors(key), 5)
}

// TestEscalationMemo_Concurrent: escalators of one rate in many
// goroutines give Factor's answers (run with -race).
func TestEscalationMemo_Concurrent(t *testing.T) {
	resetEscalationMemos()
	e := Escalation{Rate: decimal.RequireFromString("0.0275")}
	ix := Escalation{Index: []decimal.Decimal{decimal.RequireFromString("100"), decimal.RequireFromString("102.5"), decimal.RequireFromString("104.1")}}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, y := newEscalator(e), newEscalator(ix)
			for k := range 3 + 5*g {
				got, err := x.factor((k * 7) % (3 + 5*g))
				want, _ := e.Factor((k * 7) % (3 + 5*g))
				if err != nil || got != want && !(got.Equal(want) && got.Exponent() == want.Exponent()) {
					errs <- fmt.Sprintf("rate year %d: %s, want %s", k, got, want)
				}
				got, err = y.factor(k % 3)
				want, _ = ix.Factor(k % 3)
				if err != nil || !(got.Equal(want) && got.Exponent() == want.Exponent()) {
					errs <- fmt.Sprintf("index year %d: %s, want %s", k, got, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Fatal(s)
	}
}

// TestIndexFactor_SameAsFactor: an index path's factors, kept or not,
// are Factor's, coefficient and exponent, with the same errors, asked
// twice (the second from the memo), for levels of any size and for bases
// that are not positive.
func TestIndexFactor_SameAsFactor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		resetEscalationMemos()
		n := rapid.IntRange(1, 5).Draw(t, "levels")
		e := Escalation{Index: make([]decimal.Decimal, n)}
		for i := range e.Index {
			switch rapid.IntRange(0, 9).Draw(t, fmt.Sprintf("kind%d", i)) {
			case 0: // 19 digits and more: not kept
				e.Index[i] = decimal.New(rapid.Int64Range(1e18, 9e18).Draw(t, fmt.Sprintf("long%d", i)), -16)
			case 1:
				e.Index[i] = decimal.New(rapid.Int64Range(-5, 0).Draw(t, fmt.Sprintf("bad%d", i)), 0)
			default:
				e.Index[i] = decimal.New(rapid.Int64Range(1, 1e9).Draw(t, fmt.Sprintf("level%d", i)), rapid.Int32Range(-8, 2).Draw(t, fmt.Sprintf("exp%d", i)))
			}
		}
		for pass := range 2 {
			for k := -1; k <= n+1; k++ {
				got, err := indexFactor(e, k)
				sameFactor(t, fmt.Sprintf("pass %d, index %v", pass, e.Index), got, err, e, k)
				if k < 0 || k >= n {
					continue
				}
				level, okL := escalationKeyOf(e.Index[k])
				base, okB := escalationKeyOf(e.Index[0])
				if !okL || !okB { // no key: nothing to look for
					continue
				}
				indexMemo.RLock()
				_, kept := indexMemo.m[indexKey{level, base}]
				indexMemo.RUnlock()
				if want := e.Index[0].Sign() > 0; kept != want {
					t.Fatalf("index %v year %d: kept %t, want %t", e.Index, k, kept, want)
				}
			}
		}
		got, err := indexFactor(e, 1001)
		sameFactor(t, "far", got, err, e, 1001)
	})
}

// TestIndexMemo_Full: past the memo's bound index factors are worked
// out and not kept.
func TestIndexMemo_Full(t *testing.T) {
	resetEscalationMemos()
	defer resetEscalationMemos()
	indexMemo.Lock()
	indexMemo.m = make(map[indexKey]decimal.Decimal)
	for i := range indexMemoMax {
		indexMemo.m[indexKey{level: escalationKey{int64(i), 9}}] = decimal.Zero
	}
	indexMemo.Unlock()
	e := Escalation{Index: []decimal.Decimal{decimal.RequireFromString("100"), decimal.RequireFromString("103")}}
	got, err := indexFactor(e, 1)
	sameFactor(t, "full memo", got, err, e, 1)
	indexMemo.RLock()
	n := len(indexMemo.m)
	indexMemo.RUnlock()
	require.Equal(t, indexMemoMax, n)
}
