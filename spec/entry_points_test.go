package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// The entry points' own checks: the reader, the size of the document,
// the errors of a fund, the work budget of a fund, and what MarshalDeal
// and MarshalFund check before and after they write.

// failingReader fails at once with errRead.
type failingReader struct{}

var errRead = errors.New("disk on fire")

func (failingReader) Read([]byte) (int, error) { return 0, errRead }

// lenReader is a reader whose Len says n, whatever it holds.
type lenReader struct {
	io.Reader
	n int
}

func (r lenReader) Len() int { return r.n }

// padded is specBase followed by spaces to exactly n bytes.
func padded(n int) []byte {
	return append([]byte(specBase), bytes.Repeat([]byte(" "), n-len(specBase))...)
}

// TestDecode_readerErrors: each Decode returns the reader's error, and a
// document over MaxSpecBytes of known size is refused unread (ErrLimit at
// "" naming its size).
func TestDecode_readerErrors(t *testing.T) {
	decoders := map[string]func(r io.Reader) error{
		"DecodeDeal": func(r io.Reader) error { _, err := DecodeDeal(r); return err },
		"DecodeFund": func(r io.Reader) error { _, err := DecodeFund(r); return err },
		"Decode":     func(r io.Reader) error { _, err := Decode(r); return err },
	}
	for name, decode := range decoders {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, decode(failingReader{}), errRead)
			err := decode(lenReader{Reader: strings.NewReader("{}"), n: MaxSpecBytes + 1})
			require.ErrorIs(t, err, ErrLimit)
			require.ErrorContains(t, err, fmt.Sprintf("%d bytes, more than %d", MaxSpecBytes+1, MaxSpecBytes))
		})
	}
}

// TestDecodeDeal_maxSpecBytes: a document of exactly MaxSpecBytes (16
// MiB) is read, whether its size is known (a bytes.Reader), understated
// by its Len, unknown (a plain reader) or in memory; one byte more is
// refused with ErrLimit.
func TestDecodeDeal_maxSpecBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("16 MiB documents")
	}
	src := padded(MaxSpecBytes)
	_, err := DecodeDeal(bytes.NewReader(src))
	require.NoError(t, err, "known size")
	_, err = DecodeDeal(lenReader{Reader: bytes.NewReader(src), n: MaxSpecBytes - 1})
	require.NoError(t, err, "size understated")
	_, err = DecodeDeal(io.MultiReader(bytes.NewReader(src)))
	require.NoError(t, err, "unknown size")
	_, err = UnmarshalDeal(src)
	require.NoError(t, err, "in memory")

	over := padded(MaxSpecBytes + 1)
	_, err = DecodeDeal(io.MultiReader(bytes.NewReader(over)))
	require.ErrorIs(t, err, ErrLimit, "unknown size")
	_, err = UnmarshalDeal(over)
	require.ErrorIs(t, err, ErrLimit, "in memory")
}

// TestDecodeDeal_regularFile: a regular file over MaxSpecBytes is refused
// by its size, unread (the error names the size).
func TestDecodeDeal_regularFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "deal.json")
	f, err := os.Create(name)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, f.Truncate(MaxSpecBytes+1)) // sparse: nothing written
	_, err = DecodeDeal(f)
	require.ErrorIs(t, err, ErrLimit)
	require.ErrorContains(t, err, fmt.Sprintf("%d bytes, more than", MaxSpecBytes+1))
}

// TestDecodeDeal_closedFile: a file that cannot be read (closed, so its
// Stat fails too) is the reader's error, not a panic.
func TestDecodeDeal_closedFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "deal.json"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = DecodeDeal(f)
	require.ErrorIs(t, err, os.ErrClosed)
}

// TestUnmarshalFund_errors: a fund's document that is not JSON, or has a
// wrong field, gives its errors and no fund.
func TestUnmarshalFund_errors(t *testing.T) {
	f, err := UnmarshalFund([]byte(`{"investments": [`))
	require.Nil(t, f)
	require.ErrorIs(t, err, ErrSyntax)

	f, err = UnmarshalFund([]byte(strings.Replace(fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, ""), `"scale": 2`, `"scale": 9`, 1)))
	require.Nil(t, f)
	require.ErrorIs(t, err, contract.ErrRange)
	fes := fieldErrors(t, err)
	require.Equal(t, "scale", fes[0].Path)
}

// bigFund is a fund of 2,500 parties whose whole-fund stack returns the
// capital of every one of them over 2,500 monthly periods: 2,500 × 2,500
// = 6,250,000 ledger lines, above MaxWork (6,000,000).
func bigFund() string {
	var parties, ids strings.Builder
	for i := range 2500 {
		if i > 0 {
			parties.WriteString(", ")
			ids.WriteString(", ")
		}
		fmt.Fprintf(&parties, `{"id": "P%d", "commitment": "1.00"}`, i)
		fmt.Fprintf(&ids, `"P%d"`, i)
	}
	return `{"currency": "USD", "scale": 2, "parties": [` + parties.String() + `],
		"schedule": {"start": "1999-12-31", "end": "2208-04-30", "frequency": "monthly"},
		"stack": {"kind": "return_of_capital", "id": "all", "parties": [` + ids.String() + `]},
		"investments": [{"name": "A", "stack": {"kind": "return_of_capital", "id": "a", "parties": ["P1"]}}],
		"american": {"sponsor": "P0", "investors": ["P1"]}}`
}

