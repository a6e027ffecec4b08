package estimate

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// fataler is what assertFinite needs of a *testing.T or *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// assertFinite fails t when v holds a NaN or infinite float64.
func assertFinite(t fataler, what string, v any) {
	t.Helper()
	if bad := nonFinite(reflect.ValueOf(v)); bad != "" {
		t.Fatalf("%s = %+v with a nil error: %s is not finite", what, v, bad)
	}
}

// assertValueError fails t unless err is a *ValueError that names fn and
// wraps one of the sentinels in want.
func assertValueError(t fataler, what string, err error, fn string, want ...error) {
	t.Helper()
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Func != fn {
		t.Fatalf("%s: error %v (%T) is not a *ValueError of %s", what, err, err, fn)
	}
	for _, w := range want {
		if errors.Is(err, w) {
			return
		}
	}
	t.Fatalf("%s: error %v wraps none of %v", what, err, want)
}

// FuzzZ: any level is an error or a finite z >= 0, increasing in the level,
// whose normal tail gives back (1-level)/2.
func FuzzZ(f *testing.F) {
	for _, l := range []float64{0.95, 0.5, levelBelow1, 5e-324, 0, 1, -0.5, math.NaN(), 1e-17, 0.999999} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, level float64) {
		z, err := Z(level)
		if err != nil {
			assertValueError(t, fmt.Sprint("Z(", level, ")"), err, "estimate.Z", ErrLevel)
			if level > 0 && level < 1 {
				t.Fatalf("Z(%v) rejected a valid level", level)
			}
			return
		}
		if !(z >= 0) || math.IsInf(z, 0) || math.Signbit(z) {
			t.Fatalf("Z(%v) = %v", level, z)
		}
		if lower, err := Z(level / 2); err == nil && lower > z {
			t.Fatalf("Z(%v) = %v above Z(%v) = %v", level/2, lower, level, z)
		}
		if p := (1 - level) / 2; p > 1e-300 {
			if back := 0.5 * math.Erfc(z/math.Sqrt2); !relNear(back, p, 1e-9) {
				t.Fatalf("Z(%v) = %v: tail %v, want %v", level, z, back, p)
			}
		}
	})
}

// FuzzT: any level and df give an error with the right sentinel or a
// finite t >= Z(level), decreasing in df; where gonum's CDF is accurate
// (1 <= df <= 5e4) it gives back the tail.
func FuzzT(f *testing.F) {
	for _, c := range [][2]float64{{0.95, 10}, {0.95, 5e-324}, {levelBelow1, 1}, {0.5, 1e20}, {0.99, 0.5},
		{0.95, math.Inf(1)}, {0.95, math.NaN()}, {2, 3}, {0.9, 1e4}, {0.9, 9999.5}, {1e-300, 1e-300}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, level, df float64) {
		v, err := T(level, df)
		what := fmt.Sprintf("T(%v, %v)", level, df)
		if err != nil {
			assertValueError(t, what, err, "estimate.T", ErrLevel, ErrCount, ErrNotFinite)
			if level > 0 && level < 1 && df >= 1 && !math.IsInf(df, 0) {
				t.Fatalf("%s rejected valid arguments: %v", what, err)
			}
			return
		}
		z, _ := Z(level)
		if math.IsInf(v, 0) || math.IsNaN(v) || v < z*(1-1e-12) {
			t.Fatalf("%s = %v, want finite and >= z = %v", what, v, z)
		}
		// Below df = 1 (which no mean or Welch interval has) the accuracy is
		// that of gonum's incomplete beta, and only finiteness is checked.
		if more, err := T(level, df*2); df >= 1 && err == nil && !math.IsInf(df*2, 0) && more > v*(1+1e-9) {
			t.Fatalf("%s = %v, but df %v gives %v", what, v, df*2, more)
		}
		// The inverse must give back what it inverted: the tail through
		// gonum's CDF at levels from 1/2 (and df <= 5e4, where that CDF is
		// accurate), the central probability I_y(1/2, df/2) below 1/2,
		// where the tail is too close to 1/2 to tell t from its neighbours.
		if p := (1 - level) / 2; level >= 0.5 && df >= 1 && df <= 5e4 && p > 1e-300 {
			if back := (distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}).CDF(-v); !relNear(back, p, 1e-8) {
				t.Fatalf("%s = %v: CDF %v, want %v", what, v, back, p)
			}
		}
		if level < 0.5 && df >= 1 && df < tExpansionDF && level > 1e-300 && v > 0 {
			if back := mathext.RegIncBeta(0.5, df/2, v*v/(df+v*v)); !relNear(back, level, 1e-8) {
				t.Fatalf("%s = %v: central probability %v, want %v", what, v, back, level)
			}
		}
	})
}

