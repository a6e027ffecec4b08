package servqual

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/servq/servq/estimate"
)

// encodingVersion is the version of both encodings of an Accumulator.
const encodingVersion = 1

// stateJSON is the wire form of an Accumulator.
type stateJSON struct {
	Version    int                  `json:"version"`
	Instrument *Instrument          `json:"instrument"`
	N          int64                `json:"n"`
	Items      [][]estimate.Moments `json:"items"`      // [item][stat]
	Dimensions [][]estimate.Moments `json:"dimensions"` // [dimension][stat..., weight]
	Overall    []estimate.Moments   `json:"overall"`    // [stat..., item gap, weighted]
	Cov        [][]comomentsJSON    `json:"cov"`        // [series E, P, G][all items, dimension...]
}

type comomentsJSON struct {
	N    int64     `json:"n"`
	Mean []float64 `json:"mean"`
	C    []float64 `json:"c"` // upper triangle, row by row
}

// MarshalJSON encodes the state of a: the version (1), the instrument, n,
// the moments of each item, dimension and overall score (each as
// estimate.Moments encodes itself) and the co-moments of each series. A
// zero Accumulator, never given an instrument, encodes as null.
func (a Accumulator) MarshalJSON() ([]byte, error) {
	if a.l == nil {
		return []byte("null"), nil
	}
	in := a.l.in
	w := stateJSON{Version: encodingVersion, Instrument: &in, N: a.n,
		Items: make([][]estimate.Moments, a.l.k()), Dimensions: make([][]estimate.Moments, a.l.d()),
		Overall: a.all[:], Cov: make([][]comomentsJSON, len(a.cov))}
	for i := range w.Items {
		w.Items[i] = a.item[i*nStat : (i+1)*nStat]
	}
	for j := range w.Dimensions {
		w.Dimensions[j] = a.dim[j*(nStat+1) : (j+1)*(nStat+1)]
	}
	for s, cs := range a.cov {
		w.Cov[s] = make([]comomentsJSON, len(cs))
		for q, c := range cs {
			w.Cov[s][q] = comomentsJSON{N: c.n, Mean: c.mean, C: c.c}
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON replaces the state of a by the one MarshalJSON encodes,
// instrument included. JSON null leaves a unchanged, as encoding/json
// expects. The decoder is strict: anything but the canonical form that
// MarshalJSON writes (whitespace aside) returns ErrCorrupt and leaves a
// unchanged: an unknown, missing or repeated key, a wrong type, another
// version, data after the object, numbers written otherwise than
// MarshalJSON writes them, an invalid instrument, or a state that no
// responses could produce (counts above n, means off the scale).
func (a *Accumulator) UnmarshalJSON(b []byte) error {
	const fn = "servqual.Accumulator.UnmarshalJSON"
	corrupt := func(why string) error {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var w stateJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return corrupt(err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return corrupt("data after the object")
	}
	if w.Version != encodingVersion || w.Instrument == nil {
		return corrupt("not a version 1 state with an instrument")
	}
	l, err := compile(fn, *w.Instrument)
	if err != nil {
		return corrupt("invalid instrument: " + err.Error())
	}
	if len(w.Items) != l.k() || len(w.Dimensions) != l.d() || len(w.Overall) != nAll || len(w.Cov) != 3 {
		return corrupt("wrong number of items, dimensions, scores or series")
	}
	var u Accumulator
	u.init(l)
	u.n = w.N
	for i, m := range w.Items {
		if len(m) != nStat {
			return corrupt("wrong number of item statistics")
		}
		copy(u.item[i*nStat:], m)
	}
	for j, m := range w.Dimensions {
		if len(m) != nStat+1 {
			return corrupt("wrong number of dimension statistics")
		}
		copy(u.dim[j*(nStat+1):], m)
	}
	copy(u.all[:], w.Overall)
	for s, cs := range w.Cov {
		if len(cs) != len(u.cov[s]) {
			return corrupt("wrong number of co-moment scopes")
		}
		for q, c := range cs {
			dst := &u.cov[s][q]
			if len(c.Mean) != len(dst.mean) || len(c.C) != len(dst.c) {
				return corrupt("co-moments of the wrong size")
			}
			dst.n = c.n()
			copy(dst.mean, c.Mean)
			copy(dst.c, c.C)
		}
	}
	if err := u.validate(); err != nil {
		return corrupt(err.Error())
	}
	var want bytes.Buffer
	if err := json.Compact(&want, b); err != nil {
		return corrupt(err.Error())
	}
	if got, _ := u.MarshalJSON(); !bytes.Equal(got, want.Bytes()) {
		return corrupt("not in canonical form")
	}
	*a = u
	return nil
}

func (c comomentsJSON) n() int64 { return c.N }

// MarshalBinary encodes the state of a compactly: a version byte (1), a
// flag byte (0 for a zero Accumulator, which ends there; 1 otherwise), the
// length of the instrument's JSON as an unsigned varint and that JSON, n
// as an unsigned varint, the binary encoding of each estimate.Moments (estimate.MomentsBinarySize bytes)
// (items, dimensions, overall, in the order of MarshalJSON) and, per
// co-moment scope, n, the means and the upper triangle as little-endian
// IEEE 754 words. The standard instrument takes about 17 KB.
func (a Accumulator) MarshalBinary() ([]byte, error) {
	return a.AppendBinary(nil)
}

// AppendBinary appends the encoding of [Accumulator.MarshalBinary] to b.
func (a Accumulator) AppendBinary(b []byte) ([]byte, error) {
	if a.l == nil {
		return append(b, encodingVersion, 0), nil
	}
	in, err := json.Marshal(a.l.in)
	if err != nil {
		return nil, err
	}
	b = append(b, encodingVersion, 1)
	b = binary.AppendUvarint(b, uint64(len(in)))
	b = append(b, in...)
	b = binary.AppendUvarint(b, uint64(a.n))
	for _, ms := range [][]estimate.Moments{a.item, a.dim, a.all[:]} {
		for i := range ms {
			b, _ = ms[i].AppendBinary(b)
		}
	}
	for _, cs := range a.cov {
		for _, c := range cs {
			b = binary.LittleEndian.AppendUint64(b, uint64(c.n))
			for _, v := range c.mean {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
			for _, v := range c.c {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
		}
	}
	return b, nil
}

// UnmarshalBinary replaces the state of a by the one MarshalBinary
// encodes. Anything else returns ErrCorrupt and leaves a unchanged:
// another version or flag, bytes missing or left over, a non-minimal
// varint, an instrument that is invalid or not in canonical JSON, or a
// state that no responses could produce.
func (a *Accumulator) UnmarshalBinary(b []byte) error {
	const fn = "servqual.Accumulator.UnmarshalBinary"
	corrupt := func(why string) error {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
	if len(b) < 2 || b[0] != encodingVersion || b[1] > 1 {
		return corrupt("not a version 1 state")
	}
	if b[1] == 0 {
		if len(b) != 2 {
			return corrupt("bytes after a zero state")
		}
		*a = Accumulator{}
		return nil
	}
	p := b[2:]
	size, w := binary.Uvarint(p)
	if w <= 0 || size > uint64(len(p)-w) {
		return corrupt("bad instrument length")
	}
	p = p[w:]
	var in Instrument
	dec := json.NewDecoder(bytes.NewReader(p[:size]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return corrupt("instrument: " + err.Error())
	}
	l, err := compile(fn, in)
	if err != nil {
		return corrupt("invalid instrument: " + err.Error())
	}
	p = p[size:]
	n, w := binary.Uvarint(p)
	if w <= 0 || n > math.MaxInt64 {
		return corrupt("bad n")
	}
	p = p[w:]
	if len(p) != stateSize(l) {
		return corrupt(fmt.Sprintf("%d bytes of state, want %d", len(p), stateSize(l)))
	}
	var u Accumulator
	u.init(l)
	u.n = int64(n)
	for _, ms := range [][]estimate.Moments{u.item, u.dim, u.all[:]} {
		for i := range ms {
			if len(p) < estimate.MomentsBinarySize {
				return corrupt("truncated")
			}
			if err := ms[i].UnmarshalBinary(p[:estimate.MomentsBinarySize]); err != nil {
				return corrupt(err.Error())
			}
			p = p[estimate.MomentsBinarySize:]
		}
	}
	word := func() uint64 {
		v := binary.LittleEndian.Uint64(p)
		p = p[8:]
		return v
	}
	for s := range u.cov {
		for q := range u.cov[s] {
			c := &u.cov[s][q]
			if len(p) < 8*(1+len(c.mean)+len(c.c)) {
				return corrupt("truncated")
			}
			c.n = int64(word())
			for i := range c.mean {
				c.mean[i] = math.Float64frombits(word())
			}
			for i := range c.c {
				c.c[i] = math.Float64frombits(word())
			}
		}
	}
	if len(p) != 0 {
		return corrupt("trailing bytes")
	}
	if err := u.validate(); err != nil {
		return corrupt(err.Error())
	}
	if got, _ := u.MarshalBinary(); !bytes.Equal(got, b) {
		return corrupt("not in canonical form")
	}
	*a = u
	return nil
}

// stateSize returns the bytes of a binary state on l after n: the
// moments, then per series the co-moments of all items and of each
// dimension (n, k means, k(k+1)/2 co-moments, 8 bytes each). The decoder
// checks it before allocating, so that a short input naming a large
// instrument cannot make it allocate the instrument's matrices.
func stateSize(l *layout) int {
	size := (l.k()*nStat + l.d()*(nStat+1) + nAll) * estimate.MomentsBinarySize
	words := func(k int) int { return 8 * (1 + k + k*(k+1)/2) }
	size += 3 * words(l.k())
	for _, items := range l.dimItems {
		size += 3 * words(len(items))
	}
	return size
}

// validate checks that the decoded state u could come from responses on
// its instrument: every count <= n, means within the range of their
// statistic, spreads no larger than that range allows, and co-moments that
// form a covariance matrix.
func (u *Accumulator) validate() error {
	if u.n < 0 {
		return fmt.Errorf("n %d", u.n)
	}
	lo, hi := float64(u.l.in.Scale.Min), float64(u.l.in.Scale.Max)
	span := hi - lo
	bounds := func(s int) (float64, float64) {
		switch s {
		case statE, statP, statMin, statDes:
			return lo, hi
		case nStat: // a weight
			return 0, 100
		}
		return -span, span // gaps, adequacy, superiority, item gap, weighted
	}
	ok := func(m *estimate.Moments, s int) error {
		n, mean, m2 := momentsState(m)
		a, z := bounds(s)
		tol := 1e-9 * (1 + math.Abs(a) + math.Abs(z))
		switch {
		case n > u.n:
			return fmt.Errorf("a count %d above n %d", n, u.n)
		case n > 0 && (mean < a-tol || mean > z+tol):
			return fmt.Errorf("a mean %v outside %v..%v", mean, a, z)
		case m2 > float64(n)*(z-a)*(z-a)*(1+1e-9):
			return fmt.Errorf("a spread %v too wide", m2)
		}
		return nil
	}
	for i := range u.item {
		if err := ok(&u.item[i], i%nStat); err != nil {
			return err
		}
	}
	for i := range u.dim {
		if err := ok(&u.dim[i], i%(nStat+1)); err != nil {
			return err
		}
	}
	for i := range u.all {
		if err := ok(&u.all[i], min(i, statMSS)); err != nil {
			return err
		}
	}
	for s, cs := range u.cov {
		a, z := bounds([3]int{statE, statP, statG}[s])
		for q := range cs {
			c := &cs[q]
			if !c.valid() || c.n > u.n {
				return fmt.Errorf("co-moments of series %d, scope %d", s, q)
			}
			for i, m := range c.mean {
				if c.n > 0 && (m < a-1e-9*(1+math.Abs(a)) || m > z+1e-9*(1+math.Abs(z))) {
					return fmt.Errorf("a co-moment mean %v outside %v..%v", m, a, z)
				}
				if c.c[diagIndex(len(c.mean), i)] > float64(c.n)*(z-a)*(z-a)*(1+1e-9) {
					return fmt.Errorf("a co-moment spread too wide")
				}
			}
		}
	}
	return nil
}

// diagIndex returns the position of (i, i) in an upper triangle of size k.
func diagIndex(k, i int) int { return i*k - i*(i-1)/2 }
