package mysteryshopper

import (
	"errors"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and its index,
// so that errors.Is and errors.As both work.
var (
	// ErrChecklist means a checklist that fails validation: an item of
	// unknown kind, a duplicate or empty id, a negative weight or weights
	// that add up to zero, a bad pass mark, trigger or cap; or a decoded
	// [Score] whose items and sections form no checklist.
	ErrChecklist = errors.New("invalid checklist")
	// ErrUnknownItem means an answer for an item the checklist lacks.
	ErrUnknownItem = errors.New("unknown item")
	// ErrMissing means an item left unanswered that must be answered
	// (every item not marked Optional; N/A is an answer).
	ErrMissing = errors.New("missing answer")
	// ErrAnswer means an answer that does not fit its item: a yes/no
	// other than 0 or 1, a choice index with no option, N/A for an item
	// that is always applicable, or text that reads as no answer.
	ErrAnswer = errors.New("invalid answer")
	// ErrAllNA means a visit on which every item was not applicable, so
	// that there is nothing to score.
	ErrAllNA = errors.New("every item not applicable")
	// ErrMismatch means scored visits or accumulators of two different
	// checklists (their item or section ids differ).
	ErrMismatch = errors.New("different checklists")
)

// Sentinels of packages estimate and rating that this package returns,
// re-exported so that callers need not import them to test for them.
var (
	// ErrOutOfRange means a rating outside its item's scale, or a
	// decoded score outside 0..100.
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrScale means an invalid rating scale in a checklist.
	ErrScale = rating.ErrScale
	// ErrEmpty means no visits.
	ErrEmpty = estimate.ErrEmpty
	// ErrTooFew means one visit where an interval needs two.
	ErrTooFew = estimate.ErrTooFew
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrOverflow means a count that would overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrNotFinite means a NaN or infinite number.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrNoVariance means two constant samples that differ, which no
	// test statistic can compare.
	ErrNoVariance = estimate.ErrNoVariance
	// ErrCorrupt means encoded state or a checklist file that does not
	// decode.
	ErrCorrupt = estimate.ErrCorrupt
)

// valueErr returns a ValueError for a number that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// textErr returns a ValueError for a text value at index i (-1: none).
func textErr(fn, name, text string, i int, err error) error {
	if text == "" {
		text = "(empty)"
	}
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: i, Err: err}
}

// wrapf returns err with a detail appended to its message.
func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", err, fmt.Sprintf(format, args...))
}

// rangeErr reports a decoded number outside its range: ErrNotFinite for
// NaN and ±Inf, ErrOutOfRange for the others.
func rangeErr(fn, name string, v float64, bounds string) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return valueErr(fn, name, v, ErrNotFinite)
	}
	return valueErr(fn, name, v, fmt.Errorf("%w %s", ErrOutOfRange, bounds))
}
