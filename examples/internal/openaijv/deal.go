package openaijv

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// The parties.
const (
	founders tranche.PartyID = "Founders"
	pe       tranche.PartyID = "PE"
	lenders  tranche.PartyID = "Lenders"
)

// The tranches of the JV's stack, senior first.
const (
	seniorID  tranche.TrancheID = "senior"
	dscrID    tranche.TrancheID = "dscr"
	dsraID    tranche.TrancheID = "dsra"
	prefID    tranche.TrancheID = "pe-pref"
	capitalID tranche.TrancheID = "capital"
	catchUpID tranche.TrancheID = "pe-catch-up"
	splitID   tranche.TrancheID = "split"
)

// The sources' labels.
const (
	computeSource = "compute contract"
	energySource  = "energy"
	opexSource    = "opex"
	drawSource    = "senior draw"
	refreshSource = "gpu refresh"
	marketSource  = "market sales"
)

// scale is the minor unit: cents.
const scale = 2

// Shock is what a scenario changes from the base case. The zero value is
// the base case.
type Shock struct {
	EnergyPath  []decimal.Decimal // multipliers of the power price by calendar month, January first, from COD; one: every month; nil: none
	MarketPath  []decimal.Decimal // market price per MW-month by year after COD; nil: the inputs' path
	DelayMonths int               // interconnection delay: COD this much later
	Stranded    bool              // after the contract: Stress.StrandedUtilisation at Stress.StrandedPriceShare of the market path
	CapacityMW  decimal.Decimal   // zero: the inputs' capacity
	EnforceAt   int               // month of enforcement: the run ends, the loan is due and the facility sold at a discount; 0: none
	Sized       *sizing           // the loan and equity to use; nil: sized from the inputs
	RefreshDays int               // the GPU refresh this many days after the end of their life (negative: before)
	RefreshCost decimal.Decimal   // the refresh's cost × this; zero means 1
}

// scenario is a named shock.
type scenario struct {
	name, title string
	shock       Shock
}

// scenarios returns the scenarios of the inputs, in order.
func scenarios(in Inputs) []scenario {
	s := in.Stress
	return []scenario{
		{"base", "base case", Shock{}},
		{"energy", "power price spikes: a volatile monthly path averaging " + mean(s.EnergyPath).StringFixed(2) + "x", Shock{EnergyPath: s.EnergyPath}},
		{"market", "compute market price falls 20% a year; the JV sells at it after the contract", Shock{MarketPath: s.MarketPath}},
		{"delay", fmt.Sprintf("grid interconnection %d months late", s.DelayMonths), Shock{DelayMonths: s.DelayMonths}},
		{"stranded", fmt.Sprintf("stranded after the contract: %s%% used at %s%% of the market price", pct(s.StrandedUtilisation), pct(s.StrandedPriceShare)), Shock{Stranded: true}},
		{"scale", s.ScaleMW.String() + " MW: the article's scale", Shock{CapacityMW: s.ScaleMW}},
	}
}

// mean is the average of xs, to 16 places.
func mean(xs []decimal.Decimal) decimal.Decimal {
	if len(xs) == 0 {
		return decimal.Zero
	}
	return decimal.Sum(decimal.Zero, xs...).DivRound(decimal.NewFromInt(int64(len(xs))), 16)
}

// pct prints a share as a percentage: 0.6 → "60".
func pct(d decimal.Decimal) string { return d.Shift(2).String() }

// hoursPerMonth is the hours of an average month: 8,760 / 12.
var hoursPerMonth = decimal.NewFromInt(730)

// sizing is how the loan was sized: the sources and uses at closing.
type sizing struct {
	Capacity      decimal.Decimal // MW
	FacilityCapex decimal.Decimal
	GPUCapex      decimal.Decimal
	UpfrontFee    decimal.Decimal
	CFADS         decimal.Decimal // contracted minimum cash flow of a first-year month: revenue at the minimum − its energy − opex
	Budget        decimal.Decimal // CFADS / target DSCR: the debt service the loan may ask in its first amortising month
	Debt          decimal.Decimal // the loan, rounded down to a whole million
	GPUDebt       decimal.Decimal // its GPU tranche: Debt × GPU capex / capex
	FacilityDebt  decimal.Decimal // its facility tranche
	Founders, PE  decimal.Decimal // equity at closing; PE's is the rest of the uses
}

