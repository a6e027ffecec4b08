package nps_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/nps"
)

// Ten answers to "How likely is it that you would recommend us?": five
// promoters (9, 10), three passives (7, 8) and two detractors (0..6).
func ExampleSummarize() {
	r, err := nps.Summarize([]int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %.0f points (n = %d, SE %.1f)\n", r.NPS, r.N, r.SE)
	fmt.Printf("%.0f %% promoters, %.0f %% passives, %.0f %% detractors\n",
		100*r.PromoterShare, 100*r.PassiveShare, 100*r.DetractorShare)
	fmt.Printf("95 %% CI [%.1f, %.1f] (%s)\n", r.CI.Lo, r.CI.Hi, r.CI.Method)
	fmt.Printf("mean score %.1f of 10, 95 %% CI [%.1f, %.1f]\n", r.Mean, r.MeanCI.Lo, r.MeanCI.Hi)
	// Output:
	// NPS 30 points (n = 10, SE 24.7)
	// 50 % promoters, 30 % passives, 20 % detractors
	// 95 % CI [-21.7, 67.5] (tango-score)
	// mean score 7.8 of 10, 95 % CI [6.3, 9.3]
}

// The other interval methods, and other levels, through the options.
func ExampleSummarize_options() {
	scores := []int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}
	for _, o := range []estimate.Options{
		{Level: 0.90}, // the default method, the score interval
		{Level: 0.90, Method: nps.AdjustedWald},
		{Level: 0.90, Method: nps.Wald},
		{Method: nps.AdjustedWald},
		{Method: nps.Wald},
	} {
		r, err := nps.Summarize(scores, o)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%.0f %% %-13s [%.1f, %.1f]\n", 100*r.CI.Level, r.CI.Method, r.CI.Lo, r.CI.Hi)
	}
	// Output:
	// 90 % tango-score   [-13.7, 63.1]
	// 90 % adjusted-wald [-12.3, 58.4]
	// 90 % wald          [-10.6, 70.6]
	// 95 % adjusted-wald [-19.1, 65.2]
	// 95 % wald          [-18.4, 78.4]
}

// A bad score names itself and its position.
func ExampleSummarize_error() {
	_, err := nps.Summarize([]int{9, 10, 7, 11}, estimate.Options{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, nps.ErrOutOfRange))
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		fmt.Println("bad row:", ve.Index)
	}
	// Output:
	// nps.Summarize: score 11 at index 3: out of range 0..10
	// true
	// bad row: 3
}

