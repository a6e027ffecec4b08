package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/timing/staffing"
)

func defaults(out string) config {
	return config{Out: out, SL: 0.8, Within: 20 * time.Second, Occupancy: 0.85, Abandon: 0.05,
		Patience: 2 * time.Minute, Shrinkage: 0.3, Zone: "Europe/Madrid"}
}

// The sample day: every interval meets the targets in both models with
// the fewest agents, Erlang A never needs more agents than Erlang C here
// (its callers hang up rather than queue), the peak needs the most, and
// the chart is written.
func TestRunSample(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if err := run(&out, &errs, defaults(dir)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"24 intervals, Mon 2 Mar 2026 08:00 to 20:00 (Europe/Madrid), 2299 contacts",
		"Erlang C day:", "Erlang A day:", "agent-hours fewer than Erlang C",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	ivs, err := sampleForecast(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	queues := make([]staffing.Queue, len(ivs))
	for i, iv := range ivs {
		queues[i] = iv.Queue
	}
	c := defaults(dir)
	tC := staffing.Targets{ServiceLevel: c.SL, AnswerWithin: c.Within, Occupancy: c.Occupancy, Shrinkage: c.Shrinkage}
	tA := tC
	tA.Abandonment = c.Abandon
	pC, err := staffing.PlanC(queues, tC)
	if err != nil {
		t.Fatal(err)
	}
	pA, err := staffing.PlanA(queues, c.Patience, tA)
	if err != nil {
		t.Fatal(err)
	}
	peak := 0
	for i, q := range queues {
		sc, sa := pC.Intervals[i], pA.Intervals[i]
		if !tC.MetBy(sc.Result) || !tA.MetBy(sa.Result) {
			t.Errorf("interval %d misses its targets: C %+v, A %+v", i, sc.Result, sa.Result)
		}
		fewer, _ := staffing.ErlangC(q, sc.Agents-1, c.Within)
		if tC.MetBy(fewer) {
			t.Errorf("interval %d: Erlang C meets the targets with %d agents, fewer than %d", i, sc.Agents-1, sc.Agents)
		}
		if sa.Agents > sc.Agents {
			t.Errorf("interval %d: Erlang A needs %d agents, Erlang C %d", i, sa.Agents, sc.Agents)
		}
		if q.Contacts > queues[peak].Contacts {
			peak = i
		}
	}
	for i := range queues {
		if pC.Intervals[i].Agents > pC.Intervals[peak].Agents {
			t.Errorf("interval %d needs more agents than the peak %d", i, peak)
		}
	}
	if !(pC.ServiceLevel >= 0.8 && pA.ServiceLevel >= 0.8 && pA.Abandon <= 0.05 && pA.Staffed < pC.Staffed) {
		t.Errorf("day: C %+v\nA %+v", pC, pA)
	}
	path := filepath.Join(dir, "staffing.png")
	if !strings.Contains(text, path) {
		t.Errorf("output does not name the chart %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 1600 || cfg.Height != 1200 {
		t.Errorf("chart: %v %+v, want a 1600 x 1200 PNG", err, cfg)
	}
}

// The sample file beside main.go is the embedded one, read the same way.
func TestForecastFileIsTheSample(t *testing.T) {
	b, err := os.ReadFile("forecast.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, forecastCSV) {
		t.Error("forecast.csv differs from the embedded forecast")
	}
	f, err := os.Open("forecast.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fromFile, err := readForecast(f, "forecast.csv", time.UTC, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	sample, err := sampleForecast(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromFile) != 24 || len(fromFile) != len(sample) {
		t.Fatalf("%d intervals from the file, %d embedded; want 24", len(fromFile), len(sample))
	}
	for i := range sample {
		if !fromFile[i].Start.Equal(sample[i].Start) || fromFile[i].Queue != sample[i].Queue {
			t.Errorf("interval %d: file %+v, embedded %+v", i, fromFile[i], sample[i])
		}
	}
}

const badForecast = `start,minutes,contacts,aht_seconds
2026-03-02T08:00:00+01:00,30,37,292
2026-03-02T08:30:00+01:00,30,-5,285
2026-03-02T09:00:00+01:00,30,84,abc
yesterday,30,84,277
2026-03-02T09:30:00+01:00,0,84,277
2026-03-02T08:15:00+01:00,30,84,277
2026-03-02T10:30:00+01:00,30,100,260
`

func TestBadRows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "day.csv")
	if err := os.WriteFile(path, []byte(badForecast), 0o644); err != nil {
		t.Fatal(err)
	}
	c := defaults(dir)
	c.Forecast = path
	err := run(&bytes.Buffer{}, &bytes.Buffer{}, c)
	var re *rowError
	if !errors.As(err, &re) || re.Line != 3 || re.Column != 30 || !errors.Is(err, staffing.ErrNegative) {
		t.Fatalf("fatal mode: %v, want line 3 column 30 (contacts), negative", err)
	}
	if !strings.HasPrefix(err.Error(), path+":3:30: ") {
		t.Errorf("message %q does not start with file:line:col", err)
	}
	c.Skip = true
	var errs bytes.Buffer
	ivs, err := load(c, time.UTC, &errs)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{":3:30: ", ":4:33: aht_seconds", ":5:1: start", ":6:27: ", ":7:1: start", "5 bad rows skipped"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("skip report lacks %q:\n%s", want, errs.String())
		}
	}
	if len(ivs) != 2 || ivs[1].Queue.Contacts != 100 {
		t.Errorf("skip mode should keep the 2 good rows, got %+v", ivs)
	}
}

func TestBadFlags(t *testing.T) {
	for name, mod := range map[string]func(*config){
		"sl":       func(c *config) { c.SL = 1.5 },
		"patience": func(c *config) { c.Patience = 0 },
		"tz":       func(c *config) { c.Zone = "Mars/Olympus" },
		"file":     func(c *config) { c.Forecast = "no-such-file.csv" },
	} {
		c := defaults(t.TempDir())
		mod(&c)
		if err := run(&bytes.Buffer{}, &bytes.Buffer{}, c); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
