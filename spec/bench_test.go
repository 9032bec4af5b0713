package spec

import (
	"os"
	"testing"
)

func BenchmarkDecodeDeal(b *testing.B) {
	src, err := os.ReadFile("../cmd/jvwaterfall/testdata/european-fund.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := UnmarshalDeal(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeDeal(b *testing.B) {
	src, err := os.ReadFile("../cmd/jvwaterfall/testdata/european-fund.json")
	if err != nil {
		b.Fatal(err)
	}
	d, err := UnmarshalDeal(src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MarshalDeal(d); err != nil {
			b.Fatal(err)
		}
	}
}
