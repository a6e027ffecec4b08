package retention

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/estimate"
)

// The aml data (Miller 1981, p. 49; R survival's aml): weeks to relapse of
// acute myelogenous leukaemia, maintained and non-maintained groups.
var (
	amlMaintained       = []float64{9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161}
	amlMaintainedStatus = []int{1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0}
	amlNon              = []float64{5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45}
	amlNonStatus        = []int{1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}
)

// TestKaplanMeierAML checks the curve of the maintained group against
// summary(survfit(Surv(time, status) ~ x, aml)), printed in R survival's
// documentation, here at full precision from R survival 3.5.3 (survfit's
// lower, upper, cumhaz and std.chaz for conf.type "log", "log-log" and
// "plain"). The printed table reads: time 9, n.risk 11, survival 0.909,
// std.err 0.0867, 95% CI 0.7541..1.000; ... time 48, n.risk 2, 0.184,
// 0.1535, 0.0359..0.944.
func TestKaplanMeierAML(t *testing.T) {
	l := lifetimesOf(t, amlMaintained, amlMaintainedStatus)
	times := []float64{9, 13, 18, 23, 28, 31, 34, 45, 48, 161}
	atRisk := []int64{11, 10, 8, 7, 6, 5, 4, 3, 2, 1}
	surv := []float64{10. / 11, 10. / 11 * 9 / 10, 0.7159090909090908, 0.6136363636363636, 0.6136363636363636,
		0.49090909090909096, 0.3681818181818182, 0.3681818181818182, 0.1840909090909091, 0.1840909090909091}
	se := []float64{0.0867, 0.1163, 0.1397, 0.1526, 0.1526, 0.1642, 0.1627, 0.1627, 0.1535, 0.1535} // R's printed std.err
	bands := map[estimate.Method][][2]float64{
		Log: {{0.7541338450815255, 1}, {0.6192489873993635, 1}, {0.4884262874221285, 1}, {0.3768670595016798, 0.999157600228473},
			{0.3768670595016798, 0.999157600228473}, {0.2548599511993173, 0.945584955200429}, {0.1548771178971911, 0.875260678143908},
			{0.1548771178971911, 0.875260678143908}, {0.0359178984891853, 0.943525769474552}, {0.0359178984891853, 0.943525769474552}},
		LogLog: {{0.5080802057699297, 0.986673822667823}, {0.4474286146821814, 0.951162228582492}, {0.3501903859079384, 0.899023974191053},
			{0.2657520400012861, 0.835299243250221}, {0.2657520400012861, 0.835299243250221}, {0.1673309097768508, 0.753399790370811},
			{0.0928295749369852, 0.657040832398164}, {0.0928295749369852, 0.657040832398164}, {0.0117384801231896, 0.525014842726641},
			{0.0117384801231896, 0.525014842726641}},
		Plain: {{0.7392043331338484, 1}, {0.5902550587990167, 1}, {0.4421707787150773, 0.989647403103104}, {0.3144824919464367, 0.912790235326290},
			{0.3144824919464367, 0.912790235326290}, {0.1690962006517037, 0.812721981166478}, {0.0493566605554544, 0.687006975808182},
			{0.0493566605554544, 0.687006975808182}, {0, 0.484931162720207}, {0, 0.484931162720207}},
	}
	cumhaz := []float64{0.0909090909090909, 0.1909090909090909, 0.3159090909090909, 0.4587662337662338, 0.4587662337662338,
		0.6587662337662338, 0.9087662337662338, 0.9087662337662338, 1.4087662337662339, 1.4087662337662339}
	stdchaz := []float64{0.0909090909090909, 0.1351460795210773, 0.1840909090909091, 0.2330185101557889, 0.2330185101557889,
		0.3070791853500062, 0.3959767999204291, 0.3959767999204291, 0.6378068877608829, 0.6378068877608829}
	for m, band := range bands {
		c, err := l.Result(estimate.Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Rows) != len(times) || c.N != 11 || c.Events != 7 {
			t.Fatalf("%s: %d rows, n %d, events %d; want 10, 11, 7", m, len(c.Rows), c.N, c.Events)
		}
		for i, r := range c.Rows {
			if r.Time != times[i] || r.AtRisk != atRisk[i] {
				t.Errorf("row %d: time %g at risk %d, want %g %d", i, r.Time, r.AtRisk, times[i], atRisk[i])
			}
			checkNear(t, "S", r.Survival, surv[i], 1e-12)
			checkNear(t, "SE", r.SE, se[i], 5e-5)
			checkNear(t, string(m)+" lo", r.CI.Lo, band[i][0], 1e-12)
			checkNear(t, string(m)+" hi", r.CI.Hi, band[i][1], 1e-12)
			checkNear(t, "cumhaz", r.CumHazard, cumhaz[i], 1e-12)
			checkNear(t, "std.chaz", r.HazardSE, stdchaz[i], 1e-12)
			if r.CI.Level != 0.95 || r.CI.Method != m {
				t.Errorf("CI %+v", r.CI)
			}
		}
	}
	// print(survfit(...), rmean = 40): median 31, 0.95LCL 18, UCL NA;
	// rmean* 28.9, se(rmean) 3.47. The RMST by hand: S = 1 on [0, 9),
	// 10/11 on [9, 13), 9/11 on [13, 18), 0.7159 on [18, 23), 0.6136 on
	// [23, 31), 0.4909 on [31, 34), 0.3682 on [34, 40): 9 + 3.6364 +
	// 4.0909 + 3.5795 + 4.9091 + 1.4727 + 2.2091 = 28.8977.
	c, _ := l.Result(estimate.Options{})
	md := c.Median
	if md.Time != 31 || !md.Reached || md.CI.Lo != 18 || !md.LoReached || md.HiReached || md.CI.Hi != 161 {
		t.Errorf("median %+v, want 31 [18, NA]", md)
	}
	rm, err := c.RMST(40)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "rmean", rm.Mean, 28.897727272727273, 1e-12)
	checkNear(t, "se(rmean)", rm.SE, 3.4675776788916, 1e-9)
	if !rm.CI.Contains(rm.Mean) {
		t.Errorf("RMST CI %+v", rm.CI)
	}
}

