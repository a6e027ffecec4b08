package group_test

import (
	"archive/zip"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/group"
)

// allZones returns the names of every zone of the tz database that Go
// ships ($GOROOT/lib/time/zoneinfo.zip, the data of time/tzdata), or skips
// the test where it is missing.
func allZones(t testing.TB) []string {
	t.Helper()
	root := os.Getenv("GOROOT")
	if root == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			t.Skipf("no GOROOT: %v", err)
		}
		root = strings.TrimSpace(string(out))
	}
	path := filepath.Join(root, "lib", "time", "zoneinfo.zip")
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Skipf("no zone list: %v", err)
	}
	defer r.Close()
	var names []string
	for _, f := range r.File {
		if !strings.HasSuffix(f.Name, "/") {
			names = append(names, f.Name)
		}
	}
	if len(names) < 300 {
		t.Fatalf("%s lists %d zones, want the whole database", path, len(names))
	}
	return names
}

// transitions returns the instants at which loc changes offset between
// from and to.
func transitions(loc *time.Location, from, to time.Time) []time.Time {
	var out []time.Time
	for t := from; t.Before(to); {
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || !end.After(t) {
			break
		}
		if end.Before(to) {
			out = append(out, end)
		}
		t = end
	}
	return out
}

// probes returns instants around each transition: just before, at and
// just after it, and inside the hour a backward change repeats. every
// keeps one transition in every, plus every transition that moves the
// local date (skips or repeats midnight), which are the ones that matter.
func probes(loc *time.Location, ts []time.Time, every int) []time.Time {
	var out []time.Time
	for i, tr := range ts {
		before, after := tr.Add(-1).In(loc), tr.In(loc)
		_, _, d0 := before.Date()
		_, _, d1 := after.Date()
		if i%every != 0 && d0 == d1 {
			continue
		}
		for _, dt := range []time.Duration{-time.Hour, -1, 0, 30 * time.Minute, 3 * time.Hour} {
			out = append(out, tr.Add(dt))
		}
	}
	return out
}

// checkZone checks, at every probe, the invariants of Start, Next and Label
// (checkPeriod), and that a Series keys each probe as Period.Start does
// whatever order the probes come in (forwards, backwards, shuffled): the
// key is a function of the instant and the Location alone.
func checkZone(t *testing.T, name string, periods []group.Period, every int) int {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return 0
	}
	from := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	ps := probes(loc, transitions(loc, from, to), every)
	if len(ps) == 0 {
		ps = []time.Time{from, to}
	}
	for _, p := range periods {
		want := map[time.Time]int64{}
		for _, in := range ps {
			checkPeriod(func(format string, args ...any) {
				t.Fatalf("%s %v at %v: "+format, append([]any{name, p, in}, args...)...)
			}, p, in, loc)
			k, _ := p.Start(in, loc)
			want[k]++
		}
		orders := [][]time.Time{ps, slices.Clone(ps), slices.Clone(ps)}
		slices.Reverse(orders[1])
		rng := rand.New(rand.NewPCG(uint64(len(name)), 7))
		rng.Shuffle(len(orders[2]), func(i, j int) { orders[2][i], orders[2][j] = orders[2][j], orders[2][i] })
		for o, order := range orders {
			s := group.ByPeriod[count](p, loc)
			for _, in := range order {
				s.At(in).Add(1)
			}
			got := map[time.Time]int64{}
			for k, c := range s.All() {
				got[k] = c.N
			}
			if len(got) != len(want) {
				t.Fatalf("%s %v order %d: %d periods, want %d", name, p, o, len(got), len(want))
			}
			for k, n := range want {
				if got[k] != n {
					t.Fatalf("%s %v order %d: period %v has %d probes, want %d", name, p, o, k, got[k], n)
				}
			}
		}
	}
	return len(ps)
}

// TestAllZones runs checkZone over every zone of the tz database, from
// 1850 to 2040: days and weeks at every transition that moves the local
// date and at every tenth of the others. The build tag long runs every
// transition and every period (zones_long_test.go).
//
// With -short (the race detector's run) it checks days at the transitions
// that move the date only.
func TestAllZones(t *testing.T) {
	periods, every := []group.Period{group.Day, group.Week}, 10
	if testing.Short() {
		periods, every = periods[:1], 1<<30
	}
	n := 0
	for _, name := range allZones(t) {
		n += checkZone(t, name, periods, every)
	}
	t.Logf("%d probes", n)
}

// TestDateRunsBack pins the case that was order dependent: in
// America/Goose_Bay until 2010 the clock went back at 00:01 to 23:01 of
// the day before, so the date ran backwards. The repeated hour belongs to
// the day already begun (periods are contiguous), whichever instant a
// Series sees first.
func TestDateRunsBack(t *testing.T) {
	loc := load(t, "America/Goose_Bay")
	// 2010-11-07 00:01 ADT (03:01 UTC) became 2010-11-06 23:01 AST.
	change := time.Date(2010, 11, 7, 3, 1, 0, 0, time.UTC)
	firstMidnight := change.Add(-time.Minute) // 00:00 ADT, 03:00 UTC
	repeated := change.Add(30 * time.Minute)  // reads 2010-11-06 23:31 AST
	if y, m, d := repeated.In(loc).Date(); y != 2010 || m != 11 || d != 6 {
		t.Fatalf("zone data: %v reads %v, want 2010-11-06", repeated, repeated.In(loc))
	}
	for _, order := range [][]time.Time{{firstMidnight, repeated}, {repeated, firstMidnight}} {
		s := group.ByPeriod[count](group.Day, loc)
		for _, in := range order {
			s.At(in).Add(1)
		}
		if s.Len() != 1 {
			t.Fatalf("order %v: %d days, want 1", order, s.Len())
		}
		for k, c := range s.All() {
			if !k.Equal(firstMidnight) || c.N != 2 {
				t.Errorf("order %v: day %v with %d, want %v with 2", order, k, c.N, firstMidnight)
			}
		}
	}
}
