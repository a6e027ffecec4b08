package retention

import (
	"iter"
	"math"
	"sort"

	"github.com/servq/servq/estimate"
)

// A Row is one distinct time of a Kaplan-Meier curve at which lifetimes
// ended (with the event or censored).
type Row struct {
	// Time is the time, in the unit of the data.
	Time float64 `json:"time"`
	// AtRisk is n, the lifetimes in the risk set at Time: entered before
	// Time (at time 0 included) and not ended before it. Events is d, the
	// lifetimes ending at Time with the event, Censored those censored.
	AtRisk   int64 `json:"at_risk"`
	Events   int64 `json:"events"`
	Censored int64 `json:"censored"`
	// Survival is S(Time), the Kaplan-Meier estimate Π (1 - d/n) over the
	// times up to and including Time, a fraction in [0, 1].
	Survival float64 `json:"survival"`
	// SE is Greenwood's standard error of Survival, S·sqrt(Σ d/(n(n-d))).
	// Once S = 0 it is 0 (R reports NaN).
	SE float64 `json:"se"`
	// CI is the interval for Survival by the curve's method; [0, 0] once
	// S = 0 and [1, 1] while S = 1, where R reports NA.
	CI estimate.Interval `json:"ci"`
	// CumHazard is the Nelson-Aalen cumulative hazard Σ d/n and HazardSE
	// its standard error sqrt(Σ d/n²) (Aalen 1978).
	CumHazard float64 `json:"cum_hazard"`
	HazardSE  float64 `json:"hazard_se"`
}

// A Quantile is a time by which a share P of the lifetimes ended with the
// event, read off a Kaplan-Meier curve: the median has P = 0.5.
type Quantile struct {
	// P is the share, in (0, 1).
	P float64 `json:"p"`
	// Time is the quantile, in the unit of the data, when Reached;
	// otherwise the curve never fell to 1 - P and Time is the last time
	// observed, a lower bound.
	Time    float64 `json:"time"`
	Reached bool    `json:"reached"`
	// CI is its interval, from where the interval band of S crosses
	// 1 - P (Brookmeyer and Crowley 1982). A bound whose band never falls
	// to 1 - P (R's NA) is the last time observed, with LoReached or
	// HiReached false.
	CI        estimate.Interval `json:"ci"`
	LoReached bool              `json:"lo_reached"`
	HiReached bool              `json:"hi_reached"`
}

// A Curve is a Kaplan-Meier survival curve with its Nelson-Aalen
// cumulative hazard, as [Lifetimes.Result] returns it.
type Curve struct {
	// N is the number of lifetimes, Events the number that ended with the
	// event.
	N      int64 `json:"n"`
	Events int64 `json:"events"`
	// Rows lists the times at which lifetimes ended, in increasing order.
	Rows []Row `json:"rows"`
	// Median is the median lifetime with its interval.
	Median Quantile `json:"median"`
	// Level and Method are those of every interval of the curve.
	Level  float64         `json:"level"`
	Method estimate.Method `json:"method"`
}

