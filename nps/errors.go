package nps

import (
	"errors"
	"fmt"

	"github.com/servq/servq/estimate"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and its index,
// so that errors.Is and errors.As both work.
var (
	// ErrOutOfRange means a score outside 0..10. The message reads
	// "out of range 0..10".
	ErrOutOfRange = errors.New("out of range")
	// ErrCategory means a [Category] other than Detractor, Passive or
	// Promoter, or a text that names none of them.
	ErrCategory = errors.New("unknown category")
)

// Sentinels of package estimate that this package returns, re-exported so
// that callers need not import estimate to test for them.
var (
	// ErrEmpty means there were no scores.
	ErrEmpty = estimate.ErrEmpty
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrCount means a negative count, or category counts that do not add
	// up to n.
	ErrCount = estimate.ErrCount
	// ErrOverflow means a count that would overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrCorrupt means encoded state that does not decode to a valid
	// [Tally].
	ErrCorrupt = estimate.ErrCorrupt
	// ErrProbability means a share outside [0, 1], or shares of promoters
	// and detractors that add up to more than 1.
	ErrProbability = estimate.ErrProbability
	// ErrNotFinite means a NaN or infinite input.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrNoVariance means a Wald comparison of two samples that each have
	// a standard error of zero but differ.
	ErrNoVariance = estimate.ErrNoVariance
)

// errRange is ErrOutOfRange with the range, so that the message reads
// "score 11 at index 3: out of range 0..10".
var errRange = fmt.Errorf("%w 0..%d", ErrOutOfRange, MaxScore)

// valueErr returns a ValueError for a value that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// scoreErr returns the error for a score outside 0..10 at index i (-1 when
// the score is not from a sequence).
func scoreErr(fn string, x, i int) error {
	return &estimate.ValueError{Func: fn, Name: "score", Value: float64(x), Index: i, Err: errRange}
}

// wrapf returns err with a detail appended to its message.
func wrapf(err error, detail string) error { return fmt.Errorf("%w: %s", err, detail) }
