package retention

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// minimizeLL minimises -f from x0 with gonum/optimize's BFGS, where
// eval(θ, g) returns f(θ), a log-likelihood per customer over log
// parameters, and sets g to its analytic gradient. Where f is not finite
// (parameters run far out of range) the objective is +Inf, so the line
// search steps back. BFGS stops at max |g| < 1e-8 per customer, or
// when two iterations no longer lower the function in float64, or when
// its line search fails at the gradient's noise floor (about 1e-8 per
// customer for thousands of distinct rows; a tighter threshold costs
// three times the evaluations on CDNOW for no change in the 10th digit of
// the log-likelihood). It returns the minimiser, the minimum and whether
// the gradient vanished there: max |g| < 1e-6.
func minimizeLL(eval func(th, g []float64) float64, x0 []float64) ([]float64, float64, bool) {
	far := func(x []float64) bool {
		for _, v := range x {
			if math.Abs(v) > 40 {
				return true
			}
		}
		return false
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 {
			if far(x) {
				return math.Inf(1)
			}
			f := eval(x, nil)
			if !finite(f) {
				return math.Inf(1)
			}
			return -f
		},
		Grad: func(g, x []float64) {
			if far(x) {
				for i := range g {
					g[i] = math.NaN()
				}
				return
			}
			eval(x, g)
			neg(g)
		},
	}
	s := &optimize.Settings{
		GradientThreshold: 1e-8,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-14, Relative: 1e-14, Iterations: 2},
		MajorIterations:   500,
	}
	res, err := optimize.Minimize(p, x0, s, &optimize.BFGS{})
	if res == nil || (err != nil && !errors.Is(err, optimize.ErrLinesearcherFailure) && !errors.Is(err, optimize.ErrNoProgress)) {
		return nil, 0, false
	}
	x := res.X
	if far(x) || !finite(res.F) {
		return nil, 0, false
	}
	g := make([]float64, len(x))
	f := eval(x, g)
	return x, -f, finite(f) && maxAbs(g) < 1e-6
}
