package estimate

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// sortedQuantiles is the reference the selection must match bit for bit:
// sort a copy, read the order statistics.
func sortedQuantiles(x []float64, t QuantileType, ps []float64) []float64 {
	kth := sortedKth(x)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = quantileOf(len(x), kth, p, t)
	}
	return out
}

// adversarialShapes are the inputs that make naive quicksorts and
// quickselects quadratic.
func adversarialShapes(n int) map[string][]float64 {
	shapes := map[string][]float64{}
	sorted := make([]float64, n)
	reversed := make([]float64, n)
	equal := make([]float64, n)
	organ := make([]float64, n)
	ties := make([]float64, n)
	sawtooth := make([]float64, n)
	for i := range n {
		sorted[i] = float64(i)
		reversed[i] = float64(n - i)
		equal[i] = 42
		organ[i] = float64(min(i, n-1-i))
		ties[i] = float64((i * 7919) % 3) // three distinct values
		sawtooth[i] = float64(i % 17)
	}
	shapes["sorted"], shapes["reversed"], shapes["equal"] = sorted, reversed, equal
	shapes["organ pipe"], shapes["many ties"], shapes["sawtooth"] = organ, ties, sawtooth
	shapes["median-of-3 killer"] = medianOf3Killer(n)
	return shapes
}

// medianOf3Killer returns Musser's (1997, "Introspective sorting and
// selection algorithms", section 4) sequence of even length 2k that drives
// a median-of-three quicksort to k/2 partitions of O(n) each:
// a(i) = i for odd i, k+i-1 for even i (i = 1..k), and a(k+i) = 2i.
func medianOf3Killer(n int) []float64 {
	k := n / 2
	a := make([]float64, 2*k)
	for i := 1; i <= k; i++ {
		if i%2 == 1 {
			a[i-1] = float64(i)
		} else {
			a[i-1] = float64(k + i - 1)
		}
		a[k+i-1] = float64(2 * i)
	}
	return a
}

// TestSelectAdversarial runs the selection of p50/p90/p95 (and of p = 0 and
// 1) over the shapes that make quickselect quadratic, and checks that the
// elements scanned stay within 4·n·log2(n) (a quadratic run on 1e4 values
// scans about 2.5e7; n·log2(n) is 1.3e5) and that the results are those of
// sorting.
func TestSelectAdversarial(t *testing.T) {
	const n = 10_000
	ps := []float64{0, 0.5, 0.9, 0.95, 1}
	bound := 4 * n * bits.Len(n)
	for name, x := range adversarialShapes(n) {
		for _, typ := range []QuantileType{Type1, Type7} {
			want := sortedQuantiles(x, typ, ps)
			s := slices.Clone(x)
			var ks []int
			for _, p := range ps {
				j, g := quantileIndex(len(s), p, typ)
				ks = append(ks, clampRank(len(s), j)-1)
				if g > 0 && j < len(s) {
					ks = append(ks, clampRank(len(s), j+1)-1)
				}
			}
			slices.Sort(ks)
			ks = slices.Compact(ks)
			work := 0
			selectRanks(s, ks, &work)
			if work > bound {
				t.Errorf("%s, type %d: scanned %d elements, above 4·n·log2(n) = %d", name, typ, work, bound)
			}
			got, err := Quantiles(x, typ, ps...)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("%s, type %d: Quantiles = %v, %v; sorting gives %v", name, typ, got, err, want)
			}
		}
	}
}

// TestSelectFallback checks the worst-case guard itself: with no
// partitioning levels left, the selection sorts what remains, and with
// one level it partitions once and then sorts; both must still place
// every rank.
func TestSelectFallback(t *testing.T) {
	x := benchValues(1000)
	want := slices.Clone(x)
	slices.Sort(want)
	for depth := range 3 {
		s := slices.Clone(x)
		ks := []int{0, 499, 500, 899, 999}
		multiSelect(s, 0, ks, depth, nil)
		for _, k := range ks {
			if s[k] != want[k] {
				t.Errorf("depth %d: rank %d = %v, want %v", depth, k, s[k], want[k])
			}
		}
	}
}

