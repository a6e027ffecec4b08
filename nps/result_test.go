package nps

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// TestResultValues checks Result against hand-computed and published
// values. P, A and D are the numbers of promoters, passives and
// detractors. Where the interval was computed in R, the call is
//
//	z <- qnorm(1 - (1 - level)/2); v <- function(p, d) p + d - (p - d)^2
//	Wald:     100*(P-D)/n ± z*100*sqrt(v(P/n, D/n)/n)
//	adjusted: the same with P+0.75, D+0.75, n+3, then clipped to
//	          [-100, 100] and stretched to hold 100*(P-D)/n
//
// (R 4, options(digits = 15)); the arithmetic is also shown by hand.
func TestResultValues(t *testing.T) {
	tests := []struct {
		name           string
		P, A, D        int64
		level          float64
		method         estimate.Method
		nps, se        float64
		lo, hi         float64
		pShare, dShare float64
	}{
		// The task's hand example: 10 answers, 5 promoters, 3 passives,
		// 2 detractors. NPS = 100·(0.5 - 0.2) = 30.
		// v = 0.5 + 0.2 - 0.3² = 0.61; SE = 100·sqrt(0.061) = 24.6981781.
		// Wald 95 %: z = 1.959964, z·SE = 48.40754, so [-18.40754, 78.40754].
		{"hand 5/3/2 wald 95", 5, 3, 2, 0.95, Wald, 30, 24.6981780704569, -18.4075395018526, 78.4075395018526, 0.5, 0.2},
		// Wald 90 %: z = 1.644854, z·SE = 40.62489.
		{"hand 5/3/2 wald 90", 5, 3, 2, 0.90, Wald, 30, 24.6981780704569, -10.6248877782844, 70.6248877782844, 0.5, 0.2},
		// Wald 99 %: z = 2.575829, z·SE = 63.61829.
		{"hand 5/3/2 wald 99", 5, 3, 2, 0.99, Wald, 30, 24.6981780704569, -33.6182908181518, 93.6182908181518, 0.5, 0.2},
		// Adjusted 95 %: P' = 5.75, D' = 2.75, n' = 13; pP' = 0.442308,
		// pD' = 0.211538, NPS' = 23.07692; v' = 0.653846 - 0.230769² =
		// 0.600592; SE' = 100·sqrt(0.600592/13) = 21.49405; z·SE' =
		// 42.12754, so [-19.05062, 65.20446].
		{"hand 5/3/2 adjusted 95", 5, 3, 2, 0.95, AdjustedWald, 30, 24.6981780704569, -19.0506153763637, 65.2044615302098, 0.5, 0.2},
		{"hand 5/3/2 adjusted 90", 5, 3, 2, 0.90, AdjustedWald, 30, 24.6981780704569, -12.2776216830856, 58.4314678369317, 0.5, 0.2},
		{"hand 5/3/2 adjusted 99", 5, 3, 2, 0.99, AdjustedWald, 30, 24.6981780704569, -32.2880473461554, 78.4418935000015, 0.5, 0.2},
		// Zero Level and empty Method: 95 %, the score interval
		// (TestTangoScoreValues has the R check of these ends).
		{"defaults", 5, 3, 2, 0, "", 30, 24.6981780704569, -21.659219789, 67.5277887881, 0.5, 0.2},

		// Rocks, R package NPS (CRAN), tests/testthat/test_01_basics.R:
		// counts (detractors, passives, promoters) = (1, 2, 3) give
		// nps_ = 1/3, nps_var_ = 5/9 and nps_se_ = 0.304. The same shares
		// (1/2, 1/3, 1/6) are the worked example of whuber's answer to
		// "How can I calculate margin of error in a NPS result?" (Cross
		// Validated): NPS = 1/3. By hand: v = 2/3 - 1/9 = 5/9,
		// SE = 100·sqrt(5/54) = 30.42903.
		{"rocks (1,2,3)", 3, 2, 1, 0.95, Wald, 100.0 / 3, 30.4290309725092, -26.3064714572386, 92.9731381239052, 0.5, 1.0 / 6},
		{"rocks (1,2,3) adjusted", 3, 2, 1, 0.95, AdjustedWald, 100.0 / 3, 30.4290309725092, -26.7432587941045, 71.187703238549, 0.5, 1.0 / 6},
		// Rocks's tests: (1, 0, 1) gives var 1 and se 0.707: NPS 0,
		// SE = 100·sqrt(1/2) = 70.71068; Wald 95 % ± 138.59 clips to
		// [-100, 100].
		{"rocks (1,0,1)", 1, 0, 1, 0.95, Wald, 0, 70.7106781186548, -100, 100, 0.5, 0.5},
		// (0, 1, 1): var 0.25, se 0.354: NPS 50, SE = 100·sqrt(0.125) =
		// 35.35534; Wald 95 % = 50 ± 69.29519, clipped above.
		{"rocks (0,1,1)", 1, 1, 0, 0.95, Wald, 50, 35.3553390593274, 50 - 69.2951912, 100, 0.5, 0},
		// (1, 1, 1): var 2/3, se 0.471: SE = 100·sqrt(2/9) = 47.14045.
		{"rocks (1,1,1)", 1, 1, 1, 0.95, Wald, 0, 47.1404520791032, -92.3935874, 92.3935874, 1.0 / 3, 1.0 / 3},

		// x = 0 (no promoters, no detractors): 4 passives. NPS 0, SE 0,
		// Wald degenerate [0, 0]. Adjusted: P' = D' = 0.75, n' = 7,
		// v' = 1.5/7 = 0.2142857, SE' = 100·sqrt(0.2142857/7) = 17.49636,
		// z·SE' = 34.29223.
		{"all passive wald", 0, 4, 0, 0.95, Wald, 0, 0, 0, 0, 0, 0},
		{"all passive adjusted", 0, 4, 0, 0.95, AdjustedWald, 0, 0, -34.2922262596808, 34.2922262596808, 0, 0},
		{"20 passives wald", 0, 20, 0, 0.95, Wald, 0, 0, 0, 0, 0, 0},
		// x = n: 20 promoters. NPS 100, SE 0, Wald [100, 100]. Adjusted:
		// P' = 20.75, D' = 0.75, n' = 23; NPS' = 86.95652, v' = 0.934783 -
		// 0.869565² = 0.178639, SE' = 8.81297, z·SE' = 17.27318, so
		// [69.68334, 104.2297], clipped to 100.
		{"all promoters wald", 20, 0, 0, 0.95, Wald, 100, 0, 100, 100, 1, 0},
		{"all promoters adjusted", 20, 0, 0, 0.95, AdjustedWald, 100, 0, 69.6833440254394, 100, 1, 0},
		{"all detractors adjusted", 0, 0, 20, 0.95, AdjustedWald, -100, 0, -100, -69.6833440254394, 0, 1},
		// n = 1. One promoter: Wald [100, 100]. Adjusted: P' = 1.75,
		// D' = 0.75, n' = 4; NPS' = 25, v' = 0.625 - 0.0625 = 0.5625,
		// SE' = 100·sqrt(0.5625/4) = 37.5, z·SE' = 73.49865, so
		// [-48.49865, 98.49865], stretched to hold 100.
		{"n=1 promoter wald", 1, 0, 0, 0.95, Wald, 100, 0, 100, 100, 1, 0},
		{"n=1 promoter adjusted", 1, 0, 0, 0.95, AdjustedWald, 100, 0, -48.498649420252, 100, 1, 0},
		{"n=1 promoter adjusted 90", 1, 0, 0, 0.90, AdjustedWald, 100, 0, -36.6820110106802, 100, 1, 0},
		{"n=1 promoter adjusted 99", 1, 0, 0, 0.99, AdjustedWald, 100, 0, -71.5935988830837, 100, 1, 0},
		// One passive: v' = 1.5/4, SE' = 100·sqrt(0.09375) = 30.61862,
		// z·SE' = 60.0114.
		{"n=1 passive adjusted", 0, 1, 0, 0.95, AdjustedWald, 0, 0, -60.0113959544414, 60.0113959544414, 0, 0},
		{"n=1 detractor adjusted", 0, 0, 1, 0.95, AdjustedWald, -100, 0, -100, 48.498649420252, 0, 1},
		// Large n: a million answers in the shares of the hand example.
		// SE = 100·sqrt(0.61/1e6) = 0.0781025, z·SE = 0.1530781.
		{"large n wald", 500000, 300000, 200000, 0.95, Wald, 30, 0.0781024967590665, 29.8469219192496, 30.1530780807504, 0.5, 0.2},
		{"large n adjusted", 500000, 300000, 200000, 0.95, AdjustedWald, 30, 0.0781024967590665, 29.8468321566647, 30.1529878438753, 0.5, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resultOf(t, tt.P, tt.A, tt.D, estimate.Options{Level: tt.level, Method: tt.method})
			const tol = 1e-9
			if !near(r.NPS, tt.nps, tol) || !near(r.SE, tt.se, tol) {
				t.Errorf("NPS, SE = %v, %v, want %v, %v", r.NPS, r.SE, tt.nps, tt.se)
			}
			ciTol := 1e-8
			if tt.method == "" {
				ciTol = 1e-6 // the R check of the score interval
			}
			if !near(r.CI.Lo, tt.lo, ciTol) || !near(r.CI.Hi, tt.hi, ciTol) {
				t.Errorf("CI = [%.13g, %.13g], want [%.13g, %.13g]", r.CI.Lo, r.CI.Hi, tt.lo, tt.hi)
			}
			if !near(r.PromoterShare, tt.pShare, tol) || !near(r.DetractorShare, tt.dShare, tol) {
				t.Errorf("shares = %v, %v, want %v, %v", r.PromoterShare, r.DetractorShare, tt.pShare, tt.dShare)
			}
			n := tt.P + tt.A + tt.D
			if r.N != n || r.Promoters != tt.P || r.Passives != tt.A || r.Detractors != tt.D {
				t.Errorf("counts = %d %d %d of %d, want %d %d %d of %d",
					r.Promoters, r.Passives, r.Detractors, r.N, tt.P, tt.A, tt.D, n)
			}
			if !near(r.PassiveShare, float64(tt.A)/float64(n), tol) {
				t.Errorf("PassiveShare = %v", r.PassiveShare)
			}
			wantLevel, wantMethod := tt.level, tt.method
			if wantLevel == 0 {
				wantLevel = 0.95
			}
			if wantMethod == "" {
				wantMethod = TangoScore
			}
			if r.CI.Level != wantLevel || r.CI.Method != wantMethod {
				t.Errorf("CI level, method = %v, %q", r.CI.Level, r.CI.Method)
			}
		})
	}
}

