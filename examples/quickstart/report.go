package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/chart"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
)

// A metric is one question of the report, read from one kind of tally: T
// is the tally and P its pointer type, as group names them.
type metric[T any, P group.Accumulator[T]] struct {
	name   string // "CSAT %"
	format string // how a value prints, "%5.1f"
	panel  *group.Panel[string, T, P]
	// estimate reads the value, its interval and its n from a tally.
	estimate func(P, estimate.Options) (point, error)
	// compare returns the difference after - before, in points.
	compare func(before, after P, o estimate.Options) (estimate.Difference, error)
}

// A point is one estimate; ok is false for a week with no answers.
type point struct {
	n     int64
	value float64
	ci    estimate.Interval
	ok    bool
}

// A test is one comparison, waiting for its adjusted p-value.
type test struct {
	metric, segment, what string
	d                     estimate.Difference
	adjusted              float64
}

// report holds the grouped tallies and what is read from them.
type report struct {
	loc         *time.Location
	opts        estimate.Options
	first, last time.Time   // the first and last response
	weeks       []time.Time // every ISO week from the first to the last, empty ones too
	labels      []string    // their labels, 2026-W02
	segments    []string    // every segment of either question, in order
	segmentName string      // what a segment is: the segment column's name
	sat         metric[csat.Tally, *csat.Tally]
	rec         metric[nps.Tally, *nps.Tally]
}

// analyse groups the responses into one CSAT and one NPS tally per segment
// and ISO week in loc.
func analyse(rs []response, segmentName string, loc *time.Location, level float64) (*report, error) {
	r := &report{loc: loc, opts: estimate.Options{Level: level}, segmentName: segmentName, sat: csatMetric(loc), rec: npsMetric(loc)}
	for i, x := range rs {
		if x.csat != missing {
			if err := r.sat.panel.At(x.segment, x.at).Add(x.csat); err != nil {
				return nil, fmt.Errorf("line %d: %w", x.line, err)
			}
		}
		if x.nps != missing {
			if err := r.rec.panel.At(x.segment, x.at).Add(x.nps); err != nil {
				return nil, fmt.Errorf("line %d: %w", x.line, err)
			}
		}
		if i == 0 || x.at.Before(r.first) {
			r.first = x.at
		}
		if i == 0 || x.at.After(r.last) {
			r.last = x.at
		}
	}
	for wk := range r.sat.panel.Periods(r.first, r.last) {
		label, err := group.Week.Label(wk)
		if err != nil {
			return nil, err
		}
		r.weeks, r.labels = append(r.weeks, wk), append(r.labels, label)
	}
	r.segments = slices.Sorted(func(yield func(string) bool) {
		for s := range r.sat.panel.Segments() {
			if !yield(s) {
				return
			}
		}
		for s := range r.rec.panel.Segments() {
			if !yield(s) {
				return
			}
		}
	})
	r.segments = slices.Compact(r.segments)
	return r, nil
}

func (r *report) span() (time.Time, time.Time) { return r.first, r.last }

// csatMetric reads the CSAT % of a tally, the share of 4s and 5s with its
// Wilson interval, and compares two by Newcombe's interval and the pooled
// z test.
func csatMetric(loc *time.Location) metric[csat.Tally, *csat.Tally] {
	return metric[csat.Tally, *csat.Tally]{
		name: "CSAT %", format: "%5.1f",
		panel: group.BySegmentPeriod[string, csat.Tally](group.Week, loc),
		estimate: func(t *csat.Tally, o estimate.Options) (point, error) {
			res, err := t.Result(o)
			return point{n: res.N, value: res.CSAT, ci: res.CSATCI, ok: err == nil}, err
		},
		compare: func(before, after *csat.Tally, o estimate.Options) (estimate.Difference, error) {
			b, err := before.Result(o)
			if err != nil {
				return estimate.Difference{}, err
			}
			a, err := after.Result(o)
			if err != nil {
				return estimate.Difference{}, err
			}
			c, err := csat.Compare(b, a, o)
			return c.CSAT, err
		},
	}
}

