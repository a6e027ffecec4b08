package timing_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/timing"
)

// officeHours is Monday to Friday, 08:00-12:00 and 14:00-18:00.
func officeHours(loc *time.Location) timing.Schedule {
	s := timing.Schedule{Location: loc}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Week[wd] = []timing.Window{{Start: 8 * time.Hour, End: 12 * time.Hour}, {Start: 14 * time.Hour, End: 18 * time.Hour}}
	}
	return s
}

func ExampleCalendar_Duration() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	s := officeHours(madrid)
	s.Holidays = []timing.Date{{Year: 2024, Month: time.May, Day: 1}}
	cal, err := timing.NewCalendar(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	// From Tuesday 17:00 to Thursday 09:00, over the May Day holiday:
	// one hour on Tuesday and one on Thursday.
	d, err := cal.Duration(time.Date(2024, 4, 30, 17, 0, 0, 0, madrid), time.Date(2024, 5, 2, 9, 0, 0, 0, madrid))
	fmt.Println(d, err)
	// Output: 2h0m0s <nil>
}

func ExampleCalendar_Add() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	cal, _ := timing.NewCalendar(officeHours(madrid))
	// A 4-hour business deadline set on Friday at 16:00 falls on Monday.
	due, err := cal.Add(time.Date(2024, 3, 8, 16, 0, 0, 0, madrid), 4*time.Hour)
	fmt.Println(due.Format("Mon 2006-01-02 15:04"), err)
	// Output: Mon 2024-03-11 10:00 <nil>
}