// Uses is everything paid at closing.
func (s sizing) Uses() decimal.Decimal { return s.FacilityCapex.Add(s.GPUCapex).Add(s.UpfrontFee) }

// sizeDebt sizes the loan, never above MaxLoanToCost of the capex, so that the contracted minimum cash flow of a
// first-year month covers the first amortising month's service
// TargetDSCR times: interest on the balance at COD (the draw grown by
// interest capitalised monthly at rate/12 during construction) plus the
// GPU tranche's and the facility tranche's straight-line principal.
func sizeDebt(in Inputs, capacity decimal.Decimal) (sizing, error) {
	s := sizing{Capacity: capacity,
		FacilityCapex: in.Capex.FacilityPerMW.Mul(capacity).Round(scale),
		GPUCapex:      in.Capex.GPUsPerMW.Mul(capacity).Round(scale)}
	capex := s.FacilityCapex.Add(s.GPUCapex)
	minMW := capacity.Mul(in.Compute.MinimumShare)
	revenue := minMW.Mul(in.Compute.PricePerMWMonth)
	energy := minMW.Mul(in.Facility.PUE).Mul(hoursPerMonth).Mul(in.Energy.PricePerMWh).Mul(decimal.NewFromInt(1).Sub(in.Energy.PassThrough))
	opex := in.Facility.OpexPerMWYear.Mul(capacity).DivRound(decimal.NewFromInt(12), 16)
	s.CFADS = revenue.Sub(energy).Sub(opex)
	if capex.Sign() <= 0 {
		return s, fmt.Errorf("capex: nothing to build: %w", contract.ErrRange)
	}
	s.Budget = decimal.Max(decimal.Zero, s.CFADS).DivRound(in.Debt.TargetDSCR, 16)
	monthly := in.Debt.Rate.DivRound(decimal.NewFromInt(12), 16)
	growth := decimal.NewFromInt(1).Add(monthly).Pow(decimal.NewFromInt(int64(in.ConstructionMonths)))
	wg := s.GPUCapex.DivRound(capex, 16)
	perDollar := growth.Mul(monthly).
		Add(wg.DivRound(decimal.NewFromInt(int64(in.Debt.GPUAmortizeMonths)), 16)).
		Add(decimal.NewFromInt(1).Sub(wg).DivRound(decimal.NewFromInt(int64(in.Debt.FacilityAmortizeMonths)), 16))
	s.Debt = decimal.Min(s.Budget.DivRound(perDollar, 16), capex.Mul(in.Debt.MaxLoanToCost)).Shift(-6).Floor().Shift(6)
	s.GPUDebt = s.Debt.Mul(s.GPUCapex).DivRound(capex, scale)
	s.FacilityDebt = s.Debt.Sub(s.GPUDebt)
	s.UpfrontFee = s.Debt.Mul(in.Debt.UpfrontFee).Round(scale)
	s.Founders = in.Founders.Equity
	s.PE = s.Uses().Sub(s.Debt).Sub(s.Founders)
	if s.PE.Sign() <= 0 {
		return s, fmt.Errorf("pe equity: the uses %s are covered by the loan %s and the Founders' %s: %w", s.Uses(), s.Debt, s.Founders, contract.ErrRange)
	}
	return s, nil
}

// model is a JV deal built from the inputs and a shock, with the terms
// behind it for the reports.
type model struct {
	in        Inputs
	shock     Shock
	size      sizing
	periods   []contract.Period
	cod       int // month of COD
	contract  int // the compute contract's last month
	horizon   int // the last month: the sale
	deal      *waterfall.Deal
	compute   source.TakeOrPayIncome
	market    source.TakeOrPayIncome
	energy    source.EnergyCost
	opex      source.OpexCost
	loan      *contract.LoanPlan
	refresh   source.CapexRefresh
	refreshAt int               // month of the GPU refresh; -1 when none
	powerMult []decimal.Decimal // each period's multiplier of the power price; nil: none
	dsra      decimal.Decimal   // the reserve's required balance
	exit      exitValue
}

// exitValue is how the sale price was found.
type exitValue struct {
	NOI      decimal.Decimal // annualised: 4 × the last 3 months' compute and market revenue − energy − opex
	GPUAge   int             // months since the GPUs in service went in
	GPULife  int             // their life in months
	CapRate  decimal.Decimal // cap_rate + gpu_age_premium × min(age, life) / life, 16 places
	Salvage  decimal.Decimal // floor
	Discount decimal.Decimal // fire-sale discount on enforcement; zero otherwise
	Value    decimal.Decimal // max(NOI / CapRate, Salvage) × (1 − Discount), cents
}

