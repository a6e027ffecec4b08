package timing

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
)

// fuzzCalendar builds a calendar from bytes: windows per weekday, a
// holiday and an exception, in one of the test zones.
func fuzzCalendar(t *testing.T, spec []byte) (*Calendar, error) {
	loc, err := time.LoadLocation(zones[int(at(spec, 0))%len(zones)])
	if err != nil {
		t.Fatal(err)
	}
	s := Schedule{Location: loc}
	for wd := range 7 {
		a, b := int(at(spec, 1+2*wd)), int(at(spec, 2+2*wd))
		if a != b {
			// Quarter hours, possibly out of range or reversed: the
			// calendar must reject those with an error, not panic.
			s.Week[wd] = []Window{{time.Duration(a%100) * 15 * time.Minute, time.Duration(b%100) * 15 * time.Minute}}
		}
	}
	if h := at(spec, 15); h != 0 {
		s.Holidays = []Date{{2024, time.Month(h%13 + 1), int(h%31 + 1)}}
	}
	if e := at(spec, 16); e != 0 {
		s.Exceptions = []Exception{{Date{2025, time.Month(e%12 + 1), int(e%28 + 1)}, []Window{{time.Hour, time.Duration(e%24+2) * time.Hour}}}}
	}
	return NewCalendar(s)
}

func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// FuzzCalendar checks that Duration and Add never panic and keep their
// invariants on arbitrary schedules and instants.
func FuzzCalendar(f *testing.F) {
	f.Add([]byte{0, 32, 48, 32, 48, 32, 48, 32, 48, 32, 48, 0, 0, 0, 0, 3, 5}, int64(1709540000), int64(86400*40), int64(3600))
	f.Add([]byte{1, 0, 96, 0, 96, 0, 96, 0, 96, 0, 96, 0, 96, 0, 96}, int64(704700000), int64(86400*3), int64(7200))
	f.Add([]byte{4, 90, 10}, int64(-5_000_000_000), int64(1<<40), int64(-1))
	f.Fuzz(func(t *testing.T, spec []byte, startSec, spanSec, addSec int64) {
		c, err := fuzzCalendar(t, spec)
		if err != nil {
			if !errors.Is(err, ErrWindow) && !errors.Is(err, ErrOverlap) && !errors.Is(err, ErrDate) {
				t.Fatalf("NewCalendar: unexpected error %v", err)
			}
			return
		}
		start := time.Unix(startSec, 0)
		end := start.Add(time.Duration(spanSec%(1<<45)) * time.Second)
		d, err := c.Duration(start, end)
		if err == nil {
			if d < 0 || d > end.Sub(start) {
				t.Fatalf("Duration = %v outside [0, %v]", d, end.Sub(start))
			}
			if d > 0 {
				x, err := c.Add(start, d)
				if err != nil {
					t.Fatalf("Add(start, Duration) failed: %v", err)
				}
				if x.After(end) {
					t.Fatalf("Add(start, %v) = %v after end %v", d, x, end)
				}
				if back, err := c.Duration(start, x); err != nil || back != d {
					t.Fatalf("Duration(start, Add(start, %v)) = %v, %v", d, back, err)
				}
			}
		} else if !errors.Is(err, ErrOrder) && !errors.Is(err, ErrTimeRange) && !errors.Is(err, ErrOverflow) {
			t.Fatalf("Duration: unexpected error %v", err)
		}
		x, err := c.Add(start, time.Duration(addSec%(1<<40))*time.Second)
		if err == nil {
			if x.Before(start) {
				t.Fatalf("Add went back: %v < %v", x, start)
			}
		} else if !errors.Is(err, ErrNegative) && !errors.Is(err, ErrTimeRange) && !errors.Is(err, ErrNoHours) {
			t.Fatalf("Add: unexpected error %v", err)
		}
	})
}

