package servqbeam

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/funcx"
	beamcoder "github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Register registers with the Beam Go SDK everything that [PerKey],
// [CombinePerKey], [Results] and [JSONLines] use for the accumulator T
// with inputs In and results R: the [CombineFn], the DoFns, the emitters,
// and the coders of *T (T's MarshalBinary and UnmarshalBinary), of
// [Event][In] and of R (its JSON, one per key off the hot path). It is the
// one line a new accumulator needs:
//
//	func init() { servqbeam.Register[timing.ServiceLevel, time.Duration, timing.ServiceLevelResult]() }
//
// In must be a type [Event] can encode: int, int64, float64 or
// time.Duration; another In panics.
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
	key := reflect.TypeFor[CombineFn[T, In, P]]()
	if registered[key] {
		return
	}
	registered[key] = true
	registerKeyTypes()

	register.Combiner2[*T, In](&CombineFn[T, In, P]{})
	enc, dec := accCoder[T, In, P]()
	registerCoder(enc, dec)

	registerInput[In]()
	register.DoFn3x0[Event[In], func(Key, In), func(DeadLetter)](&keyFn[T, In, P]{})
	register.DoFn4x0[Key, In, func(Key, In), func(DeadLetter)](&validateFn[T, In, P]{})

	register.DoFn4x0[Key, *T, func(Key, R), func(DeadLetter)](&resultFn[T, R, P]{})
	register.Emitter2[Key, R]()
	register.DoFn2x2[Key, R, string, error](&jsonFn[R]{})
	registerCoder(jsonCoder[R]())
}

var (
	regMu      sync.Mutex
	registered = map[reflect.Type]bool{}
)

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

// registerInput registers the coder of Event[In] and the emitter of
// KV<Key, In>, once per In.
func registerInput[In any]() {
	t := reflect.TypeFor[Event[In]]()
	if registered[t] {
		return
	}
	registered[t] = true
	c, ok := codecFor[In]()
	if !ok {
		panic(fmt.Sprintf("servqbeam.Register: input type %v: want int, int64, float64 or time.Duration", reflect.TypeFor[In]()))
	}
	enc, dec := eventCoder(c)
	registerCoder(func(e Event[In]) ([]byte, error) { return enc(e), nil }, dec)
	register.Emitter2[Key, In]()
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
