package servqual

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"pgregory.net/rapid"
)

// wireResponse is a response with every slice present, Missing among the
// answers, and weights on tiny().
func wireResponse() Response {
	return Response{
		Expectations: []int{7, Missing, 5, 1},
		Perceptions:  []int{6, 5, 4, 3},
		Minimum:      []int{3, 3, Missing, 2},
		Desired:      []int{7, 6, 6, 5},
		Weights:      []float64{40, 60},
	}
}

// TestResponseBinaryByHand pins the encoding of a small response, worked
// out from the format of Response.MarshalBinary.
func TestResponseBinaryByHand(t *testing.T) {
	r := Response{
		Expectations: []int{7, Missing},
		Perceptions:  []int{1, -2},
		Desired:      []int{}, // empty, not nil
		Weights:      []float64{100},
	}
	want := []byte{
		1,    // version
		1, 2, // Expectations present, two answers
		14,                                                   // zigzag(7) = 14
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // zigzag(MinInt64) = 2^64-1:
		0x01,       //   nine bytes of seven 1-bits, then the 64th bit
		1, 2, 2, 3, // Perceptions: zigzag(1) = 2, zigzag(-2) = 3
		0,    // Minimum nil
		1, 0, // Desired empty
		1, 1, // one weight: 100 = 0x4059000000000000, little-endian
		0, 0, 0, 0, 0, 0, 0x59, 0x40,
	}
	got, err := r.MarshalBinary()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("MarshalBinary = % x, %v; want % x", got, err, want)
	}
	var back Response
	if err := back.UnmarshalBinary(want); err != nil {
		t.Fatal(err)
	}
	if back.Minimum != nil || back.Desired == nil || len(back.Desired) != 0 {
		t.Errorf("nil-ness lost: Minimum %#v, Desired %#v", back.Minimum, back.Desired)
	}
	if !responsesEqual(back, r) {
		t.Errorf("decoded %#v, want %#v", back, r)
	}
	if got, _ := (Response{}).MarshalBinary(); !bytes.Equal(got, []byte{1, 0, 0, 0, 0, 0}) {
		t.Errorf("zero Response = % x, want 01 00 00 00 00 00", got)
	}
}

// responsesEqual compares two responses slice by slice, nil apart from
// empty and weights by their bits.
func responsesEqual(a, b Response) bool {
	same := func(x, y []int) bool { return (x == nil) == (y == nil) && slices.Equal(x, y) }
	bits := func(x []float64) []uint64 {
		if x == nil {
			return nil
		}
		u := make([]uint64, len(x))
		for i, v := range x {
			u[i] = math.Float64bits(v)
		}
		return u
	}
	return same(a.Expectations, b.Expectations) && same(a.Perceptions, b.Perceptions) &&
		same(a.Minimum, b.Minimum) && same(a.Desired, b.Desired) &&
		(a.Weights == nil) == (b.Weights == nil) && slices.Equal(bits(a.Weights), bits(b.Weights))
}

func TestResponseDecodeCorrupt(t *testing.T) {
	valid, _ := wireResponse().MarshalBinary()
	r := wireResponse()
	state := func() string { return fmt.Sprintf("%#v", r) }
	corrupt := apitest.Wraps[*estimate.ValueError](ErrCorrupt)
	apitest.CheckDecoder(t, "Response.UnmarshalBinary", r.UnmarshalBinary, state, corrupt, apitest.BadBinary(valid))
	huge := []byte{1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f} // 2^32-1 expectations in no bytes
	over := append([]byte{1, 1}, binary.AppendUvarint(nil, MaxItems+1)...)
	over = append(over, make([]byte, MaxItems+1)...)                     // MaxItems+1 zero answers: the bytes are there
	weights := []byte{1, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0x59, 0x40} // two weights, one given
	apitest.CheckDecoder(t, "Response.UnmarshalBinary", r.UnmarshalBinary, state, corrupt, []apitest.Bad{
		{Rule: "length past the data", Data: huge},
		{Rule: "more than MaxItems", Data: over},
		{Rule: "presence byte 2", Data: []byte{1, 2, 0, 0, 0, 0}},
		{Rule: "weights truncated", Data: weights},
		{Rule: "overlong varint", Data: slices.Concat([]byte{1, 1, 1}, bytes.Repeat([]byte{0xff}, 10), []byte{1, 0, 0, 0, 0})},
	})
	// A hostile length is rejected before anything is allocated: only
	// the error's few hundred bytes are.
	if n := apitest.AllocBytes(func() { _ = r.UnmarshalBinary(huge) }); n > 4096 {
		t.Errorf("rejecting a huge length allocated %d bytes", n)
	}
}

