// Command mutate measures how well the tests catch the bugs a small change
// would make. It changes the money code one place at a time, the way a bug
// would — a decimal Add for a Sub, a RoundCeil for a RoundFloor, a
// comparison's boundary, a rounding place off by one, a dropped error
// return or append — builds the package with the change through go's
// -overlay (the working tree is never written), runs the tests, and reports
// for each file how many of these mutants some test killed.
//
// By default all the mutants of a package go into one "schemata" build
// (see schemata.go): the package and each judge's test binary are built
// once, and each mutant is one run of those binaries with JVW_MUTANT set, so
// a mutant costs the time its judges take to fail, not a build. -alone
// judges each mutant by its own build instead (the results agree; it is
// slower by the build, 10–25 s a mutant here).
//
// Usage (from the module root):
//
//	go run ./internal/mutate [flags] PACKAGE_DIR...
//
// For example:
//
//	go run ./internal/mutate -test ./tranche/,./waterfall/ \
//	    -equivalent internal/mutate/testdata/equivalent/tranche.txt ./tranche
//
// Flags:
//
//	-test      packages whose tests judge the mutants, comma-separated
//	           directories (default: the mutated package)
//	-files     only these files of the package, comma-separated base names
//	-equivalent FILES  comma-separated files of mutants judged equivalent, one
//	           ID per line ("#" comments), left out of the non-equivalent
//	           score; IDs are printed with every survivor
//	-timeout   the most one test run may take (default 5m alone, and in a
//	           schemata build 10 times the judges' run with no mutant plus
//	           20 s); a run that takes longer counts as killed
//	-alone     judge each mutant by its own build
//	-j         test runs at once (default 1: go test is parallel already)
//	-run       passed to go test -run, to narrow the tests
//	-only FILE mutant IDs to judge, one per line (as -equivalent): the
//	           survivors of an earlier run, judged again after new tests
//	-skip      passed to go test -skip, to leave out slow tests (a narrower
//	           judge can only kill fewer mutants: the score is a floor)
//
// A mutant that does not compile is "stillborn" and left out. The report
// lists every surviving mutant with its ID, position and change; docs/testing.md
// keeps the latest figures and the reasoning behind each equivalent mutant.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// mutant is one change at one place of a file.
type mutant struct {
	File     string // path of the file
	Line     int
	Col      int
	Op       string // what kind of change, e.g. "Add→Sub"
	start    int    // byte offsets of the replaced text
	end      int
	with     string // the replacement
	Status   string // killed, survived, stillborn
	Duration time.Duration
	site     ast.Node // the expression or statement the change is in
	schema   int      // its number in a schemata build; 0 if judged alone
}

// ID names the mutant stably across runs while the file does not change
// around it: the file's path from the module root (the tool runs there),
// line, column and change, e.g. "tranche/hurdle.go:266:18:Add→Sub".
func (m *mutant) ID() string {
	return fmt.Sprintf("%s:%d:%d:%s", filepath.ToSlash(filepath.Clean(m.File)), m.Line, m.Col, m.Op)
}

// Method swaps: decimal arithmetic, comparisons, rounding modes.
var methodSwaps = map[string][]string{
	"Add": {"Sub"}, "Sub": {"Add"}, "Mul": {"Div"}, "Div": {"Mul"},
	"LessThan": {"LessThanOrEqual"}, "LessThanOrEqual": {"LessThan"},
	"GreaterThan": {"GreaterThanOrEqual"}, "GreaterThanOrEqual": {"GreaterThan"},
	"Min": {"Max"}, "Max": {"Min"},
	"RoundCeil": {"RoundFloor"}, "RoundFloor": {"RoundCeil"},
	"RoundUp": {"RoundDown"}, "RoundDown": {"RoundUp"},
	"Round": {"RoundBank"}, "RoundBank": {"Round"},
	"Ceil": {"Floor"}, "Floor": {"Ceil"},
	"Neg": {"Abs"}, "IsPositive": {"IsNegative"}, "IsNegative": {"IsPositive"},
}

