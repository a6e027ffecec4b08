package timing

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

// office is Monday to Friday 08:00-12:00 and 14:00-18:00: 8 h a day, 40 h
// a week.
func office(loc *time.Location) Schedule {
	var s Schedule
	s.Location = loc
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Week[wd] = []Window{{hm(8, 0), hm(12, 0)}, {hm(14, 0), hm(18, 0)}}
	}
	return s
}

// allDay is open 00:00-24:00 every day, so business time is real time.
func allDay(loc *time.Location) Schedule {
	var s Schedule
	s.Location = loc
	for wd := range s.Week {
		s.Week[wd] = []Window{{0, 24 * time.Hour}}
	}
	return s
}

func mustCal(t testing.TB, s Schedule) *Calendar {
	t.Helper()
	c, err := NewCalendar(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCalendarDuration(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	bogota := mustLoad(t, "America/Bogota")
	lordHowe := mustLoad(t, "Australia/Lord_Howe")
	at := func(loc *time.Location, y int, m time.Month, d, h, mi int) time.Time {
		return time.Date(y, m, d, h, mi, 0, 0, loc)
	}
	sunday2to3 := allDay(madrid)
	sunday2to3.Week[time.Sunday] = []Window{{hm(2, 0), hm(3, 0)}}
	withHolidays := office(madrid)
	// Spain 2024/25: Christmas Day, Boxing Day (a regional holiday in
	// Catalonia), New Year's Day, Epiphany; and a holiday on Saturday
	// 2024-11-02, which must change nothing.
	withHolidays.Holidays = []Date{{2024, 12, 25}, {2024, 12, 26}, {2025, 1, 1}, {2025, 1, 6}, {2024, 11, 2}}
	withException := office(madrid)
	withException.Exceptions = []Exception{
		{Date{2024, 3, 9}, []Window{{hm(10, 0), hm(14, 0)}}}, // a Saturday opening
		{Date{2024, 3, 8}, nil},                              // Friday closed
	}
	withException.Holidays = []Date{{2024, 3, 9}} // the exception wins
	night := Schedule{Location: madrid}
	night.Week[time.Monday] = []Window{{hm(22, 0), 24 * time.Hour}}
	night.Week[time.Tuesday] = []Window{{0, hm(6, 0)}}
	source := office(madrid)
	source.HolidaySource = func(y int) []Date {
		if y == 2024 {
			return []Date{{2024, 5, 1}, {2025, 1, 1}} // the second belongs to 2025
		}
		return nil
	}

	tests := []struct {
		name       string
		s          Schedule
		start, end time.Time
		want       time.Duration
	}{
		// 09:00-12:00 is 3 h, 14:00-16:00 is 2 h.
		{"same day across lunch", office(madrid), at(madrid, 2024, 3, 4, 9, 0), at(madrid, 2024, 3, 4, 16, 0), 5 * time.Hour},
		{"zero length", office(madrid), at(madrid, 2024, 3, 4, 9, 0), at(madrid, 2024, 3, 4, 9, 0), 0},
		{"zero length out of hours", office(madrid), at(madrid, 2024, 3, 4, 20, 0), at(madrid, 2024, 3, 4, 20, 0), 0},
		{"out of hours, lunch", office(madrid), at(madrid, 2024, 3, 4, 12, 5), at(madrid, 2024, 3, 4, 13, 55), 0},
		{"weekend only", office(madrid), at(madrid, 2024, 3, 9, 10, 0), at(madrid, 2024, 3, 10, 15, 0), 0},
		// Friday 17:00-18:00 and Monday 08:00-09:00.
		{"over a weekend", office(madrid), at(madrid, 2024, 3, 8, 17, 0), at(madrid, 2024, 3, 11, 9, 0), 2 * time.Hour},
		// Four whole weeks of 40 h, Monday 00:00 to Monday 00:00.
		{"four weeks", office(madrid), at(madrid, 2024, 2, 5, 0, 0), at(madrid, 2024, 3, 4, 0, 0), 160 * time.Hour},
		// 2024 has 262 weekdays (366 days = 52 weeks + Monday and Tuesday).
		{"leap year", office(madrid), at(madrid, 2024, 1, 1, 0, 0), at(madrid, 2025, 1, 1, 0, 0), 262 * 8 * time.Hour},
		// Madrid springs forward on Sunday 2024-03-31 at 02:00 -> 03:00:
		// the day has 23 real hours, and 02:00-03:00 does not exist.
		{"Madrid spring forward 24h window", allDay(madrid), at(madrid, 2024, 3, 31, 0, 0), at(madrid, 2024, 4, 1, 0, 0), 23 * time.Hour},
		{"Madrid spring forward 02-03 window", sunday2to3, at(madrid, 2024, 3, 31, 0, 0), at(madrid, 2024, 4, 1, 0, 0), 0},
		// Falls back on Sunday 2024-10-27 at 03:00 -> 02:00: 25 h, and
		// the hour 02:00-03:00 happens twice.
		{"Madrid fall back 24h window", allDay(madrid), at(madrid, 2024, 10, 27, 0, 0), at(madrid, 2024, 10, 28, 0, 0), 25 * time.Hour},
		{"Madrid fall back 02-03 window", sunday2to3, at(madrid, 2024, 10, 27, 0, 0), at(madrid, 2024, 10, 28, 0, 0), 2 * time.Hour},
		// Bogota's only daylight saving: 1992-05-03 00:00 -05 jumped to
		// 01:00 -04 (midnight never happened), and 1993-02-06 24:00 -04
		// went back to 23:00 -05 (tzdata rule CO).
		{"Bogota 1992 spring forward", allDay(bogota), at(bogota, 1992, 5, 2, 12, 0), at(bogota, 1992, 5, 4, 0, 0), 12*time.Hour + 23*time.Hour},
		{"Bogota 1993 fall back", allDay(bogota), at(bogota, 1993, 2, 6, 0, 0), at(bogota, 1993, 2, 7, 0, 0), 25 * time.Hour},
		// Lord Howe Island moves its clock by 30 minutes: 2024-04-07 at
		// 02:00 back to 01:30 (a 24.5 h day), 2024-10-06 at 02:00 on to
		// 02:30 (23.5 h).
		{"Lord Howe half-hour fall back", allDay(lordHowe), at(lordHowe, 2024, 4, 7, 0, 0), at(lordHowe, 2024, 4, 8, 0, 0), 24*time.Hour + 30*time.Minute},
		{"Lord Howe half-hour spring forward", allDay(lordHowe), at(lordHowe, 2024, 10, 6, 0, 0), at(lordHowe, 2024, 10, 7, 0, 0), 23*time.Hour + 30*time.Minute},
		// A ticket over the holiday weeks: Monday 2024-12-23 09:00 to
		// Tuesday 2025-01-07 09:00. Working days in between: Dec 23 (7 h
		// from 09:00), 24, 27, 30, 31, Jan 2, 3 (8 h each) and Jan 7 (1 h);
		// Dec 25, 26, Jan 1 and 6 are holidays.
		{"holiday weeks across the year end", withHolidays, at(madrid, 2024, 12, 23, 9, 0), at(madrid, 2025, 1, 7, 9, 0), 7*time.Hour + 6*8*time.Hour + time.Hour},
		// November 2024: 21 weekdays; the Saturday holiday removes none.
		{"holiday on a Saturday", withHolidays, at(madrid, 2024, 11, 1, 0, 0), at(madrid, 2024, 12, 1, 0, 0), 21 * 8 * time.Hour},
		// Week of 2024-03-04: Mon-Thu 32 h, Friday closed, Saturday 4 h.
		{"exceptions", withException, at(madrid, 2024, 3, 4, 0, 0), at(madrid, 2024, 3, 11, 0, 0), 36 * time.Hour},
		// Monday 23:00-24:00 and Tuesday 00:00-02:00.
		{"night shift across midnight", night, at(madrid, 2024, 3, 4, 23, 0), at(madrid, 2024, 3, 5, 2, 0), 3 * time.Hour},
		// May 2024: 23 weekdays, May 1 a holiday from the source.
		{"holiday source", source, at(madrid, 2024, 5, 1, 0, 0), at(madrid, 2024, 6, 1, 0, 0), 22 * 8 * time.Hour},
		// The source's 2025-01-01, returned for 2024, is still a holiday:
		// Dec 31 8 h, Jan 1 none, Jan 2 8 h.
		{"holiday source across a year end", source, at(madrid, 2024, 12, 31, 0, 0), at(madrid, 2025, 1, 3, 0, 0), 16 * time.Hour},
		// Instants in another zone are the same instants: 08:00 UTC is
		// 09:00 in Madrid in winter, so to 12:00 Madrid is 3 h.
		{"start given in UTC", office(madrid), time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC), at(madrid, 2024, 3, 4, 12, 0), 3 * time.Hour},
		{"nanoseconds", office(madrid), at(madrid, 2024, 3, 4, 11, 59).Add(59*time.Second + 999999999), at(madrid, 2024, 3, 4, 14, 0).Add(1), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCal(t, tt.s)
			got, err := c.Duration(tt.start, tt.end)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Duration = %v, want %v", got, tt.want)
			}
			if got > 0 {
				back, err := c.Add(tt.start, got)
				if err != nil {
					t.Fatal(err)
				}
				if back.After(tt.end) {
					t.Errorf("Add(start, %v) = %v, after end %v", got, back, tt.end)
				}
				if d, _ := c.Duration(tt.start, back); d != got {
					t.Errorf("Duration(start, Add) = %v, want %v", d, got)
				}
			}
		})
	}
}

