package spec

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// The work budget. Every limit on the size of the input can be met by a
// small document that still implies a great deal of work: 2,000 parties
// paid over 2,000 periods write four million ledger lines from a spec of
// 200 KB. So once a document is decoded, and before anything runs, the
// decoder adds up the work its deal implies, in units of about one ledger
// line (a microsecond and 100 bytes on the machine of docs/performance.md):
//
//	work = ledger lines + ContractWeight × contract periods
//	     + CapTableWeight × cap-table series × exits
//	     + HurdleWeight × hurdle investors × periods with cash
//	     + hurdle scans × periods with cash / HurdleScanParties
//
// over the deal and every deal nested in it, each counted once, and
// refuses a deal whose work is above MaxWork with an ErrLimit error that
// gives the figures. What the terms of each count are is in
// docs/spec.md, "Work budget".
const (
	// MaxWork bounds the work a deal implies, in units of about one ledger
	// line: 6,000,000. Within it a deal decodes and runs in a few seconds
	// and well under 2 GB (docs/performance.md has the figures of the
	// largest deals).
	MaxWork = 6_000_000
	// ContractWeight is the work of one period of a contract laid over the
	// schedule (a loan, a take-or-pay obligation, a contract source): its
	// plan, its state and, in default, an event each period.
	ContractWeight = 12
	// CapTableWeight is the work of one preferred series of a cap table at
	// one exit (a period in which the cap table may be paid).
	CapTableWeight = 12
	// HurdleWeight is the work of one investor of a hurdle tier in one
	// period with cash: the tier's trial of its amount against every
	// investor's hurdle balance.
	HurdleWeight = 12
	// HurdleScanParties is the parties a hurdle tier's search for its
	// least amount splits in one unit of work (about 30 ns each). A tier
	// whose split is not monotone in its amount (three or more shares, or
	// three or more parties of unequal commitments in an investors' share)
	// tries up to 4·m_i/f_i + 1 amounts in each period with cash, f_i the
	// part of each tier dollar investor i gets and m_i the shares it holds,
	// each a split of the tier's parties (docs/methods.md, "Tiers: rounding
	// and the least amount"); the budget counts that bound, at most 2^26.
	HurdleScanParties = 32
)

// maxTierScan is the most parties tranche's search splits for one tier
// amount before it fails (tranche's maxTierWork).
const maxTierScan = 1 << 26

// work is what a deal implies, in the units of MaxWork.
type work struct {
	lines     int64 // payments and contributions the run may write
	contracts int64 // contract periods laid over schedules
	capTable  int64 // preferred series × periods with cash, over every cap table
	hurdles   int64 // investors × periods with cash, over every hurdle tier
	scans     int64 // parties split by the hurdle tiers' searches × periods with cash
}

// total is the work in units of about one ledger line.
func (w work) total() int64 {
	return w.lines + ContractWeight*w.contracts + CapTableWeight*w.capTable + HurdleWeight*w.hurdles + w.scans/HurdleScanParties
}

// check returns an ErrLimit error when w is above MaxWork.
func (w work) check() error {
	if t := w.total(); t > MaxWork {
		return contract.Field("stack", fmt.Errorf("the deal implies %d units of work (%d ledger lines + %d × %d contract periods + %d × %d cap-table series × exits + %d × %d hurdle investors × periods + %d hurdle scan parties / %d), more than %d (MaxWork): %w",
			t, w.lines, ContractWeight, w.contracts, CapTableWeight, w.capTable, HurdleWeight, w.hurdles, w.scans, HurdleScanParties, MaxWork, ErrLimit))
	}
	return nil
}

// dealWork estimates the work of running d: see the package's work
// budget. contracts is the contract periods the decoder laid over the
// schedules of d and the deals nested in it.
func dealWork(d *waterfall.Deal, contracts int) work {
	w := work{contracts: int64(contracts)}
	seen := map[*waterfall.Deal]bool{}
	var visit func(d *waterfall.Deal, cashFrom int, calls int)
	visit = func(d *waterfall.Deal, cashFrom, calls int) {
		if d == nil || seen[d] {
			return
		}
		seen[d] = true
		if len(d.Sources) > 0 {
			cashFrom = 0
		}
		for _, f := range d.Proceeds {
			if i, ok := contract.PeriodIndex(d.Periods, f.Date); ok && i < cashFrom {
				cashFrom = i
			}
		}
		cash := int64(max(0, len(d.Periods)-cashFrom))
		sw := stackWork(d.Stack, d.Parties)
		w.add(cash, sw)
		payers := int64(len(callers(d, nil)))
		w.lines += int64(len(d.Contributions)) + int64(calls)*payers
		for _, c := range d.Calls {
			w.lines += int64(len(callers(d, c.Parties)))
		}
		if f := d.Fees; f != nil {
			payers := int64(len(callers(d, f.Parties)))
			w.lines += int64(len(d.Periods))*(1+payers) + int64(len(f.Expenses))*(1+payers)
		}
		// A nested deal is paid in the periods its holder pays, and
		// called in those its holder contributes.
		in := contributionPeriods(d)
		for _, p := range d.Parties {
			visit(p.Deal, cashFrom, in)
		}
	}
	visit(d, len(d.Periods), 0)
	return w
}

