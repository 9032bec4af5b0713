package waterfall_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestStraightSplitReference reproduces re-book-straight-split-70-30 from
// internal/reference/testdata/cases.json: Raise Capital for Real Estate (book flipbook),
// https://raisecapitalforrealestate.com/flipbook/inc/html/225.html (printed
// pp. 205-213). Class A puts in $10M, Class B nothing; distributable cash
// flow is $1M a year for 5 years, split 70/30; the sale distributes $15M:
// Class A's $10M of capital first, then the $5M gain 70/30. Capital comes
// back only from the sale, so the return of capital sits in a Window that
// opens on the sale date; before it, all cash goes to the split.
//
// Published: A $700k and B $300k a year; at sale A $3.5M and B $1.5M; A's
// profit $7.0M (14%/yr simple on $10M), B $3.0M ($600k/yr).
func TestStraightSplitReference(t *testing.T) {
	start := contract.Date(2020, 1, 1)
	saleDate := contract.Date(2025, 1, 1)
	var flows []contract.Flow
	periods, err := contract.Schedule{Start: contract.Date(2019, 1, 1), End: saleDate, Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	for y := 2021; y <= 2025; y++ {
		flows = append(flows, contract.Flow{Date: contract.Date(y, 1, 1), Amount: dec("1000000")})
	}
	flows = append(flows, contract.Flow{Date: saleDate, Amount: dec("15000000")})
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"A"}})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "70/30",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"A"}, Weight: dec("0.7")},
			{Parties: []tranche.PartyID{"B"}, Weight: dec("0.3"), Promote: true},
		},
	})
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "two-class LLC", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "A", Commitment: dec("10000000")}, {ID: "B", Role: waterfall.RoleSponsor}},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: start, Party: "A", Amount: dec("10000000")}},
		Proceeds:      flows,
		Stack:         tranche.Sequence(tranche.Window(saleDate, time.Time{}, roc), split),
	})
	require.NoError(t, err)

	byYear := map[int]map[tranche.PartyID]decimal.Decimal{}
	for _, p := range res.Payments {
		y := p.Date.Year()
		if byYear[y] == nil {
			byYear[y] = map[tranche.PartyID]decimal.Decimal{}
		}
		if p.Kind != tranche.KindCapital {
			byYear[y][p.Party] = byYear[y][p.Party].Add(p.Amount)
		}
	}
	for y := 2021; y <= 2024; y++ {
		require.Equal(t, "700000.00", byYear[y]["A"].StringFixed(2), "year %d", y)
		require.Equal(t, "300000.00", byYear[y]["B"].StringFixed(2), "year %d", y)
	}
	// 2025: the year's cash flow and the sale gain.
	require.Equal(t, "4200000.00", byYear[2025]["A"].StringFixed(2)) // 700k + 3.5M
	require.Equal(t, "1800000.00", byYear[2025]["B"].StringFixed(2)) // 300k + 1.5M
	a, _ := res.Party("A")
	b, _ := res.Party("B")
	require.Equal(t, "10000000.00", a.ByKind[tranche.KindCapital].StringFixed(2))
	require.Equal(t, "7000000.00", a.Distributed.Sub(a.ByKind[tranche.KindCapital]).StringFixed(2))
	require.Equal(t, "3000000.00", b.Distributed.StringFixed(2))
	// 14%/yr simple: 7.0M / 10M / 5 years; B 600k a year.
	require.Equal(t, "0.14", a.Distributed.Sub(a.Contributed).DivRound(dec("10000000"), 4).DivRound(dec("5"), 4).String())
	require.Equal(t, "600000", b.Distributed.DivRound(dec("5"), 0).String())
}
