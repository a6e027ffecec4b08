// Command weekly is an Apache Beam pipeline that reads a CSV of survey
// answers with textio, computes the weekly NPS and CSAT of each channel
// with servq's accumulators as Beam combiners, and writes the results,
// with their confidence intervals, as JSON lines.
//
// The input has a header and one answer a row:
//
//	time,channel,nps,csat
//	2026-01-05T08:12:00+01:00,phone,9,
//	2026-01-05T08:33:00+01:00,email,,4
//
// time is RFC 3339; nps is a score 0..10 and csat a rating 1..5, either
// empty when the customer did not answer it. Without -input it reads the
// sample answers.csv embedded in the program (six weeks of January and
// February 2026, three channels, two bad rows).
//
// It writes three files of JSON lines into -out: nps.jsonl and csat.jsonl,
// one servqbeam.Record a line (channel, ISO week, its start, the result),
// and dead.jsonl, one servqbeam.DeadLetter a line for every row it could
// not use (a malformed row, at step "parse", with the row as its value; a
// score out of range, at step "add"). A bad row never stops the pipeline.
//
// Run it on the local (prism) runner with
//
//	go run ./examples/weekly -out /tmp/weekly
//
// and on a cluster with Beam's runner flags (see beam/README.md):
// --runner=dataflow, flink or spark, with --endpoint for a job server.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"

	servqbeam "github.com/servq/servq/beam"
)

//go:embed answers.csv
var sample []byte

const header = "time,channel,nps,csat"

func init() {
	register.DoFn4x0[string, func(servqbeam.Event[int]), func(servqbeam.Event[int]), func(servqbeam.DeadLetter)](&parseFn{})
	register.Emitter1[servqbeam.Event[int]]()
	register.Function1x2(deadJSON)
}

// config is what the flags set.
type config struct {
	input  string // a CSV file or glob; "" means the embedded sample
	out    string // the folder of the JSON lines
	zone   string
	period group.Period
	level  float64
}

func main() {
	var c config
	c.period = group.Week
	flag.StringVar(&c.input, "input", "", "CSV `file` (or glob) of answers: time,channel,nps,csat; empty means the embedded sample")
	flag.StringVar(&c.out, "out", "weekly-out", "`folder` for nps.jsonl, csat.jsonl and dead.jsonl")
	flag.StringVar(&c.zone, "zone", "Europe/Madrid", "IANA time `zone` in which weeks start (Monday 00:00)")
	flag.TextVar(&c.period, "period", group.Week, "calendar `period`: day, week, month or quarter")
	flag.Float64Var(&c.level, "level", 0.95, "confidence `level` of the intervals, a fraction")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: weekly [-input answers.csv] [-out dir] [Beam runner flags]\n\n"+
			"Weekly NPS and CSAT per channel, as JSON lines, on any Beam runner.\n"+
			"Beam's own flags choose the runner: --runner=prism (the default, in\n"+
			"process), dataflow, flink or spark; see beam/README.md.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	beam.Init()
	if err := run(context.Background(), c); err != nil {
		log.Fatal(err)
	}
}

// run builds the pipeline and runs it on the runner of the flags.
func run(ctx context.Context, c config) error {
	loc, err := time.LoadLocation(c.zone)
	if err != nil {
		return fmt.Errorf("-zone: %w", err)
	}
	input := c.input
	if input == "" {
		f, err := os.CreateTemp("", "weekly-*.csv")
		if err != nil {
			return err
		}
		defer os.Remove(f.Name())
		if _, err := f.Write(sample); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		input = f.Name()
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}

	p, s := beam.NewPipelineWithRoot()
	lines := textio.Read(s, input)
	npsEvents, csatEvents, bad := beam.ParDo3(s, &parseFn{}, lines)

	g := servqbeam.Grouping{By: servqbeam.BySegmentPeriod, Period: c.period, Location: loc}
	o := estimate.Options{Level: c.level}
	npsAccs, npsDead, err := servqbeam.PerKey[nps.Tally, int](s, g, nil, npsEvents)
	if err != nil {
		return err
	}
	csatAccs, csatDead, err := servqbeam.PerKey[csat.Tally, int](s, g, nil, csatEvents)
	if err != nil {
		return err
	}
	npsResults, npsFailed := servqbeam.Results[nps.Tally, nps.Result](s, o, npsAccs)
	csatResults, csatFailed := servqbeam.Results[csat.Tally, csat.Result](s, o, csatAccs)
	textio.Write(s, filepath.Join(c.out, "nps.jsonl"), servqbeam.JSONLines[nps.Result](s, npsResults))
	textio.Write(s, filepath.Join(c.out, "csat.jsonl"), servqbeam.JSONLines[csat.Result](s, csatResults))
	dead := beam.Flatten(s, bad, npsDead, csatDead, npsFailed, csatFailed)
	textio.Write(s, filepath.Join(c.out, "dead.jsonl"), beam.ParDo(s, deadJSON, dead))
	return beamx.Run(ctx, p)
}

// parseFn reads one CSV row into an NPS event and a CSAT event (either
// absent when its cell is empty). A row that does not parse goes to the
// dead letters with the row as its value.
type parseFn struct{}

func (*parseFn) ProcessElement(line string, npsOut, csatOut func(servqbeam.Event[int]), dead func(servqbeam.DeadLetter)) {
	if line == header || strings.TrimSpace(line) == "" {
		return
	}
	score, rating, e, err := parseRow(line)
	if err != nil {
		dead(servqbeam.DeadLetter{Step: "parse", Key: servqbeam.Key{Segment: e.Segment}, Value: line, Error: err.Error()})
		return
	}
	if score != nil {
		npsOut(servqbeam.Event[int]{Segment: e.Segment, Time: e.Time, Value: *score})
	}
	if rating != nil {
		csatOut(servqbeam.Event[int]{Segment: e.Segment, Time: e.Time, Value: *rating})
	}
}

// parseRow parses a row of four fields; an empty score or rating is nil.
// The ranges are not checked here: the accumulators check them, and send
// the rows they reject to the dead letters.
func parseRow(line string) (score, rating *int, e servqbeam.Event[int], err error) {
	f := strings.Split(line, ",")
	if len(f) != 4 {
		return nil, nil, e, fmt.Errorf("%d fields, want 4 (time,channel,nps,csat)", len(f))
	}
	e.Segment = f[1]
	if e.Time, err = time.Parse(time.RFC3339, f[0]); err != nil {
		return nil, nil, e, fmt.Errorf("column time: %w", err)
	}
	if e.Segment == "" {
		return nil, nil, e, errors.New("column channel: empty")
	}
	num := func(col, s string) (*int, error) {
		if s == "" {
			return nil, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", col, err)
		}
		return &v, nil
	}
	if score, err = num("nps", f[2]); err != nil {
		return nil, nil, e, err
	}
	if rating, err = num("csat", f[3]); err != nil {
		return nil, nil, e, err
	}
	if score == nil && rating == nil {
		return nil, nil, e, errors.New("neither nps nor csat given")
	}
	return score, rating, e, nil
}

// deadJSON writes a dead letter as one line of JSON.
func deadJSON(d servqbeam.DeadLetter) (string, error) {
	b, err := json.Marshal(d)
	return string(b), err
}
