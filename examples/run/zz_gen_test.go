package main

import (
	"os"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

func TestZZGen(t *testing.T) {
	d, err := europeanFund()
	if err != nil {
		t.Fatal(err)
	}
	b, err := waterfall.MarshalDeal(d)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/gen/ef.json", b, 0o644)
	d2, err := waterfall.UnmarshalDeal(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := waterfall.MarshalDeal(d2)
	if string(b) != string(b2) {
		t.Fatal("not canonical")
	}
}
