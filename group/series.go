package group

import (
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/strictjson"
)

// A Series keeps one accumulator per calendar period (per day, ISO week,
// month or quarter, read in one Location), made the first time a period is
// seen, and lists them in chronological order.
//
// The key of a period is its first instant as [Period.Start] returns it:
// a time in the Series' Location without a monotonic clock reading, so
// every instant of a period, whatever Location or clock reading it comes
// with, finds the same accumulator.
//
// Make a Series with [ByPeriod]. The zero Series is empty and has no
// calendar: it can be listed and marshalled, but [Series.At] panics on it
// and [Series.Merge] and [Series.UnmarshalJSON] return [ErrZero].
//
// A Series is not safe for concurrent use, not even by readers only (At
// caches the last period and listing sorts lazily). To split work across
// goroutines, give each its own Series and Merge them when they are done.
type Series[T any, P Accumulator[T]] struct {
	// New makes the accumulator of a period seen for the first time, and
	// the accumulators that Merge and UnmarshalJSON fill. If New is nil,
	// they are new(T). New must not return nil. Set it before the first
	// call to At.
	New func() P

	cal calendar
	t   table[time.Time, T, P]
}

// ByPeriod returns an empty Series of periods p in loc. P is inferred:
//
//	w := group.ByPeriod[nps.Tally](group.Week, loc)
//	w.At(t).Add(9)
//
// An invalid p or a nil loc is a programming error (a loc comes from
// [time.LoadLocation], whose error should have been handled; a Period read
// from text is checked by [Period.UnmarshalText]): ByPeriod panics with an
// error wrapping [ErrPeriod] or [ErrLocation].
func ByPeriod[T any, P Accumulator[T]](p Period, loc *time.Location) *Series[T, P] {
	return &Series[T, P]{
		cal: newCalendar("group.ByPeriod", p, loc),
		t:   newTable[time.Time, T, P](time.Time.Compare),
	}
}

// Period returns the kind of period of s: Day, Week, Month or Quarter, or
// zero for a zero Series.
func (s *Series[T, P]) Period() Period { return s.cal.period }

// Location returns the Location in which s reads times, or nil for a zero
// Series.
func (s *Series[T, P]) Location() *time.Location { return s.cal.loc }

// At returns the accumulator of the period that contains t, read in s's
// Location, making it with New the first time the period is seen. It does
// not allocate for a period already seen, and is fastest when successive
// calls fall in the same period. At on a zero Series panics with an error
// wrapping [ErrZero].
func (s *Series[T, P]) At(t time.Time) P {
	k := s.cal.key("group.Series.At", t)
	if p, ok := s.t.m[k]; ok {
		return p
	}
	return s.t.create("group.Series.At", k, s.New)
}

// Get returns the accumulator of the period that contains t and true, or
// nil and false when that period has not been seen. Unlike [Series.At] it
// never adds a period.
func (s *Series[T, P]) Get(t time.Time) (P, bool) {
	if s.cal.loc == nil {
		return nil, false
	}
	p, ok := s.t.m[s.cal.lookup(t)]
	return p, ok
}

// Len returns the number of periods seen.
func (s *Series[T, P]) Len() int { return len(s.t.m) }

// All returns an iterator over the periods seen, as their first instants,
// and their accumulators, in chronological order. Periods with no
// accumulator are skipped; [Series.Periods] lists them all. Periods added
// while the iteration runs are not visited.
func (s *Series[T, P]) All() iter.Seq2[time.Time, P] { return s.t.all() }

// Span returns the first instants of the earliest and the latest period
// seen, and true; or zero times and false for an empty Series. Pass them to
// [Series.Periods] to list every period of the data, gaps included.
func (s *Series[T, P]) Span() (first, last time.Time, ok bool) {
	ks := s.t.sorted()
	if len(ks) == 0 {
		return time.Time{}, time.Time{}, false
	}
	return ks[0], ks[len(ks)-1], true
}

