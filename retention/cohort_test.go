package retention

import (
	"bytes"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// handLog is a small event log whose cohort table is worked out by hand
// in TestCohortsHand.
var handLog = []Event{
	{"a", time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), 10},
	{"a", time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC), 5},
	{"a", time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), 5},
	{"b", time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC), 20},
	{"b", time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC), 0},
	{"c", time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), 7},
	{"c", time.Date(2026, 2, 28, 9, 0, 0, 0, time.UTC), 3},
	{"d", time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), 1},
}

func cohortsOf(t testing.TB, p group.Period, loc *time.Location, events []Event) *Cohorts {
	t.Helper()
	c, err := NewCohorts(p, loc)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddAll(events); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCohortsHand checks the monthly table of handLog in UTC, by hand:
// cohort 2026-01 = {a, b}, active at ages 0, 1, 2: 2, 1 (a), 2 (a, b);
// revenue 30, 5, 5. Cohort 2026-02 = {c}: 1, 0; revenue 10, 0. Cohort
// 2026-03 = {d}: 1; revenue 1. Average: age 0 4/4, age 1 (Jan and Feb
// cohorts) 1/3, age 2 (Jan) 2/2. Periods: Feb S = 2 (a, b), E = 2 (a, c),
// kept a, so N = 1 and retention 50 %; Mar S = 2 (a, c), E = 3 (a, b, d),
// kept a, N = 2, 50 %.
func TestCohortsHand(t *testing.T) {
	c := cohortsOf(t, group.Month, time.UTC, handLog)
	tb, err := c.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Customers != 4 || tb.Events != 8 || len(tb.Cohorts) != 3 {
		t.Fatalf("customers %d events %d cohorts %d", tb.Customers, tb.Events, len(tb.Cohorts))
	}
	want := []struct {
		label   string
		size    int64
		active  []int64
		revenue []float64
	}{
		{"2026-01", 2, []int64{2, 1, 2}, []float64{30, 5, 5}},
		{"2026-02", 1, []int64{1, 0}, []float64{10, 0}},
		{"2026-03", 1, []int64{1}, []float64{1}},
	}
	for i, w := range want {
		r := tb.Cohorts[i]
		if r.Label != w.label || r.Size != w.size || !cmp.Equal(r.Active, w.active) || !cmp.Equal(r.Revenue, w.revenue) {
			t.Errorf("cohort %d = %s %d %v %v, want %+v", i, r.Label, r.Size, r.Active, r.Revenue, w)
		}
		for k, s := range r.Retention {
			if s != float64(w.active[k])/float64(w.size) || !r.CI[k].Contains(s) {
				t.Errorf("cohort %s age %d: %g %+v", r.Label, k, s, r.CI[k])
			}
		}
	}
	if !tb.Cohorts[0].Start.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || tb.Cohorts[0].TotalRevenue != 40 {
		t.Errorf("cohort 0 start %v total %g", tb.Cohorts[0].Start, tb.Cohorts[0].TotalRevenue)
	}
	for i, w := range [][2]int64{{4, 4}, {1, 3}, {2, 2}} {
		if p := tb.Average[i]; p.Active != w[0] || p.Of != w[1] || p.Share != float64(w[0])/float64(w[1]) {
			t.Errorf("average %d = %+v, want %d/%d", i, p, w[0], w[1])
		}
	}
	pw := []struct {
		active, first int64
		revenue       float64
		rate          bool
		s, e, n       int64
	}{{2, 2, 30, false, 0, 0, 0}, {2, 1, 15, true, 2, 2, 1}, {3, 1, 6, true, 2, 3, 2}}
	for i, w := range pw {
		p := tb.Periods[i]
		if p.Active != w.active || p.First != w.first || p.Revenue != w.revenue || p.HasRate != w.rate {
			t.Errorf("period %s = %+v, want %+v", p.Label, p, w)
		}
		if w.rate && (p.Rate.Start != w.s || p.Rate.End != w.e || p.Rate.New != w.n || p.Rate.Retention != 50) {
			t.Errorf("period %s rate %+v", p.Label, p.Rate)
		}
	}
}

// TestCohortsLocation checks that periods are read on the Location's wall
// clock: d's event at 2026-03-31T23:30Z is on 1 April in Madrid (UTC+2),
// so Madrid has a cohort 2026-04 = {d}, and March keeps a and b of
// S = {a, c}: retention 50 %, then April 0 % of S = {a, b}.
func TestCohortsLocation(t *testing.T) {
	mad, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Skip(err)
	}
	tb, err := cohortsOf(t, group.Month, mad, handLog).Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{}
	for _, r := range tb.Cohorts {
		labels = append(labels, r.Label)
	}
	if !cmp.Equal(labels, []string{"2026-01", "2026-02", "2026-04"}) {
		t.Fatalf("cohorts %v", labels)
	}
	if !cmp.Equal(tb.Cohorts[0].Active, []int64{2, 1, 2, 0}) {
		t.Errorf("Jan cohort %v", tb.Cohorts[0].Active)
	}
	apr := tb.Periods[3]
	if apr.Label != "2026-04" || apr.Rate.Retention != 0 || apr.Rate.Start != 2 || apr.Rate.New != 1 {
		t.Errorf("April %+v", apr)
	}
	if !tb.Cohorts[2].Start.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, mad)) {
		t.Errorf("April start %v", tb.Cohorts[2].Start)
	}
}

