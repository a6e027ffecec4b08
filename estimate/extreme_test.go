package estimate

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// levelBelow1 is the largest float64 below 1: 1 - 2^-53.
const levelBelow1 = 1 - 0x1p-53

// relNear reports whether got is within tol of want relative to |want|,
// for tails near 1e-17 where near's absolute tolerance would pass anything.
func relNear(got, want, tol float64) bool { return math.Abs(got-want) <= tol*math.Abs(want) }

// TestZNearOne: levels a hair below 1 give a finite z, the one whose
// normal tail is (1-level)/2, checked against math.Erfc (not gonum):
// 0.5·erfc(z/√2) must give back 2^-54 at the level just below 1.
func TestZNearOne(t *testing.T) {
	for _, level := range []float64{0.999999, 1 - 1e-12, 1 - 1e-15, levelBelow1} {
		z, err := Z(level)
		if err != nil || math.IsInf(z, 0) || math.IsNaN(z) {
			t.Fatalf("Z(%v) = %v, %v; want finite", level, z, err)
		}
		p := (1 - level) / 2
		if back := 0.5 * math.Erfc(z/math.Sqrt2); !relNear(back, p, 1e-12) {
			t.Errorf("Z(%v) = %v: its tail is %v, want %v", level, z, back, p)
		}
	}
	// Tiny levels: z is tiny and +0, never -0.
	if z, err := Z(5e-324); err != nil || z != 0 || math.Signbit(z) {
		t.Errorf("Z(5e-324) = %v, %v; want +0", z, err)
	}
}

// TestTTinyDF: a tiny positive df used to panic inside gonum (5e-324) or
// give NaN (1e-310); now the quantile, beyond float64, is ErrNotFinite.
// df = 0.5 is finite: R 4.2.2 qt(0.975, 0.5) = 164.557673480488.
func TestTTinyDF(t *testing.T) {
	for _, df := range []float64{5e-324, 1e-310, 1e-300, 1e-20, 1e-3} {
		v, err := T(0.95, df)
		var ve *ValueError
		if !errors.Is(err, ErrNotFinite) || !errors.As(err, &ve) || ve.Name != "df" || v != 0 {
			t.Errorf("T(0.95, %v) = %v, %v; want ErrNotFinite naming df", df, v, err)
		}
	}
	if v, err := T(0.95, 0.5); err != nil || !near(v, 164.557673480488, tolR) {
		t.Errorf("T(0.95, 0.5) = %v, %v", v, err)
	}
}

// TestTHugeDF: t tends to z from above as df grows, decreasing in df;
// gonum's quantile gives 3.23 at df = 1e15 and 105 at 1e20. Where
// gonum's CDF is still accurate (df <= 5e4), the expansion's value must
// give back the tail (1-level)/2 through that CDF, an independent check.
func TestTHugeDF(t *testing.T) {
	for _, level := range []float64{0.5, 0.95, 0.999, levelBelow1} {
		z, _ := Z(level)
		prev := math.Inf(1)
		for _, df := range []float64{1e3, 9999, 1e4, 2e4, 5e4, 1e5, 1e6, 1e8, 1e10, 1e15, 1e20, 1e300, math.MaxFloat64} {
			v, err := T(level, df)
			if err != nil || !(v >= z) || !(v <= prev) {
				t.Errorf("T(%v, %g) = %v, %v; want in [z = %v, T at lower df = %v]", level, df, v, err, z, prev)
			}
			prev = v
			if df <= 5e4 {
				p := (1 - level) / 2
				back := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-v)
				if !relNear(back, p, 1e-9) {
					t.Errorf("T(%v, %g) = %v: CDF gives back %v, want %v", level, df, v, back, p)
				}
			}
		}
		if v, _ := T(level, 1e300); v != z {
			t.Errorf("T(%v, 1e300) = %v, want z = %v", level, v, z)
		}
	}
}

// TestTNearOne: levels a hair below 1 give a finite t. With df = 1 the t
// distribution is Cauchy, whose quantile is known in closed form:
// t = 1/tan(π·p) for the tail p = (1-level)/2. For other df the value
// must give back p through gonum's CDF.
func TestTNearOne(t *testing.T) {
	p := (1 - levelBelow1) / 2
	v, err := T(levelBelow1, 1)
	if want := 1 / math.Tan(math.Pi*p); err != nil || !near(v, want, 1e-12) {
		t.Errorf("T(1-2^-53, 1) = %v, %v; want %v", v, err, want)
	}
	for _, df := range []float64{0.7, 2, 4.5, 10, 100, 1000} {
		v, err := T(levelBelow1, df)
		back := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-v)
		if err != nil || !relNear(back, p, 1e-9) {
			t.Errorf("T(1-2^-53, %v) = %v, %v: tail %v, want %v", df, v, err, back, p)
		}
	}
}

