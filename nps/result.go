package nps

import (
	"math"

	"github.com/servq/servq/estimate"
)

// Interval methods for the NPS, for [estimate.Options].Method.
const (
	// Wald is the textbook normal interval NPS ± z·SE. At small n its
	// coverage falls short of the level (about 93 % for a nominal 95 % at
	// n = 30), and when SE = 0 (n = 1, or every score in one category) it
	// is the single point [NPS, NPS]. It is offered for comparison and for
	// reproducing published figures.
	Wald = estimate.Wald
	// AdjustedWald is the adjusted Wald interval of Rocks (2016), the
	// default: the Wald interval computed after adding 3
	// pseudo-observations, 3/4 to the promoters, 3/2 to the passives and
	// 3/4 to the detractors. These are the weights of Rocks's R package
	// NPS (nps_test with test = "adjusted.wald", pseudo_observations =
	// c(0.75, 1.50, 0.75)), and the way Lewis and Sauro (MeasuringU, 2021,
	// "Evaluating NPS Confidence Intervals with Real-World Data") describe
	// the method they found best. Its standard error is never zero, so it
	// is never degenerate.
	AdjustedWald estimate.Method = "adjusted-wald"
)

// Pseudo-observations of the adjusted Wald interval (Rocks 2016; the
// default of his R package NPS, nps_test(test = "adjusted.wald")).
const (
	pseudoPromoters = 0.75
	pseudoPassives  = 1.5
	pseudoN         = 2*pseudoPromoters + pseudoPassives // 3
)

// A Result is the Net Promoter Score of a sample with its uncertainty, and
// the counts it came from, so that results stored as JSON can still be
// compared ([Compare]).
//
// With n scores, of which P are promoters (9..10), D detractors (0..6) and
// the rest passives (7..8), pP = P/n and pD = D/n (Reichheld 2003):
//
//	NPS = 100·(pP - pD)                        points, -100..100
//	SE  = 100·sqrt((pP + pD - (pP - pD)²)/n)   points, 0..100
//
// The variance pP + pD - (pP - pD)² is that of one response scored +1
// (promoter), 0 (passive) or -1 (detractor), from the trinomial
// distribution of the three categories (Rocks 2016, eq. 2).
//
// The confidence interval CI is in points and is clipped to [-100, 100].
// With z the two-sided normal critical value of the level:
//
//	Wald           NPS ± z·SE
//	AdjustedWald   NPS' ± z·SE'   (the default)
//
// where NPS' and SE' are computed as above from P' = P + 3/4,
// D' = D + 3/4 and n' = n + 3 (Rocks 2016). NPS' is pulled towards 0;
// where that would leave the observed NPS outside the interval (every
// score a promoter, or every one a detractor, at small n or a low level),
// the interval is stretched to include it, which can only raise its
// coverage. At n = 1, or whenever SE = 0, the Wald interval is the single
// point [NPS, NPS]; the adjusted interval is not: one promoter gives
// NPS = 100 with the 95 % interval [-48.5, 100].
//
// Coverage, computed exactly over every trinomial outcome for shares of
// promoters and detractors between 0.05 and 0.6 and n = 30..200: the
// adjusted interval stays within 1.5 points of the nominal 95 % except for
// being conservative (up to 99.1 %) when promoters and detractors are both
// rare at n <= 50, while the Wald interval falls to 92.4 % at n = 30 and
// misses by more than 1.5 points in 31 of those 172 cases (see
// coverage_test.go).
type Result struct {
	// NPS is the Net Promoter Score, 100·(pP - pD), in points from -100
	// to 100.
	NPS float64 `json:"nps"`
	// SE is the standard error of NPS, in points.
	SE float64 `json:"se"`
	// CI is the confidence interval for the NPS, in points, within
	// [-100, 100].
	CI estimate.Interval `json:"ci"`
	// N is the number of scores.
	N int64 `json:"n"`
	// Promoters, Passives and Detractors count the scores 9..10, 7..8
	// and 0..6; they add up to N.
	Promoters  int64 `json:"promoters"`
	Passives   int64 `json:"passives"`
	Detractors int64 `json:"detractors"`
	// PromoterShare, PassiveShare and DetractorShare are the three counts
	// divided by N: fractions in [0, 1], not percentages.
	PromoterShare  float64 `json:"promoter_share"`
	PassiveShare   float64 `json:"passive_share"`
	DetractorShare float64 `json:"detractor_share"`
	// Counts is the number of each score 0..10: Counts[10] is the number
	// of 10s.
	Counts [MaxScore + 1]int64 `json:"counts"`
}

