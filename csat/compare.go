package csat

import (
	"errors"

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
// outside (0, 1) ErrLevel; an unknown method ErrMethod.
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
	level, err := o.ConfidenceLevel()
	if err != nil {
		return Comparison{}, levelErr(fn, o)
	}
	satisfied := func(c []int64) (x int64) {
		for _, k := range c[sa.SatisfiedFrom-sa.Min:] {
			x += k
		}
		return x
	}
	cmp := Comparison{Scale: sa}
	cmp.CSAT, err = estimate.DiffProportions(satisfied(ca), after.N, satisfied(cb), before.N, o)
	if err != nil {
		return Comparison{}, reattribute(fn, err)
	}
	cmp.CSAT.Estimate *= 100
	cmp.CSAT.CI, _ = cmp.CSAT.CI.Scale(100) // ends in [-1, 1], factor valid: no error

	moments := func(c []int64) *estimate.Moments {
		m := new(estimate.Moments)
		for i, k := range c {
			_ = m.AddN(float64(sa.Min+i), k) // counts are checked: no error
		}
		return m
	}
	cmp.Mean, err = estimate.DiffMeans(moments(ca), moments(cb), estimate.Options{Level: level})
	if err != nil {
		// Only ErrNoVariance is left; its value is the difference.
		return Comparison{}, reattribute(fn, err)
	}
	k := 100 / float64(sa.Max-sa.Min)
	cmp.Index = cmp.Mean
	cmp.Index.Estimate *= k
	cmp.Index.CI, _ = cmp.Index.CI.Scale(k) // k = 100/span > 0, finite ends: no error
	return cmp, nil
}

// reattribute names fn as the function of an estimate.ValueError from a
// function of package estimate that fn called, so the error points at the
// caller's call.
func reattribute(fn string, err error) error {
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		ve.Func = fn
	}
	return err
}
