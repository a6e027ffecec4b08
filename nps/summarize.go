package nps

import (
	"iter"
	"math"

	"github.com/servq/servq/estimate"
)

// Summarize returns the NPS of a slice of 0..10 scores, with its standard
// error and a confidence interval at o.Level (0 means 0.95) by o.Method
// (empty means [TangoScore]; [AdjustedWald] and [Wald] are accepted); see
// [Result] for the formulas. It counts
// by the fast path of [Tally.AddAll], with no allocation.
//
// Errors: a score outside 0..10 returns ErrOutOfRange with its index
// ("nps.Summarize: score 11 at index 3: out of range 0..10"); an empty slice
// returns ErrEmpty; a bad level ErrLevel; an unknown method ErrMethod.
func Summarize(scores []int, o estimate.Options) (Result, error) {
	const fn = "nps.Summarize"
	var t Tally
	if err := t.addAll(fn, scores); err != nil {
		return Result{}, err
	}
	return result(fn, t.counts, t.n, o)
}

// SummarizeSeq is [Summarize] for a sequence: it counts the scores of seq as they
// come, holding only the counts, so the scores may be streamed from a file
// or a database. The index of an error is the position in seq, from 0,
// and SummarizeSeq stops pulling from seq at the first bad score. Each score
// costs a call of the iterator's yield function, so for a slice [Summarize] is
// several times faster. A nil seq holds no scores and returns ErrEmpty.
func SummarizeSeq(seq iter.Seq[int], o estimate.Options) (Result, error) {
	const fn = "nps.SummarizeSeq"
	var t Tally
	if seq == nil {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	i := 0
	for x := range seq {
		if uint(x) > MaxScore {
			return Result{}, scoreErr(fn, x, i)
		}
		if t.n == math.MaxInt64 {
			return Result{}, &estimate.ValueError{Func: fn, Name: "count", Value: 1, Index: i, Err: ErrOverflow}
		}
		t.counts[x]++
		t.n++
		i++
	}
	return result(fn, t.counts, t.n, o)
}
