package nps

import (
	"math"

	"github.com/servq/servq/estimate"
)

// MiettinenNurminen is the score interval for the difference of two
// independent NPS, the default of [Compare]: every difference d that the
// score test of Miettinen and Nurminen (1985) does not reject, with both
// trinomials fitted under d by maximum likelihood. It is the two-sample
// form of [TangoScore].
const MiettinenNurminen estimate.Method = "miettinen-nurminen"

// Compare returns the change in NPS from before to after, in points
// (d = after.NPS - before.NPS, -200..200; positive means the score rose),
// its confidence interval at o.Level (0 means 0.95) and a two-sided z test
// of "no change". It reads only the counts N, Promoters, Passives and
// Detractors, so results loaded from JSON compare as fresh ones; the
// samples must be independent (two periods or two channels). With z the
// normal critical value, δ = pP - pD of a sample and N = n_a + n_b:
//
//	MiettinenNurminen  {d : (d̂ - d)² <= z²·N/(N-1)·(v(q̃_a)/n_a + v(q̃_b)/n_b)}   (default)
//	AdjustedWald       d' ± z·SE', Rocks's (2016) P + 3/4, D + 3/4, n + 3 per sample
//	Wald               d̂ ± z·SE,  SE = 100·sqrt(v_a/n_a + v_b/n_b)
//
// where, in shares (×100 for points), v = pP + pD - δ² and q̃ are the trinomials of largest likelihood
// with δ_a - δ_b = d (Miettinen and Nurminen 1985, "Comparative analysis
// of two rates", Statistics in Medicine 4, for two binomials; here two
// trinomials). TangoScore is accepted as the same score method. Stat is
// the method's z for d = 0 and P its two-sided p-value, so P < 1 - level
// exactly when the interval excludes 0. Coverage: COVERAGE.md.
//
// Errors: N = 0 returns ErrEmpty; negative counts or counts that do not
// add up to N ErrCount; a bad level ErrLevel; another method ErrMethod;
// Wald with both SEs 0 and d̂ != 0 ErrNoVariance.
func Compare(before, after Result, o estimate.Options) (estimate.Difference, error) {
	const fn = "nps.Compare"
	if err := checkCounts(fn, "before", before); err != nil {
		return estimate.Difference{}, err
	}
	if err := checkCounts(fn, "after", after); err != nil {
		return estimate.Difference{}, err
	}
	level, m, err := o.Resolve(fn, MiettinenNurminen, TangoScore, AdjustedWald, Wald)
	if err != nil {
		return estimate.Difference{}, err
	}
	z, _ := estimate.Z(level)
	if m == MiettinenNurminen || m == TangoScore {
		return scoreCompare(before, after, level, z), nil
	}

	P1, D1, n1 := float64(before.Promoters), float64(before.Detractors), float64(before.N)
	P2, D2, n2 := float64(after.Promoters), float64(after.Detractors), float64(after.N)
	d := 100*(P2-D2)/n2 - 100*(P1-D1)/n1
	if m == AdjustedWald {
		P1, D1, n1 = P1+pseudoPromoters, D1+pseudoPromoters, n1+pseudoN
		P2, D2, n2 = P2+pseudoPromoters, D2+pseudoPromoters, n2+pseudoN
	}
	p1, q1, p2, q2 := P1/n1, D1/n1, P2/n2, D2/n2
	c := 100 * ((p2 - q2) - (p1 - q1))
	se := 100 * math.Sqrt(variance(p1, q1)/n1+variance(p2, q2)/n2)

	out := estimate.Difference{Estimate: d, CI: estimate.Interval{Level: level, Method: m}}
	if se == 0 { // Wald only: both samples constant
		if d != 0 {
			return estimate.Difference{}, valueErr(fn, "difference", d, ErrNoVariance)
		}
		out.P = 1
		return out, nil
	}
	h := z * se
	out.CI.Lo = math.Max(-200, math.Min(c-h, d))
	out.CI.Hi = math.Min(200, math.Max(c+h, d))
	out.Stat = c / se
	out.P = math.Min(1, math.Erfc(math.Abs(out.Stat)/math.Sqrt2))
	return out, nil
}

// checkCounts checks that the category counts of r are >= 0 and add up to
// r.N > 0; which names the result ("before" or "after").
func checkCounts(fn, which string, r Result) error {
	switch {
	case r.N == 0:
		return valueErr(fn, "n of "+which, 0, ErrEmpty)
	case r.N < 0:
		return valueErr(fn, "n of "+which, float64(r.N), ErrCount)
	case r.Promoters < 0:
		return valueErr(fn, "promoters of "+which, float64(r.Promoters), ErrCount)
	case r.Passives < 0:
		return valueErr(fn, "passives of "+which, float64(r.Passives), ErrCount)
	case r.Detractors < 0:
		return valueErr(fn, "detractors of "+which, float64(r.Detractors), ErrCount)
	}
	// Each count is in [0, MaxInt64], so comparing step by step cannot
	// overflow.
	rest := r.N - r.Promoters
	if rest < 0 || rest-r.Passives < 0 || rest-r.Passives != r.Detractors {
		return valueErr(fn, "n of "+which, float64(r.N), countSumErr)
	}
	return nil
}

var countSumErr = wrapf(ErrCount, "promoters, passives and detractors do not add up to n")

// scoreCompare is Compare by the score interval.
func scoreCompare(before, after Result, level, z float64) estimate.Difference {
	a, b := trinomialOf(after), trinomialOf(before)
	lo, hi, stat := scoreDiff(a, b, z)
	d := 100*float64(after.Promoters-after.Detractors)/a.n - 100*float64(before.Promoters-before.Detractors)/b.n
	out := estimate.Difference{
		Estimate: d,
		CI:       estimate.Interval{Lo: math.Min(100*lo, d), Hi: math.Max(100*hi, d), Level: level, Method: MiettinenNurminen},
		Stat:     stat,
		P:        math.Min(1, math.Erfc(math.Abs(stat)/math.Sqrt2)),
	}
	return out
}
