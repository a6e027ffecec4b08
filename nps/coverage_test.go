package nps

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
)

// The coverage of an interval method is the probability that it holds the
// true NPS. These tests compute it exactly, by summing the multinomial
// probability of every outcome (P promoters, D detractors, n - P - D
// passives) whose interval holds the truth:
//
//	Pr(P, D) = n! / (P! D! (n-P-D)!) · pP^P · pD^D · pO^(n-P-D)
//
// with the coefficient from log-gamma. There is no Monte Carlo noise
// (TestCoverageMonteCarlo checks the sum against a simulation), and n = 200
// takes 20,301 outcomes.

// coverageShares are the true shares of promoters and of detractors on the
// grid of the coverage criterion; cells with pP + pD > 0.95 are left out.
var coverageShares = []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}

// rareShare is the share of the stress rows beyond the grid: 5 % promoters
// or 5 % detractors (or both), which at n = 30 means 1.5 expected.
const rareShare = 0.05

// coverageNs returns the sample sizes checked: every n from 30 to 200, or
// four of them in short mode.
func coverageNs() []int {
	if testing.Short() {
		return []int{30, 50, 100, 200}
	}
	var ns []int
	for n := 30; n <= 200; n++ {
		ns = append(ns, n)
	}
	return ns
}

type cell struct {
	n      int
	pP, pD float64
}

func (c cell) String() string { return fmt.Sprintf("n=%d pP=%.2f pD=%.2f", c.n, c.pP, c.pD) }

// rare reports whether c is a stress cell, with a share of 0.05.
func (c cell) rare() bool { return c.pP == rareShare || c.pD == rareShare }

// cellsOf returns the cells of n: the grid, then the stress cells.
func cellsOf(n int) []cell {
	shares := append([]float64{rareShare}, coverageShares...)
	var grid, rare []cell
	for _, pP := range shares {
		for _, pD := range shares {
			if pP+pD > 0.95+1e-9 {
				continue
			}
			c := cell{n, pP, pD}
			if c.rare() {
				rare = append(rare, c)
			} else {
				grid = append(grid, c)
			}
		}
	}
	return append(grid, rare...)
}

// intervals holds the interval of every outcome of n answers, indexed by
// P·(n+1) + D, computed through Tally.Result.
type intervals struct {
	n   int
	ivs []estimate.Interval
}

func intervalsFor(t testing.TB, n int, o estimate.Options) intervals {
	ivs := make([]estimate.Interval, (n+1)*(n+1))
	for P := 0; P <= n; P++ {
		for D := 0; P+D <= n; D++ {
			r := resultOf(t, int64(P), int64(n-P-D), int64(D), o)
			ivs[P*(n+1)+D] = r.CI
		}
	}
	return intervals{n, ivs}
}

// exactCoverage returns the probability that the intervals hold the true
// NPS of cell c, by summing over every outcome.
func exactCoverage(c cell, iv intervals) float64 {
	n := c.n
	truth := 100 * (c.pP - c.pD)
	lP, lD, lO := math.Log(c.pP), math.Log(c.pD), math.Log(1-c.pP-c.pD)
	lf := logFactorials(n)
	sum := 0.0
	for P := 0; P <= n; P++ {
		for D := 0; P+D <= n; D++ {
			if !iv.ivs[P*(n+1)+D].Contains(truth) {
				continue
			}
			O := n - P - D
			lp := lf[n] - lf[P] - lf[D] - lf[O] +
				float64(P)*lP + float64(D)*lD + float64(O)*lO
			sum += math.Exp(lp)
		}
	}
	return sum
}

// logFactorials returns log k! for k = 0..n.
func logFactorials(n int) []float64 {
	lf := make([]float64, n+1)
	for k := range lf {
		lf[k] = lgamma(k + 1)
	}
	return lf
}

func lgamma(k int) float64 {
	v, _ := math.Lgamma(float64(k))
	return v
}

// TestExactCoverageSanity checks the enumeration itself: the probabilities
// of all outcomes add up to 1, and an interval that always holds the truth
// has coverage 1.
func TestExactCoverageSanity(t *testing.T) {
	c := cell{50, 0.3, 0.2}
	all := intervals{50, make([]estimate.Interval, 51*51)}
	for i := range all.ivs {
		all.ivs[i] = estimate.Interval{Lo: -100, Hi: 100}
	}
	if got := exactCoverage(c, all); math.Abs(got-1) > 1e-12 {
		t.Errorf("total probability = %v, want 1", got)
	}
	none := intervals{50, make([]estimate.Interval, 51*51)} // [0, 0] misses 10
	if got := exactCoverage(c, none); got != 0 {
		t.Errorf("coverage of [0, 0] = %v, want 0", got)
	}
}

