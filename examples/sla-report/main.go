// Command sla-report is a weekly SLA and timing report of a service desk,
// run on the embedded sample ticket log (Q1 2024, two teams in Bogotá and
// Madrid, about 2,000 tickets; see examples/internal/tickets) or on your own
// export in the same CSV form.
//
//	go run ./examples/sla-report [-tickets FILE] [-skip-bad] [-out DIR] [-level 0.95] [-alpha 0.05]
//
// For each team and ISO week, in the team's own time zone and business
// hours, it prints the ticket volume, the median and p90 first response in
// business hours (exact, type 7), the share of first replies within the SLA target with its
// Wilson interval, the resolution and first-contact-resolution rates; then
// the quarter per team (exact quantiles, every lifecycle metric), the SLA
// breaches by team and priority, and the weeks whose first-reply attainment
// differs from the rest of the team's quarter (Newcombe difference, Holm's
// adjustment across all weeks so chance alone flags one with probability at
// most -alpha). Last it draws two PNG charts in -out: weekly median and p90
// first response, and the share within target with its interval band.
//
// The CSV has a header line and one line per event:
//
//	ticket,team,priority,simple,time,event,status,work,minutes
//	bog-0002,bogota,low,0,2024-01-09T00:25:00-05:00,created,,,
//	bog-0002,bogota,low,0,2024-01-09T14:15:00-05:00,agent-reply,,,
//	bog-0002,bogota,low,0,2024-01-09T14:15:00-05:00,status,solved,,
//
// Teams are "bogota" and "madrid" (their calendars are in
// examples/internal/tickets); edit Teams there for your own. A line that
// cannot be read, or a ticket whose events contradict each other, is
// reported with its file and line; by default the first one stops the
// report, with -skip-bad each is reported and left out.
package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/tickets"
)

//go:embed tickets.csv
var sampleCSV []byte

type config struct {
	tickets string // "" means the embedded sample
	skipBad bool
	out     string
	level   float64
	alpha   float64
}

func main() {
	var c config
	flag.StringVar(&c.tickets, "tickets", "", "a ticket log CSV to report on instead of the embedded sample (format: see go doc)")
	flag.BoolVar(&c.skipBad, "skip-bad", false, "report bad lines and tickets and leave them out, instead of stopping at the first")
	flag.StringVar(&c.out, "out", "servq-out", "folder for the PNG charts, created if missing")
	flag.Float64Var(&c.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	flag.Float64Var(&c.alpha, "alpha", 0.05, "chance of flagging any week that did not change (Holm), in (0, 1)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: sla-report [flags]\n\nA weekly SLA and timing report of a ticket log (see go doc for the CSV form).\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(os.Stdout, os.Stderr, c); err != nil {
		fmt.Fprintln(os.Stderr, "sla-report:", err)
		os.Exit(1)
	}
}

func run(w, warn io.Writer, c config) error {
	if !(c.alpha > 0 && c.alpha < 1) {
		return fmt.Errorf("-alpha %v outside (0, 1)", c.alpha)
	}
	opts := estimate.Options{Level: c.level}
	if _, err := opts.ConfidenceLevel(); err != nil {
		return fmt.Errorf("-level: %w", err)
	}
	teams, err := tickets.Teams()
	if err != nil {
		return err
	}
	name, data := "tickets.csv (embedded sample)", sampleCSV
	if c.tickets != "" {
		if data, err = os.ReadFile(c.tickets); err != nil {
			return err
		}
		name = c.tickets
	}
	entries, bad, err := tickets.Read(bytes.NewReader(data), name, c.skipBad)
	if err != nil {
		return err
	}
	for _, b := range bad {
		fmt.Fprintln(warn, "skipped:", b)
	}
	rep, err := analyse(entries, teams, name, c.skipBad, warn)
	if err != nil {
		return err
	}
	if err := rep.print(w, opts, c.alpha); err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	paths := []string{filepath.Join(c.out, "first-response-weekly.png"), filepath.Join(c.out, "first-reply-sla-weekly.png")}
	if err := rep.drawFirstResponse(paths[0], opts); err != nil {
		return err
	}
	if err := rep.drawAttainment(paths[1], opts); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, "  "+p)
	}
	return nil
}
