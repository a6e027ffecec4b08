package rating

import (
	"errors"
	"testing"

	"github.com/servq/servq/estimate"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		s    Scale
		name string // the field the error must name; "" for valid
	}{
		{Scale{1, 5}, ""},
		{Scale{0, 10}, ""},
		{Scale{1, 2}, ""},
		{Scale{0, MaxSpan}, ""},
		{Scale{-MaxAbs, -MaxAbs + MaxSpan}, ""},
		{Scale{MaxAbs - 1, MaxAbs}, ""},
		{Scale{}, "max"},
		{Scale{5, 1}, "max"},
		{Scale{3, 3}, "max"},
		{Scale{0, MaxSpan + 1}, "max"},
		{Scale{-MaxAbs - 1, 0}, "min"},
		{Scale{0, MaxAbs + 1}, "max"},
	} {
		err := tc.s.Validate("x.F")
		if tc.name == "" {
			if err != nil {
				t.Errorf("%v.Validate: %v, want nil", tc.s, err)
			}
			continue
		}
		var ve *estimate.ValueError
		if !errors.As(err, &ve) || !errors.Is(err, ErrScale) {
			t.Errorf("%v.Validate: %v, want a ValueError wrapping ErrScale", tc.s, err)
			continue
		}
		if ve.Name != tc.name || ve.Func != "x.F" || ve.Index != -1 {
			t.Errorf("%v.Validate: %+v, want name %q, func x.F, index -1", tc.s, ve, tc.name)
		}
	}
	if err := (Scale{}).Validate(""); err == nil || err.(*estimate.ValueError).Func != "rating.Scale.Validate" {
		t.Errorf("empty fn: %v", err)
	}
}

func TestCheck(t *testing.T) {
	s := Scale{1, 7}
	for x := 1; x <= 7; x++ {
		if err := s.Check("f", x, 0); err != nil {
			t.Errorf("Check(%d) = %v", x, err)
		}
	}
	err := s.Check("servqual.Accumulator.Add", 8, 3)
	const want = "servqual.Accumulator.Add: rating 8 at index 3: out of range 1..7"
	if err == nil || err.Error() != want || !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Check(8) = %v, want %q", err, want)
	}
	if err := s.Check("f", 0, -1); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Check(0) = %v", err)
	}
	if s.Points() != 7 || s.Index(1) != 0 || s.Index(7) != 6 || s.String() != "1..7" {
		t.Errorf("Points %d Index %d %d String %q", s.Points(), s.Index(1), s.Index(7), s.String())
	}
}
