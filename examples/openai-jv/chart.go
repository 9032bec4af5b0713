package main

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"

	"github.com/jvwaterfall/jvwaterfall/examples/internal/openaijv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// scenarioColors are the lines' colours, in the order of the scenarios.
var scenarioColors = []color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // blue
	{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // red
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // green
	{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, // orange
	{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, // purple
	{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, // brown
}

var black = color.RGBA{A: 0xff}

// writeChart draws c to path (.svg or .png, by its extension): a panel
// per party, side by side, each with a line of cumulative net cash per
// scenario, a dashed zero line, the first payment marked with a ring and
// the payback with a triangle, both named in the legend.
func writeChart(path string, c openaijv.Chart) error {
	ext := filepath.Ext(path)
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("%q: want a .svg or .png file", path)
	}
	if len(c.Panels) == 0 {
		return fmt.Errorf("%q: nothing to draw", path)
	}
	row := make([]*plot.Plot, len(c.Panels))
	for k, panel := range c.Panels {
		p, err := panelPlot(c, panel)
		if err != nil {
			return err
		}
		row[k] = p
	}
	width, height := vg.Length(len(c.Panels))*5.5*vg.Inch, 6*vg.Inch
	var canvas interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if ext == ".svg" {
		canvas = vgsvg.New(width, height)
	} else {
		canvas = vgimg.PngCanvas{Canvas: vgimg.New(width, height)}
	}
	dc := draw.New(canvas)
	t := draw.Tiles{Rows: 1, Cols: len(row), PadX: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2,
		PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	cells := plot.Align([][]*plot.Plot{row}, t, dc)
	for k, p := range row {
		p.Draw(cells[0][k])
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := canvas.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// panelPlot is one party's plot.
func panelPlot(c openaijv.Chart, panel openaijv.Panel) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = panel.Party + ": cumulative net cash"
	p.X.Label.Text = "year"
	p.Y.Label.Text = c.YLabel
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006"}
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	var lo, hi float64
	for j, l := range panel.Lines {
		pts := make(plotter.XYs, len(l.Dates))
		for i, d := range l.Dates {
			pts[i] = plotter.XY{X: float64(d.Unix()), Y: l.Millions[i]}
		}
		if len(pts) > 0 {
			if j == 0 || pts[0].X < lo {
				lo = pts[0].X
			}
			if j == 0 || pts[len(pts)-1].X > hi {
				hi = pts[len(pts)-1].X
			}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		col := scenarioColors[j%len(scenarioColors)]
		line.Color, line.Width = col, vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(l.Label, line)
		for _, m := range []struct {
			at    int
			shape draw.GlyphDrawer
		}{{l.FirstPaid, draw.RingGlyph{}}, {l.Payback, draw.TriangleGlyph{}}} {
			if m.at < 0 || m.at >= len(pts) {
				continue
			}
			mark, err := plotter.NewScatter(plotter.XYs{pts[m.at]})
			if err != nil {
				return nil, err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: m.shape}
			p.Add(mark)
		}
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Width, zero.Dashes = black, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	p.Legend.Add("zero: all put in is back", zero)
	// Head room above the lines for the legend.
	p.Y.Max += (p.Y.Max - p.Y.Min) * 0.6
	for _, m := range []struct {
		label string
		shape draw.GlyphDrawer
	}{{"ring: first payment", draw.RingGlyph{}}, {"triangle: payback", draw.TriangleGlyph{}}} {
		s, err := plotter.NewScatter(plotter.XYs{})
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: black, Radius: vg.Points(4), Shape: m.shape}
		p.Legend.Add(m.label, s)
	}
	return p, nil
}
