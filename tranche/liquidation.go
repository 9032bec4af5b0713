package tranche

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// LiquidationPlaces is the number of decimal places kept in a
// [Distribution]'s price per share and a [Breakpoint]'s exit value and
// price when the exact value, a rational number, is not a decimal with at
// most this many places. Payments are always whole minor units.
const LiquidationPlaces = 16

// maxDigitsExp bounds the exponent of the decimals a cap table accepts, so
// that exact arithmetic stays small: 10^-40 to 10^40 is far beyond any
// share count, price or multiple.
const maxDigitsExp = 40

// Stake is one holder's position in a class of a [CapTable].
type Stake struct {
	Party    PartyID
	Shares   decimal.Decimal // shares held (options, for an option class); positive
	Invested decimal.Decimal // preferred series only: what the holder paid for the shares, in currency units; the preference and the cap are multiples of it. Zero in a common class
	Accrued  decimal.Decimal // preferred series only: dividends accrued or declared and unpaid at the exit, in currency units, added to the preference. Zero in a common class
}

// Series is a series of convertible preferred stock in a [CapTable].
//
// Its liquidation preference is Multiple × Invested plus the holders'
// Accrued dividends (which a converting series gives up). A
// non-participating
// series receives the greater of its preference and what its shares get
// as converted to common (it converts when that pays more). A
// participating series receives its preference and then shares with
// common, as converted; with a Cap it stops at Cap × Invested in total
// (preference included, as in the NVCA term sheet's Alternative 3) and
// converts to common when its as-converted share is worth more than the
// cap. An uncapped participating series never gains by converting.
//
// A series acts as one: it converts, or reaches its cap, as a whole (the
// charter's class vote). Its preference is shared among its holders by
// what each invested, and everything else by shares.
type Series struct {
	Name            string          // unique in the cap table, e.g. "Series A"
	Seniority       int             // higher is paid first; equal seniority is pari passu. The zero value makes every series pari passu
	Multiple        decimal.Decimal // the preference as a multiple of Invested: 1 means 1x, 1.5 means 1.5x; zero for none
	Participating   bool            // after its preference, the series also shares with common, as converted
	Cap             decimal.Decimal // participating only: total return cap as a multiple of Invested (3 means 3x, preference included); zero means no cap
	ConversionRatio decimal.Decimal // common shares per preferred share on conversion; zero means 1
	Holders         []Stake
}

// CommonClass is common stock, or a class of options (or warrants) over
// common stock with one strike price, in a [CapTable].
//
// Options are exercised exactly when the value per common share exceeds
// the strike. The exercise price is paid in: the cash shared with common
// is the exit value plus strike × options exercised, and each option
// holder is paid its share less its strike, so that payments add up to
// the exit value (see [CapTable]).
type CommonClass struct {
	Name    string          // unique in the cap table, e.g. "Common" or "2024 option pool"
	Strike  decimal.Decimal // exercise price per share, in currency units; zero for common stock
	Holders []Stake
}

