package csat

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/strictjson"
)

// tallyJSON is the wire form of a Tally, as MarshalJSON writes it.
type tallyJSON struct {
	Scale  *Scale  `json:"scale,omitempty"`
	N      *int64  `json:"n"`
	Counts []int64 `json:"counts"`
}

// MarshalJSON encodes the state of t as its scale, its n and its counts
// from Min to Max:
//
//	{"scale":{"min":1,"max":7,"satisfied_from":6},"n":3,"counts":[0,0,0,0,1,0,2]}
//
// A zero Tally, never given a scale, omits "scale", so that it decodes to
// a tally that still takes the scale of the first tally merged into it.
func (t Tally) MarshalJSON() ([]byte, error) {
	w := tallyJSON{N: &t.n, Counts: t.counts[:t.span()+1]}
	if t.set {
		s := t.Scale()
		w.Scale = &s
	}
	return json.Marshal(w)
}

// UnmarshalJSON sets t to the state that [Tally.MarshalJSON] encodes,
// scale included. JSON null leaves t unchanged. The decoding is strict:
// anything but one object with the keys "n" and "counts" and optionally
// "scale" (itself exactly "min", "max" and "satisfied_from"), spelled so,
// each once, none null, integers as integers, and nothing after it,
// returns ErrCorrupt and leaves t unchanged; so do an invalid scale,
// counts that are not one per point of the scale, a negative count, and
// counts that do not add up to n.
func (t *Tally) UnmarshalJSON(b []byte) error {
	const fn = "csat.Tally.UnmarshalJSON"
	if strictjson.IsNull(b) {
		return nil
	}
	corrupt := func(name, why string) error {
		return &estimate.ValueError{Func: fn, Name: name, Text: strictjson.Short(b), Index: -1,
			Err: fmt.Errorf("%w: %s", ErrCorrupt, why)}
	}
	f, err := strictjson.Object(b, "scale", "n", "counts")
	if err != nil {
		return corrupt("json", err.Error())
	}
	for _, k := range []string{"n", "counts"} {
		if _, ok := f[k]; !ok {
			return corrupt(k, "missing")
		}
	}
	n, err := strictjson.Int64(f["n"])
	if err != nil {
		return corrupt("n", err.Error())
	}
	c, err := strictjson.Int64s(f["counts"])
	if err != nil {
		return corrupt("counts", err.Error())
	}
	var u Tally
	if raw, ok := f["scale"]; ok {
		sf, err := strictjson.Object(raw, "min", "max", "satisfied_from")
		if err != nil {
			return corrupt("scale", err.Error())
		}
		var ends [3]int64
		for i, k := range []string{"min", "max", "satisfied_from"} {
			v, ok := sf[k]
			if !ok {
				return corrupt("scale", "no "+k)
			}
			if ends[i], err = strictjson.Int64(v); err != nil {
				return corrupt("scale", k+": "+err.Error())
			}
		}
		s, err := scaleOf(fn, ends)
		if err != nil {
			return err
		}
		u.setScale(s)
	}
	if err := u.setCounts(fn, n, c); err != nil {
		return err
	}
	*t = u
	return nil
}

// scaleOf returns the scale with ends min, max, satisfied_from as decoded,
// or ErrCorrupt (wrapping ErrScale) for an invalid or zero one.
func scaleOf(fn string, ends [3]int64) (Scale, error) {
	for _, v := range ends {
		if v < -MaxAbs || v > MaxAbs {
			return Scale{}, valueErr(fn, "scale end", float64(v),
				fmt.Errorf("%w: %w: beyond ±%d", ErrCorrupt, ErrScale, MaxAbs))
		}
	}
	s := Scale{Min: int(ends[0]), Max: int(ends[1]), SatisfiedFrom: int(ends[2])}
	if err := s.check(fn); err != nil || s.IsZero() {
		return Scale{}, valueErr(fn, "scale", 0, fmt.Errorf("%w: %w: %v", ErrCorrupt, ErrScale, ends))
	}
	return s, nil
}

