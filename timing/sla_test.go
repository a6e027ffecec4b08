package timing

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
)

func TestPolicyCheck(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	cal := mustCal(t, office(madrid))
	p := Policy{
		Calendar: cal,
		Pause:    []Status{Pending, OnHold},
		Targets: []Target{
			{Metric: FirstReply, Within: time.Hour, Business: true},
			{Metric: FirstReply, Priority: "high", Within: 30 * time.Minute, Business: true},
			{Metric: NextReply, Within: 2 * time.Hour, Business: true},
			{Metric: Resolution, Within: 8 * time.Hour, Business: true},
			{Metric: PeriodicUpdate, Within: 24 * time.Hour},
		},
	}
	tk := sampleTicket(madrid) // priority "high"
	at := func(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, madrid) }
	byMetric := func(ss []TargetState) map[SLAMetric]TargetState {
		m := map[SLAMetric]TargetState{}
		for _, s := range ss {
			m[s.Metric] = s
		}
		return m
	}

	// Monday 11:20: 20 min after creation, nothing answered. The high
	// priority's 30 min first-reply target has 10 min left; resolution
	// has used 20 min of 8 h; no next reply or update has begun.
	ss, err := p.Check(tk, at(4, 11, 20))
	if err != nil {
		t.Fatal(err)
	}
	m := byMetric(ss)
	if len(ss) != 2 || m[FirstReply].State != Active || m[FirstReply].Left != 10*time.Minute || m[FirstReply].Within != 30*time.Minute {
		t.Errorf("11:20: %+v", ss)
	}
	if m[Resolution].State != Active || m[Resolution].Elapsed != 20*time.Minute {
		t.Errorf("11:20 resolution: %+v", m[Resolution])
	}

	// Monday 16:00: the first reply came at 15:00 after 2 h of business
	// time (11-12, 14-15): breached, 1.5 h overdue. Resolution paused
	// (Pending since 15:00) at 2 h elapsed.
	ss, err = p.Check(tk, at(4, 16, 0))
	if err != nil {
		t.Fatal(err)
	}
	m = byMetric(ss)
	if m[FirstReply].State != Breached || m[FirstReply].Left != -90*time.Minute {
		t.Errorf("16:00 first reply: %+v", m[FirstReply])
	}
	if m[Resolution].State != Paused || m[Resolution].Elapsed != 2*time.Hour {
		t.Errorf("16:00 resolution: %+v", m[Resolution])
	}
	// Periodic update in calendar time since the 15:00 reply: 1 h of 24.
	if m[PeriodicUpdate].State != Paused || m[PeriodicUpdate].Elapsed != 0 {
		t.Errorf("16:00 periodic update: %+v", m[PeriodicUpdate])
	}

	// Wednesday 12:00, after the end: resolution ran Mon 11:00-15:00 (2 h
	// business), Tue 09:00-10:30 (1.5 h), Wed 09:00-10:00 (1 h): 4.5 h of
	// 8: achieved. The next reply (Tue 09:00 -> 10:30) took 1.5 h of 2.
	ss, err = p.Check(tk, at(6, 12, 0))
	if err != nil {
		t.Fatal(err)
	}
	m = byMetric(ss)
	if m[Resolution].State != Achieved || m[Resolution].Elapsed != 4*time.Hour+30*time.Minute || m[Resolution].Left != 3*time.Hour+30*time.Minute {
		t.Errorf("end resolution: %+v", m[Resolution])
	}
	if m[NextReply].State != Achieved || m[NextReply].Elapsed != 90*time.Minute {
		t.Errorf("end next reply: %+v", m[NextReply])
	}
	// Periodic updates between replies, calendar time, clocks stopped
	// while pending or solved: Mon 15:00 -> Tue 10:30 ran Tue 09:00-10:30
	// (1.5 h), Tue 10:30 -> Wed 10:00 ran Wed 09:00-10:00 (1 h). The worst
	// is reported.
	if m[PeriodicUpdate].State != Achieved || m[PeriodicUpdate].Elapsed != 90*time.Minute {
		t.Errorf("end periodic update: %+v", m[PeriodicUpdate])
	}

	var c Compliance
	if err := c.AddAll(ss); err != nil {
		t.Fatal(err)
	}
	r, err := c.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// First reply breached; next reply, resolution, periodic achieved.
	if r.All.X != 3 || r.All.N != 4 || r.Breaches != 1 || r.FirstReply.X != 0 || r.FirstReply.N != 1 {
		t.Errorf("compliance: %+v", r)
	}

	// Errors.
	if _, err := p.Check(tk, at(1, 0, 0)); !errors.Is(err, ErrOrder) {
		t.Errorf("before creation: %v", err)
	}
	bad := p
	bad.Targets = []Target{{Metric: 9, Within: time.Hour}}
	if _, err := bad.Check(tk, at(6, 12, 0)); !errors.Is(err, ErrKind) {
		t.Errorf("bad metric: %v", err)
	}
	bad.Targets = []Target{{Metric: FirstReply, Within: -time.Hour}}
	if _, err := bad.Check(tk, at(6, 12, 0)); !errors.Is(err, ErrNegative) {
		t.Errorf("negative within: %v", err)
	}
	bad = p
	bad.Pause = []Status{0}
	if _, err := bad.Check(tk, at(6, 12, 0)); !errors.Is(err, ErrStatus) {
		t.Errorf("bad pause: %v", err)
	}
}

