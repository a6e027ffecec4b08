package estimate

import (
	"math"
	"math/bits"
	"slices"
)

// A QuantileType selects one of the nine sample quantile definitions of
// Hyndman and Fan (1996), numbered as in their paper and in R's quantile().
// The zero value means Type7.
//
// With x(1) <= … <= x(n) the order statistics and p the probability, the
// continuous types 4..9 interpolate linearly at position
//
//	h = a + p(n + 1 - a - b),  Q = x(⌊h⌋) + (h - ⌊h⌋)(x(⌊h⌋+1) - x(⌊h⌋))
//
// with h clamped to [1, n]. The discontinuous types 1..3 step.
type QuantileType int

// The nine Hyndman-Fan definitions.
const (
	// Type1 is the inverse of the empirical distribution function:
	// Q = x(⌈np⌉), and x(1) at p = 0. SAS definition 3.
	Type1 QuantileType = 1
	// Type2 is Type1 with averaging at discontinuities: when np is a
	// whole number j, Q = (x(j) + x(j+1))/2. SAS definition 5.
	Type2 QuantileType = 2
	// Type3 is the observation nearest to np - 1/2, ties to the even
	// order statistic. SAS definition 2.
	Type3 QuantileType = 3
	// Type4 interpolates the empirical distribution function: a=0, b=1,
	// h = np. SAS definition 1.
	Type4 QuantileType = 4
	// Type5 is piecewise linear with knots at the midpoints of the steps:
	// a = b = 1/2, h = np + 1/2. Popular in hydrology.
	Type5 QuantileType = 5
	// Type6 uses p(k) = k/(n+1), the mean of the distribution of the
	// k-th uniform order statistic: a = b = 0, h = (n+1)p. Minitab's and
	// SPSS's definition, SAS definition 4.
	Type6 QuantileType = 6
	// Type7 uses p(k) = (k-1)/(n-1), the mode of the uniform order
	// statistic: a = b = 1, h = (n-1)p + 1. The default of R, NumPy and
	// spreadsheets' PERCENTILE/PERCENTILE.INC, and of this package.
	Type7 QuantileType = 7
	// Type8 is approximately median-unbiased whatever the distribution:
	// a = b = 1/3, h = (n + 1/3)p + 1/3. Hyndman and Fan's recommendation.
	Type8 QuantileType = 8
	// Type9 is approximately unbiased for the expected order statistics of
	// a normal distribution (Blom 1958): a = b = 3/8, h = (n + 1/4)p + 3/8.
	Type9 QuantileType = 9
)

// Quantile returns the p-quantile (0 <= p <= 1) of the values in x by
// definition t (0 means Type7), in the units of x. x is not modified: the
// values are copied and the one or two order statistics the definition
// reads are selected (see [Quantiles]), in O(n) expected and O(n log n)
// worst-case time. A zero result is +0 whatever the signs of zero in x.
//
// Errors: an empty x returns ErrEmpty; a NaN or infinite value returns
// ErrNotFinite with its index; p outside [0, 1] returns ErrProbability; t
// outside 0..9 returns ErrQuantileType.
func Quantile(x []float64, p float64, t QuantileType) (float64, error) {
	var out [1]float64
	q, err := quantiles("estimate.Quantile", out[:0], x, false, t, p)
	if err != nil {
		return 0, err
	}
	return q[0], nil
}

// Quantiles returns the quantiles of x at each of ps, in that order, by
// definition t, from one copy of x. It does not sort the copy: it selects
// only the order statistics that the probabilities need (at most two per
// probability), partitioning with Hoare's scheme around a median-of-three
// or ninther pivot and narrowing to the part that holds the next needed
// rank (Hoare's FIND, 1961; Tukey's ninther, Bentley and McIlroy 1993).
// After 2·log2(n) levels it sorts what is left with [slices.Sort], so the
// worst case is O(n log n) whatever the input (sorted, reversed, organ
// pipe, all equal, median-of-3 killers); the expected cost is O(n).
//
// The results are bit for bit those of sorting x and reading the order
// statistics, for all nine types. No ps gives an empty result. Errors are
// those of [Quantile], the index of a bad probability being its position
// in ps.
func Quantiles(x []float64, t QuantileType, ps ...float64) ([]float64, error) {
	return quantiles("estimate.Quantiles", make([]float64, 0, len(ps)), x, false, t, ps...)
}

