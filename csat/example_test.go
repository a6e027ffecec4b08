package csat_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

func Example() {
	var t csat.Tally // 1..5, satisfied 4..5
	for _, x := range []int{5, 5, 4, 3, 1} {
		if err := t.Add(x); err != nil {
			fmt.Println(err)
			return
		}
	}
	r, err := t.Result(estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n = %d, CSAT %.0f %% (95 %% CI %.2f..%.2f)\n", r.N, r.CSAT, r.CSATCI.Lo, r.CSATCI.Hi)
	fmt.Printf("mean %.1f (SD %.4f), index %.0f, median %.0f, grade %v / %s\n",
		r.Mean, r.SD, r.Index, r.Median, r.Grade, r.Grade.Spanish())
	// Output:
	// n = 5, CSAT 60 % (95 % CI 23.07..88.24)
	// mean 3.6 (SD 1.6733), index 65, median 4, grade desired / deseado
}

func ExampleTally_Add() {
	var t csat.Tally
	err := t.Add(6)
	fmt.Println(err)
	fmt.Println(errors.Is(err, csat.ErrOutOfRange), t.N())
	// Output:
	// csat.Tally.Add: rating 6: out of range 1..5
	// true 0
}

func ExampleNewTally() {
	t, err := csat.NewTally(csat.Seven) // 1..7, satisfied 6..7
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := t.AddAll([]int{7, 7, 6, 5, 4, 2, 1, 7}); err != nil {
		fmt.Println(err)
		return
	}
	r, _ := t.Result(estimate.Options{Level: 0.90})
	fmt.Printf("%v: CSAT %.1f %%, top box %.1f %%, mean %.3f [%.2f, %.2f] at %.0f %%\n",
		r.Scale, r.CSAT, r.TopBox, r.Mean, r.MeanCI.Lo, r.MeanCI.Hi, 100*r.MeanCI.Level)
	// Output:
	// 1..7 (satisfied 6..7): CSAT 50.0 %, top box 37.5 %, mean 4.875 [3.30, 6.45] at 90 %
}

// A ten-point scale with 8, 9 and 10 counted as satisfied, the rule of
// some organisations, next to the top-two-box default of csat.Ten.
func ExampleSummarize() {
	ratings := []int{10, 9, 8, 7, 1}
	top2, _ := csat.Summarize(ratings, csat.Ten, estimate.Options{})
	from8, _ := csat.Summarize(ratings, csat.Scale{Min: 1, Max: 10, SatisfiedFrom: 8}, estimate.Options{})
	fmt.Printf("9..10: CSAT %.0f %%; 8..10: CSAT %.0f %%; mean %.0f, index %.1f\n",
		top2.CSAT, from8.CSAT, top2.Mean, top2.Index)
	_, err := csat.Summarize([]int{9, 11}, csat.Ten, estimate.Options{})
	fmt.Println(err)
	// Output:
	// 9..10: CSAT 40 %; 8..10: CSAT 60 %; mean 7, index 66.7
	// csat.Summarize: rating 11 at index 1: out of range 1..10
}

func ExampleCompare() {
	var before, after csat.Tally
	for x, n := range map[int]int64{5: 10, 4: 20, 3: 10, 2: 5, 1: 5} {
		_ = before.AddN(x, n)
	}
	for x, n := range map[int]int64{5: 30, 4: 20, 3: 5, 2: 3, 1: 2} {
		_ = after.AddN(x, n)
	}
	rb, _ := before.Result(estimate.Options{})
	ra, _ := after.Result(estimate.Options{})
	d, err := csat.Compare(rb, ra, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("CSAT %.1f%% -> %.1f%%: %+.1f points [%.1f, %.1f], p = %.4f\n",
		rb.CSAT, ra.CSAT, d.CSAT.Estimate, d.CSAT.CI.Lo, d.CSAT.CI.Hi, d.CSAT.P)
	fmt.Printf("mean %.2f -> %.2f: %+.2f [%.2f, %.2f], p = %.4f\n",
		rb.Mean, ra.Mean, d.Mean.Estimate, d.Mean.CI.Lo, d.Mean.CI.Hi, d.Mean.P)
	// Output:
	// CSAT 60.0% -> 83.3%: +23.3 points [6.5, 39.0], p = 0.0062
	// mean 3.50 -> 4.22: +0.72 [0.29, 1.15], p = 0.0014
}

func ExampleGradeOfMean() {
	for _, m := range []float64{1.49999, 1.5, 3.6, 4.5, 5} {
		l, _ := csat.GradeOfMean(m)
		fmt.Printf("%v: %v / %s\n", m, l, l.Spanish())
	}
	var l csat.Grade
	_ = l.UnmarshalText([]byte("BASICO"))
	fmt.Println(l)
	_, err := csat.GradeOfMean(5.5)
	fmt.Println(err)
	// Output:
	// 1.49999: criminal / criminal
	// 1.5: basic / básico
	// 3.6: desired / deseado
	// 4.5: astonishing / alucinante
	// 5: astonishing / alucinante
	// basic
	// csat.GradeOfMean: mean 5.5: out of range 1..5
}

func ExampleTally_Quantile() {
	var t csat.Tally
	_ = t.AddAll([]int{5, 5, 4, 3, 1})
	for _, typ := range []estimate.QuantileType{estimate.Type7, estimate.Type4, estimate.Type3} {
		q, _ := t.Quantile(0.5, typ)
		fmt.Printf("type %d median %v\n", typ, q)
	}
	// Output:
	// type 7 median 4
	// type 4 median 3.5
	// type 3 median 3
}

// Tallies counted by several goroutines, one each, merge into one.
func ExampleTally_Merge() {
	parts := [][]int{{5, 4, 4}, {3, 5}, {1, 2, 5, 5}}
	tallies := make([]csat.Tally, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = tallies[i].AddAll(p)
		}()
	}
	wg.Wait()
	var all csat.Tally
	for i := range tallies {
		_ = all.Merge(&tallies[i])
	}
	r, _ := all.Result(estimate.Options{})
	fmt.Printf("n = %d, CSAT %.1f %%\n", r.N, r.CSAT)
	// Output:
	// n = 9, CSAT 66.7 %
}

func ExampleTally_MarshalJSON() {
	t, _ := csat.NewTally(csat.Seven)
	_ = t.AddAll([]int{7, 5, 7})
	b, _ := json.Marshal(t)
	fmt.Println(string(b))
	var back csat.Tally
	_ = json.Unmarshal(b, &back)
	fmt.Println(back.Scale(), back.N())
	// Output:
	// {"scale":{"min":1,"max":7,"satisfied_from":6},"n":3,"counts":[0,0,0,0,1,0,2]}
	// 1..7 (satisfied 6..7) 3
}

func ExampleDailyAverage() {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		fmt.Println(err)
		return
	}
	at := func(s string) time.Time {
		t, _ := time.Parse(time.RFC3339, s)
		return t
	}
	// 29 March 2026 has 23 hours in Madrid: clocks go from 02:00 to 03:00.
	rs := []csat.Rating{
		{At: at("2026-03-28T23:30:00+01:00"), Value: 2},
		{At: at("2026-03-29T00:30:00+01:00"), Value: 4},
		{At: at("2026-03-29T23:30:00+02:00"), Value: 5},
		{At: at("2026-03-29T22:30:00Z"), Value: 1}, // 00:30 on the 30th in Madrid
	}
	days, err := csat.DailyAverage(rs, csat.Five, madrid)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range days {
		fmt.Printf("%s n=%d mean %.1f\n", d.Day.Format("Mon 2006-01-02 MST"), d.N, d.Mean)
	}
	// Output:
	// Sat 2026-03-28 CET n=1 mean 2.0
	// Sun 2026-03-29 CET n=2 mean 4.5
	// Mon 2026-03-30 CEST n=1 mean 1.0
}

