package group

import (
	"math"
	"time"

	"github.com/servq/servq/estimate"
)

// ErrCount means a window of fewer than one period.
var ErrCount = estimate.ErrCount

// Window returns a new accumulator, made as New makes them, holding the
// merge of the accumulators of k consecutive periods: the one that
// contains end and the k-1 before it, read in s's Location. Periods
// without an accumulator add nothing, so a window with no data is an
// empty accumulator; s is not modified. It is the trailing sum of a trend
// report, "the last 4 weeks":
//
//	last4, err := weeks.Window(end, 4)
//	r, err := last4.Result(estimate.Options{})
//
// To compare a period with the ones before it, end the window at the
// period before: s.Window(start.Add(-1), 4) pools the 4 weeks before the
// week that begins at start. A k below 1 returns ErrCount; a zero s
// ErrZero; a failing Merge an error naming the period, wrapping the
// accumulator's error. Periods are counted on the calendar (a day that a
// zone skipped, as Samoa did 2011-12-30, counts as one), and the cost is
// bounded by the data, not by k: k lookups, or one pass over the periods
// of s when k is larger than their number.
func (s *Series[T, P]) Window(end time.Time, k int) (P, error) {
	const fn = "group.Series.Window"
	if err := checkWindow(fn, "Series", s.cal.loc, k); err != nil {
		return nil, err
	}
	return window(fn, &s.t, &s.cal, end, k, s.New,
		func(start time.Time) time.Time { return start },
		func(k time.Time) (time.Time, bool) { return k, true })
}

// Window is [Series.Window] for segment seg of g: a new accumulator holding
// the merge of seg's accumulators of the k periods that end with the one
// that contains end. A k below 1 returns ErrCount; a zero g ErrZero.
func (g *Panel[S, T, P]) Window(seg S, end time.Time, k int) (P, error) {
	const fn = "group.Panel.Window"
	if err := checkWindow(fn, "Panel", g.cal.loc, k); err != nil {
		return nil, err
	}
	return window(fn, &g.t, &g.cal, end, k, g.New,
		func(start time.Time) Cell[S] { return Cell[S]{seg, start} },
		func(c Cell[S]) (time.Time, bool) { return c.Start, c.Segment == seg })
}

func checkWindow(fn, what string, loc *time.Location, k int) error {
	if loc == nil {
		return zeroErr(fn, what)
	}
	if k < 1 {
		return &estimate.ValueError{Func: fn, Name: "k", Value: float64(k), Index: -1, Err: ErrCount}
	}
	return nil
}

// window merges into a fresh accumulator the accumulators of t whose
// period is one of the k that end with the period of end. Periods are
// counted by their calendar index (Period.index), so the cost is bounded
// by the data, not by k: for k up to the number of keys it looks up each
// of the k periods, beyond that it scans the keys once.
func window[K comparable, T any, P Accumulator[T]](fn string, t *table[K, T, P], c *calendar, end time.Time, k int,
	newAcc func() P, key func(time.Time) K, start func(K) (time.Time, bool)) (P, error) {
	out := fresh(fn, newAcc)
	if len(t.m) == 0 {
		return out, nil
	}
	hi := c.period.index(c.lookup(end))
	lo := hi - int64(k-1)
	if lo > hi { // k - 1 beyond the int64 range below hi
		lo = math.MinInt64
	}
	merge := func(kt K, p P) error {
		if err := out.Merge(p); err != nil {
			return keyErr(fn, kt, -1, err)
		}
		return nil
	}
	if k <= len(t.m) {
		var prev K
		for i := hi; ; i-- {
			y, m, d := c.period.dateOf(i)
			kt := key(firstInstant(y, m, d, c.loc))
			// A skipped day starts where the next day does: merge that key once.
			if p, ok := t.m[kt]; ok && (i == hi || kt != prev) {
				if err := merge(kt, p); err != nil {
					return nil, err
				}
			}
			if prev = kt; i == lo {
				break
			}
		}
		return out, nil
	}
	for _, kt := range t.sorted() {
		st, ok := start(kt)
		if i := c.period.index(st); ok && lo <= i && i <= hi {
			if err := merge(kt, t.m[kt]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
