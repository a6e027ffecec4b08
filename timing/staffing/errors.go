package staffing

import (
	"errors"
	"time"

	"github.com/servq/servq/estimate"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function and the value, so that
// errors.Is and errors.As both work.
var (
	// ErrNegative means a negative contact count or answer time.
	ErrNegative = errors.New("negative")
	// ErrNotPositive means an interval length, handling time or patience
	// that is zero or negative.
	ErrNotPositive = errors.New("not positive")
	// ErrTarget means a target share outside its range: a service level or
	// abandonment target outside (0, 1), an occupancy cap outside (0, 1], a
	// shrinkage outside [0, 1), or an ASA target below zero.
	ErrTarget = errors.New("target out of range")
	// ErrNoTarget means a staffing question with no target set.
	ErrNoTarget = errors.New("no target set")
	// ErrTooLarge means a load above [MaxErlangs], agents above
	// [MaxAgents], a patience above [MaxPatienceRatio] handling times, or
	// targets that need more than MaxAgents agents.
	ErrTooLarge = errors.New("too large")
)

// Sentinels of package estimate that this package returns, re-exported so
// that callers need not import estimate to test for them.
var (
	// ErrNotFinite means a NaN or infinite contact count or target.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrEmpty means a staffing plan with no intervals.
	ErrEmpty = estimate.ErrEmpty
	// ErrCorrupt means JSON that does not decode to a valid result.
	ErrCorrupt = estimate.ErrCorrupt
)

// valueErr returns a ValueError for a number that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// durationErr returns a ValueError for a duration, written as text ("-5s")
// so that the unit is in the message.
func durationErr(fn, name string, d time.Duration, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Text: d.String(), Index: -1, Err: err}
}

// at sets the index of a ValueError, for an error about interval i of a plan.
func at(err error, i int) error {
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		ve.Index = i
	}
	return err
}
