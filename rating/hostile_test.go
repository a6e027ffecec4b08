package rating

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// api records each exported function and method the hostile test calls;
// a call is written rec(f)(args), so the record cannot drift from the call.
var api apitest.Recorder

func rec[F any](f F) F { return apitest.Call(&api, f) }

// hostileScales are scales at and one past every bound, the zero Scale and
// the int extremes, each with whether Validate accepts it.
var hostileScales = []struct {
	s     Scale
	valid bool
}{
	{Scale{}, false}, {Scale{1, 1}, false}, {Scale{5, 1}, false},
	{Scale{math.MinInt, math.MaxInt}, false}, {Scale{math.MaxInt, math.MinInt}, false},
	{Scale{math.MinInt, math.MinInt + 1}, false}, {Scale{math.MaxInt - 1, math.MaxInt}, false},
	{Scale{-MaxAbs - 1, -MaxAbs}, false}, {Scale{MaxAbs, MaxAbs + 1}, false},
	{Scale{0, MaxSpan + 1}, false}, {Scale{-MaxAbs, MaxAbs}, false},
	{Scale{-MaxAbs, -MaxAbs + 1}, true}, {Scale{MaxAbs - MaxSpan, MaxAbs}, true},
	{Scale{0, MaxSpan}, true}, {Scale{1, 5}, true}, {Scale{0, 10}, true},
}

// hostileInts are ratings at the int extremes and one past the common
// scales' ends.
var hostileInts = []int{math.MinInt, math.MinInt + 1, -MaxAbs - 1, -1, 0, 1, 5, 6, 10, 11, MaxAbs + 1, math.MaxInt - 1, math.MaxInt}

// TestHostile walks every exported method of rating with every hostile
// scale and rating: no panic; Validate and Check fail exactly when they
// must, with an *estimate.ValueError naming the caller's function (or
// rating's own for an empty fn) and wrapping the sentinel; Points, Index,
// Contains and String of a valid scale agree with each other.
func TestHostile(t *testing.T) {
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("panic: %v", p)
		}
	}()
	for _, c := range hostileScales {
		s := c.s
		for _, fn := range []string{"", "x.F"} {
			err := rec(s.Validate)(fn)
			if c.valid != (err == nil) {
				t.Errorf("%v.Validate(%q) = %v, valid %v", s, fn, err, c.valid)
			}
			if err != nil {
				want := fn
				if want == "" {
					want = "rating.Scale.Validate"
				}
				checkValueErr(t, err, want, ErrScale)
			}
		}
		str := rec(s.String)()
		if !strings.Contains(str, "..") {
			t.Errorf("String of %#v = %q", s, str)
		}
		for _, x := range hostileInts {
			in := rec(s.Contains)(x)
			if in != (s.Min <= x && x <= s.Max) {
				t.Errorf("%v.Contains(%d) = %v", s, x, in)
			}
			for _, fn := range []string{"", "x.F"} {
				err := rec(s.Check)(fn, x, 3)
				if in != (err == nil) {
					t.Errorf("%v.Check(%q, %d) = %v, Contains %v", s, fn, x, err, in)
				}
				if err != nil {
					want := fn
					if want == "" {
						want = "rating.Scale.Check"
					}
					ve := checkValueErr(t, err, want, ErrOutOfRange)
					if ve != nil && (ve.Index != 3 || ve.Value != float64(x)) {
						t.Errorf("%v.Check(%d): Index %d Value %v", s, x, ve.Index, ve.Value)
					}
				}
			}
			i := rec(s.Index)(x) // no check, by its doc; only on a valid scale is it meaningful
			if c.valid && in && !(0 <= i && i < s.Points()) {
				t.Errorf("%v.Index(%d) = %d, outside 0..%d", s, x, i, s.Points()-1)
			}
		}
		if p := rec(s.Points)(); c.valid && !(2 <= p && p <= MaxSpan+1) {
			t.Errorf("%v.Points() = %d", s, p)
		}
	}
	// Every exported function and method was called above, through rec.
	api.Check(t, ".")
}

// checkValueErr fails t unless err is an *estimate.ValueError of fn
// wrapping target whose message names fn once; it returns the ValueError.
func checkValueErr(t *testing.T, err error, fn string, target error) *estimate.ValueError {
	t.Helper()
	var ve *estimate.ValueError
	if !errors.As(err, &ve) || !errors.Is(err, target) {
		t.Errorf("error %v (%T), want a ValueError wrapping %v", err, err, target)
		return nil
	}
	if ve.Func != fn || strings.Count(err.Error(), fn) != 1 {
		t.Errorf("error %q names %q, want %q once", err, ve.Func, fn)
	}
	return ve
}
