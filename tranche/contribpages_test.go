package tranche

import "testing"

// TestContribPages checks the pages' layout against a plain slice: every
// row at its index across the pages' edges, the rooms the pages are made
// with, and truncation to every length, then growing again.
func TestContribPages(t *testing.T) {
	const n = contribGeo + 2*contribPage + 5
	var c contribPages
	var want []contribRow
	for i := range n {
		r := contribRow{amount: int64(i) * 3, party: int32(i)}
		c.push(r)
		want = append(want, r)
	}
	check := func(c *contribPages, want []contribRow) {
		t.Helper()
		if c.n != len(want) {
			t.Fatalf("n = %d, want %d", c.n, len(want))
		}
		for i := range want {
			if *c.at(i) != want[i] {
				t.Fatalf("row %d = %+v, want %+v", i, *c.at(i), want[i])
			}
		}
		for k, p := range c.pages {
			room := contribPage
			if k < contribGeoPages {
				room = contribFirst << k
			}
			if cap(p) != room || (k < len(c.pages)-1 && len(p) != room) {
				t.Fatalf("page %d: len %d cap %d, want room %d", k, len(p), cap(p), room)
			}
		}
	}
	check(&c, want)
	for _, m := range []int{n, n + 1, contribGeo + contribPage, contribGeo, contribGeo - 1, 64, 63, 1, 0} {
		d := c.clone()
		d.truncate(m)
		w := want[:min(m, len(want))]
		check(&d, w)
		d.push(contribRow{amount: -1})
		check(&d, append(w[:len(w):len(w)], contribRow{amount: -1}))
	}
	check(&c, want) // clones share no row
	for i := range contribGeo + contribPage {
		k, j := page(i)
		if k < 0 || j < 0 || (k < contribGeoPages && j >= contribFirst<<k) || j >= contribPage {
			t.Fatalf("page(%d) = %d, %d", i, k, j)
		}
	}
}
