package servqbeam

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/timing"
	"pgregory.net/rapid"
)

// An equality is the equality test of one registered accumulator T with
// inputs In: one pipeline on prism over rows from a seeded generator, made
// in shards (so in as many bundles at least, whose partial accumulators
// cross the wire in T's binary encoding), combined by PerKey for each
// grouping, against the accumulators that group.ByKey, group.ByPeriod and
// group.BySegmentPeriod build from the same rows on one machine: the same
// keys, each key's state the same (by same), and the dead letters exactly
// the rows that T's Add rejects.
//
// A new accumulator's test is a generator registered with rowsOf, an
// equality registered with equalityOf in a package-level var (Beam wants
// its types before beam.Init, which TestMain runs), and a test that calls
// run:
//
//	var rateEquality = equalityOf(&equality[timing.Rate, bool, *timing.Rate]{rows: rowsOf("answered", answeredRows)})
//
//	func TestRateEqualsSingleMachine(t *testing.T) { rateEquality.run(t) }
type equality[T, In any, P Accumulator[T, In]] struct {
	name string // the generator's name (rowsOf)
	// init makes the empty accumulator every key starts from (a target, a
	// scale); nil for the zero T.
	init func() *T
	// same compares a key's merged accumulator with the single-machine
	// one; nil compares their binary encodings, which suits a state of
	// counts. A state that holds floats merges to other bits in another
	// order: compare its Results with a tolerance (closeTo).
	same func(got, want *T) error
	// bad says that the rows hold values that Add rejects: at least one
	// dead letter is then expected.
	bad bool
	// groupings defaults to equalityGroupings; rows per shard to
	// equalityRows/shards/4.
	groupings []Grouping
	perShard  int
	// results, set by resultsOf, adds Results and JSONLines of a run's
	// accumulators to the pipeline; checkResults checks what they gave
	// against want, the single-machine accumulators' states by key.
	results      func(s beam.Scope, accs beam.PCollection, run string)
	checkResults func(t *testing.T, run string, want map[Key][]byte)
}

// equalityGroupings: per segment, per day in Madrid, per segment x ISO
// week in New York and per segment x month in Madrid (clock changes and
// a year boundary inside the rows' span).
func equalityGroupings() []Grouping {
	return []Grouping{
		{By: BySegment},
		{By: ByPeriod, Period: group.Day, Location: madrid},
		{By: BySegmentPeriod, Period: group.Week, Location: newYork},
		{By: BySegmentPeriod, Period: group.Month, Location: madrid},
	}
}

// rowGens holds the generators of rowsOf by name; the pipeline's genFn
// finds its generator here, in the same process (prism runs in it).
var rowGens = map[string]any{}

// rowsOf registers gen, which returns the rows of one shard (a seeded
// stream: the same rows each call), under name, and registers the DoFn
// that emits them. It returns name.
func rowsOf[In any](name string, gen func(shard, rows int) []Event[In]) string {
	if _, dup := rowGens[name]; dup {
		panic("rowsOf: " + name + " twice")
	}
	rowGens[name] = gen
	testFn2x0(func(f *genFn[In]) func(int, func(Event[In])) { return f.ProcessElement })
	register.Emitter1[Event[In]]()
	return name
}

// genFn emits the rows of a shard from the generator named Rows.
type genFn[In any] struct {
	Rows string
	N    int
}

func (f *genFn[In]) ProcessElement(shard int, emit func(Event[In])) {
	for _, e := range rowGens[f.Rows].(func(int, int) []Event[In])(shard, f.N) {
		emit(e)
	}
}

// equalityOf registers the DoFn that collects c's accumulators and
// returns c.
func equalityOf[T, In any, P Accumulator[T, In]](c *equality[T, In, P]) *equality[T, In, P] {
	if _, ok := rowGens[c.name]; !ok {
		panic("equalityOf: no generator " + c.name)
	}
	testFn2x0(func(f *collectFn[T, In, P]) func(Key, *T) { return f.ProcessElement })
	equalities = append(equalities, c)
	return c
}

// equalities holds every equality made by equalityOf, for the bundle
// property of each (TestPropertyBundlesEvery).
var equalities []interface {
	property(t *rapid.T)
	accumulator() string
}

