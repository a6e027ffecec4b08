package chart

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Trend is a grid of panels, one per segment, each an estimate per
// calendar period with its interval band, drawn to be read on its own: a
// heading that names the metric, the period and the time zone, a legend
// that explains the line, the band and the n under each point, x ticks
// labelled as the report's table labels the periods, and a y axis fitted
// to the data within the range the metric can take.
type Trend struct {
	Heading  string                 // "Weekly CSAT % by channel, ISO weeks in Europe/Madrid"
	YLabel   string                 // the axis and its unit: "CSAT % (share of 4 and 5)"
	Line     string                 // legend of the line: "CSAT % of the week"
	Band     string                 // legend of the band: "95 % Wilson interval"
	Ref      float64                // a dashed reference line; NaN for none
	RefLabel string                 // its legend: "NPS 0"
	Min, Max float64                // the range the metric can take; the axis fits the data inside it
	Label    func(time.Time) string // the tick label of a period start: "2026-W02"
	XLabel   string                 // the x axis: "ISO week"
	Columns  int                    // panels per row; 0 means 2
}

// A TrendPoint is one period's estimate: its start, the estimate, its
// interval and the number of observations behind it.
type TrendPoint struct {
	At        time.Time
	Y, Lo, Hi float64
	N         int64
}

// A TrendPanel is one segment's series; a period without data is absent.
type TrendPanel struct {
	Title  string
	Points []TrendPoint
}

var (
	textColor = color.Gray{Y: 40}
	nColor    = color.Gray{Y: 110}
)

func style(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(plot.DefaultFont, size), Handler: plot.DefaultTextHandler}
}

// Save draws the panels over the periods starting at periods (the x axis,
// shared, in order) and writes a PNG of 1200 points wide, 400 a row plus
// the heading, at 96 dpi.
func (f Trend) Save(path string, periods []time.Time, panels []TrendPanel) error {
	if len(panels) == 0 || len(periods) == 0 {
		return fmt.Errorf("chart: %s: no panels or no periods", path)
	}
	cols := f.Columns
	if cols <= 0 {
		cols = 2
	}
	lo, hi := f.fit(panels)
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	var legend plot.Legend
	have := false
	for i, pn := range panels {
		p, thumbs, err := f.panel(pn, periods, lo, hi)
		if err != nil {
			return fmt.Errorf("chart: %s: %s: %w", path, pn.Title, err)
		}
		if !have && thumbs.line != nil {
			legend, have = f.legend(thumbs), true
		}
		grid[i/cols][i%cols] = p
	}
	const head = 30 * vg.Millimeter
	w, h := vg.Length(1200), vg.Length(400*rows)+head
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
	dc := draw.New(img)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	// Heading and legend above the grid.
	hs := style(vg.Points(15), color.Black)
	hs.XAlign, hs.YAlign = draw.XLeft, draw.YTop
	dc.FillText(hs, vg.Point{X: 4 * vg.Millimeter, Y: h - 3*vg.Millimeter}, f.Heading)
	lc := draw.Crop(dc, 4*vg.Millimeter, 0, h-head+3*vg.Millimeter, -10*vg.Millimeter)
	if have {
		legend.Draw(lc)
	} else {
		ns := style(vg.Points(10), textColor)
		ns.XAlign, ns.YAlign = draw.XLeft, draw.YTop
		dc.FillText(ns, vg.Point{X: 4 * vg.Millimeter, Y: h - 11*vg.Millimeter}, "no data")
	}

	body := draw.Crop(dc, 0, 0, 0, -head)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 6, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
	canvases := plot.Align(grid, tiles, body)
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

// fit returns the y range of every panel: the lowest Lo and highest Hi,
// padded by 8 % of their span (at least 1 unit) and kept within Min..Max.
func (f Trend) fit(panels []TrendPanel) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, pn := range panels {
		for _, pt := range pn.Points {
			lo, hi = math.Min(lo, pt.Lo), math.Max(hi, pt.Hi)
		}
	}
	if math.IsInf(lo, 0) {
		return f.Min, f.Max
	}
	pad := math.Max(1, 0.08*(hi-lo))
	lo, hi = math.Max(f.Min, lo-2*pad), math.Min(f.Max, hi+pad) // room for the n labels below
	return lo, hi
}

type thumbs struct{ line, band, ref plot.Thumbnailer }

