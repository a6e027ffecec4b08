package servqual

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/servq/servq/internal/wire"
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
		b = wire.AppendUvarint(b, uint64(len(x)))
		for _, v := range x {
			w := int64(v)
			if v == Missing {
				w = wireMissing
			}
			b = wire.AppendVarint(b, w)
		}
	}
	if r.Weights == nil {
		return append(b, 0), nil
	}
	b = append(b, 1)
	b = wire.AppendUvarint(b, uint64(len(r.Weights)))
	for _, w := range r.Weights {
		b = wire.AppendFloat64(b, w)
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
	var rd wire.Reader
	rd.Reset("servqual.Response.UnmarshalBinary", b)
	rd.Version(responseVersion)
	var out Response
	for _, dst := range [...]*[]int{&out.Expectations, &out.Perceptions, &out.Minimum, &out.Desired} {
		n, ok := present(&rd, 1)
		if !ok {
			continue
		}
		x := make([]int, n)
		for i := range x {
			x[i] = readAnswer(&rd)
		}
		*dst = x
	}
	if n, ok := present(&rd, 8); ok {
		out.Weights = make([]float64, n)
		for i := range out.Weights {
			out.Weights[i] = rd.Float64()
		}
	}
	if err := rd.End(); err != nil {
		return err
	}
	*r = out
	return nil
}

// present reads a presence byte and, when it is 1, the length of a slice
// whose elements take at least size bytes each, checked against the
// bytes left and MaxItems. ok reports a present slice.
func present(rd *wire.Reader, size int) (n int, ok bool) {
	switch p := rd.Byte(); {
	case rd.Err() != nil || p == 0:
		return 0, false
	case p != 1:
		rd.Fail(fmt.Sprintf("presence byte %d", p))
		return 0, false
	}
	n = rd.Length(size)
	switch {
	case rd.Err() != nil:
		return 0, false
	case n > MaxItems:
		rd.Fail(fmt.Sprintf("%d values, more than MaxItems", n))
		return 0, false
	}
	return n, true
}

// readAnswer reads one answer: a zigzag varint that fits an int, wireMissing
// for Missing.
func readAnswer(rd *wire.Reader) int {
	v := rd.Varint()
	if rd.Err() != nil {
		return 0
	}
	switch {
	case v == wireMissing:
		return Missing
	case int64(int(v)) != v || v == int64(Missing):
		// Only on a 32-bit int: a value that does not fit, or Missing's
		// own value, which is written as wireMissing.
		rd.Fail(fmt.Sprintf("answer %d does not fit an int", v))
		return 0
	}
	return int(v)
}
