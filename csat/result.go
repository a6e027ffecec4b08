package csat

import (
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
)

// WholeScale is the method of a mean interval that is the whole scale,
// [Min, Max]: what [Result] reports for the mean of a single rating, from
// which no Student-t interval can be computed.
const WholeScale estimate.Method = "whole-scale"

// A Result is what a [Tally] reports on its [Scale]. With n ratings,
// c(x) of them equal to x, on Min..Max satisfied from S:
//
//	CSAT       = 100 · Σ_{x >= S} c(x) / n              (%, 0..100)
//	Mean       = Σ x·c(x) / n                            (Min..Max)
//	SD         = sqrt(Σ c(x)·(x - Mean)² / (n - 1))      (Bessel)
//	Index      = 100 · (Mean - Min) / (Max - Min)        (0..100)
//	TopBox     = 100 · c(Max) / n                        (%)
//	Top2Box    = 100 · (c(Max) + c(Max-1)) / n           (%)
//	Bottom2Box = 100 · (c(Min) + c(Min+1)) / n           (%)
//
// The CSAT is the share of satisfied ratings as survey tools define it
// (Intercom, SoGoSurvey), with the interval of estimate.Proportion (Wilson
// 1927 by default) in %; the index rescales the mean onto 0..100 as the
// ACSI does (Fornell et al. 1996). The mean's interval is Student's t
// clamped to [Min, Max]; with one rating it is the whole scale (Method
// [WholeScale]) and SD is 0. The index's interval is the mean's, mapped
// alike. The median is R's (type 7). Grade is [GradeOfMean] of the mean on
// 1..5, and zero elsewhere. Points carry the counts, so that results
// loaded from JSON compare ([Compare]) and give quantiles
// ([Result.Quantile]). Every field is finite; see METHODS.md for the
// sources and the special cases.
type Result struct {
	Scale      Scale             `json:"scale"`           // the scale; never the zero Scale
	N          int64             `json:"n"`               // number of ratings
	Satisfied  int64             `json:"satisfied"`       // ratings of SatisfiedFrom or more
	CSAT       float64           `json:"csat"`            // share satisfied, in %
	CSATCI     estimate.Interval `json:"csat_ci"`         // interval of CSAT, in %
	Mean       float64           `json:"mean"`            // mean rating
	MeanCI     estimate.Interval `json:"mean_ci"`         // interval of Mean, within [Min, Max]
	SD         float64           `json:"sd"`              // sample standard deviation; 0 when N = 1
	Index      float64           `json:"index"`           // satisfaction index, 0..100
	IndexCI    estimate.Interval `json:"index_ci"`        // interval of Index, within [0, 100]
	Median     float64           `json:"median"`          // type 7 median rating
	TopBox     float64           `json:"top_box"`         // share of Max, in %
	Top2Box    float64           `json:"top2_box"`        // share of Max and Max-1, in %
	Bottom2Box float64           `json:"bottom2_box"`     // share of Min and Min+1, in %
	Grade      Grade             `json:"grade,omitempty"` // grade of Mean on 1..5; else 0
	Points     []Point           `json:"points"`          // the distribution, Min to Max
}

// A Point is one point of a scale in a [Result]'s distribution.
type Point struct {
	Rating int     `json:"rating"` // the rating, Min..Max
	Count  int64   `json:"count"`  // how many ratings it got
	Share  float64 `json:"share"`  // Count/N, a fraction in [0, 1]
}