// TestTangoScoreValues checks the score interval (Tango 1998) against a
// published value, closed forms derived by hand, and an independent R
// computation.
func TestTangoScoreValues(t *testing.T) {
	// Published: Fagerland, Lydersen and Laake (2017), Statistical
	// Analysis of Contingency Tables, chapter 8, the example of Cavo et
	// al. (2012), a paired 2×2 table (59, 6; 16, 80) of n = 161: the
	// discordant cells 6 and 16 play the promoters and the detractors (the
	// difference of two marginal proportions is (6 - 16)/161 either way).
	// Their Tango asymptotic score interval: estimate -0.0621, 95 % CI
	// -0.1240 to -0.0054 (also in the tests of their R package
	// contingencytables). In NPS points, to the two decimals published:
	r := resultOf(t, 6, 59+80, 16, estimate.Options{})
	if math.Round(100*r.NPS)/100 != -6.21 || math.Round(100*r.CI.Lo)/100 != -12.40 || math.Round(100*r.CI.Hi)/100 != -0.54 {
		t.Errorf("Cavo et al.: NPS %v, CI [%v, %v], want -6.21 [-12.40, -0.54]", r.NPS, r.CI.Lo, r.CI.Hi)
	}

	// By hand. With no promoters and no detractors (all passives) the
	// restricted fit at δ < 0 is qP = 0, qD = -δ, so V(δ) = |δ|(1 - |δ|)
	// and n·δ² = z²·V(δ) gives |δ| = z²/(n + z²): the interval is
	// ±100·z²/(n + z²), the Wilson upper bound of 0 of n. With every
	// answer a promoter, qP = (1 + δ)/2 = 1 - qD and V(δ) = 1 - δ², so
	// n·(1 - δ)² = z²·(1 - δ²) gives the lower end (n - z²)/(n + z²),
	// and the upper end is 100; the detractors mirror it. The values of
	// z²: R's qnorm(c(0.95, 0.975, 0.995))^2.
	for _, level := range []float64{0.90, 0.95, 0.99} {
		z, _ := estimate.Z(level)
		z2 := z * z
		o := estimate.Options{Level: level}
		for _, n := range []int64{1, 7, 30, 1000} {
			nf := float64(n)
			half := 100 * z2 / (nf + z2)
			if r := resultOf(t, 0, n, 0, o); !near(r.CI.Lo, -half, 1e-12) || !near(r.CI.Hi, half, 1e-12) {
				t.Errorf("%d passives at %v: CI [%v, %v], want ±%v", n, level, r.CI.Lo, r.CI.Hi, half)
			}
			lo := 100 * (nf - z2) / (nf + z2)
			if r := resultOf(t, n, 0, 0, o); !near(r.CI.Lo, lo, 1e-12) || r.CI.Hi != 100 {
				t.Errorf("%d promoters at %v: CI [%v, %v], want [%v, 100]", n, level, r.CI.Lo, r.CI.Hi, lo)
			}
			if r := resultOf(t, 0, 0, n, o); r.CI.Lo != -100 || !near(r.CI.Hi, -lo, 1e-12) {
				t.Errorf("%d detractors at %v: CI [%v, %v], want [-100, %v]", n, level, r.CI.Lo, r.CI.Hi, -lo)
			}
		}
	}
	// Spot values of the closed forms, from R 4.2.2 with options(digits =
	// 15): 100*(n - z^2)/(n + z^2) and 100*z^2/(n + z^2).
	for _, tt := range []struct {
		P, A  int64
		level float64
		end   float64 // the lower end for promoters, the upper for passives
	}{
		{30, 0, 0.95, 77.2973213652}, {30, 0, 0.90, 83.4551383750}, {30, 0, 0.99, 63.7782703564},
		{1, 0, 0.95, -58.6901371246}, {7, 0, 0.99, 2.6777130011},
		{0, 30, 0.95, 11.3513393174}, {0, 1, 0.90, 73.0134051216}, {0, 7, 0.99, 48.6611434994},
	} {
		r := resultOf(t, tt.P, tt.A, 0, estimate.Options{Level: tt.level})
		got := r.CI.Lo
		if tt.A > 0 {
			got = r.CI.Hi
		}
		if !near(got, tt.end, 1e-9) {
			t.Errorf("%d promoters, %d passives at %v: end %.10f, want %.10f", tt.P, tt.A, tt.level, got, tt.end)
		}
	}

	// Independent computation in R 4.2.2: the restricted fit found by
	// numerical maximisation of the trinomial log-likelihood (optimize,
	// tol = 1e-15) rather than the closed-form root used here, and the
	// ends by uniroot (tol = 1e-14) of n·(NPS/100 - δ)² - z²·V(δ). R's
	// optimize limits the agreement to about 1e-7 points.
	for _, tt := range []struct {
		P, A, D int64
		level   float64
		lo, hi  float64
	}{
		{6, 139, 16, 0.90, -11.3126053008, -1.5058363931},
		{6, 139, 16, 0.95, -12.4023432391, -0.5433395262},
		{6, 139, 16, 0.99, -14.6504677590, 1.4705046288},
		{5, 3, 2, 0.90, -13.6659374062, 63.0729178052},
		{5, 3, 2, 0.95, -21.6592197890, 67.5277887881},
		{5, 3, 2, 0.99, -35.7562449993, 74.6511719645},
		{3, 2, 1, 0.90, -21.6360698207, 71.0337761254},
		{3, 2, 1, 0.95, -31.1073784665, 75.3956662695},
		{3, 2, 1, 0.99, -46.7029093787, 81.8838004481},
		{1, 1, 1, 0.95, -69.2404742801, 69.2404741598},
		{40, 100, 20, 0.90, 4.6267244484, 20.3034802435},
		{40, 100, 20, 0.95, 3.0864532550, 21.8064244196},
		{40, 100, 20, 0.99, 0.0308892845, 24.7528121734},
		{12, 15, 3, 0.90, 9.4208460238, 48.1388289489},
		{12, 15, 3, 0.95, 5.1077021421, 51.3081248179},
		{12, 15, 3, 0.99, -3.5933966505, 57.1217239996},
		{200, 500, 300, 0.95, -14.3198475773, -5.6423651477},
		{2, 27, 1, 0.95, -11.3416768985, 18.7674301061},
	} {
		r := resultOf(t, tt.P, tt.A, tt.D, estimate.Options{Level: tt.level})
		if math.Abs(r.CI.Lo-tt.lo) > 1e-6 || math.Abs(r.CI.Hi-tt.hi) > 1e-6 {
			t.Errorf("%d/%d/%d at %v: CI [%.10f, %.10f], R [%.10f, %.10f]",
				tt.P, tt.A, tt.D, tt.level, r.CI.Lo, r.CI.Hi, tt.lo, tt.hi)
		}
		if r.CI.Method != TangoScore {
			t.Errorf("method %q", r.CI.Method)
		}
	}
}

