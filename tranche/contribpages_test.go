package tranche

import "testing"

// TestContribPages checks the pages' layout against a plain slice: every
// row at its index across the pages' edges (periods and dates changing
// every few rows, as calls do, and back), the rooms the pages are made
// with, one run a change of period or date, and truncation to every
// length, then growing again.
func TestContribPages(t *testing.T) {
	const n = contribGeo + 2*contribPage + 5
	var c contribPages
	var want []contribRow
	for i := range n {
		r := contribRow{amount: int64(i) * 3, party: int32(i), period: int32(i / 7 % 5), date: int32(i / 11 % 3)}
		c.push(r)
		want = append(want, r)
	}
	check := func(c *contribPages, want []contribRow) {
		t.Helper()
		if c.n != len(want) {
			t.Fatalf("n = %d, want %d", c.n, len(want))
		}
		for i := range want {
			if c.at(i) != want[i] {
				t.Fatalf("row %d = %+v, want %+v", i, c.at(i), want[i])
			}
		}
		runs := 0
		for i := range want {
			if i == 0 || want[i].period != want[i-1].period || want[i].date != want[i-1].date {
				runs++
			}
		}
		if len(c.runs) != runs {
			t.Fatalf("%d runs, want %d", len(c.runs), runs)
		}
		rooms := func(name string, caps, lens []int) {
			t.Helper()
			for k := range caps {
				room := contribPage
				if k < contribGeoPages {
					room = contribFirst << k
				}
				if caps[k] != room || (k < len(caps)-1 && lens[k] != room) {
					t.Fatalf("%s page %d: len %d cap %d, want room %d", name, k, lens[k], caps[k], room)
				}
			}
		}
		var ca, la, cp, lp []int
		for _, p := range c.amounts.pages {
			ca, la = append(ca, cap(p)), append(la, len(p))
		}
		for _, p := range c.parties.pages {
			cp, lp = append(cp, cap(p)), append(lp, len(p))
		}
		rooms("amounts", ca, la)
		rooms("parties", cp, lp)
	}
	check(&c, want)
	for _, m := range []int{n, n + 1, contribGeo + contribPage, contribGeo, contribGeo - 1, 64, 63, 1, 0} {
		d := c.clone()
		d.truncate(m)
		w := want[:min(m, len(want))]
		check(&d, w)
		d.push(contribRow{amount: -1, period: 9})
		check(&d, append(w[:len(w):len(w)], contribRow{amount: -1, period: 9}))
	}
	check(&c, want) // clones share no row
	for i := range contribGeo + contribPage {
		k, j := page(i)
		if k < 0 || j < 0 || (k < contribGeoPages && j >= contribFirst<<k) || j >= contribPage {
			t.Fatalf("page(%d) = %d, %d", i, k, j)
		}
	}
}
