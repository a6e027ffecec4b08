package timing

import (
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// SketchAccuracy is the relative accuracy α of a [Sketch]: a quantile it
// reports is within a factor 1 ± α of the exact one.
const SketchAccuracy = 0.01

var (
	sketchGamma    = (1 + SketchAccuracy) / (1 - SketchAccuracy)
	sketchLogGamma = math.Log(sketchGamma)
)

// A Sketch is a DDSketch (Masson, Rim and Lee 2019, "DDSketch: A Fast and
// Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", PVLDB
// 12(12)) of non-negative durations: it counts each duration d >= 1 ns in
// the bucket
//
//	i = ⌈log_γ(d)⌉,  γ = (1 + α)/(1 - α),  α = SketchAccuracy = 0.01
//
// and zero durations apart, so that a quantile read back as
// 2γ^i/(γ + 1) is within relative error α of the exact order statistic.
// Buckets are kept densely between the smallest and largest index seen:
// durations from 1 s to 30 days take at most 740 buckets (about 6 KiB),
// whatever the count. Merging adds bucket counts, so the merge of parts is
// the sketch of the whole, exactly.
//
// A Sketch is the quantile part of [Durations], which is the accumulator
// with a Result (count, mean with its interval, quantiles); a Sketch is a
// component, with Add, AddN, AddAll, Merge, N and both encodings, so it
// combines like an accumulator but reports through [Sketch.Quantile]
// and has no Result. The zero value is an empty sketch ready to use. A
// Sketch is not safe for concurrent use. servq writes its own rather than importing DataDog's
// sketches-go, whose encoding pulls in protobuf; this one is the
// logarithmic mapping with dense buckets and no collapsing, which keeps the
// guarantee for every quantile.
type Sketch struct {
	n        int64
	zero     int64
	offset   int     // bucket index of counts[0]
	counts   []int64 // counts[k]: durations in bucket offset+k
	min, max time.Duration
}

// sketchBounds[i] = γ^i is the upper bound of bucket i, which holds the
// durations in (γ^(i-1), γ^i]. The bucket of a duration is found from
// its binary exponent and the top 7 bits of its mantissa (sketchStart)
// and at most one comparison, instead of a logarithm.
var sketchBounds, sketchStart = func() ([]float64, []int16) {
	n := int(math.Ceil(math.Log(math.MaxInt64)/sketchLogGamma)) + 2
	b := make([]float64, n)
	for i := range b {
		b[i] = math.Pow(sketchGamma, float64(i))
	}
	st := make([]int16, 64<<7)
	i := 0
	for k := range st {
		lo := math.Ldexp(1+float64(k&127)/128, k>>7) // the smallest value of cell k
		for i < n-1 && b[i] < lo {
			i++
		}
		st[k] = int16(i)
	}
	return b, st
}()

// sketchIndex returns the bucket of d >= 1 ns: the smallest i with
// γ^i >= d.
func sketchIndex(d time.Duration) int {
	x := float64(d)
	bits := math.Float64bits(x)
	k := int(bits>>52-1023)<<7 | int(bits>>45&127)
	i := int(sketchStart[k])
	for sketchBounds[i] < x {
		i++
	}
	return i
}

// sketchValue is the value that stands for bucket i, 2γ^i/(γ+1): within
// α of every duration in (γ^(i-1), γ^i].
func sketchValue(i int) float64 { return 2 * sketchBounds[i] / (sketchGamma + 1) }

// Add counts d. A negative d returns ErrNegative, and a sketch that holds
// math.MaxInt64 durations ErrOverflow; either way s is unchanged.
func (s *Sketch) Add(d time.Duration) error { return s.addN("timing.Sketch.Add", d, 1) }

// AddN counts count copies of d. A negative d returns ErrNegative, a
// negative count ErrCount, a total above math.MaxInt64 ErrOverflow; on
// error s is unchanged.
func (s *Sketch) AddN(d time.Duration, count int64) error {
	return s.addN("timing.Sketch.AddN", d, count)
}

// AddAll counts every duration of xs. A negative one returns ErrNegative
// with its index, and none of xs is counted.
func (s *Sketch) AddAll(xs []time.Duration) error {
	const fn = "timing.Sketch.AddAll"
	for i, d := range xs {
		if d < 0 {
			return &estimate.ValueError{Func: fn, Name: "duration (s)", Value: d.Seconds(), Index: i, Err: ErrNegative}
		}
	}
	if s.n > math.MaxInt64-int64(len(xs)) {
		return valueErr(fn, "count", float64(len(xs)), ErrOverflow)
	}
	for _, d := range xs {
		_ = s.addN(fn, d, 1)
	}
	return nil
}

func (s *Sketch) addN(fn string, d time.Duration, count int64) error {
	switch {
	case d < 0:
		return valueErr(fn, "duration (s)", d.Seconds(), ErrNegative)
	case count < 0:
		return valueErr(fn, "count", float64(count), ErrCount)
	case s.n > math.MaxInt64-count:
		return valueErr(fn, "count", float64(count), ErrOverflow)
	case count == 0:
		return nil
	}
	if d == 0 {
		s.zero += count
	} else {
		i := sketchIndex(d)
		s.grow(i)
		s.counts[i-s.offset] += count
	}
	if s.n == 0 || d < s.min {
		s.min = d
	}
	if s.n == 0 || d > s.max {
		s.max = d
	}
	s.n += count
	return nil
}

// grow makes room for bucket i.
func (s *Sketch) grow(i int) {
	if len(s.counts) == 0 {
		if cap(s.counts) == 0 {
			s.counts = make([]int64, 1, 64)
		} else {
			s.counts = s.counts[:1]
			s.counts[0] = 0
		}
		s.offset = i
		return
	}
	if i < s.offset {
		k := s.offset - i
		s.counts = slices.Insert(s.counts, 0, make([]int64, k)...)
		s.offset = i
	} else if top := s.offset + len(s.counts); i >= top {
		s.counts = append(s.counts, make([]int64, i-top+1)...)
	}
}

// N returns the number of durations counted.
func (s *Sketch) N() int64 { return s.n }

// All returns the non-empty buckets in increasing order: the value that
// stands for each (0 for zero durations) and its count.
func (s *Sketch) All() iter.Seq2[time.Duration, int64] {
	return func(yield func(time.Duration, int64) bool) {
		if s.zero > 0 && !yield(0, s.zero) {
			return
		}
		for k, c := range s.counts {
			if c > 0 && !yield(time.Duration(math.Round(sketchValue(s.offset+k))), c) {
				return
			}
		}
	}
}

// Reset empties s, keeping its buckets' memory.
func (s *Sketch) Reset() {
	clear(s.counts)
	s.counts = s.counts[:0]
	s.n, s.zero, s.offset, s.min, s.max = 0, 0, 0, 0, 0
}

// Merge adds the durations of o to s. A nil o adds nothing; a total above
// math.MaxInt64 returns ErrOverflow and leaves s unchanged. o is not
// modified.
func (s *Sketch) Merge(o *Sketch) error {
	if o == nil || o.n == 0 {
		return nil
	}
	if s.n > math.MaxInt64-o.n {
		return valueErr("timing.Sketch.Merge", "count", float64(o.n), ErrOverflow)
	}
	if len(o.counts) > 0 {
		s.grow(o.offset)
		s.grow(o.offset + len(o.counts) - 1)
		for k, c := range o.counts {
			s.counts[o.offset+k-s.offset] += c
		}
	}
	if s.n == 0 || o.min < s.min {
		s.min = o.min
	}
	if s.n == 0 || o.max > s.max {
		s.max = o.max
	}
	s.zero += o.zero
	s.n += o.n
	return nil
}

// Quantile returns the q-quantile (0 <= q <= 1) of the durations counted:
// the order statistic of rank ⌊q(n-1)⌋ (counting from 0), within relative
// error SketchAccuracy, clamped to the exact minimum and maximum. Type 7
// interpolates between that order statistic and the next, so for a
// continuous variable the two agree to within α plus the gap between
// neighbours. An empty sketch returns ErrEmpty, q outside [0, 1]
// ErrProbability.
func (s *Sketch) Quantile(q float64) (time.Duration, error) {
	const fn = "timing.Sketch.Quantile"
	if s.n == 0 {
		return 0, valueErr(fn, "n", 0, ErrEmpty)
	}
	if !(q >= 0 && q <= 1) {
		return 0, valueErr(fn, "q", q, ErrProbability)
	}
	return s.quantile(q), nil
}

func (s *Sketch) quantile(q float64) time.Duration {
	rank := q * float64(s.n-1)
	if q == 1 {
		return s.max
	}
	if q == 0 {
		return s.min
	}
	cum := float64(s.zero)
	if cum > rank {
		return 0
	}
	for k, c := range s.counts {
		cum += float64(c)
		if cum > rank {
			v := nanos(sketchValue(s.offset + k))
			return min(max(v, s.min), s.max)
		}
	}
	return s.max
}

// sketchJSON is the wire form of a Sketch.
type sketchJSON struct {
	Accuracy float64 `json:"accuracy"`
	N        int64   `json:"n"`
	Zero     int64   `json:"zero"`
	Min      int64   `json:"min"`
	Max      int64   `json:"max"`
	Offset   int     `json:"offset"`
	Counts   []int64 `json:"counts"`
}

// MarshalJSON encodes the state of s: its accuracy, the counts, zero
// durations, the minimum and maximum in nanoseconds, and the buckets from
// index offset on.
func (s Sketch) MarshalJSON() ([]byte, error) {
	cs, off := s.trimmed()
	if cs == nil {
		cs = []int64{}
	}
	return json.Marshal(sketchJSON{SketchAccuracy, s.n, s.zero, int64(s.min), int64(s.max), off, cs})
}

// trimmed returns the buckets without empty ones at either end.
func (s *Sketch) trimmed() ([]int64, int) {
	cs, off := s.counts, s.offset
	for len(cs) > 0 && cs[0] == 0 {
		cs, off = cs[1:], off+1
	}
	for len(cs) > 0 && cs[len(cs)-1] == 0 {
		cs = cs[:len(cs)-1]
	}
	if len(cs) == 0 {
		off = 0
	}
	return cs, off
}

// UnmarshalJSON decodes what MarshalJSON encodes. A missing, unknown,
// duplicate or mistyped key, another accuracy, or a state that no
// durations could produce returns ErrCorrupt and leaves s unchanged.
func (s *Sketch) UnmarshalJSON(b []byte) error {
	const fn = "timing.Sketch.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "accuracy", "n", "zero", "min", "max", "offset", "counts")
	if err != nil || raw == nil {
		return err
	}
	var w sketchJSON
	for key, p := range map[string]any{"accuracy": &w.Accuracy, "n": &w.N, "zero": &w.Zero, "min": &w.Min, "max": &w.Max, "offset": &w.Offset, "counts": &w.Counts} {
		if err := field(fn, raw, key, p); err != nil {
			return err
		}
	}
	if w.Accuracy != SketchAccuracy {
		return valueErr(fn, "accuracy", w.Accuracy, fmt.Errorf("%w: want %v", ErrCorrupt, SketchAccuracy))
	}
	return s.set(fn, w.N, w.Zero, time.Duration(w.Min), time.Duration(w.Max), w.Offset, w.Counts)
}

// maxSketchIndex is the bucket of the longest duration.
var maxSketchIndex = sketchIndex(math.MaxInt64)

func (s *Sketch) set(fn string, n, zero int64, lo, hi time.Duration, off int, counts []int64) error {
	bad := func(name string, v float64, what string) error {
		return valueErr(fn, name, v, fmt.Errorf("%w: %s", ErrCorrupt, what))
	}
	if n < 0 || zero < 0 {
		return bad("n", float64(n), "negative count")
	}
	sum := zero
	for _, c := range counts {
		if c < 0 || sum > math.MaxInt64-c {
			return bad("count", float64(c), "negative or overflowing count")
		}
		sum += c
	}
	if sum != n {
		return bad("n", float64(n), fmt.Sprintf("buckets add up to %d", sum))
	}
	if len(counts) > 0 && (counts[0] == 0 || counts[len(counts)-1] == 0) {
		return bad("counts", float64(len(counts)), "empty end bucket")
	}
	if len(counts) > 0 && (off < 0 || off+len(counts)-1 > maxSketchIndex) {
		return bad("offset", float64(off), "bucket out of range")
	}
	switch {
	case len(counts) == 0 && off != 0:
		return bad("offset", float64(off), "offset without buckets")
	case n == 0 && (lo != 0 || hi != 0):
		return bad("min", float64(lo), "extremes of an empty sketch")
	case n > 0 && (lo < 0 || hi < lo):
		return bad("min", float64(lo), "min above max or negative")
	case zero > 0 && lo != 0:
		return bad("min", float64(lo), "zero durations but min > 0")
	case n > 0 && zero == 0 && lo == 0:
		return bad("min", float64(lo), "min 0 without zero durations")
	case len(counts) > 0 && (hi < 1 || sketchIndex(hi) != off+len(counts)-1 || lo > 0 && sketchIndex(lo) != off):
		return bad("max", float64(hi), "extremes outside their buckets")
	case len(counts) == 0 && hi != 0:
		return bad("max", float64(hi), "max > 0 without buckets")
	}
	s.n, s.zero, s.min, s.max, s.offset = n, zero, lo, hi, off
	s.counts = slices.Clone(counts)
	return nil
}

const sketchVersion = 1

// MarshalBinary encodes the state of s: a version byte (1), n, the zero
// count, min, max and offset, the number of buckets and their counts, all
// as minimal varints.
func (s Sketch) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (s Sketch) AppendBinary(b []byte) ([]byte, error) {
	cs, off := s.trimmed()
	b = append(b, sketchVersion)
	for _, v := range []int64{s.n, s.zero, int64(s.min), int64(s.max), int64(off), int64(len(cs))} {
		b = wire.AppendVarint(b, v)
	}
	for _, c := range cs {
		b = wire.AppendVarint(b, c)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encodes. An unknown version,
// a truncated or non-minimal varint, trailing bytes or an impossible state
// return ErrCorrupt and leave s unchanged.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	const fn = "timing.Sketch.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(sketchVersion)
	n, zero, lo, hi, off, k := r.Varint(), r.Varint(), r.Varint(), r.Varint(), r.Varint(), r.Varint()
	if r.Err() == nil && (k < 0 || k > int64(maxSketchIndex)+1) {
		r.Fail("bucket count out of range")
	}
	var counts []int64
	if r.Err() == nil && k > 0 {
		counts = make([]int64, k)
		for i := range counts {
			counts[i] = r.Varint()
		}
	}
	if err := r.End(); err != nil {
		return err
	}
	if off < math.MinInt32 || off > math.MaxInt32 {
		return valueErr(fn, "offset", float64(off), ErrCorrupt)
	}
	return s.set(fn, n, zero, time.Duration(lo), time.Duration(hi), int(off), counts)
}
