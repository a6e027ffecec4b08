package csat

import (
	"github.com/servq/servq/estimate"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// near reports whether got is within tol of want, absolutely.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.12g, want %.12g (±%g)", what, got, want, tol)
	}
}

// scaleGen draws a valid scale: one of the ready ones, or any other.
func scaleGen() *rapid.Generator[Scale] {
	return rapid.Custom(func(t *rapid.T) Scale {
		if rapid.Bool().Draw(t, "ready") {
			return rapid.SampledFrom([]Scale{{}, Five, Seven, Ten, ZeroToTen, {Min: 1, Max: 10, SatisfiedFrom: 8}}).Draw(t, "scale")
		}
		lo := rapid.IntRange(-MaxAbs, MaxAbs-1).Draw(t, "min")
		span := rapid.IntRange(1, min(MaxSpan, MaxAbs-lo)).Draw(t, "span")
		sat := rapid.IntRange(lo+1, lo+span).Draw(t, "satisfied_from")
		return Scale{Min: lo, Max: lo + span, SatisfiedFrom: sat}
	})
}

// ratingsGen draws ratings on s, some of them repeated often.
func ratingsGen(s Scale, maxLen int) *rapid.Generator[[]int] {
	s = s.resolve()
	return rapid.SliceOfN(rapid.IntRange(s.Min, s.Max), 0, maxLen)
}

// mustTally returns an empty tally on s, failing the test on error.
func mustTally(t interface {
	Helper()
	Fatal(...any)
}, s Scale) *Tally {
	t.Helper()
	tl, err := NewTally(s)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// estimateOptions0 is the zero Options: 95 % intervals, default methods.
var estimateOptions0 estimate.Options