// TestCohortsWeeks checks ISO weeks: 2026-01-05 is a Monday (2026-W02),
// 2026-01-04 a Sunday (2026-W01), and 2025-12-29 starts 2026-W01.
func TestCohortsWeeks(t *testing.T) {
	ev := []Event{
		{"x", time.Date(2026, 1, 4, 12, 0, 0, 0, time.UTC), 0},
		{"x", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), 0},
		{"y", time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC), 0},
		{"y", time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC), 0},
	}
	tb, err := cohortsOf(t, group.Week, time.UTC, ev).Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Cohorts) != 1 || tb.Cohorts[0].Label != "2026-W01" || !cmp.Equal(tb.Cohorts[0].Active, []int64{2, 1, 0, 1}) {
		t.Fatalf("%+v", tb.Cohorts)
	}
}

// TestCohortsUnsortedParts checks that the order of the log and its split
// into merged parts do not change the table.
func TestCohortsUnsortedParts(t *testing.T) {
	want, _ := cohortsOf(t, group.Month, time.UTC, handLog).Result(estimate.Options{})
	rev := make([]Event, len(handLog))
	for i, e := range handLog {
		rev[len(handLog)-1-i] = e
	}
	a := cohortsOf(t, group.Month, time.UTC, rev[:3])
	b := cohortsOf(t, group.Month, time.UTC, rev[3:])
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	got, _ := a.Result(estimate.Options{})
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
}

