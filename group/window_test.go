package group_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// TestSeriesWindow sums by hand: weeks W10, W11, W13 of 2026 in Madrid
// hold 1, 2 and 4 values (W12 none); each window below is the sum of the
// weeks it spans, counted on a calendar.
func TestSeriesWindow(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	w := group.ByPeriod[count](group.Week, madrid)
	add := func(day string, n int) {
		for range n {
			w.At(rfc(day + "T12:00:00+01:00")).Add(10)
		}
	}
	add("2026-03-03", 1) // W10
	add("2026-03-12", 2) // W11
	add("2026-03-26", 4) // W13 (DST starts on the 29th, in W13)
	for _, c := range []struct {
		end  string
		k    int
		want int64
	}{
		{"2026-03-29T23:00:00+02:00", 1, 4}, // W13 alone
		{"2026-03-29T23:00:00+02:00", 2, 4}, // W13 + empty W12
		{"2026-03-29T23:00:00+02:00", 3, 6}, // W11..W13
		{"2026-03-29T23:00:00+02:00", 4, 7}, // W10..W13
		{"2026-03-29T23:00:00+02:00", 1 << 40, 7},
		{"2026-03-16T00:00:00+01:00", 2, 2},  // W12 + W11: end is Monday of W12
		{"2026-03-15T23:59:59+01:00", 2, 3},  // a second earlier: W11 + W10
		{"2026-03-01T00:00:00+01:00", 52, 0}, // before any data
		{"2027-01-01T00:00:00+01:00", 10, 0}, // long after
		{"2026-04-10T00:00:00+02:00", 3, 4},  // W15, W14, W13
	} {
		got, err := w.Window(rfc(c.end), c.k)
		if err != nil || got.N != c.want || got.Sum != 10*c.want {
			t.Errorf("Window(%s, %d) = %+v, %v; want n %d", c.end, c.k, got, err, c.want)
		}
	}
	// The window is a new accumulator: changing it leaves w as it was.
	got, _ := w.Window(rfc("2026-03-29T00:00:00+01:00"), 4)
	got.Add(1)
	if again, _ := w.Window(rfc("2026-03-29T00:00:00+01:00"), 4); again.N != 7 {
		t.Errorf("Window shares state with the Series: n %d after a change, want 7", again.N)
	}

	var ve *estimate.ValueError
	for _, k := range []int{0, -1, math.MinInt} {
		if _, err := w.Window(time.Now(), k); !errors.Is(err, group.ErrCount) || !errors.As(err, &ve) {
			t.Errorf("Window(k %d) = %v, want ErrCount", k, err)
		}
	}
	if _, err := new(group.Series[count, *count]).Window(time.Now(), 1); !errors.Is(err, group.ErrZero) {
		t.Errorf("zero Series Window = %v, want ErrZero", err)
	}
	// New makes the window's accumulator; a Merge that fails is an error.
	w.New = func() *count { return &count{Scale: 7} }
	if _, err := w.Window(rfc("2026-03-29T00:00:00+01:00"), 4); !errors.Is(err, errScale) || !errors.As(err, &ve) {
		t.Errorf("Window with a failing Merge = %v, want errScale", err)
	}
}

func TestPanelWindow(t *testing.T) {
	g := group.BySegmentPeriod[string, count](group.Month, time.UTC)
	g.At("chat", rfc("2026-01-15T00:00:00Z")).Add(1)
	g.At("chat", rfc("2026-02-15T00:00:00Z")).Add(2)
	g.At("mail", rfc("2026-02-15T00:00:00Z")).Add(4)
	for _, c := range []struct {
		seg  string
		k    int
		want int64 // the sum of the values, by hand
	}{{"chat", 1, 2}, {"chat", 2, 3}, {"mail", 2, 4}, {"none", 3, 0}} {
		got, err := g.Window(c.seg, rfc("2026-02-28T00:00:00Z"), c.k)
		if err != nil || got.Sum != c.want {
			t.Errorf("Window(%s, %d) = %+v, %v; want sum %d", c.seg, c.k, got, err, c.want)
		}
	}
	if _, err := g.Window("chat", time.Now(), 0); !errors.Is(err, group.ErrCount) {
		t.Errorf("Window(k 0) = %v", err)
	}
	if _, err := new(group.Panel[string, count, *count]).Window("chat", time.Now(), 1); !errors.Is(err, group.ErrZero) {
		t.Errorf("zero Panel Window = %v, want ErrZero", err)
	}
}

