package timing

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// A Kind is what happened to a ticket in an [Event].
type Kind uint8

// The kinds of event.
const (
	// Created opens the ticket; every ticket has exactly one, before
	// (or at the same instant as) all its other events.
	Created Kind = iota + 1
	// AgentReply is a public reply of an agent to the requester.
	AgentReply
	// CustomerReply is a message of the requester.
	CustomerReply
	// StatusChange sets the ticket's status to Event.Status.
	StatusChange
	// Work is an interval of agent work of Event.Length starting at
	// Event.At, of part Event.Work.
	Work
)

var kindNames = [...]string{Created: "created", AgentReply: "agent-reply", CustomerReply: "customer-reply", StatusChange: "status", Work: "work"}

// String returns the kind's name: "created", "agent-reply",
// "customer-reply", "status" or "work".
func (k Kind) String() string {
	if k >= Created && k <= Work {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind returns the Kind named s, as [Kind.String] writes it, ignoring
// case. Any other text returns ErrKind.
func ParseKind(s string) (Kind, error) {
	for k := Created; k <= Work; k++ {
		if strings.EqualFold(s, kindNames[k]) {
			return k, nil
		}
	}
	return 0, textErr("timing.ParseKind", "kind", s, -1, ErrKind)
}

// A Status is the state of a ticket, as in Zendesk: New until an agent
// sets another; Pending waits on the requester; OnHold waits on a third
// party; Solved and Closed are resolved, and a Closed ticket never changes
// again.
type Status uint8

// The statuses.
const (
	New Status = iota + 1
	Open
	Pending
	OnHold
	Solved
	Closed
)

var statusNames = [...]string{New: "new", Open: "open", Pending: "pending", OnHold: "on-hold", Solved: "solved", Closed: "closed"}

// String returns the status's name: "new", "open", "pending", "on-hold",
// "solved" or "closed".
func (s Status) String() string {
	if s >= New && s <= Closed {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

func (s Status) valid() bool    { return s >= New && s <= Closed }
func (s Status) resolved() bool { return s == Solved || s == Closed }

// ParseStatus returns the Status named s, as [Status.String] writes it,
// ignoring case; "hold" and "on_hold" also mean OnHold, and "reopened"
// means Open (a reopening is a change from Solved to an unresolved
// status, which [Analyzer.Measure] counts). Any other text returns
// ErrStatus.
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(s) {
	case "hold", "on_hold", "onhold":
		return OnHold, nil
	case "reopened":
		return Open, nil
	}
	for st := New; st <= Closed; st++ {
		if strings.EqualFold(s, statusNames[st]) {
			return st, nil
		}
	}
	return 0, textErr("timing.ParseStatus", "status", s, -1, ErrStatus)
}

// A WorkKind is the part of handling an interval of agent work belongs to,
// for the average handling time of contact centres (AHT = talk + hold +
// wrap-up).
type WorkKind uint8

// The parts of agent work.
const (
	// OtherWork is work that is none of the others (research, back
	// office); it counts in Handling but not in AHT.
	OtherWork WorkKind = iota
	// Talk is time spent with the customer.
	Talk
	// Hold is time the customer waits on hold during a contact (not the
	// OnHold status of a ticket).
	Hold
	// WrapUp is after-contact work.
	WrapUp
)

var workNames = [...]string{OtherWork: "other", Talk: "talk", Hold: "hold", WrapUp: "wrap-up"}

// String returns "other", "talk", "hold" or "wrap-up".
func (w WorkKind) String() string {
	if w <= WrapUp {
		return workNames[w]
	}
	return fmt.Sprintf("WorkKind(%d)", uint8(w))
}

// ParseWorkKind returns the WorkKind named s ("" means OtherWork),
// ignoring case. Any other text returns ErrKind.
func ParseWorkKind(s string) (WorkKind, error) {
	if s == "" {
		return OtherWork, nil
	}
	for w := OtherWork; w <= WrapUp; w++ {
		if strings.EqualFold(s, workNames[w]) {
			return w, nil
		}
	}
	return 0, textErr("timing.ParseWorkKind", "work", s, -1, ErrKind)
}

// An Event is one thing that happened to a ticket at an instant.
type Event struct {
	At     time.Time     `json:"at"`
	Kind   Kind          `json:"kind"`
	Status Status        `json:"status,omitempty"` // the new status, for StatusChange
	Work   WorkKind      `json:"work,omitempty"`   // the part of work, for Work
	Length time.Duration `json:"length,omitempty"` // the length of the interval, for Work
}

// A Ticket is a ticket's identity and its events, in any order.
type Ticket struct {
	ID       string `json:"id"`
	Priority string `json:"priority,omitempty"` // as the desk names it ("urgent", "P1"); SLA policies key on it
	// Simple marks a ticket tagged as a simple or repeated question (one a
	// help-centre article or a macro could have answered).
	Simple bool    `json:"simple,omitempty"`
	Events []Event `json:"events"`
}

// A Span is one lifecycle metric of a ticket, in calendar (wall) time and
// in business time. OK reports whether the metric applies: a ticket
// without an agent reply has no first response time.
type Span struct {
	Calendar time.Duration `json:"calendar"`
	Business time.Duration `json:"business"`
	OK       bool          `json:"ok"`
}

// Metrics are the lifecycle metrics of one ticket, as of its last event,
// following Zendesk's definitions (Zendesk Explore, "Metrics and
// attributes for Zendesk Support"), each in calendar and business time.
type Metrics struct {
	ID       string    `json:"id"`
	Priority string    `json:"priority,omitempty"`
	Simple   bool      `json:"simple,omitempty"`
	Created  time.Time `json:"created"`
	// FirstResponse is from creation to the first agent reply.
	FirstResponse Span `json:"first_response"`
	// NextReplies holds, for each run of requester messages after the
	// first agent reply, the time from its first message to the agent
	// reply that answers it; unanswered runs are not included. It shares
	// the Analyzer's buffer: it is valid until the next Measure (clone it
	// to keep it).
	NextReplies []Span `json:"next_replies,omitempty"`
	// FirstResolution is from creation to the first change to Solved (or
	// Closed); FullResolution to the last, when the ticket is resolved.
	FirstResolution Span `json:"first_resolution"`
	FullResolution  Span `json:"full_resolution"`
	// RequesterWait is the time spent New, Open or OnHold, AgentWait the
	// time Pending, OnHold the time OnHold, each up to the last event;
	// they are OK when the ticket is resolved, and final then.
	RequesterWait Span `json:"requester_wait"`
	AgentWait     Span `json:"agent_wait"`
	OnHold        Span `json:"on_hold"`
	// Handling is the sum of the lengths of the Work events, the business
	// part being the time of each interval inside business hours. Talk,
	// Hold and WrapUp are their calendar sums by part (see [Metrics.AHT]).
	Handling Span          `json:"handling"`
	Talk     time.Duration `json:"talk"`
	Hold     time.Duration `json:"hold"`
	WrapUp   time.Duration `json:"wrap_up"`
	// Replies counts agent replies; Reopens the changes from Solved to an
	// unresolved status.
	Replies int `json:"replies"`
	Reopens int `json:"reopens"`
	// Solved reports whether the last status is Solved or Closed.
	Solved bool `json:"solved"`
	// FCR reports a first-contact resolution: the ticket is solved, had
	// exactly one agent reply, and was never reopened (Zendesk's "one-touch"
	// ticket, never reopened). A ticket solved with no reply at all is not
	// counted as one.
	FCR bool `json:"fcr"`
}

// AHT returns the average-handling-time components' sum, talk + hold +
// wrap-up, in calendar time (COPC and contact-centre usage; OtherWork
// is not part of it).
func (m Metrics) AHT() time.Duration { return m.Talk + m.Hold + m.WrapUp }

// An Analyzer turns tickets' events into [Metrics], reusing its buffers so
// that measuring allocates nothing once they have grown. The zero value
// measures business time on a calendar that is always open (business
// time equals calendar time); set Calendar for business hours. An Analyzer
// is not safe for concurrent use: give each goroutine its own.
type Analyzer struct {
	Calendar *Calendar

	evs  []indexed
	cum  []int64 // business time from creation to each event
	next []Span
}

type indexed struct {
	Event
	i int
	u int64 // At in Unix ns
}

// Measure returns the metrics of t. Its events may come in any order; they
// are sorted by time (stable, a creation first among equal instants), in a
// buffer of a, not in t.
//
// Errors name the ticket (the error's Text is its ID) and the index of the
// event in t.Events: an unknown kind returns ErrKind, a status change to an
// unknown status ErrStatus, a negative work length ErrNegative, an instant
// outside 1900..2199 ErrTimeRange, and events that contradict each other
// ErrContradiction: no creation, two, an event before the creation, a
// change back to New, any event after the ticket was closed (a reply at
// the very instant of closing is accepted). A ticket whose events, or
// whose work in sum, span more than math.MaxInt64 ns (about 292 years)
// returns ErrOverflow. No events returns ErrEmpty.
func (a *Analyzer) Measure(t Ticket) (Metrics, error) {
	const fn = "timing.Analyzer.Measure"
	if err := a.prepare(fn, t); err != nil {
		return Metrics{}, err
	}
	// Business time from the creation to each event, by additivity.
	a.cum = a.cum[:0]
	a.cum = append(a.cum, 0)
	for k := 1; k < len(a.evs); k++ {
		d, err := a.businessNs(a.evs[k-1].u, a.evs[k].u)
		if err != nil {
			return Metrics{}, textErr(fn, "ticket", t.ID, a.evs[k].i, err)
		}
		a.cum = append(a.cum, a.cum[k-1]+int64(d))
	}
	t0, u0 := a.evs[0].At, a.evs[0].u
	span := func(k int) Span {
		return Span{Calendar: time.Duration(a.evs[k].u - u0), Business: time.Duration(a.cum[k]), OK: true}
	}
	m := Metrics{ID: t.ID, Priority: t.Priority, Simple: t.Simple, Created: t0}
	a.next = a.next[:0]
	status, since := New, 0
	awaiting, runStart := false, 0
	var inStatus [Closed + 1]Span
	for k := 1; k < len(a.evs); k++ {
		e := a.evs[k]
		switch e.Kind {
		case AgentReply:
			m.Replies++
			if !m.FirstResponse.OK {
				m.FirstResponse = span(k)
			} else if awaiting {
				a.next = append(a.next, Span{Calendar: time.Duration(e.u - a.evs[runStart].u),
					Business: time.Duration(a.cum[k] - a.cum[runStart]), OK: true})
				awaiting = false
			}
		case CustomerReply:
			if m.FirstResponse.OK && !awaiting {
				awaiting, runStart = true, k
			}
		case StatusChange:
			addSpan(&inStatus[status], a.evs[since].u, e.u, a.cum[since], a.cum[k])
			if status.resolved() && !e.Status.resolved() {
				m.Reopens++
			}
			if e.Status.resolved() && !status.resolved() {
				if !m.FirstResolution.OK {
					m.FirstResolution = span(k)
				}
				m.FullResolution = span(k)
			}
			status, since = e.Status, k
		case Work:
			b, err := a.businessNs(e.u, e.u+int64(e.Length))
			if err != nil {
				return Metrics{}, textErr(fn, "ticket", t.ID, e.i, err)
			}
			if m.Handling.Calendar > math.MaxInt64-e.Length {
				return Metrics{}, textErr(fn, "ticket", t.ID, e.i, fmt.Errorf("%w: work sums to more than %v", ErrOverflow, time.Duration(math.MaxInt64)))
			}
			m.Handling.Calendar += e.Length
			m.Handling.Business += b
			m.Handling.OK = true
			switch e.Work {
			case Talk:
				m.Talk += e.Length
			case Hold:
				m.Hold += e.Length
			case WrapUp:
				m.WrapUp += e.Length
			}
		}
	}
	last := len(a.evs) - 1
	addSpan(&inStatus[status], a.evs[since].u, a.evs[last].u, a.cum[since], a.cum[last])
	m.Solved = status.resolved()
	if !m.Solved {
		m.FullResolution = Span{}
	}
	m.RequesterWait = sumSpans(inStatus[New], inStatus[Open], inStatus[OnHold])
	m.AgentWait = inStatus[Pending]
	m.OnHold = inStatus[OnHold]
	m.RequesterWait.OK, m.AgentWait.OK, m.OnHold.OK = m.Solved, m.Solved, m.Solved
	m.FCR = m.Solved && m.Replies == 1 && m.Reopens == 0
	if len(a.next) > 0 {
		m.NextReplies = a.next
	}
	return m, nil
}

func (a *Analyzer) businessNs(from, to int64) (time.Duration, error) {
	if a.Calendar == nil || to == from { // events at one instant are common (a reply and a status change)
		return time.Duration(to - from), nil
	}
	d, err := a.Calendar.between(from, to)
	return time.Duration(d), addFunc(err, "timing.Calendar.Duration")
}

func addSpan(s *Span, from, to, c0, c1 int64) {
	s.Calendar += time.Duration(to - from)
	s.Business += time.Duration(c1 - c0)
}

func sumSpans(ss ...Span) Span {
	var t Span
	for _, s := range ss {
		t.Calendar += s.Calendar
		t.Business += s.Business
	}
	return t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// prepare checks the events of t and sorts them into a.evs. The checks
// that need the order (nothing after Closed, no return to New) are the
// callers'.
func (a *Analyzer) prepare(fn string, t Ticket) error {
	if len(t.Events) == 0 {
		return textErr(fn, "ticket", t.ID, -1, ErrEmpty)
	}
	a.evs = a.evs[:0]
	created := -1
	for i, e := range t.Events {
		switch {
		case e.Kind < Created || e.Kind > Work:
			return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w %d", ErrKind, e.Kind))
		case e.Kind == StatusChange && !e.Status.valid():
			return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w %d", ErrStatus, e.Status))
		case e.Kind == Work && e.Length < 0:
			return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w: work of %v", ErrNegative, e.Length))
		case e.Kind == Created && created >= 0:
			return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w: created twice (also at index %d)", ErrContradiction, created))
		}
		u, err := unixNs(fn, "at", e.At)
		if err != nil {
			return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w: %v", ErrTimeRange, e.At))
		}
		if e.Kind == Work {
			if _, err := unixNs(fn, "at", e.At.Add(e.Length)); err != nil {
				return textErr(fn, "ticket", t.ID, i, fmt.Errorf("%w: work ends after 2199", ErrTimeRange))
			}
		}
		if e.Kind == Created {
			created = i
		}
		a.evs = append(a.evs, indexed{e, i, u})
	}
	if created < 0 {
		return textErr(fn, "ticket", t.ID, -1, fmt.Errorf("%w: no creation event", ErrContradiction))
	}
	order := func(x, y indexed) int {
		if c := cmp.Compare(x.u, y.u); c != 0 {
			return c
		}
		return cmp.Compare(b2i(x.Kind != Created), b2i(y.Kind != Created))
	}
	if !slices.IsSortedFunc(a.evs, order) {
		slices.SortStableFunc(a.evs, order)
	}
	if a.evs[0].Kind != Created {
		return textErr(fn, "ticket", t.ID, a.evs[0].i, fmt.Errorf("%w: %v at %v before the creation", ErrContradiction, a.evs[0].Kind, a.evs[0].At))
	}
	// Every span of the ticket, work included, must fit a Duration: the
	// years 1900..2199 hold more than its 292 years. The events are sorted
	// and a work interval ends after it starts, so a difference that wraps
	// negative is one above math.MaxInt64.
	u0 := a.evs[0].u
	for _, e := range a.evs {
		end := e.u
		if e.Kind == Work {
			end += int64(e.Length) // in range: checked above
		}
		if end-u0 < 0 {
			return textErr(fn, "ticket", t.ID, e.i, fmt.Errorf("%w: %v spans more than %v after the creation", ErrOverflow, e.Kind, time.Duration(math.MaxInt64)))
		}
	}
	// Nothing happens after a ticket is closed; a reply logged at the same
	// instant as the closing is accepted, a status change is not.
	status, closedAt := New, int64(0)
	for _, e := range a.evs[1:] {
		if status == Closed && (e.u > closedAt || e.Kind == StatusChange) {
			return textErr(fn, "ticket", t.ID, e.i, fmt.Errorf("%w: %v after the ticket was closed", ErrContradiction, e.Kind))
		}
		if e.Kind == StatusChange && e.Status == Closed {
			closedAt = e.u
		}
		if e.Kind == StatusChange {
			if e.Status == New {
				return textErr(fn, "ticket", t.ID, e.i, fmt.Errorf("%w: status back to new", ErrContradiction))
			}
			status = e.Status
		}
	}
	return nil
}
