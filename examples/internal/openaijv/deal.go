package openaijv

import (
	"fmt"
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
)

// scale is the minor unit: cents.
const scale = 2

// Shock is what a scenario changes from the base case. The zero value is
// the base case.
type Shock struct {
	EnergyMultiplier decimal.Decimal // energy price × this from EnergyFrom; zero means 1
	EnergyFrom       int             // month after closing
	Utilisation      *decimal.Decimal
	UtilisationFrom  int // month after closing
	ObsoleteAfter    int // months after COD; 0: the GPUs live out their life
}

// scenario is a named shock.
type scenario struct {
	name, title string
	shock       Shock
}

// scenarios returns the five scenarios of the inputs, in order.
func scenarios(in Inputs) []scenario {
	s := in.Stress
	util := s.Utilisation
	energy := Shock{EnergyMultiplier: s.EnergyMultiplier, EnergyFrom: s.EnergyFromMonth}
	low := Shock{Utilisation: &util, UtilisationFrom: s.UtilisationFromMonth}
	obs := Shock{ObsoleteAfter: s.ObsoleteAfterMonths}
	all := Shock{EnergyMultiplier: energy.EnergyMultiplier, EnergyFrom: energy.EnergyFrom,
		Utilisation: &util, UtilisationFrom: low.UtilisationFrom, ObsoleteAfter: obs.ObsoleteAfter}
	return []scenario{
		{"base", "base case", Shock{}},
		{"energy", fmt.Sprintf("energy price ×%s from month %d", s.EnergyMultiplier, s.EnergyFromMonth), energy},
		{"utilisation", fmt.Sprintf("utilisation %s%% from month %d; take-or-pay still bills the minimum", pct(util), s.UtilisationFromMonth), low},
		{"obsolescence", fmt.Sprintf("GPUs obsolete %d months after COD; refresh called from the partners", s.ObsoleteAfterMonths), obs},
		{"combined", "all three together", all},
	}
}

// pct prints a share as a percentage: 0.6 → "60".
func pct(d decimal.Decimal) string { return d.Shift(2).String() }

// model is a JV deal built from the inputs and a shock, with the terms
// behind it for the reports.
type model struct {
	in       Inputs
	shock    Shock
	periods  []contract.Period
	cod      time.Time
	deal     *waterfall.Deal
	compute  source.TakeOrPayIncome
	loan     *contract.LoanPlan
	refresh  source.CapexRefresh
	refreshN int // period of the refresh, -1 when none
}

// month returns the date n months after closing.
func (in Inputs) month(n int) time.Time { return contract.AddMonths(in.Closing.Time, n, true) }

