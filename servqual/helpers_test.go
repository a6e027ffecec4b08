package servqual

import (
	"errors"
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// near reports whether got is within tol of want, absolutely or relatively.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkNear(t testing.TB, name string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", name, got, want, tol)
	}
}

// wantErr fails unless err wraps sentinel and is a *estimate.ValueError
// whose Func is fn.
func wantErr(t testing.TB, err, sentinel error, fn string) *estimate.ValueError {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error %v, want %v", err, sentinel)
	}
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *estimate.ValueError", err)
	}
	if fn != "" && ve.Func != fn {
		t.Errorf("Func = %q, want %q (%v)", ve.Func, fn, err)
	}
	return ve
}

// tiny is a custom instrument of two dimensions of unequal size (one item
// and three), so that the mean of dimension gaps and the mean of item
// gaps differ, on the scale 1..5.
func tiny() Instrument {
	return Instrument{
		Name:       "tiny",
		Dimensions: []Dimension{{ID: "a"}, {ID: "b"}},
		Items: []Item{
			{ID: "a1", Dimension: "a"},
			{ID: "b1", Dimension: "b"},
			{ID: "b2", Dimension: "b"},
			{ID: "b3", Dimension: "b"},
		},
	}
}
