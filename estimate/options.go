package estimate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultLevel is the confidence level used when [Options.Level] is zero.
const DefaultLevel = 0.95

// A Method names how an interval was computed. It is a string so that
// packages can name methods of their own (nps offers adjusted-Wald
// intervals); the constants below are the ones this package computes.
type Method string

// Interval methods computed by this package.
const (
	// Wilson is the Wilson (1927) score interval for a proportion, the
	// default of [Proportion].
	Wilson Method = "wilson"
	// AgrestiCoull is the Agresti-Coull (1998) "add z²/2 successes and
	// failures" interval for a proportion.
	AgrestiCoull Method = "agresti-coull"
	// ClopperPearson is the Clopper-Pearson (1934) exact interval for a
	// proportion, from beta quantiles.
	ClopperPearson Method = "clopper-pearson"
	// Jeffreys is the equal-tailed Bayesian interval for a proportion under
	// the Jeffreys prior Beta(1/2, 1/2) (Brown, Cai and DasGupta 2001).
	Jeffreys Method = "jeffreys"
	// Wald is the textbook normal approximation p ± z·sqrt(p(1-p)/n).
	// Its coverage is poor for small n or p near 0 or 1; it is offered for
	// comparison only.
	Wald Method = "wald"
	// StudentT is the Student-t interval for a mean (df = n-1).
	StudentT Method = "t"
	// Welch is the Welch (1947) t interval for a difference of two means
	// with unequal variances.
	Welch Method = "welch"
	// Newcombe is Newcombe's (1998) hybrid score interval for a
	// difference of two proportions (his method 10), built from the two
	// Wilson intervals. It is the default of [DiffProportions].
	Newcombe Method = "newcombe"
)

// An Interval is a two-sided confidence interval: Lo <= Hi, in the units of
// the estimate it belongs to, at confidence Level (a fraction, 0.95),
// computed by Method.
//
// The intervals of this package have finite ends. An end can be infinite
// elsewhere: a model parameter fitted at the edge of its space (a
// Gamma-Gamma p that grows without bound, in retention) has a WaldLog
// interval whose Hi is +Inf, meaning that the data bound it from below
// only. In JSON (see [Interval.MarshalJSON]) such an end is a string.
type Interval struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Level  float64 `json:"level"`
	Method Method  `json:"method"`
}

// Contains reports whether Lo <= x <= Hi. A NaN x, or an interval with a
// NaN end, contains nothing.
func (iv Interval) Contains(x float64) bool { return iv.Lo <= x && x <= iv.Hi }

// Width returns Hi - Lo: +Inf for an interval with an infinite end, or
// one wider than MaxFloat64.
func (iv Interval) Width() float64 { return iv.Hi - iv.Lo }

// Scale returns the interval with both ends multiplied by k, for turning
// a share into a percentage (k = 100) or points; Level and Method are
// kept, iv is not modified.
//
// k must be a finite number > 0 (a negative k would swap the ends, a
// zero one erase the interval): otherwise Scale returns ErrFactor. Ends
// that are not finite, before or after scaling (1e300 times 1e10),
// return ErrNotFinite. Either error comes with the zero Interval.
func (iv Interval) Scale(k float64) (Interval, error) {
	const fn = "estimate.Interval.Scale"
	if !(k > 0) || math.IsInf(k, 1) {
		return Interval{}, valueErr(fn, "factor", k, ErrFactor)
	}
	lo, hi := iv.Lo*k, iv.Hi*k
	for _, v := range [...]struct {
		name string
		v    float64
	}{{"lo", iv.Lo}, {"hi", iv.Hi}, {"scaled lo", lo}, {"scaled hi", hi}} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			return Interval{}, valueErr(fn, v.name, v.v, ErrNotFinite)
		}
	}
	iv.Lo, iv.Hi = lo, hi
	return iv, nil
}

// Options says how to compute an interval. The zero value asks for a 95 %
// interval by the function's default method.
type Options struct {
	// Level is the confidence level, a fraction in (0, 1). Zero means
	// DefaultLevel (0.95); anything else outside (0, 1) is ErrLevel.
	Level float64 `json:"level,omitempty"`
	// Method is the interval method. Empty means the default of the
	// function it is passed to; a method the function does not offer is
	// ErrMethod.
	Method Method `json:"method,omitempty"`
}

// ConfidenceLevel returns Level, or DefaultLevel when Level is zero. A level
// outside (0, 1), NaN included, returns ErrLevel, naming
// "estimate.Options.ConfidenceLevel". Functions that take Options use
// [Options.Resolve], which also checks the method and names the caller;
// ConfidenceLevel serves code that needs the level alone.
func (o Options) ConfidenceLevel() (float64, error) {
	switch {
	case o.Level == 0:
		return DefaultLevel, nil
	case o.Level > 0 && o.Level < 1:
		return o.Level, nil
	}
	return 0, valueErr("estimate.Options.ConfidenceLevel", "level", o.Level, ErrLevel)
}