// npsMetric reads the NPS of a tally, in points, with its default interval,
// and compares two with nps.Compare.
func npsMetric(loc *time.Location) metric[nps.Tally, *nps.Tally] {
	return metric[nps.Tally, *nps.Tally]{
		name: "NPS", format: "%+5.1f",
		panel: group.BySegmentPeriod[string, nps.Tally](group.Week, loc),
		estimate: func(t *nps.Tally, o estimate.Options) (point, error) {
			res, err := t.Result(o)
			return point{n: res.N, value: res.NPS, ci: res.CI, ok: err == nil}, err
		},
		compare: func(before, after *nps.Tally, o estimate.Options) (estimate.Difference, error) {
			b, err := before.Result(o)
			if err != nil {
				return estimate.Difference{}, err
			}
			a, err := after.Result(o)
			if err != nil {
				return estimate.Difference{}, err
			}
			return nps.Compare(b, a, o)
		},
	}
}

// points estimates a segment's metric in every week; a week without
// answers is a point with ok false.
func points[T any, P group.Accumulator[T]](m metric[T, P], seg string, weeks []time.Time, o estimate.Options) ([]point, error) {
	out := make([]point, len(weeks))
	for k, wk := range weeks {
		t, ok := m.panel.Get(seg, wk)
		if !ok {
			continue
		}
		p, err := m.estimate(t, o)
		if err != nil {
			return nil, fmt.Errorf("%s, %s, week of %s: %w", m.name, seg, wk.Format(time.DateOnly), err)
		}
		out[k] = p
	}
	return out, nil
}

func (r *report) printTable(w io.Writer) {
	level, _ := r.opts.ConfidenceLevel()
	fmt.Fprintf(w, "\nWeekly %s and %s by %s, %g %% intervals (ISO weeks in %s)\n", r.sat.name, r.rec.name, r.segmentName, 100*level, r.loc)
	for _, seg := range r.segments {
		sat, err1 := points(r.sat, seg, r.weeks, r.opts)
		rec, err2 := points(r.rec, seg, r.weeks, r.opts)
		if err1 != nil || err2 != nil {
			fmt.Fprintf(w, "\n%s: %v\n", seg, errorsOf(err1, err2))
			continue
		}
		fmt.Fprintf(w, "\n%s\n  %-8s  %4s  %6s  %-14s  %4s  %6s  %-16s\n", seg,
			"week", "n", r.sat.name, "interval", "n", r.rec.name, "interval")
		for k, label := range r.labels {
			fmt.Fprintf(w, "  %-8s  %s  %s\n", label, cell(sat[k], r.sat.format, 14), cell(rec[k], r.rec.format, 16))
		}
	}
}

func errorsOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func cell(p point, format string, width int) string {
	if !p.ok {
		return fmt.Sprintf("%4d  %6s  %-*s", 0, "-", width, "")
	}
	iv := fmt.Sprintf("["+format+", "+format+"]", p.ci.Lo, p.ci.Hi)
	iv = strings.Join(strings.Fields(iv), " ")
	return fmt.Sprintf("%4d  "+format+"  %-*s", p.n, p.value, width, iv)
}

// printChanges runs two families of comparisons per segment and metric
// (each week against the pooled weeks before it; the last weeks against the
// first), adjusts all their p-values together by Holm's method, and prints
// the changes whose adjusted p-value is below alpha.
func (r *report) printChanges(w io.Writer, alpha float64) error {
	var weekly, span []test
	notMade := 0
	for _, f := range []func() ([]test, []test, int, error){
		func() ([]test, []test, int, error) { return changes(r.sat, r.segments, r.weeks, r.labels, r.opts) },
		func() ([]test, []test, int, error) { return changes(r.rec, r.segments, r.weeks, r.labels, r.opts) },
	} {
		wk, sp, n, err := f()
		if err != nil {
			return err
		}
		weekly, span, notMade = append(weekly, wk...), append(span, sp...), notMade+n
	}
	all := append(slices.Clone(weekly), span...)
	if len(all) == 0 {
		fmt.Fprintf(w, "\nNo changes to test: fewer than %d weeks with answers to compare (%d comparisons not made)\n", baseline+1, notMade)
		return nil
	}
	ps := make([]float64, len(all))
	for i, t := range all {
		ps[i] = t.d.P
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
	if notMade > 0 {
		fmt.Fprintf(w, "(%d comparisons not made: a side with fewer than 2 answers, or both sides constant)\n", notMade)
	}
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
		iv := fmt.Sprintf("[%+.1f, %+.1f]", t.d.CI.Lo, t.d.CI.Hi)
		fmt.Fprintf(w, "  %-6s %-22s %-6s %+6.1f pts %-16s p = %.2g, adjusted %.2g\n",
			t.segment, t.what, t.metric, t.d.Estimate, iv, t.d.P, t.adjusted)
	}
	if shown == 0 {
		fmt.Fprintln(w, "  none")
	}
}

