package spec_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/spec"
)

// A deal may be small as a document and still imply a lot of work: here
// 3,000 parties, each paid by one split in every one of 2,001 monthly
// periods with proceeds, about 6 million ledger lines from 200 KB. The
// decoder adds up that work before anything runs and refuses the deal
// past MaxWork.
func ExampleMaxWork() {
	var b strings.Builder
	b.WriteString(`{"currency":"USD","scale":2,"parties":[`)
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf(`"P%d"`, i)
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%s,"commitment":"1.00"}`, ids[i])
	}
	b.WriteString(`],"schedule":{"start":"2000-01-31","end":"2166-10-31","frequency":"monthly","end_of_month":true},"proceeds":[`)
	for i := range 2001 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"date":"%04d-%02d-28","amount":"3000.00"}`, 2000+(i+1)/12, 1+(i+1)%12)
	}
	fmt.Fprintf(&b, `],"stack":{"kind":"split","id":"all","shares":[{"parties":[%s],"weight":"1"}]}}`, strings.Join(ids, ","))

	_, err := spec.UnmarshalDeal([]byte(b.String()))
	fmt.Println(errors.Is(err, spec.ErrLimit))
	fmt.Println(err)
	// Output:
	// true
	// stack: the deal implies 6003000 units of work (6003000 ledger lines + 12 × 0 contract periods + 12 × 0 cap-table series × exits + 12 × 0 hurdle investors × periods + 0 hurdle scan parties / 32), more than 6000000 (MaxWork): beyond a limit of the spec
}