// Calls whose last argument is a number of decimal places.
var placesArg = map[string]bool{
	"Round": true, "RoundBank": true, "RoundCeil": true, "RoundFloor": true,
	"RoundUp": true, "RoundDown": true, "DivRound": true, "Truncate": true,
}

// Go operator swaps.
var opSwaps = map[token.Token]token.Token{
	token.ADD: token.SUB, token.SUB: token.ADD, token.MUL: token.QUO, token.QUO: token.MUL,
	token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR,
	token.EQL: token.NEQ, token.NEQ: token.EQL, token.LAND: token.LOR, token.LOR: token.LAND,
}

// mutants lists the mutants of one parsed file; src is its text.
func mutants(fset *token.FileSet, f *ast.File, path string, src []byte) []*mutant {
	var out []*mutant
	var site ast.Node
	add := func(pos, end token.Pos, op, with string) {
		p := fset.Position(pos)
		out = append(out, &mutant{File: path, Line: p.Line, Col: p.Column, Op: op,
			start: fset.Position(pos).Offset, end: fset.Position(end).Offset, with: with, site: site})
	}
	text := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			// Constants and types are not behaviour to mutate.
			return n.Tok == token.VAR
		case *ast.BinaryExpr:
			site = n
			if to, ok := opSwaps[n.Op]; ok {
				add(n.OpPos, n.OpPos+token.Pos(len(n.Op.String())), n.Op.String()+"→"+to.String(), to.String())
			}
			// "if err != nil { return … }" skipped: the error is dropped.
			if id, ok := n.X.(*ast.Ident); ok && id.Name == "err" && n.Op == token.NEQ {
				if nl, ok := n.Y.(*ast.Ident); ok && nl.Name == "nil" {
					add(n.Pos(), n.End(), "drop-err", "false")
				}
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			name := sel.Sel.Name
			site = n
			for _, to := range methodSwaps[name] {
				add(sel.Sel.Pos(), sel.Sel.End(), name+"→"+to, to)
			}
			if placesArg[name] && len(n.Args) > 0 {
				a := n.Args[len(n.Args)-1]
				add(a.Pos(), a.End(), name+" places+1", "("+text(a)+")+1")
				add(a.Pos(), a.End(), name+" places-1", "("+text(a)+")-1")
			}
		case *ast.AssignStmt:
			// x = append(x, …) dropped: the append's result is discarded.
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && n.Tok == token.ASSIGN {
				if call, ok := n.Rhs[0].(*ast.CallExpr); ok {
					if fn, ok := call.Fun.(*ast.Ident); ok && fn.Name == "append" {
						site = n
						add(n.Lhs[0].Pos(), n.Lhs[0].End(), "drop-append", "_")
					}
				}
			}
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

type runner struct {
	test    []string
	run     string
	skip    string
	timeout time.Duration
	tmp     string
}

// judge builds and tests with the mutant in place of its file.
func (r *runner) judge(m *mutant) {
	src, err := os.ReadFile(m.File)
	if err != nil {
		m.Status = "error: " + err.Error()
		return
	}
	mutated := string(src[:m.start]) + m.with + string(src[m.end:])
	dir, err := os.MkdirTemp(r.tmp, "m")
	if err != nil {
		m.Status = "error: " + err.Error()
		return
	}
	defer os.RemoveAll(dir)
	backing := filepath.Join(dir, filepath.Base(m.File))
	abs, _ := filepath.Abs(m.File)
	overlay := filepath.Join(dir, "overlay.json")
	cfg, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: backing}})
	if err := os.WriteFile(backing, []byte(mutated), 0o644); err != nil {
		m.Status = "error: " + err.Error()
		return
	}
	if err := os.WriteFile(overlay, cfg, 0o644); err != nil {
		m.Status = "error: " + err.Error()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	args := []string{"test", "-overlay", overlay, "-count=1", "-failfast"}
	if r.run != "" {
		args = append(args, "-run", r.run)
	}
	if r.skip != "" {
		args = append(args, "-skip", r.skip)
	}
	args = append(args, r.test...)
	start := time.Now()
	out, err := exec.CommandContext(ctx, "go", args...).CombinedOutput()
	m.Duration = time.Since(start)
	switch {
	case err == nil:
		m.Status = "survived"
	case ctx.Err() != nil:
		m.Status = "killed" // a timeout is a detected change: the tests did not pass
	case strings.Contains(string(out), "[build failed]") || strings.Contains(string(out), "[setup failed]") ||
		strings.Contains(string(out), "vet:"):
		m.Status = "stillborn"
	default:
		m.Status = "killed"
	}
}

