package servqbeam

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// A DeadLetter is a row that a pipeline could not use, with the reason:
// a value that the accumulator rejects (an NPS score of 11, a NaN), at
// Step "add", or a key whose result failed (a level outside (0, 1)), at
// Step "result". The pipeline goes on without it; count or store the
// dead-letter output to see what was left out.
type DeadLetter struct {
	Step  string `json:"step"`            // "add" or "result"
	Key   Key    `json:"key"`             // the key of the row or result
	Time  string `json:"time,omitempty"`  // the event's instant, RFC 3339, when known
	Value string `json:"value,omitempty"` // the rejected value as fmt prints it
	Error string `json:"error"`           // the error text
}

// A Record is one line of [JSONLines]: the key's fields and the result.
type Record[R any] struct {
	Key
	Result R `json:"result"`
}

// validator checks a value by adding it to a fresh empty accumulator, so
// that a row goes to the dead letters exactly when the accumulator would
// reject it on its own, with the accumulator's own error.
type validator[T, In any, P Accumulator[T, In]] struct {
	empty   []byte // the encoding of the empty accumulator
	scratch *T
}

func newValidator[T, In any, P Accumulator[T, In]](init []byte) (validator[T, In, P], error) {
	t, err := newAcc[T, In, P](init)
	if err != nil {
		return validator[T, In, P]{}, err
	}
	empty, err := P(t).MarshalBinary()
	if err != nil {
		return validator[T, In, P]{}, err
	}
	return validator[T, In, P]{empty: empty, scratch: t}, nil
}

func (v *validator[T, In, P]) check(x In) error {
	if err := P(v.scratch).UnmarshalBinary(v.empty); err != nil {
		return err
	}
	return P(v.scratch).Add(x)
}

// keyFn keys the events of PerKey and sends the values the accumulator
// rejects to the dead letters. Beam serialises its exported fields.
type keyFn[T, In any, P Accumulator[T, In]] struct {
	By     By
	Period uint8 // a group.Period
	Zone   string
	Init   []byte

	k *keyer
	v validator[T, In, P]
}

func (f *keyFn[T, In, P]) Setup() error {
	k, err := newKeyer(f.By, group.Period(f.Period), f.Zone)
	if err != nil {
		return err
	}
	v, err := newValidator[T, In, P](f.Init)
	if err != nil {
		return err
	}
	f.k, f.v = k, v
	return nil
}

func (f *keyFn[T, In, P]) ProcessElement(e Event[In], emit func(Key, In), dead func(DeadLetter)) {
	k := f.k.key(e.Segment, e.Time)
	if err := f.v.check(e.Value); err != nil {
		dead(DeadLetter{Step: "add", Key: k, Time: e.Time.Format(time.RFC3339Nano), Value: fmt.Sprint(e.Value), Error: err.Error()})
		return
	}
	emit(k, e.Value)
}

// validateFn is keyFn for rows that come keyed.
type validateFn[T, In any, P Accumulator[T, In]] struct {
	Init []byte

	v validator[T, In, P]
}

func (f *validateFn[T, In, P]) Setup() (err error) {
	f.v, err = newValidator[T, In, P](f.Init)
	return err
}

func (f *validateFn[T, In, P]) ProcessElement(k Key, x In, emit func(Key, In), dead func(DeadLetter)) {
	if err := f.v.check(x); err != nil {
		dead(DeadLetter{Step: "add", Key: k, Value: fmt.Sprint(x), Error: err.Error()})
		return
	}
	emit(k, x)
}

// resultFn turns each key's accumulator into its Result.
type resultFn[T, R any, P interface {
	*T
	Result(estimate.Options) (R, error)
}] struct {
	Level  float64
	Method string
}

// A result travels between workers in its JSON (see Register), so one
// that does not encode (a float field that is NaN or infinite, which
// encoding/json rejects) goes to the dead letters with the encoder's
// error instead of failing the bundle. The servq result types all encode;
// the check, one encoding per key, keeps a user's own from stopping a
// pipeline.
func (f *resultFn[T, R, P]) ProcessElement(k Key, a *T, emit func(Key, R), dead func(DeadLetter)) {
	r, err := P(a).Result(estimate.Options{Level: f.Level, Method: estimate.Method(f.Method)})
	if err == nil {
		_, err = json.Marshal(r)
	}
	if err != nil {
		dead(DeadLetter{Step: "result", Key: k, Error: err.Error()})
		return
	}
	emit(k, r)
}

