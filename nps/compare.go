package nps

import (
	"math"

	"github.com/servq/servq/estimate"
)

// Compare returns the change in NPS from before to after, in points
// (after.NPS - before.NPS, -200..200; positive means the score rose), its
// confidence interval at o.Level (0 means 0.95) and a two-sided z test of
// "no change". It reads only the counts N, Promoters, Passives and
// Detractors, so results loaded from JSON compare as fresh ones; the
// samples must be independent (two periods or two channels):
//
//	d  = NPS_after - NPS_before
//	SE = 100·sqrt(v_b/n_b + v_a/n_a),  v = pP + pD - (pP - pD)²
//
// Methods: AdjustedWald (default) d' ± z·SE' with Rocks's (2016)
// pseudo-observations added to each sample; Wald d ± z·SE. Stat and P are
// of the method's own difference and SE, so P < 1 - level exactly when
// the interval excludes 0; the interval is stretched to hold d and
// clipped to [-200, 200]. Coverage: COVERAGE.md.
//
// Errors: N = 0 returns ErrEmpty; negative counts or counts that do not
// add up to N ErrCount; a bad level ErrLevel; another method ErrMethod;
// Wald with both SEs 0 and d != 0 ErrNoVariance.
func Compare(before, after Result, o estimate.Options) (estimate.Difference, error) {
	const fn = "nps.Compare"
	if err := checkCounts(fn, "before", before); err != nil {
		return estimate.Difference{}, err
	}
	if err := checkCounts(fn, "after", after); err != nil {
		return estimate.Difference{}, err
	}
	level, m, err := o.Resolve(fn, AdjustedWald, Wald)
	if err != nil {
		return estimate.Difference{}, err
	}
	z, _ := estimate.Z(level)

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
