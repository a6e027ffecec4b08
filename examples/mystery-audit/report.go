package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/mysteryshopper"
)

// loadVisits reads and scores the visits of c.visits, or the sample.
func loadVisits(cl mysteryshopper.Checklist, c config, warn io.Writer) ([]visit, error) {
	s, err := mysteryshopper.NewScorer(cl)
	if err != nil {
		return nil, err
	}
	l := &loader{s: s, loc: c.loc, skip: c.skip}
	name, data := "visits.csv (embedded)", visitsCSV
	if c.visits != "" {
		name = c.visits
		if data, err = os.ReadFile(c.visits); err != nil {
			return nil, err
		}
	}
	visits, err := l.read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	for _, e := range l.bad {
		fmt.Fprintln(warn, "skipped:", e)
	}
	if len(visits) == 0 {
		return nil, fmt.Errorf("%s: no visits to report", name)
	}
	return visits, nil
}

// A report is everything the program prints and draws.
type report struct {
	title    string
	loc      *time.Location
	first    time.Time
	last     time.Time
	n        int
	level    float64
	shoppers int

	overall   mysteryshopper.Result
	ranked    []mysteryshopper.Ranked[string]
	unranked  []string
	weakest   map[string]string // branch: its weakest section and item
	weakItems []mysteryshopper.ItemResult
	weakSecs  []mysteryshopper.SectionResult
	itemText  map[string]string
	secTitle  map[string]string
	effects   []mysteryshopper.Effect
	changes   []change
	monthly   map[string][]monthPoint // by branch
	minVisits int
}

// A change is a branch's second quarter against its first.
type change struct {
	branch    string
	d         estimate.Difference
	pAdjusted float64
	items     []mysteryshopper.ItemDifference // items whose compliance changed (Holm, within the branch)
}

type monthPoint struct {
	start time.Time
	r     mysteryshopper.Result
}

func analyse(cl mysteryshopper.Checklist, visits []visit, c config) (*report, error) {
	opts := estimate.Options{Level: c.level}
	level, err := opts.ConfidenceLevel()
	if err != nil {
		return nil, err
	}
	s, err := mysteryshopper.NewScorer(cl)
	if err != nil {
		return nil, err
	}
	// Group: one Audit per branch, per shopper at a branch, per branch
	// and quarter, and per branch and month.
	newAudit := mysteryshopper.AuditFunc(s)
	all := newAudit()
	byBranch := group.ByKey[string, mysteryshopper.Audit]()
	byBranch.New = newAudit
	cells := group.ByKeyFunc[mysteryshopper.Cell, mysteryshopper.Audit](mysteryshopper.CompareCells)
	cells.New = newAudit
	quarters := group.BySegmentPeriod[string, mysteryshopper.Audit](group.Quarter, c.loc)
	quarters.New = newAudit
	months := group.BySegmentPeriod[string, mysteryshopper.Audit](group.Month, c.loc)
	months.New = newAudit
	shoppers := map[string]bool{}
	r := &report{title: cl.Title, loc: c.loc, first: visits[0].At, last: visits[0].At, n: len(visits),
		level: level, minVisits: c.minVisits, itemText: map[string]string{}, secTitle: map[string]string{},
		monthly: map[string][]monthPoint{}, weakest: map[string]string{}}
	for i := range visits {
		v := &visits[i]
		for _, a := range []*mysteryshopper.Audit{all, byBranch.At(v.Branch),
			cells.At(mysteryshopper.Cell{Branch: v.Branch, Shopper: v.Shopper}),
			quarters.At(v.Branch, v.At), months.At(v.Branch, v.At)} {
			if err := a.Add(&v.Score); err != nil {
				return nil, fmt.Errorf("visit %s: %w", v.ID, err)
			}
		}
		shoppers[v.Shopper] = true
		if v.At.Before(r.first) {
			r.first = v.At
		}
		if v.At.After(r.last) {
			r.last = v.At
		}
	}
	r.shoppers = len(shoppers)
	for _, sec := range cl.Sections {
		r.secTitle[sec.ID] = sec.Title
		for _, it := range sec.Items {
			r.itemText[it.ID] = it.Text
		}
	}

	// Estimate.
	if r.overall, err = all.Result(opts); err != nil {
		return nil, err
	}
	r.weakItems = r.overall.WeakestItems(5)
	r.weakSecs = r.overall.WeakestSections(2)
	if r.ranked, r.unranked, err = mysteryshopper.Rank(byBranch.All(), opts); err != nil {
		return nil, err
	}
	for b, a := range byBranch.All() {
		res, err := a.Result(opts)
		if err != nil {
			continue // unranked
		}
		if ws, wi := res.WeakestSections(1), res.WeakestItems(1); len(ws) > 0 && len(wi) > 0 {
			r.weakest[b] = fmt.Sprintf("%s %.0f %%, %s %.0f %%", ws[0].ID, ws[0].Mean, wi[0].ID, 100*wi[0].Compliance)
		}
	}
	if r.effects, err = mysteryshopper.ShopperEffects(cells.All(), c.minVisits, opts); err != nil {
		return nil, err
	}
	for cell, a := range months.All() {
		res, err := a.Result(opts)
		if err != nil {
			continue // a month with fewer than two visits has no interval
		}
		r.monthly[cell.Segment] = append(r.monthly[cell.Segment], monthPoint{cell.Start, res})
	}

	// Compare: each branch's last quarter with its first, Holm-adjusted
	// across branches.
	var ps []float64
	for b := range quarters.Segments() {
		var qs []*mysteryshopper.Audit
		for cell, a := range quarters.All() {
			if cell.Segment == b {
				qs = append(qs, a)
			}
		}
		if len(qs) < 2 {
			continue
		}
		cmp, err := mysteryshopper.Compare(qs[len(qs)-1], qs[0], opts)
		if err != nil {
			continue // too few visits in a quarter to compare
		}
		var items []mysteryshopper.ItemDifference
		for _, it := range cmp.Items {
			if it.PAdjusted < 1-level {
				items = append(items, it)
			}
		}
		r.changes = append(r.changes, change{branch: b, d: cmp.Score, items: items})
		ps = append(ps, cmp.Score.P)
	}
	if len(ps) > 0 {
		adj, err := estimate.Holm(ps)
		if err != nil {
			return nil, err
		}
		for i := range r.changes {
			r.changes[i].pAdjusted = adj[i]
		}
	}
	return r, nil
}