// jsonFn writes a result as one line of JSON.
type jsonFn[R any] struct{}

func (*jsonFn[R]) ProcessElement(k Key, r R) (string, error) {
	b, err := json.Marshal(Record[R]{Key: k, Result: r})
	return string(b), err
}

// PerKey combines events (a PCollection of [Event][In]) per key of the
// grouping g with accumulators of type T, each starting as a copy of init
// (nil: the zero T; csat tallies on another scale need one made by
// csat.NewTally). It returns accs, a PCollection of KV<[Key], *T> with one
// merged accumulator per key, and dead, a PCollection of [DeadLetter]
// holding every event whose value T's Add rejects, with its error text.
//
// A key's accumulator equals the one that group.ByKey, group.ByPeriod or
// group.BySegmentPeriod would build from the same events on one machine
// (same counts; floats of estimate.Moments equal up to rounding, as
// merging in another order gives). The period of an event is
// group.Period.Start of its Time in g.Location.
//
// An invalid g returns an error wrapping [ErrBy], [ErrPeriod],
// [ErrLocation] or [ErrZone]; an init that counts values one wrapping
// [ErrNotEmpty]. T and In must have been registered with [Register] or
// [RegisterCombiner].
func PerKey[T, In any, P Accumulator[T, In]](s beam.Scope, g Grouping, init *T, events beam.PCollection) (accs, dead beam.PCollection, err error) {
	const fn = "servqbeam.PerKey"
	zone, err := g.zone(fn)
	if err != nil {
		return accs, dead, err
	}
	b, err := encodeInit[T, In, P](fn, init)
	if err != nil {
		return accs, dead, err
	}
	s = s.Scope("servqbeam.PerKey")
	kf := &keyFn[T, In, P]{By: g.By, Period: uint8(g.Period), Zone: zone, Init: b}
	keyed, dead := beam.ParDo2(s, kf, events)
	accs = beam.CombinePerKey(s, &CombineFn[T, In, P]{Init: b}, keyed)
	return accs, dead, nil
}

// CombinePerKey is [PerKey] for rows already keyed: a PCollection of
// KV<[Key], In>. It gives KV<[Key], *T>, one merged accumulator per key,
// which [Results] turns into results, or which the pipeline reads itself
// for an accumulator with no Result (timing.Sketch's Quantile). Values
// that T's Add rejects go to dead.
func CombinePerKey[T, In any, P Accumulator[T, In]](s beam.Scope, init *T, rows beam.PCollection) (accs, dead beam.PCollection, err error) {
	b, err := encodeInit[T, In, P]("servqbeam.CombinePerKey", init)
	if err != nil {
		return accs, dead, err
	}
	s = s.Scope("servqbeam.CombinePerKey")
	valid, dead := beam.ParDo2(s, &validateFn[T, In, P]{Init: b}, rows)
	accs = beam.CombinePerKey(s, &CombineFn[T, In, P]{Init: b}, valid)
	return accs, dead, nil
}

// Results turns the accumulators of [PerKey] (KV<[Key], *T>) into their
// results at the options o: KV<[Key], R>, R being the accumulator's own
// result type (nps.Result, csat.Result, estimate.Mean) with its
// intervals. A key whose Result fails (a level outside (0, 1), a method
// the package does not offer), or whose result does not encode in JSON,
// goes to dead with its error text.
func Results[T, R any, P interface {
	*T
	Result(estimate.Options) (R, error)
}](s beam.Scope, o estimate.Options, accs beam.PCollection) (results, dead beam.PCollection) {
	s = s.Scope("servqbeam.Results")
	return beam.ParDo2(s, &resultFn[T, R, P]{Level: o.Level, Method: string(o.Method)}, accs)
}

// JSONLines writes each result of [Results] (KV<[Key], R>) as one line of
// JSON, a [Record]: the key's fields and the result,
//
//	{"segment":"web","period":"2026-W11","start":"2026-03-09T00:00:00+01:00","result":{"nps":30,...}}
//
// ready for textio.Write. Lines come in no particular order.
func JSONLines[R any](s beam.Scope, results beam.PCollection) beam.PCollection {
	return beam.ParDo(s.Scope("servqbeam.JSONLines"), &jsonFn[R]{}, results)
}
