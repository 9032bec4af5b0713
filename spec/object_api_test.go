package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// probe parses src and returns its decoder and the document as an Object
// at path "x", as a kind's Decode receives it; the deal's parties are LP
// and GP, its scale 2, its periods those of fivePeriods.
func probe(t *testing.T, src string) (*decoder, *Object) {
	t.Helper()
	d, root, err := parse([]byte(src))
	require.NoError(t, err)
	d.known = map[tranche.PartyID]bool{"LP": true, "GP": true}
	d.scale = 2
	d.dealPeriods = fivePeriods()
	o := d.object("x", root, 1)
	require.NotNil(t, o)
	return d, o
}

// errorsOf returns the decoder's errors by path.
func errorsOf(t *testing.T, d *decoder) map[string]*contract.FieldError {
	t.Helper()
	out := map[string]*contract.FieldError{}
	if err := d.err(); err != nil {
		for _, fe := range fieldErrors(t, err) {
			out[fe.Path] = fe
		}
	}
	return out
}

// TestObject_readers reads every kind of field through the methods a
// kind of one's own uses, and checks each value against the JSON.
func TestObject_readers(t *testing.T) {
	d, o := probe(t, `{"s": "text", "id": "A1", "b": true, "f": false, "n": 2.00, "m": 7, "dec": "0.08",
		"ds": ["1", "2.5"], "date": "2024-02-29", "p": "LP", "ps": ["LP", "GP"],
		"rate": {"annual": "0.08", "compounding": "annual"},
		"t": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]},
		"ts": [{"kind": "return_of_capital", "id": "c2", "parties": ["GP"]}, {"kind": "return_of_capital", "id": "c3", "parties": ["LP"]}],
		"sub": {"a": "x"}, "each": [{"v": "1"}, {"v": "2"}]}`)
	require.Equal(t, "x", o.Path())
	require.True(t, o.Has("s"))
	require.False(t, o.Has("zz"))
	require.Equal(t, "text", o.String("s"))
	require.Equal(t, "A1", o.ID("id"))
	require.True(t, o.Bool("b"))
	require.False(t, o.Bool("f"))
	require.False(t, o.Bool("absent"), "an absent bool is false")
	require.Equal(t, int64(2), o.Int("n", 0, 2), `"2.00" is the whole number 2, the top of the range`)
	require.Equal(t, int64(7), o.Int("m", 7, 9), "the bottom of the range")
	require.True(t, o.Decimal("dec").Equal(dec("0.08")))
	ds := o.Decimals("ds")
	require.Len(t, ds, 2)
	require.True(t, ds[0].Equal(dec("1")) && ds[1].Equal(dec("2.5")), "%v", ds)
	require.Equal(t, contract.Date(2024, 2, 29), o.Date("date"))
	require.Equal(t, tranche.PartyID("LP"), o.Party("p"))
	require.Equal(t, ids("LP", "GP"), o.Parties("ps"))
	r := o.Rate("rate")
	require.True(t, r.Annual.Equal(dec("0.08")))
	require.Equal(t, "annual", r.Compounding.String())
	require.Equal(t, contract.ACT365F, r.DayCount, "day_count left out is ACT/365F")
	tr := o.Tranche("t")
	require.NotNil(t, tr)
	require.Equal(t, tranche.TrancheID("c"), tr.ID())
	ts := o.Tranches("ts")
	require.Len(t, ts, 2)
	require.Equal(t, tranche.TrancheID("c2"), ts[0].ID())
	require.Equal(t, tranche.TrancheID("c3"), ts[1].ID())
	sub := o.Object("sub")
	require.Equal(t, "x.sub", sub.Path())
	require.Equal(t, "x", sub.String("a"))
	var vs []string
	o.Each("each", func(eo *Object) { vs = append(vs, eo.Path()+"="+eo.Decimal("v").String()) })
	require.Equal(t, []string{"x.each[0]=1", "x.each[1]=2"}, vs)
	require.Equal(t, int32(2), o.Scale())
	ps := o.Periods()
	require.Equal(t, fivePeriods(), ps)
	ps[0].End = time.Time{}
	require.Equal(t, fivePeriods(), o.Periods(), "Periods returns a copy")
	o.done()
	require.NoError(t, d.err())
}

