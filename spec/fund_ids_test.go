package spec_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// twoDealFund is a fund of two investments of 500.00 each: A doubles,
// B is written off. The whole-fund stack's tranche IDs are the first
// argument's, A's the second's, B's the third's.
const twoDealFund = `{
  "name": "Fund II", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "1000.00"}, {"id": "GP", "role": "sponsor"}, {"id": "Escrow", "role": "other"}],
  "schedule": {"start": "2024-12-31", "end": "2027-12-31", "frequency": "annual"},
  "stack": %[1]s,
  "investments": [
    {"name": "A", "calls": [{"date": "2025-12-31", "amount": "500.00"}],
     "proceeds": [{"date": "2026-12-31", "amount": "1000.00"}], "stack": %[2]s},
    {"name": "B", "calls": [{"date": "2025-12-31", "amount": "500.00"}],
     "realized": "2026-12-31", "stack": %[3]s}],
  "american": {"sponsor": "GP", "investors": ["LP"], "escrow": {"share": "0.3", "account": "Escrow"}}
}`

// stack80 is return of capital, then 80/20 with the sponsor's share a
// promote, with IDs prefix+"capital" and prefix+"carry".
func stack80(prefix string) string {
	return fmt.Sprintf(`{"kind": "sequence", "tranches": [
      {"kind": "return_of_capital", "id": "%[1]scapital", "parties": ["LP"]},
      {"kind": "split", "id": "%[1]scarry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}`, prefix)
}

// The whole-fund stack runs on the lookback's own book and pays into no
// ledger, so it may use an investment's tranche IDs: the fund decodes,
// writes and runs as it does with IDs of its own.
func TestFund_WholeFundStackSharesIDs(t *testing.T) {
	shared := fmt.Sprintf(twoDealFund, stack80(""), stack80(""), stack80("b-"))
	own := fmt.Sprintf(twoDealFund, stack80("fund-"), stack80(""), stack80("b-"))
	run := func(name, doc string) *fund.Result {
		t.Helper()
		f, err := spec.UnmarshalFund([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := spec.MarshalFund(f); err != nil {
			t.Fatalf("%s: MarshalFund: %v", name, err)
		}
		res, err := fund.Run(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return res
	}
	a, b := run("shared IDs", shared), run("own IDs", own)

	// By hand: A pays LP 500 capital and 400 profit and GP 100 of carry,
	// 30 of it into escrow; B returns nothing. Over the whole fund the LP
	// put in 1,000 and got 900 back, so whole-fund carry is 0 and the
	// final lookback takes back all 100: 30 out of escrow, 70 from GP.
	want := []string{"100", "0", "100", "30", "70", "0"}
	for name, res := range map[string]*fund.Result{"shared IDs": a, "own IDs": b} {
		lb := res.Lookbacks[len(res.Lookbacks)-1]
		got := []string{lb.CarryEarned.String(), lb.WholeFund.String(), lb.Excess.String(),
			lb.FromEscrow.String(), lb.FromSponsor.String(), lb.CarryKept.String()}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: final lookback carry earned, whole fund, excess, from escrow, from sponsor, kept = %v, want %v", name, got, want)
		}
	}
	pa, pb := slices.Collect(a.Payments.Values()), slices.Collect(b.Payments.Values())
	if len(pa) != len(pb) {
		t.Fatalf("%d payments with shared IDs, %d with the fund's own", len(pa), len(pb))
	}
	for i := range pa {
		if pa[i].Tranche != pb[i].Tranche || pa[i].Party != pb[i].Party || !pa[i].Amount.Equal(pb[i].Amount) {
			t.Errorf("payment %d: %v with shared IDs, %v with the fund's own", i, pa[i], pb[i])
		}
	}
}

// A fund built in Go may use one investment's stack as the whole-fund
// stack; it writes as a spec that reads back.
func TestFund_MarshalWholeFundStackIsAnInvestments(t *testing.T) {
	f, err := spec.UnmarshalFund([]byte(fmt.Sprintf(twoDealFund, stack80("fund-"), stack80(""), stack80("b-"))))
	if err != nil {
		t.Fatal(err)
	}
	f.Stack = f.Investments[0].Stack
	b, err := spec.MarshalFund(f)
	if err != nil {
		t.Fatalf("MarshalFund: %v", err)
	}
	g, err := spec.UnmarshalFund(b)
	if err != nil {
		t.Fatalf("UnmarshalFund of MarshalFund's output: %v", err)
	}
	if g.Stack.ID() != f.Investments[0].Stack.ID() {
		t.Errorf("whole-fund stack %q, want %q", g.Stack.ID(), f.Investments[0].Stack.ID())
	}
}

// The investments' stacks still share one ledger, and a stack its own
// IDs: both are refused where the second use is.
func TestFund_DuplicateTrancheIDs(t *testing.T) {
	for _, tc := range []struct {
		name, whole, a, b, path string
	}{
		{"two investments", stack80("fund-"), stack80(""), stack80(""), "investments[1].stack.tranches[0].id"},
		{"twice in the whole-fund stack", `{"kind": "sequence", "tranches": [
      {"kind": "return_of_capital", "id": "x", "parties": ["LP"]},
      {"kind": "return_of_capital", "id": "x", "parties": ["LP"]}]}`, stack80(""), stack80("b-"), "stack.tranches[1].id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spec.UnmarshalFund([]byte(fmt.Sprintf(twoDealFund, tc.whole, tc.a, tc.b)))
			if !errors.Is(err, tranche.ErrDuplicateID) {
				t.Fatalf("got %v, want %v", err, tranche.ErrDuplicateID)
			}
			if !strings.Contains(err.Error(), tc.path+": ") {
				t.Errorf("%v does not name %s", err, tc.path)
			}
		})
	}
}