// result computes the Result of the score counts c, whose total is n.
func result(fn string, c [MaxScore + 1]int64, n int64, o estimate.Options) (Result, error) {
	if n == 0 {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	level, z, err := levelOf(fn, o)
	if err != nil {
		return Result{}, err
	}
	m := o.Method
	if m == "" {
		m = AdjustedWald
	}
	if m != Wald && m != AdjustedWald {
		return Result{}, methodErr(fn, m)
	}
	r := Result{N: n, Counts: c}
	for k, v := range c {
		switch {
		case k >= 9:
			r.Promoters += v
		case k >= 7:
			r.Passives += v
		default:
			r.Detractors += v
		}
	}
	nf := float64(n)
	r.PromoterShare = float64(r.Promoters) / nf
	r.PassiveShare = float64(r.Passives) / nf
	r.DetractorShare = float64(r.Detractors) / nf
	r.NPS = 100 * float64(r.Promoters-r.Detractors) / nf
	r.SE = 100 * math.Sqrt(variance(r.PromoterShare, r.DetractorShare)/nf)
	lo, hi := interval(m, float64(r.Promoters), float64(r.Detractors), nf, z)
	r.CI = estimate.Interval{Lo: lo, Hi: hi, Level: level, Method: m}
	return r, nil
}

// variance returns the variance of one response scored +1, 0 or -1 with
// probabilities pP, 1 - pP - pD and pD:
//
//	pP + pD - (pP - pD)² = pP(1 - pP) + pD(1 - pD) + 2·pP·pD
//
// The right-hand form is a sum of terms >= 0, so rounding cannot make it
// negative.
func variance(pP, pD float64) float64 {
	return pP*(1-pP) + pD*(1-pD) + 2*pP*pD
}

// interval returns the interval for the NPS of P promoters and D
// detractors among n, in points, by method m (Wald or AdjustedWald) at
// critical value z: clipped to [-100, 100] and holding the observed NPS.
func interval(m estimate.Method, P, D, n, z float64) (lo, hi float64) {
	est := 100 * (P - D) / n
	if m == AdjustedWald {
		P, D, n = P+pseudoPromoters, D+pseudoPromoters, n+pseudoN
	}
	pP, pD := P/n, D/n
	c := 100 * (pP - pD)
	h := z * 100 * math.Sqrt(variance(pP, pD)/n)
	lo = math.Max(-100, math.Min(c-h, est))
	hi = math.Min(100, math.Max(c+h, est))
	return lo, hi
}

// MarginOfError returns the Wald margin of error of the NPS at a
// confidence level, in points:
//
//	margin = z·SE,  z = Φ⁻¹(1 - (1-level)/2)
//
// the half-width of the Wald interval before clipping, and the quantity
// that [SampleSize] plans for. A level of 0 means 0.95. The default
// (adjusted Wald) interval is not symmetric about the NPS, so its ends are
// not exactly NPS ± margin. A level outside (0, 1) returns ErrLevel. An
// SE that no sample can have (a hand-edited Result) returns ErrNotFinite
// when it is NaN or infinite and ErrOutOfRange when it is outside [0, 100]
// points.
func (r Result) MarginOfError(level float64) (float64, error) {
	const fn = "nps.Result.MarginOfError"
	_, z, err := levelOf(fn, estimate.Options{Level: level})
	if err != nil {
		return 0, err
	}
	switch {
	case math.IsNaN(r.SE) || math.IsInf(r.SE, 0):
		return 0, valueErr(fn, "se", r.SE, ErrNotFinite)
	case !(r.SE >= 0 && r.SE <= 100):
		return 0, valueErr(fn, "se", r.SE, seErr)
	}
	return z * r.SE, nil
}

var seErr = wrapf(ErrOutOfRange, "want [0, 100] points")
