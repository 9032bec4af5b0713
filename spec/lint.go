package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Warning is a likely mistake in a spec that is valid: terms that are
// legal but rarely mean what they say, such as a preferred return of
// "8" (800% a year) or a party who can never be paid. Path names the
// field as the errors of [Unmarshal] do ("stack.tranches[1].rate.annual");
// Message says what looks wrong and what was probably meant. A warning
// never stops a run.
type Warning struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// String returns "path: message".
func (w Warning) String() string {
	if w.Path == "" {
		return w.Message
	}
	return w.Path + ": " + w.Message
}

// Lint returns the warnings of the deal or fund document in src: calls,
// then rates, then the stacks' tranches, then the parties. It looks for:
//   - an annual rate, or a PIK, tax or other "…_rate", of 1 or more ("8"
//     where "0.08" was meant);
//   - calls that add up to more than the commitments of the parties they
//     call;
//   - hurdles of a sequence whose rates or multiples do not rise, so a
//     later tier is met before it starts and never pays;
//   - tranches after a split or a cap table in a sequence, which take all
//     the cash they are offered, so the tranches after them never pay;
//   - a catch-up whose target is not the promote share of the split after
//     it, so the split never pays the sponsor the share the catch-up
//     brought it to;
//   - a preferred return or hurdle on parties who put no capital in, which
//     accrues on nothing;
//   - a party no tranche, fee or fund term can pay;
//   - a loan's lender that also holds equity in the same stack (return of
//     capital, a preferred return or preferred equity, a hurdle or
//     catch-up's investors), which would count its draws as capital.
//
// Lint checks only what these need: it returns no warnings for src that
// is not a JSON object, and it is no substitute for [Unmarshal], which
// reports the errors. A spec that Unmarshal rejects may have warnings too.
func Lint(src []byte) []Warning {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil
	}
	l := &linter{root: root, capital: map[string]bool{}}
	l.lint()
	return l.warnings
}

type linter struct {
	root     map[string]any
	warnings []Warning
	known    map[string]bool // the parties of the deal

	// badCommitment: a commitment is negative, an error of its own;
	// warnings that read commitments are not given.
	badCommitment bool
	capital       map[string]bool // parties that put capital in
	paid          map[string]bool // parties something can pay
}

func (l *linter) warn(path, format string, args ...any) {
	l.warnings = append(l.warnings, Warning{Path: path, Message: fmt.Sprintf(format, args...)})
}

// num returns the decimal of a JSON string (the spec's decimals) or number.
func num(v any) (decimal.Decimal, bool) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

