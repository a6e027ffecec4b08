package group_test

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/servq/servq/group"
)

// Tally stands in for nps.Tally in these examples: it counts 0..10
// scores. Its zero value is ready to use, and *Tally has the Merge method
// that makes it a group.Accumulator.
type Tally struct {
	N, Promoters, Detractors int
}

// Add counts one score, 0..10.
func (t *Tally) Add(score int) {
	t.N++
	switch {
	case score >= 9:
		t.Promoters++
	case score <= 6:
		t.Detractors++
	}
}

// Merge adds the counts of o.
func (t *Tally) Merge(o *Tally) error {
	t.N += o.N
	t.Promoters += o.Promoters
	t.Detractors += o.Detractors
	return nil
}

// NPS returns 100 * (promoters - detractors) / n.
func (t *Tally) NPS() float64 {
	return 100 * float64(t.Promoters-t.Detractors) / float64(t.N)
}

func mustParse(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ExampleByKey() {
	g := group.ByKey[string, Tally]()
	for _, r := range []struct {
		channel string
		score   int
	}{{"web", 9}, {"phone", 10}, {"web", 3}, {"email", 7}, {"web", 10}} {
		g.At(r.channel).Add(r.score)
	}
	for channel, t := range g.All() {
		fmt.Printf("%-5s n=%d NPS=%+.0f\n", channel, t.N, t.NPS())
	}
	// Output:
	// email n=1 NPS=+0
	// phone n=1 NPS=+100
	// web   n=3 NPS=+33
}

func ExampleByPeriod() {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		fmt.Println(err)
		return
	}
	w := group.ByPeriod[Tally](group.Week, loc)
	for _, a := range []struct {
		at    string
		score int
	}{
		{"2025-12-31T18:00:00+01:00", 10}, // a Wednesday, in ISO week 2026-W01
		{"2026-01-04T23:30:00+01:00", 6},  // Sunday night, still 2026-W01
		{"2026-01-04T23:30:00Z", 9},       // Monday 00:30 in Madrid: 2026-W02
		{"2025-12-28T12:00:00+01:00", 8},  // a Sunday, 2025-W52
	} {
		w.At(mustParse(a.at)).Add(a.score)
	}
	for start, t := range w.All() {
		label, _ := w.Period().Label(start)
		fmt.Printf("%s from %s: n=%d NPS=%+.0f\n", label, start.Format("Mon 2006-01-02 15:04 MST"), t.N, t.NPS())
	}
	// Output:
	// 2025-W52 from Mon 2025-12-22 00:00 CET: n=1 NPS=+0
	// 2026-W01 from Mon 2025-12-29 00:00 CET: n=2 NPS=+0
	// 2026-W02 from Mon 2026-01-05 00:00 CET: n=1 NPS=+100
}

func ExampleBySegmentPeriod() {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		fmt.Println(err)
		return
	}
	g := group.BySegmentPeriod[string, Tally](group.Month, loc)
	for _, a := range []struct {
		channel, at string
		score       int
	}{
		{"web", "2026-03-02T10:00:00-05:00", 10},
		{"phone", "2026-03-15T10:00:00-04:00", 4},
		{"web", "2026-04-01T03:30:00Z", 2}, // still March 31 in New York
		{"web", "2026-04-20T10:00:00-04:00", 9},
		{"phone", "2026-05-05T10:00:00-04:00", 9},
	} {
		g.At(a.channel, mustParse(a.at)).Add(a.score)
	}
	for cell, t := range g.All() {
		label, _ := g.Period().Label(cell.Start)
		fmt.Printf("%-5s %s n=%d NPS=%+.0f\n", cell.Segment, label, t.N, t.NPS())
	}
	// Output:
	// phone 2026-03 n=1 NPS=-100
	// phone 2026-05 n=1 NPS=+100
	// web   2026-03 n=2 NPS=+0
	// web   2026-04 n=1 NPS=+100
}