// TestQuantilesVeteran checks quantiles, their intervals and the RMST
// against R survival 3.5.3 on the veteran data (Kalbfleisch and Prentice
// 1980): quantile(survfit(Surv(time, status) ~ 1, veteran), c(.25, .5,
// .75)) gives 25, 80, 162 with lower 19, 52, 133 and upper 36, 105, 242;
// print(fit, rmean = 200) gives rmean 92.848989108, se 6.1895690085.
func TestQuantilesVeteran(t *testing.T) {
	all, _ := veteran(t)
	c, err := all.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.N != 137 || c.Events != 128 {
		t.Fatalf("n %d events %d, want 137 128", c.N, c.Events)
	}
	for _, w := range []struct{ p, q, lo, hi float64 }{{0.25, 25, 19, 36}, {0.5, 80, 52, 105}, {0.75, 162, 133, 242}} {
		q, err := c.Quantile(w.p)
		if err != nil {
			t.Fatal(err)
		}
		if q.Time != w.q || q.CI.Lo != w.lo || q.CI.Hi != w.hi || !q.Reached || !q.LoReached || !q.HiReached {
			t.Errorf("quantile %g = %+v, want %g [%g, %g]", w.p, q, w.q, w.lo, w.hi)
		}
	}
	rm, err := c.RMST(200)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "rmean", rm.Mean, 92.848989108, 1e-9)
	checkNear(t, "se(rmean)", rm.SE, 6.1895690085, 1e-9)
}

// TestMedianRule checks the rule for a curve exactly at 0.5, against R
// survival 3.5.3's quantile.survfit (by hand: S = 0.75, 0.5, 0.25, 0 at
// 1, 2, 3, 4 is flat at 0.5 on [2, 3), so the median is 2.5).
func TestMedianRule(t *testing.T) {
	for _, c := range []struct {
		name   string
		times  []float64
		status []int
		median float64
		lo     float64
	}{
		// Flat at 0.5 between two events: the midpoint, 2.5.
		{"flat between events", []float64{1, 2, 3, 4}, []int{1, 1, 1, 1}, 2.5, 1},
		// Flat at 0.5 to the end of follow-up (censored at 3 and 4): the
		// midpoint of 2 and the last time, 3. (R's print.survfit shows 2
		// here; quantile.survfit, which we follow, 3.)
		{"flat to the end", []float64{1, 2, 3, 4}, []int{1, 1, 0, 0}, 3, 1},
		// S = 0.75, 0.5, 0.25 at 1, 2, 5 (9 censored): (2 + 5)/2 = 3.5.
		{"flat to a later event", []float64{1, 2, 5, 9}, []int{1, 1, 1, 0}, 3.5, 1},
		// Unsorted input, S = 2/3, 1/3 at 1, 2: first S <= 0.5 is at 2.
		{"unsorted", []float64{2, 3, 1}, []int{1, 0, 1}, 2, 1},
	} {
		l := lifetimesOf(t, c.times, c.status)
		k, err := l.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if k.Median.Time != c.median || !k.Median.Reached || k.Median.CI.Lo != c.lo || k.Median.HiReached {
			t.Errorf("%s: median %+v, want %g [%g, NA]", c.name, k.Median, c.median, c.lo)
		}
	}
}

