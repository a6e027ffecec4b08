package group_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// A hostile case calls one exported function of group with bad or extreme
// input. want is the sentinel its error must wrap, or nil when it must
// succeed. A call that changes a group checks itself that the group is
// unchanged on error (sameJSON).
type hostile struct {
	name string
	want error
	call func() error
}

// sameJSON runs f on g and returns f's error, or an error of its own when f
// failed and g's JSON differs from before.
func sameJSON(g json.Marshaler, f func() error) func() error {
	return func() error {
		before, _ := g.MarshalJSON()
		err := f()
		if after, _ := g.MarshalJSON(); err != nil && string(after) != string(before) {
			return errors.New("the group changed on error: " + string(before) + " -> " + string(after))
		}
		return err
	}
}

// TestHostile walks every exported function of group with invalid periods,
// nil and odd Locations, the earliest and latest instants, zero groups,
// mismatched calendars, failing accumulators and wrong JSON: no panic but
// the documented ones, an *estimate.ValueError of a group function wrapping
// the right sentinel, the group unchanged on error.
func TestHostile(t *testing.T) {
	madrid, tokyo := load(t, "Europe/Madrid"), load(t, "Asia/Tokyo")
	far := []time.Time{{}, time.Unix(math.MaxInt64, 999_999_999), time.Unix(math.MinInt64, 0),
		time.Unix(1<<40, 0), time.Unix(-1<<40, 0), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}
	var cases []hostile
	add := func(name string, want error, call func() error) { cases = append(cases, hostile{name, want, call}) }

	// Periods.
	for _, p := range []group.Period{0, 5, 255} {
		add("Start invalid", group.ErrPeriod, func() error { _, err := p.Start(time.Now(), madrid); return err })
		add("Next invalid", group.ErrPeriod, func() error { _, err := p.Next(time.Now()); return err })
		add("Label invalid", group.ErrPeriod, func() error { _, err := p.Label(time.Now()); return err })
		add("MarshalText invalid", group.ErrPeriod, func() error { _, err := p.MarshalText(); return err })
		add("AppendText invalid", group.ErrPeriod, func() error { _, err := p.AppendText(nil); return err })
		add("String, IsValid invalid", nil, func() error { _, _ = p.String(), p.IsValid(); return nil })
	}
	for _, text := range []string{"", "Day", "days", "week ", strings.Repeat("w", 1<<16), "\x00"} {
		add("UnmarshalText "+text[:min(len(text), 8)], group.ErrPeriod, func() error {
			p := group.Month
			err := p.UnmarshalText([]byte(text))
			if p != group.Month {
				return errors.New("UnmarshalText stored bad text")
			}
			return err
		})
	}
	for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
		add("Start nil location", group.ErrLocation, func() error { _, err := p.Start(time.Now(), nil); return err })
		for _, in := range far {
			add("Start, Next, Label far", nil, func() error {
				s, err := p.Start(in, tokyo)
				if err != nil {
					return err
				}
				if _, err := p.Next(s); err != nil {
					return err
				}
				_, err = p.Label(s)
				return err
			})
			add("Series far", nil, func() error {
				s := group.ByPeriod[count](p, madrid)
				s.At(in).Add(1)
				_, _ = s.Get(in)
				n := 0
				for range s.Periods(in, in.Add(90*24*time.Hour)) {
					if n++; n > 100 {
						break
					}
				}
				_, _, _ = s.Span()
				_, _ = s.MarshalJSON() // years beyond 9999 do not marshal: an error, not a panic
				return nil
			})
		}
	}

	// Constructors: a nil Location or an invalid Period is a programming
	// error, a documented panic with a ValueError.
	for name, f := range map[string]func(){
		"ByPeriod nil location":        func() { group.ByPeriod[count](group.Day, nil) },
		"ByPeriod invalid period":      func() { group.ByPeriod[count](0, madrid) },
		"BySegmentPeriod nil location": func() { group.BySegmentPeriod[string, count](group.Day, nil) },
		"BySegmentPeriodFunc nil":      func() { group.BySegmentPeriodFunc[string, count](nil, group.Day, madrid) },
		"ByKeyFunc nil":                func() { group.ByKeyFunc[string, count](nil) },
		"zero Series At":               func() { new(group.Series[count, *count]).At(time.Now()) },
		"zero Panel At":                func() { new(group.Panel[string, count, *count]).At("a", time.Now()) },
		"zero Map At":                  func() { new(group.Map[string, count, *count]).At("a") },
		"New returns nil":              func() { m := group.ByKey[string, count](); m.New = func() *count { return nil }; m.At("a") },
	} {
		add(name, nil, func() (err error) {
			defer func() {
				r := recover()
				if r == nil {
					err = errors.New("did not panic")
				}
				if e, ok := r.(error); ok {
					var ve *estimate.ValueError
					if !errors.As(e, &ve) {
						err = errors.New("panicked with an error that is not a ValueError: " + e.Error())
					}
				}
			}()
			f()
			return nil
		})
	}

	// Zero groups.
	zs, zp, zm := new(group.Series[count, *count]), new(group.Panel[string, count, *count]), new(group.Map[string, count, *count])
	ws := group.ByPeriod[count](group.Week, madrid)
	ws.At(time.Now()).Add(1)
	wp := group.BySegmentPeriod[string, count](group.Week, madrid)
	wp.At("a", time.Now()).Add(1)
	wm := group.ByKey[string, count]()
	wm.At("a").Add(1)
	add("zero Series Merge", group.ErrZero, func() error { return zs.Merge(ws) })
	add("zero Panel Merge", group.ErrZero, func() error { return zp.Merge(wp) })
	add("zero Map Merge", group.ErrZero, func() error { return zm.Merge(wm) })
	add("zero Series UnmarshalJSON", group.ErrZero, func() error { return zs.UnmarshalJSON([]byte(`[]`)) })
	add("zero Panel UnmarshalJSON", group.ErrZero, func() error { return zp.UnmarshalJSON([]byte(`[]`)) })
	add("zero Map UnmarshalJSON", group.ErrZero, func() error { return zm.UnmarshalJSON([]byte(`[]`)) })
	add("zero groups read", nil, func() error {
		_, _ = zs.Get(time.Now())
		_, _ = zp.Get("a", time.Now())
		_, _ = zm.Get("a")
		for range zs.Periods(time.Unix(0, 0), time.Now()) {
			return errors.New("a zero Series lists periods")
		}
		for range zp.Segments() {
			return errors.New("a zero Panel lists segments")
		}
		_, _, _ = zs.Span()
		_, _, _ = zp.Span()
		if zs.Period() != 0 || zs.Location() != nil || zp.Period() != 0 || zp.Location() != nil {
			return errors.New("a zero group has a calendar")
		}
		for _, g := range []json.Marshaler{zs, zp, zm} {
			if b, err := g.MarshalJSON(); err != nil || string(b) != "[]" {
				return errors.New("a zero group marshals as " + string(b))
			}
		}
		return nil
	})
	add("Merge nil", nil, func() error { return errors.Join(ws.Merge(nil), wp.Merge(nil), wm.Merge(nil), zs.Merge(nil)) })

	// Mismatched calendars and failing accumulators.
	days := group.ByPeriod[count](group.Day, madrid)
	days.At(time.Now()).Add(1)
	add("Series Merge other period", group.ErrMismatch, sameJSON(ws, func() error { return ws.Merge(days) }))
	tw := group.ByPeriod[count](group.Week, tokyo)
	tw.At(time.Now()).Add(1)
	add("Series Merge other zone", group.ErrMismatch, sameJSON(ws, func() error { return ws.Merge(tw) }))
	tp := group.BySegmentPeriod[string, count](group.Week, tokyo)
	tp.At("a", time.Now()).Add(1)
	add("Panel Merge other zone", group.ErrMismatch, sameJSON(wp, func() error { return wp.Merge(tp) }))
	dp := group.BySegmentPeriod[string, count](group.Day, madrid)
	dp.At("a", time.Now()).Add(1)
	add("Panel Merge other period", group.ErrMismatch, sameJSON(wp, func() error { return wp.Merge(dp) }))
	scaled := group.ByKey[string, count]()
	scaled.New = func() *count { return &count{Scale: 7} }
	scaled.At("z").Add(1)
	scaled.At("a").Add(1)
	add("Map Merge failing accumulator", errScale, sameJSON(wm, func() error { return wm.Merge(scaled) }))
	full := group.ByKey[string, count]()
	full.At("a").N = math.MaxInt64
	add("Map Merge overflow", errOverflow, sameJSON(wm, func() error { return wm.Merge(full) }))
	add("Map Merge self overflow", errOverflow, sameJSON(full, func() error { return full.Merge(full) }))
	fullS := group.ByPeriod[count](group.Week, madrid)
	fullS.At(time.Now()).N = math.MaxInt64
	add("Series Merge overflow", errOverflow, sameJSON(ws, func() error { return ws.Merge(fullS) }))
	fullP := group.BySegmentPeriod[string, count](group.Week, madrid)
	fullP.At("a", time.Now()).N = math.MaxInt64
	add("Panel Merge overflow", errOverflow, sameJSON(wp, func() error { return wp.Merge(fullP) }))

	// Windows.
	for _, k := range []int{0, -1, math.MinInt} {
		add("Series Window k", group.ErrCount, func() error { _, err := ws.Window(time.Now(), k); return err })
		add("Panel Window k", group.ErrCount, func() error { _, err := wp.Window("a", time.Now(), k); return err })
	}
	add("zero Series Window", group.ErrZero, func() error { _, err := zs.Window(time.Now(), 1); return err })
	add("zero Panel Window", group.ErrZero, func() error { _, err := zp.Window("a", time.Now(), 1); return err })
	for _, in := range far {
		add("Window far, huge k", nil, func() error {
			_, err := ws.Window(in, math.MaxInt)
			if err == nil {
				_, err = wp.Window("a", in, math.MaxInt)
			}
			return err
		})
	}
	add("Cell String, Len", nil, func() error {
		_ = group.Cell[string]{Segment: "a"}.String()
		_, _, _ = wm.Len(), ws.Len(), wp.Len()
		return nil
	})

	// Wrong JSON.
	for _, in := range []string{"", "{", "[", "1", `"x"`, `{}`, `[null]`, `[[]]`, `[{}]`, `[] x`, `[1,]`} {
		add("Map UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(wm, func() error { return wm.UnmarshalJSON([]byte(in)) }))
		add("Series UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(ws, func() error { return ws.UnmarshalJSON([]byte(in)) }))
		add("Panel UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(wp, func() error { return wp.UnmarshalJSON([]byte(in)) }))
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				err = c.call()
			}()
			if c.want == nil {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			var ve *estimate.ValueError
			if !errors.As(err, &ve) || !errors.Is(err, c.want) {
				t.Fatalf("error %v (%T), want a ValueError wrapping %v", err, err, c.want)
			}
			if !strings.HasPrefix(ve.Func, "group.") {
				t.Errorf("error %v names %q, want a function of group", err, ve.Func)
			}
		})
	}
}
