package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/chart"
	"github.com/servq/servq/group"
)

// A point is one estimate: the value, its interval and its n. ok is false
// for a week with no answers.
type point struct {
	n     int64
	value float64
	ci    estimate.Interval
	ok    bool
}

// A change is an estimated difference after - before, with its interval
// and two-sided p-value.
type change struct {
	diff, lo, hi, p float64
}

// A metric tells the report how to read one kind of tally: T is the tally,
// P its pointer type.
type metric[T any, P group.Accumulator[T]] struct {
	name     string // "CSAT %"
	unit     string // "points" of the difference
	format   string // how a value prints, "%5.1f"
	estimate func(P, estimate.Options) (point, error)
	compare  func(before, after P, o estimate.Options) (change, error)
	chart    chart.Figure
}

// A series is one channel's weekly estimates of one metric.
type series struct {
	channel string
	points  []point
}

// A test is one comparison, waiting for its adjusted p-value.
type test struct {
	metric, channel, what string
	unit                  string
	change
	adjusted float64
}

type report struct {
	weeks    []time.Time
	labels   []string
	sat, rec []series
	satM     metric[satTally, *satTally]
	recM     metric[recTally, *recTally]
}

func buildReport(sat *group.Panel[string, satTally, *satTally], rec *group.Panel[string, recTally, *recTally], o estimate.Options) (*report, error) {
	r := &report{weeks: weeks(sat), satM: satMetric(), recM: recMetric()}
	for _, wk := range r.weeks {
		label, err := group.Week.Label(wk)
		if err != nil {
			return nil, err
		}
		r.labels = append(r.labels, label)
	}
	var err error
	if r.sat, err = collect(sat, r.weeks, r.satM, o); err != nil {
		return nil, err
	}
	if r.rec, err = collect(rec, r.weeks, r.recM, o); err != nil {
		return nil, err
	}
	return r, nil
}

// collect estimates every channel's metric in every week.
func collect[T any, P group.Accumulator[T]](g *group.Panel[string, T, P], weeks []time.Time, m metric[T, P], o estimate.Options) ([]series, error) {
	var out []series
	for ch := range g.Segments() {
		s := series{channel: ch}
		for _, wk := range weeks {
			var pt point
			if t, ok := g.Get(ch, wk); ok {
				var err error
				if pt, err = m.estimate(t, o); err != nil {
					return nil, fmt.Errorf("%s, %s, week of %s: %w", m.name, ch, wk.Format(time.DateOnly), err)
				}
			}
			s.points = append(s.points, pt)
		}
		out = append(out, s)
	}
	return out, nil
}

func (r *report) printTable(w io.Writer, level float64) {
	fmt.Fprintf(w, "\nWeekly %s and %s by channel, %g %% intervals (%s; %s)\n",
		r.satM.name, r.recM.name, 100*level, methodOf(r.sat), methodOf(r.rec))
	for i, s := range r.sat {
		fmt.Fprintf(w, "\n%s\n  %-8s  %4s  %6s  %-14s  %4s  %6s  %-16s\n", s.channel,
			"week", "n", r.satM.name, "interval", "n", r.recM.name, "interval")
		for k, label := range r.labels {
			fmt.Fprintf(w, "  %-8s  %s  %s\n", label, cell(s.points[k], r.satM.format, 14), cell(r.rec[i].points[k], r.recM.format, 16))
		}
	}
}

func methodOf(ss []series) string {
	for _, s := range ss {
		for _, p := range s.points {
			if p.ok {
				return string(p.ci.Method)
			}
		}
	}
	return "no data"
}

func cell(p point, format string, width int) string {
	if !p.ok {
		return fmt.Sprintf("%4d  %6s  %-*s", 0, "-", width, "")
	}
	iv := fmt.Sprintf("["+format+", "+format+"]", p.ci.Lo, p.ci.Hi)
	iv = strings.Join(strings.Fields(iv), " ")
	return fmt.Sprintf("%4d  "+format+"  %-*s", p.n, p.value, width, iv)
}

// printChanges runs two families of comparisons per channel and metric
// (each week against the pooled weeks before it; the last weeks against the
// first), adjusts all their p-values together by Holm's method, and prints
// the changes whose adjusted p-value is below alpha.
func (r *report) printChanges(w io.Writer, sat *group.Panel[string, satTally, *satTally], rec *group.Panel[string, recTally, *recTally], o estimate.Options, alpha float64) error {
	weekly, err := weekOverBaseline(sat, r.weeks, r.labels, r.satM, o)
	if err != nil {
		return err
	}
	more, err := weekOverBaseline(rec, r.weeks, r.labels, r.recM, o)
	if err != nil {
		return err
	}
	weekly = append(weekly, more...)
	span, err := lastOverFirst(sat, r.weeks, r.satM, o)
	if err != nil {
		return err
	}
	if more, err = lastOverFirst(rec, r.weeks, r.recM, o); err != nil {
		return err
	}
	span = append(span, more...)

	all := append(slices.Clone(weekly), span...)
	ps := make([]float64, len(all))
	for i, t := range all {
		ps[i] = t.p
	}
	adj, err := estimate.Holm(ps)
	if err != nil {
		return err
	}
	for i := range weekly {
		weekly[i].adjusted = adj[i]
	}
	for i := range span {
		span[i].adjusted = adj[len(weekly)+i]
	}

	fmt.Fprintf(w, "\nChanges that stand out (Holm-adjusted p < %g across all %d tests)\n", alpha, len(all))
	fmt.Fprintf(w, "\nEach week against the %d weeks before it, pooled:\n", baseline)
	printTests(w, weekly, alpha)
	fmt.Fprintf(w, "\nThe last %d weeks against the first %d:\n", baseline, baseline)
	printTests(w, span, alpha)
	return nil
}