func TestCalendarAdd(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	c := mustCal(t, office(madrid))
	at := func(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, madrid) }
	tests := []struct {
		name  string
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		{"zero out of hours stays", at(9, 10, 0), 0, at(9, 10, 0)},
		{"within a window", at(4, 9, 0), time.Hour, at(4, 10, 0)},
		// 11:00 + 2 h: one hour to 12:00, then 14:00-15:00.
		{"over lunch", at(4, 11, 0), 2 * time.Hour, at(4, 15, 0)},
		// The end of a window, not the next opening: 12:00 is when 1 h has passed.
		{"ends at a window end", at(4, 11, 0), time.Hour, at(4, 12, 0)},
		// Friday 17:30 + 1 h: 30 min on Friday, 30 min on Monday from 08:00.
		{"over a weekend", at(8, 17, 30), time.Hour, at(11, 8, 30)},
		// From Saturday, 40 h is the whole next week, ending Friday 18:00.
		{"a week from a Saturday", at(2, 12, 0), 40 * time.Hour, at(8, 18, 0)},
		// 400 h = 10 weeks from Monday 2024-03-04 08:00: Friday 2024-05-10 18:00.
		{"ten weeks", at(4, 8, 0), 400 * time.Hour, time.Date(2024, 5, 10, 18, 0, 0, 0, madrid)},
	}
	for _, tt := range tests {
		got, err := c.Add(tt.start, tt.d)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !got.Equal(tt.want) {
			t.Errorf("%s: Add = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Across the spring-forward night with a 24 h calendar: 01:00 + 2 h
	// of real time is 04:00 CEST.
	c24 := mustCal(t, allDay(madrid))
	got, err := c24.Add(time.Date(2024, 3, 31, 1, 0, 0, 0, madrid), 2*time.Hour)
	if err != nil || !got.Equal(time.Date(2024, 3, 31, 4, 0, 0, 0, madrid)) {
		t.Errorf("Add over spring forward = %v, %v; want 04:00", got, err)
	}
}

func TestCalendarErrors(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	bad := func(mod func(*Schedule)) Schedule { s := office(madrid); mod(&s); return s }
	for _, tt := range []struct {
		name string
		s    Schedule
		want error
	}{
		{"nil location", bad(func(s *Schedule) { s.Location = nil }), ErrLocation},
		{"empty window", bad(func(s *Schedule) { s.Week[1] = []Window{{hm(9, 0), hm(9, 0)}} }), ErrWindow},
		{"negative start", bad(func(s *Schedule) { s.Week[1] = []Window{{-time.Hour, hm(9, 0)}} }), ErrWindow},
		{"past midnight", bad(func(s *Schedule) { s.Week[1] = []Window{{hm(22, 0), hm(26, 0)}} }), ErrWindow},
		{"overlap", bad(func(s *Schedule) { s.Week[2] = []Window{{hm(14, 0), hm(18, 0)}, {hm(8, 0), hm(14, 30)}} }), ErrOverlap},
		{"bad holiday", bad(func(s *Schedule) { s.Holidays = []Date{{2024, 2, 30}} }), ErrDate},
		{"bad exception", bad(func(s *Schedule) { s.Exceptions = []Exception{{Date{2024, 13, 1}, nil}} }), ErrDate},
		{"exception twice", bad(func(s *Schedule) { s.Exceptions = []Exception{{Date{2024, 1, 1}, nil}, {Date{2024, 1, 1}, nil}} }), ErrDate},
		{"exception overlap", bad(func(s *Schedule) {
			s.Exceptions = []Exception{{Date{2024, 1, 1}, []Window{{hm(8, 0), hm(10, 0)}, {hm(9, 0), hm(11, 0)}}}}
		}), ErrOverlap},
	} {
		_, err := NewCalendar(tt.s)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// Touching windows are fine.
	if _, err := NewCalendar(bad(func(s *Schedule) { s.Week[1] = []Window{{hm(8, 0), hm(12, 0)}, {hm(12, 0), hm(13, 0)}} })); err != nil {
		t.Errorf("touching windows: %v", err)
	}

	c := mustCal(t, office(madrid))
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, madrid)
	if _, err := c.Duration(t0, t0.Add(-1)); !errors.Is(err, ErrOrder) {
		t.Errorf("end before start: %v", err)
	}
	if _, err := c.Add(t0, -1); !errors.Is(err, ErrNegative) {
		t.Errorf("negative d: %v", err)
	}
	if _, err := c.Duration(time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), t0); !errors.Is(err, ErrTimeRange) {
		t.Errorf("1800: %v", err)
	}
	if _, err := c.Duration(t0, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrTimeRange) {
		t.Errorf("9999: %v", err)
	}
	// A calendar open 1 ns a week: Add of a second is beyond 2200.
	tiny := Schedule{Location: madrid}
	tiny.Week[time.Monday] = []Window{{time.Hour, time.Hour + 1}}
	if _, err := mustCal(t, tiny).Add(t0, time.Second); !errors.Is(err, ErrNoHours) {
		t.Errorf("1 ns a week: %v", err)
	}
	if got, err := mustCal(t, tiny).Add(t0, 3); err != nil || !got.Equal(time.Date(2024, 3, 25, 1, 0, 0, 1, madrid)) {
		t.Errorf("1 ns a week, 3 ns: %v, %v", got, err)
	}
	closed := mustCal(t, Schedule{Location: madrid})
	if _, err := closed.Add(t0, time.Second); !errors.Is(err, ErrNoHours) {
		t.Errorf("closed calendar: %v", err)
	}
	if d, err := closed.Duration(t0, t0.Add(1000*time.Hour)); d != 0 || err != nil {
		t.Errorf("closed calendar Duration = %v, %v", d, err)
	}
	badSource := office(madrid)
	badSource.HolidaySource = func(int) []Date { return []Date{{2024, 2, 31}} }
	cs := mustCal(t, badSource)
	if _, err := cs.Duration(t0, t0.Add(time.Hour)); !errors.Is(err, ErrDate) {
		t.Errorf("bad source date: %v", err)
	}
}

// zones are the time zones the properties draw from: two with DST in each
// hemisphere, a half-hour one, one without DST today and UTC.
var zones = []string{"Europe/Madrid", "America/Bogota", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "UTC"}

// drawSchedule draws windows on quarter hours, a few holidays and
// exceptions over 2024-2025.
func drawSchedule(t *rapid.T) Schedule {
	loc, _ := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
	s := Schedule{Location: loc}
	drawWindows := func(label string) []Window {
		var ws []Window
		q := 0
		for q < 96 && len(ws) < 3 {
			a := q + rapid.IntRange(0, 40).Draw(t, label+"gap")
			if a >= 96 {
				break
			}
			b := min(96, a+rapid.IntRange(1, 48).Draw(t, label+"len"))
			ws = append(ws, Window{time.Duration(a) * 15 * time.Minute, time.Duration(b) * 15 * time.Minute})
			q = b
		}
		return ws
	}
	for wd := range s.Week {
		s.Week[wd] = drawWindows("w")
	}
	day := func(label string) Date {
		d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 730).Draw(t, label))
		return DateOf(d)
	}
	for range rapid.IntRange(0, 4).Draw(t, "holidays") {
		s.Holidays = append(s.Holidays, day("holiday"))
	}
	seen := map[Date]bool{}
	for range rapid.IntRange(0, 3).Draw(t, "exceptions") {
		d := day("exception")
		if !seen[d] {
			seen[d] = true
			s.Exceptions = append(s.Exceptions, Exception{d, drawWindows("x")})
		}
	}
	return s
}

