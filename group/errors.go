package group

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/estimate"
)

// Sentinel errors. The functions of this package return them wrapped in an
// [*estimate.ValueError] that names the function and the value at fault,
// so callers test with errors.Is and read the details with errors.As.
var (
	// ErrPeriod means a Period other than Day, Week, Month and Quarter, or
	// text that names none of them.
	ErrPeriod = errors.New("unknown period")
	// ErrLocation means a nil *time.Location.
	ErrLocation = errors.New("nil location")
	// ErrMismatch means a Merge of groups whose periods differ, or whose
	// keys are not period starts in the receiver's Location.
	ErrMismatch = errors.New("groups of different calendars")
	// ErrCorrupt means JSON that does not decode to a group; it is
	// [estimate.ErrCorrupt], the sentinel of every servq decoder.
	ErrCorrupt = estimate.ErrCorrupt
	// ErrZero means a zero Map, Series or Panel, made without ByKey,
	// ByPeriod or BySegmentPeriod, asked to hold a key.
	ErrZero = errors.New("zero group, not made by its constructor")
)

// A KeyError is the reason of an [*estimate.ValueError] about one key of a
// group: an accumulator whose Merge failed, or an entry of JSON that does
// not decode. The ValueError names the function and the key (Name "key",
// the key as Text); errors.As(err, &ke) gives the key with its own type.
// errors.Is and errors.As see through Err to the accumulator's own errors
// and to the sentinels of this package.
type KeyError struct {
	Key any   // the key: a K of a Map, a period start of a Series, a Cell of a Panel
	Err error // the reason
}

// Error returns the reason; the ValueError around a KeyError names the key.
func (e *KeyError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *KeyError) Unwrap() error { return e.Err }

// keyErr returns the error of fn about key k, at index i of the input (-1
// when k is not from a sequence), for reason err.
func keyErr(fn string, k any, i int, err error) error {
	return &estimate.ValueError{Func: fn, Name: "key", Text: formatKey(k), Index: i,
		Err: &KeyError{Key: k, Err: err}}
}

func formatKey(k any) string {
	switch k := k.(type) {
	case time.Time:
		return k.Format(time.RFC3339Nano)
	case fmt.Stringer:
		return k.String()
	}
	return fmt.Sprint(k)
}

func periodErr(fn string, p Period) error {
	return &estimate.ValueError{Func: fn, Name: "period", Value: float64(p), Index: -1, Err: ErrPeriod}
}

func locationErr(fn string) error {
	return &estimate.ValueError{Func: fn, Name: "location", Text: "nil", Index: -1, Err: ErrLocation}
}

func zeroErr(fn, what string) error {
	return &estimate.ValueError{Func: fn, Name: "group", Text: "zero " + what, Index: -1, Err: ErrZero}
}

// corruptErr returns ErrCorrupt for the field name of entry i (-1 for the
// whole input), holding text, for the reason why.
func corruptErr(fn, name, text string, i int, why string) error {
	if text == "" {
		text = "(missing)"
	}
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: i,
		Err: fmt.Errorf("%w: %s", ErrCorrupt, why)}
}

// corruptOf returns err as a reason wrapping ErrCorrupt: err itself when
// it already does (a servq accumulator's decoding error).
func corruptOf(err error) error {
	if errors.Is(err, ErrCorrupt) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}
