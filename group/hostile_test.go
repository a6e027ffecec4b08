package group_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/internal/apitest"
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
		add("Start invalid", group.ErrPeriod, func() error { _, err := rec(p.Start)(time.Now(), madrid); return err })
		add("Next invalid", group.ErrPeriod, func() error { _, err := rec(p.Next)(time.Now()); return err })
		add("Label invalid", group.ErrPeriod, func() error { _, err := rec(p.Label)(time.Now()); return err })
		add("MarshalText invalid", group.ErrPeriod, func() error { _, err := rec(p.MarshalText)(); return err })
		add("AppendText invalid", group.ErrPeriod, func() error { _, err := rec(p.AppendText)(nil); return err })
		add("String, IsValid invalid", nil, func() error { _, _ = rec(p.String)(), rec(p.IsValid)(); return nil })
	}
	for _, text := range []string{"", "Day", "days", "week ", strings.Repeat("w", 1<<16), "\x00"} {
		add("UnmarshalText "+text[:min(len(text), 8)], group.ErrPeriod, func() error {
			p := group.Month
			err := rec(p.UnmarshalText)([]byte(text))
			if p != group.Month {
				return errors.New("UnmarshalText stored bad text")
			}
			return err
		})
	}
	for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
		add("Start nil location", group.ErrLocation, func() error { _, err := rec(p.Start)(time.Now(), nil); return err })
		for _, in := range far {
			add("Start, Next, Label far", nil, func() error {
				s, err := rec(p.Start)(in, tokyo)
				if err != nil {
					return err
				}
				if _, err := rec(p.Next)(s); err != nil {
					return err
				}
				_, err = rec(p.Label)(s)
				return err
			})
			add("Series far", nil, func() error {
				s := rec(group.ByPeriod[count])(p, madrid)
				rec(s.At)(in).Add(1)
				_, _ = rec(s.Get)(in)
				n := 0
				for range rec(s.Periods)(in, in.Add(90*24*time.Hour)) {
					if n++; n > 100 {
						break
					}
				}
				_, _, _ = rec(s.Span)()
				_, _ = rec(s.MarshalJSON)() // years beyond 9999 do not marshal: an error, not a panic
				return nil
			})
		}
	}

	// Constructors: a nil Location or an invalid Period is a programming
	// error, a documented panic with a ValueError.
	for name, f := range map[string]func(){
		"ByPeriod nil location":        func() { rec(group.ByPeriod[count])(group.Day, nil) },
		"ByPeriod invalid period":      func() { rec(group.ByPeriod[count])(0, madrid) },
		"BySegmentPeriod nil location": func() { rec(group.BySegmentPeriod[string, count])(group.Day, nil) },
		"BySegmentPeriodFunc nil":      func() { rec(group.BySegmentPeriodFunc[string, count])(nil, group.Day, madrid) },
		"ByKeyFunc nil":                func() { rec(group.ByKeyFunc[string, count])(nil) },
		"zero Series At":               func() { new(group.Series[count, *count]).At(time.Now()) },
		"zero Panel At":                func() { new(group.Panel[string, count, *count]).At("a", time.Now()) },
		"zero Map At":                  func() { new(group.Map[string, count, *count]).At("a") },
		"New returns nil":              func() { m := rec(group.ByKey[string, count])(); m.New = func() *count { return nil }; rec(m.At)("a") },
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
	add("zero Series Merge", group.ErrZero, func() error { return rec(zs.Merge)(ws) })
	add("zero Panel Merge", group.ErrZero, func() error { return rec(zp.Merge)(wp) })
	add("zero Map Merge", group.ErrZero, func() error { return rec(zm.Merge)(wm) })
	add("zero Series UnmarshalJSON", group.ErrZero, func() error { return rec(zs.UnmarshalJSON)([]byte(`[]`)) })
	add("zero Panel UnmarshalJSON", group.ErrZero, func() error { return rec(zp.UnmarshalJSON)([]byte(`[]`)) })
	add("zero Map UnmarshalJSON", group.ErrZero, func() error { return rec(zm.UnmarshalJSON)([]byte(`[]`)) })
	add("zero groups read", nil, func() error {
		_, _ = rec(zs.Get)(time.Now())
		_, _ = rec(zp.Get)("a", time.Now())
		_, _ = rec(zm.Get)("a")
		for range rec(zs.Periods)(time.Unix(0, 0), time.Now()) {
			return errors.New("a zero Series lists periods")
		}
		for range rec(zp.Segments)() {
			return errors.New("a zero Panel lists segments")
		}
		_, _, _ = rec(zs.Span)()
		_, _, _ = rec(zp.Span)()
		if rec(zs.Period)() != 0 || rec(zs.Location)() != nil || rec(zp.Period)() != 0 || rec(zp.Location)() != nil {
			return errors.New("a zero group has a calendar")
		}
		for _, marshal := range []func() ([]byte, error){rec(zs.MarshalJSON), rec(zp.MarshalJSON), rec(zm.MarshalJSON)} {
			if b, err := marshal(); err != nil || string(b) != "[]" {
				return errors.New("a zero group marshals as " + string(b))
			}
		}
		for range rec(zs.All)() {
			return errors.New("a zero Series yields periods")
		}
		for range rec(zp.All)() {
			return errors.New("a zero Panel yields cells")
		}
		for range rec(zm.All)() {
			return errors.New("a zero Map yields keys")
		}
		for range rec(zp.Periods)(time.Unix(0, 0), time.Now()) {
			return errors.New("a zero Panel lists periods")
		}
		return nil
	})
	add("Merge nil", nil, func() error {
		return errors.Join(rec(ws.Merge)(nil), rec(wp.Merge)(nil), rec(wm.Merge)(nil), rec(zs.Merge)(nil))
	})

	// Mismatched calendars and failing accumulators.
	days := group.ByPeriod[count](group.Day, madrid)
	days.At(time.Now()).Add(1)
	add("Series Merge other period", group.ErrMismatch, sameJSON(ws, func() error { return rec(ws.Merge)(days) }))
	tw := group.ByPeriod[count](group.Week, tokyo)
	tw.At(time.Now()).Add(1)
	add("Series Merge other zone", group.ErrMismatch, sameJSON(ws, func() error { return rec(ws.Merge)(tw) }))
	tp := group.BySegmentPeriod[string, count](group.Week, tokyo)
	tp.At("a", time.Now()).Add(1)
	add("Panel Merge other zone", group.ErrMismatch, sameJSON(wp, func() error { return rec(wp.Merge)(tp) }))
	dp := group.BySegmentPeriod[string, count](group.Day, madrid)
	dp.At("a", time.Now()).Add(1)
	add("Panel Merge other period", group.ErrMismatch, sameJSON(wp, func() error { return rec(wp.Merge)(dp) }))
	scaled := group.ByKey[string, count]()
	scaled.New = func() *count { return &count{Scale: 7} }
	scaled.At("z").Add(1)
	scaled.At("a").Add(1)
	add("Map Merge failing accumulator", errScale, sameJSON(wm, func() error { return rec(wm.Merge)(scaled) }))
	full := group.ByKey[string, count]()
	full.At("a").N = math.MaxInt64
	add("Map Merge overflow", errOverflow, sameJSON(wm, func() error { return rec(wm.Merge)(full) }))
	add("Map Merge self overflow", errOverflow, sameJSON(full, func() error { return rec(full.Merge)(full) }))
	fullS := group.ByPeriod[count](group.Week, madrid)
	fullS.At(time.Now()).N = math.MaxInt64
	add("Series Merge overflow", errOverflow, sameJSON(ws, func() error { return rec(ws.Merge)(fullS) }))
	fullP := group.BySegmentPeriod[string, count](group.Week, madrid)
	fullP.At("a", time.Now()).N = math.MaxInt64
	add("Panel Merge overflow", errOverflow, sameJSON(wp, func() error { return rec(wp.Merge)(fullP) }))

	// Windows.
	for _, k := range []int{0, -1, math.MinInt} {
		add("Series Window k", group.ErrCount, func() error { _, err := rec(ws.Window)(time.Now(), k); return err })
		add("Panel Window k", group.ErrCount, func() error { _, err := rec(wp.Window)("a", time.Now(), k); return err })
	}
	add("zero Series Window", group.ErrZero, func() error { _, err := rec(zs.Window)(time.Now(), 1); return err })
	add("zero Panel Window", group.ErrZero, func() error { _, err := rec(zp.Window)("a", time.Now(), 1); return err })
	for _, in := range far {
		add("Window far, huge k", nil, func() error {
			_, err := rec(ws.Window)(in, math.MaxInt)
			if err == nil {
				_, err = rec(wp.Window)("a", in, math.MaxInt)
			}
			return err
		})
	}
	add("Cell String, Len", nil, func() error {
		for _, in := range far {
			if rec(group.Cell[string]{Segment: "a\x00", Start: in}.String)() == "" {
				return errors.New("a Cell prints as nothing")
			}
		}
		_, _, _ = rec(wm.Len)(), rec(ws.Len)(), rec(wp.Len)()
		return nil
	})

	for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
		add("Panel far", nil, func() error {
			g := rec(group.BySegmentPeriod[string, count])(p, tokyo)
			for _, in := range far {
				rec(g.At)("\xff", in).Add(1)
			}
			n := 0
			for range rec(g.Periods)(far[2], far[1]) {
				if n++; n > 100 {
					break
				}
			}
			sum := int64(0)
			for _, c := range rec(g.All)() {
				sum += c.N
			}
			if sum != int64(len(far)) {
				return errors.New("a Panel of far instants lost a count")
			}
			_, _ = rec(g.MarshalJSON)() // years beyond 9999 do not marshal: an error, not a panic
			return nil
		})
	}
	add("All of filled groups", nil, func() error {
		var n int64
		for _, c := range rec(ws.All)() {
			n += c.N
		}
		for _, c := range rec(wm.All)() {
			n += c.N
		}
		if n != 2 {
			return errors.New("All lost a count")
		}
		b, err := rec(wm.MarshalJSON)()
		if err != nil || !strings.Contains(string(b), `"a"`) {
			return errors.New("Map marshals as " + string(b))
		}
		return nil
	})
	add("KeyError of a failed Merge", nil, func() error {
		m := group.ByKey[string, count]()
		m.At("a").Add(1)
		err := m.Merge(scaled)
		var ke *group.KeyError
		if !errors.As(err, &ke) || ke.Key != any("a") {
			return errors.New("no KeyError for key a in " + fmt.Sprint(err))
		}
		if rec(ke.Error)() == "" || !errors.Is(rec(ke.Unwrap)(), errScale) {
			return errors.New("KeyError does not say or wrap its reason")
		}
		for _, k := range []*group.KeyError{{}, {Key: math.NaN()}, {Key: []int(nil), Err: errScale}} {
			_, _ = rec(k.Error)(), rec(k.Unwrap)()
		}
		return nil
	})

	// Wrong JSON.
	for _, in := range []string{"", "{", "[", "1", `"x"`, `{}`, `[null]`, `[[]]`, `[{}]`, `[] x`, `[1,]`} {
		add("Map UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(wm, func() error { return rec(wm.UnmarshalJSON)([]byte(in)) }))
		add("Series UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(ws, func() error { return rec(ws.UnmarshalJSON)([]byte(in)) }))
		add("Panel UnmarshalJSON "+in, group.ErrCorrupt, sameJSON(wp, func() error { return rec(wp.UnmarshalJSON)([]byte(in)) }))
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

	// Every exported function and method was called above, through rec.
	api.Check(t, ".")
}

// api records each exported function and method the hostile test calls;
// a call is written rec(f)(args), so the record cannot drift from the call.
var api apitest.Recorder

func rec[F any](f F) F { return apitest.Call(&api, f) }
