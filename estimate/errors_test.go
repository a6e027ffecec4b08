package estimate

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// Every sentinel is reachable from the exported API, and arrives wrapped
// in a *ValueError naming the function, the value, its name and index.
func TestSentinels(t *testing.T) {
	var full Moments
	if err := full.AddN(1, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	four, five := momentsOf([]float64{4, 4}), momentsOf([]float64{5, 5})
	one := momentsOf([]float64{1})
	for _, tc := range []struct {
		name string
		err  error
		want error
		ve   ValueError // Err is not compared
	}{
		{"empty proportion", second(Proportion(0, 0, Options{})), ErrEmpty,
			ValueError{Func: "estimate.Proportion", Name: "n", Value: 0, Index: -1}},
		{"too few for a mean", second(one.Result(Options{})), ErrTooFew,
			ValueError{Func: "estimate.Moments.Result", Name: "n", Value: 1, Index: -1}},
		{"level 95 for 0.95", second(Proportion(1, 2, Options{Level: 95})), ErrLevel,
			ValueError{Func: "estimate.Proportion", Name: "level", Value: 95, Index: -1}},
		{"negative n", second(Proportion(0, -3, Options{})), ErrCount,
			ValueError{Func: "estimate.Proportion", Name: "n", Value: -3, Index: -1}},
		{"negative x", second(Proportion(-1, 3, Options{})), ErrCount,
			ValueError{Func: "estimate.Proportion", Name: "x", Value: -1, Index: -1}},
		{"x above n", second(Proportion(30, 29, Options{})), ErrCount,
			ValueError{Func: "estimate.Proportion", Name: "x", Value: 30, Index: -1}},
		{"x above n in the second sample", second(DiffProportions(1, 2, 5, 3, Options{})), ErrCount,
			ValueError{Func: "estimate.DiffProportions", Name: "x2", Value: 5, Index: -1}},
		{"NaN value", second(Quantile([]float64{1, math.NaN(), 3}, 0.5, 0)), ErrNotFinite,
			ValueError{Func: "estimate.Quantile", Name: "x", Value: math.NaN(), Index: 1}},
		{"infinite value", full.Add(math.Inf(1)), ErrNotFinite,
			ValueError{Func: "estimate.Moments.Add", Name: "x", Value: math.Inf(1), Index: -1}},
		{"p above 1", second(Quantile([]float64{1}, 1.01, 0)), ErrProbability,
			ValueError{Func: "estimate.Quantile", Name: "p", Value: 1.01, Index: -1}},
		{"p in Holm", second(Holm([]float64{0.1, 0.2, -0.3})), ErrProbability,
			ValueError{Func: "estimate.Holm", Name: "p", Value: -0.3, Index: 2}},
		{"quantile type 10", second(Quantile([]float64{1}, 0.5, 10)), ErrQuantileType,
			ValueError{Func: "estimate.Quantile", Name: "type", Value: 10, Index: -1}},
		{"constant samples", second(DiffMeans(&four, &five, Options{})), ErrNoVariance,
			ValueError{Func: "estimate.DiffMeans", Name: "difference", Value: -1, Index: -1}},
		{"count overflow", full.Add(1), ErrOverflow,
			ValueError{Func: "estimate.Moments.Add", Name: "count", Value: 1, Index: -1}},
		{"corrupt state", (&Moments{}).UnmarshalBinary([]byte{1}), ErrCorrupt,
			ValueError{Func: "estimate.Moments.UnmarshalBinary", Name: "length", Value: 1, Index: -1}},
		// Nothing at all is a length of 0, not a "version -1".
		{"empty state", (&Moments{}).UnmarshalBinary(nil), ErrCorrupt,
			ValueError{Func: "estimate.Moments.UnmarshalBinary", Name: "length", Value: 0, Index: -1}},
		{"other version", (&Moments{}).UnmarshalBinary([]byte{2}), ErrCorrupt,
			ValueError{Func: "estimate.Moments.UnmarshalBinary", Name: "version", Value: 2, Index: -1}},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, tc.err, tc.want)
			continue
		}
		var ve *ValueError
		if !errors.As(tc.err, &ve) {
			t.Errorf("%s: %T is not a *ValueError", tc.name, tc.err)
			continue
		}
		got := *ve
		got.Err = nil
		if got.Func != tc.ve.Func || got.Name != tc.ve.Name || got.Index != tc.ve.Index ||
			!(got.Value == tc.ve.Value || math.IsNaN(got.Value) && math.IsNaN(tc.ve.Value)) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.ve)
		}
		// Other sentinels do not match.
		for _, other := range []error{ErrEmpty, ErrTooFew, ErrLevel, ErrCount, ErrNotFinite, ErrProbability,
			ErrMethod, ErrQuantileType, ErrNoVariance, ErrOverflow, ErrCorrupt} {
			if other != tc.want && errors.Is(tc.err, other) {
				t.Errorf("%s: %v also matches %v", tc.name, tc.err, other)
			}
		}
	}
}

