package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/chart"
	"github.com/servq/servq/examples/internal/eventlog"
	"github.com/servq/servq/group"
	"github.com/servq/servq/retention"
)

// customer is what the lifetime analysis needs of one customer.
type customer struct {
	first, last time.Time
	purchases   int64
	segment     string
}

// segmentCurve is one segment's lifetimes and curve.
type segmentCurve struct {
	name  string
	life  *retention.Lifetimes
	curve retention.Curve
	rmst  retention.RMST
}

type analysis struct {
	loc        *time.Location
	level      float64
	inactive   int
	rows       int
	from, to   time.Time
	table      retention.CohortTable
	repeat     retention.RepeatRate
	all        segmentCurve
	segments   []segmentCurve
	logrank    retention.LogRankResult
	logrankErr error
}

// horizon is the restricted-mean horizon, in days.
const horizon = 365

func analyse(rows []eventlog.Row, loc *time.Location, c config) (*analysis, error) {
	o := estimate.Options{Level: c.level}
	a := &analysis{loc: loc, level: c.level, inactive: c.inactive, rows: len(rows), from: rows[0].At, to: rows[0].At}

	// Cohorts: one event per row, in any order.
	co, err := retention.NewCohorts(group.Month, loc)
	if err != nil {
		return nil, err
	}
	custs := map[string]*customer{}
	for i, r := range rows {
		if err := co.Add(retention.Event{Customer: r.Customer, At: r.At, Amount: r.Amount}); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		a.from, a.to = minTime(a.from, r.At), maxTime(a.to, r.At)
		cu := custs[r.Customer]
		if cu == nil {
			cu = &customer{first: r.At, last: r.At, segment: r.Segment}
			custs[r.Customer] = cu
		}
		if r.At.Before(cu.first) {
			cu.first, cu.segment = r.At, r.Segment
		}
		cu.last = maxTime(cu.last, r.At)
		cu.purchases++
	}
	if a.table, err = co.Result(o); err != nil {
		return nil, err
	}

	// Lifetimes: churned when the last purchase is more than -inactive
	// days before the end of the log; otherwise censored at the end.
	cutoff := a.to
	churnedBy := cutoff.AddDate(0, 0, -c.inactive)
	var rep retention.Repeat
	bySeg := map[string]*retention.Lifetimes{}
	a.all.name, a.all.life = "all", new(retention.Lifetimes)
	ids := make([]string, 0, len(custs))
	for id := range custs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		cu := custs[id]
		if err := rep.Add(retention.Purchases{Count: cu.purchases, First: cu.first, Last: cu.last}); err != nil {
			return nil, fmt.Errorf("customer %s: %w", id, err)
		}
		end := time.Time{}
		if cu.last.Before(churnedBy) {
			end = cu.last
		}
		sp, err := retention.Tenure(cu.first, end, cutoff, 24*time.Hour)
		if err != nil {
			return nil, fmt.Errorf("customer %s: %w", id, err)
		}
		days := math.Floor(sp.Duration) // whole days, so that ties are ties
		l := bySeg[cu.segment]
		if l == nil {
			l = new(retention.Lifetimes)
			bySeg[cu.segment] = l
		}
		if err := l.Add(retention.Lifetime{Exit: days, Status: sp.Status}); err != nil {
			return nil, err
		}
		if err := a.all.life.Add(retention.Lifetime{Exit: days, Status: sp.Status}); err != nil {
			return nil, err
		}
	}
	if a.repeat, err = rep.Result(o); err != nil {
		return nil, err
	}
	if err := a.all.fit(o); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(bySeg))
	for s := range bySeg {
		names = append(names, s)
	}
	slices.Sort(names)
	var groups []*retention.Lifetimes
	for _, s := range names {
		sc := segmentCurve{name: s, life: bySeg[s]}
		if err := sc.fit(o); err != nil {
			return nil, fmt.Errorf("segment %s: %w", s, err)
		}
		a.segments = append(a.segments, sc)
		groups = append(groups, sc.life)
	}
	a.logrank, a.logrankErr = retention.LogRank(groups...)
	return a, nil
}

