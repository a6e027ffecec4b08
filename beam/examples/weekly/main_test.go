package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"

	servqbeam "github.com/servq/servq/beam"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// readLines returns the JSON lines of a file, each decoded into a new V.
func readLines[V any](t *testing.T, path string) []V {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []V
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var v V
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %q: %v", path, sc.Text(), err)
		}
		out = append(out, v)
	}
	return out
}

// TestSample runs the pipeline on prism over the embedded sample and
// checks its findings against the single-machine computation of the same
// rows (parsed by the same parseRow, grouped by group.BySegmentPeriod): one
// line per channel and ISO week, each result equal to the tally's Result,
// and the sample's two bad rows in the dead letters.
func TestSample(t *testing.T) {
	dir := t.TempDir()
	c := config{out: dir, zone: "Europe/Madrid", period: group.Week, level: 0.95}
	if err := run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(c.zone)
	np := group.BySegmentPeriod[string, nps.Tally](group.Week, loc)
	cs := group.BySegmentPeriod[string, csat.Tally](group.Week, loc)
	parseErrs, addErrs := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(sample))
	for sc.Scan() {
		if sc.Text() == header {
			continue
		}
		score, rating, e, err := parseRow(sc.Text())
		if err != nil {
			parseErrs++
			continue
		}
		if score != nil && np.At(e.Segment, e.Time).Add(*score) != nil {
			addErrs++
		}
		if rating != nil && cs.At(e.Segment, e.Time).Add(*rating) != nil {
			addErrs++
		}
	}
	// The sample's two bad rows: a time without a zone and an NPS of 11.
	if parseErrs != 1 || addErrs != 1 {
		t.Fatalf("reference: %d parse and %d range errors, want 1 and 1", parseErrs, addErrs)
	}
	key := func(cell group.Cell[string]) servqbeam.Key {
		label, _ := group.Week.Label(cell.Start)
		return servqbeam.Key{Segment: cell.Segment, Period: label, Start: cell.Start.Format(time.RFC3339)}
	}
	o := estimate.Options{Level: c.level}

	wantNPS := map[servqbeam.Key]nps.Result{}
	for cell, tally := range np.All() {
		r, err := tally.Result(o)
		if err != nil {
			t.Fatal(err)
		}
		wantNPS[key(cell)] = r
	}
	gotNPS := readLines[servqbeam.Record[nps.Result]](t, filepath.Join(dir, "nps.jsonl"))
	// Six weeks (2026-W02 to W07) of three channels.
	if len(gotNPS) != 18 || len(wantNPS) != 18 {
		t.Fatalf("%d NPS lines, %d reference cells; want 18", len(gotNPS), len(wantNPS))
	}
	for _, rec := range gotNPS {
		if w, ok := wantNPS[rec.Key]; !ok || rec.Result != w {
			t.Errorf("NPS %+v: %+v, want %+v", rec.Key, rec.Result, w)
		}
	}

	wantCSAT := map[servqbeam.Key]csat.Result{}
	for cell, tally := range cs.All() {
		r, err := tally.Result(o)
		if err != nil {
			t.Fatal(err)
		}
		wantCSAT[key(cell)] = r
	}
	gotCSAT := readLines[servqbeam.Record[csat.Result]](t, filepath.Join(dir, "csat.jsonl"))
	if len(gotCSAT) != len(wantCSAT) || len(gotCSAT) != 18 {
		t.Fatalf("%d CSAT lines, want %d", len(gotCSAT), len(wantCSAT))
	}
	for _, rec := range gotCSAT {
		w, ok := wantCSAT[rec.Key]
		gb, _ := json.Marshal(rec.Result)
		wb, _ := json.Marshal(w)
		if !ok || !bytes.Equal(gb, wb) {
			t.Errorf("CSAT %+v: %s, want %s", rec.Key, gb, wb)
		}
	}

	dead := readLines[servqbeam.DeadLetter](t, filepath.Join(dir, "dead.jsonl"))
	steps := map[string]int{}
	for _, d := range dead {
		steps[d.Step]++
		if d.Error == "" || d.Value == "" {
			t.Errorf("dead letter %+v lacks its value or error", d)
		}
	}
	if len(dead) != 2 || steps["parse"] != 1 || steps["add"] != 1 {
		t.Errorf("dead letters %+v, want one parse and one add", dead)
	}
}
