package mysteryshopper

import (
	"errors"
	"math"
	"os"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// testChecklist is the small checklist of the hand-computed tests:
//
//	A (weight 60): a1 yes/no w2 · a2 rating 1..5 w1 met from 4 · a3 yes/no w1 critical
//	B (weight 40, trigger 50 %): b1 choice w3 (good 2, ok 1, bad 0 points) · b2 yes/no w1 ·
//	  b3 yes/no bonus 5 points, optional
//
// pass mark 70 %, critical items fail the visit.
func testChecklist() Checklist {
	four := 4
	return Checklist{ID: "t", Title: "test", PassMark: 70, Sections: []Section{
		{ID: "A", Weight: 60, Items: []Item{
			{ID: "a1", Kind: YesNo, Weight: 2},
			{ID: "a2", Kind: Rating, Weight: 1, Scale: rating.Scale{Min: 1, Max: 5}, MetFrom: &four},
			{ID: "a3", Kind: YesNo, Weight: 1, Critical: true},
		}},
		{ID: "B", Weight: 40, Trigger: 50, Items: []Item{
			{ID: "b1", Kind: Choice, Weight: 3, Options: []Option{{"good", 2, false}, {"ok", 1, false}, {"bad", 0, false}}},
			{ID: "b2", Kind: YesNo, Weight: 1},
			{ID: "b3", Kind: YesNo, Weight: 5, Bonus: true, Optional: true},
		}},
	}}
}

func mustScorer(t testing.TB, c Checklist) *Scorer {
	t.Helper()
	s, err := NewScorer(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// wantValueError checks that err is an *estimate.ValueError from fn
// wrapping target.
func wantValueError(t *testing.T, err error, fn string, target error) *estimate.ValueError {
	t.Helper()
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *estimate.ValueError", err, err)
	}
	if !errors.Is(err, target) {
		t.Errorf("error %q does not wrap %q", err, target)
	}
	if fn != "" && ve.Func != fn {
		t.Errorf("error %q: Func %q, want %q", err, ve.Func, fn)
	}
	return ve
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
