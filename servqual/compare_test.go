package servqual

import (
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// TestCompare compares tinyStudy with itself after every perception was
// raised by one point, so each respondent's gaps rise by one. Dimension a's
// gaps go from -2, 0, 1 to -1, 1, 2 and b's from -2/3, -1, 1/3 to 1/3, 0, 4/3.
// R 4.2.2: t.test(c(-1, 1, 2), c(-2, 0, 1)) gives the interval
// [-2.46283544561189, 4.46283544561189], df 4, p 0.467604754609397; for b,
// p 0.152317411391301; p.adjust(c(0.4676..., 0.1523...), "holm") gives
// 0.467604754609397 and 0.304634822782603.
func TestCompare(t *testing.T) {
	in := tiny()
	in.Scale = rating.Scale{Min: 1, Max: 9} // room for the raise
	before, _ := NewAccumulator(in)
	after, _ := NewAccumulator(in)
	if err := before.AddAll(tinyStudy); err != nil {
		t.Fatal(err)
	}
	for _, r := range tinyStudy {
		p := make([]int, len(r.Perceptions))
		for i, v := range r.Perceptions {
			p[i] = v + 1
		}
		if err := after.Add(Response{Expectations: r.Expectations, Perceptions: p}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Compare(before, after, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := c.Dimensions[0]
	checkNear(t, "a gap change", a.Gap.Estimate, 1, 1e-14)
	checkNear(t, "a lo", a.Gap.CI.Lo, -2.46283544561189, 1e-12)
	checkNear(t, "a hi", a.Gap.CI.Hi, 4.46283544561189, 1e-12)
	checkNear(t, "a df", a.Gap.DF, 4, 1e-12)
	checkNear(t, "a p", a.Gap.P, 0.467604754609397, 1e-12)
	checkNear(t, "b p", c.Dimensions[1].Gap.P, 0.152317411391301, 1e-12)
	checkNear(t, "a Holm", a.GapPHolm, 0.467604754609397, 1e-12)
	checkNear(t, "b Holm", c.Dimensions[1].GapPHolm, 0.304634822782603, 1e-12)
	checkNear(t, "a perception change", a.Perception.Estimate, 1, 1e-14)
	checkNear(t, "a expectation change", a.Expectation.Estimate, 0, 1e-14)
	checkNear(t, "SERVQUAL change", c.Overall.Gap.Estimate, 1, 1e-14)
	if c.Overall.ID != "" || a.ID != "a" {
		t.Errorf("IDs %q, %q", c.Overall.ID, a.ID)
	}

	const fn = "servqual.Compare"
	var std Accumulator
	_, err = Compare(before, &std, estimate.Options{})
	wantErr(t, err, ErrMismatch, fn)
	empty, _ := NewAccumulator(in)
	_, err = Compare(before, empty, estimate.Options{})
	wantErr(t, err, ErrEmpty, fn)
	one, _ := NewAccumulator(in)
	_ = one.Add(tinyStudy[0])
	_, err = Compare(before, one, estimate.Options{})
	wantErr(t, err, ErrTooFew, fn)
	_, err = Compare(before, after, estimate.Options{Method: estimate.StudentT})
	wantErr(t, err, ErrMethod, fn)
}