func drawInstant(t *rapid.T, label string) time.Time {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return base.Add(time.Duration(rapid.Int64Range(0, int64(730*24*time.Hour)).Draw(t, label)))
}

func TestCalendarProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := NewCalendar(drawSchedule(t))
		if err != nil {
			t.Fatal(err)
		}
		a, b, d := drawInstant(t, "a"), drawInstant(t, "b"), drawInstant(t, "d")
		if b.Before(a) {
			a, b = b, a
		}
		if d.Before(a) {
			a, d = d, a
		}
		if d.Before(b) {
			b, d = d, b
		}
		ab, err1 := c.Duration(a, b)
		bd, err2 := c.Duration(b, d)
		ad, err3 := c.Duration(a, d)
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		if ab < 0 || ab > b.Sub(a) {
			t.Fatalf("Duration(a, b) = %v outside [0, %v]", ab, b.Sub(a))
		}
		if ab+bd != ad {
			t.Fatalf("not additive: %v + %v != %v", ab, bd, ad)
		}
		// Inverse: Add gives back an instant with the same business time,
		// no later than b, with nothing open between it and b.
		if ab > 0 {
			x, err := c.Add(a, ab)
			if err != nil {
				t.Fatal(err)
			}
			if x.After(b) || x.Before(a) {
				t.Fatalf("Add(a, %v) = %v outside [a, b] = [%v, %v]", ab, x, a, b)
			}
			if got, _ := c.Duration(a, x); got != ab {
				t.Fatalf("Duration(a, Add(a, %v)) = %v", ab, got)
			}
			if got, _ := c.Duration(x, b); got != 0 {
				t.Fatalf("Duration(Add(a, %v), b) = %v, want 0", ab, got)
			}
		}
		// And the other way round for a drawn duration.
		dd := time.Duration(rapid.Int64Range(1, int64(2000*time.Hour)).Draw(t, "dur"))
		x, err := c.Add(a, dd)
		if errors.Is(err, ErrNoHours) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := c.Duration(a, x); got != dd {
			t.Fatalf("Duration(a, Add(a, %v)) = %v", dd, got)
		}
	})
}

