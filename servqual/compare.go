package servqual

import "github.com/servq/servq/estimate"

// A Change is the difference after - before of one dimension (or of the
// overall scores) between two studies, by Welch's t for independent
// samples of respondents (estimate.DiffMeans).
type Change struct {
	// ID is the dimension's ID; empty for the overall scores.
	ID string `json:"id,omitempty"`
	// Gap is the change in the mean gap P - E, in scale points.
	Gap estimate.Difference `json:"gap"`
	// Perception is the change in the mean perception (SERVPERF).
	Perception estimate.Difference `json:"perception"`
	// Expectation is the change in the mean expectation.
	Expectation estimate.Difference `json:"expectation"`
	// GapPHolm is Gap.P adjusted by Holm's method over the dimensions of
	// the comparison, so that chance alone flags any dimension's gap as
	// changed with probability at most 1 - level; for the overall change
	// it equals Gap.P.
	GapPHolm float64 `json:"gap_p_holm"`
}

// A Comparison is the change from one study to another.
type Comparison struct {
	// Dimensions holds one Change per dimension, in the instrument's
	// order.
	Dimensions []Change `json:"dimensions"`
	// Overall is the change in the SERVQUAL, SERVPERF and overall
	// expectation scores.
	Overall Change `json:"overall"`
}

// Compare returns the change after - before in each dimension's gap,
// perception and expectation, and in the overall scores, with Welch
// intervals at o.Level (0 means 0.95) and p-values, the dimensions' gap
// p-values also adjusted by Holm's method. The two studies are taken as
// independent samples of respondents (two branches, two waves); for the
// same respondents asked twice this is conservative.
//
// Accumulators on different instruments return ErrMismatch; a dimension
// with fewer than two scored respondents in either study returns ErrEmpty
// or ErrTooFew, naming it; a bad level ErrLevel; a method other than
// estimate.Welch ErrMethod; and the errors of estimate.DiffMeans (both
// samples constant and different: ErrNoVariance). A nil accumulator is a
// programming error and panics.
func Compare(before, after *Accumulator, o estimate.Options) (Comparison, error) {
	const fn = "servqual.Compare"
	level, _, err := o.Resolve(fn, estimate.Welch)
	if err != nil {
		return Comparison{}, err
	}
	o = estimate.Options{Level: level}
	lb, la := before.l, after.l
	if lb == nil {
		lb = standard
	}
	if la == nil {
		la = standard
	}
	if !lb.same(la) {
		return Comparison{}, textErr(fn, "instrument", la.in.Name, -1, ErrMismatch)
	}
	if before.n == 0 || after.n == 0 {
		return Comparison{}, valueErr(fn, "respondents", 0, ErrEmpty)
	}
	change := func(id string, b, a []estimate.Moments) (Change, error) {
		c := Change{ID: id}
		for _, x := range []struct {
			d *estimate.Difference
			s int
		}{{&c.Gap, statG}, {&c.Perception, statP}, {&c.Expectation, statE}} {
			d, err := estimate.DiffMeans(&a[x.s], &b[x.s], o)
			if err != nil {
				name := "dimension"
				if id == "" {
					name, id = "overall", "scores"
				}
				return Change{}, textErr(fn, name, id, -1, err)
			}
			*x.d = d
		}
		return c, nil
	}
	var c Comparison
	p := make([]float64, lb.d())
	for j, dm := range lb.in.Dimensions {
		ch, err := change(dm.ID, before.dim[j*(nStat+1):], after.dim[j*(nStat+1):])
		if err != nil {
			return Comparison{}, err
		}
		c.Dimensions = append(c.Dimensions, ch)
		p[j] = ch.Gap.P
	}
	adj, err := estimate.Holm(p)
	if err != nil {
		return Comparison{}, err
	}
	for j := range c.Dimensions {
		c.Dimensions[j].GapPHolm = adj[j]
	}
	if c.Overall, err = change("", before.all[:], after.all[:]); err != nil {
		return Comparison{}, err
	}
	c.Overall.GapPHolm = c.Overall.Gap.P
	return c, nil
}
