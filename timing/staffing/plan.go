package staffing

import (
	"time"
)

// A Plan is the staffing of a day (or any run) of intervals, each staffed
// with the fewest agents that meet the targets, and the day's performance
// that results.
type Plan struct {
	Model     Model      `json:"model"`
	Intervals []Staffing `json:"intervals"` // in the order of the queues given
	// Contacts is the total offered.
	Contacts float64 `json:"contacts"`
	// Staffed and Scheduled are the agent time on the phones and the agent
	// time to schedule: the sums of Agents and Scheduled times each
	// interval's length.
	Staffed   time.Duration `json:"staffed"`
	Scheduled time.Duration `json:"scheduled"`
	// ServiceLevel and Abandon are the day's shares of all contacts,
	// the intervals' weighted by their contacts.
	ServiceLevel float64 `json:"service_level"`
	Abandon      float64 `json:"abandon"`
	// ASA is the day's mean wait of answered contacts, the intervals'
	// weighted by their answered contacts.
	ASA time.Duration `json:"asa"`
	// Occupancy is the day's share of staffed agent time busy: busy agent
	// time over staffed agent time, the standard workforce-planning figure.
	// It equals the intervals' occupancies weighted by staffed time, not by
	// contacts: weighting by contacts would overstate a day whose busy
	// intervals are also its most fully staffed.
	Occupancy float64 `json:"occupancy"`
}

// PlanC staffs each interval of a day with [AgentsC] and sums up the day.
// A day with no contacts at all has ServiceLevel 1 and ASA 0. No queues
// return ErrEmpty; an error about interval i has Index i.
func PlanC(day []Queue, t Targets) (Plan, error) {
	const fn = "staffing.PlanC"
	return plan(fn, ModelC, day, t, func(q Queue, a float64) (Staffing, error) {
		return agentsC(fn, a, q.AHT.Seconds(), t)
	})
}

// PlanA staffs each interval of a day with [AgentsA] at mean patience and
// sums up the day, as [PlanC] does.
func PlanA(day []Queue, patience time.Duration, t Targets) (Plan, error) {
	const fn = "staffing.PlanA"
	return plan(fn, ModelA, day, t, func(q Queue, a float64) (Staffing, error) {
		r, err := patienceRatio(fn, patience, q.AHT)
		if err != nil {
			return Staffing{}, err
		}
		return agentsA(fn, a, r, q.AHT.Seconds(), t)
	})
}

func plan(fn string, m Model, day []Queue, t Targets, staff func(Queue, float64) (Staffing, error)) (Plan, error) {
	if len(day) == 0 {
		return Plan{}, valueErr(fn, "intervals", 0, ErrEmpty)
	}
	if err := t.check(fn); err != nil {
		return Plan{}, err
	}
	p := Plan{Model: m, Intervals: make([]Staffing, len(day))}
	var inTime, abandoned, answered, waitSum, busy, staffed, sched float64
	for i, q := range day {
		a, err := q.erlangs(fn)
		if err != nil {
			return Plan{}, at(err, i)
		}
		s, err := staff(q, a)
		if err != nil {
			return Plan{}, at(err, i)
		}
		p.Intervals[i] = s
		r, length := s.Result, q.Interval.Seconds()
		p.Contacts += q.Contacts
		inTime += q.Contacts * r.ServiceLevel
		abandoned += q.Contacts * r.Abandon
		ans := q.Contacts * (1 - r.Abandon)
		answered += ans
		waitSum += ans * r.ASA.Seconds()
		busy += a * (1 - r.Abandon) * length
		staffed += float64(s.Agents) * length
		sched += float64(s.Scheduled) * length
	}
	p.Staffed, p.Scheduled = seconds(staffed), seconds(sched)
	p.ServiceLevel = 1
	if p.Contacts > 0 {
		p.ServiceLevel = clamp01(inTime / p.Contacts)
		p.Abandon = clamp01(abandoned / p.Contacts)
	}
	if answered > 0 {
		p.ASA = seconds(waitSum / answered)
	}
	if staffed > 0 {
		p.Occupancy = clamp01(busy / staffed)
	}
	return p, nil
}