// accumulator names T as reflect.Type.String does ("timing.Durations"),
// as the registry's combined map does.
func (c *equality[T, In, P]) accumulator() string { return reflect.TypeFor[T]().String() }

// property is the bundle property of c's accumulator: rows of c's
// generator (a drawn shard, up to 200 rows, those that Add rejects left
// out) split into drawn bundles and merged in a drawn order through the
// CombineFn, with the coder's round trip between (see bundles), give the
// accumulator that one process builds from them, compared by c.same or
// by the state bytes.
func (c *equality[T, In, P]) property(t *rapid.T) {
	gen := rowGens[c.name].(func(int, int) []Event[In])
	rows := gen(rapid.IntRange(0, 1<<20).Draw(t, "shard"), rapid.IntRange(1, 200).Draw(t, "rows"))
	want := c.newAcc()
	var xs []In
	for _, e := range rows {
		if P(want).Add(e.Value) == nil {
			xs = append(xs, e.Value)
		}
	}
	var init *T
	if c.init != nil {
		init = c.init()
	}
	fn, err := NewCombineFn[T, In, P](init)
	if err != nil {
		t.Fatal(err)
	}
	got := bundles(t, fn, xs)
	if c.same == nil {
		sameState[T, In, P](t, got, (*T)(want))
		return
	}
	if err := c.same(got, (*T)(want)); err != nil {
		t.Fatalf("%d values: %v", len(xs), err)
	}
}

func (c *equality[T, In, P]) newAcc() P {
	if c.init == nil {
		return P(new(T))
	}
	return P(c.init())
}

