package csat

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// TestResultHand checks the ratings {5, 5, 4, 3, 1} on 1..5 against values
// worked by hand and by R 4.x:
//
//	n = 5, satisfied = 3 (the 5, 5 and 4)   CSAT = 100·3/5 = 60 %
//	mean = 18/5 = 3.6
//	SD = sqrt((1.4²·2 + 0.4² + 0.6² + 2.6²)/4) = sqrt(11.2/4) = sqrt(2.8) = 1.673320053
//	index = (3.6 - 1)/(5 - 1)·100 = 65
//	median = 4 (the third of 1, 3, 4, 5, 5)
//	top box 2/5 = 40 %, top two 3/5 = 60 %, bottom two 1/5 = 20 %
//	level of 3.6: nearest 4, Desired
//
// Wilson intervals of 3/5 from R: prop.test(3, 5, correct = FALSE,
// conf.level = L)$conf.int; t intervals of the mean from t.test(x,
// conf.level = L)$conf.int, whose upper ends (5.195, 5.678, 7.045) are
// clamped to the scale's 5, and at 0.99 the lower end 0.1546 to 1.
func TestResultHand(t *testing.T) {
	var tl Tally
	if err := tl.AddAll([]int{5, 5, 4, 3, 1}); err != nil {
		t.Fatal(err)
	}
	r, err := tl.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-9
	if r.N != 5 || r.Satisfied != 3 || r.Scale != Five || r.Grade != Desired {
		t.Errorf("N %d, satisfied %d, scale %v, level %v", r.N, r.Satisfied, r.Scale, r.Grade)
	}
	checkNear(t, "CSAT", r.CSAT, 60, tol)
	checkNear(t, "mean", r.Mean, 3.6, tol)
	checkNear(t, "SD", r.SD, 1.67332005306815, 1e-12)
	checkNear(t, "index", r.Index, 65, tol)
	checkNear(t, "median", r.Median, 4, 0)
	checkNear(t, "top box", r.TopBox, 40, tol)
	checkNear(t, "top 2 box", r.Top2Box, 60, tol)
	checkNear(t, "bottom 2 box", r.Bottom2Box, 20, tol)
	wantPoints := []Point{{1, 1, 0.2}, {2, 0, 0}, {3, 1, 0.2}, {4, 1, 0.2}, {5, 2, 0.4}}
	if !reflect.DeepEqual(r.Points, wantPoints) {
		t.Errorf("points %v, want %v", r.Points, wantPoints)
	}

	for _, c := range []struct {
		level          float64
		csLo, csHi     float64 // Wilson, %
		meanLo, meanHi float64 // t, clamped
	}{
		{0.90, 27.2483171866193, 85.7293527980787, 2.00467194489412, 5},
		{0.95, 23.0724281276013, 88.2379225767352, 1.52229873263287, 5},
		{0.99, 16.8656198019432, 91.7292137775166, 1, 5},
	} {
		r, err := tl.Result(estimate.Options{Level: c.level})
		if err != nil {
			t.Fatal(err)
		}
		checkNear(t, "CSAT lo", r.CSATCI.Lo, c.csLo, 1e-9)
		checkNear(t, "CSAT hi", r.CSATCI.Hi, c.csHi, 1e-9)
		checkNear(t, "mean lo", r.MeanCI.Lo, c.meanLo, 1e-9)
		checkNear(t, "mean hi", r.MeanCI.Hi, c.meanHi, 1e-9)
		// The index interval is the mean's mapped: (m - 1)/4·100.
		checkNear(t, "index lo", r.IndexCI.Lo, (c.meanLo-1)*25, 1e-9)
		checkNear(t, "index hi", r.IndexCI.Hi, (c.meanHi-1)*25, 1e-9)
		if r.CSATCI.Level != c.level || r.CSATCI.Method != estimate.Wilson || r.MeanCI.Method != estimate.StudentT || r.MeanCI.Level != c.level {
			t.Errorf("level %v: intervals %+v %+v", c.level, r.CSATCI, r.MeanCI)
		}
	}
}

