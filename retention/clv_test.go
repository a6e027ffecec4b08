package retention

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
)

var fhlSpend = GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}

// Gamma-Gamma log-likelihoods at FHL's CDNOW estimates, from mpmath at 40
// digits (loggamma of the density of the mean, eq. 3 of "RFM and CLV").
func TestGammaGammaLogLikelihoodReference(t *testing.T) {
	for _, c := range []struct{ x, m, ll float64 }{
		{1, 11.77, -3.7377096787408400427},
		{2, 22.35, -3.5513167597317047305},
		{29, 26.26, -3.5604573876342276977},
		{5, 194.86, -9.7671109873595842095},
	} {
		var s Spends
		if err := s.Add(Spend{int64(c.x), c.m}); err != nil {
			t.Fatal(err)
		}
		got, err := fhlSpend.LogLikelihood(&s)
		if err != nil {
			t.Fatal(err)
		}
		checkNear(t, "GG ln L", got, c.ll, 1e-12)
	}
}

func TestExpectedSpendAndCLV(t *testing.T) {
	// By hand: E[M | x=2, m=22.35] = 6.25·(15.44 + 2·22.35)/(6.25·2 + 3.74 - 1)
	// = 375.875/15.24 = 24.663713910761153; the population mean is
	// 6.25·15.44/2.74 = 35.21897810218978.
	e, err := fhlSpend.ExpectedSpend(2, 22.35)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "E[M|2, 22.35]", e, 24.663713910761153, 1e-14)
	e0, _ := fhlSpend.ExpectedSpend(0, 0)
	checkNear(t, "E[M]", e0, 35.21897810218978, 1e-14)
	// One period of 39 weeks at 10 %: E[M|·]·E[Y(39)|2, 30.43, 38.86]/1.1,
	// with E[Y(39)|·] = 1.2260281747671444463 (mpmath, bgnbd_ref_test.go):
	// 24.663713910761153 · 1.2260281747671444 / 1.1 = 27.48946195362684.
	v, err := CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, Horizon{Periods: 1, Length: 39, Rate: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "CLV 1×39 at 10 %", v, 27.48946195362684, 1e-11)
	// Undiscounted, the sum telescopes: three periods of 13 weeks give
	// the same 24.6637·1.22603 = 30.238408148989528.
	v, err = CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, Horizon{Periods: 3, Length: 13})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "CLV 3×13 undiscounted", v, 30.238408148989528, 1e-11)
	// Twelve months of 52/12 weeks at 1 % a month: 36.209148498929330537
	// by mpmath at 40 digits, summing the differences of E[Y] of eq. 10.
	v12, err := CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, Horizon{Periods: 12, Length: 52.0 / 12, Rate: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "CLV 12 months at 1 %", v12, 36.209148498929330537, 1e-11)
	// Discounting lowers it.
	vd, _ := CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, Horizon{Periods: 3, Length: 13, Rate: 0.05})
	if !(vd < v) {
		t.Errorf("discounted CLV %v >= undiscounted %v", vd, v)
	}
	for _, c := range []struct {
		h    Horizon
		want error
	}{
		{Horizon{Periods: 0, Length: 1}, ErrHorizon},
		{Horizon{Periods: 1, Length: 0}, ErrHorizon},
		{Horizon{Periods: 1, Length: math.NaN()}, ErrHorizon},
		{Horizon{Periods: 1, Length: 1, Rate: 1}, ErrProbability},
		{Horizon{Periods: 1, Length: 1, Rate: -0.1}, ErrProbability},
	} {
		_, err := CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, c.h)
		wantErr(t, err, c.want, "retention.CLV")
	}
	_, err = CLV(fhl, fhlSpend, 2, 30.43, 38.86, -1, Horizon{Periods: 1, Length: 1})
	wantErr(t, err, ErrSpend, "retention.CLV")
	_, err = CLV(fhl, GammaGamma{P: 1, Q: 0.5, Gamma: 1}, 0, 0, 38.86, 0, Horizon{Periods: 1, Length: 1})
	wantErr(t, err, ErrFit, "retention.CLV")
}

// CLV is >= 0, finite, and grows with the horizon.
func TestCLVProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawModel(t)
		x, tx, T := drawHistory(t)
		spend := rapid.Float64Range(0.01, 1e4).Draw(t, "m")
		p := rapid.IntRange(1, 24).Draw(t, "periods")
		h := Horizon{Periods: p, Length: rapid.Float64Range(0.1, 10).Draw(t, "length"), Rate: rapid.Float64Range(0, 0.5).Draw(t, "rate")}
		v, err := CLV(m, fhlSpend, x, tx, T, spend, h)
		if err != nil || !(v >= 0) || !finite(v) {
			t.Fatalf("CLV = %v, %v", v, err)
		}
		h.Periods++
		v2, _ := CLV(m, fhlSpend, x, tx, T, spend, h)
		if v2 < v*(1-1e-12) {
			t.Fatalf("CLV over %d periods %v < over %d %v", h.Periods, v2, p, v)
		}
	})
}

