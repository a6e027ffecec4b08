package servqual

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// responseVersion is the version of the binary encoding of a Response.
const responseVersion = 1

// wireMissing is how an answer that is Missing travels: math.MinInt64 on
// every platform, so that a 32-bit and a 64-bit process agree.
const wireMissing = math.MinInt64

// MarshalBinary encodes r, so that responses travel between processes
// (queues, the workers of a distributed engine) without JSON or
// reflection: a version byte (1), then Expectations, Perceptions, Minimum,
// Desired and Weights in this order, each as
//
//	presence    one byte: 0 for a nil slice (nothing follows), 1 otherwise
//	length      an unsigned varint (0: an empty, non-nil slice)
//	values      answers as zigzag varints (encoding/binary), Missing as
//	            math.MinInt64; weights as 8 little-endian bytes of their bits
//
// The presence byte keeps nil apart from empty, so that a decoded response
// is accepted or rejected by [Accumulator.Add] exactly as the original.
// It never fails.
func (r Response) MarshalBinary() ([]byte, error) { return r.AppendBinary(nil) }

// AppendBinary appends the encoding of [Response.MarshalBinary] to b. It
// allocates nothing but the growth of b.
func (r Response) AppendBinary(b []byte) ([]byte, error) {
	size := 1 + 5*(1+binary.MaxVarintLen64) + 8*len(r.Weights)
	for _, x := range [...][]int{r.Expectations, r.Perceptions, r.Minimum, r.Desired} {
		size += binary.MaxVarintLen64 * len(x)
	}
	b = slices.Grow(b, size)
	b = append(b, responseVersion)
	for _, x := range [...][]int{r.Expectations, r.Perceptions, r.Minimum, r.Desired} {
		if x == nil {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(len(x)))
		for _, v := range x {
			w := int64(v)
			if v == Missing {
				w = wireMissing
			}
			b = binary.AppendVarint(b, w)
		}
	}
	if r.Weights == nil {
		return append(b, 0), nil
	}
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(r.Weights)))
	for _, w := range r.Weights {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Response.MarshalBinary] encodes, replacing
// r by a response with fresh slices. Decoding checks the representation,
// not the values (Add checks those against an instrument): another
// version, a presence byte other than 0 or 1, a slice longer than
// [MaxItems] or than the bytes left, a truncated or non-minimal varint, an
// answer that does not fit an int, or bytes left over return an
// [*estimate.ValueError] wrapping ErrCorrupt, and r is unchanged. A length
// is checked against the bytes left before anything is allocated.
func (r *Response) UnmarshalBinary(b []byte) error {
	const fn = "servqual.Response.UnmarshalBinary"
	rd := reader{fn: fn, b: b, all: len(b)}
	if v := rd.byte1(); rd.err == nil && v != responseVersion {
		rd.fail(fmt.Sprintf("version %d, want %d", v, responseVersion))
	}
	var out Response
	for _, dst := range [...]*[]int{&out.Expectations, &out.Perceptions, &out.Minimum, &out.Desired} {
		n, ok := rd.length(1)
		if !ok {
			continue
		}
		x := make([]int, n)
		for i := range x {
			x[i] = rd.answer()
		}
		*dst = x
	}
	if n, ok := rd.length(8); ok {
		out.Weights = make([]float64, n)
		for i := range out.Weights {
			out.Weights[i] = math.Float64frombits(binary.LittleEndian.Uint64(rd.b))
			rd.b = rd.b[8:]
		}
	}
	if err := rd.end(); err != nil {
		return err
	}
	*r = out
	return nil
}

// reader reads the binary encoding of a Response: bytes, minimal varints
// and length-prefixed slices. After the first failure every read returns
// zero and err keeps that failure.
type reader struct {
	fn  string
	b   []byte
	err error
	all int // len of the input, for the error
}

func (rd *reader) fail(why string) {
	if rd.err == nil {
		rd.err = valueErr(rd.fn, "length", float64(rd.all), fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
}

func (rd *reader) byte1() byte {
	if rd.err != nil {
		return 0
	}
	if len(rd.b) == 0 {
		rd.fail("truncated")
		return 0
	}
	c := rd.b[0]
	rd.b = rd.b[1:]
	return c
}

func (rd *reader) uvarint() uint64 {
	if rd.err != nil {
		return 0
	}
	u, w := binary.Uvarint(rd.b)
	switch {
	case w <= 0:
		rd.fail("truncated or overlong varint")
		return 0
	case w > 1 && rd.b[w-1] == 0:
		// A minimal varint never ends in a zero byte after the first.
		rd.fail("non-minimal varint")
		return 0
	}
	rd.b = rd.b[w:]
	return u
}

// length reads a presence byte and, when it is 1, the length of a slice
// whose elements take at least size bytes each, checked against
// MaxItems and the bytes left. ok reports a present slice.
func (rd *reader) length(size int) (n int, ok bool) {
	switch p := rd.byte1(); {
	case rd.err != nil:
		return 0, false
	case p == 0:
		return 0, false
	case p != 1:
		rd.fail(fmt.Sprintf("presence byte %d", p))
		return 0, false
	}
	u := rd.uvarint()
	switch {
	case rd.err != nil:
		return 0, false
	case u > MaxItems:
		rd.fail(fmt.Sprintf("%d values, more than MaxItems", u))
		return 0, false
	case u*uint64(size) > uint64(len(rd.b)):
		rd.fail(fmt.Sprintf("%d values in %d bytes", u, len(rd.b)))
		return 0, false
	}
	return int(u), true
}

// answer reads one answer: a zigzag varint that fits an int, wireMissing
// for Missing.
func (rd *reader) answer() int {
	u := rd.uvarint()
	if rd.err != nil {
		return 0
	}
	v := int64(u>>1) ^ -int64(u&1)
	switch {
	case v == wireMissing:
		return Missing
	case int64(int(v)) != v || v == int64(Missing):
		// Only on a 32-bit int: a value that does not fit, or Missing's
		// own value, which is written as wireMissing.
		rd.fail(fmt.Sprintf("answer %d does not fit an int", v))
		return 0
	}
	return int(v)
}

func (rd *reader) end() error {
	if rd.err == nil && len(rd.b) != 0 {
		rd.fail(fmt.Sprintf("%d trailing bytes", len(rd.b)))
	}
	return rd.err
}