// TestResultPublished checks the worked example of Intercom's help centre
// ("What is CSAT and how is CSAT score calculated"): 50 responses, 10
// rated 5, 20 rated 4, 10 rated 3, 5 rated 2 and 5 rated 1; "CSAT =
// (10 + 20) / 50 * 100 = 60%". By hand: mean = (50 + 80 + 30 + 10 + 5)/50
// = 3.5; Σ c(x - 3.5)² = 22.5 + 5 + 2.5 + 11.25 + 31.25 = 72.5, SD =
// sqrt(72.5/49) = 1.216384740; median: the 25th and 26th of the ordered
// ratings are both 4. R: sd() 1.21638474042331; prop.test(30, 50, correct
// = FALSE)$conf.int 0.461814377475894 0.723916102697435; t.test()
// 3.1543072816987 3.8456927183013.
func TestResultPublished(t *testing.T) {
	r := intercom(t)
	checkNear(t, "CSAT", r.CSAT, 60, 1e-12)
	checkNear(t, "mean", r.Mean, 3.5, 1e-12)
	checkNear(t, "SD", r.SD, 1.21638474042331, 1e-12)
	checkNear(t, "median", r.Median, 4, 0)
	checkNear(t, "index", r.Index, 62.5, 1e-12) // (3.5 - 1)/4·100
	checkNear(t, "CSAT lo", r.CSATCI.Lo, 46.1814377475894, 1e-9)
	checkNear(t, "CSAT hi", r.CSATCI.Hi, 72.3916102697435, 1e-9)
	checkNear(t, "mean lo", r.MeanCI.Lo, 3.1543072816987, 1e-9)
	checkNear(t, "mean hi", r.MeanCI.Hi, 3.8456927183013, 1e-9)
	if r.Grade != Desired { // 3.5 rounds half up to 4
		t.Errorf("level %v, want desired", r.Grade)
	}

	// Shno's startup-metrics example: 200 responses, 50 rated 5 and 80
	// rated 4, the rest 3 or below; "130/200 x 100 = 65%".
	var s Tally
	_ = s.AddN(5, 50)
	_ = s.AddN(4, 80)
	_ = s.AddN(2, 70)
	if r, _ := s.Result(estimate.Options{}); r.CSAT != 65 {
		t.Errorf("CSAT %v, want 65", r.CSAT)
	}
}