func (s *segmentCurve) fit(o estimate.Options) error {
	c, err := s.life.Result(o)
	if err != nil {
		return err
	}
	s.curve = c
	s.rmst, err = c.RMST(horizon)
	return err
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// maxAges is how many ages the printed cohort table shows.
const maxAges = 12

func (a *analysis) print(w io.Writer) {
	t := a.table
	pct := fmt.Sprintf("%g %%", 100*a.level)
	fmt.Fprintf(w, "servq retention: %d events of %d customers, %s to %s (%s)\n",
		a.rows, t.Customers, a.from.Format(time.DateOnly), a.to.Format(time.DateOnly), a.loc)

	fmt.Fprintf(w, "\nMonthly retention (customers active in the month before who bought again), %s intervals:\n", pct)
	fmt.Fprintf(w, "  %-7s %6s %6s %6s %6s  %-22s %s\n", "month", "start", "end", "new", "kept", "retention %", "churn %")
	for _, p := range t.Periods {
		if !p.HasRate {
			fmt.Fprintf(w, "  %-7s %6s %6d %6d %6s\n", p.Label, "", p.Active, p.Active, "")
			continue
		}
		r := p.Rate
		fmt.Fprintf(w, "  %-7s %6d %6d %6d %6d  %5.1f [%5.1f, %5.1f]     %5.1f\n",
			p.Label, r.Start, r.End, r.New, r.Retained, r.Retention, r.RetentionCI.Lo, r.RetentionCI.Hi, r.Churn)
	}

	fmt.Fprintf(w, "\nCohorts by month of first purchase: %% of the cohort buying k months later (k = 0..%d), and revenue:\n", maxAges-1)
	var hb strings.Builder
	fmt.Fprintf(&hb, "  %-7s %5s", "cohort", "size")
	for k := 1; k < maxAges; k++ {
		fmt.Fprintf(&hb, " %4d", k)
	}
	fmt.Fprintf(&hb, " %10s", "revenue")
	fmt.Fprintln(w, hb.String())
	for _, c := range t.Cohorts {
		var b strings.Builder
		fmt.Fprintf(&b, "  %-7s %5d", c.Label, c.Size)
		for k := 1; k < maxAges; k++ {
			if k < len(c.Retention) {
				fmt.Fprintf(&b, " %4.0f", 100*c.Retention[k])
			} else {
				fmt.Fprintf(&b, " %4s", "")
			}
		}
		fmt.Fprintf(&b, " %10.0f", c.TotalRevenue)
		fmt.Fprintln(w, b.String())
	}
	fmt.Fprintf(w, "  %-7s %5s", "average", "")
	for k := 1; k < maxAges && k < len(t.Average); k++ {
		fmt.Fprintf(w, " %4.0f", 100*t.Average[k].Share)
	}
	fmt.Fprintf(w, "   (weighted by cohort size)\n")

	r := a.repeat
	fmt.Fprintf(w, "\nRepeat purchase: %.1f %% [%.1f, %.1f] of %d customers bought twice or more; %.1f days [%.1f, %.1f] between purchases.\n",
		r.Rate, r.CI.Lo, r.CI.Hi, r.Customers, r.MeanGap, r.MeanGapCI.Lo, r.MeanGapCI.Hi)

	fmt.Fprintf(w, "\nCustomer lifetimes (churned: no purchase in the last %d days of the log), Kaplan-Meier, %s log intervals:\n", a.inactive, pct)
	fmt.Fprintf(w, "  %-7s %5s %7s  %-18s %-18s %-22s %s\n", "segment", "n", "churned", "S(90 days)", "S(365 days)", "median days", "mean of first 365 days")
	for _, s := range append([]segmentCurve{a.all}, a.segments...) {
		s90, c90 := s.curve.At(90)
		s365, c365 := s.curve.At(365)
		md := s.curve.Median
		med := "not reached"
		if md.Reached {
			hi := fmt.Sprintf("%g", md.CI.Hi)
			if !md.HiReached {
				hi = ">" + hi
			}
			med = fmt.Sprintf("%g [%g, %s]", md.Time, md.CI.Lo, hi)
		}
		fmt.Fprintf(w, "  %-7s %5d %7d  %.3f [%.3f, %.3f] %.3f [%.3f, %.3f] %-22s %.0f ± %.0f\n",
			s.name, s.curve.N, s.curve.Events, s90, c90.Lo, c90.Hi, s365, c365.Lo, c365.Hi, med, s.rmst.Mean, s.rmst.SE)
	}
	if a.logrankErr != nil {
		fmt.Fprintln(w, "  log-rank test:", a.logrankErr)
	} else {
		lr := a.logrank
		fmt.Fprintf(w, "  log-rank test between segments: chi-square %.1f on %d df, p = %.2g\n", lr.Chi2, lr.DF, lr.P)
	}
}

func (a *analysis) draw(cohortPath, lifePath string) error {
	t := a.table
	hm := chart.HeatMap{
		Title:      fmt.Sprintf("Monthly cohorts %s to %s (%s): customers buying again", t.Cohorts[0].Label, t.Cohorts[len(t.Cohorts)-1].Label, a.loc),
		XLabel:     "months since the month of first purchase",
		YLabel:     fmt.Sprintf("cohort (month of first purchase), %d customers", t.Customers),
		ValueLabel: "% of cohort",
		FirstX:     1, // month 0 is 100 % by definition
	}
	top := 0.0
	for _, c := range t.Cohorts {
		hm.Rows = append(hm.Rows, fmt.Sprintf("%s (n=%d)", c.Label, c.Size))
		row := make([]float64, len(c.Retention)-1)
		for k := range row {
			row[k] = 100 * c.Retention[k+1]
			top = math.Max(top, row[k])
		}
		hm.Values = append(hm.Values, row)
	}
	hm.Max = math.Max(10, 10*math.Ceil(top/10))
	if err := hm.Save(cohortPath); err != nil {
		return err
	}
	var series []chart.StepSeries
	xmax, ymin := 0.0, 1.0
	for _, s := range a.segments {
		ss := chart.StepSeries{Name: fmt.Sprintf("%s (n = %d, %d churned)", s.name, s.curve.N, s.curve.Events),
			X: []float64{0}, Y: []float64{1}, Lo: []float64{1}, Hi: []float64{1}}
		for _, r := range s.curve.Rows {
			ss.X = append(ss.X, r.Time)
			ss.Y = append(ss.Y, r.Survival)
			ss.Lo = append(ss.Lo, r.CI.Lo)
			ss.Hi = append(ss.Hi, r.CI.Hi)
			xmax = math.Max(xmax, r.Time)
			ymin = math.Min(ymin, r.CI.Lo)
		}
		series = append(series, ss)
	}
	fig := chart.StepFigure{
		Title:  fmt.Sprintf("Customer lifetime by segment, %s to %s (%s), Kaplan-Meier with %g %% bands", a.from.Format(time.DateOnly), a.to.Format(time.DateOnly), a.loc, 100*a.level),
		XLabel: "days since first purchase",
		YLabel: "share of customers still buying",
		XMax:   xmax,
		YMin:   math.Floor(ymin*10) / 10, // fitted to the lowest band
		YMax:   1,
	}
	return fig.Save(lifePath, series)
}
