package estimate

import (
	"math"

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
type Interval struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Level  float64 `json:"level"`
	Method Method  `json:"method"`
}

// Contains reports whether Lo <= x <= Hi.
func (iv Interval) Contains(x float64) bool { return iv.Lo <= x && x <= iv.Hi }

// Width returns Hi - Lo.
func (iv Interval) Width() float64 { return iv.Hi - iv.Lo }

// Scale returns the interval with both ends multiplied by k (k > 0), for
// turning a share into a percentage or points.
func (iv Interval) Scale(k float64) Interval {
	iv.Lo *= k
	iv.Hi *= k
	return iv
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
// outside (0, 1), NaN included, returns ErrLevel.
func (o Options) ConfidenceLevel() (float64, error) {
	switch {
	case o.Level == 0:
		return DefaultLevel, nil
	case o.Level > 0 && o.Level < 1:
		return o.Level, nil
	}
	return 0, valueErr("estimate.Options", "level", o.Level, ErrLevel)
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
//	z = Φ⁻¹(1 - (1-level)/2)
//
// so Z(0.95) = 1.959964 and Z(0.90) = 1.644854. It is exact to machine
// precision at any level (gonum's normal quantile), never a table. A level
// outside (0, 1) returns ErrLevel; a zero level is not defaulted here.
func Z(level float64) (float64, error) {
	if !(level > 0 && level < 1) {
		return 0, valueErr("estimate.Z", "level", level, ErrLevel)
	}
	return distuv.UnitNormal.Quantile(1 - (1-level)/2), nil
}

// T returns the two-sided Student-t critical value with df degrees of
// freedom: the t with P(|T| <= t) = level, so T(0.95, 10) = 2.228139.
// df may be fractional (Welch). A level outside (0, 1) returns ErrLevel;
// df that is not a finite number > 0 returns ErrCount.
func T(level, df float64) (float64, error) {
	if !(level > 0 && level < 1) {
		return 0, valueErr("estimate.T", "level", level, ErrLevel)
	}
	if !(df > 0) || math.IsInf(df, 1) {
		return 0, valueErr("estimate.T", "df", df, ErrCount)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-level)/2), nil
}

func zFor(fn string, o Options) (level, z float64, err error) {
	level, err = o.ConfidenceLevel()
	if err != nil {
		err.(*ValueError).Func = fn
		return 0, 0, err
	}
	z, _ = Z(level)
	return level, z, nil
}

// twoSidedNormalP returns the two-sided p-value of a standard normal
// statistic, computed from the survival function so that small p-values keep
// their precision.
func twoSidedNormalP(z float64) float64 {
	return math.Min(1, 2*distuv.UnitNormal.Survival(math.Abs(z)))
}
