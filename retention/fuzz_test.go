package retention

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// FuzzCustomerRetention: any counts give an error or a rate in [0, 100]
// inside its interval.
func FuzzCustomerRetention(f *testing.F) {
	f.Add(int64(200), int64(180), int64(30), 0.95)
	f.Add(int64(0), int64(0), int64(0), 0.0)
	f.Add(int64(10), int64(20), int64(5), 0.5)
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), int64(0), 0.99)
	f.Fuzz(func(t *testing.T, s, e, n int64, level float64) {
		r, err := CustomerRetention(s, e, n, estimate.Options{Level: level})
		if err != nil {
			return
		}
		if r.Retention < 0 || r.Retention > 100 || r.RetentionCI.Lo > r.Retention || r.RetentionCI.Hi < r.Retention {
			t.Fatalf("%+v", r)
		}
	})
}

// FuzzRevenueRetention: any totals give an error or finite rates, the
// gross one in [0, 100].
func FuzzRevenueRetention(f *testing.F) {
	f.Add(1000.0, 150.0, 50.0, 100.0)
	f.Add(0.0, 0.0, 0.0, 0.0)
	f.Add(1e308, 1e308, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, s, ex, co, ch float64) {
		r, err := RevenueRetention(s, ex, co, ch)
		if err != nil {
			return
		}
		if r.Gross < 0 || r.Gross > 100 || !(r.Net >= 0) || math.IsInf(r.Net, 0) {
			t.Fatalf("%+v", r)
		}
	})
}

// decodeLifetimes turns fuzz bytes into lifetimes: 3 bytes each, a
// duration, a status and a flag for left truncation.
func decodeLifetimes(data []byte) (*Lifetimes, error) {
	var l Lifetimes
	for i := 0; i+3 <= len(data); i += 3 {
		d := float64(data[i]) / 4
		s := Status(data[i+1] % 3) // 2 is an unknown status
		var err error
		if data[i+2]%4 == 0 && data[i] > 0 {
			err = l.Add(Lifetime{Entry: float64(data[i+2]%uint8(max(data[i], 1))) / 4, Exit: d, Status: s})
		} else {
			err = l.Add(Lifetime{Exit: d, Status: s})
		}
		if err != nil {
			return &l, err
		}
	}
	return &l, nil
}

