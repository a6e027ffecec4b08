package timing

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestSketchQuantileHand(t *testing.T) {
	// 1 s .. 10 s: the rank ⌊q(n-1)⌋ order statistic is 5 s for the
	// median (⌊4.5⌋ = 4, counting from 0), 9 s for p90 (⌊8.1⌋) and 9 s for
	// p95 (⌊8.55⌋); the sketch is within 1 % of each.
	var s Sketch
	for i := 1; i <= 10; i++ {
		if err := s.Add(time.Duration(i) * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0, time.Second}, {0.5, 5 * time.Second}, {0.9, 9 * time.Second}, {0.95, 9 * time.Second}, {1, 10 * time.Second}} {
		got, err := s.Quantile(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if rel := math.Abs(float64(got-c.want)) / float64(c.want); rel > SketchAccuracy {
			t.Errorf("Quantile(%v) = %v, want %v within 1 %% (off by %.4f)", c.q, got, c.want, rel)
		}
	}
	if _, err := s.Quantile(1.5); !errors.Is(err, ErrProbability) {
		t.Errorf("q 1.5: %v", err)
	}
	if _, err := new(Sketch).Quantile(0.5); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	before, _ := s.MarshalBinary()
	if err := s.Add(-time.Second); !errors.Is(err, ErrNegative) {
		t.Errorf("negative: %v", err)
	}
	if err := s.AddN(time.Second, -1); !errors.Is(err, ErrCount) {
		t.Errorf("negative count: %v", err)
	}
	if err := s.AddAll([]time.Duration{time.Second, -time.Second}); !errors.Is(err, ErrNegative) {
		t.Errorf("AddAll with a negative: %v", err)
	}
	if after, _ := s.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("a rejected value changed the sketch")
	}
	var all Sketch
	if err := all.AddAll([]time.Duration{time.Second, 2 * time.Second}); err != nil || all.N() != 2 {
		t.Errorf("AddAll: %v", err)
	}
}

// drawDurations draws durations spread over 12 orders of magnitude, with
// some zeros and repeats.
func drawDurations(t *rapid.T, label string) []time.Duration {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) time.Duration {
		if rapid.IntRange(0, 9).Draw(t, "zero") == 0 {
			return 0
		}
		e := rapid.Float64Range(0, 12).Draw(t, "exp")
		return time.Duration(math.Pow(10, e)) * time.Microsecond / 1000 * 1000
	}), 0, 300).Draw(t, label)
}

func TestSketchProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := drawDurations(t, "xs")
		cut := rapid.IntRange(0, len(xs)).Draw(t, "cut")
		var whole, a, b Sketch
		for i, d := range xs {
			_ = whole.Add(d)
			if i < cut {
				_ = a.Add(d)
			} else {
				_ = b.Add(d)
			}
		}
		if err := a.Merge(&b); err != nil {
			t.Fatal(err)
		}
		wb, _ := whole.MarshalBinary()
		ab, _ := a.MarshalBinary()
		if !bytes.Equal(wb, ab) {
			t.Fatalf("merge of parts %x != whole %x", ab, wb)
		}
		if len(xs) == 0 {
			return
		}
		sorted := slices.Sorted(slices.Values(xs))
		for _, q := range []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1} {
			got, _ := whole.Quantile(q)
			exact := sorted[int(math.Floor(q*float64(len(xs)-1)))]
			// Rounding to whole nanoseconds adds at most half a ns.
			if math.Abs(float64(got-exact)) > SketchAccuracy*float64(exact)+0.5 {
				t.Fatalf("Quantile(%v) = %v, exact %v: beyond %v relative error", q, got, exact, SketchAccuracy)
			}
		}
	})
}

