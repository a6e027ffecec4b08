package servqual

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestFeldtHugeN: past hugeDF degrees of freedom the F quantiles come from
// the normal approximation of log F, variance 2/d1 + 2/d2. At the switch
// its distance from 1, which sets the interval's half-width, must agree
// with gonum's F quantile's (still accurate there) to 1e-3 relative
// (measured: 7e-5 at k = 22, 1e-5 at k = 2), and the
// interval must stay finite, ordered and shrink towards alpha up to
// n = MaxInt64, where gonum's quantile is NaN.
func TestFeldtHugeN(t *testing.T) {
	const tail = 0.025
	for _, k := range []float64{2, 5, 22} {
		d1 := hugeDF
		d2 := d1 * (k - 1)
		exact := distuv.F{D1: d1, D2: d2}.Quantile(1 - tail)
		approx := fUpper(d1, d2, tail)
		if math.Abs((approx-1)-(exact-1)) > 1e-3*math.Abs(exact-1) {
			t.Errorf("k %v: upper F quantile at %g df: approximation %.15g, gonum %.15g", k, d1, approx, exact)
		}
		exact = distuv.F{D1: d1, D2: d2}.Quantile(tail)
		approx = fLower(d1, d2, tail)
		if math.Abs((approx-1)-(exact-1)) > 1e-3*math.Abs(exact-1) {
			t.Errorf("k %v: lower F quantile at %g df: approximation %.15g, gonum %.15g", k, d1, approx, exact)
		}
	}
	prev := math.Inf(1)
	for _, n := range []int64{1e6, 1e10, 1e12, 1e15, 1e18, math.MaxInt64} {
		ci := feldt(0.8, n, 5, 0.95)
		w := ci.Hi - ci.Lo
		if !(ci.Lo <= 0.8 && 0.8 <= ci.Hi) || math.IsNaN(w) || w > prev {
			t.Errorf("n %d: Feldt interval %+v (width %g after %g)", n, ci, w, prev)
		}
		prev = w
	}
	// A level one ulp below 1: 1 - tail would round to 1; the interval
	// is finite and wide.
	ci := feldt(0.8, 30, 3, math.Nextafter(1, 0))
	if math.IsInf(ci.Lo, 0) || math.IsNaN(ci.Lo) || !(ci.Lo < -1) || !(ci.Hi <= 1) {
		t.Errorf("Feldt interval at level 1-ulp: %+v", ci)
	}
}
