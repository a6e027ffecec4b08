package retention

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// A LogRankGroup is one group of a log-rank test.
type LogRankGroup struct {
	// N is the number of lifetimes of the group, Observed the number of
	// its events, Expected the events expected under "no difference":
	// Σ_j d_j·n_gj/n_j over the event times.
	N        int64   `json:"n"`
	Observed int64   `json:"observed"`
	Expected float64 `json:"expected"`
	// Variance is the diagonal element of the variance matrix, V_gg.
	Variance float64 `json:"variance"`
}

// A LogRankResult is the result of a log-rank test.
type LogRankResult struct {
	// Groups lists the groups in the order they were passed.
	Groups []LogRankGroup `json:"groups"`
	// Chi2 is the chi-square statistic, DF its degrees of freedom (the
	// rank of V: the number of groups with lifetimes at risk at some
	// event, minus one), and P its upper tail probability.
	Chi2 float64 `json:"chi2"`
	DF   int     `json:"df"`
	P    float64 `json:"p"`
}

// LogRank tests whether two or more groups of lifetimes have the same
// survival curve, by the log-rank test (Mantel 1966; Peto and Peto 1972),
// as R survival's survdiff with rho = 0 computes it. At each event time
// t_j, with d_j events among n_j at risk, n_gj of them in group g:
//
//	E_g  = Σ_j d_j·n_gj/n_j
//	V_gh = Σ_j d_j(n_j - d_j)/(n_j - 1) · n_gj/n_j · (δ_gh - n_hj/n_j)
//	χ²   = (O - E)' V⁻ (O - E),  df = rank V
//
// where V⁻ is a generalised inverse (V has rank k - 1 at most). Left
// truncation (a [Lifetime] with a later Entry) enters through the risk sets, a
// use R's survdiff does not offer. Fewer than two groups with lifetimes,
// or no event at a time with two or more at risk, returns ErrTooFewGroups;
// a nil group counts as empty. The cost is O(k² × distinct times).
func LogRank(groups ...*Lifetimes) (LogRankResult, error) {
	const fn = "retention.LogRank"
	k := len(groups)
	res := LogRankResult{Groups: make([]LogRankGroup, k)}
	cells := make([][]cell, k)
	risk := make([]int64, k)
	nonEmpty := 0
	for g, l := range groups {
		if l == nil || l.n == 0 {
			continue
		}
		nonEmpty++
		cells[g] = l.sorted()
		risk[g] = l.origin
		res.Groups[g].N = l.n
	}
	if nonEmpty < 2 {
		return LogRankResult{}, valueErr(fn, "groups", float64(nonEmpty), ErrTooFewGroups)
	}
	pos := make([]int, k)
	d := make([]int64, k)
	v := mat.NewSymDense(k, nil)
	oe := make([]float64, k)
	for {
		// The next distinct time over all groups.
		t := math.Inf(1)
		for g := range cells {
			if pos[g] < len(cells[g]) {
				t = math.Min(t, cells[g][pos[g]].t)
			}
		}
		if math.IsInf(t, 1) {
			break
		}
		var n, dt int64
		for g := range cells {
			d[g] = 0
			n += risk[g]
			if pos[g] < len(cells[g]) && cells[g][pos[g]].t == t {
				d[g] = cells[g][pos[g]].events
				dt += d[g]
			}
		}
		if dt > 0 {
			nf, df := float64(n), float64(dt)
			f := 0.0
			if n > 1 {
				f = df * (nf - df) / (nf - 1)
			}
			for g := range cells {
				res.Groups[g].Observed += d[g]
				e := df * float64(risk[g]) / nf
				res.Groups[g].Expected += e
				oe[g] += float64(d[g]) - e
				pg := float64(risk[g]) / nf
				for h := g; h < k; h++ {
					ph := float64(risk[h]) / nf
					x := -f * pg * ph
					if h == g {
						x += f * pg
					}
					v.SetSym(g, h, v.At(g, h)+x)
				}
			}
		}
		for g := range cells {
			if pos[g] < len(cells[g]) && cells[g][pos[g]].t == t {
				c := cells[g][pos[g]]
				risk[g] += c.entries - c.events - c.censored
				pos[g]++
			}
		}
	}
	for g := range res.Groups {
		res.Groups[g].Variance = v.At(g, g)
	}
	// χ² through the eigen-decomposition of V, dropping the null space.
	var es mat.EigenSym
	if !es.Factorize(v, true) {
		return LogRankResult{}, valueErr(fn, "groups", float64(k), wrapf(ErrTooFewGroups, "variance matrix does not factorize"))
	}
	vals := es.Values(nil)
	var q mat.Dense
	es.VectorsTo(&q)
	top := 0.0
	for _, x := range vals {
		top = math.Max(top, math.Abs(x))
	}
	tol := 1e-9 * top
	chi2, df := 0.0, 0
	for i, lam := range vals {
		if lam <= tol {
			continue
		}
		proj := 0.0
		for g := range oe {
			proj += q.At(g, i) * oe[g]
		}
		chi2 += proj * proj / lam
		df++
	}
	if df == 0 {
		return LogRankResult{}, valueErr(fn, "groups", float64(nonEmpty), wrapf(ErrTooFewGroups, "no event with two or more groups at risk"))
	}
	res.Chi2, res.DF = chi2, df
	res.P = distuv.ChiSquared{K: float64(df)}.Survival(chi2)
	return res, nil
}
