package servqual

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// tinyStudy is three respondents on tiny() (1..7), worked by hand in
// TestResultByHand.
var tinyStudy = []Response{
	{Expectations: []int{7, 6, 6, 5}, Perceptions: []int{5, 6, 4, 5}, Weights: []float64{40, 60}},
	{Expectations: []int{6, 7, 7, 7}, Perceptions: []int{6, 5, 6, 7}, Weights: []float64{70, 30}},
	{Expectations: []int{5, 6, 5, 6}, Perceptions: []int{6, 6, 6, 6}},
}

// TestResultByHand checks the scores of tinyStudy, computed by hand:
//
//	item gaps P - E:  R1 -2, 0, -2, 0   R2 0, -2, -1, 0   R3 1, 0, 1, 0
//	item means:       a1 -1/3, b1 -2/3, b2 -2/3, b3 0
//	a1 gap SD:        deviations -5/3, 1/3, 4/3: variance (25+1+16)/9/2 = 7/3
//	dimension gaps:   a: -2, 0, 1 (mean -1/3); b: -2/3, -1, 1/3 (mean -4/9)
//	SERVQUAL:         per respondent -4/3, -1/2, 2/3: mean -7/18 (= (-1/3 - 4/9)/2)
//	item-gap mean:    per respondent -1, -3/4, 1/2: mean -5/12, not -7/18
//	weighted (own):   R1 -2·0.4 - 2/3·0.6 = -1.2, R2 0·0.7 - 1·0.3 = -0.3: mean -0.75
//	mean weights:     a 55, b 45: weighted mean -1/3·0.55 - 4/9·0.45 = -23/60
//	SERVPERF:         per respondent 5, 6, 6: mean 17/3
//	priorities:       b (-0.2) before a (-0.1833); items b1, b2 (-0.3 each, instrument
//	                  order), a1 (-0.1833), b3 (0)
func TestResultByHand(t *testing.T) {
	a, err := NewAccumulator(tiny())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddAll(tinyStudy); err != nil {
		t.Fatal(err)
	}
	r, err := a.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-14
	if r.N != 3 {
		t.Errorf("N = %d", r.N)
	}
	for i, want := range []float64{-1.0 / 3, -2.0 / 3, -2.0 / 3, 0} {
		checkNear(t, "item gap "+r.Items[i].ID, r.Items[i].Gap.Mean, want, tol)
	}
	g := r.Items[0].Gap
	checkNear(t, "a1 gap SD", g.SD, math.Sqrt(7.0/3), tol)
	h := 4.302652729911275 * math.Sqrt(7.0/3) / math.Sqrt(3) // t(0.975, 2) from tables: 4.303
	checkNear(t, "a1 gap CI lo", g.CI.Lo, -1.0/3-h, 1e-9)
	checkNear(t, "a1 gap CI hi", g.CI.Hi, -1.0/3+h, 1e-9)
	checkNear(t, "dimension a gap", r.Dimensions[0].Gap.Mean, -1.0/3, tol)
	checkNear(t, "dimension b gap", r.Dimensions[1].Gap.Mean, -4.0/9, tol)
	checkNear(t, "SERVQUAL", r.SERVQUAL.Mean, -7.0/18, tol)
	checkNear(t, "item gap", r.ItemGap.Mean, -5.0/12, tol)
	checkNear(t, "weighted", r.Weighted.Mean, -0.75, tol)
	if r.Weighted.N != 2 {
		t.Errorf("weighted N = %d, want 2", r.Weighted.N)
	}
	checkNear(t, "weighted mean", r.WeightedMean, -23.0/60, tol)
	checkNear(t, "weight a", r.Dimensions[0].Weight.Mean, 55, tol)
	checkNear(t, "SERVPERF", r.SERVPERF.Mean, 17.0/3, tol)
	if r.Dimensions[1].Items != 3 {
		t.Errorf("dimension b has %d items", r.Dimensions[1].Items)
	}
	var got []string
	for _, p := range r.Priorities {
		got = append(got, p.ID)
	}
	for _, p := range r.ItemPriorities {
		got = append(got, p.ID)
	}
	want := []string{"b", "a", "b1", "b2", "a1", "b3"}
	if len(got) != len(want) {
		t.Fatalf("priorities %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("priorities %v, want %v", got, want)
		}
	}
	checkNear(t, "weighted gap of b", r.Priorities[0].WeightedGap, -0.2, tol)
	if r.Priorities[0].Rank != 1 || r.Overall.Zone != NoZone {
		t.Errorf("rank %d, zone %q", r.Priorities[0].Rank, r.Overall.Zone)
	}
}