// TestResultScales checks other scales by hand and by R.
func TestResultScales(t *testing.T) {
	// 1..10, {10, 9, 8, 7, 1}: satisfied from 9: 2 of 5 = 40 %; from 8:
	// 3 of 5 = 60 %. mean 35/5 = 7, index (7-1)/9·100 = 66.67, median 8,
	// SD = sqrt((9 + 4 + 1 + 0 + 36)/4) = sqrt(12.5) = 3.535533906.
	// R: t.test() 2.61005483457459 11.3899451654254, clamped to [2.61, 10];
	// prop.test(2, 5, correct = FALSE) 0.117620774232648 0.769275718723987.
	xs := []int{10, 9, 8, 7, 1}
	r, err := Summarize(xs, Ten, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "1..10 CSAT", r.CSAT, 40, 1e-12)
	checkNear(t, "1..10 mean", r.Mean, 7, 1e-12)
	checkNear(t, "1..10 index", r.Index, 200.0/3, 1e-12)
	checkNear(t, "1..10 SD", r.SD, math.Sqrt(12.5), 1e-12)
	checkNear(t, "1..10 median", r.Median, 8, 0)
	checkNear(t, "1..10 mean lo", r.MeanCI.Lo, 2.61005483457459, 1e-9)
	checkNear(t, "1..10 mean hi", r.MeanCI.Hi, 10, 0)
	checkNear(t, "1..10 index hi", r.IndexCI.Hi, 100, 1e-12)
	checkNear(t, "1..10 CSAT lo", r.CSATCI.Lo, 11.7620774232648, 1e-9)
	checkNear(t, "1..10 CSAT hi", r.CSATCI.Hi, 76.9275718723987, 1e-9)
	checkNear(t, "1..10 top box", r.TopBox, 20, 1e-12)
	checkNear(t, "1..10 bottom two", r.Bottom2Box, 20, 1e-12)
	if r.Grade != 0 {
		t.Errorf("1..10 level %v, want none", r.Grade)
	}
	r8, _ := Summarize(xs, Scale{Min: 1, Max: 10, SatisfiedFrom: 8}, estimate.Options{})
	checkNear(t, "1..10 from 8 CSAT", r8.CSAT, 60, 1e-12)

	// 0..10, {0, 10}: mean 5, index 50, median 5 (type 7: halfway), SD
	// sqrt(50) = 7.0710678; R's t interval -58.53..68.53 clamps to the
	// whole scale.
	r, _ = Summarize([]int{0, 10}, ZeroToTen, estimate.Options{})
	checkNear(t, "0..10 mean", r.Mean, 5, 0)
	checkNear(t, "0..10 median", r.Median, 5, 0)
	checkNear(t, "0..10 index", r.Index, 50, 0)
	checkNear(t, "0..10 SD", r.SD, math.Sqrt(50), 1e-12)
	if r.MeanCI.Lo != 0 || r.MeanCI.Hi != 10 || r.IndexCI.Lo != 0 || r.IndexCI.Hi != 100 {
		t.Errorf("0..10 intervals %+v %+v", r.MeanCI, r.IndexCI)
	}

	// 1..7, {7, 7, 6, 5, 4, 2, 1, 7}: satisfied (6..7) 4 of 8 = 50 %;
	// mean 39/8 = 4.875; median (5 + 6)/2 = 5.5; top box 3/8 = 37.5 %,
	// bottom two 2/8 = 25 %. R: sd 2.3566016694748, t.test 2.90483170037156
	// 6.84516829962844, prop.test(4, 8) 0.215216062213878 0.784783937786122.
	r, _ = Summarize([]int{7, 7, 6, 5, 4, 2, 1, 7}, Seven, estimate.Options{})
	checkNear(t, "1..7 CSAT", r.CSAT, 50, 0)
	checkNear(t, "1..7 mean", r.Mean, 4.875, 1e-12)
	checkNear(t, "1..7 median", r.Median, 5.5, 0)
	checkNear(t, "1..7 SD", r.SD, 2.3566016694748, 1e-12)
	checkNear(t, "1..7 top box", r.TopBox, 37.5, 0)
	checkNear(t, "1..7 top two", r.Top2Box, 50, 0)
	checkNear(t, "1..7 bottom two", r.Bottom2Box, 25, 0)
	checkNear(t, "1..7 mean lo", r.MeanCI.Lo, 2.90483170037156, 1e-9)
	checkNear(t, "1..7 mean hi", r.MeanCI.Hi, 6.84516829962844, 1e-9)
	checkNear(t, "1..7 CSAT lo", r.CSATCI.Lo, 21.5216062213878, 1e-9)
	checkNear(t, "1..7 CSAT hi", r.CSATCI.Hi, 78.4783937786122, 1e-9)
	checkNear(t, "1..7 index", r.Index, 3.875/6*100, 1e-12)

	// A two-point scale: the boxes are the whole scale.
	r, _ = Summarize([]int{0, 1, 1, 1}, Scale{Min: 0, Max: 1, SatisfiedFrom: 1}, estimate.Options{})
	checkNear(t, "0..1 CSAT", r.CSAT, 75, 0)
	if r.Top2Box != 100 || r.Bottom2Box != 100 || r.TopBox != 75 {
		t.Errorf("0..1 boxes %v %v %v", r.TopBox, r.Top2Box, r.Bottom2Box)
	}
}

