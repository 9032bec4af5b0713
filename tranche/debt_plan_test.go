package tranche

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestDebt_PlanMatchesSlowPath proves the span NewDebt works out (the
// plan's rows as money, its period ends, the lender's index, the states
// read in place) against the code it replaces: the same Debt without a
// span, which reads every row from the plan in decimals, checks the plan
// by its periods, and looks the lender up. 600 random loans (and 150
// beyond int64 minor units), each driven the same random way in two
// books — cash offered as decimals or units, trials undone, sweeps,
// periods closed or not, books cloned, another location's times, the Plan
// swapped for an equal one — pay the same payments and events and give
// the same answers and states (every field, Row and Loan included, value
// and exponent).
func TestDebt_PlanMatchesSlowPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2026))
	for _, c := range []struct {
		n     int
		shift int32
	}{{600, 0}, {150, 12}} {
		for loans := 0; loans < c.n; {
			ps := quarters(6 + rng.IntN(7))
			plan := randLoan(rng, ps, c.shift)
			if plan == nil {
				continue
			}
			if rng.IntN(3) == 0 { // randLoan's level payments need quarterly terms: its instalment and rate change on the way
				l := plan.Loan()
				l.Amortization, l.Frequency = contract.LevelPayment, contract.EveryQuarter
				if plan, _ = l.Plan(ps, 2); plan == nil {
					continue
				}
			}
			loans++
			t.Run(fmt.Sprintf("shift%d/%d", c.shift, loans), func(t *testing.T) { matchSlowPath(t, rng, plan, ps, c.shift) })
		}
	}
}

// TestDebt_PlanIsRead: the fast path is taken (a span whose rows say
// otherwise is read), and only while the span is the Plan's.
func TestDebt_PlanIsRead(t *testing.T) {
	ps := quarters(6)
	l := contract.Loan{Commitment: dec("1000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("1000")}},
		Rate: contract.Rate{Annual: dec("0.08")}}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	service := func(d *Debt) string {
		b, err := NewBook(2, []Party{{ID: "bank"}})
		require.NoError(t, err)
		require.NoError(t, b.Advance(ps[0]))
		require.NoError(t, b.Advance(ps[1]))
		s, err := d.Service(b)
		require.NoError(t, err)
		return s.Scheduled.String()
	}
	want := service(&Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.Equal(t, "19.95", want) // 1000 × 8% over the quarter, on the default day count
	for _, swap := range []bool{false, true} {
		debt, err := NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan})
		require.NoError(t, err)
		for i := range debt.span.rows { // a span altered to show it is read
			debt.span.rows[i].sched = money{c: 7}
		}
		if swap {
			debt.Plan, err = l.Plan(ps, 2)
			require.NoError(t, err)
			require.Equal(t, want, service(debt))
		} else {
			require.Equal(t, "7", service(debt))
		}
	}
}

