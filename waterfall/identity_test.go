package waterfall_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The identities below are checked from outside the engine: every
// expected figure is summed by the test from the deal it built (its
// contributions, calls, proceeds, costs and its own source's cash), never
// from the engine's summaries, so that a wrong sign or a dropped term in
// the engine cannot cancel out of both sides.

// fixedSource is a Source whose cash the test chose, period by period.
type fixedSource struct {
	name    string
	in, out []decimal.Decimal
}

func (s fixedSource) Name() string { return s.name }

func (s fixedSource) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	out := make([]waterfall.SourceCash, len(periods))
	for i := range out {
		out[i] = waterfall.SourceCash{In: s.in[i], Out: s.out[i]}
	}
	return out, nil
}

// escrowTransfer moves up to Amount each period to the escrow party From
// the sponsor: a payment a party makes to another, which its flows must
// show as money out.
type escrowTransfer struct {
	amount decimal.Decimal
}

func (e escrowTransfer) ID() tranche.TrancheID { return "escrow" }

func (e escrowTransfer) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: e.amount}, nil
}

func (e escrowTransfer) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	x := decimal.Min(avail, e.amount)
	if x.IsZero() {
		return x, nil
	}
	return x, b.Post(tranche.Payment{Tranche: "escrow", Party: "E", From: "GP", Kind: tranche.KindEscrow, Amount: x, Before: e.amount, After: e.amount.Sub(x)})
}

// identityDeal is a random deal and the test's own sums of its inputs.
type identityDeal struct {
	deal *waterfall.Deal
	// per period, summed by the test from the inputs
	proceeds, costs, contributed []decimal.Decimal
}

// money draws an amount in whole cents, sometimes written without cents
// (scale 0: "12", which must count the same as "12.00"), sometimes an
// odd number of cents.
func money(t *rapid.T, label string, maxUnits int64) decimal.Decimal {
	c := rapid.Int64Range(1, maxUnits*100).Draw(t, label)
	if rapid.IntRange(0, 3).Draw(t, label+" whole") == 0 {
		return decimal.New(c/100+1, 0)
	}
	return decimal.New(c, -2)
}

// dateIn draws a date inside period p: after its start, up to its end.
func dateIn(t *rapid.T, label string, p contract.Period) time.Time {
	days := int(p.End.Sub(p.Start).Hours() / 24)
	return p.Start.AddDate(0, 0, rapid.IntRange(1, days).Draw(t, label))
}

func drawIdentityDeal(t *rapid.T) identityDeal {
	start := contract.Date(2021, 3, 31)
	np := rapid.IntRange(1, 6).Draw(t, "periods")
	ends := make([]time.Time, np)
	at := start
	for i := range ends {
		at = at.AddDate(0, 0, rapid.IntRange(1, 400).Draw(t, "days"))
		ends[i] = at
	}
	periods, err := contract.Explicit(start, ends...)
	if err != nil {
		t.Fatal(err)
	}
	id := identityDeal{
		proceeds: zeros(np), costs: zeros(np), contributed: zeros(np),
	}
	investors := []tranche.PartyID{"LP1", "LP2", "GP"}
	parties := []waterfall.Party{
		{ID: "LP1", Commitment: decimal.NewFromInt(rapid.Int64Range(1, 1_000_000).Draw(t, "LP1 commitment"))},
		{ID: "LP2", Commitment: decimal.NewFromInt(rapid.Int64Range(0, 1_000_000).Draw(t, "LP2 commitment"))},
		{ID: "GP", Role: waterfall.RoleSponsor, Commitment: decimal.NewFromInt(rapid.Int64Range(0, 50_000).Draw(t, "GP commitment"))},
		{ID: "E", Role: waterfall.RoleOther},
	}
	d := &waterfall.Deal{Name: "identities", Currency: "USD", Scale: 2, Parties: parties, Periods: periods}
	for range rapid.IntRange(0, 4).Draw(t, "contributions") {
		i := rapid.IntRange(0, np-1).Draw(t, "contribution period")
		c := waterfall.Contribution{Date: dateIn(t, "contribution date", periods[i]), Party: rapid.SampledFrom(investors).Draw(t, "party"),
			Amount: money(t, "contribution", 500_000)}
		d.Contributions = append(d.Contributions, c)
		id.contributed[i] = id.contributed[i].Add(c.Amount)
	}
	for range rapid.IntRange(0, 3).Draw(t, "calls") {
		i := rapid.IntRange(0, np-1).Draw(t, "call period")
		c := waterfall.Call{Date: dateIn(t, "call date", periods[i]), Amount: money(t, "call", 500_000)}
		d.Calls = append(d.Calls, c)
		id.contributed[i] = id.contributed[i].Add(c.Amount)
	}
	for range rapid.IntRange(0, 5).Draw(t, "proceeds") {
		i := rapid.IntRange(0, np-1).Draw(t, "proceeds period")
		f := contract.Flow{Date: dateIn(t, "proceeds date", periods[i]), Amount: money(t, "proceeds", 800_000)}
		d.Proceeds = append(d.Proceeds, f)
		id.proceeds[i] = id.proceeds[i].Add(f.Amount)
	}
	for range rapid.IntRange(0, 3).Draw(t, "costs") {
		i := rapid.IntRange(0, np-1).Draw(t, "costs period")
		f := contract.Flow{Date: dateIn(t, "costs date", periods[i]), Amount: money(t, "cost", 100_000)}
		d.Costs = append(d.Costs, f)
		id.costs[i] = id.costs[i].Add(f.Amount)
	}
	src := fixedSource{name: "contract", in: zeros(np), out: zeros(np)}
	for i := range np {
		if rapid.Bool().Draw(t, "source in") {
			src.in[i] = money(t, "source in", 200_000)
		}
		if rapid.Bool().Draw(t, "source out") {
			src.out[i] = money(t, "source out", 50_000)
		}
		id.proceeds[i] = id.proceeds[i].Add(src.in[i])
		id.costs[i] = id.costs[i].Add(src.out[i])
	}
	d.Sources = []waterfall.Source{src}

	rate := contract.Rate{Annual: decimal.New(rapid.Int64Range(0, 2000).Draw(t, "pref bp"), -4), Compounding: contract.Annual}
	stack := []tranche.Tranche{
		must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: investors})),
		must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: investors, Rate: rate,
			Accrual: tranche.PrefAccrual(rapid.IntRange(0, 1).Draw(t, "accrual"))})),
	}
	if rapid.Bool().Draw(t, "escrow") {
		stack = append(stack, escrowTransfer{amount: money(t, "escrow amount", 10_000)})
	}
	k := decimal.New(rapid.Int64Range(0, 50).Draw(t, "carry %"), -2)
	stack = append(stack, must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP1", "LP2"}, Weight: decimal.NewFromInt(1).Sub(k)},
		{Parties: []tranche.PartyID{"GP"}, Weight: k, Promote: true},
	}})))
	d.Stack = tranche.Sequence(stack...)
	id.deal = d
	return id
}

