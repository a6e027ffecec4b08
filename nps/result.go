package nps

import (
	"errors"
	"math"
	"math/bits"

	"github.com/servq/servq/estimate"
)

// Interval methods for the NPS, for [estimate.Options].Method.
const (
	// TangoScore is the score interval, the default of [Tally.Result] and
	// [Summarize]: every NPS that a two-sided score test at
	// the level would not reject, where the test compares the observed NPS
	// with a candidate value δ using the variance of the trinomial fitted
	// under that δ by maximum likelihood (Tango 1998, for one multinomial
	// sample; the "iterative score" interval that Rocks 2016 found among
	// the best for the NPS). For two samples [Compare] defaults to its
	// two-sample form, [MiettinenNurminen], and accepts TangoScore for it.
	// Its exact coverage is in COVERAGE.md.
	TangoScore estimate.Method = "tango-score"
	// AdjustedWald is the adjusted Wald interval of Rocks (2016): the
	// Wald interval computed after adding 3 pseudo-observations, 3/4 to
	// the promoters, 3/2 to the passives and 3/4 to the detractors, the
	// default weights of Rocks's R package NPS (nps_test, test =
	// "adjusted.wald"). A closed form, never degenerate, conservative when
	// promoters and detractors are rare at small n.
	AdjustedWald estimate.Method = "adjusted-wald"
	// Wald is the textbook normal interval NPS ± z·SE, short of the level
	// at small n; when SE = 0 (n = 1, or every score in one category) it
	// is the single point [NPS, NPS]. It is offered for comparison and for
	// reproducing published figures.
	Wald = estimate.Wald
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
// compared ([Compare]). With n scores, P promoters (9..10), D detractors
// (0..6), pP = P/n and pD = D/n (Reichheld 2003; Rocks 2016, eq. 2):
//
//	NPS = 100·(pP - pD)                        points, -100..100
//	SE  = 100·sqrt((pP + pD - (pP - pD)²)/n)   points, 0..100
//
// CI is in points, within [-100, 100], and always holds the NPS; with z
// the normal critical value of the level and δ a candidate pP - pD:
//
//	TangoScore     {δ : n·(pP - pD - δ)² <= z²·(qP + qD - δ²)}   (the default)
//	AdjustedWald   NPS' ± z·SE'   (P + 3/4, D + 3/4, n + 3)
//	Wald           NPS ± z·SE
//
// where qP = qD + δ and qD are the trinomial shares fitted under δ by
// maximum likelihood (Tango 1998); its ends are found by bisection to
// full float64 precision. Coverage figures: COVERAGE.md.
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
	// Mean is the mean score Σ x·Counts[x] / N, on the 0..10 scale, read
	// beside the NPS in reports.
	Mean float64 `json:"mean"`
	// MeanCI is the Student-t interval Mean ± t(level, N-1)·SD/sqrt(N)
	// (estimate.MeanInterval) at the level of CI, clamped to [0, 10]; with
	// one score it is the whole scale [0, 10], Method [WholeScale].
	MeanCI estimate.Interval `json:"mean_ci"`
	// SD is the sample standard deviation of the scores (Bessel's n - 1),
	// on the 0..10 scale; 0 when N = 1.
	SD float64 `json:"sd"`
}

// WholeScale is the method of a [Result.MeanCI] that is the whole scale
// [0, 10]: the interval of the mean of a single score, from which no
// Student-t interval can be computed. It has the name csat uses.
const WholeScale estimate.Method = "whole-scale"

// result computes the Result of the score counts c, whose total is n.
func result(fn string, c [MaxScore + 1]int64, n int64, o estimate.Options) (Result, error) {
	if n == 0 {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	level, m, err := o.Resolve(fn, TangoScore, AdjustedWald, Wald)
	if err != nil {
		return Result{}, err
	}
	z, _ := estimate.Z(level) // level is in (0, 1)
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
	lo, hi := interval(m, float64(r.Promoters), float64(r.Detractors), nf, z, r.NPS)
	r.CI = estimate.Interval{Lo: lo, Hi: hi, Level: level, Method: m}
	if err := r.setMean(fn, level); err != nil {
		return Result{}, err
	}
	return r, nil
}

// setMean sets Mean, SD and MeanCI from r.Counts and r.N (> 0) at the
// confidence level level.
func (r *Result) setMean(fn string, level float64) error {
	r.Mean = meanOf(r.Counts, r.N)
	if r.N == 1 {
		r.MeanCI = estimate.Interval{Lo: MinScore, Hi: MaxScore, Level: level, Method: WholeScale}
		return nil
	}
	var m2 float64
	for k, v := range r.Counts {
		d := float64(k) - r.Mean
		m2 += float64(v) * d * d
	}
	r.SD = math.Sqrt(m2 / float64(r.N-1))
	iv, err := estimate.MeanInterval(r.N, r.Mean, r.SD, estimate.Options{Level: level})
	if err != nil {
		var ve *estimate.ValueError
		if errors.As(err, &ve) {
			ve.Func = fn
		}
		return err
	}
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		return valueErr(fn, "mean interval", iv.Lo, ErrNotFinite)
	}
	iv.Lo = math.Max(MinScore, math.Min(iv.Lo, r.Mean))
	iv.Hi = math.Min(MaxScore, math.Max(iv.Hi, r.Mean))
	r.MeanCI = iv
	return nil
}