// Resolve is the one place where a function reads its Options: it returns
// the confidence level (DefaultLevel when Level is zero) and the method
// (def when Method is empty). A level outside (0, 1) returns ErrLevel, and
// a method that is neither def nor one of offered returns ErrMethod, each
// as a [*ValueError] whose Func is fn, so the error names the function the
// caller called:
//
//	level, m, err := o.Resolve("nps.Tally.Result", nps.TangoScore, nps.AdjustedWald, estimate.Wald)
//
// Every package of servq resolves its Options through Resolve.
func (o Options) Resolve(fn string, def Method, offered ...Method) (level float64, m Method, err error) {
	level, err = o.ConfidenceLevel()
	if err != nil {
		err.(*ValueError).Func = fn
		return 0, "", err
	}
	m = o.method(def)
	if m == def {
		return level, m, nil
	}
	for _, x := range offered {
		if m == x {
			return level, m, nil
		}
	}
	return 0, "", methodErr(fn, m)
}

func (o Options) method(def Method) Method {
	if o.Method == "" {
		return def
	}
	return o.Method
}

// Z returns the two-sided standard normal critical value for a confidence
// level: the z with P(|Z| <= z) = level, that is
//
//	z = -Φ⁻¹((1-level)/2) = Φ⁻¹(1 - (1-level)/2)
//
// so Z(0.95) = 1.959964 and Z(0.90) = 1.644854. It is exact to machine
// precision at any level (gonum's normal quantile, AS 241), never a table.
// It is computed from the lower tail, where (1-level)/2 is exact, so that
// levels a hair below 1 give a finite z (at most about 8.29, at the level
// just below 1) instead of the +Inf of Φ⁻¹(1). A level outside (0, 1)
// returns ErrLevel; a zero level is not defaulted here.
func Z(level float64) (float64, error) {
	if !(level > 0 && level < 1) {
		return 0, valueErr("estimate.Z", "level", level, ErrLevel)
	}
	return zOf(level), nil
}

// zOf is Z for a level known to be in (0, 1).
func zOf(level float64) float64 {
	// Abs turns the -0 of Φ⁻¹(1/2), at levels below about 1e-16, into +0.
	return math.Abs(distuv.UnitNormal.Quantile((1 - level) / 2))
}

// T returns the two-sided Student-t critical value with df degrees of
// freedom: the t with P(|T| <= t) = level, t = -F⁻¹((1-level)/2; df), so
// T(0.95, 10) = 2.228139. df may be fractional (Welch).
//
// Below df = 1e4 it is gonum's t quantile at the lower tail, refined by
// Newton steps on gonum's CDF until that CDF gives back (1-level)/2 (gonum's
// quantile alone drifts in the far tail: 25.8 instead of 8.31 at df = 1e4
// and the level just below 1); levels below 1/2, where t is small, invert
// the central probability I_y(1/2, df/2) instead (below df = 1, while
// t² < 1000 df). From df = 1e4 it is the
// Cornish-Fisher expansion around z = [Z](level) to 1/df⁴ (Abramowitz and
// Stegun 26.7.5), exact to double precision there and tending to z as df
// grows (gonum's quantile gives 105 at df = 1e20). Below df = 1, which no
// mean or Welch interval has, the accuracy is that of gonum's incomplete
// beta. The evidence is in METHODS.md.
//
// A level outside (0, 1) returns ErrLevel; df that is not a finite number
// > 0 returns ErrCount; df so small that t is not a finite float64 (below
// about 0.005 at level 0.95, and any df below 1e-300) returns ErrNotFinite.
func T(level, df float64) (float64, error) {
	const fn = "estimate.T"
	if !(level > 0 && level < 1) {
		return 0, valueErr(fn, "level", level, ErrLevel)
	}
	if !(df > 0) || math.IsInf(df, 1) {
		return 0, valueErr(fn, "df", df, ErrCount)
	}
	t := tOf(level, df)
	if math.IsInf(t, 0) || math.IsNaN(t) {
		return 0, valueErr(fn, "df", df, errTOverflow)
	}
	return t, nil
}

var errTOverflow = fmt.Errorf("%w: the t quantile overflows float64 at so few degrees of freedom", ErrNotFinite)

// tExpansionDF is the df from which T uses the Cornish-Fisher expansion:
// its first omitted term, of order z¹¹/df⁵, is below 1e-16·z there for
// every z that Z can return (z <= 8.3).
const tExpansionDF = 1e4