// TestObject_nil: a nil Object, or one not made by the decoder, reads
// nothing and records nothing.
func TestObject_nil(t *testing.T) {
	for name, o := range map[string]*Object{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, "", o.Path())
			require.False(t, o.Has("a"))
			require.Equal(t, "", o.String("a"))
			require.Equal(t, "", o.ID("a"))
			require.False(t, o.Bool("a"))
			require.Zero(t, o.Int("a", 0, 9))
			require.True(t, o.Decimal("a").IsZero())
			require.Nil(t, o.Decimals("a"))
			require.True(t, o.Date("a").IsZero())
			require.Equal(t, tranche.PartyID(""), o.Party("a"))
			require.Nil(t, o.Parties("a"))
			require.Equal(t, contract.Rate{}, o.Rate("a"))
			require.Nil(t, o.Tranche("a"))
			require.Nil(t, o.Tranches("a"))
			require.Nil(t, o.Object("a"))
			called := false
			o.Each("a", func(*Object) { called = true })
			require.False(t, called)
			require.Zero(t, o.Scale())
			require.Nil(t, o.Periods())
			o.Fail("a", contract.ErrInvalid)
		})
	}
}

// TestObject_errors: each reader's refusals, with the path and the
// sentinel of the error, and the zero value returned.
func TestObject_errors(t *testing.T) {
	d, o := probe(t, `{"empty": [], "ds": ["1", "x", 2], "n": 3, "w": 2.5, "date": "2025-13-01", "date2": "2025-12-31T00:00:00Z",
		"sub": {"a": "x", "zz": 1}, "p": "GP2", "arr3": [1, 2, 3], "arr4": [1, 2, 3, 4], "noun": 1}`)
	o.Each("empty", func(*Object) { t.Error("called on an empty array") })
	ds := o.Decimals("ds")
	require.Len(t, ds, 3)
	require.True(t, ds[0].Equal(dec("1")))
	require.True(t, ds[1].IsZero() && ds[2].IsZero())
	require.Zero(t, o.Int("n", 0, 2))
	require.Zero(t, o.Int("w", 0, 9))
	require.True(t, o.Date("date").IsZero())
	require.True(t, o.Date("date2").IsZero())
	require.Equal(t, "x", o.Object("sub").String("a"))
	require.Equal(t, tranche.PartyID("GP2"), o.Party("p"))
	elems, _ := o.array("arr3", true, 3, "MaxThree")
	require.Len(t, elems, 3, "an array of the most entries")
	elems, _ = o.array("arr4", true, 3, "MaxThree")
	require.Nil(t, elems)
	o.Fail("noun", fmt.Errorf("a noun: %w", contract.ErrNegative))
	o.Fail("", fmt.Errorf("the object: %w", contract.ErrOrder))
	o.done()

	want := map[string]error{
		"x.empty":  contract.ErrRequired,
		"x.ds[1]":  contract.ErrInvalid,
		"x.ds[2]":  ErrType,
		"x.n":      contract.ErrRange,
		"x.w":      contract.ErrRange,
		"x.date":   contract.ErrInvalid,
		"x.date2":  contract.ErrInvalid,
		"x.sub.zz": ErrUnknownField,
		"x.p":      tranche.ErrUnknownParty,
		"x.arr4":   ErrLimit,
		"x.noun":   contract.ErrNegative,
		"x":        contract.ErrOrder,
	}
	got := errorsOf(t, d)
	require.Len(t, got, len(want), "%v", d.err())
	for path, sentinel := range want {
		require.Contains(t, got, path)
		require.ErrorIs(t, got[path], sentinel, path)
	}
	require.NotErrorIs(t, got["x.date"], contract.ErrRange, "a date that is no date is not out of range")
	require.ErrorContains(t, got["x.p"], `(did you mean "GP"?)`)
}