// A group is not safe for concurrent use: give each goroutine its own and
// merge them when the goroutines are done.
func ExampleSeries_Merge() {
	type answer struct {
		at    time.Time
		score int
	}
	// 300 answers, one every 40 minutes from Monday 2026-03-02.
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	answers := make([]answer, 300)
	for i := range answers {
		answers[i] = answer{start.Add(time.Duration(i) * 40 * time.Minute), i * 7 % 11}
	}

	const workers = 4
	parts := make([]*group.Series[Tally, *Tally], workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = group.ByPeriod[Tally](group.Day, time.UTC)
		wg.Add(1)
		go func(s *group.Series[Tally, *Tally]) {
			defer wg.Done()
			for i := w; i < len(answers); i += workers {
				s.At(answers[i].at).Add(answers[i].score)
			}
		}(parts[w])
	}
	wg.Wait()

	days := group.ByPeriod[Tally](group.Day, time.UTC)
	for _, p := range parts {
		if err := days.Merge(p); err != nil {
			fmt.Println(err)
			return
		}
	}
	for day, t := range days.All() {
		fmt.Printf("%s n=%d NPS=%+.1f\n", day.Format("Mon 01-02"), t.N, t.NPS())
	}
	// Output:
	// Mon 03-02 n=36 NPS=-47.2
	// Tue 03-03 n=36 NPS=-44.4
	// Wed 03-04 n=36 NPS=-44.4
	// Thu 03-05 n=36 NPS=-47.2
	// Fri 03-06 n=36 NPS=-41.7
	// Sat 03-07 n=36 NPS=-44.4
	// Sun 03-08 n=36 NPS=-47.2
	// Mon 03-09 n=36 NPS=-47.2
	// Tue 03-10 n=12 NPS=-50.0
}

// Periods lists every period of a range, so that a trend shows the months
// without answers instead of joining their neighbours.
func ExampleSeries_Periods() {
	m := group.ByPeriod[Tally](group.Month, time.UTC)
	m.At(mustParse("2026-01-15T10:00:00Z")).Add(9)
	m.At(mustParse("2026-04-02T10:00:00Z")).Add(10)
	m.At(mustParse("2026-04-20T10:00:00Z")).Add(2)

	first, last, _ := m.Span()
	for start := range m.Periods(first, last) {
		label, _ := m.Period().Label(start)
		if t, ok := m.Get(start); ok {
			fmt.Printf("%s n=%d NPS=%+.0f\n", label, t.N, t.NPS())
		} else {
			fmt.Printf("%s no answers\n", label)
		}
	}
	// Output:
	// 2026-01 n=1 NPS=+100
	// 2026-02 no answers
	// 2026-03 no answers
	// 2026-04 n=2 NPS=+0
}

func ExamplePeriod_Start() {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		fmt.Println(err)
		return
	}
	// New York moves its clocks forward on 2026-03-08 and back on
	// 2026-11-01: those days last 23 and 25 hours.
	for _, t := range []time.Time{
		time.Date(2026, 3, 8, 12, 0, 0, 0, loc),
		time.Date(2026, 11, 1, 12, 0, 0, 0, loc),
	} {
		start, _ := group.Day.Start(t, loc)
		next, _ := group.Day.Next(start)
		label, _ := group.Day.Label(start)
		fmt.Println(label, start.Format(time.RFC3339), "lasts", next.Sub(start))
	}
	// Output:
	// 2026-03-08 2026-03-08T00:00:00-05:00 lasts 23h0m0s
	// 2026-11-01 2026-11-01T00:00:00-04:00 lasts 25h0m0s
}

// Rating stands in for a csat tally: it counts ratings on a 1..Max scale,
// and the zero Rating has no scale, so a group of Ratings needs New.
type Rating struct {
	Max, N, Top int
}

// Add counts one rating; one outside 1..Max is an error.
func (r *Rating) Add(v int) error {
	if v < 1 || v > r.Max {
		return fmt.Errorf("rating %d outside 1..%d", v, r.Max)
	}
	r.N++
	if v == r.Max {
		r.Top++
	}
	return nil
}

// Merge adds the counts of o, which must be on the same scale.
func (r *Rating) Merge(o *Rating) error {
	if r.Max != o.Max {
		return errors.New("ratings on different scales")
	}
	r.N += o.N
	r.Top += o.Top
	return nil
}

// New makes the accumulators of a group whose zero accumulator will not do.
func ExampleMap_scale() {
	g := group.ByKey[string, Rating]()
	g.New = func() *Rating { return &Rating{Max: 7} }
	for _, r := range []struct {
		branch string
		rating int
	}{{"north", 7}, {"south", 5}, {"north", 6}, {"south", 9}} {
		if err := g.At(r.branch).Add(r.rating); err != nil {
			fmt.Println(r.branch+":", err)
		}
	}
	for branch, r := range g.All() {
		fmt.Printf("%s: %d of %d top-box on 1..%d\n", branch, r.Top, r.N, r.Max)
	}
	// Output:
	// south: rating 9 outside 1..7
	// north: 1 of 2 top-box on 1..7
	// south: 0 of 1 top-box on 1..7
}
