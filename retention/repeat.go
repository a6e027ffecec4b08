package retention

import (
	"math"

	"github.com/servq/servq/estimate"
)

// Ratio names the interval of a ratio estimator: the estimate ± a
// Student-t quantile (df = m - 1, m customers) times its delta-method
// standard error (Cochran 1977, section 6.3).
const Ratio estimate.Method = "ratio"

// A RepeatRate is the repeat-purchase rate of a set of customers and the
// mean time between their purchases.
type RepeatRate struct {
	// Customers is the number of customers, Repeaters those with two or
	// more purchases.
	Customers int64 `json:"customers"`
	Repeaters int64 `json:"repeaters"`
	// Rate is 100·Repeaters/Customers, in %, and CI its interval in %
	// (Wilson by default).
	Rate float64           `json:"rate"`
	CI   estimate.Interval `json:"ci"`
	// Gaps is the number of times between consecutive purchases, the sum
	// of purchases - 1 over the repeaters.
	Gaps int64 `json:"gaps"`
	// MeanGap is the mean time between consecutive purchases, in days,
	// pooled over every gap; MeanGapCI is its [Ratio] interval in days.
	// With fewer than two repeaters there is no spread to estimate and
	// MeanGapCI is the point [MeanGap, MeanGap]; with none, all three are 0.
	MeanGap   float64           `json:"mean_gap_days"`
	MeanGapCI estimate.Interval `json:"mean_gap_ci"`
}

// A Repeat accumulates customers' purchase counts and purchase spans for
// the repeat-purchase rate
//
//	rate = 100·(customers with >= 2 purchases)/customers
//
// and the mean time between purchases, a ratio estimator over the
// repeaters i (x_i the days from first to last purchase, y_i = purchases-1):
//
//	gap = Σx/Σy,  SE² = Σ(x_i - gap·y_i)² / ((m-1)·m·ȳ²)
//
// It holds seven sums, never the purchases. The zero value is empty and
// ready to use; Repeats of disjoint customers merge. A rejected input
// leaves it unchanged.
type Repeat struct {
	customers, repeaters, gaps int64
	sx, sxx, sxy, syy          float64 // days, over repeaters
}

// Add counts one customer with p.Count purchases, the first at p.First
// and the last at p.Last (read only when Count >= 2). A negative count
// returns ErrCount, a Last before First ErrDuration, sums beyond float64
// ErrNotFinite.
func (r *Repeat) Add(p Purchases) error {
	const fn = "retention.Repeat.Add"
	o, err := repeatOf(fn, p, -1)
	if err != nil {
		return err
	}
	return r.merge(fn, &o)
}

// AddN counts count customers with the same purchases p, as count calls
// of [Repeat.Add] do. A negative count returns ErrCount, counts above
// MaxInt64 ErrOverflow, sums beyond float64 ErrNotFinite; zero does
// nothing.
func (r *Repeat) AddN(p Purchases, count int64) error {
	const fn = "retention.Repeat.AddN"
	o, err := repeatOf(fn, p, -1)
	if err != nil {
		return err
	}
	if count < 0 {
		return valueErr(fn, "count", float64(count), ErrCount)
	}
	if o.gaps > 0 && o.gaps > math.MaxInt64/max(count, 1) {
		return valueErr(fn, "count", float64(count), ErrOverflow)
	}
	c := float64(count)
	o = Repeat{o.customers * count, o.repeaters * count, o.gaps * count, o.sx * c, o.sxx * c, o.sxy * c, o.syy * c}
	if math.IsInf(o.sx, 0) {
		return valueErr(fn, "sum", o.sx, ErrNotFinite)
	}
	return r.merge(fn, &o)
}

// AddAll counts the customers of ps as [Repeat.Add] does, all or none: a
// bad one returns its error with its index, and then none is counted.
func (r *Repeat) AddAll(ps []Purchases) error {
	const fn = "retention.Repeat.AddAll"
	s := *r
	for i, p := range ps {
		o, err := repeatOf(fn, p, i)
		if err == nil {
			err = s.merge(fn, &o)
		}
		if err != nil {
			return renameIndex(err, i)
		}
	}
	*r = s
	return nil
}

