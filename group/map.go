package group

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/servq/servq/internal/strictjson"
)

// A Map keeps one accumulator per key (a segment, a channel, an agent),
// made the first time the key is seen, and lists them in key order.
//
// Make a Map with [ByKey] or [ByKeyFunc]. The zero Map is empty and has no
// order: it can be listed and marshalled, but [Map.At] panics on it and
// [Map.Merge] and [Map.UnmarshalJSON] return [ErrZero].
//
// A Map is not safe for concurrent use, not even by readers only (listing
// sorts the keys lazily). To split work across goroutines, give each its
// own Map and Merge them when the goroutines are done.
type Map[K comparable, T any, P Accumulator[T]] struct {
	// New makes the accumulator of a key seen for the first time, and the
	// accumulators that Merge and UnmarshalJSON fill. If New is nil, they
	// are new(T): the zero accumulator, which is what servq accumulators
	// need unless they have a setting such as a rating scale. New must
	// not return nil. Set it before the first call to At.
	New func() P

	t table[K, T, P]
}

// ByKey returns an empty Map whose keys are listed in increasing order
// (cmp.Compare: strings byte-wise, numbers numerically). P is inferred:
//
//	g := group.ByKey[string, nps.Tally]()
//	g.At("web").Add(9)
//
// Float keys work as in a Go map: every NaN is a key of its own, so do not
// use NaN as a key.
func ByKey[K cmp.Ordered, T any, P Accumulator[T]]() *Map[K, T, P] {
	return &Map[K, T, P]{t: newTable[K, T, P](cmp.Compare[K])}
}

// ByKeyFunc returns an empty Map whose keys are listed in the order of
// compare, which returns a negative number when a < b, a positive number
// when a > b and zero when they are equal, as for [slices.SortFunc]; it
// must be a strict weak order consistent with ==. A nil compare is a
// programming error: ByKeyFunc panics.
func ByKeyFunc[K comparable, T any, P Accumulator[T]](compare func(a, b K) int) *Map[K, T, P] {
	if compare == nil {
		panic("group.ByKeyFunc: nil compare")
	}
	return &Map[K, T, P]{t: newTable[K, T, P](compare)}
}

// At returns the accumulator of key k, making it with New the first time k
// is seen. On a key already seen it does not allocate. At on a zero Map
// panics with an error wrapping [ErrZero].
func (g *Map[K, T, P]) At(k K) P {
	if p, ok := g.t.m[k]; ok {
		return p
	}
	return g.t.create("group.Map.At", k, g.New)
}

// Get returns the accumulator of key k and true, or nil and false when k
// has not been seen. Unlike [Map.At] it never adds a key.
func (g *Map[K, T, P]) Get(k K) (P, bool) {
	p, ok := g.t.m[k]
	return p, ok
}

// Len returns the number of keys.
func (g *Map[K, T, P]) Len() int { return len(g.t.m) }

// All returns an iterator over the keys and their accumulators, in key
// order. Keys added while the iteration runs are not visited.
func (g *Map[K, T, P]) All() iter.Seq2[K, P] { return g.t.all() }

// Merge adds the accumulators of o to those of g, key by key: into g's
// accumulator of the same key, or into a new one (made as New makes them)
// for a key that g lacks, so that g never shares an accumulator with o and
// later changes to o do not reach g. o is not modified; a nil or empty o
// merges nothing.
//
// If the Merge of an accumulator fails, Merge returns an
// [*estimate.ValueError] naming the first such key, whose reason is a
// [*KeyError] wrapping the accumulator's error, and g is unchanged: the
// merges go into copies first. A zero g returns ErrZero when o has keys.
func (g *Map[K, T, P]) Merge(o *Map[K, T, P]) error {
	if o == nil {
		return nil
	}
	return g.t.merge("group.Map.Merge", "Map", &o.t, g.New, nil)
}

type keyEntry[K any, P any] struct {
	Key   K `json:"key"`
	Value P `json:"value"`
}

// MarshalJSON returns g as a JSON list of {"key": k, "value": v} objects in
// key order, each k and v as encoding/json marshals K and T:
//
//	[{"key":"email","value":{...}},{"key":"web","value":{...}}]
//
// An empty Map is []. Errors are those of marshalling K and T.
func (g *Map[K, T, P]) MarshalJSON() ([]byte, error) {
	es := make([]keyEntry[K, P], 0, g.Len())
	for k, p := range g.All() {
		es = append(es, keyEntry[K, P]{k, p})
	}
	return json.Marshal(es)
}

// UnmarshalJSON replaces the contents of g with the entries of a list as
// [Map.MarshalJSON] writes it, each value decoded into an accumulator made
// as New makes them. JSON null leaves g unchanged.
//
// The decoding is strict: input that is not a list of objects with exactly
// the keys "key" and "value" (spelled so, each once, neither null), a key
// twice, a value that does not decode, or anything after the list returns
// ErrCorrupt, as an [*estimate.ValueError] with the entry's index, and
// leaves g unchanged. A zero g returns ErrZero.
func (g *Map[K, T, P]) UnmarshalJSON(data []byte) error {
	const fn = "group.Map.UnmarshalJSON"
	if g.t.m == nil {
		return zeroErr(fn, "Map")
	}
	if isNull(data) {
		return nil
	}
	es, err := strictjson.Array(data)
	if err != nil {
		return corruptErr(fn, "json", strictjson.Short(data), -1, err.Error())
	}
	t := newTable[K, T, P](g.t.cmp)
	for i, e := range es {
		f, err := entry(fn, i, e, "key", "value")
		if err != nil {
			return err
		}
		var k K
		if err := json.Unmarshal(f["key"], &k); err != nil {
			return corruptErr(fn, "key", strictjson.Short(f["key"]), i, err.Error())
		}
		if err := t.decode(fn, k, i, f["value"], g.New); err != nil {
			return err
		}
	}
	g.t = t
	return nil
}

// entry splits entry i of a group's JSON list into its fields, which must
// be exactly names, none null.
func entry(fn string, i int, e json.RawMessage, names ...string) (map[string]json.RawMessage, error) {
	f, err := strictjson.Object(e, names...)
	if err != nil {
		return nil, corruptErr(fn, "entry", strictjson.Short(e), i, err.Error())
	}
	for _, n := range names {
		v, ok := f[n]
		if !ok || strictjson.IsNull(v) {
			return nil, corruptErr(fn, n, "", i, "missing or null")
		}
	}
	return f, nil
}

// decode adds key k of entry i to t with its accumulator decoded from
// value.
func (t *table[K, T, P]) decode(fn string, k K, i int, value json.RawMessage, newAcc func() P) error {
	if _, dup := t.m[k]; dup {
		return keyErr(fn, k, i, fmt.Errorf("%w: key twice", ErrCorrupt))
	}
	p := fresh(fn, newAcc)
	if err := json.Unmarshal(value, p); err != nil {
		return keyErr(fn, k, i, corruptOf(err))
	}
	t.add(k, p)
	return nil
}

// isNull reports whether b is the JSON literal null, white space aside.
func isNull(b []byte) bool { return strictjson.IsNull(b) }
