package spec

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// addSpecSeeds adds the specs of this package's tests and of
// cmd/jvwaterfall/testdata; testdata/fuzz holds more.
// zeroCallSpec is what FuzzRunDecoded found: a call of zero on a deal
// whose parties have no commitment is valid, and its run failed
// ("calls[0]: weights sum to zero") until the engine let a zero call be.
const zeroCallSpec = `{"currency":"AAA","scale":0,"parties":[{"id":"00"},{"id":"L2"},{"id":"G"}],` +
	`"schedule":{"start":"2000-01-01","end":"2021-01-01","frequency":"annual"},` +
	`"calls":[{"date":"2000-01-10","amount":"0"}],` +
	`"stack":{"kind":"sequence","tranches":[{"kind":"split","id":"0","shares":[{"parties":["L2"],"weight":"0.75"},{"parties":["G"],"weight":"0.25"}]}]}}`

// TestRunDecoded_ZeroCall: the fuzzer's find runs.
func TestRunDecoded_ZeroCall(t *testing.T) {
	d, err := UnmarshalDeal([]byte(zeroCallSpec))
	require.NoError(t, err)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	require.True(t, res.Retained().IsZero())
}

func addSpecSeeds(f *testing.F) {
	f.Add([]byte(specBase))
	f.Add([]byte(zeroCallSpec))
	f.Add([]byte(strings.Replace(specBase, `"scale": 2,`, `"scale": 2, "rounding": "half-even",`, 1)))
	for _, s := range []string{specFull, specVenture, specFund, nestedSpec("USD", fundSpec)} {
		f.Add([]byte(s))
	}
	// Take-or-pay terms by contract year: a ramp of minimums, and credits
	// that live a number of contract years or until the end of the term.
	f.Add([]byte(strings.NewReplacer(`"minimum": "100",`, `"minimums": ["50", "80", "100"],`,
		`"make_up": {"window": 2}`, `"make_up": {"years": 1, "cap": "100"}`).Replace(specFull)))
	f.Add([]byte(strings.NewReplacer(`"minimum": "1000", "price": "100"`, `"minimums": ["500", "1000"], "price": "100"`,
		`"make_up": {"window": 2}`, `"make_up": {"until_end": true}`).Replace(specFull)))
	for what, tmpl := range docTemplate {
		if what != "deal" {
			f.Add([]byte(strings.ReplaceAll(tmpl, "@@", `{}`)))
		}
	}
	files, err := filepath.Glob("../cmd/jvwaterfall/testdata/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed documents in ../cmd/jvwaterfall/testdata (%v)", err)
	}
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// FuzzDecode checks that the decoder never panics or hangs, that every
// error it returns carries a path and matches contract.ErrInvalid, and
// that a deal or fund it accepts round-trips: encoding it succeeds,
// decoding that gives an equal one, and encoding again gives the same
// bytes.
func FuzzDecode(f *testing.F) {
	addSpecSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		doc1, err := Unmarshal(src)
		if err != nil {
			for _, e := range contract.Errors(err) {
				var fe *contract.FieldError
				if !errors.As(e, &fe) || !errors.Is(e, contract.ErrInvalid) {
					t.Fatalf("error without a path or not ErrInvalid: %v", e)
				}
			}
			return
		}
		b1, err := Marshal(doc1)
		if err != nil {
			t.Fatalf("decoded document does not encode: %v", err)
		}
		doc2, err := Unmarshal(b1)
		if err != nil {
			t.Fatalf("encoded document does not decode: %v\n%s", err, b1)
		}
		if diff := cmp.Diff(doc1, doc2, dealOpts); diff != "" {
			t.Fatalf("decode(encode(d)) differs (-d +decoded):\n%s", diff)
		}
		b2, err := Marshal(doc2)
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("encoding is not canonical (%v):\n%s\n---\n%s", err, b1, b2)
		}
	})
}

