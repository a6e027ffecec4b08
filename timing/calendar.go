package timing

import (
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/servq/servq/estimate"
)

// A Window is one opening window of a day, as wall-clock offsets from local
// midnight: 08:00-12:00 is Window{8 * time.Hour, 12 * time.Hour}. Start is
// included and End excluded; 0 <= Start < End <= 24h. A window cannot
// cross midnight: a night shift 22:00-06:00 is 22:00-24:00 on one day and
// 00:00-06:00 on the next.
type Window struct {
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end"`
}

// A Date is a civil date, read in a calendar's Location.
type Date struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String returns the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// valid reports whether d exists in the Gregorian calendar.
func (d Date) valid() bool {
	y, m, dd := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

// An Exception gives one date its own opening windows, replacing those of
// its weekday and any holiday on that date. No windows means closed.
type Exception struct {
	Date    Date     `json:"date"`
	Windows []Window `json:"windows"`
}

// A Schedule describes business hours; [NewCalendar] checks it and turns it
// into a [Calendar].
type Schedule struct {
	// Location is the time zone whose wall clock the windows are read in.
	// It must not be nil.
	Location *time.Location
	// Week holds the opening windows of each weekday, indexed by
	// time.Weekday: Week[time.Monday]. A day without windows is closed.
	Week [7][]Window
	// Holidays are dates on which the office is closed.
	Holidays []Date
	// HolidaySource, when not nil, adds the holidays of a year: a country
	// list, or a holiday library such as rickar/cal (call its holidays'
	// Calc for the year). The calendar asks it for the years around each
	// stretch of 256 days it computes in (one year more on each side, so
	// that a holiday observed across a year end is seen), once per
	// stretch, and caches the dates; it keeps every date returned that
	// falls in the stretch, whichever year was asked. It must be safe for
	// concurrent use.
	HolidaySource func(year int) []Date
	// Exceptions give single dates their own windows (a short day on
	// Christmas Eve, an opening on a Saturday). They override Week and
	// holidays.
	Exceptions []Exception
}

// A Calendar measures business time: the real elapsed time during which the
// wall clock of its Location is inside an opening window of a working,
// non-holiday day.
//
// On a day of a clock change this counts real time, not wall-clock time:
// a 00:00-24:00 window on a spring-forward day holds 23 h of business time
// and on a fall-back day 25 h; a window 02:00-03:00 on a day the clock
// jumps from 02:00 to 03:00 holds none. Dates (holidays, weekdays) are
// those of the wall clock.
//
// A Calendar computes in int64 nanoseconds, exactly, between the years
// 1900 and 2199; instants outside them return ErrTimeRange. Its cost
// barely grows with the span measured: it adds whole weeks by their
// weekly total, corrects for the holidays and exceptions in between by a
// binary search per 256 days, and for each clock change by one day's
// windows (Duration over a year costs two to three times Duration over a day).
// A Calendar is safe for concurrent use; it is built by [NewCalendar].
type Calendar struct {
	loc       *time.Location
	week      [7][]window // by weekday
	dayTotal  [7]int64
	weekTotal int64
	pw        [8]int64 // pw[r]: business time of the first r days of a week that starts on a Thursday (day 0)
	zones     []zone
	zoneChunk []int32           // zoneChunk[k]: the zone at the first instant (UTC) of day chunk k
	static    map[int][]special // exceptions and fixed holidays, by year
	source    func(int) []Date
	chunks    [nChunks]atomic.Pointer[yearBlock] // special days by chunk of 256 days from chunkBase
}

// window is a Window in nanoseconds.
type window struct{ s, e int64 }

// zone is a span of constant UTC offset starting at start (Unix ns).
type zone struct {
	start int64
	off   int64 // ns east of UTC
}

// special is a date whose windows are not those of its weekday.
type special struct {
	day     int64 // days since 1970-01-01
	windows []window
	except  bool
}

// yearBlock holds the special days of one chunk of 256 days, sorted, and
// the running sum of their business time minus that of their weekday.
type yearBlock struct {
	days []int64
	wins [][]window
	adj  []int64 // adj[i]: sum of the corrections of days[:i]
	err  error
}

const (
	dayNs   = int64(24 * time.Hour)
	minYear = 1900
	maxYear = 2199
)

// Special days are looked up by chunks of 256 days, which a shift finds,
// from chunkBase (two years before minYear) on.
const (
	chunkShift = 8
	nChunks    = (int(109575+4*366) >> chunkShift) + 2
)

var chunkBase = daysFromCivil(minYear-2, 1, 1)

var (
	minDay  = daysFromCivil(minYear, 1, 1)
	maxDay  = daysFromCivil(maxYear+1, 1, 1) // exclusive
	minUnix = (minDay - 1) * dayNs           // a day of slack for zone offsets
	maxUnix = (maxDay + 1) * dayNs
)

// NewCalendar checks s and returns its calendar. A nil Location returns
// ErrLocation; a window that is empty or outside 00:00..24:00 returns
// ErrWindow and two that overlap ErrOverlap (the index is the weekday, or
// the position in Exceptions); a date that does not exist, or an
// exception given twice for one date, returns ErrDate. Dates from
// HolidaySource are checked when first used, by Duration and Add.
func NewCalendar(s Schedule) (*Calendar, error) {
	const fn = "timing.NewCalendar"
	if s.Location == nil {
		return nil, valueErr(fn, "location", 0, ErrLocation)
	}
	c := &Calendar{loc: s.Location, source: s.HolidaySource, static: make(map[int][]special)}
	for wd := range c.week {
		ws, err := checkWindows(fn, time.Weekday(wd).String(), wd, s.Week[wd])
		if err != nil {
			return nil, err
		}
		c.week[wd] = ws
		c.dayTotal[wd] = total(ws)
		c.weekTotal += c.dayTotal[wd]
	}
	for r := range 7 {
		c.pw[r+1] = c.pw[r] + c.dayTotal[(4+r)%7]
	}
	seen := make(map[int64]bool)
	for i, e := range s.Exceptions {
		if !e.Date.valid() {
			return nil, textErr(fn, "exception date", e.Date.String(), i, ErrDate)
		}
		n := daysFromCivil(e.Date.Year, e.Date.Month, e.Date.Day)
		if seen[n] {
			return nil, textErr(fn, "exception date", e.Date.String(), i, fmt.Errorf("%w: given twice", ErrDate))
		}
		seen[n] = true
		ws, err := checkWindows(fn, "exception "+e.Date.String(), i, e.Windows)
		if err != nil {
			return nil, err
		}
		c.static[e.Date.Year] = append(c.static[e.Date.Year], special{day: n, windows: ws, except: true})
	}
	for i, h := range s.Holidays {
		if !h.valid() {
			return nil, textErr(fn, "holiday", h.String(), i, ErrDate)
		}
		n := daysFromCivil(h.Year, h.Month, h.Day)
		c.static[h.Year] = append(c.static[h.Year], special{day: n})
	}
	c.zones = zonesOf(s.Location)
	c.zoneChunk = make([]int32, nChunks)
	for k := range c.zoneChunk {
		u := (chunkBase + int64(k)<<chunkShift) * dayNs
		c.zoneChunk[k] = int32(c.zoneSearch(max(u, minUnix), 0, len(c.zones)))
	}
	return c, nil
}

// checkWindows validates ws and returns them sorted, in nanoseconds.
func checkWindows(fn, name string, idx int, ws []Window) ([]window, error) {
	out := make([]window, 0, len(ws))
	for _, w := range ws {
		if w.Start < 0 || w.End > 24*time.Hour || w.Start >= w.End {
			return nil, textErr(fn, name+" window", fmtWindow(w), idx, ErrWindow)
		}
		out = append(out, window{int64(w.Start), int64(w.End)})
	}
	slices.SortFunc(out, func(a, b window) int { return int(min(max(a.s-b.s, -1), 1)) })
	for i := 1; i < len(out); i++ {
		if out[i].s < out[i-1].e {
			w := Window{time.Duration(out[i].s), time.Duration(out[i].e)}
			return nil, textErr(fn, name+" window", fmtWindow(w), idx, ErrOverlap)
		}
	}
	return out, nil
}

func fmtWindow(w Window) string {
	f := func(d time.Duration) string {
		neg := ""
		if d < 0 {
			neg, d = "-", -d
		}
		h, m := d/time.Hour, d%time.Hour/time.Minute
		return fmt.Sprintf("%s%02d:%02d", neg, h, m)
	}
	return f(w.Start) + "-" + f(w.End)
}

func total(ws []window) int64 {
	var t int64
	for _, w := range ws {
		t += w.e - w.s
	}
	return t
}

// zonesOf lists the spans of constant offset of loc between minUnix and
// maxUnix, merging neighbours with equal offsets.
func zonesOf(loc *time.Location) []zone {
	t := time.Unix(0, minUnix).In(loc)
	var zs []zone
	for {
		_, off := t.Zone()
		o := int64(off) * int64(time.Second)
		if len(zs) == 0 || zs[len(zs)-1].off != o {
			st := t.UnixNano()
			if len(zs) == 0 {
				st = minUnix
			}
			zs = append(zs, zone{start: st, off: o})
		}
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.After(t) || end.UnixNano() >= maxUnix {
			return zs
		}
		t = end
	}
}

// Location returns the time zone of c.
func (c *Calendar) Location() *time.Location { return c.loc }

// unixNs returns t as Unix nanoseconds, or ErrTimeRange.
func unixNs(fn, name string, t time.Time) (int64, error) {
	const sec = int64(time.Second)
	if s := t.Unix(); s < (minDay*dayNs-dayNs/2)/sec || s >= (maxDay*dayNs+dayNs/2)/sec {
		return 0, valueErr(fn, name+" year", float64(t.Year()), ErrTimeRange)
	}
	return t.UnixNano(), nil
}

// zoneAt returns the index of the zone holding the Unix instant u: from
// the zone at the start of u's chunk of 256 UTC days, which hold at most
// a few changes.
func (c *Calendar) zoneAt(u int64) int {
	d, _ := floorDiv(u, dayNs)
	k := (d - chunkBase) >> chunkShift
	if k < 0 || k >= int64(len(c.zoneChunk)) {
		return c.zoneSearch(u, 0, len(c.zones))
	}
	lo := int(c.zoneChunk[k])
	for lo+1 < len(c.zones) && c.zones[lo+1].start <= u {
		lo++
	}
	return lo
}

// zoneSearch finds the zone of u among zones[lo:hi] by bisection.
func (c *Calendar) zoneSearch(u int64, lo, hi int) int {
	// zones[lo].start <= u < zones[hi].start
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if c.zones[m].start <= u {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// Duration returns the business time between start and end: the real time
// in [start, end) during which c is open, exact to the nanosecond. It is at
// most end.Sub(start), and additive: Duration(a, c) = Duration(a, b) +
// Duration(b, c) for a <= b <= c.
//
// end before start returns ErrOrder (the value is end - start in
// seconds); an instant outside the years 1900..2199 ErrTimeRange; a
// business time above math.MaxInt64 ns (more than about 292 years open)
// ErrOverflow; a HolidaySource date that does not exist ErrDate.
func (c *Calendar) Duration(start, end time.Time) (time.Duration, error) {
	const fn = "timing.Calendar.Duration"
	a, err := unixNs(fn, "start", start)
	if err != nil {
		return 0, err
	}
	b, err := unixNs(fn, "end", end)
	if err != nil {
		return 0, err
	}
	if b < a {
		return 0, valueErr(fn, "end - start (s)", end.Sub(start).Seconds(), ErrOrder)
	}
	d, err := c.between(a, b)
	if err != nil {
		return 0, addFunc(err, fn)
	}
	return time.Duration(d), nil
}

// between returns the business time of [a, b), a <= b, in Unix ns.
//
// Within a zone of constant offset the wall clock runs with real time, so
// business time is the wall-clock business time of [a+off, b+off). Over
// several zones it is the wall-clock business time from a+off(a) to
// b+off(b), less, at each clock change T from offset o1 to o2, the signed
// wall time from T+o1 to T+o2 (an hour skipped counts out, an hour
// repeated counts twice). Each correction reads one day, so the cost is
// one wall-clock measure plus a few nanoseconds per clock change.
func (c *Calendar) between(a, b int64) (int64, error) {
	i, j := c.zoneAt(a), c.zoneAt(b)
	sum, err := c.signedWall(a+c.zones[i].off, b+c.zones[j].off)
	if err != nil {
		return 0, err
	}
	for k := i + 1; k <= j; k++ {
		t := c.zones[k].start
		w, err := c.signedWall(t+c.zones[k-1].off, t+c.zones[k].off)
		if err != nil {
			return 0, err
		}
		sum -= w
	}
	// The years 1900..2199 span more than the 292 years of an int64 of
	// nanoseconds. The sums above are exact modulo 2^64 and the true
	// business time lies in [0, b-a] with b-a < 2^64, so a negative sum
	// means a business time above math.MaxInt64.
	if sum < 0 {
		return 0, valueErr("", "span (s)", float64(b)/1e9-float64(a)/1e9, ErrOverflow)
	}
	return sum, nil
}

// signedWall is wall(x, y), or -wall(y, x) when y < x.
func (c *Calendar) signedWall(x, y int64) (int64, error) {
	if y < x {
		w, err := c.wall(y, x)
		return -w, err
	}
	return c.wall(x, y)
}

// Add returns the earliest instant at which d of business time has passed
// since start, in start's location: Duration(start, Add(start, d)) = d
// exactly, and Add(start, Duration(start, t)) <= t. Add(start, 0) is start
// (even out of hours).
//
// A negative d returns ErrNegative; a calendar with no opening hours left
// before 2200 ErrNoHours; instants outside 1900..2199 ErrTimeRange.
func (c *Calendar) Add(start time.Time, d time.Duration) (time.Time, error) {
	const fn = "timing.Calendar.Add"
	if d < 0 {
		return time.Time{}, valueErr(fn, "d (s)", d.Seconds(), ErrNegative)
	}
	a, err := unixNs(fn, "start", start)
	if err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		return start, nil
	}
	r := int64(d)
	for i := c.zoneAt(a); i < len(c.zones); i++ {
		z := c.zones[i]
		limit := maxDay * dayNs // in wall ns
		last := i+1 == len(c.zones)
		if !last {
			limit = c.zones[i+1].start + z.off
			w, err := c.wall(a+z.off, limit)
			if err != nil {
				return time.Time{}, addFunc(err, fn)
			}
			if r > w {
				r -= w
				a = c.zones[i+1].start
				continue
			}
		}
		x, err := c.wallAdd(a+z.off, r, limit)
		if err != nil {
			if err == errNever {
				return time.Time{}, valueErr(fn, "d (s)", d.Seconds(), ErrNoHours)
			}
			return time.Time{}, addFunc(err, fn)
		}
		return time.Unix(0, x-z.off).In(start.Location()), nil
	}
	return time.Time{}, valueErr(fn, "d (s)", d.Seconds(), ErrNoHours)
}

var errNever = fmt.Errorf("never")

// addFunc returns a copy of a helper's ValueError naming fn (a copy: the
// error may be cached in a year block and shared between goroutines).
func addFunc(err error, fn string) error {
	if ve, ok := err.(*estimate.ValueError); ok {
		c := *ve
		c.Func = fn
		return &c
	}
	return err
}

// wall returns the business time in the wall-clock range [x, y), in ns
// since 1970-01-01 00:00 wall time. It knows nothing of clock changes.
func (c *Calendar) wall(x, y int64) (int64, error) {
	dx, tx := floorDiv(x, dayNs)
	dy, ty := floorDiv(y, dayNs)
	wx, err := c.windows(dx)
	if err != nil {
		return 0, err
	}
	if dx == dy {
		return overlap(wx, tx, ty), nil
	}
	wy, err := c.windows(dy)
	if err != nil {
		return 0, err
	}
	mid, err := c.fullDays(dx+1, dy)
	if err != nil {
		return 0, err
	}
	return overlap(wx, tx, dayNs) + mid + overlap(wy, 0, ty), nil
}

// wallAdd returns the earliest wall instant x with wall(x0, x) = r, r > 0,
// no later than limit, or errNever.
func (c *Calendar) wallAdd(x0, r, limit int64) (int64, error) {
	d0, t0 := floorDiv(x0, dayNs)
	w0, err := c.windows(d0)
	if err != nil {
		return 0, err
	}
	if rest := overlap(w0, t0, dayNs); r <= rest {
		return check(d0*dayNs+within(w0, t0, r), limit)
	} else {
		r -= rest
	}
	// The smallest m > d0 with fullDays(d0+1, m) >= r; the wanted day is m-1.
	lo, step := d0+1, int64(1)
	if c.weekTotal > 0 {
		step = max(1, min(r/c.weekTotal, maxDay)*7) // clamped: a 1 ns window must not overflow
	}
	hi := lo + step
	for {
		if hi > maxDay {
			hi = maxDay
		}
		f, err := c.fullDays(d0+1, hi)
		if err != nil {
			return 0, err
		}
		if f >= r {
			break
		}
		if hi == maxDay {
			return 0, errNever
		}
		lo, step = hi, step*2
		hi = lo + step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		f, err := c.fullDays(d0+1, mid)
		if err != nil {
			return 0, err
		}
		if f >= r {
			hi = mid
		} else {
			lo = mid
		}
	}
	n := hi - 1
	f, err := c.fullDays(d0+1, n)
	if err != nil {
		return 0, err
	}
	wn, err := c.windows(n)
	if err != nil {
		return 0, err
	}
	return check(n*dayNs+within(wn, 0, r-f), limit)
}

func check(x, limit int64) (int64, error) {
	if x > limit {
		return 0, errNever
	}
	return x, nil
}

// overlap returns the time of ws inside [t0, t1) of one day.
func overlap(ws []window, t0, t1 int64) int64 {
	var s int64
	for _, w := range ws {
		lo, hi := max(w.s, t0), min(w.e, t1)
		if lo < hi {
			s += hi - lo
		}
	}
	return s
}

// within returns the time of day at which r of ws has passed since t0;
// the caller ensures that ws holds at least r after t0.
func within(ws []window, t0, r int64) int64 {
	for _, w := range ws {
		lo := max(w.s, t0)
		if lo >= w.e {
			continue
		}
		if r <= w.e-lo {
			return lo + r
		}
		r -= w.e - lo
	}
	return dayNs // not reached when the caller's promise holds
}

// fullDays returns the business time of the whole days n1..n2-1.
func (c *Calendar) fullDays(n1, n2 int64) (int64, error) {
	if n2 <= n1 {
		return 0, nil
	}
	s := c.nominal(n2) - c.nominal(n1)
	for k := (n1 - chunkBase) >> chunkShift; k <= (n2-1-chunkBase)>>chunkShift; k++ {
		b := c.block(k)
		if b.err != nil {
			return 0, b.err
		}
		if len(b.days) == 0 {
			continue
		}
		i, _ := slices.BinarySearch(b.days, n1)
		j, _ := slices.BinarySearch(b.days, n2)
		s += b.adj[j] - b.adj[i]
	}
	return s, nil
}

// nominal returns the business time of days [0, n) as if none were special.
func (c *Calendar) nominal(n int64) int64 {
	w, r := floorDiv(n, 7)
	return w*c.weekTotal + c.pw[r]
}

// windows returns the opening windows of day n.
func (c *Calendar) windows(n int64) ([]window, error) {
	b := c.block((n - chunkBase) >> chunkShift)
	if b.err != nil {
		return nil, b.err
	}
	if i, ok := slices.BinarySearch(b.days, n); ok {
		return b.wins[i], nil
	}
	return c.week[weekday(n)], nil
}

// block returns the special days of chunk k, building them once.
func (c *Calendar) block(k int64) *yearBlock {
	p := &c.chunks[k]
	if b := p.Load(); b != nil {
		return b
	}
	// Two goroutines may build the same year; both builds are equal and
	// the first stored wins.
	p.CompareAndSwap(nil, c.build(k))
	return p.Load()
}

func (c *Calendar) build(k int64) *yearBlock {
	first := chunkBase + k<<chunkShift
	last := first + 1<<chunkShift // exclusive
	in := func(n int64) bool { return first <= n && n < last }
	byDay := make(map[int64]special)
	y0, y1 := yearOf(first), yearOf(last-1)
	for y := y0; y <= y1; y++ {
		for _, s := range c.static[y] {
			if old, ok := byDay[s.day]; !in(s.day) || ok && old.except {
				continue // an exception beats a holiday
			}
			byDay[s.day] = s
		}
	}
	if c.source != nil {
		for yy := y0 - 1; yy <= y1+1; yy++ {
			for i, d := range c.source(yy) {
				if !d.valid() {
					return &yearBlock{err: textErr("timing.Calendar", "HolidaySource date", d.String(), i, ErrDate)}
				}
				if d.Year < y0 || d.Year > y1 {
					continue
				}
				n := daysFromCivil(d.Year, d.Month, d.Day)
				if _, ok := byDay[n]; !ok && in(n) {
					byDay[n] = special{day: n}
				}
			}
		}
	}
	b := &yearBlock{adj: []int64{0}}
	for _, n := range slices.Sorted(maps.Keys(byDay)) {
		s := byDay[n]
		b.days = append(b.days, n)
		b.wins = append(b.wins, s.windows)
		b.adj = append(b.adj, b.adj[len(b.adj)-1]+total(s.windows)-c.dayTotal[weekday(n)])
	}
	return b
}

func weekday(n int64) int {
	_, r := floorDiv(n+4, 7) // 1970-01-01 was a Thursday
	return int(r)
}

// floorDiv returns the floor quotient and the non-negative remainder.
func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Hinnant, "chrono-Compatible Low-Level Date Algorithms").
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era = (yy - 399) / 400
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// yearStarts[i] is the day number of January 1 of year tableYear0+i.
const tableYear0 = minYear - 4

var yearStarts = func() (t [maxYear - minYear + 10]int64) {
	for i := range t {
		t[i] = daysFromCivil(tableYear0+i, 1, 1)
	}
	return t
}()

// yearOf returns the year of day n, by table between 1896 and 2204 and
// by civilFromDays outside.
func yearOf(n int64) int {
	i := int((n-yearStarts[0])*400/146097) - 1
	if i < 0 || n >= yearStarts[len(yearStarts)-1] {
		y, _, _ := civilFromDays(n)
		return y
	}
	for yearStarts[i+1] <= n {
		i++
	}
	return tableYear0 + i
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}
