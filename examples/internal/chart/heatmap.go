package chart

import (
	"fmt"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A HeatMap is a matrix of values drawn as coloured cells with a colour
// bar: one row per label in Rows (the first at the top), one column per
// index of Values[row], at x = FirstX + index. A NaN cell, or one beyond
// the end of its row (no data), is drawn light grey.
type HeatMap struct {
	Title      string
	XLabel     string // the columns' units, "months since first purchase"
	YLabel     string
	ValueLabel string  // the colour bar's label, "customers active (%)"
	Min, Max   float64 // the colour range
	Rows       []string
	Values     [][]float64
	FirstX     int // the x of column 0
}

type heatGrid struct{ h *HeatMap }

func (g heatGrid) Dims() (c, r int) {
	for _, row := range g.h.Values {
		c = max(c, len(row))
	}
	return c, len(g.h.Values)
}

// Row 0 of the grid is at the bottom, so the first label goes last.
func (g heatGrid) Z(c, r int) float64 {
	row := g.h.Values[len(g.h.Values)-1-r]
	if c >= len(row) {
		return math.NaN()
	}
	return row[c]
}
func (g heatGrid) X(c int) float64 { return float64(g.h.FirstX + c) }
func (g heatGrid) Y(r int) float64 { return float64(r) }

// Save draws the heat map to path as a PNG of 1200 x 800 pixels.
func (h HeatMap) Save(path string) error {
	if len(h.Values) == 0 || len(h.Values) != len(h.Rows) {
		return fmt.Errorf("chart: %s: %d rows of values for %d labels", path, len(h.Values), len(h.Rows))
	}
	// Dark blue to yellow, never white, so that empty cells (grey) stand out.
	pal, err := moreland.NewLuminance([]color.Color{
		color.RGBA{R: 25, G: 25, B: 90, A: 255},
		color.RGBA{R: 30, G: 140, B: 140, A: 255},
		color.RGBA{R: 250, G: 225, B: 60, A: 255},
	})
	if err != nil {
		return fmt.Errorf("chart: %s: %w", path, err)
	}
	pal.SetMin(h.Min)
	pal.SetMax(h.Max)
	hm := plotter.NewHeatMap(heatGrid{&h}, pal.Palette(255))
	// The palette maps [Min, Max) to colours; Max itself would be NaN.
	hm.Min, hm.Max = h.Min, math.Nextafter(h.Max, math.Inf(1))
	hm.Overflow, hm.Underflow = pal.Palette(255).Colors()[254], pal.Palette(255).Colors()[0]
	hm.NaN = lightGrey
	p := plot.New()
	p.Title.Text = h.Title
	p.X.Label.Text = h.XLabel
	p.Y.Label.Text = h.YLabel
	p.Add(hm)
	var ticks []plot.Tick
	n := len(h.Rows)
	step := max(1, n/24)
	for i, l := range h.Rows {
		if i%step == 0 {
			ticks = append(ticks, plot.Tick{Value: float64(n - 1 - i), Label: l})
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	c, _ := heatGrid{&h}.Dims()
	var xt []plot.Tick
	for k := 0; k < c; k += max(1, c/12) {
		xt = append(xt, plot.Tick{Value: float64(h.FirstX + k), Label: fmt.Sprint(h.FirstX + k)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(xt)

	bar := plot.New()
	bar.Title.Text = h.ValueLabel
	bar.Add(&plotter.ColorBar{ColorMap: pal, Vertical: true})
	bar.HideX()

	img := vgimg.NewWith(vgimg.UseWH(vg.Length(1200), vg.Length(800)), vgimg.UseDPI(96))
	dc := draw.New(img)
	w := dc.Max.X - dc.Min.X
	p.Draw(draw.Crop(dc, vg.Millimeter*2, -w/7, vg.Millimeter*2, -vg.Millimeter*3))
	bar.Draw(draw.Crop(dc, w*6/7+vg.Millimeter*4, 0, vg.Millimeter*8, -vg.Millimeter*8))
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
