package retention

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// newtonMin minimises -f, where eval(θ, g) returns f(θ) per customer (a
// log-likelihood) and its gradient, from x0 by damped Newton steps: the
// Hessian is the central-difference Jacobian of the analytic gradient,
// shifted by a multiple of the identity until it is positive definite
// (Levenberg), steps are capped at length 2 on the log scale and halved
// until the Armijo condition holds. It returns the minimiser, the minimum
// and whether the gradient vanished: max |g| < 1e-8, or < 1e-6 when a
// step no longer lowers the function in float64 (the gradient's noise
// floor) or 200 iterations are spent.
//
// gonum/optimize would serve, but it pulls in golang.org/x/tools through
// stat/distmv, which go.sum of the module does not list; a Newton method
// also suits likelihoods of four or fewer parameters with a cheap
// analytic gradient better than BFGS.
func newtonMin(eval func(th, g []float64) float64, x0 []float64) ([]float64, float64, bool) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	f := -eval(x, g)
	if !finite(f) {
		return nil, 0, false
	}
	neg(g)
	H, H0 := mat.NewSymDense(n, nil), mat.NewSymDense(n, nil)
	gp, gm := make([]float64, n), make([]float64, n)
	xt := make([]float64, n)
	step := make([]float64, n)
	gt := make([]float64, n)
	var ch mat.Cholesky
	for iter := 0; iter < 200; iter++ {
		if maxAbs(g) < 1e-8 {
			return x, f, true
		}
		hessian(eval, x, H, gp, gm, xt, 1)
		// Levenberg shift until H + λI is positive definite.
		H0.CopySym(H)
		for k, lambda := 0, 0.0; !ch.Factorize(H); k++ {
			if k > 60 {
				return nil, 0, false
			}
			lambda = math.Max(4*lambda, 1e-6*(1+maxDiag(H0)))
			for i := range n {
				H.SetSym(i, i, H0.At(i, i)+lambda)
			}
		}
		sv := mat.NewVecDense(n, step)
		if err := ch.SolveVecTo(sv, mat.NewVecDense(n, g)); err != nil {
			return nil, 0, false
		}
		neg(step)
		if l := norm(step); l > 2 {
			for i := range step {
				step[i] *= 2 / l
			}
		}
		slope := dot(g, step)
		if slope >= 0 { // not a descent direction: fall back to -g
			for i := range step {
				step[i] = -g[i]
			}
			slope = -dot(g, g)
		}
		t, ok := 1.0, false
		for k := 0; k < 40; k++ {
			for i := range xt {
				xt[i] = x[i] + t*step[i]
			}
			ft := -eval(xt, gt)
			if finite(ft) && ft <= f+1e-4*t*slope {
				ok = true
				break
			}
			t /= 2
		}
		if !ok {
			// No decrease is possible in float64: converged if flat enough.
			return x, f, maxAbs(g) < 1e-6
		}
		copy(x, xt)
		fOld := f
		f = -eval(x, g)
		neg(g)
		// No progress at float64 precision: the gradient is at its noise
		// floor (about 1e-8 per customer for thousands of distinct rows).
		if fOld-f <= 1e-15*(1+math.Abs(f)) {
			return x, f, maxAbs(g) < 1e-6
		}
		for _, v := range x {
			if math.Abs(v) > 40 {
				return nil, 0, false
			}
		}
	}
	return x, f, maxAbs(g) < 1e-6
}

// hessian sets H to the symmetrised central-difference Jacobian of the
// gradient of -eval at x, times scale.
func hessian(eval func(th, g []float64) float64, x []float64, H *mat.SymDense, gp, gm, xt []float64, scale float64) {
	const h = 1e-5
	n := len(x)
	J := make([]float64, n*n)
	for j := range n {
		copy(xt, x)
		xt[j] = x[j] + h
		eval(xt, gp)
		xt[j] = x[j] - h
		eval(xt, gm)
		for i := range n {
			J[i*n+j] = -(gp[i] - gm[i]) / (2 * h) * scale
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			H.SetSym(i, j, (J[i*n+j]+J[j*n+i])/2)
		}
	}
}

// covarianceOf returns the inverse of the observed information n·H at x,
// or false when it is not positive definite.
func covarianceOf(eval func(th, g []float64) float64, x []float64, n float64) (*mat.SymDense, bool) {
	k := len(x)
	H := mat.NewSymDense(k, nil)
	hessian(eval, x, H, make([]float64, k), make([]float64, k), make([]float64, k), n)
	var ch mat.Cholesky
	if !ch.Factorize(H) {
		return nil, false
	}
	cov := mat.NewSymDense(k, nil)
	if err := ch.InverseTo(cov); err != nil {
		return nil, false
	}
	for i := range k {
		if v := cov.At(i, i); !(v > 0) || !finite(v) {
			return nil, false
		}
	}
	return cov, true
}

func neg(v []float64) {
	for i := range v {
		v[i] = -v[i]
	}
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	if math.IsNaN(m) {
		return math.Inf(1)
	}
	return m
}

func maxDiag(H *mat.SymDense) float64 {
	m := 0.0
	for i := range H.SymmetricDim() {
		m = math.Max(m, math.Abs(H.At(i, i)))
	}
	return m
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