// repeatOf returns the Repeat of one customer's purchases p; i is the
// index for the error, -1 outside a sequence.
func repeatOf(fn string, p Purchases, i int) (Repeat, error) {
	if p.Count < 0 {
		return Repeat{}, indexErr(fn, "purchases", float64(p.Count), i, ErrCount)
	}
	if p.Count < 2 {
		return Repeat{customers: 1}, nil
	}
	// Days from first to last from their Unix seconds, not Last.Sub(First),
	// which saturates at 292 years.
	x := (float64(p.Last.Unix())-float64(p.First.Unix()))/86400 +
		float64(p.Last.Nanosecond()-p.First.Nanosecond())/86400e9
	if p.Last.Before(p.First) {
		return Repeat{}, indexErr(fn, "span", x, i, ErrDuration)
	}
	x = math.Max(0, x)
	y := float64(p.Count - 1)
	return Repeat{customers: 1, repeaters: 1, gaps: p.Count - 1, sx: x, sxx: x * x, sxy: x * y, syy: y * y}, nil
}

// Merge adds the customers of o to r. A nil o adds nothing; an overflow
// returns ErrOverflow and leaves r unchanged.
func (r *Repeat) Merge(o *Repeat) error {
	if o == nil {
		return nil
	}
	return r.merge("retention.Repeat.Merge", o)
}

func (r *Repeat) merge(fn string, o *Repeat) error {
	if r.customers > math.MaxInt64-o.customers || r.gaps > math.MaxInt64-o.gaps {
		return valueErr(fn, "count", float64(o.customers), ErrOverflow)
	}
	s := Repeat{r.customers + o.customers, r.repeaters + o.repeaters, r.gaps + o.gaps,
		r.sx + o.sx, r.sxx + o.sxx, r.sxy + o.sxy, r.syy + o.syy}
	if math.IsInf(s.sxx, 0) || math.IsInf(s.sxy, 0) || math.IsInf(s.syy, 0) {
		return valueErr(fn, "sum", s.sxx, ErrNotFinite)
	}
	*r = s
	return nil
}

// N returns the number of customers counted.
func (r *Repeat) N() int64 { return r.customers }

// Result returns the repeat-purchase rate with its interval (o.Method one
// of [estimate.Proportion]'s, Wilson by default) and the mean time between
// purchases with its [Ratio] interval at the same level. No customers
// returns ErrEmpty.
func (r *Repeat) Result(o estimate.Options) (RepeatRate, error) {
	const fn = "retention.Repeat.Result"
	if r.customers == 0 {
		return RepeatRate{}, valueErr(fn, "customers", 0, ErrEmpty)
	}
	level, m, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return RepeatRate{}, err
	}
	iv, err := estimate.Proportion(r.repeaters, r.customers, estimate.Options{Level: level, Method: m})
	if err != nil {
		return RepeatRate{}, renameErr(err, fn)
	}
	ci, _ := iv.Scale(100) // ends in [0, 1] and a factor of 100: no error
	out := RepeatRate{Customers: r.customers, Repeaters: r.repeaters, Gaps: r.gaps,
		Rate: 100 * float64(r.repeaters) / float64(r.customers), CI: ci}
	out.MeanGapCI = estimate.Interval{Level: level, Method: Ratio}
	if r.repeaters == 0 {
		return out, nil
	}
	g := r.sx / float64(r.gaps)
	out.MeanGap = g
	out.MeanGapCI.Lo, out.MeanGapCI.Hi = g, g
	if r.repeaters >= 2 {
		mf := float64(r.repeaters)
		ybar := float64(r.gaps) / mf
		ss := math.Max(0, r.sxx-2*g*r.sxy+g*g*r.syy)
		se := math.Sqrt(ss / ((mf - 1) * mf * ybar * ybar))
		t, _ := estimate.T(level, mf-1)
		out.MeanGapCI.Lo, out.MeanGapCI.Hi = math.Max(0, g-t*se), g+t*se
	}
	return out, nil
}
