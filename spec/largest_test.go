package spec_test

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// largest runs one of the largest deals (see largestDeal) by itself, for
// measuring it under /usr/bin/time -v (docs/performance.md):
//
//	go test -c -o /tmp/spec.test ./spec
//	/usr/bin/time -v /tmp/spec.test -test.run '^TestLargestDeals$' -largest ledger
var largest = flag.String("largest", "", "run only this largest deal: ledger, contracts, cap_table, fund, nested")

// largestShape is the size of a generated deal.
type largestShape struct {
	parties, periods, proceeds int    // parties paid, monthly periods, periods with proceeds
	loans                      int    // level-payment loans over every period
	series                     int    // preferred series of a cap table
	nested                     int    // depth of a chain of nested deals
	capital                    bool   // return of capital to every investor before the split or the cap table
	fund                       bool   // a European fund's stack instead: capital, pref, catch-up, a hurdle never met, carry
	hurdle                     string // the hurdle's annual rate; "5" (500%) when empty
}

// largestDeal writes a deal of shape s in the spec: s.parties investors
// with a commitment each, called once, and proceeds in the last
// s.proceeds of s.periods monthly periods, paid through a split among
// them all (after return of capital to every investor if s.capital);
// before them s.loans debt tranches, each a level-payment loan over every
// period that is never paid before the proceeds; s.series preferred
// series of a cap table (one holder each) instead of the split when
// s.series > 0; and a chain of s.nested deals, each the first party of the
// one above.
func largestDeal(s largestShape) []byte {
	var b strings.Builder
	dealJSON(&b, s, s.nested)
	return []byte(b.String())
}

func dealJSON(b *strings.Builder, s largestShape, nested int) {
	end := fmt.Sprintf("%04d-%02d-28", 2000+s.periods/12, 1+s.periods%12)
	fmt.Fprintf(b, `{"name":"largest","currency":"USD","scale":2,"parties":[`)
	ids := make([]string, s.parties)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("P%d", i))
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, `{"id":%s,"commitment":"1000.00"`, ids[i])
		if i == 0 && nested > 1 {
			b.WriteString(`,"deal":`)
			dealJSON(b, s, nested-1)
		}
		b.WriteByte('}')
	}
	for i := range s.loans {
		fmt.Fprintf(b, `,{"id":"Bank%d","role":"lender"}`, i)
	}
	if s.fund {
		b.WriteString(`,{"id":"GP","role":"sponsor"}`)
	}
	all := strings.Join(ids, ",")
	fmt.Fprintf(b, `],"schedule":{"start":"2000-01-28","end":%q,"frequency":"monthly"},`, end)
	fmt.Fprintf(b, `"calls":[{"date":"2000-02-28","amount":"%d.00"}],"proceeds":[`, 1000*s.parties)
	for i := range s.proceeds {
		if i > 0 {
			b.WriteByte(',')
		}
		p := s.periods - s.proceeds + i + 1
		fmt.Fprintf(b, `{"date":"%04d-%02d-28","amount":"%d.00"}`, 2000+p/12, 1+p%12, 100*s.parties+1000*s.loans)
	}
	b.WriteString(`],"stack":{"kind":"sequence","tranches":[`)
	for i := range s.loans {
		fmt.Fprintf(b, `{"kind":"debt","id":"loan%d","lender":"Bank%d","loan":{"commitment":"100000.00","draws":[{"date":"2000-02-28","amount":"100000.00"}],`+
			`"rate":{"annual":"0.06","compounding":"monthly"},"amortization":"level-payment"}},`, i, i)
	}
	if s.capital {
		fmt.Fprintf(b, `{"kind":"return_of_capital","id":"capital","parties":[%s]},`, all)
	}
	if s.fund {
		fmt.Fprintf(b, `{"kind":"return_of_capital","id":"capital","parties":[%[1]s]},`+
			`{"kind":"preferred_return","id":"pref","parties":[%[1]s],"rate":{"annual":"0.08","compounding":"annual"}},`+
			`{"kind":"catch_up","id":"catch-up","sponsor":"GP","investors":[%[1]s],"target":"0.2","rate":"1"},`+
			`{"kind":"hurdle","id":"tier","investors":[%[1]s],"rate":{"annual":%[2]q,"compounding":"annual"},`+
			`"shares":[{"parties":[%[1]s],"weight":"0.8"},{"parties":["GP"],"weight":"0.2","promote":true}]},`+
			`{"kind":"split","id":"carry","shares":[{"parties":[%[1]s],"weight":"0.7"},{"parties":["GP"],"weight":"0.3","promote":true}]}]}}`, all, cmp.Or(s.hurdle, "5"))
		return
	}
	if s.series > 0 {
		b.WriteString(`{"kind":"cap_table","id":"exit","preferred":[`)
		for i := range s.series {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, `{"name":"S%d","seniority":%d,"multiple":"1","holders":[{"party":%s,"shares":"1000","invested":"1000.00"}]}`,
				i, i%7, ids[i%len(ids)])
		}
		fmt.Fprintf(b, `],"common":[{"name":"Common","holders":[{"party":%s,"shares":"1000000"}]}]}`, ids[0])
	} else {
		fmt.Fprintf(b, `{"kind":"split","id":"rest","shares":[{"parties":[%s],"weight":"1"}]}`, all)
	}
	b.WriteString(`]}}`)
}

