package mysteryshopper

import (
	"encoding/binary"
	"math"
	"slices"
)

// scoreVersion is the version of the binary encoding of a Score.
const scoreVersion = 1

// The fewest bytes a section and an item take in a Score's encoding:
// an empty id (and section id), the bools, the floats.
const (
	minSectionBytes = 1 + 1 + 3*8 + 1
	minItemBytes    = 1 + 1 + 4 + 2*8 + 1
)

// MarshalBinary encodes every exported field of s, so that scored visits
// travel between processes (queues, the workers of a distributed engine)
// without JSON or reflection: a version byte (1), then in this order
//
//	Percent Points Possible Bonus       float64, 8 little-endian bytes of the bits
//	Pass                                1 byte, 0 or 1
//	CriticalFailures Triggered          zigzag varints (encoding/binary)
//	Sections                            an unsigned varint count, then each:
//	  ID Scored Percent Points Possible Triggered
//	Items                               an unsigned varint count, then each:
//	  ID Section Critical Bonus Applicable Met Credit Points CriticalFailure
//
// with strings as an unsigned varint length and the bytes, bools as one
// byte and floats as above. What ties s to its [Scorer] is not encoded: a
// decoded Score is checked by [Audit.Add] against the ids and flags it
// carries, and accepted exactly as the original. It never fails.
func (s Score) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of [Score.MarshalBinary] to b. It
// allocates nothing but the growth of b.
func (s Score) AppendBinary(b []byte) ([]byte, error) {
	size := 1 + 4*8 + 1 + 4*binary.MaxVarintLen64
	for i := range s.Sections {
		size += binary.MaxVarintLen64 + len(s.Sections[i].ID) + minSectionBytes
	}
	for i := range s.Items {
		size += 2*binary.MaxVarintLen64 + len(s.Items[i].ID) + len(s.Items[i].Section) + minItemBytes
	}
	b = slices.Grow(b, size)
	b = append(b, scoreVersion)
	b = appendFloats(b, s.Percent, s.Points, s.Possible, s.Bonus)
	b = appendBools(b, s.Pass)
	b = binary.AppendVarint(b, int64(s.CriticalFailures))
	b = binary.AppendVarint(b, int64(s.Triggered))
	b = binary.AppendUvarint(b, uint64(len(s.Sections)))
	for i := range s.Sections {
		sc := &s.Sections[i]
		b = appendString(b, sc.ID)
		b = appendBools(b, sc.Scored)
		b = appendFloats(b, sc.Percent, sc.Points, sc.Possible)
		b = appendBools(b, sc.Triggered)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Items)))
	for i := range s.Items {
		it := &s.Items[i]
		b = appendString(b, it.ID)
		b = appendString(b, it.Section)
		b = appendBools(b, it.Critical, it.Bonus, it.Applicable, it.Met)
		b = appendFloats(b, it.Credit, it.Points)
		b = appendBools(b, it.CriticalFailure)
	}
	return b, nil
}

