package wire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/servq/servq/estimate"
)

// A Reader reads one encoding from its start. After the first failure
// every read returns the zero value and [Reader.Err] keeps that failure.
// The zero Reader reads nothing; make one with [NewReader].
type Reader struct {
	fn  string // the function that decodes, for the error
	all int    // the length of the whole input, for the error
	b   []byte // the bytes not read yet
	err error
}

// NewReader returns a Reader of b whose failures name fn (a function or
// method with its package, "timing.Span.UnmarshalBinary"). The Reader
// does not copy b: the slices [Reader.Bytes] and [Reader.Take] return
// alias it.
func NewReader(fn string, b []byte) Reader { return Reader{fn: fn, all: len(b), b: b} }

// Err returns the first failure, or nil.
func (r *Reader) Err() error { return r.err }

// Len returns the number of bytes not read yet.
func (r *Reader) Len() int { return len(r.b) }

// Fail records a failure with the reason why unless one is recorded: an
// *estimate.ValueError{Func: fn, Name: "length", Value: the length of the
// input, Index: -1} wrapping estimate.ErrCorrupt, whose message ends in
// why. Decoders call it for the checks of their own (a count above a
// maximum, an enumeration out of range).
func (r *Reader) Fail(why string) {
	if r.err == nil {
		r.err = &estimate.ValueError{Func: r.fn, Name: "length", Value: float64(r.all), Index: -1,
			Err: fmt.Errorf("%w: %s", estimate.ErrCorrupt, why)}
	}
}

// End fails if bytes are left over ("N trailing bytes") and returns
// [Reader.Err].
func (r *Reader) End() error {
	if r.err == nil && len(r.b) != 0 {
		r.Fail(strconv.Itoa(len(r.b)) + " trailing bytes")
	}
	return r.err
}

// Version reads a byte and fails unless it is want ("version 2, want 1";
// "truncated" on empty input).
func (r *Reader) Version(want byte) {
	if v := r.Byte(); r.err == nil && v != want {
		r.Fail("version " + strconv.Itoa(int(v)) + ", want " + strconv.Itoa(int(want)))
	}
}

// Byte reads one byte, any value.
func (r *Reader) Byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.Fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Uvarint reads an unsigned varint, which must be minimal: a varint of
// more than one byte that ends in a zero byte is refused.
func (r *Reader) Uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) > 0 && r.b[0] < 0x80 { // the common one-byte case
		u := uint64(r.b[0])
		r.b = r.b[1:]
		return u
	}
	u, w := binary.Uvarint(r.b)
	switch {
	case w == 0:
		r.Fail("truncated varint")
		return 0
	case w < 0:
		r.Fail("varint overflows 64 bits")
		return 0
	case r.b[w-1] == 0:
		r.Fail("non-minimal varint")
		return 0
	}
	r.b = r.b[w:]
	return u
}

// Varint reads a zig-zag varint, which must be minimal.
func (r *Reader) Varint() int64 {
	u := r.Uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// Int reads a zig-zag varint that must fit an int (it always does where
// int has 64 bits).
func (r *Reader) Int() int {
	v := r.Varint()
	if int64(int(v)) != v {
		r.Fail("value " + strconv.FormatInt(v, 10) + " does not fit an int")
		return 0
	}
	return int(v)
}

// Count reads an unsigned varint that must fit an int64 (a count).
func (r *Reader) Count() int64 {
	u := r.Uvarint()
	if u > math.MaxInt64 {
		r.Fail("count " + strconv.FormatUint(u, 10) + " above MaxInt64")
		return 0
	}
	return int64(u)
}

// Bool reads one byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	if r.err != nil {
		return false
	}
	if len(r.b) == 0 {
		r.Fail("truncated")
		return false
	}
	c := r.b[0]
	if c > 1 {
		r.Fail("bool byte " + strconv.Itoa(int(c)) + " not 0 or 1")
		return false
	}
	r.b = r.b[1:]
	return c == 1
}

// Float64 reads 8 little-endian bytes as the bits of a float64, as they
// are: NaN and ±Inf included.
func (r *Reader) Float64() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.Fail("truncated float64")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// Length reads an unsigned varint, the length of a list whose elements
// take at least size bytes each (size >= 1), and fails when the bytes
// left cannot hold that many ("length 9 past the 4 bytes left"). The
// caller can then allocate the list: its size is bounded by the input's.
func (r *Reader) Length(size int) int {
	u := r.Uvarint()
	if r.err == nil && u > uint64(len(r.b)/max(size, 1)) {
		r.Fail("length " + strconv.FormatUint(u, 10) + " past the " + strconv.Itoa(len(r.b)) + " bytes left")
		return 0
	}
	return int(u)
}

// Take reads the next n bytes, which alias the input; nil after a
// failure.
func (r *Reader) Take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.Fail(strconv.Itoa(n) + " bytes past the " + strconv.Itoa(len(r.b)) + " bytes left")
		return nil
	}
	p := r.b[:n:n]
	r.b = r.b[n:]
	return p
}

// Bytes reads a uvarint length and that many bytes, which alias the
// input; the length is checked against the bytes left.
func (r *Reader) Bytes() []byte { return r.Take(r.Length(1)) }

// Text reads a uvarint length and that many bytes as a new string (the
// only allocation); the length is checked before it is allocated.
func (r *Reader) Text() string { return string(r.Bytes()) }

// MaxUnixSeconds is the largest Unix second that time.Unix turns into a
// time.Time without overflow (a time.Time counts seconds since year 1 in
// an int64). [Reader.Time] does not check it; a decoder whose times must
// order correctly does.
const MaxUnixSeconds = math.MaxInt64 - 62135596800

// Time reads a time written by [AppendTime], in UTC: the instant exactly.
// Nanoseconds >= 1e9 fail. Any int64 of seconds decodes: beyond
// [MaxUnixSeconds] time.Unix wraps around, and the wrapped time still
// re-encodes to the same bytes and compares Equal to the original.
func (r *Reader) Time() time.Time {
	sec := r.Varint()
	ns := r.Uvarint()
	switch {
	case r.err != nil:
		return time.Time{}
	case ns >= 1e9:
		r.Fail("nanoseconds " + strconv.FormatUint(ns, 10) + " >= 1e9")
		return time.Time{}
	}
	return time.Unix(sec, int64(ns)).UTC()
}

// AppendUvarint appends the minimal unsigned varint of u.
func AppendUvarint(b []byte, u uint64) []byte { return binary.AppendUvarint(b, u) }

// AppendVarint appends the minimal zig-zag varint of v.
func AppendVarint(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

// AppendBool appends 1 for true, 0 for false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// AppendFloat64 appends the 8 little-endian bytes of the bits of v.
func AppendFloat64(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

// AppendBytes appends the uvarint length of p, then p.
func AppendBytes(b, p []byte) []byte { return append(binary.AppendUvarint(b, uint64(len(p))), p...) }

// AppendString appends the uvarint length of s, then s.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// AppendTime appends t as a zig-zag varint of its Unix seconds and a
// uvarint of its nanoseconds (0..999999999): the instant, not the
// location nor the monotonic clock reading.
func AppendTime(b []byte, t time.Time) []byte {
	return binary.AppendUvarint(binary.AppendVarint(b, t.Unix()), uint64(t.Nanosecond()))
}

// TimeSize is the largest number of bytes [AppendTime] appends.
const TimeSize = binary.MaxVarintLen64 + 5
