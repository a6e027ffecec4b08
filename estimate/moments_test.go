package estimate

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// momentsOf returns a Moments holding xs, added one by one. It panics on a
// value Add rejects, which the callers never pass.
func momentsOf(xs []float64) Moments {
	var m Moments
	for _, x := range xs {
		if err := m.Add(x); err != nil {
			panic(err)
		}
	}
	return m
}

// sumSquares returns Σx², the scale against which the rounding of a sum of
// squared deviations is measured.
func sumSquares(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x * x
	}
	return s
}

// sameMoments reports whether a and b hold the same values up to rounding:
// equal counts, and means and sums of squared deviations within 1e-9
// relative, or within 1e-12 of the scale of the values, where scale is their
// Σx². (When values cancel, or share a large mean, the mean and M2 are
// small differences of large numbers and their rounding is relative to
// those.)
func sameMoments(a, b *Moments, scale float64) bool {
	return a.n == b.n &&
		(near(a.mean, b.mean, 1e-9) || math.Abs(a.mean-b.mean) <= 1e-12*math.Sqrt(scale)) &&
		(near(a.m2, b.m2, 1e-9) || math.Abs(a.m2-b.m2) <= 1e-12*scale)
}

// R 4.2.2: mean(x), sd(x), sd(x)/sqrt(length(x)) and
// t.test(x, conf.level = level)$conf.int, printed by sprintf("%.15g").
// Sample b has n = 2 (df = 1); sample d is nearly constant, where a naive
// sum of squares would lose every digit of sd.
var meanR = []struct {
	name         string
	x            []float64
	level        float64
	mean, sd, se float64
	lo, hi       float64
}{
	{"a", sampleA, 0.90, 3.35714285714286, 1.2998168369135, 0.491284585772531, 2.40248833794855, 4.31179737633717},
	{"a", sampleA, 0.95, 3.35714285714286, 1.2998168369135, 0.491284585772531, 2.15501278193121, 4.55927293235451},
	{"a", sampleA, 0.99, 3.35714285714286, 1.2998168369135, 0.491284585772531, 1.53574061740484, 5.17854509688087},
	{"b", sampleB, 0.90, 1.5, 0.707106781186548, 0.5, -1.65687575733752, 4.65687575733752},
	{"b", sampleB, 0.95, 1.5, 0.707106781186548, 0.5, -4.85310236808735, 7.85310236808735},
	{"b", sampleB, 0.99, 1.5, 0.707106781186548, 0.5, -30.3283705814358, 33.3283705814358},
	{"c", sampleC, 0.90, 97.5625, 375.43588357877, 132.736629589656, -153.917478532318, 349.042478532319},
	{"c", sampleC, 0.95, 97.5625, 375.43588357877, 132.736629589656, -216.309753402388, 411.434753402388},
	{"c", sampleC, 0.99, 97.5625, 375.43588357877, 132.736629589656, -366.947118195599, 562.072118195599},
	{"d", []float64{5, 5, 5, 5.000001}, 0.90, 5.00000025, 5.00000000069889e-07, 2.50000000034944e-07, 4.99999966165914, 5.00000083834086},
	{"d", []float64{5, 5, 5, 5.000001}, 0.95, 5.00000025, 5.00000000069889e-07, 2.50000000034944e-07, 4.99999945438842, 5.00000104561158},
	{"d", []float64{5, 5, 5, 5.000001}, 0.99, 5.00000025, 5.00000000069889e-07, 2.50000000034944e-07, 4.99999878977267, 5.00000171022733},
}

func TestMomentsResultR(t *testing.T) {
	for _, tc := range meanR {
		m := momentsOf(tc.x)
		r, err := m.Result(Options{Level: tc.level})
		if err != nil {
			t.Fatalf("sample %s: %v", tc.name, err)
		}
		if r.N != int64(len(tc.x)) || !near(r.Mean, tc.mean, tolR) || !near(r.SD, tc.sd, tolR) || !near(r.SE, tc.se, tolR) {
			t.Errorf("sample %s: n %d mean %.15g sd %.15g se %.15g; want %d %.15g %.15g %.15g",
				tc.name, r.N, r.Mean, r.SD, r.SE, len(tc.x), tc.mean, tc.sd, tc.se)
		}
		if !near(r.CI.Lo, tc.lo, tolR) || !near(r.CI.Hi, tc.hi, tolR) || r.CI.Level != tc.level || r.CI.Method != StudentT {
			t.Errorf("sample %s at %v: %+v, want [%.15g, %.15g]", tc.name, tc.level, r.CI, tc.lo, tc.hi)
		}
	}
}

