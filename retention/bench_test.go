package retention

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// benchLifetimes returns n integer-day durations (0..729, geometric-like
// churn) with about 30 % censored, and a group label for each.
func benchLifetimes(n int) ([]float64, []Status, []bool) {
	r := rand.New(rand.NewPCG(1, 2))
	d := make([]float64, n)
	s := make([]Status, n)
	g := make([]bool, n)
	for i := range d {
		d[i] = float64(min(729, int(r.ExpFloat64()*180)))
		if r.Float64() < 0.7 {
			s[i] = Observed
		}
		g[i] = r.IntN(2) == 0
	}
	return d, s, g
}

// BenchmarkKaplanMeier: a Kaplan-Meier curve with Greenwood SEs and log
// intervals from 1,000,000 customers with integer-day durations: AddAll
// and Result together.
func BenchmarkKaplanMeier(b *testing.B) {
	d, s, _ := benchLifetimes(1_000_000)
	xs := lifetimesOfSlices(d, s)
	b.ReportAllocs()
	for b.Loop() {
		var l Lifetimes
		if err := l.AddAll(xs); err != nil {
			b.Fatal(err)
		}
		if _, err := l.Result(estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogRank: the log-rank test of two groups on the same 1,000,000
// rows: counting each group and testing.
func BenchmarkLogRank(b *testing.B) {
	d, s, g := benchLifetimes(1_000_000)
	var d1, d2 []float64
	var s1, s2 []Status
	for i := range d {
		if g[i] {
			d1, s1 = append(d1, d[i]), append(s1, s[i])
		} else {
			d2, s2 = append(d2, d[i]), append(s2, s[i])
		}
	}
	x1, x2 := lifetimesOfSlices(d1, s1), lifetimesOfSlices(d2, s2)
	b.ReportAllocs()
	for b.Loop() {
		var a, c Lifetimes
		if err := a.AddAll(x1); err != nil {
			b.Fatal(err)
		}
		if err := c.AddAll(x2); err != nil {
			b.Fatal(err)
		}
		if _, err := LogRank(&a, &c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKaplanMeierDistinct shows how the cost grows with the number of
// distinct times: 1,000,000 lifetimes spread over k distinct times.
func BenchmarkKaplanMeierDistinct(b *testing.B) {
	for _, k := range []int{100, 10_000, 1_000_000} {
		b.Run(strconv.Itoa(k), func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, 4))
			d := make([]float64, 1_000_000)
			s := make([]Status, len(d))
			for i := range d {
				d[i] = float64(r.IntN(k))
				s[i] = Status(r.IntN(2))
			}
			xs := lifetimesOfSlices(d, s)
			b.ReportAllocs()
			for b.Loop() {
				var l Lifetimes
				l.AddAll(xs)
				l.Result(estimate.Options{})
			}
		})
	}
}

// benchEvents returns n events of 200,000 customers over two years, in
// random order. With own set, every event has its own copy of the
// customer id, as a parser of a log makes them; otherwise the events share
// 200,000 id strings.
func benchEvents(n int, own bool) []Event {
	r := rand.New(rand.NewPCG(5, 6))
	ids := make([]string, 200_000)
	for i := range ids {
		ids[i] = "c" + strconv.Itoa(i)
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ev := make([]Event, n)
	for i := range ev {
		id := ids[r.IntN(len(ids))]
		if own {
			id = strings.Clone(id)
		}
		ev[i] = Event{Customer: id, At: base.Add(time.Duration(r.Int64N(730*24*3600)) * time.Second), Amount: float64(r.IntN(100))}
	}
	return ev
}

// BenchmarkCohorts: the monthly cohort matrix of 10,000,000 events
// (200,000 customers, two years, unsorted): AddAll and Result. Besides
// wall-clock time it reports the CPU time of the process per operation
// (cpu-ns/op, all goroutines, generating the events excluded) and events
// per second of wall-clock time, as the machine may be loaded.
func BenchmarkCohorts(b *testing.B) {
	ev := benchEvents(10_000_000, true)
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		c, _ := NewCohorts(group.Month, time.UTC)
		if err := c.AddAll(ev); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Result(estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(len(ev))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkCohortsAdd: one event into cohorts that have seen its customer
// and period, the steady state of a stream.
func BenchmarkCohortsAdd(b *testing.B) {
	ev := benchEvents(1_000_000, true)
	c, _ := NewCohorts(group.Month, time.UTC)
	c.AddAll(ev)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := &ev[i%len(ev)]
		c.Add(*e)
		i++
	}
}

// BenchmarkEventBinary: one Event through AppendBinary into a reused
// buffer and UnmarshalBinary back, the cost of an observation on the
// wire between processes.
func BenchmarkEventBinary(b *testing.B) {
	e := Event{Customer: "customer-000123", At: time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC), Amount: 19.99}
	buf := make([]byte, 0, 64)
	var d Event
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = e.AppendBinary(buf[:0])
		if err := d.UnmarshalBinary(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLifetimeBinary: one Lifetime through AppendBinary and
// UnmarshalBinary.
func BenchmarkLifetimeBinary(b *testing.B) {
	l := Lifetime{Entry: 0, Exit: 31, Status: Observed}
	buf := make([]byte, 0, 32)
	var d Lifetime
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = l.AppendBinary(buf[:0])
		if err := d.UnmarshalBinary(buf); err != nil {
			b.Fatal(err)
		}
	}
}
