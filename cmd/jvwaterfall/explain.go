package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

const explainUsage = `usage: jvwaterfall explain -period N DEAL
       jvwaterfall explain -party ID DEAL

Runs the deal in DEAL (a file, or - for standard input) and explains its
payments line by line, in the order the stack made them:

  -period N  one period (numbered from 0): the cash it had (carried in +
             proceeds - costs = available), then each payment with the
             cash left after it and why the tranche paid what it did, the
             capital contributed, the events, and what was retained
  -party ID  one party: every contribution and payment to or from it,
             period by period, with the same reasons, and its totals

The reason comes from the balance a payment moved. A claim that is paid
down (capital, preferred return, catch-up, hurdle, debt) says what was
owed and whether it was paid in full, or what is still owed and why (the
cash ran out, or the tranche's terms limited it); a split says the share
of the cash left it took and what the party has received from it so far.
Tranches not listed paid nothing in that period.

Exit status: 0 ok, 1 the run failed, 2 invalid deal, 3 usage, 4 the file
could not be read.

Flags:
`

// runExplain is `jvwaterfall explain`.
func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	periodFlag := fs.String("period", "", "explain period `N` (numbered from 0)")
	party := fs.String("party", "", "explain the payments to and from party `ID`")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), explainUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "jvwaterfall explain: want one DEAL file; run jvwaterfall explain -h for help")
		return exitUsage
	}
	if (*periodFlag == "") == (*party == "") {
		fmt.Fprintln(stderr, "jvwaterfall explain: want -period N or -party ID, one of them")
		return exitUsage
	}
	period := -1
	if *periodFlag != "" {
		n, err := strconv.Atoi(*periodFlag)
		if err != nil || n < 0 {
			fmt.Fprintf(stderr, "jvwaterfall explain: -period: %q, want a period number from 0\n", *periodFlag)
			return exitUsage
		}
		period = n
	}
	name := fs.Arg(0)
	src, doc, code := load(name, stdin, stderr)
	if code != exitOK {
		return code
	}
	printWarnings(stderr, displayName(name), src)
	res, err := runDocument(doc)
	if err != nil {
		printErrors(stderr, displayName(name), err)
		return exitRun
	}
	if *party != "" {
		t, ok := res.Party(tranche.PartyID(*party))
		if !ok {
			fmt.Fprintf(stderr, "jvwaterfall explain: -party: no party %q in the deal%s\n", *party, partyHint(res, *party))
			return exitUsage
		}
		err = explainParty(stdout, res, t)
	} else {
		if period >= len(res.Periods) {
			fmt.Fprintf(stderr, "jvwaterfall explain: -period: the deal has periods 0 to %d, not %d\n", len(res.Periods)-1, period)
			return exitUsage
		}
		err = explainPeriod(stdout, res, period)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitIO
	}
	return exitOK
}

// partyHint lists the deal's parties, nearest to id first.
func partyHint(res *waterfall.Result, id string) string {
	var ids []string
	for _, p := range res.Parties() {
		ids = append(ids, string(p.Party))
	}
	if near := nearest(id, ids); near != "" {
		return fmt.Sprintf(": did you mean %q? (parties: %s)", near, strings.Join(ids, ", "))
	}
	return " (parties: " + strings.Join(ids, ", ") + ")"
}

// nearest returns the candidate closest to s by edit distance when it is
// close enough to be a likely typo, or "".
func nearest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// why says why a payment is what it is, from the balance it moved.
func why(p tranche.Payment, cashLeft decimal.Decimal, m func(decimal.Decimal) string) string {
	switch {
	case p.From != "":
		return fmt.Sprintf("a transfer from %s, not the deal's cash (%s)", p.From, p.Kind)
	case p.After.Equal(p.Before.Sub(p.Amount)) && p.After.IsZero():
		return fmt.Sprintf("owed %s: paid in full", m(p.Before))
	case p.After.Equal(p.Before.Sub(p.Amount)) && cashLeft.Sign() <= 0:
		return fmt.Sprintf("owed %s: the cash ran out, %s still owed", m(p.Before), m(p.After))
	case p.After.Equal(p.Before.Sub(p.Amount)):
		return fmt.Sprintf("owed %s: paid what the tranche's terms allow now, %s still owed", m(p.Before), m(p.After))
	case p.After.Equal(p.Before.Add(p.Amount)):
		return fmt.Sprintf("its share of the cash left: %s received from %s so far", m(p.After), p.Tranche)
	}
	return fmt.Sprintf("balance %s before, %s after", m(p.Before), m(p.After))
}