// TestQuantilesMatchSorted is the property that selection is invisible:
// for any finite values (ties, signed zeros and extremes included), any
// type and any probabilities, Quantiles, QuantilesInPlace and Quantile
// return the bits that sorting gives.
func TestQuantilesMatchSorted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := rapid.SampledFrom([]float64{0, math.Copysign(0, -1), 1, -1, 2.5, 1e300, -math.MaxFloat64, math.MaxFloat64, 5e-324})
		gen := rapid.OneOf(rapid.Float64Range(-1e6, 1e6), pool, rapid.Map(rapid.Float64Range(-3, 3), math.Round))
		x := rapid.SliceOfN(gen, 1, 300).Draw(t, "x")
		ps := rapid.SliceOfN(rapid.OneOf(rapid.Float64Range(0, 1), rapid.SampledFrom([]float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1})), 1, 8).Draw(t, "ps")
		typ := QuantileType(rapid.IntRange(0, 9).Draw(t, "type"))
		want := sortedQuantiles(x, typ, ps)
		got, err := Quantiles(x, typ, ps...)
		if err != nil {
			t.Fatal(err)
		}
		s := slices.Clone(x)
		inPlace, err := QuantilesInPlace(nil, s, typ, ps...)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ps {
			one, err := Quantile(x, ps[i], typ)
			if err != nil {
				t.Fatal(err)
			}
			w := math.Float64bits(want[i])
			if math.Float64bits(got[i]) != w || math.Float64bits(inPlace[i]) != w || math.Float64bits(one) != w {
				t.Fatalf("p %v type %d: Quantiles %v, InPlace %v, Quantile %v; sorted %v", ps[i], typ, got[i], inPlace[i], one, want[i])
			}
		}
		// In place reorders, never loses or invents a value.
		a, b := slices.Clone(x), s
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("QuantilesInPlace changed the multiset of x")
		}
	})
}

// TestQuantilesInPlaceErrorLeavesX checks that a rejected call leaves the
// caller's slice in its order and dst as it was.
func TestQuantilesInPlaceErrorLeavesX(t *testing.T) {
	x := []float64{5, 3, 1, 4, 2}
	orig := slices.Clone(x)
	dst := []float64{9}
	for _, c := range []struct {
		typ QuantileType
		ps  []float64
	}{{Type7, []float64{0.5, 2}}, {QuantileType(10), []float64{0.5}}, {Type7, []float64{math.NaN()}}} {
		got, err := QuantilesInPlace(dst, x, c.typ, c.ps...)
		if err == nil || !slices.Equal(x, orig) || !slices.Equal(got, dst) {
			t.Errorf("QuantilesInPlace(%v, %d): %v, %v; x now %v", c.ps, c.typ, got, err, x)
		}
	}
	bad := []float64{5, 3, math.Inf(1), 4}
	if _, err := QuantilesInPlace(nil, bad, Type7, 0.5); err == nil || bad[2] != math.Inf(1) || bad[0] != 5 {
		t.Errorf("QuantilesInPlace with Inf: %v, x now %v", err, bad)
	}
}