// build lays the inputs over a monthly schedule and builds the JV deal.
// Period 0 is the closing month: equity is paid in and the loan drawn at
// its end. Periods 1 to 12×Years are the months after; the facility is
// sold at the end of the last.
func build(in Inputs, sh Shock) (*model, error) {
	total := 12 * in.Years
	periods, err := contract.Schedule{Start: in.month(-1), End: in.month(total), Frequency: contract.EveryMonth, EndOfMonth: true}.Periods()
	if err != nil {
		return nil, err
	}
	m := &model{in: in, shock: sh, periods: periods, cod: in.month(in.ConstructionMonths), refreshN: -1}
	closing, end := in.Closing.Time, in.month(total)
	cap := in.Facility.CapacityMW

	// The compute contract: the Founders take capacity × utilisation
	// MW-months a month from COD and pay for at least the minimum.
	usage := make([]decimal.Decimal, len(periods))
	load := make(contract.Path, len(periods))
	price := make(contract.Path, len(periods))
	for i := range periods {
		usage[i], load[i] = decimal.Zero, decimal.Zero
		if i > in.ConstructionMonths {
			u := in.Compute.Utilisation
			if sh.Utilisation != nil && i >= sh.UtilisationFrom {
				u = *sh.Utilisation
			}
			usage[i] = cap.Mul(u)
			load[i] = cap.Mul(u).Mul(in.Facility.PUE)
		}
		price[i] = in.Energy.PricePerMWh
		if !sh.EnergyMultiplier.IsZero() && i >= sh.EnergyFrom {
			price[i] = in.Energy.PricePerMWh.Mul(sh.EnergyMultiplier)
		}
	}
	m.compute = source.TakeOrPayIncome{
		Label: computeSource,
		Terms: contract.TakeOrPay{
			Buyer: string(founders), Seller: in.Deal, Start: m.cod, End: end,
			Minimum:        cap.Mul(in.Compute.MinimumShare),
			Measure:        contract.PerPeriod,
			Price:          in.Compute.PricePerMWMonth,
			Escalation:     contract.Escalation{Rate: in.Compute.Escalation},
			ShortfallShare: in.Compute.ShortfallShare,
			MakeUp:         contract.MakeUp{Window: in.Compute.MakeUpMonths},
		},
		Usage: usage, Scale: scale,
	}

	// The senior loan: drawn at closing, interest capitalised during
	// construction, interest only for a while after COD, then level
	// payments on a long profile, the balloon repaid from the sale.
	m.loan, err = contract.Loan{
		Commitment:   in.Debt.Amount,
		Draws:        []contract.Flow{{Date: closing, Amount: in.Debt.Amount}},
		Rate:         contract.Rate{Annual: in.Debt.Rate, DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment,
		Frequency:    contract.EveryMonth,
		PIKPeriods:   in.ConstructionMonths,
		InterestOnly: in.ConstructionMonths + in.Debt.InterestOnlyMonths,
		Amortize:     in.Debt.AmortizeMonths,
		Maturity:     end,
		UpfrontFee:   in.Debt.UpfrontFee,
	}.Plan(periods, scale)
	if err != nil {
		return nil, fmt.Errorf("debt: %w", err)
	}

	// The GPUs, and their refresh when they go obsolete: called from the
	// partners by commitment, so it adds to both partners' capital.
	capex := contract.Capex{Asset: contract.Asset{Cost: in.GPUs.Cost, InService: m.cod, Life: in.GPUs.LifeMonths}}
	if sh.ObsoleteAfter > 0 {
		capex.Obsolescence = contract.Obsolescence{Date: contract.AddMonths(m.cod, sh.ObsoleteAfter, true),
			Refresh: in.GPUs.RefreshCost, Life: in.GPUs.RefreshLifeMonths}
		m.refreshN = in.ConstructionMonths + sh.ObsoleteAfter
	}
	m.refresh = source.CapexRefresh{
		Label: refreshSource, Terms: capex, Scale: scale,
		Funding: contract.CapitalCall{Commitments: []contract.Commitment{
			{Party: string(founders), Amount: in.Founders.Equity},
			{Party: string(pe), Amount: in.PE.Equity},
		}},
	}
	refreshCalls, err := m.refresh.Contributions()
	if err != nil {
		return nil, fmt.Errorf("gpu refresh: %w", err)
	}

	stack, err := jvStack(in, m.loan)
	if err != nil {
		return nil, err
	}
	m.deal = &waterfall.Deal{
		Name: in.Deal, Currency: in.Currency, Scale: scale,
		Parties: []waterfall.Party{
			{ID: lenders, Name: "Lenders", Role: waterfall.RoleLender},
			{ID: pe, Name: "PE", Role: waterfall.RoleInvestor, Commitment: in.PE.Equity},
			{ID: founders, Name: "Founders", Role: waterfall.RoleSponsor, Commitment: in.Founders.Equity},
		},
		Periods: periods,
		Contributions: append([]waterfall.Contribution{
			{Date: closing, Party: founders, Amount: in.Founders.Equity},
			{Date: closing, Party: pe, Amount: in.PE.Equity},
		}, refreshCalls...),
		Proceeds: []contract.Flow{{Date: end, Amount: in.Facility.ExitValue}},
		Sources: []waterfall.Source{
			source.LoanFunding{Label: drawSource, Plan: m.loan},
			m.compute,
			source.EnergyCost{Label: energySource, Terms: contract.Energy{Load: load, Price: price, PassThrough: in.Energy.PassThrough}, Scale: scale},
			source.OpexCost{Label: opexSource, Terms: contract.Opex{Annual: in.Facility.OpexPerYear, Start: m.cod, End: end,
				Escalation: contract.Escalation{Rate: in.Facility.OpexEscalation}}, Scale: scale},
			m.refresh,
		},
		Stack: stack,
	}
	return m, nil
}

// jvStack is the JV's waterfall, senior first: the senior loan's fees,
// interest and principal; then, behind its DSCR covenant, PE's preferred
// return on its capital; both partners' capital, pro rata; a catch-up to
// PE until it holds its target share of all profit; and the split, the
// partners' share by commitment and PE's promote.
func jvStack(in Inputs, plan *contract.LoanPlan) (tranche.Tranche, error) {
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
	return tranche.Sequence(senior, covenant), nil
}

// outcome is a scenario's run with the Founders' side of the compute
// contract.
type outcome struct {
	scenario scenario
	model    *model
	res      *waterfall.Result
	position position
}

// position is the Founders' all-in position: what they got from the JV
// less what they paid it, as equity and under the compute contract.
type position struct {
	Equity        decimal.Decimal // contributed to the JV
	Distributions decimal.Decimal // received from the JV
	TakeOrPay     decimal.Decimal // paid under the compute contract
	Unused        decimal.Decimal // of which shortfall payments: capacity paid for and not used
	Net           decimal.Decimal // Distributions − TakeOrPay − Equity
}

// runScenario runs the JV and reads the Founders' compute bill from the
// contract's statement: the same statement is the JV's income.
func runScenario(in Inputs, sc scenario) (*outcome, error) {
	m, err := build(in, sc.shock)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
	}
	res, err := waterfall.Run(m.deal)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
	}
	pos, err := m.foundersPosition(res)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
	}
	return &outcome{scenario: sc, model: m, res: res, position: pos}, nil
}

func (m *model) foundersPosition(res *waterfall.Result) (position, error) {
	st, err := m.compute.Statement(m.periods)
	if err != nil {
		return position{}, err
	}
	t, _ := res.Party(founders)
	p := position{Equity: t.Contributed, Distributions: t.Distributed, TakeOrPay: decimal.Zero, Unused: decimal.Zero}
	for _, s := range st {
		p.TakeOrPay = p.TakeOrPay.Add(s.Paid)
		p.Unused = p.Unused.Add(s.ShortfallPayment)
	}
	p.Net = p.Distributions.Sub(p.TakeOrPay).Sub(p.Equity)
	return p, nil
}
