package nps

import (
	"errors"
	"iter"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
)

// Hostile values, by kind.
var (
	hostileInts = []int{-1, MaxScore + 1, math.MinInt, math.MaxInt, math.MinInt32, 255, -128}
	// hostileLevels are confidence levels that must be ErrLevel: 0 is not
	// among them (it means 0.95).
	hostileLevels = []float64{
		math.NaN(), math.Inf(1), math.Inf(-1), 1, -1, math.MaxFloat64, -math.MaxFloat64,
		-math.SmallestNonzeroFloat64, math.Nextafter(1, 2), 95, -0.5,
	}
	// edgeLevels are levels inside (0, 1) at its ends, which must give a
	// finite result (or an error, never Inf or NaN with a nil error).
	edgeLevels = []float64{
		math.SmallestNonzeroFloat64, 1e-300, math.Nextafter(1, 0), 1 - 1e-12, 0.5,
	}
	hostileFloats = []float64{
		math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0, -1,
	}
)

// checkErr fails unless err is an *estimate.ValueError of package nps
// wrapping target, whose message names one function once.
func checkErr(t *testing.T, what string, err, target error) {
	t.Helper()
	var ve *estimate.ValueError
	switch {
	case err == nil:
		t.Errorf("%s: nil error, want %v", what, target)
		return
	case !errors.As(err, &ve):
		t.Errorf("%s: %T %v, want *estimate.ValueError", what, err, err)
		return
	case !errors.Is(err, target):
		t.Errorf("%s: %v, want %v", what, err, target)
	case !strings.HasPrefix(ve.Func, "nps."):
		t.Errorf("%s: Func %q", what, ve.Func)
	}
	msg := err.Error()
	if k := strings.Count(msg, "nps.") + strings.Count(msg, "estimate."); k != 1 {
		t.Errorf("%s: message names %d functions: %q", what, k, msg)
	}
	if strings.Contains(msg, "NaN") && !math.IsNaN(ve.Value) {
		t.Errorf("%s: message %q", what, msg)
	}
}

// checkFinite fails unless every float64 in v (a struct, searched
// recursively, or a float64) is finite.
func checkFinite(t *testing.T, what string, v any) {
	t.Helper()
	var walk func(reflect.Value, string)
	walk = func(x reflect.Value, path string) {
		switch x.Kind() {
		case reflect.Float64:
			if f := x.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Errorf("%s: %s = %v with a nil error", what, path, f)
			}
		case reflect.Struct:
			for i := range x.NumField() {
				walk(x.Field(i), path+"."+x.Type().Field(i).Name)
			}
		case reflect.Array, reflect.Slice:
			for i := range x.Len() {
				walk(x.Index(i), path)
			}
		}
	}
	walk(reflect.ValueOf(v), "")
}

// mutating runs f on a copy of ta and checks that a rejected call left the
// copy as it was.
func mutating(t *testing.T, what string, ta Tally, f func(*Tally) error) error {
	t.Helper()
	before := ta
	err := f(&ta)
	if err != nil && ta != before {
		t.Errorf("%s: rejected call changed the tally from %+v to %+v", what, before, ta)
	}
	return err
}