// TestZone checks the zone of tolerance (PZB 1994): with minimum 4 and
// desired 6 everywhere, a perception of 3 is below (MSA -1), a dimension
// mean of 6 is inside (MSA 2, MSS 0) and item means of 6.5 are above
// (MSS 0.5).
func TestZone(t *testing.T) {
	four, six := []int{4, 4, 4, 4}, []int{6, 6, 6, 6}
	rs := []Response{
		{Expectations: six, Perceptions: []int{3, 5, 7, 6}, Minimum: four, Desired: six},
		{Expectations: six, Perceptions: []int{3, 5, 6, 7}, Minimum: four, Desired: six},
	}
	r, err := Summarize(tiny(), rs, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Zone{Below, Inside, Above, Above} {
		if z := r.Items[i].Zone; z != want {
			t.Errorf("item %s zone %q, want %q", r.Items[i].ID, z, want)
		}
	}
	checkNear(t, "a adequacy", r.Dimensions[0].Adequacy.Mean, -1, 1e-15)
	checkNear(t, "b adequacy", r.Dimensions[1].Adequacy.Mean, 2, 1e-15)
	checkNear(t, "b superiority", r.Dimensions[1].Superiority.Mean, 0, 1e-15)
	checkNear(t, "b3 superiority", r.Items[3].Superiority.Mean, 0.5, 1e-15)
	if r.Dimensions[0].Zone != Below || r.Dimensions[1].Zone != Inside {
		t.Errorf("dimension zones %q, %q", r.Dimensions[0].Zone, r.Dimensions[1].Zone)
	}
}

// TestMissing checks the documented rule: a dimension score needs at least
// half of its items answered.
func TestMissing(t *testing.T) {
	M := Missing
	rs := []Response{
		// b2's expectation missing: its gap is missing, b's gap is the mean
		// of b1 and b3: (-1 + 1)/2 = 0.
		{Expectations: []int{5, 5, M, 5}, Perceptions: []int{5, 4, 5, 6}},
		// b1 and b2 missing: one of three answered, so no b score and no
		// SERVQUAL score for this respondent.
		{Expectations: []int{5, M, M, 5}, Perceptions: []int{6, M, 5, 6}},
		{Expectations: []int{5, 5, 5, 5}, Perceptions: []int{5, 5, 5, 5}},
	}
	a, _ := NewAccumulator(tiny())
	if err := a.AddAll(rs); err != nil {
		t.Fatal(err)
	}
	r, err := a.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := r.Items[2].Gap.N; n != 1 {
		t.Errorf("b2 gap N = %d, want 1", n)
	}
	checkNear(t, "b2 gap (one value)", r.Items[2].Gap.Mean, 0, 0)
	if n := r.Items[2].Perception.N; n != 3 {
		t.Errorf("b2 perception N = %d, want 3", n)
	}
	if n := r.Dimensions[1].Gap.N; n != 2 {
		t.Errorf("b gap N = %d, want 2", n)
	}
	checkNear(t, "b gap", r.Dimensions[1].Gap.Mean, 0, 1e-15) // 0 and 0
	if n := r.SERVQUAL.N; n != 2 {
		t.Errorf("SERVQUAL N = %d, want 2", n)
	}
	// Alpha of b uses only the respondent with every b item: too few.
	_, err = a.Reliability(Gaps, "b", estimate.Options{})
	wantErr(t, err, ErrTooFew, "servqual.Accumulator.Reliability")
}

func TestReversed(t *testing.T) {
	in := tiny()
	in.Items[1].Reversed = true
	// On 1..7 a reversed answer x counts as 8 - x: E 2 -> 6, P 3 -> 5, gap -1.
	r, err := Summarize(in, []Response{
		{Expectations: []int{4, 2, 4, 4}, Perceptions: []int{4, 3, 4, 4}},
		{Expectations: []int{4, 2, 4, 4}, Perceptions: []int{4, 3, 4, 4}},
	}, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "reversed E", r.Items[1].Expectation.Mean, 6, 0)
	checkNear(t, "reversed gap", r.Items[1].Gap.Mean, -1, 0)
}

func TestAddErrors(t *testing.T) {
	const fn = "servqual.Accumulator.Add"
	var a Accumulator
	ok := Response{Expectations: make([]int, 22), Perceptions: make([]int, 22)}
	for i := range ok.Expectations {
		ok.Expectations[i], ok.Perceptions[i] = 5, 4
	}
	if err := a.Add(ok); err != nil {
		t.Fatal(err)
	}
	before, _ := a.MarshalBinary()
	bad := func(name string, mutate func(r *Response), sentinel error) {
		t.Helper()
		r := Response{Expectations: append([]int(nil), ok.Expectations...), Perceptions: append([]int(nil), ok.Perceptions...)}
		mutate(&r)
		err := a.Add(r)
		ve := wantErr(t, err, sentinel, fn)
		t.Logf("%s: %v (%s)", name, err, ve.Name)
		if after, _ := a.MarshalBinary(); string(after) != string(before) {
			t.Errorf("%s changed the accumulator", name)
		}
	}
	bad("short", func(r *Response) { r.Perceptions = r.Perceptions[:21] }, ErrItems)
	bad("nil", func(r *Response) { r.Expectations = nil }, ErrItems)
	bad("8", func(r *Response) { r.Perceptions[3] = 8 }, ErrOutOfRange)
	bad("0", func(r *Response) { r.Expectations[21] = 0 }, ErrOutOfRange)
	bad("huge", func(r *Response) { r.Expectations[0] = math.MaxInt }, ErrOutOfRange)
	bad("minimum", func(r *Response) { r.Minimum = make([]int, 22) }, ErrOutOfRange)
	bad("desired short", func(r *Response) { r.Desired = []int{1} }, ErrItems)
	bad("weights NaN", func(r *Response) { r.Weights = []float64{math.NaN(), 25, 25, 25, 25} }, ErrNotFinite)
	bad("weights Inf", func(r *Response) { r.Weights = []float64{math.Inf(1), 25, 25, 25, 25} }, ErrNotFinite)
	bad("weights 99", func(r *Response) { r.Weights = []float64{20, 20, 20, 20, 19} }, ErrWeights)
	bad("weights negative", func(r *Response) { r.Weights = []float64{-10, 50, 20, 20, 20} }, ErrWeights)
	bad("weights four", func(r *Response) { r.Weights = []float64{25, 25, 25, 25} }, ErrWeights)

	// AddAll names the response and the item.
	nine := append([]int(nil), ok.Perceptions...)
	nine[21] = 9
	rs := []Response{ok, ok, {Expectations: ok.Expectations, Perceptions: nine}}
	err := a.AddAll(rs)
	ve := wantErr(t, err, ErrOutOfRange, "servqual.Accumulator.AddAll")
	if ve.Index != 2 || ve.Name != "perception of item 22" || ve.Value != 9 {
		t.Errorf("AddAll error %v: index %d name %q", err, ve.Index, ve.Name)
	}
	if a.N() != 1 {
		t.Errorf("AddAll with a bad response added %d", a.N()-1)
	}
	if err := a.Add(Response{Expectations: ok.Expectations, Perceptions: ok.Perceptions, Weights: []float64{20, 20, 20, 20, 20}}); err != nil {
		t.Errorf("weights adding up to 100: %v", err)
	}
}

func TestResultErrors(t *testing.T) {
	var a Accumulator
	_, err := a.Result(estimate.Options{})
	wantErr(t, err, ErrEmpty, "servqual.Accumulator.Result")
	_, err = a.Result(estimate.Options{Level: 1})
	wantErr(t, err, ErrLevel, "servqual.Accumulator.Result")
	_, err = a.Result(estimate.Options{Method: estimate.Wilson})
	wantErr(t, err, ErrMethod, "servqual.Accumulator.Result")
	const fr = "servqual.Accumulator.Reliability"
	_, err = a.Reliability("opinions", "", estimate.Options{})
	wantErr(t, err, ErrUnknown, fr)
	_, err = a.Reliability(Gaps, "price", estimate.Options{})
	wantErr(t, err, ErrUnknown, fr)
	_, err = a.Reliability(Gaps, "", estimate.Options{})
	wantErr(t, err, ErrEmpty, fr)
	b, _ := NewAccumulator(tiny())
	_, err = b.Reliability(Gaps, "a", estimate.Options{})
	wantErr(t, err, ErrTooFew, fr) // a has one item
}

func TestInstrumentValidate(t *testing.T) {
	if err := Standard().Validate(); err != nil {
		t.Fatal(err)
	}
	s := Standard()
	counts := map[string]int{}
	for _, it := range s.Items {
		counts[it.Dimension]++
		if it.Label == "" || it.LabelES == "" || it.Reversed {
			t.Errorf("item %s: %+v", it.ID, it)
		}
	}
	// PZB 1991: 4 tangibles, 5 reliability, 4 responsiveness, 4 assurance, 5 empathy.
	for id, n := range map[string]int{"tangibles": 4, "reliability": 5, "responsiveness": 4, "assurance": 4, "empathy": 5} {
		if counts[id] != n {
			t.Errorf("%s has %d items, want %d", id, counts[id], n)
		}
	}
	const fn = "servqual.Instrument.Validate"
	for name, mutate := range map[string]func(*Instrument){
		"no items":          func(in *Instrument) { in.Items = nil },
		"no dimensions":     func(in *Instrument) { in.Dimensions = nil },
		"duplicate item":    func(in *Instrument) { in.Items[1].ID = in.Items[0].ID },
		"empty item ID":     func(in *Instrument) { in.Items[1].ID = "" },
		"unknown dimension": func(in *Instrument) { in.Items[1].Dimension = "price" },
		"empty dimension":   func(in *Instrument) { in.Dimensions = append(in.Dimensions, Dimension{ID: "price"}) },
		"duplicate dim":     func(in *Instrument) { in.Dimensions[1].ID = in.Dimensions[0].ID },
		"empty dim ID":      func(in *Instrument) { in.Dimensions[0].ID = "" },
	} {
		in := Standard()
		mutate(&in)
		err := in.Validate()
		if ve := wantErr(t, err, ErrInstrument, fn); ve == nil {
			t.Errorf("%s accepted", name)
		}
	}
	in := Standard()
	in.Scale = rating.Scale{Min: 5, Max: 1}
	wantErr(t, in.Validate(), ErrScale, fn)
	_, err := NewAccumulator(in)
	wantErr(t, err, ErrScale, "servqual.NewAccumulator")
	_, err = AccumulatorFunc(Instrument{})
	wantErr(t, err, ErrInstrument, "servqual.AccumulatorFunc")
}

func TestMerge(t *testing.T) {
	var whole, a, b Accumulator
	if err := whole.AddAll(standardStudy(1, 60)); err != nil {
		t.Fatal(err)
	}
	if err := a.AddAll(standardStudy(1, 60)[:25]); err != nil {
		t.Fatal(err)
	}
	if err := b.AddAll(standardStudy(1, 60)[25:]); err != nil {
		t.Fatal(err)
	}
	var z Accumulator
	if err := z.Merge(nil); err != nil || z.N() != 0 {
		t.Fatal("merge of nil")
	}
	if err := z.Merge(&a); err != nil {
		t.Fatal(err)
	}
	if err := z.Merge(&b); err != nil {
		t.Fatal(err)
	}
	sameResults(t, &whole, &z, 1e-12)
	c, _ := NewAccumulator(tiny())
	err := z.Merge(c)
	wantErr(t, err, ErrMismatch, "servqual.Accumulator.Merge")
	// A custom zero-value accumulator takes the instrument of what it merges.
	var y Accumulator
	if err := y.Merge(c); err != nil || y.Instrument().Name != "tiny" {
		t.Errorf("zero merge: %v, %q", err, y.Instrument().Name)
	}
	n := z.N()
	if err := z.Merge(&z); err != nil || z.N() != 2*n {
		t.Errorf("self merge: %v, n %d", err, z.N())
	}
}

// TestMeanOfMatchesMoments: the cached-quantile means of Result are those
// of estimate.Moments.Result.
func TestMeanOfMatchesMoments(t *testing.T) {
	tc := &tCache{level: 0.9}
	for _, xs := range [][]float64{{1, 2}, {3, 4, 4, 7}, {-1, -1, 2, 5, 6, 0.5}} {
		var m estimate.Moments
		for _, x := range xs {
			_ = m.Add(x)
		}
		want, err := m.Result(estimate.Options{Level: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second time from the cache
			got := meanOf(&m, tc)
			if got.N != want.N || got.CI.Method != want.CI.Method || got.CI.Level != want.CI.Level {
				t.Fatalf("%+v != %+v", got, want)
			}
			for _, p := range [][2]float64{{got.Mean, want.Mean}, {got.SD, want.SD}, {got.SE, want.SE}, {got.CI.Lo, want.CI.Lo}, {got.CI.Hi, want.CI.Hi}} {
				checkNear(t, "mean value", p[0], p[1], 1e-15)
			}
		}
	}
	var one estimate.Moments
	_ = one.Add(4)
	if got := meanOf(&one, tc); got.Mean != 4 || got.N != 1 || got.CI != (estimate.Interval{}) {
		t.Errorf("one value: %+v", got)
	}
}

func TestSummarizeSeq(t *testing.T) {
	seq := func(yield func(Response) bool) {
		for _, r := range tinyStudy {
			if !yield(r) {
				return
			}
		}
	}
	a, err := SummarizeSeq(tiny(), seq, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Summarize(tiny(), tinyStudy, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.SERVQUAL != b.SERVQUAL || a.Weighted != b.Weighted {
		t.Errorf("SummarizeSeq %+v, Summarize %+v", a.SERVQUAL, b.SERVQUAL)
	}
	bad := func(yield func(Response) bool) {
		_ = yield(tinyStudy[0]) && yield(Response{Expectations: []int{1}, Perceptions: []int{1, 1, 1, 1}})
	}
	_, err = SummarizeSeq(tiny(), bad, estimate.Options{})
	if ve := wantErr(t, err, ErrItems, "servqual.SummarizeSeq"); ve.Index != 1 {
		t.Errorf("index %d, want 1", ve.Index)
	}
	_, err = Summarize(Instrument{}, nil, estimate.Options{})
	wantErr(t, err, ErrInstrument, "servqual.Summarize")
	_, err = Summarize(tiny(), nil, estimate.Options{})
	wantErr(t, err, ErrEmpty, "servqual.Summarize")
	_, err = SummarizeSeq(Instrument{}, seq, estimate.Options{})
	wantErr(t, err, ErrInstrument, "servqual.SummarizeSeq")
	// AddAll names the dimension of a bad weight.
	acc, _ := NewAccumulator(tiny())
	err = acc.AddAll([]Response{{Expectations: []int{1, 1, 1, 1}, Perceptions: []int{1, 1, 1, 1}, Weights: []float64{-1, 101}}})
	if ve := wantErr(t, err, ErrWeights, "servqual.Accumulator.AddAll"); ve.Name != "weight of dimension a" || ve.Index != 0 {
		t.Errorf("%v", err)
	}
}
