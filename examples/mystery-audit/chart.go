package main

import (
	"fmt"
	"github.com/servq/servq/examples/internal/chart"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/servq/servq/mysteryshopper"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var (
	blue = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	grey = color.RGBA{R: 120, G: 120, B: 120, A: 255}
)

// draw writes the three charts into dir and returns their paths.
func (r *report) draw(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	paths := []string{filepath.Join(dir, "score-by-branch.png"), filepath.Join(dir, "item-compliance.png"),
		filepath.Join(dir, "score-by-month.png")}
	for i, f := range []func(string) error{r.drawBranches, r.drawItems, r.drawMonths} {
		if err := f(paths[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", paths[i], err)
		}
	}
	return paths, nil
}

// period names the span of the report for chart titles.
func (r *report) period() string {
	return fmt.Sprintf("%s to %s (%s)", r.first.Format("Jan 2006"), r.last.Format("Jan 2006"), r.loc)
}

// fitted returns a y range that holds lo..hi with a margin, within the
// bounds of the measure.
func fitted(lo, hi, min, max float64) (float64, float64) {
	pad := math.Max(2, (hi-lo)*0.1)
	return math.Max(min, math.Floor((lo-pad)/5)*5), math.Min(max, math.Ceil((hi+pad)/5)*5)
}

// drawBranches draws each branch's mean score with its interval, in rank
// order.
func (r *report) drawBranches(path string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Mean visit score by branch, %s, n = %d visits", r.period(), r.n)
	p.Y.Label.Text = "mean visit score (%)"
	p.X.Label.Text = "branch (visits)"
	pts := make(plotter.XYs, len(r.ranked))
	errs := make(plotter.YErrors, len(r.ranked))
	names := make([]string, len(r.ranked))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, b := range r.ranked {
		pts[i] = plotter.XY{X: float64(i), Y: b.Score}
		errs[i] = struct{ Low, High float64 }{b.Score - b.CI.Lo, b.CI.Hi - b.Score}
		names[i] = fmt.Sprintf("%d. %s (%d)", b.Rank, b.Key, b.N)
		lo, hi = math.Min(lo, b.CI.Lo), math.Max(hi, b.CI.Hi)
	}
	bars := struct {
		plotter.XYs
		plotter.YErrors
	}{pts, errs}
	eb, err := plotter.NewYErrorBars(bars)
	if err != nil {
		return err
	}
	eb.LineStyle.Color, eb.LineStyle.Width = blue, vg.Points(1.5)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	sc.GlyphStyle.Color, sc.GlyphStyle.Shape, sc.GlyphStyle.Radius = blue, draw.CircleGlyph{}, vg.Points(4)
	mean := r.overall.Score
	ref, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: mean}, {X: float64(len(pts)) - 0.5, Y: mean}})
	if err != nil {
		return err
	}
	ref.Color, ref.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(plotter.NewGrid(), eb, sc, ref)
	p.Legend.Add("branch mean", sc)
	p.Legend.Add(fmt.Sprintf("%g %% t interval", 100*r.level), &plotter.Line{LineStyle: eb.LineStyle})
	p.Legend.Add(fmt.Sprintf("all branches: %.1f %%", mean), ref)
	p.Legend.Top = true
	p.NominalX(names...)
	p.Y.Min, p.Y.Max = fitted(math.Min(lo, mean), math.Max(hi, mean), 0, 100)
	return chart.SaveWithMargin(p, vg.Length(1000), vg.Length(600), path)
}

