package estimate

import (
	"errors"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

var allQuantileTypes = [...]QuantileType{Type1, Type2, Type3, Type4, Type5, Type6, Type7, Type8, Type9}

// Samples for the quantile tables: ties, n = 1, n = 2, repeated zeros
// around negative and fractional values, and 1..20 where n·p is a whole
// number for p = 0.1, 0.25, 0.3, 0.5, 0.7, 0.75 and 0.9.
var quantileSamples = map[string][]float64{
	"ties":  {3, 1, 4, 1, 5, 9, 2, 6, 5, 3},
	"one":   {7},
	"two":   {2, 10},
	"six":   {-2.5, 0, 0, 0, 1.25, 8},
	"seq20": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
}

// R 4.2.2: sapply(1:9, function(t) quantile(x, p, type = t, names = FALSE)),
// printed by sprintf("%.15g"). For these p, n·p (and n·p - 1/2) are exact in
// floating point, so R 4.2.2 agrees with the fuzz that R 4.5.0 added for
// types 1..3 (TestQuantileFuzz covers where they differ).
var quantileR = []struct {
	sample string
	p      float64
	want   [9]float64
}{
	{"ties", 0, [9]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
	{"ties", 0.1, [9]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
	{"ties", 0.25, [9]float64{2, 2, 1, 1.5, 2, 1.75, 2.25, 1.91666666666667, 1.9375}},
	{"ties", 0.3, [9]float64{2, 2.5, 2, 2, 2.5, 2.3, 2.7, 2.43333333333333, 2.45}},
	{"ties", 0.5, [9]float64{3, 3.5, 3, 3, 3.5, 3.5, 3.5, 3.5, 3.5}},
	{"ties", 0.7, [9]float64{5, 5, 5, 5, 5, 5, 5, 5, 5}},
	{"ties", 0.75, [9]float64{5, 5, 5, 5, 5, 5.25, 5, 5.08333333333333, 5.0625}},
	{"ties", 0.9, [9]float64{6, 7.5, 6, 6, 7.5, 8.7, 6.3, 7.9, 7.8}},
	{"ties", 1, [9]float64{9, 9, 9, 9, 9, 9, 9, 9, 9}},
	{"one", 0, [9]float64{7, 7, 7, 7, 7, 7, 7, 7, 7}},
	{"one", 0.3, [9]float64{7, 7, 7, 7, 7, 7, 7, 7, 7}},
	{"one", 0.5, [9]float64{7, 7, 7, 7, 7, 7, 7, 7, 7}},
	{"one", 1, [9]float64{7, 7, 7, 7, 7, 7, 7, 7, 7}},
	{"two", 0, [9]float64{2, 2, 2, 2, 2, 2, 2, 2, 2}},
	{"two", 0.1, [9]float64{2, 2, 2, 2, 2, 2, 2.8, 2, 2}},
	{"two", 0.25, [9]float64{2, 2, 2, 2, 2, 2, 4, 2, 2}},
	{"two", 0.3, [9]float64{2, 2, 2, 2, 2.8, 2, 4.4, 2.26666666666667, 2.4}},
	{"two", 0.5, [9]float64{2, 6, 2, 2, 6, 6, 6, 6, 6}},
	{"two", 0.7, [9]float64{10, 10, 2, 5.2, 9.2, 10, 7.6, 9.73333333333333, 9.6}},
	{"two", 0.75, [9]float64{10, 10, 10, 6, 10, 10, 8, 10, 10}},
	{"two", 0.9, [9]float64{10, 10, 10, 8.4, 10, 10, 9.2, 10, 10}},
	{"two", 1, [9]float64{10, 10, 10, 10, 10, 10, 10, 10, 10}},
	{"six", 0, [9]float64{-2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5}},
	{"six", 0.1, [9]float64{-2.5, -2.5, -2.5, -2.5, -2.25, -2.5, -1.25, -2.5, -2.5}},
	{"six", 0.25, [9]float64{0, 0, 0, -1.25, 0, -0.625, 0, -0.208333333333333, -0.15625}},
	{"six", 0.3, [9]float64{0, 0, 0, -0.5, 0, 0, 0, 0, 0}},
	{"six", 0.5, [9]float64{0, 0, 0, 0, 0, 0, 0, 0, 0}},
	{"six", 0.7, [9]float64{1.25, 1.25, 0, 0.249999999999999, 0.874999999999999, 1.125, 0.625, 0.958333333333333, 0.9375}},
	{"six", 0.75, [9]float64{1.25, 1.25, 0, 0.625, 1.25, 2.9375, 0.9375, 1.8125, 1.671875}},
	{"six", 0.9, [9]float64{8, 8, 1.25, 3.95, 7.325, 8, 4.625, 8, 8}},
	{"six", 1, [9]float64{8, 8, 8, 8, 8, 8, 8, 8, 8}},
	{"seq20", 0, [9]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
	{"seq20", 0.1, [9]float64{2, 2.5, 2, 2, 2.5, 2.1, 2.9, 2.36666666666667, 2.4}},
	{"seq20", 0.25, [9]float64{5, 5.5, 5, 5, 5.5, 5.25, 5.75, 5.41666666666667, 5.4375}},
	{"seq20", 0.3, [9]float64{6, 6.5, 6, 6, 6.5, 6.3, 6.7, 6.43333333333333, 6.45}},
	{"seq20", 0.5, [9]float64{10, 10.5, 10, 10, 10.5, 10.5, 10.5, 10.5, 10.5}},
	{"seq20", 0.7, [9]float64{14, 14.5, 14, 14, 14.5, 14.7, 14.3, 14.5666666666667, 14.55}},
	{"seq20", 0.75, [9]float64{15, 15.5, 15, 15, 15.5, 15.75, 15.25, 15.5833333333333, 15.5625}},
	{"seq20", 0.9, [9]float64{18, 18.5, 18, 18, 18.5, 18.9, 18.1, 18.6333333333333, 18.6}},
	{"seq20", 1, [9]float64{20, 20, 20, 20, 20, 20, 20, 20, 20}},
}

// sortedKth returns the kth function of QuantileFunc for a sorted copy of x.
func sortedKth(x []float64) func(int) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return func(k int) float64 { return s[k-1] }
}

func TestQuantileR(t *testing.T) {
	for _, tc := range quantileR {
		x := quantileSamples[tc.sample]
		for i, typ := range allQuantileTypes {
			q, err := Quantile(x, tc.p, typ)
			if err != nil || !near(q, tc.want[i], tolR) {
				t.Errorf("Quantile(%s, %v, %d) = %.15g, %v; want %.15g", tc.sample, tc.p, typ, q, err, tc.want[i])
			}
			qs, err := Quantiles(x, typ, 0.5, tc.p)
			if err != nil || len(qs) != 2 || qs[1] != q {
				t.Errorf("Quantiles(%s, %d, 0.5, %v) = %v, %v; want [_, %v]", tc.sample, typ, tc.p, qs, err, q)
			}
			qf, err := QuantileFunc(len(x), sortedKth(x), tc.p, typ)
			if err != nil || qf != q {
				t.Errorf("QuantileFunc(%s, %v, %d) = %v, %v; want %v", tc.sample, tc.p, typ, qf, err, q)
			}
		}
	}
}

// The zero QuantileType is Type7, the default of R and NumPy.
func TestQuantileDefaultType(t *testing.T) {
	x := quantileSamples["six"]
	q0, err0 := Quantile(x, 0.7, 0)
	q7, err7 := Quantile(x, 0.7, Type7)
	if err0 != nil || err7 != nil || q0 != q7 || q0 != 0.625 {
		t.Errorf("Quantile(six, 0.7, 0) = %v, %v; Type7 gives %v, %v; R gives 0.625", q0, err0, q7, err7)
	}
}

// Where n·p lands within 4ε of a whole number j but not on it, the package
// counts it as whole, as R does since 4.5.0 (its fuzz argument; PR#15811).
// R 4.2.2, used for the other tables, has no fuzz for types 1..3 and gives
// the values in brackets. Expected values by hand from the Hyndman-Fan
// definitions with x = 1..n, so x(j) = j.
func TestQuantileFuzz(t *testing.T) {
	seq10 := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	seq4 := []float64{1, 2, 3, 4}
	a, b := 0.1, 0.2
	above := a + b                   // 0.30000000000000004 at run time: 10p = 3.0000000000000004
	below := math.Nextafter(0.75, 0) // 0.74999999999999989: 4p = 2.9999999999999996 exactly
	if d1, d2 := 10*above-3, 3-4*below; !(0 < d1 && d1 < fuzz && 0 < d2 && d2 < fuzz) {
		t.Fatalf("the cases are not what they claim: %.17g %.17g", 10*above, 4*below)
	}
	for _, tc := range []struct {
		x    []float64
		p    float64
		typ  QuantileType
		want float64
	}{
		// 10p = 3 whole: Type1 gives x(3) = 3 [R 4.2.2: 4, as 10p > 3].
		{seq10, above, Type1, 3},
		// Type2 averages x(3) and x(4): 3.5 [R 4.2.2: 4].
		{seq10, above, Type2, 3.5},
		// Type3: 10p - 1/2 = 2.5000000000000004 is not whole, so x(3)
		// = 3 [R 4.2.2: 3].
		{seq10, above, Type3, 3},
		// 4p = 3 from below: Type1 x(3) = 3 [R 4.2.2: 3, the ceiling].
		{seq4, below, Type1, 3},
		// Type2: (x(3) + x(4))/2 = 3.5 [R 4.2.2: 3].
		{seq4, below, Type2, 3.5},
		// The continuous types had the fuzz in R 4.2.2 already, which
		// gives these (type 4: h = 3 → x(3); type 6: h = 11·0.3 = 3.3; ...).
		{seq10, above, Type4, 3},
		{seq10, above, Type5, 3.5},
		{seq10, above, Type6, 3.3},
		{seq10, above, Type7, 3.7},
		{seq10, above, Type8, 3.43333333333333},
		{seq10, above, Type9, 3.45},
	} {
		q, err := Quantile(tc.x, tc.p, tc.typ)
		if err != nil || !near(q, tc.want, tolR) {
			t.Errorf("Quantile(1..%d, %.17g, %d) = %.15g, %v; want %v", len(tc.x), tc.p, tc.typ, q, err, tc.want)
		}
	}
	// The fuzz is absolute, 4ε, so it stops helping once n·p passes 8:
	// with x = 1..1390 and p = 0.7, n·p = 972.9999999999999 and Type2
	// gives x(973) = 973 rather than (x(973) + x(974))/2 = 973.5 of
	// exact decimal arithmetic. R 4.2.2 gives 973 too (PR#15811's own
	// example); this pins the documented behaviour.
	long := make([]float64, 1390)
	for i := range long {
		long[i] = float64(i + 1)
	}
	if q, err := Quantile(long, 0.7, Type2); err != nil || q != 973 {
		t.Errorf("Quantile(1..1390, 0.7, Type2) = %v, %v; want 973", q, err)
	}
}

// Quantiles stay between the order statistics they interpolate, even at
// the extremes of float64. R 4.2.2 for each case:
//
//	quantile(c(0, 1e300), 0.5 - 2^-51, type = 4)   # 0: h = 1 - 4ε, R takes x(1)
//	sapply(1:9, function(t) quantile(c(-1.7e308, 1.7e308), 0.5, type = t))
func TestQuantileExtremes(t *testing.T) {
	// h = 2p = 1 - 4ε sits exactly at the fuzz below 1: floor(h + fuzz) = 1
	// and g = -4ε, which must not extrapolate below x(1) = 0.
	if q, err := Quantile([]float64{0, 1e300}, 0.5-0x1p-51, Type4); err != nil || q != 0 {
		t.Errorf("Quantile({0, 1e300}, 0.5 - 2^-51, Type4) = %v, %v; want 0", q, err)
	}
	// 1.7e308 - (-1.7e308) overflows; the quantile must not.
	want := [9]float64{-1.7e308, 0, -1.7e308, -1.7e308, 0, 0, 0, -7.9833612381388792e+292, 0}
	x := []float64{-1.7e308, 1.7e308}
	for i, typ := range allQuantileTypes {
		q, err := Quantile(x, 0.5, typ)
		if err != nil || !near(q, want[i], tolR) {
			t.Errorf("Quantile({-1.7e308, 1.7e308}, 0.5, %d) = %v, %v; want %v", typ, q, err, want[i])
		}
	}
}

func TestQuantileDoesNotModify(t *testing.T) {
	x := []float64{3, 1, 2}
	if _, err := Quantile(x, 0.5, Type7); err != nil {
		t.Fatal(err)
	}
	if _, err := Quantiles(x, Type1, 0.1, 0.9); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x, []float64{3, 1, 2}) {
		t.Errorf("input changed to %v", x)
	}
	if qs, err := Quantiles(x, Type7); err != nil || len(qs) != 0 {
		t.Errorf("Quantiles with no p = %v, %v; want empty", qs, err)
	}
}

func TestQuantileErrors(t *testing.T) {
	x := []float64{1, 2, 3}
	for _, tc := range []struct {
		name  string
		err   error
		call  func() error
		field string
		index int
		value float64
	}{
		{"empty", ErrEmpty, func() error { _, err := Quantile(nil, 0.5, 0); return err }, "n", -1, 0},
		{"NaN value", ErrNotFinite, func() error { _, err := Quantile([]float64{1, math.NaN()}, 0.5, 0); return err }, "x", 1, math.NaN()},
		{"Inf value", ErrNotFinite, func() error { _, err := Quantiles([]float64{1, 2, math.Inf(-1)}, 0, 0.5); return err }, "x", 2, math.Inf(-1)},
		{"p > 1", ErrProbability, func() error { _, err := Quantile(x, 1.5, 0); return err }, "p", -1, 1.5},
		{"p < 0", ErrProbability, func() error { _, err := Quantile(x, -0.1, 0); return err }, "p", -1, -0.1},
		{"p NaN", ErrProbability, func() error { _, err := Quantile(x, math.NaN(), 0); return err }, "p", -1, math.NaN()},
		{"second p", ErrProbability, func() error { _, err := Quantiles(x, 0, 0.5, 2); return err }, "p", 1, 2},
		{"only p", ErrProbability, func() error { _, err := Quantiles(x, 0, 2); return err }, "p", 0, 2},
		{"type 10", ErrQuantileType, func() error { _, err := Quantile(x, 0.5, 10); return err }, "type", -1, 10},
		{"type -1", ErrQuantileType, func() error { _, err := Quantile(x, 0.5, -1); return err }, "type", -1, -1},
		{"func n 0", ErrEmpty, func() error { _, err := QuantileFunc(0, sortedKth(x), 0.5, 0); return err }, "n", -1, 0},
		{"func n < 0", ErrEmpty, func() error { _, err := QuantileFunc(-2, sortedKth(x), 0.5, 0); return err }, "n", -1, -2},
		{"func p", ErrProbability, func() error { _, err := QuantileFunc(3, sortedKth(x), 2, 0); return err }, "p", -1, 2},
		{"func type", ErrQuantileType, func() error { _, err := QuantileFunc(3, sortedKth(x), 0.5, 11); return err }, "type", -1, 11},
	} {
		err := tc.call()
		var ve *ValueError
		if !errors.Is(err, tc.err) || !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if ve.Name != tc.field || ve.Index != tc.index || !(ve.Value == tc.value || math.IsNaN(ve.Value) && math.IsNaN(tc.value)) {
			t.Errorf("%s: %+v, want name %s index %d value %v", tc.name, *ve, tc.field, tc.index, tc.value)
		}
	}
}

// Quantiles grow with p and stay within [min, max], for every type, and
// Quantiles agrees with Quantile.
func TestQuantileProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.SliceOfN(rapid.OneOf(
			rapid.Float64Range(-1e6, 1e6),
			rapid.SampledFrom([]float64{0, 1, 2, 2, 5}), // ties
		), 1, 40).Draw(t, "x")
		typ := rapid.SampledFrom(allQuantileTypes[:]).Draw(t, "type")
		p1 := rapid.Float64Range(0, 1).Draw(t, "p1")
		p2 := rapid.Float64Range(p1, 1).Draw(t, "p2")
		qs, err := Quantiles(x, typ, p1, p2)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := slices.Min(x), slices.Max(x)
		if qs[0] > qs[1] || qs[0] < lo || qs[1] > hi {
			t.Fatalf("type %d: q(%v) = %v, q(%v) = %v, range [%v, %v]", typ, p1, qs[0], p2, qs[1], lo, hi)
		}
		if q, err := Quantile(x, p1, typ); err != nil || q != qs[0] {
			t.Fatalf("Quantile = %v, %v; Quantiles gave %v", q, err, qs[0])
		}
		if q, _ := Quantile(x, 0, typ); q != lo {
			t.Fatalf("type %d at p = 0: %v, want min %v", typ, q, lo)
		}
		if q, _ := Quantile(x, 1, typ); q != hi {
			t.Fatalf("type %d at p = 1: %v, want max %v", typ, q, hi)
		}
	})
}

