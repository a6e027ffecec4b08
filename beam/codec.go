package servqbeam

import (
	"encoding"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/servq/servq/estimate"
)

// A valueCodec encodes the value of an [Event], and a value on its own
// (the KV<Key, In> that PerKey hands to the combine). It is chosen once
// per input type when the type is registered, so that encoding or
// decoding a value is a direct call: no reflection on the value, and no
// allocation beyond the output (and, for a pointer In, the new value).
//
// decode reads exactly one value from b, all of it: bytes left over are an
// error, as is anything else that is not a canonical encoding.
type valueCodec[In any] struct {
	append func(b []byte, v In) ([]byte, error)
	decode func(b []byte) (In, error)
}

// codecWant says what Register wants of an input type.
const codecWant = "want int, int64, float64, bool, time.Duration, or a type whose value has " +
	"AppendBinary(b []byte) ([]byte, error) and whose pointer has UnmarshalBinary([]byte) error " +
	"(encoding.BinaryAppender and encoding.BinaryUnmarshaler; a pointer *S where *S has both)"

// codecFor returns the codec of In: a varint for int, int64 and
// time.Duration, 8 little-endian bytes of the bits for float64, one byte
// 0 or 1 for bool, and otherwise the value's own binary encoding (see
// [binaryCodec]). err says what In lacks when it is none of these.
func codecFor[In any]() (valueCodec[In], error) {
	var z In
	switch any(z).(type) {
	case int:
		return cast[int, In](varintCodec(func(v int64) (int, bool) {
			return int(v), v >= math.MinInt && v <= math.MaxInt
		}, func(v int) int64 { return int64(v) })), nil
	case int64:
		return cast[int64, In](varintCodec(func(v int64) (int64, bool) { return v, true }, func(v int64) int64 { return v })), nil
	case time.Duration:
		return cast[time.Duration, In](varintCodec(func(v int64) (time.Duration, bool) { return time.Duration(v), true },
			func(v time.Duration) int64 { return int64(v) })), nil
	case float64:
		return cast[float64, In](valueCodec[float64]{
			append: func(b []byte, v float64) ([]byte, error) {
				return binary.LittleEndian.AppendUint64(b, math.Float64bits(v)), nil
			},
			decode: func(b []byte) (float64, error) {
				if len(b) != 8 {
					return 0, fmt.Errorf("%d bytes, want 8", len(b))
				}
				return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
			},
		}), nil
	case bool:
		return cast[bool, In](valueCodec[bool]{
			append: func(b []byte, v bool) ([]byte, error) {
				if v {
					return append(b, 1), nil
				}
				return append(b, 0), nil
			},
			decode: func(b []byte) (bool, error) {
				if len(b) != 1 || b[0] > 1 {
					return false, fmt.Errorf("bool bytes %x, want 00 or 01", b)
				}
				return b[0] == 1, nil
			},
		}), nil
	}
	return binaryCodec[In]()
}

// cast turns the codec of V into the codec of In, when In is V.
func cast[V, In any](c valueCodec[V]) valueCodec[In] {
	return any(c).(valueCodec[In])
}

// varintCodec is the codec of an integer type V as a canonical varint;
// from converts the int64 read and reports whether it fits in V.
func varintCodec[V any](from func(int64) (V, bool), to func(V) int64) valueCodec[V] {
	return valueCodec[V]{
		append: func(b []byte, v V) ([]byte, error) { return binary.AppendVarint(b, to(v)), nil },
		decode: func(b []byte) (V, error) {
			x, k := varint(b)
			if k <= 0 {
				var z V
				return z, fmt.Errorf("bytes %x: no canonical varint", b)
			}
			if k != len(b) {
				var z V
				return z, fmt.Errorf("%d bytes after the varint", len(b)-k)
			}
			v, ok := from(x)
			if !ok {
				return v, fmt.Errorf("%d out of range", x)
			}
			return v, nil
		},
	}
}

// binaryCodec returns the codec of an In that encodes itself: its value
// has AppendBinary and its pointer UnmarshalBinary (a struct of a metric
// package: timing.Contact, servqual.Response), or In is a pointer *S
// where *S has both (mysteryshopper's *Score). The methods are found here,
// once, as method expressions, so that each value is encoded and decoded
// by a direct call. A pointer In travels with a byte before it, 0 for nil
// (and nothing after) or 1 and the value's encoding, so that a nil
// observation reaches the accumulator's Add (which rejects it) instead of
// failing the encoder; each decoded value is a new S, allocated with
// reflect.New of the type found here (an allocation, as new(S) is: the
// one reflect call per value).
func binaryCodec[In any]() (valueCodec[In], error) {
	t := reflect.TypeFor[In]()
	if t.Kind() == reflect.Interface {
		return valueCodec[In]{}, fmt.Errorf("input type %v is an interface: %s", t, codecWant)
	}
	app, ok := method[func(In, []byte) ([]byte, error)](t, "AppendBinary")
	if !ok || !t.Implements(reflect.TypeFor[encoding.BinaryAppender]()) {
		return valueCodec[In]{}, fmt.Errorf("input type %v has no AppendBinary: %s", t, codecWant)
	}
	if t.Kind() != reflect.Pointer {
		un, ok := method[func(*In, []byte) error](reflect.PointerTo(t), "UnmarshalBinary")
		if !ok {
			return valueCodec[In]{}, fmt.Errorf("input type *%v has no UnmarshalBinary: %s", t, codecWant)
		}
		return valueCodec[In]{
			append: func(b []byte, v In) ([]byte, error) { return app(v, b) },
			decode: func(b []byte) (In, error) {
				var v In
				if err := un(&v, b); err != nil {
					var z In
					return z, err
				}
				return v, nil
			},
		}, nil
	}
	un, ok := method[func(In, []byte) error](t, "UnmarshalBinary")
	if !ok {
		return valueCodec[In]{}, fmt.Errorf("input type %v has no UnmarshalBinary: %s", t, codecWant)
	}
	elem := t.Elem()
	var null In // the nil pointer, compared as an interface: no reflection
	return valueCodec[In]{
		append: func(b []byte, v In) ([]byte, error) {
			if any(v) == any(null) {
				return append(b, 0), nil
			}
			return app(v, append(b, 1))
		},
		decode: func(b []byte) (In, error) {
			var z In
			switch {
			case len(b) == 1 && b[0] == 0:
				return z, nil
			case len(b) == 0 || b[0] != 1:
				return z, fmt.Errorf("pointer flag bytes %x, want 00 or 01 and the value", b)
			}
			v := reflect.New(elem).Interface().(In)
			if err := un(v, b[1:]); err != nil {
				return z, err
			}
			return v, nil
		},
	}, nil
}

