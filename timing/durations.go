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

// A Summary describes a set of n durations x: count, mean with its
// Student-t interval, standard deviation, quantiles and extremes:
//
//	Mean   = Σx / n
//	SD     = √(Σ(x - Mean)² / (n - 1))                 (Bessel's correction)
//	MeanCI = Mean ± t(1 - (1-level)/2; n-1) · SD / √n  (in seconds)
//
// as estimate.Moments computes them. Median, P90 and P95 are the 0.5, 0.9
// and 0.95 quantiles: Hyndman and Fan's type 7 (R's default) from a
// [Sample], or a [Sketch]'s within 1 %. Durations saturate at the largest
// time.Duration (about 292 years).
type Summary struct {
	N    int64         `json:"n"`
	Mean time.Duration `json:"mean"`
	// MeanCI is the Student-t interval of the mean (estimate.Moments), in
	// seconds. With one duration there is no spread: MeanCI is then the
	// zero Interval (Level 0).
	MeanCI   estimate.Interval `json:"mean_ci"`
	SD       time.Duration     `json:"sd"`
	Min      time.Duration     `json:"min"`
	Median   time.Duration     `json:"median"`
	P90      time.Duration     `json:"p90"`
	P95      time.Duration     `json:"p95"`
	Max      time.Duration     `json:"max"`
	Quantile string            `json:"quantile"` // how the quantiles were computed: "type 7", "ddsketch 0.01"
	// Accuracy is the relative accuracy of the quantiles: 0 for exact
	// ones, SketchAccuracy for a Sketch's.
	Accuracy float64 `json:"accuracy"`
}

// Durations summarises a stream of non-negative durations in O(1) memory
// per magnitude: their count, mean and sum of squared deviations in
// seconds (Welford's update, merged and reported as estimate.Moments) for
// the mean and its t interval, and a [Sketch] for the quantiles, which are
// then within SketchAccuracy (1 %) relative error. For exact quantiles keep
// the values in a [Sample].
//
// The zero value is empty and ready to use. Durations is not safe for
// concurrent use; give each goroutine its own and Merge them.
type Durations struct {
	// The moments, kept as Welford's running mean and sum of squared
	// deviations (seconds) instead of an estimate.Moments, whose general
	// merge step costs several times Welford's single add on the hot path
	// of a Tally (16 adds a ticket); the count is the sketch's.
	mean, m2 float64
	s        Sketch
}

// moments returns the moments of ds as an estimate.Moments.
func (ds *Durations) moments() estimate.Moments {
	m, _ := estimate.MomentsFrom(ds.s.n, ds.mean, ds.m2) // cannot fail: kept finite and m2 >= 0
	return m
}

// Add counts d. A negative d returns ErrNegative and leaves ds unchanged.
func (ds *Durations) Add(d time.Duration) error { return ds.addN("timing.Durations.Add", d, 1) }

// AddN counts count copies of d. A negative d returns ErrNegative, a
// negative count ErrCount, a total above math.MaxInt64 ErrOverflow; on
// error ds is unchanged.
func (ds *Durations) AddN(d time.Duration, count int64) error {
	return ds.addN("timing.Durations.AddN", d, count)
}

func (ds *Durations) addN(fn string, d time.Duration, count int64) error {
	n0 := ds.s.n
	if err := ds.s.addN(fn, d, count); err != nil {
		return err
	}
	// Durations are at most 9.2e9 s, so neither the count (checked by the
	// sketch) nor the squared deviations (below 1e39) overflow.
	x := d.Seconds()
	switch count {
	case 0:
	case 1: // Welford (1962)
		delta := x - ds.mean
		ds.mean += delta / float64(n0+1)
		ds.m2 += delta * (x - ds.mean)
	default:
		m, _ := estimate.MomentsFrom(n0, ds.mean, ds.m2)
		_ = m.AddN(x, count)
		ds.mean, ds.m2 = m.Mean(), m.M2()
	}
	return nil
}

