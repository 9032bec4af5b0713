package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A schemata build puts every mutant of a package into one build: each
// mutated expression becomes a switch on a number read from the
// environment at start-up, so the package and its judges' test binaries
// are built once, and each mutant is one run of them with JVW_MUTANT set.
// Building is what costs most when mutants are judged one at a time.
//
// An expression site with mutants is rewritten, with its type T taken from
// go/types, as
//
//	(func() T { switch zzMutant { case 3: return VARIANT3; case 4: return VARIANT4 }; return ORIGINAL })()
//
// so only one variant is evaluated, once, and the others never run (a
// Mul→Div never divides by zero on the original path). A dropped append
// becomes `if zzMutant != 5 { x = append(x, …) }`. Sites nested in one
// another are rewritten from the inside out. A mutant that cannot be
// written this way (an untyped constant, a type not named in the file) is
// judged alone, by the overlay of one mutated file, as without schemata.
// A variant that does not compile is stillborn: the build's errors are
// mapped back to the variants that contain them and the build is tried
// again without them.

// mutantEnv is the variable that selects the mutant in a schemata build.
const mutantEnv = "JVW_MUTANT"

// pkgInfo is one mutated package: its parsed files and their types.
type pkgInfo struct {
	dir   string
	fset  *token.FileSet
	files map[string]*ast.File // by path
	src   map[string][]byte
	info  *types.Info
	name  string
	path  string // import path
}

// loadPackage parses the package's Go files (as go build would pick them)
// and type-checks them with the export data of its dependencies.
func loadPackage(dir string) (*pkgInfo, error) {
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	p := &pkgInfo{dir: dir, fset: token.NewFileSet(), files: map[string]*ast.File{}, src: map[string][]byte{}, name: bp.Name, path: bp.ImportPath}
	var list []*ast.File
	for _, name := range bp.GoFiles {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(p.fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.files[path], p.src[path] = f, src
		list = append(list, f)
	}
	exports, err := exportData(dir)
	if err != nil {
		return nil, err
	}
	imp := importer.ForCompiler(p.fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	p.info = &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(bp.ImportPath, p.fset, list, p.info); err != nil {
		return nil, fmt.Errorf("type-checking %s: %w", dir, err)
	}
	return p, nil
}

// exportData maps each dependency of the package in dir to its export data
// file, as go list builds them.
func exportData(dir string) (map[string]string, error) {
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", "./"+filepath.Clean(dir)).Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export %s: %w", dir, err)
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if path, file, ok := strings.Cut(sc.Text(), "\t"); ok {
			m[path] = file
		}
	}
	return m, sc.Err()
}

// site is one rewritten expression or statement and its mutants.
type site struct {
	start, end int // byte offsets in the file
	mutants    []*mutant
	typ        string // the expression's type as written in the file; "" for a statement
}

// schemaFile rewrites one file with its schematizable mutants.
type schemaFile struct {
	path  string
	src   []byte
	sites []*site // sorted by start, then by end descending (outer first)
	// spans of each variant's text in the output, to map build errors back.
	spans []span
	out   bytes.Buffer
}

type span struct {
	start, end int
	m          *mutant
}

// schematize assigns schema numbers (from next) to the mutants of path
// that can be written into a schemata build, and returns the file's sites.
// The others keep schema 0 and are judged alone.
func (p *pkgInfo) schematize(path string, ms []*mutant, next *int) *schemaFile {
	f := p.files[path]
	qual := qualifier(f, p)
	bySite := map[ast.Node]*site{}
	sf := &schemaFile{path: path, src: p.src[path]}
	parentOK := blockStatements(f)
	for _, m := range ms {
		if m.Status == "stillborn" {
			continue
		}
		s := bySite[m.site]
		if s == nil {
			s = &site{start: p.fset.Position(m.site.Pos()).Offset, end: p.fset.Position(m.site.End()).Offset}
			switch n := m.site.(type) {
			case ast.Expr:
				tv, ok := p.info.Types[n]
				if !ok || tv.Value != nil || tv.Type == nil {
					continue // a constant: not a place for a closure
				}
				t := tv.Type
				if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedBool {
					t = types.Typ[types.Bool]
				} else if ok && b.Info()&types.IsUntyped != 0 {
					continue
				}
				if _, ok := t.(*types.Tuple); ok {
					continue
				}
				typ, ok := typeString(t, qual)
				if !ok {
					continue
				}
				s.typ = typ
			case *ast.AssignStmt:
				if !parentOK[n] {
					continue
				}
			default:
				continue
			}
			bySite[m.site] = s
			sf.sites = append(sf.sites, s)
		}
		if s.typ == "string" && m.Op == "+→-" {
			m.Status = "stillborn" // strings have no minus
			continue
		}
		*next++
		m.schema = *next
		s.mutants = append(s.mutants, m)
	}
	sort.Slice(sf.sites, func(i, j int) bool {
		a, b := sf.sites[i], sf.sites[j]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.end > b.end
	})
	return sf
}

