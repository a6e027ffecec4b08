package estimate

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// Tolerances for reference values.
const (
	// tolR is for values from R printed with 15 significant digits
	// (sprintf("%.15g")): they carry about 1e-15 of rounding, and gonum's
	// quantile functions agree with R's to far better than 1e-9.
	tolR = 1e-9
	// tolPub is for published values printed with 4 decimals, which are
	// off by up to 5e-5 from the exact value.
	tolPub = 5e-5
)

// near reports whether got is within tol of want, either absolutely or
// relative to |want|, in the manner of gonum's scalar.EqualWithinAbsOrRel.
// Infinities must match exactly and NaN is never near anything.
func near(got, want, tol float64) bool {
	if got == want {
		return true
	}
	if math.IsNaN(got) || math.IsNaN(want) || math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	d := math.Abs(got - want)
	return d <= tol || d <= tol*math.Abs(want)
}

func TestNear(t *testing.T) {
	for _, tc := range []struct {
		got, want, tol float64
		ok             bool
	}{
		{1, 1, 0, true},
		{1 + 1e-10, 1, tolR, true},
		{1 + 1e-8, 1, tolR, false},
		{1e6 + 1e-4, 1e6, tolR, true}, // relative
		{1e-12, 0, tolR, true},        // absolute
		{0.25535, 0.2553, tolPub, true},
		{0.2554, 0.2553, tolPub, false},
		{math.NaN(), math.NaN(), 1, false},
		{math.Inf(1), math.Inf(1), 0, true},
		{math.Inf(1), 1e308, 1, false},
	} {
		if got := near(tc.got, tc.want, tc.tol); got != tc.ok {
			t.Errorf("near(%v, %v, %v) = %v, want %v", tc.got, tc.want, tc.tol, got, tc.ok)
		}
	}
}

// R 4.2.2: sprintf("%.15g", qnorm(1 - (1 - level)/2)).
func TestZ(t *testing.T) {
	for _, tc := range []struct{ level, z float64 }{
		{0.5, 0.674489750196082},
		{0.8, 1.2815515655446},
		{0.9, 1.64485362695147},
		{0.95, 1.95996398454005},
		{0.99, 2.5758293035489},
		{0.999, 3.29052673149193},
	} {
		z, err := Z(tc.level)
		if err != nil || !near(z, tc.z, tolR) {
			t.Errorf("Z(%v) = %.15g, %v; want %.15g", tc.level, z, err, tc.z)
		}
	}
}

// R 4.2.2: sprintf("%.15g", qt(1 - (1 - level)/2, df)), df = 4.5 checking
// the fractional degrees of freedom that Welch's test needs.
func TestT(t *testing.T) {
	for _, tc := range []struct{ level, df, t float64 }{
		{0.8, 1, 3.07768353717525},
		{0.9, 1, 6.31375151467504},
		{0.95, 1, 12.7062047361747},
		{0.99, 1, 63.6567411628715},
		{0.999, 1, 636.61924876879},
		{0.8, 2, 1.88561808316413},
		{0.9, 2, 2.91998558035372},
		{0.95, 2, 4.30265272974946},
		{0.99, 2, 9.92484320091829},
		{0.999, 2, 31.5990545764454},
		{0.8, 4.5, 1.50088531750856},
		{0.9, 4.5, 2.06557588887852},
		{0.95, 4.5, 2.6589123472044},
		{0.99, 4.5, 4.27282399301129},
		{0.999, 4.5, 7.58074049937276},
		{0.8, 10, 1.37218364111034},
		{0.9, 10, 1.81246112281168},
		{0.95, 10, 2.22813885198627},
		{0.99, 10, 3.16927267261695},
		{0.999, 10, 4.58689385870271},
		{0.8, 30, 1.3104150253914},
		{0.9, 30, 1.69726088659396},
		{0.95, 30, 2.04227245630124},
		{0.99, 30, 2.74999565356723},
		{0.999, 30, 3.64595863504206},
		{0.8, 1000, 1.28239872146092},
		{0.9, 1000, 1.64637881728546},
		{0.95, 1000, 1.96233908082641},
		{0.99, 1000, 2.58075469806595},
		{0.999, 1000, 3.30028264842394},
	} {
		got, err := T(tc.level, tc.df)
		if err != nil || !near(got, tc.t, tolR) {
			t.Errorf("T(%v, %v) = %.15g, %v; want %.15g", tc.level, tc.df, got, err, tc.t)
		}
	}
}

