// Command quickstart is servq's main job: a weekly CSAT and NPS report by
// channel, run on the embedded sample survey (about 6,000 responses over
// twelve weeks, see examples/internal/sample).
//
//	go run ./examples/quickstart [-out servq-out] [-level 0.95] [-alpha 0.05]
//
// It prints, for each channel and ISO week, the CSAT % (share of 4s and 5s)
// and the NPS with their confidence intervals; then the changes that stand
// out: each week compared with the four weeks before it pooled, the p-values
// adjusted by Holm's method across every test so that chance alone flags a
// change with probability at most alpha; then each channel's last four
// weeks against its first four. Last it draws the two weekly series with
// their interval bands as PNG charts in -out and prints their paths.
//
// The analysis reads like a notebook: load, group, estimate, compare, draw.
// Copy it and point it at your own data.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/sample"
	"github.com/servq/servq/group"
)

func main() {
	out := flag.String("out", "servq-out", "folder for the charts, created if missing")
	level := flag.Float64("level", 0.95, "confidence level of the intervals, in (0, 1)")
	alpha := flag.Float64("alpha", 0.05, "chance of flagging any change that is not there (Holm), in (0, 1)")
	flag.Parse()
	if err := run(os.Stdout, *out, *level, *alpha); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// baseline is how many weeks before a week are pooled to compare it with.
const baseline = 4

func run(w io.Writer, outDir string, level, alpha float64) error {
	if !(alpha > 0 && alpha < 1) {
		return fmt.Errorf("-alpha %v outside (0, 1)", alpha)
	}
	opts := estimate.Options{Level: level}
	level, err := opts.ConfidenceLevel() // 0 means the default, 0.95
	if err != nil {
		return err
	}

	// Load.
	responses, err := sample.Responses()
	if err != nil {
		return err
	}
	loc := sample.Location()

	// Group: one tally per channel and ISO week, read in the sample's zone.
	sat := newSatPanel(loc)
	rec := newRecPanel(loc)
	for i, r := range responses {
		if r.CSAT != sample.Missing {
			if err := addSat(sat, r.Channel, r.At, r.CSAT); err != nil {
				return fmt.Errorf("response %d: %w", i, err)
			}
		}
		if r.NPS != sample.Missing {
			if err := addRec(rec, r.Channel, r.At, r.NPS); err != nil {
				return fmt.Errorf("response %d: %w", i, err)
			}
		}
	}
	first, last := responses[0].At, responses[len(responses)-1].At
	fmt.Fprintf(w, "servq quickstart: %d survey responses, %s to %s (%s)\n",
		len(responses), first.Format(time.DateOnly), last.Format(time.DateOnly), loc)

	// Estimate: the weekly table, and the series for the charts.
	r, err := buildReport(sat, rec, opts)
	if err != nil {
		return err
	}
	r.printTable(w, level)

	// Compare: week against the pooled weeks before it, and last weeks
	// against first weeks, Holm-adjusted.
	if err := r.printChanges(w, sat, rec, opts, alpha); err != nil {
		return err
	}

	// Draw.
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	paths := []string{filepath.Join(outDir, "csat-weekly.png"), filepath.Join(outDir, "nps-weekly.png")}
	if err := r.draw(paths[0], paths[1], level); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, " ", p)
	}
	return nil
}

// weeks lists every ISO week from the first to the last response, with
// empty weeks included, as group reports them.
func weeks[S comparable, T any, P group.Accumulator[T]](g *group.Panel[S, T, P]) []time.Time {
	from, to, ok := g.Span()
	if !ok {
		return nil
	}
	var ws []time.Time
	for start := range g.Periods(from, to) {
		ws = append(ws, start)
	}
	return ws
}
