package retention

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/servq/servq/estimate"
)

// WaldLog names the interval of a positive model parameter from the
// observed information on the log scale: exp(log θ ± z·SE(log θ)).
const WaldLog estimate.Method = "wald-log"

// An SBG is a shifted-beta-geometric model of contractual retention
// (Fader and Hardie 2007, "How to project customer retention"): each
// customer churns at the end of each period with a constant probability
// θ, and θ varies over customers as Beta(Alpha, Beta). So that
//
//	P(T = t) = B(α+1, β+t-1)/B(α, β)
//	S(t)     = B(α, β+t)/B(α, β)          (survival after t periods)
//	r_t      = S(t)/S(t-1) = (β+t-1)/(α+β+t-1)
//
// and retention rates rise with tenure as the customers most likely to
// churn leave first. [FitSBG] estimates it; its methods project it.
type SBG struct {
	// Alpha and Beta are the parameters of the beta distribution of churn
	// probabilities, with their intervals.
	Alpha   float64           `json:"alpha"`
	Beta    float64           `json:"beta"`
	AlphaCI estimate.Interval `json:"alpha_ci"`
	BetaCI  estimate.Interval `json:"beta_ci"`
	// LogLik is the log-likelihood at the estimates, N the number of
	// customers of the cohorts at period 0, Periods the longest number of
	// periods observed.
	LogLik  float64 `json:"log_lik"`
	N       int64   `json:"n"`
	Periods int     `json:"periods"`
}

// FitSBG fits a shifted-beta-geometric model by maximum likelihood to one
// cohort's survivors: survivors[0] customers at the start, survivors[t]
// still customers after t periods. The log-likelihood of Fader and Hardie
// (2007, appendix) is
//
//	LL(α, β) = Σ_{t=1..T} (n_{t-1} - n_t)·ln P(T = t) + n_T·ln S(T)
//
// maximised over log α and log β (damped Newton steps on gonum/diff/fd derivatives),
// with WaldLog intervals at o.Level from the numerical Hessian. Fewer
// than two periods, survivors[0] = 0, a negative count or a count above
// the one before returns ErrSurvivors; a cohort where nobody churned, or
// everybody churned in the first period, returns ErrFit; a bad level
// ErrLevel; a method other than WaldLog ErrMethod.
func FitSBG(survivors []int64, o estimate.Options) (SBG, error) {
	return fitSBG("retention.FitSBG", [][]int64{survivors}, o)
}

// FitSBGCohorts fits one shifted-beta-geometric model to several cohorts
// observed for different numbers of periods (cohorts[i] as survivors of
// [FitSBG]), summing their log-likelihoods; errors name the cohort's
// index. Fader and Hardie's multi-cohort setting.
func FitSBGCohorts(cohorts [][]int64, o estimate.Options) (SBG, error) {
	return fitSBG("retention.FitSBGCohorts", cohorts, o)
}

