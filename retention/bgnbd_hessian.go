package retention

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

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