// The employee Net Promoter Score (eNPS) asks "How likely are you to
// recommend this company as a place to work?" on the same 0..10 scale and
// is computed the same way, so Summarize serves it unchanged.
func Example_eNPS() {
	// One team's answers in the quarterly pulse survey.
	team := []int{9, 10, 8, 6, 7, 9, 5, 10, 8, 9, 4, 9}
	r, err := nps.Summarize(team, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("eNPS %+.1f (%d promoters, %d passives, %d detractors of %d)\n",
		r.NPS, r.Promoters, r.Passives, r.Detractors, r.N)
	fmt.Printf("95 %% CI [%.1f, %.1f]\n", r.CI.Lo, r.CI.Hi)
	// Output:
	// eNPS +25.0 (6 promoters, 3 passives, 3 detractors of 12)
	// 95 % CI [-23.3, 62.7]
}

// A Tally counts scores as they arrive; its zero value is ready to use.
func ExampleTally() {
	var t nps.Tally
	for _, x := range []int{10, 9, 7, 3} {
		if err := t.Add(x); err != nil {
			panic(err)
		}
	}
	if err := t.AddN(9, 6); err != nil { // six more 9s
		panic(err)
	}
	r, err := t.Result(estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("n = %d, NPS %.0f, counts %v\n", r.N, r.NPS, r.Counts)
	// Output:
	// n = 10, NPS 70, counts [0 0 0 1 0 0 0 1 0 7 1]
}

// Tallies built in parts, one per goroutine or per file, merge into the
// tally of the whole.
func ExampleTally_Merge() {
	var monday, tuesday nps.Tally
	if err := monday.AddAll([]int{10, 9, 2}); err != nil {
		panic(err)
	}
	if err := tuesday.AddAll([]int{8, 9, 10, 6}); err != nil {
		panic(err)
	}
	var week nps.Tally
	for _, day := range []*nps.Tally{&monday, &tuesday} {
		if err := week.Merge(day); err != nil {
			panic(err)
		}
	}
	r, err := week.Result(estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("week: n = %d, NPS %.1f\n", r.N, r.NPS)
	// Output:
	// week: n = 7, NPS 28.6
}

// The state of a Tally travels as JSON, into a database or to another
// process, and comes back whole.
func ExampleTally_MarshalJSON() {
	var t nps.Tally
	if err := t.AddAll([]int{10, 9, 7, 0}); err != nil {
		panic(err)
	}
	b, err := t.MarshalJSON()
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
	var back nps.Tally
	if err := back.UnmarshalJSON(b); err != nil {
		panic(err)
	}
	fmt.Println(back == t)
	// Output:
	// {"n":4,"counts":[1,0,0,0,0,0,0,1,0,1,1]}
	// true
}

// SummarizeSeq reads the scores from any iterator, here the values of a
// slice, without holding them.
func ExampleSummarizeSeq() {
	r, err := nps.SummarizeSeq(slices.Values([]int{10, 10, 9, 0}), estimate.Options{Method: nps.Wald})
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %.0f, Wald 95 %% CI [%.1f, %.1f]\n", r.NPS, r.CI.Lo, r.CI.Hi)
	// Output:
	// NPS 50, Wald 95 % CI [-34.9, 100.0]
}

func ExampleClassify() {
	for _, x := range []int{6, 7, 8, 9} {
		c, err := nps.Classify(x)
		if err != nil {
			panic(err)
		}
		fmt.Println(x, c)
	}
	_, err := nps.Classify(11)
	fmt.Println(err)
	// Output:
	// 6 detractor
	// 7 passive
	// 8 passive
	// 9 promoter
	// nps.Classify: score 11: out of range 0..10
}

// Did the NPS change from last quarter? Compare answers after - before.
func ExampleCompare() {
	// Last quarter: 200 promoters, 500 passives, 300 detractors; this
	// quarter: 260, 480, 260.
	quarter := func(promoters, passives, detractors int64) nps.Result {
		var t nps.Tally
		for _, err := range []error{t.AddN(10, promoters), t.AddN(7, passives), t.AddN(0, detractors)} {
			if err != nil {
				panic(err)
			}
		}
		r, err := t.Result(estimate.Options{})
		if err != nil {
			panic(err)
		}
		return r
	}
	before, after := quarter(200, 500, 300), quarter(260, 480, 260)
	d, err := nps.Compare(before, after, estimate.Options{}) // the score interval
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %.0f -> %.0f: change %+.1f points, 95 %% CI [%.1f, %.1f], p = %.4f\n",
		before.NPS, after.NPS, d.Estimate, d.CI.Lo, d.CI.Hi, d.P)
	fmt.Println("significant at 95 %:", d.Significant(0.95), "by", d.CI.Method)
	// Output:
	// NPS -10 -> 0: change +10.0 points, 95 % CI [3.8, 16.2], p = 0.0017
	// significant at 95 %: true by miettinen-nurminen
}

// How many answers for a margin of error of 5 points, if half are
// expected to be promoters and a fifth detractors?
func ExampleSampleSize() {
	n, err := nps.SampleSize(5, 0.5, 0.2, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	// Knowing nothing of the shares, plan for the largest variance.
	if n, err = nps.SampleSize(5, 0.5, 0.5, estimate.Options{}); err != nil {
		panic(err)
	}
	fmt.Println(n)
	// Output:
	// 938
	// 1537
}

func ExampleResult_MarginOfError() {
	r, err := nps.Summarize([]int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}, estimate.Options{})
	if err != nil {
		panic(err)
	}
	moe, err := r.MarginOfError(estimate.Options{Level: 0.95})
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %.0f ± %.1f points\n", r.NPS, moe)
	// Output:
	// NPS 30 ± 48.4 points
}
