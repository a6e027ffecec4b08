package main

import (
	"fmt"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/tickets"
)

var (
	blue   = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	orange = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	band   = color.NRGBA{R: 31, G: 119, B: 180, A: 60}
)

// weekTicks labels the x axis with the Monday of every other week, in the
// time zone of the weeks.
func weekTicks(weeks []weekRow) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for i, w := range weeks {
		label := ""
		if i%2 == 0 {
			label = w.start.Format("02 Jan")
		}
		ts = append(ts, plot.Tick{Value: float64(w.start.Unix()), Label: label})
	}
	return ts
}

// drawFirstResponse draws, per team, the weekly median and p90 of the
// first response in business hours.
func (r *report) drawFirstResponse(path string, o estimate.Options) error {
	var plots []*plot.Plot
	for _, name := range tickets.TeamNames {
		tr := r.teams[name]
		rows, err := tr.rows(o)
		if err != nil {
			return err
		}
		var med, p90 plotter.XYs
		var n int64
		for _, row := range rows {
			if !row.hasResponse {
				continue
			}
			b := row.t.FirstResponse.Business
			x := float64(row.start.Unix())
			med = append(med, plotter.XY{X: x, Y: b.Median.Hours()})
			p90 = append(p90, plotter.XY{X: x, Y: b.P90.Hours()})
			n += b.N
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: first response by ISO week, Q1 2024 (%s), n = %d", name, tr.team.Location, n)
		p.X.Label.Text = "week starting (Monday)"
		p.Y.Label.Text = "first response, business hours"
		p.X.Tick.Marker = weekTicks(rows)
		p.Add(plotter.NewGrid())
		top := 0.0
		for i, s := range []struct {
			name string
			xy   plotter.XYs
			c    color.Color
		}{{"median", med, blue}, {"p90", p90, orange}} {
			if len(s.xy) == 0 {
				continue
			}
			l, pts, err := plotter.NewLinePoints(s.xy)
			if err != nil {
				return err
			}
			l.Color, pts.Color, l.Width = s.c, s.c, vg.Points(1.5)
			if i == 1 {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			p.Add(l, pts)
			p.Legend.Add(s.name+" (exact, type 7)", l, pts)
			for _, v := range s.xy {
				top = max(top, v.Y)
			}
		}
		p.Legend.Top = true
		p.Y.Min, p.Y.Max = 0, math.Ceil(top*1.15)
		plots = append(plots, p)
	}
	return save(path, plots)
}

// drawAttainment draws, per team, the weekly share of first replies within
// the SLA target, with its Wilson band.
func (r *report) drawAttainment(path string, o estimate.Options) error {
	level, _ := o.ConfidenceLevel()
	var plots []*plot.Plot
	for _, name := range tickets.TeamNames {
		tr := r.teams[name]
		rows, err := tr.rows(o)
		if err != nil {
			return err
		}
		var line, hi, lo plotter.XYs
		var n int64
		for _, row := range rows {
			if !row.hasSLA || row.sla.FirstReply.N == 0 {
				continue
			}
			s := row.sla.FirstReply
			x := float64(row.start.Unix())
			line = append(line, plotter.XY{X: x, Y: 100 * s.Share})
			hi = append(hi, plotter.XY{X: x, Y: 100 * s.CI.Hi})
			lo = append(lo, plotter.XY{X: x, Y: 100 * s.CI.Lo})
			n += s.N
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: first replies within SLA by ISO week, Q1 2024 (%s), n = %d", name, tr.team.Location, n)
		p.X.Label.Text = "week starting (Monday)"
		p.Y.Label.Text = "within target, % of first replies"
		p.X.Tick.Marker = weekTicks(rows)
		p.Add(plotter.NewGrid())
		if len(line) > 0 {
			poly := append(plotter.XYs{}, hi...)
			for i := len(lo) - 1; i >= 0; i-- {
				poly = append(poly, lo[i])
			}
			pg, err := plotter.NewPolygon(poly)
			if err != nil {
				return err
			}
			pg.Color, pg.LineStyle.Width = band, 0
			l, pts, err := plotter.NewLinePoints(line)
			if err != nil {
				return err
			}
			l.Color, pts.Color, l.Width = blue, blue, vg.Points(1.5)
			p.Add(pg, l, pts)
			p.Legend.Add("share within target", l, pts)
			p.Legend.Add(fmt.Sprintf("%.0f %% Wilson interval", 100*level), pg)
			bottom := 100.0
			for _, v := range lo {
				bottom = min(bottom, v.Y)
			}
			p.Y.Min, p.Y.Max = math.Max(0, math.Floor(bottom/10)*10-5), 100
		}
		p.Legend.Top = false
		p.Legend.Left = true
		plots = append(plots, p)
	}
	return save(path, plots)
}

// save writes the plots side by side as a PNG of 1600 x 600 pixels.
func save(path string, plots []*plot.Plot) error {
	w, h := vg.Length(1600), vg.Length(600)
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Millimeter * 6, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 3}
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, dc)
	for j, p := range plots {
		p.Draw(canvases[0][j])
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
