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
// The zero Reader is an empty input that names no function; start it on
// an encoding with [Reader.Reset]:
//
//	var r wire.Reader
//	r.Reset("pkg.T.UnmarshalBinary", b)
//	r.Version(1)
//	v := T{N: r.Varint(), OK: r.Bool()}
//	if err := r.End(); err != nil {
//		return err
//	}
type Reader struct {
	fn     string // the function that decodes, for the error
	all    int    // the length of the whole input, for the error
	b      []byte // the bytes not read yet
	failed bool   // a read failed: why, x and y say how, or err is set
	why    reason
	x, y   uint64
	err    error
}

// A reason is why a read failed, kept as a code so that the reads stay
// small enough to be inlined into the decoders; [Reader.Err] writes the
// message from it.
type reason uint8

const (
	noReason        reason = iota
	truncated              // nothing left
	truncatedFloat         // fewer than 8 bytes left
	truncatedVarint        // the varint runs past the data
	overflowVarint         // more than 64 bits
	nonMinimal             // a zero byte ends a varint of two bytes or more
	badBool                // x: the byte
	badVersion             // x: the byte, y: the version wanted
	lengthPast             // x: the length, y: the bytes left
	takePast               // x: the number of bytes (an int), y: the bytes left
	trailing               // x: the bytes left over
	badNanos               // x: the nanoseconds
)

// Reset makes r a reader of b from its start whose failures name fn (a
// function or method with its package, "timing.Span.UnmarshalBinary"),
// forgetting any failure. The Reader does not copy b: the slices
// [Reader.Bytes] and [Reader.Take] return alias it. (Reset works in
// place: a constructor returning a Reader would be copied, and that copy
// costs as much as reading a small encoding.)
func (r *Reader) Reset(fn string, b []byte) {
	r.fn, r.all, r.b, r.failed, r.why, r.x, r.y, r.err = fn, len(b), b, false, noReason, 0, 0, nil
}

// Err returns the first failure, or nil: an *estimate.ValueError{Func:
// fn, Name: "length", Value: the length of the input, Index: -1} wrapping
// estimate.ErrCorrupt, whose message ends in the reason ("truncated",
// "non-minimal varint", "bool byte 2 not 0 or 1", "length 9 past the 4
// bytes left", "3 trailing bytes", "version 2, want 1", "nanoseconds
// 1000000000 >= 1e9"). It returns the same error every time.
func (r *Reader) Err() error {
	if !r.failed {
		return nil
	}
	return r.failure()
}

func (r *Reader) failure() error {
	if r.err == nil {
		r.err = r.corrupt(r.message())
	}
	return r.err
}

// Failed reports whether a read failed; it is [Reader.Err] != nil, and
// cheaper.
func (r *Reader) Failed() bool { return r.failed }

// Len returns the number of bytes not read yet.
func (r *Reader) Len() int { return len(r.b) }

// Fail records a failure with the reason why unless one is recorded: the
// error of [Reader.Err] with why as its reason. Decoders call it for the
// checks of their own (a count above a maximum, an enumeration out of
// range).
func (r *Reader) Fail(why string) {
	if !r.failed {
		r.failed, r.err, r.b = true, r.corrupt(why), nil
	}
}

// fail records a failure by its code, unless one is recorded. Every
// failure drops the bytes left, so that a read whose bytes are there
// needs no other test.
func (r *Reader) fail(why reason, x, y uint64) {
	if !r.failed {
		r.failed, r.why, r.x, r.y, r.b = true, why, x, y, nil
	}
}

func (r *Reader) corrupt(why string) error {
	return &estimate.ValueError{Func: r.fn, Name: "length", Value: float64(r.all), Index: -1,
		Err: fmt.Errorf("%w: %s", estimate.ErrCorrupt, why)}
}