// CapTable is a company's equity at an exit: preferred series with their
// liquidation preferences, common stock and options. As a [Tranche] it
// takes all the cash it is offered as the exit proceeds (the equity value
// left after anything senior to it in the stack, such as debt or deal
// fees) and distributes it among the holders. A one-period deal with the
// exit proceeds as its only cash runs a venture exit through
// waterfall.Run.
//
// # Order of payment
//
// Preferred series are paid their preferences in order of seniority,
// highest first; series of equal seniority are pari passu, sharing a
// shortfall in proportion to their preferences. What is left is shared by
// the common shares, the options in the money, the converted series and
// the participating series, each by its as-converted shares; a capped
// series stops at its cap and the rest goes to the others.
//
// # Conversion and exercise
//
// Each non-participating or capped series converts, and each option class
// exercises, when that pays it more given what the others choose. The
// choices are solved jointly and exactly, through the value per common
// share, in one pass over the classes' thresholds; the result is the
// fixed point of the usual switch-one-at-a-time iteration, no class gains
// by switching alone, and every payout is non-decreasing in the exit
// value ([methods: cap table]). Options in the money are exercised for
// cash: the strikes are added to what common shares, and each option
// holder is paid its share less its strike ([methods: options]).
//
// # Rounding
//
// Payouts are exact rationals; each holding's total is rounded to whole
// minor units by largest remainder, ties to the earlier holding, so the
// payments add up to the exit value and each total is within one minor
// unit of its exact value; so as the exit value rises a rounded holding
// may fall back by up to two minor units, though the exact one never falls
// ([methods: rounding]).
//
// # Cost
//
// Pay, Distribute, Breakpoints and ExitFor take O(h log h) time for h
// classes and holdings, on numbers no longer than the terms' digits
// ([methods: cost]).
//
// # Payments
//
// A preference is paid as [KindPref], with Before and After the
// preference still owed to the holder by this tranche; everything else
// (participation, as-converted and common proceeds, options net of strike)
// as [KindProfit], with Before and After the holder's cumulative receipts
// from the tranche. Each conversion, exercise and cap is recorded as an
// [Event] ([EventConversion], [EventExercise], [EventCapReached]). If the
// tranche is offered cash in more than one period (an escrow released
// later), the exit value is the total offered so far, and each payment
// brings the holders towards their exact payouts for that total.
//
// [methods: cap table]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#cap-table-conversion-and-exercise
// [methods: options]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#cap-table-options
// [methods: rounding]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#cap-table-rounding
// [methods: cost]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#cap-table-cost
type CapTable struct {
	Name      TrancheID // unique in the stack; the ID of its payments
	Preferred []Series
	Common    []CommonClass
}

// NewCapTable returns the cap table t, validated once: it returns the
// errors of [CapTable.Validate], and a nil tranche with them.
func NewCapTable(t CapTable) (*CapTable, error) {
	t.Preferred, t.Common = slices.Clone(t.Preferred), slices.Clone(t.Common)
	for i := range t.Preferred {
		t.Preferred[i].Holders = slices.Clone(t.Preferred[i].Holders)
	}
	for i := range t.Common {
		t.Common[i].Holders = slices.Clone(t.Common[i].Holders)
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// ID returns the tranche's ID.
func (t *CapTable) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports every problem with the terms, each naming its field
// (e.g. "preferred[1].holders[0].shares"):
//   - a missing ID, or no class at all;
//   - a class without a name, or a name used twice;
//   - a negative multiple, cap, conversion ratio or strike;
//   - a cap on a non-participating series, or a cap below the multiple;
//   - a cap below the preference once accrued dividends are added;
//   - a class without holders, a holder without a party, a party listed
//     twice in a class, shares that are not positive, a negative invested
//     or accrued amount, or either in a common class;
//   - a number with more than 40 digits either side of the point.
func (t *CapTable) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name)}
	if len(t.Preferred) == 0 && len(t.Common) == 0 {
		errs = append(errs, fieldErr("common", fmt.Errorf("a cap table needs at least one class: %w", contract.ErrRequired)))
	}
	names := map[string]string{}
	checkName := func(path, name string) {
		switch {
		case name == "":
			errs = append(errs, fieldErr(path, contract.ErrRequired))
		case names[name] != "":
			errs = append(errs, fieldErr(path, fmt.Errorf("class %q is also %s: %w", name, names[name], contract.ErrInvalid)))
		default:
			names[name] = path
		}
	}
	number := func(path string, d decimal.Decimal) bool {
		if d.Exponent() < -maxDigitsExp || d.Exponent() > maxDigitsExp || d.Coefficient().BitLen() > 4*maxDigitsExp {
			errs = append(errs, fieldErr(path, fmt.Errorf("%s has too many digits: %w", d, contract.ErrRange)))
			return false
		}
		return true
	}
	nonNegative := func(path string, d decimal.Decimal) {
		if number(path, d) && d.Sign() < 0 {
			errs = append(errs, fieldErr(path, contract.ErrNegative))
		}
	}
	holders := func(path string, hs []Stake, preferred bool) {
		if len(hs) == 0 {
			errs = append(errs, fieldErr(path, ErrRequiredParty))
		}
		seen := map[PartyID]bool{}
		for i, h := range hs {
			hp := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case h.Party == "":
				errs = append(errs, fieldErr(hp+".party", ErrRequiredParty))
			case seen[h.Party]:
				errs = append(errs, fieldErr(hp+".party", fmt.Errorf("party %q listed twice: %w", h.Party, contract.ErrInvalid)))
			}
			seen[h.Party] = true
			if number(hp+".shares", h.Shares) && h.Shares.Sign() <= 0 {
				errs = append(errs, fieldErr(hp+".shares", fmt.Errorf("%s, want more than 0: %w", h.Shares, contract.ErrRange)))
			}
			nonNegative(hp+".invested", h.Invested)
			nonNegative(hp+".accrued", h.Accrued)
			if !preferred && !h.Invested.IsZero() {
				errs = append(errs, fieldErr(hp+".invested", fmt.Errorf("a common holding has no preference, so no invested amount: %w", contract.ErrInvalid)))
			}
			if !preferred && !h.Accrued.IsZero() {
				errs = append(errs, fieldErr(hp+".accrued", fmt.Errorf("a common holding has no preference, so no accrued dividends: %w", contract.ErrInvalid)))
			}
		}
	}
	for i, s := range t.Preferred {
		path := fmt.Sprintf("preferred[%d]", i)
		checkName(path+".name", s.Name)
		nonNegative(path+".multiple", s.Multiple)
		nonNegative(path+".cap", s.Cap)
		nonNegative(path+".conversion_ratio", s.ConversionRatio)
		if s.Cap.Sign() > 0 {
			if !s.Participating {
				errs = append(errs, fieldErr(path+".cap", fmt.Errorf("a cap applies only to a participating series: %w", contract.ErrInvalid)))
			} else if s.Cap.LessThan(s.Multiple) {
				errs = append(errs, fieldErr(path+".cap", fmt.Errorf("%s is below the multiple %s: %w", s.Cap, s.Multiple, contract.ErrRange)))
			} else if capped, pref := capAndPref(s); capped.LessThan(pref) {
				errs = append(errs, fieldErr(path+".cap", fmt.Errorf("the cap, %s, is below the preference with accrued dividends, %s: %w", capped, pref, contract.ErrRange)))
			}
		}
		holders(path+".holders", s.Holders, true)
	}
	for i, c := range t.Common {
		path := fmt.Sprintf("common[%d]", i)
		checkName(path+".name", c.Name)
		nonNegative(path+".strike", c.Strike)
		holders(path+".holders", c.Holders, false)
	}
	return joinErrs(errs...)
}

