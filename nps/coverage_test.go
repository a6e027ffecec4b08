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
// with the coefficient from log-gamma. There is no Monte Carlo noise, and
// n = 200 takes 20,301 outcomes.

// coverageShares are the true shares of promoters and of detractors on the
// grid; cells with pP + pD > 0.95 are left out.
var coverageShares = []float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6}

// coverageNs are the sample sizes of the grid.
var coverageNs = []int{30, 50, 100, 200}

type cell struct {
	n      int
	pP, pD float64
}

func (c cell) String() string { return fmt.Sprintf("n=%d pP=%.2f pD=%.2f", c.n, c.pP, c.pD) }

func gridCells() []cell {
	var cs []cell
	for _, n := range coverageNs {
		for _, pP := range coverageShares {
			for _, pD := range coverageShares {
				if pP+pD <= 0.95+1e-9 {
					cs = append(cs, cell{n, pP, pD})
				}
			}
		}
	}
	return cs
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
	lgn := lgamma(n + 1)
	sum := 0.0
	for P := 0; P <= n; P++ {
		for D := 0; P+D <= n; D++ {
			O := n - P - D
			lp := lgn - lgamma(P+1) - lgamma(D+1) - lgamma(O+1) +
				float64(P)*lP + float64(D)*lD + float64(O)*lO
			if iv.ivs[P*(n+1)+D].Contains(truth) {
				sum += math.Exp(lp)
			}
		}
	}
	return sum
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

// TestCoverage checks the 95 % coverage of the default method, the
// adjusted Wald interval, over the grid of true shares pP, pD in {0.05,
// 0.1, 0.2, ..., 0.6} with pP + pD <= 0.95 (43 cells) and n in {30, 50,
// 100, 200}: 172 cases.
//
// What holds, and is asserted:
//
//   - The adjusted Wald coverage is never below 93.5 % (nominal 95 % less
//     1.5 points) anywhere on the grid.
//   - It is within 1.5 points of 95 % in every case but five, where it is
//     conservative (too high), all with promoters and detractors both
//     rare: n = 30 with (pP, pD) = (0.05, 0.05) 99.14 %, (0.05, 0.1) and
//     (0.1, 0.05) 96.78 %, (0.1, 0.1) 96.86 %; n = 50 with (0.05, 0.05)
//     97.53 %. With about 1.5 promoters and 1.5 detractors expected in 30
//     answers the outcomes are so few that coverage jumps with them; no
//     sensible method stays within 1.5 points there: servq tried Rocks's
//     iterative score interval (Tango's score test) and pseudo-count
//     variants (1, 1, 1), (1/2, 1, 1/2), (1/2, 1/2, 1/2), and each also
//     over-covers at n = 30 (the score interval in three cells, up to
//     96.9 %; every adjusted variant 99.1 % at (0.05, 0.05)).
//   - From n = 100 every case is within 1.5 points.
//   - The Wald interval misses the 1.5-point band in 31 cases (28 at
//     n = 30, all but one too low, down to 92.41 %; 3 at n = 50), so the
//     adjusted interval is the better default.
//
// Run with -v for the full table.
func TestCoverage(t *testing.T) {
	const nominal, tol = 0.95, 0.015
	type row struct {
		c              cell
		wald, adjusted float64
	}
	var rows []row
	for _, n := range coverageNs {
		wi := intervalsFor(t, n, estimate.Options{Method: Wald})
		ai := intervalsFor(t, n, estimate.Options{}) // the default
		for _, c := range gridCells() {
			if c.n == n {
				rows = append(rows, row{c, exactCoverage(c, wi), exactCoverage(c, ai)})
			}
		}
	}
	if len(rows) != 172 {
		t.Fatalf("%d cases, want 172", len(rows))
	}

	var adjMiss, waldMiss []string
	waldWorst := 1.0
	var tab strings.Builder
	fmt.Fprintf(&tab, "exact coverage of 95 %% intervals (%%)\n%-24s %8s %8s\n", "case", "wald", "adjusted")
	for _, r := range rows {
		fmt.Fprintf(&tab, "%-24s %8.2f %8.2f\n", r.c, 100*r.wald, 100*r.adjusted)
		if r.adjusted < nominal-tol {
			t.Errorf("%v: adjusted coverage %.4f below %.3f", r.c, r.adjusted, nominal-tol)
		}
		if math.Abs(r.adjusted-nominal) > tol {
			adjMiss = append(adjMiss, fmt.Sprintf("%v %.4f", r.c, r.adjusted))
			if r.c.n >= 100 {
				t.Errorf("%v: adjusted coverage %.4f outside 95 ± 1.5 at n >= 100", r.c, r.adjusted)
			}
		}
		if math.Abs(r.wald-nominal) > tol {
			waldMiss = append(waldMiss, r.c.String())
		}
		waldWorst = min(waldWorst, r.wald)
	}
	t.Log(tab.String())

	wantMiss := []string{
		"n=30 pP=0.05 pD=0.05 0.9914",
		"n=30 pP=0.05 pD=0.10 0.9678",
		"n=30 pP=0.10 pD=0.05 0.9678",
		"n=30 pP=0.10 pD=0.10 0.9686",
		"n=50 pP=0.05 pD=0.05 0.9753",
	}
	if !slices.Equal(adjMiss, wantMiss) {
		t.Errorf("adjusted Wald misses the 1.5-point band in\n%s\nwant exactly the documented\n%s",
			strings.Join(adjMiss, "\n"), strings.Join(wantMiss, "\n"))
	}
	if len(waldMiss) != 31 || len(waldMiss) <= len(adjMiss) {
		t.Errorf("Wald misses the band in %d cases, documented 31 (adjusted: %d)", len(waldMiss), len(adjMiss))
	}
	if math.Abs(waldWorst-0.9241) > 0.00005 {
		t.Errorf("worst Wald coverage %.5f, documented 0.9241", waldWorst)
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
		for _, m := range []estimate.Method{Wald, AdjustedWald} {
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
