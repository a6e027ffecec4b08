// Package tickets loads the ticket logs that the timing examples analyse:
// the sample (a quarter of two support teams, see [Generate] for how it is
// made and what it hides) and users' own exports in the same CSV form,
// with the two teams' business calendars and SLA policy.
package tickets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	_ "time/tzdata" // the sample's zones load on machines with no zone database

	"github.com/servq/servq/timing"
)

//go:generate go run ./gen -o ../../sla-report/tickets.csv

// Header is the first line of a ticket log. Each further line is one
// event: the ticket's id, team, priority and simple-question flag (0 or
// 1, the same on every line of a ticket), the event's RFC 3339 time, its
// kind (created, agent-reply, customer-reply, status, work), the new
// status for a status event (new, open, pending, on-hold, solved, closed,
// reopened), and for a work event its part (talk, hold, wrap-up, other)
// and length in minutes.
var Header = []string{"ticket", "team", "priority", "simple", "time", "event", "status", "work", "minutes"}

// An Entry is one ticket of a log, with its team and the line of its
// first event.
type Entry struct {
	Team   string
	Line   int
	Ticket timing.Ticket
}

// A BadRow is a line of a log that could not be read.
type BadRow struct {
	File   string
	Line   int
	Column int // 1-based; 0 when the line as a whole is wrong
	Err    error
}

func (b *BadRow) Error() string {
	if b.Column == 0 {
		return fmt.Sprintf("%s:%d: %v", b.File, b.Line, b.Err)
	}
	return fmt.Sprintf("%s:%d:%d (%s): %v", b.File, b.Line, b.Column, Header[b.Column-1], b.Err)
}

func (b *BadRow) Unwrap() error { return b.Err }

// Sample returns the sample log, generated (the same bytes as
// examples/sla-report/tickets.csv) and read.
func Sample() ([]Entry, error) {
	b, err := Generate()
	if err != nil {
		return nil, err
	}
	es, _, err := Read(bytes.NewReader(b), "tickets.csv", false)
	return es, err
}

// Read parses a ticket log from r, naming it name in errors. With skip
// false the first bad line is returned as the error (a *BadRow); with skip
// true bad lines are left out and returned in bad, in order, and the rest
// is read. A line of a team other than those of [Teams] is bad; so is a
// line whose team, priority or flag disagrees with the ticket's first
// line. Entries come in the order of their first lines.
func Read(r io.Reader, name string, skip bool) (entries []Entry, bad []*BadRow, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", name, err)
	}
	if fmt.Sprint(head) != fmt.Sprint(Header) {
		return nil, nil, &BadRow{File: name, Line: 1, Err: fmt.Errorf("header %q, want %q", head, Header)}
	}
	byID := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return entries, bad, nil
		}
		line, _ := cr.FieldPos(0)
		var row *BadRow
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			row = &BadRow{File: name, Line: pe.Line, Column: 0, Err: pe.Err}
		case err != nil:
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		case len(rec) != len(Header):
			row = &BadRow{File: name, Line: line, Err: fmt.Errorf("%d fields, want %d", len(rec), len(Header))}
		default:
			row = parse(name, line, rec, byID, &entries)
		}
		if row != nil {
			if !skip {
				return nil, nil, row
			}
			bad = append(bad, row)
		}
	}
}

// parse adds the event of one record to its ticket, or returns why not.
func parse(name string, line int, rec []string, byID map[string]int, entries *[]Entry) *BadRow {
	bad := func(col int, err error) *BadRow { return &BadRow{File: name, Line: line, Column: col, Err: err} }
	id, team, prio := rec[0], rec[1], rec[2]
	if id == "" {
		return bad(1, errors.New("empty ticket id"))
	}
	if _, ok := teams[team]; !ok {
		return bad(2, fmt.Errorf("unknown team %q", team))
	}
	simple, err := strconv.ParseBool(rec[3])
	if err != nil {
		return bad(4, fmt.Errorf("simple %q: want 0 or 1", rec[3]))
	}
	at, err := time.Parse(time.RFC3339, rec[4])
	if err != nil {
		return bad(5, err)
	}
	kind, err := timing.ParseKind(rec[5])
	if err != nil {
		return bad(6, err)
	}
	ev := timing.Event{At: at, Kind: kind}
	switch kind {
	case timing.StatusChange:
		if ev.Status, err = timing.ParseStatus(rec[6]); err != nil {
			return bad(7, err)
		}
	case timing.Work:
		if ev.Work, err = timing.ParseWorkKind(rec[7]); err != nil {
			return bad(8, err)
		}
		m, err := strconv.ParseFloat(rec[8], 64)
		if err != nil || !(m >= 0) || m > 1e6 {
			return bad(9, fmt.Errorf("minutes %q: want a number 0..1e6", rec[8]))
		}
		ev.Length = time.Duration(m * float64(time.Minute))
	}
	i, seen := byID[id]
	if !seen {
		i = len(*entries)
		byID[id] = i
		*entries = append(*entries, Entry{Team: team, Line: line, Ticket: timing.Ticket{ID: id, Priority: prio, Simple: simple}})
	}
	e := &(*entries)[i]
	switch {
	case e.Team != team:
		return bad(2, fmt.Errorf("team %q, but line %d says %q", team, e.Line, e.Team))
	case e.Ticket.Priority != prio:
		return bad(3, fmt.Errorf("priority %q, but line %d says %q", prio, e.Line, e.Ticket.Priority))
	case e.Ticket.Simple != simple:
		return bad(4, fmt.Errorf("simple %v, but line %d says %v", simple, e.Line, e.Ticket.Simple))
	}
	e.Ticket.Events = append(e.Ticket.Events, ev)
	return nil
}

