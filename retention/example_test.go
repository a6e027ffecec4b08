package retention_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/retention"
)

// The customer retention rate of a month: 200 customers at its start, 180
// at its end, 30 of them new.
func ExampleCustomerRetention() {
	r, err := retention.CustomerRetention(200, 180, 30, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("retention %.1f %% [%.1f, %.1f], churn %.1f %%\n", r.Retention, r.RetentionCI.Lo, r.RetentionCI.Hi, r.Churn)
	// Output:
	// retention 75.0 % [68.6, 80.5], churn 25.0 %
}

// A Kaplan-Meier curve of the maintained group of R survival's aml data
// (weeks to relapse), as summary(survfit(...)) prints it.
func ExampleLifetimes() {
	weeks := []float64{9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161}
	relapsed := []retention.Status{1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0}
	var l retention.Lifetimes
	for i, w := range weeks { // observed from week 0 to week w
		if err := l.Add(retention.Lifetime{Exit: w, Status: relapsed[i]}); err != nil {
			fmt.Println(err)
			return
		}
	}
	c, err := l.Result(estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range c.Rows {
		if r.Events > 0 {
			fmt.Printf("%3g %2d %d %.3f %.4f %.4f %.3f\n", r.Time, r.AtRisk, r.Events, r.Survival, r.SE, r.CI.Lo, r.CI.Hi)
		}
	}
	fmt.Printf("median %g, lower %g, upper reached: %t\n", c.Median.Time, c.Median.CI.Lo, c.Median.HiReached)
	// Output:
	//   9 11 1 0.909 0.0867 0.7541 1.000
	//  13 10 1 0.818 0.1163 0.6192 1.000
	//  18  8 1 0.716 0.1397 0.4884 1.000
	//  23  7 1 0.614 0.1526 0.3769 0.999
	//  31  5 1 0.491 0.1642 0.2549 0.946
	//  34  4 1 0.368 0.1627 0.1549 0.875
	//  48  2 1 0.184 0.1535 0.0359 0.944
	// median 31, lower 18, upper reached: false
}

// The log-rank test of the two aml groups: R's survdiff prints
// Chisq = 3.4 on 1 degrees of freedom, p = 0.07.
func ExampleLogRank() {
	lifetimes := func(weeks []float64, status ...retention.Status) []retention.Lifetime {
		out := make([]retention.Lifetime, len(weeks))
		for i, w := range weeks {
			out[i] = retention.Lifetime{Exit: w, Status: status[i]}
		}
		return out
	}
	var a, b retention.Lifetimes
	if err := a.AddAll(lifetimes([]float64{9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161}, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0)); err != nil {
		fmt.Println(err)
		return
	}
	if err := b.AddAll(lifetimes([]float64{5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45}, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1)); err != nil {
		fmt.Println(err)
		return
	}
	r, err := retention.LogRank(&a, &b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("chisq %.1f on %d df, p = %.2f; expected %.2f and %.2f\n", r.Chi2, r.DF, r.P, r.Groups[0].Expected, r.Groups[1].Expected)
	// Output:
	// chisq 3.4 on 1 df, p = 0.07; expected 10.69 and 7.31
}

// Fader and Hardie's (2007) "high end" customers: 1,000 at the start,
// 869 after a year, ... 491 after seven. The fit reproduces their
// α = 0.668, β = 3.806 and projects years 8 to 10.
func ExampleFitSBG() {
	m, err := retention.FitSBG([]int64{1000, 869, 743, 653, 593, 551, 517, 491}, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.3f beta %.3f\n", m.Alpha, m.Beta)
	s := m.Project(10)
	fmt.Printf("S(8..10) %.3f %.3f %.3f\n", s[8], s[9], s[10])
	d, _ := m.DERL(0.10, 7)
	fmt.Printf("DERL after 7 renewals at 10 %%: %.2f years\n", d)
	// Output:
	// alpha 0.668 beta 3.806
	// S(8..10) 0.460 0.436 0.414
	// DERL after 7 renewals at 10 %: 7.53 years
}

// Monthly cohorts from an unsorted event log, in UTC.
func ExampleCohorts() {
	c, err := retention.NewCohorts(group.Month, time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	c.AddAll([]retention.Event{
		{Customer: "ana", At: day(3, 2), Amount: 20},
		{Customer: "ana", At: day(1, 9), Amount: 10},
		{Customer: "bo", At: day(1, 20), Amount: 15},
		{Customer: "cy", At: day(2, 11), Amount: 30},
		{Customer: "cy", At: day(3, 14), Amount: 5},
	})
	t, _ := c.Result(estimate.Options{})
	for _, co := range t.Cohorts {
		fmt.Println(co.Label, co.Size, co.Active, co.Retention)
	}
	for _, p := range t.Average {
		fmt.Printf("age %d: %d of %d\n", p.Age, p.Active, p.Of)
	}
	// Output:
	// 2026-01 2 [2 0 1] [1 0 0.5]
	// 2026-02 1 [1 1] [1 1]
	// age 0: 3 of 3
	// age 1: 1 of 3
	// age 2: 1 of 2
}
