package servqual

import (
	"iter"

	"github.com/servq/servq/estimate"
)

// Summarize scores the responses rs on instrument in, as an [Accumulator]
// does, and returns its [Accumulator.Result]. An invalid instrument
// returns the error of [Instrument.Validate], a bad response the error of
// [Accumulator.AddAll] (with its index), no responses ErrEmpty.
func Summarize(in Instrument, rs []Response, o estimate.Options) (Result, error) {
	const fn = "servqual.Summarize"
	a, err := NewAccumulator(in)
	if err != nil {
		return Result{}, refunc(err, fn)
	}
	if err := a.AddAll(rs); err != nil {
		return Result{}, refunc(err, fn)
	}
	r, err := a.Result(o)
	return r, refunc(err, fn)
}

// SummarizeSeq is [Summarize] for an iterator. A bad response returns its
// error with its position in the sequence as the error's Index; the
// responses before it are not reported.
func SummarizeSeq(in Instrument, rs iter.Seq[Response], o estimate.Options) (Result, error) {
	const fn = "servqual.SummarizeSeq"
	a, err := NewAccumulator(in)
	if err != nil {
		return Result{}, refunc(err, fn)
	}
	i := 0
	for r := range rs {
		if err := check(fn, a.l, &r, i); err != nil {
			return Result{}, err
		}
		a.add(&r)
		i++
	}
	res, err := a.Result(o)
	return res, refunc(err, fn)
}