// TestHostileInput walks every exported function and method of the
// package with hostile input (NaN, ±Inf, the largest and smallest floats,
// one ulp beyond each bound, the largest counts, nil, empty input, wrong
// JSON, non-canonical binary) and checks: no panic; every error an
// *estimate.ValueError wrapping the right sentinel, naming one function;
// a rejected call leaves the tally unchanged; every result with a nil
// error finite.
func TestHostileInput(t *testing.T) {
	full := Tally{n: math.MaxInt64}
	full.counts[10] = math.MaxInt64
	half := Tally{n: math.MaxInt64}
	half.counts[10], half.counts[0] = 1<<62, 1<<62-1
	tallies := map[string]Tally{"empty": {}, "small": *tallyOf(t, 5, 3, 2), "full": full, "half": half}
	good := resultOf(t, 5, 3, 2, estimate.Options{})

	t.Run("Classify", func(t *testing.T) {
		for _, x := range hostileInts {
			c, err := Classify(x)
			checkErr(t, "Classify", err, ErrOutOfRange)
			if c != 0 || c.IsValid() {
				t.Errorf("Classify(%d) = %v", x, c)
			}
		}
	})
	t.Run("Category", func(t *testing.T) {
		for _, c := range []Category{0, 4, 255} {
			_, err := c.MarshalText()
			checkErr(t, "MarshalText", err, ErrCategory)
			b, err := c.AppendText([]byte("x"))
			checkErr(t, "AppendText", err, ErrCategory)
			if string(b) != "x" {
				t.Errorf("AppendText changed b to %q", b)
			}
			if c.String() == "" {
				t.Errorf("String of %d is empty", c)
			}
		}
		for _, in := range []string{"", " promoter", "promoter ", "promoters", "PROMOTER\x00", "paſſive",
			strings.Repeat("x", 1<<16), "\xff\xfe", "null", `"promoter"`} {
			c := Passive
			err := c.UnmarshalText([]byte(in))
			checkErr(t, "UnmarshalText "+in[:min(len(in), 10)], err, ErrCategory)
			var ve *estimate.ValueError
			want := in
			if len(want) > 64 {
				want = want[:64] + "..."
			}
			if want == "" {
				want = "(empty)"
			}
			if errors.As(err, &ve) && (ve.Value != 0 || ve.Text != want) {
				t.Errorf("UnmarshalText(%.10q): Value %v Text %q", in, ve.Value, ve.Text)
			}
			if c != Passive {
				t.Errorf("rejected UnmarshalText(%.10q) changed c to %v", in, c)
			}
		}
	})
	t.Run("Tally", func(t *testing.T) {
		for name, ta := range tallies {
			for _, x := range hostileInts {
				err := mutating(t, name+" Add", ta, func(p *Tally) error { return p.Add(x) })
				checkErr(t, name+" Add", err, ErrOutOfRange)
				for _, c := range []int64{0, 1, -1, math.MinInt64, math.MaxInt64} {
					err := mutating(t, name+" AddN", ta, func(p *Tally) error { return p.AddN(x, c) })
					checkErr(t, name+" AddN", err, ErrOutOfRange)
				}
				err = mutating(t, name+" AddAll", ta, func(p *Tally) error { return p.AddAll([]int{9, 9, x, 9}) })
				checkErr(t, name+" AddAll", err, ErrOutOfRange)
				if c := ta.Count(x); c != 0 {
					t.Errorf("Count(%d) = %d", x, c)
				}
			}
			for _, c := range []int64{-1, math.MinInt64} {
				err := mutating(t, name+" AddN", ta, func(p *Tally) error { return p.AddN(9, c) })
				checkErr(t, name+" AddN negative", err, ErrCount)
			}
			// nil and empty input add nothing.
			for _, xs := range [][]int{nil, {}} {
				if err := mutating(t, name+" AddAll", ta, func(p *Tally) error { return p.AddAll(xs) }); err != nil {
					t.Errorf("%s AddAll(%v) = %v", name, xs, err)
				}
			}
			if err := mutating(t, name+" Merge(nil)", ta, func(p *Tally) error { return p.Merge(nil) }); err != nil {
				t.Errorf("%s Merge(nil) = %v", name, err)
			}
			if ta.N() == math.MaxInt64 {
				err := mutating(t, name+" Add", ta, func(p *Tally) error { return p.Add(9) })
				checkErr(t, name+" Add to a full tally", err, ErrOverflow)
				err = mutating(t, name+" AddN", ta, func(p *Tally) error { return p.AddN(9, 1) })
				checkErr(t, name+" AddN to a full tally", err, ErrOverflow)
				err = mutating(t, name+" AddAll", ta, func(p *Tally) error { return p.AddAll([]int{9}) })
				checkErr(t, name+" AddAll to a full tally", err, ErrOverflow)
				one := *tallyOf(t, 1, 0, 0)
				err = mutating(t, name+" Merge", ta, func(p *Tally) error { return p.Merge(&one) })
				checkErr(t, name+" Merge into a full tally", err, ErrOverflow)
				err = mutating(t, "Merge of a full tally", one, func(p *Tally) error { return p.Merge(&ta) })
				checkErr(t, "Merge of a full tally", err, ErrOverflow)
				err = mutating(t, name+" self Merge", ta, func(p *Tally) error { return p.Merge(p) })
				checkErr(t, name+" self Merge", err, ErrOverflow)
			}
			// Result with hostile levels and methods, and at the edges of
			// (0, 1).
			for _, level := range hostileLevels {
				_, err := ta.Result(estimate.Options{Level: level})
				if ta.N() == 0 {
					checkErr(t, name+" Result", err, ErrEmpty)
					continue
				}
				checkErr(t, name+" Result level", err, ErrLevel)
			}
			for _, m := range []estimate.Method{"wilsn", "Tango-Score", " wald", MiettinenNurminen, estimate.Wilson} {
				_, err := ta.Result(estimate.Options{Method: m})
				if ta.N() == 0 {
					checkErr(t, name+" Result", err, ErrEmpty)
					continue
				}
				checkErr(t, name+" Result method "+string(m), err, ErrMethod)
			}
			for _, level := range edgeLevels {
				for _, m := range []estimate.Method{TangoScore, AdjustedWald, Wald} {
					r, err := ta.Result(estimate.Options{Level: level, Method: m})
					if ta.N() == 0 {
						checkErr(t, name+" Result", err, ErrEmpty)
						continue
					}
					if err != nil {
						// A t quantile that fails at the largest df (estimate
						// before its second pass) must surface as an error,
						// never as a NaN interval.
						checkErr(t, name+" Result edge level", err, ErrNotFinite)
						continue
					}
					checkFinite(t, name+" Result", r)
					if !(r.CI.Lo <= r.NPS && r.NPS <= r.CI.Hi && r.CI.Lo >= -100 && r.CI.Hi <= 100) ||
						!(r.MeanCI.Lo <= r.Mean && r.Mean <= r.MeanCI.Hi && r.MeanCI.Lo >= 0 && r.MeanCI.Hi <= 10) {
						t.Errorf("%s Result(%v, %s) = %+v", name, level, m, r)
					}
				}
			}
			// Encodings round-trip, and hostile input leaves the tally.
			j, err := ta.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var back Tally
			if err := back.UnmarshalJSON(j); err != nil || back != ta {
				t.Errorf("%s JSON round trip: %+v, %v", name, back, err)
			}
			bin, err := ta.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back = Tally{}
			if err := back.UnmarshalBinary(bin); err != nil || back != ta {
				t.Errorf("%s binary round trip: %+v, %v", name, back, err)
			}
			for _, in := range hostileJSON {
				err := mutating(t, name+" UnmarshalJSON", ta, func(p *Tally) error { return p.UnmarshalJSON([]byte(in)) })
				checkErr(t, name+" UnmarshalJSON "+in, err, ErrCorrupt)
			}
			for _, in := range hostileBinary(bin) {
				err := mutating(t, name+" UnmarshalBinary", ta, func(p *Tally) error { return p.UnmarshalBinary(in) })
				checkErr(t, name+" UnmarshalBinary", err, ErrCorrupt)
			}
		}
	})
	t.Run("Summarize", func(t *testing.T) {
		for _, x := range hostileInts {
			_, err := Summarize([]int{9, x}, estimate.Options{})
			checkErr(t, "Summarize", err, ErrOutOfRange)
			_, err = SummarizeSeq(slices.Values([]int{9, x}), estimate.Options{})
			checkErr(t, "SummarizeSeq", err, ErrOutOfRange)
		}
		for _, xs := range [][]int{nil, {}} {
			_, err := Summarize(xs, estimate.Options{})
			checkErr(t, "Summarize empty", err, ErrEmpty)
			_, err = SummarizeSeq(slices.Values(xs), estimate.Options{})
			checkErr(t, "SummarizeSeq empty", err, ErrEmpty)
		}
		_, err := SummarizeSeq(nil, estimate.Options{})
		checkErr(t, "SummarizeSeq(nil)", err, ErrEmpty)
		var none iter.Seq[int] = func(func(int) bool) {}
		_, err = SummarizeSeq(none, estimate.Options{})
		checkErr(t, "SummarizeSeq of nothing", err, ErrEmpty)
		for _, level := range hostileLevels {
			_, err := Summarize([]int{9}, estimate.Options{Level: level})
			checkErr(t, "Summarize level", err, ErrLevel)
			_, err = SummarizeSeq(slices.Values([]int{9}), estimate.Options{Level: level})
			checkErr(t, "SummarizeSeq level", err, ErrLevel)
		}
		for _, level := range edgeLevels {
			r, err := Summarize([]int{0, 10}, estimate.Options{Level: level})
			if err != nil {
				t.Errorf("Summarize at %v: %v", level, err)
			}
			checkFinite(t, "Summarize", r)
		}
	})
	t.Run("MarginOfError", func(t *testing.T) {
		for _, se := range hostileFloats {
			r := good
			r.SE = se
			m, err := r.MarginOfError(estimate.Options{})
			switch {
			case math.IsNaN(se) || math.IsInf(se, 0):
				checkErr(t, "MarginOfError se", err, ErrNotFinite)
			case se < 0 || se > 100:
				checkErr(t, "MarginOfError se", err, ErrOutOfRange)
			case err != nil:
				t.Errorf("MarginOfError with SE %v: %v", se, err)
			default:
				checkFinite(t, "MarginOfError", m)
			}
		}
		for _, level := range hostileLevels {
			_, err := good.MarginOfError(estimate.Options{Level: level})
			checkErr(t, "MarginOfError level", err, ErrLevel)
		}
		for _, level := range edgeLevels {
			r := good
			r.SE = 100
			m, err := r.MarginOfError(estimate.Options{Level: level})
			if err != nil {
				// Only where z itself is not finite.
				checkErr(t, "MarginOfError edge level", err, ErrLevel)
				continue
			}
			checkFinite(t, "MarginOfError", m)
		}
		_, err := good.MarginOfError(estimate.Options{Method: TangoScore})
		checkErr(t, "MarginOfError method", err, ErrMethod)
	})
	t.Run("Compare", func(t *testing.T) {
		bad := map[string]struct {
			r      Result
			target error
		}{
			"empty":          {Result{}, ErrEmpty},
			"negative n":     {Result{N: -1}, ErrCount},
			"min n":          {Result{N: math.MinInt64, Promoters: math.MinInt64}, ErrCount},
			"negative P":     {Result{N: 1, Promoters: -1, Passives: 2}, ErrCount},
			"negative O":     {Result{N: 1, Passives: -1, Promoters: 2}, ErrCount},
			"negative D":     {Result{N: 1, Detractors: -1, Promoters: 2}, ErrCount},
			"short sum":      {Result{N: 10, Promoters: 1}, ErrCount},
			"overflowing":    {Result{N: 1, Promoters: math.MaxInt64, Passives: math.MaxInt64, Detractors: 3}, ErrCount},
			"sum wraps to n": {Result{N: 1, Promoters: math.MaxInt64, Passives: math.MaxInt64, Detractors: 3 - 0}, ErrCount},
		}
		for name, b := range bad {
			_, err := Compare(b.r, good, estimate.Options{})
			checkErr(t, "Compare before "+name, err, b.target)
			_, err = Compare(good, b.r, estimate.Options{})
			checkErr(t, "Compare after "+name, err, b.target)
		}
		for _, level := range hostileLevels {
			_, err := Compare(good, good, estimate.Options{Level: level})
			checkErr(t, "Compare level", err, ErrLevel)
		}
		huge := Result{N: math.MaxInt64, Promoters: math.MaxInt64}
		halfR := Result{N: math.MaxInt64, Promoters: 1 << 62, Detractors: 1<<62 - 1}
		one := Result{N: 1, Passives: 1}
		for _, level := range append([]float64{0}, edgeLevels...) {
			for _, m := range []estimate.Method{MiettinenNurminen, TangoScore, AdjustedWald, Wald} {
				for _, pair := range [][2]Result{{good, good}, {huge, one}, {one, huge}, {halfR, huge}, {one, one}, {halfR, halfR}} {
					d, err := Compare(pair[0], pair[1], estimate.Options{Level: level, Method: m})
					if err != nil {
						if m == Wald && errors.Is(err, ErrNoVariance) {
							checkErr(t, "Compare Wald", err, ErrNoVariance)
							continue
						}
						t.Errorf("Compare(%+v, %+v, %v, %s) = %v", pair[0], pair[1], level, m, err)
						continue
					}
					checkFinite(t, "Compare", d)
					if !(d.CI.Lo <= d.Estimate && d.Estimate <= d.CI.Hi && d.CI.Lo >= -200 && d.CI.Hi <= 200 && d.P >= 0 && d.P <= 1) {
						t.Errorf("Compare(%+v, %+v, %v, %s) = %+v", pair[0], pair[1], level, m, d)
					}
				}
			}
		}
	})
	t.Run("SampleSize", func(t *testing.T) {
		for _, m := range hostileFloats {
			n, err := SampleSize(m, 0.5, 0.2, estimate.Options{})
			switch {
			case math.IsNaN(m) || math.IsInf(m, 0):
				checkErr(t, "SampleSize margin", err, ErrNotFinite)
			case !(m > 0 && m <= 200):
				checkErr(t, "SampleSize margin", err, ErrOutOfRange)
			case err != nil:
				// The smallest margins need more than MaxInt64 answers.
				checkErr(t, "SampleSize tiny margin", err, ErrOverflow)
			case n < 1:
				t.Errorf("SampleSize(%v) = %d", m, n)
			}
		}
		for _, m := range []float64{math.Nextafter(200, 300), math.Nextafter(0, -1), 0} {
			_, err := SampleSize(m, 0.5, 0.2, estimate.Options{})
			checkErr(t, "SampleSize margin one off", err, ErrOutOfRange)
		}
		if n, err := SampleSize(200, 0.5, 0.2, estimate.Options{}); err != nil || n != 1 {
			t.Errorf("SampleSize(200) = %d, %v, want 1", n, err)
		}
		for _, p := range []float64{math.NaN(), math.Inf(1), -math.SmallestNonzeroFloat64, math.Nextafter(1, 2), math.MaxFloat64} {
			_, err := SampleSize(5, p, 0, estimate.Options{})
			checkErr(t, "SampleSize promoters", err, ErrProbability)
			_, err = SampleSize(5, 0, p, estimate.Options{})
			checkErr(t, "SampleSize detractors", err, ErrProbability)
		}
		_, err := SampleSize(5, 0.6, 0.41, estimate.Options{})
		checkErr(t, "SampleSize sum", err, ErrProbability)
		for _, level := range hostileLevels {
			_, err := SampleSize(5, 0.5, 0.2, estimate.Options{Level: level})
			checkErr(t, "SampleSize level", err, ErrLevel)
		}
		for _, level := range edgeLevels {
			if _, err := SampleSize(200, 0.5, 0.2, estimate.Options{Level: level}); err != nil && !errors.Is(err, ErrOverflow) {
				checkErr(t, "SampleSize edge level", err, ErrOverflow)
			}
		}
		_, err = SampleSize(5, 0.5, 0.2, estimate.Options{Method: AdjustedWald})
		checkErr(t, "SampleSize method", err, ErrMethod)
	})
}

