// Command quickstart is servq's main job: a weekly CSAT and NPS report by
// segment (a channel, a branch), with confidence intervals, the changes
// that stand out, and two charts.
//
//	go run ./examples/quickstart [-responses FILE] [-out servq-out] [flags]
//
// Without -responses it reads the embedded sample, responses.csv beside
// this file (about 6,000 answers over twelve weeks; see
// examples/internal/sample/gen for what it hides). With -responses it reads
// your own export, a CSV with a header row:
//
//	time,channel,csat,nps
//	2026-01-05T10:30:00+01:00,chat,4,9
//	2026-01-05,phone,,7
//
// The time is a timestamp with its offset, a local timestamp
// (2026-01-05 10:30) or a date, read in -tz; the segment is any text
// column; CSAT is a rating 1..5 and NPS a score 0..10, either blank when
// not answered. Column names are flags (-time-column, -segment-column,
// -csat-column, -nps-column; an empty name drops that question), with the
// sample's as defaults. A bad row stops the report with file:line and the
// column at fault, or with -skip-bad is reported on stderr and left out.
//
// The report prints, for each segment and ISO week, the CSAT % (share of
// 4s and 5s) and the NPS with their intervals; then each week compared with
// the four weeks before it pooled, and each segment's last four weeks
// against its first four, the p-values adjusted by Holm's method across
// every test so that chance alone flags a change with probability at most
// -alpha; then it draws both series as PNG charts in -out.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // -tz loads on machines with no zone database
)

//go:embed responses.csv
var sampleCSV []byte

// config is what the flags set.
type config struct {
	responses string  // the CSV to read; "" is the embedded sample
	cols      columns // the columns it is read by
	tz        string  // the time zone weeks are read in
	skipBad   bool    // report bad rows and leave them out, rather than stop
	out       string  // folder for the charts
	level     float64 // confidence level of the intervals
	alpha     float64 // family-wise error rate of the flagged changes
}

func main() {
	cfg := config{}
	fs := flag.NewFlagSet("quickstart", flag.ExitOnError)
	cfg.bind(fs)
	fs.Usage = func() { usage(fs) }
	_ = fs.Parse(os.Args[1:])
	if err := run(os.Stdout, os.Stderr, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func (c *config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.responses, "responses", "", "survey responses `FILE` (CSV with a header row); empty: the embedded sample")
	fs.StringVar(&c.cols.time, "time-column", "time", "`name` of the column with the date or timestamp")
	fs.StringVar(&c.cols.segment, "segment-column", "channel", "`name` of the column to report by (channel, branch, ...)")
	fs.StringVar(&c.cols.csat, "csat-column", "csat", "`name` of the CSAT column, ratings 1..5 or blank; empty: none")
	fs.StringVar(&c.cols.nps, "nps-column", "nps", "`name` of the NPS column, scores 0..10 or blank; empty: none")
	fs.StringVar(&c.tz, "tz", "Europe/Madrid", "time `zone` of the weeks, and of times written without an offset")
	fs.BoolVar(&c.skipBad, "skip-bad", false, "report bad rows on stderr and leave them out, instead of stopping")
	fs.StringVar(&c.out, "out", "servq-out", "`folder` for the charts, created if missing")
	fs.Float64Var(&c.level, "level", 0.95, "confidence `level` of the intervals, in (0, 1)")
	fs.Float64Var(&c.alpha, "alpha", 0.05, "chance of flagging any change that is not there (Holm), in (0, 1)")
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: quickstart [-responses FILE] [flags]

A weekly CSAT and NPS report by segment, with confidence intervals
(-level), the changes that stand out (Holm-adjusted, -alpha) and two PNG
charts in -out. Without -responses it reads the embedded sample.

The CSV has a header row; the columns are found by name:
  time     2026-01-05T10:30:00+01:00, 2026-01-05 10:30 (read in -tz) or 2026-01-05
  channel  the segment: any text
  csat     a rating 1..5, or blank
  nps      a score 0..10, or blank
Other columns are ignored. A bad row stops the report with file:line and
the column at fault (or, with -skip-bad, is reported and left out).

Example, an export with a branch column and local times:
  quickstart -responses export.csv -segment-column branch -tz America/Mexico_City

Flags:
`)
	fs.PrintDefaults()
}

// baseline is how many weeks before a week are pooled to compare it with.
const baseline = 4

func run(w, warn io.Writer, cfg config) error {
	if !(cfg.alpha > 0 && cfg.alpha < 1) {
		return fmt.Errorf("-alpha %v outside (0, 1)", cfg.alpha)
	}
	if !(cfg.level > 0 && cfg.level < 1) {
		return fmt.Errorf("-level %v outside (0, 1)", cfg.level)
	}
	loc, err := time.LoadLocation(cfg.tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}

	// Load.
	src, name := embedded(), "responses.csv (embedded sample)"
	if cfg.responses != "" {
		f, err := os.Open(cfg.responses)
		if err != nil {
			return err
		}
		defer f.Close()
		src, name = f, cfg.responses
	}
	responses, skipped, err := load(src, name, cfg.cols, loc, cfg.skipBad, warn)
	if err != nil {
		return err
	}

	// Group, estimate, compare, draw.
	rep, err := analyse(responses, cfg.cols.segment, loc, cfg.level)
	if err != nil {
		return err
	}
	first, last := rep.span()
	fmt.Fprintf(w, "servq quickstart: %d survey responses, %s to %s (%s), from %s\n",
		len(responses), first.Format(time.DateOnly), last.Format(time.DateOnly), loc, name)
	if skipped > 0 {
		fmt.Fprintf(w, "%d bad rows left out (listed on stderr)\n", skipped)
	}
	rep.printTable(w)
	if err := rep.printChanges(w, cfg.alpha); err != nil {
		return err
	}
	// The other packages, each on its own embedded sample (their example
	// programs run the whole analysis, and on a file of yours).
	fmt.Fprintln(w, "\nThe other measures, on their own sample data:")
	for _, section := range []func(io.Writer) error{timingSection, staffingSection, servqualSection, mysteryShopperSection, retentionSection} {
		if err := section(w); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	paths := []string{filepath.Join(cfg.out, "csat-weekly.png"), filepath.Join(cfg.out, "nps-weekly.png")}
	if err := rep.draw(paths[0], paths[1]); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, " ", p)
	}
	return nil
}
