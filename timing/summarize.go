package timing

import (
	"iter"
	"time"

	"github.com/servq/servq/estimate"
)

// Summarize returns the [Summary] of xs with exact type-7 quantiles, the
// one-shot form of a [Sample]: count, mean with its t interval at o.Level,
// SD, min, median, p90, p95, max. An empty xs returns ErrEmpty; a negative
// duration ErrNegative with its index.
func Summarize(xs []time.Duration, o estimate.Options) (Summary, error) {
	var s Sample
	if err := s.AddAll(xs); err != nil {
		return Summary{}, renamed(err, "timing.Summarize")
	}
	r, err := s.Result(o)
	return r, renamed(err, "timing.Summarize")
}

// SummarizeSeq is [Summarize] for an iterator; it keeps the values (8
// bytes each) for the exact quantiles. For long streams use [Durations].
func SummarizeSeq(seq iter.Seq[time.Duration], o estimate.Options) (Summary, error) {
	var s Sample
	i := 0
	for d := range seq {
		if d < 0 {
			return Summary{}, &estimate.ValueError{Func: "timing.SummarizeSeq", Name: "duration (s)", Value: d.Seconds(), Index: i, Err: ErrNegative}
		}
		s.xs = append(s.xs, d)
		i++
	}
	r, err := s.Result(o)
	return r, renamed(err, "timing.SummarizeSeq")
}

func renamed(err error, fn string) error { return addFunc(err, fn) }

// Compare answers "did the rate change?" between two periods or segments:
// the difference b - a of their shares with Newcombe's interval (the
// default of estimate.DiffProportions; o.Method may name another it
// offers) and the two-sided p-value of the z test. An empty (or nil) rate
// returns ErrEmpty.
func Compare(a, b *Rate, o estimate.Options) (estimate.Difference, error) {
	if a == nil {
		a = &Rate{}
	}
	if b == nil {
		b = &Rate{}
	}
	d, err := estimate.DiffProportions(b.x, b.n, a.x, a.n, o)
	return d, renamed(err, "timing.Compare")
}

// CompareMeans answers "did the mean duration change?": the difference
// b - a of the means in seconds, with Welch's interval and p-value
// (estimate.DiffMeans). No durations in either (nil counts as none)
// returns ErrEmpty, one ErrTooFew, two constant sets ErrNoVariance.
func CompareMeans(a, b *Durations, o estimate.Options) (estimate.Difference, error) {
	if a == nil {
		a = &Durations{}
	}
	if b == nil {
		b = &Durations{}
	}
	ma, mb := a.moments(), b.moments()
	d, err := estimate.DiffMeans(&mb, &ma, o)
	return d, renamed(err, "timing.CompareMeans")
}
