package group_test

import (
	"errors"
	"flag"
	"testing"
	"time"

	"github.com/servq/servq/group"
	"pgregory.net/rapid"
)

// periodCases were checked by hand against a calendar and the tz database:
// ISO weeks (ISO 8601:2004 §3.2.2: week 01 holds the year's first
// Thursday), days of 23 and 25 hours at daylight-saving changes, zones
// whose clock change skips or repeats midnight, quarter starts, and leap
// years (2000 and 2024 are, 2100 is not). t is read in zone; start and next
// are written in the zone's own offset, so the test also checks that the
// results are in that Location.
var periodCases = []struct {
	zone   string
	p      group.Period
	t      string
	start  string
	next   string
	label  string
	length time.Duration // next - start, when it is worth stating
}{
	// ISO weeks at year ends.
	{"UTC", group.Week, "2020-12-31T12:00:00Z", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z", "2020-W53", 168 * time.Hour},
	{"UTC", group.Week, "2021-01-03T23:59:59Z", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z", "2020-W53", 0},
	{"UTC", group.Week, "2024-12-30T00:00:00Z", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z", "2025-W01", 0},
	{"UTC", group.Week, "2026-01-01T08:00:00Z", "2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z", "2026-W01", 0},
	{"UTC", group.Week, "2027-01-01T00:00:00Z", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z", "2026-W53", 0},
	{"UTC", group.Week, "2026-03-15T18:00:00Z", "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z", "2026-W11", 0},
	{"UTC", group.Week, "2024-02-29T10:00:00Z", "2024-02-26T00:00:00Z", "2024-03-04T00:00:00Z", "2024-W09", 0},

	// America/New_York: DST from 2026-03-08 02:00, to 2026-11-01 02:00.
	{"America/New_York", group.Day, "2026-03-08T12:00:00-04:00", "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "2026-03-08", 23 * time.Hour},
	{"America/New_York", group.Day, "2026-03-08T01:59:59-05:00", "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "2026-03-08", 23 * time.Hour},
	{"America/New_York", group.Day, "2026-03-09T00:00:00-04:00", "2026-03-09T00:00:00-04:00", "2026-03-10T00:00:00-04:00", "2026-03-09", 24 * time.Hour},
	{"America/New_York", group.Day, "2026-11-01T23:30:00-05:00", "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00", "2026-11-01", 25 * time.Hour},
	{"America/New_York", group.Day, "2026-11-01T01:30:00-05:00", "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00", "2026-11-01", 25 * time.Hour},
	{"America/New_York", group.Week, "2026-03-08T12:00:00-04:00", "2026-03-02T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "2026-W10", 167 * time.Hour},
	// 04:30 UTC is still the evening before in New York.
	{"America/New_York", group.Day, "2026-03-10T03:30:00Z", "2026-03-09T00:00:00-04:00", "2026-03-10T00:00:00-04:00", "2026-03-09", 24 * time.Hour},

	// Europe/Madrid: DST from 2026-03-29 02:00, to 2026-10-25 03:00.
	{"Europe/Madrid", group.Day, "2026-03-29T12:00:00+02:00", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", "2026-03-29", 23 * time.Hour},
	{"Europe/Madrid", group.Day, "2026-10-25T02:30:00+01:00", "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00", "2026-10-25", 25 * time.Hour},
	{"Europe/Madrid", group.Month, "2026-03-31T23:30:00+02:00", "2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00", "2026-03", (31*24 - 1) * time.Hour},
	// Sunday 23:30 in UTC is Monday 00:30 in Madrid: the next ISO week.
	{"Europe/Madrid", group.Week, "2026-03-08T23:30:00Z", "2026-03-09T00:00:00+01:00", "2026-03-16T00:00:00+01:00", "2026-W11", 168 * time.Hour},
	{"Europe/Madrid", group.Week, "2026-03-29T12:00:00+02:00", "2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00", "2026-W13", 167 * time.Hour},

	// Asia/Tokyo (+09:00, no DST): 16:30 UTC on March 31 is April 1.
	{"Asia/Tokyo", group.Day, "2026-03-31T16:30:00Z", "2026-04-01T00:00:00+09:00", "2026-04-02T00:00:00+09:00", "2026-04-01", 24 * time.Hour},
	{"Asia/Tokyo", group.Month, "2026-03-31T16:30:00Z", "2026-04-01T00:00:00+09:00", "2026-05-01T00:00:00+09:00", "2026-04", 30 * 24 * time.Hour},
	{"Asia/Tokyo", group.Quarter, "2026-03-31T16:30:00Z", "2026-04-01T00:00:00+09:00", "2026-07-01T00:00:00+09:00", "2026-Q2", 91 * 24 * time.Hour},
	{"UTC", group.Quarter, "2026-03-31T16:30:00Z", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-Q1", 90 * 24 * time.Hour},

	// Quarters.
	{"UTC", group.Quarter, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-Q1", 0},
	{"UTC", group.Quarter, "2026-08-15T12:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-Q3", 92 * 24 * time.Hour},
	{"UTC", group.Quarter, "2026-12-31T23:59:59.999999999Z", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z", "2026-Q4", 92 * 24 * time.Hour},
	{"UTC", group.Quarter, "2024-02-29T00:00:00Z", "2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-Q1", 91 * 24 * time.Hour},
	{"Europe/Madrid", group.Quarter, "2026-05-20T10:00:00+02:00", "2026-04-01T00:00:00+02:00", "2026-07-01T00:00:00+02:00", "2026-Q2", 91 * 24 * time.Hour},

	// Leap years.
	{"UTC", group.Day, "2024-02-29T10:00:00Z", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z", "2024-02-29", 24 * time.Hour},
	{"UTC", group.Month, "2024-02-10T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-02", 29 * 24 * time.Hour},
	{"UTC", group.Month, "2000-02-10T00:00:00Z", "2000-02-01T00:00:00Z", "2000-03-01T00:00:00Z", "2000-02", 29 * 24 * time.Hour},
	{"UTC", group.Month, "2100-02-10T00:00:00Z", "2100-02-01T00:00:00Z", "2100-03-01T00:00:00Z", "2100-02", 28 * 24 * time.Hour},
	{"UTC", group.Month, "2026-12-31T23:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2026-12", 31 * 24 * time.Hour},

	// America/Sao_Paulo: on 2018-11-04 the clock went from 00:00 to 01:00,
	// so that day starts at 01:00 and has 23 hours.
	{"America/Sao_Paulo", group.Day, "2018-11-04T12:00:00-02:00", "2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00", "2018-11-04", 23 * time.Hour},
	{"America/Sao_Paulo", group.Day, "2018-11-03T23:59:00-03:00", "2018-11-03T00:00:00-03:00", "2018-11-04T01:00:00-02:00", "2018-11-03", 24 * time.Hour},
	{"America/Sao_Paulo", group.Week, "2018-11-04T12:00:00-02:00", "2018-10-29T00:00:00-03:00", "2018-11-05T00:00:00-02:00", "2018-W44", 167 * time.Hour},
	{"America/Sao_Paulo", group.Month, "2018-11-15T12:00:00-02:00", "2018-11-01T00:00:00-03:00", "2018-12-01T00:00:00-02:00", "2018-11", (30*24 - 1) * time.Hour},
	// America/Santiago: on 2022-09-11 the clock went from 24:00 to 01:00.
	{"America/Santiago", group.Day, "2022-09-10T23:30:00-04:00", "2022-09-10T00:00:00-04:00", "2022-09-11T01:00:00-03:00", "2022-09-10", 24 * time.Hour},
	{"America/Santiago", group.Day, "2022-09-11T01:00:00-03:00", "2022-09-11T01:00:00-03:00", "2022-09-12T00:00:00-03:00", "2022-09-11", 23 * time.Hour},
	// Asia/Beirut: on 2023-03-26 the clock went from 00:00 to 01:00.
	{"Asia/Beirut", group.Day, "2023-03-26T12:00:00+03:00", "2023-03-26T01:00:00+03:00", "2023-03-27T00:00:00+03:00", "2023-03-26", 23 * time.Hour},
	// America/Havana: on 2025-11-02 the clock went from 01:00 back to
	// 00:00, so that day starts at the first of its two midnights.
	{"America/Havana", group.Day, "2025-11-02T00:30:00-05:00", "2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00", "2025-11-02", 25 * time.Hour},
	// Pacific/Apia skipped 2011-12-30 when it crossed the date line.
	{"Pacific/Apia", group.Day, "2011-12-29T23:00:00-10:00", "2011-12-29T00:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-29", 24 * time.Hour},
	{"Pacific/Apia", group.Day, "2011-12-31T05:00:00+14:00", "2011-12-31T00:00:00+14:00", "2012-01-01T00:00:00+14:00", "2011-12-31", 24 * time.Hour},
	{"Pacific/Apia", group.Week, "2011-12-31T05:00:00+14:00", "2011-12-26T00:00:00-10:00", "2012-01-02T00:00:00+14:00", "2011-W52", 6 * 24 * time.Hour},
}

func TestPeriodStartNextLabel(t *testing.T) {
	for _, c := range periodCases {
		loc := load(t, c.zone)
		in, err := time.Parse(time.RFC3339Nano, c.t)
		if err != nil {
			t.Fatal(err)
		}
		name := c.zone + " " + c.p.String() + " " + c.t
		start, err := c.p.Start(in, loc)
		if err != nil {
			t.Fatalf("%s: Start: %v", name, err)
		}
		if got := start.Format(time.RFC3339Nano); got != c.start {
			t.Errorf("%s: Start = %s, want %s", name, got, c.start)
		}
		if start.Location() != loc {
			t.Errorf("%s: Start in %v, want %v", name, start.Location(), loc)
		}
		next, err := c.p.Next(start)
		if err != nil {
			t.Fatalf("%s: Next: %v", name, err)
		}
		if got := next.Format(time.RFC3339Nano); got != c.next {
			t.Errorf("%s: Next = %s, want %s", name, got, c.next)
		}
		if c.length != 0 && next.Sub(start) != c.length {
			t.Errorf("%s: period lasts %v, want %v", name, next.Sub(start), c.length)
		}
		for _, at := range []time.Time{start, in.In(loc)} {
			if got, err := c.p.Label(at); err != nil || got != c.label {
				t.Errorf("%s: Label(%v) = %q, %v; want %q", name, at, got, err, c.label)
			}
		}
		// Next from any instant of the period, not only its start.
		if got, err := c.p.Next(in.In(loc)); err != nil || !got.Equal(next) {
			t.Errorf("%s: Next(t) = %v, %v; want %v", name, got, err, next)
		}
	}
}

// TestStartKeys checks that one period gives one map key whatever the
// Location and monotonic clock reading of the time that falls in it.
func TestStartKeys(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	now := time.Now() // has a monotonic clock reading
	if now == now.Round(0) {
		t.Fatal("time.Now has no monotonic reading; the test proves nothing")
	}
	for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
		m := map[time.Time]int{}
		for _, in := range []time.Time{now, now.Round(0), now.UTC(), now.In(load(t, "Asia/Tokyo")), now.In(time.FixedZone("x", -7*3600))} {
			s, err := p.Start(in, madrid)
			if err != nil {
				t.Fatal(err)
			}
			m[s]++
		}
		if len(m) != 1 {
			t.Errorf("%v: %d keys for one instant: %v", p, len(m), m)
		}
	}
}

func TestPeriodErrors(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	if _, err := group.Week.Start(now, nil); !errors.Is(err, group.ErrLocation) {
		t.Errorf("Start(t, nil) error = %v, want ErrLocation", err)
	}
	for _, p := range []group.Period{0, group.Quarter + 1, 255} {
		if p.IsValid() {
			t.Errorf("%v.IsValid() = true", p)
		}
		if s, err := p.Start(now, time.UTC); !errors.Is(err, group.ErrPeriod) || !s.IsZero() {
			t.Errorf("%v.Start = %v, %v; want zero time and ErrPeriod", p, s, err)
		}
		if s, err := p.Next(now); !errors.Is(err, group.ErrPeriod) || !s.IsZero() {
			t.Errorf("%v.Next = %v, %v; want zero time and ErrPeriod", p, s, err)
		}
		if s, err := p.Label(now); !errors.Is(err, group.ErrPeriod) || s != "" {
			t.Errorf("%v.Label = %q, %v; want \"\" and ErrPeriod", p, s, err)
		}
		if b, err := p.MarshalText(); !errors.Is(err, group.ErrPeriod) || b != nil {
			t.Errorf("%v.MarshalText = %q, %v; want nil and ErrPeriod", p, b, err)
		}
		if b, err := p.AppendText([]byte("x")); !errors.Is(err, group.ErrPeriod) || string(b) != "x" {
			t.Errorf("%v.AppendText = %q, %v; want \"x\" and ErrPeriod", p, b, err)
		}
	}
	// Both checks fail: the Location is reported.
	if _, err := group.Period(0).Start(now, nil); !errors.Is(err, group.ErrLocation) {
		t.Errorf("Period(0).Start(t, nil) error = %v, want ErrLocation", err)
	}
}

func TestPeriodText(t *testing.T) {
	names := map[group.Period]string{group.Day: "day", group.Week: "week", group.Month: "month", group.Quarter: "quarter", 0: "Period(0)", 9: "Period(9)"}
	for p, want := range names {
		if got := p.String(); got != want {
			t.Errorf("Period(%d).String() = %q, want %q", uint8(p), got, want)
		}
		if !p.IsValid() {
			continue
		}
		b, err := p.MarshalText()
		if err != nil || string(b) != want {
			t.Errorf("%v.MarshalText() = %q, %v", p, b, err)
		}
		var q group.Period
		if err := q.UnmarshalText(b); err != nil || q != p {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, q, err, p)
		}
		if b, err := p.AppendText([]byte("p=")); err != nil || string(b) != "p="+want {
			t.Errorf("%v.AppendText = %q, %v", p, b, err)
		}
	}
	for _, bad := range []string{"", "Week", "weekly", "d", "day ", "0", string(make([]byte, 100))} {
		q := group.Month
		if err := q.UnmarshalText([]byte(bad)); !errors.Is(err, group.ErrPeriod) || q != group.Month {
			t.Errorf("UnmarshalText(%q): p = %v, error %v; want month unchanged and ErrPeriod", bad, q, err)
		}
	}
}

// TestPeriodFlag shows that a Period works as a command-line flag.
func TestPeriodFlag(t *testing.T) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var p group.Period
	fs.TextVar(&p, "period", group.Week, "day, week, month or quarter")
	if err := fs.Parse([]string{"-period", "quarter"}); err != nil || p != group.Quarter {
		t.Errorf("-period quarter: p = %v, err %v", p, err)
	}
}

var (
	periodGen = rapid.SampledFrom([]group.Period{group.Day, group.Week, group.Month, group.Quarter})
	zoneGen   = rapid.SampledFrom(zones)
)

// timeGen draws instants from 1900 to 2200, to the nanosecond.
func timeGen() *rapid.Generator[time.Time] {
	lo := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return rapid.Custom(func(t *rapid.T) time.Time {
		return time.Unix(rapid.Int64Range(lo, hi).Draw(t, "sec"), rapid.Int64Range(0, 999_999_999).Draw(t, "nsec"))
	})
}

// checkPeriod checks the invariants of Start, Next and Label at one
// instant, reporting through fail.
func checkPeriod(fail func(format string, args ...any), p group.Period, in time.Time, loc *time.Location) {
	s, err := p.Start(in, loc)
	if err != nil {
		fail("Start: %v", err)
		return
	}
	n, err := p.Next(s)
	if err != nil {
		fail("Next: %v", err)
		return
	}
	if s.After(in) || !in.Before(n) {
		fail("%v not in [%v, %v)", in, s, n)
	}
	if s2, _ := p.Start(s, loc); s2 != s {
		fail("Start(Start(t)) = %v, want %v", s2, s)
	}
	if s2, _ := p.Start(n, loc); s2 != n {
		fail("Start(Next(s)) = %v, want %v", s2, n)
	}
	if last, _ := p.Start(n.Add(-1), loc); last != s {
		fail("Start(Next(s) - 1ns) = %v, want %v", last, s)
	}
	ls, _ := p.Label(s)
	ln, _ := p.Label(n)
	lt, _ := p.Label(in.In(loc))
	// t reads the label of its period, unless a clock change set the date
	// back and t reads a date of an earlier period again: it then belongs
	// to the period already begun.
	if lt != ls && lt > ls {
		fail("Label(t) = %q, Label(Start(t)) = %q", lt, ls)
	}
	if ls >= ln {
		fail("Label(%v) = %q, not before Label(%v) = %q", s, ls, n, ln)
	}
}

func TestPeriodProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := periodGen.Draw(t, "period")
		loc := load(t, zoneGen.Draw(t, "zone"))
		checkPeriod(t.Fatalf, p, timeGen().Draw(t, "t"), loc)
	})
}

// TestPeriodLabelsDistinct walks consecutive periods and checks that no
// label repeats.
func TestPeriodLabelsDistinct(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := periodGen.Draw(t, "period")
		loc := load(t, zoneGen.Draw(t, "zone"))
		s, _ := p.Start(timeGen().Draw(t, "t"), loc)
		seen := map[string]time.Time{}
		for range 60 {
			l, _ := p.Label(s)
			if prev, ok := seen[l]; ok {
				t.Fatalf("label %q for %v and %v", l, prev, s)
			}
			seen[l] = s
			s, _ = p.Next(s)
		}
	})
}

func FuzzPeriod(f *testing.F) {
	f.Add(int64(1609416000), int64(0), uint8(group.Week), uint8(0))            // 2020-12-31, 2020-W53
	f.Add(int64(1772938800), int64(0), uint8(group.Day), uint8(1))             // 2026-03-08 in New York, 23 hours
	f.Add(int64(1541300400), int64(0), uint8(group.Day), uint8(9))             // 2018-11-04 in Sao Paulo, midnight skipped
	f.Add(int64(1325239200), int64(0), uint8(group.Day), uint8(8))             // 2011-12-31 in Apia, the day after the one it skipped
	f.Add(int64(-62135596800), int64(0), uint8(group.Quarter), uint8(3))       // year 1
	f.Add(int64(9223372036854775807), int64(-1), uint8(group.Month), uint8(5)) // far beyond year 9999
	f.Add(int64(0), int64(0), uint8(0), uint8(2))                              // invalid period
	locs := make([]*time.Location, len(zones))
	for i, z := range zones {
		locs[i] = load(f, z)
	}
	f.Fuzz(func(t *testing.T, sec, nsec int64, period, zone uint8) {
		p := group.Period(period)
		loc := locs[int(zone)%len(locs)]
		in := time.Unix(sec, nsec)
		s, err := p.Start(in, loc)
		_, errNext := p.Next(s)
		l, errLabel := p.Label(s)
		if !p.IsValid() {
			if !errors.Is(err, group.ErrPeriod) || !errors.Is(errNext, group.ErrPeriod) || !errors.Is(errLabel, group.ErrPeriod) {
				t.Fatalf("Period(%d): errors %v, %v, %v; want ErrPeriod", period, err, errNext, errLabel)
			}
			return
		}
		if err != nil || errNext != nil || errLabel != nil || l == "" {
			t.Fatalf("errors %v, %v, %v, label %q", err, errNext, errLabel, l)
		}
		// Far outside the Gregorian years people use, time.Date's
		// arithmetic wraps; there the only promise is no panic.
		if y := in.UTC().Year(); y >= 2 && y <= 9998 {
			checkPeriod(t.Fatalf, p, in, loc)
		}
		// Most fuzzed int64s are such far times, so the invariants are
		// also checked on the input folded into 1800..2400.
		const lo, span = -5364662400, 18934128000 // 1800-01-01 UTC, 600 years in seconds
		folded := time.Unix(lo+(sec%span+span)%span, (nsec%1e9+1e9)%1e9)
		checkPeriod(t.Fatalf, p, folded, loc)
	})
}

func FuzzPeriodText(f *testing.F) {
	for _, s := range []string{"day", "week", "month", "quarter", "Week", "", "quarters"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		p := group.Day
		err := p.UnmarshalText(text)
		if err != nil {
			if !errors.Is(err, group.ErrPeriod) || p != group.Day {
				t.Fatalf("UnmarshalText(%q): p = %v, error %v", text, p, err)
			}
			return
		}
		b, err := p.MarshalText()
		if err != nil || string(b) != string(text) {
			t.Fatalf("UnmarshalText(%q) then MarshalText = %q, %v", text, b, err)
		}
	})
}