// fundWork estimates the work of running f deal by deal: each
// investment's stack over the periods from its first proceeds, the
// whole-fund stack over every period, the calls and the fees.
func fundWork(f *fund.Fund, contracts int) work {
	w := work{contracts: int64(contracts)}
	n := int64(len(f.Periods))
	deal := &waterfall.Deal{Parties: f.Parties}
	for _, inv := range f.Investments {
		from := len(f.Periods)
		for _, p := range inv.Proceeds {
			if i, ok := contract.PeriodIndex(f.Periods, p.Date); ok && i < from {
				from = i
			}
		}
		sw := stackWork(inv.Stack, f.Parties)
		cash := int64(max(0, len(f.Periods)-from))
		w.add(cash, sw)
		for _, c := range inv.Calls {
			w.lines += int64(len(callers(deal, c.Parties)))
		}
	}
	sw := stackWork(f.Stack, f.Parties)
	w.add(n, sw)
	if f.Fees != nil {
		payers := int64(len(callers(deal, f.Fees.Parties)))
		w.lines += n*(1+payers) + int64(len(f.Fees.Expenses))*(1+payers)
	}
	for _, p := range f.Parties {
		if p.Deal != nil {
			sub := dealWork(p.Deal, 0)
			w.lines += sub.lines
			w.capTable += sub.capTable
			w.hurdles += sub.hurdles
			w.scans += sub.scans
		}
	}
	return w
}

// perPeriod is the work of a stack in one period with cash.
type perPeriod struct{ lines, series, investors, scans int64 }

// add charges periods periods of the stack's work.
func (w *work) add(periods int64, p perPeriod) {
	w.lines += periods * p.lines
	w.capTable += periods * p.series
	w.hurdles += periods * p.investors
	w.scans += periods * p.scans
}

// stackWork returns the work of a stack in one period with cash: a
// payment to each party each leaf tranche names (every party of the deal,
// for a tranche that names none), the preferred series of its cap tables
// and the investors and searches of its hurdle tiers.
func stackWork(t tranche.Tranche, parties []waterfall.Party) perPeriod {
	var p perPeriod
	if t == nil {
		return p
	}
	if parent, ok := t.(tranche.Parent); ok {
		for _, c := range parent.Children() {
			s := stackWork(c, parties)
			p.lines, p.series, p.investors, p.scans = p.lines+s.lines, p.series+s.series, p.investors+s.investors, p.scans+s.scans
		}
		return p
	}
	switch x := t.(type) {
	case *tranche.CapTable:
		if x != nil {
			p.series = int64(len(x.Preferred))
		}
	case *tranche.Hurdle:
		if x != nil {
			p.investors = int64(len(x.Investors))
			p.scans = hurdleScan(x, parties)
		}
	}
	p.lines = int64(len(parties))
	if n, ok := t.(tranche.PartyNamer); ok {
		p.lines = int64(len(n.NamedParties()))
	}
	return p
}

// callers are the parties a call on named is shared among: named, or
// every party with a commitment.
func callers(d *waterfall.Deal, named []tranche.PartyID) []tranche.PartyID {
	if len(named) > 0 {
		return named
	}
	var ids []tranche.PartyID
	for _, p := range d.Parties {
		if p.Commitment.Sign() > 0 {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// contributionPeriods is the number of periods in which d's parties
// contribute: those of its contributions and calls, and every period when
// it has fees.
func contributionPeriods(d *waterfall.Deal) int {
	if d.Fees != nil {
		return len(d.Periods)
	}
	in := map[int]bool{}
	for _, c := range d.Contributions {
		if i, ok := contract.PeriodIndex(d.Periods, c.Date); ok {
			in[i] = true
		}
	}
	for _, c := range d.Calls {
		if i, ok := contract.PeriodIndex(d.Periods, c.Date); ok {
			in[i] = true
		}
	}
	return len(in)
}

// hurdleScan is the most parties the search for t's least amount splits in
// one period: nothing to count for a tier whose split is monotone (at most
// two shares, and at most two parties or equal commitments in each
// investors' share: a climb and a bisection), otherwise (4·max_i m_i/f_i
// + 1) × the tier's parties, at most maxTierScan.
func hurdleScan(t *tranche.Hurdle, parties []waterfall.Party) int64 {
	commit := make(map[tranche.PartyID]decimal.Decimal, len(parties))
	for _, p := range parties {
		commit[p.ID] = p.Commitment
	}
	monotone := len(t.Shares) <= 2
	f := map[tranche.PartyID]decimal.Decimal{}
	m := map[tranche.PartyID]int64{}
	n := int64(0)
	for _, s := range t.Shares {
		n += int64(len(s.Parties))
		if s.Promote {
			continue
		}
		over := decimal.Zero
		for _, q := range s.Parties {
			over = over.Add(commit[q])
			monotone = monotone && (len(s.Parties) <= 2 || commit[q].Equal(commit[s.Parties[0]]))
		}
		for _, q := range s.Parties {
			g := decimal.New(1, 0).Div(decimal.NewFromInt(int64(len(s.Parties))))
			if over.Sign() > 0 {
				g = commit[q].DivRound(over, 40)
			}
			f[q], m[q] = f[q].Add(s.Weight.Mul(g)), m[q]+1
		}
	}
	if monotone {
		return 0
	}
	most := decimal.NewFromInt(maxTierScan / max(n, 1))
	trials := decimal.Zero
	for _, i := range t.Investors {
		if f[i].Sign() <= 0 {
			continue // the tier fails: the investor gets no part of it
		}
		trials = decimal.Max(trials, decimal.NewFromInt(4*m[i]).DivRound(f[i], 0).Add(decimal.NewFromInt(2)))
	}
	return decimal.Min(trials, most).IntPart() * n
}