// TestSignificant: the zero level means 0.95, as everywhere; levels that
// no test has report false.
func TestSignificant(t *testing.T) {
	d := Difference{P: 0.04}
	for _, c := range []struct {
		level float64
		want  bool
	}{
		{0, true}, {0.95, true}, {0.99, false}, {0.9, true},
		{math.NaN(), false}, {-1, false}, {1, false}, {2, false}, {math.Inf(-1), false},
	} {
		if got := d.Significant(c.level); got != c.want {
			t.Errorf("P 0.04: Significant(%v) = %v, want %v", c.level, got, c.want)
		}
	}
	if (Difference{P: 0.06}).Significant(0) {
		t.Errorf("P 0.06 significant at the default level 0.95")
	}
}

// TestMeanIntervalOverflow: an interval whose ends pass MaxFloat64 was
// (-Inf, +Inf) with a nil error; now it is ErrNotFinite naming sd.
// n = 2, sd = 1e308: t(0.95, 1) = 12.7, so the half-width is about 9e308.
func TestMeanIntervalOverflow(t *testing.T) {
	for _, c := range []struct {
		n        int64
		mean, sd float64
		level    float64
	}{
		{2, 0, 1e308, 0.95},
		{2, 1.7e308, 1e307, 0.95},
		{2, 0, 1e293, levelBelow1}, // t = 5.7e15
	} {
		iv, err := MeanInterval(c.n, c.mean, c.sd, Options{Level: c.level})
		var ve *ValueError
		if !errors.Is(err, ErrNotFinite) || !errors.As(err, &ve) || ve.Name != "sd" || iv != (Interval{}) {
			t.Errorf("MeanInterval(%d, %v, %v, %v) = %+v, %v; want ErrNotFinite", c.n, c.mean, c.sd, c.level, iv, err)
		}
	}
	// Just inside: sd = 1e307 at n = 2 gives a half-width of 9e307.
	if iv, err := MeanInterval(2, 0, 1e307, Options{}); err != nil || math.IsInf(iv.Hi, 0) {
		t.Errorf("MeanInterval(2, 0, 1e307) = %+v, %v", iv, err)
	}
}

// TestValueErrorIntegral: whole values print every digit; 2^62 is
// 4611686018427387904, which %g shortens to 4.611686018427388e+18.
func TestValueErrorIntegral(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0x1p62, "4611686018427387904"},
		{-9007199254740993, "-9007199254740992"}, // 2^53+1 rounds to 2^53
		{0x1p63, "9223372036854775808"},
		{0.95, "0.95"},
		{-3, "-3"},
		{1e300, "1e+300"},
		{0x1p64, "1.8446744073709552e+19"},
		{math.NaN(), "NaN"},
		{math.Inf(-1), "-Inf"},
	} {
		e := &ValueError{Func: "estimate.X", Name: "count", Value: c.v, Index: -1, Err: ErrCount}
		if got := e.Error(); !strings.Contains(got, "count "+c.want+": ") {
			t.Errorf("Error() with value %v = %q, want the value as %s", c.v, got, c.want)
		}
	}
}

// TestNilMoments: a nil *Moments is empty, in Merge as in DiffMeans.
func TestNilMoments(t *testing.T) {
	m := momentsOf([]float64{1, 2, 3})
	before := m
	if err := m.Merge(nil); err != nil || m != before {
		t.Errorf("Merge(nil) = %v, state %+v", err, m)
	}
	for _, c := range [][2]*Moments{{nil, &m}, {&m, nil}, {nil, nil}} {
		if _, err := DiffMeans(c[0], c[1], Options{}); !errors.Is(err, ErrEmpty) {
			t.Errorf("DiffMeans with nil: %v, want ErrEmpty", err)
		}
	}
}

// TestQuantileFuncNotFinite: a kth that returns NaN or ±Inf is reported,
// with the rank it came from, not passed on as the quantile.
func TestQuantileFuncNotFinite(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		kth := func(k int) float64 {
			if k == 3 {
				return bad
			}
			return float64(k)
		}
		// n = 5, type 7, p = 0.5: h = 3, reads x(3).
		q, err := QuantileFunc(5, kth, 0.5, Type7)
		var ve *ValueError
		if !errors.Is(err, ErrNotFinite) || !errors.As(err, &ve) || ve.Index != 3 || q != 0 {
			t.Errorf("kth(3) = %v: QuantileFunc = %v, %v; want ErrNotFinite at index 3", bad, q, err)
		}
	}
}

// TestSmallPValues: p-values below 1.1e-16 used to come out as 0 (gonum's
// normal Survival is 1 - Φ). x1 = 90 of 100 against x2 = 10 of 100:
// p̄ = 0.5, se = sqrt(0.25·0.02) = 0.0707, z = 0.8/0.0707 = 11.3, whose
// two-sided p is about 1.2e-29 (Mills' ratio: 2φ(z)/z).
func TestSmallPValues(t *testing.T) {
	d, err := DiffProportions(90, 100, 10, 100, Options{})
	if err != nil || !(d.P > 1e-30 && d.P < 1e-28) {
		t.Errorf("DiffProportions(90/100, 10/100).P = %v, %v; want about 1.2e-29", d.P, err)
	}
}