func (r *report) print(w io.Writer) {
	pct := func(iv estimate.Interval) string { return fmt.Sprintf("[%5.1f, %5.1f]", iv.Lo, iv.Hi) }
	share := func(iv estimate.Interval) string { return fmt.Sprintf("[%5.1f, %5.1f]", 100*iv.Lo, 100*iv.Hi) }
	fmt.Fprintf(w, "mystery-audit: %d visits by %d shoppers, %s to %s (%s)\n", r.n, r.shoppers,
		r.first.Format(time.DateOnly), r.last.Format(time.DateOnly), r.loc)
	fmt.Fprintf(w, "checklist: %s; intervals at %g %%\n", r.title, 100*r.level)
	o := r.overall
	fmt.Fprintf(w, "overall: score %.1f %% %s, pass rate %.1f %% %s, critical failures %d, flagged %d\n",
		o.Score, pct(o.ScoreCI), 100*o.PassRate, share(o.PassCI), o.CriticalFailures, o.Flagged)

	fmt.Fprintf(w, "\nBranch ranking (mean score %%; rank range from the intervals)\n")
	fmt.Fprintf(w, "  %-4s %-5s %-10s %4s %6s %-16s %6s  %s\n", "rank", "range", "branch", "n", "score", "interval", "pass %",
		"weakest section, item")
	for _, b := range r.ranked {
		fmt.Fprintf(w, "  %-4d %-5s %-10s %4d %6.1f %-16s %6.1f  %s\n", b.Rank, fmt.Sprintf("%d-%d", b.Best, b.Worst),
			b.Key, b.N, b.Score, pct(b.CI), 100*b.PassRate, r.weakest[b.Key])
	}
	for _, k := range r.unranked {
		fmt.Fprintf(w, "  (%s: fewer than two visits, not ranked)\n", k)
	}

	fmt.Fprintf(w, "\nWeakest items (share of visits that met the item, %%)\n")
	for _, it := range r.weakItems {
		fmt.Fprintf(w, "  %-20s %5.1f %s  %3d of %3d  %s\n", it.ID, 100*it.Compliance, share(it.CI), it.Met, it.N, r.itemText[it.ID])
	}
	fmt.Fprintf(w, "Weakest sections (mean section score, %%)\n")
	for _, s := range r.weakSecs {
		fmt.Fprintf(w, "  %-20s %5.1f %s  %s\n", s.ID, s.Mean, pct(s.CI), r.secTitle[s.ID])
	}

	fmt.Fprintf(w, "\nShopper effects (mean deviation from the branch means, %% points; Holm-adjusted p)\n")
	for _, e := range r.effects {
		verdict := ""
		switch {
		case e.Small:
			verdict = fmt.Sprintf("small sample (%d shared visits < %d): do not judge", e.Shared, r.minVisits)
		case e.PAdjusted < 1-r.level && e.Deviation > 0:
			verdict = "LENIENT"
		case e.PAdjusted < 1-r.level && e.Deviation < 0:
			verdict = "HARSH"
		}
		line := fmt.Sprintf("  %-4s n %3d in %d branches  %+6.1f %-16s p %.3f  %s", e.Shopper, e.N, e.Branches,
			e.Deviation, pct(e.CI), e.PAdjusted, verdict)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}

	fmt.Fprintf(w, "\nLast quarter against first, by branch (score, %% points; Holm-adjusted p; items whose\n compliance changed, Holm within the branch)\n")
	for _, c := range r.changes {
		mark := ""
		if c.pAdjusted < 1-r.level {
			mark = "  changed"
		}
		fmt.Fprintf(w, "  %-10s %+6.1f %-16s p %.3f%s\n", c.branch, c.d.Estimate, pct(c.d.CI), c.pAdjusted, mark)
		if mark == "" {
			continue
		}
		for _, it := range c.items {
			d := it.Difference
			fmt.Fprintf(w, "    %-20s compliance %+6.1f points %s p %.3f\n", it.ID, 100*d.Estimate,
				share(d.CI), it.PAdjusted)
		}
	}
}

// branches returns the branches of the monthly series in order.
func (r *report) branches() []string {
	var bs []string
	for b := range r.monthly {
		bs = append(bs, b)
	}
	slices.Sort(bs)
	return bs
}
