package retention

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// hostileCase is one call with bad input: run must return an error
// wrapping want as an *estimate.ValueError (or nil when want is nil, and
// then every float it reports through check must be finite), must not
// panic, and must leave the state that state encodes unchanged.
type hostileCase struct {
	name  string
	want  error
	run   func() error
	state func() []byte // nil: no state to compare
}

func runHostile(t *testing.T, cases []hostileCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before []byte
			if c.state != nil {
				before = c.state()
			}
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				err = c.run()
			}()
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.want != nil:
				var ve *estimate.ValueError
				if !errors.Is(err, c.want) || !errors.As(err, &ve) {
					t.Fatalf("error %v (%T), want an *estimate.ValueError wrapping %v", err, err, c.want)
				}
				if ve.Func == "" || ve.Error() == "" {
					t.Fatalf("error %#v names no function", ve)
				}
			}
			if c.state != nil {
				if after := c.state(); !bytes.Equal(before, after) {
					t.Fatalf("state changed on error %v", err)
				}
			}
		})
	}
}

// finiteAll returns an error naming the first NaN or ±Inf of xs.
func finiteAll(xs ...float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("value %d is %v", i, x)
		}
	}
	return nil
}

func finiteIv(ivs ...estimate.Interval) error {
	for _, iv := range ivs {
		if err := finiteAll(iv.Lo, iv.Hi, iv.Level); err != nil || iv.Lo > iv.Hi {
			return fmt.Errorf("interval %+v: %v", iv, err)
		}
	}
	return nil
}

func finiteCurve(c Curve) error {
	for _, r := range c.Rows {
		if err := finiteAll(r.Time, r.Survival, r.SE, r.CumHazard, r.HazardSE); err != nil {
			return err
		}
		if err := finiteIv(r.CI); err != nil {
			return err
		}
	}
	return nil
}

func bin(m interface{ MarshalBinary() ([]byte, error) }) func() []byte {
	return func() []byte {
		b, err := m.MarshalBinary()
		if err != nil {
			panic(err)
		}
		return b
	}
}

var (
	nan  = math.NaN()
	pinf = math.Inf(1)
	ninf = math.Inf(-1)
)

