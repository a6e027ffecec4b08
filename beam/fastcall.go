package servqbeam

import (
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/graphx/schema"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
)

// The fast calls of this package's DoFns and CombineFn.
//
// A worker calls a DoFn's methods through a reflectx.Func. Without one
// registered for the struct type it calls them by reflection, which costs
// an allocation and a few hundred nanoseconds per row. The Beam SDK's
// register.DoFnNxM and register.Combiner2 register one, but each of their
// instantiations also instantiates the SDK's wrappers of every optional
// method (StartBundle and FinishBundle in all their forms, generic
// functions of ten type parameters and 800 lines each). Instantiated for
// the four DoFns and the CombineFn of each of twenty accumulators, they
// made this package's compile need more than 14 GB of memory.
//
// This file registers the same thing, a struct wrapper whose methods have
// the arity-specific calls (Call3x0, Call2x2, ...) that the SDK's invoker
// uses without reflection, for the one method form each of this package's
// types has. Setup, the one other method, runs once per DoFn instance and
// is called by reflection.

// registerFn registers the DoFn or CombineFn type D, used through a *D,
// with the runtime (workers find it by name), with the schema registry as
// register.DoFnNxM does, and with methods, the fast calls of its methods
// bound to one value. The struct types of the methods' parameters and
// results are registered with the runtime too.
func registerFn[D any](methods func(*D) map[string]reflectx.Func) {
	t := reflect.TypeFor[D]()
	runtime.RegisterType(t)
	schema.RegisterType(t)
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		registerStructTypes(pt.Method(i).Type)
	}
	reflectx.RegisterStructWrapper(t, func(fn any) map[string]reflectx.Func {
		d, ok := fn.(*D)
		if !ok {
			return nil // the SDK then calls the methods by reflection
		}
		return methods(d)
	})
}

// registerStructTypes registers with the runtime the struct types among
// the parameters and results of the function type f, and those that
// pointers point to, as register.DoFnNxM does.
func registerStructTypes(f reflect.Type) {
	for i := range f.NumIn() {
		if in := reflectx.SkipPtr(f.In(i)); in.Kind() == reflect.Struct {
			runtime.RegisterType(in)
		}
	}
	for i := range f.NumOut() {
		if out := reflectx.SkipPtr(f.Out(i)); out.Kind() == reflect.Struct {
			runtime.RegisterType(out)
		}
	}
}

// call0x2 is a reflectx.Func0x2 of a method such as CreateAccumulator.
type call0x2[R0, R1 any] struct{ fn func() (R0, R1) }

func (c call0x2[R0, R1]) Name() string          { return reflectx.FunctionName(c.fn) }
func (c call0x2[R0, R1]) Type() reflect.Type    { return reflect.TypeOf(c.fn) }
func (c call0x2[R0, R1]) Call(args []any) []any { r0, r1 := c.fn(); return []any{r0, r1} }
func (c call0x2[R0, R1]) Call0x2() (any, any)   { return c.fn() }

// call1x1 is a reflectx.Func1x1 of a method such as ExtractOutput.
type call1x1[A, R any] struct{ fn func(A) R }

func (c call1x1[A, R]) Name() string          { return reflectx.FunctionName(c.fn) }
func (c call1x1[A, R]) Type() reflect.Type    { return reflect.TypeOf(c.fn) }
func (c call1x1[A, R]) Call(args []any) []any { return []any{c.fn(args[0].(A))} }
func (c call1x1[A, R]) Call1x1(a any) any     { return c.fn(a.(A)) }

// call2x2 is a reflectx.Func2x2 of AddInput, MergeAccumulators or a
// ProcessElement(k, v) (out, error).
type call2x2[A, B, R0, R1 any] struct{ fn func(A, B) (R0, R1) }

func (c call2x2[A, B, R0, R1]) Name() string       { return reflectx.FunctionName(c.fn) }
func (c call2x2[A, B, R0, R1]) Type() reflect.Type { return reflect.TypeOf(c.fn) }
func (c call2x2[A, B, R0, R1]) Call(args []any) []any {
	r0, r1 := c.fn(args[0].(A), args[1].(B))
	return []any{r0, r1}
}
func (c call2x2[A, B, R0, R1]) Call2x2(a, b any) (any, any) { return c.fn(a.(A), b.(B)) }

// call3x0 is a reflectx.Func3x0 of a ProcessElement(x, emit, dead).
type call3x0[A, B, C any] struct{ fn func(A, B, C) }

func (c call3x0[A, B, C]) Name() string       { return reflectx.FunctionName(c.fn) }
func (c call3x0[A, B, C]) Type() reflect.Type { return reflect.TypeOf(c.fn) }
func (c call3x0[A, B, C]) Call(args []any) []any {
	c.fn(args[0].(A), args[1].(B), args[2].(C))
	return nil
}
func (c call3x0[A, B, C]) Call3x0(a, b, cc any) { c.fn(a.(A), b.(B), cc.(C)) }

// call4x0 is a reflectx.Func4x0 of a ProcessElement(k, v, emit, dead).
type call4x0[A, B, C, D any] struct{ fn func(A, B, C, D) }

func (c call4x0[A, B, C, D]) Name() string       { return reflectx.FunctionName(c.fn) }
func (c call4x0[A, B, C, D]) Type() reflect.Type { return reflect.TypeOf(c.fn) }
func (c call4x0[A, B, C, D]) Call(args []any) []any {
	c.fn(args[0].(A), args[1].(B), args[2].(C), args[3].(D))
	return nil
}
func (c call4x0[A, B, C, D]) Call4x0(a, b, cc, d any) { c.fn(a.(A), b.(B), cc.(C), d.(D)) }

// processElement returns the methods map of a DoFn whose one fast method
// is ProcessElement, called through f.
func processElement(f reflectx.Func) map[string]reflectx.Func {
	return map[string]reflectx.Func{"ProcessElement": f}
}