// TestQuantilesInPlaceAllocs: the in-place form allocates nothing with a
// dst of enough capacity.
func TestQuantilesInPlaceAllocs(t *testing.T) {
	x := benchValues(1000)
	dst := make([]float64, 0, 3)
	allocs := testing.AllocsPerRun(20, func() {
		var err error
		if _, err = QuantilesInPlace(dst[:0], x, Type7, 0.5, 0.9, 0.95); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("QuantilesInPlace: %v allocations per call, want 0", allocs)
	}
}

// TestQuantileFuncLargeN checks the position arithmetic at counts where
// float64(n) is no longer exact, with a kth that steps at a known rank.
// n = MaxInt64 = 2^63 - 1:
//   - Type7 median: h = 1 + (n-1)/2 = 2^62 exactly, so the median is
//     x(2^62); float64 arithmetic rounds n-1 to 2^63 and reads x(2^62+1).
//   - p = 1 reads x(n) for every type; int(float64(n)) would overflow to
//     a negative index and read x(1).
//   - Type1 at p = 1/2: n·p = 2^62 - 1/2, so Q = x(⌈n·p⌉) = x(2^62).
//   - Type6 at p = 1/2: h = (n+1)/2 = 2^62 exactly, x(2^62).
//   - Type4 at p = 1/2: h = n/2 = 2^62 - 1/2, halfway between x(2^62-1)
//     and x(2^62).
func TestQuantileFuncLargeN(t *testing.T) {
	const n = math.MaxInt64
	const k = 1 << 62
	step := func(k0 int) func(int) float64 {
		return func(i int) float64 {
			switch {
			case i < k0:
				return 0
			case i == k0:
				return 1
			}
			return 2
		}
	}
	cases := []struct {
		p    float64
		typ  QuantileType
		kth  func(int) float64
		want float64
	}{
		{0.5, Type7, step(k), 1},
		{0.5, Type1, step(k), 1},
		{0.5, Type6, step(k), 1},
		{0.5, Type4, step(k), 0.5},
		{0, Type7, step(1), 1},
	}
	for _, typ := range allQuantileTypes {
		cases = append(cases, struct {
			p    float64
			typ  QuantileType
			kth  func(int) float64
			want float64
		}{1, typ, step(n), 1})
	}
	for _, c := range cases {
		got, err := QuantileFunc(n, c.kth, c.p, c.typ)
		if err != nil || got != c.want {
			t.Errorf("QuantileFunc(MaxInt64, p %v, type %d) = %v, %v; want %v", c.p, c.typ, got, err, c.want)
		}
	}
}

// TestExactProduct checks the split of n·p on values computed by hand:
// 3·0.5 = 1 + 0.5; (2^63-1)·0.5 = 2^62-1 + 0.5; (2^62)·0.75 = 3·2^60 + 0;
// 10·0.1 = 1 + 2^-54·10·… (0.1 is 0x1.999999999999ap-4, so 10·0.1 is
// 1 + 5.55e-17 exactly).
func TestExactProduct(t *testing.T) {
	cases := []struct {
		n    uint64
		p    float64
		w    uint64
		frac float64
	}{
		{3, 0.5, 1, 0.5},
		{math.MaxInt64, 0.5, 1<<62 - 1, 0.5},
		{1 << 62, 0.75, 3 << 60, 0},
		{10, 0.1, 1, 0x1p-54},
		{math.MaxInt64, 1, math.MaxInt64, 0},
		{math.MaxInt64, 0, 0, 0},
	}
	for _, c := range cases {
		w, f := exactProduct(c.n, c.p)
		if w != c.w || f != c.frac {
			t.Errorf("exactProduct(%d, %v) = %d + %v; want %d + %v", c.n, c.p, w, f, c.w, c.frac)
		}
	}
}

// TestExactProductBig checks exactProduct against math/big on random
// counts above 2^53 and probabilities over their whole exponent range
// (down to 2^-80, where the whole part is 0 and only the fraction is left):
// the whole part must be exact and the fraction within 1e-15.
func TestExactProductBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Uint64Range(1<<53, math.MaxInt64).Draw(t, "n")
		p := math.Ldexp(rapid.Float64Range(0.5, 1).Draw(t, "frac"), -rapid.IntRange(0, 80).Draw(t, "exp"))
		w, f := exactProduct(n, p)
		prod := new(big.Float).SetPrec(256).SetUint64(n)
		prod.Mul(prod, new(big.Float).SetPrec(256).SetFloat64(p))
		whole, _ := prod.Int(nil)
		frac, _ := new(big.Float).SetPrec(256).Sub(prod, new(big.Float).SetPrec(256).SetInt(whole)).Float64()
		if !whole.IsUint64() || whole.Uint64() != w || math.Abs(frac-f) > 1e-15 {
			t.Fatalf("exactProduct(%d, %v) = %d + %v; big gives %v + %v", n, p, w, f, whole, frac)
		}
	})
}

