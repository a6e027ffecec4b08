package group_test

import (
	"encoding/json"
	"errors"
	"iter"
	"sync"
	"testing"
	"time"

	"github.com/servq/servq/group"
)

var (
	zoneOnce sync.Once
	zoneLocs []*time.Location
)

// fuzzZones returns every zone of the tz database, loaded once.
func fuzzZones(t testing.TB) []*time.Location {
	zoneOnce.Do(func() {
		for _, name := range allZones(t) {
			if loc, err := time.LoadLocation(name); err == nil {
				zoneLocs = append(zoneLocs, loc)
			}
		}
	})
	if len(zoneLocs) == 0 {
		t.Skip("no zones")
	}
	return zoneLocs
}

// FuzzAt makes a Series and a Panel in a random zone of the tz database
// and period, and checks At at two random instants, in both orders: each
// key is Period.Start of its instant, the instant lies in [key, Next(key)),
// and both orders give the same periods and counts.
func FuzzAt(f *testing.F) {
	f.Add(int64(1289098860), int64(1289100600), uint16(0), uint8(0))                    // 2010-11-07, around Goose Bay's 00:01 change
	f.Add(int64(1541300400), int64(1541296800), uint16(1), uint8(1))                    // Sao Paulo's skipped midnight
	f.Add(int64(-3225312000), int64(-3225225600), uint16(2), uint8(2))                  // 1867, Alaska's day back
	f.Add(int64(1325239200), int64(1325152800), uint16(3), uint8(3))                    // Apia's skipped day
	f.Add(int64(9223372036854775807), int64(-9223372036854775808), uint16(4), uint8(0)) // the ends of time
	locs := fuzzZones(f)
	f.Fuzz(func(t *testing.T, a, b int64, zone uint16, period uint8) {
		loc := locs[int(zone)%len(locs)]
		p := group.Period(period%4 + 1)
		ta, tb := time.Unix(a, 0), time.Unix(b, int64(zone))
		counts := func(order ...time.Time) map[time.Time]int64 {
			s := group.ByPeriod[count](p, loc)
			g := group.BySegmentPeriod[string, count](p, loc)
			for _, in := range order {
				s.At(in).Add(1)
				g.At("x", in).Add(1)
			}
			m := map[time.Time]int64{}
			for k, c := range s.All() {
				m[k] = c.N
			}
			for k, c := range g.All() {
				if m[k.Start] != c.N {
					t.Fatalf("%v in %v: Panel has %d at %v, Series %d", p, loc, c.N, k.Start, m[k.Start])
				}
			}
			return m
		}
		x, y := counts(ta, tb), counts(tb, ta)
		if len(x) != len(y) {
			t.Fatalf("%v in %v: %d periods one way, %d the other", p, loc, len(x), len(y))
		}
		for k, n := range x {
			if y[k] != n {
				t.Fatalf("%v in %v: period %v has %d one way, %d the other", p, loc, k, n, y[k])
			}
		}
		for _, in := range []time.Time{ta, tb} {
			k, err := p.Start(in, loc)
			if err != nil {
				t.Fatal(err)
			}
			if x[k] == 0 {
				t.Fatalf("%v in %v: Start(%v) = %v is not a key of the Series", p, loc, in, k)
			}
			// Far outside years 1..9999 time.Date wraps; there only "no
			// panic" and order independence are promised.
			if y := in.UTC().Year(); y >= 2 && y <= 9998 {
				n, _ := p.Next(k)
				if k.After(in) || !in.Before(n) {
					t.Fatalf("%v in %v: %v not in [%v, %v)", p, loc, in, k, n)
				}
			}
		}
	})
}