// explainPeriod writes period i's cash account and its payments in order.
func explainPeriod(w io.Writer, res *waterfall.Result, i int) error {
	s := res.Periods[i]
	m := func(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(res.Scale)) }
	fmt.Fprintf(w, "%s (%s), period %d: %s to %s (periods are numbered from 0)\n\n", title(res), res.Currency, i, day(s.Period.Start), day(s.Period.End))
	account := [][]string{{"  carried in", m(s.CarriedIn)}, {"+ proceeds", m(s.Proceeds)}, {"- costs", m(s.Costs)}, {"= available", m(s.Available)}}
	if s.Fees.Sign() != 0 {
		account = append(account, []string{"  fees and expenses called and paid", m(s.Fees)})
	}
	if s.Contributed.Sign() != 0 {
		account = append(account, []string{"  capital contributed", m(s.Contributed)})
	}
	if err := writeColumns(w, account, 1); err != nil {
		return err
	}
	// Fees are called and paid out in the period, beside the stack's
	// payments: the deal's payments add up to Paid + Fees.
	cash := s.Available.Add(s.Fees)
	fmt.Fprintln(w, "\nPaid in priority order:")
	rows := [][]string{{"  #", "tranche", "party", "kind", "amount", "cash left", "why"}}
	for p := range res.Payments.Values() {
		if p.Period != i {
			continue
		}
		if p.From == "" {
			cash = cash.Sub(p.Amount)
		}
		rows = append(rows, []string{fmt.Sprintf("  %d", len(rows)), string(p.Tranche), string(p.Party), p.Kind.String(), m(p.Amount), m(cash), why(p, cash, m)})
	}
	if len(rows) == 1 {
		fmt.Fprintln(w, "  none: no tranche was paid in this period")
	} else if err := writeColumns(w, rows, 4, 5); err != nil {
		return err
	}
	for _, e := range res.Events {
		if e.Period == i {
			fmt.Fprintf(w, "event: %s, %s: %s\n", e.Tranche, e.Kind, e.Detail)
		}
	}
	if s.Held.Sign() != 0 {
		fmt.Fprintf(w, "held back (reserves, cash traps): %s\n", m(s.Held))
	}
	_, err := fmt.Fprintf(w, "\nretained: %s\n", m(s.Retained))
	return err
}

// explainParty writes the party's contributions and payments, period by
// period, with the reason for each payment.
func explainParty(w io.Writer, res *waterfall.Result, t waterfall.PartyTotal) error {
	m := func(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(res.Scale)) }
	fmt.Fprintf(w, "%s (%s): %s, %s (periods are numbered from 0)\n\n", title(res), res.Currency, t.Party, t.Role)
	rows := [][]string{{"period", "date", "tranche", "kind", "in", "out", "why"}}
	c := res.Contributions
	ci := 0
	cash := make([]decimal.Decimal, len(res.Periods)) // cash left after each payment, as explainPeriod counts it
	for i, s := range res.Periods {
		cash[i] = s.Available.Add(s.Fees)
	}
	contributionsBefore := func(period int) {
		for ; ci < c.Len() && c.At(ci).Period < period; ci++ {
			if x := c.At(ci); x.Party == t.Party {
				rows = append(rows, []string{strconv.Itoa(x.Period), day(x.Date), "", "contribution", "", m(x.Amount), "capital put in"})
			}
		}
	}
	for p := range res.Payments.Values() {
		contributionsBefore(p.Period + 1)
		left := decimal.Zero
		if p.Period >= 0 && p.Period < len(cash) {
			if p.From == "" {
				cash[p.Period] = cash[p.Period].Sub(p.Amount)
			}
			left = cash[p.Period]
		}
		switch t.Party {
		case p.Party:
			rows = append(rows, []string{strconv.Itoa(p.Period), day(p.Date), string(p.Tranche), p.Kind.String(), m(p.Amount), "", why(p, left, m)})
		case p.From:
			rows = append(rows, []string{strconv.Itoa(p.Period), day(p.Date), string(p.Tranche), p.Kind.String(), "", m(p.Amount), "paid to " + string(p.Party)})
		}
	}
	contributionsBefore(len(res.Periods) + 1)
	if err := writeColumns(w, rows, 0, 4, 5); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\ncontributed %s, received %s, paid out %s, net %s\n", m(t.Contributed), m(t.Distributed), m(t.PaidOut), m(t.Net()))
	return err
}

// writeColumns writes rows as columns two spaces apart, the columns
// numbered in right aligned (amounts) and the others left aligned, with
// no trailing spaces.
func writeColumns(w io.Writer, rows [][]string, right ...int) error {
	var width []int
	for _, r := range rows {
		for j, c := range r {
			if j >= len(width) {
				width = append(width, 0)
			}
			width[j] = max(width[j], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for j, c := range r {
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
			if j > 0 {
				b.WriteString("  ")
			}
			if slices.Contains(right, j) {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

func title(res *waterfall.Result) string {
	if res.Deal == "" {
		return "deal"
	}
	return res.Deal
}
