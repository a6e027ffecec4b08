package servqbeam

import (
	"errors"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// Sentinel errors of this package. Errors about a configuration or a
// value are *estimate.ValueError values wrapping one of them, so
// errors.Is and errors.As both work.
var (
	// ErrNotEmpty means an initial accumulator that already counts
	// values: every bundle would count them again.
	ErrNotEmpty = errors.New("initial accumulator not empty")
	// ErrZone means a time zone that the workers cannot load by name:
	// time.Local, a zone made by time.FixedZone, or a name that
	// time.LoadLocation does not know.
	ErrZone = errors.New("time zone not loadable by name")
	// ErrBy means a [By] other than [All], [BySegment], [ByPeriod] and
	// [BySegmentPeriod].
	ErrBy = errors.New("unknown grouping")
)

// Errors re-exported from the packages that define them.
var (
	// ErrCorrupt means bytes that do not decode: a [Key], an [Event] or an
	// accumulator's state (estimate.ErrCorrupt).
	ErrCorrupt = estimate.ErrCorrupt
	// ErrLocation means a nil *time.Location (group.ErrLocation).
	ErrLocation = group.ErrLocation
	// ErrPeriod means a Period other than Day, Week, Month and Quarter
	// (group.ErrPeriod).
	ErrPeriod = group.ErrPeriod
)

func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

func textErr(fn, name, text string, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: -1, Err: err}
}
