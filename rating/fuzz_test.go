package rating

import (
	"errors"
	"testing"

	"github.com/servq/servq/estimate"
)

// FuzzScale: for any scale and rating, Validate and Check never panic,
// fail exactly when the scale is invalid or the rating off it, with a
// ValueError wrapping the right sentinel; on a valid scale, Index of a
// rating on it lies in 0..Points-1.
func FuzzScale(f *testing.F) {
	f.Add(1, 5, 3)
	f.Add(0, 10, 11)
	f.Add(-MaxAbs, -MaxAbs+MaxSpan, -MaxAbs)
	f.Add(5, 1, 3)
	f.Fuzz(func(t *testing.T, lo, hi, x int) {
		s := Scale{lo, hi}
		valid := -MaxAbs <= lo && lo < hi && hi <= MaxAbs && hi-lo <= MaxSpan
		err := s.Validate("f.F")
		var ve *estimate.ValueError
		if valid != (err == nil) || err != nil && !(errors.As(err, &ve) && errors.Is(err, ErrScale) && ve.Func == "f.F") {
			t.Fatalf("%v.Validate = %v, valid %v", s, err, valid)
		}
		in := lo <= x && x <= hi
		err = s.Check("f.F", x, 2)
		if in != (err == nil) || err != nil && !(errors.As(err, &ve) && errors.Is(err, ErrOutOfRange) && ve.Index == 2) {
			t.Fatalf("%v.Check(%d) = %v, in %v", s, x, err, in)
		}
		if valid && in {
			if i := s.Index(x); i < 0 || i >= s.Points() {
				t.Fatalf("%v.Index(%d) = %d of %d points", s, x, i, s.Points())
			}
		}
		_ = s.String()
	})
}
