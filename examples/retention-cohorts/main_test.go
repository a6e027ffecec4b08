package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/servq/servq/examples/internal/eventlog"
)

func sampleConfig(t *testing.T) config {
	return config{tz: "Europe/Madrid", inactive: 90, level: 0.95, out: t.TempDir()}
}

// The sample hides (see examples/internal/eventlog/gen): store customers
// churn at half the monthly rate of web customers, and retention rises
// with tenure. The report must find that store customers live longer,
// with a clear log-rank test, and must report every month and cohort.
func TestRunFindsTheSegments(t *testing.T) {
	c := sampleConfig(t)
	var out bytes.Buffer
	if err := run(&out, c); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"2000 customers, 2024-01-01 to 2025-12-31 (Europe/Madrid)",
		"  2025-12 ",      // the last month and cohort
		"  2024-01    94", // the first cohort and its size
		"log-rank test between segments",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	median := func(seg string) float64 {
		m := regexp.MustCompile(`\n  ` + seg + ` +\d+ +\d+ +\S+ \[\S+ \S+\] \S+ \[\S+ \S+\] (\d+) \[`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no median for %s in\n%s", seg, text)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	if store, web := median("store"), median("web"); !(store > 1.5*web) {
		t.Errorf("median lifetime store %g, web %g: store should live much longer", store, web)
	}
	m := regexp.MustCompile(`chi-square [\d.]+ on 1 df, p = ([\de.+-]+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no log-rank line")
	}
	if p, _ := strconv.ParseFloat(m[1], 64); !(p < 1e-6) {
		t.Errorf("log-rank p = %g, want a clear difference", p)
	}
	for _, name := range []string{"cohorts.png", "lifetimes.png"} {
		f, err := os.Open(filepath.Join(c.out, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 1000 {
			t.Errorf("%s: %v %v", name, err, img.Bounds())
		}
	}
}

// TestEventsFlag checks -events: bad rows are reported by file, line and
// column, and skipped with -skip.
func TestEventsFlag(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.csv")
	data := eventlog.Header + "\n" +
		"a,2025-01-05T10:00:00Z,10,web\n" +
		"a,2025-02-05T10:00:00Z,-3,web\n" + // line 3: negative amount
		"b,yesterday,5,store\n" + // line 4: bad time
		"b,2025-01-20T10:00:00Z,5,store\n" +
		"a,2025-03-05T10:00:00Z,7,web\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	c := sampleConfig(t)
	c.events = path
	var out bytes.Buffer
	err := run(&out, c)
	var re *eventlog.RowError
	if !errors.As(err, &re) || re.Line != 3 || re.Column != "amount" || !strings.Contains(err.Error(), "log.csv:3: column amount") {
		t.Fatalf("without -skip: %v", err)
	}
	c.skip = true
	out.Reset()
	if err := run(&out, c); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"skipped: " + path + ":3: column amount", "skipped: " + path + ":4: column time", "3 events of 2 customers"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

func TestBadFlags(t *testing.T) {
	c := sampleConfig(t)
	c.level = 1
	if err := run(&bytes.Buffer{}, c); err == nil {
		t.Error("level 1 accepted")
	}
	c = sampleConfig(t)
	c.tz = "Nowhere/City"
	if err := run(&bytes.Buffer{}, c); err == nil {
		t.Error("bad zone accepted")
	}
}