// Result returns the Kaplan-Meier curve of the lifetimes (Kaplan and Meier
// 1958), for each time t_j with d_j events among n_j at risk:
//
//	S(t) = Π_{t_j <= t} (1 - d_j/n_j)
//	Var S(t) = S(t)² Σ_{t_j <= t} d_j/(n_j(n_j - d_j))   (Greenwood 1926)
//	H(t) = Σ_{t_j <= t} d_j/n_j                           (Nelson-Aalen)
//
// with intervals at o.Level by o.Method: [Log] (default, as R survival's
// conf.type = "log"), [LogLog] or [Plain]. It matches R's survfit, left
// truncation included; see [Curve.Quantile] for the median. No lifetimes
// returns ErrEmpty, a bad level ErrLevel, another method ErrMethod.
func (l *Lifetimes) Result(o estimate.Options) (Curve, error) {
	const fn = "retention.Lifetimes.Result"
	level, m, err := o.Resolve(fn, Log, LogLog, Plain)
	if err != nil {
		return Curve{}, err
	}
	if l.n == 0 {
		return Curve{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	z, _ := estimate.Z(level)
	c := Curve{N: l.n, Level: level, Method: m}
	cells := l.sorted()
	rows := 0
	for _, x := range cells {
		if x.events+x.censored > 0 {
			rows++
		}
	}
	c.Rows = make([]Row, 0, rows)
	risk := l.origin // at risk at the next time
	s, g, h, vh := 1.0, 0.0, 0.0, 0.0
	for _, x := range cells {
		if x.events+x.censored > 0 {
			r := Row{Time: x.t, AtRisk: risk, Events: x.events, Censored: x.censored}
			if d := x.events; d > 0 {
				n := float64(risk)
				df := float64(d)
				if d == risk {
					s = 0
				} else {
					s *= 1 - df/n
					g += df / (n * (n - df))
				}
				h += df / n
				vh += df / (n * n)
				c.Events += d
			}
			r.Survival, r.CumHazard, r.HazardSE = s, h, math.Sqrt(vh)
			r.SE = s * math.Sqrt(g)
			r.CI = band(s, math.Sqrt(g), z, level, m)
			c.Rows = append(c.Rows, r)
		}
		risk += x.entries - x.events - x.censored
	}
	c.Median = c.quantile(0.5)
	return c, nil
}

// band returns the interval of S with Greenwood σ (the standard error of
// log S) by method m.
func band(s, sigma, z, level float64, m estimate.Method) estimate.Interval {
	iv := estimate.Interval{Lo: s, Hi: s, Level: level, Method: m}
	if s == 0 || s == 1 {
		return iv
	}
	switch m {
	case Log:
		iv.Lo = s * math.Exp(-z*sigma)
		iv.Hi = math.Min(1, s*math.Exp(z*sigma))
	case LogLog:
		ll := math.Log(-math.Log(s))
		w := z * sigma / math.Abs(math.Log(s))
		iv.Lo = math.Exp(-math.Exp(ll + w))
		iv.Hi = math.Exp(-math.Exp(ll - w))
	case Plain:
		iv.Lo = math.Max(0, s-z*s*sigma)
		iv.Hi = math.Min(1, s+z*s*sigma)
	}
	return iv
}

// At returns S(t) and its interval at any time t: the value of the last
// row with Time <= t, as S is right-continuous; 1 (and [1, 1]) before the
// first row, for t < 0, for a NaN t and on the zero Curve. After the last
// row S stays at its last value, which is an extrapolation when that row
// is censored.
func (c *Curve) At(t float64) (s float64, ci estimate.Interval) {
	k := sort.Search(len(c.Rows), func(i int) bool { return c.Rows[i].Time > t })
	if k == 0 || math.IsNaN(t) {
		return 1, estimate.Interval{Lo: 1, Hi: 1, Level: c.Level, Method: c.Method}
	}
	r := c.Rows[k-1]
	return r.Survival, r.CI
}

// quantileTol is R survival's tolerance for a curve "exactly" at 1 - p.
var quantileTol = math.Sqrt(0x1p-52)

// Quantile returns the time by which a share p of the lifetimes ended,
// with its interval, by R survival's rule (quantile.survfit): the first
// time at which S falls to 1 - p or below. When S equals 1 - p (within
// sqrt(machine epsilon)) over an interval, from one event time to the
// next, the quantile is the midpoint of the two, as for the sample median
// of an even n; if that flat lasts to the end of the curve, the midpoint
// of its start and the last time observed. The interval's ends are where
// the lower and upper bands cross 1 - p by the same rule. (R's
// print.survfit reports the start of a flat that lasts to the end, 2
// where quantile.survfit and this method give 3 for S = 0.75, 0.5 at 1, 2
// and censoring at 3 and 4.) p outside (0, 1) returns ErrProbability, a
// curve of no lifetimes (the zero Curve) ErrEmpty.
func (c *Curve) Quantile(p float64) (Quantile, error) {
	if !(p > 0 && p < 1) {
		return Quantile{}, valueErr("retention.Curve.Quantile", "p", p, ErrProbability)
	}
	if c.N == 0 {
		return Quantile{}, valueErr("retention.Curve.Quantile", "n", 0, ErrEmpty)
	}
	return c.quantile(p), nil
}

func (c *Curve) quantile(p float64) Quantile {
	q := Quantile{P: p, CI: estimate.Interval{Level: c.Level, Method: c.Method}}
	last := 0.0
	if len(c.Rows) > 0 {
		last = c.Rows[len(c.Rows)-1].Time
	}
	q.Time, q.Reached = c.findq(p, last, func(r *Row) (float64, bool) { return r.Survival, true })
	q.CI.Lo, q.LoReached = c.findq(p, last, func(r *Row) (float64, bool) { return r.CI.Lo, r.Survival > 0 })
	q.CI.Hi, q.HiReached = c.findq(p, last, func(r *Row) (float64, bool) { return r.CI.Hi, r.Survival > 0 })
	if q.CI.Lo > q.Time {
		q.CI.Lo = q.Time
	}
	if q.CI.Hi < q.Time {
		q.CI.Hi = q.Time
	}
	return q
}

// findq finds where the step curve y = 1 - f(row), starting at 0 at time
// 0, reaches p, as R survival's findq does: points with a y already seen
// are dropped, the point chosen is the one with the smallest y >= p - tol
// (the first in time for a non-increasing curve), and a flat at p within
// tol takes the midpoint to the next point, or to last at the end of the
// curve. Rows where ok is false (R's NA) are skipped. It returns last and
// false when the curve never reaches p.
func (c *Curve) findq(p, last float64, f func(*Row) (float64, bool)) (float64, bool) {
	type pt struct{ x, y float64 }
	pts := []pt{{0, 0}}
	seen := map[float64]bool{0: true}
	for i := range c.Rows {
		r := &c.Rows[i]
		v, ok := f(r)
		if !ok {
			continue
		}
		y := 1 - v
		if seen[y] {
			continue
		}
		seen[y] = true
		pts = append(pts, pt{r.Time, y})
	}
	// smallest returns the index of the point with the smallest y >= v.
	smallest := func(v float64) int {
		k := -1
		for i, q := range pts {
			if q.y >= v && (k < 0 || q.y < pts[k].y) {
				k = i
			}
		}
		return k
	}
	i1 := smallest(p - quantileTol)
	if i1 < 0 {
		return last, false
	}
	i2 := smallest(p + quantileTol)
	if i2 >= 0 {
		return (pts[i1].x + pts[i2].x) / 2, true
	}
	if math.Abs(p-pts[len(pts)-1].y) < quantileTol {
		return (pts[i1].x + last) / 2, true
	}
	return last, false
}

// An RMST is the restricted mean lifetime up to a horizon: the area under
// the Kaplan-Meier curve from 0 to Horizon, the mean number of time units
// out of the first Horizon that a customer stays.
type RMST struct {
	Horizon float64           `json:"horizon"`
	Mean    float64           `json:"mean"`
	SE      float64           `json:"se"`
	CI      estimate.Interval `json:"ci"`
}

// RMST returns the restricted mean lifetime up to horizon τ with its
// standard error (Irwin 1949; the variance R survival's print.survfit
// reports for rmean = τ):
//
//	μ(τ) = ∫_0^τ S(t) dt,  Var μ = Σ_{t_j <= τ} A_j² d_j/(n_j(n_j - d_j))
//
// where A_j = ∫_{t_j}^τ S(t) dt; the interval is μ ± z·SE (method "normal")
// at the curve's level, clipped to [0, τ]. A horizon that is not finite
// and > 0 returns ErrDuration (ErrNotFinite for NaN and ±Inf, and for a
// horizon so far that μ or its SE overflow float64); a curve of no
// lifetimes (the zero Curve) ErrEmpty.
func (c *Curve) RMST(horizon float64) (RMST, error) {
	const fn = "retention.Curve.RMST"
	if math.IsNaN(horizon) || math.IsInf(horizon, 0) {
		return RMST{}, valueErr(fn, "horizon", horizon, ErrNotFinite)
	}
	if !(horizon > 0) {
		return RMST{}, valueErr(fn, "horizon", horizon, ErrDuration)
	}
	if c.N == 0 {
		return RMST{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	// Event rows up to the horizon, and the curve's steps.
	type step struct {
		t, s, hh float64
	}
	var steps []step
	for _, r := range c.Rows {
		if r.Time > horizon {
			break
		}
		if r.Events == 0 {
			continue
		}
		hh := 0.0
		if r.AtRisk > r.Events {
			n, d := float64(r.AtRisk), float64(r.Events)
			hh = d / (n * (n - d))
		}
		steps = append(steps, step{r.Time, r.Survival, hh})
	}
	// Area from each step to the horizon, from the right.
	area, v := 0.0, 0.0
	next := horizon
	for i := len(steps) - 1; i >= 0; i-- {
		area += steps[i].s * (next - steps[i].t)
		v += area * area * steps[i].hh
		next = steps[i].t
	}
	area += 1 * next // S = 1 before the first event
	z, _ := estimate.Z(c.Level)
	se := math.Sqrt(v)
	if math.IsInf(area, 0) || math.IsInf(se, 0) || math.IsNaN(se) {
		return RMST{}, valueErr(fn, "horizon", horizon, wrapf(ErrNotFinite, "the mean or its SE overflows float64"))
	}
	out := RMST{Horizon: horizon, Mean: area, SE: se,
		CI: estimate.Interval{Lo: math.Max(0, area-z*se), Hi: math.Min(horizon, area+z*se), Level: c.Level, Method: "normal"}}
	return out, nil
}

// Summarize returns the Kaplan-Meier curve of the lifetimes: the one-shot
// form of [Lifetimes.AddAll] and [Lifetimes.Result], with their errors.
func Summarize(lifetimes []Lifetime, o estimate.Options) (Curve, error) {
	var l Lifetimes
	if err := l.AddAll(lifetimes); err != nil {
		return Curve{}, renameErr(err, "retention.Summarize")
	}
	c, err := l.Result(o)
	return c, renameErr(err, "retention.Summarize")
}

// SummarizeSeq is [Summarize] for an iterator of lifetimes; a bad one
// returns the error of [Lifetimes.Add] with its index in the sequence.
func SummarizeSeq(seq iter.Seq[Lifetime], o estimate.Options) (Curve, error) {
	const fn = "retention.SummarizeSeq"
	var l Lifetimes
	i := 0
	for x := range seq {
		if err := l.Add(x); err != nil {
			if ve, ok := err.(*estimate.ValueError); ok {
				ve.Func, ve.Index = fn, i
			}
			return Curve{}, err
		}
		i++
	}
	c, err := l.Result(o)
	return c, renameErr(err, fn)
}
