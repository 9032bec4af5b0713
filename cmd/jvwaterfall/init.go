package main

import (
	"embed"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// templates holds the starter deals of `jvwaterfall init`, one JSON file
// each; every one validates and runs as is (TestTemplates).
//
//go:embed templates/*.json
var templates embed.FS

// templateNames returns the templates' names, sorted.
func templateNames() []string {
	entries, _ := templates.ReadDir("templates") // embedded: cannot fail
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(names)
	return names
}

const initUsage = `usage: jvwaterfall init TEMPLATE [FILE]

Writes a starter deal spec to FILE (standard output when FILE is absent
or -) to edit and run: jvwaterfall run FILE. It will not overwrite a file
that exists. Each template runs as is; docs/spec.md describes every
field. Templates:

  american-fund   a fund run deal by deal (American waterfall): each exit
                  returns its capital and fees, a pref and carry, with a
                  GP escrow and clawback
  capital-stack   a property with a senior loan (interest only), a
                  preferred equity tranche and common equity
  european-fund   a whole-fund (European) waterfall: capital back, 8% pref,
                  a full GP catch-up to 20%, then 80/20
  real-estate-jv  an operating partner and a capital partner: an
                  interest-only loan, then IRR tiers (pref at 8%, 70/30
                  to a 12% IRR, then 60/40)
  take-or-pay     a project paid by a take-or-pay offtake contract that
                  services a loan before the equity
  venture         a venture cap table at exit: preferred stock with a 1x
                  liquidation preference ahead of common

Exit status: 0 ok, 3 usage (an unknown template), 4 the file could not
be written.
`

// runInit is `jvwaterfall init`.
func runInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), initUsage) }
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprintf(stderr, "jvwaterfall init: want TEMPLATE [FILE]; templates: %s\n", strings.Join(templateNames(), ", "))
		return exitUsage
	}
	name := fs.Arg(0)
	src, err := templates.ReadFile("templates/" + name + ".json")
	if err != nil || strings.ContainsAny(name, "/\\.") {
		hint := ""
		if near := nearest(name, templateNames()); near != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		fmt.Fprintf(stderr, "jvwaterfall init: unknown template %q%s, want one of: %s\n", name, hint, strings.Join(templateNames(), ", "))
		return exitUsage
	}
	out := fs.Arg(1)
	if out == "" || out == "-" {
		_, err = stdout.Write(src)
	} else {
		err = writeNew(out, src)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitIO
	}
	return exitOK
}

// writeNew writes a file that must not exist yet.
func writeNew(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