// setCounts sets the counts of t, whose scale is set, to c, checking that
// there is one per point, none negative, and that they add up to n.
func (t *Tally) setCounts(fn string, n int64, c []int64) error {
	if len(c) != t.span()+1 {
		return valueErr(fn, "counts", float64(len(c)),
			fmt.Errorf("%w: want %d counts for the scale %v", ErrCorrupt, t.span()+1, t.Scale()))
	}
	var sum int64
	for i, k := range c {
		if k < 0 || sum > math.MaxInt64-k {
			return valueErr(fn, "count", float64(k), fmt.Errorf("%w: count %d of %d", ErrCorrupt, i, len(c)))
		}
		sum += k
	}
	if sum != n {
		return valueErr(fn, "n", float64(n), fmt.Errorf("%w: the counts add up to %d", ErrCorrupt, sum))
	}
	copy(t.counts[:], c)
	t.n = n
	return nil
}

// binaryVersion is the first byte of the binary encoding.
const binaryVersion = 1

// MarshalBinary encodes the state of t compactly: a version byte (1), a
// flags byte (bit 0: the scale was given), Min, Max and SatisfiedFrom as
// signed varints, and the count of each point from Min to Max as an
// unsigned varint (encoding/binary). A five-point tally with fewer than
// 128 ratings at each point takes 10 bytes.
func (t Tally) MarshalBinary() ([]byte, error) {
	return t.AppendBinary(make([]byte, 0, 8+t.span()+1))
}

// AppendBinary appends the encoding of [Tally.MarshalBinary] to b.
func (t Tally) AppendBinary(b []byte) ([]byte, error) {
	var flags byte
	if t.set {
		flags = 1
	}
	s := t.Scale()
	b = append(b, binaryVersion, flags)
	b = binary.AppendVarint(b, int64(s.Min))
	b = binary.AppendVarint(b, int64(s.Max))
	b = binary.AppendVarint(b, int64(s.SatisfiedFrom))
	for _, k := range t.counts[:t.span()+1] {
		b = binary.AppendUvarint(b, uint64(k))
	}
	return b, nil
}

// UnmarshalBinary sets t to the state that [Tally.MarshalBinary] encodes.
// Anything else returns ErrCorrupt and leaves t unchanged: another
// version, unknown flags, a varint longer than its minimal form, an
// invalid scale, a zero tally's scale other than Five, a count above
// math.MaxInt64, a total above math.MaxInt64, or bytes missing or left
// over.
func (t *Tally) UnmarshalBinary(b []byte) error {
	const fn = "csat.Tally.UnmarshalBinary"
	corrupt := func(name string, v float64, why string) error {
		return valueErr(fn, name, v, fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
	if len(b) < 2 {
		return corrupt("length", float64(len(b)), "too short")
	}
	if b[0] != binaryVersion {
		return corrupt("version", float64(b[0]), "unknown version")
	}
	if b[1] > 1 {
		return corrupt("flags", float64(b[1]), "unknown flags")
	}
	set, rest := b[1] == 1, b[2:]
	var ends [3]int64
	for i := range ends {
		v, k := binary.Varint(rest)
		if k <= 0 {
			return corrupt("offset", float64(len(b)-len(rest)), "bad varint")
		}
		if k != len(binary.AppendVarint(nil, v)) {
			return corrupt("offset", float64(len(b)-len(rest)), "non-minimal varint")
		}
		ends[i], rest = v, rest[k:]
	}
	s, err := scaleOf(fn, ends)
	if err != nil {
		return err
	}
	if !set && s != Five {
		return corrupt("scale", 0, "a zero tally on "+s.String())
	}
	var u Tally
	if set {
		u.setScale(s)
	}
	var c [MaxSpan + 1]int64
	var n int64
	for i := range s.Max - s.Min + 1 {
		v, k := binary.Uvarint(rest)
		if k <= 0 {
			return corrupt("offset", float64(len(b)-len(rest)), "bad varint")
		}
		if k != len(binary.AppendUvarint(nil, v)) {
			return corrupt("offset", float64(len(b)-len(rest)), "non-minimal varint")
		}
		if v > math.MaxInt64 || n > math.MaxInt64-int64(v) {
			return corrupt("count", float64(v), fmt.Sprintf("count %d overflows", i))
		}
		c[i], n, rest = int64(v), n+int64(v), rest[k:]
	}
	if len(rest) != 0 {
		return corrupt("length", float64(len(b)), fmt.Sprintf("%d bytes left over", len(rest)))
	}
	u.counts, u.n = c, n
	*t = u
	return nil
}