// ExampleSeries_Window pools the four weeks before a week, to compare the
// week with them.
func ExampleSeries_Window() {
	w := group.ByPeriod[Tally](group.Week, time.UTC)
	for i, score := range []int{9, 10, 6, 9, 3, 2} { // one answer a week
		w.At(time.Date(2026, 3, 2+7*i, 12, 0, 0, 0, time.UTC)).Add(score)
	}
	week := time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC) // the sixth week
	before, _ := w.Window(week.Add(-1), 4)              // weeks 2..5
	now, _ := w.Get(week)
	fmt.Printf("NPS %+.0f in the 4 weeks before, %+.0f that week\n", before.NPS(), now.NPS())
	// Output:
	// NPS +0 in the 4 weeks before, -100 that week
}

// BenchmarkPanelWindow pools 4 weeks of one segment of a panel of 4
// segments over a year.
func BenchmarkPanelWindow(b *testing.B) {
	g := group.BySegmentPeriod[string, count](group.Week, time.UTC)
	start := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	for d := range 365 {
		for _, seg := range []string{"chat", "email", "phone", "store"} {
			g.At(seg, start.AddDate(0, 0, d)).Add(1)
		}
	}
	end := start.AddDate(0, 6, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Window("chat", end, 4); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWindowBranches checks that the two ways Window finds its periods
// (k lookups, or a pass over the keys when k exceeds their number) agree,
// on days around Samoa's skipped 2011-12-30 and on weeks across DST.
func TestWindowBranches(t *testing.T) {
	for _, c := range []struct {
		zone string
		p    group.Period
		from string
	}{
		{"Pacific/Apia", group.Day, "2011-12-25T12:00:00Z"},
		{"Europe/Madrid", group.Week, "2026-02-01T12:00:00Z"},
		{"America/Goose_Bay", group.Day, "2010-11-04T12:00:00Z"},
		{"UTC", group.Quarter, "2020-01-01T12:00:00Z"},
	} {
		loc := load(t, c.zone)
		s := group.ByPeriod[count](c.p, loc)
		start := rfc(c.from)
		for h := 0; h < 24*200; h += 5 {
			s.At(start.Add(time.Duration(h) * time.Hour)).Add(1)
		}
		first, last, _ := s.Span()
		for end := range s.Periods(first, last) {
			for k := 1; k <= 6; k++ {
				small, err1 := s.Window(end, k)
				// The same window summed by hand: the keys 0..k-1 calendar
				// periods before end, the distance counted on the wall-clock
				// dates of the starts (a skipped day counts, as documented).
				var want int64
				for key, a := range s.All() {
					if d := calendarDistance(c.p, key, end); d >= 0 && d < k {
						want += a.N
					}
				}
				if err1 != nil || small.N != want {
					t.Fatalf("%s %v: Window(%v, %d) = %d, %v; want %d", c.zone, c.p, end, k, small.N, err1, want)
				}
			}
			big, err := s.Window(end, s.Len()+1)
			var want int64
			for k, a := range s.All() {
				if !k.After(end) {
					want += a.N
				}
			}
			if err != nil || big.N != want {
				t.Fatalf("%s %v: Window(%v, all) = %d, %v; want %d", c.zone, c.p, end, big.N, err, want)
			}
		}
	}
}

// calendarDistance returns how many periods of kind p the start b is after
// the start a, from their wall-clock dates.
func calendarDistance(p group.Period, a, b time.Time) int {
	utc := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	days := int(utc(b).Sub(utc(a)).Hours() / 24)
	months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	switch p {
	case group.Day:
		return days
	case group.Week:
		return days / 7
	case group.Month:
		return months
	}
	return months / 3
}
