package group

import (
	"strconv"
	"time"

	"github.com/servq/servq/estimate"
)

// A Period is a kind of calendar period: a day, an ISO 8601 week, a month
// or a quarter of the Gregorian calendar, as read on the wall clock of a
// [time.Location].
//
// The zero Period is not a valid period, as the zero [time.Month] is not a
// month; [Period.IsValid] tells. Periods marshal as text ("day", "week",
// "month", "quarter"), so a Period can be a JSON field or a flag
// (flag.TextVar).
type Period uint8

// The periods.
const (
	// Day is a calendar day, from its first instant (local midnight, or
	// the end of a clock change that skipped midnight) to the next day's.
	Day Period = iota + 1
	// Week is an ISO 8601 week: seven days from Monday. Its label uses the
	// ISO week-year, which differs from the calendar year for some days of
	// late December and early January: 2024-12-30 is in 2025-W01.
	Week
	// Month is a calendar month.
	Month
	// Quarter is a calendar quarter: January to March, April to June, July
	// to September, or October to December.
	Quarter
)

var periodNames = [...]string{Day: "day", Week: "week", Month: "month", Quarter: "quarter"}

// IsValid reports whether p is one of [Day], [Week], [Month] and [Quarter].
func (p Period) IsValid() bool { return p >= Day && p <= Quarter }

// String returns "day", "week", "month" or "quarter", and "Period(N)" for
// an invalid p.
func (p Period) String() string {
	if !p.IsValid() {
		return "Period(" + strconv.Itoa(int(p)) + ")"
	}
	return periodNames[p]
}

// AppendText appends the name of p ("day", "week", "month", "quarter") to
// b. An invalid p returns b unchanged and an error wrapping [ErrPeriod].
func (p Period) AppendText(b []byte) ([]byte, error) {
	if !p.IsValid() {
		return b, periodErr("group.Period.AppendText", p)
	}
	return append(b, periodNames[p]...), nil
}

// MarshalText returns the name of p: "day", "week", "month" or "quarter".
// An invalid p returns an error wrapping [ErrPeriod].
func (p Period) MarshalText() ([]byte, error) {
	if !p.IsValid() {
		return nil, periodErr("group.Period.MarshalText", p)
	}
	return p.AppendText(nil)
}

// UnmarshalText sets p from its name: "day", "week", "month" or "quarter",
// in lower case as [Period.MarshalText] writes them. Any other text returns
// an error wrapping [ErrPeriod] and leaves p unchanged.
func (p *Period) UnmarshalText(text []byte) error {
	for q := Day; q <= Quarter; q++ {
		if string(text) == periodNames[q] {
			*p = q
			return nil
		}
	}
	const max = 64
	s := string(text)
	if len(s) > max {
		s = s[:max] + "..."
	}
	if s == "" {
		s = "(empty)"
	}
	return &estimate.ValueError{Func: "group.Period.UnmarshalText", Name: "period", Text: s, Index: -1, Err: ErrPeriod}
}

// Start returns the first instant of the period p that contains t, with t
// read on the wall clock of loc. The result is in loc and has no monotonic
// clock reading, so two instants of one period give equal results (== and
// as map keys) whatever Location and clock reading they came with.
//
// The first instant is local midnight: of t's day for [Day], of the Monday
// on or before it for [Week], of the 1st of its month for [Month] and of
// the 1st of January, April, July or October for [Quarter]. Start finds it
// with [time.Date], never by adding hours, so days of 23 or 25 hours at a
// daylight-saving change are whole days. Where a clock change skips
// midnight (America/Sao_Paulo until 2019, America/Havana, Asia/Beirut), the
// period starts at the first instant of its first day instead, 01:00 local
// time. Where a clock change sets the date back (America/St_Johns and
// America/Goose_Bay changed at 00:01 until 2011, so the last hour of the
// day before came again), a period starts at its first midnight, and the
// repeated hour belongs to the day already begun: periods are contiguous
// spans of time, [Start, Next), and the period of an instant depends on
// the instant and loc alone.
//
// A nil loc returns an error wrapping [ErrLocation], an invalid p one
// wrapping [ErrPeriod]; the time is then zero. For years far outside 1..9999
// the result follows [time.Date]'s arithmetic and may not contain t.
func (p Period) Start(t time.Time, loc *time.Location) (time.Time, error) {
	const fn = "group.Period.Start"
	if loc == nil {
		return time.Time{}, locationErr(fn)
	}
	if !p.IsValid() {
		return time.Time{}, periodErr(fn, p)
	}
	return p.start(t, loc), nil
}

// Next returns the first instant of the period after the one of kind p that
// contains start, read on the wall clock of start's own Location: for a
// result of [Period.Start], the start of the following period. It is a
// calendar step, not a fixed duration: a week after the one that starts on
// Monday 2026-03-02 in America/New_York starts on Monday 2026-03-09 at
// local midnight, 167 hours later. An invalid p returns the zero time and
// an error wrapping [ErrPeriod].
func (p Period) Next(start time.Time) (time.Time, error) {
	if !p.IsValid() {
		return time.Time{}, periodErr("group.Period.Next", p)
	}
	return p.next(start), nil
}

// Label returns the name of the period of kind p that contains start, read
// on the wall clock of start's own Location:
//
//	Day      2026-03-15
//	Week     2026-W11  (ISO 8601 week-year and week number 01..53)
//	Month    2026-03
//	Quarter  2026-Q1
//
// Labels of one kind sort as their periods do for years 0..9999, which are
// written with four digits; other years are written as [strconv.Itoa] does.
// An invalid p returns "" and an error wrapping [ErrPeriod].
func (p Period) Label(start time.Time) (string, error) {
	if !p.IsValid() {
		return "", periodErr("group.Period.Label", p)
	}
	return string(p.appendLabel(make([]byte, 0, 10), start)), nil
}

