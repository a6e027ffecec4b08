package timing

import (
	"testing"
	"time"
)

// minuteStep is the naive way to measure business time: step minute by
// minute, read the wall clock and test each minute against the windows of
// its day. It is here only as the benchmarks' baseline.
func minuteStep(s Schedule, a, b time.Time) time.Duration {
	hol := make(map[Date]bool, len(s.Holidays))
	for _, h := range s.Holidays {
		hol[h] = true
	}
	var n time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		l := t.In(s.Location)
		if hol[DateOf(l)] {
			continue
		}
		tod := time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute
		for _, w := range s.Week[l.Weekday()] {
			if w.Start <= tod && tod < w.End {
				n += time.Minute
				break
			}
		}
	}
	return n
}

var benchHolidays = []Date{{2024, 1, 1}, {2024, 1, 6}, {2024, 5, 1}, {2024, 8, 15}, {2024, 10, 12}, {2024, 11, 1}, {2024, 12, 6}, {2024, 12, 25}}

func benchDuration(b *testing.B, span time.Duration) {
	madrid := mustLoad(b, "Europe/Madrid")
	s := office(madrid)
	s.Holidays = benchHolidays
	c := mustCal(b, s)
	start := time.Date(2024, 2, 14, 10, 17, 0, 0, madrid)
	end := start.Add(span)
	if _, err := c.Duration(start, end); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	for b.Loop() {
		if _, err := c.Duration(start, end); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDuration's sub-benchmarks, in one run, show that the cost does
// not grow with the span.
func BenchmarkDuration(b *testing.B) {
	b.Run("1h", func(b *testing.B) { benchDuration(b, time.Hour) })
	b.Run("1day", func(b *testing.B) { benchDuration(b, 24*time.Hour) })
	b.Run("1year", func(b *testing.B) { benchDuration(b, 365*24*time.Hour) })
	b.Run("10years", func(b *testing.B) { benchDuration(b, 3652*24*time.Hour) })
}

// BenchmarkDurationMinuteStep is the minute-by-minute loop over one year.
func BenchmarkDurationMinuteStep(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	s := office(madrid)
	s.Holidays = benchHolidays
	start := time.Date(2024, 2, 14, 10, 17, 0, 0, madrid)
	end := start.Add(365 * 24 * time.Hour)
	c := mustCal(b, s)
	if want, _ := c.Duration(start, end); minuteStep(s, start, end) != want {
		b.Fatal("the minute loop disagrees with Calendar.Duration")
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	for b.Loop() {
		minuteStep(s, start, end)
	}
}

func BenchmarkAdd(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	c := mustCal(b, office(madrid))
	start := time.Date(2024, 2, 14, 10, 17, 0, 0, madrid)
	for _, d := range []time.Duration{time.Hour, 2000 * time.Hour} {
		b.Run(d.String(), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPU()
			defer reportCPU(b, cpu0)
			for b.Loop() {
				if _, err := c.Add(start, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNewCalendar(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	s := office(madrid)
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	for b.Loop() {
		if _, err := NewCalendar(s); err != nil {
			b.Fatal(err)
		}
	}
}
