package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

func runDoc(doc spec.Document, totals bool) (*waterfall.Result, error) {
	if doc.Fund != nil {
		return fund.Run(doc.Fund)
	}
	return waterfall.RunWith(doc.Deal, waterfall.RunOptions{TotalsOnly: totals})
}

func main() {
	files, _ := filepath.Glob("t/*.json")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		doc, err := spec.Unmarshal(src)
		if err != nil {
			fmt.Println(f, "decode", err)
			continue
		}
		res, err := runDoc(doc, false)
		if err != nil {
			fmt.Println(f, "run", err)
			continue
		}
		out, err := report.NewDocument(res, report.Yearly, nil)
		if err != nil {
			fmt.Println(f, "report", err)
			continue
		}
		j1, err := json.Marshal(out)
		if err != nil {
			fmt.Println(f, "json", err)
			continue
		}
		// round trip
		b, err := spec.Marshal(doc)
		if err != nil {
			fmt.Println(f, "marshal", err)
			continue
		}
		doc2, err := spec.Unmarshal(b)
		if err != nil {
			fmt.Println(f, "re-decode", err)
			continue
		}
		b2, _ := spec.Marshal(doc2)
		if !bytes.Equal(b, b2) {
			fmt.Println(f, "marshal not idempotent")
		}
		res2, err := runDoc(doc2, false)
		if err != nil {
			fmt.Println(f, "run2", err)
			continue
		}
		out2, _ := report.NewDocument(res2, report.Yearly, nil)
		j2, _ := json.Marshal(out2)
		if !bytes.Equal(j1, j2) {
			fmt.Println(f, "ROUNDTRIP RESULT DIFFERS")
		}
		// summaries vs measure
		var d *waterfall.Deal
		if doc.Deal != nil {
			d = doc.Deal
		}
		oc, err := scenario.Measure(res, d, nil)
		if err != nil {
			fmt.Println(f, "measure", err)
		}
		for i, s := range out.Summaries {
			po := oc.Parties[i]
			sj, _ := json.Marshal(s)
			_ = sj
			fmt.Printf("%s %s sum: contrib=%s dist=%s net=%s xirr=%v/%v irr=%v moic/tvpi=%v payback=%v first=%v | measure: %s %s %s %v %v %s %v %v\n",
				f, po.Party, s.Contributed, s.Distributed, s.Net, s.XIRR, s.RateErr, s.IRR, s.TVPI, s.Payback, s.First.Date,
				po.Contributed, po.Distributed, po.Net, po.XIRR, po.IRR, po.MOIC, po.Payback, po.First)
		}
		// totals only run vs full
		res3, err := runDoc(doc, true)
		if err == nil {
			oc3, _ := scenario.Measure(res3, d, nil)
			a, _ := json.Marshal(oc)
			bb, _ := json.Marshal(oc3)
			if !bytes.Equal(a, bb) {
				fmt.Println(f, "TOTALS-ONLY MEASURE DIFFERS", string(a), string(bb))
			}
		}
	}
	// concurrency
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for _, f := range files {
				src, _ := os.ReadFile(f)
				doc, err := spec.Unmarshal(src)
				if err != nil {
					continue
				}
				res, err := runDoc(doc, g%2 == 0)
				if err != nil {
					fmt.Println("conc run", err)
					continue
				}
				if g%2 == 1 {
					out, err := report.NewDocument(res, report.Quarterly, nil)
					if err == nil {
						json.Marshal(out)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("done")
}
