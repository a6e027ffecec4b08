package servqual

import (
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// small is a 5 × 3 matrix whose alpha is worked by hand below.
var small = [][]float64{{3, 4, 3}, {2, 3, 4}, {4, 4, 5}, {3, 2, 3}, {4, 4, 4}}

// TestAlphaByHand checks Alpha on small against exact fractions computed by
// hand (and re-checked with Python's fractions module):
//
//	means 16/5, 17/5, 19/5
//	covariances s11 = 7/10, s22 = 4/5, s33 = 7/10, s12 = 2/5, s13 = 3/10, s23 = 7/20
//	totals 10, 9, 13, 8, 12: mean 52/5, variance 43/10 (= Σ s_ij)
//	alpha = 3/2 · (1 - (11/5)/(43/10)) = 3/2 · 21/43 = 63/86
//	r12 = (2/5)/sqrt(7/10·4/5), r13 = 3/7, r23 = (7/20)/sqrt(4/5·7/10)
//	item 2 rest = x1 + x3: cov 2/5 + 7/20 = 3/4, var 7/10 + 7/10 + 2·3/10 = 2,
//	  item-rest r = (3/4)/sqrt(4/5 · 2)
//	alpha without item 1 = 2·(1 - (4/5 + 7/10)/(4/5 + 7/10 + 2·7/20)) = 7/11
//	without item 2 = 2·(1 - (7/5)/2) = 3/5, without item 3 = 2·(1 - (3/2)/(23/10)) = 16/23
func TestAlphaByHand(t *testing.T) {
	r, err := Alpha(small, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-14
	checkNear(t, "alpha", r.Alpha, 63.0/86, tol)
	r12 := 0.4 / math.Sqrt(0.7*0.8)
	r23 := 0.35 / math.Sqrt(0.8*0.7)
	rbar := (r12 + 3.0/7 + r23) / 3
	checkNear(t, "mean r", r.MeanCorrelation, rbar, tol)
	checkNear(t, "standardized", r.Standardized, 3*rbar/(1+2*rbar), tol)
	if r.N != 5 || r.K != 3 {
		t.Errorf("N, K = %d, %d, want 5, 3", r.N, r.K)
	}
	wantMean := []float64{16.0 / 5, 17.0 / 5, 19.0 / 5}
	wantSD := []float64{math.Sqrt(0.7), math.Sqrt(0.8), math.Sqrt(0.7)}
	wantRest := []float64{
		0.7 / math.Sqrt(0.7*2.2),  // cov(x1, x2+x3) = 2/5 + 3/10; var(x2+x3) = 4/5 + 7/10 + 7/10
		0.75 / math.Sqrt(0.8*2),   // as above
		0.65 / math.Sqrt(0.7*2.3), // cov(x3, x1+x2) = 3/10 + 7/20; var(x1+x2) = 7/10 + 4/5 + 4/5
	}
	wantDel := []float64{7.0 / 11, 3.0 / 5, 16.0 / 23}
	for i, it := range r.Items {
		checkNear(t, "mean", it.Mean, wantMean[i], tol)
		checkNear(t, "sd", it.SD, wantSD[i], tol)
		checkNear(t, "item-rest", it.ItemRest, wantRest[i], tol)
		if it.AlphaIfDeleted == nil {
			t.Fatalf("item %d: no alpha if deleted", i+1)
		}
		checkNear(t, "alpha if deleted", *it.AlphaIfDeleted, wantDel[i], tol)
	}
}

// TestAlphaPublished checks the worked example of "Survey reliability"
// (thinkdeeply.cc/posts/survey-reliability): ten respondents, four 1..5
// items, covariance matrix s11 = 0.6778, s12 = 0.478, s44 = 1.344, ... and
// alpha 0.674, which the post confirms with R. Exactly, alpha = 1336/1983
// (Σ s_ii = 109/30, Σ s_ij = 661/90); R 4.2.2's
// k/(k-1)*(1-sum(diag(var(x)))/var(rowSums(x))) gives 0.673726676752395.
func TestAlphaPublished(t *testing.T) {
	rows := [][]float64{
		{3, 3, 3, 3}, {3, 3, 4, 3}, {3, 3, 3, 1}, {5, 4, 4, 5}, {2, 1, 4, 4},
		{4, 4, 4, 5}, {3, 2, 3, 3}, {3, 4, 3, 3}, {4, 2, 2, 3}, {3, 3, 2, 3},
	}
	r, err := Alpha(rows, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Alpha-0.674) > 0.0005 {
		t.Errorf("alpha = %.4f, want 0.674 (published)", r.Alpha)
	}
	checkNear(t, "alpha", r.Alpha, 1336.0/1983, 1e-14)
	checkNear(t, "alpha (R)", r.Alpha, 0.673726676752395, 1e-14)
	// The post's matrix, to its four digits.
	for i, want := range []float64{0.6778, 0.989, 0.6222, 1.344} {
		if got := r.Items[i].SD * r.Items[i].SD; math.Abs(got-want) > 0.0006 {
			t.Errorf("s%d%d = %.4f, want %.4f", i+1, i+1, got, want)
		}
	}
	// The same from its covariance matrix.
	s := [][]float64{
		{61.0 / 90, 43.0 / 90, 2.0 / 45, 41.0 / 90},
		{43.0 / 90, 89.0 / 90, 2.0 / 15, 23.0 / 90},
		{2.0 / 45, 2.0 / 15, 28.0 / 45, 22.0 / 45},
		{41.0 / 90, 23.0 / 90, 22.0 / 45, 121.0 / 90},
	}
	c, err := AlphaCov(s, 10, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "alpha from covariances", c.Alpha, 1336.0/1983, 1e-14)
}

// TestFeldt checks Feldt's interval, 1 - (1-alpha)·F quantiles of
// F(n-1, (n-1)(k-1)), against printed F tables (Snedecor and Cochran;
// any statistics text): F(0.975; 9, 18) = 2.929 and F(0.95; 10, 20) =
// 2.348, F(0.05; 10, 20) = 1/F(0.95; 20, 10) = 1/2.774. Values from R's
// qf, as cocron::cronbach.alpha.CI computes, are in TestFeldtR.
func TestFeldt(t *testing.T) {
	// n = 10, k = 3, alpha 0.8, 95 %: lower end 1 - 0.2·2.929.
	iv := feldt(0.8, 10, 3, 0.95)
	checkNear(t, "lo (n 10, k 3)", iv.Lo, 1-0.2*2.929, 5e-4)
	if iv.Method != Feldt || iv.Level != 0.95 || !(iv.Lo < 0.8 && 0.8 < iv.Hi) {
		t.Errorf("interval %+v", iv)
	}
	// n = 11, k = 3, alpha 0.7, 90 %: df 10 and 20.
	iv = feldt(0.7, 11, 3, 0.90)
	checkNear(t, "lo (n 11, k 3)", iv.Lo, 1-0.3*2.348, 5e-4)
	checkNear(t, "hi (n 11, k 3)", iv.Hi, 1-0.3/2.774, 5e-4)
	// Alpha 1 has no error: the interval is [1, 1].
	if iv := feldt(1, 30, 5, 0.95); iv.Lo != 1 || iv.Hi != 1 {
		t.Errorf("alpha 1: %+v", iv)
	}
}

func TestAlphaErrors(t *testing.T) {
	const fn = "servqual.Alpha"
	o := estimate.Options{}
	_, err := Alpha(nil, o)
	wantErr(t, err, ErrEmpty, fn)
	_, err = Alpha([][]float64{{1, 2}}, o)
	wantErr(t, err, ErrTooFew, fn)
	_, err = Alpha([][]float64{{1}, {2}}, o)
	wantErr(t, err, ErrTooFew, fn)
	_, err = Alpha([][]float64{{1, 2}, {2}}, o)
	if ve := wantErr(t, err, ErrItems, fn); ve.Index != 1 {
		t.Errorf("index %d, want 1", ve.Index)
	}
	_, err = Alpha([][]float64{{1, 2}, {2, math.NaN()}}, o)
	wantErr(t, err, ErrNotFinite, fn)
	_, err = Alpha([][]float64{{1, 2}, {1, 3}}, o)
	wantErr(t, err, ErrNoVariance, fn)
	_, err = Alpha([][]float64{{1, 2}, {2, 1}}, o) // totals constant
	wantErr(t, err, ErrNoVariance, fn)
	_, err = Alpha([][]float64{{1, -2}, {2, -4}, {3, -6}}, o) // r = -1: standardized total constant
	wantErr(t, err, ErrNoVariance, fn)
	_, err = Alpha(small, estimate.Options{Level: 2})
	wantErr(t, err, ErrLevel, fn)
	_, err = Alpha(small, estimate.Options{Method: estimate.Wald})
	wantErr(t, err, ErrMethod, fn)

	const fc = "servqual.AlphaCov"
	_, err = AlphaCov([][]float64{{1, 0.5}, {0.5}}, 10, o)
	wantErr(t, err, ErrCovariance, fc)
	_, err = AlphaCov([][]float64{{1, 0.5}, {0.4, 1}}, 10, o)
	wantErr(t, err, ErrCovariance, fc)
	_, err = AlphaCov([][]float64{{1, 0.5}, {0.5, 0}}, 10, o)
	wantErr(t, err, ErrCovariance, fc)
	_, err = AlphaCov([][]float64{{1, math.Inf(1)}, {math.Inf(1), 1}}, 10, o)
	wantErr(t, err, ErrNotFinite, fc)
	_, err = AlphaCov([][]float64{{1, 0.5}, {0.5, 1}}, 1, o)
	wantErr(t, err, ErrTooFew, fc)
	_, err = AlphaCov([][]float64{{1, 0.5}, {0.5, 1}}, 0, o)
	wantErr(t, err, ErrEmpty, fc)
	_, err = AlphaCov([][]float64{{1}}, 10, o)
	wantErr(t, err, ErrTooFew, fc)
	_, err = AlphaCov(nil, 10, o)
	wantErr(t, err, ErrTooFew, fc)
}

// TestAlphaTwoItems: with k = 2 there is no alpha if deleted, and alpha is
// 2·(1 - (s11 + s22)/(s11 + s22 + 2 s12)): s11 = s22 = 1, s12 = 0.5 gives
// 2·(1 - 2/3) = 2/3, which is also the Spearman-Brown 2r/(1 + r).
func TestAlphaTwoItems(t *testing.T) {
	r, err := AlphaCov([][]float64{{1, 0.5}, {0.5, 1}}, 50, estimate.Options{Level: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "alpha", r.Alpha, 2.0/3, 1e-15)
	checkNear(t, "standardized", r.Standardized, 2.0/3, 1e-15)
	for _, it := range r.Items {
		if it.AlphaIfDeleted != nil {
			t.Errorf("alpha if deleted %v with two items", *it.AlphaIfDeleted)
		}
		checkNear(t, "item-rest", it.ItemRest, 0.5, 1e-15)
	}
	if !(r.CI.Lo < r.Alpha && r.Alpha < r.CI.Hi) || r.CI.Level != 0.9 {
		t.Errorf("CI %+v", r.CI)
	}
}

// TestFeldtR checks Feldt's interval against R 4.2.2 (base R's qf, the formula
// of cocron::cronbach.alpha.CI and psychometric::alpha.CI):
//
//	f <- function(a, n, k, l) { g <- 1 - l; 1 - (1 - a) * qf(c(1 - g/2, g/2), n - 1, (n - 1) * (k - 1)) }
//
// The alpha .79 of 26 items and 41 examinees at 90 % is the example that
// psychometric::alpha.CI takes from Feldt, Woodruff and Salih (1987). The
// last row is the published example of TestAlphaPublished.
func TestFeldtR(t *testing.T) {
	for _, c := range []struct {
		alpha  float64
		n      int64
		k      int
		level  float64
		lo, hi float64
	}{
		{0.85, 89, 7, 0.95, 0.797064879034911, 0.893166593737079},
		{0.8, 10, 3, 0.95, 0.414177501375347, 0.945967572127536},
		{0.7, 11, 3, 0.90, 0.295636729900506, 0.891853559271833},
		{0.79, 41, 26, 0.90, 0.704675961486237, 0.861614452584858},
		{1336.0 / 1983, 10, 4, 0.95, 0.141622004343894, 0.908975403248870},
	} {
		iv := feldt(c.alpha, c.n, c.k, c.level)
		checkNear(t, "lo", iv.Lo, c.lo, 1e-12)
		checkNear(t, "hi", iv.Hi, c.hi, 1e-12)
	}
}
