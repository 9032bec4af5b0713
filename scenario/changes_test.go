package scenario_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeChangeList_EveryEntryIsChecked: each entry of "set" is checked
// on its own, each problem at its path: a path that is not a JSON
// Pointer, a missing path, a missing value; an entry that is not an
// object is that one error, not also a missing path and value. The good
// entry after them does not hide them.
func TestDecodeChangeList_EveryEntryIsChecked(t *testing.T) {
	list, err := scenario.DecodeChangeList([]byte(`{"name": "five bad, one good", "set": [
		{"path": "proceeds/0/amount", "value": "1.00"},
		{"value": "2.00"},
		{"path": "/proceeds/0/amount"},
		7,
		{"path": "/proceeds/0/date", "value": "2030-12-31"},
		{"path": "", "value": "1.00"}
	]}`))
	assert.Nil(t, list)
	errs := fieldErrors(t, err)
	assert.Len(t, errs, 5, "%v", err)
	// The empty pointer is the whole deal, which Apply refuses: refused
	// here, with the others.
	assert.ErrorIs(t, errs["set[5].path"], scenario.ErrPointer)
	assert.ErrorIs(t, errs["set[0].path"], scenario.ErrPointer)
	assert.ErrorIs(t, errs["set[1].path"], contract.ErrRequired)
	assert.ErrorIs(t, errs["set[2].value"], contract.ErrRequired)
	assert.ErrorIs(t, errs["set[3]"], scenario.ErrType)
}

// TestDecodeChangeList_Good: a list that is right decodes to its changes,
// each value the JSON text given, and applies.
func TestDecodeChangeList_Good(t *testing.T) {
	list, err := scenario.DecodeChangeList([]byte(`{"name": "later and bigger", "set": [
		{"path": "/proceeds/0/date", "value": "2028-12-31"},
		{"path": "/proceeds/0/amount", "value": "3500000.00"}]}`))
	require.NoError(t, err)
	assert.Equal(t, &scenario.ChangeList{Name: "later and bigger", Set: []scenario.Change{
		{Path: "/proceeds/0/date", Value: `"2028-12-31"`},
		{Path: "/proceeds/0/amount", Value: `"3500000.00"`},
	}}, list)
	doc, err := list.Apply(datacenter(t))
	require.NoError(t, err)
	assert.Equal(t, mustDate("2028-12-31"), doc.Deal.Proceeds[0].Date)
	assert.True(t, dec("3500000").Equal(doc.Deal.Proceeds[0].Amount))
}

// TestDecodeChangeList_Size: a list of MaxDefinitionBytes (4 MiB, padded
// with white space) is read; one byte more is refused with ErrLimit
// before it is parsed.
func TestDecodeChangeList_Size(t *testing.T) {
	const body = `{"name": "padded", "set": [{"path": "/proceeds/0/amount", "value": "3500000.00"}]}`
	src := body + strings.Repeat(" ", scenario.MaxDefinitionBytes-len(body))
	require.Len(t, src, 4<<20)
	list, err := scenario.DecodeChangeList([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, "padded", list.Name)

	list, err = scenario.DecodeChangeList([]byte(src + " "))
	assert.Nil(t, list)
	assert.ErrorIs(t, err, scenario.ErrLimit)
}