// matchSlowPath drives a Debt made by NewDebt and the same Debt without a
// span (the slow path) the same random way, and requires the same
// answers, states, payments and events.
func matchSlowPath(t *testing.T, rng *rand.Rand, plan *contract.LoanPlan, ps []contract.Period, shift int32) {
	parties := []Party{{ID: "other"}, {ID: "bank"}}
	bFast, err := NewBook(2, parties)
	require.NoError(t, err)
	bSlow, err := NewBook(2, parties)
	require.NoError(t, err)
	fast, err := NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	slow := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	if rng.IntN(2) == 0 { // the same instants in another location: check reads the plan
		loc := time.FixedZone("UTC+3", 3*3600)
		q := append([]contract.Period(nil), ps...)
		for i := range q {
			q[i].Start, q[i].End = q[i].Start.In(loc), q[i].End.In(loc)
		}
		ps = q
	}
	scale := plan.Loan().Commitment.Shift(2-shift).IntPart()/4 + 1
	for i, p := range ps {
		require.NoError(t, bFast.Advance(p))
		require.NoError(t, bSlow.Advance(p))
		where := fmt.Sprintf("period %d", i)
		same := func(what string, want, got decimal.Decimal, errW, errG error) {
			t.Helper()
			require.Equal(t, fmt.Sprint(errW), fmt.Sprint(errG), "%s %s", where, what)
			sameDec(t, want, got, where+" "+what)
		}
		if rng.IntN(8) == 0 { // an equal plan swapped in: the span no longer holds
			other, err := plan.Loan().Plan(plan.Periods(), 2)
			require.NoError(t, err)
			fast.Plan, slow.Plan = other, other
		}
		if rng.IntN(6) == 0 {
			bFast, bSlow = bFast.Clone(), bSlow.Clone()
		}
		if rng.IntN(3) == 0 {
			cw, e1 := slow.Owed(bSlow)
			cg, e2 := fast.Owed(bFast)
			same("owed", cw.Amount, cg.Amount, e1, e2)
		}
		cw, _ := slow.Owed(bSlow)
		var cash decimal.Decimal
		switch rng.IntN(4) {
		case 0:
			cash = decimal.Zero
		case 1:
			cash = randCents(rng, cw.Amount.Shift(2-shift).IntPart()).Shift(shift)
		case 2:
			cash = cw.Amount
		default:
			cash = randCents(rng, scale).Shift(shift)
		}
		pay := func(b *Book, d *Debt, inUnits bool) (decimal.Decimal, error) {
			if u, ok := toUnits(cash, 2); ok && inUnits {
				pu, err := payCheckedUnits(b, d, u)
				return pu.dec(2), err
			}
			return d.Pay(b, cash)
		}
		if rng.IntN(3) == 0 { // in a trial, undone
			var pw, pg decimal.Decimal
			var e1, e2 error
			inUnits := rng.IntN(2) == 0
			require.NoError(t, bSlow.try(func() error { pw, e1 = pay(bSlow, slow, inUnits); return nil }))
			require.NoError(t, bFast.try(func() error { pg, e2 = pay(bFast, fast, inUnits); return nil }))
			same("pay in a trial", pw, pg, e1, e2)
		}
		if rng.IntN(5) != 0 {
			inUnits := rng.IntN(2) == 0
			pw, e1 := pay(bSlow, slow, inUnits)
			pg, e2 := pay(bFast, fast, inUnits)
			same("pay", pw, pg, e1, e2)
		}
		if rng.IntN(4) == 0 {
			sweep := randCents(rng, scale).Shift(shift)
			pw, e1 := slow.Prepay(bSlow, sweep)
			pg, e2 := fast.Prepay(bFast, sweep)
			same("prepay", pw, pg, e1, e2)
		}
		sw, e1 := slow.Service(bSlow)
		sg, e2 := fast.Service(bFast)
		same("scheduled", sw.Scheduled, sg.Scheduled, e1, e2)
		same("offered", sw.Offered, sg.Offered, e1, e2)
		ow, e1 := slow.Outstanding(bSlow)
		og, e2 := fast.Outstanding(bFast)
		same("outstanding", ow, og, e1, e2)
		n := rng.IntN(6)
		jw, e1 := slow.Projected(bSlow, n)
		jg, e2 := fast.Projected(bFast, n)
		same("projected", jw, jg, e1, e2)
		rw, e1 := slow.Repaid(bSlow)
		rg, e2 := fast.Repaid(bFast)
		require.Equal(t, fmt.Sprint(e1), fmt.Sprint(e2))
		require.Equal(t, rw, rg, where+" repaid")
		if rng.IntN(4) != 0 {
			e1, e2 = slow.ClosePeriod(bSlow), fast.ClosePeriod(bFast)
			require.Equal(t, fmt.Sprint(e1), fmt.Sprint(e2), where+" close")
		}
		stw, e1 := slow.State(bSlow)
		stg, e2 := fast.State(bFast)
		require.Equal(t, fmt.Sprint(e1), fmt.Sprint(e2))
		require.Equal(t, stateText(stw), stateText(stg), where+" state")
	}
	lw, lg := bSlow.Ledger(), bFast.Ledger()
	require.Equal(t, lw.Len(), lg.Len(), "ledger length")
	for i := range lw.Len() {
		pw, pg := lw.At(i), lg.At(i)
		require.Equal(t, fmt.Sprint(pw.Kind, pw.Period, pw.Party, pw.Tranche, pw.Date), fmt.Sprint(pg.Kind, pg.Period, pg.Party, pg.Tranche, pg.Date), "payment %d", i)
		sameDec(t, pw.Amount, pg.Amount, fmt.Sprintf("payment %d amount", i))
		sameDec(t, pw.Before, pg.Before, fmt.Sprintf("payment %d before", i))
		sameDec(t, pw.After, pg.After, fmt.Sprintf("payment %d after", i))
	}
	require.Equal(t, bSlow.Events(), bFast.Events())
}

