//go:build long

package servqual

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// TestStreamAlphaEqualsRaw100k is TestStreamAlphaEqualsRaw at the size of
// the benchmark: 100,000 respondents × 22 items, alpha of the gaps of all
// 22 items and of each dimension, streaming against the raw matrix.
func TestStreamAlphaEqualsRaw100k(t *testing.T) {
	rs := standardStudy(21, 100_000)
	var a Accumulator
	for i := range rs {
		if err := a.Add(rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	in := Standard()
	worst := 0.0
	for _, d := range append([]string{""}, dimIDs(&a)...) {
		var idx []int
		for i, it := range in.Items {
			if d == "" || it.Dimension == d {
				idx = append(idx, i)
			}
		}
		raw := rows(in, rs, Gaps, idx)
		got, err := a.Reliability(Gaps, d, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := textbookAlpha(raw)
		worst = math.Max(worst, math.Abs(got.Alpha-want))
		if math.Abs(got.Alpha-want) > 1e-12 || got.N != int64(len(raw)) {
			t.Errorf("%q: stream alpha %.17g (n %d), raw %.17g (n %d)", d, got.Alpha, got.N, want, len(raw))
		}
	}
	t.Logf("100,000 respondents: largest |stream alpha - raw alpha| = %.3g", worst)
}
