package estimate

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/servq/servq/internal/strictjson"
)

// Moments accumulates the count, mean and sum of squared deviations of a
// stream of values (Welford 1962), and merges two streams exactly in the
// algebraic sense by Chan, Golub and LeVeque (1979):
//
//	n = na + nb
//	δ = mean_b - mean_a
//	mean = mean_a + δ·nb/n
//	M2 = M2_a + M2_b + δ²·na·nb/n
//
// (the mean stepped from the larger part, which is the same algebra with
// less cancellation), so that adding values one by one, in blocks, or in
// parts merged later agree to rounding. It keeps O(1) state, never the
// values.
//
// The zero value is an empty accumulator ready to use. Moments is not safe
// for concurrent use; give each goroutine its own and Merge them.
type Moments struct {
	n    int64
	mean float64
	m2   float64
}

// Add adds one value. NaN or ±Inf returns ErrNotFinite and leaves m
// unchanged, as does a value so far from the others that the sum of
// squared deviations would overflow float64 (see [Moments.AddN]).
func (m *Moments) Add(x float64) error { return m.add("estimate.Moments.Add", x, 1) }

// AddN adds count copies of x, in O(1). A NaN or infinite x returns
// ErrNotFinite, a negative count ErrCount, and a total above MaxInt64
// ErrOverflow; on error m is unchanged. A zero count does nothing.
//
// The state must stay finite to be reported and encoded, so a value whose
// squared deviation from the mean would pass MaxFloat64 (about 1.8e308:
// values more than about 1.3e154 apart) also returns ErrNotFinite.
func (m *Moments) AddN(x float64, count int64) error {
	return m.add("estimate.Moments.AddN", x, count)
}

func (m *Moments) add(fn string, x float64, count int64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return valueErr(fn, "x", x, ErrNotFinite)
	}
	if count < 0 {
		return valueErr(fn, "count", float64(count), ErrCount)
	}
	return m.merge(fn, "x", count, x, 0)
}

// AddAll adds the values of xs in order, as Add would one by one, and
// is all or nothing: on the first value Add would reject (NaN, ±Inf, or
// a spread past float64, see [Moments.AddN]) it returns that error, with
// the value's index in xs, and leaves m unchanged. An empty xs does
// nothing.
func (m *Moments) AddAll(xs []float64) error {
	c := *m
	for i, x := range xs {
		if err := c.add("estimate.Moments.AddAll", x, 1); err != nil {
			if ve, ok := err.(*ValueError); ok {
				ve.Index = i
			}
			return err
		}
	}
	*m = c
	return nil
}

// Merge adds the values of o to m, as if they had been added to m one by
// one. A nil o is empty: merging it does nothing, as for every servq
// accumulator. A total count above MaxInt64 returns ErrOverflow, and a
// combined sum of squared deviations above MaxFloat64 returns
// ErrNotFinite; either leaves m unchanged. o is not modified; m.Merge(m)
// doubles every value's weight.
func (m *Moments) Merge(o *Moments) error {
	if o == nil {
		return nil
	}
	return m.merge("estimate.Moments.Merge", "mean", o.n, o.mean, o.m2)
}

// errSpread is ErrNotFinite for a state that would overflow float64.
var errSpread = fmt.Errorf("%w (the sum of squared deviations would overflow float64)", ErrNotFinite)

// merge adds nb values of mean meanb and squared deviations m2b; name and
// meanb describe the rejected input in an error.
func (m *Moments) merge(fn, name string, nb int64, meanb, m2b float64) error {
	if nb == 0 {
		return nil
	}
	if m.n > math.MaxInt64-nb {
		return valueErr(fn, "count", float64(nb), ErrOverflow)
	}
	if m.n == 0 {
		m.n, m.mean, m.m2 = nb, meanb, m2b
		return nil
	}
	na := float64(m.n)
	n := na + float64(nb)
	d := meanb - m.mean
	// Step from the mean of the larger part: from the smaller one, the
	// step d·nb/n is nearly -d and cancels (66 values of 1.4e-76 merged
	// into 3.5e18 of 1.2e-153 gave a mean of exactly 0).
	var mean float64
	if float64(nb) > na {
		mean = meanb - d*(na/n)
	} else {
		mean = m.mean + d*(float64(nb)/n)
	}
	// Rounding must not carry the mean outside the two means.
	mean = min(max(mean, min(m.mean, meanb)), max(m.mean, meanb))
	// δ²·na·nb/n as δ·(δ·w), w = na·(nb/n) <= min(na, nb): the product
	// δ²·na·nb overflows long before the term does (δ = 2e140 with 1e18
	// values on each side: 4e316 overflows, the term is 2e298).
	w := na * (float64(nb) / n)
	m2 := m.m2 + m2b + d*(d*w)
	if math.IsInf(mean, 0) || math.IsNaN(mean) || math.IsInf(m2, 0) || math.IsNaN(m2) {
		return valueErr(fn, name, meanb, errSpread)
	}
	m.n, m.mean, m.m2 = m.n+nb, mean, m2
	return nil
}

// N returns the number of values added.
func (m *Moments) N() int64 { return m.n }

