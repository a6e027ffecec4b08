package nps

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// golden returns the x in [lo, hi] that maximises the unimodal f, by
// golden-section search on f's values alone.
func golden(f func(float64) float64, lo, hi float64) float64 {
	const r = 0.6180339887498949
	x1, x2 := hi-r*(hi-lo), lo+r*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for range 200 {
		if hi-lo < 1e-10 {
			break
		}
		if f1 < f2 {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + r*(hi-lo)
			f2 = f(x2)
		} else {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - r*(hi-lo)
			f1 = f(x1)
		}
	}
	return (lo + hi) / 2
}

// xlogy is x·log(y) with 0·log(0) = 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// bruteProfile returns the detractor share that maximises the trinomial
// log-likelihood of s under qP - qD = d, found numerically on the
// likelihood itself (not the closed-form root of restrictedShare), and the
// maximum.
func bruteProfile(s trinomial, d float64) (qD, ll float64) {
	f := func(q float64) float64 {
		return s.n * (xlogy(s.pP, q+d) + xlogy(s.pO, 1-2*q-d) + xlogy(s.pD, q))
	}
	qD = golden(f, math.Max(0, -d), (1-d)/2)
	return qD, f(qD)
}

// bruteVariance is restrictedVariance computed independently: the joint
// restricted fit by a golden-section search over δa of the sum of the two
// numerical profiles, with no derivative and no closed form.
func bruteVariance(a, b trinomial, d float64) float64 {
	joint := func(da float64) float64 {
		_, la := bruteProfile(a, da)
		_, lb := bruteProfile(b, da-d)
		return la + lb
	}
	da := golden(joint, math.Max(-1, d-1), math.Min(1, d+1))
	qa, _ := bruteProfile(a, da)
	qb, _ := bruteProfile(b, da-d)
	db := da - d
	return ((qa+da)+qa-da*da)/a.n + ((qb+db)+qb-db*db)/b.n
}

// bruteInterval returns the score interval in points from bruteVariance,
// its ends by bisection on the sign of (est - d)² - z²·c·V(d).
func bruteInterval(a, b trinomial, z float64) (lo, hi float64) {
	est := (a.pP - a.pD) - (b.pP - b.pD)
	c := (a.n + b.n) / (a.n + b.n - 1)
	out := func(d float64) bool { return (est-d)*(est-d) > z*z*c*bruteVariance(a, b, d) }
	end := func(in, o float64) float64 {
		for range 36 {
			mid := (in + o) / 2
			if out(mid) {
				o = mid
			} else {
				in = mid
			}
		}
		return in
	}
	return 100 * end(est, -2), 100 * end(est, 2)
}

