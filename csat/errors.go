package csat

import (
	"errors"
	"fmt"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/rating"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and, for a
// value taken from a slice or sequence, its index, so that errors.Is and
// errors.As both work.
var (
	// ErrOutOfRange means a rating outside its scale, [rating.ErrOutOfRange].
	// The message names the scale: "csat.Tally.Add: rating 6: out of
	// range 1..5".
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrScale means an invalid [Scale], [rating.ErrScale]: Min >= Max, a
	// span above [MaxSpan], an end beyond ±[MaxAbs], or SatisfiedFrom
	// outside (Min, Max].
	ErrScale = rating.ErrScale
	// ErrScaleMismatch means tallies or results on different scales
	// (Merge, Compare).
	ErrScaleMismatch = errors.New("scales differ")
	// ErrGrade means a [Grade] other than the five grades, or a text
	// that names none of them. (A rating or mean outside 1..5 has no grade
	// either; [GradeOf] and [GradeOfMean] report it as ErrOutOfRange.)
	ErrGrade = errors.New("not a grade")
)

// Sentinels of packages estimate and group that this package returns,
// re-exported so that callers need not import them to test for them.
var (
	// ErrEmpty means there were no ratings.
	ErrEmpty = estimate.ErrEmpty
	// ErrTooFew means a comparison of means with fewer than two ratings on
	// one side.
	ErrTooFew = estimate.ErrTooFew
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrCount means a negative count, or counts of a [Result] that do not
	// add up to its N.
	ErrCount = estimate.ErrCount
	// ErrOverflow means a count that would overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrCorrupt means encoded state that does not decode to a valid
	// [Tally].
	ErrCorrupt = estimate.ErrCorrupt
	// ErrNotFinite means a NaN or infinite mean.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrNoVariance means a comparison of means of two samples that are
	// each constant and differ (every rating 5 before, every rating 4
	// after): Welch's test has no standard error.
	ErrNoVariance = estimate.ErrNoVariance
	// ErrQuantileType means a quantile type other than 0..9.
	ErrQuantileType = estimate.ErrQuantileType
	// ErrProbability means a probability outside [0, 1].
	ErrProbability = estimate.ErrProbability
	// ErrLocation means a nil *time.Location.
	ErrLocation = group.ErrLocation
)

// valueErr returns a ValueError for a value that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// ratingErr returns the error for rating x outside scale s, at index i (-1
// when the rating is not from a sequence): rating.Scale.Check's.
func ratingErr(fn string, x int, s Scale, i int) error {
	return s.Rating().Check(fn, x, i)
}

// A rangeError is rating.ErrOutOfRange with the scale, whose message reads
// "out of range 1..5" as rating.Scale.Check's does. It holds the scale as a
// Tally does, offsets from Five, and formats the message only when asked,
// so that Tally.Add can build it inline and stay within the inlining
// budget; every other method reports with ratingErr.
type rangeError struct{ min1, span4 int }

func (e *rangeError) Error() string {
	lo := e.min1 + 1
	return fmt.Sprintf("%v %d..%d", ErrOutOfRange, lo, lo+e.span4+4)
}

func (e *rangeError) Unwrap() error { return ErrOutOfRange }

// mismatchErr returns ErrScaleMismatch for scale got where want was
// needed, naming the first end that differs.
func mismatchErr(fn string, got, want Scale) error {
	name, v := "satisfied_from", got.SatisfiedFrom
	switch {
	case got.Min != want.Min:
		name, v = "min", got.Min
	case got.Max != want.Max:
		name, v = "max", got.Max
	}
	return valueErr(fn, name, float64(v), fmt.Errorf("%w: %v, want %v", ErrScaleMismatch, got, want))
}

// wrapErr returns a ValueError of fn for err, an error of a function of
// package estimate that fn called with checked arguments, so that the error
// names the caller's function while errors.Is still finds estimate's
// sentinel. Such an error is about the level when its result was not
// finite (a level so close to 1 that the critical value overflows), and
// otherwise about n, the count it was given.
func wrapErr(fn string, n int64, level float64, err error) error {
	if errors.Is(err, ErrNotFinite) {
		return valueErr(fn, "level", level, err)
	}
	return valueErr(fn, "n", float64(n), err)
}
