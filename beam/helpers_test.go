package servqbeam

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/csat"
	"github.com/servq/servq/nps"
)

// TestMain runs the pipelines of the tests on prism, Beam's portable
// runner, in this process (ptest's default runner).
func TestMain(m *testing.M) { ptest.Main(m) }

func init() {
	testFn2x0(func(f *genIntFn) func(int, func(Event[int])) { return f.ProcessElement })
	register.Emitter1[Event[int]]()
	testFn2x0(func(f *collectFn[nps.Tally, int, *nps.Tally]) func(Key, *nps.Tally) { return f.ProcessElement })
	testFn2x0(func(f *collectFn[csat.Tally, int, *csat.Tally]) func(Key, *csat.Tally) { return f.ProcessElement })
	testFn2x0(func(f *collectResultFn[nps.Result]) func(Key, nps.Result) { return f.ProcessElement })
	testFn1x0(func(f *collectDeadFn) func(DeadLetter) { return f.ProcessElement })
	testFn1x0(func(f *collectLineFn) func(string) { return f.ProcessElement })
}

// testFns holds the test DoFns registered, so that each is registered
// once (a second struct wrapper would log a warning).
var testFns = map[reflect.Type]bool{}

// testFn2x0 registers the test DoFn D whose ProcessElement(A, B) m
// returns, with its fast call, as registerFn does this package's DoFns.
func testFn2x0[D, A, B any](m func(*D) func(A, B)) {
	if t := reflect.TypeFor[D](); !testFns[t] {
		testFns[t] = true
		registerFn(func(f *D) map[string]reflectx.Func { return processElement(call2x0[A, B]{m(f)}) })
	}
}

// testFn1x0 is testFn2x0 for a ProcessElement(A), a sink.
func testFn1x0[D, A any](m func(*D) func(A)) {
	if t := reflect.TypeFor[D](); !testFns[t] {
		testFns[t] = true
		registerFn(func(f *D) map[string]reflectx.Func { return processElement(call1x0[A]{m(f)}) })
	}
}

// call2x0 is a reflectx.Func2x0 of a ProcessElement(x, emit) of a test
// source or sink.
type call2x0[A, B any] struct{ fn func(A, B) }

func (c call2x0[A, B]) Name() string          { return reflectx.FunctionName(c.fn) }
func (c call2x0[A, B]) Type() reflect.Type    { return reflect.TypeOf(c.fn) }
func (c call2x0[A, B]) Call(args []any) []any { c.fn(args[0].(A), args[1].(B)); return nil }
func (c call2x0[A, B]) Call2x0(a, b any)      { c.fn(a.(A), b.(B)) }

// call1x0 is a reflectx.Func1x0 of a ProcessElement(x) of a test sink.
type call1x0[A any] struct{ fn func(A) }

func (c call1x0[A]) Name() string          { return reflectx.FunctionName(c.fn) }
func (c call1x0[A]) Type() reflect.Type    { return reflect.TypeOf(c.fn) }
func (c call1x0[A]) Call(args []any) []any { c.fn(args[0].(A)); return nil }
func (c call1x0[A]) Call1x0(a any)         { c.fn(a.(A)) }

// The zones of the tests: both change their clocks, on different dates.
var (
	madrid  = mustZone("Europe/Madrid")
	newYork = mustZone("America/New_York")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var segments = [...]string{"email", "phone", "chat", "web", "store"}

// The span of the generated rows: from 2024-12-20, before the ISO week
// 2025-W01 that starts on 2024-12-30, to the end of 2026, across four
// clock changes in each zone.
var (
	spanFrom = time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	spanSecs = int64(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Sub(spanFrom) / time.Second)
)

// when returns the instant of a generated row: mostly uniform over the
// span, and one row in eight a local midnight of one of the zones, or a
// nanosecond before it, where a period starts.
func when(r *rand.Rand) time.Time {
	t := spanFrom.Add(time.Duration(r.Int64N(spanSecs))*time.Second + time.Duration(r.Int64N(1e9)))
	if r.IntN(8) != 0 {
		return t
	}
	loc := madrid
	if r.IntN(2) == 0 {
		loc = newYork
	}
	y, m, d := t.In(loc).Date()
	t = time.Date(y, m, d, 0, 0, 0, 0, loc)
	if r.IntN(2) == 0 {
		t = t.Add(-time.Nanosecond)
	}
	return t
}

// shardRows returns the rows of shards 0..n-1 of kind, per rows each:
// what shardedInput of a genIntFn emits, for the single-machine side.
func shardRows(kind string, n, per int) []Event[int] {
	var rows []Event[int]
	for i := range n {
		rows = append(rows, intRows(kind, i, per)...)
	}
	return rows
}

// intRows returns the rows of one shard: a seeded stream, so that the
// pipeline's generator and the single-machine reference see the same
// rows. Scores are 0..10 for kind "nps", ratings 1..5 for "csat"; about
// one row in 500 is out of range (-1, 11 or 99 for nps; 0, 6 or 7 for
// csat) to feed the dead letters.
func intRows(kind string, shard, rows int) []Event[int] {
	r := rand.New(rand.NewPCG(uint64(shard), uint64(len(kind))))
	out := make([]Event[int], rows)
	for i := range out {
		var v int
		switch kind {
		case "nps":
			v = r.IntN(11)
			if r.IntN(500) == 0 {
				v = [...]int{-1, 11, 99}[r.IntN(3)]
			}
		default:
			v = 1 + r.IntN(5)
			if r.IntN(500) == 0 {
				v = [...]int{0, 6, 7}[r.IntN(3)]
			}
		}
		out[i] = Event[int]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: v}
	}
	return out
}