// tOf is T for valid arguments; it may return +Inf or NaN for tiny df.
func tOf(level, df float64) float64 {
	p := (1 - level) / 2 // the lower tail, exact for level >= 1/2
	if df >= tExpansionDF {
		z := zOf(level)
		z2 := z * z
		v := 1 / df
		// Abramowitz and Stegun 26.7.5: t = z + g1/ν + g2/ν² + g3/ν³ + g4/ν⁴.
		g1 := (z2 + 1) * z / 4
		g2 := ((5*z2+16)*z2 + 3) * z / 96
		g3 := (((3*z2+19)*z2+17)*z2 - 15) * z / 384
		g4 := ((((79*z2+776)*z2+1482)*z2-1920)*z2 - 945) * z / 92160
		return z + v*(g1+v*(g2+v*(g3+v*g4)))
	}
	if df < 1e-300 {
		return math.Inf(1) // gonum panics or returns NaN; t is beyond float64
	}
	if level < 0.5 {
		// Below df = 1 the inverse incomplete beta keeps its digits while
		// y = t²/(df+t²) stays away from 1; beyond, t is large and the
		// tail below has the level's digits.
		if t := tCentral(level, df); df >= 1 || t*t < 1e3*df {
			return t
		}
	}
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	t := -dist.Quantile(p)
	if math.IsInf(t, 0) || math.IsNaN(t) || t == 0 {
		return math.Abs(t)
	}
	// Newton on log F(-t) = log p, whose derivative in t is -f(t)/F(-t).
	lp := math.Log(p)
	best, bestErr := t, math.Abs(dist.CDF(-t)/p-1)
	for i := 0; i < 60 && bestErr > 1e-14; i++ {
		s := dist.CDF(-t)
		f := dist.Prob(t)
		if !(s > 0) || !(f > 0) {
			break
		}
		next := t + (math.Log(s)-lp)*s/f
		if !(next > 0) || math.IsInf(next, 0) {
			next = t / 2 // overshoot past zero: halve instead
		}
		t = next
		if e := math.Abs(dist.CDF(-t)/p - 1); e < bestErr {
			best, bestErr = t, e
		}
	}
	return best
}

// tCentral is tOf for levels below 1/2, where t is small and the tail
// (1-level)/2 is close to 1/2, so that a quantile from the tail loses
// most of its digits (gonum's gives t to about 1e-5 at level 2e-6). It
// inverts the central probability instead,
//
//	P(|T| <= t) = I_y(1/2, df/2),  y = t²/(df + t²)
//
// (the regularised incomplete beta), so t = sqrt(df·y/(1-y)), refined by
// Newton steps on I_y, whose derivative in t is 2f(t).
func tCentral(level, df float64) float64 {
	y := mathext.InvRegIncBeta(0.5, df/2, level)
	t := math.Sqrt(df * y / (1 - y))
	if !(t > 0) || math.IsInf(t, 0) {
		return t
	}
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	central := func(t float64) float64 { return mathext.RegIncBeta(0.5, df/2, t*t/(df+t*t)) }
	bestErr := math.Abs(central(t) - level)
	for i := 0; i < 30; i++ {
		f := dist.Prob(t)
		if !(f > 0) {
			break
		}
		next := t - (central(t)-level)/(2*f)
		e := math.Abs(central(next) - level)
		if !(next > 0) || !(e < bestErr) {
			break
		}
		t, bestErr = next, e
	}
	return t
}

// resolveZ resolves o for fn by [Options.Resolve] and returns the level,
// its z and the method.
func resolveZ(fn string, o Options, def Method, offered ...Method) (level, z float64, m Method, err error) {
	level, m, err = o.Resolve(fn, def, offered...)
	if err != nil {
		return 0, 0, "", err
	}
	return level, zOf(level), m, nil
}

// twoSidedNormalP returns the two-sided p-value of a standard normal
// statistic, 2·Φ(-|z|) = erfc(|z|/√2), from the complementary error
// function so that small p-values keep their precision (gonum's
// Normal.Survival is 1 - Φ, which cannot go below 1.1e-16).
func twoSidedNormalP(z float64) float64 {
	return math.Min(1, math.Erfc(math.Abs(z)/math.Sqrt2))
}

// twoSidedTP returns the two-sided p-value of a Student-t statistic with
// df degrees of freedom. Below 1e6 degrees of freedom it is gonum's
// survival function; from there on, where gonum's incomplete beta loses
// its precision (it gives 0.9 for P(T > 1.96) at df = 1e15), it is the
// normal tail at z = t(1 - 1/(4df))/sqrt(1 + t²/(2df)) (Abramowitz and
// Stegun 26.7.8), whose relative error is of order t⁴/df², below 1e-8.
func twoSidedTP(t, df float64) float64 {
	t = math.Abs(t)
	if df >= 1e6 {
		return twoSidedNormalP(t * (1 - 1/(4*df)) / math.Sqrt(1+t*t/(2*df)))
	}
	return math.Min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(t))
}
