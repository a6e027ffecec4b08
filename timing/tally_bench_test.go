package timing

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/servq/servq/group"
)

// benchTickets makes n tickets of 8 events each (creation, open, agent
// reply, pending, customer reply, open, agent reply, solved) spread over
// a quarter, with waits of minutes to days.
func benchTickets(n int, loc *time.Location) []Ticket {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	ts := make([]Ticket, n)
	for i := range ts {
		t0 := start.Add(time.Duration(rng.Int64N(int64(90 * 24 * time.Hour))))
		at := t0
		step := func() time.Time {
			at = at.Add(time.Duration(rng.ExpFloat64() * float64(3*time.Hour)))
			return at
		}
		// One statement per instant: in a composite literal Go does not
		// order reads of at against the calls of step, and gc read every
		// at after the last step, so the status changes all fell on the
		// last instant and every ticket had to be sorted.
		open, reply := step(), step()
		again := step()
		reply2 := step()
		ts[i] = Ticket{ID: "T", Priority: "normal", Events: []Event{
			{At: t0, Kind: Created},
			{At: open, Kind: StatusChange, Status: Open},
			{At: reply, Kind: AgentReply},
			{At: reply, Kind: StatusChange, Status: Pending},
			{At: again, Kind: CustomerReply},
			{At: again, Kind: StatusChange, Status: Open},
			{At: reply2, Kind: AgentReply},
			{At: reply2, Kind: StatusChange, Status: Solved},
		}}
	}
	return ts
}

// sortedByCreation returns ts ordered by creation time, as a ticket
// export usually is.
func sortedByCreation(ts []Ticket) []Ticket {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, func(a, b Ticket) int { return a.Events[0].At.Compare(b.Events[0].At) })
	return out
}

// BenchmarkMeasureTicket is one ticket of 8 events: metrics in calendar
// and business time, into a weekly group of Tallies.
func BenchmarkMeasureTicket(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	ts := benchTickets(4096, madrid)
	a := Analyzer{Calendar: mustCal(b, office(madrid))}
	g := group.ByPeriod[Tally](group.Week, madrid)
	for _, t := range ts { // warm the buffers and sketches
		m, _ := a.Measure(t)
		_ = g.At(m.Created).Add(m)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	i := 0
	for b.Loop() {
		m, err := a.Measure(ts[i&4095])
		if err != nil {
			b.Fatal(err)
		}
		if err := g.At(m.Created).Add(m); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkMillionTickets runs 1,000,000 tickets of 8 events through
// Measure (calendar and business time) and Tallies on two goroutines,
// merged at the end: one op is the million. "weekly" keeps a Tally per ISO
// week with group.ByPeriod; "tally" one Tally per goroutine.
func BenchmarkMillionTickets(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	ts := benchTickets(1<<16, madrid)
	cal := mustCal(b, office(madrid))
	const n, workers = 1_000_000, 2
	run := func(b *testing.B, ts []Ticket, weekly bool) {
		b.ReportAllocs()
		cpu0 := processCPU()
		defer reportCPU(b, cpu0)
		for b.Loop() {
			var wg sync.WaitGroup
			parts := make([]*group.Series[Tally, *Tally], workers)
			tallies := make([]Tally, workers)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					a := Analyzer{Calendar: cal}
					g := group.ByPeriod[Tally](group.Week, madrid)
					for i := w; i < n; i += workers {
						m, err := a.Measure(ts[i&(1<<16-1)])
						if err != nil {
							panic(err)
						}
						acc := &tallies[w]
						if weekly {
							acc = g.At(m.Created)
						}
						if err := acc.Add(m); err != nil {
							panic(err)
						}
					}
					parts[w] = g
				}()
			}
			wg.Wait()
			if err := parts[0].Merge(parts[1]); err != nil {
				b.Fatal(err)
			}
			if err := tallies[0].Merge(&tallies[1]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("weekly", func(b *testing.B) { run(b, ts, true) })
	b.Run("tally", func(b *testing.B) { run(b, ts, false) })
	// The same tickets in creation order: consecutive tickets share a
	// week, and group.Series.At answers from its cached period.
	b.Run("weekly-by-creation", func(b *testing.B) { run(b, sortedByCreation(ts), true) })
}

// BenchmarkMeasureOnly is Measure alone, business time included.
func BenchmarkMeasureOnly(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	ts := benchTickets(4096, madrid)
	a := Analyzer{Calendar: mustCal(b, office(madrid))}
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	i := 0
	for b.Loop() {
		if _, err := a.Measure(ts[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkTallyAdd is adding one ticket's metrics to a Tally.
func BenchmarkTallyAdd(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	ts := benchTickets(4096, madrid)
	a := Analyzer{Calendar: mustCal(b, office(madrid))}
	ms := make([]Metrics, len(ts))
	for i, t := range ts {
		ms[i], _ = a.Measure(t)
		ms[i].NextReplies = append([]Span(nil), ms[i].NextReplies...)
	}
	var tl Tally
	_ = tl.AddAll(ms)
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	i := 0
	for b.Loop() {
		if err := tl.Add(ms[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSeriesAt is the weekly group's lookup alone, for comparison.
func BenchmarkSeriesAt(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	ts := benchTickets(4096, madrid)
	g := group.ByPeriod[Tally](group.Week, madrid)
	b.ReportAllocs()
	cpu0 := processCPU()
	defer reportCPU(b, cpu0)
	i := 0
	for b.Loop() {
		g.At(ts[i&4095].Events[0].At)
		i++
	}
}
