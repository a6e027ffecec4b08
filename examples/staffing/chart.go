package main

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

var (
	colorC    = color.RGBA{R: 31, G: 119, B: 180, A: 255} // blue
	colorA    = color.RGBA{R: 255, G: 127, B: 14, A: 255} // orange
	colorLoad = color.RGBA{R: 120, G: 120, B: 120, A: 255}
)

// hourTicks labels an axis of hours since midnight as clock times.
type hourTicks struct{}

func (hourTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for h := math.Ceil(min); h <= max; h++ {
		label := ""
		if int(h)%2 == 0 {
			label = fmt.Sprintf("%02d:00", int(h))
		}
		ts = append(ts, plot.Tick{Value: h, Label: label})
	}
	return ts
}

// hours returns t as hours since its local midnight.
func hours(t time.Time) float64 {
	y, m, d := t.Date()
	return t.Sub(time.Date(y, m, d, 0, 0, 0, 0, t.Location())).Hours()
}

// steps turns per-interval values into a step line over each interval.
func (p plans) steps(value func(i int) float64) plotter.XYs {
	var xy plotter.XYs
	for i, iv := range p.Intervals {
		x0 := hours(iv.Start)
		x1 := x0 + iv.Queue.Interval.Hours()
		xy = append(xy, plotter.XY{X: x0, Y: value(i)}, plotter.XY{X: x1, Y: value(i)})
	}
	return xy
}

func line(xy plotter.XYs, c color.Color, dashed bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(1.8)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		l.Width = vg.Points(1.2)
	}
	return l, nil
}

// draw writes the plan's chart to path: agents per interval above, the
// service level reached below, Erlang C beside Erlang A in both.
func (p plans) draw(path string) error {
	first, last := p.Intervals[0], p.Intervals[len(p.Intervals)-1]
	end := last.Start.Add(last.Queue.Interval)
	span := fmt.Sprintf("%s-%s (%s)", first.Start.Format("Mon 2 Jan 2006 15:04"), end.Format("15:04"), p.Loc)
	n := fmt.Sprintf("n = %d intervals, %.0f contacts forecast", len(p.Intervals), p.C.Contacts)
	xMin, xMax := hours(first.Start), hours(end)
	xLabel := "interval start, " + p.Loc.String()

	// Agents.
	top := plot.New()
	top.Title.Text = "Agents needed per interval, " + span + "; " + n
	top.Y.Label.Text = "agents on the phones"
	top.X.Label.Text = xLabel
	top.X.Min, top.X.Max = xMin, xMax
	top.X.Tick.Marker = hourTicks{}
	top.Add(plotter.NewGrid())
	maxAgents := 0.0
	for i := range p.Intervals {
		maxAgents = math.Max(maxAgents, float64(max(p.C.Intervals[i].Agents, p.A.Intervals[i].Agents)))
	}
	top.Y.Min, top.Y.Max = 0, math.Ceil(maxAgents*1.1)
	lc, err := line(p.steps(func(i int) float64 { return float64(p.C.Intervals[i].Agents) }), colorC, false)
	if err != nil {
		return err
	}
	la, err := line(p.steps(func(i int) float64 { return float64(p.A.Intervals[i].Agents) }), colorA, false)
	if err != nil {
		return err
	}
	ll, err := line(p.steps(func(i int) float64 { return p.C.Intervals[i].Result.Erlangs }), colorLoad, true)
	if err != nil {
		return err
	}
	top.Add(lc, la, ll)
	top.Legend.Add("Erlang C", lc)
	top.Legend.Add(fmt.Sprintf("Erlang A (mean patience %v)", p.Patience), la)
	top.Legend.Add("offered load (Erlangs)", ll)
	top.Legend.Top, top.Legend.Left = true, true

	// Service level.
	bot := plot.New()
	within := p.Targets.AnswerWithin
	bot.Title.Text = fmt.Sprintf("Service level reached, %% of contacts answered within %v, %s", within, span)
	bot.Y.Label.Text = fmt.Sprintf("answered within %v (%%)", within)
	bot.X.Label.Text = xLabel
	bot.X.Min, bot.X.Max = xMin, xMax
	bot.X.Tick.Marker = hourTicks{}
	bot.Add(plotter.NewGrid())
	minSL := 100 * p.Targets.ServiceLevel
	for i := range p.Intervals {
		minSL = math.Min(minSL, 100*math.Min(p.C.Intervals[i].Result.ServiceLevel, p.A.Intervals[i].Result.ServiceLevel))
	}
	bot.Y.Min, bot.Y.Max = math.Max(0, math.Floor(minSL/5)*5-5), 100
	sc, err := line(p.steps(func(i int) float64 { return 100 * p.C.Intervals[i].Result.ServiceLevel }), colorC, false)
	if err != nil {
		return err
	}
	sa, err := line(p.steps(func(i int) float64 { return 100 * p.A.Intervals[i].Result.ServiceLevel }), colorA, false)
	if err != nil {
		return err
	}
	target, err := line(plotter.XYs{{X: xMin, Y: 100 * p.Targets.ServiceLevel}, {X: xMax, Y: 100 * p.Targets.ServiceLevel}}, colorLoad, true)
	if err != nil {
		return err
	}
	bot.Add(sc, sa, target)
	bot.Legend.Add(fmt.Sprintf("Erlang C (day %.1f%%)", 100*p.C.ServiceLevel), sc)
	bot.Legend.Add(fmt.Sprintf("Erlang A (day %.1f%%, %.1f%% abandon)", 100*p.A.ServiceLevel, 100*p.A.Abandon), sa)
	bot.Legend.Add(fmt.Sprintf("target %.0f%%", 100*p.Targets.ServiceLevel), target)
	bot.Legend.Top, bot.Legend.Left = false, true

	w, h := vg.Length(1200), vg.Length(900)
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 6,
		PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 5}
	grid := [][]*plot.Plot{{top}, {bot}}
	canvases := plot.Align(grid, tiles, dc)
	top.Draw(canvases[0][0])
	bot.Draw(canvases[1][0])
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
