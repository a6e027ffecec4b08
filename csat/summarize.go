package csat

import (
	"iter"

	"github.com/servq/servq/estimate"
)

// Summarize returns the [Result] of the ratings xs on scale s (the zero
// Scale means Five), as a [Tally] on s would report it after AddAll(xs):
// the one-shot form of Tally.
//
// An invalid scale returns ErrScale; a rating outside the scale returns
// ErrOutOfRange with its index in xs; no ratings return ErrEmpty; the
// options are checked as by [Tally.Result].
func Summarize(xs []int, s Scale, o estimate.Options) (Result, error) {
	const fn = "csat.Summarize"
	if err := s.check(fn); err != nil {
		return Result{}, err
	}
	var t Tally
	t.setScale(s.resolve())
	if err := t.addAll(fn, xs); err != nil {
		return Result{}, err
	}
	return result(fn, t.Scale(), t.counts[:t.span()+1], t.n, o)
}

// SummarizeSeq is [Summarize] for an iterator: it counts the ratings of
// seq, without keeping them, and returns their Result. A rating outside
// the scale returns ErrOutOfRange with its position in seq (from 0), and
// stops the iteration there. A nil seq has no ratings: ErrEmpty.
func SummarizeSeq(seq iter.Seq[int], s Scale, o estimate.Options) (Result, error) {
	const fn = "csat.SummarizeSeq"
	if err := s.check(fn); err != nil {
		return Result{}, err
	}
	if seq == nil {
		return Result{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	var t Tally
	t.setScale(s.resolve())
	if err := t.addSeq(fn, seq); err != nil {
		return Result{}, err
	}
	return result(fn, t.Scale(), t.counts[:t.span()+1], t.n, o)
}
