package group

import (
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
// accumulator's error. It costs k map lookups and merges, at most one per
// period from end back to the earliest period of s.
func (s *Series[T, P]) Window(end time.Time, k int) (P, error) {
	const fn = "group.Series.Window"
	if err := checkWindow(fn, "Series", s.cal.loc, k); err != nil {
		return nil, err
	}
	return window(fn, &s.t, &s.cal, end, k, s.New, func(start time.Time) time.Time { return start })
}

// Window is [Series.Window] for segment seg of g: a new accumulator holding
// the merge of seg's accumulators of the k periods that end with the one
// that contains end. A k below 1 returns ErrCount; a zero g ErrZero.
func (g *Panel[S, T, P]) Window(seg S, end time.Time, k int) (P, error) {
	const fn = "group.Panel.Window"
	if err := checkWindow(fn, "Panel", g.cal.loc, k); err != nil {
		return nil, err
	}
	return window(fn, &g.t, &g.cal, end, k, g.New, func(start time.Time) Cell[S] { return Cell[S]{seg, start} })
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

// window merges the accumulators of t at the keys of the k periods ending
// with the one of end into a fresh accumulator. It walks back from end's
// period, stopping early once it is before every key of t.
func window[K comparable, T any, P Accumulator[T]](fn string, t *table[K, T, P], c *calendar, end time.Time, k int,
	newAcc func() P, key func(time.Time) K) (P, error) {
	out := fresh(fn, newAcc)
	if len(t.m) == 0 {
		return out, nil
	}
	var first time.Time // the earliest key of t, found if the window is long
	found := false
	start := c.lookup(end)
	for i := 0; i < k; i++ {
		if i == 64 {
			for kt := range t.m {
				if st := startOf(kt); !found || st.Before(first) {
					first, found = st, true
				}
			}
		}
		if i >= 64 && start.Before(first) {
			break
		}
		if p, ok := t.m[key(start)]; ok {
			if err := out.Merge(p); err != nil {
				return nil, keyErr(fn, key(start), -1, err)
			}
		}
		prev := c.period.start(start.Add(-1), c.loc)
		if !prev.Before(start) {
			break // only far outside years 1..9999, where time.Date wraps
		}
		start = prev
	}
	return out, nil
}

// startOf returns the period start of a key of a Series or a Panel.
func startOf(k any) time.Time {
	switch k := k.(type) {
	case time.Time:
		return k
	case interface{ start() time.Time }:
		return k.start()
	}
	return time.Time{}
}

func (c Cell[S]) start() time.Time { return c.Start }
