package retention

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

type lifetime struct {
	entry, exit float64
	s           Status
	truncated   bool
}

func drawLifetimes(t *rapid.T) []lifetime {
	n := rapid.IntRange(1, 60).Draw(t, "n")
	out := make([]lifetime, n)
	for i := range out {
		exit := float64(rapid.IntRange(0, 20).Draw(t, "exit"))
		lt := lifetime{exit: exit, s: Status(rapid.IntRange(0, 1).Draw(t, "status"))}
		if exit > 0 && rapid.IntRange(0, 4).Draw(t, "trunc") == 0 {
			lt.truncated = true
			lt.entry = float64(rapid.IntRange(0, int(exit)-1).Draw(t, "entry"))
		}
		out[i] = lt
	}
	return out
}

func addLifetimes(t *rapid.T, l *Lifetimes, xs []lifetime) {
	for _, x := range xs {
		var err error
		if x.truncated {
			err = l.Add(Lifetime{x.entry, x.exit, x.s})
		} else {
			err = l.Add(Lifetime{Exit: x.exit, Status: x.s})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestPropertyKaplanMeier: S(t) is non-increasing in [0, 1], every
// interval contains S, and the cumulative hazard is non-decreasing, for
// every method, with ties, censoring and left truncation.
func TestPropertyKaplanMeier(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l Lifetimes
		addLifetimes(t, &l, drawLifetimes(t))
		for _, m := range []estimate.Method{Log, LogLog, Plain} {
			c, err := l.Result(estimate.Options{Method: m, Level: rapid.Float64Range(0.5, 0.999).Draw(t, "level")})
			if err != nil {
				t.Fatal(err)
			}
			prevS, prevH := 1.0, 0.0
			for _, r := range c.Rows {
				if r.Survival < 0 || r.Survival > 1 || r.Survival > prevS {
					t.Fatalf("%s: S(%g) = %g after %g", m, r.Time, r.Survival, prevS)
				}
				if !(r.CI.Lo <= r.Survival && r.Survival <= r.CI.Hi) || r.CI.Lo < 0 || r.CI.Hi > 1 {
					t.Fatalf("%s: CI %+v does not contain S = %g", m, r.CI, r.Survival)
				}
				if r.CumHazard < prevH || r.SE < 0 || r.AtRisk < r.Events+r.Censored {
					t.Fatalf("%s: row %+v", m, r)
				}
				prevS, prevH = r.Survival, r.CumHazard
			}
			md := c.Median
			if md.CI.Lo > md.Time || md.CI.Hi < md.Time {
				t.Fatalf("median %+v outside its interval", md)
			}
			if rm, err := c.RMST(25); err != nil || rm.Mean < 0 || rm.Mean > 25 || !rm.CI.Contains(rm.Mean) {
				t.Fatalf("RMST %+v %v", rm, err)
			}
		}
	})
}

// TestPropertyLifetimesMerge: merging parts equals adding the whole, in
// any order, state and curve alike.
func TestPropertyLifetimesMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := drawLifetimes(t)
		var whole Lifetimes
		addLifetimes(t, &whole, xs)
		perm := rapid.Permutation(xs).Draw(t, "perm")
		cut := rapid.IntRange(0, len(perm)).Draw(t, "cut")
		var a, b Lifetimes
		addLifetimes(t, &a, perm[:cut])
		addLifetimes(t, &b, perm[cut:])
		if err := b.Merge(&a); err != nil {
			t.Fatal(err)
		}
		wb, _ := whole.MarshalBinary()
		mb, _ := b.MarshalBinary()
		if !bytes.Equal(wb, mb) {
			t.Fatal("merged state differs from the whole")
		}
		cw, _ := whole.Result(estimate.Options{})
		cm, _ := b.Result(estimate.Options{})
		if !cmp.Equal(cw, cm) {
			t.Fatal(cmp.Diff(cw, cm))
		}
	})
}

// TestPropertyLogRank: χ² >= 0, p in [0, 1], and the expected events add
// up to the observed ones.
func TestPropertyLogRank(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 4).Draw(t, "k")
		gs := make([]*Lifetimes, k)
		for i := range gs {
			gs[i] = new(Lifetimes)
			addLifetimes(t, gs[i], drawLifetimes(t))
		}
		r, err := LogRank(gs...)
		if err != nil {
			return // no event with two at risk
		}
		o, e := 0.0, 0.0
		for _, g := range r.Groups {
			o += float64(g.Observed)
			e += g.Expected
		}
		if r.Chi2 < 0 || r.P < 0 || r.P > 1 || r.DF < 1 || r.DF > k-1 || !near(o, e, 1e-9) {
			t.Fatalf("%+v", r)
		}
	})
}

// TestPropertyRetentionRate: for valid counts the rate is in [0, 100],
// churn is 100 - retention, and the interval contains the rate.
func TestPropertyRetentionRate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.Int64Range(1, 1e9).Draw(t, "S")
		kept := rapid.Int64Range(0, s).Draw(t, "kept")
		n := rapid.Int64Range(0, 1e9).Draw(t, "N")
		r, err := CustomerRetention(s, kept+n, n, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Retention < 0 || r.Retention > 100 || !near(r.Churn, 100-r.Retention, 1e-12) || !r.RetentionCI.Contains(r.Retention) {
			t.Fatalf("%+v", r)
		}
	})
}

func drawEvents(t *rapid.T) []Event {
	n := rapid.IntRange(1, 80).Draw(t, "events")
	base := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Event, n)
	for i := range out {
		out[i] = Event{
			Customer: string(rune('a' + rapid.IntRange(0, 12).Draw(t, "customer"))),
			At:       base.Add(time.Duration(rapid.Int64Range(0, 400*24).Draw(t, "hour")) * time.Hour),
			Amount:   float64(rapid.IntRange(0, 100).Draw(t, "amount")),
		}
	}
	return out
}

// TestPropertyCohorts: cohort counts never exceed the cohort size, the
// sizes add up to the customers, and parts merged in any order give the
// table of the whole.
func TestPropertyCohorts(t *testing.T) {
	mad, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		mad = time.UTC
	}
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom([]group.Period{group.Week, group.Month}).Draw(t, "period")
		ev := drawEvents(t)
		whole, _ := NewCohorts(p, mad)
		if err := whole.AddAll(ev); err != nil {
			t.Fatal(err)
		}
		tb, err := whole.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var sizes int64
		for _, c := range tb.Cohorts {
			sizes += c.Size
			for k, a := range c.Active {
				if a < 0 || a > c.Size || c.Retention[k] < 0 || c.Retention[k] > 1 {
					t.Fatalf("cohort %s age %d: %d of %d", c.Label, k, a, c.Size)
				}
			}
		}
		if sizes != tb.Customers {
			t.Fatalf("sizes %d, customers %d", sizes, tb.Customers)
		}
		perm := rapid.Permutation(ev).Draw(t, "perm")
		cut := rapid.IntRange(0, len(perm)).Draw(t, "cut")
		a, _ := NewCohorts(p, mad)
		b, _ := NewCohorts(p, mad)
		a.AddAll(perm[:cut])
		b.AddAll(perm[cut:])
		if err := b.Merge(a); err != nil {
			t.Fatal(err)
		}
		got, _ := b.Result(estimate.Options{})
		if !cmp.Equal(tb, got) {
			t.Fatal(cmp.Diff(tb, got))
		}
	})
}
