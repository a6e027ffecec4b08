package servqual

import (
	"cmp"
	"math"
	"slices"

	"github.com/servq/servq/estimate"
)

// Scores are the means over respondents of one item's answers, one
// dimension's scores or the overall scores, in points of the instrument's
// scale (gaps from -(Max-Min) to Max-Min). Each is an [estimate.Mean] with
// its SD, SE, N and Student-t interval; the gap's is the paired t interval,
// since E and P come from the same respondents. A mean of fewer than two
// values has SD, SE and CI zero, and one of none is all zero: read N.
type Scores struct {
	// Expectation and Perception are the mean answers E and P, after
	// re-keying reversed items; Perception alone is the SERVPERF score.
	Expectation estimate.Mean `json:"expectation"`
	Perception  estimate.Mean `json:"perception"`
	// Gap is the SERVQUAL gap P - E: negative when service falls short
	// of expectations.
	Gap estimate.Mean `json:"gap"`
	// Minimum and Desired are the levels of the three-column format
	// (N = 0 when not asked).
	Minimum estimate.Mean `json:"minimum"`
	Desired estimate.Mean `json:"desired"`
	// Adequacy is the measure of service adequacy, MSA = P - minimum,
	// and Superiority the measure of service superiority, MSS =
	// P - desired (Parasuraman, Zeithaml and Berry 1994).
	Adequacy    estimate.Mean `json:"adequacy"`
	Superiority estimate.Mean `json:"superiority"`
	// Zone places the mean perception against the zone of tolerance:
	// Below when Adequacy.Mean < 0, Above when Superiority.Mean > 0,
	// Inside otherwise, and NoZone when either was not measured.
	Zone Zone `json:"zone"`
}

// An ItemResult holds the scores of one item.
type ItemResult struct {
	ID        string `json:"id"`        // the item's ID
	Dimension string `json:"dimension"` // the ID of its dimension
	Scores
}

// A DimensionResult holds the scores of one dimension: the means over
// respondents of each respondent's mean of the dimension's items (see
// [Response] for missing answers), and its importance weight.
type DimensionResult struct {
	ID    string `json:"id"`    // the dimension's ID
	Items int    `json:"items"` // the number of its items
	Scores
	// Weight is the mean importance weight, in points of 100, over the
	// respondents who gave weights (N = 0 when none did).
	Weight estimate.Mean `json:"weight"`
}

// A Priority is a dimension or item ranked by its weighted gap.
type Priority struct {
	// Rank is 1 for the worst (most negative) weighted gap.
	Rank int `json:"rank"`
	// ID is the dimension's or item's ID; Dimension the item's dimension
	// (the dimension itself for a dimension).
	ID        string `json:"id"`
	Dimension string `json:"dimension"`
	// Gap is the mean gap P - E, in scale points.
	Gap float64 `json:"gap"`
	// Weight is the dimension's mean importance weight in points of 100,
	// or 100/D (equal weights) when no respondent gave weights.
	Weight float64 `json:"weight"`
	// WeightedGap is Gap × Weight / 100.
	WeightedGap float64 `json:"weighted_gap"`
}

// A Result is the scoring of a SERVQUAL study.
type Result struct {
	// N is the number of respondents.
	N int64 `json:"n"`
	// Items and Dimensions hold the scores in the instrument's order.
	Items      []ItemResult      `json:"items"`
	Dimensions []DimensionResult `json:"dimensions"`
	// Overall holds, per respondent, the mean of the dimension scores,
	// averaged over the respondents who have every dimension score.
	Overall Scores `json:"overall"`
	// SERVQUAL is the unweighted SERVQUAL score, Overall.Gap: the mean
	// over respondents of the mean of the D dimension gaps. Each
	// dimension weighs 1/D whatever its number of items.
	SERVQUAL estimate.Mean `json:"servqual"`
	// SERVPERF is the perceptions-only score of Cronin and Taylor (1992),
	// Overall.Perception: the mean of the dimension perceptions.
	SERVPERF estimate.Mean `json:"servperf"`
	// ItemGap is the mean over respondents of the mean of their item
	// gaps: each item weighs 1/K, so dimensions with more items weigh
	// more, and it is not the same number as SERVQUAL unless every
	// dimension has as many items.
	ItemGap estimate.Mean `json:"item_gap"`
	// Weighted is the weighted SERVQUAL score with each respondent's own
	// weights, the mean over respondents who gave weights (and have every
	// dimension gap) of
	//
	//	Σ_d gap_d × weight_d / 100
	Weighted estimate.Mean `json:"weighted"`
	// WeightedMean is the weighted score with the mean weights, Σ_d (mean
	// gap_d) × (mean weight_d) / 100, a point estimate without an interval
	// (its two factors come from different sets of respondents); 0 when no
	// respondent gave weights.
	WeightedMean float64 `json:"weighted_mean"`
	// Priorities ranks the dimensions, and ItemPriorities the items, by
	// weighted gap (see [Priority]), the worst first; ties keep the
	// instrument's order. Weighted gaps equal to 12 decimal places (in
	// scale points) are ties: means that are equal in exact arithmetic
	// (two items with the same sum of gaps, or a gap of 0 that comes out
	// as 1e-17) can differ in their last bits, by the order the answers
	// were added or merged in, and would otherwise be ranked by that
	// rounding. An item's weight is its dimension's.
	Priorities     []Priority `json:"priorities"`
	ItemPriorities []Priority `json:"item_priorities"`
}

