package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEvents_CSVIsTheJSONsEvents: -show events writes, as CSV, the
// events the JSON document lists, one record each, in order; the table
// writes the section only when the run has events, unless asked for it.
func TestEvents_CSVIsTheJSONsEvents(t *testing.T) {
	const deal = "testdata/capital-stack.json"
	var jsonOut, csvOut, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", "-format", "json", deal}, nil, &jsonOut, &errOut), errOut.String())
	require.Equal(t, exitOK, run([]string{"run", "-format", "csv", "-show", "events", deal}, nil, &csvOut, &errOut), errOut.String())
	var doc struct {
		Events []struct {
			Period                             int
			Date, Tranche, Party, Kind, Detail string
		}
	}
	require.NoError(t, json.Unmarshal(jsonOut.Bytes(), &doc))
	require.NotEmpty(t, doc.Events)
	recs, err := csv.NewReader(&csvOut).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"period", "date", "tranche", "party", "kind", "detail"}, recs[0])
	require.Len(t, recs, len(doc.Events)+1)
	for i, e := range doc.Events {
		require.Equal(t, []string{strconv.Itoa(e.Period), e.Date, e.Tranche, e.Party, e.Kind, e.Detail}, recs[i+1])
	}

	// The quick start has no events: no section by default, "none" when asked.
	var table bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", "testdata/quickstart.json"}, nil, &table, &errOut))
	require.NotContains(t, table.String(), "\nEvents\n")
	table.Reset()
	require.Equal(t, exitOK, run([]string{"run", "-show", "events", "testdata/quickstart.json"}, nil, &table, &errOut))
	require.Contains(t, table.String(), "\nEvents\n  none\n")
}

// TestSources_CSVIsTheJSONsSources: -show sources writes, as CSV, the
// source lines the JSON document lists, one record each, in order. The
// table writes the section only when a source moved cash, unless asked
// for it.
func TestSources_CSVIsTheJSONsSources(t *testing.T) {
	const deal = "testdata/datacenter.json"
	var jsonOut, csvOut, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", "-format", "json", deal}, nil, &jsonOut, &errOut), errOut.String())
	require.Equal(t, exitOK, run([]string{"run", "-format", "csv", "-show", "sources", deal}, nil, &csvOut, &errOut), errOut.String())
	var doc struct {
		Sources []struct {
			Period                int
			Date, Source, In, Out string
		}
	}
	require.NoError(t, json.Unmarshal(jsonOut.Bytes(), &doc))
	require.NotEmpty(t, doc.Sources)
	recs, err := csv.NewReader(&csvOut).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"period", "date", "source", "in", "out"}, recs[0])
	require.Len(t, recs, len(doc.Sources)+1)
	for i, s := range doc.Sources {
		require.Equal(t, []string{strconv.Itoa(s.Period), s.Date, s.Source, s.In, s.Out}, recs[i+1])
	}

	var table bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", deal}, nil, &table, &errOut))
	require.Contains(t, table.String(), "\nSources\n")
	table.Reset()
	require.Equal(t, exitOK, run([]string{"run", "testdata/quickstart.json"}, nil, &table, &errOut))
	require.NotContains(t, table.String(), "\nSources\n")
	table.Reset()
	require.Equal(t, exitOK, run([]string{"run", "-show", "sources", "testdata/quickstart.json"}, nil, &table, &errOut))
	require.Contains(t, table.String(), "\nSources\n  none\n")
}
