package nps

import (
	"math"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
)

func TestSummarize(t *testing.T) {
	xs := []int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}
	r, err := Summarize(xs, estimate.Options{Method: Wald})
	if err != nil {
		t.Fatal(err)
	}
	// 5 promoters, 3 passives, 2 detractors: NPS 30, Wald 95 % 30 ± 48.40754
	// (see TestResultValues for the arithmetic).
	if r.NPS != 30 || !near(r.CI.Lo, -18.4075395018526, 1e-9) || r.N != 10 {
		t.Errorf("Summarize = %+v", r)
	}
	s, err := SummarizeSeq(slices.Values(xs), estimate.Options{Method: Wald})
	if err != nil || s != r {
		t.Errorf("SummarizeSeq = %+v, %v, want %+v", s, err, r)
	}
}

func TestSummarizeErrors(t *testing.T) {
	_, err := Summarize([]int{1, 2, 3, 11}, estimate.Options{})
	wantValueErr(t, err, ErrOutOfRange, "nps.Summarize", 3, "nps.Summarize: score 11 at index 3: out of range 0..10")
	_, err = SummarizeSeq(slices.Values([]int{1, -4, 3}), estimate.Options{})
	wantValueErr(t, err, ErrOutOfRange, "nps.SummarizeSeq", 1, "nps.SummarizeSeq: score -4 at index 1: out of range 0..10")
	for _, xs := range [][]int{nil, {}} {
		_, err = Summarize(xs, estimate.Options{})
		wantValueErr(t, err, ErrEmpty, "nps.Summarize", -1, "n 0: no observations")
		_, err = SummarizeSeq(slices.Values(xs), estimate.Options{})
		wantValueErr(t, err, ErrEmpty, "nps.SummarizeSeq", -1, "n 0: no observations")
	}
	_, err = Summarize([]int{9}, estimate.Options{Level: 2})
	wantValueErr(t, err, ErrLevel, "nps.Summarize", -1, "nps.Summarize: level 2: confidence level outside (0, 1)")
	_, err = SummarizeSeq(slices.Values([]int{9}), estimate.Options{Method: "bootstrap"})
	if !errorsIs(err, ErrMethod) {
		t.Errorf("err = %v, want ErrMethod", err)
	}
}

// TestSummarizeSeqStops checks that SummarizeSeq stops pulling at the first bad
// score.
func TestSummarizeSeqStops(t *testing.T) {
	pulled := 0
	seq := func(yield func(int) bool) {
		for _, x := range []int{9, 12, 9, 9} {
			pulled++
			if !yield(x) {
				return
			}
		}
	}
	if _, err := SummarizeSeq(seq, estimate.Options{}); err == nil || pulled != 2 {
		t.Errorf("err = %v after %d pulls, want an error after 2", err, pulled)
	}
}

// FuzzSummarize checks that Summarize and SummarizeSeq never panic, agree with each
// other and with a Tally fed one score at a time, and that what they
// return has the NPS inside its interval, both within [-100, 100].
func FuzzSummarize(f *testing.F) {
	f.Add([]byte{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}, 0.95, uint8(0))
	f.Add([]byte{10}, 0.5, uint8(2))
	f.Add([]byte{7, 7, 7}, 0.999, uint8(0))
	f.Add([]byte{0, 10, 10}, 0.9, uint8(1))
	f.Add([]byte{0, 0, 11}, 0.0, uint8(0))
	f.Add([]byte{}, 0.99, uint8(2))
	// method picks the interval: 0 the default (TangoScore), 1
	// AdjustedWald, 2 Wald, anything else the default again.
	f.Fuzz(func(t *testing.T, raw []byte, level float64, method uint8) {
		xs := make([]int, len(raw))
		for i, b := range raw {
			xs[i] = int(b % 13) // 11 and 12 are out of range
		}
		o := estimate.Options{Level: level}
		switch method {
		case 1:
			o.Method = AdjustedWald
		case 2:
			o.Method = Wald
		}
		r, err := Summarize(xs, o)
		s, serr := SummarizeSeq(slices.Values(xs), o)
		if (err == nil) != (serr == nil) || (err == nil && r != s) {
			t.Fatalf("Summarize = %+v, %v; SummarizeSeq = %+v, %v", r, err, s, serr)
		}
		var ta Tally
		valid := true
		for _, x := range xs {
			valid = valid && ta.Add(x) == nil
		}
		levelOK := level == 0 || (level > 0 && level < 1)
		if ok := valid && len(xs) > 0 && levelOK; (err == nil) != ok {
			t.Fatalf("Summarize(%v, %v) = %v", xs, level, err)
		}
		if err != nil {
			checkValueErr(t, err)
			return
		}
		checkFinite(t, "Summarize", r)
		if !(r.MeanCI.Lo <= r.Mean && r.Mean <= r.MeanCI.Hi && r.MeanCI.Lo >= 0 && r.MeanCI.Hi <= 10) {
			t.Fatalf("bad mean %+v", r)
		}
		if r.Counts != countsOf(&ta) || r.N != ta.N() {
			t.Fatalf("counts %v, tally %v", r.Counts, countsOf(&ta))
		}
		if !(r.CI.Lo <= r.NPS && r.NPS <= r.CI.Hi && r.CI.Lo >= -100 && r.CI.Hi <= 100) || math.IsNaN(r.SE) {
			t.Fatalf("bad result %+v", r)
		}
	})
}

// BenchmarkSummarizeSeq1M is SummarizeSeq over the million scores of the tally
// benchmarks.
func BenchmarkSummarizeSeq1M(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := SummarizeSeq(slices.Values(benchScores), estimate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchSink = int(r.N)
	}
}
