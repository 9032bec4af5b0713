package tranche_test

import (
	"errors"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// exampleBook returns a book of parties (ID, commitment pairs) at cents,
// moved to period p.
func exampleBook(p contract.Period, pairs ...string) *tranche.Book {
	return newDriver(exampleTB{}, partiesOf(pairs...)...).advance(p).b
}

func period(i int, start, end string) contract.Period {
	s, _ := contract.ParseDate(start)
	e, _ := contract.ParseDate(end)
	return contract.Period{Index: i, Start: s, End: e}
}

// printPaid prints the payments of b from the n-th on.
func printPaid(b *tranche.Book, n int) {
	for _, p := range paysFrom(b, n) {
		fmt.Printf("%-8s %-3s %-8s %8s  (owed %s → %s)\n", p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2),
			p.Before.StringFixed(2), p.After.StringFixed(2))
	}
}

func ExampleReturnOfCapital() {
	b := exampleBook(period(0, "2020-12-31", "2021-01-01"), "LP1", "600", "LP2", "400")
	_ = b.Contribute("LP1", d("600"))
	_ = b.Contribute("LP2", d("400"))
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP1", "LP2"}}))

	// 500 of the 1000 owed: shared by what each is owed.
	paid, err := roc.Pay(b, d("500"))
	printPaid(b, 0)
	owed, _ := roc.Owed(b)
	fmt.Println("paid", paid, "still owed", owed.Amount, err)
	// Output:
	// capital  LP1 capital    300.00  (owed 600.00 → 300.00)
	// capital  LP2 capital    200.00  (owed 400.00 → 200.00)
	// paid 500 still owed 500 <nil>
}

func ExamplePreferredReturn() {
	// 1,000,000 in on 2021-01-01, nothing out, and the pref owed two years
	// (730 days) later: 1,000,000 × (1.08² − 1) compounding, and
	// 1,000,000 × 0.08 × 2 simple.
	for _, c := range []contract.Compounding{contract.Annual, contract.Simple} {
		b := exampleBook(period(0, "2020-12-31", "2021-01-01"), "LP", "1000000")
		_ = b.Contribute("LP", d("1000000"))
		_ = b.Advance(period(1, "2021-01-01", "2023-01-01"))
		pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
			Name:    "pref",
			Rate:    contract.Rate{Annual: d("0.08"), Compounding: c},
			Parties: []tranche.PartyID{"LP"},
		}))
		owed, _ := pref.Owed(b)
		fmt.Printf("%-6s %s\n", c, owed.Amount.StringFixed(2))
	}
	// Output:
	// annual 166400.00
	// simple 160000.00
}

func ExampleCatchUp() {
	// An LP has had its 1000 back and an 80 pref: profit P = 80 and the
	// GP's share G = 0. To bring the GP to 20% of profit the tier pays
	// X = (0.2 × 80 − 0)/(c − 0.2): 20 with a full catch-up (c = 1), all to
	// the GP; 53.333… with a 50% catch-up, split half each by largest
	// remainder, ties to the LP (its share is listed first): 53.33 gives the
	// GP 26.66 < 20% of 133.33, so the least tier is 53.34 (26.67 each).
	// Rounding policy: RoundUp, the default.
	for _, rate := range []string{"1", "0.5"} {
		b := exampleBook(period(0, "2020-12-31", "2021-12-31"), "LP", "1000", "GP", "0")
		_ = b.Contribute("LP", d("1000"))
		_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("1000")})
		_ = b.Post(tranche.Payment{Tranche: "pref", Party: "LP", Kind: tranche.KindPref, Amount: d("80")})
		cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{
			Name:      "catch-up",
			Sponsor:   "GP",
			Target:    d("0.2"),
			Rate:      d(rate),
			Investors: []tranche.PartyID{"LP"},
		}))
		_, _ = cu.Pay(b, d("1000"))
		printPaid(b, 2)
	}
	// Output:
	// catch-up GP  catch-up    20.00  (owed 20.00 → 0.00)
	// catch-up GP  catch-up    26.67  (owed 26.67 → 0.00)
	// catch-up LP  profit      26.67  (owed 26.67 → 0.00)
}

func ExampleSplit() {
	b := exampleBook(period(0, "2020-12-31", "2021-12-31"), "LP1", "600", "LP2", "400", "GP", "0")
	// 80% to the LPs as a class, by commitment (60:40); 20% promote.
	carry := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP1", "LP2"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	}))
	_, _ = carry.Pay(b, d("100"))
	printPaid(b, 0)
	// Output:
	// carry    LP1 profit      48.00  (owed 0.00 → 48.00)
	// carry    LP2 profit      32.00  (owed 0.00 → 32.00)
	// carry    GP  promote     20.00  (owed 0.00 → 20.00)
}

