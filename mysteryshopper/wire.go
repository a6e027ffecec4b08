package mysteryshopper

import (
	"encoding/binary"
	"slices"

	"github.com/servq/servq/internal/wire"
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
	b = wire.AppendVarint(b, int64(s.CriticalFailures))
	b = wire.AppendVarint(b, int64(s.Triggered))
	b = wire.AppendUvarint(b, uint64(len(s.Sections)))
	for i := range s.Sections {
		sc := &s.Sections[i]
		b = wire.AppendString(b, sc.ID)
		b = appendBools(b, sc.Scored)
		b = appendFloats(b, sc.Percent, sc.Points, sc.Possible)
		b = appendBools(b, sc.Triggered)
	}
	b = wire.AppendUvarint(b, uint64(len(s.Items)))
	for i := range s.Items {
		it := &s.Items[i]
		b = wire.AppendString(b, it.ID)
		b = wire.AppendString(b, it.Section)
		b = appendBools(b, it.Critical, it.Bonus, it.Applicable, it.Met)
		b = appendFloats(b, it.Credit, it.Points)
		b = appendBools(b, it.CriticalFailure)
	}
	return b, nil
}

func appendFloats(b []byte, vs ...float64) []byte {
	for _, v := range vs {
		b = wire.AppendFloat64(b, v)
	}
	return b
}

func appendBools(b []byte, vs ...bool) []byte {
	for _, v := range vs {
		b = wire.AppendBool(b, v)
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
	if err := decodeScore(fn, b, nil); err != nil {
		return err
	}
	_ = decodeScore(fn, b, s)
	return nil
}

// decodeScore decodes b into s, or only checks it when s is nil, and
// returns why b is no Score's encoding (an error naming fn), or nil.
func decodeScore(fn string, b []byte, s *Score) error {
	var r wire.Reader
	r.Reset(fn, b)
	if r.Version(scoreVersion); r.Err() != nil {
		return r.Err()
	}
	var sc Score // the scratch of a check
	store := s != nil
	if !store {
		s = &sc
	}
	s.Percent, s.Points, s.Possible, s.Bonus = r.Float64(), r.Float64(), r.Float64(), r.Float64()
	s.Pass = r.Bool()
	s.CriticalFailures, s.Triggered = r.Int(), r.Int()
	n := readList(&r, minSectionBytes)
	if r.Err() != nil {
		return r.Err()
	}
	if store {
		s.Sections = resize(s.Sections, n)
	}
	for i := range n {
		var dst SectionScore
		if store {
			dst = s.Sections[i]
		}
		dst.ID = readReuse(&r, dst.ID, store)
		dst.Scored = r.Bool()
		dst.Percent, dst.Points, dst.Possible = r.Float64(), r.Float64(), r.Float64()
		dst.Triggered = r.Bool()
		if store {
			s.Sections[i] = dst
		}
	}
	if n = readList(&r, minItemBytes); r.Err() != nil {
		return r.Err()
	}
	if store {
		s.Items = resize(s.Items, n)
	}
	for i := range n {
		var dst ItemScore
		if store {
			dst = s.Items[i]
		}
		dst.ID = readReuse(&r, dst.ID, store)
		dst.Section = readReuse(&r, dst.Section, store)
		dst.Critical, dst.Bonus, dst.Applicable, dst.Met = r.Bool(), r.Bool(), r.Bool(), r.Bool()
		dst.Credit, dst.Points = r.Float64(), r.Float64()
		dst.CriticalFailure = r.Bool()
		if store {
			s.Items[i] = dst
		}
	}
	if err := r.End(); err != nil {
		return err
	}
	s.layout = nil
	return nil
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

// readList reads the length of a list whose elements take at least size
// bytes each, checked against the bytes left and MaxItems.
func readList(r *wire.Reader, size int) int {
	n := r.Length(size)
	if r.Err() == nil && n > MaxItems {
		r.Fail("more than MaxItems sections or items")
		return 0
	}
	return n
}

// readReuse reads a string and returns old when it holds the same bytes,
// so that decoding the same ids again allocates nothing; with store false
// it only skips the string.
func readReuse(r *wire.Reader, old string, store bool) string {
	p := r.Bytes()
	switch {
	case !store || r.Err() != nil:
		return ""
	case string(p) == old:
		return old
	}
	return string(p)
}