// run builds and runs the pipeline and compares every key.
func (c *equality[T, In, P]) run(t *testing.T) {
	t.Helper()
	gs, per := c.groupings, c.perShard
	if gs == nil {
		gs = equalityGroupings()
	}
	if per == 0 {
		per = equalityRows / shards / 4
	}
	typ := reflect.TypeFor[T]().String()
	p, s := beam.NewPipelineWithRoot()
	in := shardedInput(s, shards, &genFn[In]{Rows: c.name, N: per})
	var init *T
	if c.init != nil {
		init = c.init()
	}
	for _, g := range gs {
		accs, dead, err := PerKey[T, In, P](s, g, init, in)
		if err != nil {
			t.Fatal(err)
		}
		run := typ + " " + g.name()
		beam.ParDo0(s, &collectFn[T, In, P]{Run: run}, accs)
		beam.ParDo0(s, &collectDeadFn{Run: run}, dead)
		if c.results != nil {
			c.results(s, accs, run)
		}
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	gen := rowGens[c.name].(func(int, int) []Event[In])
	var rows []Event[In]
	for i := range shards {
		rows = append(rows, gen(i, per)...)
	}
	for _, g := range gs {
		run := typ + " " + g.name()
		want, bad := reference(t, g, c.newAcc, rows)
		got, dead := takeAccs(run)
		if len(got) != len(want) || len(dead) != bad || (c.bad && bad == 0) {
			t.Errorf("%s: %d keys, %d dead letters; want %d, %d", run, len(got), len(dead), len(want), bad)
		}
		for k, w := range want {
			gb, ok := got[k]
			if !ok {
				t.Errorf("%s: key %+v missing", run, k)
				continue
			}
			if c.same == nil {
				if !bytes.Equal(gb, w) {
					t.Errorf("%s: key %+v: state %x, want %x", run, k, gb, w)
				}
				continue
			}
			ga, wa := new(T), new(T)
			if err := P(ga).UnmarshalBinary(gb); err != nil {
				t.Fatal(err)
			}
			if err := P(wa).UnmarshalBinary(w); err != nil {
				t.Fatal(err)
			}
			if err := c.same(ga, wa); err != nil {
				t.Errorf("%s: key %+v: %v", run, k, err)
			}
		}
		for _, d := range dead {
			if d.Step != "add" || d.Error == "" || d.Value == "" || d.Time == "" {
				t.Errorf("%s: dead letter %+v lacks its step, value, time or error", run, d)
				break
			}
		}
		if c.checkResults != nil {
			c.checkResults(t, run, want)
		}
	}
}

// resultLevel is the confidence level of the Results that the equality
// tests compare.
var resultLevel = estimate.Options{Level: 0.9}

// resultsOf makes c's run check the results too: Results at level 0.9
// and JSONLines of every grouping's accumulators, as a user's pipeline
// writes them. Every key has one line of JSON, a Record[R] with its key
// and the Result of the single-machine accumulator (compared by sameDeep,
// after the same JSON round trip: floats to 1e-12), or, when that Result
// fails, a dead letter at step "result" with the same error text.
func resultsOf[R, T, In any, P Resulter[T, In, R]](c *equality[T, In, P]) *equality[T, In, P] {
	c.results = func(s beam.Scope, accs beam.PCollection, run string) {
		rs, dead := Results[T, R, P](s, resultLevel, accs)
		beam.ParDo0(s, &collectLineFn{Run: run}, JSONLines[R](s, rs))
		beam.ParDo0(s, &collectDeadFn{Run: run + " result"}, dead)
	}
	c.checkResults = func(t *testing.T, run string, want map[Key][]byte) {
		t.Helper()
		sink.Lock()
		lines, dead := sink.lines[run], sink.dead[run+" result"]
		delete(sink.lines, run)
		delete(sink.dead, run+" result")
		sink.Unlock()
		got := map[Key]R{}
		for _, line := range lines {
			var rec Record[R]
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("%s: line %.200q: %v", run, line, err)
			}
			if _, dup := got[rec.Key]; dup {
				t.Fatalf("%s: key %+v has two lines", run, rec.Key)
			}
			got[rec.Key] = rec.Result
		}
		failed := map[Key]string{}
		for _, d := range dead {
			failed[d.Key] = d.Error
			if d.Step != "result" {
				t.Errorf("%s: result dead letter %+v, want step result", run, d)
			}
		}
		if len(got)+len(failed) != len(want) {
			t.Errorf("%s: %d lines and %d failed results for %d keys", run, len(got), len(failed), len(want))
		}
		for k, w := range want {
			a := new(T)
			if err := P(a).UnmarshalBinary(w); err != nil {
				t.Fatal(err)
			}
			wr, werr := P(a).Result(resultLevel)
			g, ok := got[k]
			switch {
			case werr != nil:
				if failed[k] != werr.Error() || ok {
					t.Errorf("%s: key %+v: result dead letter %q (line %v), want %q", run, k, failed[k], ok, werr)
				}
				continue
			case !ok:
				t.Errorf("%s: key %+v: no line (dead letter %q)", run, k, failed[k])
				continue
			}
			b, err := json.Marshal(wr)
			if err != nil {
				t.Fatalf("%s: key %+v: marshal the single-machine result: %v", run, k, err)
			}
			var wj R
			if err := json.Unmarshal(b, &wj); err != nil {
				t.Fatalf("%s: key %+v: unmarshal the single-machine result: %v", run, k, err)
			}
			if err := sameDeep(g, wj); err != nil {
				t.Errorf("%s: key %+v: line: %v", run, k, err)
			}
		}
	}
	return c
}

// intervalNear reports whether two intervals have the same level and
// method and ends that agree to 1e-12 on the scale of the intervals (the
// largest end in magnitude): an end near 0 is a difference of two large
// numbers, the estimate and the half-width, whose rounding is that of
// the large ones.
func intervalNear(g, w estimate.Interval) bool {
	scale := max(math.Abs(g.Lo), math.Abs(g.Hi), math.Abs(w.Lo), math.Abs(w.Hi))
	near := func(a, b float64) bool {
		return a == b || math.Abs(a-b) <= 1e-12*scale || math.IsNaN(a) && math.IsNaN(b)
	}
	return g.Level == w.Level && g.Method == w.Method && near(g.Lo, w.Lo) && near(g.Hi, w.Hi)
}

