package servqual

import (
	"math"
	"strconv"

	"github.com/servq/servq/estimate"
	"gonum.org/v1/gonum/stat/distuv"
)

// Feldt names the interval for Cronbach's alpha of Feldt, Woodruff and
// Salih (1987), formulas 6 and 7, the only interval [Alpha], [AlphaCov] and
// [Accumulator.Reliability] compute.
const Feldt estimate.Method = "feldt"

// A Reliability is the internal consistency of a set of items (a
// dimension, or the whole instrument) over the respondents who answered
// all of them.
type Reliability struct {
	// Series is what was measured: expectations, perceptions or gaps;
	// empty for [Alpha] and [AlphaCov].
	Series Series `json:"series,omitempty"`
	// Dimension is the dimension's ID; empty for the whole instrument
	// and for [Alpha] and [AlphaCov].
	Dimension string `json:"dimension,omitempty"`
	// N is the number of respondents; K the number of items.
	N int64 `json:"n"`
	K int   `json:"k"`
	// Alpha is Cronbach's (1951) alpha from the covariances, at most 1
	// and possibly negative.
	Alpha float64 `json:"alpha"`
	// CI is Feldt's interval for Alpha.
	CI estimate.Interval `json:"ci"`
	// Standardized is the alpha of the standardized items, from the
	// average inter-item correlation.
	Standardized float64 `json:"standardized"`
	// MeanCorrelation is the average of the k(k-1)/2 inter-item
	// correlations.
	MeanCorrelation float64 `json:"mean_correlation"`
	// Items holds, per item, its statistics and what deleting it does.
	Items []ItemReliability `json:"items"`
}

// An ItemReliability describes one item of a [Reliability].
type ItemReliability struct {
	// ID is the item's ID (for [Alpha] and [AlphaCov], its column
	// number from 1).
	ID string `json:"id"`
	// Mean and SD are the item's mean and sample standard deviation; the
	// Mean is 0 for [AlphaCov], which has no means.
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	// ItemRest is the corrected item-total correlation: of the item with
	// the sum of the other items.
	ItemRest float64 `json:"item_rest"`
	// AlphaIfDeleted is the raw alpha of the other items; nil when only
	// one item would remain (K = 2), which has no alpha, or when the
	// other items add up to a constant.
	AlphaIfDeleted *float64 `json:"alpha_if_deleted,omitempty"`
}

// AlphaCov returns Cronbach's alpha and the item analysis of k >= 2 items
// from their k×k sample covariance matrix s and the number of respondents
// n >= 2, with Feldt's interval at o.Level (0 means 0.95):
//
//	alpha        = k/(k-1) · (1 - Σ s_ii / Σ_ij s_ij)
//	standardized = k·r̄ / (1 + (k-1)·r̄),  r̄ the mean of r_ij = s_ij/sqrt(s_ii s_jj), i < j
//	item-rest_i  = (Σ_j s_ij - s_ii) / sqrt(s_ii · (Σ_jl s_jl - 2Σ_j s_ij + s_ii))
//	Feldt CI     = [1 - (1-alpha)·F(1-γ/2), 1 - (1-alpha)·F(γ/2)],  γ = 1 - level,
//	               F the quantiles of F(n-1, (n-1)(k-1))
//
// (Cronbach 1951; Feldt, Woodruff and Salih 1987, formulas 6 and 7, as R's
// cocron::cronbach.alpha.CI). Alpha above 1 by rounding is returned as 1.
//
// A matrix that is not square or not symmetric (to 1e-9 relative) or has a
// variance that is not > 0 returns ErrCovariance, a NaN or infinite entry
// (or sums of entries that overflow) ErrNotFinite, k < 2 or n = 1
// ErrTooFew, n <= 0 ErrEmpty, a bad level
// ErrLevel and a method other than Feldt ErrMethod. Items whose total (raw
// or standardized) has no variance, such as two perfectly opposed items,
// return ErrNoVariance.
func AlphaCov(s [][]float64, n int64, o estimate.Options) (Reliability, error) {
	const fn = "servqual.AlphaCov"
	level, _, err := o.Resolve(fn, Feldt)
	if err != nil {
		return Reliability{}, err
	}
	if err := checkCov(fn, s); err != nil {
		return Reliability{}, err
	}
	ids := make([]string, len(s))
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	return reliability(fn, s, nil, n, ids, level)
}

