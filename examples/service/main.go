// Command service is the library behind HTTP: POST a deal or fund in the
// JSON deal spec (docs/spec.md) to /run and get back the run as JSON —
// every party's summary (totals, multiples, XIRR, payback, first payment),
// the ledger by period and every payment, as report.Document writes it
// (amounts as decimal strings, periods numbered from 0). A spec with
// errors gets 422 and every problem with its JSON path, and its warnings
// (spec.Lint) come back with a good run.
//
//	go run ./examples/service &
//	curl -s --data-binary @cmd/jvwaterfall/templates/european-fund.json 'localhost:8080/run?ledger=yearly'
package main

import (
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

func main() {
	http.HandleFunc("POST /run", handleRun)
	log.Fatal(http.ListenAndServe("localhost:8080", nil))
}

// problem is one error of a request: where (a JSON path in the deal) and
// what.
type problem struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// handleRun runs the deal in the request's body; ?ledger=monthly,
// quarterly or yearly groups the ledger (by period by default).
func handleRun(w http.ResponseWriter, r *http.Request) {
	src, err := io.ReadAll(io.LimitReader(r.Body, spec.MaxSpecBytes+1))
	if err != nil || len(src) > spec.MaxSpecBytes {
		reply(w, http.StatusRequestEntityTooLarge, []problem{{Error: "the deal is too big or could not be read"}})
		return
	}
	agg := report.ByPeriod
	if s := r.URL.Query().Get("ledger"); s != "" {
		if agg, err = report.ParseAggregation(s); err != nil {
			reply(w, http.StatusBadRequest, []problem{{Path: "?ledger", Error: err.Error()}})
			return
		}
	}
	doc, err := spec.Unmarshal(src)
	if err != nil {
		reply(w, http.StatusUnprocessableEntity, problems(err))
		return
	}
	var res *waterfall.Result
	if doc.Fund != nil {
		var fr *fund.Result
		if fr, err = fund.Run(doc.Fund); err == nil {
			res = fr.Result
		}
	} else {
		res, err = waterfall.Run(doc.Deal)
	}
	if err != nil {
		reply(w, http.StatusInternalServerError, problems(err))
		return
	}
	out, err := report.NewDocument(res, agg, nil)
	if err != nil {
		reply(w, http.StatusInternalServerError, problems(err))
		return
	}
	reply(w, http.StatusOK, struct {
		Warnings []spec.Warning   `json:"warnings"`
		Run      *report.Document `json:"run"`
	}{append([]spec.Warning{}, spec.Lint(src)...), out})
}

// problems lists every error of err with its path.
func problems(err error) []problem {
	var out []problem
	for _, e := range contract.Errors(err) {
		p := problem{Error: e.Error()}
		if fe := (*contract.FieldError)(nil); errors.As(e, &fe) {
			p = problem{Path: fe.Path, Error: fe.Err.Error()}
		}
		out = append(out, p)
	}
	return out
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if ps, ok := body.([]problem); ok {
		body = struct {
			Errors []problem `json:"errors"`
		}{ps}
	}
	if err := json.NewEncoder(w).Encode(body); err != nil {
		log.Print(err)
	}
}