func zeros(n int) []decimal.Decimal {
	z := make([]decimal.Decimal, n)
	for i := range z {
		z[i] = decimal.Zero
	}
	return z
}

// TestRun_IdentitiesFromInputs checks, on random deals with odd cents,
// amounts written without cents, a source, costs that may exceed the cash
// and a party that pays another, that
//   - each period's Proceeds, Costs and Contributed are the deal's own
//     flows dated in it (after its start, up to its end) plus the source's;
//   - over the run, paid + retained = proceeds + source in − costs −
//     source out, and the cash held back is part of what is retained;
//   - the periods' totals are the parties' totals: Σ Contributed over
//     periods = Σ over parties = the contributions and calls of the deal;
//     Σ Paid = Σ Distributed = the ledger's sum; Σ PaidOut = the payments
//     From a party;
//   - every party's Flows are, date by date, its receipts − its
//     contributions − what it paid to others, and sum to its Net;
//
// both with the full ledger and in a totals-only run.
func TestRun_IdentitiesFromInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := drawIdentityDeal(t)
		d := id.deal
		full, err := waterfall.Run(d)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		totals, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: true})
		if err != nil {
			t.Fatalf("RunWith TotalsOnly: %v", err)
		}
		checkIdentities(t, id, full, full)
		checkIdentities(t, id, totals, full)
	})
}

