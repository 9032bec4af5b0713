package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBase_Apply_PointerEscapes: in a JSON Pointer (RFC 6901) "~1" is "/"
// and "~0" is "~", "~01" being "~1" (the "~1" is read before the "~0"
// would make one), anywhere in a token; a "~" followed by anything else,
// or by nothing, is not a pointer. The data-center deal has no key with
// "/" or "~", so an escaped token names no member: the error shows the
// key as unescaped, which is what the escape was read as.
func TestBase_Apply_PointerEscapes(t *testing.T) {
	base := datacenter(t)
	for ptr, want := range map[string]string{
		"/stack/a~1b/x":  `no member "a/b" in the object at "/stack"`,
		"/stack/a~0b/x":  `no member "a~b" in the object at "/stack"`,
		"/stack/a~01/x":  `no member "a~1" in the object at "/stack"`,
		"/stack/~0a/x":   `no member "~a" in the object at "/stack"`,
		"/stack/~1/x":    `no member "/" in the object at "/stack"`,
		"/~1~0/x":        `no member "/~" in the object at ""`,
		"/stack/a~":      `"~" must be followed by 0 or 1`,
		"/stack/~":       `"~" must be followed by 0 or 1`,
		"/stack/~2/x":    `"~" must be followed by 0 or 1`,
		"/stack/a~b":     `"~" must be followed by 0 or 1`,
		"/stack/~0~/x":   `"~" must be followed by 0 or 1`,
		"/stack/ok/x~":   `"~" must be followed by 0 or 1`,
		"/stack/~1~2/x":  `"~" must be followed by 0 or 1`,
		"/stack/a~0~1~b": `"~" must be followed by 0 or 1`,
	} {
		_, err := base.Apply(scenario.Change{Path: ptr, Value: `"x"`})
		e := requireErrorAt(t, err, "changes[0].path", scenario.ErrPointer)
		assert.Contains(t, e.Error(), want, ptr)
		assert.Len(t, contract.Errors(err), 1, "%v", err)
	}
}

// TestBase_Apply_ArrayIndices: an array index is digits with no leading
// zero, of an element that exists (RFC 6901; "-" only as the last token,
// to append). Anything else is refused at the change's path, naming the
// token and the array's length.
func TestBase_Apply_ArrayIndices(t *testing.T) {
	base := datacenter(t)
	// proceeds has one element.
	for _, tok := range []string{"1", "2", "", "00", "01", "-1", "+0", "a", ".", "~1", " 0", "0 ", "-", "1000000000"} {
		ptr := "/proceeds/" + strings.ReplaceAll(tok, "/", "~1") + "/amount"
		_, err := base.Apply(scenario.Change{Path: ptr, Value: `"1.00"`})
		e := requireErrorAt(t, err, "changes[0].path", scenario.ErrPointer)
		want := tok
		if tok == "~1" {
			want = "/"
		}
		assert.Contains(t, e.Error(), fmt.Sprintf("no element %q in the array of 1 at \"/proceeds\"", want), ptr)
	}
	doc, err := base.Apply(scenario.Change{Path: "/proceeds/0/amount", Value: `"1.00"`})
	require.NoError(t, err)
	assert.Equal(t, "1", doc.Deal.Proceeds[0].Amount.String())

	// Indices of two digits, and a 9 in the last place: an array of
	// eleven costs (1.00 to 11.00), then the 10th and 11th set.
	var costs []string
	for i := 1; i <= 11; i++ {
		costs = append(costs, fmt.Sprintf(`{"date": "2027-12-31", "amount": "%d.00"}`, i))
	}
	doc, err = base.Apply(
		scenario.Change{Path: "/costs", Value: "[" + strings.Join(costs, ", ") + "]"},
		scenario.Change{Path: "/costs/9/amount", Value: `"900.00"`},
		scenario.Change{Path: "/costs/10/amount", Value: `"1000.00"`},
	)
	require.NoError(t, err)
	require.Len(t, doc.Deal.Costs, 11)
	for i, c := range doc.Deal.Costs {
		want := fmt.Sprint(i + 1)
		switch i {
		case 9:
			want = "900"
		case 10:
			want = "1000"
		}
		assert.Equal(t, want, c.Amount.String(), "costs[%d]", i)
	}
	_, err = base.Apply(
		scenario.Change{Path: "/costs", Value: "[" + strings.Join(costs, ", ") + "]"},
		scenario.Change{Path: "/costs/11/amount", Value: `"1.00"`},
	)
	e := requireErrorAt(t, err, "changes[1].path", scenario.ErrPointer)
	assert.Contains(t, e.Error(), `no element "11" in the array of 11 at "/costs"`)
}