func fitSBG(fn string, cohorts [][]int64, o estimate.Options) (SBG, error) {
	level, _, err := o.Resolve(fn, WaldLog)
	if err != nil {
		return SBG{}, err
	}
	if len(cohorts) == 0 {
		return SBG{}, valueErr(fn, "cohorts", 0, ErrEmpty)
	}
	var n0, churned, kept int64
	periods := 0
	for i, c := range cohorts {
		if len(c) < 2 {
			return SBG{}, indexErr(fn, "periods", float64(len(c)), i, wrapf(ErrSurvivors, "need a start and at least one period"))
		}
		if c[0] <= 0 {
			return SBG{}, indexErr(fn, "survivors[0]", float64(c[0]), i, ErrSurvivors)
		}
		for t := 1; t < len(c); t++ {
			if c[t] < 0 || c[t] > c[t-1] {
				return SBG{}, indexErr(fn, "survivors", float64(c[t]), i, wrapf(ErrSurvivors, "period %d: not between 0 and the count before", t))
			}
		}
		if math.MaxInt64-n0 < c[0] {
			return SBG{}, indexErr(fn, "survivors[0]", float64(c[0]), i, ErrOverflow)
		}
		n0 += c[0]
		churned += c[0] - c[len(c)-1]
		kept += c[len(c)-1]
		periods = max(periods, len(c)-1)
	}
	if churned == 0 {
		return SBG{}, valueErr(fn, "churned", 0, wrapf(ErrFit, "nobody churned"))
	}
	allFirst := true
	for _, c := range cohorts {
		if c[1] != 0 {
			allFirst = false
		}
	}
	if allFirst {
		return SBG{}, valueErr(fn, "survivors[1]", 0, wrapf(ErrFit, "everybody churned in the first period"))
	}
	// Minimise -LL/n0 over θ = (log α, log β); the scale keeps the
	// optimiser's tolerances independent of the cohort size.
	scale := 1 / float64(n0)
	f := func(x []float64) float64 {
		ll := sbgLogLik(math.Exp(x[0]), math.Exp(x[1]), cohorts)
		if math.IsNaN(ll) || math.IsInf(ll, 0) {
			return math.Inf(1)
		}
		return -ll * scale
	}
	x, ok := minimize2(f, [2]float64{0, 0})
	if !ok {
		return SBG{}, valueErr(fn, "likelihood", f(x[:]), wrapf(ErrFit, "the optimiser did not converge"))
	}
	if math.Abs(x[0]) > 25 || math.Abs(x[1]) > 25 {
		return SBG{}, valueErr(fn, "log alpha", x[0], wrapf(ErrFit, "estimates run off to 0 or infinity"))
	}
	m := SBG{Alpha: math.Exp(x[0]), Beta: math.Exp(x[1]), N: n0, Periods: periods}
	m.LogLik = sbgLogLik(m.Alpha, m.Beta, cohorts)
	// Observed information on the log scale, from the unscaled -LL.
	h := mat.NewSymDense(2, nil)
	fd.Hessian(h, func(x []float64) float64 { return -sbgLogLik(math.Exp(x[0]), math.Exp(x[1]), cohorts) }, x[:], nil)
	var cov mat.Dense
	z, _ := estimate.Z(level)
	m.AlphaCI = estimate.Interval{Lo: m.Alpha, Hi: m.Alpha, Level: level, Method: WaldLog}
	m.BetaCI = estimate.Interval{Lo: m.Beta, Hi: m.Beta, Level: level, Method: WaldLog}
	if err := cov.Inverse(h); err == nil {
		if va, vb := cov.At(0, 0), cov.At(1, 1); va >= 0 && vb >= 0 && !math.IsInf(va, 0) && !math.IsInf(vb, 0) {
			sa, sb := math.Sqrt(va), math.Sqrt(vb)
			m.AlphaCI.Lo, m.AlphaCI.Hi = m.Alpha*math.Exp(-z*sa), m.Alpha*math.Exp(z*sa)
			m.BetaCI.Lo, m.BetaCI.Hi = m.Beta*math.Exp(-z*sb), m.Beta*math.Exp(z*sb)
		}
	}
	if !finite(m.AlphaCI.Hi) || !finite(m.BetaCI.Hi) || !finite(m.LogLik) {
		return SBG{}, valueErr(fn, "log alpha", x[0], wrapf(ErrFit, "the likelihood is flat"))
	}
	return m, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sbgLogLik returns the log-likelihood of the cohorts, computing P(T = t)
// and S(t) by the recursions P(1) = α/(α+β), P(t) = P(t-1)·(β+t-2)/(α+β+t-1),
// S(t) = S(t-1) - P(t).
func sbgLogLik(a, b float64, cohorts [][]int64) float64 {
	ll := 0.0
	for _, c := range cohorts {
		p := a / (a + b)
		s := 1 - p
		for t := 1; t < len(c); t++ {
			if t > 1 {
				p *= (b + float64(t) - 2) / (a + b + float64(t) - 1)
				s -= p
			}
			if lost := c[t-1] - c[t]; lost > 0 {
				ll += float64(lost) * math.Log(p)
			}
		}
		if k := c[len(c)-1]; k > 0 {
			ll += float64(k) * math.Log(s)
		}
	}
	return ll
}

// Survival returns S(t), the share of a new cohort still customers after
// t periods, by the product of the retention rates; S(0) = 1 and t < 0
// returns 1.
func (m SBG) Survival(t int) float64 {
	s := 1.0
	for i := 1; i <= t; i++ {
		s *= m.Retention(i)
	}
	return s
}

// Retention returns r_t = (β+t-1)/(α+β+t-1), the share of the customers
// of period t-1 who renew for period t (t >= 1), Fader and Hardie's
// equation (8); t < 1 returns r_1.
func (m SBG) Retention(t int) float64 {
	t = max(t, 1)
	return (m.Beta + float64(t) - 1) / (m.Alpha + m.Beta + float64(t) - 1)
}

// Project returns S(0), S(1), ..., S(periods): the projected survival
// curve of a new cohort. A negative periods returns just S(0).
func (m SBG) Project(periods int) []float64 {
	out := make([]float64, max(periods, 0)+1)
	out[0] = 1
	for t := 1; t < len(out); t++ {
		out[t] = out[t-1] * m.Retention(t)
	}
	return out
}

// DERL returns the discounted expected residual lifetime, in periods, of a
// customer who has renewed n times, at discount rate d per period (Fader
// and Hardie 2010, "Customer-base valuation in a contractual setting: the
// perils of ignoring heterogeneity", equation 6):
//
//	DERL(d | n) = Σ_{t>n} S(t)/S(n) / (1+d)^(t-n-1)
//	            = (β+n)/(α+β+n) · 2F1(1, β+n+1; α+β+n+1; 1/(1+d))
//
// the expected number of future payments, the next one undiscounted; times
// a margin per period it is the customer's residual value. It sums the
// series to full precision. d must be finite and > 0 (ErrProbability) and
// n >= 0 (ErrCount).
func (m SBG) DERL(d float64, n int) (float64, error) {
	const fn = "retention.SBG.DERL"
	if !(d > 0) || math.IsInf(d, 0) {
		return 0, valueErr(fn, "d", d, ErrProbability)
	}
	if n < 0 {
		return 0, valueErr(fn, "n", float64(n), ErrCount)
	}
	if !(m.Alpha > 0 && m.Beta > 0) || !finite(m.Alpha) || !finite(m.Beta) {
		return 0, valueErr(fn, "alpha", m.Alpha, ErrFit)
	}
	x := 1 / (1 + d)
	sum, term := 0.0, 1.0
	for t := n + 1; ; t++ {
		term *= m.Retention(t)
		sum += term
		// The terms fall at least geometrically by x·r_t < x.
		if term < 1e-17*sum || term == 0 || t-n > 1e8 {
			break
		}
		term *= x
	}
	return sum, nil
}

// minimize2 minimises a smooth function of two variables from x by damped
// Newton steps, with central-difference derivatives (gonum/diff/fd) and a
// backtracking line search that falls back to steepest descent where the
// Hessian is not positive definite. It reports whether the gradient
// vanished (|g| < 1e-9). gonum/optimize would serve, but it pulls in
// golang.org/x/tools through stat/distmv, which the module does not
// require.
func minimize2(f func([]float64) float64, x [2]float64) ([2]float64, bool) {
	g := make([]float64, 2)
	h := mat.NewSymDense(2, nil)
	fx := f(x[:])
	for iter := 0; iter < 200; iter++ {
		fd.Gradient(g, f, x[:], &fd.Settings{Formula: fd.Central})
		if math.Hypot(g[0], g[1]) < 1e-9 {
			return x, true
		}
		fd.Hessian(h, f, x[:], nil)
		a, b, c := h.At(0, 0), h.At(0, 1), h.At(1, 1)
		det := a*c - b*b
		var step [2]float64
		if a > 0 && det > 0 {
			step = [2]float64{-(c*g[0] - b*g[1]) / det, -(a*g[1] - b*g[0]) / det}
		} else {
			step = [2]float64{-g[0], -g[1]}
		}
		// At most a step of 2 on the log scale.
		if n := math.Hypot(step[0], step[1]); n > 2 {
			step[0], step[1] = step[0]*2/n, step[1]*2/n
		}
		moved := false
		for t := 1.0; t > 1e-10; t /= 2 {
			y := [2]float64{x[0] + t*step[0], x[1] + t*step[1]}
			if fy := f(y[:]); fy < fx || (fy == fx && t == 1) {
				x, fx, moved = y, fy, true
				break
			}
		}
		if !moved {
			// No decrease along the step: at the minimum to rounding.
			return x, math.Hypot(g[0], g[1]) < 1e-6
		}
	}
	return x, false
}