// TestCoverage checks the criterion of the default interval, the score
// interval: its exact coverage is within 1.5 points of the nominal level
// for every n from 30 to 200 (four of them in short mode) across the grid
// of true shares pP, pD in {0.1, 0.2, ..., 0.6} with pP + pD <= 0.95
// (30 cells per n, 5,130 in all), at each of the levels 0.90, 0.95 and
// 0.99. Measured: 88.73 to 90.81 %, 94.18 to 95.71 % and 98.96 to
// 99.62 %.
//
// The stress rows beyond the grid, with 5 % promoters or 5 % detractors
// (13 more cells per n), are computed too and the cells outside the band
// are pinned in coverageMisses: at 95 % nine, at n = 30 to 32, where 1.5
// to 1.6 of the rarer group are expected (at most 0.42 points outside);
// at 90 % twenty, at n = 30 to 49, down to 87.55 %; at 99 % none.
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

// coverageAt checks the coverage criterion at one level.
func coverageAt(t *testing.T, level float64) {
	const tol = 0.015
	o := estimate.Options{Level: level}
	var misses []string
	lo, hi := 1.0, 0.0
	cells := 0
	for _, n := range coverageNs() {
		iv := intervalsFor(t, n, o)
		for _, c := range cellsOf(n) {
			cv := exactCoverage(c, iv)
			if !c.rare() {
				lo, hi = min(lo, cv), max(hi, cv)
				cells++
			}
			if math.Abs(cv-level) <= tol {
				continue
			}
			if !c.rare() {
				t.Errorf("level %.2f %v: coverage %.4f, want %.2f ± %.3f", level, c, cv, level, tol)
			}
			misses = append(misses, fmt.Sprintf("%v %.4f", c, cv))
		}
	}
	t.Logf("level %.2f: %d grid cells, coverage %.4f to %.4f", level, cells, lo, hi)
	if r := coverageRange[level]; !testing.Short() && (math.Abs(lo-r[0]) > 5e-5 || math.Abs(hi-r[1]) > 5e-5) {
		t.Errorf("level %.2f: grid coverage %.4f to %.4f, documented %.4f to %.4f", level, lo, hi, r[0], r[1])
	}
	want := coverageMisses[level]
	if testing.Short() {
		want = slices.DeleteFunc(slices.Clone(want), func(s string) bool {
			return !strings.HasPrefix(s, "n=30 ")
		})
	}
	if !slices.Equal(misses, want) {
		t.Errorf("level %.2f: stress cells outside the band\n%s\nwant the documented\n%s",
			level, strings.Join(misses, "\n"), strings.Join(want, "\n"))
	}
}

// coverageRange is the documented range of the score interval's coverage
// over the grid, by level (every n from 30 to 200).
var coverageRange = map[float64][2]float64{
	0.90: {0.8873, 0.9081},
	0.95: {0.9418, 0.9571},
	0.99: {0.9896, 0.9962},
}

// coverageMisses are the stress cells (a share of 0.05) whose exact
// coverage by the score interval is outside the 1.5-point band, by level,
// in the order TestCoverage visits them.
var coverageMisses = map[float64][]string{
	0.90: {
		"n=30 pP=0.05 pD=0.20 0.8783", "n=30 pP=0.05 pD=0.50 0.8780", "n=30 pP=0.05 pD=0.60 0.8755",
		"n=30 pP=0.20 pD=0.05 0.8783", "n=30 pP=0.50 pD=0.05 0.8780", "n=30 pP=0.60 pD=0.05 0.8755",
		"n=31 pP=0.05 pD=0.20 0.8756", "n=31 pP=0.20 pD=0.05 0.8756",
		"n=34 pP=0.05 pD=0.10 0.8840", "n=34 pP=0.10 pD=0.05 0.8840",
		"n=36 pP=0.05 pD=0.20 0.8807", "n=36 pP=0.20 pD=0.05 0.8807",
		"n=42 pP=0.05 pD=0.40 0.8846", "n=42 pP=0.40 pD=0.05 0.8846",
		"n=43 pP=0.05 pD=0.10 0.8830", "n=43 pP=0.10 pD=0.05 0.8830",
		"n=48 pP=0.05 pD=0.10 0.8848", "n=48 pP=0.10 pD=0.05 0.8848",
		"n=49 pP=0.05 pD=0.10 0.8839", "n=49 pP=0.10 pD=0.05 0.8839",
	},
	0.95: {
		"n=30 pP=0.05 pD=0.05 0.9692", "n=30 pP=0.05 pD=0.10 0.9672", "n=30 pP=0.10 pD=0.05 0.9672",
		"n=31 pP=0.05 pD=0.05 0.9677", "n=31 pP=0.05 pD=0.10 0.9657", "n=31 pP=0.10 pD=0.05 0.9657",
		"n=32 pP=0.05 pD=0.05 0.9662", "n=32 pP=0.05 pD=0.30 0.9339", "n=32 pP=0.30 pD=0.05 0.9339",
	},
	0.99: nil,
}

