package servqbeam

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// A valueCodec encodes the value of an [Event]. It is chosen once per
// input type when the type is registered, so encoding a value is a direct
// call, with no reflection and no allocation beyond the output.
type valueCodec[In any] struct {
	append func(b []byte, v In) []byte
	read   func(b []byte) (v In, rest []byte, ok bool)
}

// codecFor returns the codec of the input types that servq accumulators
// take: int (scores, ratings), int64, float64 (estimate.Moments) and
// time.Duration (durations). ok is false for any other type.
func codecFor[In any]() (c valueCodec[In], ok bool) {
	var z In
	switch any(z).(type) {
	case int:
		return valueCodec[In]{
			append: any(func(b []byte, v int) []byte { return binary.AppendVarint(b, int64(v)) }).(func([]byte, In) []byte),
			read: any(func(b []byte) (int, []byte, bool) {
				v, k := varint(b)
				if k <= 0 || v < math.MinInt || v > math.MaxInt {
					return 0, b, false
				}
				return int(v), b[k:], true
			}).(func([]byte) (In, []byte, bool)),
		}, true
	case int64:
		return valueCodec[In]{
			append: any(func(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }).(func([]byte, In) []byte),
			read:   any(readInt64).(func([]byte) (In, []byte, bool)),
		}, true
	case time.Duration:
		return valueCodec[In]{
			append: any(func(b []byte, v time.Duration) []byte { return binary.AppendVarint(b, int64(v)) }).(func([]byte, In) []byte),
			read: any(func(b []byte) (time.Duration, []byte, bool) {
				v, rest, ok := readInt64(b)
				return time.Duration(v), rest, ok
			}).(func([]byte) (In, []byte, bool)),
		}, true
	case float64:
		return valueCodec[In]{
			append: any(func(b []byte, v float64) []byte { return binary.LittleEndian.AppendUint64(b, math.Float64bits(v)) }).(func([]byte, In) []byte),
			read: any(func(b []byte) (float64, []byte, bool) {
				if len(b) < 8 {
					return 0, b, false
				}
				return math.Float64frombits(binary.LittleEndian.Uint64(b)), b[8:], true
			}).(func([]byte) (In, []byte, bool)),
		}, true
	}
	return c, false
}

func readInt64(b []byte) (int64, []byte, bool) {
	v, k := varint(b)
	if k <= 0 {
		return 0, b, false
	}
	return v, b[k:], true
}

// eventCoder returns the encoder and decoder of Event[In]: the segment as
// a length-prefixed string, the instant as a varint of Unix seconds and a
// uvarint of nanoseconds, then the value. The decoded Time is in UTC.
func eventCoder[In any](c valueCodec[In]) (enc func(Event[In]) []byte, dec func([]byte) (Event[In], error)) {
	name := fmt.Sprintf("servqbeam.Event[%T]", *new(In))
	enc = func(e Event[In]) []byte {
		b := make([]byte, 0, 24+len(e.Segment))
		b = appendString(b, e.Segment)
		b = binary.AppendVarint(b, e.Time.Unix())
		b = binary.AppendUvarint(b, uint64(e.Time.Nanosecond()))
		return c.append(b, e.Value)
	}
	dec = func(b []byte) (Event[In], error) {
		corrupt := func(what string) error { return textErr(name, "bytes", what, ErrCorrupt) }
		seg, rest, ok := readString(b)
		if !ok {
			return Event[In]{}, corrupt("segment")
		}
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
		v, rest, ok := c.read(rest)
		if !ok {
			return Event[In]{}, corrupt("value")
		}
		if len(rest) != 0 {
			return Event[In]{}, corrupt("trailing bytes")
		}
		return Event[In]{Segment: seg, Time: time.Unix(sec, int64(ns)).UTC(), Value: v}, nil
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
