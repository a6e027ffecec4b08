package estimate

import (
	"math"
	"slices"
)

// A QuantileType selects one of the nine sample quantile definitions of
// Hyndman and Fan (1996), numbered as in their paper and in R's quantile().
// The zero value means Type7.
//
// With x(1) <= … <= x(n) the order statistics and p the probability, the
// continuous types 4..9 interpolate linearly at position
//
//	h = a + p(n + 1 - a - b),  Q = x(⌊h⌋) + (h - ⌊h⌋)(x(⌊h⌋+1) - x(⌊h⌋))
//
// with h clamped to [1, n]. The discontinuous types 1..3 step.
type QuantileType int

// The nine Hyndman-Fan definitions.
const (
	// Type1 is the inverse of the empirical distribution function:
	// Q = x(⌈np⌉), and x(1) at p = 0. SAS definition 3.
	Type1 QuantileType = 1
	// Type2 is Type1 with averaging at discontinuities: when np is a
	// whole number j, Q = (x(j) + x(j+1))/2. SAS definition 5.
	Type2 QuantileType = 2
	// Type3 is the observation nearest to np - 1/2, ties to the even
	// order statistic. SAS definition 2.
	Type3 QuantileType = 3
	// Type4 interpolates the empirical distribution function: a=0, b=1,
	// h = np. SAS definition 1.
	Type4 QuantileType = 4
	// Type5 is piecewise linear with knots at the midpoints of the steps:
	// a = b = 1/2, h = np + 1/2. Popular in hydrology.
	Type5 QuantileType = 5
	// Type6 uses p(k) = k/(n+1), the mean of the distribution of the
	// k-th uniform order statistic: a = b = 0, h = (n+1)p. Minitab's and
	// SPSS's definition, SAS definition 4.
	Type6 QuantileType = 6
	// Type7 uses p(k) = (k-1)/(n-1), the mode of the uniform order
	// statistic: a = b = 1, h = (n-1)p + 1. The default of R, NumPy and
	// spreadsheets' PERCENTILE/PERCENTILE.INC, and of this package.
	Type7 QuantileType = 7
	// Type8 is approximately median-unbiased whatever the distribution:
	// a = b = 1/3, h = (n + 1/3)p + 1/3. Hyndman and Fan's recommendation.
	Type8 QuantileType = 8
	// Type9 is approximately unbiased for the expected order statistics of
	// a normal distribution (Blom 1958): a = b = 3/8, h = (n + 1/4)p + 3/8.
	Type9 QuantileType = 9
)

// Quantile returns the p-quantile (0 <= p <= 1) of the values in x by
// definition t (0 means Type7), in the units of x. x is not modified: the
// values are copied and sorted, O(n log n). For several quantiles of one
// sample use [Quantiles], which sorts once.
//
// Errors: an empty x returns ErrEmpty; a NaN or infinite value returns
// ErrNotFinite with its index; p outside [0, 1] returns ErrProbability; t
// outside 0..9 returns ErrQuantileType.
func Quantile(x []float64, p float64, t QuantileType) (float64, error) {
	q, err := quantiles("estimate.Quantile", x, t, p)
	if err != nil {
		return 0, err
	}
	return q[0], nil
}

// Quantiles returns the quantiles of x at each of ps, in that order, by
// definition t, sorting a copy of x once. Errors are those of [Quantile],
// the index of a bad probability being its position in ps.
func Quantiles(x []float64, t QuantileType, ps ...float64) ([]float64, error) {
	return quantiles("estimate.Quantiles", x, t, ps...)
}

func quantiles(fn string, x []float64, t QuantileType, ps ...float64) ([]float64, error) {
	if len(x) == 0 {
		return nil, valueErr(fn, "n", 0, ErrEmpty)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &ValueError{Func: fn, Name: "x", Value: v, Index: i, Err: ErrNotFinite}
		}
	}
	// Quantile's single p is not in a sequence; Quantiles' ps are, even
	// when there is only one.
	if err := checkQuantileArgs(fn, t, ps, fn == "estimate.Quantiles"); err != nil {
		return nil, err
	}
	s := slices.Clone(x)
	slices.Sort(s)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = quantileOf(len(s), func(k int) float64 { return s[k-1] }, p, t)
	}
	return out, nil
}

