package retention

import (
	"errors"
	"fmt"

	"github.com/servq/servq/estimate"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and its index,
// so that errors.Is and errors.As both work.
var (
	// ErrFlow means customer counts that cannot occur together: more new
	// customers than customers at the end (N > E), or more customers kept
	// than there were at the start (E - N > S). The message says which.
	ErrFlow = errors.New("impossible customer counts")
	// ErrDuration means a negative duration or time, or an exit that is not
	// after its entry.
	ErrDuration = errors.New("invalid duration")
	// ErrStatus means a [Status] other than [Censored] and [Observed].
	ErrStatus = errors.New("unknown status")
	// ErrPeriod means a cohort period other than group.Week and group.Month.
	ErrPeriod = errors.New("cohort period must be a week or a month")
	// ErrTime means an event time outside the years 1 to 9999.
	ErrTime = errors.New("time outside the years 1..9999")
	// ErrSpan means an event log whose cohort table would be too large
	// to hold: more than MaxCells cohort-period cells.
	ErrSpan = errors.New("cohort table too large")
	// ErrLocation means a nil *time.Location.
	ErrLocation = errors.New("nil location")
	// ErrMismatch means a Merge of accumulators with different settings
	// (cohorts by week and by month, or in different time zones).
	ErrMismatch = errors.New("accumulators of different settings")
	// ErrSurvivors means a survivor series that is not a valid cohort:
	// fewer than two periods, a first count of zero, or a count above the
	// one before it.
	ErrSurvivors = errors.New("invalid survivor counts")
	// ErrFit means that a model fit found no finite maximum of the
	// likelihood: nobody churned, or everybody did at once.
	ErrFit = errors.New("no finite maximum likelihood estimate")
	// ErrNegative means a negative amount of revenue.
	ErrNegative = errors.New("negative amount")
	// ErrTooFewGroups means a log-rank test of fewer than two groups with
	// subjects at risk.
	ErrTooFewGroups = errors.New("fewer than two groups")
)

// Sentinels of package estimate that this package returns, re-exported so
// that callers need not import estimate to test for them.
var (
	// ErrEmpty means there were no observations.
	ErrEmpty = estimate.ErrEmpty
	// ErrNotFinite means a NaN or infinite input.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrCount means a negative count.
	ErrCount = estimate.ErrCount
	// ErrOverflow means a count that would overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrProbability means a discount rate or share outside its range.
	ErrProbability = estimate.ErrProbability
	// ErrCorrupt means encoded state that does not decode to a valid
	// accumulator or result.
	ErrCorrupt = estimate.ErrCorrupt
)

// valueErr returns a ValueError for a value that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// indexErr returns a ValueError for the value at index i of a sequence.
func indexErr(fn, name string, v float64, i int, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: i, Err: err}
}

// textErr returns a ValueError for a text value.
func textErr(fn, name, text string, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: -1, Err: err}
}

// wrapf returns err with a detail appended to its message; errors.Is still
// matches err.
func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", err, fmt.Sprintf(format, args...))
}

// renameErr sets the Func of a *ValueError to fn; other errors, and nil,
// are returned as they are.
func renameErr(err error, fn string) error {
	if ve, ok := err.(*estimate.ValueError); ok {
		ve.Func = fn
	}
	return err
}

// renameIndex sets the Index of a *ValueError to i; other errors, and
// nil, are returned as they are.
func renameIndex(err error, i int) error {
	if ve, ok := err.(*estimate.ValueError); ok {
		ve.Index = i
	}
	return err
}
