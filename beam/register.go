package servqbeam

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/funcx"
	beamcoder "github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Register registers with the Beam Go SDK everything that [PerKey],
// [CombinePerKey], [Results] and [JSONLines] use for the accumulator T
// with inputs In and results R: what [RegisterCombiner] registers, and
// the DoFns, emitters and coder of R (its JSON, one per key off the hot
// path) that Results and JSONLines use. It is the one line a new
// accumulator with a Result method needs:
//
//	func init() { servqbeam.Register[timing.Durations, time.Duration, timing.Summary]() }
//
// In must be a type [Event] can encode (see [RegisterCombiner]); another
// In panics, with a message that says what In needs.
//
// Call it from an init function: Beam reads its registry when beam.Init
// runs, and Register panics afterwards, as the SDK's register functions
// do. Registering a type twice is harmless. The accumulators of servq that
// exist are registered by this package (see the package doc).
//
// The functions are registered under names qualified by their type
// arguments, since the Go compiler gives every instantiation of a generic
// function one symbol name, which Beam would otherwise resolve to the last
// one registered.
func Register[T, In, R any, P Resulter[T, In, R]]() {
	regMu.Lock()
	defer regMu.Unlock()
	registerCombiner[T, In, P]("servqbeam.Register")
	key := reflect.TypeFor[resultFn[T, R, P]]()
	if registered[key] {
		return
	}
	registered[key] = true
	registerFn(func(f *resultFn[T, R, P]) map[string]reflectx.Func {
		return processElement(call4x0[Key, *T, func(Key, R), func(DeadLetter)]{f.ProcessElement})
	})
	if out := reflect.TypeFor[jsonFn[R]](); !registered[out] { // once per R: Durations and Sample share Summary
		registered[out] = true
		register.Emitter2[Key, R]()
		registerFn(func(f *jsonFn[R]) map[string]reflectx.Func {
			return processElement(call2x2[Key, R, string, error]{f.ProcessElement})
		})
		registerCoder(jsonCoder[R]())
	}
}

// RegisterCombiner is [Register] for an accumulator that has no
// Result(estimate.Options) method, such as timing.Sketch (quantiles on
// request) or an accumulator whose state is the product (a table of
// customers to fit a model on). It registers the [CombineFn], the coder
// of *T (T's MarshalBinary and UnmarshalBinary), the coders of [Event][In]
// and of In, and the DoFns and emitters of [PerKey] and [CombinePerKey],
// which then give one merged *T per key; [Results] needs [Register].
//
//	func init() { servqbeam.RegisterCombiner[timing.Sketch, time.Duration]() }
//
// In must be int, int64, float64, bool or time.Duration, or a type that
// encodes itself: its value has AppendBinary(b []byte) ([]byte, error) and
// its pointer UnmarshalBinary([]byte) error (encoding.BinaryAppender and
// encoding.BinaryUnmarshaler, as the observation structs of the metric
// packages have), or In is a pointer *S where *S has both. The methods are
// found once, here, so that a value is encoded by a direct call; its
// encoding is the tail of its Event's (a pointer's with a byte before it,
// 0 for nil). Any other In panics, with a message that says what In
// needs, before anything is registered. Call it from an init function, as
// Register.
func RegisterCombiner[T, In any, P Accumulator[T, In]]() {
	regMu.Lock()
	defer regMu.Unlock()
	registerCombiner[T, In, P]("servqbeam.RegisterCombiner")
}

var (
	regMu      sync.Mutex
	registered = map[reflect.Type]bool{}
	// combined holds the accumulator types registered, as
	// reflect.Type.String names them ("nps.Tally"), for the test that
	// every accumulator of servq has its combiner.
	combined = map[string]bool{}
)