// TestLeftTruncation checks risk sets with delayed entry against R
// survival 3.5.3: survfit(Surv(entry, exit, st) ~ 1) for entry 0 0 2 3 1
// 5 0 4, exit 4 6 5 9 3 8 2 7, st 1 0 1 1 1 0 1 1. By hand, at time 2 the
// risk set is (0,4], (0,6], (1,3], (0,2]: 4, and S(2) = 3/4.
func TestLeftTruncation(t *testing.T) {
	entry := []float64{0, 0, 2, 3, 1, 5, 0, 4}
	exit := []float64{4, 6, 5, 9, 3, 8, 2, 7}
	st := []Status{1, 0, 1, 1, 1, 0, 1, 1}
	var l Lifetimes
	for i := range entry {
		if err := l.Add(Lifetime{entry[i], exit[i], st[i]}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := l.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		time          float64
		risk          int64
		s, se, lo, hi float64
	}{
		{2, 4, 0.75, 0.216506350946110, 0.4259322684979820, 1},
		{3, 4, 0.5625, 0.229639663385923, 0.2527091412404251, 1},
		{4, 4, 0.421875, 0.2109375, 0.1583372210961839, 1},
		{5, 4, 0.31640625, 0.182677233610780, 0.1020477922581584, 0.981039499470983},
		{6, 4, 0.31640625, 0.182677233610780, 0.1020477922581584, 0.981039499470983},
		{7, 3, 0.2109375, 0.149155336656537, 0.0527549737345115, 0.843420548935697},
		{8, 2, 0.2109375, 0.149155336656537, 0.0527549737345115, 0.843420548935697},
		{9, 1, 0, 0, 0, 0}, // R: std.err NaN, CI NA
	}
	if len(c.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(c.Rows), len(want))
	}
	for i, w := range want {
		r := c.Rows[i]
		if r.Time != w.time || r.AtRisk != w.risk {
			t.Errorf("row %d: time %g risk %d, want %g %d", i, r.Time, r.AtRisk, w.time, w.risk)
		}
		checkNear(t, "S", r.Survival, w.s, 1e-12)
		checkNear(t, "SE", r.SE, w.se, 1e-12)
		checkNear(t, "lo", r.CI.Lo, w.lo, 1e-12)
		checkNear(t, "hi", r.CI.Hi, w.hi, 1e-12)
	}
}