// FuzzQuantiles reads values and probabilities from the input: every form
// (Quantiles, QuantilesInPlace, Quantile) returns the bits of the sorted
// path, or the same sentinel error with x left as it was.
func FuzzQuantiles(f *testing.F) {
	f.Add(floatBytes(3, 1, 4, 1, 5, 9, 2, 6), floatBytes(0.5, 0.9, 0.95), int8(7))
	f.Add(floatBytes(0, math.Copysign(0, -1), 0), floatBytes(0.5), int8(2))
	f.Add(floatBytes(1.7e308, -1.7e308), floatBytes(0, 1, 0.5), int8(4))
	f.Add(floatBytes(1, math.NaN()), floatBytes(0.5), int8(7))
	f.Add(floatBytes(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1), floatBytes(0.1, 1.5), int8(1))
	f.Add([]byte{}, floatBytes(0.5), int8(0))
	f.Add(floatBytes(2, 1), []byte{}, int8(10))
	f.Fuzz(func(t *testing.T, xb, pb []byte, typ int8) {
		x, ps := bytesFloats(xb), bytesFloats(pb)
		qt := QuantileType(typ)
		got, err := Quantiles(x, qt, ps...)
		s := slices.Clone(x)
		dst := []float64{-1}
		inPlace, errIn := QuantilesInPlace(dst, s, qt, ps...)
		if (err == nil) != (errIn == nil) {
			t.Fatalf("Quantiles err %v, QuantilesInPlace err %v", err, errIn)
		}
		if err != nil {
			assertValueError(t, "Quantiles", err, "estimate.Quantiles", ErrEmpty, ErrNotFinite, ErrProbability, ErrQuantileType)
			assertValueError(t, "QuantilesInPlace", errIn, "estimate.QuantilesInPlace", ErrEmpty, ErrNotFinite, ErrProbability, ErrQuantileType)
			if fmt.Sprint(s) != fmt.Sprint(x) || len(inPlace) != 1 || inPlace[0] != -1 {
				t.Fatalf("QuantilesInPlace failed but changed x to %v or dst to %v", s, inPlace)
			}
			return
		}
		want := sortedQuantiles(x, qt, ps)
		for i := range ps {
			w := math.Float64bits(want[i])
			if math.Float64bits(got[i]) != w || math.Float64bits(inPlace[i+1]) != w {
				t.Fatalf("p %v type %d: Quantiles %v, InPlace %v; sorted %v", ps[i], typ, got[i], inPlace[i+1], want[i])
			}
			if one, err := Quantile(x, ps[i], qt); err != nil || math.Float64bits(one) != w {
				t.Fatalf("Quantile(p %v) = %v, %v; sorted %v", ps[i], one, err, want[i])
			}
		}
		assertFinite(t, "Quantiles", got)
		a, b := slices.Clone(x), s
		slices.Sort(a)
		slices.Sort(b)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("QuantilesInPlace changed the values of x")
		}
	})
}

