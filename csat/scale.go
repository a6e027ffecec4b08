package csat

import (
	"fmt"

	"github.com/servq/servq/rating"
)

// Bounds of a [Scale], those of every rating scale of servq
// ([rating.MaxSpan], [rating.MaxAbs]).
const (
	// MaxSpan is the largest Max - Min of a scale: 100, so a scale has at
	// most 101 points (0..100) and a [Tally] keeps its counts in a fixed
	// array of 101 int64s.
	MaxSpan = rating.MaxSpan
	// MaxAbs bounds the ends of a scale: -MaxAbs <= Min < Max <= MaxAbs.
	MaxAbs = rating.MaxAbs
)

// A Scale is a bounded integer rating scale, Min..Max (a [rating.Scale],
// validated by it), on which a rating of SatisfiedFrom or more counts as
// satisfied for the CSAT.
//
// The zero Scale means the default five-point scale, 1..5 with 4 and 5
// satisfied (the same as [Five]), so a zero [Tally] counts 1..5 ratings.
// Any other Scale must be valid (see [Scale.Validate]): only the zero
// value has a default, and a Scale with some fields set is taken as
// written.
//
// CSAT counts the top two points of a scale as satisfied by convention,
// and the ready scales follow it: [Five] (4..5), [Seven] (6..7), [Ten]
// (9..10) and [ZeroToTen] (9..10). On ten-point scales practice varies:
// many survey tools count 9 and 10 (QuestionPro's CSAT scoring model;
// the top-two-box rule), some count 8, 9 and 10 (Voxco's guide, "a score
// of 8, 9, or 10 indicates happy and satisfied customers"). Set
// SatisfiedFrom to the rule of your organisation:
//
//	s := csat.Scale{Min: 1, Max: 10, SatisfiedFrom: 8}
//
// and keep it fixed, since CSATs counted with different rules do not
// compare ([Compare] refuses them).
type Scale struct {
	// Min is the lowest rating.
	Min int `json:"min"`
	// Max is the highest rating; Min < Max <= Min + MaxSpan.
	Max int `json:"max"`
	// SatisfiedFrom is the lowest rating that counts as satisfied;
	// Min < SatisfiedFrom <= Max.
	SatisfiedFrom int `json:"satisfied_from"`
}

// The common scales. Each counts its top two points as satisfied.
var (
	// Five is 1..5, satisfied 4..5: the usual CSAT question ("very
	// dissatisfied" to "very satisfied"), and the zero Scale.
	Five = Scale{Min: 1, Max: 5, SatisfiedFrom: 4}
	// Seven is 1..7, satisfied 6..7 (the top two boxes of a seven-point
	// scale).
	Seven = Scale{Min: 1, Max: 7, SatisfiedFrom: 6}
	// Ten is 1..10, satisfied 9..10 (the top two boxes); see [Scale] for
	// the 8..10 alternative.
	Ten = Scale{Min: 1, Max: 10, SatisfiedFrom: 9}
	// ZeroToTen is 0..10, satisfied 9..10, the eleven points of an NPS
	// question asked about satisfaction.
	ZeroToTen = Scale{Min: 0, Max: 10, SatisfiedFrom: 9}
)

// NewScale returns the scale min..max with its top two points counted as
// satisfied (SatisfiedFrom = max - 1; on a two-point scale, max alone).
// An invalid scale (min >= max, max - min > MaxSpan, or an end beyond
// ±MaxAbs) returns ErrScale.
func NewScale(min, max int) (Scale, error) {
	s := Scale{Min: min, Max: max, SatisfiedFrom: max - 1}
	if max > min && max-1 == min {
		s.SatisfiedFrom = max
	}
	return s, s.check("csat.NewScale")
}

// IsZero reports whether s is the zero Scale, which means [Five].
func (s Scale) IsZero() bool { return s == Scale{} }

// resolve returns s with the zero Scale replaced by Five.
func (s Scale) resolve() Scale {
	if s.IsZero() {
		return Five
	}
	return s
}

// Validate returns nil if s is a usable scale: the zero Scale, or one
// whose Min..Max is a valid [rating.Scale] (see [rating.Scale.Validate])
// and with
//
//	Min < SatisfiedFrom <= Max
//
// and otherwise ErrScale naming the field at fault.
func (s Scale) Validate() error { return s.check("csat.Scale.Validate") }

// Rating returns the bounds of s as a [rating.Scale]; the zero Scale gives
// 1..5.
func (s Scale) Rating() rating.Scale {
	s = s.resolve()
	return rating.Scale{Min: s.Min, Max: s.Max}
}

func (s Scale) check(fn string) error {
	if s.IsZero() {
		return nil
	}
	if err := (rating.Scale{Min: s.Min, Max: s.Max}).Validate(fn); err != nil {
		return err
	}
	if s.SatisfiedFrom <= s.Min || s.SatisfiedFrom > s.Max {
		return valueErr(fn, "satisfied_from", float64(s.SatisfiedFrom), fmt.Errorf("%w: outside (%d, %d]",
			ErrScale, s.Min, s.Max))
	}
	return nil
}

// String returns the scale as "1..5 (satisfied 4..5)"; the zero Scale
// reads as Five.
func (s Scale) String() string {
	s = s.resolve()
	return fmt.Sprintf("%d..%d (satisfied %d..%d)", s.Min, s.Max, s.SatisfiedFrom, s.Max)
}

// Points returns the number of points of the scale, Max - Min + 1: 5 for
// Five and for the zero Scale.
func (s Scale) Points() int { return s.Rating().Points() }

// Contains reports whether x is a rating of the scale: Min <= x <= Max.
func (s Scale) Contains(x int) bool { return s.Rating().Contains(x) }

// Satisfied reports whether x is a satisfied rating of the scale:
// SatisfiedFrom <= x <= Max.
func (s Scale) Satisfied(x int) bool {
	s = s.resolve()
	return s.SatisfiedFrom <= x && x <= s.Max
}