// TestResultEdges checks x = 0, x = n, n = 1 and a large n.
func TestResultEdges(t *testing.T) {
	// x = 0: five 1s. CSAT 0; R prop.test(0, 5) 0 0.434482464783175. SD 0
	// and the mean interval [1, 1]; index 0; level criminal.
	r, err := Summarize([]int{1, 1, 1, 1, 1}, Five, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "x=0 CSAT hi", r.CSATCI.Hi, 43.4482464783175, 1e-9)
	if r.CSAT != 0 || r.CSATCI.Lo != 0 || r.SD != 0 || r.MeanCI.Lo != 1 || r.MeanCI.Hi != 1 || r.Index != 0 || r.Grade != Criminal || r.Bottom2Box != 100 {
		t.Errorf("x = 0: %+v", r)
	}
	// x = n: five 5s. R prop.test(5, 5) 0.565517535216825 1.
	r, _ = Summarize([]int{5, 5, 5, 5, 5}, Five, estimate.Options{})
	checkNear(t, "x=n CSAT lo", r.CSATCI.Lo, 56.5517535216825, 1e-9)
	if r.CSAT != 100 || r.CSATCI.Hi != 100 || r.MeanCI.Lo != 5 || r.MeanCI.Hi != 5 || r.Index != 100 || r.IndexCI.Hi != 100 || r.Grade != Astonishing {
		t.Errorf("x = n: %+v", r)
	}
	// n = 1: one 4. CSAT 100 with R prop.test(1, 1) 0.206549314377238 1;
	// no t interval: the whole scale, SD 0.
	r, err = Summarize([]int{4}, Five, estimate.Options{Level: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	r95, _ := Summarize([]int{4}, Five, estimate.Options{})
	checkNear(t, "n=1 CSAT lo", r95.CSATCI.Lo, 20.6549314377238, 1e-9)
	want := estimate.Interval{Lo: 1, Hi: 5, Level: 0.9, Method: WholeScale}
	if r.Mean != 4 || r.SD != 0 || r.MeanCI != want || r.IndexCI.Lo != 0 || r.IndexCI.Hi != 100 || r.Median != 4 || r.Grade != Desired {
		t.Errorf("n = 1: %+v", r)
	}

	// Large n: 10¹² 5s and 10¹² 1s. CSAT 50 %; mean 3; every deviation is
	// ±2, so SD = sqrt(4·2·10¹²/(2·10¹² - 1)) = 2.0000000000005; median:
	// type 7 position (n-1)/2 + 1 = 10¹² + 0.5, halfway between the last 1
	// and the first 5: 3. Wilson half-width ≈ 1.96·sqrt(.25/2e12)·100 =
	// 6.93e-5 points of %.
	var big Tally
	_ = big.AddN(5, 1e12)
	_ = big.AddN(1, 1e12)
	r, err = big.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "big CSAT", r.CSAT, 50, 0)
	checkNear(t, "big mean", r.Mean, 3, 0)
	checkNear(t, "big SD", r.SD, 2.0000000000005, 1e-12)
	checkNear(t, "big median", r.Median, 3, 0)
	checkNear(t, "big CSAT hi", r.CSATCI.Hi, 50+1.959963984540054*math.Sqrt(0.25/2e12)*100, 1e-9)
}

func TestResultErrors(t *testing.T) {
	var empty Tally
	if _, err := empty.Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	var tl Tally
	_ = tl.AddAll([]int{3, 4})
	for _, c := range []struct {
		o    estimate.Options
		want error
	}{
		{estimate.Options{Level: 1}, ErrLevel},
		{estimate.Options{Level: -0.5}, ErrLevel},
		{estimate.Options{Level: math.NaN()}, ErrLevel},
		{estimate.Options{Method: estimate.StudentT}, ErrMethod},
		{estimate.Options{Method: "bogus"}, ErrMethod},
	} {
		if _, err := tl.Result(c.o); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.o, err, c.want)
		}
	}
	if _, err := Summarize(nil, Five, estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("Summarize(nil): %v", err)
	}
	if _, err := Summarize([]int{1}, Scale{Max: 3}, estimate.Options{}); !errors.Is(err, ErrScale) {
		t.Errorf("Summarize on a bad scale: %v", err)
	}
	_, err := Summarize([]int{5, 4, 0}, Five, estimate.Options{})
	if err == nil || err.Error() != "csat.Summarize: rating 0 at index 2: out of range 1..5" {
		t.Errorf("Summarize of a bad rating: %v", err)
	}
}