// TestCoverageSteps shows that the miss at n = 30 with pP = pD = 0.05 is
// the discreteness of the data, not a flaw of the score interval that a
// different critical value would mend. The interval holds the true NPS 0
// exactly when the score statistic |T(0)| of the outcome is at most z, so
// the coverage is the probability of the outcomes with |T(0)| <= z. Sorted
// by |T(0)|, that probability climbs in steps, and the step over 95 % goes
// from 90.82 % straight to 96.72 %: the outcomes 3 promoters and none
// (or none and 3) alone weigh 5.9 points, so no z at all puts the coverage
// within 93.5..96.5 %. The test also checks that the steps reproduce, at
// z = Φ⁻¹(0.975), the coverage summed from the intervals themselves, which
// confirms that each computed interval is the whole set {δ : |T(δ)| <= z}
// at δ = 0.
func TestCoverageSteps(t *testing.T) {
	c := cell{30, 0.05, 0.05}
	n := c.n
	type outcome struct{ t, p float64 }
	var os []outcome
	lP, lD, lO := math.Log(c.pP), math.Log(c.pD), math.Log(1-c.pP-c.pD)
	for P := 0; P <= n; P++ {
		for D := 0; P+D <= n; D++ {
			// At δ = 0 the restricted fit is qP = qD = (P + D)/(2n), so
			// |T(0)| = |P - D|/sqrt(P + D), McNemar's statistic.
			stat := 0.0
			if P != D {
				stat = math.Abs(float64(P-D)) / math.Sqrt(float64(P+D))
			}
			O := n - P - D
			lp := lgamma(n+1) - lgamma(P+1) - lgamma(D+1) - lgamma(O+1) +
				float64(P)*lP + float64(D)*lD + float64(O)*lO
			os = append(os, outcome{stat, math.Exp(lp)})
		}
	}
	slices.SortFunc(os, func(a, b outcome) int { return cmpFloat(a.t, b.t) })

	z := 1.959963984540054
	var below, above, atZ float64 // the steps either side of the band, and the coverage at z
	above = 1
	cum := 0.0
	for i := 0; i < len(os); {
		j := i
		for ; j < len(os) && os[j].t == os[i].t; j++ {
			cum += os[j].p
		}
		if os[i].t <= z {
			atZ = cum
		}
		switch {
		case cum < 0.935:
			below = cum
		case cum > 0.965:
			above = min(above, cum)
		default:
			t.Errorf("a critical value of %.4f gives coverage %.4f, inside the band", os[i].t, cum)
		}
		i = j
	}
	// The weight of 3 promoters and no detractor, and of its mirror:
	// 2 · C(30, 3) · 0.05³ · 0.9²⁷.
	if w := 2 * 4060 * math.Pow(0.05, 3) * math.Pow(0.9, 27); math.Abs(w-0.0590) > 5e-5 {
		t.Errorf("weight of (3, 0) and (0, 3) = %.4f, documented 0.0590", w)
	}
	if math.Abs(below-0.9082) > 5e-5 || math.Abs(above-0.9672) > 5e-5 {
		t.Errorf("steps either side of the band: %.4f and %.4f, want 0.9082 and 0.9672", below, above)
	}
	exact := exactCoverage(c, intervalsFor(t, n, estimate.Options{}))
	if math.Abs(atZ-exact) > 1e-12 {
		t.Errorf("coverage from the test statistic %.6f, from the intervals %.6f", atZ, exact)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestCoverageMethods compares the three methods at 95 % over the same
// cells as TestCoverage, and pins how many cells each leaves outside the
// 1.5-point band, on the grid and on the stress rows, with the range of
// its coverage on the grid. Every n from 30 to 200:
//
//	method          grid misses (of 5,130)  grid coverage    stress misses (of 2,223)
//	TangoScore       0                      94.18 to 95.71 %   9
//	AdjustedWald     5                      94.10 to 96.86 %  76
//	Wald           139                      92.43 to 94.91 %  70
//
// The adjusted Wald interval errs on the safe side where promoters and
// detractors are rare (up to 99.14 % on the stress rows); the Wald
// interval falls short at small n. In short mode (n in {30, 50, 100, 200})
// the misses are 0 + 3, 1 + 4 and 16 + 15.
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
	if testing.Short() {
		want = map[estimate.Method]figures{
			TangoScore:   {0, 3, 0.9444, 0.9571},
			AdjustedWald: {1, 4, 0.9419, 0.9686},
			Wald:         {16, 15, 0.9276, 0.9491},
		}
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
			if got.grid != w.grid || got.stress != w.stress || math.Abs(got.lo-w.lo) > 5e-5 || math.Abs(got.hi-w.hi) > 5e-5 {
				t.Errorf("%d grid and %d stress cells outside the band, grid coverage %.4f to %.4f; documented %d, %d, %.4f to %.4f",
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
	if testing.Short() {
		t.Skip("simulation skipped in short mode")
	}
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
