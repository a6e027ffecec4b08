package estimate

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/servq/servq/internal/apitest"
)

// A hostileCase is one call of an exported function with one bad (or
// borderline) argument and the others valid. want is the sentinel the
// error must wrap, or nil when the call must succeed with a finite result.
// state, when not nil, returns a snapshot of what the call may modify,
// which must not change when the call fails.
type hostileCase struct {
	fn    string // the Func the *ValueError must name
	arg   string // what is hostile, for the message
	call  func() (any, error)
	state func() any
	want  error
}

// valueClass is a float64 and the sentinel it must produce in one role.
type valueClass struct {
	v   float64
	err error
}

var (
	negZero  = math.Copysign(0, -1)
	tiny     = math.SmallestNonzeroFloat64
	below0   = math.Nextafter(0, -1) // -5e-324
	below1   = math.Nextafter(1, 0)
	above1   = math.Nextafter(1, 2)
	maxF     = math.MaxFloat64
	nan      = math.NaN()
	posInf   = math.Inf(1)
	negInf   = math.Inf(-1)
	allFloat = []float64{nan, posInf, negInf, maxF, -maxF, tiny, -tiny, 0, negZero, below1, above1}
)

// levelClasses: a level in (0, 1) or zero (the default) is valid.
var levelClasses = []valueClass{
	{0, nil}, {negZero, nil}, {tiny, nil}, {below1, nil}, {0.5, nil},
	{below0, ErrLevel}, {1, ErrLevel}, {above1, ErrLevel}, {95, ErrLevel},
	{nan, ErrLevel}, {posInf, ErrLevel}, {negInf, ErrLevel}, {maxF, ErrLevel}, {-maxF, ErrLevel},
}

// probClasses: a probability in [0, 1] is valid.
var probClasses = []valueClass{
	{0, nil}, {negZero, nil}, {tiny, nil}, {below1, nil}, {1, nil},
	{below0, ErrProbability}, {above1, ErrProbability}, {nan, ErrProbability},
	{posInf, ErrProbability}, {negInf, ErrProbability}, {maxF, ErrProbability},
}

func levelOf(v float64) string { return fmt.Sprintf("level %v", v) }