// TestTangoScoreProperties checks that the computed interval is the set
// {δ : |T(δ)| <= z} it claims to be: T(δ) is within z at both ends
// (unless an end is ±100) and at points inside, and beyond z just outside
// each end; and that intervals are nested in the level.
func TestTangoScoreProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Int64Range(1, 1<<40).Draw(t, "n")
		P := rapid.Int64Range(0, n).Draw(t, "promoters")
		D := rapid.Int64Range(0, n-P).Draw(t, "detractors")
		level := rapid.Float64Range(0.5, 0.999).Draw(t, "level")
		r := resultOf(t, P, n-P-D, D, estimate.Options{Level: level})
		z, _ := estimate.Z(level)
		pP, pD, nf := float64(P)/float64(n), float64(D)/float64(n), float64(n)
		// excess returns n·(est - δ)² - z²·V(δ), <= 0 inside the interval,
		// for δ in points.
		excess := func(d float64) float64 {
			d /= 100
			v := 2*restrictedShare(pP, pD, d) + d*(1-d)
			e := pP - pD - d
			return nf*e*e - z*z*v
		}
		scale := nf + z*z // the size of the terms of excess
		for _, d := range []float64{r.CI.Lo, r.CI.Hi, (r.CI.Lo + r.NPS) / 2, (r.NPS + r.CI.Hi) / 2, r.NPS} {
			if excess(d) > 1e-9*scale {
				t.Fatalf("δ = %v inside [%v, %v] has excess %v", d, r.CI.Lo, r.CI.Hi, excess(d))
			}
		}
		const step = 1e-6 // points
		if r.CI.Lo > -100+step && excess(r.CI.Lo-step) <= 0 {
			t.Fatalf("δ = %v below the interval [%v, %v] is inside", r.CI.Lo-step, r.CI.Lo, r.CI.Hi)
		}
		if r.CI.Hi < 100-step && excess(r.CI.Hi+step) <= 0 {
			t.Fatalf("δ = %v above the interval [%v, %v] is inside", r.CI.Hi+step, r.CI.Lo, r.CI.Hi)
		}
		wider := resultOf(t, P, n-P-D, D, estimate.Options{Level: (level + 1) / 2})
		if wider.CI.Lo > r.CI.Lo || wider.CI.Hi < r.CI.Hi {
			t.Fatalf("level %v gives [%v, %v], narrower than [%v, %v] at %v",
				(level+1)/2, wider.CI.Lo, wider.CI.Hi, r.CI.Lo, r.CI.Hi, level)
		}
	})
}

