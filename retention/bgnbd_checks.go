package retention

import (
	"math"
	"slices"
	"time"
)

// A FrequencyRow compares, for the customers with X repeat purchases (X
// and more in the last row, where AndMore is true), how many there are
// (Actual) with how many the model expects (Expected). In a HoldoutCheck
// Actual and Expected are instead mean purchases per customer in the
// holdout, and Customers the customers of the row.
type FrequencyRow struct {
	X         int64   `json:"x"`
	AndMore   bool    `json:"and_more"`
	Customers int64   `json:"customers"`
	Actual    float64 `json:"actual"`
	Expected  float64 `json:"expected"`
}

// FrequencyCheck compares the number of customers with 0, 1, ...,
// maxX-1 and maxX or more repeat purchases in the calibration period with
// the number the model expects (FHL 2005, figure 2):
//
//	Expected(k) = Σ_i P(X(T_i) = k)
//
// over the customers, each with their own age T_i. maxX must be 1..1000
// (else ErrHistory); empty histories return ErrEmpty.
func FrequencyCheck(m BGNBD, h *Histories, maxX int) ([]FrequencyRow, error) {
	const fn = "retention.FrequencyCheck"
	if err := m.check(fn); err != nil {
		return nil, err
	}
	if maxX < 1 || maxX > 1000 {
		return nil, valueErr(fn, "maxX", float64(maxX), wrapf(ErrHistory, "want 1..1000"))
	}
	if h == nil || h.n == 0 {
		return nil, valueErr(fn, "customers", 0, ErrEmpty)
	}
	rows := make([]FrequencyRow, maxX+1)
	for k := range rows {
		rows[k].X = int64(k)
	}
	rows[maxX].AndMore = true
	ages := map[float64]int64{}
	for r, c := range h.rows {
		k := min(r.X, int64(maxX))
		rows[k].Customers += c
		ages[r.T] += c
	}
	for T, c := range ages {
		rest := 1.0
		for k := range maxX {
			p, _ := m.PNumber(k, T)
			rows[k].Expected += float64(c) * p
			rest -= p
		}
		rows[maxX].Expected += float64(c) * math.Max(0, rest)
	}
	for k := range rows {
		rows[k].Actual = float64(rows[k].Customers)
	}
	return rows, nil
}

// HoldoutCheck compares, by number of repeat purchases in the calibration
// (0..maxX-1, and maxX or more), the mean purchases per customer in the
// holdout with the model's conditional expectation (FHL 2005, figure 4):
//
//	Expected(k) = mean over customers with x = k of E[Y(t*) | x, t_x, T]
//
// with t* = s.Holdout. A summary without a holdout returns ErrHorizon,
// without customers ErrEmpty; maxX must be 1..1000.
func HoldoutCheck(m BGNBD, s Summary, maxX int) ([]FrequencyRow, error) {
	const fn = "retention.HoldoutCheck"
	if err := m.check(fn); err != nil {
		return nil, err
	}
	if maxX < 1 || maxX > 1000 {
		return nil, valueErr(fn, "maxX", float64(maxX), wrapf(ErrHistory, "want 1..1000"))
	}
	if len(s.Customers) == 0 {
		return nil, valueErr(fn, "customers", 0, ErrEmpty)
	}
	if !(s.Holdout > 0) || math.IsInf(s.Holdout, 0) {
		return nil, valueErr(fn, "holdout", s.Holdout, wrapf(ErrHorizon, "no holdout period"))
	}
	rows := make([]FrequencyRow, maxX+1)
	for k := range rows {
		rows[k].X = int64(k)
	}
	rows[maxX].AndMore = true
	for i, c := range s.Customers {
		if err := checkHistory(fn, float64(c.X), c.Tx, c.T, i); err != nil {
			return nil, err
		}
		if c.HoldoutX < 0 {
			return nil, indexErr(fn, "holdout x", float64(c.HoldoutX), i, ErrCount)
		}
		r := &rows[min(c.X, int64(maxX))]
		r.Customers++
		r.Actual += float64(c.HoldoutX)
		r.Expected += m.expected(s.Holdout, float64(c.X), c.Tx, c.T)
	}
	for k := range rows {
		if n := float64(rows[k].Customers); n > 0 {
			rows[k].Actual /= n
			rows[k].Expected /= n
		}
	}
	return rows, nil
}

// A TrackPoint is the cumulative number of repeat purchases of the
// calibration customers up to the end of day At, counted (Actual) and
// expected by the model (Expected); Time is At in the unit of the split
// since the first customer's first purchase.
type TrackPoint struct {
	Time     float64   `json:"time"`
	At       time.Time `json:"at"`
	Actual   float64   `json:"actual"`
	Expected float64   `json:"expected"`
}

// Track returns, for every unit of time from the first purchase of the
// calibration customers to the end of the holdout (or of the calibration),
// their cumulative repeat purchases and the number the model expects
// (FHL 2005, figure 3):
//
//	Expected(s) = Σ_i E[X(s - first_i)]
//
// with purchases of a day merged as in [Transactions.Summarize]. The
// split's errors are those of Summarize.
func (t *Transactions) Track(m BGNBD, s Split) ([]TrackPoint, error) {
	const fn = "retention.Transactions.Track"
	if err := m.check(fn); err != nil {
		return nil, err
	}
	sum, err := t.Summarize(s)
	if err != nil {
		return nil, renameErr(err, fn)
	}
	u := s.Unit.days()
	end, _ := t.check(fn, s.End, 0, -1)
	last := end + int32(math.Round(sum.Holdout*u))
	firsts := map[int32]int64{}
	var repeats []int32 // days of repeat purchases up to last
	day0 := int32(math.MaxInt32)
	for _, c := range t.cs {
		f := c.days[0].day
		if f > end {
			continue
		}
		firsts[f]++
		day0 = min(day0, f)
		for _, d := range c.days[1:] {
			if d.day <= last {
				repeats = append(repeats, d.day)
			}
		}
	}
	slices.Sort(repeats)
	fdays := make([]int32, 0, len(firsts)) // sorted, for a sum in a fixed order
	for f := range firsts {
		fdays = append(fdays, f)
	}
	slices.Sort(fdays)
	steps := int(math.Ceil(float64(last-day0) / u))
	if steps > 1e5 {
		return nil, valueErr(fn, "steps", float64(steps), wrapf(ErrSpan, "more than 100000 points"))
	}
	pts := make([]TrackPoint, 0, steps)
	j := 0
	for i := 1; i <= steps; i++ {
		d := day0 + int32(math.Round(float64(i)*u))
		if d > last {
			d = last
		}
		for j < len(repeats) && repeats[j] <= d {
			j++
		}
		var e float64
		for _, f := range fdays {
			if d > f {
				e += float64(firsts[f]) * m.expected(float64(d-f)/u, 0, 0, 0)
			}
		}
		pts = append(pts, TrackPoint{Time: float64(d-day0) / u, At: dayTime(d, t.loc), Actual: float64(j), Expected: e})
	}
	return pts, nil
}
