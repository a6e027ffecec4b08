// Package chart draws the example programs' charts: estimates over time
// with their confidence bands, one panel per segment, as PNG. It wraps
// gonum.org/v1/plot so that the metric packages never depend on plotting.
package chart

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Point is one estimate at a time, with its interval.
type Point struct {
	At        time.Time
	Y, Lo, Hi float64
}

// A Panel is one segment's series, drawn as a line with a shaded band.
type Panel struct {
	Title  string
	Points []Point // in time order; a missing period is simply absent
}

// A Figure is a grid of panels that share the y axis.
type Figure struct {
	Title      string  // printed above each panel's own title
	YLabel     string  // the units, "CSAT %"
	YMin, YMax float64 // the y range of every panel
	Ref        float64 // a dashed horizontal reference line; NaN for none
	Columns    int     // panels per row; 0 means 2
}

var (
	lineColor = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	bandColor = color.NRGBA{R: 31, G: 119, B: 180, A: 60} // not premultiplied
	refColor  = color.RGBA{R: 120, G: 120, B: 120, A: 255}
)

// Save draws the panels and writes them to path as a PNG of 1200 x 800
// pixels or taller, as the rows need.
func (f Figure) Save(path string, panels []Panel) error {
	if len(panels) == 0 {
		return fmt.Errorf("chart: %s: no panels", path)
	}
	cols := f.Columns
	if cols <= 0 {
		cols = 2
	}
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, pn := range panels {
		p, err := f.panel(pn)
		if err != nil {
			return fmt.Errorf("chart: %s: %s: %w", path, pn.Title, err)
		}
		grid[i/cols][i%cols] = p
	}
	w, h := vg.Length(1200), vg.Length(400*rows)
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		for j, p := range grid[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(out); err != nil {
		out.Close()
		return fmt.Errorf("chart: %s: %w", path, err)
	}
	return out.Close()
}

func (f Figure) panel(pn Panel) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = pn.Title
	if f.Title != "" {
		p.Title.Text = f.Title + ": " + pn.Title
	}
	p.Y.Label.Text = f.YLabel
	p.Y.Min, p.Y.Max = f.YMin, f.YMax
	p.X.Tick.Marker = plot.TimeTicks{Format: "02 Jan", Time: func(x float64) time.Time {
		loc := time.UTC
		if len(pn.Points) > 0 {
			loc = pn.Points[0].At.Location()
		}
		return time.Unix(int64(x), 0).In(loc)
	}}
	p.Add(plotter.NewGrid())
	if len(pn.Points) == 0 {
		return p, nil
	}
	line := make(plotter.XYs, len(pn.Points))
	band := make(plotter.XYs, 0, 2*len(pn.Points))
	for i, pt := range pn.Points {
		x := float64(pt.At.Unix())
		line[i] = plotter.XY{X: x, Y: pt.Y}
		band = append(band, plotter.XY{X: x, Y: pt.Hi})
	}
	for i := len(pn.Points) - 1; i >= 0; i-- {
		pt := pn.Points[i]
		band = append(band, plotter.XY{X: float64(pt.At.Unix()), Y: pt.Lo})
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, err
	}
	poly.Color = bandColor
	poly.LineStyle.Width = 0
	l, s, err := plotter.NewLinePoints(line)
	if err != nil {
		return nil, err
	}
	l.Color, s.Color = lineColor, lineColor
	l.Width = vg.Points(1.5)
	p.Add(poly, l, s)
	if !math.IsNaN(f.Ref) {
		first, last := line[0].X, line[len(line)-1].X
		ref, err := plotter.NewLine(plotter.XYs{{X: first, Y: f.Ref}, {X: last, Y: f.Ref}})
		if err != nil {
			return nil, err
		}
		ref.Color = refColor
		ref.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(ref)
	}
	return p, nil
}