// TestHostileRates walks CustomerRetention, CompareFlows, Flow, Revenue,
// RevenueRetention and Repeat with bad input.
func TestHostileRates(t *testing.T) {
	var f Flow
	if err := f.AddCounts(10, 9, 2); err != nil {
		t.Fatal(err)
	}
	var rev Revenue
	if err := rev.Add(Account{100, 120}); err != nil {
		t.Fatal(err)
	}
	var rep Repeat
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := rep.Add(Purchases{3, t0, t0.AddDate(0, 2, 0)}); err != nil {
		t.Fatal(err)
	}
	big := &Flow{}
	if err := big.AddCounts(math.MaxInt64, math.MaxInt64, 0); err != nil {
		t.Fatal(err)
	}
	huge := &Revenue{}
	if err := huge.AddTotals(math.MaxFloat64, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	tiny := &Revenue{}
	if err := tiny.AddTotals(5e-324, math.MaxFloat64, 0, 0); err != nil {
		t.Fatal(err)
	}
	runHostile(t, []hostileCase{
		{"CustomerRetention S=0", ErrEmpty, func() error { _, err := CustomerRetention(0, 0, 0, estimate.Options{}); return err }, nil},
		{"CustomerRetention negative", ErrCount, func() error { _, err := CustomerRetention(-1, 5, 0, estimate.Options{}); return err }, nil},
		{"CustomerRetention N>E", ErrFlow, func() error { _, err := CustomerRetention(10, 3, 4, estimate.Options{}); return err }, nil},
		{"CustomerRetention E-N>S", ErrFlow, func() error { _, err := CustomerRetention(10, 12, 1, estimate.Options{}); return err }, nil},
		{"CustomerRetention NaN level", ErrLevel, func() error { _, err := CustomerRetention(10, 9, 1, estimate.Options{Level: nan}); return err }, nil},
		{"CustomerRetention level 1", ErrLevel, func() error { _, err := CustomerRetention(10, 9, 1, estimate.Options{Level: 1}); return err }, nil},
		{"CustomerRetention unknown method", ErrMethod, func() error {
			_, err := CustomerRetention(10, 9, 1, estimate.Options{Method: "bogus"})
			return err
		}, nil},
		{"CustomerRetention extremes", nil, func() error {
			r, err := CustomerRetention(math.MaxInt64, math.MaxInt64, 0, estimate.Options{})
			if err != nil {
				return err
			}
			return errors.Join(finiteAll(r.Retention, r.Churn), finiteIv(r.RetentionCI))
		}, nil},
		{"Flow.AddN negative", ErrCount, func() error { return f.AddN(Membership{true, true}, -1) }, bin(&f)},
		{"Flow.AddCounts impossible", ErrFlow, func() error { return f.AddCounts(1, 5, 0) }, bin(&f)},
		{"Flow.AddCounts negative", ErrCount, func() error { return f.AddCounts(1, -1, 0) }, bin(&f)},
		{"Flow.Add overflow", ErrOverflow, func() error { return big.Add(Membership{true, true}) }, bin(big)},
		{"Flow.Merge overflow", ErrOverflow, func() error { return f.Merge(big) }, bin(&f)},
		{"Flow.Merge nil", nil, func() error { return f.Merge(nil) }, bin(&f)},
		{"Flow.Result zero", ErrEmpty, func() error { var z Flow; _, err := z.Result(estimate.Options{}); return err }, nil},
		{"Flow.Result bad level", ErrLevel, func() error { _, err := f.Result(estimate.Options{Level: -0.5}); return err }, bin(&f)},
		{"CompareFlows nil", ErrEmpty, func() error { _, err := CompareFlows(nil, &f, estimate.Options{}); return err }, bin(&f)},
		{"CompareFlows empty", ErrEmpty, func() error { _, err := CompareFlows(&Flow{}, &f, estimate.Options{}); return err }, bin(&f)},
		{"CompareFlows bad method", ErrMethod, func() error { _, err := CompareFlows(&f, &f, estimate.Options{Method: "x"}); return err }, bin(&f)},
		{"Revenue.Add NaN", ErrNotFinite, func() error { return rev.Add(Account{nan, 1}) }, bin(&rev)},
		{"Revenue.Add +Inf", ErrNotFinite, func() error { return rev.Add(Account{1, pinf}) }, bin(&rev)},
		{"Revenue.Add negative", ErrNegative, func() error { return rev.Add(Account{-1, 1}) }, bin(&rev)},
		{"Revenue.AddTotals -Inf", ErrNotFinite, func() error { return rev.AddTotals(10, ninf, 0, 0) }, bin(&rev)},
		{"Revenue.AddTotals flow", ErrFlow, func() error { return rev.AddTotals(10, 0, 6, 5) }, bin(&rev)},
		{"Revenue.Merge overflow", ErrNotFinite, func() error { return huge.Merge(huge) }, bin(huge)},
		{"Revenue.Add overflow", ErrNotFinite, func() error { return huge.Add(Account{math.MaxFloat64, math.MaxFloat64}) }, bin(huge)},
		{"Revenue.Result zero", ErrEmpty, func() error { var z Revenue; _, err := z.Result(estimate.Options{}); return err }, nil},
		{"Revenue.Result method", ErrMethod, func() error { _, err := rev.Result(estimate.Options{Method: estimate.Wilson}); return err }, bin(&rev)},
		{"Revenue.Result level", ErrLevel, func() error { _, err := rev.Result(estimate.Options{Level: 2}); return err }, bin(&rev)},
		{"Revenue.Result net overflow", ErrNotFinite, func() error { _, err := tiny.Result(estimate.Options{}); return err }, bin(tiny)},
		{"Revenue.Result extremes", nil, func() error {
			r, err := huge.Result(estimate.Options{})
			if err != nil {
				return err
			}
			return finiteAll(r.Gross, r.Net, r.Start)
		}, nil},
		{"RevenueRetention NaN", ErrNotFinite, func() error { _, err := RevenueRetention(nan, 0, 0, 0); return err }, nil},
		{"RevenueRetention zero", ErrEmpty, func() error { _, err := RevenueRetention(0, 0, 0, 0); return err }, nil},
		{"Repeat.Add negative", ErrCount, func() error { return rep.Add(Purchases{-1, t0, t0}) }, bin(&rep)},
		{"Repeat.Add last before first", ErrDuration, func() error { return rep.Add(Purchases{2, t0, t0.Add(-time.Hour)}) }, bin(&rep)},
		{"Repeat.Merge nil", nil, func() error { return rep.Merge(nil) }, bin(&rep)},
		{"Repeat.Result zero", ErrEmpty, func() error { var z Repeat; _, err := z.Result(estimate.Options{}); return err }, nil},
		{"Repeat.Result method", ErrMethod, func() error { _, err := rep.Result(estimate.Options{Method: "x"}); return err }, bin(&rep)},
		{"Repeat.Add extremes", nil, func() error {
			var r Repeat
			if err := r.Add(Purchases{math.MaxInt64, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
				return err
			}
			res, err := r.Result(estimate.Options{})
			if err != nil {
				return err
			}
			return errors.Join(finiteAll(res.Rate, res.MeanGap), finiteIv(res.CI))
		}, nil},
	})
}

// TestHostileLifetimes walks Lifetimes, Curve, Summarize, SummarizeSeq
// and LogRank with bad input.
func TestHostileLifetimes(t *testing.T) {
	l := lifetimesOf(t, []float64{1, 2, 2, 3, 5}, []int{1, 0, 1, 1, 0})
	curve, err := l.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	full := &Lifetimes{}
	if err := full.AddN(Lifetime{Exit: 1, Status: Observed}, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	seq := func(d []float64, s []Status) iter.Seq[Lifetime] {
		return func(yield func(Lifetime) bool) {
			for i := range d {
				if !yield(Lifetime{Exit: d[i], Status: s[i]}) {
					return
				}
			}
		}
	}
	runHostile(t, []hostileCase{
		{"Add NaN", ErrNotFinite, func() error { return l.Add(Lifetime{Exit: nan, Status: Observed}) }, bin(l)},
		{"Add +Inf", ErrNotFinite, func() error { return l.Add(Lifetime{Exit: pinf, Status: Observed}) }, bin(l)},
		{"Add negative", ErrDuration, func() error { return l.Add(Lifetime{Exit: -1, Status: Observed}) }, bin(l)},
		{"Add -0", nil, func() error { var z Lifetimes; return z.Add(Lifetime{Exit: math.Copysign(0, -1), Status: Observed}) }, nil},
		{"Add unknown status", ErrStatus, func() error { return l.Add(Lifetime{Exit: 1, Status: Status(7)}) }, bin(l)},
		{"AddN negative count", ErrCount, func() error { return l.AddN(Lifetime{Exit: 1, Status: Observed}, -3) }, bin(l)},
		{"AddN overflow", ErrOverflow, func() error { return full.AddN(Lifetime{Exit: 2, Status: Censored}, 1) }, bin(full)},
		{"Add truncated exit before entry", ErrDuration, func() error { return l.Add(Lifetime{5, 4, Observed}) }, bin(l)},
		{"Add truncated exit at entry", ErrDuration, func() error { return l.Add(Lifetime{4, 4, Censored}) }, bin(l)},
		{"Add negative entry", ErrDuration, func() error { return l.Add(Lifetime{-1, 4, Observed}) }, bin(l)},
		{"Add NaN entry", ErrNotFinite, func() error { return l.Add(Lifetime{nan, 4, Observed}) }, bin(l)},
		{"Add -Inf entry", ErrNotFinite, func() error { return l.Add(Lifetime{ninf, 4, Observed}) }, bin(l)},
		{"Add truncated status", ErrStatus, func() error { return l.Add(Lifetime{1, 4, 9}) }, bin(l)},
		{"AddN truncated overflow", ErrOverflow, func() error { return full.AddN(Lifetime{1, 2, Censored}, 1) }, bin(full)},
		{"AddAll bad later value", ErrNotFinite, func() error { return l.AddAll([]Lifetime{{Exit: 1, Status: 1}, {Exit: nan, Status: 1}}) }, bin(l)},
		{"AddAll bad later entry", ErrDuration, func() error { return l.AddAll([]Lifetime{{Exit: 1, Status: 1}, {2, 7, 1}, {7, 2, 1}}) }, bin(l)},
		{"AddAll overflow", ErrOverflow, func() error { return full.AddAll([]Lifetime{{Exit: 1, Status: 1}}) }, bin(full)},
		{"AddAll nil", nil, func() error { return l.AddAll(nil) }, bin(l)},
		{"Merge overflow", ErrOverflow, func() error { return l.Merge(full) }, bin(l)},
		{"Merge nil", nil, func() error { return l.Merge(nil) }, bin(l)},
		{"Result empty", ErrEmpty, func() error { var z Lifetimes; _, err := z.Result(estimate.Options{}); return err }, nil},
		{"Result level", ErrLevel, func() error { _, err := l.Result(estimate.Options{Level: ninf}); return err }, bin(l)},
		{"Result method", ErrMethod, func() error { _, err := l.Result(estimate.Options{Method: estimate.Wilson}); return err }, bin(l)},
		{"Result extremes", nil, func() error {
			var x Lifetimes
			for _, d := range []float64{0, 5e-324, 1, math.MaxFloat64} {
				if err := x.AddN(Lifetime{Exit: d, Status: Observed}, math.MaxInt64/8); err != nil {
					return err
				}
			}
			c, err := x.Result(estimate.Options{})
			if err != nil {
				return err
			}
			return finiteCurve(c)
		}, nil},
		{"Quantile NaN", ErrProbability, func() error { _, err := curve.Quantile(nan); return err }, nil},
		{"Quantile 1.5", ErrProbability, func() error { _, err := curve.Quantile(1.5); return err }, nil},
		{"Quantile empty curve", ErrEmpty, func() error { var c Curve; _, err := c.Quantile(0.5); return err }, nil},
		{"RMST NaN", ErrNotFinite, func() error { _, err := curve.RMST(nan); return err }, nil},
		{"RMST negative", ErrDuration, func() error { _, err := curve.RMST(-1); return err }, nil},
		{"RMST empty curve", ErrEmpty, func() error { var c Curve; _, err := c.RMST(1); return err }, nil},
		{"RMST huge", ErrNotFinite, func() error { _, err := curve.RMST(math.MaxFloat64); return err }, nil},
		{"RMST far", nil, func() error {
			r, err := curve.RMST(1e150)
			if err != nil {
				return err
			}
			return finiteAll(r.Mean, r.SE)
		}, nil},
		{"At NaN", nil, func() error { s, ci := curve.At(nan); return errors.Join(finiteAll(s), finiteIv(ci)) }, nil},
		{"At -Inf and +Inf", nil, func() error {
			s0, c0 := curve.At(ninf)
			s1, c1 := curve.At(pinf)
			return errors.Join(finiteAll(s0, s1), finiteIv(c0, c1))
		}, nil},
		{"At empty curve", nil, func() error { var c Curve; s, ci := c.At(1); return errors.Join(finiteAll(s), finiteIv(ci)) }, nil},
		{"Summarize empty", ErrEmpty, func() error { _, err := Summarize(nil, estimate.Options{}); return err }, nil},
		{"Summarize status", ErrStatus, func() error { _, err := Summarize([]Lifetime{{Exit: 1, Status: 3}}, estimate.Options{}); return err }, nil},
		{"Summarize truncated", ErrDuration, func() error { _, err := Summarize([]Lifetime{{Entry: 3, Exit: 1}}, estimate.Options{}); return err }, nil},
		{"SummarizeSeq NaN", ErrNotFinite, func() error {
			_, err := SummarizeSeq(seq([]float64{1, nan}, []Status{1, 1}), estimate.Options{})
			return err
		}, nil},
		{"SummarizeSeq empty", ErrEmpty, func() error { _, err := SummarizeSeq(seq(nil, nil), estimate.Options{}); return err }, nil},
		{"LogRank one group", ErrTooFewGroups, func() error { _, err := LogRank(l); return err }, bin(l)},
		{"LogRank none", ErrTooFewGroups, func() error { _, err := LogRank(); return err }, nil},
		{"LogRank nil groups", ErrTooFewGroups, func() error { _, err := LogRank(nil, nil); return err }, nil},
		{"LogRank empty group", ErrTooFewGroups, func() error { _, err := LogRank(l, &Lifetimes{}); return err }, bin(l)},
		{"LogRank same group twice", nil, func() error {
			r, err := LogRank(l, l)
			if err != nil {
				return err
			}
			return finiteAll(r.Chi2, r.P)
		}, bin(l)},
	})
}

// TestHostileCohorts walks NewCohorts and Cohorts with bad input.
func TestHostileCohorts(t *testing.T) {
	c, err := NewCohorts(group.Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := c.Add(Event{"a", t0, 10}); err != nil {
		t.Fatal(err)
	}
	weekly, _ := NewCohorts(group.Week, time.UTC)
	weekly.Add(Event{"a", t0, 1})
	var zero Cohorts
	runHostile(t, []hostileCase{
		{"NewCohorts day", ErrPeriod, func() error { _, err := NewCohorts(group.Day, time.UTC); return err }, nil},
		{"NewCohorts unknown period", ErrPeriod, func() error { _, err := NewCohorts(group.Period(200), time.UTC); return err }, nil},
		{"NewCohorts nil location", ErrLocation, func() error { _, err := NewCohorts(group.Month, nil); return err }, nil},
		{"Add empty id", ErrEmpty, func() error { return c.Add(Event{"", t0, 1}) }, bin(c)},
		{"Add NaN", ErrNotFinite, func() error { return c.Add(Event{"b", t0, nan}) }, bin(c)},
		{"Add -Inf", ErrNotFinite, func() error { return c.Add(Event{"b", t0, ninf}) }, bin(c)},
		{"Add zero time", ErrTime, func() error { return c.Add(Event{"b", time.Time{}, 1}) }, bin(c)},
		{"Add year 10000", ErrTime, func() error { return c.Add(Event{"b", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 1}) }, bin(c)},
		{"Add to zero Cohorts", ErrLocation, func() error { return zero.Add(Event{"b", t0, 1}) }, bin(&zero)},
		{"Add negative amount", nil, func() error { d := *mustCohorts(t); return d.Add(Event{"r", t0, -5}) }, nil},
		{"AddAll bad last", ErrNotFinite, func() error { return c.AddAll([]Event{{"b", t0, 1}, {"c", t0, pinf}}) }, bin(c)},
		{"AddAll bad in a batch", ErrTime, func() error {
			ev := make([]Event, batchMin+10)
			for i := range ev {
				ev[i] = Event{fmt.Sprint(i % 97), t0.Add(time.Duration(i) * time.Minute), 1}
			}
			ev[batchMin+3].At = time.Time{}
			return c.AddAll(ev)
		}, bin(c)},
		{"AddAll nil", nil, func() error { return c.AddAll(nil) }, bin(c)},
		{"Merge mismatch", ErrMismatch, func() error { return c.Merge(weekly) }, bin(c)},
		{"Merge other zone", ErrMismatch, func() error {
			d, _ := NewCohorts(group.Month, time.FixedZone("X", 3600))
			d.Add(Event{"z", t0, 1})
			return c.Merge(d)
		}, bin(c)},
		{"Merge nil", nil, func() error { return c.Merge(nil) }, bin(c)},
		{"Merge zero", nil, func() error { return c.Merge(&zero) }, bin(c)},
		{"Result empty", ErrEmpty, func() error { _, err := mustCohorts(t).Result(estimate.Options{}); return err }, nil},
		{"Result zero", ErrEmpty, func() error { _, err := zero.Result(estimate.Options{}); return err }, nil},
		{"Result level", ErrLevel, func() error { _, err := c.Result(estimate.Options{Level: nan}); return err }, bin(c)},
		{"Result method", ErrMethod, func() error { _, err := c.Result(estimate.Options{Method: Log}); return err }, bin(c)},
		{"Result extremes", nil, func() error {
			d := mustCohorts(t)
			d.Add(Event{"x", t0, math.MaxFloat64})
			d.Add(Event{"y", t0, -math.MaxFloat64})
			tb, err := d.Result(estimate.Options{})
			if err != nil {
				return err
			}
			for _, co := range tb.Cohorts {
				if err := errors.Join(finiteAll(co.Retention...), finiteIv(co.CI...)); err != nil {
					return err
				}
			}
			return nil
		}, nil},
	})
}

func mustCohorts(t *testing.T) *Cohorts {
	c, err := NewCohorts(group.Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHostileModels walks FitSBG, FitSBGCohorts, the SBG methods and
// Tenure with bad input.
func TestHostileModels(t *testing.T) {
	m, err := FitSBG([]int64{1000, 869, 743, 653, 593, 551, 517, 491}, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	runHostile(t, []hostileCase{
		{"FitSBG nil", ErrSurvivors, func() error { _, err := FitSBG(nil, estimate.Options{}); return err }, nil},
		{"FitSBG one", ErrSurvivors, func() error { _, err := FitSBG([]int64{5}, estimate.Options{}); return err }, nil},
		{"FitSBG rising", ErrSurvivors, func() error { _, err := FitSBG([]int64{5, 6}, estimate.Options{}); return err }, nil},
		{"FitSBG zero start", ErrSurvivors, func() error { _, err := FitSBG([]int64{0, 0}, estimate.Options{}); return err }, nil},
		{"FitSBG negative", ErrSurvivors, func() error { _, err := FitSBG([]int64{5, -1}, estimate.Options{}); return err }, nil},
		{"FitSBG nobody churns", ErrFit, func() error { _, err := FitSBG([]int64{5, 5, 5}, estimate.Options{}); return err }, nil},
		{"FitSBG all at once", ErrFit, func() error { _, err := FitSBG([]int64{5, 0, 0}, estimate.Options{}); return err }, nil},
		{"FitSBG level", ErrLevel, func() error { _, err := FitSBG([]int64{10, 8, 6}, estimate.Options{Level: 7}); return err }, nil},
		{"FitSBG method", ErrMethod, func() error { _, err := FitSBG([]int64{10, 8, 6}, estimate.Options{Method: "y"}); return err }, nil},
		{"FitSBG extremes", nil, func() error {
			r, err := FitSBG([]int64{math.MaxInt64, math.MaxInt64 / 2, math.MaxInt64 / 3}, estimate.Options{})
			if err != nil && !errors.Is(err, ErrFit) {
				return err
			}
			return finiteAll(r.Alpha, r.Beta, r.LogLik)
		}, nil},
		{"FitSBGCohorts nil", ErrEmpty, func() error { _, err := FitSBGCohorts(nil, estimate.Options{}); return err }, nil},
		{"FitSBGCohorts nil cohort", ErrSurvivors, func() error { _, err := FitSBGCohorts([][]int64{nil}, estimate.Options{}); return err }, nil},
		{"DERL NaN", ErrProbability, func() error { _, err := m.DERL(nan, 0); return err }, nil},
		{"DERL zero", ErrProbability, func() error { _, err := m.DERL(0, 0); return err }, nil},
		{"DERL +Inf", ErrProbability, func() error { _, err := m.DERL(pinf, 0); return err }, nil},
		{"DERL negative n", ErrCount, func() error { _, err := m.DERL(0.1, -1); return err }, nil},
		{"DERL zero model", ErrFit, func() error { _, err := SBG{}.DERL(0.1, 0); return err }, nil},
		{"DERL huge n", nil, func() error { d, err := m.DERL(0.1, math.MaxInt32); return errors.Join(err, finiteAll(d)) }, nil},
		{"Survival huge t", nil, func() error {
			s := m.Survival(math.MaxInt)
			if s < 0 || s > 1 || math.IsNaN(s) {
				return fmt.Errorf("S = %v", s)
			}
			return nil
		}, nil},
		{"Survival negative t", nil, func() error { return finiteAll(m.Survival(-5), m.Retention(-5)) }, nil},
		{"Project huge", nil, func() error {
			p := m.Project(math.MaxInt)
			if len(p) == 0 || len(p) > MaxPeriods+1 {
				return fmt.Errorf("len %d", len(p))
			}
			return finiteAll(p...)
		}, nil},
		{"Project negative", nil, func() error { return finiteAll(m.Project(-3)...) }, nil},
		{"Tenure zero start", ErrDuration, func() error { _, err := Tenure(time.Time{}, time.Time{}, t0, time.Hour); return err }, nil},
		{"Tenure zero cutoff", ErrDuration, func() error { _, err := Tenure(t0, time.Time{}, time.Time{}, time.Hour); return err }, nil},
		{"Tenure negative unit", ErrDuration, func() error { _, err := Tenure(t0, time.Time{}, t0.Add(time.Hour), -time.Hour); return err }, nil},
		{"Tenure end before start", ErrDuration, func() error {
			_, err := Tenure(t0, t0.Add(-time.Second), t0.Add(time.Hour), time.Hour)
			return err
		}, nil},
		{"Tenure start after cutoff", ErrDuration, func() error { _, err := Tenure(t0, time.Time{}, t0.Add(-1), time.Hour); return err }, nil},
		{"Tenure extremes", nil, func() error {
			// 9998 years in days, by hand: 9998·365 + 2424 leap days
			// (years 4..9996 divisible by 4: 2499, less 99 centuries, plus
			// 24 of them divisible by 400), the Gregorian count.
			s, err := Tenure(time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 1, time.UTC), 24*time.Hour)
			if err != nil {
				return err
			}
			if want := float64(9998*365 + 2424); s.Duration != want {
				return fmt.Errorf("tenure %v days, want %v", s.Duration, want)
			}
			return finiteAll(s.Duration)
		}, nil},
	})
}

// TestHostileDecoders feeds every decoder wrong types, unknown, missing
// and duplicate keys (at the top and inside nested objects), trailing
// data and truncated binary: each must return ErrCorrupt (or a JSON
// syntax error wrapped as one) and leave the accumulator unchanged.
func TestHostileDecoders(t *testing.T) {
	var f Flow
	f.AddCounts(10, 9, 2)
	var rev Revenue
	rev.Add(Account{100, 120})
	var rep Repeat
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rep.Add(Purchases{3, t0, t0.AddDate(0, 2, 0)})
	l := lifetimesOf(t, []float64{1, 2, 2, 3}, []int{1, 0, 1, 1})
	c, _ := NewCohorts(group.Month, time.UTC)
	c.Add(Event{"a", t0, 10})
	c.Add(Event{"b", t0.AddDate(0, 1, 0), 5})
	type codec interface {
		MarshalJSON() ([]byte, error)
		UnmarshalJSON([]byte) error
		MarshalBinary() ([]byte, error)
		UnmarshalBinary([]byte) error
	}
	accs := map[string]codec{"Flow": &f, "Revenue": &rev, "Repeat": &rep, "Lifetimes": l, "Cohorts": c}
	for name, a := range accs {
		js, err := a.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		bn, _ := a.MarshalBinary()
		s := string(js)
		// The first key and value of the object, to duplicate or retype.
		var cases []hostileCase
		jsonCase := func(what, in string) {
			cases = append(cases, hostileCase{name + " JSON " + what, ErrCorrupt, func() error { return a.UnmarshalJSON([]byte(in)) }, bin(a)})
		}
		binCase := func(what string, in []byte) {
			cases = append(cases, hostileCase{name + " binary " + what, ErrCorrupt, func() error { return a.UnmarshalBinary(in) }, bin(a)})
		}
		jsonCase("empty", "")
		jsonCase("array", "[]")
		jsonCase("string", `"x"`)
		jsonCase("empty object", "{}")
		jsonCase("trailing data", s+"{}")
		jsonCase("trailing garbage", s+"x")
		jsonCase("truncated", s[:len(s)-1])
		jsonCase("unknown key", s[:len(s)-1]+`,"bogus":1}`)
		// Per key of the object: the key twice, its value of a wrong type
		// (a nested object) or NaN, and the key left out.
		var top map[string]json.RawMessage
		if err := json.Unmarshal(js, &top); err != nil {
			t.Fatal(err)
		}
		for k := range top {
			jsonCase("duplicate "+k, objectText(top, k, string(top[k]), true))
			jsonCase("nested object for "+k, objectText(top, k, `{"nested":[1,{"x":2}]}`, false))
			jsonCase("null "+k, objectText(top, k, "null", false))
			jsonCase("NaN "+k, objectText(top, k, "NaN", false))
			jsonCase("no "+k, objectText(top, k, "", false))
		}
		binCase("empty", nil)
		binCase("version 0", append([]byte{0}, bn[1:]...))
		binCase("version 255", append([]byte{255}, bn[1:]...))
		binCase("trailing byte", append(append([]byte{}, bn...), 0))
		for cut := 1; cut < len(bn); cut += max(1, len(bn)/7) {
			binCase(fmt.Sprintf("truncated to %d", cut), bn[:cut])
		}
		runHostile(t, cases)
	}
	// Inside the nested objects of Cohorts: a customer with an unknown
	// key, a duplicate key, a wrong type and a missing key.
	js, _ := c.MarshalJSON()
	s := string(js)
	for what, edit := range map[string][2]string{
		"nested unknown key":   {`{"id":"a",`, `{"id":"a","x":1,`},
		"nested duplicate key": {`{"id":"a",`, `{"id":"a","id":"a",`},
		"nested wrong type":    {`{"id":"a",`, `{"id":7,`},
		"nested missing key":   {`{"id":"a",`, `{`},
		"nested null periods":  {`"periods":[`, `"periods":null,"x":[`},
	} {
		in := bytes.Replace([]byte(s), []byte(edit[0]), []byte(edit[1]), 1)
		if bytes.Equal(in, js) {
			t.Fatalf("%s: %q not in %s", what, edit[0], s)
		}
		runHostile(t, []hostileCase{{"Cohorts JSON " + what, ErrCorrupt, func() error { return c.UnmarshalJSON(in) }, bin(c)}})
	}
}

// objectText writes the JSON object of top with the value of key replaced
// by v (left out when v is empty), and, when twice is set, the pair of key
// written twice.
func objectText(top map[string]json.RawMessage, key, v string, twice bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for k, raw := range top {
		val := string(raw)
		if k == key {
			if val = v; v == "" {
				continue
			}
			if twice {
				fmt.Fprintf(&b, "%q:%s,", k, val)
			}
		}
		fmt.Fprintf(&b, "%q:%s,", k, val)
	}
	out := strings.TrimSuffix(b.String(), ",")
	return out + "}"
}