// blockStatements reports the assignments that stand as statements of a
// block or case list, where an if statement can take their place.
func blockStatements(f *ast.File) map[ast.Stmt]bool {
	ok := map[ast.Stmt]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for _, s := range list {
			ok[s] = true
		}
		return true
	})
	return ok
}

// qualifier names other packages as the file imports them.
func qualifier(f *ast.File, p *pkgInfo) func(*types.Package) (string, bool) {
	names := map[string]string{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if imp.Name != nil {
			names[path] = imp.Name.Name
			continue
		}
		names[path] = "" // the package's own name
	}
	return func(pkg *types.Package) (string, bool) {
		if pkg.Path() == p.path {
			return "", true
		}
		n, ok := names[pkg.Path()]
		if !ok {
			return "", false
		}
		if n == "" {
			n = pkg.Name()
		}
		return n, n != "_" && n != "."
	}
}

// typeString writes t as the file would; ok is false if the file cannot
// name it.
func typeString(t types.Type, qual func(*types.Package) (string, bool)) (string, bool) {
	ok := true
	s := types.TypeString(t, func(pkg *types.Package) string {
		n, fine := qual(pkg)
		if !fine {
			ok = false
		}
		return n
	})
	return s, ok
}

// render writes the file with every site rewritten.
func (sf *schemaFile) render() []byte {
	sf.out.Reset()
	sf.spans = sf.spans[:0]
	sf.write(0, len(sf.src), nil, 0)
	return sf.out.Bytes()
}

// write copies src[lo:hi), rewriting the outermost sites within it (other
// than skip, the site being written) and replacing m's range by its text.
func (sf *schemaFile) write(lo, hi int, skip *site, from int) {
	pos := lo
	for i := from; i < len(sf.sites); i++ {
		s := sf.sites[i]
		if s.start >= hi {
			break
		}
		if s == skip || s.start < pos || s.end > hi {
			continue
		}
		sf.out.Write(sf.src[pos:s.start])
		sf.site(s, i)
		pos = s.end
	}
	sf.out.Write(sf.src[pos:hi])
}

// variant copies the site's text with m's change in it; the sites within
// keep their own switches, except inside the changed range.
func (sf *schemaFile) variant(s *site, i int, m *mutant) {
	start := sf.out.Len()
	if m != nil {
		sf.write(s.start, m.start, s, i)
		sf.out.WriteString(m.with)
		sf.write(m.end, s.end, s, i)
		sf.spans = append(sf.spans, span{start, sf.out.Len(), m})
		return
	}
	sf.write(s.start, s.end, s, i)
}

func (sf *schemaFile) site(s *site, i int) {
	if s.typ == "" { // a statement
		sf.out.WriteString("if zzMutant != " + strconv.Itoa(s.mutants[0].schema) + " { ")
		sf.variant(s, i, nil)
		sf.out.WriteString(" }")
		return
	}
	sf.out.WriteString("(func() " + s.typ + " { switch zzMutant {")
	for _, m := range s.mutants {
		sf.out.WriteString(" case " + strconv.Itoa(m.schema) + ": return ")
		sf.variant(s, i, m)
		sf.out.WriteString(";")
	}
	sf.out.WriteString(" }; return ")
	sf.variant(s, i, nil)
	sf.out.WriteString(" })()")
}

// mutantAt is the innermost variant containing the output offset.
func (sf *schemaFile) mutantAt(off int) *mutant {
	var best *span
	for i := range sf.spans {
		sp := &sf.spans[i]
		if sp.start <= off && off <= sp.end && (best == nil || sp.end-sp.start < best.end-best.start) {
			best = sp
		}
	}
	if best == nil {
		return nil
	}
	return best.m
}

// onlyMutantIn returns the one mutant whose variant starts in the text
// from start to end, or nil when none or several do.
func (sf *schemaFile) onlyMutantIn(start, end int) *mutant {
	var found *mutant
	for i := range sf.spans {
		sp := &sf.spans[i]
		if sp.start < start || sp.start > end || sp.m == found || sp.m.Status == "stillborn" {
			continue
		}
		if found != nil {
			return nil
		}
		found = sp.m
	}
	return found
}

// schemata is a package's build with all its schematized mutants.
type schemata struct {
	pkg   *pkgInfo
	files []*schemaFile
	tmp   string
	bins  map[string]string // judge package → test binary
	// timeout bounds one judge's run of one mutant; 0: the runner's.
	timeout time.Duration
}

const selectorFile = "zz_mutant_schemata.go"