// TestResponseAppendAllocs: AppendBinary into a buffer large enough
// allocates nothing.
func TestResponseAppendAllocs(t *testing.T) {
	r := wireResponse()
	buf := make([]byte, 0, 512)
	if n := testing.AllocsPerRun(100, func() { buf, _ = r.AppendBinary(buf[:0]) }); n != 0 {
		t.Errorf("AppendBinary allocated %v times", n)
	}
}

// drawResponse draws a response of any shape: each slice nil, empty or
// of any length up to 30, answers anywhere in int (Missing often),
// weights any bits (NaN and infinities too).
func drawResponse(t *rapid.T) Response {
	ints := func(name string) []int {
		switch rapid.IntRange(0, 3).Draw(t, name+" kind") {
		case 0:
			return nil
		case 1:
			return []int{}
		}
		return rapid.SliceOfN(rapid.OneOf(rapid.Int(), rapid.IntRange(1, 7), rapid.Just(Missing)), 0, 30).Draw(t, name)
	}
	var r Response
	r.Expectations, r.Perceptions, r.Minimum, r.Desired = ints("e"), ints("p"), ints("min"), ints("des")
	switch rapid.IntRange(0, 2).Draw(t, "w kind") {
	case 1:
		r.Weights = []float64{}
	case 2:
		r.Weights = rapid.SliceOfN(rapid.Map(rapid.Uint64(), math.Float64frombits), 0, 10).Draw(t, "w")
	}
	return r
}

// TestResponseRoundTrip: any response decodes to itself, nil-ness and
// float bits included, and re-encodes to the same bytes; appended to a
// prefix, its encoding is the same.
func TestResponseRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawResponse(t)
		b, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Response
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("%#v: %v", r, err)
		}
		if !responsesEqual(back, r) {
			t.Fatalf("decoded %#v, want %#v", back, r)
		}
		if p, _ := back.AppendBinary([]byte("prefix")); !bytes.Equal(p[6:], b) {
			t.Fatalf("AppendBinary after a prefix differs")
		}
	})
}

// TestResponseDecodedAdds: Add accepts or rejects a decoded response
// exactly as the original, and the two accumulators encode to the same
// bytes.
func TestResponseDecodedAdds(t *testing.T) {
	study := hostileStudy(20)
	rapid.Check(t, func(t *rapid.T) {
		r := study[rapid.IntRange(0, len(study)-1).Draw(t, "i")]
		r = Response{Expectations: slices.Clone(r.Expectations), Perceptions: slices.Clone(r.Perceptions),
			Minimum: slices.Clone(r.Minimum), Desired: slices.Clone(r.Desired), Weights: slices.Clone(r.Weights)}
		switch rapid.IntRange(0, 5).Draw(t, "spoil") { // sometimes one fault Add must see
		case 1:
			r.Minimum = []int{}
		case 2:
			r.Desired = nil
		case 3:
			r.Perceptions[rapid.IntRange(0, 3).Draw(t, "item")] = rapid.OneOf(rapid.Int(), rapid.Just(Missing)).Draw(t, "x")
		case 4:
			r.Weights = []float64{rapid.Float64().Draw(t, "w"), 50}
		case 5:
			r.Weights = nil
		}
		b, _ := r.MarshalBinary()
		var back Response
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		a1, _ := NewAccumulator(tiny())
		a2, _ := NewAccumulator(tiny())
		_ = a1.AddAll(study[:3])
		_ = a2.AddAll(study[:3])
		e1, e2 := a1.Add(r), a2.Add(back)
		if fmt.Sprint(e1) != fmt.Sprint(e2) {
			t.Fatalf("Add(original) = %v, Add(decoded) = %v", e1, e2)
		}
		s1, _ := a1.MarshalBinary()
		s2, _ := a2.MarshalBinary()
		if !bytes.Equal(s1, s2) {
			t.Fatal("the accumulators differ")
		}
	})
}

// FuzzDecodeResponse: decoding never panics, and what decodes re-encodes
// to the same bytes.
func FuzzDecodeResponse(f *testing.F) {
	for _, r := range []Response{{}, wireResponse(), {Expectations: []int{}, Perceptions: []int{1}, Weights: []float64{}}} {
		b, _ := r.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Response
		if err := r.UnmarshalBinary(b); err != nil {
			if !apitest.Wraps[*estimate.ValueError](ErrCorrupt)(err) {
				t.Fatalf("error %v is not a ValueError wrapping ErrCorrupt", err)
			}
			return
		}
		if got, _ := r.MarshalBinary(); !bytes.Equal(got, b) {
			t.Fatalf("% x decodes to %#v, which encodes as % x", b, r, got)
		}
	})
}
