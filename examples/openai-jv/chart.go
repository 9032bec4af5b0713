package main

import (
	"fmt"
	"image/color"
	"path/filepath"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/shopspring/decimal"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// partyColors are the lines' colours, in the deal's party order.
var partyColors = []color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // Lenders: blue
	{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // PE: red
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // Founders: green
}

// writeChart draws the cumulative distributions of each party of the
// outcome over time, in millions, each party's first payment marked with
// a ring and its first profit with a triangle, to path (.svg or .png, by
// its extension).
func writeChart(path string, o *outcome) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s — %s: cumulative distributions", o.res.Deal, o.scenario.title)
	p.X.Label.Text = "date"
	p.Y.Label.Text = o.res.Currency + " millions"
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006"}
	p.Legend.Top, p.Legend.Left = true, true
	for j, party := range o.res.Parties() {
		pts := make(plotter.XYs, len(o.res.Periods))
		cum := make([]float64, len(o.res.Periods))
		for _, pay := range o.res.Payments.All() {
			if pay.Party == party.Party {
				f, _ := pay.Amount.Shift(-6).Float64()
				cum[pay.Period] += f
			}
		}
		total := 0.0
		for i, s := range o.res.Periods {
			total += cum[i]
			pts[i] = plotter.XY{X: float64(s.Period.End.Unix()), Y: total}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		c := partyColors[j%len(partyColors)]
		line.Color, line.Width = c, vg.Points(1.5)
		p.Add(line)
		rep, err := report.SummaryOf(o.res, party.Party, decimal.Zero)
		if err != nil {
			return err
		}
		p.Legend.Add(fmt.Sprintf("%s: first paid %s, first profit %s", party.Name, month(rep.First), month(rep.FirstProfit)), line)
		for _, m := range []struct {
			fp    report.FirstPayment
			shape draw.GlyphDrawer
		}{{rep.First, draw.RingGlyph{}}, {rep.FirstProfit, draw.TriangleGlyph{}}} {
			if !m.fp.Paid {
				continue
			}
			mark, err := plotter.NewScatter(plotter.XYs{pts[m.fp.Period]})
			if err != nil {
				return err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4), Shape: m.shape}
			p.Add(mark)
		}
	}
	p.Add(plotter.NewGrid())
	switch filepath.Ext(path) {
	case ".svg", ".png":
	default:
		return fmt.Errorf("%q: want a .svg or .png file", path)
	}
	return p.Save(9*vg.Inch, 5*vg.Inch, path)
}

// month prints a first payment's month, or "never".
func month(fp report.FirstPayment) string {
	if !fp.Paid {
		return "never"
	}
	return fp.Date.Format("2006-01")
}
