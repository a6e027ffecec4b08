package csat

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// intercom is the Intercom help centre's worked example (see
// TestResultPublished): 50 ratings, 30 of them 4 or 5, mean 3.5.
func intercom(t *testing.T) Result {
	t.Helper()
	var tl Tally
	for x, c := range map[int]int64{5: 10, 4: 20, 3: 10, 2: 5, 1: 5} {
		_ = tl.AddN(x, c)
	}
	r, err := tl.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// improved is a later period: 60 ratings, 2 ones, 3 twos, 5 threes, 20
// fours and 30 fives; 50 satisfied (83.33 %), mean 253/60 = 4.21667.
func improved(t *testing.T) Result {
	t.Helper()
	var tl Tally
	for x, c := range map[int]int64{1: 2, 2: 3, 3: 5, 4: 20, 5: 30} {
		_ = tl.AddN(x, c)
	}
	r, err := tl.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCompare checks the change from intercom to improved against R 4.x:
//
//	CSAT: d = 100·(50/60 - 30/50) = 23.333 points. Newcombe's interval
//	from the two Wilson intervals (prop.test(x, n, correct = FALSE,
//	conf.level = L)$conf.int) by his formula; p-value and z from
//	prop.test(c(50, 30), c(60, 50), correct = FALSE): p 0.00621766906358088,
//	z 2.736075859897. Wald: p1 - p2 ± qnorm(.975)·sqrt(p1q1/60 + p2q2/50).
//	Mean: t.test(after, before, conf.level = L): d 0.716666666666667,
//	t 3.30020309176631, df 96.2673429498447, p 0.0013556914558319.
func TestCompare(t *testing.T) {
	before, after := intercom(t), improved(t)
	for _, c := range []struct {
		level          float64
		csLo, csHi     float64
		meanLo, meanHi float64
	}{
		{0.90, 9.22552247661461, 36.6205152973277, 0.356002149096188, 1.07733118423715},
		{0.95, 6.51923169346869, 38.9866548117785, 0.28562602027715, 1.14770731305618},
		{0.99, 1.28877103104199, 43.3959062168901, 0.146003140765722, 1.28733019256761},
	} {
		d, err := Compare(before, after, estimate.Options{Level: c.level})
		if err != nil {
			t.Fatal(err)
		}
		checkNear(t, "CSAT change", d.CSAT.Estimate, 70.0/3, 1e-12)
		checkNear(t, "CSAT lo", d.CSAT.CI.Lo, c.csLo, 1e-9)
		checkNear(t, "CSAT hi", d.CSAT.CI.Hi, c.csHi, 1e-9)
		checkNear(t, "CSAT p", d.CSAT.P, 0.00621766906358088, 1e-12)
		checkNear(t, "CSAT z", d.CSAT.Stat, 2.736075859897, 1e-9)
		checkNear(t, "mean change", d.Mean.Estimate, 0.716666666666667, 1e-12)
		checkNear(t, "mean lo", d.Mean.CI.Lo, c.meanLo, 1e-9)
		checkNear(t, "mean hi", d.Mean.CI.Hi, c.meanHi, 1e-9)
		checkNear(t, "mean t", d.Mean.Stat, 3.30020309176631, 1e-9)
		checkNear(t, "mean df", d.Mean.DF, 96.2673429498447, 1e-9)
		checkNear(t, "mean p", d.Mean.P, 0.0013556914558319, 1e-12)
		// The index changes 100/(5-1) = 25 times as much as the mean.
		checkNear(t, "index change", d.Index.Estimate, 25*0.716666666666667, 1e-10)
		checkNear(t, "index lo", d.Index.CI.Lo, 25*c.meanLo, 1e-8)
		checkNear(t, "index hi", d.Index.CI.Hi, 25*c.meanHi, 1e-8)
		if d.Index.P != d.Mean.P || d.Scale != Five || d.CSAT.CI.Method != estimate.Newcombe ||
			d.Mean.CI.Method != estimate.Welch || d.CSAT.CI.Level != c.level {
			t.Errorf("level %v: %+v", c.level, d)
		}
	}

	// after - before: swapping them negates every estimate.
	d, _ := Compare(before, after, estimate.Options{})
	r, _ := Compare(after, before, estimate.Options{})
	if r.CSAT.Estimate != -d.CSAT.Estimate || r.Mean.Estimate != -d.Mean.Estimate || r.CSAT.P != d.CSAT.P {
		t.Errorf("swapped: %+v", r)
	}

	w, err := Compare(before, after, estimate.Options{Method: estimate.Wald})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "Wald lo", w.CSAT.CI.Lo, 6.8011622333309, 1e-9)
	checkNear(t, "Wald hi", w.CSAT.CI.Hi, 39.8655044333358, 1e-9)
}

// TestCompareSameCSAT compares {5, 5, 4, 3, 1} with Intercom's sample,
// whose CSATs are both 60 %: R gives prop.test p-value 1 and Newcombe
// -31.4377628684587..38.9512203848401; t.test(after, before): d -0.1,
// -2.1522408380129..1.9522408380129, p 0.90208089476167, df
// 4.43289941068532.
func TestCompareSameCSAT(t *testing.T) {
	before, _ := Summarize([]int{5, 5, 4, 3, 1}, Five, estimate.Options{})
	d, err := Compare(before, intercom(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "CSAT change", d.CSAT.Estimate, 0, 1e-12)
	checkNear(t, "CSAT p", d.CSAT.P, 1, 1e-12)
	checkNear(t, "CSAT lo", d.CSAT.CI.Lo, -31.4377628684587, 1e-9)
	checkNear(t, "CSAT hi", d.CSAT.CI.Hi, 38.9512203848401, 1e-9)
	checkNear(t, "mean change", d.Mean.Estimate, -0.1, 1e-12)
	checkNear(t, "mean lo", d.Mean.CI.Lo, -2.1522408380129, 1e-9)
	checkNear(t, "mean hi", d.Mean.CI.Hi, 1.9522408380129, 1e-9)
	checkNear(t, "mean p", d.Mean.P, 0.90208089476167, 1e-10)
	checkNear(t, "mean df", d.Mean.DF, 4.43289941068532, 1e-9)
}

// TestCompareJSON checks that results loaded from JSON compare as the
// results that were saved.
func TestCompareJSON(t *testing.T) {
	before, after := intercom(t), improved(t)
	want, _ := Compare(before, after, estimate.Options{})
	var b2, a2 Result
	for _, p := range []struct {
		in  Result
		out *Result
	}{{before, &b2}, {after, &a2}} {
		data, err := json.Marshal(p.in)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, p.out); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Compare(b2, a2, estimate.Options{})
	if err != nil || got != want {
		t.Errorf("from JSON: %+v, %v; want %+v", got, err, want)
	}
	// Only the counts matter: a summary field edited by hand is ignored.
	b2.CSAT, b2.Satisfied, b2.Mean = 99, 49, 4.9
	if got, _ := Compare(b2, a2, estimate.Options{}); got != want {
		t.Error("Compare read summary fields, not counts")
	}
	data, _ := json.Marshal(want)
	var back Comparison
	if err := json.Unmarshal(data, &back); err != nil || back != want {
		t.Errorf("Comparison JSON round trip: %+v, %v", back, err)
	}
}

func TestCompareErrors(t *testing.T) {
	five, _ := Summarize([]int{5, 4, 3}, Five, estimate.Options{})
	seven, _ := Summarize([]int{7, 4, 3}, Seven, estimate.Options{})
	one, _ := Summarize([]int{4}, Five, estimate.Options{})
	all5, _ := Summarize([]int{5, 5, 5}, Five, estimate.Options{})
	all4, _ := Summarize([]int{4, 4}, Five, estimate.Options{})
	empty := Result{Scale: Five, Points: []Point{{1, 0, 0}, {2, 0, 0}, {3, 0, 0}, {4, 0, 0}, {5, 0, 0}}}
	ten8, _ := Summarize([]int{7, 8}, Scale{Min: 1, Max: 10, SatisfiedFrom: 8}, estimate.Options{})
	ten9, _ := Summarize([]int{7, 8}, Ten, estimate.Options{})
	for _, c := range []struct {
		name          string
		before, after Result
		o             estimate.Options
		want          error
	}{
		{"scales", five, seven, estimate.Options{}, ErrScaleMismatch},
		{"satisfied from", ten8, ten9, estimate.Options{}, ErrScaleMismatch},
		{"empty", empty, five, estimate.Options{}, ErrEmpty},
		{"one rating", five, one, estimate.Options{}, ErrTooFew},
		{"constant and different", all5, all4, estimate.Options{}, ErrNoVariance},
		{"level", five, five, estimate.Options{Level: 2}, ErrLevel},
		{"method", five, five, estimate.Options{Method: estimate.Welch}, ErrMethod},
	} {
		_, err := Compare(c.before, c.after, c.o)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		var ve *estimate.ValueError
		if errors.As(err, &ve) && ve.Func != "csat.Compare" {
			t.Errorf("%s: Func %q", c.name, ve.Func)
		}
	}
	// Constant and equal is no error: no change, P = 1.
	d, err := Compare(all5, all5, estimate.Options{})
	if err != nil || d.Mean.Estimate != 0 || d.Mean.P != 1 || d.CSAT.Estimate != 0 || d.CSAT.P != 1 {
		t.Errorf("all 5s against all 5s: %+v, %v", d, err)
	}
}

// TestCompareProperties checks on random samples that each change lies in
// its interval, p-values in [0, 1], that swapping the results negates the
// changes, and that a result compared with itself has not changed.
func TestCompareProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scaleGen().Draw(t, "scale")
		xa := ratingsGen(s, 100).Draw(t, "before")
		xb := ratingsGen(s, 100).Draw(t, "after")
		level := rapid.SampledFrom([]float64{0.8, 0.9, 0.95, 0.99}).Draw(t, "level")
		o := estimate.Options{Level: level}
		a, errA := Summarize(xa, s, o)
		b, errB := Summarize(xb, s, o)
		if errA != nil || errB != nil {
			return // an empty sample
		}
		d, err := Compare(a, b, o)
		if err != nil {
			if a.N < 2 || b.N < 2 || (a.SD == 0 && b.SD == 0) {
				return
			}
			t.Fatal(err)
		}
		for _, x := range []estimate.Difference{d.CSAT, d.Mean, d.Index} {
			if !x.CI.Contains(x.Estimate) || !(x.P >= 0 && x.P <= 1) || math.IsNaN(x.Stat) {
				t.Fatalf("difference %+v", x)
			}
		}
		if d.CSAT.CI.Lo < -100 || d.CSAT.CI.Hi > 100 {
			t.Fatalf("CSAT change interval %+v", d.CSAT.CI)
		}
		// The means are computed two ways (offsets from Min here, Welford's
		// updates in estimate.Moments), so allow for rounding at the size
		// of the ratings.
		tol := 1e-12 * (1 + math.Abs(float64(a.Scale.Min)) + math.Abs(float64(a.Scale.Max)))
		if !near(d.CSAT.Estimate, b.CSAT-a.CSAT, 1e-9) || !near(d.Mean.Estimate, b.Mean-a.Mean, tol) {
			t.Fatalf("changes %v %v, results %v %v", d.CSAT.Estimate, d.Mean.Estimate, b.CSAT-a.CSAT, b.Mean-a.Mean)
		}
		r, err := Compare(b, a, o)
		if err != nil || r.CSAT.Estimate != -d.CSAT.Estimate || r.Mean.Estimate != -d.Mean.Estimate {
			t.Fatalf("swapped: %+v, %v", r, err)
		}
		same, err := Compare(a, a, o)
		if err != nil || same.CSAT.Estimate != 0 || same.CSAT.P != 1 || same.Mean.Estimate != 0 || !near(same.Mean.P, 1, 1e-12) {
			t.Fatalf("self: %+v, %v", same, err)
		}
	})
}