func ExampleSequence() {
	b := exampleBook(period(0, "2020-12-31", "2021-01-01"), "LP", "1000", "GP", "0")
	_ = b.Contribute("LP", d("1000"))
	_ = b.Advance(period(1, "2021-01-01", "2022-01-01")) // 365 days

	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}))
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: d("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP"},
	}))
	carry := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	}))
	stack := tranche.Sequence(roc, pref, carry)

	// 1500 a year later: 1000 capital, 80 pref, and 420 split 80/20.
	_, _ = tranche.PayChecked(b, stack, d("1500"))
	printPaid(b, 0)
	// Output:
	// capital  LP  capital   1000.00  (owed 1000.00 → 0.00)
	// pref     LP  pref        80.00  (owed 80.00 → 0.00)
	// carry    LP  profit     336.00  (owed 0.00 → 336.00)
	// carry    GP  promote     84.00  (owed 0.00 → 84.00)
}

func ExampleProRata() {
	b := exampleBook(period(0, "2020-12-31", "2021-12-31"), "A", "600", "B", "200")
	_ = b.Contribute("A", d("600"))
	_ = b.Contribute("B", d("200"))
	// Two claims of equal rank: A's capital (600) and B's (200). Cash of
	// 400 pays each half its claim.
	both := tranche.ProRata(
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital-A", Parties: []tranche.PartyID{"A"}})),
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital-B", Parties: []tranche.PartyID{"B"}})))
	_, _ = both.Pay(b, d("400"))
	printPaid(b, 0)
	// Output:
	// capital-A A   capital    300.00  (owed 600.00 → 300.00)
	// capital-B B   capital    100.00  (owed 200.00 → 100.00)
}

func ExampleCap() {
	b := exampleBook(period(0, "2020-12-31", "2021-12-31"), "GP", "0")
	bonus := tranche.Must(tranche.NewSplit(tranche.Split{
		Name:   "bonus",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"GP"}, Weight: d("1")}},
	}))
	capped := tranche.Cap(d("250"), bonus) // at most 250 over the run
	for i, end := range []string{"2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31"} {
		paid, _ := capped.Pay(b, d("100"))
		fmt.Println(b.Date().Format("2006"), "paid", paid)
		_ = b.Advance(period(i+1, b.Date().Format("2006-01-02"), end))
	}
	// Output:
	// 2021 paid 100
	// 2022 paid 100
	// 2023 paid 50
	// 2024 paid 0
}

func ExampleBook() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("1000")}})
	_ = b.Advance(period(0, "2020-12-31", "2021-01-01"))
	_ = b.Contribute("LP", d("1000"))

	// The hurdle balance at 8% compounding: 1000 grows to 1080 in a year
	// (365 days); a distribution of 500 brings it to 580, which grows to
	// 626.40 in another year.
	r := contract.Rate{Annual: d("0.08"), Compounding: contract.Annual}
	_ = b.Advance(period(1, "2021-01-01", "2022-01-01"))
	h, _ := b.Hurdle("LP", r)
	fmt.Println("hurdle", h.StringFixed(2))
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("500")})
	_ = b.Advance(period(2, "2022-01-01", "2023-01-01"))
	h, _ = b.Hurdle("LP", r)
	a, _ := b.Account("LP")
	fmt.Println("hurdle", h.StringFixed(2), "unreturned", a.Unreturned().StringFixed(2))

	// The book refuses what would invent money.
	err := b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("600")})
	fmt.Println(errors.Is(err, tranche.ErrInvariant))
	// Output:
	// hurdle 1080.00
	// hurdle 626.40 unreturned 500.00
	// true
}

func ExampleValidate() {
	split := &tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: d("0.75")},
		{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
	}}
	err := tranche.Validate(tranche.Sequence(split))
	var fe *contract.FieldError
	fmt.Println(errors.As(err, &fe), fe.Path, errors.Is(err, contract.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true shares true
	// tranche "carry": shares: weights sum to 0.95, want 1: invalid input
}

// A book's ledger holds its payments compactly; reading one makes its
// decimals.
func ExampleLedger() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP1", Commitment: d("600")}, {ID: "LP2", Commitment: d("400")}})
	_ = b.Advance(period(0, "2024-12-31", "2025-12-31"))
	_ = b.Call(d("1000"), []tranche.PartyID{"LP1", "LP2"})
	_ = b.Advance(period(1, "2025-12-31", "2026-12-31"))
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP1", "LP2"}}))
	_, _ = roc.Pay(b, d("250"))

	l := b.Ledger()
	for i, p := range l.All() {
		fmt.Println(i, p.Date.Format("2006-01-02"), p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	fmt.Println(l.Len(), "payments, in all", l.Sum().StringFixed(2))
	// Output:
	// 0 2026-12-31 capital LP1 capital 150.00
	// 1 2026-12-31 capital LP2 capital 100.00
	// 2 payments, in all 250.00
}

// A capital call is shared by commitment; the book keeps each
// contribution.
func ExampleBook_Call() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "A", Commitment: d("1")}, {ID: "B", Commitment: d("1")}, {ID: "C", Commitment: d("1")}})
	_ = b.Advance(period(0, "2024-12-31", "2025-03-31"))
	if err := b.Call(d("100"), []tranche.PartyID{"A", "B", "C"}); err != nil {
		fmt.Println(err)
		return
	}
	for c := range b.Contributions().Values() {
		fmt.Println(c.Date.Format("2006-01-02"), c.Party, c.Amount.StringFixed(2))
	}
	// Output:
	// 2025-03-31 A 33.34
	// 2025-03-31 B 33.33
	// 2025-03-31 C 33.33
}

