package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The sample hides two stories (see examples/internal/sample/gen): chat
// loses satisfaction from week 7 of the twelve (2026-W08), and phone
// improves steadily. The report must find both, and must not flag email or
// store, which stay level.
func TestRunFindsThePlantedChanges(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(&out, dir, 0.95, 0.05); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"6025 survey responses, 2026-01-05 to 2026-03-29 (Europe/Madrid)",
		"chat   2026-W08 vs W04..W07   CSAT %",
		"chat   last 4 vs first 4 wk   CSAT %  -",
		"phone  last 4 vs first 4 wk   CSAT %  +",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	_, changes, _ := strings.Cut(text, "Changes that stand out")
	for _, level := range []string{"email ", "store "} {
		if strings.Contains(changes, "\n  "+level) {
			t.Errorf("report flags a change in %s, which the sample keeps level:\n%s", level, changes)
		}
	}
	for _, name := range []string{"csat-weekly.png", "nps-weekly.png"} {
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

func TestRunRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct{ level, alpha float64 }{{1.5, 0.05}, {0.95, 0}, {0.95, 1}, {-0.1, 0.05}} {
		if err := run(&bytes.Buffer{}, t.TempDir(), tc.level, tc.alpha); err == nil {
			t.Errorf("run(level %v, alpha %v): want an error", tc.level, tc.alpha)
		}
	}
}