// month returns the date n months after closing.
func (in Inputs) month(n int) time.Time { return contract.AddMonths(in.Closing.Time, n, true) }

// build lays the inputs over a monthly schedule and builds the JV deal.
// Period 0 is the closing month: equity is paid in and the loan drawn at
// its end. Periods 1 to 12×Years are the months after; the facility is
// sold at the end of the last (or of the enforcement month).
func build(in Inputs, sh Shock) (*model, error) {
	capacity := in.Facility.CapacityMW
	if sh.CapacityMW.Sign() > 0 {
		capacity = sh.CapacityMW
	}
	size, err := sizeDebt(in, capacity)
	if err != nil {
		return nil, err
	}
	if sh.Sized != nil {
		size = *sh.Sized
	}
	total := 12 * in.Years
	m := &model{in: in, shock: sh, size: size, horizon: total, refreshAt: -1}
	if sh.EnforceAt > 0 && sh.EnforceAt < total {
		m.horizon = sh.EnforceAt
	}
	m.cod = in.ConstructionMonths + sh.DelayMonths
	m.contract = min(m.cod+in.Compute.ContractMonths, m.horizon)
	m.periods, err = contract.Schedule{Start: in.month(-1), End: in.month(m.horizon), Frequency: contract.EveryMonth, EndOfMonth: true}.Periods()
	if err != nil {
		return nil, err
	}
	n := len(m.periods)
	closing, end, cod := in.Closing.Time, in.month(m.horizon), in.month(m.cod)
	if m.cod >= m.horizon {
		return nil, fmt.Errorf("stress.delay_months: COD at month %d is not before the end, month %d: %w", m.cod, m.horizon, contract.ErrRange)
	}

	// Who uses the capacity: the Founders under the contract, then the
	// market.
	path := in.Market.PricePath
	if sh.MarketPath != nil {
		path = sh.MarketPath
	}
	mktUse, mktShare := in.Market.Utilisation, decimal.NewFromInt(1)
	if sh.Stranded {
		mktUse, mktShare = in.Stress.StrandedUtilisation, in.Stress.StrandedPriceShare
	}
	usage := make([]decimal.Decimal, n)
	sold := make([]decimal.Decimal, n)
	load := make(contract.Path, n)
	price := make(contract.Path, n)
	for i := range n {
		usage[i], sold[i] = decimal.Zero, decimal.Zero
		switch {
		case i > m.cod && i <= m.contract:
			usage[i] = capacity.Mul(in.Compute.Utilisation)
		case i > m.contract:
			sold[i] = capacity.Mul(mktUse)
		}
		load[i] = usage[i].Add(sold[i]).Mul(in.Facility.PUE)
		price[i] = in.Energy.PricePerMWh
		if sh.EnergyPath != nil && i > m.cod {
			if m.powerMult == nil {
				m.powerMult = make([]decimal.Decimal, n)
			}
			m.powerMult[i] = sh.EnergyPath[int(m.periods[i].End.Month()-1)%len(sh.EnergyPath)]
			price[i] = price[i].Mul(m.powerMult[i])
		}
	}
	m.compute = source.TakeOrPayIncome{
		Label: computeSource,
		Terms: contract.TakeOrPay{
			Buyer: string(founders), Seller: in.Deal, Start: cod, End: in.month(m.contract),
			Minimum:        capacity.Mul(in.Compute.MinimumShare),
			Measure:        contract.PerPeriod,
			Price:          in.Compute.PricePerMWMonth,
			Escalation:     contract.Escalation{Rate: in.Compute.Escalation},
			ShortfallShare: in.Compute.ShortfallShare,
			MakeUp:         contract.MakeUp{Window: in.Compute.MakeUpMonths},
		},
		Usage: usage, Scale: scale,
	}
	sources := []waterfall.Source{m.compute}
	if m.contract < m.horizon {
		// The market: a contract with no minimum, priced by the path's
		// year after COD, the path's later years as its index.
		k := (m.contract - m.cod) / 12
		if k >= len(path) {
			k = len(path) - 1
		}
		index := slices.Clone(path[k:])
		m.market = source.TakeOrPayIncome{
			Label: marketSource,
			Terms: contract.TakeOrPay{
				Buyer: "market", Seller: in.Deal, Start: in.month(m.contract), End: end,
				Minimum: decimal.Zero, Measure: contract.PerPeriod,
				Price:      path[k].Mul(mktShare),
				Escalation: contract.Escalation{Index: index},
			},
			Usage: sold, Scale: scale,
		}
		sources = append(sources, m.market)
	}
	m.energy = source.EnergyCost{Label: energySource, Terms: contract.Energy{Load: load, Price: price, PassThrough: in.Energy.PassThrough}, Scale: scale}
	m.opex = source.OpexCost{Label: opexSource, Terms: contract.Opex{Annual: in.Facility.OpexPerMWYear.Mul(capacity), Start: cod, End: end,
		Escalation: contract.Escalation{Rate: in.Facility.OpexEscalation}}, Scale: scale}
	sources = append(sources, m.energy, m.opex)

	// The senior loan: drawn at closing, interest capitalised until COD,
	// then the GPU tranche's and the facility tranche's straight-line
	// principal; whatever is left is due at the end (the balloon, or the
	// whole loan, accelerated, on enforcement).
	var custom []contract.Flow
	gpuPart := size.GPUDebt.DivRound(decimal.NewFromInt(int64(in.Debt.GPUAmortizeMonths)), scale)
	facPart := size.FacilityDebt.DivRound(decimal.NewFromInt(int64(in.Debt.FacilityAmortizeMonths)), scale)
	for j := 1; m.cod+j < m.horizon; j++ {
		amt := decimal.Zero
		if j <= in.Debt.FacilityAmortizeMonths {
			amt = amt.Add(facPart)
		}
		if j <= in.Debt.GPUAmortizeMonths {
			amt = amt.Add(gpuPart)
			if j == in.Debt.GPUAmortizeMonths {
				amt = amt.Add(size.GPUDebt.Sub(gpuPart.Mul(decimal.NewFromInt(int64(j)))))
			}
		}
		custom = append(custom, contract.Flow{Date: in.month(m.cod + j), Amount: amt})
	}
	m.loan, err = contract.Loan{
		Commitment:    size.Debt,
		Draws:         []contract.Flow{{Date: closing, Amount: size.Debt}},
		Rate:          contract.Rate{Annual: in.Debt.Rate, DayCount: contract.Thirty360EISDA}, // monthly interest = balance × rate / 12
		Amortization:  contract.Custom,
		Custom:        custom,
		Frequency:     contract.EveryMonth,
		PIKPeriods:    m.cod,
		Maturity:      end,
		UpfrontFee:    in.Debt.UpfrontFee,
		DefaultMargin: in.Debt.DefaultMargin,
	}.Plan(m.periods, scale)
	if err != nil {
		return nil, fmt.Errorf("debt: %w", err)
	}

	// The GPUs go in at the planned COD (a late grid connection does not
	// stop their clock) and are refreshed at the end of their life, called
	// from the partners by their equity.
	planned := in.month(in.ConstructionMonths)
	capex := contract.Capex{Asset: contract.Asset{Cost: size.GPUCapex, InService: planned, Life: in.GPUs.LifeMonths}}
	refreshDate := in.month(in.ConstructionMonths+in.GPUs.LifeMonths).AddDate(0, 0, sh.RefreshDays)
	if r, ok := contract.PeriodIndex(m.periods, refreshDate); ok && r < m.horizon && r > 0 {
		cost := size.GPUCapex.Mul(in.GPUs.RefreshShare).Round(scale)
		if sh.RefreshCost.Sign() > 0 {
			cost = cost.Mul(sh.RefreshCost).Round(scale)
		}
		capex.Obsolescence = contract.Obsolescence{Date: refreshDate, Refresh: cost, Life: in.GPUs.RefreshLifeMonths}
		m.refreshAt = r
	}
	m.refresh = source.CapexRefresh{
		Label: refreshSource, Terms: capex, Scale: scale,
		Funding: contract.CapitalCall{Commitments: []contract.Commitment{
			{Party: string(founders), Amount: size.Founders},
			{Party: string(pe), Amount: size.PE},
		}},
	}
	refreshCalls, err := m.refresh.Contributions()
	if err != nil {
		return nil, fmt.Errorf("gpu refresh: %w", err)
	}
	sources = append([]waterfall.Source{source.LoanFunding{Label: drawSource, Plan: m.loan}}, append(sources, m.refresh)...)

	if m.exit, err = m.exitValue(sources); err != nil {
		return nil, err
	}
	rows, err := m.loan.Schedule()
	if err != nil {
		return nil, fmt.Errorf("debt: %w", err)
	}
	first := rows[m.cod+1]
	m.dsra = first.Interest.Add(first.Principal).Mul(decimal.NewFromInt(int64(in.Debt.DSRAMonths)))
	stack, err := jvStack(in, m.loan, m.dsra)
	if err != nil {
		return nil, err
	}
	m.deal = &waterfall.Deal{
		Name: in.Deal, Currency: in.Currency, Scale: scale,
		Parties: []waterfall.Party{
			{ID: lenders, Name: "Lenders", Role: waterfall.RoleLender},
			{ID: pe, Name: "PE", Role: waterfall.RoleSponsor, Commitment: size.PE},
			{ID: founders, Name: "Founders", Role: waterfall.RoleInvestor, Commitment: size.Founders},
		},
		Periods: m.periods,
		Contributions: append([]waterfall.Contribution{
			{Date: closing, Party: founders, Amount: size.Founders},
			{Date: closing, Party: pe, Amount: size.PE},
		}, refreshCalls...),
		Proceeds: []contract.Flow{{Date: end, Amount: m.exit.Value}},
		Sources:  sources,
		Stack:    stack,
	}
	return m, nil
}

