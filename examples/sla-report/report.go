package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/tickets"
	"github.com/servq/servq/group"
	"github.com/servq/servq/timing"
)

// asOfLag is how long after the last event the SLA states are read, so
// that tickets still open at the end count as active, not as breached.
const asOfLag = 0

// slTarget is the service-level threshold: first reply within 1 business
// hour, whatever the priority.
const slTarget = time.Hour

// teamReport holds one team's accumulators.
type teamReport struct {
	team    tickets.Team
	weeks   *group.Series[timing.Tally, *timing.Tally]
	sla     *group.Series[timing.Compliance, *timing.Compliance] // first-reply targets, by week of creation
	service *group.Series[timing.ServiceLevel, *timing.ServiceLevel]
	quarter timing.Tally
	exact   timing.Sample // first responses in business time, for the quarter's exact quantiles
}

type report struct {
	source   string
	n, bad   int
	from, to time.Time
	teams    map[string]*teamReport
	breaches *group.Map[string, timing.Compliance, *timing.Compliance] // by "team priority"
}

// analyse measures every ticket and fills the accumulators.
func analyse(entries []tickets.Entry, teams map[string]tickets.Team, source string, skipBad bool, warn io.Writer) (*report, error) {
	r := &report{source: source, teams: map[string]*teamReport{}, breaches: group.ByKey[string, timing.Compliance]()}
	for _, name := range tickets.TeamNames {
		tm := teams[name]
		sv := group.ByPeriod[timing.ServiceLevel](group.Week, tm.Location)
		sv.New = func() *timing.ServiceLevel { return &timing.ServiceLevel{Target: slTarget} }
		// Weekly tallies are small: exact type-7 quantiles. The quarter's
		// tally streams (sketch quantiles within 1 %), for comparison.
		weeks := group.ByPeriod[timing.Tally](group.Week, tm.Location)
		weeks.New = func() *timing.Tally { return &timing.Tally{Exact: true} }
		r.teams[name] = &teamReport{team: tm,
			weeks: weeks,
			sla:   group.ByPeriod[timing.Compliance](group.Week, tm.Location), service: sv}
	}
	analyzers := map[string]*timing.Analyzer{}
	// The SLA states are read after the last event of the log.
	var last time.Time
	for _, e := range entries {
		for _, ev := range e.Ticket.Events {
			if ev.At.After(last) {
				last = ev.At
			}
		}
	}
	asOf := last.Add(asOfLag)
	for _, e := range entries {
		tr := r.teams[e.Team]
		a := analyzers[e.Team]
		if a == nil {
			a = &timing.Analyzer{Calendar: tr.team.Calendar}
			analyzers[e.Team] = a
		}
		m, err := a.Measure(e.Ticket)
		if err == nil {
			err = r.add(tr, e, m, asOf)
		}
		if err != nil {
			err = fmt.Errorf("%s:%d: %w", source, e.Line, err)
			if !skipBad {
				return nil, err
			}
			fmt.Fprintln(warn, "skipped:", err)
			r.bad++
			continue
		}
		r.n++
		if r.from.IsZero() || m.Created.Before(r.from) {
			r.from = m.Created
		}
		if m.Created.After(r.to) {
			r.to = m.Created
		}
	}
	if r.n == 0 {
		return nil, errors.New("no tickets to report on")
	}
	return r, nil
}

func (r *report) add(tr *teamReport, e tickets.Entry, m timing.Metrics, asOf time.Time) error {
	if err := tr.weeks.At(m.Created).Add(m); err != nil {
		return err
	}
	if err := tr.quarter.Add(m); err != nil {
		return err
	}
	if m.FirstResponse.OK {
		if err := tr.exact.Add(m.FirstResponse.Business); err != nil {
			return err
		}
		if err := tr.service.At(m.Created).Add(timing.Contact{Wait: m.FirstResponse.Business}); err != nil {
			return err
		}
	}
	p := tickets.Policy(tr.team.Calendar)
	states, err := p.Check(e.Ticket, asOf)
	if err != nil {
		return err
	}
	for _, s := range states {
		if s.Metric == timing.FirstReply {
			if err := tr.sla.At(m.Created).Add(s); err != nil {
				return err
			}
		}
		if err := r.breaches.At(e.Team + " " + e.Ticket.Priority).Add(s); err != nil {
			return err
		}
	}
	return nil
}