// Mean returns the mean of the values added, sum(x)/n; 0 when there are
// none. [Moments.Result] gives it with its standard error and interval.
func (m *Moments) Mean() float64 { return m.mean }

// M2 returns the sum of squared deviations from the mean,
// sum((x - mean)²), the second sufficient statistic that Merge combines;
// 0 with fewer than two values. The sample variance is M2/(n-1).
func (m *Moments) M2() float64 { return m.m2 }

// Reset empties m, as if it were a new zero value.
func (m *Moments) Reset() { *m = Moments{} }

// A Mean is a sample mean with its uncertainty, in the units of the values.
type Mean struct {
	// Mean is the sample mean, sum(x)/n.
	Mean float64 `json:"mean"`
	// SD is the sample standard deviation with Bessel's correction,
	// sqrt(M2/(n-1)).
	SD float64 `json:"sd"`
	// SE is the standard error of the mean, SD/sqrt(n).
	SE float64 `json:"se"`
	// N is the number of values.
	N int64 `json:"n"`
	// CI is the Student-t interval Mean ± t(level, n-1)·SE.
	CI Interval `json:"ci"`
}

// Result returns the mean, standard deviation, standard error and the
// Student-t confidence interval of the values added:
//
//	mean ± t_{1-α/2, n-1} · s/sqrt(n)
//
// The only method is StudentT (Options.Method must be empty or StudentT).
// No values returns ErrEmpty; one value returns ErrTooFew (the standard
// deviation needs two); a bad level returns ErrLevel, another method
// ErrMethod; an interval whose ends overflow float64 (a spread near
// 1e308, or a level so close to 1 that t is astronomical) ErrNotFinite.
func (m *Moments) Result(o Options) (Mean, error) {
	const fn = "estimate.Moments.Result"
	if m.n == 0 {
		return Mean{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	if m.n == 1 {
		return Mean{}, valueErr(fn, "n", 1, ErrTooFew)
	}
	sd := math.Sqrt(m.m2 / float64(m.n-1))
	iv, err := meanInterval(fn, m.n, m.mean, sd, o)
	if err != nil {
		return Mean{}, err
	}
	return Mean{Mean: m.mean, SD: sd, SE: sd / math.Sqrt(float64(m.n)), N: m.n, CI: iv}, nil
}

// MeanInterval returns the Student-t interval for a mean from summary
// statistics: n values with sample mean mean and sample standard deviation
// sd,
//
//	mean ± t_{1-α/2, n-1} · sd/sqrt(n)
//
// (Student 1908). Options.Method must be empty or StudentT. n = 0 returns
// ErrEmpty, n = 1 ErrTooFew, a negative n ErrCount, a mean or sd that is
// not finite (or a negative sd) ErrNotFinite, a bad level ErrLevel, and an
// interval whose ends would overflow float64 (an sd near 1e308, or a tiny
// n at a level near 1) ErrNotFinite naming sd.
func MeanInterval(n int64, mean, sd float64, o Options) (Interval, error) {
	return meanInterval("estimate.MeanInterval", n, mean, sd, o)
}

func meanInterval(fn string, n int64, mean, sd float64, o Options) (Interval, error) {
	switch {
	case n < 0:
		return Interval{}, valueErr(fn, "n", float64(n), ErrCount)
	case n == 0:
		return Interval{}, valueErr(fn, "n", 0, ErrEmpty)
	case n == 1:
		return Interval{}, valueErr(fn, "n", 1, ErrTooFew)
	case math.IsNaN(mean) || math.IsInf(mean, 0):
		return Interval{}, valueErr(fn, "mean", mean, ErrNotFinite)
	case !(sd >= 0) || math.IsInf(sd, 0):
		return Interval{}, valueErr(fn, "sd", sd, ErrNotFinite)
	}
	level, _, err := o.Resolve(fn, StudentT)
	if err != nil {
		return Interval{}, err
	}
	// df = n-1 >= 1: t is finite at every level below 1.
	h := tOf(level, float64(n-1)) * (sd / math.Sqrt(float64(n)))
	lo, hi := mean-h, mean+h
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(h) {
		return Interval{}, valueErr(fn, "sd", sd, errIntervalOverflow)
	}
	return Interval{Lo: lo, Hi: hi, Level: level, Method: StudentT}, nil
}

var errIntervalOverflow = fmt.Errorf("%w: the interval's ends overflow float64", ErrNotFinite)

// momentsJSON is the wire form of Moments.
type momentsJSON struct {
	N    int64   `json:"n"`
	Mean float64 `json:"mean"`
	M2   float64 `json:"m2"`
}

// MarshalJSON encodes the state as {"n":…,"mean":…,"m2":…}, where m2 is the
// sum of squared deviations from the mean, the numbers as encoding/json
// writes them: {"n":2,"mean":2,"m2":2} for the values 1 and 3.
func (m Moments) MarshalJSON() ([]byte, error) {
	return json.Marshal(momentsJSON{m.n, m.mean, m.m2})
}

// momentKeys are the keys of the JSON form, in their order.
var momentKeys = [3]string{"n", "mean", "m2"}

// UnmarshalJSON decodes what [Moments.MarshalJSON] encodes, replacing the
// state of m. JSON null does nothing, as encoding/json expects. The rule
// is that of every servq decoder: anything but an object with exactly the
// keys "n", "mean" and "m2" (spelled so; no key twice, none missing, none
// other), n a whole number written as digits (2, not 2.0, 2e0 or "2"),
// mean and m2 numbers within the range of float64 (any JSON spelling, so
// that 2.0 from another language's encoder reads as 2), with nothing after
// the object, returns ErrCorrupt and leaves m unchanged; so does a state
// that no values produce (see [Moments.UnmarshalBinary]).
func (m *Moments) UnmarshalJSON(b []byte) error {
	const fn = "estimate.Moments.UnmarshalJSON"
	if strictjson.IsNull(b) {
		return nil
	}
	corrupt := func(name, why string) error {
		return &ValueError{Func: fn, Name: name, Text: strictjson.Short(b), Index: -1,
			Err: fmt.Errorf("%w: %s", ErrCorrupt, why)}
	}
	r := strictjson.NewReader(b, momentKeys[:])
	n, mean, m2 := r.Int64("n"), r.Float64("mean"), r.Float64("m2")
	if e := r.Err(); e != nil {
		return corrupt("json", e.Error())
	}
	return m.set(fn, n, mean, m2)
}

// momentsVersion is the first byte of the binary encoding.
const momentsVersion = 1

// MomentsBinarySize is the length of the binary encoding of a [Moments],
// for encoders that embed it in their own.
const MomentsBinarySize = 25

// MarshalBinary encodes the state in 25 bytes: a version byte (1), then n,
// mean and m2, each as 8 little-endian bytes (n as int64, the others as
// IEEE 754 bits).
func (m Moments) MarshalBinary() ([]byte, error) {
	return m.AppendBinary(make([]byte, 0, MomentsBinarySize))
}

// AppendBinary appends the encoding of [Moments.MarshalBinary] to b.
func (m Moments) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, momentsVersion)
	b = binary.LittleEndian.AppendUint64(b, uint64(m.n))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.mean))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(m.m2)), nil
}