func appendFloats(b []byte, vs ...float64) []byte {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func appendBools(b []byte, vs ...bool) []byte {
	for _, v := range vs {
		c := byte(0)
		if v {
			c = 1
		}
		b = append(b, c)
	}
	return b
}

// UnmarshalBinary decodes what [Score.MarshalBinary] encodes, replacing
// every exported field of s; the lists and strings of s are reused where
// they fit (an empty list decodes as nil), so that a Score decoded into
// again and again allocates little. Decoding checks the representation,
// not the values ([Audit.Add] checks those): another version, a bool byte
// other than 0 or 1, a count above [MaxItems] or longer than the bytes
// left, a truncated or non-minimal varint, a number that does not fit an
// int, or bytes left over return an [*estimate.ValueError] wrapping
// ErrCorrupt, and s is unchanged. Counts are checked against the bytes
// left before anything is allocated.
func (s *Score) UnmarshalBinary(b []byte) error {
	const fn = "mysteryshopper.Score.UnmarshalBinary"
	// A first pass checks b and stores nothing, so that s stays as it was
	// on error; the second, which cannot fail, fills s.
	if why := decodeScore(b, nil); why != "" {
		return valueErr(fn, "length", float64(len(b)), wrapf(ErrCorrupt, "%s", why))
	}
	decodeScore(b, s)
	return nil
}

// decodeScore decodes b into s, or only checks it when s is nil, and
// returns why b is no Score's encoding, or "".
func decodeScore(b []byte, s *Score) string {
	r := reader{b: b}
	if v := r.byte(); r.bad || v != scoreVersion {
		return "want version 1"
	}
	var sc Score // the scratch of a check
	store := s != nil
	if !store {
		s = &sc
	}
	s.Percent, s.Points, s.Possible, s.Bonus = r.float(), r.float(), r.float(), r.float()
	s.Pass = r.bool()
	s.CriticalFailures, s.Triggered = r.int(), r.int()
	n, why := r.list(minSectionBytes)
	if why != "" {
		return why
	}
	if store {
		s.Sections = resize(s.Sections, n)
	}
	for i := range n {
		var dst SectionScore
		if store {
			dst = s.Sections[i]
		}
		dst.ID = r.reuse(dst.ID, store)
		dst.Scored = r.bool()
		dst.Percent, dst.Points, dst.Possible = r.float(), r.float(), r.float()
		dst.Triggered = r.bool()
		if store {
			s.Sections[i] = dst
		}
	}
	if n, why = r.list(minItemBytes); why != "" {
		return why
	}
	if store {
		s.Items = resize(s.Items, n)
	}
	for i := range n {
		var dst ItemScore
		if store {
			dst = s.Items[i]
		}
		dst.ID = r.reuse(dst.ID, store)
		dst.Section = r.reuse(dst.Section, store)
		dst.Critical, dst.Bonus, dst.Applicable, dst.Met = r.bool(), r.bool(), r.bool(), r.bool()
		dst.Credit, dst.Points = r.float(), r.float()
		dst.CriticalFailure = r.bool()
		if store {
			s.Items[i] = dst
		}
	}
	switch {
	case r.bad:
		return "truncated data, a non-minimal varint, a bool other than 0 or 1, or a number too large"
	case len(r.b) != 0:
		return "trailing bytes"
	}
	s.layout = nil
	return ""
}

// resize returns x with length n, reusing its array when it is large
// enough; n == 0 gives nil.
func resize[E any](x []E, n int) []E {
	switch {
	case n == 0:
		return nil
	case cap(x) >= n:
		return x[:n]
	}
	return make([]E, n)
}

func (r *reader) float() float64 {
	if r.bad || len(r.b) < 8 {
		r.bad = true
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *reader) bool() bool {
	c := r.byte()
	if c > 1 {
		r.bad = true
	}
	return c == 1
}

// int reads a zigzag varint that fits an int.
func (r *reader) int() int {
	u := r.uvarint()
	v := int64(u>>1) ^ -int64(u&1)
	if int64(int(v)) != v {
		r.bad = true
		return 0
	}
	return int(v)
}

// list reads the length of a list whose elements take at least size
// bytes each, checked against MaxItems and the bytes left.
func (r *reader) list(size int) (int, string) {
	u := r.uvarint()
	switch {
	case r.bad:
		return 0, "truncated data or a non-minimal varint"
	case u > MaxItems:
		return 0, "more than MaxItems sections or items"
	case u*uint64(size) > uint64(len(r.b)):
		return 0, "more sections or items than the bytes left"
	}
	return int(u), ""
}

// reuse reads a string and returns old when it holds the same bytes, so
// that decoding the same ids again allocates nothing; with store false it
// only skips the string.
func (r *reader) reuse(old string, store bool) string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	p := r.b[:n]
	r.b = r.b[n:]
	switch {
	case !store:
		return ""
	case string(p) == old:
		return old
	}
	return string(p)
}
