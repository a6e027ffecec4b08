package retention

import (
	"math"
	"time"
)

// A Span is one customer's lifetime: its duration in the unit asked for,
// and whether it ended with churn (Observed) or is still running at the
// cut-off (Censored). Add it with
// l.Add(Lifetime{Exit: s.Duration, Status: s.Status}).
type Span struct {
	Duration float64 `json:"duration"`
	Status   Status  `json:"status"`
}

// Tenure returns the lifetime of a customer who started at start and
// churned at end, observed up to cutoff, in units of unit (24*time.Hour
// for days):
//
//	end zero or after cutoff:  (cutoff - start)/unit, Censored
//	otherwise:                 (end - start)/unit, Observed
//
// The duration is exact (a fraction of a unit is kept); round it with
// math.Floor or math.Round to make ties, as Kaplan-Meier tables in whole
// days expect. Elapsed time is absolute: a day across a daylight-saving
// change is 23 or 25 hours. A zero start or cutoff, a unit <= 0, a start
// after cutoff, or an end before start returns ErrDuration.
func Tenure(start, end, cutoff time.Time, unit time.Duration) (Span, error) {
	const fn = "retention.Tenure"
	switch {
	case unit <= 0:
		return Span{}, valueErr(fn, "unit", float64(unit), ErrDuration)
	case start.IsZero():
		return Span{}, textErr(fn, "start", "0001-01-01T00:00:00Z", ErrDuration)
	case cutoff.IsZero():
		return Span{}, textErr(fn, "cutoff", "0001-01-01T00:00:00Z", ErrDuration)
	case cutoff.Before(start):
		return Span{}, textErr(fn, "start", start.Format(time.RFC3339), wrapf(ErrDuration, "after the cut-off %s", cutoff.Format(time.RFC3339)))
	case !end.IsZero() && end.Before(start):
		return Span{}, textErr(fn, "end", end.Format(time.RFC3339), wrapf(ErrDuration, "before the start %s", start.Format(time.RFC3339)))
	}
	if end.IsZero() || end.After(cutoff) {
		return Span{Duration: between(start, cutoff, unit), Status: Censored}, nil
	}
	return Span{Duration: between(start, end, unit), Status: Observed}, nil
}

// units returns d/unit as a float64, exact for whole units.
func units(d, unit time.Duration) float64 {
	q, r := d/unit, d%unit
	return float64(q) + float64(r)/float64(unit)
}

// between returns b - a in units of unit, also beyond the ±292 years of a
// time.Duration, where b.Sub(a) saturates.
func between(a, b time.Time, unit time.Duration) float64 {
	if d := b.Sub(a); d > math.MinInt64 && d < math.MaxInt64 {
		return units(d, unit)
	}
	sec := b.Unix() - a.Unix() // exact: both in the years 1..9999 or near
	ns := int64(b.Nanosecond()) - int64(a.Nanosecond())
	return float64(sec)*(float64(time.Second)/float64(unit)) + float64(ns)/float64(unit)
}