// FuzzMeasure feeds arbitrary event lists to Measure and Policy.Check:
// they must return metrics with business time within calendar time, or an
// error naming the ticket, never panic.
func FuzzMeasure(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 4, 2, 10, 0, 3, 0, 20, 0, 4, 5, 30, 0})
	f.Add([]byte{2, 0, 0, 0, 1, 0, 5, 0})
	f.Add([]byte{1, 0, 0, 0, 5, 1, 3, 200, 4, 6, 9, 0, 2, 0, 1, 0})
	madrid, _ := time.LoadLocation("Europe/Madrid")
	var s Schedule = office(madrid)
	cal, err := NewCalendar(s)
	if err != nil {
		f.Fatal(err)
	}
	p := Policy{Calendar: cal, Pause: []Status{Pending}, Targets: []Target{
		{Metric: FirstReply, Within: time.Hour, Business: true}, {Metric: NextReply, Within: time.Hour},
		{Metric: Resolution, Within: 8 * time.Hour, Business: true}, {Metric: PeriodicUpdate, Within: time.Hour}}}
	base := time.Date(2024, 3, 29, 20, 0, 0, 0, madrid)
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []Event
		for i := 0; i+4 <= len(data) && len(evs) < 40; i += 4 {
			k, st, hours, length := data[i], data[i+1], data[i+2], data[i+3]
			evs = append(evs, Event{
				At:   base.Add(time.Duration(binary.LittleEndian.Uint16([]byte{hours, st & 1})) * 17 * time.Minute),
				Kind: Kind(k % 7), Status: Status(st % 8), Work: WorkKind(st % 5),
				Length: time.Duration(int8(length)) * time.Minute,
			})
		}
		a := Analyzer{Calendar: cal}
		tk := Ticket{ID: "F", Events: evs}
		m, err := a.Measure(tk)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrContradiction) && !errors.Is(err, ErrKind) &&
				!errors.Is(err, ErrStatus) && !errors.Is(err, ErrNegative) {
				t.Fatalf("Measure: unexpected error %v", err)
			}
			return
		}
		for _, s := range append([]Span{m.FirstResponse, m.FirstResolution, m.FullResolution, m.RequesterWait, m.AgentWait, m.OnHold, m.Handling}, m.NextReplies...) {
			if s.Business < 0 || s.Business > s.Calendar {
				t.Fatalf("span %+v: business outside [0, calendar]", s)
			}
		}
		if m.FCR && (!m.Solved || m.Replies != 1) {
			t.Fatalf("FCR without its definition: %+v", m)
		}
		var tl Tally
		if err := tl.Add(m); err != nil {
			t.Fatalf("Tally.Add of measured metrics: %v", err)
		}
		ss, err := p.Check(tk, base.Add(1000*time.Hour))
		if err != nil {
			t.Fatalf("Check after Measure succeeded: %v", err)
		}
		for _, s := range ss {
			if s.Elapsed < 0 || s.Left != s.Within-s.Elapsed || (s.State == Breached) != (s.Elapsed > s.Within) {
				t.Fatalf("target state %+v inconsistent", s)
			}
		}
	})
}

// FuzzDecode feeds arbitrary bytes to every decoder: an error must be
// ErrCorrupt, and what decodes must encode back to the same bytes
// (binary) and decode again (JSON).
func FuzzDecode(f *testing.F) {
	var tl Tally
	_ = tl.AddAll(metricsFixture(f))
	tb, _ := tl.MarshalBinary()
	tj, _ := tl.MarshalJSON()
	f.Add(tb)
	f.Add(tj[:200])
	f.Add([]byte(`{"x":1,"n":2}`))
	f.Add([]byte{1, 2, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		type codec2 interface {
			codec
			UnmarshalJSON([]byte) error
			UnmarshalBinary([]byte) error
		}
		for _, v := range []codec2{new(Tally), new(Durations), new(Sketch), new(Sample), new(Rate), new(ServiceLevel), new(Compliance)} {
			if err := v.UnmarshalBinary(b); err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%T.UnmarshalBinary: %v", v, err)
				}
			} else if again, _ := v.MarshalBinary(); string(again) != string(b) {
				t.Fatalf("%T: binary %x decodes but encodes as %x", v, b, again)
			}
			if err := v.UnmarshalJSON(b); err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%T.UnmarshalJSON: %v", v, err)
				}
			} else {
				j, _ := v.MarshalJSON()
				if err := v.UnmarshalJSON(j); err != nil {
					t.Fatalf("%T: re-encoded JSON %s does not decode: %v", v, j, err)
				}
			}
		}
	})
}

// FuzzParse feeds arbitrary text to the name parsers: each either returns
// a value whose String parses back to it, or ErrKind / ErrStatus naming
// the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"created", "Agent-Reply", "on_hold", "reopened", "wrap-up", "", "next-reply", "\x00", "ÉTAT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, str func() string, err error, sentinel error, again func(string) bool) {
			if err != nil {
				var ve *estimate.ValueError
				if !errors.As(err, &ve) || !errors.Is(err, sentinel) || ve.Text == "" {
					t.Fatalf("%s(%q): error %v", name, s, err)
				}
				return
			}
			if !again(str()) {
				t.Fatalf("%s(%q) = %s, which does not parse back", name, s, str())
			}
		}
		k, err := ParseKind(s)
		check("ParseKind", k.String, err, ErrKind, func(x string) bool { k2, err := ParseKind(x); return err == nil && k2 == k })
		st, err := ParseStatus(s)
		check("ParseStatus", st.String, err, ErrStatus, func(x string) bool { s2, err := ParseStatus(x); return err == nil && s2 == st })
		w, err := ParseWorkKind(s)
		check("ParseWorkKind", w.String, err, ErrKind, func(x string) bool { w2, err := ParseWorkKind(x); return err == nil && w2 == w })
		m, err := ParseSLAMetric(s)
		check("ParseSLAMetric", m.String, err, ErrKind, func(x string) bool { m2, err := ParseSLAMetric(x); return err == nil && m2 == m })
		if err == nil && !strings.EqualFold(m.String(), s) {
			t.Fatalf("ParseSLAMetric(%q) = %v", s, m)
		}
	})
}