// QuantileFunc over counts per scale point (how a tally holds ratings)
// equals Quantile over the expanded slice, for all nine types.
func TestQuantileFuncCounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		points := []float64{1, 2, 3, 4, 5}
		counts := rapid.SliceOfN(rapid.IntRange(0, 30), len(points), len(points)).Draw(t, "counts")
		var expanded []float64
		for i, c := range counts {
			for range c {
				expanded = append(expanded, points[i])
			}
		}
		if len(expanded) == 0 {
			return
		}
		kth := func(k int) float64 {
			for i, c := range counts {
				if k <= c {
					return points[i]
				}
				k -= c
			}
			t.Fatalf("kth(%d) past n", k)
			return 0
		}
		p := rapid.Float64Range(0, 1).Draw(t, "p")
		for _, typ := range allQuantileTypes {
			want, err := Quantile(expanded, p, typ)
			if err != nil {
				t.Fatal(err)
			}
			got, err := QuantileFunc(len(expanded), kth, p, typ)
			if err != nil || got != want {
				t.Fatalf("type %d, p %v: QuantileFunc = %v, %v; Quantile = %v", typ, p, got, err, want)
			}
		}
	})
}

// FuzzQuantile reads float64 values from the input. Bad input must come
// back as a sentinel; a quantile must be finite, within [min, max], no
// smaller than the quantile at a lower p, and equal to QuantileFunc's.
func FuzzQuantile(f *testing.F) {
	f.Add(floatBytes(3, 1, 4, 1, 5, 9, 2, 6, 5, 3), 0.3, int8(1))
	f.Add(floatBytes(7), 0.5, int8(7))
	f.Add(floatBytes(2, 10), 0.7, int8(3))
	f.Add(floatBytes(-1.7e308, 1.7e308), 0.5, int8(8))
	f.Add(floatBytes(0, 1e300), 0.5-0x1p-51, int8(4))
	f.Add(floatBytes(1, math.NaN()), 0.5, int8(0))
	f.Add([]byte{}, 0.5, int8(7))
	f.Add(floatBytes(1, 2), 1.5, int8(12))
	f.Fuzz(func(t *testing.T, data []byte, p float64, typ int8) {
		x := bytesFloats(data)
		qt := QuantileType(typ)
		q, err := Quantile(x, p, qt)
		if err != nil {
			assertValueError(t, "Quantile", err, "estimate.Quantile", ErrEmpty, ErrNotFinite, ErrProbability, ErrQuantileType)
			return
		}
		assertFinite(t, "Quantile", q)
		lo, hi := slices.Min(x), slices.Max(x)
		if math.IsNaN(q) || q < lo || q > hi {
			t.Fatalf("Quantile(%v, %v, %d) = %v outside [%v, %v]", x, p, typ, q, lo, hi)
		}
		if qf, err := QuantileFunc(len(x), sortedKth(x), p, qt); err != nil || qf != q {
			t.Fatalf("QuantileFunc = %v, %v; Quantile = %v", qf, err, q)
		}
		if q0, err := Quantile(x, p/2, qt); err != nil || q0 > q {
			t.Fatalf("Quantile at %v = %v, %v; above %v at %v", p/2, q0, err, q, p)
		}
	})
}