// TestResultMethods checks the other proportion intervals of 3/5 against
// R: binom.test(3, 5)$conf.int (Clopper-Pearson) 0.146632799634673
// 0.947255049473683; qbeta(c(.025, .975), 3.5, 2.5) (Jeffreys)
// 0.209416664076005 0.905609672655656; Agresti-Coull by its formula,
// 0.229090156588356 0.884013350455009.
func TestResultMethods(t *testing.T) {
	for _, c := range []struct {
		m      estimate.Method
		lo, hi float64
	}{
		{estimate.ClopperPearson, 14.6632799634673, 94.7255049473683},
		{estimate.Jeffreys, 20.9416664076005, 90.5609672655656},
		{estimate.AgrestiCoull, 22.9090156588356, 88.4013350455009},
	} {
		r, err := Summarize([]int{5, 5, 4, 3, 1}, Five, estimate.Options{Method: c.m})
		if err != nil {
			t.Fatal(err)
		}
		checkNear(t, string(c.m)+" lo", r.CSATCI.Lo, c.lo, 1e-7)
		checkNear(t, string(c.m)+" hi", r.CSATCI.Hi, c.hi, 1e-7)
		if r.CSATCI.Method != c.m || r.MeanCI.Method != estimate.StudentT {
			t.Errorf("methods %v %v", r.CSATCI.Method, r.MeanCI.Method)
		}
	}
}