// TestCalendarBruteForce checks Duration against a count of the minutes
// whose wall clock, read by package time, is inside a window: an
// independent reference that knows nothing of weeks, zones or corrections.
func TestCalendarBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := drawSchedule(t)
		c, err := NewCalendar(s)
		if err != nil {
			t.Fatal(err)
		}
		a := drawInstant(t, "a").Truncate(time.Minute)
		b := a.Add(time.Duration(rapid.IntRange(0, 6*24*60).Draw(t, "minutes")) * time.Minute)
		got, err := c.Duration(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteForce(s, a, b); got != want {
			t.Fatalf("Duration(%v, %v) = %v, minute count %v", a, b, got, want)
		}
	})
}

// bruteForce counts, minute by minute, the minutes of [a, b) open in s.
// Every offset of the zones drawn is a whole number of minutes.
func bruteForce(s Schedule, a, b time.Time) time.Duration {
	hol := map[Date]bool{}
	for _, h := range s.Holidays {
		hol[h] = true
	}
	exc := map[Date][]Window{}
	isExc := map[Date]bool{}
	for _, e := range s.Exceptions {
		exc[e.Date], isExc[e.Date] = e.Windows, true
	}
	var n time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		l := t.In(s.Location)
		d := DateOf(l)
		ws := s.Week[l.Weekday()]
		if isExc[d] {
			ws = exc[d]
		} else if hol[d] {
			ws = nil
		}
		tod := hm(l.Hour(), l.Minute())
		for _, w := range ws {
			if w.Start <= tod && tod < w.End {
				n += time.Minute
				break
			}
		}
	}
	return n
}

