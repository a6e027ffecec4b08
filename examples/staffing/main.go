// Command staffing prints and charts a day's staffing plan: for each
// interval of a contact forecast, the fewest agents that answer a share of
// contacts within a target time, by Erlang C (callers wait as long as it
// takes) beside Erlang A (callers hang up after a mean patience), with the
// service level, ASA and abandonment that result, and the day's totals.
//
//	go run ./examples/staffing [-forecast FILE] [-skip] [-out DIR]
//	        [-sl 0.80] [-within 20s] [-occupancy 0.85] [-abandon 0.05]
//	        [-patience 2m] [-shrinkage 0.30] [-tz Europe/Madrid]
//
// Without -forecast it plans the embedded sample day (forecast.csv beside
// this file). A forecast is CSV with the header
// "start,minutes,contacts,aht_seconds": RFC 3339 interval starts, interval
// lengths in minutes (15, 30, 60, ...), contacts forecast, and average
// handling time in seconds. A bad row stops the run with its file:line:col;
// with -skip it is reported on standard error and left out.
//
// The chart (staffing.png in -out) shows agents per interval for both
// models over the offered load, and the service level each reaches.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // the default zone loads on machines with no zone database

	"github.com/servq/servq/timing/staffing"
)

// config is what the flags set.
type config struct {
	Forecast  string // path, "" for the sample
	Skip      bool
	Out       string
	SL        float64
	Within    time.Duration
	Occupancy float64
	Abandon   float64
	Patience  time.Duration
	Shrinkage float64
	Zone      string
}

func main() {
	var c config
	flag.StringVar(&c.Forecast, "forecast", "", "forecast CSV (start,minutes,contacts,aht_seconds); empty for the embedded sample day")
	flag.BoolVar(&c.Skip, "skip", false, "report bad forecast rows on stderr and leave them out, instead of stopping")
	flag.StringVar(&c.Out, "out", "servq-out", "folder for the chart, created if missing")
	flag.Float64Var(&c.SL, "sl", 0.80, "service level target: share of contacts answered within -within, in (0, 1)")
	flag.DurationVar(&c.Within, "within", 20*time.Second, "answer time of the service level target")
	flag.Float64Var(&c.Occupancy, "occupancy", 0.85, "highest share of agent time busy, in (0, 1]; 0 for no cap")
	flag.Float64Var(&c.Abandon, "abandon", 0.05, "Erlang A: highest share of contacts abandoning, in (0, 1); 0 for no cap")
	flag.DurationVar(&c.Patience, "patience", 2*time.Minute, "Erlang A: callers' mean patience before hanging up")
	flag.Float64Var(&c.Shrinkage, "shrinkage", 0.30, "share of paid time agents are unavailable, in [0, 1)")
	flag.StringVar(&c.Zone, "tz", "Europe/Madrid", "time zone the plan is shown in")
	flag.Parse()
	if err := run(os.Stdout, os.Stderr, c); err != nil {
		fmt.Fprintln(os.Stderr, "staffing:", err)
		os.Exit(1)
	}
}

// plans holds the day planned both ways.
type plans struct {
	Intervals []interval
	C, A      staffing.Plan
	Targets   staffing.Targets // Erlang C's; Erlang A adds the abandonment cap
	Patience  time.Duration
	Loc       *time.Location
}

func run(stdout, stderr io.Writer, c config) error {
	loc, err := time.LoadLocation(c.Zone)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	ivs, err := load(c, loc, stderr)
	if err != nil {
		return err
	}
	queues := make([]staffing.Queue, len(ivs))
	for i, iv := range ivs {
		queues[i] = iv.Queue
	}
	tC := staffing.Targets{ServiceLevel: c.SL, AnswerWithin: c.Within, Occupancy: c.Occupancy, Shrinkage: c.Shrinkage}
	pC, err := staffing.PlanC(queues, tC)
	if err != nil {
		return err
	}
	tA := tC
	tA.Abandonment = c.Abandon
	pA, err := staffing.PlanA(queues, c.Patience, tA)
	if err != nil {
		return err
	}
	p := plans{Intervals: ivs, C: pC, A: pA, Targets: tC, Patience: c.Patience, Loc: loc}
	p.print(stdout, c)
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(c.Out, "staffing.png")
	if err := p.draw(path); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nChart:")
	fmt.Fprintln(stdout, " ", path)
	return nil
}