// QuantilesInPlace is [Quantiles] without the copy: it appends the
// quantiles of x at ps to dst and returns the extended slice, reordering
// x in place (x ends up partitioned around the order statistics read,
// but not sorted). Use it when x is scratch space the caller no longer
// needs in its original order; with a dst of capacity len(ps) and at most
// 8 probabilities it allocates nothing. dst must not share memory with x.
//
// Errors are those of [Quantiles]; on error x is unchanged and dst is
// returned as it was.
func QuantilesInPlace(dst, x []float64, t QuantileType, ps ...float64) ([]float64, error) {
	return quantiles("estimate.QuantilesInPlace", dst, x, true, t, ps...)
}

// quantiles validates its arguments, then selects in x itself (inPlace) or
// in a copy the order statistics that ps need, and appends the quantiles
// to dst.
func quantiles(fn string, dst, x []float64, inPlace bool, t QuantileType, ps ...float64) ([]float64, error) {
	if len(x) == 0 {
		return dst, valueErr(fn, "n", 0, ErrEmpty)
	}
	for i, v := range x {
		if v-v != 0 { // NaN or ±Inf
			return dst, &ValueError{Func: fn, Name: "x", Value: v, Index: i, Err: ErrNotFinite}
		}
	}
	// Quantile's single p is not in a sequence; the ps of the others are,
	// even when there is only one.
	if err := checkQuantileArgs(fn, t, ps, fn != "estimate.Quantile"); err != nil {
		return dst, err
	}
	s := x
	if !inPlace {
		s = slices.Clone(x)
	}
	n := len(s)
	var buf [16]int
	ks := buf[:0]
	for _, p := range ps {
		j, g := quantileIndex(n, p, t)
		ks = append(ks, clampRank(n, j)-1)
		if g > 0 && j < n {
			ks = append(ks, clampRank(n, j+1)-1)
		}
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	selectRanks(s, ks, nil)
	kth := func(k int) float64 { return s[k-1] }
	for _, p := range ps {
		dst = append(dst, quantileOf(n, kth, p, t))
	}
	return dst, nil
}

// QuantileFunc returns the p-quantile of n ordered values that it reads
// through kth, where kth(k) is the k-th smallest value for k = 1..n. It
// serves data held in another form, such as counts per scale point, without
// expanding it: kth is called at most twice (four times to name a value
// that is not finite). kth must be non-decreasing in
// k; QuantileFunc does not check. Any n up to MaxInt is exact: above 2^53,
// where float64(n) rounds, the position is computed in integers.
//
// Errors: n <= 0 returns ErrEmpty; p outside [0, 1] ErrProbability; t
// outside 0..9 ErrQuantileType; a NaN or infinite value from kth
// ErrNotFinite, with the k it came from as the index. kth nil panics.
func QuantileFunc(n int, kth func(k int) float64, p float64, t QuantileType) (float64, error) {
	const fn = "estimate.QuantileFunc"
	if n <= 0 {
		return 0, valueErr(fn, "n", float64(n), ErrEmpty)
	}
	if err := checkQuantileArgs(fn, t, []float64{p}, false); err != nil {
		return 0, err
	}
	q := quantileOf(n, kth, p, t)
	if q-q == 0 {
		return q, nil
	}
	// The quantile is not finite only if a value it read is not: find it.
	j, _ := quantileIndex(n, p, t)
	k := clampRank(n, j)
	if v := kth(k); v-v == 0 {
		k = clampRank(n, j+1)
	}
	return 0, &ValueError{Func: fn, Name: "kth", Value: kth(k), Index: k, Err: ErrNotFinite}
}

// checkQuantileArgs checks the type and the probabilities; seq says whether
// ps is the caller's slice, whose indexes an error reports.
func checkQuantileArgs(fn string, t QuantileType, ps []float64, seq bool) error {
	if t < 0 || t > 9 {
		return valueErr(fn, "type", float64(t), ErrQuantileType)
	}
	for i, p := range ps {
		if !(p >= 0 && p <= 1) {
			idx := i
			if !seq {
				idx = -1
			}
			return &ValueError{Func: fn, Name: "p", Value: p, Index: idx, Err: ErrProbability}
		}
	}
	return nil
}

// fuzz absorbs rounding in n·p so that, for example, (0.1+0.2)·10, which
// is 3.0000000000000004 in floating point, counts as the whole number 3 (as
// R does, with the same absolute tolerance; like R's, it stops helping once
// n·p is above about 8, where one rounding step exceeds it).
const fuzz = 4 * 2.220446049250313e-16

// quantileOf computes the quantile with valid arguments, reading the order
// statistics through kth. Order statistics outside 1..n are clamped to
// x(1) and x(n). A zero result is +0, so that the sign of a zero does not
// depend on which of several equal zeros an algorithm put at a rank.
func quantileOf(n int, kth func(int) float64, p float64, t QuantileType) float64 {
	j, g := quantileIndex(n, p, t)
	lo := kth(clampRank(n, j))
	if g <= 0 || j >= n {
		return lo + 0
	}
	hi := kth(clampRank(n, j+1))
	if g >= 1 || lo == hi {
		return hi + 0
	}
	d := hi - lo
	if math.IsInf(d, 0) {
		// x(j) and x(j+1) near -MaxFloat64 and +MaxFloat64: the
		// weighted sum cannot overflow where the difference does.
		return (1-g)*lo + g*hi + 0
	}
	q := lo + g*d
	if lo < hi {
		// Rounding in hi - lo can carry q a hair past hi.
		q = min(max(q, lo), hi)
	}
	return q + 0
}

func clampRank(n, k int) int { return max(1, min(n, k)) }

// quantileIndex returns the order statistic j and the weight g of the
// quantile at p by type t: Q = (1-g)·x(j) + g·x(j+1), with g = 0 meaning
// x(j) alone, and j possibly outside 1..n (clamped by the caller). As in
// R, g outside (0, 1) takes the nearer order statistic: g can be a hair
// below 0 when h is within fuzz below a whole number, and must not
// extrapolate.
//
// Up to 2^53 values it computes n·p in float64 exactly as R does, so that
// results match R's to the bit. Above, float64(n) is no longer exact and
// the position is computed in integers (see exactProduct).
func quantileIndex(n int, p float64, t QuantileType) (j int, g float64) {
	if t == 0 {
		t = Type7
	}
	var a, b float64
	switch t {
	case Type4:
		a, b = 0, 1
	case Type5:
		a, b = 0.5, 0.5
	case Type6:
		a, b = 0, 0
	case Type7:
		a, b = 1, 1
	case Type8:
		a, b = 1.0/3, 1.0/3
	case Type9:
		a, b = 3.0/8, 3.0/8
	}
	if n > 1<<53 {
		return quantileIndexLarge(n, p, t, a, b)
	}
	nf := float64(n)
	if t <= Type3 {
		np := nf * p
		if t == Type3 {
			np -= 0.5
		}
		jf := math.Floor(np + fuzz)
		return int(jf), discreteWeight(t, int(jf), math.Abs(np-jf) <= fuzz)
	}
	h := a + p*(nf+1-a-b)
	jf := math.Floor(h + fuzz)
	g = h - jf
	if math.Abs(g) < fuzz {
		g = 0
	}
	return int(jf), g
}

// discreteWeight is the weight of x(j+1) for the step types 1..3, where
// whole says whether n·p (n·p - 1/2 for type 3) is the whole number j.
func discreteWeight(t QuantileType, j int, whole bool) float64 {
	switch {
	case !whole:
		return 1
	case t == Type2:
		return 0.5
	case t == Type3 && j%2 != 0:
		return 1
	}
	return 0
}

// quantileIndexLarge is quantileIndex for n > 2^53, with n·p split exactly
// into a whole part and a fraction, so that j is exact for every n up to
// MaxInt64 and nothing overflows.
func quantileIndexLarge(n int, p float64, t QuantileType, a, b float64) (int, float64) {
	w, f := exactProduct(uint64(n), p)
	// Every p >= 0 here; w <= n <= MaxInt64.
	if t <= Type3 {
		if t == Type3 {
			if f >= 0.5 {
				f -= 0.5
			} else if w > 0 {
				w, f = w-1, f+0.5
			} else {
				return 0, 1 // n·p - 1/2 < 0: x(1)
			}
		}
		if f >= 1-fuzz {
			w, f = w+1, 0
		}
		return int(w), discreteWeight(t, int(w), f <= fuzz)
	}
	// h = n·p + a + p(1-a-b), the last two adding up to c in [0, 1].
	f += a + p*(1-a-b)
	if f >= 1-fuzz {
		w, f = w+1, max(0, f-1)
	}
	if f < fuzz {
		f = 0
	}
	if w > math.MaxInt64 {
		w = math.MaxInt64
	}
	return int(w), f
}

// exactProduct returns n·p as a whole part w and a fraction f in [0, 1),
// from the 117-bit product of n and the 53-bit significand of p, for p in
// [0, 1].
func exactProduct(n uint64, p float64) (w uint64, f float64) {
	if p >= 1 {
		return n, 0
	}
	if p <= 0 {
		return 0, 0
	}
	fr, e := math.Frexp(p) // p = fr·2^e, fr in [0.5, 1), e <= 0
	mant := uint64(math.Ldexp(fr, 53))
	shift := 53 - e // p·n = mant·n / 2^shift, shift >= 53
	if shift >= 128 {
		return 0, p * float64(n) // below 2^-11: no whole part
	}
	hi, lo := bits.Mul64(mant, n)
	// Whole part: (hi:lo) >> shift; fraction: the low shift bits.
	if shift >= 64 {
		w = hi >> (shift - 64)
		rhi := hi & (1<<(shift-64) - 1)
		f = math.Ldexp(float64(rhi), 64-shift) + math.Ldexp(float64(lo), -shift)
	} else {
		w = hi<<(64-shift) | lo>>shift
		f = math.Ldexp(float64(lo&(1<<shift-1)), -shift)
	}
	return w, min(f, math.Nextafter(1, 0))
}

// selectRanks reorders x so that x[k] is the (k+1)-th smallest value for
// every k in ks (ascending, distinct, within 0..len(x)-1), everything
// before it no greater and everything after no smaller. work, when not
// nil, counts the elements scanned, for the tests of the worst case.
func selectRanks(x []float64, ks []int, work *int) {
	multiSelect(x, 0, ks, 2*bits.Len(uint(len(x))), work)
}

// multiSelect selects the ranks ks (absolute positions) in x, which holds
// the positions base..base+len(x)-1, with depth partitioning levels left
// before it falls back to sorting.
func multiSelect(x []float64, base int, ks []int, depth int, work *int) {
	for len(ks) > 0 {
		n := len(x)
		if work != nil {
			*work += n
		}
		if n <= 16 {
			insertionSort(x)
			return
		}
		if depth == 0 {
			slices.Sort(x) // pdqsort: O(n log n) whatever the order
			return
		}
		depth--
		m := partition(x)
		// x[:m] <= x[m] <= x[m+1:], x[m] in its sorted place: ranks
		// below base+m are on the left, above on the right.
		i, found := slices.BinarySearch(ks, base+m)
		left, right := ks[:i], ks[i:]
		if found {
			right = right[1:]
		}
		switch {
		case len(right) == 0:
			x, ks = x[:m], left
		case len(left) == 0:
			x, base, ks = x[m+1:], base+m+1, right
		default:
			// Recurse into the side with fewer ranks, loop on the other.
			if len(left) <= len(right) {
				multiSelect(x[:m], base, left, depth, work)
				x, base, ks = x[m+1:], base+m+1, right
			} else {
				multiSelect(x[m+1:], base+m+1, right, depth, work)
				x, ks = x[:m], left
			}
		}
	}
}

// partition chooses a pivot (median of three, or Tukey's ninther from 128
// values up), moves it to x[0] and partitions x by Hoare's scheme. It
// returns the pivot's final position m, x[:m] <= x[m] <= x[m+1:]. Values equal to
// the pivot stop both scans, so many equal values split evenly instead of
// degrading to O(n²).
func partition(x []float64) int {
	n := len(x)
	mid := n / 2
	var pi int
	if n >= 128 {
		s := n / 8
		pi = median3(x,
			median3(x, 0, s, 2*s),
			median3(x, mid-s, mid, mid+s),
			median3(x, n-1-2*s, n-1-s, n-1))
	} else {
		pi = median3(x, 0, mid, n-1)
	}
	x[0], x[pi] = x[pi], x[0]
	p := x[0]
	i, j := 0, n
	for {
		for i++; i < n && x[i] < p; i++ {
		}
		for j--; x[j] > p; j-- {
		}
		if i >= j {
			break
		}
		x[i], x[j] = x[j], x[i]
	}
	// x[1..j] <= p <= x[j+1..]; put the pivot at j.
	x[0], x[j] = x[j], x[0]
	return j
}

// median3 returns whichever of the indexes a, b, c holds the median value.
func median3(x []float64, a, b, c int) int {
	if x[a] > x[b] {
		a, b = b, a
	}
	if x[b] > x[c] {
		b = c
		if x[a] > x[b] {
			b = a
		}
	}
	return b
}

func insertionSort(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}