// readEquivalent reads a file of mutant IDs, one a line, "#" comments. An
// ID may name its file by base name alone ("hurdle.go:266:18:Add→Sub")
// when no other package of the module has a file of that name: it is
// read as the path that has (dirs, from moduleFiles). A base name that
// several packages share (run.go, takeorpay.go) must be written with its
// path, or one package's equivalent mutant would hide another's survivor.
func readEquivalent(path string, dirs map[string][]string) (map[string]bool, error) {
	eq := map[string]bool{}
	if path == "" {
		return eq, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		id, err := qualify(line, dirs)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		eq[id] = true
	}
	return eq, sc.Err()
}

// qualify returns id with its file's path from the module root: as it is
// when it has one, and from dirs when its base name is the module's only
// file of that name.
func qualify(id string, dirs map[string][]string) (string, error) {
	file, _, _ := strings.Cut(id, ":")
	if strings.Contains(file, "/") {
		return id, nil
	}
	switch d := dirs[file]; len(d) {
	case 0:
		return "", fmt.Errorf("mutant %s: no file %s in the module", id, file)
	case 1:
		return d[0] + "/" + id, nil
	default:
		return "", fmt.Errorf("mutant %s: %s is in %s: write the file's path, e.g. %s/%s", id, file, strings.Join(d, ", "), d[0], id)
	}
}

// moduleFiles maps each base name of a non-test Go file of the module
// under root (nested modules, testdata and hidden directories left out)
// to the directories, from root, that hold one.
func moduleFiles(root string) (map[string][]string, error) {
	dirs := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			name := e.Name()
			if p != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); p != root && err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if name := e.Name(); strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rel, err := filepath.Rel(root, filepath.Dir(p))
			if err != nil {
				return err
			}
			dirs[name] = append(dirs[name], filepath.ToSlash(rel))
		}
		return nil
	})
	return dirs, err
}