// capAndPref are a series' cap and preference in currency units.
func capAndPref(s Series) (capped, pref decimal.Decimal) {
	invested, accrued := decimal.Zero, decimal.Zero
	for _, h := range s.Holders {
		invested, accrued = invested.Add(h.Invested), accrued.Add(h.Accrued)
	}
	return s.Cap.Mul(invested), s.Multiple.Mul(invested).Add(accrued)
}

// Owed is unbounded: a cap table takes all the exit proceeds it is offered.
func (t *CapTable) Owed(*Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	return Claim{Unbounded: true}, nil
}

// capTableState is what a cap table has paid so far in a run: the exit
// value offered in total and the amount of each line. It is replaced, never
// changed in place.
type capTableState struct {
	exit decimal.Decimal
	paid []decimal.Decimal
}

// Pay distributes avail as exit proceeds (added to any offered before in
// the run) and pays all of it.
func (t *CapTable) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil || avail.IsZero() {
		return decimal.Zero, err
	}
	m, err := t.model()
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	st, _ := b.State(t.Name).(capTableState)
	exit := st.exit.Add(avail)
	if exit.Exponent() > maxDigitsExp {
		return decimal.Zero, fmt.Errorf("tranche %q: exit value %s: %w", t.Name, exit, contract.ErrRange)
	}
	sol := m.solve(ratOf(exit))
	lines := m.lines(sol)
	paid := st.paid
	if paid == nil {
		paid = make([]decimal.Decimal, len(lines))
	}
	if len(paid) != len(lines) {
		return decimal.Zero, fmt.Errorf("tranche %q: state holds %d lines, terms have %d: %w", t.Name, len(paid), len(lines), ErrInvariant)
	}
	parts, err := allot(avail, lines, paid, sol.exit, b.scale)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	next := make([]decimal.Decimal, len(lines))
	for i, l := range lines {
		next[i] = paid[i].Add(parts[i])
		if parts[i].IsZero() {
			continue
		}
		p := Payment{Tranche: t.Name, Party: l.party, Kind: l.kind, Amount: parts[i]}
		if l.kind == KindPref {
			p.Before = ratCeil(l.owed, b.scale).Sub(paid[i])
		} else {
			p.Before = b.PaidTo(t.Name, l.party)
		}
		p.After = p.Before.Add(parts[i])
		if l.kind == KindPref {
			p.After = p.Before.Sub(parts[i])
		}
		if err := b.Post(p); err != nil {
			return decimal.Zero, err
		}
	}
	m.record(b, t.Name, sol)
	b.SetState(t.Name, capTableState{exit: exit, paid: next})
	return avail, nil
}