func TestSpendsBadInputAndRecovery(t *testing.T) {
	var s Spends
	wantErr(t, s.Add(Spend{0, 10}), ErrSpend, "retention.Spends.Add")
	wantErr(t, s.Add(Spend{-1, 10}), ErrHistory, "retention.Spends.Add")
	wantErr(t, s.Add(Spend{2, 0}), ErrSpend, "retention.Spends.Add")
	wantErr(t, s.Add(Spend{2, math.Inf(1)}), ErrNotFinite, "retention.Spends.Add")
	wantErr(t, s.AddN(Spend{2, 3}, -1), ErrCount, "retention.Spends.AddN")
	if s.N() != 0 {
		t.Fatal("rejected spends were added")
	}
	_, err := FitGammaGamma(&s, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.FitGammaGamma")
	_, err = s.Correlation(estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.Spends.Correlation")
	// Simulated from p = 4, q = 3, gamma = 20: each customer's mean of x
	// Gamma(p, ν) amounts with ν ~ Gamma(q, gamma) is Gamma(p x, x ν).
	// Three seeds, nine intervals: at most two may miss (P(more) < 1 %).
	truth := GammaGamma{P: 4, Q: 3, Gamma: 20}
	misses := 0
	var sim *Spends
	for seed := uint64(1); seed <= 3; seed++ {
		sim = simulateSpends(truth, 3000, seed)
		g, err := sim.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []struct {
			ci   estimate.Interval
			want float64
		}{{g.PCI, truth.P}, {g.QCI, truth.Q}, {g.GammaCI, truth.Gamma}} {
			if !c.ci.Contains(c.want) {
				misses++
				t.Logf("seed %d parameter %d: %v misses %g", seed, i, c.ci, c.want)
			}
		}
	}
	if misses > 2 {
		t.Errorf("%d of 9 intervals miss the truth", misses)
	}
	// Independent by construction: the 99 % correlation interval holds 0.
	c, err := sim.Correlation(estimate.Options{Level: 0.99})
	if err != nil || !c.CI.Contains(0) {
		t.Errorf("correlation %+v, %v", c, err)
	}
}

// The Gamma-Gamma and BG/NBD results round-trip through JSON.
func TestModelsJSON(t *testing.T) {
	m, err := FitBGNBD(simHistories(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	var back BGNBD
	if err := json.Unmarshal(b, &back); err != nil || back != m {
		t.Fatalf("BGNBD JSON round trip: %v\n%+v\n%+v", err, back, m)
	}
	g, err := FitGammaGamma(simSpends(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(g)
	var gb GammaGamma
	if err := json.Unmarshal(b, &gb); err != nil || gb != g {
		t.Fatalf("GammaGamma JSON round trip: %v", err)
	}
}

func TestTransactionsSummarize(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	day := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, est) }
	tr, err := NewTransactions(est)
	if err != nil {
		t.Fatal(err)
	}
	evs := []Event{
		{"ana", day(1, 1, 10), 10},
		{"ana", day(1, 1, 15), 5},                                // same day: merged into the first purchase
		{"ana", time.Date(2025, 1, 9, 2, 0, 0, 0, time.UTC), 20}, // Jan 8, 21:00 in EST
		{"cy", day(2, 5, 9), 40},                                 // first purchase after the calibration
		{"ana", day(1, 22, 9), 30},
		{"bo", day(1, 15, 9), 12},
		{"ana", day(2, 10, 9), 7}, // holdout
		{"bo", day(3, 2, 9), 9},   // after the holdout
	}
	if err := tr.AddAll(evs); err != nil {
		t.Fatal(err)
	}
	s, err := tr.Summarize(Split{End: day(1, 29, 23), HoldoutEnd: day(2, 26, 0), Unit: UnitWeek})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: ana's first day is Jan 1, her repeat days Jan 8 and 22
	// (7 and 21 days later), the calibration ends with Jan 29 (28 days):
	// x = 2, t_x = 3 weeks, T = 4 weeks, mean repeat value (20+30)/2 = 25,
	// one holdout purchase of 7. bo: x = 0, T = 14 days = 2 weeks. cy is
	// not in the calibration sample. The holdout is Jan 30..Feb 26: 4 weeks.
	want := []Customer{
		{ID: "ana", History: History{X: 2, Tx: 3, T: 4}, Value: 25, First: day(1, 1, 0), HoldoutX: 1, HoldoutValue: 7},
		{ID: "bo", History: History{X: 0, Tx: 0, T: 2}, First: day(1, 15, 0)},
	}
	if len(s.Customers) != 2 || s.Holdout != 4 {
		t.Fatalf("summary %+v", s)
	}
	for i := range want {
		if g := s.Customers[i]; g.ID != want[i].ID || g.History != want[i].History || g.Value != want[i].Value ||
			!g.First.Equal(want[i].First) || g.HoldoutX != want[i].HoldoutX || g.HoldoutValue != want[i].HoldoutValue {
			t.Errorf("customer %d = %+v, want %+v", i, g, want[i])
		}
	}
	if h := s.Histories(); h.N() != 2 || h.Count(History{2, 3, 4}) != 1 {
		t.Errorf("histories %v", h.N())
	}
	if sp := s.Spends(); sp.N() != 1 || sp.Count(Spend{2, 25}) != 1 {
		t.Errorf("spends %v", sp.N())
	}
	// In days.
	sd, _ := tr.Summarize(Split{End: day(1, 29, 23), Unit: UnitDay})
	if g := sd.Customers[0].History; g != (History{2, 21, 28}) || sd.Holdout != 0 {
		t.Errorf("in days: %+v, holdout %v", g, sd.Holdout)
	}
	// Merge of parts equals the whole.
	a, _ := NewTransactions(est)
	b, _ := NewTransactions(est)
	a.AddAll(evs[:4])
	b.AddAll(evs[4:])
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	sm, _ := a.Summarize(Split{End: day(1, 29, 23), HoldoutEnd: day(2, 26, 0), Unit: UnitWeek})
	if len(sm.Customers) != 2 || sm.Customers[0].History != want[0].History || a.Events() != int64(len(evs)) {
		t.Errorf("merged summary %+v, events %d", sm, a.Events())
	}
	// Bad input.
	wantErr(t, tr.Add(Event{"x", day(1, 1, 1), -1}), ErrNegative, "retention.Transactions.Add")
	wantErr(t, tr.Add(Event{"x", day(1, 1, 1), math.NaN()}), ErrNotFinite, "retention.Transactions.Add")
	wantErr(t, tr.Add(Event{"x", time.Date(10001, 1, 1, 0, 0, 0, 0, time.UTC), 1}), ErrTime, "retention.Transactions.Add")
	if tr.N() != 3 {
		t.Errorf("rejected purchases were added: %d customers", tr.N())
	}
	var zero Transactions
	wantErr(t, zero.Add(Event{"x", day(1, 1, 1), 1}), ErrLocation, "retention.Transactions.Add")
	_, err = NewTransactions(nil)
	wantErr(t, err, ErrLocation, "retention.NewTransactions")
	_, err = tr.Summarize(Split{End: day(1, 1, 0).AddDate(0, 0, -10)})
	wantErr(t, err, ErrEmpty, "retention.Transactions.Summarize")
	_, err = tr.Summarize(Split{End: day(1, 29, 0), HoldoutEnd: day(1, 2, 0)})
	wantErr(t, err, ErrHorizon, "retention.Transactions.Summarize")
	_, err = tr.Summarize(Split{End: day(1, 29, 0), Unit: Unit(9)})
	wantErr(t, err, ErrPeriod, "retention.Transactions.Summarize")
	other, _ := NewTransactions(time.UTC)
	other.Add(Event{"z", day(1, 1, 1), 1})
	wantErr(t, tr.Merge(other), ErrMismatch, "retention.Transactions.Merge")
}

// On CDNOW the frequency check has one row per x, the counts of the data
// (1,411 customers without repeat purchases, FHL 2005) and expected
// counts that sum to the 2,357 customers.
func TestFrequencyCheckCDNOW(t *testing.T) {
	h := cdnowHistories(t)
	rows, err := FrequencyCheck(fhl, h, 7)
	if err != nil {
		t.Fatal(err)
	}
	var act, exp float64
	for _, r := range rows {
		act += r.Actual
		exp += r.Expected
	}
	if rows[0].Actual != 1411 || act != 2357 || !near(exp, 2357, 1e-9) || !rows[7].AndMore {
		t.Errorf("rows %+v", rows)
	}
	// The model fits the zeros within 2 % (FHL figure 2).
	if math.Abs(rows[0].Expected-1411)/1411 > 0.02 {
		t.Errorf("expected zeros %v, actual 1411", rows[0].Expected)
	}
	_, err = FrequencyCheck(fhl, h, 0)
	wantErr(t, err, ErrHistory, "retention.FrequencyCheck")
}
