package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

var (
	actualColor   = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	expectedColor = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	endColor      = color.RGBA{R: 120, G: 120, B: 120, A: 255}
)

// charts writes frequency.png, holdout.png (with a holdout) and
// tracking.png to dir and returns their paths.
func charts(a *analysis, dir, period string) ([]string, error) {
	var paths []string
	n := len(a.summary.Customers)
	unit := a.split.Unit.String()
	labels := func(rows int) []string {
		ls := make([]string, rows)
		for i := range ls {
			ls[i] = strconv.Itoa(i)
		}
		ls[rows-1] += "+"
		return ls
	}
	// Calibration frequencies: bars of actual and expected customers.
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Repeat purchases in the calibration to %s, %s (n = %d customers)", a.split.End.Format("2006-01-02"), period, n)
	p.X.Label.Text = "repeat purchases x in the calibration period"
	p.Y.Label.Text = "customers"
	act, exp := make(plotter.Values, len(a.freq)), make(plotter.Values, len(a.freq))
	for i, r := range a.freq {
		act[i], exp[i] = r.Actual, r.Expected
	}
	w := vg.Points(14)
	ba, err := plotter.NewBarChart(act, w)
	if err != nil {
		return nil, err
	}
	be, err := plotter.NewBarChart(exp, w)
	if err != nil {
		return nil, err
	}
	ba.Color, be.Color = actualColor, expectedColor
	ba.LineStyle.Width, be.LineStyle.Width = 0, 0
	ba.Offset, be.Offset = -w/2, w/2
	p.Add(ba, be)
	p.Legend.Add("actual", ba)
	p.Legend.Add("BG/NBD expected", be)
	p.Legend.Top = true
	p.NominalX(labels(len(a.freq))...)
	p.Y.Min = 0
	if err := save(p, dir, "frequency.png", &paths); err != nil {
		return nil, err
	}
	if a.holdout != nil {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("Holdout purchases by calibration frequency, %s, holdout %.0f %ss (n = %d)", period, a.summary.Holdout, unit, n)
		p.X.Label.Text = "repeat purchases x in the calibration period"
		p.Y.Label.Text = "mean purchases per customer in the holdout"
		var pa, pe plotter.XYs
		ymax := 0.0
		for i, r := range a.holdout {
			if r.Customers == 0 {
				continue
			}
			pa = append(pa, plotter.XY{X: float64(i), Y: r.Actual})
			pe = append(pe, plotter.XY{X: float64(i), Y: r.Expected})
			ymax = math.Max(ymax, math.Max(r.Actual, r.Expected))
		}
		if err := lines(p, pa, pe); err != nil {
			return nil, err
		}
		p.NominalX(labels(len(a.holdout))...)
		p.Y.Min, p.Y.Max = 0, ymax*1.1
		if err := save(p, dir, "holdout.png", &paths); err != nil {
			return nil, err
		}
	}
	// Tracking: cumulative repeat purchases over time.
	p = plot.New()
	p.Title.Text = fmt.Sprintf("Cumulative repeat purchases, %s (n = %d customers)", period, n)
	p.X.Label.Text = unit + "s since the first customer's first purchase"
	p.Y.Label.Text = "cumulative repeat purchases"
	var ta, te plotter.XYs
	ymax := 0.0
	for _, t := range a.track {
		ta = append(ta, plotter.XY{X: t.Time, Y: t.Actual})
		te = append(te, plotter.XY{X: t.Time, Y: t.Expected})
		ymax = math.Max(ymax, math.Max(t.Actual, t.Expected))
	}
	if err := lines(p, ta, te); err != nil {
		return nil, err
	}
	if a.summary.Holdout > 0 && len(a.track) > 0 {
		xEnd := a.track[len(a.track)-1].Time - a.summary.Holdout
		end, err := plotter.NewLine(plotter.XYs{{X: xEnd, Y: 0}, {X: xEnd, Y: ymax * 1.05}})
		if err != nil {
			return nil, err
		}
		end.Color, end.Dashes = endColor, []vg.Length{vg.Points(4), vg.Points(4)}
		p.Add(end)
		p.Legend.Add("end of calibration", end)
	}
	p.Y.Min, p.Y.Max = 0, ymax*1.05
	if err := save(p, dir, "tracking.png", &paths); err != nil {
		return nil, err
	}
	return paths, nil
}

func lines(p *plot.Plot, act, exp plotter.XYs) error {
	la, err := plotter.NewLine(act)
	if err != nil {
		return err
	}
	le, err := plotter.NewLine(exp)
	if err != nil {
		return err
	}
	la.Color, le.Color = actualColor, expectedColor
	la.Width, le.Width = vg.Points(2), vg.Points(2)
	le.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(la, le)
	p.Legend.Add("actual", la)
	p.Legend.Add("BG/NBD expected", le)
	p.Legend.Top, p.Legend.Left = true, true
	return nil
}

func save(p *plot.Plot, dir, name string, paths *[]string) error {
	path := filepath.Join(dir, name)
	if err := p.Save(10*vg.Inch, 6*vg.Inch, path); err != nil {
		return err
	}
	*paths = append(*paths, path)
	return nil
}