// Kinds of the events a [CapTable] records in the book when it pays, one
// for each class that makes a choice, so that the ledger says why a series
// was paid as common.
const (
	EventConversion EventKind = "conversion" // a preferred series converted to common
	EventExercise   EventKind = "exercise"   // an option class was exercised
	EventCapReached EventKind = "cap"        // a participating series was held at its cap
)

// record notes the choices of the solution s in the book.
func (m *lqModel) record(b *Book, id TrancheID, s lqSolution) {
	money := func(r *big.Rat) string { return ratFloor(r, b.scale).StringFixed(b.scale) }
	exit := money(s.exit)
	for i, r := range s.classes {
		cl := &m.classes[i]
		switch {
		case r.converted:
			b.Record(Event{Tranche: id, Kind: EventConversion, Detail: fmt.Sprintf(
				"%s converts to common at an exit of %s: %s as converted beats its preference of %s",
				cl.name, exit, money(r.part), money(cl.pref))})
		case r.capped:
			b.Record(Event{Tranche: id, Kind: EventCapReached, Detail: fmt.Sprintf(
				"%s is held at its cap of %s at an exit of %s", cl.name, money(cl.cap), exit)})
		case r.exercised:
			b.Record(Event{Tranche: id, Kind: EventExercise, Detail: fmt.Sprintf(
				"%s are exercised at an exit of %s: %s a share is above the strike of %s",
				cl.name, exit, ratFloor(s.p, 4).StringFixed(4), cl.strikeDec)})
		}
	}
}

// Distribution is how a [CapTable] divides an exit value.
type Distribution struct {
	Exit     decimal.Decimal // the exit value distributed; the payouts add up to it exactly
	Price    decimal.Decimal // value per common share, as converted (exact, or rounded to LiquidationPlaces); zero while preferences are not all paid
	Exercise decimal.Decimal // strike × options of the option classes exercised: the cash they pay in
	Classes  []ClassPayout   // preferred series in the cap table's order, then common classes
}

// ClassPayout is what one class receives in a [Distribution].
type ClassPayout struct {
	Class         string
	Preferred     bool            // a preferred series; otherwise common stock or options
	Converted     bool            // a series that converted to common, giving up its preference
	Exercised     bool            // an option class in the money (strike above zero), exercised
	Capped        bool            // a participating series held at its cap: true from the exit at which its participation reaches the cap exactly (where the cap's Breakpoint is: the payout is the same either way)
	Preference    decimal.Decimal // paid as liquidation preference
	Participation decimal.Decimal // paid alongside common: participation, the as-converted share of a converted series, common's share; for options net of the strike
	Total         decimal.Decimal // Preference + Participation
	Holders       []HolderPayout  // in the class's order
}

// HolderPayout is what one holder of a class receives in a [Distribution].
type HolderPayout struct {
	Party         PartyID
	Preference    decimal.Decimal
	Participation decimal.Decimal
	Total         decimal.Decimal
}

