package servq_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
)

// The README's taste of the API: an NPS tally, a one-shot CSAT summary, and
// a tally per ISO week. The NPS: 5 promoters and 3 detractors of 10; its
// 90 % score interval (Tango 1998, the default) computed independently in
// R, by numerical maximisation of the restricted likelihood, is [-25.399,
// 57.708]. The CSAT is 6 of 8 satisfied, Wilson 0.6689 ± 0.2597.
func Example() {
	var t nps.Tally // the zero value is ready to use
	for _, s := range []int{10, 9, 9, 8, 7, 6, 3, 10, 9, 5} {
		if err := t.Add(s); err != nil { // names the bad score
			panic(err)
		}
	}
	r, _ := t.Result(estimate.Options{Level: 0.90})
	fmt.Printf("NPS %+.0f, 90 %% CI [%+.1f, %+.1f], n = %d\n", r.NPS, r.CI.Lo, r.CI.Hi, r.N)

	c, _ := csat.Summarize([]int{5, 4, 4, 3, 5, 2, 4, 5}, csat.Five, estimate.Options{})
	fmt.Printf("CSAT %.1f %%, 95 %% CI [%.1f, %.1f]\n", c.CSAT, c.CSATCI.Lo, c.CSATCI.Hi)

	weekly := group.ByPeriod[nps.Tally](group.Week, time.UTC)
	weekly.At(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)).Add(9)
	for start, tally := range weekly.All() {
		label, _ := group.Week.Label(start)
		fmt.Println(label, tally.N())
	}

	if err := t.Add(11); err != nil {
		fmt.Println(err)
	}
	// Output:
	// NPS +20, 90 % CI [-25.4, +57.7], n = 10
	// CSAT 75.0 %, 95 % CI [40.9, 92.9]
	// 2026-W11 1
	// nps.Tally.Add: score 11: out of range 0..10
}