// MeanInterval from R's summary statistics gives R's t.test interval.
func TestMeanIntervalR(t *testing.T) {
	for _, tc := range meanR {
		iv, err := MeanInterval(int64(len(tc.x)), tc.mean, tc.sd, Options{Level: tc.level})
		if err != nil {
			t.Fatalf("sample %s: %v", tc.name, err)
		}
		if !near(iv.Lo, tc.lo, tolR) || !near(iv.Hi, tc.hi, tolR) || iv.Level != tc.level || iv.Method != StudentT {
			t.Errorf("MeanInterval(sample %s at %v) = %+v, want [%.15g, %.15g]", tc.name, tc.level, iv, tc.lo, tc.hi)
		}
	}
	// sd = 0 is allowed: the interval collapses onto the mean.
	iv, err := MeanInterval(3, 4, 0, Options{})
	if err != nil || iv.Lo != 4 || iv.Hi != 4 {
		t.Errorf("MeanInterval(3, 4, 0) = %+v, %v; want [4, 4]", iv, err)
	}
}

func TestMeanIntervalErrors(t *testing.T) {
	for _, tc := range []struct {
		n        int64
		mean, sd float64
		o        Options
		err      error
		name     string
	}{
		{-1, 0, 1, Options{}, ErrCount, "n"},
		{0, 0, 1, Options{}, ErrEmpty, "n"},
		{1, 0, 1, Options{}, ErrTooFew, "n"},
		{5, math.NaN(), 1, Options{}, ErrNotFinite, "mean"},
		{5, math.Inf(-1), 1, Options{}, ErrNotFinite, "mean"},
		{5, 0, -1, Options{}, ErrNotFinite, "sd"},
		{5, 0, math.NaN(), Options{}, ErrNotFinite, "sd"},
		{5, 0, math.Inf(1), Options{}, ErrNotFinite, "sd"},
		{5, 0, 1, Options{Level: -0.9}, ErrLevel, "level"},
	} {
		_, err := MeanInterval(tc.n, tc.mean, tc.sd, tc.o)
		var ve *ValueError
		if !errors.Is(err, tc.err) || !errors.As(err, &ve) || ve.Name != tc.name || ve.Func != "estimate.MeanInterval" || ve.Index != -1 {
			t.Errorf("MeanInterval(%d, %v, %v, %+v) err = %v, want %v naming %s", tc.n, tc.mean, tc.sd, tc.o, err, tc.err, tc.name)
		}
	}
	if _, err := MeanInterval(5, 0, 1, Options{Method: Wilson}); !errors.Is(err, ErrMethod) {
		t.Errorf("MeanInterval with Wilson: err = %v, want ErrMethod", err)
	}
}

func TestMomentsZeroAndReset(t *testing.T) {
	var m Moments
	if m.N() != 0 {
		t.Errorf("zero N = %d", m.N())
	}
	if _, err := m.Result(Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("zero Result err = %v, want ErrEmpty", err)
	}
	if err := m.Add(4); err != nil {
		t.Fatal(err)
	}
	_, err := m.Result(Options{})
	var ve *ValueError
	if !errors.Is(err, ErrTooFew) || !errors.As(err, &ve) || ve.Func != "estimate.Moments.Result" || ve.Value != 1 {
		t.Errorf("Result of one value err = %v, want ErrTooFew with n 1", err)
	}
	// Result passes the level error on under its own name.
	if err := m.Add(6); err != nil {
		t.Fatal(err)
	}
	_, err = m.Result(Options{Level: 1})
	if !errors.Is(err, ErrLevel) || !errors.As(err, &ve) || ve.Func != "estimate.Moments.Result" {
		t.Errorf("Result(level 1) err = %v, want ErrLevel from estimate.Moments.Result", err)
	}
	if _, err := m.Result(Options{Method: Welch}); !errors.Is(err, ErrMethod) {
		t.Errorf("Result(Welch) err = %v, want ErrMethod", err)
	}
	// {4, 6}: mean 5, M2 = 1 + 1 = 2, sd = sqrt(2/1).
	r, err := m.Result(Options{})
	if err != nil || r.Mean != 5 || r.SD != math.Sqrt2 || r.N != 2 {
		t.Errorf("Result of {4, 6} = %+v, %v; want mean 5, sd √2", r, err)
	}
	m.Reset()
	if m != (Moments{}) {
		t.Errorf("Reset left %+v", m)
	}
}