func strs(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func objects(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		out[i], _ = x.(map[string]any)
	}
	return out
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func field(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (l *linter) lint() {
	parties := objects(l.root["parties"])
	commitment := map[string]decimal.Decimal{}
	l.known = map[string]bool{}
	for _, p := range parties {
		id, _ := p["id"].(string)
		l.known[id] = true
		c, ok := num(p["commitment"])
		l.badCommitment = l.badCommitment || ok && c.Sign() < 0
		if ok && c.Sign() > 0 {
			commitment[id] = c
			l.capital[id] = true
		}
	}
	for _, c := range objects(l.root["contributions"]) {
		if id, ok := c["party"].(string); ok {
			l.capital[id] = true
		}
	}
	for _, inv := range objects(l.root["investments"]) {
		for _, c := range objects(inv["contributions"]) {
			if id, ok := c["party"].(string); ok {
				l.capital[id] = true
			}
		}
	}
	if l.badCommitment {
		commitment = nil // calls are not checked against commitments that are wrong
	}
	l.calls(l.root["calls"], "calls", commitment)

	l.paid = map[string]bool{}
	l.rates(l.root, "")
	l.stack(l.root["stack"], "stack")
	l.lenderEquity(l.root["stack"], "stack")
	for i, inv := range objects(l.root["investments"]) {
		l.calls(inv["calls"], field(index("investments", i), "calls"), commitment)
		l.stack(inv["stack"], field(index("investments", i), "stack"))
		l.lenderEquity(inv["stack"], field(index("investments", i), "stack"))
	}
	if fees, ok := l.root["fees"].(map[string]any); ok {
		l.pays(fees["manager"])
		for _, x := range objects(fees["expenses"]) {
			l.pays(x["payee"])
		}
	}
	if am, ok := l.root["american"].(map[string]any); ok {
		l.pays(am["sponsor"])
		for _, id := range strs(am["investors"]) {
			l.paid[id] = true
		}
		if esc, ok := am["escrow"].(map[string]any); ok {
			l.pays(esc["account"])
		}
	}
	if !l.hasStack() {
		return // a missing or empty stack is an error, which says why nobody is paid
	}
	for i, p := range parties {
		id, _ := p["id"].(string)
		if _, nested := p["deal"]; id != "" && !l.paid[id] && !nested {
			l.warn(index("parties", i), "party %q is never paid: no tranche, fee or fund term names it to receive cash", id)
		}
	}
}

// hasStack reports whether the deal's stack, or every investment's, is an
// object with a kind and, for a combinator, some tranches.
func (l *linter) hasStack() bool {
	ok := func(v any) bool {
		t, isObj := v.(map[string]any)
		if !isObj {
			return false
		}
		if c, has := t["tranches"]; has {
			list, _ := c.([]any)
			return len(list) > 0
		}
		return true
	}
	if invs := objects(l.root["investments"]); len(invs) > 0 {
		for _, inv := range invs {
			if !ok(inv["stack"]) {
				return false
			}
		}
		return true
	}
	return ok(l.root["stack"])
}

func (l *linter) pays(v any) {
	if s, ok := v.(string); ok {
		l.paid[s] = true
	}
}

// calls warns when calls add up to more than the commitments of the
// parties they call.
func (l *linter) calls(v any, path string, commitment map[string]decimal.Decimal) {
	calls := objects(v)
	if len(calls) == 0 || commitment == nil || len(l.known) == 0 {
		return
	}
	scale, _ := num(l.root["scale"])
	places := int32(scale.IntPart())
	called, committed := decimal.Zero, decimal.Zero
	who := map[string]bool{}
	for _, c := range calls {
		if a, ok := num(c["amount"]); ok {
			if !a.Equal(a.Truncate(places)) {
				return // an amount finer than the minor unit is an error of its own
			}
			called = called.Add(a)
		}
		ps := strs(c["parties"])
		if len(ps) == 0 {
			for id := range commitment {
				ps = append(ps, id)
			}
		}
		for _, id := range ps {
			if !l.known[id] {
				return // an unknown party is an error of its own
			}
			who[id] = true
		}
	}
	for id := range who {
		committed = committed.Add(commitment[id])
	}
	if called.GreaterThan(committed) {
		l.warn(path, "calls add up to %s, more than the %s the parties called committed: a call above the commitments is rarely meant",
			called.StringFixed(places), committed.StringFixed(places))
	}
}

// isRateKey reports whether the field k of an object that is the value
// of parent holds an annual rate as a fraction ("0.08" is 8%): a rate's
// "annual", a fee, PIK or tax "…_rate", a floating loan's spread and
// floor. (An opex cost's "annual" is an amount, and a catch-up's "rate"
// may be 1.)
func isRateKey(parent, k string) bool {
	return (parent == "rate" && k == "annual") || strings.HasSuffix(k, "_rate") || (parent == "floating" && (k == "spread" || k == "floor"))
}

// rates walks the document for rates of 1 or more.
func (l *linter) rates(v any, path string) { l.ratesIn(v, path, "") }

func (l *linter) ratesIn(v any, path, parent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := field(path, k)
			if isRateKey(parent, k) {
				if d, ok := num(x[k]); ok && d.GreaterThanOrEqual(decimal.NewFromInt(1)) {
					l.warn(p, "a rate of %s is %s%% a year: rates are fractions, did you mean %s?", d, d.Shift(2), d.Shift(-2))
				}
			}
			l.ratesIn(x[k], p, k)
		}
	case []any:
		for i, e := range x {
			l.ratesIn(e, index(path, i), parent)
		}
	}
}

