package servqbeam

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
	"github.com/servq/servq/timing"
)

// TestFastCalls: the DoFns and the CombineFn of a registered accumulator
// are called through the arity-specific calls of fastcall.go, the ones the
// SDK's invoker uses without reflection, and graph.NewFn (what a pipeline
// builds from them) accepts each as the method it wraps. A type whose
// wrapper were missing or of another arity would be called by reflection,
// correct but slower: this test is what notices.
func TestFastCalls(t *testing.T) {
	type fast struct {
		fn      any
		methods map[string]reflect.Type // method name -> the interface its call implements
	}
	f0x2, f1x1, f2x2 := reflect.TypeFor[reflectx.Func0x2](), reflect.TypeFor[reflectx.Func1x1](), reflect.TypeFor[reflectx.Func2x2]()
	f3x0, f4x0 := reflect.TypeFor[reflectx.Func3x0](), reflect.TypeFor[reflectx.Func4x0]()
	for _, c := range []fast{
		{&CombineFn[nps.Tally, int, *nps.Tally]{}, map[string]reflect.Type{"CreateAccumulator": f0x2, "AddInput": f2x2, "MergeAccumulators": f2x2, "ExtractOutput": f1x1}},
		{&keyFn[timing.ServiceLevel, timing.Contact, *timing.ServiceLevel]{}, map[string]reflect.Type{"ProcessElement": f3x0}},
		{&validateFn[nps.Tally, int, *nps.Tally]{}, map[string]reflect.Type{"ProcessElement": f4x0}},
		{&resultFn[timing.Durations, timing.Summary, *timing.Durations]{}, map[string]reflect.Type{"ProcessElement": f4x0}},
		{&jsonFn[timing.Summary]{}, map[string]reflect.Type{"ProcessElement": f2x2}},
	} {
		name := reflect.TypeOf(c.fn).Elem().String()
		m, ok := reflectx.WrapMethods(c.fn)
		if !ok || len(m) != len(c.methods) {
			t.Errorf("%s: wrapped methods %v (registered %v), want %d", name, m, ok, len(c.methods))
			continue
		}
		for method, iface := range c.methods {
			if f := m[method]; f == nil || !reflect.TypeOf(f).Implements(iface) {
				t.Errorf("%s.%s: call %T, want a %v", name, method, f, iface)
			}
		}
		if _, err := graph.NewFn(c.fn); err != nil {
			t.Errorf("%s: graph.NewFn: %v", name, err)
		}
	}
	// A value of another type than the one registered falls back to
	// reflection, never to a wrong call.
	if m := structWrapperOf[keyFn[nps.Tally, int, *nps.Tally]](t, keyFn[nps.Tally, int, *nps.Tally]{}); m != nil {
		t.Errorf("a keyFn value (not a pointer): methods %v, want none", m)
	}
}

// structWrapperOf calls the struct wrapper registered for D with v.
func structWrapperOf[D any](t *testing.T, v any) map[string]reflectx.Func {
	t.Helper()
	m, ok := reflectx.WrapMethods(v)
	if !ok {
		t.Fatalf("no struct wrapper for %v", reflect.TypeFor[D]())
	}
	return m
}

// A resultProbe is a probe of contacts with a Result whose Odd field is
// +Inf when its count is odd: a result that encoding/json cannot encode,
// as a user's own accumulator might return.
type resultProbe struct{ p probe[contact] }

type probeResult struct {
	N   int64   `json:"n"`
	Odd float64 `json:"odd"`
}

func (r *resultProbe) Add(c contact) error            { return r.p.Add(c) }
func (r *resultProbe) Merge(o *resultProbe) error     { return r.p.Merge(&o.p) }
func (r *resultProbe) N() int64                       { return r.p.N() }
func (r resultProbe) MarshalBinary() ([]byte, error)  { return r.p.MarshalBinary() }
func (r *resultProbe) UnmarshalBinary(b []byte) error { return r.p.UnmarshalBinary(b) }
func (r *resultProbe) Result(estimate.Options) (probeResult, error) {
	res := probeResult{N: r.p.n}
	if r.p.n%2 == 1 {
		res.Odd = math.Inf(1)
	}
	return res, nil
}

func init() { Register[resultProbe, contact, probeResult]() }

