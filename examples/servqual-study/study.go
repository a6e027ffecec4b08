package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/servqual"
)

// A study accumulates the respondents, overall and per branch.
type study struct {
	in          servqual.Instrument
	all         servqual.Accumulator
	byBranch    *group.Map[string, servqual.Accumulator, *servqual.Accumulator]
	first, last time.Time
	loc         *time.Location
}

func newStudy(loc *time.Location) (*study, error) {
	return &study{in: servqual.Standard(), byBranch: group.ByKey[string, servqual.Accumulator](), loc: loc}, nil
}

func (s *study) add(rows []row) error {
	for _, r := range rows {
		if err := s.all.Add(r.resp); err != nil {
			return fmt.Errorf("line %d: %w", r.line, err)
		}
		if r.branch != "" {
			if err := s.byBranch.At(r.branch).Add(r.resp); err != nil {
				return fmt.Errorf("line %d: %w", r.line, err)
			}
		}
		if t := r.submitted; !t.IsZero() {
			if s.first.IsZero() || t.Before(s.first) {
				s.first = t
			}
			if t.After(s.last) {
				s.last = t
			}
		}
	}
	return nil
}

// A report is what the study found.
type report struct {
	in       servqual.Instrument
	level    float64
	period   string // "2026-03-02 to 2026-03-27 (Europe/Madrid)", or ""
	res      servqual.Result
	alphas   []servqual.Reliability
	noAlpha  []string // sets whose alpha could not be computed, and why
	branches []string
	branch   []servqual.Result
	cmp      *servqual.Comparison // second branch - first; nil unless two branches
	spanish  bool                 // print the Spanish item labels
}

func (s *study) report(level float64) (*report, error) {
	o := estimate.Options{Level: level}
	res, err := s.all.Result(o)
	if err != nil {
		return nil, err
	}
	rep := &report{in: s.in, level: level, res: res}
	if !s.first.IsZero() {
		rep.period = fmt.Sprintf("%s to %s (%s)", s.first.Format(time.DateOnly), s.last.Format(time.DateOnly), s.loc)
	}
	for _, d := range append(dimensionIDs(s.in), "") {
		for _, ser := range []servqual.Series{servqual.Expectations, servqual.Perceptions, servqual.Gaps} {
			rel, err := s.all.Reliability(ser, d, o)
			if err != nil {
				rep.noAlpha = append(rep.noAlpha, fmt.Sprintf("%s %s: %v", setName(d), ser, err))
				continue
			}
			rep.alphas = append(rep.alphas, rel)
		}
	}
	var accs []*servqual.Accumulator
	for b, acc := range s.byBranch.All() {
		r, err := acc.Result(o)
		if err != nil {
			return nil, fmt.Errorf("branch %s: %w", b, err)
		}
		rep.branches = append(rep.branches, b)
		rep.branch = append(rep.branch, r)
		accs = append(accs, acc)
	}
	if len(accs) == 2 {
		c, err := servqual.Compare(accs[0], accs[1], estimate.Options{Level: level})
		if err != nil {
			return nil, err
		}
		rep.cmp = &c
	}
	return rep, nil
}

func dimensionIDs(in servqual.Instrument) []string {
	var ids []string
	for _, d := range in.Dimensions {
		ids = append(ids, d.ID)
	}
	return ids
}

func setName(d string) string {
	if d == "" {
		return "all 22 items"
	}
	return d
}