// A party's dated flows, one a date: what it put in negative, what it
// received positive.
func ExampleBook_Flows() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("100")}})
	_ = b.Advance(period(0, "2024-12-31", "2025-12-31"))
	_ = b.Contribute("LP", d("100"))
	_ = b.Advance(period(1, "2025-12-31", "2026-12-31"))
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("100")})
	_ = b.Post(tranche.Payment{Tranche: "carry", Party: "LP", Kind: tranche.KindProfit, Amount: d("12.5")})
	flows, _ := b.Flows("LP")
	for _, f := range flows {
		fmt.Println(f.Date.Format("2006-01-02"), f.Amount.StringFixed(2))
	}
	// Output:
	// 2025-12-31 -100.00
	// 2026-12-31 112.50
}

// A book that keeps only the current period's payments still keeps every
// account whole.
func ExampleBook_KeepCurrentPeriod() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("100")}})
	b.KeepCurrentPeriod()
	for i, amount := range []string{"30", "45"} {
		_ = b.Advance(period(i, "2024-12-31", fmt.Sprintf("%d-12-31", 2025+i)))
		_ = b.Post(tranche.Payment{Tranche: "income", Party: "LP", Kind: tranche.KindProfit, Amount: d(amount)})
	}
	a, _ := b.Account("LP")
	fmt.Println(b.Ledger().Len(), "payment in the ledger;", b.Posted(), "posted; received", a.Distributed.StringFixed(2))
	// Output:
	// 1 payment in the ledger; 2 posted; received 75.00
}

// A book that keeps no ledger writes no payment down, yet counts them:
// what was paid since a tally, in all and in returns of capital
// (40.00 + 15.00 of profit in the second year), and every account.
func ExampleBook_KeepNoLedger() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("100")}})
	b.KeepNoLedger()
	_ = b.Advance(period(0, "2024-12-31", "2025-12-31"))
	_ = b.Contribute("LP", d("100"))
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("60")})
	_ = b.Advance(period(1, "2025-12-31", "2026-12-31"))
	year := b.Tally()
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("40")})
	_ = b.Post(tranche.Payment{Tranche: "profit", Party: "LP", Kind: tranche.KindProfit, Amount: d("15")})
	all, capital := b.PaidSince(year), b.PaidSince(year, tranche.KindCapital)
	a, _ := b.Account("LP")
	fmt.Println(b.Ledger().Len(), "payments in the ledger;", b.Posted(), "posted; this year", all.StringFixed(2), "of which capital", capital.StringFixed(2))
	fmt.Println("received", a.Distributed.StringFixed(2), "capital returned", a.CapitalReturned.StringFixed(2))
	// Output:
	// 0 payments in the ledger; 3 posted; this year 55.00 of which capital 40.00
	// received 115.00 capital returned 100.00
}

// LedgerOf makes a Ledger of payments held in a slice.
func ExampleLedgerOf() {
	l := tranche.LedgerOf([]tranche.Payment{
		{Tranche: "senior", Party: "bank", Kind: tranche.KindInterest, Amount: d("50")},
		{Tranche: "senior", Party: "bank", Kind: tranche.KindPrincipal, Amount: d("200")},
	})
	fmt.Println(l.Len(), l.Sum().StringFixed(2), l.Sum(tranche.KindInterest).StringFixed(2), l.At(1).Kind)
	// Output:
	// 2 250.00 50.00 principal
}

// Must is for terms written as literals, where an error is a bug in the
// program: it returns the tranche, or panics with the error. Terms that
// come from input are checked with the constructor's error instead.
func ExampleMust() {
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}))
	fmt.Println(roc.ID())
	_, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Parties: []tranche.PartyID{"LP"}})
	fmt.Println(err)
	// Output:
	// capital
	// id: required
}

// PaidSinceIs checks what was paid since a tally against an amount, as
// PaidSince(...).Equal would, without making a decimal: the engine's
// check, every period, that the cash paid is the cash posted.
func ExampleBook_PaidSinceIs() {
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("100")}})
	_ = b.Advance(period(0, "2024-12-31", "2025-12-31"))
	_ = b.Contribute("LP", d("100"))
	year := b.Tally()
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("40")})
	_ = b.Post(tranche.Payment{Tranche: "profit", Party: "LP", Kind: tranche.KindProfit, Amount: d("15")})
	fmt.Println(b.PaidSinceIs(year, d("55")), b.PaidSinceIs(year, d("55.000")), b.PaidSinceIs(year, d("55.01")))
	fmt.Println(b.PaidSinceIs(year, d("40"), tranche.KindCapital), b.PaidSinceIs(year, d("55"), tranche.KindCapital))
	// Output:
	// true true false
	// true false
}