// TestUnmarshalFund_workBudget: a fund whose work is above MaxWork is
// refused with ErrLimit at "stack", by UnmarshalFund and by Unmarshal.
func TestUnmarshalFund_workBudget(t *testing.T) {
	src := []byte(bigFund())
	d, root, err := parse(src)
	require.NoError(t, err)
	f := d.fundNode(root)
	require.NoError(t, d.err())
	require.Len(t, f.Periods, 2500)
	require.Equal(t, int64(2500*2500), fundWork(f, 0).lines)

	_, err = UnmarshalFund(src)
	require.ErrorIs(t, err, ErrLimit)
	require.Equal(t, "stack", fieldErrors(t, err)[0].Path)
	_, err = Unmarshal(src)
	require.ErrorIs(t, err, ErrLimit)
	require.Equal(t, "stack", fieldErrors(t, err)[0].Path)
}

// TestMarshalDeal_checks: what MarshalDeal refuses before it writes (nil
// tranches and sources, a stack that holds itself, an invalid deal: with
// Validate's own error) and after (a stack the spec cannot read back,
// deeper than MaxStackDepth though valid in Go).
func TestMarshalDeal_checks(t *testing.T) {
	base := func(t *testing.T) *waterfall.Deal {
		d, err := UnmarshalDeal([]byte(specBase))
		require.NoError(t, err)
		return d
	}
	t.Run("nil source", func(t *testing.T) {
		d := base(t)
		d.Sources = []waterfall.Source{nil}
		_, err := MarshalDeal(d)
		require.ErrorIs(t, err, contract.ErrRequired)
		require.Equal(t, "sources[0]", fieldErrors(t, err)[0].Path)
	})
	t.Run("nil tranche of a nested deal", func(t *testing.T) {
		d, err := UnmarshalDeal([]byte(nestedSpec("USD", fundSpec)))
		require.NoError(t, err)
		d.Parties[0].Deal.Stack = (*tranche.ReturnOfCapital)(nil)
		_, err = MarshalDeal(d)
		require.ErrorIs(t, err, contract.ErrRequired)
		require.Equal(t, "parties[0].deal.stack", fieldErrors(t, err)[0].Path)
	})
	t.Run("nil loan of a reserve", func(t *testing.T) {
		d := base(t)
		d.Stack = &tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{(*tranche.Debt)(nil)}, Amount: dec("1"), Junior: d.Stack}
		_, err := MarshalDeal(d)
		require.ErrorIs(t, err, contract.ErrRequired)
		require.Equal(t, "stack.loans[0]", fieldErrors(t, err)[0].Path)
	})
	t.Run("a stack that holds itself", func(t *testing.T) {
		d := base(t)
		seq := &tranche.Sequential{}
		seq.Tranches = []tranche.Tranche{d.Stack, seq}
		d.Stack = seq
		_, err := MarshalDeal(d)
		require.ErrorIs(t, err, contract.ErrRange)
		require.Equal(t, "stack", fieldErrors(t, err)[0].Path)
	})
	t.Run("invalid", func(t *testing.T) {
		d := base(t)
		d.Currency = "usd"
		_, err := MarshalDeal(d)
		require.EqualError(t, err, d.Validate().Error())
	})
	t.Run("deeper than MaxStackDepth", func(t *testing.T) {
		d := base(t)
		for range MaxStackDepth {
			d.Stack = tranche.Sequence(d.Stack)
		}
		require.NoError(t, d.Validate())
		_, err := MarshalDeal(d)
		require.ErrorIs(t, err, ErrLimit)
	})
}

// TestMarshalFund_checks: MarshalFund and EncodeFund refuse a fund whose
// parties' deals nest too deep (ErrLimit at "parties"), one with a
// tranche no kind claims, and one whose stack the spec cannot read back;
// EncodeFund then writes nothing.
func TestMarshalFund_checks(t *testing.T) {
	base := func(t *testing.T) []byte {
		t.Helper()
		return []byte(fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, ""))
	}
	t.Run("deals nested too deep", func(t *testing.T) {
		s := fundSpec
		for range MaxDealDepth - 1 {
			s = nestedSpec("USD", s)
		}
		deep, err := UnmarshalDeal([]byte(s))
		require.NoError(t, err)
		f, err := UnmarshalFund(base(t))
		require.NoError(t, err)
		f.Parties[2].Deal = deep
		_, err = MarshalFund(f)
		require.ErrorIs(t, err, ErrLimit)
		require.Equal(t, "parties", fieldErrors(t, err)[0].Path, "%v", err)
	})
	t.Run("a tranche without a kind", func(t *testing.T) {
		f, err := UnmarshalFund(base(t))
		require.NoError(t, err)
		f.Stack = tranche.Sequence(f.Stack, foreignTranche{})
		var buf bytes.Buffer
		err = EncodeFund(&buf, f)
		require.ErrorIs(t, err, ErrUnknownKind)
		require.Equal(t, "stack.tranches[1]", fieldErrors(t, err)[0].Path)
		require.Zero(t, buf.Len())
	})
	t.Run("deeper than MaxStackDepth", func(t *testing.T) {
		f, err := UnmarshalFund(base(t))
		require.NoError(t, err)
		for range MaxStackDepth {
			f.Stack = tranche.Sequence(f.Stack)
		}
		require.NoError(t, f.Validate())
		var buf bytes.Buffer
		require.ErrorIs(t, EncodeFund(&buf, f), ErrLimit)
		require.Zero(t, buf.Len())
	})
}
