package group

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Sentinel errors. The functions of this package wrap them, so callers
// test with errors.Is; errors about one key come as a [*KeyError].
var (
	// ErrPeriod means a Period other than Day, Week, Month and Quarter, or
	// text that names none of them.
	ErrPeriod = errors.New("unknown period")
	// ErrLocation means a nil *time.Location.
	ErrLocation = errors.New("nil location")
	// ErrMismatch means a Merge of groups whose periods differ, or whose
	// keys are not period starts in the receiver's Location.
	ErrMismatch = errors.New("groups of different calendars")
	// ErrCorrupt means JSON that does not decode to a group: not a list of
	// entries, a missing or duplicate key, a start that is not the start
	// of a period, a label that does not match its start, or a value that
	// does not decode.
	ErrCorrupt = errors.New("corrupt encoding")
	// ErrZero means a zero Map, Series or Panel, made without ByKey,
	// ByPeriod or BySegmentPeriod, asked to hold a key.
	ErrZero = errors.New("zero group, not made by its constructor")
)

// A KeyError records a failure about one key of a group: an accumulator
// whose Merge failed, or an entry of JSON that does not decode. Err is the
// reason; errors.Is and errors.As see through it to the accumulator's own
// errors and to the sentinels of this package.
type KeyError struct {
	Func string // the method, with its package: "group.Map.Merge"
	Key  any    // the key: a K of a Map, a period start of a Series, a Cell of a Panel
	Err  error  // the reason
}

// Error returns "Func: key Key: reason", with a time key in RFC 3339, for
// example "group.Series.Merge: key 2026-03-09T00:00:00+01:00: count overflows".
func (e *KeyError) Error() string {
	return e.Func + ": key " + formatKey(e.Key) + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *KeyError) Unwrap() error { return e.Err }

func formatKey(k any) string {
	switch k := k.(type) {
	case time.Time:
		return k.Format(time.RFC3339Nano)
	case string:
		return strconv.Quote(k)
	case fmt.Stringer:
		return k.String()
	}
	return fmt.Sprint(k)
}

func periodErr(fn string, p Period) error {
	return fmt.Errorf("%s: %v: %w", fn, p, ErrPeriod)
}

func locationErr(fn string) error {
	return fmt.Errorf("%s: %w", fn, ErrLocation)
}

func zeroErr(fn string) error {
	return fmt.Errorf("%s: %w", fn, ErrZero)
}

func corruptErr(fn string, entry int, what string) error {
	return fmt.Errorf("%s: entry %d: %s: %w", fn, entry, what, ErrCorrupt)
}