func ExampleAnalyzer_Measure() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	cal, _ := timing.NewCalendar(officeHours(madrid))
	at := func(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, madrid) }
	a := timing.Analyzer{Calendar: cal}
	m, err := a.Measure(timing.Ticket{ID: "T-1", Events: []timing.Event{
		{At: at(4, 17, 30), Kind: timing.Created},
		{At: at(5, 9, 0), Kind: timing.AgentReply},
		{At: at(5, 9, 0), Kind: timing.StatusChange, Status: timing.Solved},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("first response:", m.FirstResponse.Calendar, "calendar,", m.FirstResponse.Business, "business")
	fmt.Println("first-contact resolution:", m.FCR)
	// Output:
	// first response: 15h30m0s calendar, 1h30m0s business
	// first-contact resolution: true
}

func ExampleTally() {
	var a timing.Analyzer // no calendar: business time is calendar time
	weeks := group.ByPeriod[timing.Tally](group.Week, time.UTC)
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	for i := range 20 {
		created := t0.Add(time.Duration(i) * time.Hour)
		evs := []timing.Event{{At: created, Kind: timing.Created},
			{At: created.Add(time.Duration(10+i) * time.Minute), Kind: timing.AgentReply}}
		if i%4 != 0 { // three in four solved at the first reply
			evs = append(evs, timing.Event{At: evs[1].At, Kind: timing.StatusChange, Status: timing.Solved})
		}
		m, err := a.Measure(timing.Ticket{ID: fmt.Sprint(i), Events: evs})
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := weeks.At(m.Created).Add(m); err != nil {
			fmt.Println(err)
			return
		}
	}
	for start, t := range weeks.All() {
		r, err := t.Result(estimate.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("week of %s: %d tickets, resolution %.0f%% [%.0f%%, %.0f%%], median first response %v\n",
			start.Format("2006-01-02"), r.Tickets, 100*r.Resolution.Share, 100*r.Resolution.CI.Lo, 100*r.Resolution.CI.Hi,
			r.FirstResponse.Calendar.Median.Round(time.Minute))
	}
	// First responses are 10..29 min; the sketch's median is the order
	// statistic of rank ⌊0.5·19⌋ = 9 (from 0), 19 min, within 1 %.
	// Output: week of 2024-03-04: 20 tickets, resolution 75% [53%, 89%], median first response 19m0s
}

func ExampleServiceLevel() {
	sl := timing.ServiceLevel{Target: 20 * time.Second}
	for _, s := range []int{3, 8, 15, 19, 20, 25, 40, 5, 12, 60} {
		_ = sl.Add(timing.Contact{Wait: time.Duration(s) * time.Second})
	}
	_ = sl.Add(timing.Contact{Wait: 30 * time.Second, Abandoned: true})
	r, _ := sl.Result(estimate.Options{})
	fmt.Printf("%.1f%% answered within %v (95%% CI %.1f%%-%.1f%%), n = %d\n",
		100*r.Level.Share, r.Target, 100*r.Level.CI.Lo, 100*r.Level.CI.Hi, r.Level.N)
	// Output: 63.6% answered within 20s (95% CI 35.4%-84.8%), n = 11
}

func ExamplePolicy_Check() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	cal, _ := timing.NewCalendar(officeHours(madrid))
	p := timing.Policy{Calendar: cal, Pause: []timing.Status{timing.Pending}, Targets: []timing.Target{
		{Metric: timing.FirstReply, Within: 2 * time.Hour, Business: true},
		{Metric: timing.FirstReply, Priority: "urgent", Within: 30 * time.Minute},
	}}
	created := time.Date(2024, 3, 4, 11, 0, 0, 0, madrid)
	t := timing.Ticket{ID: "T-7", Priority: "normal", Events: []timing.Event{{At: created, Kind: timing.Created}}}
	ss, _ := p.Check(t, created.Add(3*time.Hour+30*time.Minute)) // 14:30: 1.5 h of business time
	for _, s := range ss {
		fmt.Println(s.Metric, s.State, "left", s.Left)
	}
	// Output: first-reply active left 30m0s
}

func ExampleSummarize() {
	waits := []time.Duration{12 * time.Minute, 3 * time.Minute, 45 * time.Minute, 8 * time.Minute, 20 * time.Minute}
	s, err := timing.Summarize(waits, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Type 7: the median of five is the third smallest; p90 interpolates
	// 0.6 of the way from 20 to 45 min.
	fmt.Println("median", s.Median, "p90", s.P90, "mean", s.Mean, s.Quantile)
	// Output: median 12m0s p90 35m0s mean 17m36s type 7
}

func ExampleSketch() {
	var a, b timing.Sketch
	for i := 1; i <= 1000; i++ {
		_ = a.Add(time.Duration(i) * time.Second)
		_ = b.Add(time.Duration(i) * time.Minute)
	}
	_ = a.Merge(&b) // the sketch of both
	p50, _ := a.Quantile(0.5)
	// The exact order statistic of rank ⌊0.5·1999⌋ = 999 (from 0) is
	// 984 s (1000 values of seconds and 16 of minutes lie at or below it);
	// the sketch is within 1 % of it.
	fmt.Println(a.N(), p50.Round(time.Second))
	// Output: 2000 16m20s
}

func ExampleCompare() {
	// Resolution rate of two weeks: 40 of 50 tickets solved, then 45 of 50.
	var before, after timing.Rate
	_ = before.AddN(true, 40)
	_ = before.AddN(false, 10)
	_ = after.AddN(true, 45)
	_ = after.AddN(false, 5)
	d, err := timing.Compare(&before, &after, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// By hand: Wilson 95 % intervals 0.9 [0.7864, 0.9565] and 0.8
	// [0.6696, 0.8876]; Newcombe's hybrid interval for 0.9 - 0.8 is
	// 0.1 - √(0.1136² + 0.0876²) = -0.0434 to 0.1 + √(0.0565² + 0.1304²) =
	// 0.2421; the pooled z = 0.1 / √(0.85·0.15·(2/50)) = 1.400, p = 0.161.
	fmt.Printf("change %+.2f [%.4f, %.4f], z = %.3f, p = %.3f\n", d.Estimate, d.CI.Lo, d.CI.Hi, d.Stat, d.P)
	// Output: change +0.10 [-0.0434, 0.2421], z = 1.400, p = 0.161
}

func ExampleDurations() {
	// A stream of first-response times, in O(1) memory: the mean with its
	// t interval, quantiles from the sketch within 1 %.
	var ds timing.Durations
	for _, m := range []int{2, 4, 4, 5, 7, 9, 12, 15, 30, 42} {
		_ = ds.Add(time.Duration(m) * time.Minute)
	}
	s, _ := ds.Result(estimate.Options{})
	// By hand: mean 130/10 = 13 min; SD² = Σ(x-13)²/9 = 1534/9, SD =
	// 13.0554 min = 13m3.326s; the order statistic of rank ⌊0.5·9⌋ = 4 is
	// 7 min, and the sketch's 7m3s is within 1 % of it (7m4.2s).
	fmt.Println("n", s.N, "mean", s.Mean, "sd", s.SD.Round(time.Millisecond), "median ≈", s.Median.Round(time.Second), s.Quantile)
	// Output: n 10 mean 13m0s sd 13m3.326s median ≈ 7m3s ddsketch 0.01
}

func ExampleContact_MarshalBinary() {
	// A contact abandoned after 20 s, sent to another process: version 1,
	// the wait as a zigzag varint (2·20e9 ns), the bool as 01.
	b, _ := timing.Contact{Wait: 20 * time.Second, Abandoned: true}.MarshalBinary()
	var c timing.Contact
	err := c.UnmarshalBinary(b)
	fmt.Printf("% x -> %+v, %v\n", b, c, err)
	// Output: 01 80 a0 be 81 95 01 01 -> {Wait:20s Abandoned:true}, <nil>
}