// changes compares, for each segment, each week from the (baseline+1)-th
// on with the pooled baseline weeks before it (group's Window), and the
// pooled last baseline weeks with the pooled first.
// Comparisons that cannot be made (too few answers on a side, or no
// variance) are counted in notMade.
func changes[T any, P group.Accumulator[T]](m metric[T, P], segments []string, weeks []time.Time, labels []string, o estimate.Options) (weekly, span []test, notMade int, err error) {
	for _, seg := range segments {
		for k := baseline; k < len(weeks); k++ {
			after, ok := m.panel.Get(seg, weeks[k])
			if !ok {
				continue
			}
			before, err := m.panel.Window(seg, weeks[k].Add(-1), baseline)
			if err != nil {
				return nil, nil, 0, err
			}
			d, err := m.compare(before, after, o)
			if err != nil {
				notMade++
				continue
			}
			year := labels[k][:5] // "2026-"
			what := fmt.Sprintf("%s vs %s..%s", labels[k], strings.TrimPrefix(labels[k-baseline], year), strings.TrimPrefix(labels[k-1], year))
			weekly = append(weekly, test{metric: m.name, segment: seg, what: what, d: d})
		}
		if len(weeks) < 2*baseline {
			continue
		}
		before, err := m.panel.Window(seg, weeks[baseline-1], baseline)
		if err != nil {
			return nil, nil, 0, err
		}
		after, err := m.panel.Window(seg, weeks[len(weeks)-1], baseline)
		if err != nil {
			return nil, nil, 0, err
		}
		d, err := m.compare(before, after, o)
		if err != nil {
			notMade++
			continue
		}
		span = append(span, test{metric: m.name, segment: seg, what: fmt.Sprintf("last %d vs first %d wk", baseline, baseline), d: d})
	}
	return weekly, span, notMade, nil
}

func (r *report) draw(satPath, recPath string) error {
	level, _ := r.opts.ConfidenceLevel()
	label := func(t time.Time) string { s, _ := group.Week.Label(t); return s }
	where := fmt.Sprintf("ISO weeks %s to %s, %s", r.labels[0], r.labels[len(r.labels)-1], r.loc)
	sat := chart.Trend{
		Heading: "Weekly CSAT % by " + r.segmentName + ", " + where, XLabel: "ISO week",
		YLabel: "CSAT % (share of ratings 4 and 5)",
		Line:   "CSAT % of the week", Band: fmt.Sprintf("%g %% interval (%s)", 100*level, estimate.Wilson),
		Ref: math.NaN(), Min: 0, Max: 100, Label: label,
	}
	if err := drawMetric(satPath, sat, r.sat, r.segments, r.weeks, r.opts); err != nil {
		return err
	}
	rec := chart.Trend{
		Heading: "Weekly NPS by " + r.segmentName + ", " + where, XLabel: "ISO week",
		YLabel: "NPS (points, -100..100)",
		Line:   "NPS of the week", Band: fmt.Sprintf("%g %% interval (%s)", 100*level, methodOf(r.rec, r.segments, r.weeks, r.opts)),
		Ref: 0, RefLabel: "NPS 0: as many promoters as detractors", Min: -100, Max: 100, Label: label,
	}
	return drawMetric(recPath, rec, r.rec, r.segments, r.weeks, r.opts)
}

// methodOf returns the interval method of the first estimate of m.
func methodOf[T any, P group.Accumulator[T]](m metric[T, P], segments []string, weeks []time.Time, o estimate.Options) estimate.Method {
	for _, seg := range segments {
		ps, _ := points(m, seg, weeks, o)
		for _, p := range ps {
			if p.ok {
				return p.ci.Method
			}
		}
	}
	return ""
}

func drawMetric[T any, P group.Accumulator[T]](path string, fig chart.Trend, m metric[T, P], segments []string, weeks []time.Time, o estimate.Options) error {
	var panels []chart.TrendPanel
	for _, seg := range segments {
		ps, err := points(m, seg, weeks, o)
		if err != nil {
			return err
		}
		pn := chart.TrendPanel{}
		var n int64
		for k, p := range ps {
			if p.ok {
				pn.Points = append(pn.Points, chart.TrendPoint{At: weeks[k], Y: p.value, Lo: p.ci.Lo, Hi: p.ci.Hi, N: p.n})
				n += p.n
			}
		}
		pn.Title = fmt.Sprintf("%s (n = %d)", seg, n)
		panels = append(panels, pn)
	}
	return fig.Save(path, weeks, panels)
}
