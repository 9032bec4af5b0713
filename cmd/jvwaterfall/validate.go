package main

import (
	"flag"
	"fmt"
	"io"
)

const validateUsage = `usage: jvwaterfall validate DEAL

Checks the deal or fund in DEAL (a file, or - for standard input) as run
does, without running it, and lists on standard output every problem,
one per line with its path ("stack.tranches[2].rate"): the errors, which
stop a run, then the warnings, likely mistakes that do not (a rate of "8"
where 8% was meant, calls above the commitments, hurdles out of order, a
party who is never paid). A last line counts them.

Exit status: 0 when the deal has no errors (warnings or not), 2 when it
has, 3 usage, 4 the file could not be read.
`

// runValidate is `jvwaterfall validate`.
func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), validateUsage) }
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "jvwaterfall validate: want one DEAL file; run jvwaterfall validate -h for help")
		return exitUsage
	}
	name := fs.Arg(0)
	src, err := readDeal(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitIO
	}
	errOut := lineCounter{w: stdout}
	if _, code := decode(name, src, &errOut); code != exitOK {
		w := printWarnings(stdout, displayName(name), src)
		fmt.Fprintf(stdout, "%s: invalid: %s, %s\n", displayName(name), plural(errOut.lines, "error"), plural(w, "warning"))
		return code
	}
	n := printWarnings(stdout, displayName(name), src)
	fmt.Fprintf(stdout, "%s: valid, %s\n", displayName(name), plural(n, "warning"))
	return exitOK
}

// lineCounter counts the lines written through it.
type lineCounter struct {
	w     io.Writer
	lines int
}

func (c *lineCounter) Write(p []byte) (int, error) {
	for _, b := range p {
		if b == '\n' {
			c.lines++
		}
	}
	return c.w.Write(p)
}

// plural is "1 error", "2 errors".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
