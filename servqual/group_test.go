package servqual_test

import (
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/servqual"
)

// TestGroup: Accumulator satisfies group.Accumulator, zero values serve the
// standard instrument and AccumulatorFunc a custom one, and a group's
// merged parts equal the whole.
func TestGroup(t *testing.T) {
	in := servqual.Instrument{
		Name:       "two",
		Dimensions: []servqual.Dimension{{ID: "x"}},
		Items:      []servqual.Item{{ID: "1", Dimension: "x"}, {ID: "2", Dimension: "x"}},
	}
	g := group.ByKey[string, servqual.Accumulator]()
	newAcc, err := servqual.AccumulatorFunc(in)
	if err != nil {
		t.Fatal(err)
	}
	g.New = newAcc
	var whole servqual.Accumulator
	for i, r := range []servqual.Response{
		{Expectations: []int{6, 7}, Perceptions: []int{5, 5}},
		{Expectations: []int{5, 6}, Perceptions: []int{6, 4}},
		{Expectations: []int{7, 7}, Perceptions: []int{7, 6}},
		{Expectations: []int{4, 5}, Perceptions: []int{3, 5}},
	} {
		key := []string{"a", "b"}[i%2]
		if err := g.At(key).Add(r); err != nil {
			t.Fatal(err)
		}
		if whole.N() == 0 {
			if err := whole.Merge(newAcc()); err != nil {
				t.Fatal(err)
			}
		}
		if err := whole.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	// The group's state travels as JSON with the accumulators inside.
	j, err := g.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	g2 := group.ByKey[string, servqual.Accumulator]()
	g2.New = newAcc
	if err := g2.UnmarshalJSON(j); err != nil {
		t.Fatal(err)
	}
	if j2, _ := g2.MarshalJSON(); string(j2) != string(j) {
		t.Error("group JSON does not round-trip")
	}
	var pooled servqual.Accumulator
	for _, acc := range g2.All() {
		if err := pooled.Merge(acc); err != nil {
			t.Fatal(err)
		}
	}
	a, err := pooled.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := whole.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Gaps -1, -2 | 1, -2 | 0, -1 | -1, 0: dimension means -1.5, -0.5, -0.5, -0.5,
	// mean -0.75.
	if a.SERVQUAL.Mean != -0.75 || b.SERVQUAL.Mean != -0.75 || a.N != 4 {
		t.Errorf("SERVQUAL %v and %v, want -0.75", a.SERVQUAL.Mean, b.SERVQUAL.Mean)
	}
}
