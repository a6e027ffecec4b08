package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The sample hides one story (see gen/main.go): reliability has the
// largest gap, and the south branch's reliability is 0.6 points worse
// than the north's, the other dimensions being alike. The report must find
// that, and rank reliability first.
func TestRunFindsTheStory(t *testing.T) {
	dir := t.TempDir()
	var out, errw bytes.Buffer
	if err := run(&out, &errw, config{bad: "fatal", out: dir, level: 0.95, tz: "Europe/Madrid"}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"SERVQUAL study: 320 respondents (north 160, south 160), submitted 2026-03-02 to 2026-03-27 (Europe/Madrid)",
		"  1. reliability ",
		"Branches: south - north",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	_, branches, _ := strings.Cut(text, "Branches:")
	var flagged []string
	for _, line := range strings.Split(branches, "\n") {
		if strings.HasSuffix(line, "<- differs") {
			flagged = append(flagged, strings.Fields(line)[0])
		}
	}
	if len(flagged) != 1 || flagged[0] != "reliability" {
		t.Errorf("branches differ in %v, want only reliability:\n%s", flagged, branches)
	}
	// Every dimension's perceptions have alpha above 0.7: the model gives
	// items of a dimension a shared respondent effect.
	_, rel, _ := strings.Cut(text, "Reliability:")
	rel, _, _ = strings.Cut(rel, "Priorities")
	n := 0
	for _, line := range strings.Split(rel, "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && f[1] == "perceptions" && f[0] != "all" {
			n++
			if a, err := strconv.ParseFloat(f[3], 64); err != nil || a < 0.7 {
				t.Errorf("perception alpha %s in %q", f[3], line)
			}
		}
	}
	if n != 5 {
		t.Errorf("%d perception alphas by dimension, want 5:\n%s", n, rel)
	}
	for _, name := range []string{"servqual-dimensions.png", "servqual-gaps.png"} {
		path := filepath.Join(dir, name)
		if !strings.Contains(text, path) {
			t.Errorf("report does not print %s", path)
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

// TestShippedCSV: the CSV in the folder is the embedded sample, and it
// runs through -responses like a user's file.
func TestShippedCSV(t *testing.T) {
	b, err := os.ReadFile("responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != sampleCSV {
		t.Fatal("responses.csv differs from the embedded sample")
	}
	var out bytes.Buffer
	if err := run(&out, &bytes.Buffer{}, config{responses: "responses.csv", bad: "fatal", level: 0.9, tz: "UTC", lang: "es"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "320 respondents") || !strings.Contains(out.String(), "(UTC)") ||
		!strings.Contains(out.String(), "Registros sin errores") {
		t.Errorf("run on the file:\n%s", out.String())
	}
}

// TestBadRows: a bad row is reported by file, line and column, and either
// stops the run or is skipped and counted.
func TestBadRows(t *testing.T) {
	lines := strings.Split(strings.TrimRight(sampleCSV, "\n"), "\n")
	head := strings.Split(lines[0], ",")
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	set := func(line int, name, v string) {
		f := strings.Split(lines[line-1], ",")
		f[col(name)] = v
		lines[line-1] = strings.Join(f, ",")
	}
	set(4, "P7", "9")     // off the scale
	set(10, "E3", "six")  // not a number
	set(12, "W2", "95")   // weights add up to more than 100
	lines[19] = "1,north" // line 20: wrong number of fields
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(&bytes.Buffer{}, &bytes.Buffer{}, config{responses: path, bad: "fatal", level: 0.95, tz: "UTC"})
	var re *rowError
	if !errors.As(err, &re) || re.line != 4 || re.column != "P7" {
		t.Fatalf("fatal: %v", err)
	}
	if !strings.HasPrefix(err.Error(), path+":4: column P7: ") {
		t.Errorf("message %q", err)
	}
	var out, errw bytes.Buffer
	if err := run(&out, &errw, config{responses: path, bad: "skip", level: 0.95, tz: "UTC"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{":4: column P7:", ":10: column E3:", ":12: column W1..W5:", ":20: "} {
		if !strings.Contains(errw.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errw.String())
		}
	}
	if !strings.Contains(out.String(), "4 bad rows skipped") || !strings.Contains(out.String(), "316 respondents") {
		t.Errorf("skip report:\n%s", out.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, c := range []config{
		{bad: "ignore", level: 0.95, tz: "UTC"},
		{bad: "skip", level: 1, tz: "UTC"},
		{bad: "skip", level: 0.95, tz: "Mars/Olympus"},
		{bad: "skip", level: 0.95, tz: "UTC", lang: "fr"},
		{bad: "skip", level: 0.95, tz: "UTC", responses: "no-such-file.csv"},
	} {
		c.out = t.TempDir()
		if err := run(&bytes.Buffer{}, &bytes.Buffer{}, c); err == nil {
			t.Errorf("%+v: want an error", c)
		}
	}
}