// drawItems draws every item's compliance with its interval, weakest at
// the bottom.
func (r *report) drawItems(path string) error {
	items := slices.Clone(r.overall.Items)
	items = slices.DeleteFunc(items, func(it mysteryshopper.ItemResult) bool { return it.N == 0 })
	slices.SortStableFunc(items, func(a, b mysteryshopper.ItemResult) int {
		switch {
		case a.Compliance < b.Compliance:
			return -1
		case a.Compliance > b.Compliance:
			return 1
		}
		return 0
	})
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Item compliance, %s, n = %d visits", r.period(), r.n)
	p.X.Label.Text = fmt.Sprintf("visits that met the item (%%), with %g %% Wilson interval", 100*r.level)
	vals := make(plotter.Values, len(items))
	pts := make(plotter.XYs, len(items))
	errs := make(plotter.XErrors, len(items))
	names := make([]string, len(items))
	for i, it := range items {
		c := 100 * it.Compliance
		vals[i], pts[i] = c, plotter.XY{X: c, Y: float64(i)}
		errs[i] = struct{ Low, High float64 }{c - 100*it.CI.Lo, 100*it.CI.Hi - c}
		names[i] = fmt.Sprintf("%s (n %d)", it.ID, it.N)
	}
	bc, err := plotter.NewBarChart(vals, vg.Points(12))
	if err != nil {
		return err
	}
	bc.Horizontal = true
	bc.Color, bc.LineStyle.Width = color.NRGBA{R: 31, G: 119, B: 180, A: 140}, 0
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYs
		plotter.XErrors
	}{pts, errs})
	if err != nil {
		return err
	}
	eb.LineStyle.Width = vg.Points(1)
	p.Add(plotter.NewGrid(), bc, eb)
	p.Legend.Add("compliance", bc)
	p.Legend.Add("interval", &plotter.Line{LineStyle: eb.LineStyle})
	// Two empty rows at the top hold the legend clear of the bars.
	p.Legend.Top = true
	p.NominalY(append(names, "", "")...)
	p.Y.Min, p.Y.Max = -0.7, float64(len(items))+1.3
	p.X.Min, p.X.Max = 0, 100
	var ticks []plot.Tick
	for x := 0; x <= 100; x += 10 {
		ticks = append(ticks, plot.Tick{Value: float64(x), Label: fmt.Sprint(x)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	return chart.SaveWithMargin(p, vg.Length(1000), vg.Length(140+22*float64(len(items)+2)), path)
}

// drawMonths draws each branch's monthly mean score with its interval
// band, one panel per branch, in a grid of two columns.
func (r *report) drawMonths(path string) error {
	bs := r.branches()
	if len(bs) == 0 {
		return fmt.Errorf("no month with two visits or more")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range bs {
		for _, m := range r.monthly[b] {
			lo, hi = math.Min(lo, m.r.ScoreCI.Lo), math.Max(hi, m.r.ScoreCI.Hi)
		}
	}
	ymin, ymax := fitted(math.Min(lo, r.overall.Score), math.Max(hi, r.overall.Score), 0, 100)
	const cols = 2
	rows := (len(bs) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, b := range bs {
		p, err := r.monthPanel(b, ymin, ymax)
		if err != nil {
			return err
		}
		grid[i/cols][i%cols] = p
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(1200), vg.Length(60+380*rows)), vgimg.UseDPI(96))
	dc := draw.New(img)
	title := fmt.Sprintf("Monthly mean visit score by branch, %s", r.period())
	dc.FillText(draw.TextStyle{Color: color.Black, Font: font.From(plot.DefaultFont, 16), XAlign: draw.XCenter,
		Handler: plot.DefaultTextHandler}, vg.Point{X: dc.Max.X / 2, Y: dc.Max.Y - vg.Points(28)}, title)
	dc.Max.Y -= vg.Points(45)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 6, PadY: vg.Millimeter * 6,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		for j, p := range grid[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// monthPanel is one branch's panel of drawMonths.
func (r *report) monthPanel(b string, ymin, ymax float64) (*plot.Plot, error) {
	ms := r.monthly[b]
	p := plot.New()
	var n int64
	line := make(plotter.XYs, len(ms))
	band := make(plotter.XYs, 0, 2*len(ms))
	for i, m := range ms {
		x := float64(m.start.Unix())
		line[i] = plotter.XY{X: x, Y: m.r.Score}
		band = append(band, plotter.XY{X: x, Y: m.r.ScoreCI.Hi})
		n += m.r.N
	}
	for i := len(ms) - 1; i >= 0; i-- {
		band = append(band, plotter.XY{X: float64(ms[i].start.Unix()), Y: ms[i].r.ScoreCI.Lo})
	}
	p.Title.Text = fmt.Sprintf("%s, n = %d visits", b, n)
	p.Y.Label.Text = "mean visit score (%)"
	p.X.Label.Text = fmt.Sprintf("month (%s)", r.loc)
	p.Y.Min, p.Y.Max = ymin, ymax
	var ticks []plot.Tick
	for _, m := range ms {
		ticks = append(ticks, plot.Tick{Value: float64(m.start.Unix()), Label: m.start.Format("Jan")})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, err
	}
	poly.Color, poly.LineStyle.Width = color.NRGBA{R: 31, G: 119, B: 180, A: 60}, 0
	l, pts, err := plotter.NewLinePoints(line)
	if err != nil {
		return nil, err
	}
	l.Color, pts.Color, l.Width = blue, blue, vg.Points(1.5)
	first, last := line[0].X, line[len(line)-1].X
	ref, err := plotter.NewLine(plotter.XYs{{X: first, Y: r.overall.Score}, {X: last, Y: r.overall.Score}})
	if err != nil {
		return nil, err
	}
	ref.Color, ref.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(plotter.NewGrid(), poly, l, pts, ref)
	p.Legend.Add("monthly mean", l, pts)
	p.Legend.Add(fmt.Sprintf("%g %% t interval", 100*r.level), poly)
	p.Legend.Add(fmt.Sprintf("all visits %.1f %%", r.overall.Score), ref)
	p.Legend.Top = false
	p.Legend.YOffs = vg.Points(4)
	return p, nil
}