func (r *report) print(w io.Writer) {
	pct := fmt.Sprintf("%g %%", 100*r.level)
	fmt.Fprintf(w, "SERVQUAL study: %d respondents", r.res.N)
	if len(r.branches) > 0 {
		var parts []string
		for i, b := range r.branches {
			parts = append(parts, fmt.Sprintf("%s %d", b, r.branch[i].N))
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	if r.period != "" {
		fmt.Fprintf(w, ", submitted %s", r.period)
	}
	fmt.Fprintf(w, "\n%s, %d items on %v; gap = P - E (negative: below expectations); %s intervals\n",
		r.in.Name, len(r.in.Items), r.in.Scale, pct)

	fmt.Fprintf(w, "\nGaps by dimension (a respondent's dimension score is the mean of its items)\n")
	fmt.Fprintf(w, "  %-15s %5s %6s %6s %7s  %-17s %5s %5s %7s\n", "dimension", "items", "E", "P", "gap", pct+" interval", "SD", "n", "weight")
	for _, d := range r.res.Dimensions {
		fmt.Fprintf(w, "  %-15s %5d %6.2f %6.2f %+7.2f  [%+.2f, %+.2f]  %5.2f %5d %7.1f\n", d.ID, d.Items,
			d.Expectation.Mean, d.Perception.Mean, d.Gap.Mean, d.Gap.CI.Lo, d.Gap.CI.Hi, d.Gap.SD, d.Gap.N, d.Weight.Mean)
	}
	line := func(name string, m estimate.Mean) {
		fmt.Fprintf(w, "  %-46s %+6.2f  [%+.2f, %+.2f]  n %d\n", name, m.Mean, m.CI.Lo, m.CI.Hi, m.N)
	}
	line("SERVQUAL (mean of the 5 dimension gaps)", r.res.SERVQUAL)
	line("mean of the 22 item gaps (each item 1/22)", r.res.ItemGap)
	line("weighted SERVQUAL (each respondent's weights)", r.res.Weighted)
	fmt.Fprintf(w, "  %-46s %+6.2f\n", "weighted SERVQUAL (mean weights)", r.res.WeightedMean)
	fmt.Fprintf(w, "  %-46s %6.2f  [%.2f, %.2f]  n %d\n", "SERVPERF (perceptions only)", r.res.SERVPERF.Mean,
		r.res.SERVPERF.CI.Lo, r.res.SERVPERF.CI.Hi, r.res.SERVPERF.N)

	fmt.Fprintf(w, "\nWorst items by weighted gap (the gap's paired t interval)\n")
	for _, p := range r.res.ItemPriorities[:min(5, len(r.res.ItemPriorities))] {
		i := itemIndex(r.in, p.ID)
		it := r.res.Items[i]
		label := r.in.Items[i].Label
		if r.spanish {
			label = r.in.Items[i].LabelES
		}
		fmt.Fprintf(w, "  %2d. item %-2s %-14s %-44s gap %+6.2f  [%+.2f, %+.2f]\n", p.Rank, it.ID, it.Dimension,
			label, it.Gap.Mean, it.Gap.CI.Lo, it.Gap.CI.Hi)
	}

	fmt.Fprintf(w, "\nReliability: Cronbach's alpha (Feldt %s interval), respondents who answered every item of the set\n", pct)
	fmt.Fprintf(w, "  %-14s %-13s %5s %6s  %-15s %6s %6s  %s\n", "set", "series", "n", "alpha", "interval", "std", "mean r", "lowest item-rest r (alpha if deleted)")
	for _, a := range r.alphas {
		worst := a.Items[0]
		for _, it := range a.Items {
			if it.ItemRest < worst.ItemRest {
				worst = it
			}
		}
		del := "-"
		if worst.AlphaIfDeleted != nil {
			del = fmt.Sprintf("%.3f", *worst.AlphaIfDeleted)
		}
		fmt.Fprintf(w, "  %-14s %-13s %5d %6.3f  [%.3f, %.3f] %6.3f %6.3f  item %s: %.3f (%s)\n", setName(a.Dimension), a.Series,
			a.N, a.Alpha, a.CI.Lo, a.CI.Hi, a.Standardized, a.MeanCorrelation, worst.ID, worst.ItemRest, del)
	}
	for _, s := range r.noAlpha {
		fmt.Fprintln(w, "  no alpha for", s)
	}

	fmt.Fprintf(w, "\nPriorities: dimensions by weighted gap (gap x mean weight / 100), worst first\n")
	for _, p := range r.res.Priorities {
		fmt.Fprintf(w, "  %d. %-15s gap %+.2f x weight %4.1f = %+.3f\n", p.Rank, p.ID, p.Gap, p.Weight, p.WeightedGap)
	}

	if r.cmp != nil {
		a, b := r.branches[0], r.branches[1]
		fmt.Fprintf(w, "\nBranches: %s - %s (Welch %s intervals; p adjusted by Holm over the 5 dimensions)\n", b, a, pct)
		for _, c := range r.cmp.Dimensions {
			flag := ""
			if c.GapPHolm < 1-r.level {
				flag = "  <- differs"
			}
			fmt.Fprintf(w, "  %-15s gap %+6.2f  [%+.2f, %+.2f]  p %.4f  Holm p %.4f%s\n", c.ID, c.Gap.Estimate,
				c.Gap.CI.Lo, c.Gap.CI.Hi, c.Gap.P, c.GapPHolm, flag)
		}
		c := r.cmp.Overall.Gap
		fmt.Fprintf(w, "  %-15s gap %+6.2f  [%+.2f, %+.2f]  p %.4f\n", "SERVQUAL", c.Estimate, c.CI.Lo, c.CI.Hi, c.P)
	}
}

func itemIndex(in servqual.Instrument, id string) int {
	for i, it := range in.Items {
		if it.ID == id {
			return i
		}
	}
	return 0
}
