package rating

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/servq/servq/estimate"
)

// Bounds of a [Scale].
const (
	// MaxSpan is the largest Max - Min of a scale: 100, so a scale has at
	// most 101 points (0..100) and a tally can keep one count per point
	// in a fixed array.
	MaxSpan = 100
	// MaxAbs bounds the ends of a scale: -MaxAbs <= Min < Max <= MaxAbs,
	// so that every rating converts to float64 exactly and no arithmetic
	// on a rating and the ends of its scale can overflow an int.
	MaxAbs = 1_000_000
)

// Sentinel errors, wrapped in an [*estimate.ValueError] that names the value.
var (
	// ErrScale means an invalid scale: Min >= Max, a span above MaxSpan,
	// or an end beyond ±MaxAbs.
	ErrScale = errors.New("invalid rating scale")
	// ErrOutOfRange means a rating outside its scale.
	ErrOutOfRange = errors.New("out of range")
)

// A Scale is the bounded integer rating scale Min..Max, both ends
// included: 1..5, 1..7, 0..10. A valid Scale has
//
//	-MaxAbs <= Min < Max <= MaxAbs
//	Max - Min <= MaxSpan
//
// The zero Scale (0..0) is not valid; packages that take a Scale say what
// their zero value means.
type Scale struct {
	// Min is the lowest rating.
	Min int `json:"min"`
	// Max is the highest rating; Min < Max <= Min + MaxSpan.
	Max int `json:"max"`
}

// Validate returns nil if s is a valid scale, and otherwise an
// [*estimate.ValueError] from fn wrapping ErrScale that names the field at
// fault ("min" or "max") and its value. fn names the caller's function, so
// that the error reads as the caller's ("csat.NewScale: max 0: invalid
// rating scale: not above min 1"); an empty fn means "rating.Scale.Validate".
func (s Scale) Validate(fn string) error {
	if fn == "" {
		fn = "rating.Scale.Validate"
	}
	bad := func(name string, v int, why string) error {
		return &estimate.ValueError{Func: fn, Name: name, Value: float64(v), Index: -1,
			Err: fmt.Errorf("%w: %s", ErrScale, why)}
	}
	switch {
	case s.Min < -MaxAbs || s.Min > MaxAbs:
		return bad("min", s.Min, "beyond ±"+strconv.Itoa(MaxAbs))
	case s.Max < -MaxAbs || s.Max > MaxAbs:
		return bad("max", s.Max, "beyond ±"+strconv.Itoa(MaxAbs))
	case s.Max <= s.Min:
		return bad("max", s.Max, "not above min "+strconv.Itoa(s.Min))
	case s.Max-s.Min > MaxSpan:
		return bad("max", s.Max, "more than "+strconv.Itoa(MaxSpan)+" above min "+strconv.Itoa(s.Min))
	}
	return nil
}

// Contains reports whether x is a rating of the scale: Min <= x <= Max.
func (s Scale) Contains(x int) bool { return s.Min <= x && x <= s.Max }

// Check returns nil if x is a rating of s, and otherwise an
// [*estimate.ValueError] from fn wrapping ErrOutOfRange, with x as its value
// and index as its position (-1 when x is not in a sequence):
// "servqual.Accumulator.Add: rating 8 at index 3: out of range 1..7";
// an empty fn means "rating.Scale.Check", as in Validate. Check does not
// validate s itself; do that once with [Scale.Validate].
func (s Scale) Check(fn string, x, index int) error {
	if s.Contains(x) {
		return nil
	}
	if fn == "" {
		fn = "rating.Scale.Check"
	}
	return &estimate.ValueError{Func: fn, Name: "rating", Value: float64(x), Index: index,
		Err: fmt.Errorf("%w %d..%d", ErrOutOfRange, s.Min, s.Max)}
}

// Points returns the number of points of the scale, Max - Min + 1: 5 for
// 1..5, 11 for 0..10. Of a scale that Validate rejects it returns Max -
// Min + 1 in int arithmetic, which may wrap.
func (s Scale) Points() int { return s.Max - s.Min + 1 }

// Index returns x - Min, the position of rating x in a per-point array of
// Points counts. It does not check that x is on the scale.
func (s Scale) Index(x int) int { return x - s.Min }

// String returns the scale as "1..5".
func (s Scale) String() string { return strconv.Itoa(s.Min) + ".." + strconv.Itoa(s.Max) }
