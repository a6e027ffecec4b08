package csat

import (
	"iter"
	"math"

	"github.com/servq/servq/estimate"
)

// A Tally counts ratings on a [Scale]: one int64 count per point, in a
// fixed array of [MaxSpan]+1 counts, never the ratings themselves, so
// counting is O(n) with no allocation and the state is under 1 KiB.
// [Tally.Result] turns the counts into a [Result].
//
// The zero value is an empty tally on 1..5 (satisfied 4..5), ready to
// use; [NewTally] makes one on another scale, and [TallyFunc] the New
// function of a group (package group) whose tallies count on that scale:
//
//	g := group.ByPeriod[csat.Tally](group.Day, loc)
//	g.New, err = csat.TallyFunc(csat.Seven)
//
// The scale is fixed when the tally is made, except that an empty zero
// Tally merged with a tally on another scale takes that scale, and that
// decoding replaces it with the encoded one. Tallies merge
// ([Tally.Merge]) and travel as JSON or binary. Every method that rejects
// its input leaves the tally unchanged. A Tally is not safe for concurrent
// use: give each goroutine its own and Merge them.
type Tally struct {
	// The scale, stored as offsets from Five so that the zero value means
	// Five without a branch in Add.
	min1  int  // Min - 1
	span4 int  // Max - Min - 4
	sat4  int  // SatisfiedFrom - 4
	set   bool // the scale was given, not defaulted

	n      int64
	counts [MaxSpan + 1]int64 // counts[i] is the number of ratings Min + i
}

// NewTally returns an empty tally on scale s (the zero Scale means Five).
// An invalid scale returns ErrScale.
func NewTally(s Scale) (*Tally, error) {
	if err := s.check("csat.NewTally"); err != nil {
		return nil, err
	}
	t := new(Tally)
	t.setScale(s.resolve())
	return t, nil
}

// TallyFunc returns a function that makes empty tallies on scale s, for
// the New field of a group of package group, so that every tally of the
// group counts on s:
//
//	g := group.ByKey[string, csat.Tally]()
//	g.New, err = csat.TallyFunc(csat.Ten)
//
// It checks s once, here: an invalid scale returns a nil function and
// ErrScale.
func TallyFunc(s Scale) (func() *Tally, error) {
	if err := s.check("csat.TallyFunc"); err != nil {
		return nil, err
	}
	s = s.resolve()
	return func() *Tally {
		t := new(Tally)
		t.setScale(s)
		return t
	}, nil
}

func (t *Tally) setScale(s Scale) {
	t.min1, t.span4, t.sat4, t.set = s.Min-1, s.Max-s.Min-4, s.SatisfiedFrom-4, true
}

// Scale returns the scale of t; a zero Tally's is Five.
func (t *Tally) Scale() Scale {
	lo := t.min1 + 1
	return Scale{Min: lo, Max: lo + t.span4 + 4, SatisfiedFrom: t.sat4 + 4}
}

// span returns Max - Min.
func (t *Tally) span() int { return t.span4 + 4 }

// Add counts one rating. A rating outside the scale returns ErrOutOfRange
// (with index -1), and a tally that already holds math.MaxInt64 ratings
// returns ErrOverflow; either way t is unchanged.
//
// Add costs a range check, an overflow check and two increments, and is
// small enough to be inlined. To count a slice, [Tally.AddAll] is faster
// still.
func (t *Tally) Add(x int) error {
	// The error values are built here, not in a helper, to keep Add
	// within the compiler's inlining budget (a call costs more than a
	// composite literal).
	i := uint(x - 1 - t.min1)
	if i > uint(t.span4+4) {
		return &estimate.ValueError{Func: "csat.Tally.Add", Name: "rating", Value: float64(x), Index: -1,
			Err: &rangeError{t.min1, t.span4}}
	}
	if t.n == math.MaxInt64 {
		return &estimate.ValueError{Func: "csat.Tally.Add", Name: "count", Value: 1, Index: -1, Err: ErrOverflow}
	}
	t.counts[i]++
	t.n++
	return nil
}