// The adding and merging errors, each leaving the accumulator as it was.
func TestMomentsRejects(t *testing.T) {
	m := momentsOf([]float64{1, 2, 4})
	before := m
	check := func(what string, err, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", what, err, want)
		}
		if m != before {
			t.Errorf("%s changed the state to %+v from %+v", what, m, before)
		}
	}
	check("Add(NaN)", m.Add(math.NaN()), ErrNotFinite)
	check("Add(+Inf)", m.Add(math.Inf(1)), ErrNotFinite)
	check("AddN(-Inf, 2)", m.AddN(math.Inf(-1), 2), ErrNotFinite)
	check("AddN(1, -1)", m.AddN(1, -1), ErrCount)
	check("AddN(1, MaxInt64)", m.AddN(1, math.MaxInt64), ErrOverflow)
	var big Moments
	if err := big.AddN(7, math.MaxInt64-2); err != nil {
		t.Fatal(err)
	}
	check("Merge(MaxInt64-2 values)", m.Merge(&big), ErrOverflow)
	// Values far apart: the squared deviation from the mean passes
	// MaxFloat64, so the state could not be stored or encoded.
	huge := momentsOf([]float64{1.5e308})
	m = momentsOf([]float64{-1.5e308})
	before = m
	check("Add(1.5e308) to {-1.5e308}", m.Add(1.5e308), ErrNotFinite)
	check("Merge({1.5e308}) into {-1.5e308}", m.Merge(&huge), ErrNotFinite)
	// A zero count and an empty Merge do nothing.
	check("AddN(3, 0)", m.AddN(3, 0), nil)
	check("Merge(empty)", m.Merge(&Moments{}), nil)
}

// The encodings are fixed: {1, 3} has n 2, mean 2 and M2 = 1 + 1 = 2; in
// binary, the version byte 01, then 2 as int64 is 02 00…, and 2.0 as
// IEEE 754 is 0x4000000000000000.
func TestMomentsEncoding(t *testing.T) {
	m := momentsOf([]float64{1, 3})
	j, err := json.Marshal(m)
	if err != nil || string(j) != `{"n":2,"mean":2,"m2":2}` {
		t.Errorf("JSON = %s, %v", j, err)
	}
	b, err := m.MarshalBinary()
	want := []byte{1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x40}
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("MarshalBinary = % x, %v; want % x", b, err, want)
	}
	b, err = m.AppendBinary([]byte("hdr"))
	if err != nil || !bytes.Equal(b, append([]byte("hdr"), want...)) {
		t.Errorf("AppendBinary = % x, %v", b, err)
	}
	var back Moments
	if err := back.UnmarshalBinary(want); err != nil || back != m {
		t.Errorf("UnmarshalBinary = %+v, %v; want %+v", back, err, m)
	}
	back = Moments{}
	if err := json.Unmarshal(j, &back); err != nil || back != m {
		t.Errorf("UnmarshalJSON = %+v, %v; want %+v", back, err, m)
	}
	// Moments inside a struct travels as a field; JSON null leaves it as
	// it was, as encoding/json does for every other type.
	var w struct{ M Moments }
	w.M = m
	if err := json.Unmarshal([]byte(`{"M":null}`), &w); err != nil || w.M != m {
		t.Errorf("null field: %+v, %v; want %+v kept", w.M, err, m)
	}
}