func TestServiceLevel(t *testing.T) {
	// 10 contacts: 7 answered within 20 s (a wait of exactly 20 s counts),
	// 2 answered later, 1 abandoned: SL = 7/10, Wilson 95 % [0.3968,
	// 0.8922] (by hand: centre 8.9207/13.8415, half-width 0.2479).
	sl := ServiceLevel{Target: 20 * time.Second}
	var cs []Contact
	for _, w := range []time.Duration{0, 5 * time.Second, 10 * time.Second, 12 * time.Second, 15 * time.Second, 19 * time.Second, 20 * time.Second, 21 * time.Second, time.Minute} {
		cs = append(cs, Contact{Wait: w})
	}
	if err := sl.AddAll(cs); err != nil {
		t.Fatal(err)
	}
	if err := sl.Add(Contact{Wait: 3 * time.Second, Abandoned: true}); err != nil {
		t.Fatal(err)
	}
	r, err := sl.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Level.X != 7 || r.Level.N != 10 || r.Answered != 9 || r.Abandoned != 1 || !near(r.Level.CI.Lo, 0.3968, 1e-4) || !near(r.Level.CI.Hi, 0.8922, 1e-4) {
		t.Errorf("Result = %+v", r)
	}
	other := ServiceLevel{Target: 30 * time.Second}
	_ = other.Add(Contact{Wait: time.Second})
	if err := sl.Merge(&other); !errors.Is(err, ErrMismatch) || sl.N() != 10 {
		t.Errorf("merge of different targets: %v", err)
	}
	var empty ServiceLevel
	if err := empty.Merge(&other); err != nil || empty.Target != 30*time.Second || empty.N() != 1 {
		t.Errorf("merge into empty: %v %+v", err, empty)
	}
	if err := sl.Add(Contact{Wait: -time.Second}); !errors.Is(err, ErrNegative) || sl.N() != 10 {
		t.Errorf("negative wait: %v", err)
	}
	if err := sl.AddAll([]Contact{{Wait: time.Second}, {Wait: -1, Abandoned: true}}); !errors.Is(err, ErrNegative) || sl.N() != 10 {
		t.Errorf("AddAll with a negative wait: %v, n %d", err, sl.N())
	}
	// AddN of a report row equals adding its contacts one by one: 3
	// abandoned and 4 answered within the target add 4 within and 7 to n.
	byRow, byOne := ServiceLevel{Target: 20 * time.Second}, ServiceLevel{Target: 20 * time.Second}
	if err := errors.Join(byRow.AddN(Contact{Wait: 30 * time.Second, Abandoned: true}, 3), byRow.AddN(Contact{Wait: 20 * time.Second}, 4), byRow.AddN(Contact{}, 0)); err != nil {
		t.Fatal(err)
	}
	for i := range 7 {
		_ = byOne.Add(Contact{Wait: 20 * time.Second, Abandoned: i < 3})
	}
	if r, _ := byRow.Result(estimate.Options{}); r.Level.X != 4 || r.Level.N != 7 || r.Abandoned != 3 || byRow != byOne {
		t.Errorf("AddN: %+v, one by one %+v", byRow, byOne)
	}
	if err := byRow.AddN(Contact{}, -1); !errors.Is(err, ErrCount) || byRow.N() != 7 {
		t.Errorf("AddN negative count: %v", err)
	}
	if _, err := new(ServiceLevel).Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

// TestComplianceAddN: a desk's report rows, "first reply: 940 achieved,
// 60 breached; resolution: 45 achieved, 5 breached; 7 still active",
// give first reply 940/1000 = 0.94, resolution 45/50 = 0.9, all
// 985/1050 and 65 breaches; and AddN equals Add repeated.
func TestComplianceAddN(t *testing.T) {
	fr, res := Target{Metric: FirstReply}, Target{Metric: Resolution}
	var c Compliance
	for _, row := range []struct {
		s TargetState
		n int64
	}{{TargetState{Target: fr, State: Achieved}, 940}, {TargetState{Target: fr, State: Breached}, 60},
		{TargetState{Target: res, State: Achieved}, 45}, {TargetState{Target: res, State: Breached}, 5},
		{TargetState{Target: res, State: Active}, 7}, {TargetState{Target: fr, State: Breached}, 0}} {
		if err := c.AddN(row.s, row.n); err != nil {
			t.Fatal(err)
		}
	}
	r, err := c.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.FirstReply.Share != 0.94 || r.FirstReply.N != 1000 || r.Resolution.Share != 0.9 || r.Resolution.N != 50 ||
		r.All.X != 985 || r.All.N != 1050 || r.Breaches != 65 || c.N() != 1050 {
		t.Errorf("Result = %+v", r)
	}
	var one, many Compliance
	s := TargetState{Target: Target{Metric: PeriodicUpdate}, State: Breached}
	for range 3 {
		_ = one.Add(s)
	}
	_ = many.AddN(s, 3)
	if one != many {
		t.Errorf("AddN(s, 3) = %+v, Add three times %+v", many, one)
	}
	for _, bad := range []struct {
		s    TargetState
		n    int64
		want error
	}{{s, -1, ErrCount}, {s, math.MaxInt64, ErrOverflow}, {TargetState{State: Achieved}, 1, ErrKind}, {TargetState{Target: fr}, 1, ErrStatus}} {
		if err := many.AddN(bad.s, bad.n); !errors.Is(err, bad.want) || many.N() != 3 {
			t.Errorf("AddN(%+v, %d) = %v, want %v; n %d", bad.s, bad.n, err, bad.want, many.N())
		}
	}
}