// AddN counts count copies of the rating x, in O(1). A rating outside the
// scale returns ErrOutOfRange, a negative count ErrCount, and a total
// above math.MaxInt64 ErrOverflow; on error t is unchanged. A zero count
// of a rating on the scale does nothing.
func (t *Tally) AddN(x int, count int64) error {
	const fn = "csat.Tally.AddN"
	s := t.Scale()
	switch {
	case !s.Contains(x):
		return ratingErr(fn, x, s, -1)
	case count < 0:
		return valueErr(fn, "count", float64(count), ErrCount)
	case t.n > math.MaxInt64-count:
		return valueErr(fn, "count", float64(count), ErrOverflow)
	}
	t.counts[x-s.Min] += count
	t.n += count
	return nil
}

// AddAll counts every rating of xs. It is the fast path for slices: it
// counts into four interleaved local histograms, so that runs of equal
// ratings do not wait on one another, and adds them to t at the end, with
// no allocation.
//
// A rating outside the scale returns ErrOutOfRange with its index in xs,
// and a total above math.MaxInt64 returns ErrOverflow; on error t is
// unchanged (none of xs is counted).
func (t *Tally) AddAll(xs []int) error {
	return t.addAll("csat.Tally.AddAll", xs)
}

func (t *Tally) addAll(fn string, xs []int) error {
	if t.n > math.MaxInt64-int64(len(xs)) {
		return valueErr(fn, "count", float64(len(xs)), ErrOverflow)
	}
	lo := t.min1 + 1
	var h [MaxSpan + 1]int64
	if len(xs) < 64 {
		// Few ratings: one histogram, not worth clearing four.
		span := uint(t.span())
		for k, x := range xs {
			i := uint(x - lo)
			if i > span {
				return ratingErr(fn, x, t.Scale(), k)
			}
			h[i]++
		}
	} else {
		var bad int
		if bad = histogram4(&h, xs, lo, uint(t.span())); bad >= 0 {
			return ratingErr(fn, xs[bad], t.Scale(), bad)
		}
	}
	for k := range t.counts {
		t.counts[k] += h[k]
	}
	t.n += int64(len(xs))
	return nil
}

// histogram4 sets c to the counts of the ratings xs - lo in 0..span and
// returns -1, or returns the index of the first rating outside 0..span.
// It keeps four histograms, one per lane of four consecutive ratings: a
// single histogram makes each increment wait for the previous one whenever
// a rating repeats, a chain through memory that four lanes break.
//
// nps has the same loop for the fixed bounds 0..10; it is not shared
// because a shared version with variable bounds slowed nps's fast path by
// about 1.3x (see nps's histogram).
func histogram4(c *[MaxSpan + 1]int64, xs []int, lo int, span uint) (bad int) {
	var h [4][MaxSpan + 1]int64
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		a, b, d, e := uint(xs[i]-lo), uint(xs[i+1]-lo), uint(xs[i+2]-lo), uint(xs[i+3]-lo)
		if a > span || b > span || d > span || e > span {
			break
		}
		h[0][a]++
		h[1][b]++
		h[2][d]++
		h[3][e]++
	}
	for ; i < len(xs); i++ {
		a := uint(xs[i] - lo)
		if a > span {
			return i
		}
		h[0][a]++
	}
	for k := range c {
		c[k] = h[0][k] + h[1][k] + h[2][k] + h[3][k]
	}
	return -1
}

// addSeq counts the ratings of seq, stopping at the first that is out of
// the scale (with its position in seq) or would overflow. Unlike the other
// methods it leaves t holding the ratings before the bad one: callers
// count into a fresh tally.
func (t *Tally) addSeq(fn string, seq iter.Seq[int]) error {
	s := t.Scale()
	span := uint(t.span())
	k := 0
	for x := range seq {
		i := uint(x - s.Min)
		if i > span {
			return ratingErr(fn, x, s, k)
		}
		if t.n == math.MaxInt64 {
			return &estimate.ValueError{Func: fn, Name: "count", Value: float64(t.n), Index: k, Err: ErrOverflow}
		}
		t.counts[i]++
		t.n++
		k++
	}
	return nil
}