// Result returns the scores of the respondents added, with Student-t
// intervals at o.Level (0 means 0.95); see [Result] and [Scores]. The only
// method is estimate.StudentT. No respondents returns ErrEmpty, a bad
// level ErrLevel, another method ErrMethod.
func (a *Accumulator) Result(o estimate.Options) (Result, error) {
	const fn = "servqual.Accumulator.Result"
	level, _, err := o.Resolve(fn, estimate.StudentT)
	if err != nil {
		return Result{}, err
	}
	if a.n == 0 {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	tc := &tCache{level: level}
	l := a.l
	r := Result{N: a.n, Items: make([]ItemResult, l.k()), Dimensions: make([]DimensionResult, l.d())}
	for i, it := range l.in.Items {
		r.Items[i] = ItemResult{ID: it.ID, Dimension: it.Dimension, Scores: scores(a.item[i*nStat:], tc)}
	}
	weighted := false
	for j, dm := range l.in.Dimensions {
		m := a.dim[j*(nStat+1):]
		r.Dimensions[j] = DimensionResult{ID: dm.ID, Items: len(l.dimItems[j]), Scores: scores(m, tc), Weight: meanOf(&m[nStat], tc)}
		weighted = weighted || m[nStat].N() > 0
	}
	r.Overall = scores(a.all[:], tc)
	r.SERVQUAL, r.SERVPERF = r.Overall.Gap, r.Overall.Perception
	r.ItemGap = meanOf(&a.all[allItemGap], tc)
	r.Weighted = meanOf(&a.all[allWeighted], tc)

	weight := func(j int) float64 {
		if weighted {
			return r.Dimensions[j].Weight.Mean
		}
		return 100 / float64(l.d())
	}
	for j, d := range r.Dimensions {
		if weighted {
			r.WeightedMean += d.Gap.Mean * d.Weight.Mean / 100
		}
		if d.Gap.N > 0 {
			w := weight(j)
			r.Priorities = append(r.Priorities, Priority{ID: d.ID, Dimension: d.ID, Gap: d.Gap.Mean, Weight: w, WeightedGap: d.Gap.Mean * w / 100})
		}
	}
	for i, it := range r.Items {
		if it.Gap.N > 0 {
			w := weight(l.dimOf[i])
			r.ItemPriorities = append(r.ItemPriorities, Priority{ID: it.ID, Dimension: it.Dimension, Gap: it.Gap.Mean, Weight: w, WeightedGap: it.Gap.Mean * w / 100})
		}
	}
	rank(r.Priorities)
	rank(r.ItemPriorities)
	return r, nil
}

func rank(ps []Priority) {
	slices.SortStableFunc(ps, func(a, b Priority) int {
		return cmp.Compare(tieKey(a.WeightedGap), tieKey(b.WeightedGap))
	})
	for i := range ps {
		ps[i].Rank = i + 1
	}
}

// tieKey returns v in units of 1e-12, rounded to a whole number: the
// key by which rank sorts, so that weighted gaps differing only by
// rounding tie. It is a function of v alone, so the order it gives is a
// strict weak order. Weighted gaps are at most the scale's range in
// magnitude, so v * 1e12 is exact to the unit below 9000 points.
func tieKey(v float64) float64 { return math.Round(v * 1e12) }

// scores builds Scores from nStat moments, in stat order.
func scores(m []estimate.Moments, tc *tCache) Scores {
	s := Scores{
		Expectation: meanOf(&m[statE], tc), Perception: meanOf(&m[statP], tc), Gap: meanOf(&m[statG], tc),
		Minimum: meanOf(&m[statMin], tc), Desired: meanOf(&m[statDes], tc),
		Adequacy: meanOf(&m[statMSA], tc), Superiority: meanOf(&m[statMSS], tc),
	}
	if s.Adequacy.N > 0 && s.Superiority.N > 0 {
		switch {
		case s.Adequacy.Mean < 0:
			s.Zone = Below
		case s.Superiority.Mean > 0:
			s.Zone = Above
		default:
			s.Zone = Inside
		}
	}
	return s
}

// meanOf returns the Mean of m, as m.Result(o) would (Student-t interval
// mean ± t(level, n-1)·sd/sqrt(n)), but with the t quantile taken from tc,
// since most statistics of a study share their n and the quantile costs
// far more than the rest; with fewer than two values, only Mean and N.
func meanOf(m *estimate.Moments, tc *tCache) estimate.Mean {
	n, mean, m2 := momentsState(m)
	if n < 2 {
		return estimate.Mean{Mean: mean, N: n}
	}
	sd := math.Sqrt(m2 / float64(n-1))
	se := sd / math.Sqrt(float64(n))
	h := tc.t(n) * se
	return estimate.Mean{Mean: mean, SD: sd, SE: se, N: n,
		CI: estimate.Interval{Lo: mean - h, Hi: mean + h, Level: tc.level, Method: estimate.StudentT}}
}

// A tCache keeps the two-sided t quantiles at one level by n.
type tCache struct {
	level float64
	n     []int64
	q     []float64
}

func (c *tCache) t(n int64) float64 {
	for i, k := range c.n {
		if k == n {
			return c.q[i]
		}
	}
	q, _ := estimate.T(c.level, float64(n-1)) // level and df are valid
	c.n, c.q = append(c.n, n), append(c.q, q)
	return q
}

// momentsState returns n, mean and m2 of m.
func momentsState(m *estimate.Moments) (n int64, mean, m2 float64) {
	return m.N(), m.Mean(), m.M2()
}

// Reliability returns Cronbach's alpha and the item analysis (see
// [AlphaCov]) of series s (Expectations, Perceptions or Gaps, after
// re-keying reversed items) over the items of the dimension whose ID is
// dimension, or of every item when dimension is "", from the co-moments
// of the respondents who answered all those items. An unknown series or
// dimension returns ErrUnknown, a dimension of one item ErrTooFew, fewer
// than two complete respondents ErrEmpty or ErrTooFew, an item with zero
// variance ErrNoVariance, a bad level ErrLevel, a method other than Feldt
// ErrMethod.
func (a *Accumulator) Reliability(s Series, dimension string, o estimate.Options) (Reliability, error) {
	const fn = "servqual.Accumulator.Reliability"
	level, _, err := o.Resolve(fn, Feldt)
	if err != nil {
		return Reliability{}, err
	}
	l := a.l
	if l == nil {
		l = standard
	}
	si, ok := seriesIndex(s)
	if !ok {
		return Reliability{}, textErr(fn, "series", string(s), -1, ErrUnknown)
	}
	items := make([]int, l.k())
	for i := range items {
		items[i] = i
	}
	c := 0
	if dimension != "" {
		j := l.dimension(dimension)
		if j < 0 {
			return Reliability{}, textErr(fn, "dimension", dimension, -1, ErrUnknown)
		}
		items, c = l.dimItems[j], 1+j
		if len(items) < 2 {
			return Reliability{}, textErr(fn, "dimension of one item", dimension, -1, ErrTooFew)
		}
	}
	if a.l == nil || a.cov[si][c].n == 0 {
		return Reliability{}, valueErr(fn, "complete respondents", 0, ErrEmpty)
	}
	cm := &a.cov[si][c]
	ids := make([]string, len(items))
	for q, i := range items {
		ids[q] = l.in.Items[i].ID
	}
	var cov [][]float64
	if cm.n >= 2 {
		cov = cm.cov()
	}
	r, err := reliability(fn, cov, cm.mean, cm.n, ids, level)
	if err != nil {
		return Reliability{}, err
	}
	r.Series, r.Dimension = s, dimension
	return r, nil
}

// seriesIndex returns the index in Accumulator.cov of series s.
func seriesIndex(s Series) (int, bool) {
	switch s {
	case Expectations:
		return 0, true
	case Perceptions:
		return 1, true
	case Gaps:
		return 2, true
	}
	return 0, false
}
