package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// DecodeDeal reads a deal written in the spec (see docs/spec.md) from r
// and returns it, checked: it is valid for [waterfall.Run].
//
// DecodeDeal first checks the size of the input ([MaxSpecBytes]), then
// parses it once, checking nesting depth, the number of values, string and
// number lengths and duplicate keys, then builds the deal, checking every
// field: its JSON type (decimals are strings, dates "YYYY-MM-DD"), the
// limits, unknown fields, kinds, parties and currencies, and finally the
// deal as a whole ([waterfall.Deal.Validate]). It returns every problem it
// finds, up to [MaxSpecErrors], each a [contract.FieldError] with a JSON
// path such as "stack.tranches[2].shares", joined with [errors.Join]; all
// match [contract.ErrInvalid]. An error from r is returned as it is,
// wrapped.
func DecodeDeal(r io.Reader) (*waterfall.Deal, error) {
	src, err := readSpec(r)
	if err != nil {
		return nil, err
	}
	return UnmarshalDeal(src)
}

// UnmarshalDeal is [DecodeDeal] on a document held in memory.
func UnmarshalDeal(src []byte) (*waterfall.Deal, error) {
	d, root, err := parse(src)
	if err != nil {
		return nil, err
	}
	deal := d.dealNode(root)
	if deal == nil || len(d.errs) > 0 || d.dropped {
		return nil, d.err()
	}
	if err := dealWork(deal, d.work).check(); err != nil {
		return nil, err
	}
	return deal, nil
}

// DecodeFund reads a fund run deal by deal (a document with
// "investments" and "american") from r, as [DecodeDeal] reads a deal, and
// returns it checked: it is valid for [fund.Run].
func DecodeFund(r io.Reader) (*fund.Fund, error) {
	src, err := readSpec(r)
	if err != nil {
		return nil, err
	}
	return UnmarshalFund(src)
}

// UnmarshalFund is [DecodeFund] on a document held in memory.
func UnmarshalFund(src []byte) (*fund.Fund, error) {
	d, root, err := parse(src)
	if err != nil {
		return nil, err
	}
	f := d.fundNode(root)
	if f == nil || len(d.errs) > 0 || d.dropped {
		return nil, d.err()
	}
	if err := fundWork(f, d.work).check(); err != nil {
		return nil, err
	}
	return f, nil
}

// Document is a decoded document: a deal or a fund. Exactly one of its
// fields is set.
type Document struct {
	Deal *waterfall.Deal // a deal, for [waterfall.Run]
	Fund *fund.Fund      // a fund run deal by deal, for [fund.Run]
}

// Decode reads a document from r and returns the deal or the fund it
// holds: a fund if its top-level object has "investments" or "american",
// a deal otherwise. It checks what [DecodeDeal] and [DecodeFund] check,
// and returns the same errors.
func Decode(r io.Reader) (Document, error) {
	src, err := readSpec(r)
	if err != nil {
		return Document{}, err
	}
	return Unmarshal(src)
}