// TestCompareScoreValues checks the default two-sample score interval
// against a published value, a closed form derived by hand, and an
// independent numerical computation.
func TestCompareScoreValues(t *testing.T) {
	// Published: Newcombe (1998), "Interval estimation for the difference
	// between independent proportions: comparison of eleven methods",
	// Statistics in Medicine 17, Table II, the Miettinen-Nurminen score
	// interval for 56/70 - 48/80: 0.0528 to 0.3382 (also the test values
	// of the R package cicalc). With promoters as successes, passives as
	// failures and no detractors, the trinomial fit under each d at the
	// ends puts no mass on the detractors (bruteProfile finds qD = 0), so
	// the NPS interval is the binomial one, in points.
	b := resultOf(t, 48, 32, 0, estimate.Options{})
	a := resultOf(t, 56, 14, 0, estimate.Options{})
	d, err := Compare(b, a, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Round(100*d.CI.Lo)/100 != 5.28 || math.Round(100*d.CI.Hi)/100 != 33.82 || d.Estimate != 20 ||
		d.CI.Method != MiettinenNurminen {
		t.Errorf("56/70 - 48/80: %+v, want 20 [5.28, 33.82]", d)
	}
	for _, dd := range []float64{d.CI.Lo / 100, d.CI.Hi / 100} {
		ta, tb := trinomialOf(a), trinomialOf(b)
		joint := func(da float64) float64 {
			_, la := bruteProfile(ta, da)
			_, lb := bruteProfile(tb, da-dd)
			return la + lb
		}
		da := golden(joint, math.Max(-1, dd-1), math.Min(1, dd+1))
		if qa, _ := bruteProfile(ta, da); qa > 1e-6 {
			t.Errorf("restricted fit at d = %v has detractor share %v, not 0", dd, qa)
		}
	}

	// By hand: n passives in each sample. The restricted fit under d > 0
	// splits it, δa = d/2 and δb = -d/2 (by symmetry), each with v =
	// (d/2)(1 - d/2), so V(d) = d(1 - d/2)/n, and the end solves d² =
	// z²·c·d(1 - d/2)/n with c = 2n/(2n - 1): d = 2z²c/(2n + z²c). For
	// n = 10 at 95 %: z²c = 3.8414588·20/19 = 4.0436409, d = 8.0872817 /
	// 24.0436409 = 0.3363584.
	for _, n := range []int64{1, 10, 250} {
		z, _ := estimate.Z(0.95)
		nf := float64(n)
		c := 2 * nf / (2*nf - 1)
		want := 100 * 2 * z * z * c / (2*nf + z*z*c)
		p := resultOf(t, 0, n, 0, estimate.Options{})
		d, err := Compare(p, p, estimate.Options{})
		if err != nil || !near(d.CI.Hi, want, 1e-12) || !near(d.CI.Lo, -want, 1e-12) || d.Stat != 0 || d.P != 1 {
			t.Errorf("%d passives each: %+v, %v, want ±%v", n, d, err, want)
		}
	}
	if z, _ := estimate.Z(0.95); !near(200*z*z*(20.0/19)/(20+z*z*20/19), 33.63584, 1e-6) {
		t.Errorf("closed form at n = 10: %v", 200*z*z*(20.0/19)/(20+z*z*20/19))
	}

	// Independent computation: the restricted fit by golden-section search
	// on the likelihood (bruteVariance), agreeing to 1e-5 points.
	for _, c := range [][6]int64{ // before P, O, D; after P, O, D
		{5, 3, 2, 40, 40, 20},
		{3, 2, 1, 1, 1, 1},
		{0, 0, 3, 3, 0, 0},
		{12, 15, 3, 6, 139, 16},
		{10, 0, 0, 0, 20, 0},
		{9, 1, 0, 3, 7, 0},
		{200, 500, 300, 260, 480, 260},
		{1, 0, 0, 900, 100, 0},
	} {
		levels := []float64{0.95}
		if c[0] == 5 {
			levels = []float64{0.90, 0.95, 0.99}
		}
		for _, level := range levels {
			b := resultOf(t, c[0], c[1], c[2], estimate.Options{})
			a := resultOf(t, c[3], c[4], c[5], estimate.Options{})
			z, _ := estimate.Z(level)
			lo, hi := bruteInterval(trinomialOf(a), trinomialOf(b), z)
			d, err := Compare(b, a, estimate.Options{Level: level})
			if err != nil || math.Abs(d.CI.Lo-lo) > 1e-5 || math.Abs(d.CI.Hi-hi) > 1e-5 {
				t.Errorf("%v at %v: [%.8f, %.8f], %v; brute force [%.8f, %.8f]", c, level, d.CI.Lo, d.CI.Hi, err, lo, hi)
			}
		}
	}
}

// TestCompareScoreProperties checks with rapid that the default interval
// is the set it claims to be: the score condition holds at points inside
// and fails just outside each end (unless the end is ±200); it holds the
// observed difference; swapping the samples mirrors it; P < 1 - level
// exactly when it excludes 0; and restrictedVariance agrees with the
// numerical fit at a random d.
func TestCompareScoreProperties(t *testing.T) {
	counts := rapid.Int64Range(0, 400)
	rapid.Check(t, func(t *rapid.T) {
		draw := func(name string) Result {
			P, O, D := counts.Draw(t, name+" P"), counts.Draw(t, name+" O"), counts.Draw(t, name+" D")
			if P+O+D == 0 {
				O = 1
			}
			return resultOf(t, P, O, D, estimate.Options{})
		}
		b, a := draw("before"), draw("after")
		level := rapid.Float64Range(0.5, 0.999).Draw(t, "level")
		d, err := Compare(b, a, estimate.Options{Level: level})
		if err != nil {
			t.Fatal(err)
		}
		ta, tb := trinomialOf(a), trinomialOf(b)
		z, _ := estimate.Z(level)
		est := d.Estimate / 100
		c := (ta.n + tb.n) / (ta.n + tb.n - 1)
		excess := func(x float64) float64 { return (est-x)*(est-x) - z*z*c*restrictedVariance(ta, tb, x) }
		lo, hi := d.CI.Lo/100, d.CI.Hi/100
		if !(lo <= est && est <= hi && lo >= -2 && hi <= 2) {
			t.Fatalf("interval %+v", d)
		}
		for _, x := range []float64{lo, (lo + est) / 2, est, (est + hi) / 2, hi} {
			if excess(x) > 1e-12 {
				t.Fatalf("inside point %v has excess %v (%+v)", x, excess(x), d)
			}
		}
		if lo > -2 && excess(lo-1e-7) <= 0 {
			t.Fatalf("just below %v is inside", lo)
		}
		if hi < 2 && excess(hi+1e-7) <= 0 {
			t.Fatalf("just above %v is inside", hi)
		}
		r, err := Compare(a, b, estimate.Options{Level: level})
		if err != nil || !near(r.CI.Lo, -d.CI.Hi, 1e-9) || !near(r.CI.Hi, -d.CI.Lo, 1e-9) || !near(r.Stat, -d.Stat, 1e-9) {
			t.Fatalf("swapped %+v is not the mirror of %+v", r, d)
		}
		if sig := !d.CI.Contains(0); sig != (d.P < 1-level) && math.Abs(math.Abs(d.Stat)-z) > 1e-9 {
			t.Fatalf("interval %+v excludes 0: %v, but P = %v at level %v", d.CI, sig, d.P, level)
		}
		x := rapid.Float64Range(-1.99, 1.99).Draw(t, "d")
		if v, w := restrictedVariance(ta, tb, x), bruteVariance(ta, tb, x); math.Abs(v-w) > 1e-9+1e-6*w {
			t.Fatalf("V(%v) = %v, numerical fit %v", x, v, w)
		}
	})
}
