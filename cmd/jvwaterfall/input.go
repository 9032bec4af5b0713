package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/spec"
)

// errBOM is the error of a file that starts with a UTF-8 byte-order mark,
// which JSON does not allow (RFC 8259, section 8.1).
var errBOM = errors.New("the file starts with a UTF-8 byte-order mark (EF BB BF), which JSON does not allow: save it as UTF-8 without BOM")

// readDeal reads a deal file, or standard input for "-".
func readDeal(name string, stdin io.Reader) ([]byte, error) { return readFile(name, stdin) }

// readFile reads a file, or stdin for "-", of at most the spec's
// MaxSpecBytes.
func readFile(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if name == "-" && stdin == nil {
		return nil, errors.New("standard input is not available")
	}
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	// The spec's limits apply; read one byte more to tell a file that is
	// too big.
	src, err := io.ReadAll(io.LimitReader(r, spec.MaxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > spec.MaxSpecBytes {
		return nil, fmt.Errorf("%s: more than %d bytes (spec.MaxSpecBytes)", name, spec.MaxSpecBytes)
	}
	return src, nil
}

// displayName is how messages name the file: "stdin" for "-".
func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// load reads and decodes the deal or fund in the file name, printing what
// went wrong to stderr; it returns the exit status to use when it fails
// (exitIO, exitBadInput, with what it read when it could), and exitOK
// with the document when it does not.
func load(name string, stdin io.Reader, stderr io.Writer) ([]byte, spec.Document, int) {
	src, err := readDeal(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return nil, spec.Document{}, exitIO
	}
	doc, code := decode(name, src, stderr)
	return src, doc, code
}

// decode decodes the deal or fund read from the file name, printing every
// problem to w, one per line; it returns exitBadInput when there are any.
func decode(name string, src []byte, w io.Writer) (spec.Document, int) {
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		fmt.Fprintf(w, "%s: %v\n", displayName(name), errBOM)
		return spec.Document{}, exitBadInput
	}
	doc, err := spec.Unmarshal(src)
	if err != nil {
		printErrors(w, displayName(name), err)
		return spec.Document{}, exitBadInput
	}
	return doc, exitOK
}

// printErrors prints every error in err, one per line, prefixed with what
// was being read.
func printErrors(w io.Writer, what string, err error) {
	for _, e := range contract.Errors(err) {
		fmt.Fprintf(w, "%s: %v\n", what, e)
	}
}

// create opens the file name for writing, or returns stdout for "" and
// "-"; close closes what create opened and reports its error.
func create(name string, stdout io.Writer) (w io.Writer, close func() error, err error) {
	if name == "" || name == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// day formats a date as YYYY-MM-DD.
func day(t time.Time) string { return t.Format(time.DateOnly) }
