package retention

import (
	"math"
	"time"

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

// Add counts one customer with the given number of purchases, the first at
// first and the last at last (read only when purchases >= 2). A negative
// count returns ErrCount, a last before first ErrDuration.
func (r *Repeat) Add(purchases int64, first, last time.Time) error {
	const fn = "retention.Repeat.Add"
	if purchases < 0 {
		return valueErr(fn, "purchases", float64(purchases), ErrCount)
	}
	o := Repeat{customers: 1}
	if purchases >= 2 {
		if last.Before(first) {
			return valueErr(fn, "span", last.Sub(first).Hours()/24, ErrDuration)
		}
		x := last.Sub(first).Hours() / 24
		y := float64(purchases - 1)
		o = Repeat{customers: 1, repeaters: 1, gaps: purchases - 1, sx: x, sxx: x * x, sxy: x * y, syy: y * y}
	}
	return r.merge(fn, &o)
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
