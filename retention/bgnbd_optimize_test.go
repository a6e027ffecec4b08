package retention

import (
	"errors"
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
		if err := s.AddN(Spend{int64(x), 20}, 10); err != nil {
			t.Fatal(err)
		}
	}
	_, err := FitGammaGamma(&s, estimate.Options{})
	t.Log(err)
	wantErr(t, err, ErrFit, "retention.FitGammaGamma")
	var h Histories
	for T := 30.0; T <= 40; T++ {
		if err := h.AddN(History{int64(T), T, T}, 10); err != nil {
			t.Fatal(err)
		}
	}
	_, err = FitBGNBD(&h, estimate.Options{})
	t.Log(err)
	wantErr(t, err, ErrFit, "retention.FitBGNBD")
}

// FuzzFitBGNBD fits the histories coded by data, three bytes a customer
// (x, t_x and T in tenths of a week up to 25.5), and FuzzFitGammaGamma
// the spends coded two bytes a customer (x 1..256, spend 0.5..128): a fit
// never panics, fails only with ErrEmpty or ErrFit, and when it succeeds
// its parameters and SEs are positive and finite, its log-likelihood
// finite.
func FuzzFitBGNBD(f *testing.F) {
	f.Add([]byte{0, 0, 100, 2, 50, 90, 5, 80, 80, 1, 10, 200})
	f.Add([]byte{3, 30, 30, 3, 30, 30})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var h Histories
		for i := 0; i+2 < len(data); i += 3 {
			tx, T := float64(data[i+1])/10, float64(data[i+2])/10
			x := float64(data[i])
			if tx > T {
				tx, T = T, tx
			}
			if x == 0 {
				tx = 0
			}
			_ = h.Add(History{int64(x), tx, T}) // rejects bad rows, e.g. x > 0 with t_x = 0
		}
		m, err := FitBGNBD(&h, estimate.Options{})
		if err != nil {
			if !errorsIsAny(err, ErrEmpty, ErrFit) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, v := range []float64{m.R, m.Alpha, m.A, m.B, m.SE[0], m.SE[1], m.SE[2], m.SE[3]} {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("fit %+v", m)
			}
		}
		// Not ≤ 0: the likelihood holds the density of t_x, above 1 on a
		// short time scale (the corpus entry 446e… has LL = +149).
		if math.IsNaN(m.LogLik) || math.IsInf(m.LogLik, 0) {
			t.Fatalf("log-likelihood %v", m.LogLik)
		}
	})
}

func FuzzFitGammaGamma(f *testing.F) {
	f.Add([]byte{0, 40, 1, 50, 4, 30, 9, 90, 2, 10})
	f.Add([]byte{0, 40, 0, 40})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Spends
		for i := 0; i+1 < len(data); i += 2 {
			if err := s.Add(Spend{int64(data[i]) + 1, float64(data[i+1])/2 + 0.5}); err != nil {
				t.Fatal(err)
			}
		}
		g, err := FitGammaGamma(&s, estimate.Options{})
		if err != nil {
			if !errorsIsAny(err, ErrEmpty, ErrFit) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, v := range []float64{g.P, g.Q, g.Gamma, g.SE[0], g.SE[1], g.SE[2], g.LogLik} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("fit %+v", g)
			}
		}
		if !(g.P > 0 && g.Q > 0 && g.Gamma > 0) {
			t.Fatalf("fit %+v", g)
		}
	})
}

func errorsIsAny(err error, targets ...error) bool {
	for _, e := range targets {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
