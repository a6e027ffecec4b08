package main

import (
	"fmt"
	"github.com/servq/servq/examples/internal/chart"
	"image/color"
	"math"
	"path/filepath"

	"github.com/servq/servq/estimate"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A series is one set of means, one per dimension, drawn as dots with
// interval whiskers at an offset from the dimension's position.
type series struct {
	name   string
	offset float64
	color  color.Color
	shape  draw.GlyphDrawer
	means  []estimate.Mean
}

var palette = []color.Color{
	color.RGBA{R: 31, G: 119, B: 180, A: 255},
	color.RGBA{R: 214, G: 39, B: 40, A: 255},
	color.RGBA{R: 44, G: 160, B: 44, A: 255},
	color.RGBA{R: 148, G: 103, B: 189, A: 255},
}

// draw writes the two charts to dir and returns their paths.
func (r *report) draw(dir string) ([]string, error) {
	dims := dimensionIDs(r.in)
	when := ""
	if r.period != "" {
		when = ", submitted " + r.period
	}
	pct := fmt.Sprintf("%g %%", 100*r.level)

	var e, p []estimate.Mean
	for _, d := range r.res.Dimensions {
		e, p = append(e, d.Expectation), append(p, d.Perception)
	}
	ep := filepath.Join(dir, "servqual-dimensions.png")
	err := dotChart(ep,
		fmt.Sprintf("Expectation vs perception by dimension (n = %d%s)", r.res.N, when),
		fmt.Sprintf("mean score on the %v scale (%s t interval)", r.in.Scale, pct),
		dims, []series{
			{name: "expectation (E)", offset: -0.12, color: palette[0], shape: draw.CircleGlyph{}, means: e},
			{name: "perception (P)", offset: 0.12, color: palette[1], shape: draw.SquareGlyph{}, means: p},
		}, math.NaN())
	if err != nil {
		return nil, err
	}

	var all []estimate.Mean
	for _, d := range r.res.Dimensions {
		all = append(all, d.Gap)
	}
	ss := []series{{name: fmt.Sprintf("all (n = %d)", r.res.N), color: palette[0], shape: draw.CircleGlyph{}, means: all}}
	shapes := []draw.GlyphDrawer{draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}}
	if len(r.branches) <= 3 {
		step := 0.5 / float64(len(r.branches)+1)
		ss[0].offset = -0.25 + step
		for i, b := range r.branches {
			var g []estimate.Mean
			for _, d := range r.branch[i].Dimensions {
				g = append(g, d.Gap)
			}
			ss = append(ss, series{name: fmt.Sprintf("%s (n = %d)", b, r.branch[i].N), offset: -0.25 + step*float64(i+2),
				color: palette[1+i], shape: shapes[i], means: g})
		}
	}
	gp := filepath.Join(dir, "servqual-gaps.png")
	err = dotChart(gp,
		fmt.Sprintf("SERVQUAL gap P - E by dimension (%s%s)", r.in.Scale, when),
		fmt.Sprintf("gap P - E, scale points (%s paired t interval)", pct),
		dims, ss, 0)
	if err != nil {
		return nil, err
	}
	return []string{ep, gp}, nil
}

// errPoints is dots with vertical error bars, for plotter.NewYErrorBars.
type errPoints struct {
	plotter.XYs
	plotter.YErrors
}

// dotChart draws each series as dots with interval whiskers over nominal x
// positions labelled names, with a dashed reference line at ref (NaN for
// none), the y axis fitted to the intervals.
func dotChart(path, title, ylabel string, names []string, ss []series, ref float64) error {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	p.X.Label.Text = "dimension"
	p.NominalX(names...)
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	lo, hi := math.Inf(1), math.Inf(-1)
	if !math.IsNaN(ref) {
		lo, hi = ref, ref
	}
	for _, s := range ss {
		pts := errPoints{XYs: make(plotter.XYs, len(s.means)), YErrors: make(plotter.YErrors, len(s.means))}
		for i, m := range s.means {
			l, h := m.CI.Lo, m.CI.Hi
			if m.N < 2 { // no interval
				l, h = m.Mean, m.Mean
			}
			pts.XYs[i] = plotter.XY{X: float64(i) + s.offset, Y: m.Mean}
			pts.YErrors[i].Low, pts.YErrors[i].High = m.Mean-l, h-m.Mean
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
		bars, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		bars.Color = s.color
		bars.LineStyle.Width = vg.Points(1.5)
		bars.CapWidth = vg.Points(6)
		dots, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		dots.GlyphStyle.Color = s.color
		dots.GlyphStyle.Shape = s.shape
		dots.GlyphStyle.Radius = vg.Points(4)
		p.Add(bars, dots)
		p.Legend.Add(s.name, dots)
	}
	if !math.IsNaN(ref) {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref}, {X: float64(len(names)) - 0.5, Y: ref}})
		if err != nil {
			return err
		}
		l.Color = color.RGBA{R: 120, G: 120, B: 120, A: 255}
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("no gap (%g)", ref), l)
	}
	pad := 0.08 * (hi - lo)
	if pad == 0 {
		pad = 0.5
	}
	// Room above the data for the legend.
	p.Y.Min, p.Y.Max = lo-pad, hi+pad+0.12*float64(len(ss)+1)*(hi-lo+2*pad)/2
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	return chart.SaveWithMargin(p, vg.Length(1100), vg.Length(650), path)
}