// AddAll counts every duration of xs. A negative one returns ErrNegative
// with its index, and none of xs is counted.
func (ds *Durations) AddAll(xs []time.Duration) error {
	const fn = "timing.Durations.AddAll"
	for i, d := range xs {
		if d < 0 {
			return &estimate.ValueError{Func: fn, Name: "duration (s)", Value: d.Seconds(), Index: i, Err: ErrNegative}
		}
	}
	if ds.s.n > math.MaxInt64-int64(len(xs)) {
		return valueErr(fn, "count", float64(len(xs)), ErrOverflow)
	}
	for _, d := range xs {
		_ = ds.addN(fn, d, 1)
	}
	return nil
}

// Merge adds the durations of o to ds. A nil o adds nothing; a total above
// math.MaxInt64 returns ErrOverflow and leaves ds unchanged.
func (ds *Durations) Merge(o *Durations) error {
	if o == nil || o.s.n == 0 {
		return nil
	}
	m, om := ds.moments(), o.moments()
	if err := ds.s.Merge(&o.s); err != nil {
		return valueErr("timing.Durations.Merge", "count", float64(o.s.n), ErrOverflow)
	}
	_ = m.Merge(&om)
	ds.mean, ds.m2 = m.Mean(), m.M2()
	return nil
}

// N returns the number of durations counted.
func (ds *Durations) N() int64 { return ds.s.n }

// Reset empties ds.
func (ds *Durations) Reset() { ds.mean, ds.m2 = 0, 0; ds.s.Reset() }

