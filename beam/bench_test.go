package servqbeam

import (
	"flag"
	"syscall"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
)

// benchRows is the number of rows of the benchmarks; BENCHMARKS.md says
// which values its figures used.
var benchRows = flag.Int("rows", 1_000_000, "rows of the pipeline benchmarks")

// cpuTime returns the CPU time of this process, all threads: the runner
// (prism) and the SDK harness run in it.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report records rows per second of wall time and per second of CPU time
// (rows/s/core: the figure that load on the machine does not change much).
func report(b *testing.B, rows int, wall, cpu time.Duration) {
	n := float64(rows) * float64(b.N)
	b.ReportMetric(n/wall.Seconds(), "rows/s")
	b.ReportMetric(n/cpu.Seconds(), "rows/cpu-s")
}

const benchShards = 16

var benchGrouping = Grouping{By: BySegmentPeriod, Period: group.Week, Location: madrid}

// BenchmarkGenerate is the cost of making the rows, which both other
// benchmarks pay.
func BenchmarkGenerate(b *testing.B) {
	per := *benchRows / benchShards
	b.ReportAllocs()
	w0, c0 := time.Now(), cpuTime(b)
	for b.Loop() {
		for i := range benchShards {
			_ = intRows("nps", i, per)
		}
	}
	report(b, per*benchShards, time.Since(w0), cpuTime(b)-c0)
}

// BenchmarkSingleProcess is the weekly NPS per channel in one process:
// the rows into a group.BySegmentPeriod of nps.Tally.
func BenchmarkSingleProcess(b *testing.B) {
	per := *benchRows / benchShards
	b.ReportAllocs()
	w0, c0 := time.Now(), cpuTime(b)
	for b.Loop() {
		g := group.BySegmentPeriod[string, nps.Tally](benchGrouping.Period, benchGrouping.Location)
		for i := range benchShards {
			for _, e := range intRows("nps", i, per) {
				_ = g.At(e.Segment, e.Time).Add(e.Value)
			}
		}
	}
	report(b, per*benchShards, time.Since(w0), cpuTime(b)-c0)
}

// BenchmarkPipeline is the same on prism, in this process: rows made in
// 16 shards, PerKey of nps.Tally per channel x ISO week in Madrid, the
// accumulators collected.
func BenchmarkPipeline(b *testing.B) {
	per := *benchRows / benchShards
	b.ReportAllocs()
	w0, c0 := time.Now(), cpuTime(b)
	for b.Loop() {
		p, s := beam.NewPipelineWithRoot()
		in := shardedInput(s, benchShards, &genIntFn{Kind: "nps", Rows: per})
		accs, dead, err := PerKey[nps.Tally, int](s, benchGrouping, nil, in)
		if err != nil {
			b.Fatal(err)
		}
		beam.ParDo0(s, &collectFn[nps.Tally, int, *nps.Tally]{Run: "bench"}, accs)
		beam.ParDo0(s, &collectDeadFn{Run: "bench"}, dead)
		if err := ptest.Run(p); err != nil {
			b.Fatal(err)
		}
		if accs, _ := takeAccs("bench"); len(accs) == 0 {
			b.Fatal("no results")
		}
	}
	report(b, per*benchShards, time.Since(w0), cpuTime(b)-c0)
}