// TestKaplanMeierHand checks small cases computed by hand.
func TestKaplanMeierHand(t *testing.T) {
	t.Run("n=1 event", func(t *testing.T) {
		// One event at 5: S(5) = 1 - 1/1 = 0; H = 1/1, its SE sqrt(1/1²).
		c := result(t, lifetimesOf(t, []float64{5}, []int{1}))
		r := c.Rows[0]
		if r.Survival != 0 || r.SE != 0 || r.CI.Lo != 0 || r.CI.Hi != 0 || r.CumHazard != 1 || r.HazardSE != 1 {
			t.Errorf("row %+v", r)
		}
		if c.Median.Time != 5 || !c.Median.Reached {
			t.Errorf("median %+v", c.Median)
		}
	})
	t.Run("n=1 censored", func(t *testing.T) {
		c := result(t, lifetimesOf(t, []float64{5}, []int{0}))
		if r := c.Rows[0]; r.Survival != 1 || r.CI.Lo != 1 || r.CI.Hi != 1 || r.AtRisk != 1 || r.Censored != 1 {
			t.Errorf("row %+v", r)
		}
		if c.Median.Reached || c.Median.Time != 5 || c.Median.LoReached || c.Median.HiReached {
			t.Errorf("median %+v, want not reached at 5", c.Median)
		}
	})
	t.Run("all censored", func(t *testing.T) {
		c := result(t, lifetimesOf(t, []float64{3, 1, 2, 2}, []int{0, 0, 0, 0}))
		// Risk sets 4, 3, 1 at times 1, 2, 3; S stays 1.
		for i, w := range []int64{4, 3, 1} {
			if r := c.Rows[i]; r.AtRisk != w || r.Survival != 1 || r.SE != 0 || r.CumHazard != 0 {
				t.Errorf("row %d %+v", i, r)
			}
		}
		if c.Events != 0 || c.Median.Reached {
			t.Errorf("events %d median %+v", c.Events, c.Median)
		}
	})
	t.Run("no censoring with ties", func(t *testing.T) {
		// Times 1, 2, 2, 3: S(1) = 3/4, S(2) = 3/4·(1 - 2/3) = 1/4,
		// S(3) = 0. Greenwood: 1/(4·3) = 1/12, then + 2/(3·1): 3/4, so
		// SE(1) = 0.75·sqrt(1/12), SE(2) = 0.25·sqrt(0.75), both 0.2165.
		c := result(t, lifetimesOf(t, []float64{2, 1, 3, 2}, []int{1, 1, 1, 1}))
		checkNear(t, "S(1)", c.Rows[0].Survival, 0.75, 1e-15)
		checkNear(t, "S(2)", c.Rows[1].Survival, 0.25, 1e-15)
		checkNear(t, "SE(1)", c.Rows[0].SE, 0.75*math.Sqrt(1.0/12), 1e-15)
		checkNear(t, "SE(2)", c.Rows[1].SE, 0.25*math.Sqrt(0.75), 1e-15)
		checkNear(t, "H(2)", c.Rows[1].CumHazard, 0.25+2.0/3, 1e-15)
		if c.Rows[2].Survival != 0 || c.Median.Time != 2 {
			t.Errorf("S(3) %g median %+v", c.Rows[2].Survival, c.Median)
		}
	})
	t.Run("event and censoring tied", func(t *testing.T) {
		// Event and censoring at 2: both in the risk set of 2 (n = 4),
		// S(2) = 3/4; at 3, n = 2, S(3) = 3/4·1/2 = 3/8.
		c := result(t, lifetimesOf(t, []float64{2, 2, 3, 4}, []int{1, 0, 1, 0}))
		if r := c.Rows[0]; r.AtRisk != 4 || r.Events != 1 || r.Censored != 1 || r.Survival != 0.75 {
			t.Errorf("row 0 %+v", r)
		}
		if r := c.Rows[1]; r.AtRisk != 2 || r.Survival != 0.375 {
			t.Errorf("row 1 %+v", r)
		}
		// S at any time: right-continuous steps.
		for _, w := range []struct{ t, s float64 }{{-1, 1}, {0, 1}, {1.999, 1}, {2, 0.75}, {2.5, 0.75}, {3, 0.375}, {100, 0.375}} {
			if s, ci := c.At(w.t); s != w.s || !ci.Contains(s) {
				t.Errorf("At(%g) = %g %+v, want %g", w.t, s, ci, w.s)
			}
		}
	})
}

func result(t *testing.T, l *Lifetimes) Curve {
	t.Helper()
	c, err := l.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLifetimesErrors(t *testing.T) {
	var l Lifetimes
	wantErr(t, l.Add(Lifetime{Exit: -1, Status: Observed}), ErrDuration, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{Exit: math.NaN(), Status: Observed}), ErrNotFinite, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{Exit: math.Inf(1), Status: Censored}), ErrNotFinite, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{Exit: 1, Status: 2}), ErrStatus, "retention.Lifetimes.Add")
	wantErr(t, l.AddN(Lifetime{Exit: 1, Status: Observed}, -1), ErrCount, "retention.Lifetimes.AddN")
	wantErr(t, l.Add(Lifetime{3, 3, Observed}), ErrDuration, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{-1, 3, Observed}), ErrDuration, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{math.NaN(), 3, Observed}), ErrNotFinite, "retention.Lifetimes.Add")
	wantErr(t, l.Add(Lifetime{0, -1, Observed}), ErrDuration, "retention.Lifetimes.Add")
	err := l.AddAll(lifetimesOfSlices([]float64{1, 2, -3}, []Status{1, 1, 1}))
	wantErr(t, err, ErrDuration, "retention.Lifetimes.AddAll")
	if ve := asValueErr(err); ve.Index != 2 {
		t.Errorf("index %d, want 2", ve.Index)
	}
	if l.N() != 0 || l.Len() != 0 {
		t.Fatalf("rejected input changed the state: n %d, %d times", l.N(), l.Len())
	}
	_, err = l.Result(estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.Lifetimes.Result")
	l.Add(Lifetime{Exit: 1, Status: Observed})
	_, err = l.Result(estimate.Options{Method: estimate.Wilson})
	wantErr(t, err, ErrMethod, "retention.Lifetimes.Result")
	_, err = l.Result(estimate.Options{Level: 1})
	wantErr(t, err, ErrLevel, "retention.Lifetimes.Result")
	c := result(t, &l)
	_, err = c.Quantile(1)
	wantErr(t, err, ErrProbability, "retention.Curve.Quantile")
	_, err = c.RMST(0)
	wantErr(t, err, ErrDuration, "retention.Curve.RMST")
	_, err = c.RMST(math.Inf(1))
	wantErr(t, err, ErrNotFinite, "retention.Curve.RMST")
}

