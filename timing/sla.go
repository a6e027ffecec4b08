package timing

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
)

// An SLAMetric is what an SLA target times.
type SLAMetric uint8

// The SLA metrics, as Zendesk and Freshdesk define them.
const (
	// FirstReply runs from the creation to the first agent reply.
	FirstReply SLAMetric = iota + 1
	// NextReply runs from the first requester message that follows an
	// agent reply to the next agent reply, once per such exchange.
	NextReply
	// Resolution runs from the creation until the ticket is Solved or
	// Closed, and again after each reopening.
	Resolution
	// PeriodicUpdate runs from each agent reply to the next while the
	// ticket is unresolved.
	PeriodicUpdate
)

var slaNames = [...]string{FirstReply: "first-reply", NextReply: "next-reply", Resolution: "resolution", PeriodicUpdate: "periodic-update"}

// String returns "first-reply", "next-reply", "resolution" or
// "periodic-update".
func (m SLAMetric) String() string {
	if m >= FirstReply && m <= PeriodicUpdate {
		return slaNames[m]
	}
	return fmt.Sprintf("SLAMetric(%d)", uint8(m))
}

// ParseSLAMetric returns the SLAMetric named s as String writes it,
// ignoring case; other text returns ErrKind.
func ParseSLAMetric(s string) (SLAMetric, error) {
	for m := FirstReply; m <= PeriodicUpdate; m++ {
		if strings.EqualFold(s, slaNames[m]) {
			return m, nil
		}
	}
	return 0, textErr("timing.ParseSLAMetric", "metric", s, -1, ErrKind)
}

// A Target is one promise of an SLA policy: Metric within Within, for
// tickets of Priority ("" means every priority without a target of its
// own for that metric), in business hours of the policy's calendar when
// Business is set.
type Target struct {
	Metric   SLAMetric     `json:"metric"`
	Priority string        `json:"priority,omitempty"`
	Within   time.Duration `json:"within"`
	Business bool          `json:"business,omitempty"`
}

// A Policy is a set of SLA targets and the statuses that pause their
// clocks. Its zero value has no targets.
type Policy struct {
	// Targets are the promises, at most one per metric and priority.
	Targets []Target
	// Pause lists the statuses during which every clock stops (Pending
	// and OnHold in most desks). Nil means clocks never pause.
	Pause []Status
	// Calendar measures the Business targets; nil means always open.
	Calendar *Calendar
}

// A State is where an SLA target stands at an instant.
type State uint8

// The states of a target.
const (
	// Active: the clock is running and the target is not yet missed.
	Active State = iota + 1
	// Paused: the clock is stopped by a pause status, the target not yet
	// missed.
	Paused
	// Achieved: the clock stopped within the target.
	Achieved
	// Breached: the clock passed the target, stopped or not.
	Breached
)

var stateNames = [...]string{Active: "active", Paused: "paused", Achieved: "achieved", Breached: "breached"}