// checkIdentities checks res; the payments are read from ledger (res
// itself unless res kept totals only).
func checkIdentities(t *rapid.T, id identityDeal, res, ledger *waterfall.Result) {
	d := id.deal
	mode := "full"
	if res.TotalsOnly {
		mode = "totals only"
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s: %s", mode, fmt.Sprintf(format, args...))
	}
	if len(res.Periods) != len(d.Periods) {
		fail("%d period summaries for %d periods", len(res.Periods), len(d.Periods))
	}
	netIn, paid, contributed := decimal.Zero, decimal.Zero, decimal.Zero
	for i, ps := range res.Periods {
		if !ps.Proceeds.Equal(id.proceeds[i]) || !ps.Costs.Equal(id.costs[i]) || !ps.Contributed.Equal(id.contributed[i]) {
			fail("period %d: proceeds %s costs %s contributed %s, want %s %s %s from the deal",
				i, ps.Proceeds, ps.Costs, ps.Contributed, id.proceeds[i], id.costs[i], id.contributed[i])
		}
		netIn = netIn.Add(id.proceeds[i]).Sub(id.costs[i])
		paid = paid.Add(ps.Paid)
		contributed = contributed.Add(ps.Contributed)
		// Paid + retained so far = net cash in so far.
		if !paid.Add(ps.Retained).Equal(netIn) {
			fail("period %d: paid so far %s + retained %s != cash in − out so far %s", i, paid, ps.Retained, netIn)
		}
		if ps.Held.Sign() < 0 || ps.Held.GreaterThan(decimal.Max(ps.Retained, decimal.Zero)) {
			fail("period %d: held %s not within retained %s", i, ps.Held, ps.Retained)
		}
	}
	if !paid.Add(res.Retained()).Equal(netIn) {
		fail("paid %s + retained %s != proceeds + source in − costs − source out = %s", paid, res.Retained(), netIn)
	}
	// The ledger, summed by the test.
	ledgerPaid, paidOut := decimal.Zero, map[tranche.PartyID]decimal.Decimal{}
	received := map[tranche.PartyID]map[time.Time]decimal.Decimal{}
	byParty := map[tranche.PartyID]decimal.Decimal{}
	addAt := func(p tranche.PartyID, at time.Time, x decimal.Decimal) {
		if received[p] == nil {
			received[p] = map[time.Time]decimal.Decimal{}
		}
		received[p][at] = received[p][at].Add(x)
	}
	for p := range ledger.Payments.Values() {
		ledgerPaid = ledgerPaid.Add(p.Amount)
		byParty[p.Party] = byParty[p.Party].Add(p.Amount)
		addAt(p.Party, p.Date, p.Amount)
		if p.From != "" {
			paidOut[p.From] = paidOut[p.From].Add(p.Amount)
			addAt(p.From, p.Date, p.Amount.Neg())
		}
	}
	if !ledgerPaid.Equal(paid) {
		fail("the ledger sums to %s, the periods' Paid to %s", ledgerPaid, paid)
	}
	inputs := decimal.Zero
	for _, c := range d.Contributions {
		inputs = inputs.Add(c.Amount)
	}
	for _, c := range d.Calls {
		inputs = inputs.Add(c.Amount)
	}
	if !contributed.Equal(inputs) {
		fail("periods' Contributed sum to %s, the deal's contributions and calls to %s", contributed, inputs)
	}
	contributedBy := map[tranche.PartyID]decimal.Decimal{}
	for c := range ledger.Contributions.Values() {
		contributedBy[c.Party] = contributedBy[c.Party].Add(c.Amount)
		addAt(c.Party, c.Date, c.Amount.Neg())
	}
	sumContributed, sumDistributed, sumPaidOut := decimal.Zero, decimal.Zero, decimal.Zero
	for _, pt := range res.Parties() {
		sumContributed = sumContributed.Add(pt.Contributed)
		sumDistributed = sumDistributed.Add(pt.Distributed)
		sumPaidOut = sumPaidOut.Add(pt.PaidOut)
		if !pt.Contributed.Equal(contributedBy[pt.Party]) || !pt.Distributed.Equal(byParty[pt.Party]) || !pt.PaidOut.Equal(paidOut[pt.Party]) {
			fail("%s: contributed %s distributed %s paid out %s, want %s %s %s from the ledger", pt.Party, pt.Contributed, pt.Distributed, pt.PaidOut,
				contributedBy[pt.Party], byParty[pt.Party], paidOut[pt.Party])
		}
		// Flows, date by date: receipts − contributions − paid out.
		flows := res.Flows(pt.Party)
		want := received[pt.Party]
		net, seen := decimal.Zero, 0
		for j, f := range flows {
			if j > 0 && !f.Date.After(flows[j-1].Date) {
				fail("%s: flows out of date order at %d", pt.Party, j)
			}
			if !f.Amount.Equal(want[f.Date]) {
				fail("%s: flow on %s is %s, want receipts − contributions − paid out = %s", pt.Party, f.Date.Format(time.DateOnly), f.Amount, want[f.Date])
			}
			net = net.Add(f.Amount)
			seen++
		}
		for at, x := range want {
			if !x.IsZero() && !hasFlow(flows, at) {
				fail("%s: no flow on %s, want %s", pt.Party, at.Format(time.DateOnly), x)
			}
		}
		if !net.Equal(pt.Net()) {
			fail("%s: flows sum to %s, Net is %s", pt.Party, net, pt.Net())
		}
	}
	if !sumContributed.Equal(inputs) || !sumDistributed.Equal(paid) || !sumPaidOut.Equal(sumMap(paidOut)) {
		fail("parties: contributed %s distributed %s paid out %s; want %s %s %s", sumContributed, sumDistributed, sumPaidOut, inputs, paid, sumMap(paidOut))
	}
}

func hasFlow(flows []contract.Flow, at time.Time) bool {
	for _, f := range flows {
		if f.Date.Equal(at) {
			return true
		}
	}
	return false
}

func sumMap[K comparable](m map[K]decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	for _, x := range m {
		s = s.Add(x)
	}
	return s
}
