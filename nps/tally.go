package nps

import (
	"iter"
	"math"

	"github.com/servq/servq/estimate"
)

// A Tally counts 0..10 likelihood-to-recommend scores: one count per score,
// eleven int64 counts in a fixed array and never the scores themselves, so
// that counting is O(n) with no allocation and the state is 96 bytes
// whatever n. [Tally.Result] turns the counts into the NPS with its
// standard error and confidence interval.
//
// The zero value is an empty tally ready to use:
//
//	var t nps.Tally
//	err := t.Add(9)
//
// Tallies built in parts (per goroutine, file, day or machine) combine
// with [Tally.Merge], and their state travels as JSON or in a compact
// binary form ([Tally.MarshalJSON], [Tally.MarshalBinary]). A Tally is the
// accumulator that package group keeps per key and per period.
//
// A Tally is not safe for concurrent use: give each goroutine its own and
// Merge them. Every method that rejects its input leaves the tally
// unchanged.
type Tally struct {
	counts [MaxScore + 1]int64
	n      int64
}

// Add counts one score. A score outside 0..10 returns ErrOutOfRange (with
// index -1), and a tally that already holds math.MaxInt64 scores returns
// ErrOverflow; either way t is unchanged.
//
// Add costs a range check, an overflow check and two increments, and is
// small enough for the compiler to inline (its errors are built in place
// for that reason). To count a slice, [Tally.AddAll] is about three times
// faster still.
func (t *Tally) Add(x int) error {
	if uint(x) > MaxScore {
		return &estimate.ValueError{Func: "nps.Tally.Add", Name: "score", Value: float64(x), Index: -1, Err: errRange}
	}
	if t.n == math.MaxInt64 {
		return &estimate.ValueError{Func: "nps.Tally.Add", Name: "count", Value: 1, Index: -1, Err: ErrOverflow}
	}
	t.counts[x]++
	t.n++
	return nil
}

// AddN counts count copies of the score x, in O(1). A score outside 0..10
// returns ErrOutOfRange, a negative count ErrCount, and a total above
// math.MaxInt64 ErrOverflow; on error t is unchanged. A zero count does
// nothing.
func (t *Tally) AddN(x int, count int64) error {
	const fn = "nps.Tally.AddN"
	switch {
	case uint(x) > MaxScore:
		return scoreErr(fn, x, -1)
	case count < 0:
		return valueErr(fn, "count", float64(count), ErrCount)
	case t.n > math.MaxInt64-count:
		return valueErr(fn, "count", float64(count), ErrOverflow)
	}
	t.counts[x] += count
	t.n += count
	return nil
}

// AddAll counts every score of xs. It is the fast path for slices: it
// counts into four interleaved local histograms, so that runs of equal
// scores do not wait on one another, and adds them to t at the end; it
// runs within a small factor of a loop that only sums the ints, with no
// allocation.
//
// A score outside 0..10 returns ErrOutOfRange with its index in xs, and a
// total above math.MaxInt64 returns ErrOverflow; on error t is unchanged
// (none of xs is counted).
func (t *Tally) AddAll(xs []int) error {
	return t.addAll("nps.Tally.AddAll", xs)
}

func (t *Tally) addAll(fn string, xs []int) error {
	c, bad := histogram(xs)
	if bad >= 0 {
		return scoreErr(fn, xs[bad], bad)
	}
	if t.n > math.MaxInt64-int64(len(xs)) {
		return valueErr(fn, "count", float64(len(xs)), ErrOverflow)
	}
	for k := range t.counts {
		t.counts[k] += c[k]
	}
	t.n += int64(len(xs))
	return nil
}

// histogram returns the counts of the scores in xs, or the index of the
// first score outside 0..10 (bad = -1 when there is none).
//
// csat's histogram4 is the same algorithm for a scale with an offset. A
// shared internal version (variable offset and bins) was tried and made
// this path about 1.3x slower (302 -> 405 µs per million scores), so each
// package keeps its own, specialised to its bounds.
func histogram(xs []int) (c [MaxScore + 1]int64, bad int) {
	// Four histograms, one per lane, break the store-to-load chain that a
	// single histogram has when the same score repeats.
	var h [4][MaxScore + 1]int64
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		a, b, d, e := uint(xs[i]), uint(xs[i+1]), uint(xs[i+2]), uint(xs[i+3])
		if a > MaxScore || b > MaxScore || d > MaxScore || e > MaxScore {
			break
		}
		h[0][a]++
		h[1][b]++
		h[2][d]++
		h[3][e]++
	}
	for ; i < len(xs); i++ {
		a := uint(xs[i])
		if a > MaxScore {
			return c, i
		}
		h[0][a]++
	}
	for k := range c {
		c[k] = h[0][k] + h[1][k] + h[2][k] + h[3][k]
	}
	return c, -1
}

// Merge adds the counts of o to t, as if every score counted in o had been
// added to t. A nil o adds nothing. A total above math.MaxInt64 returns
// ErrOverflow and leaves t unchanged. o is not modified; t.Merge(t)
// doubles every count.
func (t *Tally) Merge(o *Tally) error {
	if o == nil || o.n == 0 {
		return nil
	}
	if t.n > math.MaxInt64-o.n {
		return valueErr("nps.Tally.Merge", "count", float64(o.n), ErrOverflow)
	}
	for k, c := range o.counts {
		t.counts[k] += c
	}
	t.n += o.n
	return nil
}

// N returns the number of scores counted.
func (t *Tally) N() int64 { return t.n }

// Count returns the number of scores x counted, and 0 for an x outside
// 0..10: Count(9) is the number of 9s.
func (t *Tally) Count(x int) int64 {
	if uint(x) > MaxScore {
		return 0
	}
	return t.counts[x]
}

// All returns an iterator over the scores 0 to 10, in order, and the
// number of each counted, zeros included.
func (t *Tally) All() iter.Seq2[int, int64] {
	return func(yield func(int, int64) bool) {
		for x, c := range t.counts {
			if !yield(x, c) {
				return
			}
		}
	}
}

// Reset empties t, as if it were a new zero value.
func (t *Tally) Reset() { *t = Tally{} }

// Result returns the NPS of the scores counted, with its standard error
// and a confidence interval at o.Level (0 means 0.95) by o.Method: empty
// means [TangoScore], and [AdjustedWald] and [Wald] are accepted; see
// [Result] for the formulas. A tally with no scores returns ErrEmpty; a
// level outside (0, 1) returns ErrLevel; any other method returns
// ErrMethod.
func (t *Tally) Result(o estimate.Options) (Result, error) {
	return result("nps.Tally.Result", t.counts, t.n, o)
}
