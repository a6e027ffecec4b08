// Command retention-cohorts is a retention analysis of a shop's event log:
// monthly retention and churn, the cohort table, and customer lifetimes
// by segment, run on the embedded sample (2,000 customers over 2024 and
// 2025, see examples/internal/eventlog) or on your own log.
//
//	go run ./examples/retention-cohorts [-events FILE] [-skip] [-tz ZONE] [-inactive 90] [-level 0.95] [-out DIR]
//
// The log is a CSV file with the header "customer,time,amount,segment",
// one purchase a row, the time in RFC 3339 and the amount in your
// currency; the segment is the customer's sign-up channel or plan, read
// from their first row. A bad row is reported by file, line and column;
// by default the program stops there, with -skip it leaves the row out
// and reports it.
//
// It prints, in the time zone -tz:
//   - each month's customer retention and churn from the month before,
//     with confidence intervals;
//   - the monthly cohort table: customers by month of first purchase,
//     the share still buying 0, 1, 2, ... months later, and the revenue;
//   - the average retention curve weighted by cohort size;
//   - the repeat-purchase rate and the mean time between purchases;
//   - customer lifetimes: a customer with no purchase in the last
//     -inactive days of the log has churned at their last purchase, the
//     others are censored; the Kaplan-Meier curve by segment with its
//     median and the log-rank test between segments.
//
// It writes two PNG charts to -out: the cohort heat map and the lifetime
// curves by segment with their bands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/servq/servq/examples/internal/eventlog"
)

type config struct {
	events   string // "" for the embedded sample
	skip     bool
	tz       string
	inactive int
	level    float64
	out      string
}

func main() {
	var c config
	flag.StringVar(&c.events, "events", "", "event log CSV (customer,time,amount,segment); empty for the embedded sample")
	flag.BoolVar(&c.skip, "skip", false, "skip bad rows, reporting each, instead of stopping at the first")
	flag.StringVar(&c.tz, "tz", "Europe/Madrid", "IANA time zone the months are read in")
	flag.IntVar(&c.inactive, "inactive", 90, "days without a purchase, at the end of the log, after which a customer has churned")
	flag.Float64Var(&c.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	flag.StringVar(&c.out, "out", "retention-out", "folder for the charts, created if missing")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: retention-cohorts [flags]\n\nRetention, cohorts and customer lifetimes of an event log.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "retention-cohorts:", err)
		os.Exit(1)
	}
}

// load reads the event log and reports the bad rows it skipped.
func load(w io.Writer, c config, loc *time.Location) ([]eventlog.Row, error) {
	if c.events == "" {
		return eventlog.Sample()
	}
	f, err := os.Open(c.events)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, bad, err := eventlog.Read(f, c.events, loc, c.skip)
	for _, e := range bad {
		fmt.Fprintln(w, "skipped:", e)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New(c.events + ": no events")
	}
	return rows, nil
}

func run(w io.Writer, c config) error {
	if !(c.level > 0 && c.level < 1) {
		return fmt.Errorf("-level %v outside (0, 1)", c.level)
	}
	if c.inactive <= 0 {
		return fmt.Errorf("-inactive %d: want days > 0", c.inactive)
	}
	loc, err := time.LoadLocation(c.tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	rows, err := load(w, c, loc)
	if err != nil {
		return err
	}
	a, err := analyse(rows, loc, c)
	if err != nil {
		return err
	}
	a.print(w)
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	paths := []string{filepath.Join(c.out, "cohorts.png"), filepath.Join(c.out, "lifetimes.png")}
	if err := a.draw(paths[0], paths[1]); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, " ", p)
	}
	return nil
}
