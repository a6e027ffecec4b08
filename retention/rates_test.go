package retention

import (
	"math"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// TestCustomerRetentionHand checks the rate on the textbook example: 200
// customers at the start, 180 at the end, 30 new: (180 - 30)/200 = 75 %
// retention, 25 % churn. The Wilson 95 % interval for 150 of 200, by hand
// with z = 1.959964: centre (150 + z²/2)/(200 + z²) = 0.74505, half-width
// z/(200 + z²)·sqrt(150·50/200 + z²/4) = 0.05953, so [68.55, 80.46] %.
func TestCustomerRetentionHand(t *testing.T) {
	r, err := CustomerRetention(200, 180, 30, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Retention != 75 || r.Churn != 25 || r.Retained != 150 || r.Lost != 50 {
		t.Errorf("%+v", r)
	}
	checkNear(t, "lo", r.RetentionCI.Lo, 68.55, 0.01)
	checkNear(t, "hi", r.RetentionCI.Hi, 80.46, 0.01)
	checkNear(t, "churn lo", r.ChurnCI.Lo, 100-r.RetentionCI.Hi, 1e-12)
	if r.RetentionCI.Method != estimate.Wilson || r.RetentionCI.Level != 0.95 {
		t.Errorf("CI %+v", r.RetentionCI)
	}
	// All kept, none kept.
	if r, _ := CustomerRetention(10, 10, 0, estimate.Options{}); r.Retention != 100 || r.RetentionCI.Hi != 100 {
		t.Errorf("all kept: %+v", r)
	}
	if r, _ := CustomerRetention(10, 4, 4, estimate.Options{}); r.Retention != 0 || r.Churn != 100 || r.RetentionCI.Lo != 0 {
		t.Errorf("none kept: %+v", r)
	}
}

func TestCustomerRetentionErrors(t *testing.T) {
	const fn = "retention.CustomerRetention"
	for _, c := range []struct {
		s, e, n int64
		want    error
		name    string
	}{
		{0, 0, 0, ErrEmpty, "start"},
		{-1, 0, 0, ErrCount, "start"},
		{10, -1, 0, ErrCount, "end"},
		{10, 5, -1, ErrCount, "new"},
		{10, 5, 6, ErrFlow, "new"},  // N > E
		{10, 20, 5, ErrFlow, "end"}, // E - N > S
	} {
		_, err := CustomerRetention(c.s, c.e, c.n, estimate.Options{})
		wantErr(t, err, c.want, fn)
		if asValueErr(err).Name != c.name {
			t.Errorf("%v: name %q, want %q", err, asValueErr(err).Name, c.name)
		}
	}
	_, err := CustomerRetention(10, 5, 0, estimate.Options{Method: Log})
	wantErr(t, err, ErrMethod, fn)
}

// TestFlow checks the accumulator against the one-shot form, and its use
// per period through group.
func TestFlow(t *testing.T) {
	var f Flow
	f.AddN(Membership{true, true}, 150)
	f.AddN(Membership{true, false}, 50)
	f.AddN(Membership{false, true}, 30)
	f.Add(Membership{false, false}) // not part of the period
	if s, e, n := f.Counts(); s != 200 || e != 180 || n != 30 || f.N() != 230 {
		t.Fatalf("counts %d %d %d n %d", s, e, n, f.N())
	}
	r, _ := f.Result(estimate.Options{})
	want, _ := CustomerRetention(200, 180, 30, estimate.Options{})
	if r != want {
		t.Errorf("%+v, want %+v", r, want)
	}
	wantErr(t, f.AddCounts(10, 5, 6), ErrFlow, "retention.Flow.AddCounts")
	wantErr(t, f.AddN(Membership{true, true}, -1), ErrCount, "retention.Flow.AddN")
	if s, _, _ := f.Counts(); s != 200 {
		t.Error("rejected input changed the flow")
	}
	// Per month and segment.
	g := group.BySegmentPeriod[string, Flow](group.Month, time.UTC)
	jan := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	g.At("web", jan).AddCounts(100, 90, 10)
	g.At("shop", jan).AddCounts(50, 40, 0)
	var all Flow
	for _, fl := range g.All() {
		all.Merge(fl)
	}
	r, _ = all.Result(estimate.Options{})
	// (80 + 40)/150 = 80 %.
	if r.Retention != 80 {
		t.Errorf("pooled retention %g, want 80", r.Retention)
	}
	// Compare: web 80 % against shop 80 %: no difference.
	d, err := CompareFlows(g.At("web", jan), g.At("shop", jan), estimate.Options{})
	if err != nil || d.Estimate != 0 || d.P != 1 {
		t.Errorf("compare %+v %v", d, err)
	}
	_, err = CompareFlows(&Flow{}, &f, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.CompareFlows")
}

// TestRevenueRetentionHand: start 1000, expansion 150, contraction 50,
// churned 100: GRR = (1000 - 50 - 100)/1000 = 85 %, NRR = (1000 + 150 -
// 50 - 100)/1000 = 100 %.
func TestRevenueRetentionHand(t *testing.T) {
	r, err := RevenueRetention(1000, 150, 50, 100)
	if err != nil {
		t.Fatal(err)
	}
	if r.Gross != 85 || r.Net != 100 {
		t.Errorf("%+v", r)
	}
	// Per customer: 400 -> 550 (+150), 300 -> 250 (-50), 100 -> 0
	// (churned), 200 -> 200, and a new customer 0 -> 80.
	var a Revenue
	for _, c := range [][2]float64{{400, 550}, {300, 250}, {100, 0}, {200, 200}, {0, 80}} {
		if err := a.Add(Account{c[0], c[1]}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := a.Result(estimate.Options{})
	if got.Gross != 85 || got.Net != 100 || got.New != 80 || got.Start != 1000 {
		t.Errorf("%+v", got)
	}
	_, err = RevenueRetention(100, 0, 60, 50)
	wantErr(t, err, ErrFlow, "retention.RevenueRetention")
	_, err = RevenueRetention(0, 0, 0, 0)
	wantErr(t, err, ErrEmpty, "retention.RevenueRetention")
	wantErr(t, a.Add(Account{-1, 0}), ErrNegative, "retention.Revenue.Add")
	wantErr(t, a.Add(Account{1, math.NaN()}), ErrNotFinite, "retention.Revenue.Add")
}

// TestRepeatHand: four customers with 1, 2, 3 and 0 purchases; the
// repeaters span 10 days (1 gap) and 30 days (2 gaps). Rate 2/4 = 50 %;
// mean gap (10 + 30)/(1 + 2) = 13.33 days. SE by hand: ȳ = 1.5,
// residuals 10 - 13.33·1 = -3.33 and 30 - 13.33·2 = 3.33, Σ² = 22.22,
// SE² = 22.22/((2-1)·2·2.25) = 4.938, SE = 2.222; t(0.975, 1) = 12.706.
func TestRepeatHand(t *testing.T) {
	var r Repeat
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.Add(Purchases{1, t0, t0})
	r.Add(Purchases{2, t0, t0.AddDate(0, 0, 10)})
	r.Add(Purchases{3, t0, t0.AddDate(0, 0, 30)})
	r.Add(Purchases{0, time.Time{}, time.Time{}})
	got, err := r.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Rate != 50 || got.Customers != 4 || got.Repeaters != 2 || got.Gaps != 3 {
		t.Errorf("%+v", got)
	}
	checkNear(t, "mean gap", got.MeanGap, 40.0/3, 1e-12)
	se := math.Sqrt((200.0 / 9) / 4.5)
	checkNear(t, "gap hi", got.MeanGapCI.Hi, 40.0/3+12.706204736174707*se, 1e-9)
	if got.MeanGapCI.Lo != 0 { // 13.33 - 28.2 < 0, clipped
		t.Errorf("gap lo %g", got.MeanGapCI.Lo)
	}
	wantErr(t, r.Add(Purchases{2, t0, t0.Add(-time.Hour)}), ErrDuration, "retention.Repeat.Add")
	wantErr(t, r.Add(Purchases{-1, t0, t0}), ErrCount, "retention.Repeat.Add")
	var z Repeat
	_, err = z.Result(estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.Repeat.Result")
}

// TestTenure checks durations from dates.
func TestTenure(t *testing.T) {
	day := 24 * time.Hour
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cut := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		end  time.Time
		want Span
	}{
		{time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC), Span{30.5, Observed}},
		{time.Time{}, Span{181, Censored}},                                 // still active: Jan..Jun = 181 days
		{time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), Span{181, Censored}}, // churned after the cut-off
		{start, Span{0, Observed}},
	} {
		got, err := Tenure(start, c.end, cut, day)
		if err != nil || got != c.want {
			t.Errorf("Tenure(%v) = %+v %v, want %+v", c.end, got, err, c.want)
		}
	}
	_, err := Tenure(start, start.Add(-time.Hour), cut, day)
	wantErr(t, err, ErrDuration, "retention.Tenure")
	_, err = Tenure(cut.Add(time.Hour), time.Time{}, cut, day)
	wantErr(t, err, ErrDuration, "retention.Tenure")
	_, err = Tenure(start, time.Time{}, cut, 0)
	wantErr(t, err, ErrDuration, "retention.Tenure")
	_, err = Tenure(time.Time{}, time.Time{}, cut, day)
	wantErr(t, err, ErrDuration, "retention.Tenure")
}