// Encoded states that no sequence of values produces are ErrCorrupt and
// leave the accumulator unchanged.
func TestMomentsDecodeCorrupt(t *testing.T) {
	enc := func(n int64, mean, m2 float64) []byte {
		b := binary.LittleEndian.AppendUint64([]byte{1}, uint64(n))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(mean))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(m2))
	}
	for _, tc := range []struct {
		name string
		bin  []byte
		json string
	}{
		{"negative n", enc(-1, 0, 0), `{"n":-1,"mean":0,"m2":0}`},
		{"NaN mean", enc(3, math.NaN(), 1), ""},
		{"infinite mean", enc(3, math.Inf(1), 1), ""},
		{"negative m2", enc(3, 1, -0.5), `{"n":3,"mean":1,"m2":-0.5}`},
		{"infinite m2", enc(3, 1, math.Inf(1)), ""},
		{"mean without values", enc(0, 2, 0), `{"n":0,"mean":2,"m2":0}`},
		{"m2 without values", enc(0, 0, 2), `{"m2":2}`},
		{"spread of one value", enc(1, 2, 5), `{"n":1,"mean":2,"m2":5}`},
		{"short", enc(1, 2, 0)[:24], ""},
		{"no version", enc(1, 2, 0)[1:], ""},
		{"version 2", append([]byte{2}, enc(1, 2, 0)[1:]...), ""},
		{"-0 mean without values", enc(0, math.Copysign(0, -1), 0), `{"n":0,"mean":-0,"m2":0}`},
		{"-0 m2", enc(3, 1, math.Copysign(0, -1)), `{"n":3,"mean":1,"m2":-0}`},
		{"long", append(enc(1, 2, 0), 0), ""},
		{"empty", nil, ""},
	} {
		m := momentsOf([]float64{1, 2, 3})
		before := m
		err := m.UnmarshalBinary(tc.bin)
		var ve *ValueError
		if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ve) || ve.Func != "estimate.Moments.UnmarshalBinary" || m != before {
			t.Errorf("UnmarshalBinary(%s) = %v, state %+v", tc.name, err, m)
		}
		if tc.json == "" {
			continue
		}
		err = m.UnmarshalJSON([]byte(tc.json))
		if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ve) || ve.Func != "estimate.Moments.UnmarshalJSON" || m != before {
			t.Errorf("UnmarshalJSON(%s) = %v, state %+v", tc.json, err, m)
		}
	}
	// Text that is not JSON of the right shape fails in encoding/json and
	// leaves the state alone.
	for _, in := range []string{``, `{`, `[1,2,3]`, `{"n":"3"}`, `{"n":1.5}`, `{"mean":1e999}`} {
		m := momentsOf([]float64{1, 2, 3})
		before := m
		if err := m.UnmarshalJSON([]byte(in)); err == nil || m != before {
			t.Errorf("UnmarshalJSON(%q) = %v, state %+v", in, err, m)
		}
	}
}

// genValues draws values at several scales, including repeats and values
// that share a large offset, where a naive sum of squares fails.
func genValues(t *rapid.T, label string) []float64 {
	offset := rapid.SampledFrom([]float64{0, 1, -250, 1e6, 1e9}).Draw(t, label+" offset")
	spread := rapid.SampledFrom([]float64{1e-3, 1, 1e3}).Draw(t, label+" spread")
	raw := rapid.SliceOfN(rapid.Float64Range(-1, 1), 0, 60).Draw(t, label)
	xs := make([]float64, len(raw))
	for i, r := range raw {
		xs[i] = offset + spread*r
	}
	return xs
}

// Merging the moments of consecutive parts gives those of the whole,
// whatever the cut points.
func TestMomentsMergeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := genValues(t, "x")
		cuts := rapid.SliceOfN(rapid.IntRange(0, len(xs)), 0, 5).Draw(t, "cuts")
		whole := momentsOf(xs)
		var merged Moments
		start := 0
		for _, c := range append(cuts, len(xs)) {
			if c < start {
				continue
			}
			part := momentsOf(xs[start:c])
			if err := merged.Merge(&part); err != nil {
				t.Fatal(err)
			}
			start = c
		}
		if !sameMoments(&merged, &whole, sumSquares(xs)) {
			t.Fatalf("merged parts %+v, whole %+v", merged, whole)
		}
	})
}

// The order of the values does not matter, up to rounding.
func TestMomentsOrderProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := genValues(t, "x")
		perm := rapid.Permutation(xs).Draw(t, "perm")
		a, b := momentsOf(xs), momentsOf(perm)
		if !sameMoments(&a, &b, sumSquares(xs)) {
			t.Fatalf("%v gives %+v, %v gives %+v", xs, a, perm, b)
		}
	})
}