// largestDeals are the largest deals of each kind of work within
// MaxWork, and for each one a little larger.
var largestDeals = []struct {
	name           string
	shape, refused largestShape
}{
	// 6,000 × 999 payments + 6,000 contributions = 6,000,000.
	{"ledger", largestShape{parties: 6000, periods: 999, proceeds: 999}, largestShape{parties: 6000, periods: 1000, proceeds: 1000}},
	// 12 × 5 × 95,000 + 6 × 1,000 payments + 1 contribution = 5,706,001;
	// a sixth loan is past MaxContractPeriods.
	{"contracts", largestShape{parties: 1, periods: 95_000, proceeds: 1000, loans: 5}, largestShape{parties: 1, periods: 95_000, proceeds: 1000, loans: 6}},
	// 12 × 4,600 × 100 + 4,601 × 100 payments + 4,600 contributions = 5,984,700.
	{"cap_table", largestShape{parties: 4600, periods: 100, proceeds: 100, series: 4600}, largestShape{parties: 4600, periods: 100, proceeds: 100, series: 4620}},
	// A hurdle of 500% a year that no period's cash reaches, so that its
	// tier is tried against every investor in every period while the
	// balances grow to e^496: ((100 × 6 + 3) payees + 12 × 100 hurdle
	// investors) × 3,320 periods + 100 contributions = 5,986,060. (Of the
	// hurdle deals at the budget, 30 investors over 11,000 periods at 197%
	// and 10 over 32,000 at 43% took 0.7 s and 0.9 s of CPU, 1,000 over
	// 333 at 500% 1.0 s: this one, 3.6 s, was the slowest.)
	{"fund", largestShape{parties: 100, periods: 3320, proceeds: 3320, fund: true}, largestShape{parties: 100, periods: 3330, proceeds: 3330, fund: true}},
	// 8 deals of 750 × 998 payments + 750 contributions = 5,994,000.
	{"nested", largestShape{parties: 750, periods: 998, proceeds: 998, nested: 8}, largestShape{parties: 750, periods: 1000, proceeds: 1000, nested: 8}},
}

// TestLargestDeals decodes and runs the largest deals within MaxWork, one
// per kind of work (docs/performance.md has their time and memory under
// /usr/bin/time -v), and checks that a deal a little larger is refused
// with ErrLimit. The runs are left out with -short and under the race
// detector.
func TestLargestDeals(t *testing.T) {
	for _, c := range largestDeals {
		if *largest != "" && *largest != c.name {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if *largest == "" {
				_, err := spec.UnmarshalDeal(largestDeal(c.refused))
				if !errors.Is(err, spec.ErrLimit) {
					t.Fatalf("a deal past MaxWork: got %v, want ErrLimit", err)
				}
			}
			src := largestDeal(c.shape)
			d, err := spec.UnmarshalDeal(src)
			if err != nil {
				t.Fatal(err)
			}
			if *largest == "" && (testing.Short() || raceEnabled) {
				return
			}
			res, err := waterfall.RunWith(d, waterfall.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes, %d payments, %d events", len(src), res.Payments.Len(), len(res.Events))
		})
	}
}
