package retention

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"

	"github.com/servq/servq/estimate"
)

// Fader and Hardie (2007, "How to project customer retention", Journal of
// Interactive Marketing 21(1), table 1): the share of an initial cohort
// of 1,000 customers still active after years 1..7, for the "regular" and
// "high end" segments (from Berry and Linoff 2004).
var (
	fhRegular = []int64{1000, 631, 468, 382, 326, 289, 262, 241}
	fhHighEnd = []int64{1000, 869, 743, 653, 593, 551, 517, 491}
)

// TestFitSBGFaderHardie reproduces the maximum likelihood estimates that
// Fader and Hardie (2007) publish for the seven years of data: regular
// α = 0.704, β = 1.182; high end α = 0.668, β = 3.806 (printed to three
// decimals, so the tolerance is half a unit of the last digit).
func TestFitSBGFaderHardie(t *testing.T) {
	for _, c := range []struct {
		name        string
		data        []int64
		alpha, beta float64
	}{
		{"regular", fhRegular, 0.704, 1.182},
		{"high end", fhHighEnd, 0.668, 3.806},
	} {
		m, err := FitSBG(c.data, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.Alpha-c.alpha) > 5e-4 || math.Abs(m.Beta-c.beta) > 5e-4 {
			t.Errorf("%s: alpha %.4f beta %.4f, want %.3f %.3f", c.name, m.Alpha, m.Beta, c.alpha, c.beta)
		}
		if !m.AlphaCI.Contains(m.Alpha) || !m.BetaCI.Contains(m.Beta) || m.AlphaCI.Width() <= 0 || m.AlphaCI.Method != WaldLog {
			t.Errorf("%s: intervals %+v %+v", c.name, m.AlphaCI, m.BetaCI)
		}
		if m.N != 1000 || m.Periods != 7 {
			t.Errorf("%s: n %d periods %d", c.name, m.N, m.Periods)
		}
		// The fitted curve tracks the data (Fader and Hardie's figure 3:
		// within two percentage points over years 1..7; high end is the worse fit).
		for yr, s := range m.Project(7) {
			if math.Abs(s-float64(c.data[yr])/1000) > 0.02 {
				t.Errorf("%s: S(%d) = %.3f, data %.3f", c.name, yr, s, float64(c.data[yr])/1000)
			}
		}
		// The likelihood is at its maximum: nudging either parameter
		// lowers it.
		for _, d := range [][2]float64{{1.01, 1}, {0.99, 1}, {1, 1.01}, {1, 0.99}} {
			if sbgLogLik(m.Alpha*d[0], m.Beta*d[1], [][]int64{c.data}) > m.LogLik {
				t.Errorf("%s: LL rises at %v", c.name, d)
			}
		}
	}
}

// TestSBGLogLik checks the likelihood at α = β = 1, where by hand P(T = t)
// = 1/(t(t+1)) and S(t) = 1/(t+1): the high-end data per customer give
// LL = -2.115 (the value jdmaturen/shifted_beta_geometric_py checks, on
// shares instead of counts).
func TestSBGLogLik(t *testing.T) {
	ll := sbgLogLik(1, 1, [][]int64{fhHighEnd}) / 1000
	hand := 0.0
	for yr := 1; yr <= 7; yr++ {
		lost := float64(fhHighEnd[yr-1]-fhHighEnd[yr]) / 1000
		hand += lost * math.Log(1/float64(yr*(yr+1)))
	}
	hand += 0.491 * math.Log(1.0/8)
	checkNear(t, "LL(1,1)", ll, hand, 1e-12)
	checkNear(t, "LL(1,1) published", ll, -2.115, 5e-4)
}

// TestFitSBGCohorts checks the fit of several cohorts on the example of
// jdmaturen/shifted_beta_geometric_py: four cohorts of 10,000 retained at
// 80 % then 81 %, 81.9 %, 82.7 % (α ≈ 3.80, β ≈ 15.19 to 1 %).
func TestFitSBGCohorts(t *testing.T) {
	m, err := FitSBGCohorts([][]int64{
		{10000, 8000, 6480, 5307, 4391},
		{10000, 8000, 6480, 5307},
		{10000, 8000, 6480},
		{10000, 8000},
	}, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.Alpha-3.80)/3.80 > 0.01 || math.Abs(m.Beta-15.19)/15.19 > 0.01 {
		t.Errorf("alpha %.3f beta %.3f, want 3.80 15.19", m.Alpha, m.Beta)
	}
	if m.N != 40000 || m.Periods != 4 {
		t.Errorf("n %d periods %d", m.N, m.Periods)
	}
}

// TestSBGDERL checks the discounted expected residual lifetime against
// the closed form with Gauss's hypergeometric function (gonum mathext),
// and, for α = β = 1 and n = 0, against the series by hand:
// Σ_{k>=0} x^k/(k+2) = (-ln(1-x) - x)/x² with x = 1/(1+d).
func TestSBGDERL(t *testing.T) {
	m := SBG{Alpha: 1, Beta: 1}
	x := 1 / 1.1
	got, err := m.DERL(0.1, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "DERL(α=β=1)", got, (-math.Log(1-x)-x)/(x*x), 1e-12)
	for _, p := range []SBG{{Alpha: 0.668, Beta: 3.806}, {Alpha: 0.704, Beta: 1.182}, {Alpha: 3.8, Beta: 15.19}} {
		for _, d := range []float64{0.05, 0.1, 0.5} {
			for _, n := range []int{0, 1, 4, 7, 20} {
				got, err := p.DERL(d, n)
				if err != nil {
					t.Fatal(err)
				}
				b := p.Beta + float64(n)
				want := b / (p.Alpha + b) * mathext.Hypergeo(1, b+1, p.Alpha+b+1, 1/(1+d))
				checkNear(t, "DERL", got, want, 1e-9)
			}
		}
	}
	// jdmaturen/shifted_beta_geometric_py prints DERL(d = 0.1) for the
	// fitted high-end model; 7 renewals give about 7.53.
	he, _ := FitSBG(fhHighEnd, estimate.Options{})
	d7, _ := he.DERL(0.1, 7)
	checkNear(t, "DERL(0.1, 7)", d7, 7.53, 5e-3)
	// Older customers are worth more: DERL rises with renewals.
	prev := 0.0
	for n := range 12 {
		v, _ := he.DERL(0.1, n)
		if v <= prev {
			t.Errorf("DERL(0.1, %d) = %g not above %g", n, v, prev)
		}
		prev = v
	}
	_, err = m.DERL(0, 1)
	wantErr(t, err, ErrProbability, "retention.SBG.DERL")
	_, err = m.DERL(0.1, -1)
	wantErr(t, err, ErrCount, "retention.SBG.DERL")
}

func TestFitSBGErrors(t *testing.T) {
	const fn = "retention.FitSBG"
	for _, c := range []struct {
		data []int64
		want error
	}{
		{nil, ErrSurvivors},
		{[]int64{100}, ErrSurvivors},
		{[]int64{0, 0}, ErrSurvivors},
		{[]int64{100, 101}, ErrSurvivors},
		{[]int64{100, -1}, ErrSurvivors},
		{[]int64{100, 100, 100}, ErrFit},
		{[]int64{100, 0, 0}, ErrFit},
	} {
		_, err := FitSBG(c.data, estimate.Options{})
		wantErr(t, err, c.want, fn)
	}
	_, err := FitSBG(fhRegular, estimate.Options{Method: estimate.Wilson})
	wantErr(t, err, ErrMethod, fn)
	_, err = FitSBGCohorts(nil, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.FitSBGCohorts")
}