// FuzzCompare decodes two results from fuzzed JSON and compares them: it
// must not panic, and a comparison it returns has each change inside its
// interval and a p-value in [0, 1]. It reads the median of the first too,
// which must lie on its scale.
func FuzzCompare(f *testing.F) {
	a, _ := Summarize([]int{5, 5, 4, 3, 1}, Five, estimate.Options{})
	b, _ := Summarize([]int{5, 4, 4, 2}, Five, estimate.Options{})
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	f.Add(ja, jb)
	f.Add(ja, []byte(`{"scale":{"min":1,"max":5,"satisfied_from":4},"n":2,"points":[{"rating":1,"count":1},{"rating":2},{"rating":3},{"rating":4},{"rating":5,"count":1}]}`))
	f.Add([]byte(`{"n":3,"points":[{"rating":1,"count":-1},{"rating":2,"count":4}]}`), jb)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		var before, after Result
		if json.Unmarshal(x, &before) != nil || json.Unmarshal(y, &after) != nil {
			return
		}
		if q, err := before.Quantile(0.5, 0); err == nil {
			s := before.Scale.resolve()
			if q < float64(s.Min) || q > float64(s.Max) {
				t.Fatalf("median %v outside %v", q, s)
			}
		}
		d, err := Compare(before, after, estimate.Options{})
		if err != nil {
			var ve *estimate.ValueError
			if !errors.As(err, &ve) || ve.Func != "csat.Compare" {
				t.Fatalf("Compare error %v is not a csat.Compare ValueError", err)
			}
			return
		}
		if !finite(reflect.ValueOf(d)) {
			t.Fatalf("Compare = %+v: not finite", d)
		}
		for _, v := range []estimate.Difference{d.CSAT, d.Mean, d.Index} {
			if !v.CI.Contains(v.Estimate) || !(v.P >= 0 && v.P <= 1) {
				t.Fatalf("difference %+v", v)
			}
		}
	})
}