// stack walks a tranche and its children.
func (l *linter) stack(v any, path string) {
	t, ok := v.(map[string]any)
	if !ok {
		return
	}
	kind, _ := t["kind"].(string)
	l.payees(t, kind)
	switch kind {
	case "preferred_return", "hurdle":
		key := "parties"
		if kind == "hurdle" {
			key = "investors"
		}
		ids := strs(t[key])
		wellKnown := !l.badCommitment && !slices.ContainsFunc(ids, func(id string) bool { return !l.known[id] })
		if len(ids) > 0 && wellKnown && !slices.ContainsFunc(ids, func(id string) bool { return l.capital[id] }) {
			l.warn(field(path, key), "%s accrues on capital, and %s put none in (no commitment or contribution)", kind, strings.Join(quote(ids), ", "))
		}
	case "sequence":
		l.sequence(objects(t["tranches"]), field(path, "tranches"))
	}
	for _, k := range []string{"tranches", "tranche", "junior"} {
		switch c := t[k].(type) {
		case []any:
			for i := range c {
				l.stack(c[i], index(field(path, k), i))
			}
		case map[string]any:
			l.stack(c, field(path, k))
		}
	}
}

// lenderEquity warns of a party that lends a loan of the stack at path
// and also holds equity in it: a loan's draws are its lender's
// contributions, so return of capital, prefs and hurdles would count them
// as the party's capital too.
func (l *linter) lenderEquity(v any, path string) {
	type lent struct{ id, path string }
	var lenders []lent
	equity := map[string]string{} // party → the first equity tier naming it
	var walk func(v any, path string)
	walk = func(v any, path string) {
		t, ok := v.(map[string]any)
		if !ok {
			return
		}
		var ids []string
		switch kind, _ := t["kind"].(string); kind {
		case "debt":
			if id, ok := t["lender"].(string); ok {
				lenders = append(lenders, lent{id, field(path, "lender")})
			}
		case "return_of_capital", "preferred_return", "preferred_equity":
			ids = strs(t["parties"])
		case "hurdle", "catch_up":
			ids = strs(t["investors"])
		}
		for _, id := range ids {
			if _, seen := equity[id]; !seen {
				equity[id] = path
			}
		}
		for _, k := range []string{"tranches", "tranche", "junior"} {
			switch c := t[k].(type) {
			case []any:
				for i := range c {
					walk(c[i], index(field(path, k), i))
				}
			case map[string]any:
				walk(c, field(path, k))
			}
		}
	}
	walk(v, path)
	for _, x := range lenders {
		if at, ok := equity[x.id]; ok {
			l.warn(x.path, "party %q lends this loan and holds equity in the same stack (%s): its draws are its contributions, which return of capital, prefs and hurdles count as its capital; give the lender a party of its own", x.id, at)
		}
	}
}

func quote(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%q", id)
	}
	return out
}

// payees marks the parties a tranche can pay.
func (l *linter) payees(t map[string]any, kind string) {
	for _, id := range strs(t["parties"]) {
		l.paid[id] = true
	}
	for _, s := range objects(t["shares"]) {
		for _, id := range strs(s["parties"]) {
			l.paid[id] = true
		}
	}
	l.pays(t["lender"])
	if kind == "catch_up" {
		l.pays(t["sponsor"])
	}
	for _, class := range append(objects(t["preferred"]), objects(t["common"])...) {
		for _, h := range objects(class["holders"]) {
			l.pays(h["party"])
		}
	}
	if kind != "catch_up" && kind != "hurdle" && kind != "preferred_return" && kind != "return_of_capital" &&
		kind != "split" && kind != "debt" && kind != "cap_table" && kind != "sequence" && kind != "pro_rata" {
		// A kind this linter does not know: any party it names may be paid.
		for k, v := range t {
			if k == "kind" || k == "id" {
				continue
			}
			l.pays(v)
			for _, id := range strs(v) {
				l.paid[id] = true
			}
		}
	}
}

