package estimate

import (
	"cmp"
	"math"
	"slices"
)

// Holm returns Holm's (1979) step-down adjusted p-values, which control the
// family-wise error rate (the chance of any false finding) at level α when
// a finding is declared for each adjusted p < α. With p(1) <= … <= p(m)
// the sorted p-values:
//
//	adj(i) = min(1, max_{j<=i} (m - j + 1)·p(j))
//
// Holm is uniformly more powerful than Bonferroni and assumes nothing about
// dependence between the tests. The result is in the order of p; p is not
// modified. This matches R's p.adjust(p, "holm").
//
// Errors: an empty p returns ErrEmpty; a value outside [0, 1] (NaN
// included) returns ErrProbability with its index.
func Holm(p []float64) ([]float64, error) {
	return adjust("estimate.Holm", p, false)
}

// BenjaminiHochberg returns Benjamini and Hochberg's (1995) step-up
// adjusted p-values ("q-values"), which control the false discovery rate
// (the expected share of false findings among the findings) at level α for
// independent or positively dependent tests. With p(1) <= … <= p(m):
//
//	adj(i) = min(1, min_{j>=i} m·p(j)/j)
//
// The result is in the order of p; p is not modified. This matches R's
// p.adjust(p, "BH"). Errors are those of [Holm].
func BenjaminiHochberg(p []float64) ([]float64, error) {
	return adjust("estimate.BenjaminiHochberg", p, true)
}

func adjust(fn string, p []float64, stepUp bool) ([]float64, error) {
	if len(p) == 0 {
		return nil, valueErr(fn, "n", 0, ErrEmpty)
	}
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, &ValueError{Func: fn, Name: "p", Value: v, Index: i, Err: ErrProbability}
		}
	}
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	// A stable sort keeps ties in input order, as R's order() does.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	out := make([]float64, m)
	if stepUp {
		run := 1.0
		for r := m; r >= 1; r-- {
			i := order[r-1]
			// m/r first, as R does: m/r >= 1 keeps the product at or
			// above p, where m·p/r can round one ulp below it.
			run = math.Min(run, float64(m)/float64(r)*p[i])
			out[i] = run
		}
		return out, nil
	}
	run := 0.0
	for r := 1; r <= m; r++ {
		i := order[r-1]
		run = math.Max(run, math.Min(1, float64(m-r+1)*p[i]))
		out[i] = run
	}
	return out, nil
}