func (f Trend) panel(pn TrendPanel, periods []time.Time, lo, hi float64) (*plot.Plot, thumbs, error) {
	p := plot.New()
	p.Title.Text = pn.Title
	p.Title.TextStyle.Font.Size = vg.Points(12)
	p.Y.Label.Text = f.YLabel
	p.Y.Min, p.Y.Max = lo, hi
	x := func(t time.Time) float64 { return float64(t.Unix()) }
	step := 7 * 24 * time.Hour
	if len(periods) > 1 {
		step = periods[1].Sub(periods[0])
	}
	// Half a period of room at each end, so no marker is cut.
	p.X.Min, p.X.Max = x(periods[0].Add(-step/2)), x(periods[len(periods)-1].Add(step/2))
	stride := (len(periods) + 7) / 8
	var ticks []plot.Tick
	for i, t := range periods {
		tk := plot.Tick{Value: x(t)}
		if i%stride == 0 {
			tk.Label = t.Format(time.DateOnly)
			if f.Label != nil {
				tk.Label = f.Label(t)
			}
		}
		ticks = append(ticks, tk)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Label.Text = f.XLabel
	p.Y.Tick.Marker = plot.TickerFunc(func(min, max float64) []plot.Tick {
		ts := plot.DefaultTicks{}.Ticks(min, max)
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
			}
		}
		return ts
	})
	p.Add(plotter.NewGrid())
	var th thumbs
	if len(pn.Points) == 0 {
		return p, th, nil
	}
	// One line and one band per run of consecutive periods, so that
	// neither bridges a period without data.
	at := make(map[int64]int, len(periods))
	for i, t := range periods {
		at[t.Unix()] = i
	}
	var labels plotter.XYLabels
	var runs [][]TrendPoint
	for i, pt := range pn.Points {
		labels.XYs = append(labels.XYs, plotter.XY{X: x(pt.At), Y: lo + 0.02*(hi-lo)})
		labels.Labels = append(labels.Labels, strconv.FormatInt(pt.N, 10))
		j, ok := at[pt.At.Unix()]
		if prev, okPrev := at[pn.Points[max(i-1, 0)].At.Unix()]; i == 0 || !ok || !okPrev || j != prev+1 {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], pt)
	}
	for _, run := range runs {
		line := make(plotter.XYs, len(run))
		band := make(plotter.XYs, 0, 2*len(run))
		for i, pt := range run {
			line[i] = plotter.XY{X: x(pt.At), Y: pt.Y}
			band = append(band, plotter.XY{X: x(pt.At), Y: pt.Hi})
		}
		for i := len(run) - 1; i >= 0; i-- {
			band = append(band, plotter.XY{X: x(run[i].At), Y: run[i].Lo})
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, th, err
		}
		poly.Color = bandColor
		poly.LineStyle.Width = 0
		l, s, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, th, err
		}
		l.Color, s.Color = lineColor, lineColor
		l.Width = vg.Points(1.5)
		p.Add(poly, l, s)
		if th.line == nil {
			th.line, th.band = lineThumb{l, s}, poly
		}
	}
	ns, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, th, err
	}
	for i := range ns.TextStyle {
		ns.TextStyle[i] = style(vg.Points(8), nColor)
		ns.TextStyle[i].XAlign = draw.XCenter
	}
	// Whiskers as well as the band: a period alone between gaps has no
	// band to show.
	whiskers := make(errorPoints, len(pn.Points))
	for i, pt := range pn.Points {
		whiskers[i] = errorPoint{x(pt.At), pt.Y, pt.Y - pt.Lo, pt.Hi - pt.Y}
	}
	bars, err := plotter.NewYErrorBars(whiskers)
	if err != nil {
		return nil, th, err
	}
	bars.Color = lineColor
	bars.LineStyle.Width = vg.Points(0.6)
	p.Add(bars, ns)
	if !math.IsNaN(f.Ref) && f.Ref > lo && f.Ref < hi {
		ref, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: f.Ref}, {X: p.X.Max, Y: f.Ref}})
		if err != nil {
			return nil, th, err
		}
		ref.Color = refColor
		ref.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(ref)
		th.ref = ref
	}
	return p, th, nil
}

// lineThumb draws a line with its marker in the legend.
type lineThumb struct {
	l *plotter.Line
	s *plotter.Scatter
}

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	t.l.Thumbnail(c)
	t.s.Thumbnail(c)
}

func (f Trend) legend(th thumbs) plot.Legend {
	lg := plot.NewLegend()
	lg.TextStyle = style(vg.Points(10), textColor)
	lg.Top, lg.Left = true, true
	lg.Padding = vg.Points(1.5)
	if th.line != nil {
		lg.Add(f.Line, th.line)
	}
	if th.band != nil {
		lg.Add(f.Band, th.band)
	}
	lg.Add("grey numbers: n, the responses behind each point")
	if th.ref != nil && f.RefLabel != "" {
		lg.Add(f.RefLabel, th.ref)
	}
	return lg
}

// errorPoints are points with their interval, for plotter.NewYErrorBars.
type errorPoint struct{ x, y, below, above float64 }

type errorPoints []errorPoint

func (e errorPoints) Len() int                    { return len(e) }
func (e errorPoints) XY(i int) (float64, float64) { return e[i].x, e[i].y }
func (e errorPoints) YError(i int) (float64, float64) {
	return e[i].below, e[i].above
}