// hostileJSON are encodings UnmarshalJSON must reject (null is not among
// them: it leaves the tally as it is).
var hostileJSON = []string{
	``, ` `, `{}`, `[]`, `0`, `"x"`, `true`, `{"n":0}`, `{"counts":[]}`,
	`{"n":0,"counts":[0,0,0,0,0,0,0,0,0,0,0]}{"n":0}`,
	`{"n":0,"counts":[0,0,0,0,0,0,0,0,0,0,0],"n":0}`,
	`{"N":0,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":0,"Counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":"0","counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":0,"counts":"0"}`,
	`{"n":-1,"counts":[-1,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":9223372036854775808,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":1e400,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":NaN,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`,
	`{"n":0,"counts":[0,0,0,0,0,0,0,0,0,0,0,]}`,
	"\xef\xbb\xbf{\"n\":0,\"counts\":[0,0,0,0,0,0,0,0,0,0,0]}",
}

// hostileBinary returns encodings UnmarshalBinary must reject, derived
// from the valid encoding b: empty, other versions, truncations, trailing
// bytes, a non-minimal varint, a count above MaxInt64.
func hostileBinary(b []byte) [][]byte {
	out := [][]byte{nil, {}, {0}, {2}, {255}, {binaryVersion}}
	for _, v := range []byte{0, 2, 255} {
		out = append(out, append([]byte{v}, b[1:]...))
	}
	for k := 1; k < len(b); k++ {
		out = append(out, b[:k])
	}
	out = append(out, append(slices.Clone(b), 0), append(slices.Clone(b), b...))
	// The first count as the non-minimal varint 0x80 0x00 (zero).
	nm := []byte{binaryVersion, 0x80, 0x00}
	for range MaxScore {
		nm = append(nm, 0)
	}
	out = append(out, nm)
	// 2⁶³ as the first count.
	big := []byte{binaryVersion, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}
	for range MaxScore {
		big = append(big, 0)
	}
	return append(out, big)
}