func (r *Reader) message() string {
	switch r.why {
	case truncated:
		return "truncated"
	case truncatedFloat:
		return "truncated float64"
	case truncatedVarint:
		return "truncated varint"
	case overflowVarint:
		return "varint overflows 64 bits"
	case nonMinimal:
		return "non-minimal varint"
	case badBool:
		return "bool byte " + strconv.FormatUint(r.x, 10) + " not 0 or 1"
	case badVersion:
		return "version " + strconv.FormatUint(r.x, 10) + ", want " + strconv.FormatUint(r.y, 10)
	case lengthPast:
		return "length " + strconv.FormatUint(r.x, 10) + " past the " + strconv.FormatUint(r.y, 10) + " bytes left"
	case takePast:
		return strconv.FormatInt(int64(r.x), 10) + " bytes past the " + strconv.FormatUint(r.y, 10) + " bytes left"
	case trailing:
		return strconv.FormatUint(r.x, 10) + " trailing bytes"
	case badNanos:
		return "nanoseconds " + strconv.FormatUint(r.x, 10) + " >= 1e9"
	}
	return "failed"
}

// The reads below keep their common path free of calls, so that the
// compiler inlines them into the decoders; a failure records its reason
// as a code, which Err turns into the message.

// End fails if bytes are left over ("N trailing bytes") and returns
// [Reader.Err].
func (r *Reader) End() error {
	if r.failed || len(r.b) != 0 {
		return r.end()
	}
	return nil
}

func (r *Reader) end() error {
	r.fail(trailing, uint64(len(r.b)), 0)
	return r.failure()
}

// Version reads a byte and fails unless it is want ("version 2, want 1";
// "truncated" on empty input).
func (r *Reader) Version(want byte) {
	switch {
	case len(r.b) == 0:
		r.fail(truncated, 0, 0)
	case r.b[0] != want:
		r.fail(badVersion, uint64(r.b[0]), uint64(want))
	default:
		r.b = r.b[1:]
	}
}

// Byte reads one byte, any value.
func (r *Reader) Byte() byte {
	if len(r.b) == 0 {
		r.fail(truncated, 0, 0)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Uvarint reads an unsigned varint, which must be minimal: a varint of
// more than one byte that ends in a zero byte is refused.
func (r *Reader) Uvarint() uint64 {
	if b := r.b; len(b) > 0 && b[0] < 0x80 { // the common one-byte case
		r.b = b[1:]
		return uint64(b[0])
	}
	return r.uvarintLong()
}

func (r *Reader) uvarintLong() uint64 {
	if r.failed {
		return 0
	}
	u, w := binary.Uvarint(r.b)
	switch {
	case w == 0:
		r.fail(truncatedVarint, 0, 0)
		return 0
	case w < 0:
		r.fail(overflowVarint, 0, 0)
		return 0
	case r.b[w-1] == 0:
		r.fail(nonMinimal, 0, 0)
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
	if b := r.b; len(b) > 0 && b[0] <= 1 {
		r.b = b[1:]
		return b[0] == 1
	}
	why, x := truncated, uint64(0)
	if len(r.b) > 0 {
		why, x = badBool, uint64(r.b[0])
	}
	r.fail(why, x, 0)
	return false
}

// Float64 reads 8 little-endian bytes as the bits of a float64, as they
// are: NaN and ±Inf included.
func (r *Reader) Float64() float64 {
	if len(r.b) < 8 {
		r.fail(truncatedFloat, 0, 0)
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
	if !r.failed && u > uint64(len(r.b)/max(size, 1)) {
		r.fail(lengthPast, u, uint64(len(r.b)))
		return 0
	}
	return int(u)
}

// Take reads the next n bytes, which alias the input; nil after a
// failure.
func (r *Reader) Take(n int) []byte {
	if n < 0 || n > len(r.b) || r.failed {
		r.fail(takePast, uint64(n), uint64(len(r.b)))
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
	case r.failed:
		return time.Time{}
	case ns >= 1e9:
		r.fail(badNanos, ns, 0)
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
	c := byte(0)
	if v {
		c = 1
	}
	return append(b, c)
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