func printTests(w io.Writer, ts []test, alpha float64) {
	shown := 0
	for _, t := range ts {
		if t.adjusted >= alpha {
			continue
		}
		shown++
		iv := fmt.Sprintf("[%+.1f, %+.1f]", t.lo, t.hi)
		fmt.Fprintf(w, "  %-6s %-22s %-6s %+6.1f %s %-16s p = %.2g, adjusted %.2g\n",
			t.channel, t.what, t.metric, t.diff, t.unit, iv, t.p, t.adjusted)
	}
	if shown == 0 {
		fmt.Fprintln(w, "  none")
	}
}

// weekOverBaseline compares each week, from the (baseline+1)-th on, with
// the merged tallies of the baseline weeks before it.
func weekOverBaseline[T any, P group.Accumulator[T]](g *group.Panel[string, T, P], weeks []time.Time, labels []string, m metric[T, P], o estimate.Options) ([]test, error) {
	var out []test
	for ch := range g.Segments() {
		for k := baseline; k < len(weeks); k++ {
			after, ok := g.Get(ch, weeks[k])
			if !ok {
				continue
			}
			before, err := pool(g, ch, weeks[k-baseline:k])
			if err != nil {
				return nil, err
			}
			c, err := m.compare(before, after, o)
			if err != nil {
				return nil, fmt.Errorf("%s, %s, %s: %w", m.name, ch, labels[k], err)
			}
			what := fmt.Sprintf("%s vs %s..%s", labels[k], strings.TrimPrefix(labels[k-baseline], labels[k][:5]), strings.TrimPrefix(labels[k-1], labels[k][:5]))
			out = append(out, test{metric: m.name, channel: ch, what: what, unit: m.unit, change: c})
		}
	}
	return out, nil
}

// lastOverFirst compares the merged last baseline weeks with the merged
// first baseline weeks.
func lastOverFirst[T any, P group.Accumulator[T]](g *group.Panel[string, T, P], weeks []time.Time, m metric[T, P], o estimate.Options) ([]test, error) {
	if len(weeks) < 2*baseline {
		return nil, nil
	}
	var out []test
	for ch := range g.Segments() {
		before, err := pool(g, ch, weeks[:baseline])
		if err != nil {
			return nil, err
		}
		after, err := pool(g, ch, weeks[len(weeks)-baseline:])
		if err != nil {
			return nil, err
		}
		c, err := m.compare(before, after, o)
		if err != nil {
			return nil, fmt.Errorf("%s, %s, last weeks against first: %w", m.name, ch, err)
		}
		out = append(out, test{metric: m.name, channel: ch, what: fmt.Sprintf("last %d vs first %d wk", baseline, baseline), unit: m.unit, change: c})
	}
	return out, nil
}

// pool merges one channel's tallies of the given weeks into a new tally,
// made by the panel's constructor when it has one.
func pool[T any, P group.Accumulator[T]](g *group.Panel[string, T, P], ch string, weeks []time.Time) (P, error) {
	out := P(new(T))
	if g.New != nil {
		out = g.New()
	}
	for _, wk := range weeks {
		if t, ok := g.Get(ch, wk); ok {
			if err := out.Merge(t); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (r *report) draw(satPath, recPath string, level float64) error {
	if err := drawSeries(satPath, r.weeks, r.sat, r.satM.chart, level); err != nil {
		return err
	}
	return drawSeries(recPath, r.weeks, r.rec, r.recM.chart, level)
}

func drawSeries(path string, weeks []time.Time, ss []series, fig chart.Figure, level float64) error {
	fig.YLabel = fmt.Sprintf("%s (%g %% interval)", fig.YLabel, 100*level)
	var panels []chart.Panel
	for _, s := range ss {
		pn := chart.Panel{Title: s.channel}
		for k, p := range s.points {
			if p.ok {
				pn.Points = append(pn.Points, chart.Point{At: weeks[k], Y: p.value, Lo: p.ci.Lo, Hi: p.ci.Hi})
			}
		}
		panels = append(panels, pn)
	}
	return fig.Save(path, panels)
}