// FuzzMomentsMerge decodes two states from the input, as a decoder would
// receive them, and merges them: a failure must leave the receiver as it
// was and wrap ErrOverflow or ErrNotFinite; a success must hold the sum of
// the counts, a mean between the two means, and a finite state that
// encodes and decodes again.
func FuzzMomentsMerge(f *testing.F) {
	enc := func(xs ...float64) []byte {
		m := momentsOf(xs)
		b, _ := m.MarshalBinary()
		return b
	}
	f.Add(enc(1, 2, 3), enc(10, 20))
	f.Add(enc(), enc(5))
	f.Add(enc(1.5e308, 1.5e308), enc(-1.5e308))
	huge, _ := Moments{n: math.MaxInt64, mean: 1}.MarshalBinary()
	f.Add(huge, enc(1))
	f.Add([]byte{1, 2}, enc(1))
	f.Fuzz(func(t *testing.T, ab, bb []byte) {
		var a, b Moments
		if a.UnmarshalBinary(ab) != nil || b.UnmarshalBinary(bb) != nil {
			return
		}
		before := a
		err := a.Merge(&b)
		if err != nil {
			assertValueError(t, "Merge", err, "estimate.Moments.Merge", ErrOverflow, ErrNotFinite)
			if a != before {
				t.Fatalf("Merge failed (%v) but changed %+v to %+v", err, before, a)
			}
			return
		}
		if a.n != before.n+b.n {
			t.Fatalf("Merge: n %d, want %d + %d", a.n, before.n, b.n)
		}
		lo, hi := min(before.mean, b.mean), max(before.mean, b.mean)
		if before.n == 0 {
			lo, hi = b.mean, b.mean
		} else if b.n == 0 {
			lo, hi = before.mean, before.mean
		}
		if a.mean < lo || a.mean > hi {
			t.Fatalf("merged mean %v outside [%v, %v]", a.mean, lo, hi)
		}
		assertFinite(t, "merged state", []float64{a.mean, a.m2})
		var back Moments
		enc, _ := a.MarshalBinary()
		if err := back.UnmarshalBinary(enc); err != nil || back != a {
			t.Fatalf("merged %+v does not decode back: %+v, %v", a, back, err)
		}
		if r, err := a.Result(Options{}); err == nil {
			assertFinite(t, "Result", r)
		}
	})
}

// FuzzIntervalScale: a bad factor or end is an error with the zero
// Interval; a good one scales both ends, keeps Lo <= Hi and the Level and
// Method, and keeps every contained x contained (x·k in the scaled one).
func FuzzIntervalScale(f *testing.F) {
	for _, c := range [][4]float64{{0.25, 0.5, 100, 0.3}, {-1, 1, 1e308, 0}, {0, 1, math.NaN(), 0.5},
		{0, 1, -2, 0.5}, {1e300, 1e301, 1e10, 1e300}, {0, 0, 5e-324, 0}, {math.Inf(-1), 1, 2, 0}} {
		f.Add(c[0], c[1], c[2], c[3])
	}
	f.Fuzz(func(t *testing.T, lo, hi, k, x float64) {
		iv := Interval{Lo: lo, Hi: hi, Level: 0.9, Method: Wilson}
		s, err := iv.Scale(k)
		if err != nil {
			assertValueError(t, "Scale", err, "estimate.Interval.Scale", ErrFactor, ErrNotFinite)
			if s != (Interval{}) {
				t.Fatalf("Scale(%v) failed but returned %+v", k, s)
			}
			return
		}
		if !(k > 0) || math.IsInf(k, 0) {
			t.Fatalf("Scale accepted factor %v", k)
		}
		assertFinite(t, "Scale", s)
		if s.Level != iv.Level || s.Method != iv.Method || s.Lo != lo*k || s.Hi != hi*k {
			t.Fatalf("%+v.Scale(%v) = %+v", iv, k, s)
		}
		if lo <= hi && s.Lo > s.Hi {
			t.Fatalf("Scale(%v) swapped the ends: %+v", k, s)
		}
		if xk := x * k; iv.Contains(x) && !math.IsInf(xk, 0) && !s.Contains(xk) {
			t.Fatalf("%+v contains %v, but %+v does not contain %v", iv, x, s, xk)
		}
	})
}

// FuzzIntervalContains: Contains is exactly Lo <= x <= Hi, false for NaN,
// and Width is Hi - Lo.
func FuzzIntervalContains(f *testing.F) {
	for _, c := range [][3]float64{{0, 1, 0.5}, {0, 1, 1}, {0, 1, math.Nextafter(1, 2)}, {0, 1, math.NaN()},
		{math.NaN(), 1, 0}, {1, 0, 0.5}, {math.Inf(-1), math.Inf(1), 1e308}} {
		f.Add(c[0], c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, lo, hi, x float64) {
		iv := Interval{Lo: lo, Hi: hi}
		want := !math.IsNaN(x) && !math.IsNaN(lo) && !math.IsNaN(hi) && lo <= x && x <= hi
		if got := iv.Contains(x); got != want {
			t.Fatalf("%+v.Contains(%v) = %v, want %v", iv, x, got, want)
		}
		if w := iv.Width(); math.Float64bits(w) != math.Float64bits(hi-lo) {
			t.Fatalf("Width = %v, want %v", w, hi-lo)
		}
	})
}
