package mysteryshopper

import (
	"github.com/servq/servq/estimate"
)

// A Comparison is the difference a - b between two audits (two periods,
// two branches): of the mean score in % points, of the pass rate as a
// fraction, and of each item's compliance as a fraction.
type Comparison struct {
	// Score is the difference of mean scores by Welch's t test.
	Score estimate.Difference `json:"score"`
	// PassRate is the difference of pass rates, Newcombe's interval and
	// the pooled z test.
	PassRate estimate.Difference `json:"passRate"`
	// Items lists the items that applied in both audits, in checklist
	// order.
	Items []ItemDifference `json:"items"`
}

// An ItemDifference is the change in an item's compliance. PAdjusted is
// its p-value adjusted by Holm's method over every item of the
// comparison, so that reading down the list for "what changed" keeps the
// chance of any false alarm below 1 - level.
type ItemDifference struct {
	ID         string              `json:"id"`         // the item
	Difference estimate.Difference `json:"difference"` // compliance a - b, a fraction
	PAdjusted  float64             `json:"pAdjusted"`  // Holm-adjusted Difference.P
}

// Compare returns the difference a - b of two audits of one checklist:
//
//	Score     mean_a - mean_b, Welch interval and p-value ([estimate.DiffMeans])
//	PassRate  p_a - p_b, Newcombe interval, z test ([estimate.DiffProportions])
//	Items     compliance_a - compliance_b, as PassRate, Holm-adjusted
//
// at o.Level (0 means 0.95); o.Method is the proportions' method (empty
// means [estimate.Newcombe]; Wald is offered). Audits of two checklists
// return ErrMismatch; an audit with fewer than two visits ErrEmpty or
// ErrTooFew; two constant and different scores ErrNoVariance. Nil a or b
// is a programming error and panics.
func Compare(a, b *Audit, o estimate.Options) (Comparison, error) {
	const fn = "mysteryshopper.Compare"
	level, m, err := o.Resolve(fn, estimate.Newcombe, estimate.Wald)
	if err != nil {
		return Comparison{}, err
	}
	if a.l != nil && b.l != nil && !a.l.equal(b.l) {
		return Comparison{}, valueErr(fn, "audit of items", float64(len(b.l.items)), ErrMismatch)
	}
	var c Comparison
	if c.Score, err = estimate.DiffMeans(&a.score, &b.score, estimate.Options{Level: level}); err != nil {
		return Comparison{}, retag(err, fn)
	}
	po := estimate.Options{Level: level, Method: m}
	if c.PassRate, err = estimate.DiffProportions(a.passed, a.N(), b.passed, b.N(), po); err != nil {
		return Comparison{}, retag(err, fn)
	}
	var ps []float64
	for i := range a.met {
		if a.apply[i] == 0 || b.apply[i] == 0 {
			continue
		}
		d, err := estimate.DiffProportions(a.met[i], a.apply[i], b.met[i], b.apply[i], po)
		if err != nil {
			return Comparison{}, retag(err, fn)
		}
		c.Items = append(c.Items, ItemDifference{ID: a.l.items[i], Difference: d})
		ps = append(ps, d.P)
	}
	if len(ps) > 0 {
		adj, err := estimate.Holm(ps)
		if err != nil {
			return Comparison{}, retag(err, fn)
		}
		for i := range c.Items {
			c.Items[i].PAdjusted = adj[i]
		}
	}
	return c, nil
}

// setMoments sets m to n values of mean mean and squared deviations m2.
func setMoments(m *estimate.Moments, n int64, mean, m2 float64) error {
	v, err := estimate.MomentsFrom(n, mean, m2)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