// TestQuantile checks the nine quantile types against R: for x = {5, 5,
// 4, 3, 1}, quantile(x, 0.5, type = k) is 4 but for types 3 (3) and 4
// (3.5); for the Intercom sample, quantile(x, 0.25, type = k) is 3 for
// every k.
func TestQuantile(t *testing.T) {
	var a, b Tally
	_ = a.AddAll([]int{5, 5, 4, 3, 1})
	for x, c := range map[int]int64{5: 10, 4: 20, 3: 10, 2: 5, 1: 5} {
		_ = b.AddN(x, c)
	}
	ra, _ := a.Result(estimate.Options{})
	for k := estimate.QuantileType(0); k <= 9; k++ {
		want := 4.0
		switch k {
		case 3:
			want = 3
		case 4:
			want = 3.5
		}
		got, err := a.Quantile(0.5, k)
		if err != nil || got != want {
			t.Errorf("type %d median %v, %v; want %v", k, got, err, want)
		}
		if got, err := ra.Quantile(0.5, k); err != nil || got != want {
			t.Errorf("Result: type %d median %v, %v; want %v", k, got, err, want)
		}
		if got, err := b.Quantile(0.25, k); err != nil || got != 3 {
			t.Errorf("type %d lower quartile %v, %v; want 3", k, got, err)
		}
	}
	if q, _ := a.Quantile(0, 7); q != 1 {
		t.Errorf("minimum %v", q)
	}
	if q, _ := a.Quantile(1, 7); q != 5 {
		t.Errorf("maximum %v", q)
	}
	for _, c := range []struct {
		p    float64
		k    estimate.QuantileType
		want error
	}{{-0.1, 7, ErrProbability}, {math.NaN(), 7, ErrProbability}, {0.5, 10, ErrQuantileType}, {0.5, -1, ErrQuantileType}} {
		var ve *estimate.ValueError
		if _, err := a.Quantile(c.p, c.k); !errors.Is(err, c.want) || !errors.As(err, &ve) || ve.Func != "csat.Tally.Quantile" {
			t.Errorf("Quantile(%v, %d) = %v", c.p, c.k, err)
		}
	}
	var empty Tally
	if _, err := empty.Quantile(0.5, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestResultCounts(t *testing.T) {
	good, _ := Summarize([]int{5, 4, 4, 1}, Five, estimate.Options{})
	for _, c := range []struct {
		name string
		edit func(r *Result)
		want error
	}{
		{"too few points", func(r *Result) { r.Points = r.Points[:4] }, ErrCount},
		{"wrong rating", func(r *Result) { r.Points[2].Rating = 9 }, ErrCount},
		{"negative count", func(r *Result) { r.Points[0].Count = -1; r.Points[1].Count = 2 }, ErrCount},
		{"n differs", func(r *Result) { r.N = 5 }, ErrCount},
		{"overflow", func(r *Result) { r.Points[0].Count = math.MaxInt64; r.Points[1].Count = math.MaxInt64 }, ErrOverflow},
		{"bad scale", func(r *Result) { r.Scale.SatisfiedFrom = 9 }, ErrScale},
	} {
		r := good
		r.Points = append([]Point(nil), good.Points...)
		c.edit(&r)
		if _, err := r.Quantile(0.5, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: Quantile: %v, want %v", c.name, err, c.want)
		}
		if _, err := Compare(good, r, estimate.Options{}); !errors.Is(err, c.want) {
			t.Errorf("%s: Compare: %v, want %v", c.name, err, c.want)
		}
	}
	// A Result on the zero Scale, as a hand-written JSON might have it,
	// reads as Five.
	r := good
	r.Scale = Scale{}
	if q, err := r.Quantile(0.5, 0); err != nil || q != 4 {
		t.Errorf("zero scale: %v, %v", q, err)
	}
}

// TestResultProperties checks, on random scales and ratings, that every
// estimate lies in its interval and the intervals in their bounds, that
// shares add up, and that a Result round-trips through JSON exactly.
func TestResultProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scaleGen().Draw(t, "scale")
		xs := ratingsGen(s, 200).Draw(t, "xs")
		if len(xs) == 0 {
			xs = []int{s.resolve().Max}
		}
		level := rapid.SampledFrom([]float64{0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999}).Draw(t, "level")
		method := rapid.SampledFrom([]estimate.Method{"", estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Wald}).Draw(t, "method")
		r, err := Summarize(xs, s, estimate.Options{Level: level, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		rs := r.Scale
		lo, hi := float64(rs.Min), float64(rs.Max)
		in := func(name string, v float64, iv estimate.Interval, a, b float64) {
			if !(a <= iv.Lo && iv.Lo <= v && v <= iv.Hi && iv.Hi <= b) {
				t.Fatalf("%s %v, interval [%v, %v] outside [%v, %v]", name, v, iv.Lo, iv.Hi, a, b)
			}
		}
		in("CSAT", r.CSAT, r.CSATCI, 0, 100)
		in("mean", r.Mean, r.MeanCI, lo, hi)
		in("index", r.Index, r.IndexCI, 0, 100)
		if !(lo <= r.Median && r.Median <= hi) || r.SD < 0 || r.SD > hi-lo {
			t.Fatalf("median %v or SD %v out of bounds", r.Median, r.SD)
		}
		var share float64
		var n int64
		for _, p := range r.Points {
			share += p.Share
			n += p.Count
		}
		if !near(share, 1, 1e-9) || n != r.N || r.N != int64(len(xs)) {
			t.Fatalf("shares add up to %v, counts to %d", share, n)
		}
		if !(r.TopBox <= r.Top2Box && r.Top2Box <= 100 && r.Bottom2Box <= 100) {
			t.Fatalf("boxes %v %v %v", r.TopBox, r.Top2Box, r.Bottom2Box)
		}
		if (rs.Min == 1 && rs.Max == 5) != r.Grade.IsValid() {
			t.Fatalf("level %v on %v", r.Grade, rs)
		}

		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Result
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, r) {
			t.Fatalf("JSON round trip:\n%+v\n%+v", back, r)
		}
	})
}