// AddN(x, k) is k calls of Add(x).
func TestMomentsAddNProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := genValues(t, "before")
		x := rapid.Float64Range(-1e6, 1e6).Draw(t, "x")
		k := rapid.Int64Range(0, 200).Draw(t, "k")
		a, b := momentsOf(xs), momentsOf(xs)
		if err := a.AddN(x, k); err != nil {
			t.Fatal(err)
		}
		for range k {
			if err := b.Add(x); err != nil {
				t.Fatal(err)
			}
		}
		scale := sumSquares(xs) + float64(k)*x*x
		if !sameMoments(&a, &b, scale) {
			t.Fatalf("AddN(%v, %d) = %+v, %d Adds = %+v", x, k, a, k, b)
		}
	})
}

// Every state reached by adding and merging encodes and decodes to itself,
// bit for bit, in JSON and in binary; a rejected value changes nothing.
func TestMomentsRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var m Moments
		for i := range rapid.IntRange(0, 30).Draw(t, "steps") {
			before := m
			var err error
			switch rapid.IntRange(0, 3).Draw(t, "op") {
			case 0:
				err = m.Add(rapid.Float64().Draw(t, "x"))
			case 1:
				err = m.AddN(rapid.Float64().Draw(t, "x"), rapid.Int64Range(-2, 1<<40).Draw(t, "k"))
			case 2:
				o := momentsOf(genValues(t, "other"))
				err = m.Merge(&o)
			case 3:
				m.Reset()
			}
			if err != nil && m != before {
				t.Fatalf("step %d: rejected (%v) but %+v became %+v", i, err, before, m)
			}
			j, err := json.Marshal(m)
			if err != nil {
				t.Fatalf("step %d: json of %+v: %v", i, m, err)
			}
			var back Moments
			if err := json.Unmarshal(j, &back); err != nil || math.Float64bits(back.mean) != math.Float64bits(m.mean) || back != m {
				t.Fatalf("step %d: JSON %s gives %+v, %v; want %+v", i, j, back, err, m)
			}
			b, err := m.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back = Moments{}
			if err := back.UnmarshalBinary(b); err != nil || back != m {
				t.Fatalf("step %d: binary gives %+v, %v; want %+v", i, back, err, m)
			}
		}
	})
}

// FuzzMoments adds values decoded from the input, split into two samples,
// then checks that every reported number is finite and that merging the
// two equals adding everything to one.
func FuzzMoments(f *testing.F) {
	f.Add(floatBytes(2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8), uint8(3))
	f.Add(floatBytes(1e308, -1e308, 1), uint8(1))
	f.Add(floatBytes(5, 5, 5, 5), uint8(2))
	f.Add(floatBytes(math.NaN(), 1, 2), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		xs := bytesFloats(data)
		var a, b, all Moments
		var kept []float64
		diverged := false
		for i, x := range xs {
			part := &a
			if i >= int(cut) {
				part = &b
			}
			beforeAll, beforePart := all, *part
			errAll, errPart := all.Add(x), part.Add(x)
			for _, err := range []error{errAll, errPart} {
				if err != nil && !errors.Is(err, ErrNotFinite) {
					t.Fatalf("Add(%v): %v", x, err)
				}
			}
			if errAll != nil && all != beforeAll || errPart != nil && *part != beforePart {
				t.Fatalf("Add(%v) failed but changed the state", x)
			}
			if (math.IsNaN(x) || math.IsInf(x, 0)) && (errAll == nil || errPart == nil) {
				t.Fatalf("Add(%v) accepted", x)
			}
			// A value far from the mean can overflow the state of one
			// accumulator and not the other; then they hold different
			// values and are not compared below.
			diverged = diverged || (errAll == nil) != (errPart == nil)
			if errAll == nil && errPart == nil {
				kept = append(kept, x)
			}
		}
		for _, m := range []*Moments{&a, &b, &all} {
			if math.IsNaN(m.mean) || math.IsInf(m.mean, 0) || !(m.m2 >= 0) || math.IsInf(m.m2, 0) {
				t.Fatalf("state %+v is not finite", *m)
			}
			if r, err := m.Result(Options{}); err == nil {
				assertFinite(t, "Result", r)
			}
		}
		if d, err := DiffMeans(&a, &b, Options{}); err == nil {
			assertFinite(t, "DiffMeans", d)
		}
		beforeMerge := a
		if err := a.Merge(&b); err != nil {
			if a != beforeMerge {
				t.Fatalf("Merge failed (%v) but changed the state", err)
			}
			if !errors.Is(err, ErrNotFinite) {
				t.Fatalf("Merge: %v", err)
			}
			return
		}
		scale := sumSquares(kept)
		if !diverged && !math.IsInf(scale, 0) && !sameMoments(&a, &all, scale) {
			t.Fatalf("merged %+v, whole %+v", a, all)
		}
	})
}