func TestDurationsHand(t *testing.T) {
	var ds Durations
	if err := ds.AddAll([]time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	r, err := ds.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Mean 120 s, SD 60 s; t(0.975, 2) = 4.302653 (t tables), so the
	// interval is 120 ± 4.302653·60/√3 = 120 ± 149.0483 s.
	if r.N != 3 || r.Mean != 2*time.Minute || r.SD != time.Minute {
		t.Errorf("N, Mean, SD = %d, %v, %v", r.N, r.Mean, r.SD)
	}
	if !near(r.MeanCI.Lo, 120-149.0483, 1e-3) || !near(r.MeanCI.Hi, 120+149.0483, 1e-3) {
		t.Errorf("MeanCI = %+v", r.MeanCI)
	}
	if r.Min != time.Minute || r.Max != 3*time.Minute || math.Abs(float64(r.Median-2*time.Minute)) > 0.01*float64(2*time.Minute) {
		t.Errorf("Min, Median, Max = %v, %v, %v", r.Min, r.Median, r.Max)
	}
	if err := ds.AddAll([]time.Duration{time.Second, -time.Second}); !errors.Is(err, ErrNegative) || ds.N() != 3 {
		t.Errorf("AddAll with a negative: %v, n = %d", err, ds.N())
	}
	if _, err := ds.Result(estimate.Options{Method: estimate.Wilson}); !errors.Is(err, ErrMethod) {
		t.Errorf("method: %v", err)
	}
	var one Durations
	_ = one.Add(time.Hour)
	r1, err := one.Result(estimate.Options{})
	if err != nil || r1.Mean != time.Hour || r1.MeanCI.Level != 0 {
		t.Errorf("one value: %+v, %v", r1, err)
	}
	if _, err := new(Durations).Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestSampleHand(t *testing.T) {
	var s Sample
	for i := 10; i >= 1; i-- {
		_ = s.Add(time.Duration(i) * time.Minute)
	}
	r, err := s.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Type 7 on 1..10 minutes: h = 9p + 1; median h = 5.5 -> 5.5 min;
	// p90 h = 9.1 -> 9.1 min; p95 h = 9.55 -> 9.55 min (R: quantile(1:10,
	// c(.5, .9, .95)) = 5.5, 9.1, 9.55).
	want := []time.Duration{330 * time.Second, 546 * time.Second, 573 * time.Second}
	if r.Median != want[0] || r.P90 != want[1] || r.P95 != want[2] || r.Quantile != "type 7" || r.Accuracy != 0 {
		t.Errorf("Median, P90, P95 = %v, %v, %v (%s)", r.Median, r.P90, r.P95, r.Quantile)
	}
	// Type 1 (inverse ECDF): median x(⌈5⌉) = 5 min.
	s.Type = estimate.Type1
	if r, _ := s.Result(estimate.Options{}); r.Median != 5*time.Minute {
		t.Errorf("type 1 median = %v", r.Median)
	}
}

func TestRateWilson(t *testing.T) {
	var r Rate
	if err := errors.Join(r.AddN(true, 8), r.AddN(false, 2)); err != nil {
		t.Fatal(err)
	}
	s, err := r.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Wilson 95 % for 8/10: [0.4902, 0.9433] (Newcombe 1998, Table I
	// style; by hand: centre 9.9207/13.8415, half-width 0.2266).
	if s.Share != 0.8 || !near(s.CI.Lo, 0.4902, 1e-4) || !near(s.CI.Hi, 0.9433, 1e-4) || s.CI.Method != estimate.Wilson {
		t.Errorf("Result = %+v", s)
	}
	if err := r.AddN(true, -1); !errors.Is(err, ErrCount) || r.N() != 10 || r.X() != 8 {
		t.Errorf("negative count: %v", err)
	}
	if err := r.AddN(false, 0); err != nil || r.N() != 10 {
		t.Errorf("count 0: %v", err)
	}
	if _, err := new(Rate).Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := r.Result(estimate.Options{Method: "bogus"}); !errors.Is(err, ErrMethod) {
		t.Errorf("method: %v", err)
	}
	if _, err := r.Result(estimate.Options{Level: 2}); !errors.Is(err, ErrLevel) {
		t.Errorf("level: %v", err)
	}
}

func metricsFixture(t testing.TB) []Metrics {
	madrid := mustLoad(t, "Europe/Madrid")
	a := Analyzer{Calendar: mustCal(t, office(madrid))}
	m1, err := a.Measure(sampleTicket(madrid))
	if err != nil {
		t.Fatal(err)
	}
	m1.NextReplies = slices.Clone(m1.NextReplies)
	t0 := time.Date(2024, 3, 5, 9, 0, 0, 0, madrid)
	m2, err := a.Measure(Ticket{ID: "T-2", Simple: true, Events: []Event{
		{At: t0, Kind: Created}, {At: t0.Add(time.Hour), Kind: AgentReply},
		{At: t0.Add(time.Hour), Kind: StatusChange, Status: Solved}}})
	if err != nil {
		t.Fatal(err)
	}
	m3, err := a.Measure(Ticket{ID: "T-3", Events: []Event{{At: t0, Kind: Created}}})
	if err != nil {
		t.Fatal(err)
	}
	return []Metrics{m1, m2, m3}
}

func TestTally(t *testing.T) {
	var tl Tally
	if err := tl.AddAll(metricsFixture(t)); err != nil {
		t.Fatal(err)
	}
	r, err := tl.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Three tickets: T-1 solved after a reopen, T-2 one-touch and simple,
	// T-3 unanswered.
	if r.Tickets != 3 || r.Resolution.X != 2 || r.Resolution.N != 3 || r.FCR.X != 1 || r.FCR.N != 2 ||
		r.Reopen.X != 1 || r.Simple.X != 1 || r.Simple.N != 3 {
		t.Errorf("counts: %+v", r)
	}
	// First responses: 4 h (2 h business) and 1 h (1 h): mean 2.5 h and 1.5 h.
	if r.FirstResponse.Calendar.N != 2 || r.FirstResponse.Calendar.Mean != 150*time.Minute || r.FirstResponse.Business.Mean != 90*time.Minute {
		t.Errorf("first response: %+v", r.FirstResponse)
	}
	if r.NextReply.Calendar.N != 1 || r.OnHold.Calendar.N != 2 || r.Handling.Calendar.N != 1 {
		t.Errorf("next reply %d, on hold %d, handling %d", r.NextReply.Calendar.N, r.OnHold.Calendar.N, r.Handling.Calendar.N)
	}
	// The same tickets in an exact tally: type 7 median of 4 h and 1 h is
	// 2.5 h exactly, where the sketch gives the lower one within 1 %.
	ex := Tally{Exact: true}
	if err := ex.AddAll(metricsFixture(t)); err != nil {
		t.Fatal(err)
	}
	rx, err := ex.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rx.FirstResponse.Calendar.Median != 150*time.Minute || rx.FirstResponse.Calendar.Quantile != "type 7" || rx.FirstResponse.Calendar.Accuracy != 0 {
		t.Errorf("exact first response: %+v", rx.FirstResponse.Calendar)
	}
	if d := r.FirstResponse.Calendar.Median - time.Hour; d < -36*time.Second || d > 36*time.Second {
		t.Errorf("sketch median %v, want 1 h within 1 %%", r.FirstResponse.Calendar.Median)
	}
	if err := ex.Merge(&tl); !errors.Is(err, ErrMismatch) || ex.N() != 3 {
		t.Errorf("exact and streaming merge: %v", err)
	}
	var empty Tally
	if err := empty.Merge(&ex); err != nil || !empty.Exact || empty.N() != 3 {
		t.Errorf("merge into empty: %v", err)
	}

	bad := metricsFixture(t)[0]
	bad.FirstResponse.Business = -time.Second
	if err := tl.Add(bad); !errors.Is(err, ErrNegative) || tl.N() != 3 {
		t.Errorf("negative span: %v", err)
	}
	bad = metricsFixture(t)[2]
	bad.FCR = true
	if err := tl.Add(bad); !errors.Is(err, ErrCount) {
		t.Errorf("FCR unsolved: %v", err)
	}
	if _, err := new(Tally).Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	// JSON round trip of the result.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back TallyResult
	if err := json.Unmarshal(b, &back); err != nil || !cmp.Equal(r, back) {
		t.Errorf("result JSON round trip: %v\n%s", err, cmp.Diff(r, back))
	}
}

func TestTallyInGroup(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	g := group.ByPeriod[Tally](group.Week, madrid)
	for _, m := range metricsFixture(t) {
		if err := g.At(m.Created).Add(m); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for start, tl := range g.All() {
		if start.Weekday() != time.Monday || tl.N() != 3 {
			t.Errorf("week %v: %d tickets", start, tl.N())
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d weeks, want 1", n)
	}
	// The group travels as JSON, each tally in its own encoding.
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	g2 := group.ByPeriod[Tally](group.Week, madrid)
	if err := json.Unmarshal(b, g2); err != nil || g2.Len() != 1 {
		t.Errorf("group JSON: %v", err)
	}
	_ = group.ByKey[string, Rate]()
	_ = group.BySegmentPeriod[string, Durations](group.Month, madrid)
	_ = group.ByKey[string, Compliance]()
	_ = group.ByKey[string, ServiceLevel]()
	_ = group.ByKey[string, Sample]()
	_ = group.ByKey[string, Sketch]()
}

// TestTallyMergeWhole: merging tallies of parts equals the tally of the
// whole, encoded byte for byte.
func TestTallyMergeWhole(t *testing.T) {
	ms := metricsFixture(t)
	rapid.Check(t, func(t *rapid.T) {
		picks := rapid.SliceOfN(rapid.IntRange(0, len(ms)-1), 0, 30).Draw(t, "picks")
		cut := rapid.IntRange(0, len(picks)).Draw(t, "cut")
		var whole, a, b Tally
		for i, p := range picks {
			_ = whole.Add(ms[p])
			if i < cut {
				_ = a.Add(ms[p])
			} else {
				_ = b.Add(ms[p])
			}
		}
		if err := a.Merge(&b); err != nil {
			t.Fatal(err)
		}
		wb, _ := whole.MarshalBinary()
		ab, _ := a.MarshalBinary()
		if a.N() != whole.N() || len(wb) != len(ab) {
			t.Fatalf("merge differs from whole: n %d vs %d", a.N(), whole.N())
		}
		// Means may differ in the last bit (Chan's merge); counts and
		// sketches must agree exactly, so compare the results.
		if len(picks) > 0 {
			ra, _ := a.Result(estimate.Options{})
			rw, _ := whole.Result(estimate.Options{})
			if diff := cmp.Diff(rw, ra, cmp.Comparer(func(x, y estimate.Interval) bool {
				return near(x.Lo, y.Lo, 1e-6) && near(x.Hi, y.Hi, 1e-6) && x.Level == y.Level
			})); diff != "" {
				t.Fatalf("merge of parts != whole:\n%s", diff)
			}
		}
	})
}

type codec interface {
	json.Marshaler
	encoding.BinaryMarshaler
}

// TestEncodingRoundTrip: every accumulator survives JSON and binary.
func TestEncodingRoundTrip(t *testing.T) {
	var tl Tally
	_ = tl.AddAll(metricsFixture(t))
	ex := Tally{Exact: true}
	_ = ex.AddAll(metricsFixture(t))
	var ds Durations
	_ = ds.AddAll([]time.Duration{0, time.Second, time.Hour, 3 * time.Hour})
	var sm Sample
	_ = sm.AddAll([]time.Duration{time.Second, time.Minute})
	var rt Rate
	_ = rt.AddN(true, 3)
	_ = rt.AddN(false, 4)
	sl := ServiceLevel{Target: 20 * time.Second}
	_ = sl.Add(Contact{Wait: 10 * time.Second})
	_ = sl.Add(Contact{Wait: 30 * time.Second})
	_ = sl.Add(Contact{Wait: 5 * time.Second, Abandoned: true})
	var cp Compliance
	_ = cp.Add(TargetState{Target: Target{Metric: FirstReply}, State: Achieved})
	_ = cp.Add(TargetState{Target: Target{Metric: Resolution}, State: Breached})
	cases := []struct {
		name     string
		v        any
		jsonNew  func() json.Unmarshaler
		binNew   func() encoding.BinaryUnmarshaler
		equalEnc bool
	}{
		{"Tally", tl, func() json.Unmarshaler { return new(Tally) }, func() encoding.BinaryUnmarshaler { return new(Tally) }, true},
		{"exact Tally", ex, func() json.Unmarshaler { return new(Tally) }, func() encoding.BinaryUnmarshaler { return new(Tally) }, true},
		{"Durations", ds, func() json.Unmarshaler { return new(Durations) }, func() encoding.BinaryUnmarshaler { return new(Durations) }, true},
		{"Sketch", ds.s, func() json.Unmarshaler { return new(Sketch) }, func() encoding.BinaryUnmarshaler { return new(Sketch) }, true},
		{"Sample", sm, func() json.Unmarshaler { return new(Sample) }, func() encoding.BinaryUnmarshaler { return new(Sample) }, true},
		{"Rate", rt, func() json.Unmarshaler { return new(Rate) }, func() encoding.BinaryUnmarshaler { return new(Rate) }, true},
		{"ServiceLevel", sl, func() json.Unmarshaler { return new(ServiceLevel) }, func() encoding.BinaryUnmarshaler { return new(ServiceLevel) }, true},
		{"Compliance", cp, func() json.Unmarshaler { return new(Compliance) }, func() encoding.BinaryUnmarshaler { return new(Compliance) }, true},
	}
	for _, c := range cases {
		v := c.v.(codec)
		jb, err := v.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ju := c.jsonNew()
		if err := ju.UnmarshalJSON(jb); err != nil {
			t.Fatalf("%s: UnmarshalJSON(%s): %v", c.name, jb, err)
		}
		jb2, _ := ju.(codec).MarshalJSON()
		if !bytes.Equal(jb, jb2) {
			t.Errorf("%s: JSON round trip\n%s\n%s", c.name, jb, jb2)
		}
		bb, _ := v.MarshalBinary()
		bu := c.binNew()
		if err := bu.UnmarshalBinary(bb); err != nil {
			t.Fatalf("%s: UnmarshalBinary: %v", c.name, err)
		}
		bb2, _ := bu.(codec).MarshalBinary()
		if !bytes.Equal(bb, bb2) {
			t.Errorf("%s: binary round trip", c.name)
		}
		// Corruptions: each must fail with ErrCorrupt and leave the target
		// as it was (here: still encoding like the original).
		var obj map[string]json.RawMessage
		_ = json.Unmarshal(jb, &obj)
		dec := json.NewDecoder(bytes.NewReader(jb))
		_, _ = dec.Token()
		tok, _ := dec.Token()
		firstKey := tok.(string) // the first key as encoded
		bad := [][]byte{
			[]byte(`[]`), []byte(`{}`), append(slices.Clone(jb), []byte(` {}`)...),
			bytes.Replace(jb, []byte(`{`), []byte(`{"bogus":1,`), 1),
			bytes.Replace(jb, []byte(`{`), []byte(`{"`+firstKey+`":`+string(obj[firstKey])+`,`), 1),
			// The first key with a string value (a wrong type).
			bytes.Replace(jb, []byte(`{"`+firstKey+`":`+string(obj[firstKey])), []byte(`{"`+firstKey+`":"x"`), 1),
		}
		for i, b := range bad {
			if err := ju.UnmarshalJSON(b); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: bad JSON %d (%s): err = %v", c.name, i, b, err)
			}
			if after, _ := ju.(codec).MarshalJSON(); !bytes.Equal(after, jb) {
				t.Errorf("%s: bad JSON %d changed the state", c.name, i)
			}
		}
		badBin := [][]byte{nil, {99}, append(slices.Clone(bb), 0), bb[:len(bb)-1]}
		for i, b := range badBin {
			if err := bu.UnmarshalBinary(b); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: bad binary %d: err = %v", c.name, i, err)
			}
			if after, _ := bu.(codec).MarshalBinary(); !bytes.Equal(after, bb) {
				t.Errorf("%s: bad binary %d changed the state", c.name, i)
			}
		}
	}
}

// TestSketchIndex checks the table lookup against the definition
// ⌈log_γ d⌉, away from bucket bounds where rounding of the logarithm could
// tip either way, and at the bounds themselves.
func TestSketchIndex(t *testing.T) {
	check := func(d time.Duration) {
		want := math.Ceil(math.Log(float64(d)) / sketchLogGamma)
		got := sketchIndex(d)
		if float64(got) != want {
			// Within 1e-9 of a bound the logarithm is not trusted.
			frac := math.Log(float64(d))/sketchLogGamma - math.Floor(math.Log(float64(d))/sketchLogGamma)
			if frac > 1e-9 && frac < 1-1e-9 {
				t.Fatalf("sketchIndex(%d) = %d, want %v", d, got, want)
			}
		}
		if sketchBounds[got] < float64(d) || got > 0 && sketchBounds[got-1] >= float64(d) {
			t.Fatalf("sketchIndex(%d) = %d: not the smallest bound above", d, got)
		}
	}
	for d := time.Duration(1); d < 5000; d++ {
		check(d)
	}
	for d := time.Duration(5000); d > 0 && d < math.MaxInt64/2; d = d*1001/1000 + 1 {
		check(d)
	}
	check(math.MaxInt64)
}

func TestSummarizeAndCompare(t *testing.T) {
	xs := []time.Duration{4 * time.Minute, time.Minute, 3 * time.Minute, 2 * time.Minute}
	// Type 7 on 1..4 min: median h = 2.5 -> 2.5 min; mean 2.5 min.
	s, err := Summarize(xs, estimate.Options{})
	if err != nil || s.Median != 150*time.Second || s.Mean != 150*time.Second || s.N != 4 {
		t.Errorf("Summarize = %+v, %v", s, err)
	}
	s2, err := SummarizeSeq(slices.Values(xs), estimate.Options{})
	if err != nil || !cmp.Equal(s, s2) {
		t.Errorf("SummarizeSeq = %+v, %v", s2, err)
	}
	if _, err := Summarize(nil, estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := SummarizeSeq(slices.Values([]time.Duration{1, -1}), estimate.Options{}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative: %v", err)
	}
	// 40/50 then 30/50: b - a = -0.2; Newcombe's interval excludes 0 at
	// 95 % (z = -2.18 by the pooled test: p̄ = 0.7, SE = sqrt(0.21·0.04)).
	a, b := rateOf(40, 50), rateOf(30, 50)
	d, err := Compare(a, b, estimate.Options{})
	if err != nil || !near(d.Estimate, -0.2, 1e-12) || d.CI.Hi >= 0 || !near(d.Stat, -0.2/math.Sqrt(0.21*0.04), 1e-9) {
		t.Errorf("Compare = %+v, %v", d, err)
	}
	var da, db Durations
	_ = da.AddAll([]time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute})
	_ = db.AddAll([]time.Duration{4 * time.Minute, 5 * time.Minute, 6 * time.Minute})
	dm, err := CompareMeans(&da, &db, estimate.Options{})
	if err != nil || !near(dm.Estimate, 180, 1e-9) {
		t.Errorf("CompareMeans = %+v, %v", dm, err)
	}
	var sk Sketch
	_ = sk.AddN(0, 2)
	_ = sk.Add(time.Second)
	var n int64
	for v, c := range sk.All() {
		n += c
		if v != 0 && math.Abs(float64(v-time.Second)) > 0.01*float64(time.Second) {
			t.Errorf("bucket value %v for 1 s", v)
		}
	}
	if n != 3 {
		t.Errorf("All counts %d, want 3", n)
	}
}
