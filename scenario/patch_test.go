package scenario_test

import (
	"errors"
	"os"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(name)
	require.NoError(t, err)
	return src
}

func datacenter(t testing.TB) *scenario.Base {
	t.Helper()
	base, err := scenario.NewBase(readFile(t, "testdata/datacenter.json"))
	require.NoError(t, err)
	return base
}

// fieldErrors returns path → error of every FieldError in err.
func fieldErrors(t *testing.T, err error) map[string]error {
	t.Helper()
	out := map[string]error{}
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		require.True(t, errors.As(e, &fe), "error without a path: %v", e)
		out[fe.Path] = e
	}
	return out
}

func TestBase_Apply(t *testing.T) {
	base := datacenter(t)
	before, err := spec.Marshal(base.Document())
	require.NoError(t, err)

	doc, err := base.Apply(
		scenario.SetDecimal("/proceeds/0/amount", decimal.RequireFromString("2500000.00")),
		scenario.SetDecimal("/stack/tranches/2/rate/annual", decimal.RequireFromString("0.09")),
		scenario.Change{Path: "/costs", Value: `[{"date": "2027-12-31", "amount": "1000.00"}]`},
		scenario.Change{Path: "/costs/-", Value: `{"date": "2028-12-31", "amount": "2000.00"}`},
	)
	require.NoError(t, err)
	require.NotNil(t, doc.Deal)
	assert.Equal(t, "2500000", doc.Deal.Proceeds[0].Amount.String())
	require.Len(t, doc.Deal.Costs, 2)
	assert.Equal(t, "2000", doc.Deal.Costs[1].Amount.String())

	// The base is unchanged.
	after, err := spec.Marshal(base.Document())
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	again, err := base.Apply()
	require.NoError(t, err)
	same, err := spec.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(same))
}

// TestBase_Apply_EachFailureOnItsOwn: a failing change is reported with
// its own path, and the changes after it are still checked against the
// deal (the tool used to wipe the document after the first failure, and
// to accept duplicate keys).
func TestBase_Apply_EachFailureOnItsOwn(t *testing.T) {
	base := datacenter(t)
	_, err := base.Apply(
		scenario.Change{Path: "/stack/nope/rate", Value: `"0.1"`},                                                 // 0: leads nowhere
		scenario.Change{Path: "/proceeds/0", Value: `{"date": "2029-12-31", "amount": "1.00", "amount": "2.00"}`}, // 1: duplicate key
		scenario.Change{Path: "/stack/tranches/2/rate/annual", Value: `0.1`},                                      // 2: a number for a decimal string
		scenario.Change{Path: "/proceeds/0/amount", Value: `"-5.00"`},                                             // 3: valid JSON, invalid deal
		scenario.Change{Path: "/stack/tranches/9", Value: `{}`},                                                   // 4: past the end
		scenario.Change{Path: "proceeds", Value: `[]`},                                                            // 5: not a pointer
		scenario.Change{Path: "/stack/tranches/1/id", Value: `"capital"`},                                         // 6: fine
		scenario.Change{Path: "/name", Value: `"x`},                                                               // 7: not JSON
	)
	require.Error(t, err)
	got := fieldErrors(t, err)
	want := map[string]error{
		"changes[0].path":         scenario.ErrPointer,
		"changes[1].value.amount": scenario.ErrDuplicateKey,
		"changes[2].value":        scenario.ErrType,
		"changes[4].path":         scenario.ErrPointer,
		"changes[5].path":         scenario.ErrPointer,
		"changes[7].value":        scenario.ErrSyntax,
	}
	for path, sentinel := range want {
		e, ok := got[path]
		if assert.True(t, ok, "no error at %s; got %v", path, err) {
			assert.ErrorIs(t, e, sentinel, path)
			assert.ErrorIs(t, e, contract.ErrInvalid, path)
		}
	}
	assert.Len(t, got, len(want), "%v", err)
	assert.NotContains(t, err.Error(), "changes[6]")
	assert.Contains(t, err.Error(), `changes[0].path: /stack/nope/rate: no member "nope" in the object at "/stack"`)

	// With the structural failures gone, the invalid deal is laid at the
	// change that made it, with the deal's own path.
	_, err = base.Apply(
		scenario.Change{Path: "/stack/tranches/1/id", Value: `"capital"`},
		scenario.Change{Path: "/proceeds/0/amount", Value: `"-5.00"`},
	)
	got = fieldErrors(t, err)
	require.Contains(t, got, "changes[1]", "%v", err)
	assert.ErrorIs(t, got["changes[1]"], scenario.ErrDeal)
	assert.ErrorIs(t, got["changes[1]"], contract.ErrNegative)
	assert.Contains(t, err.Error(), "changes[1]: proceeds[0].amount:")
}

func TestSetters(t *testing.T) {
	base := datacenter(t)
	doc, err := base.Apply(
		scenario.SetDate("/proceeds/0/date", mustDate("2028-12-31")),
		scenario.SetString("/name", "renamed"),
		scenario.SetInt("/sources/1/usage/0", 0), // a string there: a type error
	)
	require.Error(t, err)
	assert.ErrorIs(t, fieldErrors(t, err)["changes[2].value"], scenario.ErrType)
	assert.Nil(t, doc.Deal)

	doc, err = base.Apply(scenario.SetDate("/proceeds/0/date", mustDate("2028-12-31")), scenario.SetString("/name", "renamed"))
	require.NoError(t, err)
	assert.Equal(t, "renamed", doc.Deal.Name)
	assert.Equal(t, "2028-12-31", doc.Deal.Proceeds[0].Date.Format("2006-01-02"))
}

func TestNewBase_Strict(t *testing.T) {
	_, err := scenario.NewBase([]byte(`{"name": "a", "name": "b"}`))
	require.Error(t, err)
	assert.ErrorIs(t, err, spec.ErrDuplicateKey)
	var nilBase *scenario.Base
	_, err = nilBase.Apply()
	assert.ErrorIs(t, err, contract.ErrRequired)
}