// build writes the rewritten files and builds each judge's test binary,
// dropping stillborn variants until the build succeeds.
func (sc *schemata) build(judges []string) error {
	for try := 0; ; try++ {
		overlay := map[string]string{}
		outs := map[string]*schemaFile{}
		for _, sf := range sc.files {
			abs, _ := filepath.Abs(sf.path)
			backing := filepath.Join(sc.tmp, filepath.Base(sf.path))
			if err := os.WriteFile(backing, sf.render(), 0o644); err != nil {
				return err
			}
			overlay[abs] = backing
			outs[backing] = sf
		}
		absDir, _ := filepath.Abs(sc.pkg.dir)
		sel := filepath.Join(sc.tmp, selectorFile)
		text := "package " + sc.pkg.name + "\n\nimport (\n\t\"os\"\n\t\"strconv\"\n)\n\n" +
			"// zzMutant is the mutant this run is of (0: none).\nvar zzMutant, _ = strconv.Atoi(os.Getenv(\"" + mutantEnv + "\"))\n"
		if err := os.WriteFile(sel, []byte(text), 0o644); err != nil {
			return err
		}
		overlay[filepath.Join(absDir, selectorFile)] = sel
		cfg, _ := json.Marshal(map[string]map[string]string{"Replace": overlay})
		ov := filepath.Join(sc.tmp, "overlay.json")
		if err := os.WriteFile(ov, cfg, 0o644); err != nil {
			return err
		}
		sc.bins = map[string]string{}
		failed := false
		for i, j := range judges {
			bin := filepath.Join(sc.tmp, fmt.Sprintf("judge%d.test", i))
			out, err := exec.Command("go", "test", "-c", "-vet=off", "-overlay", ov, "-o", bin, j).CombinedOutput()
			if err != nil {
				dropped := sc.dropStillborn(out, outs)
				if dropped == 0 || try > 50 {
					return fmt.Errorf("schemata build of %s for %s: %v\n%s", sc.pkg.dir, j, err, out)
				}
				failed = true
				break
			}
			sc.bins[j] = bin
		}
		if !failed {
			return nil
		}
	}
}

// errLine matches a compiler error's position. Past column 255 the
// compiler leaves the column out: then the one mutant on the line, if
// there is one, is the one the error is in.
var errLine = regexp.MustCompile(`(?m)^(?:\./)?([^\s:]+\.go):(\d+):(?:(\d+):)? `)

// dropStillborn marks stillborn the variants the build errors point into
// and takes them out of their sites; it returns how many.
func (sc *schemata) dropStillborn(out []byte, outs map[string]*schemaFile) int {
	n := 0
	for _, g := range errLine.FindAllSubmatch(out, -1) {
		var sf *schemaFile
		for backing, f := range outs {
			if strings.HasSuffix(backing, string(g[1])) || filepath.Base(backing) == filepath.Base(string(g[1])) {
				sf = f
			}
		}
		if sf == nil {
			continue
		}
		line, _ := strconv.Atoi(string(g[2]))
		col, _ := strconv.Atoi(string(g[3]))
		text := sf.out.Bytes()
		off := 0
		for l := 1; l < line && off < len(text); l++ {
			i := bytes.IndexByte(text[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
		}
		var m *mutant
		if len(g[3]) > 0 {
			m = sf.mutantAt(off + col - 1)
		} else {
			end := len(text)
			if i := bytes.IndexByte(text[off:], '\n'); i >= 0 {
				end = off + i
			}
			m = sf.onlyMutantIn(off, end)
		}
		if m == nil || m.Status == "stillborn" {
			continue
		}
		m.Status = "stillborn"
		n++
		for _, s := range sf.sites {
			for k, x := range s.mutants {
				if x == m {
					s.mutants = append(s.mutants[:k], s.mutants[k+1:]...)
					break
				}
			}
		}
	}
	// A site left with no mutants is written as it was.
	for _, sf := range sc.files {
		kept := sf.sites[:0]
		for _, s := range sf.sites {
			if len(s.mutants) > 0 {
				kept = append(kept, s)
			}
		}
		sf.sites = kept
	}
	return n
}

// judge runs each judge binary with the mutant selected; any failure (or a
// timeout) kills it.
func (sc *schemata) judge(r *runner, m *mutant) {
	start := time.Now()
	defer func() { m.Duration = time.Since(start) }()
	for _, j := range r.test {
		limit := r.timeout
		if sc.timeout > 0 {
			limit = sc.timeout
		}
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		args := []string{"-test.count=1", "-test.failfast"}
		if r.run != "" {
			args = append(args, "-test.run", r.run)
		}
		if r.skip != "" {
			args = append(args, "-test.skip", r.skip)
		}
		cmd := exec.CommandContext(ctx, sc.bins[j], args...)
		cmd.Dir = j
		cmd.Env = append(os.Environ(), mutantEnv+"="+strconv.Itoa(m.schema))
		err := cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		if err != nil || timedOut {
			m.Status = "killed"
			return
		}
	}
	m.Status = "survived"
}

// owns reports whether the mutant is one of this build's.
func (sc *schemata) owns(m *mutant) bool {
	for _, sf := range sc.files {
		if sf.path == m.File {
			return true
		}
	}
	return false
}

// baseline runs the judges with no mutant selected: they must pass, or no
// mutant's result would mean anything.
func (sc *schemata) baseline(r *runner) error {
	m := &mutant{schema: 0}
	sc.judge(r, m)
	if m.Status != "survived" {
		return fmt.Errorf("the judges fail on the schemata build of %s with no mutant selected", sc.pkg.dir)
	}
	return nil
}