func hostileCases() []hostileCase {
	var cs []hostileCase
	add := func(fn, arg string, want error, call func() (any, error)) {
		cs = append(cs, hostileCase{fn: fn, arg: arg, call: call, want: want})
	}
	addState := func(fn, arg string, want error, state func() any, call func() (any, error)) {
		cs = append(cs, hostileCase{fn: fn, arg: arg, call: call, state: state, want: want})
	}
	wrap := func(v any, err error) (any, error) { return v, err }

	// Z and T.
	for _, c := range levelClasses {
		l := c.v
		want := c.err
		if l == 0 {
			want = ErrLevel // Z and T do not default a zero level
		}
		add("estimate.Z", levelOf(l), want, func() (any, error) { return wrap(rec(Z)(l)) })
		add("estimate.T", levelOf(l), want, func() (any, error) { return wrap(rec(T)(l, 5)) })
		if want == nil {
			for _, df := range []float64{tiny, 1e-300, 1e-3, 1, 1e4, 1e20, maxF} {
				df := df
				var w error
				if df <= 1e-3 && l > 1e-3 {
					w = ErrNotFinite
				}
				if df == 1e-3 || (df < 1e-3 && l <= 1e-3) {
					continue // finite or not, by a hair: not a fixed case
				}
				add("estimate.T", fmt.Sprintf("level %v, df %v", l, df), w, func() (any, error) { return wrap(rec(T)(l, df)) })
			}
		}
	}
	for _, c := range []valueClass{{nan, ErrCount}, {posInf, ErrCount}, {negInf, ErrCount}, {0, ErrCount},
		{negZero, ErrCount}, {below0, ErrCount}, {-1, ErrCount}, {tiny, ErrNotFinite}, {maxF, nil}, {1, nil}, {0.5, nil}} {
		df := c.v
		add("estimate.T", fmt.Sprintf("df %v", df), c.err, func() (any, error) { return wrap(rec(T)(0.95, df)) })
	}

	// Options.
	for _, c := range levelClasses {
		o := Options{Level: c.v}
		add("estimate.Options.ConfidenceLevel", levelOf(c.v), c.err, func() (any, error) { return wrap(rec(o.ConfidenceLevel)()) })
		add("pkg.F", levelOf(c.v), c.err, func() (any, error) {
			l, m, err := rec(o.Resolve)("pkg.F", Wilson, Wald)
			return []any{l, m}, err
		})
	}
	for _, c := range []struct {
		m   Method
		err error
	}{{"", nil}, {Wilson, nil}, {Wald, nil}, {"WILSON", ErrMethod}, {"x\x00", ErrMethod}, {Jeffreys, ErrMethod}} {
		o := Options{Method: c.m}
		add("pkg.F", fmt.Sprintf("method %q", c.m), c.err, func() (any, error) {
			l, m, err := rec(o.Resolve)("pkg.F", Wilson, Wald)
			return []any{l, m}, err
		})
	}

	// Proportion and DiffProportions.
	counts := []struct {
		x, n int64
		err  error
	}{
		{0, 0, ErrEmpty}, {0, -1, ErrCount}, {-1, 5, ErrCount}, {6, 5, ErrCount},
		{math.MinInt64, 5, ErrCount}, {5, math.MinInt64, ErrCount}, {math.MaxInt64, math.MaxInt64 - 1, ErrCount},
		{0, 1, nil}, {1, 1, nil}, {0, math.MaxInt64, nil}, {math.MaxInt64, math.MaxInt64, nil},
		{math.MaxInt64 - 1, math.MaxInt64, nil}, {1, math.MaxInt64, nil},
	}
	methods := []Method{"", Wilson, AgrestiCoull, ClopperPearson, Jeffreys, Wald}
	for _, c := range counts {
		for _, m := range methods {
			x, n, o := c.x, c.n, Options{Method: m}
			want := c.err
			if want == nil && (m == ClopperPearson || m == Jeffreys) && n > MaxBetaTrials {
				want = ErrCount
			}
			add("estimate.Proportion", fmt.Sprintf("%d of %d, %q", x, n, m), want, func() (any, error) { return wrap(rec(Proportion)(x, n, o)) })
		}
		for _, m := range []Method{"", Newcombe, Wald} {
			x, n, o := c.x, c.n, Options{Method: m}
			add("estimate.DiffProportions", fmt.Sprintf("first %d of %d, %q", x, n, m), c.err, func() (any, error) { return wrap(rec(DiffProportions)(x, n, 3, 10, o)) })
			add("estimate.DiffProportions", fmt.Sprintf("second %d of %d, %q", x, n, m), c.err, func() (any, error) { return wrap(rec(DiffProportions)(3, 10, x, n, o)) })
		}
	}
	for _, c := range levelClasses {
		for _, m := range methods {
			o := Options{Level: c.v, Method: m}
			add("estimate.Proportion", fmt.Sprintf("%s, %q", levelOf(c.v), m), c.err, func() (any, error) { return wrap(rec(Proportion)(3, 10, o)) })
			add("estimate.Proportion", fmt.Sprintf("0 of 10, %s, %q", levelOf(c.v), m), c.err, func() (any, error) { return wrap(rec(Proportion)(0, 10, o)) })
		}
		for _, m := range []Method{"", Newcombe, Wald} {
			o := Options{Level: c.v, Method: m}
			add("estimate.DiffProportions", fmt.Sprintf("%s, %q", levelOf(c.v), m), c.err, func() (any, error) { return wrap(rec(DiffProportions)(0, 10, 10, 10, o)) })
		}
	}
	add("estimate.Proportion", "method welch", ErrMethod, func() (any, error) { return wrap(rec(Proportion)(1, 2, Options{Method: Welch})) })
	add("estimate.DiffProportions", "method wilson", ErrMethod, func() (any, error) { return wrap(rec(DiffProportions)(1, 2, 1, 2, Options{Method: Wilson})) })

	// MeanInterval.
	for _, c := range []struct {
		n   int64
		err error
	}{{0, ErrEmpty}, {1, ErrTooFew}, {-1, ErrCount}, {math.MinInt64, ErrCount}, {2, nil}, {math.MaxInt64, nil}} {
		n := c.n
		add("estimate.MeanInterval", fmt.Sprintf("n %d", n), c.err, func() (any, error) { return wrap(rec(MeanInterval)(n, 1, 1, Options{})) })
	}
	for _, v := range allFloat {
		mean, sd := v, v
		wantMean, wantSD := error(nil), error(nil)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			wantMean, wantSD = ErrNotFinite, ErrNotFinite
		}
		if v < 0 || math.Signbit(v) && v != 0 {
			wantSD = ErrNotFinite
		}
		if v == maxF {
			wantSD = ErrNotFinite // the ends overflow
		}
		add("estimate.MeanInterval", fmt.Sprintf("mean %v", mean), wantMean, func() (any, error) { return wrap(rec(MeanInterval)(5, mean, 1, Options{})) })
		add("estimate.MeanInterval", fmt.Sprintf("sd %v", sd), wantSD, func() (any, error) { return wrap(rec(MeanInterval)(5, 0, sd, Options{})) })
	}
	for _, c := range levelClasses {
		o := Options{Level: c.v}
		add("estimate.MeanInterval", levelOf(c.v), c.err, func() (any, error) { return wrap(rec(MeanInterval)(2, 0, 1, o)) })
	}
	add("estimate.MeanInterval", "method welch", ErrMethod, func() (any, error) { return wrap(rec(MeanInterval)(2, 0, 1, Options{Method: Welch})) })

	// Moments: each call on a fresh {1, 2, 3}, whose state must survive
	// a rejected call.
	onMoments := func(fn, arg string, want error, f func(m *Moments) (any, error)) {
		m := momentsOf([]float64{1, 2, 3})
		addState(fn, arg, want, func() any { return m }, func() (any, error) { return f(&m) })
	}
	for _, v := range allFloat {
		x := v
		want := error(nil)
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) == maxF {
			want = ErrNotFinite // NaN, Inf, or a spread that overflows
		}
		onMoments("estimate.Moments.Add", fmt.Sprintf("x %v", x), want, func(m *Moments) (any, error) { return nil, rec(m.Add)(x) })
		onMoments("estimate.Moments.AddN", fmt.Sprintf("x %v", x), want, func(m *Moments) (any, error) { return nil, rec(m.AddN)(x, 7) })
		// AddAll: the bad value last, after good ones that must not count.
		onMoments("estimate.Moments.AddAll", fmt.Sprintf("x %v last", x), want, func(m *Moments) (any, error) { return nil, rec(m.AddAll)([]float64{4, 5, x}) })
	}
	onMoments("estimate.Moments.AddAll", "nil", nil, func(m *Moments) (any, error) { return nil, rec(m.AddAll)(nil) })
	for _, c := range []struct {
		k   int64
		err error
	}{{-1, ErrCount}, {math.MinInt64, ErrCount}, {math.MaxInt64, ErrOverflow}, {math.MaxInt64 - 3, nil}, {0, nil}} {
		k := c.k
		onMoments("estimate.Moments.AddN", fmt.Sprintf("count %d", k), c.err, func(m *Moments) (any, error) { return nil, rec(m.AddN)(2, k) })
	}
	decoded := func(j string) *Moments {
		var m Moments
		if err := m.UnmarshalJSON([]byte(j)); err != nil {
			panic(err)
		}
		return &m
	}
	for _, c := range []struct {
		name string
		o    *Moments
		err  error
	}{
		{"nil", nil, nil},
		{"empty", &Moments{}, nil},
		{"MaxInt64 values", decoded(`{"n":9223372036854775807,"mean":1,"m2":0}`), ErrOverflow},
		{"MaxInt64-3 values", decoded(`{"n":9223372036854775804,"mean":2,"m2":0}`), nil},
		{"mean MaxFloat64", decoded(`{"n":2,"mean":1.7976931348623157e308,"m2":1.7976931348623157e308}`), ErrNotFinite},
		{"m2 MaxFloat64", decoded(`{"n":2,"mean":2,"m2":1.7976931348623157e308}`), nil},
		{"mean -MaxFloat64", decoded(`{"n":5,"mean":-1.7976931348623157e308,"m2":0}`), ErrNotFinite},
		{"tiny", decoded(`{"n":5,"mean":5e-324,"m2":5e-324}`), nil},
	} {
		o := c.o
		onMoments("estimate.Moments.Merge", c.name, c.err, func(m *Moments) (any, error) { return nil, rec(m.Merge)(o) })
	}
	for _, c := range levelClasses {
		o := Options{Level: c.v}
		onMoments("estimate.Moments.Result", levelOf(c.v), c.err, func(m *Moments) (any, error) { return wrap(rec(m.Result)(o)) })
	}
	onMoments("estimate.Moments.Result", "method welch", ErrMethod, func(m *Moments) (any, error) { return wrap(rec(m.Result)(Options{Method: Welch})) })
	addState("estimate.Moments.Result", "empty", ErrEmpty, func() any { return nil }, func() (any, error) { return wrap(rec((&Moments{}).Result)(Options{})) })
	for _, c := range []struct {
		j   string
		err error
	}{
		{`{"n":2,"mean":2,"m2":2}`, nil},
		{`{"m2":2,"n":2,"mean":2.0}`, nil}, // any order, 2.0 from other encoders
		{` {"n":0,"mean":0,"m2":0} `, nil},
		{`null`, nil},
		{``, ErrCorrupt}, {`{`, ErrCorrupt}, {`[]`, ErrCorrupt}, {`"x"`, ErrCorrupt}, {`3`, ErrCorrupt}, {`true`, ErrCorrupt},
		{`{}`, ErrCorrupt},
		{`{"n":2,"mean":2}`, ErrCorrupt},                          // missing
		{`{"n":2,"mean":2,"m2":2,"x":1}`, ErrCorrupt},             // unknown
		{`{"n":2,"mean":2,"m2":2,"n":2}`, ErrCorrupt},             // duplicate
		{`{"N":2,"mean":2,"m2":2}`, ErrCorrupt},                   // case-folded
		{`{"n":"2","mean":2,"m2":2}`, ErrCorrupt},                 // wrong type
		{`{"n":2,"mean":"2","m2":2}`, ErrCorrupt},                 // wrong type
		{`{"n":2,"mean":null,"m2":2}`, ErrCorrupt},                // wrong type
		{`{"n":2,"mean":[2],"m2":2}`, ErrCorrupt},                 // wrong type
		{`{"n":2.0,"mean":2,"m2":2}`, ErrCorrupt},                 // non-canonical n
		{`{"n":2e0,"mean":2,"m2":2}`, ErrCorrupt},                 // non-canonical n
		{`{"n":-0,"mean":0,"m2":0}`, ErrCorrupt},                  // non-canonical n
		{`{"n":9223372036854775808,"mean":2,"m2":2}`, ErrCorrupt}, // above MaxInt64
		{`{"n":2,"mean":1e309,"m2":2}`, ErrCorrupt},               // beyond float64
		{`{"n":2,"mean":2,"m2":2} {}`, ErrCorrupt},                // trailing
		{`{"n":2,"mean":2,"m2":2}x`, ErrCorrupt},                  // trailing
		{`{"n":2,"mean":2,"m2":-1}`, ErrCorrupt},                  // impossible state
		{`{"n":1,"mean":2,"m2":1}`, ErrCorrupt},                   // impossible state
		{`{"n":0,"mean":-0,"m2":0}`, ErrCorrupt},                  // impossible state
		{`{"n":2,"mean":2,"m2":2,}`, ErrCorrupt},                  // malformed
	} {
		j := c.j
		onMoments("estimate.Moments.UnmarshalJSON", "json "+j, c.err, func(m *Moments) (any, error) { return nil, rec(m.UnmarshalJSON)([]byte(j)) })
	}
	good, _ := momentsOf([]float64{1, 3}).MarshalBinary()
	for _, c := range []struct {
		name string
		b    []byte
		err  error
	}{
		{"good", good, nil},
		{"nil", nil, ErrCorrupt},
		{"version 0", append([]byte{0}, good[1:]...), ErrCorrupt},
		{"short", good[:24], ErrCorrupt},
		{"long", append(slices.Clone(good), 0), ErrCorrupt},
		{"all ones", slices.Repeat([]byte{0xff}, 25), ErrCorrupt},
	} {
		b := c.b
		onMoments("estimate.Moments.UnmarshalBinary", c.name, c.err, func(m *Moments) (any, error) { return nil, rec(m.UnmarshalBinary)(b) })
	}

	// DiffMeans.
	one, four, five := momentsOf([]float64{1}), momentsOf([]float64{4, 4}), momentsOf([]float64{5, 5})
	sample := momentsOf([]float64{1, 2, 4})
	hugePos := *decoded(`{"n":3,"mean":1.7976931348623157e308,"m2":1}`)
	large := *decoded(`{"n":3,"mean":1e300,"m2":1}`)
	hugeNeg := *decoded(`{"n":3,"mean":-1.7976931348623157e308,"m2":1}`)
	for _, c := range []struct {
		name string
		a, b *Moments
		err  error
	}{
		{"nil a", nil, &sample, ErrEmpty}, {"nil b", &sample, nil, ErrEmpty},
		{"empty", &Moments{}, &sample, ErrEmpty}, {"one value", &one, &sample, ErrTooFew},
		{"constant", &four, &five, ErrNoVariance}, {"same constant", &four, &four, nil},
		{"opposite extremes", &hugePos, &hugeNeg, ErrNotFinite},
		{"extreme vs ordinary", &hugePos, &sample, ErrNotFinite}, // t = 1.8e308/0.9 overflows
		{"large vs ordinary", &large, &sample, nil},
	} {
		a, b := c.a, c.b
		add("estimate.DiffMeans", c.name, c.err, func() (any, error) { return wrap(rec(DiffMeans)(a, b, Options{})) })
	}
	for _, c := range levelClasses {
		o := Options{Level: c.v}
		add("estimate.DiffMeans", levelOf(c.v), c.err, func() (any, error) { return wrap(rec(DiffMeans)(&sample, &four, o)) })
	}
	add("estimate.DiffMeans", "method t", ErrMethod, func() (any, error) { return wrap(rec(DiffMeans)(&sample, &four, Options{Method: StudentT})) })

	// Quantiles in all forms.
	xsCases := []struct {
		name string
		x    []float64
		err  error
	}{
		{"nil", nil, ErrEmpty}, {"empty", []float64{}, ErrEmpty},
		{"NaN", []float64{1, nan}, ErrNotFinite}, {"+Inf", []float64{posInf, 1}, ErrNotFinite}, {"-Inf", []float64{2, negInf, 1}, ErrNotFinite},
		{"extremes", []float64{maxF, -maxF, maxF, -maxF}, nil}, {"tiny", []float64{tiny, -tiny, 0, negZero}, nil},
		{"one", []float64{3}, nil},
	}
	typeCases := []struct {
		t   QuantileType
		err error
	}{{0, nil}, {1, nil}, {9, nil}, {-1, ErrQuantileType}, {10, ErrQuantileType}, {math.MaxInt, ErrQuantileType}, {math.MinInt, ErrQuantileType}}
	quantileForms := func(arg string, x []float64, p float64, t QuantileType, want error) {
		add("estimate.Quantile", arg, want, func() (any, error) { return wrap(rec(Quantile)(x, p, t)) })
		add("estimate.Quantiles", arg, want, func() (any, error) { return wrap(rec(Quantiles)(x, t, 0.5, p)) })
		s := slices.Clone(x)
		addState("estimate.QuantilesInPlace", arg, want, func() any { return slices.Clone(s) }, func() (any, error) {
			return wrap(rec(QuantilesInPlace)(nil, s, t, p, 0.25))
		})
	}
	for _, c := range xsCases {
		quantileForms("x "+c.name, c.x, 0.9, Type7, c.err)
	}
	for _, c := range probClasses {
		for _, tc := range typeCases[:3] {
			quantileForms(fmt.Sprintf("p %v type %d", c.v, tc.t), []float64{4, 1, 3, maxF}, c.v, tc.t, c.err)
		}
		p := c.v
		add("estimate.QuantileFunc", fmt.Sprintf("p %v", p), c.err, func() (any, error) {
			return wrap(rec(QuantileFunc)(math.MaxInt, func(k int) float64 { return float64(k % 7) }, p, Type7))
		})
	}
	for _, c := range typeCases {
		quantileForms(fmt.Sprintf("type %d", c.t), []float64{1, 2}, 0.5, c.t, c.err)
		tt := c.t
		add("estimate.QuantileFunc", fmt.Sprintf("type %d", tt), c.err, func() (any, error) {
			return wrap(rec(QuantileFunc)(3, func(k int) float64 { return float64(k) }, 0.5, tt))
		})
	}
	for _, c := range []struct {
		n   int
		err error
	}{{0, ErrEmpty}, {-1, ErrEmpty}, {math.MinInt, ErrEmpty}, {1, nil}, {math.MaxInt, nil}, {1<<53 + 1, nil}} {
		n := c.n
		add("estimate.QuantileFunc", fmt.Sprintf("n %d", n), c.err, func() (any, error) {
			return wrap(rec(QuantileFunc)(n, func(k int) float64 { return 1 }, 0.5, Type2))
		})
	}
	for _, v := range []float64{nan, posInf, negInf} {
		bad := v
		add("estimate.QuantileFunc", fmt.Sprintf("kth %v", bad), ErrNotFinite, func() (any, error) {
			return wrap(rec(QuantileFunc)(10, func(k int) float64 { return bad }, 0.5, Type7))
		})
	}

	// Holm and BenjaminiHochberg.
	for _, c := range probClasses {
		ps := []float64{0.01, c.v, 0.5}
		add("estimate.Holm", fmt.Sprintf("p %v", c.v), c.err, func() (any, error) { return wrap(rec(Holm)(ps)) })
		add("estimate.BenjaminiHochberg", fmt.Sprintf("p %v", c.v), c.err, func() (any, error) { return wrap(rec(BenjaminiHochberg)(ps)) })
	}
	for _, ps := range [][]float64{nil, {}} {
		add("estimate.Holm", fmt.Sprintf("%#v", ps), ErrEmpty, func() (any, error) { return wrap(rec(Holm)(ps)) })
		add("estimate.BenjaminiHochberg", fmt.Sprintf("%#v", ps), ErrEmpty, func() (any, error) { return wrap(rec(BenjaminiHochberg)(ps)) })
	}

	// Interval.Scale.
	for _, v := range allFloat {
		k := v
		want := error(nil)
		switch {
		case !(k > 0) || math.IsInf(k, 1):
			want = ErrFactor
		case k == maxF:
			want = ErrNotFinite // 2·MaxFloat64
		}
		iv := Interval{Lo: 1, Hi: 2, Level: 0.95, Method: Wilson}
		add("estimate.Interval.Scale", fmt.Sprintf("factor %v", k), want, func() (any, error) { return wrap(rec(iv.Scale)(k)) })
	}
	for _, v := range []float64{nan, posInf, negInf} {
		iv := Interval{Lo: v, Hi: 1}
		add("estimate.Interval.Scale", fmt.Sprintf("end %v", v), ErrNotFinite, func() (any, error) { return wrap(rec(iv.Scale)(2)) })
	}
	// MomentsFrom: every state no sequence of values produces.
	for _, c := range []struct {
		n        int64
		mean, m2 float64
		err      error
	}{
		{-1, 0, 0, ErrCorrupt}, {math.MinInt64, 0, 0, ErrCorrupt},
		{2, nan, 0, ErrCorrupt}, {2, posInf, 0, ErrCorrupt}, {2, negInf, 0, ErrCorrupt},
		{2, 0, nan, ErrCorrupt}, {2, 0, posInf, ErrCorrupt}, {2, 0, -1, ErrCorrupt}, {2, 0, below0, ErrCorrupt},
		{2, 0, negZero, ErrCorrupt}, {0, 1, 0, ErrCorrupt}, {0, negZero, 0, ErrCorrupt}, {1, 0, tiny, ErrCorrupt},
		{0, 0, 0, nil}, {1, -maxF, 0, nil}, {math.MaxInt64, maxF, maxF, nil}, {2, tiny, tiny, nil},
	} {
		n, mean, m2 := c.n, c.mean, c.m2
		add("estimate.MomentsFrom", fmt.Sprintf("n %d mean %v m2 %v", n, mean, m2), c.err, func() (any, error) {
			return wrap(rec(MomentsFrom)(n, mean, m2))
		})
	}

	// The accessors and encoders of Moments at extreme states: finite
	// answers, encodings that decode to the same state, Reset to zero.
	for _, j := range []string{`{"n":0,"mean":0,"m2":0}`, `{"n":9223372036854775807,"mean":1.7976931348623157e308,"m2":1.7976931348623157e308}`,
		`{"n":2,"mean":-1.7976931348623157e308,"m2":5e-324}`, `{"n":1,"mean":5e-324,"m2":0}`} {
		m := decoded(j)
		add("estimate.Moments", "accessors "+j, nil, func() (any, error) {
			n, mean, m2 := rec(m.N)(), rec(m.Mean)(), rec(m.M2)()
			js, err := rec(m.MarshalJSON)()
			if err != nil {
				return nil, err
			}
			bin, err := rec(m.MarshalBinary)()
			if err != nil {
				return nil, err
			}
			app, err := rec(m.AppendBinary)([]byte("prefix"))
			if err != nil {
				return nil, err
			}
			var fromJSON, fromBin Moments
			if err := errors.Join(fromJSON.UnmarshalJSON(js), fromBin.UnmarshalBinary(bin)); err != nil {
				return nil, err
			}
			if fromJSON != *m || fromBin != *m || string(app[6:]) != string(bin) {
				return nil, fmt.Errorf("encodings of %s do not read back: %s, %x", j, js, bin)
			}
			rec(m.Reset)()
			if *m != (Moments{}) {
				return nil, fmt.Errorf("Reset left %+v", *m)
			}
			return []any{n, mean, m2}, nil
		})
	}

	// Interval's reports on NaN and extreme arguments: no panic, NaN
	// contained nowhere, Width finite for the intervals servq returns.
	for _, v := range allFloat {
		x := v
		iv := Interval{Lo: -1, Hi: 1}
		add("estimate.Interval.Contains", fmt.Sprintf("x %v", x), nil, func() (any, error) {
			got, want := rec(iv.Contains)(x), x >= -1 && x <= 1
			if got != want {
				return nil, fmt.Errorf("Contains(%v) = %v", x, got)
			}
			return got, nil
		})
		end := Interval{Lo: x, Hi: 1}
		add("estimate.Interval.Contains", fmt.Sprintf("end %v", x), nil, func() (any, error) {
			if math.IsNaN(x) && rec(end.Contains)(0.5) {
				return nil, errors.New("an interval with a NaN end contains 0.5")
			}
			return nil, nil
		})
	}
	for _, iv := range []Interval{{Lo: -maxF / 2, Hi: maxF / 2}, {Lo: tiny, Hi: tiny}, {Lo: negZero, Hi: 0}, {}} {
		add("estimate.Interval.Width", fmt.Sprintf("%+v", iv), nil, func() (any, error) { return rec(iv.Width)(), nil })
	}

	// Interval's JSON: every end, finite or not, marshals and reads back
	// to the same bits (NaN as NaN); bad JSON is ErrCorrupt and leaves the
	// interval unchanged.
	for _, v := range allFloat {
		iv := Interval{Lo: v, Hi: v, Level: 0.95, Method: Wilson}
		add("estimate.Interval.MarshalJSON", fmt.Sprintf("ends %v", v), nil, func() (any, error) {
			b, err := rec(iv.MarshalJSON)()
			if err != nil {
				return nil, err
			}
			var back Interval
			if err := rec(back.UnmarshalJSON)(b); err != nil {
				return nil, err
			}
			if math.Float64bits(back.Lo) != math.Float64bits(iv.Lo) && !(math.IsNaN(back.Lo) && math.IsNaN(iv.Lo)) || back.Level != iv.Level || back.Method != iv.Method {
				return nil, fmt.Errorf("%s reads back as %+v", b, back)
			}
			return string(b), nil
		})
	}
	for _, j := range []string{``, `{`, `[]`, `"x"`, `{"lo":"inf"}`, `{"lo":"+inf"}`, `{"hi":1e999}`, `{"level":"0.9"}`, `{"lo":1}x`, `{"method":1}`} {
		add("estimate.Interval.UnmarshalJSON", fmt.Sprintf("%q", j), ErrCorrupt, func() (any, error) {
			iv := Interval{Lo: 1, Hi: 2, Level: 0.9, Method: Wilson}
			err := rec(iv.UnmarshalJSON)([]byte(j))
			if iv != (Interval{Lo: 1, Hi: 2, Level: 0.9, Method: Wilson}) {
				return nil, fmt.Errorf("%q changed the interval to %+v", j, iv)
			}
			return nil, err
		})
	}

	// Difference.Significant: a zero level is DefaultLevel, a level
	// outside (0, 1) reports false.
	for _, c := range levelClasses {
		d := Difference{P: 0.04}
		l := c.v
		add("estimate.Difference.Significant", levelOf(l), nil, func() (any, error) {
			got := rec(d.Significant)(l)
			want := c.err == nil && (l == 0 || 0.04 < 1-l)
			if got != want {
				return nil, fmt.Errorf("Significant(%v) at P 0.04 = %v, want %v", l, got, want)
			}
			return got, nil
		})
	}

	// ValueError by hand, the zero one included: Error and Unwrap do not
	// panic and Unwrap returns what it wraps.
	for _, e := range []*ValueError{{}, {Func: "f", Value: nan}, {Func: "f", Value: maxF, Index: -1, Err: ErrCount},
		{Func: "f", Name: "x", Text: strings.Repeat("\x00", 3), Err: ErrCorrupt}} {
		add("estimate.ValueError", fmt.Sprintf("%#v", e), nil, func() (any, error) {
			if rec(e.Error)() == "" {
				return nil, errors.New("formats as the empty string")
			}
			if rec(e.Unwrap)() != e.Err {
				return nil, errors.New("Unwrap returns another error")
			}
			return nil, nil
		})
	}
	return cs
}