// floatRows returns handle times in minutes, log-normal, with about one
// row in 500 a NaN or an infinity.
func floatRows(shard, rows int) []Event[float64] {
	r := rand.New(rand.NewPCG(uint64(shard), 99))
	out := make([]Event[float64], rows)
	for i := range out {
		v := math.Exp(1.5 + 0.8*r.NormFloat64())
		if r.IntN(500) == 0 {
			v = [...]float64{math.NaN(), math.Inf(1), math.Inf(-1)}[r.IntN(3)]
		}
		out[i] = Event[float64]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: v}
	}
	return out
}

// genIntFn emits the rows of a shard, as intRows makes them.
type genIntFn struct {
	Kind string
	Rows int
}

func (f *genIntFn) ProcessElement(shard int, emit func(Event[int])) {
	for _, e := range intRows(f.Kind, shard, f.Rows) {
		emit(e)
	}
}

// durRows returns waiting times, exponential with a mean of 30 s, about
// one in 50 exactly zero (answered at once: a Sketch's zero count), and
// about one row in 500 negative, which the timing accumulators reject.
func durRows(shard, rows int) []Event[time.Duration] {
	r := rand.New(rand.NewPCG(uint64(shard), 7))
	out := make([]Event[time.Duration], rows)
	for i := range out {
		v := time.Duration(r.ExpFloat64() * 30 * float64(time.Second))
		switch r.IntN(500) {
		case 0:
			v = -v - 1
		case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10:
			v = 0
		}
		out[i] = Event[time.Duration]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: v}
	}
	return out
}

// shardedInput returns the rows of shards 0..shards-1, each shard from a
// root of its own, so that the runner reads them in separate bundles and
// the combiner merges partial accumulators that crossed the wire.
func shardedInput(s beam.Scope, shards int, gen any) beam.PCollection {
	cols := make([]beam.PCollection, shards)
	for i := range cols {
		cols[i] = beam.ParDo(s, gen, beam.Create(s, i))
	}
	return beam.Flatten(s, cols...)
}

// The sinks: the pipeline runs in this process, so its last DoFns hand
// their elements to the test through these maps, by run name.
var sink = struct {
	sync.Mutex
	accs    map[string]map[Key][]byte
	results map[string]map[Key]any
	dead    map[string][]DeadLetter
	lines   map[string][]string
}{accs: map[string]map[Key][]byte{}, results: map[string]map[Key]any{}, dead: map[string][]DeadLetter{}, lines: map[string][]string{}}

type collectFn[T, In any, P Accumulator[T, In]] struct{ Run string }

func (f *collectFn[T, In, P]) ProcessElement(k Key, a *T) {
	b, err := P(a).MarshalBinary()
	if err != nil {
		panic(err)
	}
	sink.Lock()
	defer sink.Unlock()
	m := sink.accs[f.Run]
	if m == nil {
		m = map[Key][]byte{}
		sink.accs[f.Run] = m
	}
	if _, dup := m[k]; dup {
		panic("key twice: " + f.Run + " " + k.Segment + " " + k.Period)
	}
	m[k] = b
}

type collectResultFn[R any] struct{ Run string }

func (f *collectResultFn[R]) ProcessElement(k Key, r R) {
	sink.Lock()
	defer sink.Unlock()
	m := sink.results[f.Run]
	if m == nil {
		m = map[Key]any{}
		sink.results[f.Run] = m
	}
	m[k] = r
}

type collectDeadFn struct{ Run string }

func (f *collectDeadFn) ProcessElement(d DeadLetter) {
	sink.Lock()
	defer sink.Unlock()
	sink.dead[f.Run] = append(sink.dead[f.Run], d)
}

type collectLineFn struct{ Run string }

func (f *collectLineFn) ProcessElement(line string) {
	sink.Lock()
	defer sink.Unlock()
	sink.lines[f.Run] = append(sink.lines[f.Run], line)
}

// takeAccs returns and forgets what the run collected.
func takeAccs(run string) (map[Key][]byte, []DeadLetter) {
	sink.Lock()
	defer sink.Unlock()
	a, d := sink.accs[run], sink.dead[run]
	delete(sink.accs, run)
	delete(sink.dead, run)
	return a, d
}
