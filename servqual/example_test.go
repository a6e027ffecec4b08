package servqual_test

import (
	"fmt"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/servqual"
)

// A two-dimension instrument, three respondents, one of whom gives no
// importance weights.
func ExampleAccumulator() {
	in := servqual.Instrument{
		Name:       "front desk",
		Dimensions: []servqual.Dimension{{ID: "speed"}, {ID: "care"}},
		Items: []servqual.Item{
			{ID: "s1", Dimension: "speed"}, {ID: "c1", Dimension: "care"},
			{ID: "c2", Dimension: "care"}, {ID: "c3", Dimension: "care"},
		},
	}
	a, err := servqual.NewAccumulator(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range []servqual.Response{
		{Expectations: []int{7, 6, 6, 5}, Perceptions: []int{5, 6, 4, 5}, Weights: []float64{40, 60}},
		{Expectations: []int{6, 7, 7, 7}, Perceptions: []int{6, 5, 6, 7}, Weights: []float64{70, 30}},
		{Expectations: []int{5, 6, 5, 6}, Perceptions: []int{6, 6, 6, 6}},
	} {
		if err := a.Add(r); err != nil {
			fmt.Println(err)
			return
		}
	}
	r, err := a.Result(estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range r.Dimensions {
		fmt.Printf("%-5s gap %+.3f  perception %.2f\n", d.ID, d.Gap.Mean, d.Perception.Mean)
	}
	fmt.Printf("SERVQUAL %+.3f, mean item gap %+.3f, weighted %+.3f (n %d)\n",
		r.SERVQUAL.Mean, r.ItemGap.Mean, r.Weighted.Mean, r.Weighted.N)
	fmt.Printf("first priority: %s\n", r.Priorities[0].ID)
	// Output:
	// speed gap -0.333  perception 5.67
	// care  gap -0.444  perception 5.67
	// SERVQUAL -0.389, mean item gap -0.417, weighted -0.750 (n 2)
	// first priority: care
}

// Cronbach's alpha of three items answered by five people, with Feldt's
// interval; the values are worked by hand in the package's tests.
func ExampleAlpha() {
	rows := [][]float64{{3, 4, 3}, {2, 3, 4}, {4, 4, 5}, {3, 2, 3}, {4, 4, 4}}
	r, err := servqual.Alpha(rows, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.3f (63/86), standardized %.3f, mean r %.3f\n", r.Alpha, r.Standardized, r.MeanCorrelation)
	for _, it := range r.Items {
		fmt.Printf("item %s: item-rest r %.3f, alpha if deleted %.3f\n", it.ID, it.ItemRest, *it.AlphaIfDeleted)
	}
	// Output:
	// alpha 0.733 (63/86), standardized 0.732, mean r 0.477
	// item 1: item-rest r 0.564, alpha if deleted 0.636
	// item 2: item-rest r 0.593, alpha if deleted 0.600
	// item 3: item-rest r 0.512, alpha if deleted 0.696
}

// Alpha from a covariance matrix and its n, as a paper reports them. The
// interval matches R: 1 - (1/3)*qf(c(0.95, 0.05), 49, 49).
func ExampleAlphaCov() {
	s := [][]float64{{1, 0.5}, {0.5, 1}}
	r, err := servqual.AlphaCov(s, 50, estimate.Options{Level: 0.90})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.3f, 90 %% Feldt interval [%.3f, %.3f]\n", r.Alpha, r.CI.Lo, r.CI.Hi)
	// Output:
	// alpha 0.667, 90 % Feldt interval [0.464, 0.793]
}

func ExampleStandard() {
	in := servqual.Standard()
	it := in.Items[4]
	fmt.Printf("%d items on %v; item %s (%s): %q / %q\n", len(in.Items), in.Scale, it.ID, it.Dimension, it.Label, it.LabelES)
	// Output:
	// 22 items on 1..7; item 5 (reliability): "Keeps its promises on time" / "Cumple lo que promete en el plazo dado"
}

// A response with an answer off the scale is rejected with an error that
// names it, and the accumulator is unchanged.
func ExampleAccumulator_Add() {
	var a servqual.Accumulator // the standard instrument
	e, p := make([]int, 22), make([]int, 22)
	for i := range e {
		e[i], p[i] = 6, 5
	}
	p[3] = 8
	err := a.Add(servqual.Response{Expectations: e, Perceptions: p})
	fmt.Println(err)
	fmt.Println(a.N())
	// Output:
	// servqual.Accumulator.Add: perception 8 at index 3: out of range 1..7
	// 0
}

// The reliability of the perceptions of one dimension, from the
// accumulator's co-moments: no raw responses are kept. Five respondents
// make a wide interval (R: 1 - (23/86)*qf(c(.975, .025), 4, 8)).
func ExampleAccumulator_Reliability() {
	in := servqual.Instrument{
		Name:       "desk",
		Dimensions: []servqual.Dimension{{ID: "care"}},
		Items:      []servqual.Item{{ID: "c1", Dimension: "care"}, {ID: "c2", Dimension: "care"}, {ID: "c3", Dimension: "care"}},
	}
	a, err := servqual.NewAccumulator(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The perceptions are the 5 × 3 matrix of ExampleAlpha.
	for _, p := range [][]int{{3, 4, 3}, {2, 3, 4}, {4, 4, 5}, {3, 2, 3}, {4, 4, 4}} {
		if err := a.Add(servqual.Response{Expectations: []int{6, 6, 6}, Perceptions: p}); err != nil {
			fmt.Println(err)
			return
		}
	}
	r, err := a.Reliability(servqual.Perceptions, "care", estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s of %s: alpha %.3f [%.3f, %.3f] (%s), n %d\n", r.Series, r.Dimension, r.Alpha, r.CI.Lo, r.CI.Hi, r.CI.Method, r.N)
	// Output:
	// perceptions of care: alpha 0.733 [-0.351, 0.970] (feldt), n 5
}

// Two waves of a study: every perception rose by one point. The values
// match R's t.test and p.adjust(p, "holm").
func ExampleCompare() {
	in := servqual.Instrument{
		Name:       "desk",
		Dimensions: []servqual.Dimension{{ID: "speed"}, {ID: "care"}},
		Items:      []servqual.Item{{ID: "s1", Dimension: "speed"}, {ID: "c1", Dimension: "care"}},
	}
	before, _ := servqual.NewAccumulator(in)
	after, _ := servqual.NewAccumulator(in)
	for _, p := range [][]int{{4, 5}, {3, 6}, {5, 5}, {4, 4}} {
		e := []int{6, 6}
		if err := before.Add(servqual.Response{Expectations: e, Perceptions: p}); err != nil {
			fmt.Println(err)
			return
		}
		if err := after.Add(servqual.Response{Expectations: e, Perceptions: []int{p[0] + 1, p[1] + 1}}); err != nil {
			fmt.Println(err)
			return
		}
	}
	c, err := servqual.Compare(before, after, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range c.Dimensions {
		fmt.Printf("%-5s gap %+.2f [%+.2f, %+.2f], Holm p %.3f\n", d.ID, d.Gap.Estimate, d.Gap.CI.Lo, d.Gap.CI.Hi, d.GapPHolm)
	}
	// Output:
	// speed gap +1.00 [-0.41, +2.41], Holm p 0.268
	// care  gap +1.00 [-0.41, +2.41], Holm p 0.268
}

// A response sent to another process as bytes, and added there: a Missing
// answer survives the trip, and absent weights stay absent (nil).
func ExampleResponse_MarshalBinary() {
	e, p := make([]int, 22), make([]int, 22)
	for i := range e {
		e[i], p[i] = 6, 5
	}
	e[0] = servqual.Missing
	b, err := servqual.Response{Expectations: e, Perceptions: p}.MarshalBinary()
	if err != nil {
		fmt.Println(err)
		return
	}
	var r servqual.Response // on the other side
	if err := r.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
		return
	}
	var a servqual.Accumulator
	if err := a.Add(r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(b), "bytes;", r.Expectations[0] == servqual.Missing, r.Weights == nil, a.N())
	// Output:
	// 61 bytes; true true 1
}