// registerCombiner does the work of RegisterCombiner, with regMu held; fn
// names the caller in a panic.
func registerCombiner[T, In any, P Accumulator[T, In]](fn string) {
	key := reflect.TypeFor[CombineFn[T, In, P]]()
	if registered[key] {
		return
	}
	registerInput[In](fn) // first: it panics for an In it cannot encode
	registerKeyTypes()
	registered[key] = true
	combined[reflect.TypeFor[T]().String()] = true

	registerFn(func(f *CombineFn[T, In, P]) map[string]reflectx.Func {
		return map[string]reflectx.Func{
			"CreateAccumulator": call0x2[*T, error]{f.CreateAccumulator},
			"AddInput":          call2x2[*T, In, *T, error]{f.AddInput},
			"MergeAccumulators": call2x2[*T, *T, *T, error]{f.MergeAccumulators},
			"ExtractOutput":     call1x1[*T, *T]{f.ExtractOutput},
		}
	})
	enc, dec := accCoder[T, In, P]()
	registerCoder(enc, dec)

	registerFn(func(f *keyFn[T, In, P]) map[string]reflectx.Func {
		return processElement(call3x0[Event[In], func(Key, In), func(DeadLetter)]{f.ProcessElement})
	})
	registerFn(func(f *validateFn[T, In, P]) map[string]reflectx.Func {
		return processElement(call4x0[Key, In, func(Key, In), func(DeadLetter)]{f.ProcessElement})
	})
}

// registerKeyTypes registers the coders of Key and DeadLetter, once.
func registerKeyTypes() {
	t := reflect.TypeFor[Key]()
	if registered[t] {
		return
	}
	registered[t] = true
	registerCoder(func(k Key) ([]byte, error) { return encodeKey(k), nil }, decodeKey)
	registerCoder(jsonCoder[DeadLetter]())
	register.Emitter1[DeadLetter]()
}

// registerInput registers the coder of Event[In], the coder of In when In
// encodes itself (Beam has its own for the basic types), and the emitter
// of KV<Key, In>, once per In. It panics, naming fn, for an In that it
// cannot encode.
func registerInput[In any](fn string) {
	t := reflect.TypeFor[Event[In]]()
	if registered[t] {
		return
	}
	c, err := codecFor[In]()
	if err != nil {
		panic(fn + ": " + err.Error())
	}
	registered[t] = true
	registerCoder(eventCoder(c))
	if !basic(reflect.TypeFor[In]()) {
		registerCoder(inputCoder(c))
	}
	register.Emitter2[Key, In]()
}

// basic reports whether t is one of the types whose codec is this
// package's own: int, int64, float64, bool, time.Duration.
func basic(t reflect.Type) bool {
	switch t {
	case reflect.TypeFor[int](), reflect.TypeFor[int64](), reflect.TypeFor[float64](), reflect.TypeFor[bool](), reflect.TypeFor[time.Duration]():
		return true
	}
	return false
}

// jsonCoder returns a coder of V through encoding/json, for values that
// travel once per key (results, dead letters).
func jsonCoder[V any]() (enc func(V) ([]byte, error), dec func([]byte) (V, error)) {
	enc = func(v V) ([]byte, error) { return json.Marshal(v) }
	dec = func(b []byte) (V, error) {
		var v V
		err := json.Unmarshal(b, &v)
		return v, err
	}
	return enc, dec
}

// registerCoder registers enc and dec as the deterministic Beam coder of
// V, under names qualified by V, with the SDK's fast callers (no
// reflection when a worker encodes or decodes). Every encoding here is
// deterministic: the servq binary encodings are canonical, and the others
// are written field by field in a fixed order.
func registerCoder[V any](enc func(V) ([]byte, error), dec func([]byte) (V, error)) {
	t := reflect.TypeFor[V]()
	runtime.RegisterType(t)
	register.Function1x2(enc)
	register.Function1x2(dec)
	encName := fmt.Sprintf("servqbeam.enc[%v]", t)
	decName := fmt.Sprintf("servqbeam.dec[%v]", t)
	runtime.RegisterFunctionWithName(encName, enc)
	runtime.RegisterFunctionWithName(decName, dec)
	encFn, err := funcx.New(reflectx.MakeFuncWithName(encName, enc))
	if err != nil {
		panic(fmt.Sprintf("servqbeam: encoder of %v: %v", t, err))
	}
	decFn, err := funcx.New(reflectx.MakeFuncWithName(decName, dec))
	if err != nil {
		panic(fmt.Sprintf("servqbeam: decoder of %v: %v", t, err))
	}
	beamcoder.RegisterDeterministicCoderWithFuncs(t, encFn, decFn)
}
