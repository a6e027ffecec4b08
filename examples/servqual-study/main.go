// Command servqual-study runs a whole SERVQUAL study: the gap between what
// customers expect and what they perceive over the five dimensions of
// Parasuraman, Zeithaml and Berry, with the reliability of the scale, the
// priorities for improvement and the difference between two branches.
//
//	go run ./examples/servqual-study [-responses FILE] [-bad fatal|skip] [-out DIR] [-level 0.95] [-tz Europe/Madrid] [-lang en|es]
//
// Without -responses it runs on the embedded sample, 320 customers of two
// branches (see gen/main.go for the model that made it, and responses.csv
// for the same data as a file). -responses reads your own export in the
// wide layout of survey tools: one row per respondent, columns E1..E22 and
// P1..P22 (expectation and perception of each of the 22 items on 1..7),
// optionally W1..W5 (100 importance points over tangibles, reliability,
// responsiveness, assurance and empathy), M1..M22 and D1..D22 (minimum and
// desired levels, for the zone of tolerance), "branch" (two values are
// compared) and "submitted" (an RFC 3339 time). Blank cells are missing
// answers. A bad row is reported as FILE:LINE: column C: reason, and stops
// the run (-bad fatal, the default) or is skipped (-bad skip); the number
// skipped is printed, so no row is dropped silently.
//
// It prints the gap table by dimension and the worst items, the overall
// SERVQUAL, weighted and SERVPERF scores, Cronbach's alphas of
// expectations, perceptions and gaps per dimension, the priorities, and
// the branch comparison; then it writes two charts to -out, expectation
// versus perception by dimension and the gaps with their intervals, and
// prints their paths (-out "" draws none). -lang es prints the items'
// Spanish labels.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // -tz loads on machines with no zone database
)

func main() {
	var cfg config
	flag.StringVar(&cfg.responses, "responses", "", "wide CSV export to analyse (E1..E22, P1..P22, ...); empty means the embedded sample")
	flag.StringVar(&cfg.bad, "bad", "fatal", "what to do with a bad row: fatal (stop) or skip (report it and go on)")
	flag.StringVar(&cfg.out, "out", "servq-out", "folder for the charts, created if missing; empty for no charts")
	flag.Float64Var(&cfg.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	flag.StringVar(&cfg.tz, "tz", "Europe/Madrid", "time zone the submission times are reported in")
	flag.StringVar(&cfg.lang, "lang", "en", "language of the item labels: en or es")
	flag.Parse()
	if err := run(os.Stdout, os.Stderr, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "servqual-study:", err)
		os.Exit(1)
	}
}

type config struct {
	responses string
	bad       string
	out       string
	level     float64
	tz        string
	lang      string // "en" (also "") or "es"
}

func run(w, errw io.Writer, cfg config) error {
	if cfg.bad != "fatal" && cfg.bad != "skip" {
		return fmt.Errorf("-bad %q: want fatal or skip", cfg.bad)
	}
	if cfg.lang != "" && cfg.lang != "en" && cfg.lang != "es" {
		return fmt.Errorf("-lang %q: want en or es", cfg.lang)
	}
	if !(cfg.level > 0 && cfg.level < 1) {
		return fmt.Errorf("-level %v outside (0, 1)", cfg.level)
	}
	loc, err := time.LoadLocation(cfg.tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	var src io.Reader = strings.NewReader(sampleCSV)
	file := "responses.csv (embedded)"
	if cfg.responses != "" {
		f, err := os.Open(cfg.responses)
		if err != nil {
			return err
		}
		defer f.Close()
		src, file = f, cfg.responses
	}
	skipped := 0
	bad := func(e *rowError) error {
		if cfg.bad == "fatal" {
			return e
		}
		fmt.Fprintln(errw, "skipped", e)
		skipped++
		return nil
	}
	st, err := newStudy(loc)
	if err != nil {
		return err
	}
	rows, err := readWide(src, file, st.in, loc, bad)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New(file + ": no respondents")
	}
	if err := st.add(rows); err != nil {
		return err
	}
	if skipped > 0 {
		fmt.Fprintf(w, "%s: %d bad rows skipped (listed on stderr)\n", file, skipped)
	}
	rep, err := st.report(cfg.level)
	if err != nil {
		return err
	}
	rep.spanish = cfg.lang == "es"
	rep.print(w)
	if cfg.out == "" {
		return nil
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	paths, err := rep.draw(cfg.out)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCharts:")
	for _, p := range paths {
		fmt.Fprintln(w, " ", p)
	}
	return nil
}