// FuzzRunDecoded runs every deal and fund the decoder accepts. A run may
// fail only with an error about its terms (a growth factor out of range),
// never ErrInvariant. Of a deal's run it checks the invariants of the
// engine (DESIGN.md): each period, payments + retained = available and
// available = carried in + proceeds − costs, exactly; every payment is a
// whole number of minor units and not negative; the ledger of each period
// sums to what the period paid; each party's totals are the sum of its
// payments; the contributions are the periods' Contributed and Drawn.
// Documents over 400 periods or 40 parties are skipped to keep runs
// short. Fees and expenses are paid from their own calls, not the
// period's cash.
func FuzzRunDecoded(f *testing.F) {
	addSpecSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Unmarshal(src)
		if err != nil {
			return
		}
		if fd := doc.Fund; fd != nil {
			if len(fd.Periods) > 400 || len(fd.Parties) > 40 {
				return
			}
			if _, err := fund.Run(fd); err != nil && (errors.Is(err, tranche.ErrInvariant) || !errors.Is(err, contract.ErrInvalid)) {
				t.Fatalf("run failed: %v", err)
			}
			return
		}
		d := doc.Deal
		if len(d.Periods) > 400 || len(d.Parties) > 40 {
			return
		}
		res, err := waterfall.Run(d)
		if err != nil {
			if errors.Is(err, tranche.ErrInvariant) || !errors.Is(err, contract.ErrInvalid) {
				t.Fatalf("run failed: %v", err)
			}
			return
		}
		checkInvariants(t, d, res)
	})
}

func checkInvariants(t *testing.T, d *waterfall.Deal, res *waterfall.Result) {
	t.Helper()
	paidIn := make([]decimal.Decimal, len(res.Periods))
	byParty := map[tranche.PartyID]decimal.Decimal{}
	for _, p := range res.Payments.All() {
		if p.Amount.Sign() < 0 || !tranche.IsWhole(p.Amount, d.Scale) {
			t.Fatalf("payment %+v: amount %s not whole at scale %d or negative", p, p.Amount, d.Scale)
		}
		byParty[p.Party] = byParty[p.Party].Add(p.Amount)
		if p.Tranche == waterfall.FeeTranche || p.Tranche == waterfall.ExpenseTranche {
			continue // paid out of the fee calls, not the period's cash
		}
		paidIn[p.Period] = paidIn[p.Period].Add(p.Amount)
	}
	carried := decimal.Zero
	for i, s := range res.Periods {
		if !s.CarriedIn.Equal(carried) {
			t.Fatalf("period %d: carried in %s, last retained %s", i, s.CarriedIn, carried)
		}
		if !s.Available.Equal(s.CarriedIn.Add(s.Proceeds).Sub(s.Costs)) {
			t.Fatalf("period %d: available %s != %s + %s - %s", i, s.Available, s.CarriedIn, s.Proceeds, s.Costs)
		}
		if !s.Paid.Add(s.Retained).Equal(s.Available) {
			t.Fatalf("period %d: paid %s + retained %s != available %s", i, s.Paid, s.Retained, s.Available)
		}
		if !paidIn[i].Equal(s.Paid) {
			t.Fatalf("period %d: ledger %s != paid %s", i, paidIn[i], s.Paid)
		}
		if s.Paid.Sign() < 0 || (s.Available.Sign() <= 0 && !s.Paid.IsZero()) {
			t.Fatalf("period %d: paid %s of %s available", i, s.Paid, s.Available)
		}
		carried = s.Retained
	}
	for _, p := range res.Parties() {
		if !p.Distributed.Equal(byParty[p.Party]) {
			t.Fatalf("party %s: distributed %s, payments %s", p.Party, p.Distributed, byParty[p.Party])
		}
	}
	// Contributions, loan draws included, are the periods' capital put in
	// and lent.
	in, put := decimal.Zero, decimal.Zero
	for _, c := range res.Contributions.All() {
		in = in.Add(c.Amount)
	}
	for _, s := range res.Periods {
		put = put.Add(s.Contributed).Add(s.Drawn)
	}
	if !in.Equal(put) {
		t.Fatalf("contributions %s, periods' contributed and drawn %s", in, put)
	}
}
