package retention_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/retention"
)

// Fit the BG/NBD model to the CDNOW sample of Fader, Hardie and Lee
// (2005): 2,357 customers, times in weeks.
func ExampleFitBGNBD() {
	f, err := os.Open("testdata/cdnow_summary.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	recs, _ := csv.NewReader(f).ReadAll()
	var h retention.Histories
	for _, r := range recs[1:] { // ID,x,t_x,T,zbar
		x, _ := strconv.ParseFloat(r[1], 64)
		tx, _ := strconv.ParseFloat(r[2], 64)
		T, _ := strconv.ParseFloat(r[3], 64)
		if err := h.Add(x, tx, T); err != nil {
			panic(err)
		}
	}
	m, err := retention.FitBGNBD(&h, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("r %.3f alpha %.3f a %.3f b %.3f, LL %.1f, %d customers in %d rows\n", m.R, m.Alpha, m.A, m.B, m.LogLik, m.N, m.Rows)
	fmt.Printf("SE of r %.4f, 95 %% CI [%.3f, %.3f]\n", m.SE[0], m.RCI.Lo, m.RCI.Hi)
	// Output:
	// r 0.243 alpha 4.414 a 0.793 b 2.426, LL -9582.4, 2357 customers in 1016 rows
	// SE of r 0.0126, 95 % CI [0.219, 0.268]
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