// start is Start for a valid p and a non-nil loc. It is the first instant
// of the period of t's wall-clock date or, where a clock change set the
// date back and t reads the day before again, of the period already begun:
// the latest period start at or before t.
func (p Period) start(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, m, d := lt.Date()
	switch p {
	case Week:
		d -= sinceMonday(lt.Weekday())
	case Month:
		d = 1
	case Quarter:
		m, d = quarterStart(m), 1
	}
	k := firstInstant(y, m, d, loc) // <= t: t reads that date or a later one
	// If the clock kept one offset from k to t, it ran forward, and t is
	// before the next period's start. Only a change in between can have
	// set the date back into an earlier period.
	zs, _ := lt.ZoneBounds()
	if !zs.After(k) {
		return k
	}
	// One change since k that set the clock forward (spring) cannot have
	// set the date back either.
	before := zs.Add(-1).In(loc)
	_, off := lt.Zone()
	_, offBefore := before.Zone()
	if bs, _ := before.ZoneBounds(); offBefore < off && !bs.After(k) {
		return k
	}
	for range 3 { // dates ran back by a day at most (Alaska, 1867)
		n := p.next(k)
		if n.After(t) {
			break
		}
		k = n
	}
	return k
}

// next is Next for a valid p.
func (p Period) next(start time.Time) time.Time {
	y, m, d := start.Date()
	switch p {
	case Day:
		d++
	case Week:
		d += 7 - sinceMonday(start.Weekday())
	case Month:
		m, d = m+1, 1
	case Quarter:
		m, d = quarterStart(m)+3, 1
	}
	return firstInstant(y, m, d, start.Location())
}

// appendLabel is Label for a valid p.
func (p Period) appendLabel(b []byte, start time.Time) []byte {
	if p == Week {
		y, w := start.ISOWeek()
		b = appendYear(b, y)
		b = append(b, "-W"...)
		return append2(b, w)
	}
	y, m, d := start.Date()
	b = appendYear(b, y)
	switch p {
	case Day:
		b = append(b, '-')
		b = append2(b, int(m))
		b = append(b, '-')
		b = append2(b, d)
	case Month:
		b = append(b, '-')
		b = append2(b, int(m))
	case Quarter:
		b = append(b, "-Q"...)
		b = append(b, byte('1'+(m-1)/3))
	}
	return b
}

// index returns the number of the period of kind p that starts at start
// (as read on start's wall clock), counting consecutive periods by
// consecutive numbers: days and weeks from 1970-01-01 (the week of Monday
// 1969-12-29 is 0), months and quarters from year 0.
func (p Period) index(start time.Time) int64 {
	y, m, d := start.Date()
	switch p {
	case Day:
		return daysOf(y, m, d)
	case Week:
		return floorDiv(daysOf(y, m, d)+3, 7)
	case Month:
		return int64(y)*12 + int64(m-1)
	default:
		return int64(y)*4 + int64(m-1)/3
	}
}

// dateOf returns the first date of the period numbered i by index.
func (p Period) dateOf(i int64) (int, time.Month, int) {
	switch p {
	case Day:
		return time.Unix(i*86400, 0).UTC().Date()
	case Week:
		return time.Unix((i*7-3)*86400, 0).UTC().Date()
	case Month:
		y := floorDiv(i, 12)
		return int(y), time.Month(i-12*y) + 1, 1
	default:
		y := floorDiv(i, 4)
		return int(y), time.Month(3*(i-4*y)) + 1, 1
	}
}

func daysOf(y int, m time.Month, d int) int64 {
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// sinceMonday returns how many days wd is after Monday: 0 for Monday, 6
// for Sunday.
func sinceMonday(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// quarterStart returns the first month of the quarter of m.
func quarterStart(m time.Month) time.Month { return (m-1)/3*3 + 1 }

// firstInstant returns the first instant whose wall-clock date in loc is
// on or after the date y-m-d, normalised as time.Date does (March 0 is the
// last day of February): local midnight of y-m-d, unless a clock change
// skipped it (then the end of the change) or made it happen twice (then
// the first of the two). It is a function of the date and loc alone.
//
// It walks the zone's offsets forward from two days before the date
// (offsets are less than a day): within one offset the wall clock runs
// forward, so the first instant of the offset whose clock reads the date
// or later is either the instant it reads midnight or, if it already
// reads later, the start of the offset. The first offset that has such an
// instant gives the answer.
func firstInstant(y int, m time.Month, d int, loc *time.Location) time.Time {
	mid := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	t := mid.Add(-48 * time.Hour)
	for range 64 { // zones change offset a few times a year
		lt := t.In(loc)
		_, off := lt.Zone()
		_, end := lt.ZoneBounds()
		c := mid.Add(-time.Duration(off) * time.Second)
		if c.Before(t) {
			c = t
		}
		if end.IsZero() || c.Before(end) || !end.After(t) {
			return c.In(loc)
		}
		t = end
	}
	return t.In(loc)
}

// appendYear appends y with at least four digits when it is in 0..9999.
func appendYear(b []byte, y int) []byte {
	if y < 0 || y > 9999 {
		return strconv.AppendInt(b, int64(y), 10)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

// append2 appends n, in 0..99, with two digits.
func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
