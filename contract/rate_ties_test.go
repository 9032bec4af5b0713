package contract_test

import (
	"math/big"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// TestRate_GrowthNearTies checks every digit of factors that lie very
// close to a rounding tie at 20 places, on the exp-of-ln path of
// [contract.Rate.Growth] and [contract.Rate.Discount] (periodic
// compounding over a span of ACT/365F days that is not a whole number of
// periods, or a rate whose 1 + r/m is not a finite decimal) and of
// continuous compounding (exp alone).
//
// How the cases were found: a throw-away search placed a target factor a
// chosen distance d (10^-21 to 10^-46, either side) from a tie
// (a digit 5 in the 21st place), solved for the rate
// a = m·(F^(1/(m·t)) − 1) and cut a to 100 decimal places (the most
// Rate.Validate allows); then it worked the factor of that cut rate again
// and kept the cases that tell the library apart from a copy of it with
// one working precision changed (a guard digit, a place of ln or exp, the
// choice of k in e^x = 2^k·e^s, the rounding of an exact half). The
// expected digits are not the library's: each is (1 + a/m)^(±m·days/365),
// or e^(a·days/365), worked by mpmath at 400–500 digits and again by
// Python's decimal module at 300–700 digits (exp and ln, correctly
// rounded), rounded half up to 20 places; the two agree on every case. The
// continuous cases and the last two discounts come from searches that set
// a so that s = x − k·ln 2 falls on a rounding boundary of exp's working
// places.
// The comment of each case gives ln of the factor and how far the exact
// factor lies from the tie.
//
// Most cases are closer to a tie than the 10^-30 that Growth documents:
// they pin the working precision the code has (about 35 correct places
// after the point in exp, more in ln), not only the documented bound. A
// change of the working precision that keeps the documented bound but
// rounds one of these cases the other way must be judged against the
// documentation; the expected digits themselves are exact and must not
// be edited to match.
func TestRate_GrowthNearTies(t *testing.T) {
	from := contract.Date(2000, 1, 1)
	for _, tc := range []struct {
		annual   string
		c        contract.Compounding
		days     int
		discount bool
		want     string
	}{
		// ln = -35.86, +1.9e-40 from a tie
		{"39.7761549598669402728990722342694040324075184807888223427330288176303782179058377728098277848194542189", contract.Monthly, 746, true,
			"0.00000000000000026745"},
		// ln = -17.27, +2.6e-42 from a tie
		{"93.8374321921352215279046574227793287267664309841286733194865718284385657734135063674824869107832591188", contract.Quarterly, 493, true,
			"0.00000003152047450077"},
		// ln = -13.8, +2.4e-40 from a tie
		{"5.6354438131085921082603517680990511527517785899548660928829883424595781470170279697548645633441264305", contract.Daily, 901, true,
			"0.00000101081176715502"},
		// ln = -3.043, -1.5e-35 from a tie
		{"-0.0319014454980003883265934968257170993231966989694077878118485976414408354330627760407492434016997353", contract.Quarterly, 34680, false,
			"0.04768082578409975758"},
		// ln = -0.4813, +5.9e-35 from a tie
		{"2.9799223617641656284341215266079044265046172558673062380435410998908466033992274068732666006785726492", contract.Monthly, 66, true,
			"0.61798900583460378234"},
		// ln = -0.2157, +2.2e-34 from a tie
		{"-1.1562059184786305188560067149431943234349082500109460037240611054050792013477882111552819250590647682", contract.Daily, 68, false,
			"0.80594108641227299833"},
		// ln = -0.01072, -2.7e-36 from a tie
		{"0.0004213147494004493181636986585007759513659265239776259771906437461239938319923301677382297721939042", contract.Quarterly, 9285, true,
			"0.98934023208138236393"},
		// ln = 0.1043, +1.1e-34 from a tie
		{"0.0014893832817575979056024607234056593479813226575766789310796098721015626329106531668372606100491527", contract.Monthly, 25569, false,
			"1.10996433597481533911"},
		// ln = 10.18, +1.8e-36 from a tie
		{"-0.5682572731625167534561664565191160138749066350200561750152899073584634020362484669559843145317622066", contract.Monthly, 6381, true,
			"26299.43809947747734786728"},
		// ln = 10.71, -1.5e-33 from a tie
		{"0.3424253668443150216432567669908504090436515758901991540449135961724502699095753472491987512896489563", contract.Monthly, 11580, false,
			"44877.05496231978097418680"},
		// ln = 12, +1.8e-35 from a tie
		{"0.1276299641991008500206521859509723502006125367465718825511035696201875922083130236950809691476203599", contract.Monthly, 34500, false,
			"162746.97069577022819848153"},
		// ln = 12, +4.8e-35 from a tie
		{"0.2528536264004394552236117885986971217975226060847489149621614729929325319775815498351862410138841689", contract.Annual, 19430, false,
			"162748.28879064547559344414"},
		// ln = 15.09, -1.3e-35 from a tie
		{"0.236936281527068314117275992403634241012098790522725044399717109107819625706955816243554525730402537", contract.Monthly, 23481, false,
			"3590999.05632830262023159971"},
		// ln = 18.91, -7.2e-34 from a tie
		{"2.5599633937923847388105304658429705439574025779782264872929526168229275230041889891314685031146073972", contract.Monthly, 2974, false,
			"162584487.60322674307581739302"},
		// ln = 20.62, +7.0e-33 from a tie
		{"-2.5285460820188591320446569359942861743261924411562499645507527566182206722742923354486416391949070602", contract.Monthly, 2650, true,
			"897820279.85221157716068232920"},
		// ln = 28.48, -3.5e-30 from a tie
		{"3.7451543453782708406469703976732853521594909731359721408340270922989733186147243524389209722977285976", contract.Daily, 2790, false,
			"2340704113064.03792510097792010613"},
		// ln = 53.56, +4.3e-21 from a tie
		{"-1.9999999999999999999999999999999999999999999999999999999999999999999999999999999999883458734798834139", contract.SemiAnnual, 51, true,
			"181997784826468445868227.89845617925178306456"},
		// ln = 108.7, +1.7e-34 from a tie
		{"-11.9864959073585248213644678012540501100117018935086890711104942247704471097315777819434439832095191558", contract.Monthly, 487, true,
			"162842624160348988725350475342762242162856375317.09866733159709088728"},
		// ln = 133.4, +1.5e-32 from a tie
		{"-1.9999999999035044117027127252385900834159921740827401699872230286782062208297036509204727849823472446", contract.SemiAnnual, 1025, true,
			"8752112302833696011484598897344951292264288469273759365796.59386063341671082311"},
		// Discounts, from a third search: s on a boundary of exp's places
		// between x from ln worked to the code's places and to more.
		// ln = -12.96, +2.1e-40 from a tie
		{"5.7821768311100533300348840171330218325289989669245709691480864853902398768895475657389106773978356305", contract.Annual, 2471, true,
			"0.00000235366700305005"},
		// ln = -14.25, +6.0e-41 from a tie
		{"22.4128370735798727955508381544891549456329092626810015907625803923168671745818635362468619546070837341", contract.Quarterly, 689, true,
			"0.00000064608225413574"},
		// Continuous: e^(a·days/365), s on a boundary of exp's places.
		// ln = 23.19, +1.2e-34 from a tie
		{"4.405336690073419567763034031844684288364678105042567139510671525247267048412285268089536699635606455", contract.Continuous, 1921, false,
			"11729200596.33466654640257528766"},
		// ln = 16.12, +1.1e-34 from a tie
		{"1.6496064114666888509866886248044503939686063275728062797869358003924866834875245304177179702831511074", contract.Continuous, 3567, false,
			"10028565.57417652162117594499"},
		// ln = 16.18, +1.0e-34 from a tie
		{"6.5246036269860878332291481481786802852236382049195580110497237569060773480662983425414364640883977901", contract.Continuous, 905, false,
			"10611425.64540151973995070749"},
	} {
		r := contract.Rate{Annual: decimal.RequireFromString(tc.annual), Compounding: tc.c}
		to := from.AddDate(0, 0, tc.days)
		f, name := r.Growth, "Growth"
		if tc.discount {
			f, name = r.Discount, "Discount"
		}
		got, err := f(from, to)
		if err != nil {
			t.Errorf("%s %v over %d days: %v", name, tc.c, tc.days, err)
			continue
		}
		if got.StringFixed(contract.GrowthPlaces) != tc.want {
			t.Errorf("%s at %s %v over %d days = %s, want %s", name, tc.annual[:12], tc.c, tc.days,
				got.StringFixed(contract.GrowthPlaces), tc.want)
		}
	}
}

// TestRate_GrowthLongExactPowerTakesLn: 0.00365% compounded daily is a
// finite base 1 + 0.0000365/365 = 1.0000001 a day, so a whole number of
// days would be an exact power; over 10,000,000 days (ACT/365F) that power
// has 80 million digits, far beyond the 4,000 the exact path computes, so
// Growth must take the exp-of-ln path and return at once. The factor is
// 1.0000001^10,000,000 = e^(10^7·ln 1.0000001) = 2.71828169254496627119855…
// (Python's decimal module at 200 digits, and mpmath at 80), half up to
// 20 places …27120.
func TestRate_GrowthLongExactPowerTakesLn(t *testing.T) {
	r := contract.Rate{Annual: decimal.RequireFromString("0.0000365"), Compounding: contract.Daily}
	from := contract.Date(2000, 1, 1)
	g, err := r.Growth(from, from.AddDate(0, 0, 10_000_000))
	if err != nil {
		t.Fatal(err)
	}
	if want := "2.71828169254496627120"; g.StringFixed(contract.GrowthPlaces) != want {
		t.Errorf("Growth = %s, want %s", g.StringFixed(contract.GrowthPlaces), want)
	}
}

// TestRate_GrowthExactPowerAtTheDigitBound: 1 + r with 100 significant
// digits (r has 99 decimal places), compounded annually over 40 years
// (14,600 days on ACT/365F, 40 whole periods) is an exact power of
// 100 × 40 = 4,000 digits, the most the exact path computes. This power
// (found by a search) is 9.3·10^-35 above a rounding tie,
// 10337783.069808751496328078625000000000000093…: closer than the 10^-30
// the exp-of-ln path guarantees, which rounds it down; the exact power
// rounds it up. The expected figure is the power worked here in big
// integers and rounded half up to 20 places.
func TestRate_GrowthExactPowerAtTheDigitBound(t *testing.T) {
	const a = "0.497478809044339526722588878840183874387786955781914642020856984225384833786431337230756873533029517"
	r := contract.Rate{Annual: decimal.RequireFromString(a), Compounding: contract.Annual}
	from := contract.Date(2000, 1, 1)
	got, err := r.Growth(from, from.AddDate(0, 0, 14600))
	if err != nil {
		t.Fatal(err)
	}
	g := decimal.RequireFromString(a).Add(decimal.NewFromInt(1))
	if g.NumDigits() != 100 || g.Exponent() != -99 {
		t.Fatalf("1 + r = %s: want 100 digits, 99 after the point", g)
	}
	// g^40 = c^40 / 10^3960; rounded half up to 20 places:
	// (c^40 + 10^3940/2) / 10^3940.
	p := new(big.Int).Exp(g.Coefficient(), big.NewInt(40), nil)
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(3960-20), nil)
	p.Add(p, new(big.Int).Rsh(unit, 1))
	want := decimal.NewFromBigInt(p.Quo(p, unit), -20)
	if want.String() != "10337783.06980875149632807863" {
		t.Fatalf("g^40 half up = %s: the case is not the tie it was chosen for", want)
	}
	if !got.Equal(want) {
		t.Errorf("Growth = %s, want %s", got, want)
	}
}