// Merge adds the counts of o to t, as if every rating counted in o had
// been added to t. A nil o adds nothing; t.Merge(t) doubles every count; o
// is not modified.
//
// The tallies must be on the same scale, or Merge returns
// ErrScaleMismatch. The exception: an empty zero Tally, never given a
// scale, takes o's scale and counts, so that groups of zero tallies can
// collect tallies on any scale. A total above math.MaxInt64 returns
// ErrOverflow. On error t is unchanged.
func (t *Tally) Merge(o *Tally) error {
	const fn = "csat.Tally.Merge"
	if o == nil {
		return nil
	}
	if t.Scale() != o.Scale() {
		if t.set || t.n != 0 {
			return mismatchErr(fn, o.Scale(), t.Scale())
		}
		*t = *o
		t.set = true
		return nil
	}
	if o.n == 0 {
		return nil
	}
	if t.n > math.MaxInt64-o.n {
		return valueErr(fn, "count", float64(o.n), ErrOverflow)
	}
	for k, c := range o.counts[:o.span()+1] {
		t.counts[k] += c
	}
	t.n += o.n
	return nil
}

// N returns the number of ratings counted.
func (t *Tally) N() int64 { return t.n }

// Count returns the number of ratings x counted, and 0 for a rating
// outside the scale.
func (t *Tally) Count(x int) int64 {
	if i := uint(x - 1 - t.min1); i <= uint(t.span()) {
		return t.counts[i]
	}
	return 0
}

// All returns an iterator over the points of the scale, from Min to Max,
// and the number of ratings counted at each, zeros included.
func (t *Tally) All() iter.Seq2[int, int64] {
	return func(yield func(int, int64) bool) {
		lo := t.min1 + 1
		for i, c := range t.counts[:t.span()+1] {
			if !yield(lo+i, c) {
				return
			}
		}
	}
}

// Reset empties t and keeps its scale: a tally made by NewTally(Seven)
// counts 1..7 again, and a zero Tally is zero again.
func (t *Tally) Reset() {
	t.n = 0
	t.counts = [MaxSpan + 1]int64{}
}

// Result returns the CSAT, mean, satisfaction index and distribution of
// the ratings counted, with confidence intervals at o.Level (0 means
// 0.95); o.Method chooses the interval of the CSAT (empty means
// estimate.Wilson). See [Result] for the formulas and the special cases.
// A tally with no ratings returns ErrEmpty; a level outside (0, 1)
// returns ErrLevel; a method other than Wilson, Agresti-Coull,
// Clopper-Pearson, Jeffreys and Wald returns ErrMethod; an interval that
// cannot be finite (a critical value that overflows, a t quantile at a df
// near 2⁵⁴) returns ErrNotFinite, never a NaN.
func (t *Tally) Result(o estimate.Options) (Result, error) {
	return result("csat.Tally.Result", t.Scale(), t.counts[:t.span()+1], t.n, o)
}

// Quantile returns the p-quantile of the ratings counted (0 <= p <= 1), by
// quantile definition typ of Hyndman and Fan (1996), 0 meaning type 7 as
// in R, read from the counts with estimate.QuantileFunc without expanding
// them. Quantile(0.5, 0) is the [Result] Median. No ratings returns
// ErrEmpty; p outside [0, 1] ErrProbability; typ outside 0..9
// ErrQuantileType.
func (t *Tally) Quantile(p float64, typ estimate.QuantileType) (float64, error) {
	return quantile("csat.Tally.Quantile", t.Scale().Min, t.counts[:t.span()+1], t.n, p, typ)
}