// TestDiffMeansHugeDF: with 1e12 values per sample, Welch's df is about
// 2e12, where gonum's t functions drift (its survival gives 0.9 for
// P(T > 1.96) at 1e15); the interval must be the normal one to 1e-9
// and the p-value the normal one to 1e-6.
func TestDiffMeansHugeDF(t *testing.T) {
	var a, b Moments
	// Two point masses per sample: means 1 and 1 + 1e-6, every value 1
	// away from its mean, so s² = n/(n-1) ≈ 1, se ≈ 1e-6 and t ≈ -1.
	_ = a.AddN(0, 1e12)
	_ = a.AddN(2, 1e12)
	_ = b.AddN(1e-6, 1e12)
	_ = b.AddN(2+1e-6, 1e12)
	d, err := DiffMeans(&a, &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	se := math.Sqrt(2 * (2e12 / (2e12 - 1)) / 2e12)
	z, _ := Z(0.95)
	if h := (d.CI.Hi - d.CI.Lo) / 2; !relNear(h, z*se, 1e-9) {
		t.Errorf("half-width %v, want z·se = %v", h, z*se)
	}
	if want := math.Erfc(math.Abs(d.Stat) / math.Sqrt2); !near(d.P, want, 1e-6) || d.P < 0.1 {
		t.Errorf("P = %v, want the normal %v", d.P, want)
	}
}

// TestClopperPearsonNearOne: at the level just below 1, 1 - (1-level)/2
// rounds to 1, and the upper bound came out as 1 whatever x and n. For
// x = 0 the bound has a closed form: Beta(1, n) has CDF 1 - (1-u)^n, so
// Hi = 1 - q^(1/n) with q = (1-level)/2 = 2^-54; for n = 10 that is
// 1 - 2^-5.4 = 0.97632.
func TestClopperPearsonNearOne(t *testing.T) {
	iv, err := Proportion(0, 10, Options{Level: levelBelow1, Method: ClopperPearson})
	if want := 1 - math.Pow(0x1p-54, 0.1); err != nil || !near(iv.Hi, want, 1e-12) || iv.Lo != 0 {
		t.Errorf("ClopperPearson(0/10) at 1-2^-53 = %+v, %v; want Hi %v", iv, err, want)
	}
	for _, m := range []Method{Wilson, AgrestiCoull, ClopperPearson, Jeffreys, Wald} {
		iv, err := Proportion(3, 10, Options{Level: levelBelow1, Method: m})
		if err != nil || !(iv.Lo >= 0 && iv.Lo <= 0.3 && iv.Hi >= 0.3 && iv.Hi <= 1) {
			t.Errorf("%s(3/10) at 1-2^-53 = %+v, %v", m, iv, err)
		}
	}
}

// TestMergeUnequalSizes: merging a small part into a huge one stepped
// from the small part's mean, and the step cancelled it: 66 values of
// 1.4e-76 merged with 3.5e18 values of 1.2e-153 gave a mean of exactly 0
// (found by FuzzMomentsMerge). The expected mean is the weighted mean
// (66·a + nb·b)/(66 + nb), computed exactly in math/big.
func TestMergeUnequalSizes(t *testing.T) {
	const nb = 3458764513820541016
	ma, mb := 1.398043286095289e-76, 1.207373746603704e-153
	num := new(big.Float).SetPrec(400).Mul(big.NewFloat(66), big.NewFloat(ma))
	num.Add(num, new(big.Float).SetPrec(400).Mul(new(big.Float).SetInt64(nb), big.NewFloat(mb)))
	want, _ := num.Quo(num, new(big.Float).SetInt64(66+nb)).Float64()
	for _, order := range []string{"small into huge", "huge into small"} {
		a, b := Moments{n: 66, mean: ma}, Moments{n: nb, mean: mb}
		if order == "huge into small" {
			a, b = b, a
		}
		if err := a.Merge(&b); err != nil || math.Abs(a.mean-want) > 1e-12*want { // relative: near() is absolute at this scale
			t.Errorf("%s: mean %v, %v; want %v", order, a.mean, err, want)
		}
	}
}

// TestMergeLargeSpread: two point masses of 1e18 values each, at 0 and
// 2e140, have mean 1e140 and M2 = δ²·na·nb/n = 4e280·1e18/2 = 2e298,
// finite; computed as δ²·na·nb first, the intermediate 4e316 overflowed
// and AddN refused the values.
func TestMergeLargeSpread(t *testing.T) {
	var m Moments
	if err := m.AddN(0, 1e18); err != nil {
		t.Fatal(err)
	}
	if err := m.AddN(2e140, 1e18); err != nil {
		t.Fatalf("AddN(2e140, 1e18): %v", err)
	}
	if !relNear(m.mean, 1e140, 1e-15) || !relNear(m.m2, 2e298, 1e-15) {
		t.Errorf("mean %v, m2 %v; want 1e140, 2e298", m.mean, m.m2)
	}
}