// An unknown method is ErrMethod, reported by every function that takes
// Options. It comes as a plain wrapped error, not a *ValueError, since a
// method is a string and ValueError holds a number.
func TestErrMethod(t *testing.T) {
	bogus := Options{Method: "wils"}
	two := momentsOf([]float64{1, 2})
	for name, err := range map[string]error{
		"Proportion":      second(Proportion(1, 2, bogus)),
		"DiffProportions": second(DiffProportions(1, 2, 1, 2, bogus)),
		"MeanInterval":    second(MeanInterval(2, 0, 1, bogus)),
		"Moments.Result":  second(two.Result(bogus)),
		"DiffMeans":       second(DiffMeans(&two, &two, bogus)),
	} {
		if !errors.Is(err, ErrMethod) {
			t.Errorf("%s: err = %v, want ErrMethod", name, err)
		}
		if want := fmt.Sprintf("estimate.%s: method \"wils\": unknown interval method", name); err == nil || err.Error() != want {
			t.Errorf("%s: message %q, want %q", name, err, want)
		}
	}
	// The methods of one function are not offered by another.
	if _, err := Proportion(1, 2, Options{Method: Newcombe}); !errors.Is(err, ErrMethod) {
		t.Errorf("Proportion by Newcombe: err = %v, want ErrMethod", err)
	}
	if _, err := DiffProportions(1, 2, 1, 2, Options{Method: Wilson}); !errors.Is(err, ErrMethod) {
		t.Errorf("DiffProportions by Wilson: err = %v, want ErrMethod", err)
	}
}

// The message reads "Func: Name Value[ at index Index]: reason".
func TestValueErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{second(Proportion(30, 29, Options{})),
			"estimate.Proportion: x 30: invalid count: successes exceed trials n = 29"},
		{second(Proportion(3, 29, Options{Level: 95})),
			"estimate.Proportion: level 95: confidence level outside (0, 1)"},
		{second(Quantiles([]float64{2, 1, math.Inf(-1)}, 0, 0.5)),
			"estimate.Quantiles: x -Inf at index 2: not a finite number"},
		{(&Moments{}).Add(math.NaN()),
			"estimate.Moments.Add: x NaN: not a finite number"},
		{second(Z(1)), "estimate.Z: level 1: confidence level outside (0, 1)"},
		{&ValueError{Func: "nps.Score", Name: "score", Value: 11, Index: 3, Err: fmt.Errorf("%w 0..10", errors.New("out of range"))},
			"nps.Score: score 11 at index 3: out of range 0..10"},
	} {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("message %q, want %q", tc.err, tc.want)
		}
	}
	// Unwrap gives the reason itself.
	ve := &ValueError{Func: "f", Name: "x", Value: 1, Index: -1, Err: ErrCount}
	if ve.Unwrap() != ErrCount {
		t.Errorf("Unwrap = %v", ve.Unwrap())
	}
}

// second returns the error of a two-result call.
func second[T any](_ T, err error) error { return err }

// An unknown method is a *ValueError too, its name quoted in Text, so the
// errors.As pattern of the package doc serves every error.
func TestMethodErrorIsValueError(t *testing.T) {
	_, err := Proportion(3, 10, Options{Method: "wilsn"})
	var ve *ValueError
	if !errors.Is(err, ErrMethod) || !errors.As(err, &ve) || ve.Text != "wilsn" || ve.Name != "method" {
		t.Fatalf("err = %#v, want ErrMethod as a *ValueError with Text %q", err, "wilsn")
	}
	const want = `estimate.Proportion: method "wilsn": unknown interval method`
	if err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}

func TestMalformedJSONIsCorrupt(t *testing.T) {
	var m Moments
	if err := m.Add(2); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{`{"n":`, `[1,2]`, `{"n":"two"}`} {
		if err := m.UnmarshalJSON([]byte(in)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("UnmarshalJSON(%s): err = %v, want ErrCorrupt", in, err)
		}
	}
	if m.N() != 1 {
		t.Errorf("after rejected decodes N = %d, want 1 (unchanged)", m.N())
	}
}

// Means of ±1.7e308 differ by more than MaxFloat64: an error, not ±Inf,
// whether the samples are constant or (as decoded state can say) spread.
func TestDiffMeansOverflow(t *testing.T) {
	for _, state := range []string{`{"n":2,"mean":1.7e308,"m2":0}`, `{"n":2,"mean":1.7e308,"m2":1}`} {
		var a, b Moments
		if err := a.UnmarshalJSON([]byte(state)); err != nil {
			t.Fatal(err)
		}
		if err := b.UnmarshalJSON([]byte(strings.Replace(state, "1.7e308", "-1.7e308", 1))); err != nil {
			t.Fatal(err)
		}
		if d, err := DiffMeans(&a, &b, Options{}); !errors.Is(err, ErrNotFinite) {
			t.Errorf("DiffMeans of %s and its negative: %+v, %v, want ErrNotFinite", state, d, err)
		}
	}
}

// The beta methods take n up to MaxBetaTrials and refuse one more.
func TestBetaTrialsLimit(t *testing.T) {
	for _, m := range []Method{ClopperPearson, Jeffreys} {
		iv, err := Proportion(MaxBetaTrials/3, MaxBetaTrials, Options{Method: m})
		if err != nil || !iv.Contains(float64(MaxBetaTrials/3)/MaxBetaTrials) {
			t.Errorf("%s at n = MaxBetaTrials: %+v, %v", m, iv, err)
		}
		if _, err := Proportion(MaxBetaTrials/3, MaxBetaTrials+1, Options{Method: m}); !errors.Is(err, ErrCount) {
			t.Errorf("%s at n = MaxBetaTrials+1: err = %v, want ErrCount", m, err)
		}
	}
}