// TestTSmallLevelFewDF: levels below 1/2 at df below 1 (no interval of
// servq has them, but T takes them) invert the central probability too;
// before, they came from the tail (1-level)/2, which has lost the level's
// digits: T(1.97e-9, 0.605) was 6.8e-11, below z. References from mpmath
// at 40 digits (findroot of betainc(1/2, df/2, 0, t²/(df+t²),
// regularized) = level), and for the tiny level the first term of the
// series t = level / (2 f(0)), f(0) = Γ((df+1)/2) / (√(df π) Γ(df/2)).
func TestTSmallLevelFewDF(t *testing.T) {
	for _, tc := range []struct{ level, df, t float64 }{
		{1.967930029154519e-09, 0.6052514818620348, 3.463410925509437e-09},
		{0.3, 0.5, 0.6558672224499489865},
		{0.49, 0.9, 1.013953531482015629},
		{0.1, 0.05, 0.9243843459076494718},
	} {
		got, err := T(tc.level, tc.df)
		if err != nil || !near(got, tc.t, 1e-12) {
			t.Errorf("T(%v, %v) = %.17g, %v; want %.17g", tc.level, tc.df, got, err, tc.t)
		}
	}
}

func TestZTErrors(t *testing.T) {
	for _, level := range []float64{0, 1, -0.5, 1.5, math.NaN(), math.Inf(1)} {
		if _, err := Z(level); !errors.Is(err, ErrLevel) {
			t.Errorf("Z(%v) err = %v, want ErrLevel", level, err)
		}
		if _, err := T(level, 5); !errors.Is(err, ErrLevel) {
			t.Errorf("T(%v, 5) err = %v, want ErrLevel", level, err)
		}
	}
	for _, df := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := T(0.95, df)
		var ve *ValueError
		if !errors.Is(err, ErrCount) || !errors.As(err, &ve) || ve.Name != "df" || ve.Func != "estimate.T" {
			t.Errorf("T(0.95, %v) err = %#v, want ErrCount naming df", df, err)
		}
	}
}