// FuzzAccumulate adds arbitrary durations and counts to Durations, a
// Sketch, a ServiceLevel and a Rate, split at an arbitrary point: a
// rejected value must leave the state unchanged, the merge of the two
// parts must count what the whole counted, and results must be finite
// and ordered (min <= median <= p90 <= p95 <= max).
func FuzzAccumulate(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, uint8(3), int64(20e9))
	f.Add(bytes.Repeat([]byte{0xff}, 40), uint8(1), int64(-1))
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2}, uint8(0), int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, data []byte, split uint8, target int64) {
		var whole, a, b Durations
		var sw, sa, sb ServiceLevel
		sw.Target, sa.Target, sb.Target = time.Duration(target), time.Duration(target), time.Duration(target)
		var rw Rate
		for i := 0; i+9 <= len(data); i += 9 {
			d := time.Duration(int64(binary.LittleEndian.Uint64(data[i:])))
			count := int64(data[i+8]) - 8 // some negative
			part := &a
			if i/9 >= int(split) {
				part = &b
			}
			before, _ := part.MarshalBinary()
			err := part.AddN(d, count)
			werr := whole.AddN(d, count)
			if (err == nil) != (werr == nil) {
				t.Fatalf("AddN(%v, %d): part %v, whole %v", d, count, err, werr)
			}
			if err != nil {
				if !errors.Is(err, ErrNegative) && !errors.Is(err, ErrCount) && !errors.Is(err, ErrOverflow) {
					t.Fatalf("AddN(%v, %d): %v", d, count, err)
				}
				if after, _ := part.MarshalBinary(); !bytes.Equal(before, after) {
					t.Fatalf("AddN(%v, %d) failed and changed the state", d, count)
				}
			}
			sp := &sa
			if i/9 >= int(split) {
				sp = &sb
			}
			c := Contact{Wait: d, Abandoned: data[i]&1 == 1}
			e1, e2 := sp.AddN(c, count), sw.AddN(c, count)
			if (e1 == nil) != (e2 == nil) || e1 != nil && !errors.Is(e1, ErrNegative) && !errors.Is(e1, ErrCount) && !errors.Is(e1, ErrOverflow) {
				t.Fatalf("ServiceLevel.AddN(%+v, %d): %v, %v", c, count, e1, e2)
			}
			if err := rw.AddN(data[i]%3 == 0, count); err != nil && !errors.Is(err, ErrCount) {
				t.Fatalf("Rate.AddN: %v", err)
			}
		}
		if err := a.Merge(&b); err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if a.N() != whole.N() {
			t.Fatalf("merged parts count %d, whole %d", a.N(), whole.N())
		}
		mb, _ := a.s.MarshalBinary()
		wb, _ := whole.s.MarshalBinary()
		if !bytes.Equal(mb, wb) {
			t.Fatalf("sketch of merged parts differs from the sketch of the whole")
		}
		if r, err := a.Result(estimate.Options{}); err == nil {
			if r.Min < 0 || r.Median < r.Min || r.P90 < r.Median || r.P95 < r.P90 || r.Max < r.P95 || r.Mean < 0 ||
				math.IsNaN(r.MeanCI.Lo) || math.IsInf(r.MeanCI.Lo, 0) || math.IsNaN(r.MeanCI.Hi) || math.IsInf(r.MeanCI.Hi, 0) {
				t.Fatalf("summary out of order or not finite: %+v", r)
			}
		} else if !errors.Is(err, ErrEmpty) {
			t.Fatalf("Result: %v", err)
		}
		if err := sa.Merge(&sb); err != nil {
			t.Fatalf("ServiceLevel.Merge: %v", err)
		}
		if r, err := sa.Result(estimate.Options{}); err == nil {
			w, _ := sw.Result(estimate.Options{})
			if r != w || !(r.Level.CI.Lo >= 0 && r.Level.CI.Lo <= r.Level.Share && r.Level.Share <= r.Level.CI.Hi && r.Level.CI.Hi <= 1) {
				t.Fatalf("service level %+v, whole %+v", r, w)
			}
		} else if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNegative) {
			t.Fatalf("ServiceLevel.Result: %v", err)
		}
		if r, err := rw.Result(estimate.Options{}); err == nil {
			if !(r.CI.Lo >= 0 && r.CI.Lo <= r.Share && r.Share <= r.CI.Hi && r.CI.Hi <= 1) {
				t.Fatalf("rate %+v", r)
			}
		}
	})
}
