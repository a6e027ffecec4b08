package timing

import (
	"errors"

	"github.com/servq/servq/estimate"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and, where
// there is one, its index, so that errors.Is and errors.As both work.
var (
	// ErrOrder means an end before its start.
	ErrOrder = errors.New("end before start")
	// ErrNegative means a negative duration.
	ErrNegative = errors.New("negative duration")
	// ErrWindow means an opening window that is empty or reaches outside
	// 00:00..24:00 of its day.
	ErrWindow = errors.New("window outside 00:00..24:00 or empty")
	// ErrOverlap means two opening windows of one day that overlap.
	ErrOverlap = errors.New("overlapping windows")
	// ErrLocation means a nil *time.Location.
	ErrLocation = errors.New("nil location")
	// ErrDate means a date that does not exist (February 30) or an
	// exception given twice for one date.
	ErrDate = errors.New("invalid date")
	// ErrTimeRange means an instant outside the years 1900..2199, the
	// range a Calendar computes in.
	ErrTimeRange = errors.New("outside years 1900..2199")
	// ErrNoHours means a business duration that the calendar never
	// reaches: no opening hours are left before 2200.
	ErrNoHours = errors.New("no business hours left to reach the duration")
	// ErrContradiction means events of one ticket that cannot all be true
	// (a reply before the ticket was created, two creations, an event after
	// it was closed). The error's Text names the ticket.
	ErrContradiction = errors.New("events contradict each other")
	// ErrKind means an event kind, work kind or SLA metric that is not
	// one of the constants of this package.
	ErrKind = errors.New("unknown kind")
	// ErrStatus means a ticket status (or, in Compliance, a target State)
	// that is not one of the constants of this package, or a text that
	// names none of them.
	ErrStatus = errors.New("unknown status")
	// ErrMismatch means two accumulators that cannot be merged because
	// they were configured differently (two service levels with different
	// targets).
	ErrMismatch = errors.New("accumulators configured differently")
)

// Sentinels of package estimate that this package returns, re-exported so
// that callers need not import estimate to test for them.
var (
	// ErrEmpty means there was nothing to summarise.
	ErrEmpty = estimate.ErrEmpty
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrCount means a negative count, or successes above trials.
	ErrCount = estimate.ErrCount
	// ErrOverflow means a count, or a duration in nanoseconds (more than
	// about 292 years: the years 1900..2199 hold more), that would
	// overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrNotFinite means a NaN or infinite input.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrProbability means a quantile probability outside [0, 1].
	ErrProbability = estimate.ErrProbability
	// ErrTooFew means fewer durations than a comparison needs (two in
	// each of the two sets of [CompareMeans]).
	ErrTooFew = estimate.ErrTooFew
	// ErrNoVariance means two sets of durations that are both constant,
	// whose difference of means has no interval ([CompareMeans]).
	ErrNoVariance = estimate.ErrNoVariance
	// ErrQuantileType means a [Sample] quantile type outside 1..9.
	ErrQuantileType = estimate.ErrQuantileType
	// ErrCorrupt means encoded state that does not decode to a valid
	// accumulator.
	ErrCorrupt = estimate.ErrCorrupt
)

// valueErr returns a ValueError for a value that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// textErr returns a ValueError for a text value (a ticket id, a status
// name) at index i (-1 when not in a sequence).
func textErr(fn, name, text string, i int, err error) error {
	if text == "" {
		text = "(empty)"
	}
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: i, Err: err}
}