// UnmarshalBinary decodes what [Moments.MarshalBinary] encodes, replacing
// the state of m. An unknown version, a length other than 25, or a state
// that no sequence of values produces (a negative n or m2, a mean or m2
// that is not finite, a mean other than +0 or an m2 other than +0 with
// n = 0, a non-zero m2 with n = 1, an m2 of -0) returns ErrCorrupt and
// leaves m unchanged.
func (m *Moments) UnmarshalBinary(b []byte) error {
	const fn = "estimate.Moments.UnmarshalBinary"
	if len(b) == 0 {
		return valueErr(fn, "length", 0, fmt.Errorf("%w: no version byte", ErrCorrupt))
	}
	if b[0] != momentsVersion {
		return valueErr(fn, "version", float64(b[0]), fmt.Errorf("%w: want version %d", ErrCorrupt, momentsVersion))
	}
	if len(b) != MomentsBinarySize {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: want 25 bytes", ErrCorrupt))
	}
	n := int64(binary.LittleEndian.Uint64(b[1:]))
	mean := math.Float64frombits(binary.LittleEndian.Uint64(b[9:]))
	m2 := math.Float64frombits(binary.LittleEndian.Uint64(b[17:]))
	return m.set(fn, n, mean, m2)
}

// MomentsFrom returns the Moments of n values with mean mean and sum of
// squared deviations m2 (see [Moments.M2]), for state kept elsewhere (a
// database row, another encoding) that must become an accumulator again.
// A state that no sequence of values produces (n < 0; a mean or m2 that
// is NaN or infinite; m2 < 0 or -0; a mean other than +0 with n = 0; a
// non-zero m2 with n <= 1) returns ErrCorrupt and the zero Moments.
func MomentsFrom(n int64, mean, m2 float64) (Moments, error) {
	var m Moments
	if err := m.set("estimate.MomentsFrom", n, mean, m2); err != nil {
		return Moments{}, err
	}
	return m, nil
}

func (m *Moments) set(fn string, n int64, mean, m2 float64) error {
	switch {
	case n < 0:
		return valueErr(fn, "n", float64(n), ErrCorrupt)
	case math.IsNaN(mean) || math.IsInf(mean, 0):
		return valueErr(fn, "mean", mean, ErrCorrupt)
	case !(m2 >= 0) || math.IsInf(m2, 0):
		return valueErr(fn, "m2", m2, ErrCorrupt)
	case n == 0 && (mean != 0 || math.Signbit(mean)):
		return valueErr(fn, "mean", mean, ErrCorrupt)
	case math.Signbit(m2):
		// -0: no sum of squares has it; the canonical zero is +0.
		return valueErr(fn, "m2", m2, ErrCorrupt)
	case n <= 1 && m2 != 0:
		// One value, or none, has no spread.
		return valueErr(fn, "m2", m2, ErrCorrupt)
	}
	m.n, m.mean, m.m2 = n, mean, m2
	return nil
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