// FuzzLifetimes: survival data from bytes give curves whose S is in
// [0, 1], non-increasing, inside its interval; log-rank of two halves
// gives χ² >= 0 and p in [0, 1]; encodings round-trip.
func FuzzLifetimes(f *testing.F) {
	f.Add([]byte{9, 1, 1, 13, 1, 1, 13, 0, 1, 18, 1, 1})
	f.Add([]byte{0, 1, 1, 0, 0, 1})
	f.Add([]byte{4, 1, 0, 8, 0, 4, 2, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := decodeLifetimes(data)
		if err != nil || l.N() == 0 {
			return
		}
		c, err := l.Result(estimate.Options{Method: LogLog})
		if err != nil {
			t.Fatal(err)
		}
		prev := 1.0
		for _, r := range c.Rows {
			if r.Survival > prev || r.Survival < 0 || !r.CI.Contains(r.Survival) {
				t.Fatalf("row %+v after %g", r, prev)
			}
			prev = r.Survival
		}
		h, _ := decodeLifetimes(data[:len(data)/6*3])
		rest, _ := decodeLifetimes(data[len(data)/6*3:])
		if r, err := LogRank(h, rest); err == nil && (r.Chi2 < 0 || r.P < 0 || r.P > 1 || math.IsNaN(r.Chi2)) {
			t.Fatalf("%+v", r)
		}
		b, _ := l.MarshalBinary()
		var back Lifetimes
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzLifetimesUnmarshalBinary: any bytes decode or return ErrCorrupt,
// and what decodes re-encodes to the same bytes and gives a curve.
func FuzzLifetimesUnmarshalBinary(f *testing.F) {
	l, _ := decodeLifetimes([]byte{9, 1, 1, 13, 1, 1, 13, 0, 1, 18, 1, 0})
	b, _ := l.MarshalBinary()
	f.Add(b)
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Lifetimes
		if err := l.UnmarshalBinary(b); err != nil {
			return
		}
		again, _ := l.MarshalBinary()
		if string(again) != string(b) {
			t.Fatalf("re-encoding differs")
		}
		if l.N() > 0 {
			if _, err := l.Result(estimate.Options{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzLifetimesUnmarshalJSON: any text decodes or returns an error, and
// what decodes gives a curve.
func FuzzLifetimesUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"n":2,"origin":1,"times":[1,2,3],"events":[1,0,1],"censored":[0,0,0],"entries":[0,1,0]}`))
	f.Add([]byte(`{"n":1,"origin":1,"times":[1],"events":[1],"censored":[0],"entries":[0],"n":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Lifetimes
		if err := l.UnmarshalJSON(b); err != nil || l.N() == 0 {
			return
		}
		if _, err := l.Result(estimate.Options{}); err != nil {
			t.Fatal(err)
		}
	})
}

// decodeEvents turns fuzz bytes into an event log: 4 bytes each, a
// customer, an hour offset (two bytes) and an amount.
func decodeEvents(data []byte) []Event {
	base := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	var ev []Event
	for i := 0; i+4 <= len(data); i += 4 {
		h := binary.LittleEndian.Uint16(data[i+1:])
		ev = append(ev, Event{Customer: string(rune('a' + data[i]%20)), At: base.Add(time.Duration(h) * time.Hour), Amount: float64(int8(data[i+3]))})
	}
	return ev
}

// FuzzCohorts: event logs from bytes give tables whose counts stay within
// the cohort sizes, and encodings round-trip.
func FuzzCohorts(f *testing.F) {
	f.Add([]byte{0, 1, 0, 5, 1, 200, 2, 3, 0, 100, 5, 0}, true)
	f.Add([]byte{3, 255, 255, 1}, false)
	f.Fuzz(func(t *testing.T, data []byte, weekly bool) {
		p := group.Month
		if weekly {
			p = group.Week
		}
		c, _ := NewCohorts(p, time.UTC)
		if err := c.AddAll(decodeEvents(data)); err != nil {
			t.Fatal(err)
		}
		tb, err := c.Result(estimate.Options{})
		if err != nil {
			return
		}
		for _, co := range tb.Cohorts {
			for _, a := range co.Active {
				if a > co.Size || a < 0 {
					t.Fatalf("cohort %s: %d of %d", co.Label, a, co.Size)
				}
			}
		}
		b, _ := c.MarshalBinary()
		var back Cohorts
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCohortsUnmarshalBinary: any bytes decode or return an error, and
// what decodes re-encodes to the same bytes.
func FuzzCohortsUnmarshalBinary(f *testing.F) {
	c, _ := NewCohorts(group.Month, time.UTC)
	c.AddAll(decodeEvents([]byte{0, 1, 0, 5, 1, 200, 2, 3, 0, 100, 5, 0}))
	b, _ := c.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Cohorts
		if err := c.UnmarshalBinary(b); err != nil {
			return
		}
		again, _ := c.MarshalBinary()
		if string(again) != string(b) {
			t.Fatal("re-encoding differs")
		}
		if c.N() > 0 {
			if _, err := c.Result(estimate.Options{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzFitSBG: any survivor series fits or returns an error; a fit has
// finite, positive parameters inside their intervals.
func FuzzFitSBG(f *testing.F) {
	f.Add(uint16(1000), uint16(631), uint16(468), uint16(382), uint16(326))
	f.Add(uint16(10), uint16(10), uint16(0), uint16(0), uint16(0))
	f.Add(uint16(1), uint16(1), uint16(1), uint16(1), uint16(0))
	f.Fuzz(func(t *testing.T, a, b, c, d, e uint16) {
		m, err := FitSBG([]int64{int64(a), int64(b), int64(c), int64(d), int64(e)}, estimate.Options{})
		if err != nil {
			return
		}
		if !(m.Alpha > 0 && m.Beta > 0) || !m.AlphaCI.Contains(m.Alpha) || !m.BetaCI.Contains(m.Beta) || !finite(m.LogLik) {
			t.Fatalf("%+v", m)
		}
		if v, err := m.DERL(0.1, 3); err != nil || !(v >= 0) || math.IsInf(v, 0) {
			t.Fatalf("DERL %g %v", v, err)
		}
	})
}

// FuzzTenure: any dates give an error or a duration >= 0.
func FuzzTenure(f *testing.F) {
	f.Add(int64(1767225600), int64(1769904000), int64(1782864000), int64(86400e9))
	f.Add(int64(0), int64(-1), int64(5), int64(1))
	f.Fuzz(func(t *testing.T, s, e, c, unit int64) {
		sp, err := Tenure(time.Unix(s, 0), time.Unix(e, 0), time.Unix(c, 0), time.Duration(unit))
		if err != nil {
			return
		}
		if !(sp.Duration >= 0) || math.IsInf(sp.Duration, 0) || sp.Status > Observed {
			t.Fatalf("%+v", sp)
		}
	})
}

// FuzzDecoders: any bytes given to the decoders of Flow, Revenue, Repeat
// and Cohorts decode or return an error; what decodes re-encodes to a
// form that decodes to the same state and gives a result or an error,
// never a panic.
func FuzzDecoders(f *testing.F) {
	var fl Flow
	fl.AddN(Membership{true, true}, 3)
	fl.AddN(Membership{false, true}, 1)
	var rv Revenue
	rv.Add(Account{100, 120})
	var rp Repeat
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rp.Add(Purchases{3, t0, t0.AddDate(0, 0, 9)})
	co, _ := NewCohorts(group.Month, time.UTC)
	co.Add(Event{"a", t0, 5})
	for _, v := range []codec{&fl, &rv, &rp, co} {
		j, _ := v.MarshalJSON()
		b, _ := v.MarshalBinary()
		f.Add(j)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		mk := []func() codec{
			func() codec { return new(Flow) },
			func() codec { return new(Revenue) },
			func() codec { return new(Repeat) },
			func() codec { return new(Cohorts) },
		}
		for _, m := range mk {
			for _, binaryForm := range []bool{false, true} {
				v := m()
				var err error
				if binaryForm {
					err = v.UnmarshalBinary(data)
				} else {
					err = v.UnmarshalJSON(data)
				}
				if err != nil {
					continue
				}
				b, _ := v.MarshalBinary()
				w := m()
				if err := w.UnmarshalBinary(b); err != nil {
					t.Fatalf("%T: re-encoding does not decode: %v", v, err)
				}
				switch x := v.(type) {
				case *Flow:
					x.Result(estimate.Options{})
				case *Revenue:
					x.Result(estimate.Options{})
				case *Repeat:
					x.Result(estimate.Options{})
				case *Cohorts:
					x.Result(estimate.Options{})
				}
			}
		}
	})
}

// FuzzRepeatRevenue: per-customer inputs are accepted or rejected, and
// results stay finite and in range.
func FuzzRepeatRevenue(f *testing.F) {
	f.Add(int64(3), int64(0), int64(86400*20), 100.0, 120.0)
	f.Add(int64(-1), int64(5), int64(0), -1.0, math.NaN())
	f.Fuzz(func(t *testing.T, n, first, last int64, start, end float64) {
		var r Repeat
		if r.Add(Purchases{n, time.Unix(first, 0), time.Unix(last, 0)}) == nil {
			if err := r.Add(Purchases{2, time.Unix(0, 0), time.Unix(86400, 0)}); err != nil {
				t.Fatal(err)
			}
			res, err := r.Result(estimate.Options{})
			if err != nil || res.Rate < 0 || res.Rate > 100 || !(res.MeanGap >= 0) || math.IsInf(res.MeanGapCI.Hi, 0) {
				t.Fatalf("%+v %v", res, err)
			}
		}
		var v Revenue
		if v.Add(Account{start, end}) == nil {
			if res, err := v.Result(estimate.Options{}); err == nil && (res.Gross < 0 || res.Gross > 100 || !(res.Net >= 0) || math.IsInf(res.Net, 0)) {
				t.Fatalf("%+v", res)
			}
		}
	})
}
