package estimate

import "math"

// A Difference is the difference a - b between two estimates, with its
// confidence interval and a two-sided test of "no difference".
type Difference struct {
	// Estimate is a - b, in the units of the two estimates.
	Estimate float64 `json:"estimate"`
	// CI is the interval for the difference.
	CI Interval `json:"ci"`
	// Stat is the test statistic: z for proportions, Welch's t for means.
	Stat float64 `json:"stat"`
	// DF is the degrees of freedom of a t statistic; 0 for a z statistic.
	DF float64 `json:"df,omitempty"`
	// P is the two-sided p-value of the test that the difference is zero.
	P float64 `json:"p"`
}

// Significant reports whether P < 1 - level, the test's verdict at that
// level (0.95 asks whether P < 0.05). A zero level means [DefaultLevel],
// as in [Options]; any other level outside (0, 1), NaN included, reports
// false, since no test has such a level. Note that a p-value and an
// interval computed by different methods can disagree at the margin.
func (d Difference) Significant(level float64) bool {
	if level == 0 {
		level = DefaultLevel
	}
	if !(level > 0 && level < 1) {
		return false
	}
	return d.P < 1-level
}

// DiffProportions compares two binomial proportions, p1 = x1/n1 and
// p2 = x2/n2, and returns d = p1 - p2 as a fraction in [-1, 1]. The
// interval is by default Newcombe's (1998) hybrid score interval (his
// method 10), close to nominal coverage at small n and near 0 or 1; with
// (l_i, u_i) the Wilson interval of p_i:
//
//	Lo = d - sqrt((p1 - l1)² + (u2 - p2)²)
//	Hi = d + sqrt((u1 - p1)² + (p2 - l2)²)
//
// Method Wald gives d ± z·sqrt(p1q1/n1 + p2q2/n2), clipped to [-1, 1], for
// comparison only. The p-value is that of the pooled z test (Pearson's
// chi-square of the 2x2 table without continuity correction), from erfc
// so that small p-values keep their digits:
//
//	z = d / sqrt(p̄(1-p̄)(1/n1 + 1/n2)),  p̄ = (x1 + x2)/(n1 + n2)
//
// When p̄ is 0 or 1, z = 0 and P = 1. The test and the interval can
// disagree when P is near 1 - level. Errors are those of [Proportion] for
// either sample, and ErrMethod for a method other than Newcombe or Wald.
func DiffProportions(x1, n1, x2, n2 int64, o Options) (Difference, error) {
	const fn = "estimate.DiffProportions"
	if err := checkCountsNamed(fn, "x1", "n1", x1, n1); err != nil {
		return Difference{}, err
	}
	if err := checkCountsNamed(fn, "x2", "n2", x2, n2); err != nil {
		return Difference{}, err
	}
	level, z, method, err := resolveZ(fn, o, Newcombe, Wald)
	if err != nil {
		return Difference{}, err
	}
	f1, m1, f2, m2 := float64(x1), float64(n1), float64(x2), float64(n2)
	p1, p2 := f1/m1, f2/m2
	d := Difference{Estimate: p1 - p2}
	switch method {
	case Newcombe:
		l1, u1 := wilson(f1, m1, z)
		l2, u2 := wilson(f2, m2, z)
		// Mathematically within [-1, 1]; rounding can step a hair out
		// (0/1 - 1/1 at level 0.0625 gave Lo = -1.0000000000000002).
		d.CI.Lo = math.Max(-1, d.Estimate-math.Hypot(p1-l1, u2-p2))
		d.CI.Hi = math.Min(1, d.Estimate+math.Hypot(u1-p1, p2-l2))
	case Wald:
		h := z * math.Sqrt(p1*(1-p1)/m1+p2*(1-p2)/m2)
		d.CI.Lo = math.Max(-1, d.Estimate-h)
		d.CI.Hi = math.Min(1, d.Estimate+h)
	}
	d.CI.Level, d.CI.Method = level, method
	// Rounding can push a bound a hair past the estimate when a
	// proportion sits at 0 or 1; the interval must hold the estimate.
	d.CI.Lo = math.Min(d.CI.Lo, d.Estimate)
	d.CI.Hi = math.Max(d.CI.Hi, d.Estimate)

	pool := (f1 + f2) / (m1 + m2)
	if se := math.Sqrt(pool * (1 - pool) * (1/m1 + 1/m2)); se > 0 {
		d.Stat = d.Estimate / se
		d.P = twoSidedNormalP(d.Stat)
	} else {
		d.Stat, d.P = 0, 1
	}
	return d, nil
}