// exitValue prices the sale at the end of the run: the last quarter's
// net operating cash flow, annualised, with power at the price path's
// yearly average rather than the quarter's months (a buyer prices a
// year, not a season), capitalised at a yield that rises with the age
// of the GPUs in service, never below the salvage floor, less the fire
// sale discount on enforcement.
func (m *model) exitValue(sources []waterfall.Source) (exitValue, error) {
	in := m.in
	e := exitValue{NOI: decimal.Zero, Discount: decimal.Zero,
		Salvage: in.Facility.SalvagePerMW.Mul(m.size.Capacity).Round(scale)}
	for _, s := range sources {
		switch s.Name() {
		case computeSource, marketSource, energySource, opexSource:
		default:
			continue
		}
		cash, err := s.Cash(m.periods)
		if err != nil {
			return e, fmt.Errorf("%s: %w", s.Name(), err)
		}
		for i := max(0, len(cash)-3); i < len(cash); i++ {
			net := cash[i].In.Sub(cash[i].Out)
			if s.Name() == energySource && m.powerMult != nil && !m.powerMult[i].IsZero() {
				// The power bill is linear in the price: at the average.
				path := m.shock.EnergyPath
				net = net.Mul(decimal.Sum(decimal.Zero, path...)).DivRound(m.powerMult[i].Mul(decimal.NewFromInt(int64(len(path)))), 16)
			}
			e.NOI = e.NOI.Add(net.Mul(decimal.NewFromInt(4)))
		}
	}
	start, life := in.ConstructionMonths, in.GPUs.LifeMonths
	if m.refreshAt >= 0 {
		start, life = m.refreshAt, in.GPUs.RefreshLifeMonths
	}
	e.GPUAge, e.GPULife = max(0, m.horizon-start), life
	e.CapRate = in.Facility.CapRate.Add(in.Facility.GPUAgePremium.Mul(decimal.NewFromInt(int64(min(e.GPUAge, life)))).DivRound(decimal.NewFromInt(int64(life)), 16))
	v := decimal.Max(e.Salvage, e.NOI.DivRound(e.CapRate, scale))
	if m.horizon < 12*in.Years {
		e.Discount = in.Debt.FireSaleDiscount
	}
	e.Value = v.Mul(decimal.NewFromInt(1).Sub(e.Discount)).Round(scale)
	return e, nil
}