// result computes a Result from the counts per point of scale s (valid and
// resolved), c[i] being the count of s.Min + i, which add up to n.
func result(fn string, s Scale, c []int64, n int64, o estimate.Options) (Result, error) {
	if n == 0 {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	level, m, err := o.Resolve(fn, estimate.Wilson,
		estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return Result{}, err
	}
	span := s.Max - s.Min
	sat := int64(0)
	for _, k := range c[s.SatisfiedFrom-s.Min:] {
		sat += k
	}
	ci, err := estimate.Proportion(sat, n, estimate.Options{Level: level, Method: m})
	if err != nil {
		// Left: the beta methods' limit on n (estimate.MaxBetaTrials), and a
		// critical value that overflows at a level a hair below 1.
		return Result{}, wrapErr(fn, n, level, err)
	}
	nf := float64(n)
	r := Result{
		Scale:      s,
		N:          n,
		Satisfied:  sat,
		CSAT:       100 * float64(sat) / nf,
		CSATCI:     scaled(ci, 100),
		TopBox:     100 * float64(c[span]) / nf,
		Top2Box:    100 * float64(c[span]+c[span-1]) / nf,
		Bottom2Box: 100 * float64(c[0]+c[1]) / nf,
		Points:     make([]Point, len(c)),
	}
	if span == 1 {
		r.Top2Box, r.Bottom2Box = 100, 100
	}

	for i, k := range c {
		r.Points[i] = Point{Rating: s.Min + i, Count: k, Share: float64(k) / nf}
	}
	// Mean and SD by two passes over the points, in offsets from Min.
	off := meanOffset(c, n)
	var m2 float64
	for i, k := range c {
		d := float64(i) - off
		m2 += float64(k) * d * d
	}
	r.Mean = float64(s.Min) + off
	lo, hi := float64(s.Min), float64(s.Max)
	if n == 1 {
		r.MeanCI = estimate.Interval{Lo: lo, Hi: hi, Level: level, Method: WholeScale}
	} else {
		r.SD = math.Sqrt(m2 / (nf - 1))
		r.MeanCI, err = estimate.MeanInterval(n, r.Mean, r.SD, estimate.Options{Level: level})
		if err == nil && !(isFinite(r.MeanCI.Lo) && isFinite(r.MeanCI.Hi)) {
			// A t quantile that is not finite at a huge df (gonum's, for
			// df near 2⁵⁴): an error, never a NaN interval.
			return Result{}, valueErr(fn, "n", nf, fmt.Errorf("%w: t interval of the mean at df %d", ErrNotFinite, n-1))
		}
		if err != nil {
			return Result{}, wrapErr(fn, n, level, err)
		}
		r.MeanCI.Lo = math.Max(lo, math.Min(r.MeanCI.Lo, r.Mean))
		r.MeanCI.Hi = math.Min(hi, math.Max(r.MeanCI.Hi, r.Mean))
	}
	index := func(m float64) float64 { return 100 * (m - lo) / float64(span) }
	r.Index = 100 * off / float64(span)
	r.IndexCI = r.MeanCI
	r.IndexCI.Lo, r.IndexCI.Hi = index(r.MeanCI.Lo), index(r.MeanCI.Hi)
	r.IndexCI.Lo = math.Min(r.IndexCI.Lo, r.Index)
	r.IndexCI.Hi = math.Max(r.IndexCI.Hi, r.Index)

	if r.Median, err = quantile(fn, s.Min, c, n, 0.5, estimate.Type7); err != nil {
		return Result{}, err
	}
	if s.Min == 1 && s.Max == 5 {
		r.Grade, _ = GradeOfMean(r.Mean) // Mean is in [1, 5]: no error
	}
	return r, nil
}

// quantile returns the p-quantile of the ratings counted in c (c[i] of
// them equal to min + i, n in all) by type typ.
func quantile(fn string, lo int, c []int64, n int64, p float64, typ estimate.QuantileType) (float64, error) {
	switch {
	case n == 0:
		return 0, valueErr(fn, "n", 0, ErrEmpty)
	case int64(int(n)) != n:
		return 0, valueErr(fn, "n", float64(n), ErrOverflow) // only where int has 32 bits
	case !(p >= 0 && p <= 1):
		return 0, valueErr(fn, "p", p, ErrProbability)
	case typ < 0 || typ > 9:
		return 0, valueErr(fn, "type", float64(typ), ErrQuantileType)
	}
	kth := func(k int) float64 {
		cum := int64(0)
		for i, ci := range c {
			if cum += ci; cum >= int64(k) {
				return float64(lo + i)
			}
		}
		return float64(lo + len(c) - 1)
	}
	q, err := estimate.QuantileFunc(int(n), kth, p, typ)
	if err != nil {
		return 0, valueErr(fn, "p", p, err) // unreachable: the arguments are checked
	}
	return q, nil
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// scaled returns iv with both ends multiplied by k > 0: a share's interval
// in %.
func scaled(iv estimate.Interval, k float64) estimate.Interval {
	iv.Lo, iv.Hi = k*iv.Lo, k*iv.Hi
	return iv
}

// counts checks that r is a result that a Tally could report, as far as
// Compare and Quantile need it (a valid scale; one point per rating, in
// order; counts >= 0 that add up to N), and returns its scale, resolved,
// and its counts. The other fields are not checked: they are recomputed
// from the counts by those who need them.
func (r *Result) counts(fn string) (Scale, []int64, error) {
	s := r.Scale
	if err := s.check(fn); err != nil {
		return Scale{}, nil, err
	}
	s = s.resolve()
	if len(r.Points) != s.Points() {
		return Scale{}, nil, valueErr(fn, "points", float64(len(r.Points)),
			fmt.Errorf("%w: %d points for the scale %d..%d", ErrCount, s.Points(), s.Min, s.Max))
	}
	c := make([]int64, len(r.Points))
	var sum int64
	for i, p := range r.Points {
		switch {
		case p.Rating != s.Min+i:
			return Scale{}, nil, &estimate.ValueError{Func: fn, Name: "rating", Value: float64(p.Rating), Index: i,
				Err: fmt.Errorf("%w: point %d of the scale is %d", ErrCount, i, s.Min+i)}
		case p.Count < 0:
			return Scale{}, nil, &estimate.ValueError{Func: fn, Name: "count", Value: float64(p.Count), Index: i, Err: ErrCount}
		case sum > math.MaxInt64-p.Count:
			return Scale{}, nil, &estimate.ValueError{Func: fn, Name: "count", Value: float64(p.Count), Index: i, Err: ErrOverflow}
		}
		sum += p.Count
		c[i] = p.Count
	}
	if sum != r.N {
		return Scale{}, nil, valueErr(fn, "n", float64(r.N),
			fmt.Errorf("%w: the counts add up to %d", ErrCount, sum))
	}
	return s, c, nil
}

// Quantile returns the p-quantile of the ratings of r (0 <= p <= 1) by
// quantile definition typ (0 means type 7), read from r.Points as
// [Tally.Quantile] reads a tally. A result whose points are not those of
// its scale or do not add up to N returns ErrCount (ErrScale for an
// invalid scale); no ratings returns ErrEmpty; p outside [0, 1]
// ErrProbability; typ outside 0..9 ErrQuantileType.
func (r Result) Quantile(p float64, typ estimate.QuantileType) (float64, error) {
	const fn = "csat.Result.Quantile"
	s, c, err := r.counts(fn)
	if err != nil {
		return 0, err
	}
	return quantile(fn, s.Min, c, r.N, p, typ)
}

// mean returns the mean rating of a non-empty tally, computed as Result
// computes it.
func (t *Tally) mean() float64 {
	return float64(t.min1+1) + meanOffset(t.counts[:t.span()+1], t.n)
}

// meanOffset returns the mean of the offsets i from Min of the ratings
// counted in c (c[i] of them at Min + i, n in all), kept within
// [0, len(c)-1] against rounding.
func meanOffset(c []int64, n int64) float64 {
	var sum float64
	for i, k := range c {
		sum += float64(k) * float64(i)
	}
	return min(sum/float64(n), float64(len(c)-1))
}