// BenchmarkQuantile takes the median of 1e5 values, copy and sort included.
func BenchmarkQuantile(b *testing.B) {
	xs := benchValues(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Quantile(xs, 0.5, Type7); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuantileFunc reads the median of 1e5 ratings held as counts per
// point 1..5, without expanding them.
func BenchmarkQuantileFunc(b *testing.B) {
	counts := [5]int{5000, 10000, 20000, 40000, 25000}
	kth := func(k int) float64 {
		for i, c := range counts {
			if k <= c {
				return float64(i + 1)
			}
			k -= c
		}
		return 5
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QuantileFunc(100_000, kth, 0.5, Type7); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuantiles1M compares, in one run, p50/p90/p95 of 1e6 values by
// Quantiles (copy and select), by QuantilesInPlace (select in the caller's
// slice) and the time slices.Sort takes on a copy of the same values, which
// Quantiles must stay below a fifth of.
func BenchmarkQuantiles1M(b *testing.B) {
	xs := benchValues(1_000_000)
	ps := []float64{0.5, 0.9, 0.95}
	b.Run("Quantiles", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Quantiles(xs, Type7, ps...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("InPlace", func(b *testing.B) {
		s := make([]float64, len(xs))
		dst := make([]float64, 0, len(ps))
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			copy(s, xs) // a fresh unpartitioned order each time
			b.StartTimer()
			if _, err := QuantilesInPlace(dst[:0], s, Type7, ps...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SortCopy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := slices.Clone(xs)
			slices.Sort(s)
		}
	})
}
