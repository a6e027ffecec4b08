package main

import (
	"fmt"
	"io"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/tickets"
	"github.com/servq/servq/timing"
)

// timingSection prints the quarter's ticket timing of the sample help
// desk (examples/internal/tickets, the log examples/sla-report reports on
// week by week): per team, the first response in business hours, the
// first-contact resolution rate and the share of first replies within the
// SLA target, with their intervals.
func timingSection(w io.Writer) error {
	teams, err := tickets.Teams()
	if err != nil {
		return err
	}
	entries, err := tickets.Sample()
	if err != nil {
		return err
	}
	tallies := map[string]*timing.Tally{}
	sla := map[string]*timing.Compliance{}
	analyzers := map[string]*timing.Analyzer{}
	asOf := time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC) // after the last event
	for _, e := range entries {
		a, ok := analyzers[e.Team]
		if !ok {
			a = &timing.Analyzer{Calendar: teams[e.Team].Calendar}
			analyzers[e.Team], tallies[e.Team], sla[e.Team] = a, new(timing.Tally), new(timing.Compliance)
		}
		m, err := a.Measure(e.Ticket)
		if err != nil {
			return err
		}
		if err := tallies[e.Team].Add(m); err != nil {
			return err
		}
		p := tickets.Policy(a.Calendar)
		states, err := p.Check(e.Ticket, asOf)
		if err != nil {
			return err
		}
		for _, s := range states {
			if s.Metric == timing.FirstReply {
				if err := sla[e.Team].Add(s); err != nil {
					return err
				}
			}
		}
	}
	fmt.Fprintf(w, "\nTicket timing, Q1 2024 (%d tickets; business hours of each team):\n", len(entries))
	for _, name := range tickets.TeamNames {
		r, err := tallies[name].Result(estimate.Options{})
		if err != nil {
			return err
		}
		c, err := sla[name].Result(estimate.Options{})
		if err != nil {
			return err
		}
		fr := r.FirstResponse.Business
		fmt.Fprintf(w, "  %-7s first response median %.1f h, p90 %.1f h; FCR %.0f%% [%.0f, %.0f]; first reply in SLA %.0f%% [%.0f, %.0f]\n",
			name, fr.Median.Hours(), fr.P90.Hours(), 100*r.FCR.Share, 100*r.FCR.CI.Lo, 100*r.FCR.CI.Hi,
			100*c.FirstReply.Share, 100*c.FirstReply.CI.Lo, 100*c.FirstReply.CI.Hi)
	}
	return nil
}
