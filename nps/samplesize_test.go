package nps

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// TestSampleSize checks SampleSize against values computed by hand and in
// R as ceiling(qnorm(1-(1-level)/2)^2 * (p + d - (p - d)^2) / (m/100)^2).
func TestSampleSize(t *testing.T) {
	for _, tt := range []struct {
		margin, pP, pD, level float64
		want                  int64
	}{
		// The task's hand example: v = 0.5 + 0.2 - 0.3² = 0.61;
		// 1.959964² · 0.61 / 0.05² = 3.841459 · 244 = 937.316 -> 938.
		{5, 0.5, 0.2, 0.95, 938},
		{5, 0.5, 0.2, 0, 938},     // level 0 means 0.95
		{5, 0.5, 0.2, 0.90, 661},  // 1.644854² · 244 = 660.153
		{5, 0.5, 0.2, 0.99, 1619}, // 2.575829² · 244 = 1618.915
		// The most cautious plan: pP = pD = 0.5, v = 1; 3.841459/0.03² =
		// 4268.288 -> 4269.
		{3, 0.5, 0.5, 0.95, 4269},
		{10, 0.3, 0.3, 0.95, 231},  // v = 0.6: 3.841459 · 60 = 230.488
		{1, 0.6, 0.1, 0.95, 17287}, // v = 0.45: 3.841459 · 4500 = 17286.56
		// Variance 0: every answer in one category.
		{5, 1, 0, 0.95, 1},
		{5, 0, 0, 0.95, 1},
		{5e-324, 0, 1, 0.95, 1}, // not 0/0 when the margin underflows
		// Margin 200 points, the whole range: 3.841459 · 1/4 = 0.96 -> 1.
		{200, 0.5, 0.5, 0.95, 1},
		// Shares that add up to 1 in decimal but not in binary.
		// v = 1 - 0.4² = 0.84: 3.841459 · 0.84 / 0.0025 = 1290.730 -> 1291.
		{5, 0.7, 0.3, 0.95, 1291},
	} {
		got, err := SampleSize(tt.margin, tt.pP, tt.pD, estimate.Options{Level: tt.level})
		if err != nil || got != tt.want {
			t.Errorf("SampleSize(%v, %v, %v, %v) = %d, %v, want %d",
				tt.margin, tt.pP, tt.pD, tt.level, got, err, tt.want)
		}
	}
}

// TestSampleSizeExact checks that rounding does not raise an exact n to
// the next integer: the margin of n = 400 answers at v = 1 is z·100/20,
// and asking for exactly that margin must give 400, not 401.
func TestSampleSizeExact(t *testing.T) {
	z, _ := estimate.Z(0.95)
	for _, n := range []int64{1, 2, 400, 1000003} {
		m := z * 100 * math.Sqrt(1/float64(n))
		if got, err := SampleSize(m, 0.5, 0.5, estimate.Options{}); err != nil || got != n {
			t.Errorf("margin %v: n = %d, %v, want %d", m, got, err, n)
		}
	}
}

func TestSampleSizeErrors(t *testing.T) {
	const fn = "nps.SampleSize"
	for _, tt := range []struct {
		margin, pP, pD float64
		o              estimate.Options
		target         error
		msg            string
	}{
		{0, 0.5, 0.2, estimate.Options{}, ErrOutOfRange, "margin 0: out of range: want (0, 200] points"},
		{-1, 0.5, 0.2, estimate.Options{}, ErrOutOfRange, "margin -1"},
		{200.5, 0.5, 0.2, estimate.Options{}, ErrOutOfRange, "margin 200.5"},
		{math.NaN(), 0.5, 0.2, estimate.Options{}, ErrNotFinite, "margin NaN: not a finite number"},
		{math.Inf(1), 0.5, 0.2, estimate.Options{}, ErrNotFinite, "margin +Inf"},
		{5, -0.1, 0.2, estimate.Options{}, ErrProbability, "promoters -0.1: probability outside [0, 1]"},
		{5, 1.1, 0.2, estimate.Options{}, ErrProbability, "promoters 1.1"},
		{5, math.NaN(), 0.2, estimate.Options{}, ErrProbability, "promoters NaN"},
		{5, 0.5, 2, estimate.Options{}, ErrProbability, "detractors 2"},
		{5, 0.6, 0.5, estimate.Options{}, ErrProbability, "promoters + detractors 1.1"},
		{5, 0.5, 0.2, estimate.Options{Level: 1}, ErrLevel, "level 1"},
		{1e-9, 0.5, 0.5, estimate.Options{}, ErrOverflow, "count overflows int64"},
		{5e-324, 0.5, 0.5, estimate.Options{}, ErrOverflow, "n +Inf: count overflows int64"},
	} {
		_, err := SampleSize(tt.margin, tt.pP, tt.pD, tt.o)
		wantValueErr(t, err, tt.target, fn, -1, tt.msg)
	}
	_, err := SampleSize(5, 0.5, 0.2, estimate.Options{Method: AdjustedWald})
	if !errorsIs(err, ErrMethod) {
		t.Errorf("err = %v, want ErrMethod", err)
	}
	if n, err := SampleSize(5, 0.5, 0.2, estimate.Options{Method: Wald}); err != nil || n != 938 {
		t.Errorf("Method Wald: %d, %v", n, err)
	}
}

// FuzzSampleSize checks that SampleSize never panics and that the n it
// returns is the smallest with a Wald margin at most the one asked for.
func FuzzSampleSize(f *testing.F) {
	f.Add(5.0, 0.5, 0.2, 0.95)
	f.Add(0.001, 0.5, 0.5, 0.99)
	f.Add(200.0, 1.0, 0.0, 0.0)
	f.Add(-1.0, 0.5, 0.6, 2.0)
	f.Add(5e-324, 1.0, 0.0, 0.95)
	f.Fuzz(func(t *testing.T, margin, pP, pD, level float64) {
		n, err := SampleSize(margin, pP, pD, estimate.Options{Level: level})
		if err != nil {
			checkValueErr(t, err)
			return
		}
		if n < 1 {
			t.Fatalf("n = %d", n)
		}
		if level == 0 {
			level = 0.95
		}
		z, _ := estimate.Z(level)
		v := pP + pD - (pP-pD)*(pP-pD)
		moe := func(n int64) float64 { return z * 100 * math.Sqrt(v/float64(n)) }
		if moe(n) > margin*(1+1e-9) {
			t.Fatalf("n = %d gives margin %v > %v", n, moe(n), margin)
		}
		if n > 1 && n < 1<<52 && moe(n-1) <= margin*(1-1e-9) {
			t.Fatalf("n - 1 = %d already gives margin %v <= %v", n-1, moe(n-1), margin)
		}
	})
}