// Alpha returns Cronbach's alpha and the item analysis of the data rows
// (one per respondent, one column per item, every row of the same length
// k >= 2), as [AlphaCov] does from their sample covariance matrix, which
// Alpha computes in two passes (means first). Reversed items must be
// re-keyed before. No rows returns ErrEmpty, one row or one column
// ErrTooFew, a row of another length ErrItems and a NaN or infinite value
// ErrNotFinite, each with the row's index; an item with zero variance
// returns ErrNoVariance naming the item, and the other errors are those of
// AlphaCov.
func Alpha(rows [][]float64, o estimate.Options) (Reliability, error) {
	const fn = "servqual.Alpha"
	level, _, err := o.Resolve(fn, Feldt)
	if err != nil {
		return Reliability{}, err
	}
	if len(rows) == 0 {
		return Reliability{}, valueErr(fn, "rows", 0, ErrEmpty)
	}
	k := len(rows[0])
	for r, row := range rows {
		if len(row) != k {
			return Reliability{}, indexErr(fn, "row of length", float64(len(row)), r, ErrItems)
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Reliability{}, indexErr(fn, "value", v, r, ErrNotFinite)
			}
		}
	}
	if k < 2 {
		return Reliability{}, valueErr(fn, "items", float64(k), ErrTooFew)
	}
	mean := make([]float64, k)
	for _, row := range rows {
		for i, v := range row {
			mean[i] += v
		}
	}
	for i := range mean {
		mean[i] /= float64(len(rows))
	}
	s := make([][]float64, k)
	for i := range s {
		s[i] = make([]float64, k)
	}
	for _, row := range rows {
		for i := range row {
			di := row[i] - mean[i]
			for j := i; j < k; j++ {
				s[i][j] += di * (row[j] - mean[j])
			}
		}
	}
	if len(rows) > 1 {
		for i := range s {
			for j := i; j < k; j++ {
				s[i][j] /= float64(len(rows) - 1)
				s[j][i] = s[i][j]
			}
		}
	}
	ids := make([]string, k)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	return reliability(fn, s, mean, int64(len(rows)), ids, level)
}

func checkCov(fn string, s [][]float64) error {
	k := len(s)
	for i, row := range s {
		if len(row) != k {
			return indexErr(fn, "row of length", float64(len(row)), i, ErrCovariance)
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return indexErr(fn, "covariance", v, i, ErrNotFinite)
			}
		}
	}
	for i := range s {
		if !(s[i][i] > 0) {
			return indexErr(fn, "variance", s[i][i], i, ErrCovariance)
		}
		for j := i + 1; j < k; j++ {
			a, b := s[i][j], s[j][i]
			if math.Abs(a-b) > 1e-9*math.Max(math.Abs(a), math.Abs(b)) {
				return indexErr(fn, "asymmetric covariance", a, i, ErrCovariance)
			}
		}
	}
	return nil
}