// jvStack is the JV's waterfall, senior first: the senior loan's fees,
// interest and principal; the debt-service reserve account, filled to
// DSRAMonths of scheduled service before anything reaches equity; then,
// behind the DSCR lock-up covenant, PE's preferred return on its capital;
// both partners' capital, pro rata; a catch-up in which PE takes every
// dollar until it holds its target share of all profit; and the split,
// the partners' share by capital and PE's promote.
func jvStack(in Inputs, plan *contract.LoanPlan, dsra decimal.Decimal) (tranche.Tranche, error) {
	senior, err := tranche.NewDebt(tranche.Debt{Name: seniorID, Lender: lenders, Plan: plan})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    prefID,
		Rate:    contract.Rate{Annual: in.PE.PrefRate, Compounding: contract.Annual},
		Parties: []tranche.PartyID{pe},
	})
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: capitalID, Parties: []tranche.PartyID{founders, pe}})
	if err != nil {
		return nil, err
	}
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      catchUpID,
		Sponsor:   pe,
		Target:    in.PE.CatchUpTarget,
		Rate:      in.PE.CatchUpRate,
		Investors: []tranche.PartyID{founders, pe},
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: splitID,
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{founders, pe}, Weight: decimal.NewFromInt(1).Sub(in.PE.Promote)},
			{Parties: []tranche.PartyID{pe}, Weight: in.PE.Promote, Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	covenant, err := tranche.NewCovenant(tranche.Covenant{
		Name: dscrID, Loan: senior, Junior: tranche.Sequence(pref, roc, catchUp, split),
		MinDSCR: in.Debt.MinDSCR, Action: tranche.TrapCash, CurePeriods: in.Debt.CureMonths,
	})
	if err != nil {
		return nil, err
	}
	reserve, err := tranche.NewReserve(tranche.Reserve{Name: dsraID, Loans: []tranche.Borrowing{senior}, Amount: dsra, Junior: covenant})
	if err != nil {
		return nil, err
	}
	return tranche.Sequence(senior, reserve), nil
}

