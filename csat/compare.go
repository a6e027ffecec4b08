package csat

import (
	"fmt"

	"github.com/servq/servq/estimate"
)

// A Comparison is the change from one [Result] to another on the same
// scale: each difference is after - before, so a positive Estimate is an
// improvement.
type Comparison struct {
	// Scale is the scale of both results.
	Scale Scale `json:"scale"`
	// CSAT is the change in CSAT, in points of % (-100..100): its
	// Newcombe interval (or Wald, by Options.Method) and the p-value of
	// the pooled two-proportion z test.
	CSAT estimate.Difference `json:"csat"`
	// Mean is the change in mean rating, in points of the scale: Welch's t
	// interval, statistic, degrees of freedom and p-value.
	Mean estimate.Difference `json:"mean"`
	// Index is the change in satisfaction index, in points of 0..100: the
	// Mean difference mapped by 100/(Max - Min), with the same statistic
	// and p-value.
	Index estimate.Difference `json:"index"`
}

// Compare returns the change from before to after, after - before, in
// CSAT and in mean rating, each with an interval at o.Level (0 means
// 0.95) and a two-sided p-value for "no change":
//
//	CSAT:  estimate.DiffProportions(satisfied_after, n_after, satisfied_before, n_before)
//	       × 100: Newcombe's (1998) hybrid score interval, pooled z test
//	Mean:  estimate.DiffMeans(after, before): Welch's (1947) t interval and
//	       test, R's t.test(after, before)
//
// Both are computed from the counts carried in the results' Points, not
// from their summary fields, so results loaded from JSON compare exactly
// as the tallies that made them would. o.Method chooses the CSAT interval
// (empty means estimate.Newcombe; estimate.Wald is the other); the mean's
// is always Welch.
//
// Errors: results on different scales return ErrScaleMismatch; a result
// whose points are not those of its scale or do not add up to its N
// returns ErrCount; a result with no ratings ErrEmpty, and with one
// rating ErrTooFew (Welch's test needs two on each side); two results
// whose ratings are each all equal, but differ, ErrNoVariance; a level
// outside (0, 1) ErrLevel; a method other than Newcombe and Wald
// ErrMethod; an interval that cannot be finite ErrNotFinite.
func Compare(before, after Result, o estimate.Options) (Comparison, error) {
	const fn = "csat.Compare"
	sb, cb, err := before.counts(fn)
	if err != nil {
		return Comparison{}, err
	}
	sa, ca, err := after.counts(fn)
	if err != nil {
		return Comparison{}, err
	}
	if sa != sb {
		return Comparison{}, mismatchErr(fn, sa, sb)
	}
	for _, r := range []struct {
		name string
		n    int64
	}{{"n of before", before.N}, {"n of after", after.N}} {
		switch r.n {
		case 0:
			return Comparison{}, valueErr(fn, r.name, 0, ErrEmpty)
		case 1:
			return Comparison{}, valueErr(fn, r.name, 1, ErrTooFew)
		}
	}
	level, m, err := o.Resolve(fn, estimate.Newcombe, estimate.Wald)
	if err != nil {
		return Comparison{}, err
	}
	if d, ok := constantDiff(ca, cb, sa.Min); ok {
		return Comparison{}, valueErr(fn, "mean difference", d, ErrNoVariance)
	}
	satisfied := func(c []int64) (x int64) {
		for _, k := range c[sa.SatisfiedFrom-sa.Min:] {
			x += k
		}
		return x
	}
	cmp := Comparison{Scale: sa}
	cmp.CSAT, err = estimate.DiffProportions(satisfied(ca), after.N, satisfied(cb), before.N,
		estimate.Options{Level: level, Method: m})
	if err != nil {
		return Comparison{}, wrapErr(fn, after.N, level, err)
	}
	cmp.CSAT.Estimate *= 100
	cmp.CSAT.CI = scaled(cmp.CSAT.CI, 100)

	moments := func(c []int64) *estimate.Moments {
		m := new(estimate.Moments)
		for i, k := range c {
			_ = m.AddN(float64(sa.Min+i), k) // counts are checked: no error
		}
		return m
	}
	cmp.Mean, err = estimate.DiffMeans(moments(ca), moments(cb), estimate.Options{Level: level})
	if err != nil {
		return Comparison{}, wrapErr(fn, after.N, level, err)
	}
	if d := cmp.Mean; !isFinite(d.Estimate + d.CI.Lo + d.CI.Hi + d.Stat + d.DF + d.P) {
		// A t quantile that is not finite at a huge df: an error, never a
		// NaN interval.
		return Comparison{}, valueErr(fn, "n of after", float64(after.N),
			fmt.Errorf("%w: Welch interval at df %g", ErrNotFinite, d.DF))
	}
	k := 100 / float64(sa.Max-sa.Min)
	cmp.Index = cmp.Mean
	cmp.Index.Estimate *= k
	cmp.Index.CI = scaled(cmp.Index.CI, k)
	return cmp, nil
}

// constantDiff reports whether the ratings counted in a and in b (counts
// per point from min) are each all equal and differ, when Welch's test has
// no standard error, and returns the difference a - b.
func constantDiff(a, b []int64, min int) (float64, bool) {
	only := func(c []int64) int {
		at := -1
		for i, k := range c {
			if k == 0 {
				continue
			}
			if at >= 0 {
				return -1
			}
			at = i
		}
		return at
	}
	ia, ib := only(a), only(b)
	if ia < 0 || ib < 0 || ia == ib {
		return 0, false
	}
	return float64(ia - ib), true
}
