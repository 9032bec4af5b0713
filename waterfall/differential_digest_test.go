package waterfall_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// digest writes what a run gives, as text: with ledger, every payment and
// contribution; always, each period's cash account, each party's totals,
// dated flows, XIRR and MOIC, the events, holdings and fee lines, and the
// same for every nested run. Amounts are written by value (1.50 and 1.5
// are the same), so the text compares runs cent for cent.
func digest(res *waterfall.Result, ledger bool) string {
	var b strings.Builder
	writeDigest(&b, res, ledger, "")
	return b.String()
}

func writeDigest(b *strings.Builder, res *waterfall.Result, ledger bool, indent string) {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	fmt.Fprintf(b, "%sdeal %q %s %d retained %s\n", indent, res.Deal, res.Currency, res.Scale, res.Retained())
	for _, s := range res.Periods {
		fmt.Fprintf(b, "%speriod %d %s in %s proceeds %s costs %s avail %s paid %s retained %s contributed %s fees %s held %s\n", indent,
			s.Period.Index, day(s.Period.End), s.CarriedIn, s.Proceeds, s.Costs, s.Available, s.Paid, s.Retained, s.Contributed, s.Fees, s.Held)
		for l := range s.Sources.Values() {
			fmt.Fprintf(b, "%s  source %q in %s out %s\n", indent, l.Source, l.In, l.Out)
		}
	}
	for _, p := range res.Parties() {
		fmt.Fprintf(b, "%sparty %s %q %s contributed %s distributed %s paid-out %s net %s by-kind", indent,
			p.Party, p.Name, p.Role, p.Contributed, p.Distributed, p.PaidOut, p.Net())
		for k, a := range p.ByKind {
			if !a.IsZero() {
				fmt.Fprintf(b, " %s=%s", tranche.Kind(k), a)
			}
		}
		b.WriteString("\n")
		for _, f := range res.Flows(p.Party) {
			fmt.Fprintf(b, "%s  flow %s %s\n", indent, day(f.Date), f.Amount)
		}
		x, err := res.XIRR(p.Party)
		m, merr := res.MOIC(p.Party)
		fmt.Fprintf(b, "%s  xirr %v %s moic %s %v\n", indent, x, xirrError(err), m, merr)
	}
	for _, e := range res.Events {
		fmt.Fprintf(b, "%sevent %d %s %s %s %s %q\n", indent, e.Period, day(e.Date), e.Tranche, e.Party, e.Kind, e.Detail)
	}
	for _, h := range res.Holdings {
		fmt.Fprintf(b, "%sholding %d %s %s %s %s\n", indent, h.Period, day(h.Date), h.Tranche, h.Amount, h.Target)
	}
	for _, f := range res.Fees {
		fmt.Fprintf(b, "%sfee %d %s basis %s gross %s offset %s net %s credit %s\n", indent, f.Period, day(f.Date), f.Basis, f.Gross, f.Offset, f.Net, f.CreditIn)
	}
	if ledger {
		for _, c := range res.Contributions.All() {
			fmt.Fprintf(b, "%scontribution %d %s %s %s\n", indent, c.Period, day(c.Date), c.Party, c.Amount)
		}
		for _, p := range res.Payments.All() {
			fmt.Fprintf(b, "%spayment %d %s %s %s %s %s before %s after %s from %q\n", indent,
				p.Period, day(p.Date), p.Tranche, p.Party, p.Kind, p.Amount, p.Before, p.After, p.From)
		}
	}
	ids := make([]tranche.PartyID, 0, len(res.Nested))
	for id := range res.Nested {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintf(b, "%snested %s\n", indent, id)
		writeDigest(b, res.Nested[id], ledger, indent+"  ")
	}
}

// xirrError names an XIRR error by its sentinel, so that the digest does
// not hang on the wording of metrics' messages (the flows, in the digest,
// say which roots there are).
func xirrError(err error) string {
	switch {
	case err == nil:
		return "<nil>"
	case errors.Is(err, metrics.ErrMultipleRoots):
		return "multiple roots"
	case errors.Is(err, metrics.ErrNoRoot):
		return "no root"
	}
	return err.Error()
}

// digestLine is a deal's line of testdata/differential.golden: the hash of
// its digest with the ledger and of its digest without, or the error.
func digestLine(i int, res *waterfall.Result, err error) string {
	if err != nil {
		return fmt.Sprintf("%d error %q", i, err)
	}
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:12]) }
	return fmt.Sprintf("%d %s %s", i, h(digest(res, true)), h(digest(res, false)))
}

// TestDifferential runs 3,000 random deals (genDiffDeal) with the ledger
// and with totals only, and checks each against the digests recorded in
// testdata/differential.golden from the engine as it was before the
// compact ledger: the same cents, events, flows and metrics, and the same
// ledger, or the same error. The totals-only run must give the digest
// without the ledger of the full run.
//
// The digests of the 1,000 deals whose loans draw were recorded again
// when a lender's draws became its contributions (issue 13): with the
// draws not booked, all 3,000 digests matched the old file, and with
// them exactly the deals with a draw changed. The 227 deals whose fee
// base went below zero once return of capital gave back fee calls (an
// error then, see TestFees_ReturnedFeeCalls) were recorded again after
// the fix (115 of them again once merged with the lenders' draws and the
// rounding rules, which they meet too), and the 621 that the rounding
// rules of issue 13 changed were checked by TestDifferential_EuropeanFundsOracle
// and the property tests. The 68 deals whose hurdle tiers (three or more
// shares, or classes of unequal commitments) now pay the true least
// amount were recorded again: each of their 315 tier amounts was checked,
// with a largest-remainder split in exact rationals written apart from the
// engine, to pay every investor while no amount from the bound of
// docs/methods.md up to it does (167 of the old amounts failed that, by up
// to 37 cents).
func TestDifferential(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "differential.golden"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	require.Len(t, lines, diffDeals)
	n := diffDeals
	if testing.Short() {
		n = 300
	}
	for i := range n {
		d := genDiffDeal(t, i)
		res, err := waterfall.Run(d)
		if got := digestLine(i, res, err); got != lines[i] {
			t.Errorf("deal %d with the ledger:\n got %s\nwant %s", i, got, lines[i])
			continue
		}
		tot, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: true})
		if err != nil {
			if got := digestLine(i, nil, err); got != lines[i] {
				t.Errorf("deal %d with totals only:\n got %s\nwant %s", i, got, lines[i])
			}
			continue
		}
		require.True(t, tot.TotalsOnly)
		require.Zero(t, tot.Payments.Len(), "deal %d: a totals-only run has no ledger", i)
		if got, want := digest(tot, false), digest(res, false); got != want {
			t.Errorf("deal %d: totals only differ from the full run:\n%s", i, lineDiff(want, got))
		}
		if got, want := exactTotals(tot), exactTotals(res); got != want {
			t.Errorf("deal %d: totals only differ from the full run in value or exponent:\n%s", i, lineDiff(want, got))
		}
	}
}

// lineDiff shows the first lines where two digests differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %s\n got %s", i+1, a, b)
		}
	}
	return ""
}
