package main

import (
	"fmt"
	"image/color"
	"path/filepath"

	"github.com/jvwaterfall/jvwaterfall/examples/internal/openaijv"
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

// writeChart draws c to path (.svg or .png, by its extension): a line of
// cumulative distributions per party, its first payment marked with a
// ring and its first profit with a triangle.
func writeChart(path string, c openaijv.Chart) error {
	switch filepath.Ext(path) {
	case ".svg", ".png":
	default:
		return fmt.Errorf("%q: want a .svg or .png file", path)
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = "date"
	p.Y.Label.Text = c.YLabel
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006"}
	p.Legend.Top, p.Legend.Left = true, true
	for j, l := range c.Lines {
		pts := make(plotter.XYs, len(l.Dates))
		for i, d := range l.Dates {
			pts[i] = plotter.XY{X: float64(d.Unix()), Y: l.Millions[i]}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		col := partyColors[j%len(partyColors)]
		line.Color, line.Width = col, vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(l.Label, line)
		for _, m := range []struct {
			at    int
			shape draw.GlyphDrawer
		}{{l.FirstPaid, draw.RingGlyph{}}, {l.FirstProfit, draw.TriangleGlyph{}}} {
			if m.at < 0 {
				continue
			}
			mark, err := plotter.NewScatter(plotter.XYs{pts[m.at]})
			if err != nil {
				return err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: m.shape}
			p.Add(mark)
		}
	}
	p.Add(plotter.NewGrid())
	return p.Save(9*vg.Inch, 5*vg.Inch, path)
}
