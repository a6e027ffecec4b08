package retention

import (
	"math"

	"github.com/servq/servq/estimate"
)

// A Rate is the customer retention of one period, from the customers at
// its start and end. Rates are percentages, 0..100.
type Rate struct {
	// Start, End and New are S, E and N: customers at the start, at the
	// end, and new during the period (active at the end but not at the
	// start, reactivated customers included).
	Start int64 `json:"start"`
	End   int64 `json:"end"`
	New   int64 `json:"new"`
	// Retained is E - N, the customers of the start still there at the
	// end; Lost is S - Retained.
	Retained int64 `json:"retained"`
	Lost     int64 `json:"lost"`
	// Retention is 100·(E - N)/S and Churn is 100 - Retention, in %.
	Retention float64 `json:"retention"`
	Churn     float64 `json:"churn"`
	// RetentionCI and ChurnCI are confidence intervals in %, for Retained
	// of Start read as a binomial proportion (Wilson by default).
	RetentionCI estimate.Interval `json:"retention_ci"`
	ChurnCI     estimate.Interval `json:"churn_ci"`
}

// CustomerRetention returns the customer retention rate of a period,
//
//	retention = 100·(E - N)/S,   churn = 100 - retention
//
// from S customers at its start, E at its end and N new during it (the
// customer retention rate of Reichheld and Sasser 1990, as usually taught),
// with intervals for (E - N) of S as a binomial proportion: the interval
// method of o is one of [estimate.Proportion]'s, Wilson by default.
//
// Errors: S = 0 returns ErrEmpty; a negative count ErrCount; N > E or
// E - N > S ErrFlow, whose message says which; a bad level ErrLevel; an
// unknown method ErrMethod.
func CustomerRetention(start, end, new int64, o estimate.Options) (Rate, error) {
	return rate("retention.CustomerRetention", start, end, new, o)
}

func rate(fn string, s, e, n int64, o estimate.Options) (Rate, error) {
	if err := checkFlow(fn, s, e, n); err != nil {
		return Rate{}, err
	}
	if s == 0 {
		return Rate{}, valueErr(fn, "start", 0, ErrEmpty)
	}
	level, m, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return Rate{}, err
	}
	kept := e - n
	iv, err := estimate.Proportion(kept, s, estimate.Options{Level: level, Method: m})
	if err != nil {
		if ve, ok := err.(*estimate.ValueError); ok {
			ve.Func = fn
		}
		return Rate{}, err
	}
	r := Rate{Start: s, End: e, New: n, Retained: kept, Lost: s - kept}
	r.Retention = 100 * float64(kept) / float64(s)
	r.Churn = 100 * float64(s-kept) / float64(s)
	r.RetentionCI, _ = iv.Scale(100) // ends in [0, 1] and a factor of 100: no error
	r.ChurnCI = estimate.Interval{Lo: 100 - r.RetentionCI.Hi, Hi: 100 - r.RetentionCI.Lo, Level: level, Method: m}
	return r, nil
}

// checkFlow checks that S, E and N can occur together.
func checkFlow(fn string, s, e, n int64) error {
	switch {
	case s < 0:
		return valueErr(fn, "start", float64(s), ErrCount)
	case e < 0:
		return valueErr(fn, "end", float64(e), ErrCount)
	case n < 0:
		return valueErr(fn, "new", float64(n), ErrCount)
	case n > e:
		return valueErr(fn, "new", float64(n), wrapf(ErrFlow, "more new customers than customers at the end (%d)", e))
	case e-n > s:
		return valueErr(fn, "end", float64(e), wrapf(ErrFlow, "end minus new (%d) exceeds the customers at the start (%d)", e-n, s))
	}
	return nil
}

// A Flow counts customers over one period by whether they were there at
// its start and at its end, so that its [Flow.Result] is the customer
// retention rate of [CustomerRetention]. It holds three int64 counts.
//
// The zero value is an empty flow ready to use. Flows of disjoint sets of
// customers (segments, shards) merge with [Flow.Merge]; one Flow per
// period and segment is what group.ByPeriod and group.BySegmentPeriod
// keep. A rejected input leaves the flow unchanged. A Flow is not safe for
// concurrent use.
type Flow struct {
	start, end, new int64
}