// FuzzMomentsUnmarshalBinary decodes arbitrary bytes: it must never panic,
// a failure must leave the state alone, and a success must encode back to
// the same bytes.
func FuzzMomentsUnmarshalBinary(f *testing.F) {
	good, _ := momentsOf([]float64{1, 3}).MarshalBinary()
	f.Add(good)
	f.Add(make([]byte, 24))
	f.Add(append([]byte{1}, make([]byte, 24)...))
	f.Add([]byte{1, 2, 3})
	f.Add(append(good, good...))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := momentsOf([]float64{-4, 8})
		before := m
		if err := m.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrCorrupt) || m != before {
				t.Fatalf("UnmarshalBinary(% x) = %v, state %+v", b, err, m)
			}
			return
		}
		out, err := m.MarshalBinary()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("decoded % x, encoded back % x, %v", b, out, err)
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("decoded state %+v does not encode as JSON: %v", m, err)
		}
	})
}

// FuzzMomentsUnmarshalJSON decodes arbitrary text: it must never panic, a
// failure must leave the state alone, and a success must survive another
// round trip unchanged.
func FuzzMomentsUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"n":2,"mean":2,"m2":2}`))
	f.Add([]byte(`{"n":0}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"n":-3,"mean":1,"m2":1}`))
	f.Add([]byte(`{"n":9223372036854775807,"mean":-1e308,"m2":1.7e308}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := momentsOf([]float64{-4, 8})
		before := m
		if err := m.UnmarshalJSON(b); err != nil {
			if m != before {
				t.Fatalf("UnmarshalJSON(%q) failed (%v) but changed the state to %+v", b, err, m)
			}
			return
		}
		j, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("decoded %q to %+v, which does not encode: %v", b, m, err)
		}
		var back Moments
		if err := back.UnmarshalJSON(j); err != nil || back != m {
			t.Fatalf("%s decodes to %+v, %v; want %+v", j, back, err, m)
		}
	})
}

// FuzzMeanInterval feeds arbitrary summary statistics.
func FuzzMeanInterval(f *testing.F) {
	f.Add(int64(7), 3.35714285714286, 1.2998168369135, 0.95)
	f.Add(int64(2), 0.0, 0.0, 0.0)
	f.Add(int64(1), 1.0, 1.0, 0.9)
	f.Add(int64(1000), 1e308, 1e308, 0.999)
	f.Fuzz(func(t *testing.T, n int64, mean, sd, level float64) {
		iv, err := MeanInterval(n, mean, sd, Options{Level: level})
		if err != nil {
			assertValueError(t, "MeanInterval", err, "estimate.MeanInterval", ErrEmpty, ErrTooFew, ErrCount, ErrNotFinite, ErrLevel)
			return
		}
		assertFinite(t, "MeanInterval", iv)
		if n < 2 || math.IsNaN(mean) || math.IsInf(mean, 0) || !(sd >= 0) || math.IsInf(sd, 0) {
			t.Fatalf("MeanInterval(%d, %v, %v) accepted bad input", n, mean, sd)
		}
		if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) || iv.Lo > iv.Hi {
			t.Fatalf("MeanInterval(%d, %v, %v, %v) = %+v", n, mean, sd, level, iv)
		}
	})
}

