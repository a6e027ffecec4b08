//go:build long

package nps

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/servq/servq/estimate"
)

// The full coverage sweeps: every n from 30 to 200, three levels, three
// methods, and a simulation. They take about a minute of CPU, so they
// build only with the tag long (go test -tags long ./nps); COVERAGE.md
// holds their figures. Each asserts bounds (the documented worst case),
// never formatted figures, so that an improvement does not fail it.

// coverageNs returns the sample sizes of the sweep: every n from 30 to 200.
func coverageNs() []int {
	var ns []int
	for n := 30; n <= 200; n++ {
		ns = append(ns, n)
	}
	return ns
}

// TestCoverage checks the criterion of the default interval, the score
// interval: its exact coverage is within 1.5 points of the nominal level
// for every n from 30 to 200 across the grid of true shares pP, pD in
// {0.1, 0.2, ..., 0.6} with pP + pD <= 0.95 (30 cells per n, 5,130 in
// all), at each of the levels 0.90, 0.95 and 0.99, and the grid's range
// stays within the documented one (coverageBounds; COVERAGE.md).
//
// The stress rows beyond the grid, with 5 % promoters or 5 % detractors
// (13 more cells per n), may leave the band, but no more of them than
// documented, and none beyond the documented worst coverage.
// TestCoverageSteps shows why at least one of them cannot be fixed by any
// score-type interval.
func TestCoverage(t *testing.T) {
	for _, level := range []float64{0.90, 0.95, 0.99} {
		t.Run(fmt.Sprintf("%.2f", level), func(t *testing.T) {
			t.Parallel()
			coverageAt(t, level)
		})
	}
}

// coverageBound is what COVERAGE.md documents for the score interval at
// one level: the range of the grid's coverage, the number of stress cells
// outside the 1.5-point band, and the range of the stress cells' coverage.
type coverageBound struct {
	gridLo, gridHi     float64
	stressMisses       int
	stressLo, stressHi float64
}

var coverageBounds = map[float64]coverageBound{
	0.90: {0.8873, 0.9081, 20, 0.8755, 0.9150},
	0.95: {0.9418, 0.9571, 9, 0.9339, 0.9692},
	0.99: {0.9896, 0.9962, 0, 0.9750, 1},
}

// coverageAt checks the coverage criterion at one level.
func coverageAt(t *testing.T, level float64) {
	const tol, slack = 0.015, 5e-5
	b := coverageBounds[level]
	o := estimate.Options{Level: level}
	lo, hi := 1.0, 0.0
	sLo, sHi := 1.0, 0.0
	misses := 0
	for _, n := range coverageNs() {
		iv := intervalsFor(t, n, o)
		for _, c := range cellsOf(n) {
			cv := exactCoverage(c, iv)
			if c.rare() {
				sLo, sHi = min(sLo, cv), max(sHi, cv)
				if math.Abs(cv-level) > tol {
					misses++
					t.Logf("level %.2f %v: stress coverage %.4f", level, c, cv)
				}
				continue
			}
			lo, hi = min(lo, cv), max(hi, cv)
			if math.Abs(cv-level) > tol {
				t.Errorf("level %.2f %v: coverage %.4f, want %.2f ± %.3f", level, c, cv, level, tol)
			}
		}
	}
	t.Logf("level %.2f: grid %.4f to %.4f, stress %.4f to %.4f, %d stress misses", level, lo, hi, sLo, sHi, misses)
	if lo < b.gridLo-slack || hi > b.gridHi+slack {
		t.Errorf("level %.2f: grid coverage %.4f to %.4f, beyond the documented %.4f to %.4f", level, lo, hi, b.gridLo, b.gridHi)
	}
	if misses > b.stressMisses || sLo < b.stressLo-slack || sHi > b.stressHi+slack {
		t.Errorf("level %.2f: %d stress misses, coverage %.4f to %.4f; documented at most %d within %.4f to %.4f",
			level, misses, sLo, sHi, b.stressMisses, b.stressLo, b.stressHi)
	}
}