// Add counts one customer: m.AtStart when the customer was active at the
// start of the period, m.AtEnd when at its end. A customer at neither is
// not part of the period and is not counted. A count that would overflow
// returns ErrOverflow.
func (f *Flow) Add(m Membership) error {
	return f.addN("retention.Flow.Add", m, 1)
}

// AddN counts count customers of the same membership, as [Flow.Add] does.
// A negative count returns ErrCount.
func (f *Flow) AddN(m Membership, count int64) error {
	return f.addN("retention.Flow.AddN", m, count)
}

// AddAll counts every customer of ms, as [Flow.Add] does, all or none: an
// overflow returns ErrOverflow and counts none.
func (f *Flow) AddAll(ms []Membership) error {
	var s, e, n int64
	for _, m := range ms { // at most len(ms) each: no overflow
		if m.AtStart {
			s++
		}
		if m.AtEnd {
			e++
			if !m.AtStart {
				n++
			}
		}
	}
	return f.add("retention.Flow.AddAll", s, e, n)
}

func (f *Flow) addN(fn string, m Membership, c int64) error {
	if c < 0 {
		return valueErr(fn, "count", float64(c), ErrCount)
	}
	var s, e, n int64
	if m.AtStart {
		s = c
	}
	if m.AtEnd {
		e = c
		if !m.AtStart {
			n = c
		}
	}
	return f.add(fn, s, e, n)
}

// AddCounts adds the counts S, E and N of a group of customers (one
// segment's totals), checked as [CustomerRetention] checks them.
func (f *Flow) AddCounts(start, end, new int64) error {
	const fn = "retention.Flow.AddCounts"
	if err := checkFlow(fn, start, end, new); err != nil {
		return err
	}
	return f.add(fn, start, end, new)
}

func (f *Flow) add(fn string, s, e, n int64) error {
	// N = start + new must stay an int64 too; new <= end, so new fits.
	if f.start > math.MaxInt64-s || f.end > math.MaxInt64-e || f.start+s > math.MaxInt64-(f.new+n) {
		return valueErr(fn, "count", float64(max(s, e)), ErrOverflow)
	}
	f.start += s
	f.end += e
	f.new += n
	return nil
}

// Merge adds the counts of o to f, as if its customers had been added to
// f. A nil o adds nothing; an overflow returns ErrOverflow and leaves f
// unchanged.
func (f *Flow) Merge(o *Flow) error {
	if o == nil {
		return nil
	}
	return f.add("retention.Flow.Merge", o.start, o.end, o.new)
}

// Counts returns S, E and N.
func (f *Flow) Counts() (start, end, new int64) { return f.start, f.end, f.new }

// N returns the number of customers counted, S + N.
func (f *Flow) N() int64 { return f.start + f.new }

// Result returns the retention rate of the customers counted, as
// [CustomerRetention] computes it; no customer at the start returns
// ErrEmpty.
func (f *Flow) Result(o estimate.Options) (Rate, error) {
	return rate("retention.Flow.Result", f.start, f.end, f.new, o)
}

// CompareFlows answers "did retention change?" between two periods or
// segments: the difference a - b of the retention rates, in percentage
// points, with Newcombe's interval and the pooled two-proportion z test
// ([estimate.DiffProportions], whose methods o may name). A flow without
// customers at the start returns ErrEmpty.
func CompareFlows(a, b *Flow, o estimate.Options) (estimate.Difference, error) {
	const fn = "retention.CompareFlows"
	level, m, err := o.Resolve(fn, estimate.Newcombe, estimate.Wald)
	if err != nil {
		return estimate.Difference{}, err
	}
	if a == nil || a.start == 0 {
		return estimate.Difference{}, valueErr(fn, "a.start", 0, ErrEmpty)
	}
	if b == nil || b.start == 0 {
		return estimate.Difference{}, valueErr(fn, "b.start", 0, ErrEmpty)
	}
	d, err := estimate.DiffProportions(a.end-a.new, a.start, b.end-b.new, b.start, estimate.Options{Level: level, Method: m})
	if err != nil {
		if ve, ok := err.(*estimate.ValueError); ok {
			ve.Func = fn
		}
		return estimate.Difference{}, err
	}
	d.Estimate *= 100
	d.CI, _ = d.CI.Scale(100) // ends in [-1, 1] and a factor of 100: no error
	return d, nil
}
