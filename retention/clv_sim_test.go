package retention

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/servq/servq/estimate"
)

// simBase is a CDNOW-like base simulated in the test, for the tests that
// need realistic data but no published value: 2,357 customers drawn from
// the BG/NBD with FHL's CDNOW parameters (r = 0.243, α = 4.414,
// a = 0.793, b = 2.426, weeks), ages spread over 27..39 weeks as CDNOW's
// cohort of the first quarter, purchase times rounded up to whole days,
// and for repeat buyers a mean spend drawn from the Gamma-Gamma with
// FHL's spend parameters (p = 6.25, q = 3.74, γ = 15.44). Fixed seed, so
// every run sees the same base.
func simBase(t testing.TB) []cdnowRow {
	t.Helper()
	src := rand.NewPCG(14, 2357)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: 0.243, Beta: 4.414, Src: src}
	pd := distuv.Beta{Alpha: 0.793, Beta: 2.426, Src: src}
	nu := distuv.Gamma{Alpha: 3.74, Beta: 15.44, Src: src}
	rows := make([]cdnowRow, 0, 2357)
	for range 2357 {
		T := 27 + float64(rng.IntN(12*7+1))/7
		l, p := lam.Rand(), pd.Rand()
		x, tx, at := 0, 0.0, 0.0
		for {
			at = math.Ceil((at+rng.ExpFloat64()/l)*7) / 7
			if at > T {
				break
			}
			x, tx = x+1, at
			if rng.Float64() < p {
				break
			}
		}
		z := 0.0
		if x > 0 {
			z = distuv.Gamma{Alpha: 6.25 * float64(x), Beta: float64(x) * nu.Rand(), Src: src}.Rand()
		}
		rows = append(rows, cdnowRow{int64(x), tx, T, z})
	}
	return rows
}

// simHistories and simSpends are [simBase] as the models' inputs.
func simHistories(t testing.TB) *Histories {
	t.Helper()
	var h Histories
	for i, r := range simBase(t) {
		if err := h.Add(History{int64(r.x), r.tx, r.T}); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	return &h
}

func simSpends(t testing.TB) *Spends {
	t.Helper()
	var s Spends
	for i, r := range simBase(t) {
		if r.x == 0 {
			continue
		}
		if err := s.Add(Spend{int64(r.x), r.zbar}); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	return &s
}

// The simulated base is usable: both fits converge near the parameters it
// was drawn from (within 5 standard errors; a loose check that the
// generator follows the models, so the tests using it see realistic data).
func TestSimBase(t *testing.T) {
	m, err := FitBGNBD(simHistories(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BG/NBD %+v", m)
	for _, c := range []struct {
		name           string
		got, se, truth float64
	}{{"r", m.R, m.SE[0], 0.243}, {"alpha", m.Alpha, m.SE[1], 4.414}, {"a", m.A, m.SE[2], 0.793}, {"b", m.B, m.SE[3], 2.426}} {
		if math.Abs(c.got-c.truth) > 5*c.se {
			t.Errorf("BG/NBD %s = %v ± %v, drawn from %v", c.name, c.got, c.se, c.truth)
		}
	}
	g, err := FitGammaGamma(simSpends(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Gamma-Gamma %+v", g)
	for _, c := range []struct {
		name           string
		got, se, truth float64
	}{{"p", g.P, g.SE[0], 6.25}, {"q", g.Q, g.SE[1], 3.74}, {"gamma", g.Gamma, g.SE[2], 15.44}} {
		if math.Abs(c.got-c.truth) > 5*c.se {
			t.Errorf("Gamma-Gamma %s = %v ± %v, drawn from %v", c.name, c.got, c.se, c.truth)
		}
	}
}