// Unmarshal is [Decode] on a document held in memory.
func Unmarshal(src []byte) (Document, error) {
	d, root, err := parse(src)
	if err != nil {
		return Document{}, err
	}
	var doc Document
	if isFund(root) {
		doc.Fund = d.fundNode(root)
	} else {
		doc.Deal = d.dealNode(root)
	}
	if len(d.errs) > 0 || d.dropped {
		return Document{}, d.err()
	}
	w := work{}
	switch {
	case doc.Deal != nil:
		w = dealWork(doc.Deal, d.work)
	case doc.Fund != nil:
		w = fundWork(doc.Fund, d.work)
	}
	if err := w.check(); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// Encode writes the deal or the fund of doc to w, as [EncodeDeal] or
// [EncodeFund] does. It returns an error, and writes nothing, if doc holds
// neither or both, or in the cases they list.
func Encode(w io.Writer, doc Document) error {
	b, err := Marshal(doc)
	if err != nil {
		return err
	}
	return writeDoc(w, b)
}

// Marshal is [Encode] into a byte slice.
func Marshal(doc Document) ([]byte, error) {
	switch {
	case doc.Deal != nil && doc.Fund != nil:
		return nil, contract.Field("", fmt.Errorf("a document holds a deal or a fund, not both: %w", contract.ErrInvalid))
	case doc.Fund != nil:
		return MarshalFund(doc.Fund)
	case doc.Deal != nil:
		return MarshalDeal(doc.Deal)
	}
	return nil, contract.Field("", fmt.Errorf("empty document: %w", contract.ErrRequired))
}

// parse checks the size of src and parses it, for a decoder that reads
// the document with the kinds registered now.
func parse(src []byte) (*decoder, *jsontext.Value, error) {
	if len(src) > MaxSpecBytes {
		return nil, nil, tooBig(int64(len(src)))
	}
	d := newDecoder(kinds.Load(), 0)
	root, errs := jsontext.Parse(src, parseLimits)
	d.addParseErrors(errs)
	if root == nil {
		return nil, nil, d.err()
	}
	return d, root, nil
}

// parseLimits are the limits of the spec that the JSON reader checks.
var parseLimits = jsontext.Limits{
	Values:      MaxSpecValues,
	Depth:       MaxSpecDepth,
	StringBytes: MaxStringBytes,
	NumberBytes: MaxDecimalBytes,
	Errors:      MaxSpecErrors,
}

// EncodeDeal writes d to w in the canonical form of the spec: fixed field
// order, two-space indentation, decimals as plain strings (amounts of
// money with the deal's decimal places), dates "YYYY-MM-DD", optional
// fields left out when they hold their default, and a schedule written as
// "schedule" when it is regular, as "periods" otherwise. The same deal
// always gives the same bytes, and [DecodeDeal] reads them back into an
// equal deal. Dates are written as calendar dates (read in each time's own
// location), so they come back at midnight UTC.
//
// EncodeDeal returns an error, and writes nothing, if:
//   - d is nil, or holds a nil or typed-nil tranche or source;
//   - d is not valid ([waterfall.Deal.Validate]);
//   - a tranche or source is of a type no kind claims ([ErrUnknownKind]:
//     register a kind for it with [RegisterTranche] or [RegisterSource]);
//   - a string is not valid UTF-8;
//   - deals held by parties hold each other ([ErrCycle]);
//   - what it would write does not decode (a limit of the spec, a tranche
//     naming an unknown party).
func EncodeDeal(w io.Writer, d *waterfall.Deal) error {
	b, err := MarshalDeal(d)
	if err != nil {
		return err
	}
	return writeDoc(w, b)
}

// MarshalDeal is [EncodeDeal] into a byte slice.
func MarshalDeal(d *waterfall.Deal) ([]byte, error) {
	if d == nil {
		return nil, contract.Field("", fmt.Errorf("nil deal: %w", contract.ErrRequired))
	}
	if err := checkNesting(d); err != nil {
		return nil, err
	}
	if err := errors.Join(nilsOfDeal("", d)...); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	root, err := encodeDeal(kinds.Load(), d)
	if err != nil {
		return nil, err
	}
	b := write(root)
	if _, err := UnmarshalDeal(b); err != nil {
		return nil, fmt.Errorf("the deal cannot be written as a spec: %w", err)
	}
	return b, nil
}

// EncodeFund writes f to w in the canonical form of the spec, as
// [EncodeDeal] writes a deal, with the fund's terms under "american"; it
// returns an error, and writes nothing, in the same cases, and if f is
// not valid ([fund.Fund.Validate]).
func EncodeFund(w io.Writer, f *fund.Fund) error {
	b, err := MarshalFund(f)
	if err != nil {
		return err
	}
	return writeDoc(w, b)
}

// MarshalFund is [EncodeFund] into a byte slice.
func MarshalFund(f *fund.Fund) ([]byte, error) {
	if f == nil {
		return nil, contract.Field("", fmt.Errorf("nil fund: %w", contract.ErrRequired))
	}
	if err := checkNesting(&waterfall.Deal{Parties: f.Parties}); err != nil {
		return nil, err
	}
	errs := nilsOfDeal("", &waterfall.Deal{Parties: f.Parties, Stack: f.Stack})
	for i, inv := range f.Investments {
		errs = append(errs, nilTranches(jsontext.Index("investments", i)+".stack", inv.Stack)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	root, err := encodeFund(kinds.Load(), f)
	if err != nil {
		return nil, err
	}
	b := write(root)
	if _, err := UnmarshalFund(b); err != nil {
		return nil, fmt.Errorf("the fund cannot be written as a spec: %w", err)
	}
	return b, nil
}

// write writes a document in canonical form, with a final newline.
func write(root *jsontext.Value) []byte {
	var buf bytes.Buffer
	jsontext.Write(&buf, root)
	buf.WriteByte('\n')
	return buf.Bytes()
}

// nilsOfDeal reports the nil and typed-nil values of d and the deals its
// parties hold, whose methods cannot be called: tranches anywhere in a
// stack, the loans of covenants and reserves, and sources. d holds no
// cycle of deals.
func nilsOfDeal(prefix string, d *waterfall.Deal) []error {
	var errs []error
	for i, p := range d.Parties {
		if p.Deal != nil {
			errs = append(errs, nilsOfDeal(jsontext.Join(prefix, jsontext.Index("parties", i)+".deal"), p.Deal)...)
		}
	}
	for i, s := range d.Sources {
		if isNil(s) {
			errs = append(errs, contract.Field(jsontext.Join(prefix, jsontext.Index("sources", i)), fmt.Errorf("nil source: %w", contract.ErrRequired)))
		}
	}
	return append(errs, nilTranches(jsontext.Join(prefix, "stack"), d.Stack)...)
}

// nilTranches reports the nil and typed-nil tranches of the stack t at
// path, and the nil loans of its covenants and reserves; or, first, a
// stack too deep or too large to walk, such as one that holds itself. A
// nil stack is left to Validate, which reports it as missing.
func nilTranches(path string, t tranche.Tranche) []error {
	if t == nil {
		return nil
	}
	if err := tranche.CheckShape(t); err != nil {
		return []error{contract.Field(path, err)}
	}
	var errs []error
	var visit func(path string, t tranche.Tranche)
	visit = func(path string, t tranche.Tranche) {
		if isNil(t) {
			errs = append(errs, contract.Field(path, fmt.Errorf("nil tranche: %w", contract.ErrRequired)))
			return
		}
		switch v := t.(type) {
		case *tranche.Covenant:
			if v.Loan != nil && isNil(v.Loan) {
				errs = append(errs, contract.Field(jsontext.Join(path, "loan"), fmt.Errorf("nil loan: %w", contract.ErrRequired)))
			}
		case *tranche.Reserve:
			for i, l := range v.Loans {
				if isNil(l) {
					errs = append(errs, contract.Field(jsontext.Index(jsontext.Join(path, "loans"), i), fmt.Errorf("nil loan: %w", contract.ErrRequired)))
				}
			}
		}
		if p, ok := t.(tranche.Parent); ok {
			for i, c := range p.Children() {
				visit(childPath(path, t, i), c)
			}
		}
	}
	visit(path, t)
	return errs
}

// childPath is the JSON path of the i-th child of t, a combinator at
// path.
func childPath(path string, t tranche.Tranche, i int) string {
	switch t.(type) {
	case *tranche.Sequential, *tranche.PariPassu:
		return jsontext.Index(jsontext.Join(path, "tranches"), i)
	case *tranche.Capped, *tranche.Windowed:
		return jsontext.Join(path, "tranche")
	case *tranche.Covenant, *tranche.Reserve:
		return jsontext.Join(path, "junior")
	}
	return jsontext.Index(jsontext.Join(path, "children"), i)
}

// tooBig reports a document over MaxSpecBytes; n is its size when known,
// else -1.
func tooBig(n int64) error {
	size := "more than"
	if n >= 0 {
		size = fmt.Sprintf("%d bytes, more than", n)
	}
	return contract.Field("", fmt.Errorf("spec is %s %d bytes (MaxSpecBytes): %w", size, MaxSpecBytes, ErrLimit))
}

// readSpec reads all of r, but never more than MaxSpecBytes+1 bytes: a
// reader that reports its size (a *bytes.Reader, a regular file) is
// refused before it is read.
func readSpec(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, contract.Field("", fmt.Errorf("nil reader: %w", contract.ErrRequired))
	}
	size := int64(-1)
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size > MaxSpecBytes {
		return nil, tooBig(size)
	}
	// Grow the buffer by doubling, but never past MaxSpecBytes+1, so that
	// a stream of any length costs at most about 2·MaxSpecBytes.
	capacity := 64 << 10
	if size >= 0 {
		capacity = int(size) + 1
	}
	buf := make([]byte, 0, capacity)
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxSpecBytes {
				return nil, tooBig(-1)
			}
			next := 2 * cap(buf)
			if next >= MaxSpecBytes {
				next = MaxSpecBytes + 1
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the spec: %w", err)
		}
	}
	if len(buf) > MaxSpecBytes {
		return nil, tooBig(-1)
	}
	return buf, nil
}

// writeDoc writes a document to w; a nil w is an error, not a panic.
func writeDoc(w io.Writer, b []byte) error {
	if w == nil {
		return fmt.Errorf("nil writer: %w", contract.ErrRequired)
	}
	_, err := w.Write(b)
	return err
}