// floatBytes encodes values as FuzzMoments and FuzzQuantile read them.
func floatBytes(xs ...float64) []byte {
	var b []byte
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// bytesFloats reads little-endian float64 values, ignoring a short tail.
func bytesFloats(b []byte) []float64 {
	xs := make([]float64, 0, len(b)/8)
	for ; len(b) >= 8; b = b[8:] {
		xs = append(xs, math.Float64frombits(binary.LittleEndian.Uint64(b)))
	}
	return xs
}

// benchValues returns n values with a customer-service look: handling
// times in minutes, from a fixed linear congruential sequence.
func benchValues(n int) []float64 {
	xs := make([]float64, n)
	s := uint64(1)
	for i := range xs {
		s = s*6364136223846793005 + 1442695040888963407
		xs[i] = float64(s>>40) / float64(1<<24) * 30
	}
	return xs
}

// BenchmarkMomentsAdd adds 1e6 values per iteration.
func BenchmarkMomentsAdd(b *testing.B) {
	xs := benchValues(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		var m Moments
		for _, x := range xs {
			if err := m.Add(x); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkMomentsMerge(b *testing.B) {
	x, y := momentsOf(sampleE), momentsOf(sampleF)
	b.ReportAllocs()
	for b.Loop() {
		m := x
		if err := m.Merge(&y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMomentsResult(b *testing.B) {
	m := momentsOf(sampleE)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Result(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMomentsAccessors checks Mean and M2 on values worked by hand:
// 1, 2, 3, 4 have mean 10/4 = 2.5 and squared deviations
// 2.25 + 0.25 + 0.25 + 2.25 = 5.
func TestMomentsAccessors(t *testing.T) {
	var m Moments
	if m.N() != 0 || m.Mean() != 0 || m.M2() != 0 {
		t.Fatalf("zero Moments: n %d mean %v m2 %v", m.N(), m.Mean(), m.M2())
	}
	for _, x := range []float64{1, 2, 3, 4} {
		if err := m.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	if m.N() != 4 || m.Mean() != 2.5 || m.M2() != 5 {
		t.Errorf("n %d mean %v m2 %v, want 4, 2.5, 5", m.N(), m.Mean(), m.M2())
	}
	b, _ := m.MarshalBinary()
	if len(b) != MomentsBinarySize {
		t.Errorf("binary length %d, want MomentsBinarySize %d", len(b), MomentsBinarySize)
	}
}

// TestMomentsFrom rebuilds the state of 1, 2, 3, 4 (n 4, mean 2.5,
// M2 5, by hand) and rejects states no values produce.
func TestMomentsFrom(t *testing.T) {
	m, err := MomentsFrom(4, 2.5, 5)
	if err != nil || m.N() != 4 || m.Mean() != 2.5 || m.M2() != 5 {
		t.Fatalf("MomentsFrom(4, 2.5, 5) = %+v, %v", m, err)
	}
	r, err := m.Result(Options{})
	if err != nil || r.SD != math.Sqrt(5.0/3) {
		t.Errorf("Result SD %v, %v; want sqrt(5/3)", r.SD, err)
	}
	for _, bad := range [][3]float64{{-1, 0, 0}, {1, math.NaN(), 0}, {2, 0, -1}, {2, 0, math.Copysign(0, -1)}, {0, 1, 0}, {1, 3, 2}, {2, 0, math.Inf(1)}} {
		m, err := MomentsFrom(int64(bad[0]), bad[1], bad[2])
		if !errors.Is(err, ErrCorrupt) || m != (Moments{}) {
			t.Errorf("MomentsFrom%v = %+v, %v; want ErrCorrupt and zero", bad, m, err)
		}
	}
}

// TestMomentsAddAll checks AddAll against hand values and its error: the
// index of the bad value, and m unchanged.
func TestMomentsAddAll(t *testing.T) {
	var m Moments
	if err := m.AddAll([]float64{2, 4, 4, 4, 5, 5, 7, 9}); err != nil {
		t.Fatal(err)
	}
	// By hand: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32.
	if m.N() != 8 || m.Mean() != 5 || m.M2() != 32 {
		t.Errorf("AddAll: n %d mean %v M2 %v, want 8, 5, 32", m.N(), m.Mean(), m.M2())
	}
	before := m
	err := m.AddAll([]float64{1, 2, math.NaN(), 3})
	var ve *ValueError
	if !errors.As(err, &ve) || !errors.Is(err, ErrNotFinite) || ve.Index != 2 || ve.Func != "estimate.Moments.AddAll" {
		t.Errorf("AddAll with NaN at 2: %v, want a ValueError of estimate.Moments.AddAll at index 2 wrapping ErrNotFinite", err)
	}
	if m != before {
		t.Errorf("AddAll rejected, yet m changed: %+v, was %+v", m, before)
	}
}
