package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/retention"
)

// The embedded sample is simulated from known parameters (gen/main.go):
// the fit must find each within its 95 % interval, the holdout check must
// put the model within 25 % of the actual holdout purchases of the
// customers with few repeat purchases, and the run must write its charts.
func TestSample(t *testing.T) {
	ps, err := sample(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	split := retention.Split{End: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC), HoldoutEnd: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	a, err := analyse(ps, time.UTC, split, 0.95, 10, retention.Horizon{Periods: 12, Length: 52.0 / 12, Rate: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		lo, hi float64
		truth  float64
	}{
		{"r", a.bg.RCI.Lo, a.bg.RCI.Hi, 0.243}, {"alpha", a.bg.AlphaCI.Lo, a.bg.AlphaCI.Hi, 4.414},
		{"a", a.bg.ACI.Lo, a.bg.ACI.Hi, 0.793}, {"b", a.bg.BCI.Lo, a.bg.BCI.Hi, 2.426},
		{"p", a.gg.PCI.Lo, a.gg.PCI.Hi, 6.25}, {"q", a.gg.QCI.Lo, a.gg.QCI.Hi, 3.74}, {"gamma", a.gg.GammaCI.Lo, a.gg.GammaCI.Hi, 15.44},
	} {
		if !(c.lo <= c.truth && c.truth <= c.hi) {
			t.Errorf("%s: [%g, %g] misses the simulated %g", c.name, c.lo, c.hi, c.truth)
		}
	}
	for _, r := range a.holdout[:4] {
		if d := (r.Expected - r.Actual) / r.Actual; d > 0.25 || d < -0.25 {
			t.Errorf("holdout x=%d: expected %.3f, actual %.3f", r.X, r.Expected, r.Actual)
		}
	}
	if len(a.top) != 10 || a.top[0].value < a.top[9].value || a.top[0].value <= 0 {
		t.Errorf("top customers %+v", a.top)
	}
	var out bytes.Buffer
	dir := t.TempDir()
	if err := run(config{out: dir, unit: "week", tz: "UTC", top: 3, months: 12, rate: 0.01, level: 0.95}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"frequency.png", "holdout.png", "tracking.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 10000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(out.String(), "Top 3 customers") {
		t.Errorf("report:\n%s", out.String())
	}
}

// A user's file: bad rows are reported by file:line:column, fatal by
// default, skipped with -skip.
func TestOwnFileBadRows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.csv")
	data := "customer,date,amount\na,2025-01-01,10\na,2025-02-01,x\nb,2025-13-01,5\na,2025-03-01,12\nb,2025-01-05,3\nb,2025-02-05,4\nc,2025-01-09,7\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	err := run(config{transactions: path, unit: "week", tz: "UTC", top: 3, months: 12, level: 0.95}, &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "log.csv:3:3") {
		t.Fatalf("error %v, want log.csv:3:3", err)
	}
	_, bad, err := readLog(strings.NewReader(data), "log.csv", time.UTC, true)
	if err != nil || len(bad) != 2 || !strings.Contains(bad[1].Error(), "log.csv:4:2") {
		t.Fatalf("bad rows %v, %v", bad, err)
	}
}