func asValueErr(err error) *estimate.ValueError {
	ve, _ := err.(*estimate.ValueError)
	if ve == nil {
		return &estimate.ValueError{Index: -99}
	}
	return ve
}

// TestLifetimesAll checks the per-time iteration: times in increasing
// order with their counts, whatever the order of the input.
func TestLifetimesAll(t *testing.T) {
	var l Lifetimes
	l.AddN(Lifetime{Exit: 5, Status: Observed}, 3)
	l.Add(Lifetime{Exit: 2, Status: Censored})
	l.Add(Lifetime{1, 5, Censored})
	var times []float64
	for tm, c := range l.All() {
		times = append(times, tm)
		switch tm {
		case 1:
			if c.Entries != 1 || c.Events+c.Censored != 0 {
				t.Errorf("time 1: %+v", c)
			}
		case 5:
			if c.Events != 3 || c.Censored != 1 {
				t.Errorf("time 5: %+v", c)
			}
		}
	}
	if len(times) != 3 || times[0] != 1 || times[1] != 2 || times[2] != 5 || l.N() != 5 || l.Len() != 3 {
		t.Errorf("times %v n %d", times, l.N())
	}
	if c := l.Count(5); c.Events != 3 || c.Censored != 1 {
		t.Errorf("Count(5) = %+v", c)
	}
	if c := l.Count(7); c != (Counts{Time: 7}) {
		t.Errorf("Count(7) = %+v", c)
	}
	l.Reset()
	if l.N() != 0 || l.Len() != 0 {
		t.Error("Reset left state")
	}
	if err := l.Add(Lifetime{Exit: 1, Status: Observed}); err != nil || l.N() != 1 {
		t.Error("Add after Reset")
	}
}

// TestSummarize checks the one-shot forms against the accumulator.
func TestSummarize(t *testing.T) {
	st := make([]Status, len(amlNonStatus))
	for i, s := range amlNonStatus {
		st[i] = Status(s)
	}
	want := result(t, lifetimesOf(t, amlNon, amlNonStatus))
	got, err := Summarize(lifetimesOfSlices(amlNon, st), estimate.Options{})
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("Summarize: %v %s", err, cmp.Diff(got, want))
	}
	seq := func(yield func(Lifetime) bool) {
		for i, d := range amlNon {
			if !yield(Lifetime{Exit: d, Status: st[i]}) {
				return
			}
		}
	}
	got, err = SummarizeSeq(seq, estimate.Options{})
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("SummarizeSeq: %v", err)
	}
	_, err = Summarize(lifetimesOfSlices([]float64{1, -1}, []Status{1, 1}), estimate.Options{})
	wantErr(t, err, ErrDuration, "retention.Summarize")
	_, err = SummarizeSeq(func(yield func(Lifetime) bool) {
		_ = yield(Lifetime{Exit: 1, Status: 1}) && yield(Lifetime{Exit: 2, Status: 7})
	}, estimate.Options{})
	wantErr(t, err, ErrStatus, "retention.SummarizeSeq")
	if asValueErr(err).Index != 1 {
		t.Errorf("index %d, want 1", asValueErr(err).Index)
	}
	_, err = SummarizeSeq(func(yield func(Lifetime) bool) {}, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.SummarizeSeq")
}