func load(c config, loc *time.Location, stderr io.Writer) ([]interval, error) {
	if c.Forecast == "" {
		return sampleForecast(loc)
	}
	f, err := os.Open(c.Forecast)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	skipped := 0
	ivs, err := readForecast(f, c.Forecast, loc, c.Skip, func(err error) {
		skipped++
		fmt.Fprintln(stderr, "skipped:", err)
	})
	if skipped > 0 {
		fmt.Fprintf(stderr, "%s: %d bad rows skipped\n", c.Forecast, skipped)
	}
	return ivs, err
}

func (p plans) print(w io.Writer, c config) {
	first, last := p.Intervals[0], p.Intervals[len(p.Intervals)-1]
	end := last.Start.Add(last.Queue.Interval)
	fmt.Fprintf(w, "servq staffing plan: %d intervals, %s to %s (%s), %.0f contacts\n",
		len(p.Intervals), first.Start.Format("Mon 2 Jan 2006 15:04"), end.Format("15:04"), p.Loc, p.C.Contacts)
	occ, ab := "no occupancy cap", "no abandonment cap"
	if c.Occupancy > 0 {
		occ = fmt.Sprintf("occupancy <= %.0f%%", 100*c.Occupancy)
	}
	if c.Abandon > 0 {
		ab = fmt.Sprintf("abandonment <= %.0f%%", 100*c.Abandon)
	}
	fmt.Fprintf(w, "targets: %.0f%% answered within %v, %s, shrinkage %.0f%%; Erlang A: mean patience %v, %s\n\n",
		100*c.SL, c.Within, occ, 100*c.Shrinkage, c.Patience, ab)
	fmt.Fprintf(w, "%-5s %8s %5s %7s | %-27s | %s\n", "", "", "", "", "Erlang C", "Erlang A")
	fmt.Fprintf(w, "%-5s %8s %5s %7s | %6s %5s %6s %7s | %6s %5s %6s %7s %6s\n",
		"start", "contacts", "AHT", "Erlangs", "agents", "sched", "SL", "ASA", "agents", "sched", "SL", "ASA", "abandon")
	for i, iv := range p.Intervals {
		sc, sa := p.C.Intervals[i], p.A.Intervals[i]
		fmt.Fprintf(w, "%-5s %8.0f %4.0fs %7.1f | %6d %5d %5.1f%% %6.1fs | %6d %5d %5.1f%% %6.1fs %5.1f%%\n",
			iv.Start.Format("15:04"), iv.Queue.Contacts, iv.Queue.AHT.Seconds(), sc.Result.Erlangs,
			sc.Agents, sc.Scheduled, 100*sc.Result.ServiceLevel, sc.Result.ASA.Seconds(),
			sa.Agents, sa.Scheduled, 100*sa.Result.ServiceLevel, sa.Result.ASA.Seconds(), 100*sa.Result.Abandon)
	}
	fmt.Fprintln(w, strings.Repeat("-", 96))
	for _, d := range []struct {
		name string
		p    staffing.Plan
	}{{"Erlang C", p.C}, {"Erlang A", p.A}} {
		fmt.Fprintf(w, "%s day: %.1f agent-hours on the phones, %.1f scheduled; SL %.1f%%, ASA %.1fs, occupancy %.1f%%, abandonment %.1f%%\n",
			d.name, d.p.Staffed.Hours(), d.p.Scheduled.Hours(), 100*d.p.ServiceLevel, d.p.ASA.Seconds(), 100*d.p.Occupancy, 100*d.p.Abandon)
	}
	diff := p.C.Staffed.Hours() - p.A.Staffed.Hours()
	more := "fewer"
	if diff < 0 {
		more, diff = "more", -diff
	}
	fmt.Fprintf(w, "Erlang A plans %.1f agent-hours %s than Erlang C (%.1f%%), at the abandonment shown: callers who hang up shorten the queue.\n",
		diff, more, 100*diff/p.C.Staffed.Hours())
}