// TestBase_Apply_FillsEmptyContainers: a member added to an empty object,
// and an element appended to an empty array, are the object's and the
// array's only ones; later appends follow in order.
func TestBase_Apply_FillsEmptyContainers(t *testing.T) {
	base := datacenter(t)
	doc, err := base.Apply(
		scenario.Change{Path: "/proceeds/0", Value: `{}`},
		scenario.Change{Path: "/proceeds/0/date", Value: `"2028-12-31"`},
		scenario.Change{Path: "/proceeds/0/amount", Value: `"2500000.00"`},
		scenario.Change{Path: "/costs", Value: `[]`},
		scenario.Change{Path: "/costs/-", Value: `{"date": "2026-12-31", "amount": "10.00"}`},
		scenario.Change{Path: "/costs/-", Value: `{"date": "2027-12-31", "amount": "20.00"}`},
	)
	require.NoError(t, err)
	require.Len(t, doc.Deal.Proceeds, 1)
	assert.Equal(t, "2028-12-31", doc.Deal.Proceeds[0].Date.Format("2006-01-02"))
	assert.Equal(t, "2500000", doc.Deal.Proceeds[0].Amount.String())
	require.Len(t, doc.Deal.Costs, 2)
	assert.Equal(t, "2026-12-31", doc.Deal.Costs[0].Date.Format("2006-01-02"))
	assert.Equal(t, "10", doc.Deal.Costs[0].Amount.String())
	assert.Equal(t, "2027-12-31", doc.Deal.Costs[1].Date.Format("2006-01-02"))
	assert.Equal(t, "20", doc.Deal.Costs[1].Amount.String())
}

// TestBase_Apply_DealErrorAtTheChangeThatHoldsIt: a problem of the
// changed deal is laid at the change whose place is the problem's place
// or holds it: a member of an object set whole ('.'), an element of an
// array set whole ('['), an element appended (the place is the new
// element, not the one after it).
func TestBase_Apply_DealErrorAtTheChangeThatHoldsIt(t *testing.T) {
	base := datacenter(t)
	for _, tc := range []struct {
		name     string
		changes  []scenario.Change
		at, path string // the change blamed, and the deal's path in its message
	}{
		{"a member of an object set whole", []scenario.Change{
			{Path: "/proceeds/0", Value: `{"date": "2029-12-31", "amount": "-1.00"}`},
		}, "changes[0]", "proceeds[0].amount"},
		{"an element of an array set whole", []scenario.Change{
			{Path: "/name", Value: `"renamed"`},
			{Path: "/costs", Value: `[{"date": "2027-12-31", "amount": "-1.00"}]`},
		}, "changes[1]", "costs[0].amount"},
		{"an element appended", []scenario.Change{
			{Path: "/costs", Value: `[{"date": "2027-12-31", "amount": "1.00"}]`},
			{Path: "/costs/-", Value: `{"date": "2028-12-31", "amount": "-2.00"}`},
		}, "changes[1]", "costs[1].amount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := base.Apply(tc.changes...)
			require.Error(t, err)
			got := fieldErrors(t, err)
			require.Len(t, got, 1, "%v", err)
			e := requireErrorAt(t, err, tc.at, scenario.ErrDeal)
			assert.ErrorIs(t, e, contract.ErrNegative)
			assert.Contains(t, e.Error(), tc.at+": "+tc.path+":")
		})
	}
}

// TestNewPlan_ArrayIndexPastTheEnd: a term's path is looked up in the
// deal before it is tried: an index one past the last element (proceeds
// has one, the stack four) leads nowhere, at the term's path; "-"
// appends, and is taken.
func TestNewPlan_ArrayIndexPastTheEnd(t *testing.T) {
	base := datacenter(t)
	for _, path := range []string{"/proceeds/1/amount", "/proceeds/1", "/stack/tranches/4/rate/annual"} {
		def, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "x", "path": "` + path + `", "values": ["1.00"]}]}`))
		require.NoError(t, err)
		_, err = scenario.NewPlan(base, def)
		e := requireErrorAt(t, err, "terms[0].path", scenario.ErrPointer)
		assert.Contains(t, e.Error(), "no element", path)
	}
	def, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "x", "path": "/proceeds/-", "values": [{"date": "2028-12-31", "amount": "1.00"}]}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(base, def)
	require.NoError(t, err)
	doc, _, err := p.Document(0)
	require.NoError(t, err)
	require.Len(t, doc.Deal.Proceeds, 2)
	assert.Equal(t, "1", doc.Deal.Proceeds[1].Amount.String())
}