// stateText writes every field of v, exported or not, decimals with their
// exponents: two states that read the same are the same, value and
// exponent (unexported fields included, which a state read from the
// tranche does not keep).
func stateText(v any) string {
	var sb strings.Builder
	p := reflect.New(reflect.TypeOf(v)) // addressable, so that unexported decimals can be read
	p.Elem().Set(reflect.ValueOf(v))
	writeValue(&sb, p.Elem())
	return sb.String()
}

var (
	decType  = reflect.TypeOf(decimal.Decimal{})
	timeType = reflect.TypeOf(time.Time{})
)

func writeValue(sb *strings.Builder, v reflect.Value) {
	switch {
	case v.Type() == decType:
		d := reflect.NewAt(decType, v.Addr().UnsafePointer()).Elem().Interface().(decimal.Decimal)
		fmt.Fprintf(sb, "%se%d", d.Coefficient(), d.Exponent())
	case v.Type() == timeType:
		tm := reflect.NewAt(timeType, v.Addr().UnsafePointer()).Elem().Interface().(time.Time)
		sb.WriteString(tm.String())
	case v.Kind() == reflect.Struct:
		sb.WriteString("{")
		for i := range v.NumField() {
			fmt.Fprintf(sb, "%s:", v.Type().Field(i).Name)
			writeValue(sb, v.Field(i))
			sb.WriteString(" ")
		}
		sb.WriteString("}")
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			sb.WriteString("nil")
		} else {
			sb.WriteString("ptr")
		}
	default:
		fmt.Fprintf(sb, "%v", v)
	}
}

// TestIsMoney: isMoney is sameMoney(moneyOf(d), m) for decimals of every
// size and exponent (coefficients beyond int64 whose low 64 bits are m's
// included) and money of both kinds.
func TestIsMoney(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	big := decimal.RequireFromString("18446744073709551616") // 2^64: its low 64 bits are 0
	decs := []decimal.Decimal{decimal.Zero, {}, decimal.New(0, -2), decimal.New(0, 0), big, big.Add(decimal.New(5, 0)),
		decimal.New(999999999999999999, 0), decimal.New(-999999999999999999, -2), decimal.New(1000000000000000000, 0),
		decimal.New(-1000000000000000000, -2), decimal.New(1<<62, 0), decimal.New(-1<<63, 0)}
	for range 400 {
		decs = append(decs, decimal.New(rng.Int64N(1e6)-5e5, int32(rng.IntN(5))-3))
	}
	moneys := []money{{}, {e: -2}, {c: 5, e: 0}, {c: 999999999999999999}, {c: 1000000000000000000}, {c: -1 << 63}, {c: 1 << 62}}
	for _, d := range decs {
		moneys = append(moneys, moneyOf(d), money{c: d.CoefficientInt64(), e: d.Exponent()})
	}
	for _, d := range decs {
		for _, m := range moneys {
			require.Equal(t, sameMoney(moneyOf(d), m), isMoney(d, m), "%s (e %d) and %+v", d, d.Exponent(), m)
		}
	}
}

