//go:build long

package retention

import (
	"testing"

	"github.com/servq/servq/estimate"
)

// Coverage of the BG/NBD intervals over 200 simulated bases of 2,000
// customers observed for 52 weeks at day resolution: each parameter's
// 95 % interval should hold the truth about 95 % of the time; we accept
// 90..99 % (a binomial(200, 0.95) falls outside that range with
// probability below 0.5 %).
func TestFitBGNBDCoverageLong(t *testing.T) {
	truth := BGNBD{R: 0.5, Alpha: 6, A: 0.8, B: 2.5}
	const runs = 200
	var hit [4]int
	for seed := uint64(100); seed < 100+runs; seed++ {
		m, err := FitBGNBD(simulateBGNBD(truth, 2000, 52, seed, 1), estimate.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for i, ci := range []estimate.Interval{m.RCI, m.AlphaCI, m.ACI, m.BCI} {
			if ci.Contains([]float64{truth.R, truth.Alpha, truth.A, truth.B}[i]) {
				hit[i]++
			}
		}
	}
	for i, h := range hit {
		c := float64(h) / runs
		t.Logf("parameter %d: coverage %.3f", i, c)
		if c < 0.90 || c > 0.99 {
			t.Errorf("parameter %d: coverage %.3f outside 0.90..0.99", i, c)
		}
	}
}

// The same for the Gamma-Gamma model, 200 bases of 2,000 repeat buyers.
func TestFitGammaGammaCoverageLong(t *testing.T) {
	truth := GammaGamma{P: 4, Q: 3, Gamma: 20}
	const runs = 200
	var hit [3]int
	for seed := uint64(100); seed < 100+runs; seed++ {
		g, err := FitGammaGamma(simulateSpends(truth, 2000, seed), estimate.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for i, ci := range []estimate.Interval{g.PCI, g.QCI, g.GammaCI} {
			if ci.Contains([]float64{truth.P, truth.Q, truth.Gamma}[i]) {
				hit[i]++
			}
		}
	}
	for i, h := range hit {
		c := float64(h) / runs
		t.Logf("parameter %d: coverage %.3f", i, c)
		if c < 0.90 || c > 0.99 {
			t.Errorf("parameter %d: coverage %.3f outside 0.90..0.99", i, c)
		}
	}
}
