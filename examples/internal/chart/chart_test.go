package chart

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSave(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	var panels []Panel
	for _, name := range []string{"phone", "chat", "email"} {
		var pts []Point
		for w := range 12 {
			y := 70 + 10*math.Sin(float64(w)/3)
			pts = append(pts, Point{At: start.AddDate(0, 0, 7*w), Y: y, Lo: y - 8, Hi: y + 8})
		}
		panels = append(panels, Panel{Title: name, Points: pts})
	}
	panels = append(panels, Panel{Title: "empty"})
	path := filepath.Join(t.TempDir(), "bands.png")
	fig := Figure{Title: "CSAT", YLabel: "%", YMin: 0, YMax: 100, Ref: 80}
	if err := fig.Save(path, panels); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	// Two rows of two panels: 1200 x 800 points at 96 dpi is 1600 x 1067 pixels.
	if cfg.Width != 1600 || cfg.Height != 1067 {
		t.Errorf("image is %d x %d, want 1600 x 1067", cfg.Width, cfg.Height)
	}
	if os.Getenv("CHART_KEEP") != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(os.Getenv("CHART_KEEP"), b, 0o644)
	}
}

func TestSaveNoPanels(t *testing.T) {
	if err := (Figure{}).Save(filepath.Join(t.TempDir(), "x.png"), nil); err == nil {
		t.Error("Save with no panels: want an error")
	}
}

func TestTrendSave(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	var weeks []time.Time
	for w := range 12 {
		weeks = append(weeks, time.Date(2026, 1, 5+7*w, 0, 0, 0, 0, loc))
	}
	var panels []TrendPanel
	for _, name := range []string{"phone", "chat", "email"} {
		var pts []TrendPoint
		for w, at := range weeks {
			if name == "email" && w%3 == 0 {
				continue // gaps
			}
			y := 70 + 10*math.Sin(float64(w)/3)
			pts = append(pts, TrendPoint{At: at, Y: y, Lo: y - 8, Hi: y + 8, N: int64(100 + w)})
		}
		panels = append(panels, TrendPanel{Title: name, Points: pts})
	}
	fig := Trend{Heading: "Weekly CSAT", YLabel: "%", Line: "CSAT", Band: "95 % interval", Ref: math.NaN(), Min: 0, Max: 100}
	// The axis fits the data: 62..88, padded, inside 0..100.
	if lo, hi := fig.fit(panels); lo < 50 || lo > 62 || hi < 88 || hi > 95 {
		t.Errorf("fit = %v..%v, want about 56..90", lo, hi)
	}
	path := filepath.Join(t.TempDir(), "trend.png")
	if err := fig.Save(path, weeks, panels); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.DecodeConfig(f); err != nil {
		t.Fatal(err)
	}
	if err := fig.Save(path, nil, panels); err == nil {
		t.Error("Save with no periods: want an error")
	}
}
