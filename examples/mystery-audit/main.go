// Command mystery-audit is a mystery-shopping programme's monthly report:
// it scores every visit against the audit checklist, ranks the branches,
// names the weakest items and sections, shows which shoppers score
// leniently or harshly, compares each branch's second quarter with its
// first, and draws the charts.
//
//	go run ./examples/mystery-audit [-visits FILE] [-checklist FILE] [-bad fatal|skip]
//	                                [-out DIR] [-level 0.95] [-min-visits 20] [-tz Europe/Madrid]
//
// With no -visits it runs on the embedded sample: 360 visits to five
// branches from January to June 2026, answered on the English
// five-section report (visits.csv and checklist.json in this folder; see
// gen/main.go for what they hide). -visits reads your own CSV (header
// visit,date,branch,shopper then one column per item id) or JSON (a list
// of {"visit","date","branch","shopper","answers":{id: text}}), with the
// checklist.json beside it unless -checklist names another. A bad row is
// reported as file:line: column and stops the run (-bad fatal) or is
// skipped and listed (-bad skip); rows are never dropped silently.
//
// Charts (PNG, in -out): score-by-branch.png (mean score with its
// interval), item-compliance.png (share of visits meeting each item, with
// its interval) and score-by-month.png (each branch's monthly mean).
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
	_ "time/tzdata" // the sample's zone loads on machines with no zone database
)

//go:embed visits.csv
var visitsCSV []byte

//go:embed checklist.json
var checklistJSON []byte

// config is what the flags set.
type config struct {
	visits, checklist string
	skip              bool
	out               string
	level             float64
	minVisits         int
	loc               *time.Location
}

func main() {
	var c config
	flag.StringVar(&c.visits, "visits", "", "visits file, CSV or .json (default: the embedded sample)")
	flag.StringVar(&c.checklist, "checklist", "", "checklist JSON (default: checklist.json beside -visits, else the embedded one)")
	bad := flag.String("bad", "fatal", "what a bad row does: fatal (stop) or skip (report and go on)")
	flag.StringVar(&c.out, "out", "mystery-out", "folder for the PNG charts, created if missing")
	flag.Float64Var(&c.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	flag.IntVar(&c.minVisits, "min-visits", 20, "visits below which a shopper's effect is flagged as a small sample")
	tz := flag.String("tz", "Europe/Madrid", "time zone that dates without an offset, and months, are read in")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: mystery-audit [flags]\n\n"+
			"Scores mystery-shopper visits, ranks branches, finds the weakest items and the\n"+
			"shoppers who score leniently or harshly, and draws charts.\n\nflags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	switch *bad {
	case "fatal":
	case "skip":
		c.skip = true
	default:
		fmt.Fprintf(os.Stderr, "mystery-audit: -bad %q: want fatal or skip\n", *bad)
		os.Exit(2)
	}
	var err error
	if c.loc, err = time.LoadLocation(*tz); err != nil {
		fmt.Fprintln(os.Stderr, "mystery-audit: -tz:", err)
		os.Exit(2)
	}
	if err := run(os.Stdout, os.Stderr, c); err != nil {
		fmt.Fprintln(os.Stderr, "mystery-audit:", err)
		os.Exit(1)
	}
}

// run loads, scores, reports and draws; bad rows skipped go to warn.
func run(w, warn io.Writer, c config) error {
	if c.checklist == "" && c.visits != "" {
		c.checklist = checklistBeside(c.visits)
	}
	cl, err := readChecklist(c.checklist)
	if err != nil {
		return err
	}
	visits, err := loadVisits(cl, c, warn)
	if err != nil {
		return err
	}
	rep, err := analyse(cl, visits, c)
	if err != nil {
		return err
	}
	rep.print(w)
	paths, err := rep.draw(c.out)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, " ", p)
	}
	return nil
}