// A Team is a support team: its name, time zone and business calendar.
type Team struct {
	Name     string
	Location *time.Location
	Calendar *timing.Calendar
	Schedule timing.Schedule
}

var teams = map[string]bool{"bogota": true, "madrid": true}

// TeamNames lists the teams, in report order.
var TeamNames = []string{"bogota", "madrid"}

// Teams returns the two teams of the sample: Bogotá (America/Bogota,
// Monday to Friday 08:00-12:00 and 13:00-17:00, Saturday 09:00-13:00,
// Colombian holidays of 2024) and Madrid (Europe/Madrid, Monday to
// Thursday 08:00-14:00 and 15:00-18:00, Friday 08:00-15:00, national and
// Madrid-region holidays of 2024).
func Teams() (map[string]Team, error) {
	bog, err := time.LoadLocation("America/Bogota")
	if err != nil {
		return nil, err
	}
	mad, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return nil, err
	}
	h := func(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }
	b := timing.Schedule{Location: bog}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		b.Week[wd] = []timing.Window{{Start: h(8, 0), End: h(12, 0)}, {Start: h(13, 0), End: h(17, 0)}}
	}
	b.Week[time.Saturday] = []timing.Window{{Start: h(9, 0), End: h(13, 0)}}
	// Colombia 2024 (Ley 51 de 1983 moves some to Monday): New Year,
	// Epiphany (Jan 8), Saint Joseph (Mar 25), Holy Thursday and Good
	// Friday (Mar 28-29), Labour Day, Ascension (May 13).
	b.Holidays = dates(2024, "01-01", "01-08", "03-25", "03-28", "03-29", "05-01", "05-13")
	m := timing.Schedule{Location: mad}
	for wd := time.Monday; wd <= time.Thursday; wd++ {
		m.Week[wd] = []timing.Window{{Start: h(8, 0), End: h(14, 0)}, {Start: h(15, 0), End: h(18, 0)}}
	}
	m.Week[time.Friday] = []timing.Window{{Start: h(8, 0), End: h(15, 0)}}
	// Spain 2024 and the Community of Madrid: New Year, Epiphany (a
	// Saturday), Holy Thursday and Good Friday, Labour Day, May 2.
	m.Holidays = dates(2024, "01-01", "01-06", "03-28", "03-29", "05-01", "05-02")
	// Christmas Eve's short day, as an exception.
	m.Exceptions = []timing.Exception{{Date: timing.Date{Year: 2024, Month: 12, Day: 24}, Windows: []timing.Window{{Start: h(9, 0), End: h(13, 0)}}}}
	out := map[string]Team{}
	for name, s := range map[string]timing.Schedule{"bogota": b, "madrid": m} {
		c, err := timing.NewCalendar(s)
		if err != nil {
			return nil, err
		}
		out[name] = Team{Name: name, Location: s.Location, Calendar: c, Schedule: s}
	}
	return out, nil
}

func dates(y int, mds ...string) []timing.Date {
	var out []timing.Date
	for _, md := range mds {
		t, err := time.Parse("2006-01-02", strconv.Itoa(y)+"-"+md)
		if err != nil {
			panic(err) // the literals above are valid
		}
		out = append(out, timing.DateOf(t))
	}
	return out
}

// Priorities lists the sample's priorities, most urgent first.
var Priorities = []string{"urgent", "high", "normal", "low"}

// Policy returns the teams' SLA: first reply within 1, 2, 4 and 8
// business hours for urgent, high, normal and low tickets, next reply
// within twice that, resolution within 8, 16, 24 and 40 business hours;
// clocks pause while a ticket is pending or on hold.
func Policy(cal *timing.Calendar) timing.Policy {
	p := timing.Policy{Calendar: cal, Pause: []timing.Status{timing.Pending, timing.OnHold}}
	first := []time.Duration{1, 2, 4, 8}
	resolve := []time.Duration{8, 16, 24, 40}
	for i, pr := range Priorities {
		p.Targets = append(p.Targets,
			timing.Target{Metric: timing.FirstReply, Priority: pr, Within: first[i] * time.Hour, Business: true},
			timing.Target{Metric: timing.NextReply, Priority: pr, Within: 2 * first[i] * time.Hour, Business: true},
			timing.Target{Metric: timing.Resolution, Priority: pr, Within: resolve[i] * time.Hour, Business: true})
	}
	return p
}