// Periods returns an iterator over the first instants of every period of
// s's kind, read in s's Location, from the one that contains from to the
// one that contains to, both included, whether or not s has an
// accumulator for it: the x axis of a trend chart, gaps shown. It yields
// nothing when to is before from, and for a zero Series.
func (s *Series[T, P]) Periods(from, to time.Time) iter.Seq[time.Time] {
	return s.cal.periods(from, to)
}

// Merge adds the accumulators of o to those of s, period by period: into
// s's accumulator of the same period, or into a new one (made as New makes
// them) for a period s lacks, so that s never shares an accumulator with o.
// o is not modified; a nil or empty o merges nothing.
//
// The Series must count the same kind of period, and every period of o
// must start at a period start in s's Location (the Locations may be two
// loads of one zone, or zones with the same rules over o's periods);
// otherwise Merge returns ErrMismatch. If the Merge of an accumulator
// fails, Merge returns an error naming the first such period, whose reason
// is a [*KeyError] wrapping the accumulator's error. On any error s is
// unchanged. A zero s returns ErrZero when o has periods.
func (s *Series[T, P]) Merge(o *Series[T, P]) error {
	const fn = "group.Series.Merge"
	if o == nil || o.Len() == 0 {
		return nil
	}
	if s.cal.loc == nil {
		return zeroErr(fn, "Series")
	}
	if err := s.cal.compatible(fn, &o.cal); err != nil {
		return err
	}
	for _, k := range o.t.sorted() {
		if err := s.cal.checkStart(fn, k); err != nil {
			return err
		}
	}
	return s.t.merge(fn, "Series", &o.t, s.New, s.cal.lookup)
}

type periodEntry[P any] struct {
	Start time.Time `json:"start"`
	Label string    `json:"label"`
	Value P         `json:"value"`
}

// MarshalJSON returns s as a JSON list, in chronological order, of
// {"start": first instant in RFC 3339, "label": Label, "value": v} objects,
// each v as encoding/json marshals T:
//
//	[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{...}}]
//
// The start is written with its local offset, or in UTC when the offset
// has seconds that RFC 3339 cannot write (local mean time before about
// 1900).
//
// An empty Series is []. Errors are those of marshalling T, and of
// [time.Time.MarshalJSON] for years outside 0..9999.
func (s *Series[T, P]) MarshalJSON() ([]byte, error) {
	es := make([]periodEntry[P], 0, s.Len())
	for k, p := range s.All() {
		es = append(es, periodEntry[P]{jsonTime(k), s.cal.label(k), p})
	}
	return json.Marshal(es)
}

// UnmarshalJSON replaces the contents of s with the entries of a list as
// [Series.MarshalJSON] writes it. Each start must be the first instant of
// a period of s's kind in s's Location, and its label the period's label;
// the key is that instant in s's Location. Each value is decoded into an
// accumulator made as New makes them. JSON null leaves s unchanged.
//
// The decoding is strict: input that is not a list of objects with exactly
// the keys "start", "label" and "value" (spelled so, each once, none
// null), a start twice, a value that does not decode, or anything after
// the list returns ErrCorrupt, as an [*estimate.ValueError] with the
// entry's index, and leaves s unchanged. A zero s returns ErrZero.
func (s *Series[T, P]) UnmarshalJSON(data []byte) error {
	const fn = "group.Series.UnmarshalJSON"
	if s.cal.loc == nil {
		return zeroErr(fn, "Series")
	}
	if isNull(data) {
		return nil
	}
	es, err := strictjson.Array(data)
	if err != nil {
		return corruptErr(fn, "json", strictjson.Short(data), -1, err.Error())
	}
	t := newTable[time.Time, T, P](s.t.cmp)
	for i, e := range es {
		f, err := entry(fn, i, e, "start", "label", "value")
		if err != nil {
			return err
		}
		k, err := s.cal.decodeStart(fn, i, f)
		if err != nil {
			return err
		}
		if err := t.decode(fn, k, i, f["value"], s.New); err != nil {
			return err
		}
	}
	s.t = t
	return nil
}

// jsonTime returns t, or t in UTC when its offset has seconds: RFC 3339
// offsets have minutes only, and time.Time.MarshalJSON would drop them,
// writing another instant.
func jsonTime(t time.Time) time.Time {
	if _, off := t.Zone(); off%60 != 0 {
		return t.UTC()
	}
	return t
}