// FuzzSummarize checks that Summarize never panics on fuzzed ratings,
// scales and options, and that a result it returns has its estimates in
// their intervals and bounds.
func FuzzSummarize(f *testing.F) {
	f.Add(0, 0, 0, 0.0, "", []byte{5, 5, 4, 3, 1})
	f.Add(1, 10, 8, 0.9, "clopper-pearson", []byte{10, 9, 8, 7, 1})
	f.Add(0, 10, 9, 0.99, "jeffreys", []byte{0, 10})
	f.Add(1, 5, 4, 1.5, "t", []byte{})
	f.Fuzz(func(t *testing.T, min, max, sat int, level float64, method string, data []byte) {
		s := Scale{Min: min, Max: max, SatisfiedFrom: sat}
		xs := make([]int, len(data))
		for i, b := range data {
			xs[i] = int(b)
		}
		o := estimate.Options{Level: level, Method: estimate.Method(method)}
		r, err := Summarize(xs, s, o)
		rs, errSeq := SummarizeSeq(slices.Values(xs), s, o)
		if (err == nil) != (errSeq == nil) || !reflect.DeepEqual(r, rs) {
			t.Fatalf("Summarize and SummarizeSeq differ: %v, %v", err, errSeq)
		}
		if err != nil {
			return
		}
		sc := r.Scale
		// The Jeffreys interval is equal-tailed around the posterior
		// median and can miss the CSAT at low levels (documented in
		// METHODS.md; 2 of 3 at level 0.011 is 64.4..65.1 %): only its
		// bounds are checked.
		ci := r.CSATCI
		inCI := ci.Lo <= r.CSAT && r.CSAT <= ci.Hi || ci.Method == estimate.Jeffreys && ci.Lo <= ci.Hi
		if !finite(reflect.ValueOf(r)) || r.N != int64(len(xs)) || !(0 <= ci.Lo && inCI && ci.Hi <= 100) ||
			!(float64(sc.Min) <= r.MeanCI.Lo && r.MeanCI.Lo <= r.Mean && r.Mean <= r.MeanCI.Hi && r.MeanCI.Hi <= float64(sc.Max)) {
			t.Fatalf("result out of bounds: %+v", r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkResult(b *testing.B) {
	var tl Tally
	_ = tl.AddAll(ratings(1000, 5))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tl.Result(estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSummarizeSeq(t *testing.T) {
	xs := []int{5, 5, 4, 3, 1}
	want, _ := Summarize(xs, Five, estimate.Options{})
	got, err := SummarizeSeq(slices.Values(xs), Scale{}, estimate.Options{})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("SummarizeSeq = %+v, %v", got, err)
	}
	// A bad rating stops the iteration there, and is named by position.
	pulled := 0
	seq := func(yield func(int) bool) {
		for _, x := range []int{4, 9, 3} {
			pulled++
			if !yield(x) {
				return
			}
		}
	}
	_, err = SummarizeSeq(seq, Five, estimate.Options{})
	if err == nil || err.Error() != "csat.SummarizeSeq: rating 9 at index 1: out of range 1..5" || pulled != 2 {
		t.Errorf("bad rating: %v, pulled %d", err, pulled)
	}
	if _, err := SummarizeSeq(slices.Values([]int{}), Five, estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := SummarizeSeq(slices.Values(xs), Scale{Min: 2}, estimate.Options{}); !errors.Is(err, ErrScale) {
		t.Errorf("bad scale: %v", err)
	}
}
