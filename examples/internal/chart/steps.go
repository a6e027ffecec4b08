package chart

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var lightGrey = color.RGBA{R: 220, G: 220, B: 220, A: 255}

// A StepSeries is a right-continuous step function with a band, such as a
// Kaplan-Meier curve: Y[i] (and the band Lo[i]..Hi[i]) holds from X[i] to
// X[i+1], and the last value to XMax of the figure.
type StepSeries struct {
	Name      string // the legend entry, "web (n = 1200)"
	X         []float64
	Y, Lo, Hi []float64
}

// A StepFigure draws step series on one plot, with a legend.
type StepFigure struct {
	Title      string
	XLabel     string
	YLabel     string
	XMax       float64
	YMin, YMax float64
}

var stepColors = []color.RGBA{
	{R: 31, G: 119, B: 180, A: 255},
	{R: 214, G: 39, B: 40, A: 255},
	{R: 44, G: 160, B: 44, A: 255},
	{R: 148, G: 103, B: 189, A: 255},
}

// Save draws the series to path as a PNG of 1200 x 800 pixels.
func (f StepFigure) Save(path string, series []StepSeries) error {
	if len(series) == 0 {
		return fmt.Errorf("chart: %s: no series", path)
	}
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	p.X.Min, p.X.Max = 0, f.XMax
	p.Y.Min, p.Y.Max = f.YMin, f.YMax
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	for i, s := range series {
		if len(s.X) == 0 || len(s.Y) != len(s.X) || len(s.Lo) != len(s.X) || len(s.Hi) != len(s.X) {
			return fmt.Errorf("chart: %s: series %q has mismatched lengths", path, s.Name)
		}
		col := stepColors[i%len(stepColors)]
		line, band := steps(s, f.XMax)
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return err
		}
		poly.Color = color.NRGBA{R: col.R, G: col.G, B: col.B, A: 50}
		poly.LineStyle.Width = 0
		l, err := plotter.NewLine(line)
		if err != nil {
			return err
		}
		l.Color = col
		l.Width = vg.Points(1.5)
		p.Add(poly, l)
		p.Legend.Add(s.Name, l, poly)
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(1200), vg.Length(800)), vgimg.UseDPI(96))
	p.Draw(draw.New(img))
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

// steps returns the staircase of s and the polygon of its band.
func steps(s StepSeries, xmax float64) (line, band plotter.XYs) {
	var hi, lo plotter.XYs
	for i := range s.X {
		next := xmax
		if i+1 < len(s.X) {
			next = s.X[i+1]
		}
		line = append(line, plotter.XY{X: s.X[i], Y: s.Y[i]}, plotter.XY{X: next, Y: s.Y[i]})
		hi = append(hi, plotter.XY{X: s.X[i], Y: s.Hi[i]}, plotter.XY{X: next, Y: s.Hi[i]})
		lo = append(lo, plotter.XY{X: s.X[i], Y: s.Lo[i]}, plotter.XY{X: next, Y: s.Lo[i]})
	}
	band = append(band, hi...)
	for i := len(lo) - 1; i >= 0; i-- {
		band = append(band, lo[i])
	}
	return line, band
}