// TestHostileInput walks every exported function of estimate that takes
// user data with NaN, ±Inf, ±MaxFloat64, the smallest denormal, one ulp
// from each bound of levels and probabilities, the largest counts, nil,
// empty and wrong-type JSON. Each call must not panic; a failure must be
// a *ValueError naming the function and wrapping the expected sentinel,
// and leave the state unchanged; a success must return only finite
// numbers.
func TestHostileInput(t *testing.T) {
	cases := hostileCases()
	for _, c := range cases {
		var before any
		if c.state != nil {
			before = c.state()
		}
		got, err := callNoPanic(c.call)
		if pe, ok := err.(panicError); ok {
			t.Errorf("%s(%s) panicked: %v", c.fn, c.arg, pe.v)
			continue
		}
		if c.want == nil {
			if err != nil {
				t.Errorf("%s(%s) = %v; want success", c.fn, c.arg, err)
			} else if bad := nonFinite(reflect.ValueOf(got)); bad != "" {
				t.Errorf("%s(%s) = %+v with a nil error: %s is not finite", c.fn, c.arg, got, bad)
			}
			continue
		}
		var ve *ValueError
		switch {
		case !errors.Is(err, c.want):
			t.Errorf("%s(%s) error %v; want %v", c.fn, c.arg, err, c.want)
		case !errors.As(err, &ve):
			t.Errorf("%s(%s) error %v (%T) is not a *ValueError", c.fn, c.arg, err, err)
		case ve.Func != c.fn:
			t.Errorf("%s(%s) error names %q", c.fn, c.arg, ve.Func)
		case strings.Count(err.Error(), c.fn) != 1:
			t.Errorf("%s(%s) error %q names its function more than once", c.fn, c.arg, err)
		}
		// Compared as printed, so that a NaN in the state equals itself.
		if c.state != nil && fmt.Sprintf("%+v", before) != fmt.Sprintf("%+v", c.state()) {
			t.Errorf("%s(%s) failed but changed the state from %+v to %+v", c.fn, c.arg, before, c.state())
		}
	}
	// Every exported function and method was called, through rec.
	api.Check(t, ".")
	t.Logf("%d hostile calls", len(cases))
}

// api records each exported function and method the hostile cases call;
// a case calls f as rec(f)(args), so the record cannot drift from the call.
var api apitest.Recorder

func rec[F any](f F) F { return apitest.Call(&api, f) }

type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprint("panic: ", p.v) }

func callNoPanic(f func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError{r}
		}
	}()
	return f()
}

// nonFinite returns the path of the first NaN or infinite float64 in v,
// or "" when there is none.
func nonFinite(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if s := nonFinite(v.Field(i)); s != "" {
				return v.Type().Field(i).Name + " " + s
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if s := nonFinite(v.Index(i)); s != "" {
				return fmt.Sprintf("[%d] %s", i, s)
			}
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return nonFinite(v.Elem())
		}
	}
	return ""
}

// TestValueErrorZero: a ValueError built by hand, even the zero one,
// formats without panicking.
func TestValueErrorZero(t *testing.T) {
	if s := (&ValueError{}).Error(); s == "" {
		t.Errorf("zero ValueError formats as the empty string")
	}
}