// The CSAT by channel and ISO week, on a seven-point scale: a group of
// package group keeps one tally per channel and week, made on the scale by
// the function that TallyFunc returns.
func Example_trend() {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		fmt.Println(err)
		return
	}
	g := group.BySegmentPeriod[string, csat.Tally](group.Week, madrid)
	if g.New, err = csat.TallyFunc(csat.Seven); err != nil {
		fmt.Println(err)
		return
	}
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, madrid)
	for _, a := range []struct {
		channel string
		day     int // days after Monday 2 March
		rating  int
	}{
		{"phone", 0, 7}, {"phone", 1, 6}, {"phone", 3, 3}, {"web", 2, 5}, {"web", 4, 7},
		{"phone", 7, 7}, {"phone", 8, 7}, {"phone", 9, 6}, {"web", 8, 2}, {"web", 10, 4},
	} {
		if err := g.At(a.channel, monday.AddDate(0, 0, a.day)).Add(a.rating); err != nil {
			fmt.Println(err)
			return
		}
	}
	for cell, t := range g.All() {
		r, err := t.Result(estimate.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		_, week := cell.Start.ISOWeek()
		fmt.Printf("%-5s W%02d n=%d CSAT %3.0f %% mean %.2f\n", cell.Segment, week, r.N, r.CSAT, r.Mean)
	}
	// Output:
	// phone W10 n=3 CSAT  67 % mean 5.33
	// phone W11 n=3 CSAT 100 % mean 6.67
	// web   W10 n=2 CSAT  50 % mean 6.00
	// web   W11 n=2 CSAT   0 % mean 3.00
}
