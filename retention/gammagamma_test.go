package retention

import (
	"testing"

	"github.com/servq/servq/estimate"
)

func cdnowSpends(t testing.TB) *Spends {
	var s Spends
	for i, r := range cdnow(t) {
		if r.x == 0 {
			continue
		}
		if err := s.Add(Spend{int64(r.x), r.zbar}); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	return &s
}

// Fader, Hardie and Lee (2005, "RFM and CLV: using iso-value curves for
// customer base analysis", JMR 42(4), section "the spend model") fit the
// Gamma-Gamma model to the 946 CDNOW customers with repeat purchases:
// p = 6.25, q = 3.74, gamma = 15.44. We reproduce them to 3 significant
// digits.
func TestFitGammaGammaCDNOW(t *testing.T) {
	s := cdnowSpends(t)
	if s.N() != 946 {
		t.Fatalf("N = %d, want 946 repeat buyers", s.N())
	}
	g, err := FitGammaGamma(s, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", g)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"p", g.P, 6.25}, {"q", g.Q, 3.74}, {"gamma", g.Gamma, 15.44}} {
		if !near(c.got, c.want, 5e-3) {
			t.Errorf("%s = %.5g, want %.4g to 3 significant digits", c.name, c.got, c.want)
		}
	}
	// FHL report a correlation of 0.11 between x and the mean spend.
	c, err := s.Correlation(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(c.R, 0.11, 0.005) || !c.CI.Contains(c.R) {
		t.Errorf("correlation %+v, want 0.11", c)
	}
}