// TestObject_misspelt: a field that is missing beside an unknown one
// whose name is close to it is one mistake, reported once at the missing
// field, naming the misspelt one; another missing field keeps its own
// error.
func TestObject_misspelt(t *testing.T) {
	d, o := probe(t, `{"bta": "1"}`)
	o.String("alpha")
	o.String("beta")
	o.done()
	got := errorsOf(t, d)
	require.Len(t, got, 2, "%v", d.err())
	require.ErrorIs(t, got["x.alpha"], contract.ErrRequired)
	require.NotContains(t, got["x.alpha"].Error(), "bta")
	require.ErrorIs(t, got["x.beta"], contract.ErrRequired)
	require.ErrorContains(t, got["x.beta"], `"bta" is not a field (did you mean "beta"?)`)
}

// TestObject_misspeltOtherError: the missing field's error is the one
// rewritten, not an earlier error of another field.
func TestObject_misspeltOtherError(t *testing.T) {
	d, o := probe(t, `{"n": 5, "bta": "1"}`)
	o.Int("n", 0, 2)
	o.String("beta")
	o.done()
	got := errorsOf(t, d)
	require.Len(t, got, 2, "%v", d.err())
	require.ErrorIs(t, got["x.n"], contract.ErrRange)
	require.NotContains(t, got["x.n"].Error(), "bta")
	require.ErrorContains(t, got["x.beta"], `"bta"`)
}

// TestObject_askedKeys: the did-you-mean of an unknown field considers
// the first 64 keys a kind reads. The 65th, missing beside a misspelling
// of it, is reported as two errors.
func TestObject_askedKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"targt": "1"`)
	for i := range 64 {
		fmt.Fprintf(&b, `, "k%02d": "v"`, i)
	}
	b.WriteString("}")
	d, o := probe(t, b.String())
	for i := range 64 {
		require.Equal(t, "v", o.String(fmt.Sprintf("k%02d", i)))
	}
	o.String("target")
	o.done()
	got := errorsOf(t, d)
	require.Len(t, got, 2, "%v", d.err())
	require.ErrorIs(t, got["x.target"], contract.ErrRequired)
	require.ErrorIs(t, got["x.targt"], ErrUnknownField)
}

// TestShaped: the form of a date, NNNN-NN-NN, which tells "2017-09-31"
// (a day the month lacks) from text that is no date at all.
func TestShaped(t *testing.T) {
	for s, want := range map[string]bool{
		"2017-09-31": true, "2099-09-09": true, "0000-00-00": true,
		"2017-9-31": false, "2017-09-3": false, "2017-09-310": false, "2017/09/31": false, "2017-09/31": false,
		"20170-9-31": false, "a017-09-31": false, "2017-0a-31": false, "2017-09-3:": false, "2017-09-3/": false,
		"": false,
	} {
		require.Equal(t, want, shaped(s), "%q", s)
	}
}

// TestDecoder_date: a date of the right form but no calendar day, and
// text that is no date, are both ErrInvalid, with different accounts.
func TestDecoder_date(t *testing.T) {
	d, o := probe(t, `{"a": "2017-09-31", "b": "2017-9-30"}`)
	o.Date("a")
	o.Date("b")
	got := errorsOf(t, d)
	require.ErrorIs(t, got["x.a"], contract.ErrInvalid)
	require.ErrorContains(t, got["x.a"], "not a calendar date")
	require.ErrorIs(t, got["x.b"], contract.ErrInvalid)
	require.ErrorContains(t, got["x.b"], "want a date YYYY-MM-DD")
	require.False(t, errors.Is(got["x.b"], contract.ErrRange))
}