// DiffMeans compares two sample means by Welch's (1947) unequal-variance t
// test and returns mean_a - mean_b, in the units of the values, with the
// Welch t interval and two-sided p-value:
//
//	se = sqrt(s_a²/n_a + s_b²/n_b)
//	t  = (mean_a - mean_b) / se
//	df = se⁴ / ((s_a²/n_a)²/(n_a-1) + (s_b²/n_b)²/(n_b-1))   (Welch-Satterthwaite)
//	CI = (mean_a - mean_b) ± t_{1-α/2, df} · se
//
// This matches R's t.test(a, b) (var.equal = FALSE); from df = 1e6 the
// p-value uses a normal approximation of the t tail (see METHODS.md).
// Options.Method must be empty or Welch.
//
// Each sample needs two values or more (ErrEmpty, ErrTooFew otherwise). If
// both samples are constant, se = 0: equal means give Estimate 0, the
// interval [0, 0], Stat 0 and P = 1; different means return ErrNoVariance.
// Means so large (near ±1.8e308) that their difference or interval
// overflows return ErrNotFinite. A nil a or b is an empty sample
// (ErrEmpty), as a nil [Moments] is to [Moments.Merge].
func DiffMeans(a, b *Moments, o Options) (Difference, error) {
	const fn = "estimate.DiffMeans"
	if a == nil {
		a = new(Moments)
	}
	if b == nil {
		b = new(Moments)
	}
	for _, s := range []struct {
		name string
		n    int64
	}{{"n of a", a.n}, {"n of b", b.n}} {
		if s.n == 0 {
			return Difference{}, valueErr(fn, s.name, 0, ErrEmpty)
		}
		if s.n == 1 {
			return Difference{}, valueErr(fn, s.name, 1, ErrTooFew)
		}
	}
	level, _, err := o.Resolve(fn, Welch)
	if err != nil {
		return Difference{}, err
	}
	na, nb := float64(a.n), float64(b.n)
	va := a.m2 / (na - 1) / na // s_a²/n_a
	vb := b.m2 / (nb - 1) / nb
	se2 := va + vb
	d := Difference{Estimate: a.mean - b.mean, CI: Interval{Level: level, Method: Welch}}
	if math.IsInf(d.Estimate, 0) {
		return Difference{}, valueErr(fn, "difference", d.Estimate, ErrNotFinite)
	}
	if se2 == 0 {
		if d.Estimate != 0 {
			return Difference{}, valueErr(fn, "difference", d.Estimate, ErrNoVariance)
		}
		d.P, d.DF = 1, na+nb-2
		return d, nil
	}
	se := math.Sqrt(se2)
	// se⁴ / (va²/(na-1) + vb²/(nb-1)), with the ratios taken first so
	// that values near 1e80 do not overflow the squares to Inf/Inf.
	ra, rb := va/se2, vb/se2
	d.DF = 1 / (ra*ra/(na-1) + rb*rb/(nb-1))
	d.Stat = d.Estimate / se
	d.P = twoSidedTP(d.Stat, d.DF)
	h := tOf(level, d.DF) * se
	d.CI.Lo, d.CI.Hi = d.Estimate-h, d.Estimate+h
	for _, v := range []float64{d.Estimate, d.Stat, d.DF, d.P, d.CI.Lo, d.CI.Hi} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// Means near ±MaxFloat64 whose difference overflows.
			return Difference{}, valueErr(fn, "difference", d.Estimate, ErrNotFinite)
		}
	}
	return d, nil
}
