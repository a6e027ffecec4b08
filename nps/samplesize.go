package nps

import (
	"math"

	"github.com/servq/servq/estimate"
)

// SampleSize returns the number of responses needed for the NPS to have a
// margin of error of at most margin points at o.Level (0 means 0.95), if
// the shares of promoters and detractors are as expected (fractions in
// [0, 1]). It inverts the Wald margin z·SE of [Result.MarginOfError]:
//
//	n = ceil(z²·(pP + pD - (pP - pD)²) / (margin/100)²)
//
// For example pP = 0.5, pD = 0.2 and a margin of 5 points at 95 % need
// 1.959964² · 0.61 / 0.05² = 937.3, so 938 responses. The variance is
// largest, 1, at pP = pD = 0.5, which gives the most cautious plan when
// nothing is known. At the n found the adjusted Wald interval has nearly
// the same half-width (its n is larger by 3).
//
// A tiny relative tolerance (1e-12) keeps rounding from raising an exact
// integer to the next one. When the variance is 0 (every response
// expected in one category) the result is 1, the smallest sample.
//
// Errors, wrapped in [*estimate.ValueError]: a NaN or infinite margin
// returns ErrNotFinite, any other margin outside (0, 200] points
// ErrOutOfRange; a share outside [0, 1]
// (NaN included) or pP + pD > 1 returns ErrProbability; a bad level
// ErrLevel; o.Method other than "" or Wald ErrMethod; an n above
// math.MaxInt64 ErrOverflow.
func SampleSize(margin, promoters, detractors float64, o estimate.Options) (int64, error) {
	const fn = "nps.SampleSize"
	if math.IsNaN(margin) || math.IsInf(margin, 0) {
		return 0, valueErr(fn, "margin", margin, ErrNotFinite)
	}
	if !(margin > 0 && margin <= 200) {
		return 0, valueErr(fn, "margin", margin, marginErr)
	}
	if !(promoters >= 0 && promoters <= 1) {
		return 0, valueErr(fn, "promoters", promoters, ErrProbability)
	}
	if !(detractors >= 0 && detractors <= 1) {
		return 0, valueErr(fn, "detractors", detractors, ErrProbability)
	}
	if promoters+detractors > 1+1e-12 {
		return 0, valueErr(fn, "promoters + detractors", promoters+detractors, ErrProbability)
	}
	level, _, err := o.Resolve(fn, Wald)
	if err != nil {
		return 0, err
	}
	z, _ := estimate.Z(level)
	v := variance(promoters, detractors)
	if v == 0 {
		return 1, nil
	}
	m := margin / 100
	n := z * z * v / (m * m) // +Inf when m·m underflows
	n = math.Ceil(n * (1 - 1e-12))
	switch {
	case n < 1:
		return 1, nil
	case n >= math.MaxInt64: // 2⁶³ is the first float64 above MaxInt64
		return 0, valueErr(fn, "n", n, ErrOverflow)
	}
	return int64(n), nil
}

var marginErr = wrapf(ErrOutOfRange, "want (0, 200] points")