// weekRow is one line of the weekly table.
type weekRow struct {
	start       time.Time
	label       string
	t           timing.TallyResult
	sla         timing.ComplianceResult
	sl          timing.ServiceLevelResult
	slaX, slaN  int64
	hasSLA      bool
	hasResponse bool
}

func (tr *teamReport) rows(o estimate.Options) ([]weekRow, error) {
	var out []weekRow
	for start, t := range tr.weeks.All() {
		res, err := t.Result(o)
		if err != nil {
			return nil, err
		}
		row := weekRow{start: start, t: res, hasResponse: res.FirstResponse.Business.N > 0}
		row.label, _ = group.Week.Label(start)
		if c, ok := tr.sla.Get(start); ok && c.N() > 0 {
			if row.sla, err = c.Result(o); err != nil {
				return nil, err
			}
			row.hasSLA, row.slaX, row.slaN = true, row.sla.FirstReply.X, row.sla.FirstReply.N
		}
		if s, ok := tr.service.Get(start); ok && s.N() > 0 {
			if row.sl, err = s.Result(o); err != nil {
				return nil, err
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func hours(d time.Duration) string { return fmt.Sprintf("%5.1f h", d.Hours()) }

func pct(s timing.Share) string {
	if s.N == 0 {
		return "     -            "
	}
	return fmt.Sprintf("%3.0f%% [%3.0f, %3.0f]", 100*s.Share, 100*s.CI.Lo, 100*s.CI.Hi)
}

func (r *report) print(w io.Writer, o estimate.Options, alpha float64) error {
	level, _ := o.ConfidenceLevel()
	fmt.Fprintf(w, "%d tickets created %s to %s, from %s", r.n, r.from.Format("2006-01-02"), r.to.Format("2006-01-02"), r.source)
	if r.bad > 0 {
		fmt.Fprintf(w, " (%d left out)", r.bad)
	}
	fmt.Fprintf(w, ".\nTimes in each team's zone and business hours; shares with %.0f %% Wilson intervals.\n", 100*level)
	for _, name := range tickets.TeamNames {
		tr := r.teams[name]
		rows, err := tr.rows(o)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s (%s)\n", name, tr.team.Location)
		fmt.Fprintf(w, "  %-8s  %7s  %-16s  %-18s  %-18s  %-18s  %-18s\n", "week", "tickets", "first resp. p50/90", "first reply in SLA", "reply within 1 h", "resolution", "FCR")
		for _, row := range rows {
			fr := "        -        "
			if row.hasResponse {
				b := row.t.FirstResponse.Business
				fr = hours(b.Median) + " /" + hours(b.P90)
			}
			fmt.Fprintf(w, "  %-8s  %7d  %-16s  %-18s  %-18s  %-18s  %-18s\n", row.label, row.t.Tickets, fr,
				pct(row.sla.FirstReply), pct(row.sl.Level), pct(row.t.Resolution), pct(row.t.FCR))
		}
		if err := tr.printQuarter(w, o); err != nil {
			return err
		}
	}
	if err := r.printBreaches(w, o); err != nil {
		return err
	}
	return r.printChanges(w, o, alpha)
}

func (tr *teamReport) printQuarter(w io.Writer, o estimate.Options) error {
	q, err := tr.quarter.Result(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  quarter: %d tickets, resolution %s, FCR %s, reopened %s, simple questions %s\n",
		q.Tickets, pct(q.Resolution), pct(q.FCR), pct(q.Reopen), pct(q.Simple))
	if tr.exact.N() > 0 {
		ex, err := tr.exact.Result(o)
		if err != nil {
			return err
		}
		sk := q.FirstResponse.Business
		fmt.Fprintf(w, "  first response, business hours: median %s p90 %s p95 %s exact (%s); sketch %s %s %s (within %.0f %%)\n",
			hours(ex.Median), hours(ex.P90), hours(ex.P95), ex.Quantile, hours(sk.Median), hours(sk.P90), hours(sk.P95), 100*sk.Accuracy)
	}
	for _, m := range []struct {
		name string
		t    timing.Times
	}{{"full resolution", q.FullResolution}, {"requester wait", q.RequesterWait}, {"next reply", q.NextReply}, {"handling", q.Handling}} {
		if m.t.Calendar.N == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-15s  median %s business (%s calendar), mean %s business, n = %d\n", m.name,
			hours(m.t.Business.Median), hours(m.t.Calendar.Median), hours(m.t.Business.Mean), m.t.Business.N)
	}
	return nil
}

func (r *report) printBreaches(w io.Writer, o estimate.Options) error {
	fmt.Fprintf(w, "\nSLA targets by team and priority (finished targets; open ones are not counted)\n")
	fmt.Fprintf(w, "  %-16s  %8s  %-18s  %-18s  %-18s\n", "segment", "breaches", "first reply", "next reply", "resolution")
	for key, c := range r.breaches.All() {
		if c.N() == 0 {
			continue
		}
		res, err := c.Result(o)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-16s  %8d  %-18s  %-18s  %-18s\n", key, res.Breaches, pct(res.FirstReply), pct(res.NextReply), pct(res.Resolution))
	}
	return nil
}

// change is one week tested against the rest of its team's quarter.
type change struct {
	team, week string
	d          estimate.Difference
	x, n       int64
	p          float64
}

// changes compares each week's first-reply attainment with the rest of the
// team's quarter pooled (Newcombe's interval, two-sided z test), Holm-
// adjusted over every team-week.
func (r *report) changes(o estimate.Options) ([]change, error) {
	var cs []change
	for _, name := range tickets.TeamNames {
		tr := r.teams[name]
		var total timing.Compliance
		for _, c := range tr.sla.All() {
			if err := total.Merge(c); err != nil {
				return nil, err
			}
		}
		all, err := total.Result(o)
		if err != nil {
			continue
		}
		for start, c := range tr.sla.All() {
			res, err := c.Result(o)
			if err != nil || res.FirstReply.N == 0 {
				continue
			}
			x, n := res.FirstReply.X, res.FirstReply.N
			restX, restN := all.FirstReply.X-x, all.FirstReply.N-n
			if restN == 0 {
				continue
			}
			d, err := estimate.DiffProportions(x, n, restX, restN, o)
			if err != nil {
				return nil, err
			}
			label, _ := group.Week.Label(start)
			cs = append(cs, change{team: name, week: label, d: d, x: x, n: n})
		}
	}
	ps := make([]float64, len(cs))
	for i, c := range cs {
		ps[i] = c.d.P
	}
	if len(ps) == 0 {
		return nil, nil
	}
	adj, err := estimate.Holm(ps)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].p = adj[i]
	}
	return cs, nil
}

func (r *report) printChanges(w io.Writer, o estimate.Options, alpha float64) error {
	cs, err := r.changes(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWeeks whose first-reply SLA attainment stands out from the rest of the team's quarter\n(Holm-adjusted p < %v over %d team-weeks):\n", alpha, len(cs))
	slices.SortFunc(cs, func(a, b change) int {
		if a.team != b.team {
			return map[bool]int{true: -1, false: 1}[a.team < b.team]
		}
		return map[bool]int{true: -1, false: 1}[a.week < b.week]
	})
	found := 0
	for _, c := range cs {
		if c.p >= alpha {
			continue
		}
		found++
		fmt.Fprintf(w, "  %-7s %s  %3.0f%% of %d in SLA, %+.0f points vs the rest [%+.0f, %+.0f], adjusted p = %.2g\n",
			c.team, c.week, 100*float64(c.x)/float64(c.n), c.n, 100*c.d.Estimate, 100*c.d.CI.Lo, 100*c.d.CI.Hi, c.p)
	}
	if found == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w, "  (Each week is compared with the rest of its team's quarter, so when some weeks fall,\n  a normal week can stand out upward against them.)")
	return nil
}