func TestCohortsErrors(t *testing.T) {
	_, err := NewCohorts(group.Day, time.UTC)
	wantErr(t, err, ErrPeriod, "retention.NewCohorts")
	_, err = NewCohorts(group.Month, nil)
	wantErr(t, err, ErrLocation, "retention.NewCohorts")
	var z Cohorts
	wantErr(t, z.Add(Event{"a", time.Now(), 0}), ErrLocation, "retention.Cohorts.Add")
	c, _ := NewCohorts(group.Month, time.UTC)
	wantErr(t, c.Add(Event{"", time.Now(), 0}), ErrEmpty, "retention.Cohorts.Add")
	wantErr(t, c.Add(Event{"a", time.Now(), math.NaN()}), ErrNotFinite, "retention.Cohorts.Add")
	err = c.AddAll([]Event{{"a", time.Now(), 1}, {"b", time.Now(), math.Inf(1)}})
	wantErr(t, err, ErrNotFinite, "retention.Cohorts.AddAll")
	if asValueErr(err).Index != 1 || c.N() != 0 || c.Events() != 0 {
		t.Errorf("index %d, state changed: %d customers", asValueErr(err).Index, c.N())
	}
	_, err = c.Result(estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.Cohorts.Result")
	w, _ := NewCohorts(group.Week, time.UTC)
	w.Add(Event{"a", time.Now(), 0})
	c.Add(Event{"b", time.Now(), 0})
	wantErr(t, c.Merge(w), ErrMismatch, "retention.Cohorts.Merge")
	// A zero Cohorts takes the calendar of what it merges.
	if err := z.Merge(c); err != nil || z.Period() != group.Month || z.N() != 1 {
		t.Errorf("zero merge: %v %v %d", err, z.Period(), z.N())
	}
}

// TestCohortsLimits checks times outside the years 1..9999 and tables too
// large to hold: 100 weekly cohorts spread over 9,000 years would need
// about 100 × 235,000 cells.
func TestCohortsLimits(t *testing.T) {
	c, _ := NewCohorts(group.Week, time.UTC)
	err := c.Add(Event{"a", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 0})
	wantErr(t, err, ErrTime, "retention.Cohorts.Add")
	err = c.AddAll([]Event{{"a", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), 0}})
	wantErr(t, err, ErrTime, "retention.Cohorts.AddAll")
	// The first and last weeks of the range work, and encode.
	for _, at := range []time.Time{time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC)} {
		kir, err := time.LoadLocation("Pacific/Kiritimati") // UTC+14
		if err != nil {
			t.Skip(err)
		}
		one, _ := NewCohorts(group.Week, kir)
		if err := one.Add(Event{"x", at, 1}); err != nil {
			t.Fatal(err)
		}
		b, _ := one.MarshalBinary()
		if err := new(Cohorts).UnmarshalBinary(b); err != nil {
			t.Errorf("%v: %v", at, err)
		}
		if _, err := one.Result(estimate.Options{}); err != nil {
			t.Errorf("%v: %v", at, err)
		}
	}
	for i := range 100 {
		at := time.Date(1000+90*i, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := c.Add(Event{string(rune('A' + i)), at, 0}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.Result(estimate.Options{})
	wantErr(t, err, ErrSpan, "retention.Cohorts.Result")
}

// TestCohortsIDs checks ids of every length around the inline limit of
// 15 bytes, and ids that differ only by a trailing NUL byte.
func TestCohortsIDs(t *testing.T) {
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	ids := []string{"a", "a\x00", "123456789012345", "1234567890123456", "12345678901234567", "customer-with-a-long-external-id"}
	c, _ := NewCohorts(group.Month, time.UTC)
	for _, id := range ids {
		for m := range 2 {
			if err := c.Add(Event{id, at.AddDate(0, m, 0), 1}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if c.N() != int64(len(ids)) || c.Events() != int64(2*len(ids)) {
		t.Fatalf("%d customers, %d events", c.N(), c.Events())
	}
	b, _ := c.MarshalBinary()
	var d Cohorts
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if err := d.Add(Event{ids[3], at, 1}); err != nil || d.N() != int64(len(ids)) {
		t.Errorf("decoded cohorts lost a customer: %v, %d", err, d.N())
	}
	tb, _ := c.Result(estimate.Options{})
	if tb.Cohorts[0].Size != int64(len(ids)) || tb.Cohorts[0].Active[1] != int64(len(ids)) {
		t.Errorf("%+v", tb.Cohorts[0])
	}
}

// TestCohortsBatch checks that AddAll's batched path (from batchMin
// events on, grouped by part of the customer) gives the state of adding
// the events one by one, with short and long ids, over several chunks of
// a merge.
func TestCohortsBatch(t *testing.T) {
	ev := make([]Event, 3*batchMin)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ev {
		// Customers 0..2999 in a scrambled order, every 7th with a long id.
		c := (i * 7919) % 3000
		id := "c" + strconv.Itoa(c)
		if c%7 == 0 {
			id = "a-long-customer-identifier-" + id
		}
		ev[i] = Event{Customer: id, At: base.Add(time.Duration((i*104729)%(400*24)) * time.Hour), Amount: float64(i % 50)}
	}
	ev[batchMin+5].Customer = ev[0].Customer // see the Adds around AddAll below
	one, _ := NewCohorts(group.Week, time.UTC)
	for _, e := range ev {
		if err := one.Add(Event{e.Customer, e.At, e.Amount}); err != nil {
			t.Fatal(err)
		}
	}
	// Add before and after the first large AddAll, which spreads the
	// customers over more parts: the Add after it must still find the
	// customer of the Add before.
	all, _ := NewCohorts(group.Week, time.UTC)
	if err := all.Add(Event{ev[0].Customer, ev[0].At, ev[0].Amount}); err != nil {
		t.Fatal(err)
	}
	if err := all.AddAll(ev[1 : batchMin+5]); err != nil {
		t.Fatal(err)
	}
	if err := all.Add(Event{ev[batchMin+5].Customer, ev[batchMin+5].At, ev[batchMin+5].Amount}); err != nil {
		t.Fatal(err)
	}
	if err := all.AddAll(ev[batchMin+6:]); err != nil {
		t.Fatal(err)
	}
	a, _ := one.MarshalBinary()
	b, _ := all.MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("batched AddAll differs from Add one by one")
	}
	if all.Events() != int64(len(ev)) || all.N() != one.N() {
		t.Errorf("events %d customers %d, want %d %d", all.Events(), all.N(), len(ev), one.N())
	}
	// A decoded Cohorts finds its customers in their parts.
	var d Cohorts
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	n := d.N()
	if err := d.AddAll(ev[:batchMin]); err != nil || d.N() != n {
		t.Errorf("decoded: %v, customers %d, want %d", err, d.N(), n)
	}
}
