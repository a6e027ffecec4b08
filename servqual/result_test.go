package servqual

import (
	"slices"
	"testing"
)

// TestRankTiesByRounding: weighted gaps that differ only in their last
// bits (0.1 + 0.2 against 0.3, 1.1e-17 against 0, as sums in another
// order give) are ties and keep the instrument's order; gaps that differ
// by 1e-12 do not tie.
func TestRankTiesByRounding(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: a constant 0.1 + 0.2 is exactly 0.3
	ps := []Priority{
		{ID: "a", WeightedGap: tenth + fifth}, // 0.30000000000000004
		{ID: "b", WeightedGap: 0.3},
		{ID: "c", WeightedGap: -1},
		{ID: "d", WeightedGap: 0.3 - 1e-12},
		{ID: "e", WeightedGap: 0},
		{ID: "f", WeightedGap: 1.1102230246251566e-17},
		{ID: "g", WeightedGap: 0},
	}
	rank(ps)
	var got []string
	for i, p := range ps {
		got = append(got, p.ID)
		if p.Rank != i+1 {
			t.Errorf("%s: rank %d, want %d", p.ID, p.Rank, i+1)
		}
	}
	if want := []string{"c", "e", "f", "g", "d", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
