package staffing

import (
	"errors"
	"math"
	"testing"
	"time"
)

// A three-interval day, checked against its intervals staffed one by one
// (AgentsC, whose values the tests above pin) and the weights summed by
// hand: SL = sum c_i SL_i / sum c_i; ASA weighted by answered contacts;
// occupancy = sum A_i L_i / sum N_i L_i.
func TestPlanC(t *testing.T) {
	half := 30 * time.Minute
	day := []Queue{
		{Contacts: 100, Interval: half, AHT: 3 * time.Minute}, // A = 10: 14 agents (the Call Centre Helper example)
		{Contacts: 0, Interval: half, AHT: 3 * time.Minute},   // nobody calls: 0 agents
		{Contacts: 360, Interval: half, AHT: 4 * time.Minute}, // A = 48
	}
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Shrinkage: 0.3}
	p, err := PlanC(day, tg)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Intervals) != 3 || p.Intervals[0].Agents != 14 || p.Intervals[1].Agents != 0 || p.Model != ModelC {
		t.Fatalf("plan %+v", p)
	}
	third, err := AgentsC(day[2], tg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Intervals[2] != third {
		t.Errorf("interval 2: %+v, want %+v", p.Intervals[2], third)
	}
	s0, s2 := p.Intervals[0].Result, third.Result
	check(t, "contacts", p.Contacts, 460, 0, 1e-15)
	check(t, "SL", p.ServiceLevel, (100*s0.ServiceLevel+360*s2.ServiceLevel)/460, 1e-15, 0)
	check(t, "ASA (s)", p.ASA.Seconds(), (100*s0.ASA.Seconds()+360*s2.ASA.Seconds())/460, 1e-9, 0)
	check(t, "occupancy", p.Occupancy, (10+48)/float64(14+third.Agents), 1e-15, 0)
	check(t, "staffed (h)", p.Staffed.Hours(), float64(14+third.Agents)/2, 1e-12, 0)
	check(t, "scheduled (h)", p.Scheduled.Hours(), float64(20+third.Scheduled)/2, 1e-12, 0)
	if p.Abandon != 0 {
		t.Errorf("Erlang C day abandons %v", p.Abandon)
	}
}

func TestPlanA(t *testing.T) {
	day := []Queue{
		{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute},
		{Contacts: 40, Interval: 30 * time.Minute, AHT: 3 * time.Minute},
	}
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Occupancy: 0.85, Abandonment: 0.05}
	p, err := PlanA(day, 5*time.Minute, tg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Intervals[0].Agents != 13 { // pyworkforce's example, see TestErlangAPyworkforce
		t.Errorf("interval 0: %d agents, want 13", p.Intervals[0].Agents)
	}
	r0, r1 := p.Intervals[0].Result, p.Intervals[1].Result
	check(t, "abandon", p.Abandon, (100*r0.Abandon+40*r1.Abandon)/140, 1e-15, 0)
	ans0, ans1 := 100*(1-r0.Abandon), 40*(1-r1.Abandon)
	check(t, "ASA (s)", p.ASA.Seconds(), (ans0*r0.ASA.Seconds()+ans1*r1.ASA.Seconds())/(ans0+ans1), 1e-9, 0)
	busy := 10*(1-r0.Abandon) + 4*(1-r1.Abandon)
	check(t, "occupancy", p.Occupancy, busy/float64(p.Intervals[0].Agents+p.Intervals[1].Agents), 1e-15, 0)
}

func TestPlanQuietDay(t *testing.T) {
	p, err := PlanC([]Queue{{Contacts: 0, Interval: time.Hour, AHT: time.Minute}}, Targets{ASA: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if p.ServiceLevel != 1 || p.ASA != 0 || p.Occupancy != 0 || p.Staffed != 0 {
		t.Errorf("quiet day: %+v", p)
	}
}

func TestPlanErrors(t *testing.T) {
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second}
	if _, err := PlanC(nil, tg); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil day: %v", err)
	}
	if _, err := PlanA([]Queue{}, time.Minute, tg); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty day: %v", err)
	}
	day := []Queue{cchQueue, cchQueue, {Contacts: math.NaN(), Interval: time.Hour, AHT: time.Minute}}
	_, err := PlanC(day, tg)
	if !errors.Is(err, ErrNotFinite) || err.Error() != "staffing.PlanC: contacts NaN at index 2: not a finite number" {
		t.Errorf("NaN contacts: %v", err)
	}
	if _, err := PlanA(day[:1], -time.Minute, tg); !errors.Is(err, ErrNotPositive) {
		t.Errorf("negative patience: %v", err)
	}
	if _, err := PlanC(day[:1], Targets{}); !errors.Is(err, ErrNoTarget) {
		t.Errorf("no target: %v", err)
	}
}