// reliability computes a Reliability from a covariance matrix s (checked
// symmetric and finite), optional item means, n and the item IDs.
func reliability(fn string, s [][]float64, mean []float64, n int64, ids []string, level float64) (Reliability, error) {
	k := len(s)
	switch {
	case n <= 0:
		return Reliability{}, valueErr(fn, "n", float64(n), ErrEmpty)
	case n == 1:
		return Reliability{}, valueErr(fn, "n", 1, ErrTooFew)
	case k < 2:
		return Reliability{}, valueErr(fn, "items", float64(k), ErrTooFew)
	}
	for i := range s {
		for _, v := range s[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				// Data near ±1e308, whose covariances overflow.
				return Reliability{}, textErr(fn, "covariance of item", ids[i], i, ErrNotFinite)
			}
		}
		if !(s[i][i] > 0) {
			return Reliability{}, textErr(fn, "variance of item", ids[i], i, ErrNoVariance)
		}
	}
	var total, trace, rsum float64
	rowSum := make([]float64, k)
	for i := range s {
		trace += s[i][i]
		for j := range s[i] {
			rowSum[i] += s[i][j]
			if j > i {
				// sqrt·sqrt, not sqrt of the product, which underflows
				// to 0 for variances below 1e-162; clamped, since two
				// roundings can put a perfect correlation an ulp past 1.
				r := s[i][j] / (math.Sqrt(s[i][i]) * math.Sqrt(s[j][j]))
				rsum += math.Max(-1, math.Min(1, r))
			}
		}
		total += rowSum[i]
	}
	if math.IsInf(total, 0) || math.IsInf(trace, 0) {
		return Reliability{}, valueErr(fn, "variance of the total", total, ErrNotFinite)
	}
	if !(total > 1e-12*trace) {
		// The items add up to the same total for every respondent: the
		// variance of the total is 0 but for rounding, which can leave it
		// on either side of 0 (merged co-moments are not bit-equal to
		// batch ones), so a total below 1e-12 of the summed variances
		// counts as none.
		return Reliability{}, valueErr(fn, "variance of the total", total, ErrNoVariance)
	}
	r := Reliability{N: n, K: k, Items: make([]ItemReliability, k)}
	r.Alpha = cronbach(k, trace, total)
	r.MeanCorrelation = rsum / float64(k*(k-1)/2)
	if den := 1 + float64(k-1)*r.MeanCorrelation; !(den > 1e-12) {
		// The standardized items add up to a constant: k·den is the
		// variance of their total.
		return Reliability{}, valueErr(fn, "variance of the standardized total", float64(k)*den, ErrNoVariance)
	}
	r.Standardized = math.Min(1, float64(k)*r.MeanCorrelation/(1+float64(k-1)*r.MeanCorrelation))
	r.CI = feldt(r.Alpha, n, k, level)
	for i := range r.Items {
		it := ItemReliability{ID: ids[i], SD: math.Sqrt(s[i][i])}
		if mean != nil {
			it.Mean = mean[i]
		}
		restVar := total - 2*rowSum[i] + s[i][i]
		// As for the total: the other items' sum has no variance when its
		// variance is below 1e-12 of the summed variances, rounding aside
		// (else the item-rest correlation is rounding noise of any value).
		restOK := restVar > 1e-12*trace
		if restOK {
			it.ItemRest = (rowSum[i] - s[i][i]) / (math.Sqrt(s[i][i]) * math.Sqrt(restVar))
			it.ItemRest = math.Max(-1, math.Min(1, it.ItemRest))
		}
		if k > 2 && restOK {
			a := cronbach(k-1, trace-s[i][i], restVar)
			it.AlphaIfDeleted = &a
		}
		r.Items[i] = it
	}
	for _, v := range []float64{r.Alpha, r.Standardized, r.MeanCorrelation, r.CI.Lo, r.CI.Hi} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// Covariances so large (near 1e308) that their sums overflow.
			return Reliability{}, valueErr(fn, "alpha", v, ErrNotFinite)
		}
	}
	return r, nil
}

// cronbach returns k/(k-1)·(1 - trace/total), at most 1; total > 0.
func cronbach(k int, trace, total float64) float64 {
	return math.Min(1, float64(k)/float64(k-1)*(1-trace/total))
}

// feldt returns the Feldt, Woodruff and Salih (1987) interval for alpha.
func feldt(alpha float64, n int64, k int, level float64) estimate.Interval {
	df1 := float64(n - 1)
	df2 := df1 * float64(k-1)
	tail := (1 - level) / 2
	lo := 1 - (1-alpha)*fUpper(df1, df2, tail)
	hi := 1 - (1-alpha)*fLower(df1, df2, tail)
	return estimate.Interval{Lo: math.Min(lo, alpha), Hi: math.Max(hi, alpha), Level: level, Method: Feldt}
}

// hugeDF is where the F quantile is taken from the normal approximation
// of log F, variance 2/d1 + 2/d2: gonum's F quantile drifts past 1e12
// degrees of freedom (by 40 % of its distance from 1 at 1e14) and is NaN
// near 1e19, while at 1e10 the approximation's distance from 1 (the
// interval's half-width) is within 1e-4 of gonum's (TestFeldtHugeN).
const hugeDF = 1e10

// fLower returns the quantile of F(d1, d2) with the lower tail p.
func fLower(d1, d2, p float64) float64 {
	if d1 >= hugeDF {
		return math.Exp(distuv.UnitNormal.Quantile(p) * math.Sqrt(2/d1+2/d2))
	}
	return distuv.F{D1: d1, D2: d2}.Quantile(p)
}

// fUpper returns the quantile of F(d1, d2) with the upper tail p, as
// 1 / F(d2, d1)'s lower quantile: 1 - p would round to 1 (and the
// quantile to +Inf) for p below 1.1e-16, at levels within an ulp of 1.
func fUpper(d1, d2, p float64) float64 {
	return 1 / fLower(d2, d1, p)
}
