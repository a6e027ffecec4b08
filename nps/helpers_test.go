package nps

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
)

// near reports whether got is within tol of want, absolutely or relative
// to want.
func near(got, want, tol float64) bool {
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	return d <= tol || d <= tol*math.Abs(want)
}

// fataler is what the helpers need of a *testing.T, *testing.F or
// *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// tallyOf returns a tally holding P promoters (as 10s), A passives (as 7s)
// and D detractors (as 0s).
func tallyOf(t fataler, P, A, D int64) *Tally {
	t.Helper()
	var ta Tally
	for _, c := range []struct {
		x int
		n int64
	}{{10, P}, {7, A}, {0, D}} {
		if err := ta.AddN(c.x, c.n); err != nil {
			t.Fatal(err)
		}
	}
	return &ta
}

// resultOf returns the Result of P promoters, A passives and D detractors.
func resultOf(t fataler, P, A, D int64, o estimate.Options) Result {
	t.Helper()
	r, err := tallyOf(t, P, A, D).Result(o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantValueErr checks that err wraps target inside an *estimate.ValueError
// of function fn at index i whose message contains msg.
func wantValueErr(t *testing.T, err, target error, fn string, i int, msg string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %T %v, want *estimate.ValueError", err, err)
	}
	if ve.Func != fn || ve.Index != i {
		t.Errorf("Func, Index = %q, %d, want %q, %d", ve.Func, ve.Index, fn, i)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("message %q does not contain %q", err.Error(), msg)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// estimateDefault is the zero Options: 95 %, default method.
var estimateDefault = estimate.Options{}

// errIndex returns the Index of the *estimate.ValueError in err, or -2.
func errIndex(err error) int {
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		return ve.Index
	}
	return -2
}

// countsOf returns the eleven counts of ta, read through All.
func countsOf(ta *Tally) [MaxScore + 1]int64 {
	var c [MaxScore + 1]int64
	for x, k := range ta.All() {
		c[x] = k
	}
	return c
}

// checkValueErr fails unless err is an *estimate.ValueError wrapping one
// of the package's sentinels.
func checkValueErr(t *testing.T, err error) {
	t.Helper()
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("%T %v, want *estimate.ValueError", err, err)
	}
	for _, s := range []error{ErrOutOfRange, ErrCategory, ErrEmpty, ErrLevel, ErrMethod, ErrCount,
		ErrOverflow, ErrCorrupt, ErrProbability, ErrNotFinite, ErrNoVariance} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%v wraps no sentinel of nps", err)
}