// method returns the method expression of t's method name, as a func of
// type F (the receiver first), and whether t has it with that signature.
func method[F any](t reflect.Type, name string) (F, bool) {
	m, ok := t.MethodByName(name)
	if !ok || !m.Func.IsValid() || m.Func.Type() != reflect.TypeFor[F]() {
		var z F
		return z, false
	}
	return m.Func.Interface().(F), true
}

// eventVersion is the version byte of the encoding of an Event.
const eventVersion = 1

// eventCoder returns the encoder and decoder of Event[In]: a version byte
// (1), the instant as a varint of Unix seconds and a uvarint of
// nanoseconds, the segment as a uvarint length and its bytes, and then,
// to the end, the value's encoding. The decoded Time is in UTC (the
// instant exactly); the segment's bytes are taken as they are.
//
// The decoder is strict: a wrong version, a truncation, trailing bytes, a
// non-minimal varint, nanoseconds of 1e9 or more, a length past the data,
// or a value that the value's own decoder rejects return an error
// wrapping ErrCorrupt. Decoding checks the representation, not the range:
// the accumulator's Add checks the value.
func eventCoder[In any](c valueCodec[In]) (enc func(Event[In]) ([]byte, error), dec func([]byte) (Event[In], error)) {
	name := fmt.Sprintf("servqbeam.Event[%v]", reflect.TypeFor[In]())
	enc = func(e Event[In]) ([]byte, error) {
		b := make([]byte, 0, 24+len(e.Segment))
		b = append(b, eventVersion)
		b = binary.AppendVarint(b, e.Time.Unix())
		b = binary.AppendUvarint(b, uint64(e.Time.Nanosecond()))
		b = appendString(b, e.Segment)
		return c.append(b, e.Value)
	}
	dec = func(b []byte) (Event[In], error) {
		corrupt := func(what string) error { return textErr(name, "bytes", what, ErrCorrupt) }
		if len(b) == 0 || b[0] != eventVersion {
			return Event[In]{}, corrupt("version")
		}
		rest := b[1:]
		sec, k := varint(rest)
		if k <= 0 {
			return Event[In]{}, corrupt("seconds")
		}
		rest = rest[k:]
		ns, k := uvarint(rest)
		if k <= 0 || ns >= 1e9 {
			return Event[In]{}, corrupt("nanoseconds")
		}
		rest = rest[k:]
		seg, rest, ok := readString(rest)
		if !ok {
			return Event[In]{}, corrupt("segment")
		}
		v, err := c.decode(rest)
		if err != nil {
			return Event[In]{}, &estimate.ValueError{Func: name, Name: "value", Index: -1, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
		}
		return Event[In]{Segment: seg, Time: time.Unix(sec, int64(ns)).UTC(), Value: v}, nil
	}
	return enc, dec
}

// inputCoder returns the encoder and decoder of a value on its own: the
// value codec's encoding, and decoding errors wrapping ErrCorrupt.
func inputCoder[In any](c valueCodec[In]) (enc func(In) ([]byte, error), dec func([]byte) (In, error)) {
	name := fmt.Sprintf("servqbeam.value[%v]", reflect.TypeFor[In]())
	enc = func(v In) ([]byte, error) { return c.append(nil, v) }
	dec = func(b []byte) (In, error) {
		v, err := c.decode(b)
		if err != nil {
			return v, &estimate.ValueError{Func: name, Name: "value", Index: -1, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
		}
		return v, nil
	}
	return enc, dec
}

// accCoder returns the encoder and decoder of *T: T's own MarshalBinary
// and UnmarshalBinary. A nil *T encodes as the zero T.
func accCoder[T, In any, P Accumulator[T, In]]() (enc func(*T) ([]byte, error), dec func([]byte) (*T, error)) {
	enc = func(t *T) ([]byte, error) {
		if t == nil {
			t = new(T)
		}
		return P(t).MarshalBinary()
	}
	dec = func(b []byte) (*T, error) {
		t := new(T)
		if err := P(t).UnmarshalBinary(b); err != nil {
			return nil, err
		}
		return t, nil
	}
	return enc, dec
}
