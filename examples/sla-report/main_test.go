package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/servq/servq/examples/internal/tickets"
)

// The sample hides one story (see tickets.Generate): the Madrid team's
// first replies were three times slower in ISO weeks 6 and 7 of 2024. The
// report must flag both weeks as drops in first-reply SLA attainment and
// flag nothing in Bogotá, which stays level.
func TestRunFindsThePlantedShortage(t *testing.T) {
	dir := t.TempDir()
	var out, warn bytes.Buffer
	if err := run(&out, &warn, config{out: dir, level: 0.95, alpha: 0.05}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "2000 tickets created 2024-01-01 to 2024-03-31") {
		t.Errorf("report lacks the ticket count and span:\n%s", text[:200])
	}
	_, flagged, _ := strings.Cut(text, "stands out")
	flagged, _, _ = strings.Cut(flagged, "Charts:")
	for _, week := range []string{"2024-W06", "2024-W07"} {
		i := strings.Index(flagged, "madrid  "+week)
		if i < 0 {
			t.Errorf("report does not flag madrid %s:\n%s", week, flagged)
			continue
		}
		if line, _, _ := strings.Cut(flagged[i:], "\n"); !strings.Contains(line, "in SLA, -") {
			t.Errorf("madrid %s flagged, but not as a drop: %s", week, line)
		}
	}
	if strings.Contains(flagged, "\n  bogota ") {
		t.Errorf("report flags a Bogotá week, which the sample keeps level:\n%s", flagged)
	}
	if warn.Len() != 0 {
		t.Errorf("the sample has bad rows: %s", warn.String())
	}
	for _, name := range []string{"first-response-weekly.png", "first-reply-sla-weekly.png"} {
		path := filepath.Join(dir, name)
		if !strings.Contains(text, path) {
			t.Errorf("report does not print the path %s", path)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.DecodeConfig(f); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f.Close()
	}
}

// TestSampleIsGenerated: the CSV shipped here is what the generator makes,
// and what the quickstart reads.
func TestSampleIsGenerated(t *testing.T) {
	b, err := tickets.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, sampleCSV) {
		t.Error("tickets.csv differs from tickets.Generate(); run go generate ./examples/internal/tickets")
	}
}

const badLog = `ticket,team,priority,simple,time,event,status,work,minutes
a-1,madrid,high,0,2024-01-08T09:00:00+01:00,created,,,
a-1,madrid,high,0,2024-01-08T10:00:00+01:00,agent-reply,,,
a-1,madrid,high,0,2024-01-08T10:00:00+01:00,status,solved,,
a-2,paris,high,0,2024-01-08T09:00:00+01:00,created,,,
a-3,madrid,low,0,2024-01-08 09:00,created,,,
a-4,madrid,low,0,2024-01-08T09:00:00+01:00,created,,,
a-4,madrid,low,0,2024-01-08T10:00:00+01:00,status,archived,,
a-5,bogota,low,1,2024-01-08T09:00:00-05:00,agent-reply,,,
a-5,bogota,low,1,2024-01-08T10:00:00-05:00,created,,,
a-6,bogota,low,0,2024-01-08T09:00:00-05:00,created,,,
a-6,bogota,low,0,2024-01-08T09:30:00-05:00,work,,talk,-5
`

func TestRunReportsBadRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(badLog), 0o644); err != nil {
		t.Fatal(err)
	}
	// Stop at the first bad line.
	err := run(&bytes.Buffer{}, &bytes.Buffer{}, config{tickets: path, out: t.TempDir(), level: 0.95, alpha: 0.05})
	if err == nil || !strings.Contains(err.Error(), path+":5:2 (team)") {
		t.Errorf("first bad line: err = %v, want %s:5:2 (team)", err, path)
	}
	// Skip: every bad line and the contradicting ticket are reported by
	// line and column, and the good ticket is reported on.
	var out, warn bytes.Buffer
	if err := run(&out, &warn, config{tickets: path, skipBad: true, out: t.TempDir(), level: 0.95, alpha: 0.05}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		path + ":5:2 (team)", path + ":6:5 (time)", path + ":8:7 (status)", path + ":12:9 (minutes)",
		path + `:9: timing.Analyzer.Measure: ticket "a-5"`,
	} {
		if !strings.Contains(warn.String(), want) {
			t.Errorf("warnings lack %q:\n%s", want, warn.String())
		}
	}
	if !strings.Contains(out.String(), "3 tickets created") || !strings.Contains(out.String(), "(1 left out)") {
		t.Errorf("report of the good tickets:\n%s", out.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, c := range []config{{level: 1.5, alpha: 0.05}, {level: 0.95, alpha: 0}, {level: 0.95, alpha: 1}, {level: 0.95, alpha: 0.05, tickets: "/nonexistent.csv"}} {
		c.out = t.TempDir()
		if err := run(&bytes.Buffer{}, &bytes.Buffer{}, c); err == nil {
			t.Errorf("run(%+v): want an error", c)
		}
	}
}