func main() {
	test := flag.String("test", "", "comma-separated packages whose tests judge the mutants (default: the mutated packages)")
	files := flag.String("files", "", "comma-separated base names: only these files")
	equivalent := flag.String("equivalent", "", "comma-separated files of mutant IDs judged equivalent")
	timeout := flag.Duration("timeout", 0, "the most one test run may take (default: 5m alone; 10 times the judges' time with no mutant plus 20s in a schemata build)")
	jobs := flag.Int("j", 1, "test runs at once")
	run := flag.String("run", "", "go test -run pattern")
	skip := flag.String("skip", "", "go test -skip pattern")
	onlyIDs := flag.String("only", "", "file of mutant IDs: judge only these")
	alone := flag.Bool("alone", false, "judge every mutant by its own build (no schemata)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/mutate [flags] PACKAGE_DIR...")
		os.Exit(2)
	}
	dirs, err := moduleFiles(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	eq := map[string]bool{}
	for _, path := range strings.Split(*equivalent, ",") {
		if path == "" {
			continue
		}
		e, err := readEquivalent(path, dirs)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for id := range e {
			eq[id] = true
		}
	}
	var pick map[string]bool
	if *onlyIDs != "" {
		if pick, err = readEquivalent(*onlyIDs, dirs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	only := map[string]bool{}
	for _, f := range strings.Split(*files, ",") {
		if f != "" {
			only[f] = true
		}
	}
	r := &runner{run: *run, skip: *skip, timeout: *timeout, tmp: os.TempDir()}
	if r.timeout == 0 {
		r.timeout = 5 * time.Minute
	}
	if *test != "" {
		r.test = strings.Split(*test, ",")
	} else {
		for _, d := range flag.Args() {
			r.test = append(r.test, "./"+filepath.Clean(d))
		}
	}
	var all []*mutant
	var builds []*schemata
	next := 0
	for _, dir := range flag.Args() {
		p, err := loadPackage(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var paths []string
		for path := range p.files {
			if len(only) == 0 || only[filepath.Base(path)] {
				paths = append(paths, path)
			}
		}
		sort.Strings(paths)
		sc := &schemata{pkg: p}
		for _, path := range paths {
			var ms []*mutant
			for _, m := range mutants(p.fset, p.files[path], path, p.src[path]) {
				if pick == nil || pick[m.ID()] {
					ms = append(ms, m)
				}
			}
			all = append(all, ms...)
			if !*alone {
				if sf := p.schematize(path, ms, &next); len(sf.sites) > 0 {
					sc.files = append(sc.files, sf)
				}
			}
		}
		if len(sc.files) == 0 {
			continue
		}
		if sc.tmp, err = os.MkdirTemp("", "schemata"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer os.RemoveAll(sc.tmp)
		fmt.Fprintf(os.Stderr, "building the schemata of %s for %s\n", dir, strings.Join(r.test, " "))
		t0 := time.Now()
		if err := sc.build(r.test); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "built in %.0fs\n", time.Since(t0).Seconds())
		t0 = time.Now()
		if err := sc.baseline(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		base := time.Since(t0)
		if *timeout == 0 {
			sc.timeout = 10*base + 20*time.Second
		}
		fmt.Fprintf(os.Stderr, "the judges pass with no mutant in %.1fs; a mutant's run may take %v\n", base.Seconds(), sc.timeout.Round(time.Second))
		builds = append(builds, sc)
	}
	fmt.Fprintf(os.Stderr, "%d mutants; judged by go test %s\n", len(all), strings.Join(r.test, " "))
	work := make(chan *mutant)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(*jobs, 1) {
		wg.Go(func() {
			for m := range work {
				switch {
				case m.Status == "stillborn":
				case m.schema > 0:
					for _, sc := range builds {
						if sc.owns(m) {
							sc.judge(r, m)
						}
					}
				default:
					r.judge(m)
				}
				mu.Lock()
				done++
				fmt.Fprintf(os.Stderr, "[%d/%d] %-9s %s %.1fs\n", done, len(all), m.Status, m.ID(), m.Duration.Seconds())
				mu.Unlock()
			}
		})
	}
	for _, m := range all {
		work <- m
	}
	close(work)
	wg.Wait()
	report(all, eq)
}

// report prints per-file and overall scores, then every survivor.
func report(all []*mutant, eq map[string]bool) {
	type score struct{ killed, survived, equivalent, stillborn int }
	byFile := map[string]*score{}
	var names []string
	total := &score{}
	for _, m := range all {
		s := byFile[m.File]
		if s == nil {
			s = &score{}
			byFile[m.File] = s
			names = append(names, m.File)
		}
		for _, x := range []*score{s, total} {
			switch {
			case m.Status == "stillborn":
				x.stillborn++
			case m.Status == "killed":
				x.killed++
			case eq[m.ID()]:
				x.equivalent++
			default:
				x.survived++
			}
		}
	}
	sort.Strings(names)
	pct := func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	fmt.Printf("| file | mutants | killed | survived | equivalent | stillborn | raw | non-equivalent |\n|---|---|---|---|---|---|---|---|\n")
	line := func(name string, s *score) {
		n := s.killed + s.survived + s.equivalent
		fmt.Printf("| %s | %d | %d | %d | %d | %d | %s | %s |\n", name, n, s.killed, s.survived, s.equivalent, s.stillborn,
			pct(s.killed, n), pct(s.killed, s.killed+s.survived))
	}
	for _, n := range names {
		line(n, byFile[n])
	}
	line("**all**", total)
	fmt.Println()
	for _, m := range all {
		if m.Status == "survived" && !eq[m.ID()] {
			fmt.Printf("survived: %s  (%s:%d)\n", m.ID(), m.File, m.Line)
		}
	}
}
