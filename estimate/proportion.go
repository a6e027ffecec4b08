package estimate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Proportion returns a two-sided confidence interval for a binomial
// proportion from x successes in n trials, as a fraction in [0, 1]; the
// point estimate is x/n. Methods, with α = 1 - level and z = [Z](level):
//
//	Wilson (default)  (x + z²/2)/(n + z²) ± z/(n + z²)·sqrt(x(n-x)/n + z²/4)
//	AgrestiCoull      p̃ ± z·sqrt(p̃(1-p̃)/ñ), ñ = n + z², p̃ = (x + z²/2)/ñ
//	ClopperPearson    [B(α/2; x, n-x+1), B(1-α/2; x+1, n-x)]
//	Jeffreys          [B(α/2; x+½, n-x+½), B(1-α/2; x+½, n-x+½)]
//	Wald              p ± z·sqrt(p(1-p)/n), p = x/n
//
// where B(q; a, b) is the q quantile of Beta(a, b). Sources: Wilson (1927);
// Agresti and Coull (1998); Clopper and Pearson (1934); Brown, Cai and
// DasGupta (2001), who recommend Wilson or Jeffreys for small n. Every
// method gives Lo = 0 at x = 0 and Hi = 1 at x = n and is clipped to
// [0, 1]; Wald at x = 0 or n is the degenerate [p, p]. How each method
// behaves at the boundaries and at extreme levels is in METHODS.md.
//
// Errors: n = 0 returns ErrEmpty; x < 0, n < 0, x > n, or n above
// [MaxBetaTrials] for ClopperPearson or Jeffreys, ErrCount; a level outside
// (0, 1) ErrLevel; another method ErrMethod; all as a [*ValueError].
func Proportion(x, n int64, o Options) (Interval, error) {
	const fn = "estimate.Proportion"
	if err := checkCounts(fn, x, n); err != nil {
		return Interval{}, err
	}
	level, z, m, err := resolveZ(fn, o, Wilson, AgrestiCoull, ClopperPearson, Jeffreys, Wald)
	if err != nil {
		return Interval{}, err
	}
	iv := Interval{Level: level, Method: m}
	xf, nf := float64(x), float64(n)
	// n - x in integers: above 2^53, float64(n) - float64(x) can be 0
	// while x < n, and a beta parameter of 0 panics in gonum.
	ff := float64(n - x)
	p := xf / nf
	switch m {
	case Wilson:
		iv.Lo, iv.Hi = wilson(xf, nf, z)
	case AgrestiCoull:
		z2 := z * z
		nt := nf + z2
		pt := (xf + z2/2) / nt
		h := z * math.Sqrt(pt*(1-pt)/nt)
		iv.Lo, iv.Hi = pt-h, pt+h
	case ClopperPearson:
		if n > MaxBetaTrials {
			return Interval{}, betaLimitErr(fn, n)
		}
		q := (1 - level) / 2
		if x > 0 {
			iv.Lo = distuv.Beta{Alpha: xf, Beta: ff + 1}.Quantile(q)
		}
		iv.Hi = 1
		if x < n {
			iv.Hi = upperBeta(xf+1, ff, q)
		}
	case Jeffreys:
		if n > MaxBetaTrials {
			return Interval{}, betaLimitErr(fn, n)
		}
		q := (1 - level) / 2
		if x > 0 {
			iv.Lo = distuv.Beta{Alpha: xf + 0.5, Beta: ff + 0.5}.Quantile(q)
		}
		iv.Hi = 1
		if x < n {
			iv.Hi = upperBeta(xf+0.5, ff+0.5, q)
		}
	case Wald:
		h := z * math.Sqrt(p*(1-p)/nf)
		iv.Lo, iv.Hi = p-h, p+h
	default:
		return Interval{}, methodErr(fn, m)
	}
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		// Not seen at any n <= MaxBetaTrials and level in (0, 1); kept
		// so that a NaN can never pass as an interval.
		return Interval{}, valueErr(fn, "level", level, ErrNotFinite)
	}
	iv.Lo, iv.Hi = clip01(iv.Lo), clip01(iv.Hi)
	if x == 0 {
		iv.Lo = 0
	}
	if x == n {
		iv.Hi = 1
	}
	return iv, nil
}

// MaxBetaTrials is the largest n that the ClopperPearson and Jeffreys
// methods accept. Their bounds are beta quantiles, whose computation (gonum's
// inverse regularised incomplete beta) keeps its accuracy up to about 1e9
// trials and then drifts; at such n every method agrees with Wilson to
// within 1/n, so use Wilson there.
const MaxBetaTrials = 1_000_000_000

func betaLimitErr(fn string, n int64) error {
	return valueErr(fn, "n", float64(n), fmt.Errorf("%w: above %d trials the beta quantiles lose precision; use Wilson", ErrCount, int64(MaxBetaTrials)))
}

// upperBeta returns the 1-q quantile of Beta(a, b). Where 1-q is not
// exact in float64 (q below 1e-8, at levels above 1 - 2e-8; at the level
// just below 1, 1-q rounds to 1 and the quantile to 1), it uses the
// mirror 1 - B(q; b, a), whose own rounding is far smaller there.
func upperBeta(a, b, q float64) float64 {
	if q < 1e-8 {
		return 1 - distuv.Beta{Alpha: b, Beta: a}.Quantile(q)
	}
	return distuv.Beta{Alpha: a, Beta: b}.Quantile(1 - q)
}

// wilson returns the Wilson score bounds for x of n at critical value z.
func wilson(x, n, z float64) (lo, hi float64) {
	z2 := z * z
	d := n + z2
	c := (x + z2/2) / d
	h := z / d * math.Sqrt(x*(n-x)/n+z2/4)
	return clip01(c - h), clip01(c + h)
}

func clip01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func checkCounts(fn string, x, n int64) error { return checkCountsNamed(fn, "x", "n", x, n) }

// checkCountsNamed checks x successes of n trials, naming them xName and
// nName in its errors.
func checkCountsNamed(fn, xName, nName string, x, n int64) error {
	switch {
	case n < 0:
		return valueErr(fn, nName, float64(n), ErrCount)
	case n == 0:
		return valueErr(fn, nName, 0, ErrEmpty)
	case x < 0:
		return valueErr(fn, xName, float64(x), ErrCount)
	case x > n:
		return &ValueError{Func: fn, Name: xName, Value: float64(x), Index: -1,
			Err: &countError{n: n}}
	}
	return nil
}

// countError is ErrCount with the bound that was exceeded.
type countError struct{ n int64 }

func (e *countError) Error() string {
	return ErrCount.Error() + ": successes exceed trials n = " + formatInt(e.n)
}
func (e *countError) Unwrap() error { return ErrCount }