// kindTakesAll reports whether a tranche kind takes all the cash offered.
func kindTakesAll(kind string) bool { return kind == "split" || kind == "cap_table" }

// sequence checks the order of a sequence's tranches.
func (l *linter) sequence(ts []map[string]any, path string) {
	var lastRate, lastMultiple decimal.Decimal
	lastHurdle := ""
	for i, t := range ts {
		if t == nil {
			continue
		}
		kind, _ := t["kind"].(string)
		p := index(path, i)
		if i > 0 {
			if prev, _ := ts[i-1]["kind"].(string); kindTakesAll(prev) {
				l.warn(p, "never paid: the %s before it (%s) takes all the cash it is offered; a %s ends a sequence", prev, index(path, i-1), prev)
			}
		}
		switch kind {
		case "hurdle":
			rate, hasRate := decimal.Zero, false
			if r, ok := t["rate"].(map[string]any); ok {
				rate, hasRate = num(r["annual"])
			}
			multiple, hasMultiple := num(t["multiple"])
			if lastHurdle != "" && hasRate && lastRate.Sign() > 0 && rate.LessThanOrEqual(lastRate) {
				l.warn(field(p, "rate.annual"), "hurdle rate %s is not above %s of the tier before it (%s): this tier is met when that one is, and never pays", rate, lastRate, lastHurdle)
			}
			if lastHurdle != "" && hasMultiple && lastMultiple.Sign() > 0 && multiple.LessThanOrEqual(lastMultiple) {
				l.warn(field(p, "multiple"), "hurdle multiple %s is not above %s of the tier before it (%s): this tier is met when that one is, and never pays", multiple, lastMultiple, lastHurdle)
			}
			if hasRate {
				lastRate = rate
			}
			if hasMultiple {
				lastMultiple = multiple
			}
			lastHurdle = p
		case "catch_up":
			l.catchUp(t, p, ts[i+1:], path, i+1)
		}
	}
}

// catchUp warns when the first split after a catch-up gives its sponsor
// a promote share other than the catch-up's target.
func (l *linter) catchUp(t map[string]any, path string, after []map[string]any, seqPath string, at int) {
	sponsor, _ := t["sponsor"].(string)
	target, ok := num(t["target"])
	if !ok || !l.known[sponsor] || target.Sign() <= 0 || target.GreaterThanOrEqual(decimal.NewFromInt(1)) {
		return // an unknown sponsor or a target out of range is an error of its own
	}
	for j, s := range after {
		if kind, _ := s["kind"].(string); kind != "split" {
			continue
		}
		share, total := decimal.Zero, decimal.Zero
		for _, sh := range objects(s["shares"]) {
			w, _ := num(sh["weight"])
			if _, isBool := sh["promote"].(bool); w.Sign() < 0 || sh["promote"] != nil && !isBool {
				return // an error of its own
			}
			total = total.Add(w)
			if promote, _ := sh["promote"].(bool); promote && slices.Contains(strs(sh["parties"]), sponsor) {
				share = share.Add(w)
			}
		}
		if total.Equal(decimal.NewFromInt(1)) && !share.Equal(target) { // weights not adding up to 1 are an error of their own
			l.warn(field(path, "target"), "the catch-up brings %q to %s of the profit, but the split after it (%s) gives it %s as promote: the split never keeps the share the catch-up reached",
				sponsor, target, index(seqPath, at+j), share.DivRound(total, 4))
		}
		return
	}
}