// QuantileFunc returns the p-quantile of n ordered values that it reads
// through kth, where kth(k) is the k-th smallest value for k = 1..n. It
// serves data held in another form, such as counts per scale point, without
// expanding it: kth is called at most twice. kth must be non-decreasing in
// k; QuantileFunc does not check.
//
// Errors: n <= 0 returns ErrEmpty; p outside [0, 1] ErrProbability; t
// outside 0..9 ErrQuantileType. kth nil panics.
func QuantileFunc(n int, kth func(k int) float64, p float64, t QuantileType) (float64, error) {
	const fn = "estimate.QuantileFunc"
	if n <= 0 {
		return 0, valueErr(fn, "n", float64(n), ErrEmpty)
	}
	if err := checkQuantileArgs(fn, t, []float64{p}, false); err != nil {
		return 0, err
	}
	return quantileOf(n, kth, p, t), nil
}

// checkQuantileArgs checks the type and the probabilities; seq says whether
// ps is the caller's slice, whose indexes an error reports.
func checkQuantileArgs(fn string, t QuantileType, ps []float64, seq bool) error {
	if t < 0 || t > 9 {
		return valueErr(fn, "type", float64(t), ErrQuantileType)
	}
	for i, p := range ps {
		if !(p >= 0 && p <= 1) {
			idx := i
			if !seq {
				idx = -1
			}
			return &ValueError{Func: fn, Name: "p", Value: p, Index: idx, Err: ErrProbability}
		}
	}
	return nil
}

// fuzz absorbs rounding in n·p so that, for example, (0.1+0.2)·10, which
// is 3.0000000000000004 in floating point, counts as the whole number 3 (as
// R does, with the same absolute tolerance; like R's, it stops helping once
// n·p is above about 8, where one rounding step exceeds it).
const fuzz = 4 * 2.220446049250313e-16

// quantileOf computes the quantile with valid arguments. Order statistics
// outside 1..n are clamped to x(1) and x(n).
func quantileOf(n int, kth func(int) float64, p float64, t QuantileType) float64 {
	if t == 0 {
		t = Type7
	}
	nf := float64(n)
	at := func(k int) float64 { return kth(max(1, min(n, k))) }
	// lerp returns (1-g)·x(j) + g·x(j+1), reading x(j+1) only when needed.
	// As in R, g outside (0, 1) takes the nearer order statistic: g can be
	// a hair below 0 when h is within fuzz below a whole number, and must
	// not extrapolate.
	lerp := func(j int, g float64) float64 {
		lo := at(j)
		if g <= 0 {
			return lo
		}
		hi := at(j + 1)
		if g >= 1 || lo == hi {
			return hi
		}
		d := hi - lo
		if math.IsInf(d, 0) {
			// x(j) and x(j+1) near -MaxFloat64 and +MaxFloat64: the
			// weighted sum cannot overflow where the difference does.
			return (1-g)*lo + g*hi
		}
		q := lo + g*d
		if lo < hi {
			// Rounding in hi - lo can carry q a hair past hi.
			q = min(max(q, lo), hi)
		}
		return q
	}
	if t <= Type3 {
		np := nf * p
		if t == Type3 {
			np -= 0.5
		}
		jf := math.Floor(np + fuzz)
		j := int(jf)
		whole := math.Abs(np-jf) <= fuzz
		var g float64
		switch t {
		case Type1:
			g = 1
			if whole {
				g = 0
			}
		case Type2:
			g = 1
			if whole {
				g = 0.5
			}
		case Type3:
			g = 1
			if whole && j%2 == 0 {
				g = 0
			}
		}
		return lerp(j, g)
	}
	var a, b float64
	switch t {
	case Type4:
		a, b = 0, 1
	case Type5:
		a, b = 0.5, 0.5
	case Type6:
		a, b = 0, 0
	case Type7:
		a, b = 1, 1
	case Type8:
		a, b = 1.0/3, 1.0/3
	case Type9:
		a, b = 3.0/8, 3.0/8
	}
	h := a + p*(nf+1-a-b)
	jf := math.Floor(h + fuzz)
	g := h - jf
	if math.Abs(g) < fuzz {
		g = 0
	}
	return lerp(int(jf), g)
}