// FuzzMerge decodes two Series from JSON and merges them, and each into
// itself: a Merge that fails leaves the receiver as it was, one that
// succeeds adds the counts period by period.
func FuzzMerge(f *testing.F) {
	for _, s := range [][2]string{
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":9}}]`,
			`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":2,"sum":3}},{"start":"2026-03-16T00:00:00+01:00","label":"2026-W12","value":{"n":1,"sum":1}}]`},
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":9223372036854775807,"sum":0}}]`,
			`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":0}}]`},
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"scale":7,"n":1,"sum":0}}]`,
			`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":0}}]`},
		{`[]`, `null`},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	madrid := load(f, "Europe/Madrid")
	f.Fuzz(func(t *testing.T, da, db []byte) {
		a := group.ByPeriod[count](group.Week, madrid)
		b := group.ByPeriod[count](group.Week, madrid)
		if a.UnmarshalJSON(da) != nil || b.UnmarshalJSON(db) != nil {
			return
		}
		for _, pair := range [][2]*group.Series[count, *count]{{a, b}, {b, a}, {a, a}} {
			dst, src := pair[0], pair[1]
			before, _ := json.Marshal(dst)
			want := map[time.Time]count{}
			for k, c := range dst.All() {
				want[k] = *c
			}
			for k, c := range src.All() {
				w := want[k]
				w.N, w.Sum = w.N+c.N, w.Sum+c.Sum
				want[k] = w
			}
			err := dst.Merge(src)
			if err != nil {
				if after, _ := json.Marshal(dst); string(after) != string(before) {
					t.Fatalf("failed Merge (%v) changed %s to %s", err, before, after)
				}
				var ke *group.KeyError
				if !errors.As(err, &ke) {
					t.Fatalf("Merge error %v has no KeyError", err)
				}
				continue
			}
			for k, c := range dst.All() {
				if w := want[k]; c.N != w.N || c.Sum != w.Sum {
					t.Fatalf("after Merge, %v has %+v, want %+v", k, *c, w)
				}
			}
		}
	})
}

// mergeable is what checkMerges needs of a group.
type mergeable[G any, K comparable] interface {
	json.Marshaler
	json.Unmarshaler
	Merge(G) error
	All() iter.Seq2[K, *count]
}

// checkMerges decodes two groups made by mk from da and db and merges them
// both ways and each into itself, as FuzzMerge does for Series.
func checkMerges[K comparable, G mergeable[G, K]](t *testing.T, mk func() G, da, db []byte) {
	a, b := mk(), mk()
	if a.UnmarshalJSON(da) != nil || b.UnmarshalJSON(db) != nil {
		return
	}
	for _, pair := range [][2]G{{a, b}, {b, a}, {a, a}} {
		dst, src := pair[0], pair[1]
		before, _ := dst.MarshalJSON()
		want := map[K]count{}
		for k, c := range dst.All() {
			want[k] = *c
		}
		for k, c := range src.All() {
			w := want[k]
			w.N, w.Sum = w.N+c.N, w.Sum+c.Sum
			want[k] = w
		}
		if err := dst.Merge(src); err != nil {
			if after, _ := dst.MarshalJSON(); string(after) != string(before) {
				t.Fatalf("failed Merge (%v) changed %s to %s", err, before, after)
			}
			continue
		}
		for k, c := range dst.All() {
			if w := want[k]; c.N != w.N || c.Sum != w.Sum {
				t.Fatalf("after Merge, %v has %+v, want %+v", k, *c, w)
			}
		}
	}
}

// FuzzMapMerge is FuzzMerge for Maps.
func FuzzMapMerge(f *testing.F) {
	f.Add([]byte(`[{"key":"a","value":{"n":1,"sum":2}}]`), []byte(`[{"key":"a","value":{"n":2,"sum":1}},{"key":"b","value":{"n":1,"sum":1}}]`))
	f.Add([]byte(`[{"key":"a","value":{"n":9223372036854775807,"sum":0}}]`), []byte(`[{"key":"a","value":{"n":1,"sum":0}}]`))
	f.Add([]byte(`[{"key":"a","value":{"scale":3,"n":1,"sum":0}}]`), []byte(`[{"key":"a","value":{"n":1,"sum":0}}]`))
	f.Fuzz(func(t *testing.T, da, db []byte) {
		checkMerges[string](t, group.ByKey[string, count], da, db)
	})
}

// FuzzPanelMerge is FuzzMerge for Panels.
func FuzzPanelMerge(f *testing.F) {
	const e = `{"segment":"web","start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":9}}`
	f.Add([]byte(`[`+e+`]`), []byte(`[`+e+`,{"segment":"app","start":"2026-03-16T00:00:00+01:00","label":"2026-W12","value":{"n":1,"sum":1}}]`))
	f.Add([]byte(`[{"segment":"web","start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":9223372036854775807,"sum":0}}]`), []byte(`[`+e+`]`))
	madrid := load(f, "Europe/Madrid")
	f.Fuzz(func(t *testing.T, da, db []byte) {
		checkMerges[group.Cell[string]](t, func() *group.Panel[string, count, *count] {
			return group.BySegmentPeriod[string, count](group.Week, madrid)
		}, da, db)
	})
}