// Class returns the payout of the class named name.
func (d Distribution) Class(name string) (ClassPayout, bool) {
	for _, c := range d.Classes {
		if c.Class == name {
			return c, true
		}
	}
	return ClassPayout{}, false
}

// Party is everything the party receives, over all the classes it holds.
func (d Distribution) Party(id PartyID) decimal.Decimal {
	total := decimal.Zero
	for _, c := range d.Classes {
		for _, h := range c.Holders {
			if h.Party == id {
				total = total.Add(h.Total)
			}
		}
	}
	return total
}

// Distribute divides exit, the exit value (equity proceeds), among the
// holders, in whole minor units at scale (2 for cents), as Pay would at
// the start of a run.
//
// Distribute returns an error if the terms are invalid, scale is outside
// 0..8, or exit is negative or not a whole number of minor units.
func (t *CapTable) Distribute(exit decimal.Decimal, scale int32) (Distribution, error) {
	m, err := t.model()
	if err != nil {
		return Distribution{}, err
	}
	if err := checkExit("exit", exit, scale); err != nil {
		return Distribution{}, err
	}
	return m.distribute(exit, scale)
}

// distribute is Distribute for a checked exit value.
func (m *lqModel) distribute(exit decimal.Decimal, scale int32) (Distribution, error) {
	s := m.solve(ratOf(exit))
	lines := m.lines(s)
	parts, err := allot(exit, lines, make([]decimal.Decimal, len(lines)), s.exit, scale)
	if err != nil {
		return Distribution{}, err
	}
	price, _ := ratDecimal(s.p, LiquidationPlaces)
	d := Distribution{Exit: exit, Price: price, Exercise: decimal.Zero}
	li := 0
	for ci, cl := range m.classes {
		r := s.classes[ci]
		cp := ClassPayout{Class: cl.name, Preferred: cl.series, Converted: r.converted, Exercised: r.exercised, Capped: r.capped,
			Preference: decimal.Zero, Participation: decimal.Zero, Total: decimal.Zero}
		if r.exercised {
			d.Exercise = d.Exercise.Add(cl.strikeDec.Mul(cl.sharesDec))
		}
		for _, h := range cl.holders {
			hp := HolderPayout{Party: h.party, Preference: decimal.Zero, Participation: decimal.Zero}
			if cl.series {
				hp.Preference = parts[li]
				li++
			}
			hp.Participation = parts[li]
			li++
			hp.Total = hp.Preference.Add(hp.Participation)
			cp.Preference = cp.Preference.Add(hp.Preference)
			cp.Participation = cp.Participation.Add(hp.Participation)
			cp.Holders = append(cp.Holders, hp)
		}
		cp.Total = cp.Preference.Add(cp.Participation)
		d.Classes = append(d.Classes, cp)
	}
	return d, nil
}