// outcome is a scenario's run: the deal as run (after enforcement, if an
// event of default led to one) and what the first run found.
type outcome struct {
	scenario scenario
	model    *model
	res      *waterfall.Result
	eod      int // month of the event of default; -1 when none
}

// eventOfDefault returns the month in which a payment default has stayed
// uncured for grace months in a row, or -1.
func eventOfDefault(res *waterfall.Result, grace int) int {
	run := 0
	last := -2
	for _, e := range res.Events {
		if e.Tranche != seniorID || e.Kind != tranche.EventPaymentDefault {
			continue
		}
		if e.Period == last+1 {
			run++
		} else if e.Period != last {
			run = 1
		}
		last = e.Period
		if run >= grace {
			return e.Period
		}
	}
	return -1
}

// runScenario runs the JV. When a payment default stays uncured for the
// grace months (an event of default), the lenders accelerate and enforce:
// the JV is run again ending in that month, the whole loan due, and the
// facility sold at the fire-sale discount.
func runScenario(in Inputs, sc scenario) (*outcome, error) {
	m, err := build(in, sc.shock)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
	}
	res, err := waterfall.Run(m.deal)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
	}
	o := &outcome{scenario: sc, model: m, res: res, eod: eventOfDefault(res, in.Debt.DefaultGraceMonths)}
	if o.eod > 0 && o.eod < m.horizon && sc.shock.EnforceAt == 0 {
		sh := sc.shock
		sh.EnforceAt = o.eod
		if o.model, err = build(in, sh); err != nil {
			return nil, fmt.Errorf("scenario %s: enforcement: %w", sc.name, err)
		}
		if o.res, err = waterfall.Run(o.model.deal); err != nil {
			return nil, fmt.Errorf("scenario %s: enforcement: %w", sc.name, err)
		}
	}
	return o, nil
}

// lenderFlows are the lenders' dated flows: the loan advanced at closing
// (out of the lenders' pocket, into the deal as a source) and every
// payment to them.
func lenderFlows(res *waterfall.Result) []contract.Flow {
	var flows []contract.Flow
	paid := make([]decimal.Decimal, len(res.Periods))
	for i := range paid {
		paid[i] = decimal.Zero
	}
	for _, p := range res.Payments.All() {
		if p.Party == lenders {
			paid[p.Period] = paid[p.Period].Add(p.Amount)
		}
	}
	for i, s := range res.Periods {
		amt := paid[i]
		for l := range s.Sources.Values() {
			if l.Source == drawSource {
				amt = amt.Sub(l.In)
			}
		}
		if !amt.IsZero() {
			flows = append(flows, contract.Flow{Date: s.Period.End, Amount: amt})
		}
	}
	return flows
}

// advanced is what the lenders lent.
func advanced(res *waterfall.Result) decimal.Decimal {
	sum := decimal.Zero
	for _, s := range res.Periods {
		for l := range s.Sources.Values() {
			if l.Source == drawSource {
				sum = sum.Add(l.In)
			}
		}
	}
	return sum
}