// closeTo reports whether a and b agree to rel relative.
func closeTo(a, b, rel float64) bool {
	return a == b || math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// sameResult returns a same that compares the Results at level 0.9 of two
// accumulators with cmp; two Results that fail must fail alike (a key of
// one value has no standard deviation).
func sameResult[T, R any, P interface {
	*T
	Result(estimate.Options) (R, error)
}](cmp func(got, want R) error) func(got, want *T) error {
	return func(got, want *T) error {
		o := estimate.Options{Level: 0.9}
		g, gerr := P(got).Result(o)
		w, werr := P(want).Result(o)
		switch {
		case gerr != nil && werr != nil && gerr.Error() == werr.Error():
			return nil
		case gerr != nil || werr != nil:
			return fmt.Errorf("results fail: %v, want %v", gerr, werr)
		}
		return cmp(g, w)
	}
}

// sameSummary compares two timing.Summary values: the count, extremes,
// quantiles and their method exactly (counts and order statistics do not
// depend on the merge order), and the mean, SD and mean interval to 1e-12
// relative; Mean and SD are durations rounded to the nanosecond from
// float seconds, so a float that differs in its last bits can round to
// the next nanosecond: they may also differ by 1 ns.
func sameSummary(g, w timing.Summary) error {
	dur := func(a, b time.Duration) bool { return closeTo(float64(a), float64(b), 1e-12) || a-b == 1 || b-a == 1 }
	if g.N != w.N || g.Min != w.Min || g.Median != w.Median || g.P90 != w.P90 || g.P95 != w.P95 || g.Max != w.Max ||
		g.Quantile != w.Quantile || g.Accuracy != w.Accuracy || !dur(g.Mean, w.Mean) || !dur(g.SD, w.SD) ||
		!intervalNear(g.MeanCI, w.MeanCI) {
		return fmt.Errorf("%+v, want %+v", g, w)
	}
	return nil
}

// sameDeep compares two results field by field: float64 fields to 1e-12
// relative (or 1e-12 absolute near 0, where a sum that cancels to 0 in
// one order leaves 1e-17 in another), NaN equal to NaN, intervals by
// intervalNear (ends on the interval's scale), timing.Summary
// values by sameSummary, times by Equal, and everything else (counts,
// labels, methods) exactly. It serves every result whose accumulator's
// state holds floats.
func sameDeep[R any](got, want R) error {
	return deepNear(reflect.ValueOf(got), reflect.ValueOf(want), reflect.TypeFor[R]().String())
}

var (
	summaryType  = reflect.TypeFor[timing.Summary]()
	timeType     = reflect.TypeFor[time.Time]()
	intervalType = reflect.TypeFor[estimate.Interval]()
)

func deepNear(g, w reflect.Value, path string) error {
	switch {
	case g.Type() == summaryType:
		if err := sameSummary(g.Interface().(timing.Summary), w.Interface().(timing.Summary)); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		return nil
	case g.Type() == intervalType:
		if gi, wi := g.Interface().(estimate.Interval), w.Interface().(estimate.Interval); !intervalNear(gi, wi) {
			return fmt.Errorf("%s: %+v, want %+v", path, gi, wi)
		}
		return nil
	case g.Type() == timeType:
		if !g.Interface().(time.Time).Equal(w.Interface().(time.Time)) {
			return fmt.Errorf("%s: %v, want %v", path, g, w)
		}
		return nil
	}
	switch g.Kind() {
	case reflect.Float64, reflect.Float32:
		a, b := g.Float(), w.Float()
		if closeTo(a, b, 1e-12) || math.Abs(a-b) <= 1e-12 || math.IsNaN(a) && math.IsNaN(b) {
			return nil
		}
		return fmt.Errorf("%s: %v, want %v", path, a, b)
	case reflect.Struct:
		for i := range g.NumField() {
			f := g.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if err := deepNear(g.Field(i), w.Field(i), path+"."+f.Name); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if g.Len() != w.Len() || g.Kind() == reflect.Slice && g.IsNil() != w.IsNil() {
			return fmt.Errorf("%s: length %d, want %d", path, g.Len(), w.Len())
		}
		for i := range g.Len() {
			if err := deepNear(g.Index(i), w.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if g.Len() != w.Len() {
			return fmt.Errorf("%s: %d keys, want %d", path, g.Len(), w.Len())
		}
		for _, k := range w.MapKeys() {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				return fmt.Errorf("%s: key %v missing", path, k)
			}
			if err := deepNear(gv, w.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Pointer, reflect.Interface:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				return fmt.Errorf("%s: nil %v, want nil %v", path, g.IsNil(), w.IsNil())
			}
			return nil
		}
		return deepNear(g.Elem(), w.Elem(), path)
	}
	if !reflect.DeepEqual(g.Interface(), w.Interface()) {
		return fmt.Errorf("%s: %v, want %v", path, g, w)
	}
	return nil
}