// TestDebt_LenderGuessChecked: a loan's state moved into another book
// (Book.SetState) carries its guess of the lender's index there, where it
// is past the book's parties or another party's: the payments still go
// to the lender.
func TestDebt_LenderGuessChecked(t *testing.T) {
	ps := quarters(4)
	l := contract.Loan{Commitment: dec("1000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("1000")}},
		Rate: contract.Rate{Annual: dec("0.08")}}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	debt, err := NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	for _, other := range [][]Party{{{ID: "bank"}, {ID: "x"}}, {{ID: "bank"}, {ID: "x"}, {ID: "y"}}} {
		a, err := NewBook(2, []Party{{ID: "x"}, {ID: "y"}, {ID: "bank"}}) // the lender at index 2
		require.NoError(t, err)
		require.NoError(t, a.Advance(ps[0]))
		require.NoError(t, a.Advance(ps[1]))
		paid, err := debt.Pay(a, dec("5"))
		require.NoError(t, err)
		require.Equal(t, "5", paid.String())
		b, err := NewBook(2, other) // index 2 is past the parties, or y's
		require.NoError(t, err)
		require.NoError(t, b.Advance(ps[0]))
		require.NoError(t, b.Advance(ps[1]))
		b.SetState("senior", a.State("senior"))
		paid, err = debt.Pay(b, dec("3"))
		require.NoError(t, err)
		require.Equal(t, "3", paid.String())
		require.Equal(t, "3", ledgerPaidTo(b, "bank").String(), "%d parties", len(other))
	}
}

// ledgerPaidTo is what the book's ledger paid party.
func ledgerPaidTo(b *Book, party PartyID) decimal.Decimal {
	total := decimal.Zero
	l := b.Ledger()
	for i := range l.Len() {
		if p := l.At(i); p.Party == party {
			total = total.Add(p.Amount)
		}
	}
	return total
}

// TestDebt_NoCashLeftKeepsExponents: cash that pays the fees and interest
// and nothing more leaves the principal due as it was written (a balloon
// of whole units, exponent 0), not rewritten at the cash's exponent.
func TestDebt_NoCashLeftKeepsExponents(t *testing.T) {
	ps := quarters(3)
	l := contract.Loan{Commitment: dec("1000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("1000")}},
		Rate: contract.Rate{Annual: dec("0.08")}}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	for _, debt := range []*Debt{{Name: "senior", Lender: "bank", Plan: plan}, must(NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan}))} {
		b, err := NewBook(2, []Party{{ID: "bank"}})
		require.NoError(t, err)
		require.NoError(t, b.Advance(ps[0]))
		require.NoError(t, b.Advance(ps[1]))
		require.NoError(t, b.Advance(ps[2])) // maturity: the balloon of 1000 is due
		st, err := debt.State(b)
		require.NoError(t, err)
		require.Equal(t, int32(0), st.Principal.Exponent())
		interest := st.InterestDue
		u, ok := toUnits(interest, 2)
		require.True(t, ok)
		_, err = payCheckedUnits(b, debt, u)
		require.NoError(t, err)
		st, err = debt.State(b)
		require.NoError(t, err)
		require.Equal(t, "1000", st.Principal.String())
		require.Equal(t, int32(0), st.Principal.Exponent(), "principal %s", st.Principal)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDecMoney: of is moneyOf of the decimal asked for, whether it is the
// one the memo was made from or not, and for a memo never made.
func TestDecMoney(t *testing.T) {
	a, b := dec("1.20"), dec("2.5")
	x := newDecMoney(a)
	var z decMoney
	for _, d := range []decimal.Decimal{a, b, {}, decimal.Zero, dec("1.2")} {
		require.Equal(t, moneyOf(d), x.of(d), "%s", d)
		require.Equal(t, moneyOf(d), z.of(d), "%s", d)
	}
}