// String returns "active", "paused", "achieved" or "breached".
func (s State) String() string {
	if s >= Active && s <= Breached {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// A TargetState is a target of a ticket at an instant.
type TargetState struct {
	Target
	State State `json:"state"`
	// Elapsed is the clock time counted (business time for a Business
	// target), over every exchange for NextReply and PeriodicUpdate up
	// to the worst one.
	Elapsed time.Duration `json:"elapsed"`
	// Left is Within - Elapsed: the time left, or overdue when negative.
	Left time.Duration `json:"left"`
}

// Check returns the state at instant at of each target of p that applies
// to t: the target of t's priority for each metric, or else the one with
// an empty priority. Events after at are ignored. Clocks stop during the
// pause statuses and while the ticket is Solved or Closed; a ticket
// solved without any agent reply has no first-reply target. NextReply and
// PeriodicUpdate report their worst exchange (a breach if any breached,
// else the running one, else the longest achieved), and are left out when
// no exchange has begun.
//
// Errors are those of [Analyzer.Measure] for the events, ErrKind for a
// target with an unknown metric, ErrStatus for an unknown pause status,
// ErrNegative for a negative Within, ErrTimeRange for an at outside the
// years 1900..2199, ErrOrder for an at before the creation, ErrOverflow
// for a clock above math.MaxInt64 ns, and those of the calendar.
func (p *Policy) Check(t Ticket, at time.Time) ([]TargetState, error) {
	const fn = "timing.Policy.Check"
	for i, tg := range p.Targets {
		switch {
		case tg.Metric < FirstReply || tg.Metric > PeriodicUpdate:
			return nil, &estimate.ValueError{Func: fn, Name: "target metric", Value: float64(tg.Metric), Index: i, Err: ErrKind}
		case tg.Within < 0:
			return nil, &estimate.ValueError{Func: fn, Name: "target within (s)", Value: tg.Within.Seconds(), Index: i, Err: ErrNegative}
		}
	}
	var pause [Closed + 1]bool
	for i, s := range p.Pause {
		if !s.valid() {
			return nil, &estimate.ValueError{Func: fn, Name: "pause status", Value: float64(s), Index: i, Err: ErrStatus}
		}
		pause[s] = true
	}
	if _, err := unixNs(fn, "at", at); err != nil {
		return nil, err
	}
	var a Analyzer
	if err := a.prepare(fn, t); err != nil {
		return nil, err
	}
	cut := 0
	for cut < len(a.evs) && !a.evs[cut].At.After(at) {
		cut++
	}
	if cut == 0 {
		return nil, textErr(fn, "ticket", t.ID, -1, fmt.Errorf("%w: checked at %v, before its creation", ErrOrder, at))
	}
	c := clock{evs: a.evs[:cut], at: at, pause: &pause, cal: p.Calendar}
	var out []TargetState
	for m := FirstReply; m <= PeriodicUpdate; m++ {
		tg, ok := p.target(m, t.Priority)
		if !ok {
			continue
		}
		st, ok, err := c.state(tg)
		if err != nil {
			return nil, textErr(fn, "ticket", t.ID, -1, err)
		}
		if ok {
			out = append(out, st)
		}
	}
	return out, nil
}

// target returns the target of metric m for priority pr.
func (p *Policy) target(m SLAMetric, pr string) (Target, bool) {
	var def Target
	found := false
	for _, t := range p.Targets {
		if t.Metric != m {
			continue
		}
		if t.Priority == pr {
			return t, true
		}
		if t.Priority == "" {
			def, found = t, true
		}
	}
	return def, found
}

// clock measures the running time of targets over sorted events.
type clock struct {
	evs   []indexed
	at    time.Time
	pause *[Closed + 1]bool
	cal   *Calendar
}

// running returns the clock time in [from, to) during which the status
// is neither a pause status nor resolved.
func (c *clock) running(from, to time.Time, business bool) (time.Duration, error) {
	var sum time.Duration
	status, since := New, c.evs[0].At
	flush := func(until time.Time) error {
		lo, hi := maxTime(since, from), minTime(until, to)
		if !hi.After(lo) || c.pause[status] || status.resolved() {
			return nil
		}
		if business && c.cal != nil {
			d, err := c.cal.Duration(lo, hi)
			if err == nil && sum > math.MaxInt64-d {
				err = valueErr("", "elapsed (s)", d.Seconds()+sum.Seconds(), ErrOverflow)
			}
			sum += d
			return err
		}
		// In range (1900..2199) but possibly more than 292 years in sum.
		d := time.Duration(hi.UnixNano() - lo.UnixNano())
		if d < 0 || sum > math.MaxInt64-d {
			return valueErr("", "elapsed (s)", hi.Sub(lo).Seconds()+sum.Seconds(), ErrOverflow)
		}
		sum += d
		return nil
	}
	for _, e := range c.evs {
		if e.Kind != StatusChange {
			continue
		}
		if err := flush(e.At); err != nil {
			return 0, err
		}
		status, since = e.Status, e.At
	}
	return sum, flush(to)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// status returns the status at the end of the events.
func (c *clock) status() Status {
	s := New
	for _, e := range c.evs {
		if e.Kind == StatusChange {
			s = e.Status
		}
	}
	return s
}

// state returns the state of target tg, and false when it does not apply.
func (c *clock) state(tg Target) (TargetState, bool, error) {
	created := c.evs[0].At
	final := c.status()
	open := !final.resolved()
	var cycles [][2]time.Time // [start, stop); stop zero while running
	switch tg.Metric {
	case FirstReply:
		var stop time.Time
		for _, e := range c.evs {
			if e.Kind == AgentReply {
				stop = e.At
				break
			}
		}
		if !stop.IsZero() || open {
			cycles = append(cycles, [2]time.Time{created, stop}) // solved unanswered: no target
		}
	case Resolution:
		var stop time.Time
		if !open {
			stop = c.at // the clock stops while resolved; running() skips it
		}
		cycles = append(cycles, [2]time.Time{created, stop})
	case NextReply:
		replied, awaiting := false, false
		var start time.Time
		for _, e := range c.evs {
			switch e.Kind {
			case AgentReply:
				if awaiting {
					cycles = append(cycles, [2]time.Time{start, e.At})
				}
				replied, awaiting = true, false
			case CustomerReply:
				if replied && !awaiting {
					awaiting, start = true, e.At
				}
			}
		}
		if awaiting {
			cycles = append(cycles, [2]time.Time{start, {}})
		}
	case PeriodicUpdate:
		var last time.Time
		for _, e := range c.evs {
			if e.Kind == AgentReply {
				if !last.IsZero() {
					cycles = append(cycles, [2]time.Time{last, e.At})
				}
				last = e.At
			}
		}
		if !last.IsZero() && open {
			cycles = append(cycles, [2]time.Time{last, {}})
		}
	}
	if len(cycles) == 0 {
		return TargetState{}, false, nil
	}
	best := TargetState{Target: tg}
	rank := func(s TargetState) int { return [...]int{Achieved: 0, Active: 1, Paused: 1, Breached: 2}[s.State] }
	for i, cy := range cycles {
		stop, running := cy[1], cy[1].IsZero()
		if running {
			stop = c.at
		}
		el, err := c.running(cy[0], stop, tg.Business)
		if err != nil {
			return TargetState{}, false, err
		}
		s := TargetState{Target: tg, Elapsed: el, Left: tg.Within - el}
		switch {
		case el > tg.Within:
			s.State = Breached
		case !running:
			s.State = Achieved
		case c.pause[final]:
			s.State = Paused
		default:
			s.State = Active
		}
		if i == 0 || rank(s) > rank(best) || rank(s) == rank(best) && s.Elapsed > best.Elapsed {
			best = s
		}
	}
	return best, true, nil
}