// meanOf returns the mean score Σ x·c[x] / n of the counts c, whose total
// is n > 0. The sum is formed exactly in 128 bits (it can exceed int64
// when n is near math.MaxInt64), so the mean is the quotient plus the
// remainder over n, rounded once, and lies in [0, 10].
func meanOf(c [MaxScore + 1]int64, n int64) float64 {
	var hi, lo uint64
	for x, v := range c {
		h, l := bits.Mul64(uint64(x), uint64(v))
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
	}
	q, rem := bits.Div64(hi, lo, uint64(n)) // q <= 10: the sum is at most 10·n
	return float64(q) + float64(rem)/float64(n)
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
// detractors among n, in points, by method m (TangoScore, AdjustedWald or
// Wald) at critical value z: clipped to [-100, 100] and holding the
// observed NPS est (computed from the exact difference of the counts,
// which P - D in float64 can lose at the largest n).
func interval(m estimate.Method, P, D, n, z, est float64) (lo, hi float64) {
	if m == TangoScore {
		lo, hi = scoreInterval(P/n, D/n, n, z)
		// P/n - D/n can round to a value other than (P - D)/n at the
		// largest n; the interval holds the reported NPS all the same.
		return math.Min(100*lo, est), math.Max(100*hi, est)
	}
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

// scoreInterval returns the score interval (Tango 1998) for δ = pP - pD
// from the observed shares pP and pD of n answers at critical value z, as
// fractions in [-1, 1]: the δ where the score statistic
//
//	T(δ) = (pP - pD - δ) / sqrt(V(δ)/n),  V(δ) = qP + qD - δ²
//
// has |T(δ)| <= z, with qP = qD + δ and qD the shares that maximise the
// trinomial likelihood subject to qP - qD = δ ([restrictedShare]). Each end
// is the root of n·(pP - pD - δ)² - z²·V(δ) between the estimate and ±1,
// found by bisection to the last bit of a float64: the function is <= 0
// at the estimate (V >= 0) and > 0 at δ = ±1, where V = 0, unless the
// estimate is itself ±1, which is then its own end.
func scoreInterval(pP, pD, n, z float64) (lo, hi float64) {
	est := pP - pD
	outside := func(d float64) bool {
		qD := restrictedShare(pP, pD, d)
		v := 2*qD + d*(1-d) // qP + qD - δ², qP = qD + δ
		e := est - d
		return n*e*e > z*z*v
	}
	// bisect narrows [in, out] to the boundary between a δ inside the
	// interval and one outside, and returns the last δ known to be inside.
	bisect := func(in, out float64) float64 {
		for range 200 {
			mid := in + (out-in)/2
			if mid == in || mid == out {
				break
			}
			if outside(mid) {
				out = mid
			} else {
				in = mid
			}
		}
		return in
	}
	lo, hi = -1, 1
	if est > -1 {
		lo = bisect(est, -1)
	}
	if est < 1 {
		hi = bisect(est, 1)
	}
	return lo, hi
}

// restrictedShare returns the share of detractors qD that maximises the
// trinomial log-likelihood of the observed shares pP, pD (and 1 - pP - pD
// passives) subject to qP - qD = d, for d in [-1, 1]:
//
//	pP·log(qD + d) + pD·log(qD) + (1 - pP - pD)·log(1 - 2qD - d)
//
// Setting its derivative to zero gives 2qD² + B·qD + C = 0 with
//
//	B = -(pP + pD) + (2 - pP + pD)·d,  C = -pD·d·(1 - d)
//
// (Tango 1998, in shares rather than counts), whose larger root is the
// maximum. It is computed without cancellation and clamped to the
// feasible range max(0, -d) <= qD <= (1 - d)/2.
func restrictedShare(pP, pD, d float64) float64 {
	b := -(pP + pD) + (2-pP+pD)*d
	c := -pD * d * (1 - d)
	s := math.Sqrt(math.Max(0, b*b-8*c))
	var q float64
	if b <= 0 {
		q = (s - b) / 4
	} else {
		q = -2 * c / (b + s)
	}
	return math.Min(math.Max(q, math.Max(0, -d)), (1-d)/2)
}

// MarginOfError returns the Wald margin of error of the NPS at the
// confidence level of o (0 means 0.95), in points:
//
//	margin = z·SE,  z = Φ⁻¹(1 - (1-level)/2)
//
// the half-width of the Wald interval before clipping, and the quantity
// that [SampleSize] plans for. The default (score) interval is not
// symmetric about the NPS, so its ends are not exactly NPS ± margin.
// o.Method must be empty or [Wald]. A level outside (0, 1) returns
// ErrLevel, another method ErrMethod; an SE that no sample can have (a
// hand-edited Result) returns ErrNotFinite when it is NaN or infinite and
// ErrOutOfRange when it is outside [0, 100] points.
func (r Result) MarginOfError(o estimate.Options) (float64, error) {
	const fn = "nps.Result.MarginOfError"
	level, _, err := o.Resolve(fn, Wald)
	if err != nil {
		return 0, err
	}
	switch {
	case math.IsNaN(r.SE) || math.IsInf(r.SE, 0):
		return 0, valueErr(fn, "se", r.SE, ErrNotFinite)
	case !(r.SE >= 0 && r.SE <= 100):
		return 0, valueErr(fn, "se", r.SE, seErr)
	}
	z, _ := estimate.Z(level)
	if m := z * r.SE; !math.IsInf(m, 0) {
		return m, nil
	}
	// A level so close to 1 that z is not finite (a z from the upper tail
	// rounds there).
	return 0, valueErr(fn, "level", level, ErrLevel)
}

var seErr = wrapf(ErrOutOfRange, "want [0, 100] points")
