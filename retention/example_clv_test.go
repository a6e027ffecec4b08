package retention_test

import (
	"fmt"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/retention"
)

// Fit the BG/NBD model to a calibration summary given as counts of
// identical (x, t_x, T) rows, in weeks: 1,000 customers who joined in
// three cohorts (T = 39, 32 and 26 weeks), 600 of them with no repeat
// purchase. (The fit to the CDNOW sample of Fader, Hardie and Lee, 2005,
// r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4, is checked in
// TestFitBGNBDCDNOW.)
func ExampleFitBGNBD() {
	var h retention.Histories
	for _, r := range []struct {
		h retention.History
		n int64
	}{
		{retention.History{X: 0, Tx: 0, T: 39}, 300}, {retention.History{X: 0, Tx: 0, T: 32}, 200}, {retention.History{X: 0, Tx: 0, T: 26}, 100},
		{retention.History{X: 1, Tx: 5, T: 39}, 60}, {retention.History{X: 1, Tx: 20, T: 39}, 50}, {retention.History{X: 1, Tx: 30, T: 32}, 40}, {retention.History{X: 1, Tx: 20, T: 26}, 30},
		{retention.History{X: 2, Tx: 10, T: 39}, 25}, {retention.History{X: 2, Tx: 35, T: 39}, 35}, {retention.History{X: 2, Tx: 25, T: 32}, 30}, {retention.History{X: 3, Tx: 15, T: 26}, 15},
		{retention.History{X: 4, Tx: 36, T: 39}, 25}, {retention.History{X: 5, Tx: 12, T: 39}, 10}, {retention.History{X: 6, Tx: 30, T: 32}, 20}, {retention.History{X: 8, Tx: 37, T: 39}, 20},
		{retention.History{X: 12, Tx: 38, T: 39}, 10}, {retention.History{X: 15, Tx: 31, T: 32}, 10}, {retention.History{X: 3, Tx: 4, T: 39}, 20},
	} {
		if err := h.AddN(r.h, r.n); err != nil {
			panic(err)
		}
	}
	m, err := retention.FitBGNBD(&h, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("r %.3f alpha %.3f a %.3f b %.3f, %d customers in %d rows\n", m.R, m.Alpha, m.A, m.B, m.N, m.Rows)
	fmt.Printf("95 %% CI of r [%.3f, %.3f]\n", m.RCI.Lo, m.RCI.Hi)
	// Output:
	// r 0.255 alpha 5.485 a 0.440 b 2.493, 1000 customers in 18 rows
	// 95 % CI of r [0.219, 0.296]
}

// FHL's example customer: 2 repeat purchases, the last in week 30.43, a
// customer for 38.86 weeks.
func ExampleBGNBD_ConditionalExpected() {
	m := retention.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	e, _ := m.ConditionalExpected(39, 2, 30.43, 38.86)
	p, _ := m.PAlive(2, 30.43, 38.86)
	fmt.Printf("%.3f purchases in the next 39 weeks, P(alive) %.3f\n", e, p)
	// Output: 1.226 purchases in the next 39 weeks, P(alive) 0.727
}

// The value of that customer over the next 12 months, discounted at 1 % a
// month, with FHL's spend model and a mean repeat spend of $22.35
// (36.209148 by mpmath at 40 digits).
func ExampleCLV() {
	bg := retention.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := retention.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	v, err := retention.CLV(bg, gg, 2, 30.43, 38.86, 22.35, retention.Horizon{Periods: 12, Length: 52.0 / 12, Rate: 0.01})
	if err != nil {
		panic(err)
	}
	m, _ := gg.ExpectedSpend(2, 22.35)
	fmt.Printf("expected spend %.2f a purchase, 12-month value %.2f\n", m, v)
	// Output: expected spend 24.66 a purchase, 12-month value 36.21
}