// TestCoverageMethods compares the three methods at 95 % over the same
// cells as TestCoverage: no method leaves more cells outside the
// 1.5-point band, on the grid and on the stress rows, than documented, nor
// leaves the documented range of grid coverage. Every n from 30 to 200:
//
//	method          grid misses (of 5,130)  grid coverage    stress misses (of 2,223)
//	TangoScore       0                      94.18 to 95.71 %   9
//	AdjustedWald     5                      94.10 to 96.86 %  76
//	Wald           139                      92.43 to 94.91 %  70
//
// The adjusted Wald interval errs on the safe side where promoters and
// detractors are rare (up to 99.14 % on the stress rows); the Wald
// interval falls short at small n.
func TestCoverageMethods(t *testing.T) {
	type figures struct {
		grid, stress int
		lo, hi       float64
	}
	want := map[estimate.Method]figures{
		TangoScore:   {0, 9, 0.9418, 0.9571},
		AdjustedWald: {5, 76, 0.9410, 0.9686},
		Wald:         {139, 70, 0.9243, 0.9491},
	}
	for m, w := range want {
		t.Run(string(m), func(t *testing.T) {
			t.Parallel()
			var got figures
			got.lo = 1
			for _, n := range coverageNs() {
				iv := intervalsFor(t, n, estimate.Options{Method: m})
				for _, c := range cellsOf(n) {
					cv := exactCoverage(c, iv)
					miss := math.Abs(cv-0.95) > 0.015
					switch {
					case c.rare() && miss:
						got.stress++
					case c.rare():
					case miss:
						got.grid++
						fallthrough
					default:
						got.lo, got.hi = min(got.lo, cv), max(got.hi, cv)
					}
				}
			}
			t.Logf("%d grid and %d stress cells outside the band, grid coverage %.4f to %.4f", got.grid, got.stress, got.lo, got.hi)
			if got.grid > w.grid || got.stress > w.stress || got.lo < w.lo-5e-5 || got.hi > w.hi+5e-5 {
				t.Errorf("%d grid and %d stress cells outside the band, grid coverage %.4f to %.4f; documented at most %d, %d, within %.4f to %.4f",
					got.grid, got.stress, got.lo, got.hi, w.grid, w.stress, w.lo, w.hi)
			}
		})
	}
}

// TestCoverageMonteCarlo checks the exact computation against a seeded
// simulation: for a few cases it draws 20,000 samples of n answers, scores
// them with Tally.Add and Result, and counts the intervals that hold the
// truth. The simulated coverage must agree with the exact one within four
// binomial standard errors (about 0.6 points).
func TestCoverageMonteCarlo(t *testing.T) {
	const reps = 20000
	rng := rand.New(rand.NewPCG(2016, 70))
	for _, c := range []cell{
		{30, 0.05, 0.05}, {30, 0.3, 0.2}, {30, 0.6, 0.1},
		{100, 0.1, 0.6}, {100, 0.4, 0.4}, {200, 0.5, 0.2},
	} {
		for _, m := range []estimate.Method{TangoScore, AdjustedWald, Wald} {
			o := estimate.Options{Method: m}
			exact := exactCoverage(c, intervalsFor(t, c.n, o))
			truth := 100 * (c.pP - c.pD)
			hits := 0
			for range reps {
				var ta Tally
				for range c.n {
					x := 7
					switch u := rng.Float64(); {
					case u < c.pP:
						x = 10
					case u < c.pP+c.pD:
						x = 0
					}
					if err := ta.Add(x); err != nil {
						t.Fatal(err)
					}
				}
				r, err := ta.Result(o)
				if err != nil {
					t.Fatal(err)
				}
				if r.CI.Contains(truth) {
					hits++
				}
			}
			sim := float64(hits) / reps
			se := math.Sqrt(exact * (1 - exact) / reps)
			if math.Abs(sim-exact) > 4*se+1e-9 {
				t.Errorf("%v %s: simulated %.4f, exact %.4f (se %.4f)", c, m, sim, exact, se)
			}
			t.Logf("%v %-13s exact %.4f simulated %.4f", c, m, exact, sim)
		}
	}
}