func TestYearOf(t *testing.T) {
	for n := daysFromCivil(1850, 1, 1); n < daysFromCivil(2250, 1, 1); n++ {
		y, _, _ := civilFromDays(n)
		if got := yearOf(n); got != y {
			t.Fatalf("yearOf(%d) = %d, want %d", n, got, y)
		}
	}
	// Hinnant's algorithm against package time, every day of 1890-2210.
	for d := time.Date(1890, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() < 2210; d = d.AddDate(0, 0, 1) {
		n := daysFromCivil(d.Date())
		if n != (d.Unix()-43200)/86400 { // noon: exactly divisible
			t.Fatalf("daysFromCivil(%v) = %d, want %d", d, n, (d.Unix()-43200)/86400)
		}
		if y, m, dd := civilFromDays(n); y != d.Year() || m != d.Month() || dd != d.Day() {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %v", n, y, m, dd, d)
		}
	}
}

// TestCalendarConcurrent: goroutines sharing a calendar whose year blocks
// are built lazily agree with one another (run with -race).
func TestCalendarConcurrent(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	s := office(madrid)
	s.HolidaySource = func(y int) []Date { return []Date{{y, 1, 1}, {y, 12, 25}} }
	c := mustCal(t, s)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, madrid)
	want, err := c.Duration(start, start.AddDate(8, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	c2 := mustCal(t, s) // fresh: no year built yet
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := c2.Duration(start, start.AddDate(8, 0, 0))
			if err == nil && got != want {
				err = errors.New("concurrent Duration differs: " + got.String() + " vs " + want.String())
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
