package retention

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// minimizeLL finds the maximum of a concave quadratic log-likelihood,
// f(θ) = -Σ_i (i+1)(θ_i - c_i)²/2, at θ = c with f = 0 (by hand: the
// gradient -(i+1)(θ_i - c_i) vanishes only there), and reports failure
// where f is nowhere finite or grows without bound.
func TestMinimizeLL(t *testing.T) {
	c := []float64{1.5, -2, 0.25}
	quad := func(th, g []float64) float64 {
		f := 0.0
		for i := range th {
			d := th[i] - c[i]
			f -= float64(i+1) * d * d / 2
			if g != nil {
				g[i] = -float64(i+1) * d
			}
		}
		return f
	}
	x, f, ok := minimizeLL(quad, []float64{0, 0, 0})
	if !ok || math.Abs(f) > 1e-12 {
		t.Fatalf("quadratic: %v, %v, %v", x, f, ok)
	}
	for i := range c {
		checkNear(t, "argmax", x[i], c[i], 1e-6)
	}
	nan := func(th, g []float64) float64 {
		for i := range g {
			g[i] = math.NaN()
		}
		return math.NaN()
	}
	if _, _, ok := minimizeLL(nan, []float64{0, 0}); ok {
		t.Error("a likelihood that is nowhere finite converged")
	}
	// f = θ_0 + θ_1 has no maximum: the search runs off past |θ| = 40.
	up := func(th, g []float64) float64 {
		if g != nil {
			g[0], g[1] = 1, 1
		}
		return th[0] + th[1]
	}
	if _, _, ok := minimizeLL(up, []float64{0, 0}); ok {
		t.Error("an unbounded likelihood converged")
	}
}

// Bases the models cannot fit give ErrFit, not a panic or a number:
// every repeat buyer spending exactly the same (Gamma-Gamma's ν
// variance 0, q → ∞), and a base where everyone buys at a constant pace
// to the end (BG/NBD: no sign of dropout, a/b not identified).
func TestFitDegenerate(t *testing.T) {
	var s Spends
	for x := 1.0; x <= 5; x++ {
		if err := s.AddN(x, 20, 10); err != nil {
			t.Fatal(err)
		}
	}
	_, err := FitGammaGamma(&s, estimate.Options{})
	t.Log(err)
	wantErr(t, err, ErrFit, "retention.FitGammaGamma")
	var h Histories
	for T := 30.0; T <= 40; T++ {
		if err := h.AddN(T, T, T, 10); err != nil {
			t.Fatal(err)
		}
	}
	_, err = FitBGNBD(&h, estimate.Options{})
	t.Log(err)
	wantErr(t, err, ErrFit, "retention.FitBGNBD")
}
