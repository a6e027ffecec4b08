package csat

import (
	"errors"
	"testing"

	"github.com/servq/servq/estimate"
)

func TestScaleValidate(t *testing.T) {
	for _, c := range []struct {
		s    Scale
		name string // the field the error names; "" for a valid scale
	}{
		{Scale{}, ""},
		{Five, ""},
		{Seven, ""},
		{Ten, ""},
		{ZeroToTen, ""},
		{Scale{Min: 1, Max: 10, SatisfiedFrom: 8}, ""},
		{Scale{Min: 0, Max: 100, SatisfiedFrom: 90}, ""},
		{Scale{Min: -3, Max: 3, SatisfiedFrom: 2}, ""},
		{Scale{Min: 0, Max: 1, SatisfiedFrom: 1}, ""},
		{Scale{Min: -MaxAbs, Max: -MaxAbs + MaxSpan, SatisfiedFrom: -MaxAbs + 1}, ""},
		{Scale{Min: MaxAbs - 1, Max: MaxAbs, SatisfiedFrom: MaxAbs}, ""},
		{Scale{Min: 5, Max: 1, SatisfiedFrom: 4}, "max"},
		{Scale{Min: 1, Max: 1, SatisfiedFrom: 1}, "max"},
		{Scale{Min: 0, Max: 101, SatisfiedFrom: 100}, "max"},
		{Scale{Min: 1, Max: 5, SatisfiedFrom: 1}, "satisfied_from"}, // every rating satisfied
		{Scale{Min: 1, Max: 5, SatisfiedFrom: 6}, "satisfied_from"},
		{Scale{Min: 1, Max: 5}, "satisfied_from"}, // no default but for the zero Scale
		{Scale{Min: -MaxAbs - 1, Max: -MaxAbs + 5, SatisfiedFrom: -MaxAbs}, "min"},
		{Scale{Min: MaxAbs - 1, Max: MaxAbs + 1, SatisfiedFrom: MaxAbs}, "max"},
		{Scale{Min: -1 << 62, Max: 1 << 62, SatisfiedFrom: 0}, "min"},
	} {
		err := c.s.Validate()
		if c.name == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.s, err)
			}
			continue
		}
		var ve *estimate.ValueError
		if !errors.Is(err, ErrScale) || !errors.As(err, &ve) || ve.Name != c.name || ve.Func != "csat.Scale.Validate" {
			t.Errorf("%+v: got %v, want ErrScale naming %s", c.s, err, c.name)
		}
	}
}

func TestNewScale(t *testing.T) {
	for _, c := range []struct {
		min, max int
		want     Scale
	}{
		{1, 5, Five},
		{1, 7, Seven},
		{1, 10, Ten},
		{0, 10, ZeroToTen},
		{0, 1, Scale{0, 1, 1}}, // two points: the top one alone
		{-2, 2, Scale{-2, 2, 1}},
		{0, 100, Scale{0, 100, 99}},
	} {
		got, err := NewScale(c.min, c.max)
		if err != nil || got != c.want {
			t.Errorf("NewScale(%d, %d) = %+v, %v; want %+v", c.min, c.max, got, err, c.want)
		}
	}
	for _, c := range [][2]int{{5, 1}, {3, 3}, {0, 101}, {MaxAbs, MaxAbs + 1}} {
		if _, err := NewScale(c[0], c[1]); !errors.Is(err, ErrScale) {
			t.Errorf("NewScale(%d, %d): %v, want ErrScale", c[0], c[1], err)
		}
	}
}

func TestScaleMethods(t *testing.T) {
	if got := (Scale{}).String(); got != "1..5 (satisfied 4..5)" {
		t.Errorf("zero String = %q", got)
	}
	if got := Ten.String(); got != "1..10 (satisfied 9..10)" {
		t.Errorf("Ten String = %q", got)
	}
	for _, c := range []struct {
		s      Scale
		points int
	}{{Scale{}, 5}, {Five, 5}, {Seven, 7}, {Ten, 10}, {ZeroToTen, 11}, {Scale{0, 100, 50}, 101}} {
		if got := c.s.Points(); got != c.points {
			t.Errorf("%v: Points = %d, want %d", c.s, got, c.points)
		}
	}
	// The zero Scale is Five: 1..5, satisfied 4..5.
	for x, want := range map[int][2]bool{0: {false, false}, 1: {true, false}, 3: {true, false}, 4: {true, true}, 5: {true, true}, 6: {false, false}} {
		if c, s := (Scale{}).Contains(x), (Scale{}).Satisfied(x); c != want[0] || s != want[1] {
			t.Errorf("zero scale, %d: Contains %v Satisfied %v, want %v", x, c, s, want)
		}
	}
	if !ZeroToTen.Contains(0) || ZeroToTen.Satisfied(8) || !ZeroToTen.Satisfied(9) {
		t.Error("ZeroToTen: 0 in, 8 not satisfied, 9 satisfied")
	}
	if !(Scale{}).IsZero() || Five.IsZero() {
		t.Error("IsZero")
	}
}

// FuzzNewScale checks that NewScale never panics, and that a scale it
// accepts is valid, holds its ends, and has its top two points satisfied.
func FuzzNewScale(f *testing.F) {
	f.Add(1, 5)
	f.Add(0, 1)
	f.Add(-MaxAbs, -MaxAbs+MaxSpan)
	f.Add(5, 1)
	f.Fuzz(func(t *testing.T, min, max int) {
		s, err := NewScale(min, max)
		if err != nil {
			if !errors.Is(err, ErrScale) {
				t.Fatalf("error %v is not ErrScale", err)
			}
			return
		}
		if s.Validate() != nil || s.Min != min || s.Max != max || !s.Contains(min) || !s.Satisfied(max) {
			t.Fatalf("NewScale(%d, %d) = %+v", min, max, s)
		}
		if s.Points() > 2 && (s.Satisfied(max-2) || !s.Satisfied(max-1)) {
			t.Fatalf("NewScale(%d, %d) = %+v: not the top two points", min, max, s)
		}
	})
}
