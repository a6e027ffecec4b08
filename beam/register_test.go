package servqbeam

import (
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
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