// calendar reads times in one Location and maps them to the first instants
// of their periods.
type calendar struct {
	period Period
	loc    *time.Location // nil in a zero Series or Panel
	lo, hi time.Time      // the period key found last: [lo, hi)
}

// newCalendar panics on an invalid period or nil location: the
// constructors document it as a programming error.
func newCalendar(fn string, p Period, loc *time.Location) calendar {
	if loc == nil {
		panic(locationErr(fn))
	}
	if !p.IsValid() {
		panic(periodErr(fn, p))
	}
	return calendar{period: p, loc: loc}
}

// key returns the first instant of the period that contains t, and
// remembers the period so that the next call for a time in it is quick.
// On a zero calendar it panics with an error wrapping ErrZero.
func (c *calendar) key(fn string, t time.Time) time.Time {
	if !t.Before(c.lo) && t.Before(c.hi) {
		return c.lo
	}
	if c.loc == nil {
		panic(zeroErr(fn, "group"))
	}
	k := c.period.start(t, c.loc)
	c.lo, c.hi = k, c.period.next(k)
	// Far outside years 1..9999 time.Date wraps, and [k, next) need not be
	// a period that holds t: cache only ranges that are.
	if c.lo.After(t) || !t.Before(c.hi) || c.lo.Year() < 1 || c.hi.Year() > 9999 {
		c.lo, c.hi = time.Time{}, time.Time{}
	}
	return k
}

// lookup is key without remembering: it leaves c unchanged.
func (c *calendar) lookup(t time.Time) time.Time {
	if !t.Before(c.lo) && t.Before(c.hi) {
		return c.lo
	}
	return c.period.start(t, c.loc)
}

func (c *calendar) label(start time.Time) string {
	return string(c.period.appendLabel(make([]byte, 0, 10), start))
}

func (c *calendar) periods(from, to time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		if c.loc == nil || to.Before(from) {
			return
		}
		for k := c.period.start(from, c.loc); !k.After(to); {
			if !yield(k) {
				return
			}
			next := c.period.next(k)
			if !next.After(k) {
				return // only far outside years 1..9999, where time.Date wraps
			}
			k = next
		}
	}
}

// compatible returns ErrMismatch unless o counts the same kind of period
// as c.
func (c *calendar) compatible(fn string, o *calendar) error {
	if o.period != c.period {
		return &estimate.ValueError{Func: fn, Name: "period", Text: o.period.String(), Index: -1,
			Err: fmt.Errorf("%w: %v in %v, want %v in %v", ErrMismatch, o.period, o.loc, c.period, c.loc)}
	}
	return nil
}

// checkStart returns ErrMismatch about key k unless k is the first instant
// of a period in c.
func (c *calendar) checkStart(fn string, k time.Time) error {
	if !c.lookup(k).Equal(k) {
		return keyErr(fn, k, -1, fmt.Errorf("%w: not the start of a %v in %v", ErrMismatch, c.period, c.loc))
	}
	return nil
}

// decodeStart returns the key of entry i of a Series or Panel, whose fields
// are f: its start in c's Location, checked to begin a period and to match
// the label.
func (c *calendar) decodeStart(fn string, i int, f map[string]json.RawMessage) (time.Time, error) {
	var t time.Time
	if err := json.Unmarshal(f["start"], &t); err != nil {
		return time.Time{}, corruptErr(fn, "start", strictjson.Short(f["start"]), i, err.Error())
	}
	var label string
	if err := json.Unmarshal(f["label"], &label); err != nil {
		return time.Time{}, corruptErr(fn, "label", strictjson.Short(f["label"]), i, err.Error())
	}
	k := c.period.start(t, c.loc)
	if !k.Equal(t) {
		return time.Time{}, corruptErr(fn, "start", t.Format(time.RFC3339Nano), i,
			fmt.Sprintf("not the start of a %v in %v", c.period, c.loc))
	}
	if want := c.label(k); label != want {
		return time.Time{}, corruptErr(fn, "label", label, i, fmt.Sprintf("want %q", want))
	}
	return k, nil
}