func TestConfidenceLevel(t *testing.T) {
	for _, tc := range []struct {
		in, want float64
		err      error
	}{
		{0, DefaultLevel, nil},
		{0.9, 0.9, nil},
		{1e-9, 1e-9, nil},
		{0.999999, 0.999999, nil},
		{1, 0, ErrLevel},
		{95, 0, ErrLevel}, // a percentage by mistake
		{-0.95, 0, ErrLevel},
		{math.NaN(), 0, ErrLevel},
		{math.Inf(-1), 0, ErrLevel},
	} {
		got, err := Options{Level: tc.in}.ConfidenceLevel()
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("Options{Level: %v}.ConfidenceLevel() = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestInterval(t *testing.T) {
	iv := Interval{Lo: 0.25, Hi: 0.5, Level: 0.9, Method: Wilson}
	if !iv.Contains(0.25) || !iv.Contains(0.5) || iv.Contains(0.2) || iv.Contains(0.51) {
		t.Errorf("Contains wrong on %+v", iv)
	}
	if iv.Width() != 0.25 {
		t.Errorf("Width = %v, want 0.25", iv.Width())
	}
	// 0.25·100 = 25 and 0.5·100 = 50 exactly; Level and Method are kept.
	if got, err := iv.Scale(100); err != nil || got != (Interval{Lo: 25, Hi: 50, Level: 0.9, Method: Wilson}) {
		t.Errorf("Scale(100) = %+v, %v; want [25, 50]", got, err)
	}
	// Factors that are not a finite number > 0 are ErrFactor; ends that
	// are or become infinite, ErrNotFinite.
	for _, k := range []float64{0, -1, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, err := iv.Scale(k); !errors.Is(err, ErrFactor) || got != (Interval{}) {
			t.Errorf("Scale(%v) = %+v, %v; want ErrFactor", k, got, err)
		}
	}
	for _, c := range []struct {
		iv Interval
		k  float64
	}{{Interval{Lo: 1e300, Hi: 1e301}, 1e10}, {Interval{Lo: math.NaN(), Hi: 1}, 2}, {Interval{Lo: 0, Hi: math.Inf(1)}, 1}} {
		if got, err := c.iv.Scale(c.k); !errors.Is(err, ErrNotFinite) || got != (Interval{}) {
			t.Errorf("%+v.Scale(%v) = %+v, %v; want ErrNotFinite", c.iv, c.k, got, err)
		}
	}
	if iv.Lo != 0.25 {
		t.Errorf("Scale modified its receiver")
	}
}

// Interval and Options are plain values: JSON keeps every field, and a
// zero Options leaves its fields out.
func TestIntervalOptionsJSON(t *testing.T) {
	iv := Interval{Lo: 0.255288519878274, Hi: 0.3662095769828, Level: 0.95, Method: ClopperPearson}
	b, err := json.Marshal(iv)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"lo":0.255288519878274,"hi":0.3662095769828,"level":0.95,"method":"clopper-pearson"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back Interval
	if err := json.Unmarshal(b, &back); err != nil || back != iv {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, iv)
	}
	b, _ = json.Marshal(Options{})
	if string(b) != "{}" {
		t.Errorf("Marshal(Options{}) = %s, want {}", b)
	}
	b, _ = json.Marshal(Options{Level: 0.9, Method: Jeffreys})
	if want := `{"level":0.9,"method":"jeffreys"}`; string(b) != want {
		t.Errorf("Marshal(Options) = %s, want %s", b, want)
	}
}

// TestIntervalInfiniteEnds: an end that is not finite marshals as a
// string, inside a result too, and reads back; the strings and the
// numbers of encoding/json's own form decode, nulls change nothing.
func TestIntervalInfiniteEnds(t *testing.T) {
	type result struct {
		P  float64  `json:"p"`
		CI Interval `json:"p_ci"`
	}
	r := result{P: 1.8e7, CI: Interval{Lo: 0, Hi: math.Inf(1), Level: 0.9, Method: "wald-log"}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"p":18000000,"p_ci":{"lo":0,"hi":"+Inf","level":0.9,"method":"wald-log"}}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back result
	if err := json.Unmarshal(b, &back); err != nil || back != r {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, r)
	}
	for _, c := range []struct {
		in   string
		want Interval
	}{
		{`{"lo":"-Inf","hi":"+Inf","level":0.5,"method":"wald"}`, Interval{Lo: math.Inf(-1), Hi: math.Inf(1), Level: 0.5, Method: Wald}},
		{`{"LO":-1,"Hi":2e0,"level":0.9,"method":"t","other":[1]}`, Interval{Lo: -1, Hi: 2, Level: 0.9, Method: StudentT}},
		{`{"lo":null,"hi":3}`, Interval{Lo: 7, Hi: 3, Level: 0.95, Method: Wilson}},
		{`null`, Interval{Lo: 7, Hi: 8, Level: 0.95, Method: Wilson}},
	} {
		got := Interval{Lo: 7, Hi: 8, Level: 0.95, Method: Wilson}
		if err := json.Unmarshal([]byte(c.in), &got); err != nil || got != c.want {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	var nan Interval
	if err := json.Unmarshal([]byte(`{"lo":"NaN","hi":"NaN"}`), &nan); err != nil || !math.IsNaN(nan.Lo) || !math.IsNaN(nan.Hi) {
		t.Errorf("NaN ends = %+v, %v", nan, err)
	}
	var ve *ValueError
	bad := Interval{Lo: 1, Hi: 2}
	if err := json.Unmarshal([]byte(`{"hi":"Infinity"}`), &bad); !errors.As(err, &ve) || !errors.Is(err, ErrCorrupt) || bad != (Interval{Lo: 1, Hi: 2}) {
		t.Errorf(`Unmarshal("Infinity") = %v, left %+v; want a ValueError wrapping ErrCorrupt, unchanged`, err, bad)
	}
}

// FuzzIntervalUnmarshalJSON: any text either decodes to an interval that
// marshals and reads back to the same bits, or fails with ErrCorrupt
// and leaves the interval unchanged.
func FuzzIntervalUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"lo":0.25,"hi":0.37,"level":0.95,"method":"clopper-pearson"}`))
	f.Add([]byte(`{"lo":0,"hi":"+Inf","level":0.9,"method":"wald-log"}`))
	f.Add([]byte(`{"lo":"-Inf","hi":"NaN"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"lo":null,"HI":1e308,"x":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		start := Interval{Lo: 1, Hi: 2, Level: 0.9, Method: Wilson}
		iv := start
		if err := iv.UnmarshalJSON(b); err != nil {
			if !errors.Is(err, ErrCorrupt) || iv != start {
				t.Fatalf("UnmarshalJSON(%q) = %v, state %+v", b, err, iv)
			}
			return
		}
		j, err := iv.MarshalJSON()
		if err != nil {
			if math.IsNaN(iv.Level) || math.IsInf(iv.Level, 0) {
				return // only a Level that is not finite fails to encode
			}
			t.Fatalf("decoded %q to %+v, which does not encode: %v", b, iv, err)
		}
		var back Interval
		if err := back.UnmarshalJSON(j); err != nil || !sameBits(back.Lo, iv.Lo) || !sameBits(back.Hi, iv.Hi) || back.Level != iv.Level || back.Method != iv.Method {
			t.Fatalf("%s decodes to %+v, %v; want %+v", j, back, err, iv)
		}
	})
}

// sameBits reports whether a and b are the same float64, NaN equal to NaN.
func sameBits(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
}