// TestResultThatDoesNotEncode: a key whose result JSON cannot encode goes
// to the dead letters at step "result", with the encoder's error, and the
// pipeline goes on: the other keys have their lines.
func TestResultThatDoesNotEncode(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	in := shardedInput(s, 4, &genFn[contact]{Rows: "contacts", N: 500})
	accs, _, err := PerKey[resultProbe, contact](s, Grouping{By: BySegmentPeriod, Period: group.Month, Location: madrid}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	rs, dead := Results[resultProbe, probeResult](s, estimate.Options{}, accs)
	beam.ParDo0(s, &collectLineFn{Run: "probe lines"}, JSONLines[probeResult](s, rs))
	beam.ParDo0(s, &collectDeadFn{Run: "probe dead"}, dead)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	sink.Lock()
	lines, dl := sink.lines["probe lines"], sink.dead["probe dead"]
	sink.Unlock()
	if len(lines) == 0 || len(dl) == 0 {
		t.Fatalf("%d lines, %d dead letters; want some of each", len(lines), len(dl))
	}
	for _, line := range lines {
		var rec Record[probeResult]
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Result.N%2 != 0 || rec.Key.Period == "" {
			t.Errorf("line %s: %+v, %v; want an even count and a period", line, rec, err)
		}
	}
	for _, d := range dl {
		if d.Step != "result" || !strings.Contains(d.Error, "unsupported value: +Inf") || d.Key.Period == "" {
			t.Errorf("dead letter %+v; want step result, the encoder's error and the key", d)
		}
	}
}

// segmentKeyFn keys events by their segment alone, as a user's pipeline
// that has its own keys would, for CombinePerKey.
type segmentKeyFn struct{}

func (*segmentKeyFn) ProcessElement(e Event[int], emit func(Key, int)) {
	emit(Key{Segment: e.Segment}, e.Value)
}

func init() {
	testFn2x0(func(f *segmentKeyFn) func(Event[int], func(Key, int)) { return f.ProcessElement })
}

// TestCombinePerKey: rows keyed by the pipeline itself combine per key
// into the tallies that one process builds per segment, and the scores
// that nps.Tally rejects go to the dead letters with their key and value.
func TestCombinePerKey(t *testing.T) {
	per := 3000
	p, s := beam.NewPipelineWithRoot()
	in := shardedInput(s, 4, &genIntFn{Kind: "nps", Rows: per})
	keyed := beam.ParDo(s, &segmentKeyFn{}, in)
	accs, dead, err := CombinePerKey[nps.Tally, int](s, nil, keyed)
	if err != nil {
		t.Fatal(err)
	}
	beam.ParDo0(s, &collectFn[nps.Tally, int, *nps.Tally]{Run: "combine per key"}, accs)
	beam.ParDo0(s, &collectDeadFn{Run: "combine per key"}, dead)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	rows := shardRows("nps", 4, per)
	want, bad := reference[nps.Tally, int](t, Grouping{By: BySegment}, func() *nps.Tally { return new(nps.Tally) }, rows)
	got, dl := takeAccs("combine per key")
	if len(got) != len(want) || len(dl) != bad || bad == 0 {
		t.Fatalf("%d keys, %d dead letters; want %d, %d (> 0)", len(got), len(dl), len(want), bad)
	}
	for k, w := range want {
		if string(got[k]) != string(w) {
			t.Errorf("key %+v: state %x, want %x", k, got[k], w)
		}
	}
	for _, d := range dl {
		if d.Step != "add" || d.Key.Segment == "" || d.Value == "" || d.Error == "" {
			t.Errorf("dead letter %+v lacks its step, key, value or error", d)
		}
	}
	if _, _, err := CombinePerKey[nps.Tally, int](s, &nps.Tally{}, keyed); err != nil {
		t.Errorf("an empty init: %v", err)
	}
	full := new(nps.Tally)
	_ = full.Add(9)
	if _, _, err := CombinePerKey[nps.Tally, int](s, full, keyed); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("an init that counts a score: %v, want ErrNotEmpty", err)
	}
}

// TestFastCallsByReflection: the calls of fastcall.go also work through
// their generic Call([]any) path, which the SDK uses where it has no
// arity-specific invoker, name their function and report its type.
func TestFastCallsByReflection(t *testing.T) {
	method := func(fn any, name string) reflectx.Func {
		t.Helper()
		m, ok := reflectx.WrapMethods(fn)
		if !ok || m[name] == nil {
			t.Fatalf("%T: no wrapped %s", fn, name)
		}
		f := m[name]
		if f.Name() == "" || f.Type() != reflect.ValueOf(fn).MethodByName(name).Type() {
			t.Errorf("%T.%s: name %q, type %v", fn, name, f.Name(), f.Type())
		}
		return f
	}
	cf := &CombineFn[nps.Tally, int, *nps.Tally]{}
	acc := method(cf, "CreateAccumulator").Call(nil)[0].(*nps.Tally)
	for _, x := range []int{10, 9, 0} {
		if out := method(cf, "AddInput").Call([]any{acc, x}); out[1] != nil {
			t.Fatal(out[1])
		}
	}
	other := new(nps.Tally)
	_ = other.Add(10)
	method(cf, "MergeAccumulators").Call([]any{acc, other})
	got := method(cf, "ExtractOutput").Call([]any{acc})[0].(*nps.Tally)
	if got.N() != 4 || got.Count(10) != 2 {
		t.Errorf("merged tally n %d, 10s %d; want 4, 2", got.N(), got.Count(10))
	}

	var emitted, deadCount int
	emit := func(Key, int) { emitted++ }
	dead := func(DeadLetter) { deadCount++ }
	vf := &validateFn[nps.Tally, int, *nps.Tally]{}
	if err := vf.Setup(); err != nil {
		t.Fatal(err)
	}
	for _, x := range []int{3, 11} {
		method(vf, "ProcessElement").Call([]any{Key{Segment: "web"}, x, emit, dead})
	}
	kf := &keyFn[nps.Tally, int, *nps.Tally]{By: BySegment}
	if err := kf.Setup(); err != nil {
		t.Fatal(err)
	}
	method(kf, "ProcessElement").Call([]any{Event[int]{Segment: "web", Time: time.Unix(0, 0), Value: 7}, emit, dead})
	if emitted != 2 || deadCount != 1 {
		t.Errorf("emitted %d, dead %d; want 2, 1", emitted, deadCount)
	}

	var results int
	rf := &resultFn[nps.Tally, nps.Result, *nps.Tally]{Level: 0.9}
	method(rf, "ProcessElement").Call([]any{Key{Segment: "web"}, got, func(Key, nps.Result) { results++ }, dead})
	r, _ := got.Result(estimate.Options{Level: 0.9})
	out := method(&jsonFn[nps.Result]{}, "ProcessElement").Call([]any{Key{Segment: "web"}, r})
	if line, _ := out[0].(string); results != 1 || out[1] != nil || !strings.Contains(line, `"segment":"web"`) {
		t.Errorf("result %d, line %v", results, out)
	}
}