// TestQuantileIndexLarge compares the integer position arithmetic above
// 2^53 with the Hyndman-Fan definition evaluated exactly in math/big:
// h = a + p(n + 1 - a - b) for types 4..9, n·p (minus 1/2 for type 3) for
// types 1..3. The order statistic must agree, and the weight to 1e-12;
// where the exact weight is within 1e-12 of a whole number, the two may
// round to neighbouring order statistics.
func TestQuantileIndexLarge(t *testing.T) {
	ab := map[QuantileType][2]float64{Type4: {0, 1}, Type5: {0.5, 0.5}, Type6: {0, 0}, Type7: {1, 1}, Type8: {1.0 / 3, 1.0 / 3}, Type9: {3.0 / 8, 3.0 / 8}}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1<<53+1, math.MaxInt64).Draw(t, "n")
		p := rapid.OneOf(rapid.Float64Range(0, 1), rapid.SampledFrom([]float64{0, 1, 0.5, 0.25, 1e-20})).Draw(t, "p")
		typ := QuantileType(rapid.IntRange(1, 9).Draw(t, "type"))
		j, g := quantileIndex(n, p, typ)
		bf := func(v float64) *big.Float { return new(big.Float).SetPrec(256).SetFloat64(v) }
		nb := new(big.Float).SetPrec(256).SetInt64(int64(n))
		var h *big.Float
		if typ <= Type3 {
			h = new(big.Float).SetPrec(256).Mul(nb, bf(p))
			if typ == Type3 {
				h.Sub(h, bf(0.5))
			}
		} else {
			a, b := ab[typ][0], ab[typ][1]
			h = new(big.Float).SetPrec(256).Add(nb, bf(1-a-b))
			h.Mul(h, bf(p))
			h.Add(h, bf(a))
		}
		whole, _ := h.Int(nil)
		if h.Sign() < 0 {
			whole.Sub(whole, bigOne) // floor, not truncation
		}
		frac, _ := new(big.Float).SetPrec(256).Sub(h, new(big.Float).SetPrec(256).SetInt(whole)).Float64()
		wj := whole.Int64()
		if typ <= Type3 {
			// Steps: away from a whole h every type reads x(⌊h⌋+1) alone,
			// clamped to 1..n (g = 1 reads x(j+1)).
			want := max(1, min(int64(n), wj+1))
			if frac > 1e-12 && frac < 1-1e-12 && (g != 1 || int64(clampRank(n, j+1)) != want) {
				t.Fatalf("type %d n %d p %v: j %d g %v; exact h = %v + %v", typ, n, p, j, g, whole, frac)
			}
			return
		}
		switch {
		case frac > 1e-12 && frac < 1-1e-12:
			if int64(j) != wj || math.Abs(g-frac) > 1e-12 {
				t.Fatalf("type %d n %d p %v: j %d g %v; exact h = %v + %v", typ, n, p, j, g, whole, frac)
			}
		case frac <= 1e-12:
			if !(int64(j) == wj && g <= 1e-12 || int64(j) == wj-1 && g >= 1-1e-12) {
				t.Fatalf("type %d n %d p %v: j %d g %v; exact h = %v + %v", typ, n, p, j, g, whole, frac)
			}
		default:
			if !(int64(j) == wj && g >= 1-1e-12 || int64(j) == wj+1 && g <= 1e-12) {
				t.Fatalf("type %d n %d p %v: j %d g %v; exact h = %v + %v", typ, n, p, j, g, whole, frac)
			}
		}
	})
}

var bigOne = big.NewInt(1)

// TestQuantilesNoProbabilities: asking for no quantiles is not an error
// and returns an empty, non-nil result; bad data is still reported.
func TestQuantilesNoProbabilities(t *testing.T) {
	if q, err := Quantiles([]float64{3, 1}, Type7); err != nil || q == nil || len(q) != 0 {
		t.Errorf("Quantiles with no ps = %#v, %v", q, err)
	}
	if _, err := Quantiles([]float64{math.NaN()}, Type7); err == nil {
		t.Errorf("Quantiles with no ps accepted NaN data")
	}
}
