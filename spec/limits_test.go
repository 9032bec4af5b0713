package spec

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// repeatReader yields head, then body repeated until n bytes in all have
// been read: a large input that the test never holds in memory.
type repeatReader struct {
	head, body string
	n, off     int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.off < r.n {
		var c byte
		if r.off < int64(len(r.head)) {
			c = r.head[r.off]
		} else {
			c = r.body[(r.off-int64(len(r.head)))%int64(len(r.body))]
		}
		p[k] = c
		k++
		r.off++
	}
	return k, nil
}

// allocated returns the bytes f allocates, and checks what it returns.
func allocated(t *testing.T, f func() error, check func(error)) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := f()
	runtime.ReadMemStats(&after)
	check(err)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodeDeal_hostile checks that hostile inputs are refused with the
// right error and bounded memory. The bounds are on bytes allocated
// (runtime.MemStats.TotalAlloc), not on time; they are generous multiples
// of what the limits imply.
func TestDecodeDeal_hostile(t *testing.T) {
	const MiB = 1 << 20
	flowsHead := specBase[:strings.Index(specBase, `"proceeds": [`)] + `"proceeds": [`
	tests := []struct {
		name   string
		reader func() io.Reader
		path   string
		want   error
		bound  uint64 // bytes allocated, at most
	}{
		{
			name: "50 MB deal from a stream",
			reader: func() io.Reader {
				return &repeatReader{head: flowsHead, body: `{"date": "2029-12-31", "amount": "1.00"}, `, n: 50_000_000}
			},
			path: "", want: ErrLimit, bound: 2*MaxSpecBytes + MiB,
		},
		{
			name: "50 MB deal of known size",
			reader: func() io.Reader {
				return bytes.NewReader(make([]byte, 50_000_000))
			},
			path: "", want: ErrLimit, bound: 64 << 10,
		},
		{
			name: "100,000 nested arrays",
			reader: func() io.Reader {
				return strings.NewReader(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000))
			},
			path: strings.Repeat("[0]", MaxSpecDepth), want: ErrLimit, bound: 2 * MiB,
		},
		{
			name: "100,000 nested objects",
			reader: func() io.Reader {
				return strings.NewReader(strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000))
			},
			path: "a" + strings.Repeat(".a", MaxSpecDepth-1), want: ErrLimit, bound: 2 * MiB,
		},
		{
			name: "huge exponent",
			reader: func() io.Reader {
				return strings.NewReader(strings.Replace(specBase, `"1800000.00"`, `"1e999999999"`, 1))
			},
			path: "proceeds[0].amount", want: ErrLimit, bound: 2 * MiB,
		},
		{
			name: "huge negative exponent",
			reader: func() io.Reader {
				return strings.NewReader(strings.Replace(specBase, `"0.08"`, `"8e-999999999"`, 1))
			},
			path: "stack.tranches[1].tranches[0].rate.annual", want: ErrLimit, bound: 2 * MiB,
		},
		{
			name: "million-digit number",
			reader: func() io.Reader {
				return strings.NewReader(strings.Replace(specBase, `"1800000.00"`, "9"+strings.Repeat("9", 1_000_000), 1))
			},
			path: "proceeds[0].amount", want: ErrLimit, bound: 16 * MiB,
		},
		{
			name: "MaxSpecValues values",
			reader: func() io.Reader {
				return strings.NewReader(`{"name": [` + strings.Repeat("0,", MaxSpecValues+10) + `0]}`)
			},
			path: "name[" + strconv.Itoa(MaxSpecValues-2) + "]", want: ErrLimit, bound: 128 * MiB,
		},
		{
			name: "schedule of 10,000 years",
			reader: func() io.Reader {
				return strings.NewReader(strings.Replace(specBase, `"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"`,
					`"start": "0001-01-31", "end": "9999-12-31", "frequency": "monthly"`, 1))
			},
			path: "schedule.end", want: contract.ErrRange, bound: 2 * MiB,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.reader()
			n := allocated(t, func() error { _, err := DecodeDeal(r); return err }, func(err error) {
				require.ErrorIs(t, err, tt.want)
				fes := fieldErrors(t, err)
				require.Equal(t, tt.path, fes[0].Path, "%v", err)
			})
			t.Logf("%s: %.1f MiB allocated", tt.name, float64(n)/MiB)
			require.LessOrEqual(t, n, tt.bound, "allocated %d bytes", n)
		})
	}
}

// TestDecodeDeal_largeValid checks that a deal near the limits decodes:
// 20,000 parties and 20,000 quarterly flows.
func TestDecodeDeal_largeValid(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var b strings.Builder
	b.WriteString(`{"currency": "USD", "scale": 2, "parties": [`)
	for i := range 20_000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"id": "P` + itoa(i) + `", "commitment": "1000.00"}`)
	}
	b.WriteString(`], "schedule": {"start": "2000-12-31", "end": "2100-12-31", "frequency": "monthly"}, "proceeds": [`)
	for i := range 1200 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"date": "` + contract.AddMonths(contract.Date(2001, 1, 31), i, true).Format("2006-01-02") + `", "amount": "10.00"}`)
	}
	b.WriteString(`], "stack": {"kind": "return_of_capital", "id": "c", "parties": ["P0"]}}`)
	src := b.String()
	var d *waterfall.Deal
	n := allocated(t, func() (err error) { d, err = UnmarshalDeal([]byte(src)); return err }, func(err error) { require.NoError(t, err) })
	t.Logf("%d bytes of spec, %.1f MiB allocated", len(src), float64(n)/(1<<20))
	require.Len(t, d.Parties, 20_000)
	require.Len(t, d.Periods, 1200)
}

func itoa(i int) string { return strconv.Itoa(i) }