// PayoutTable distributes each of exits (see [CapTable.Distribute]): the
// payouts over a range of exit values, one row per exit.
func (t *CapTable) PayoutTable(exits []decimal.Decimal, scale int32) ([]Distribution, error) {
	m, err := t.model()
	if err != nil {
		return nil, err
	}
	out := make([]Distribution, len(exits))
	for i, x := range exits {
		if err := checkExit(fmt.Sprintf("exits[%d]", i), x, scale); err != nil {
			return nil, err
		}
		d, err := m.distribute(x, scale)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func checkExit(path string, exit decimal.Decimal, scale int32) error {
	switch {
	case scale < 0 || scale > 8:
		return fieldErr("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, contract.ErrRange))
	case exit.Sign() < 0:
		return fieldErr(path, contract.ErrNegative)
	case !IsWhole(exit, scale):
		return fieldErr(path, fmt.Errorf("%s at scale %d: %w", exit, scale, ErrNotQuantized))
	case exit.Exponent() > maxDigitsExp:
		return fieldErr(path, fmt.Errorf("%s has too many digits: %w", exit, contract.ErrRange))
	}
	return nil
}

// roundRats splits total (whole minor units) in proportion to the exact
// amounts xs (negative ones count as zero), by largest remainder as
// alloc.Split does, ties to the earlier amount. When xs sum to total,
// each part is within one unit of its exact amount.
//
// sum, when known, is the exact sum of xs, negative ones included. When
// it is total, as it is for a cap table's lines, the split is computed
// without a common denominator ([roundRatsKnown]), in O(n log n) however
// many denominators the amounts have; otherwise through alloc.Split, with
// the rationals over their least common denominator, whose digits grow
// with the number of distinct denominators.
func roundRats(total decimal.Decimal, xs []*big.Rat, sum *big.Rat, scale int32) ([]decimal.Decimal, error) {
	if len(xs) == 0 {
		if total.IsZero() {
			return nil, nil
		}
		return nil, fmt.Errorf("%s to pay and no holder: %w", total, ErrInvariant)
	}
	if sum != nil && total.Sign() > 0 && sum.Cmp(ratOf(total)) == 0 {
		if parts, ok := roundRatsKnown(total, xs, scale); ok {
			return parts, nil
		}
	}
	den := big.NewInt(1)
	for _, x := range xs {
		if x.Sign() > 0 {
			g := new(big.Int).GCD(nil, nil, den, x.Denom())
			den.Mul(den, new(big.Int).Quo(x.Denom(), g))
		}
	}
	weights := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		if x.Sign() <= 0 {
			weights[i] = decimal.Zero
			continue
		}
		w := new(big.Int).Mul(x.Num(), new(big.Int).Quo(den, x.Denom()))
		weights[i] = decimal.NewFromBigInt(w, 0)
	}
	return alloc.Split(total, weights, scale)
}

// roundRatsKnown is roundRats for amounts xs that sum to total (positive):
// the positive ones then sum to X = total + the magnitude of the negative
// ones, part i is floor(units·x_i/X) in minor units, and the units left
// over go to the largest remainders, compared by cross-multiplication,
// ties to the lower index: the parts of alloc.Split with the weights over
// a common denominator, without computing it. ok is false, and nothing is
// computed, if the amounts do not sum to total after all.
func roundRatsKnown(total decimal.Decimal, xs []*big.Rat, scale int32) (parts []decimal.Decimal, ok bool) {
	x := ratOf(total)
	for _, v := range xs {
		if v.Sign() < 0 {
			x.Sub(x, v)
		}
	}
	units := total.Shift(scale).BigInt()
	q := make([]*big.Int, len(xs))
	rn, rd := make([]*big.Int, len(xs)), make([]*big.Int, len(xs)) // remainder i is rn[i]/rd[i] of a unit
	left := new(big.Int).Set(units)
	zero, one := new(big.Int), big.NewInt(1)
	for i, v := range xs {
		if v.Sign() <= 0 {
			q[i], rn[i], rd[i] = zero, zero, one
			continue
		}
		num := new(big.Int).Mul(units, v.Num())
		num.Mul(num, x.Denom())
		rd[i] = new(big.Int).Mul(v.Denom(), x.Num())
		q[i], rn[i] = new(big.Int).QuoRem(num, rd[i], new(big.Int))
		left.Sub(left, q[i])
	}
	if left.Sign() < 0 || left.Cmp(big.NewInt(int64(len(xs)))) >= 0 {
		return nil, false
	}
	var a, b big.Int
	cmpRem := func(i, j int) int { return a.Mul(rn[i], rd[j]).Cmp(b.Mul(rn[j], rd[i])) }
	give := make([]bool, len(xs))
	switch n := int(left.Int64()); n {
	case 0:
	case 1:
		best := 0
		for i := 1; i < len(xs); i++ {
			if cmpRem(i, best) > 0 {
				best = i
			}
		}
		give[best] = true
	default:
		order := make([]int, len(xs))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(i, j int) int {
			if c := cmpRem(j, i); c != 0 {
				return c
			}
			return i - j
		})
		for _, i := range order[:n] {
			give[i] = true
		}
	}
	parts = make([]decimal.Decimal, len(xs))
	for i := range parts {
		if give[i] {
			parts[i] = decimal.NewFromBigInt(new(big.Int).Add(q[i], one), -scale)
		} else {
			parts[i] = decimal.NewFromBigInt(q[i], -scale)
		}
	}
	return parts, true
}