// TestResultCounts checks that Counts keeps every score and the category
// boundaries of Reichheld (2003): 6 is a detractor, 7 and 8 passives, 9 a
// promoter.
func TestResultCounts(t *testing.T) {
	r, err := Summarize([]int{0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 10}, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := [11]int64{1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 3}
	if r.Counts != want {
		t.Errorf("Counts = %v, want %v", r.Counts, want)
	}
	// 4 promoters, 3 passives, 8 detractors of 15: NPS = 100·(4-8)/15.
	if r.Promoters != 4 || r.Passives != 3 || r.Detractors != 8 || !near(r.NPS, -26.666666666666668, 1e-12) {
		t.Errorf("got %d/%d/%d NPS %v", r.Promoters, r.Passives, r.Detractors, r.NPS)
	}
}

func TestResultErrors(t *testing.T) {
	var empty Tally
	_, err := empty.Result(estimate.Options{})
	wantValueErr(t, err, ErrEmpty, "nps.Tally.Result", -1, "nps.Tally.Result: n 0: no observations")

	ta := tallyOf(t, 1, 1, 1)
	for _, level := range []float64{-0.5, 1, 1.5, 95, math.NaN(), math.Inf(1)} {
		_, err = ta.Result(estimate.Options{Level: level})
		wantValueErr(t, err, ErrLevel, "nps.Tally.Result", -1, "level")
	}
	_, err = ta.Result(estimate.Options{Method: estimate.Wilson})
	if err == nil || !errorsIs(err, ErrMethod) || err.Error() != `nps.Tally.Result: method "wilson": unknown interval method` {
		t.Errorf("err = %v, want ErrMethod", err)
	}
}

func TestMarginOfError(t *testing.T) {
	r := resultOf(t, 5, 3, 2, estimate.Options{Method: Wald})
	// z·SE by hand: 1.959964·24.69818 = 48.40754 (95 %), 1.644854·24.69818
	// = 40.62489 (90 %), 2.575829·24.69818 = 63.61829 (99 %); the same as
	// the half-widths of the Wald intervals in TestResultValues.
	for _, tt := range []struct{ level, want float64 }{
		{0, 48.4075395018526}, {0.95, 48.4075395018526}, {0.90, 40.6248877782844}, {0.99, 63.6182908181518},
	} {
		got, err := r.MarginOfError(estimate.Options{Level: tt.level})
		if err != nil || !near(got, tt.want, 1e-9) {
			t.Errorf("MarginOfError(%v) = %v, %v, want %v", tt.level, got, err, tt.want)
		}
	}
	_, err := r.MarginOfError(estimate.Options{Level: 1.2})
	wantValueErr(t, err, ErrLevel, "nps.Result.MarginOfError", -1, "level 1.2")
	r.SE = math.NaN()
	_, err = r.MarginOfError(estimate.Options{Level: 0.95})
	wantValueErr(t, err, ErrNotFinite, "nps.Result.MarginOfError", -1, "se NaN")
	r.SE = -1
	_, err = r.MarginOfError(estimate.Options{Level: 0.95})
	wantValueErr(t, err, ErrOutOfRange, "nps.Result.MarginOfError", -1, "se -1: out of range: want [0, 100] points")
	r.SE = 1e308 // z·SE would overflow to +Inf
	_, err = r.MarginOfError(estimate.Options{Level: 0.95})
	wantValueErr(t, err, ErrOutOfRange, "nps.Result.MarginOfError", -1, "se 1e+308")
}

// TestResultJSON checks that a Result survives JSON exactly, and the
// names of its fields.
func TestResultJSON(t *testing.T) {
	r := resultOf(t, 5, 3, 2, estimate.Options{})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"nps":30,"se":24.69817807045694,"ci":{"lo":-21.659219749038005,"hi":67.52778879882567,"level":0.95,"method":"tango-score"},"n":10,"promoters":5,"passives":3,"detractors":2,"promoter_share":0.5,"passive_share":0.3,"detractor_share":0.2,"counts":[2,0,0,0,0,0,0,3,0,0,5],"mean":7.1,"mean_ci":{"lo":4.249522391534731,"hi":9.950477608465269,"level":0.95,"method":"t"},"sd":3.984692933938295}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestResultProperties checks, for random counts, levels and methods:
// the interval holds the NPS and lies in [-100, 100]; the shares add up
// to 1; NPS and SE lie in their ranges; a Wald interval is NPS ± z·SE
// before clipping; the result survives JSON exactly.
func TestResultProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ta Tally
		for k := range MaxScore + 1 {
			if err := ta.AddN(k, rapid.Int64Range(0, 1<<40).Draw(t, "count")); err != nil {
				t.Fatal(err)
			}
		}
		if ta.N() == 0 {
			if err := ta.Add(rapid.IntRange(0, 10).Draw(t, "score")); err != nil {
				t.Fatal(err)
			}
		}
		level := rapid.Float64Range(0.5, 0.999).Draw(t, "level")
		m := rapid.SampledFrom([]estimate.Method{TangoScore, AdjustedWald, Wald}).Draw(t, "method")
		r, err := ta.Result(estimate.Options{Level: level, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if !(r.CI.Lo <= r.NPS && r.NPS <= r.CI.Hi) {
			t.Fatalf("CI [%v, %v] does not hold NPS %v", r.CI.Lo, r.CI.Hi, r.NPS)
		}
		if r.CI.Lo < -100 || r.CI.Hi > 100 || r.NPS < -100 || r.NPS > 100 || r.SE < 0 || r.SE > 100 {
			t.Fatalf("out of bounds: %+v", r)
		}
		if s := r.PromoterShare + r.PassiveShare + r.DetractorShare; math.Abs(s-1) > 1e-12 {
			t.Fatalf("shares add up to %v", s)
		}
		if m == Wald {
			z, _ := estimate.Z(level)
			if lo := math.Max(-100, r.NPS-z*r.SE); !near(r.CI.Lo, lo, 1e-9) {
				t.Fatalf("Wald Lo = %v, want %v", r.CI.Lo, lo)
			}
		} else if r.CI.Width() <= 0 {
			t.Fatalf("adjusted interval is degenerate: %+v", r.CI)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Result
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back != r {
			t.Fatalf("JSON round trip: %+v != %+v", back, r)
		}
	})
}

// TestMethodsVersusWald checks a qualitative claim of the doc: where Wald
// is degenerate (SE = 0) the score and adjusted intervals have width, and
// all three agree to within 0.01 point at n = 1,000,000.
func TestMethodsVersusWald(t *testing.T) {
	for _, m := range []estimate.Method{TangoScore, AdjustedWald} {
		w := resultOf(t, 1, 0, 0, estimate.Options{Method: Wald})
		a := resultOf(t, 1, 0, 0, estimate.Options{Method: m})
		if w.CI.Width() != 0 || a.CI.Width() <= 0 {
			t.Errorf("n = 1: Wald width %v, %s width %v", w.CI.Width(), m, a.CI.Width())
		}
		w = resultOf(t, 500000, 300000, 200000, estimate.Options{Method: Wald})
		a = resultOf(t, 500000, 300000, 200000, estimate.Options{Method: m})
		if math.Abs(w.CI.Lo-a.CI.Lo) > 0.01 || math.Abs(w.CI.Hi-a.CI.Hi) > 0.01 {
			t.Errorf("large n: Wald %+v, %s %+v", w.CI, m, a.CI)
		}
	}
}

// FuzzMarginOfError checks that MarginOfError never panics on a Result
// edited by hand, and that what it returns is finite, >= 0 and grows with
// the level.
func FuzzMarginOfError(f *testing.F) {
	f.Add(24.69817807045694, 0.95)
	f.Add(0.0, 0.0)
	f.Add(math.Inf(1), 0.5)
	f.Add(-1.0, 0.99)
	f.Add(1e308, 0.95)
	f.Fuzz(func(t *testing.T, se, level float64) {
		m, err := Result{SE: se}.MarginOfError(estimate.Options{Level: level})
		if err != nil {
			checkValueErr(t, err)
			return
		}
		if !(m >= 0) || math.IsInf(m, 0) {
			t.Fatalf("MarginOfError(%v) with SE %v = %v", level, se, m)
		}
		if level == 0 {
			level = 0.95
		}
		if higher, err := (Result{SE: se}).MarginOfError(estimate.Options{Level: (level + 1) / 2}); err == nil && higher < m {
			t.Fatalf("margin at level %v is %v, below %v at %v", (level+1)/2, higher, m, level)
		}
	})
}

// BenchmarkResult measures Tally.Result by method, on the counts of a
// million scores: the score interval solves for its two ends by
// bisection; the Wald intervals are closed forms.
func BenchmarkResult(b *testing.B) {
	ta := tallyOf(b, 480_000, 310_000, 210_000)
	for _, m := range []estimate.Method{TangoScore, AdjustedWald, Wald} {
		b.Run(string(m), func(b *testing.B) {
			b.ReportAllocs()
			o := estimate.Options{Method: m}
			for b.Loop() {
				if _, err := ta.Result(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestResultMean checks the mean score and its Student-t interval, by
// hand. Five 10s, three 7s and two 0s: mean 71/10 = 7.1; squared
// deviations 5·2.9² + 3·0.1² + 2·7.1² = 142.9, SD = sqrt(142.9/9) =
// 3.9846929; t(0.975, 9) = 2.2621572 (R: qt(0.975, 9)), so the half-width
// is 2.2621572·3.9846929/sqrt(10) = 2.8504776. At 90 %, t(0.95, 9) =
// 1.8331129 (R: qt(0.95, 9)), half-width 2.3098463. gonum's t quantile
// agrees with R's to about 3e-11, hence the tolerance.
func TestResultMean(t *testing.T) {
	for _, tt := range []struct {
		level, t float64
	}{{0.95, 2.262157162740992}, {0.90, 1.833112932653633}} {
		r := resultOf(t, 5, 3, 2, estimate.Options{Level: tt.level, Method: Wald})
		sd := math.Sqrt(142.9 / 9)
		h := tt.t * sd / math.Sqrt(10)
		if !near(r.Mean, 7.1, 1e-15) || !near(r.SD, sd, 1e-14) ||
			!near(r.MeanCI.Lo, 7.1-h, 1e-9) || !near(r.MeanCI.Hi, 7.1+h, 1e-9) ||
			r.MeanCI.Level != tt.level || r.MeanCI.Method != estimate.StudentT {
			t.Errorf("level %v: mean %v SD %v CI %+v, want 7.1, %v, 7.1 ± %v", tt.level, r.Mean, r.SD, r.MeanCI, sd, h)
		}
	}
	// The ten scores of the package example: 10 + 4·9 + 3·8... by hand,
	// 10+9+9+9+9+8+7+8+3+6 = 78, mean 7.8.
	r, err := Summarize([]int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}, estimate.Options{})
	if err != nil || !near(r.Mean, 7.8, 1e-15) {
		t.Errorf("mean = %v, %v, want 7.8", r.Mean, err)
	}
	// One score: no t interval, the whole scale.
	r, _ = Summarize([]int{8}, estimate.Options{})
	if r.Mean != 8 || r.SD != 0 || r.MeanCI != (estimate.Interval{Lo: 0, Hi: 10, Level: 0.95, Method: WholeScale}) {
		t.Errorf("one score: %+v", r)
	}
	// Equal scores: SD 0, the interval is the point.
	r, _ = Summarize([]int{9, 9, 9, 9}, estimate.Options{})
	if r.Mean != 9 || r.SD != 0 || r.MeanCI.Lo != 9 || r.MeanCI.Hi != 9 {
		t.Errorf("equal scores: %+v", r)
	}
	// A t interval that would leave the scale is clamped: 9 tens and one
	// 0, mean 9, SD sqrt((9·1 + 81)/9) = sqrt(10), half-width
	// t·sqrt(10)/sqrt(10) = t = 2.2621572, so the end 11.26 becomes 10.
	r = resultOf(t, 9, 0, 1, estimate.Options{})
	if r.Mean != 9 || r.MeanCI.Hi != 10 || !near(r.MeanCI.Lo, 9-2.262157162740992, 1e-9) {
		t.Errorf("clamped: %+v", r.MeanCI)
	}
	// Counts whose weighted sum overflows int64: 2⁶² tens and 2⁶² - 1
	// zeros. The mean is 10·2⁶²/(2⁶³ - 1) = 5 + 5/(2⁶³ - 1), which
	// rounds to 5; a sum in int64 would wrap to a negative mean.
	var big Tally
	if err := big.AddN(10, 1<<62); err != nil {
		t.Fatal(err)
	}
	if err := big.AddN(0, 1<<62-1); err != nil {
		t.Fatal(err)
	}
	r, err = big.Result(estimate.Options{})
	if err != nil || r.Mean != 5 || !near(r.SD, 5, 1e-12) || !(r.MeanCI.Lo <= 5 && r.MeanCI.Hi >= 5) ||
		math.IsInf(r.MeanCI.Lo, 0) || math.IsInf(r.MeanCI.Hi, 0) {
		t.Errorf("largest counts: %+v, %v", r, err)
	}
}

// TestMeanOf checks the exact mean against big-integer arithmetic where
// float64 sums lose precision: (Σ x·c[x]) / n by math/big, rounded once.
func TestMeanOf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var c [MaxScore + 1]int64
		var n int64
		for k := range c {
			c[k] = rapid.Int64Range(0, (math.MaxInt64-n)/int64(MaxScore+1-k)).Draw(t, "count")
			n += c[k]
		}
		if n == 0 {
			return
		}
		sum := new(big.Int)
		for x, v := range c {
			sum.Add(sum, new(big.Int).Mul(big.NewInt(int64(x)), big.NewInt(v)))
		}
		want, _ := new(big.Rat).SetFrac(sum, big.NewInt(n)).Float64()
		got := meanOf(c, n)
		// Quotient plus remainder/n: at most an ulp from the correctly
		// rounded mean.
		if math.Abs(got-want) > 2e-15*want || got < 0 || got > 10 {
			t.Fatalf("meanOf(%v, %d) = %v, want %v", c, n, got, want)
		}
	})
}
