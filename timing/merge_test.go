package timing

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
)

// TestMergeEqualsWhole: for every accumulator, adding values to two parts
// and merging them gives the state of adding them all to one, whatever
// the cut; and merging nil or an empty accumulator changes nothing.
func TestMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := drawDurations(t, "xs")
		cut := rapid.IntRange(0, len(xs)).Draw(t, "cut")
		target := time.Duration(rapid.Int64Range(0, int64(time.Hour)).Draw(t, "target"))

		var rw, ra, rb Rate
		var sw, sa, sb Sample
		var lw, la, lb = ServiceLevel{Target: target}, ServiceLevel{Target: target}, ServiceLevel{Target: target}
		var cw, ca, cb Compliance
		var dw, da, db Durations
		for i, d := range xs {
			ok := d <= target
			st := TargetState{Target: Target{Metric: SLAMetric(1 + i%4)}, State: State(1 + i%4)}
			r, s, l, c, du := &ra, &sa, &la, &ca, &da
			if i >= cut {
				r, s, l, c, du = &rb, &sb, &lb, &cb, &db
			}
			for _, err := range []error{rw.Add(ok), r.Add(ok), sw.Add(d), s.Add(d), cw.Add(st), c.Add(st), dw.Add(d), du.Add(d)} {
				if err != nil {
					t.Fatal(err)
				}
			}
			ct := Contact{Wait: d, Abandoned: i%5 == 0}
			_, _ = lw.Add(ct), l.Add(ct)
		}
		for _, err := range []error{ra.Merge(&rb), sa.Merge(&sb), la.Merge(&lb), ca.Merge(&cb), da.Merge(&db),
			ra.Merge(nil), sa.Merge(nil), la.Merge(nil), ca.Merge(nil), da.Merge(nil), da.Merge(new(Durations))} {
			if err != nil {
				t.Fatal(err)
			}
		}
		same := func(name string, a, b interface{ MarshalBinary() ([]byte, error) }) {
			x, _ := a.MarshalBinary()
			y, _ := b.MarshalBinary()
			if !bytes.Equal(x, y) {
				t.Fatalf("%s: merge of parts %x != whole %x", name, x, y)
			}
		}
		same("Rate", ra, rw)
		same("Sample", sa, sw)
		same("ServiceLevel", la, lw)
		same("Compliance", ca, cw)
		same("Sketch", da.s, dw.s)
		if da.N() != dw.N() || rw.X() > rw.N() {
			t.Fatalf("Durations: n %d != %d", da.N(), dw.N())
		}
		if dw.N() >= 2 {
			a, _ := da.Result(estimate.Options{})
			w, _ := dw.Result(estimate.Options{})
			if math.Abs(float64(a.Mean-w.Mean)) > 1e-9*float64(w.Mean)+1 {
				t.Fatalf("Durations mean %v != %v", a.Mean, w.Mean)
			}
		}
		da.Reset()
		da.s.Reset()
		if da.N() != 0 || da.s.N() != 0 {
			t.Fatal("Reset left values")
		}
	})
}

func TestAccumulatorErrors(t *testing.T) {
	var r Rate
	if err := r.AddAll([]bool{true, false, true}); err != nil || r.X() != 2 || r.N() != 3 {
		t.Errorf("AddAll: %v, %d/%d", err, r.X(), r.N())
	}
	full := Rate{x: 0, n: math.MaxInt64}
	if err := full.Add(true); !errors.Is(err, ErrOverflow) {
		t.Errorf("Rate overflow: %v", err)
	}
	if err := r.Merge(&full); !errors.Is(err, ErrOverflow) || r.N() != 3 {
		t.Errorf("Rate merge overflow: %v", err)
	}
	var s Sample
	_ = s.Add(time.Second)
	o := Sample{Type: estimate.Type1}
	_ = o.Add(time.Second)
	if err := s.Merge(&o); !errors.Is(err, ErrMismatch) {
		t.Errorf("Sample types: %v", err)
	}
	if err := s.Add(-1); !errors.Is(err, ErrNegative) || s.N() != 1 {
		t.Errorf("Sample negative: %v", err)
	}
	neg := ServiceLevel{Target: -time.Second}
	if err := neg.Add(Contact{Wait: time.Second}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative target: %v", err)
	}
	if err := neg.AddAll([]Contact{{Wait: time.Second}}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative target AddAll: %v", err)
	}
	var c Compliance
	if err := c.Add(TargetState{Target: Target{Metric: 7}, State: Achieved}); !errors.Is(err, ErrKind) {
		t.Errorf("Compliance metric: %v", err)
	}
	if err := c.Add(TargetState{Target: Target{Metric: FirstReply}, State: 9}); !errors.Is(err, ErrStatus) {
		t.Errorf("Compliance state: %v", err)
	}
	if err := c.Add(TargetState{Target: Target{Metric: FirstReply}, State: Active}); err != nil || c.N() != 0 {
		t.Errorf("an active target counts: %v, n = %d", err, c.N())
	}
	if _, err := c.Result(estimate.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("Compliance empty: %v", err)
	}
	var d Durations
	if err := d.AddN(time.Second, -1); !errors.Is(err, ErrCount) {
		t.Errorf("AddN count: %v", err)
	}
	if err := d.AddN(time.Second, 3); err != nil || d.N() != 3 {
		t.Errorf("AddN: %v", err)
	}
	for _, name := range []string{FirstReply.String(), NextReply.String(), Resolution.String(), PeriodicUpdate.String()} {
		if m, err := ParseSLAMetric(name); err != nil || m.String() != name {
			t.Errorf("ParseSLAMetric(%q) = %v, %v", name, m, err)
		}
	}
	if _, err := ParseSLAMetric("csat"); !errors.Is(err, ErrKind) {
		t.Errorf("ParseSLAMetric: %v", err)
	}
	for _, s := range []string{Kind(0).String(), Status(0).String(), WorkKind(9).String(), SLAMetric(0).String(), State(0).String(), Active.String()} {
		if s == "" {
			t.Error("empty name")
		}
	}
}

// TestSketchCorrupt: states no sequence of durations produces are
// rejected, each with ErrCorrupt.
func TestSketchCorrupt(t *testing.T) {
	for _, j := range []string{
		`{"accuracy":0.02,"n":0,"zero":0,"min":0,"max":0,"offset":0,"counts":[]}`,
		`{"accuracy":0.01,"n":-1,"zero":0,"min":0,"max":0,"offset":0,"counts":[]}`,
		`{"accuracy":0.01,"n":2,"zero":0,"min":1,"max":1,"offset":0,"counts":[1]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":1,"max":1,"offset":0,"counts":[0,1]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":1,"max":1,"offset":9999,"counts":[1]}`,
		`{"accuracy":0.01,"n":0,"zero":0,"min":0,"max":0,"offset":5,"counts":[]}`,
		`{"accuracy":0.01,"n":0,"zero":0,"min":3,"max":0,"offset":0,"counts":[]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":5,"max":2,"offset":0,"counts":[1]}`,
		`{"accuracy":0.01,"n":2,"zero":1,"min":1,"max":1,"offset":0,"counts":[1]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":0,"max":1,"offset":0,"counts":[1]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":1000,"max":1000,"offset":0,"counts":[1]}`,
		`{"accuracy":0.01,"n":1,"zero":1,"min":0,"max":5,"offset":0,"counts":[]}`,
		`{"accuracy":0.01,"n":1,"zero":0,"min":1,"max":0,"offset":0,"counts":[1]}`,
	} {
		var s Sketch
		if err := s.UnmarshalJSON([]byte(j)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v", j, err)
		}
	}
}