// Result returns the summary of the durations: the mean with its t
// interval at o.Level (o.Method empty or estimate.StudentT), and the
// median, p90 and p95 from the sketch. No durations returns ErrEmpty; a
// bad level ErrLevel; another method ErrMethod.
func (ds *Durations) Result(o estimate.Options) (Summary, error) {
	const fn = "timing.Durations.Result"
	level, _, err := o.Resolve(fn, estimate.StudentT)
	if err != nil {
		return Summary{}, err
	}
	if ds.s.n == 0 {
		return Summary{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	m := ds.moments()
	s, err := meanOf(&m, level, ds.s.min)
	if err != nil {
		return Summary{}, err
	}
	s.Min, s.Max = ds.s.min, ds.s.max
	s.Median, s.P90, s.P95 = ds.s.quantile(0.5), ds.s.quantile(0.9), ds.s.quantile(0.95)
	s.Quantile, s.Accuracy = "ddsketch 0.01", SketchAccuracy
	return s, nil
}

// meanOf fills the count, mean, SD and mean interval of a Summary; only
// is the one duration when there is one, whose mean it is exactly.
func meanOf(m *estimate.Moments, level float64, only time.Duration) (Summary, error) {
	if m.N() == 1 {
		return Summary{N: 1, Mean: only}, nil
	}
	r, err := m.Result(estimate.Options{Level: level})
	if err != nil {
		return Summary{}, err
	}
	return Summary{N: r.N, Mean: seconds(r.Mean), SD: seconds(r.SD), MeanCI: r.CI}, nil
}

// seconds converts seconds to a Duration, rounding to the nanosecond and
// saturating at the largest Duration (see [nanos]).
func seconds(s float64) time.Duration { return nanos(s * 1e9) }

// nanos converts float nanoseconds to a Duration, rounding, and saturating
// at ±math.MaxInt64 ns (about 292 years): a Go conversion of a float at or
// above 2^63 is undefined (it gives math.MinInt64 on amd64), so the mean
// of durations near the largest one would come out negative.
func nanos(x float64) time.Duration {
	switch {
	case !(x < 1<<63): // NaN too; callers pass finite values
		return math.MaxInt64
	case x <= -(1 << 63):
		return math.MinInt64
	}
	return time.Duration(math.Round(x))
}

// durationsJSON is the wire form of Durations.
type durationsJSON struct {
	Moments estimate.Moments `json:"moments"`
	Sketch  Sketch           `json:"sketch"`
}

// MarshalJSON encodes the state as {"moments":…,"sketch":…}, each in its
// own encoding.
func (ds Durations) MarshalJSON() ([]byte, error) {
	return json.Marshal(durationsJSON{ds.moments(), ds.s})
}

// UnmarshalJSON decodes what MarshalJSON encodes; malformed input, or
// moments and sketch with different counts, return ErrCorrupt and leave
// ds unchanged.
func (ds *Durations) UnmarshalJSON(b []byte) error {
	const fn = "timing.Durations.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "moments", "sketch")
	if err != nil || raw == nil {
		return err
	}
	var w durationsJSON
	if err := field(fn, raw, "moments", &w.Moments); err != nil {
		return err
	}
	if err := field(fn, raw, "sketch", &w.Sketch); err != nil {
		return err
	}
	return ds.set(fn, w.Moments, w.Sketch)
}

func (ds *Durations) set(fn string, m estimate.Moments, s Sketch) error {
	if m.N() != s.n {
		return valueErr(fn, "n", float64(m.N()), fmt.Errorf("%w: moments and sketch counts differ", ErrCorrupt))
	}
	ds.mean, ds.m2, ds.s = m.Mean(), m.M2(), s
	return nil
}

const durationsVersion = 1

// MarshalBinary encodes the state: a version byte (1), then the moments'
// and the sketch's binary encodings, each prefixed by its length.
func (ds Durations) MarshalBinary() ([]byte, error) { return ds.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (ds Durations) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, durationsVersion)
	mm := ds.moments()
	m, _ := mm.MarshalBinary()
	s, _ := ds.s.MarshalBinary()
	return wire.AppendBytes(wire.AppendBytes(b, m), s), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves ds unchanged.
func (ds *Durations) UnmarshalBinary(b []byte) error {
	const fn = "timing.Durations.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(durationsVersion)
	mb, sb := r.Bytes(), r.Bytes()
	if err := r.End(); err != nil {
		return err
	}
	var m estimate.Moments
	var s Sketch
	if err := m.UnmarshalBinary(mb); err != nil {
		return valueErr(fn, "moments", 0, fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	if err := s.UnmarshalBinary(sb); err != nil {
		return err
	}
	return ds.set(fn, m, s)
}

// A Sample keeps every duration added, for exact quantiles by
// estimate.Quantiles of definition Type (0 means Type7, R's default): its
// memory grows with the count, 8 bytes a duration. Use [Durations] for
// streams. It has no AddN: count copies of a duration would take 8·count
// bytes (Durations.AddN takes none). The zero value is empty and ready to
// use.
type Sample struct {
	Type estimate.QuantileType
	xs   []time.Duration
}

// Add keeps d. A negative d returns ErrNegative and leaves s unchanged.
func (s *Sample) Add(d time.Duration) error {
	if d < 0 {
		return valueErr("timing.Sample.Add", "duration (s)", d.Seconds(), ErrNegative)
	}
	s.xs = append(s.xs, d)
	return nil
}

// AddAll keeps every duration of xs; a negative one returns ErrNegative
// with its index, and none is kept.
func (s *Sample) AddAll(xs []time.Duration) error {
	for i, d := range xs {
		if d < 0 {
			return &estimate.ValueError{Func: "timing.Sample.AddAll", Name: "duration (s)", Value: d.Seconds(), Index: i, Err: ErrNegative}
		}
	}
	s.xs = append(s.xs, xs...)
	return nil
}

// Merge appends the durations of o. Samples of different quantile types
// return ErrMismatch. A nil o adds nothing.
func (s *Sample) Merge(o *Sample) error {
	if o == nil || len(o.xs) == 0 {
		return nil
	}
	if s.Type != o.Type && len(s.xs) > 0 {
		return valueErr("timing.Sample.Merge", "type", float64(o.Type), ErrMismatch)
	}
	if len(s.xs) == 0 {
		s.Type = o.Type
	}
	s.xs = append(s.xs, o.xs...)
	return nil
}

// N returns the number of durations kept.
func (s *Sample) N() int64 { return int64(len(s.xs)) }

// All returns the durations with their positions, in the order added.
func (s *Sample) All() iter.Seq2[int, time.Duration] { return slices.All(s.xs) }

// Result returns the summary of the durations with exact quantiles from
// estimate.Quantiles (as float64 nanoseconds: exact below 2^53 ns, 104
// days, and within 1 ns in 2^53 beyond). Errors are those of
// [Durations.Result], and ErrQuantileType from estimate for a bad Type.
func (s *Sample) Result(o estimate.Options) (Summary, error) {
	const fn = "timing.Sample.Result"
	level, _, err := o.Resolve(fn, estimate.StudentT)
	if err != nil {
		return Summary{}, err
	}
	if len(s.xs) == 0 {
		return Summary{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	var m estimate.Moments
	fs := make([]float64, len(s.xs))
	for i, d := range s.xs {
		fs[i] = float64(d)
		_ = m.Add(d.Seconds())
	}
	sum, err := meanOf(&m, level, s.xs[0])
	if err != nil {
		return Summary{}, err
	}
	q, err := estimate.Quantiles(fs, s.Type, 0.5, 0.9, 0.95)
	if err != nil {
		return Summary{}, addFunc(err, fn)
	}
	// Min and Max exact, not through float64; the quantiles, computed in
	// float64, kept between them.
	sum.Min, sum.Max = slices.Min(s.xs), slices.Max(s.xs)
	clamp := func(x float64) time.Duration { return min(max(nanos(x), sum.Min), sum.Max) }
	sum.Median, sum.P90, sum.P95 = clamp(q[0]), clamp(q[1]), clamp(q[2])
	t := s.Type
	if t == 0 {
		t = estimate.Type7
	}
	sum.Quantile = fmt.Sprintf("type %d", t)
	return sum, nil
}

// sampleJSON is the wire form of a Sample.
type sampleJSON struct {
	Type   estimate.QuantileType `json:"type"`
	Values []time.Duration       `json:"values"`
}

// MarshalJSON encodes the sample as {"type":…,"values":[…]}, durations in
// nanoseconds.
func (s Sample) MarshalJSON() ([]byte, error) {
	v := s.xs
	if v == nil {
		v = []time.Duration{}
	}
	return json.Marshal(sampleJSON{s.Type, v})
}

// UnmarshalJSON decodes what MarshalJSON encodes; malformed input, a type
// outside 0..9 or a negative duration return ErrCorrupt and leave s
// unchanged.
func (s *Sample) UnmarshalJSON(b []byte) error {
	const fn = "timing.Sample.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "type", "values")
	if err != nil || raw == nil {
		return err
	}
	var w sampleJSON
	if err := field(fn, raw, "type", &w.Type); err != nil {
		return err
	}
	if err := field(fn, raw, "values", &w.Values); err != nil {
		return err
	}
	return s.set(fn, w.Type, w.Values)
}

func (s *Sample) set(fn string, t estimate.QuantileType, xs []time.Duration) error {
	if t < 0 || t > 9 {
		return valueErr(fn, "type", float64(t), ErrCorrupt)
	}
	for i, d := range xs {
		if d < 0 {
			return &estimate.ValueError{Func: fn, Name: "duration (s)", Value: d.Seconds(), Index: i, Err: ErrCorrupt}
		}
	}
	s.Type, s.xs = t, slices.Clone(xs)
	return nil
}

const sampleVersion = 1

// MarshalBinary encodes the sample: a version byte (1), the type, the
// count and the durations, as minimal varints.
func (s Sample) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (s Sample) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, sampleVersion, byte(s.Type))
	b = wire.AppendVarint(b, int64(len(s.xs)))
	for _, d := range s.xs {
		b = wire.AppendVarint(b, int64(d))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves s unchanged.
func (s *Sample) UnmarshalBinary(b []byte) error {
	const fn = "timing.Sample.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(sampleVersion)
	t := estimate.QuantileType(r.Byte())
	n := r.Varint()
	if r.Err() == nil && (n < 0 || n > int64(r.Len())) {
		r.Fail("count out of range")
	}
	var xs []time.Duration
	if r.Err() == nil {
		xs = make([]time.Duration, n)
		for i := range xs {
			xs[i] = time.Duration(r.Varint())
		}
	}
	if err := r.End(); err != nil {
		return err
	}
	return s.set(fn, t, xs)
}
