package estimate

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// Newcombe RG (1998b). Interval estimation for the difference between
// independent proportions: comparison of eleven methods. Statistics in
// Medicine 17:873-890, Table II, method 10 (the hybrid score interval from
// two Wilson intervals), 95 %, printed to 4 decimals.
func TestDiffProportionsNewcombe1998b(t *testing.T) {
	for _, tc := range []struct {
		x1, n1, x2, n2 int64
		lo, hi         float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		{6, 7, 2, 7, 0.0582, 0.8062},
		{5, 56, 0, 29, -0.0381, 0.1926},
		{0, 10, 0, 20, -0.1611, 0.2775},
		{0, 10, 0, 10, -0.2775, 0.2775},
		{10, 10, 0, 20, 0.6791, 1.0000},
		{10, 10, 0, 10, 0.6075, 1.0000},
	} {
		d, err := DiffProportions(tc.x1, tc.n1, tc.x2, tc.n2, Options{})
		if err != nil {
			t.Fatalf("DiffProportions(%d/%d - %d/%d): %v", tc.x1, tc.n1, tc.x2, tc.n2, err)
		}
		if !near(d.CI.Lo, tc.lo, tolPub) || !near(d.CI.Hi, tc.hi, tolPub) {
			t.Errorf("DiffProportions(%d/%d - %d/%d) = [%.4f, %.4f], want [%.4f, %.4f]",
				tc.x1, tc.n1, tc.x2, tc.n2, d.CI.Lo, d.CI.Hi, tc.lo, tc.hi)
		}
		if d.CI.Method != Newcombe || d.CI.Level != 0.95 {
			t.Errorf("DiffProportions(%d/%d - %d/%d) labelled %v %q", tc.x1, tc.n1, tc.x2, tc.n2, d.CI.Level, d.CI.Method)
		}
	}
}

// Reference values from R 4.2.2, printed by sprintf("%.15g"). With
// p_i = x_i/n_i, d = p1 - p2 and (l_i, u_i) the Wilson limits
// prop.test(x_i, n_i, conf.level = level, correct = FALSE)$conf.int:
//
//	newcombe  d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
//	wald      h <- qnorm(1 - (1-level)/2)*sqrt(p1*(1-p1)/n1 + p2*(1-p2)/n2)
//	          c(max(-1, d - h), min(1, d + h))
//	z         pt <- prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
//	          sign(d)*sqrt(pt$statistic)
//	p         pt$p.value
//
// Where both samples are all 0 or all 1, prop.test has no statistic (NaN);
// the package documents z = 0 and P = 1 there, which the rows carry.
var diffProportionsR = []struct {
	x1, n1, x2, n2         int64
	level, d               float64
	lo, hi, waldLo, waldHi float64
	z, p                   float64
}{
	{56, 70, 48, 80, 0.90, 0.2, 0.0765641915440721, 0.313644583582944, 0.0804143416377496, 0.319585658362251, 2.65017195125853, 0.00804508136819656},
	{56, 70, 48, 80, 0.95, 0.2, 0.0524314724023649, 0.333872654036906, 0.0575048991490372, 0.342495100850963, 2.65017195125853, 0.00804508136819656},
	{56, 70, 48, 80, 0.99, 0.2, 0.00537086925007857, 0.371808431775774, 0.012729693362095, 0.387270306637905, 2.65017195125853, 0.00804508136819656},
	{9, 10, 3, 10, 0.90, 0.6, 0.242112400884945, 0.789623507372129, 0.315102994710611, 0.884897005289389, 2.73861278752583, 0.00616989932054415},
	{9, 10, 3, 10, 0.95, 0.6, 0.170522723934503, 0.809017973535488, 0.260524279777149, 0.939475720222851, 2.73861278752583, 0.00616989932054415},
	{9, 10, 3, 10, 0.99, 0.6, 0.0430269666153446, 0.837405067894736, 0.153853277462855, 1, 2.73861278752583, 0.00616989932054415},
	{6, 7, 2, 7, 0.90, 0.571428571428571, 0.136515807029869, 0.787808505051338, 0.216173580406841, 0.926683562450302, 2.16024689946929, 0.0307535612592746},
	{6, 7, 2, 7, 0.95, 0.571428571428571, 0.0582279274823123, 0.806249637524228, 0.14811614026643, 0.994741002590712, 2.16024689946929, 0.0307535612592746},
	{6, 7, 2, 7, 0.99, 0.571428571428571, -0.0723267260464793, 0.831562997673356, 0.0151017341270944, 1, 2.16024689946929, 0.0307535612592746},
	{5, 56, 0, 29, 0.90, 0.0892857142857143, -0.00725506918251376, 0.172290440047244, 0.0266076888217528, 0.151963739749676, 1.65864886923923, 0.0971865681705797},
	{5, 56, 0, 29, 0.95, 0.0892857142857143, -0.0381371479035369, 0.192560013855112, 0.014600240442592, 0.163971188128837, 1.65864886923923, 0.0971865681705797},
	{5, 56, 0, 29, 0.99, 0.0892857142857143, -0.106027769747379, 0.235293246177161, -0.00886763628194652, 0.187439064853375, 1.65864886923923, 0.0971865681705797},
	{0, 10, 0, 20, 0.90, 0, -0.119157837360964, 0.212941970083407, 0, 0, 0, 1},
	{0, 10, 0, 20, 0.95, 0, -0.161125158052819, 0.277532799862889, 0, 0, 0, 1},
	{0, 10, 0, 20, 0.99, 0, -0.249105401098753, 0.398854093304908, 0, 0, 0, 1},
	{0, 10, 0, 10, 0.90, 0, -0.212941970083407, 0.212941970083407, 0, 0, 0, 1},
	{0, 10, 0, 10, 0.95, 0, -0.277532799862889, 0.277532799862889, 0, 0, 0, 1},
	{0, 10, 0, 10, 0.99, 0, -0.398854093304908, 0.398854093304908, 0, 0, 0, 1},
	{10, 10, 0, 20, 0.90, 1, 0.755985916743429, 1, 1, 1, 5.47722557505166, 4.3204630578275e-08},
	{10, 10, 0, 20, 0.95, 1, 0.679086037141915, 1, 1, 1, 5.47722557505166, 4.3204630578275e-08},
	{10, 10, 0, 20, 0.99, 1, 0.529746782464329, 1, 1, 1, 5.47722557505166, 4.3204630578275e-08},
	{10, 10, 0, 10, 0.90, 1, 0.6988545779096, 1, 1, 1, 4.47213595499958, 7.74421643104409e-06},
	{10, 10, 0, 10, 0.95, 1, 0.607509350430524, 1, 1, 1, 4.47213595499958, 7.74421643104409e-06},
	{10, 10, 0, 10, 0.99, 1, 0.435935131840175, 1, 1, 1, 4.47213595499958, 7.74421643104409e-06},
	{123456, 1000000, 120000, 1000000, 0.90, 0.003456, 0.00269541867284504, 0.00421658580301459, 0.00269541816029971, 0.00421658183970029, 7.47392910582629, 7.783508488446e-14},
	{123456, 1000000, 120000, 1000000, 0.95, 0.003456, 0.00254971109765468, 0.00436229525730415, 0.00254971083926134, 0.00436228916073866, 7.47392910582629, 7.783508488446e-14},
	{123456, 1000000, 120000, 1000000, 0.99, 0.003456, 0.0022649330075962, 0.00464707796823638, 0.00226493414566125, 0.00464706585433875, 7.47392910582629, 7.783508488446e-14},
	{1, 1, 0, 1, 0.90, 1, -0.0325654775800024, 1, 1, 1, 1.4142135623731, 0.157299207050284},
	{1, 1, 0, 1, 0.95, 1, -0.122108720681942, 1, 1, 1, 1.4142135623731, 0.157299207050284},
	{1, 1, 0, 1, 0.99, 1, -0.228983344299947, 1, 1, 1, 1.4142135623731, 0.157299207050284},
	{3, 50, 7, 40, 0.90, -0.115, -0.238703408352422, -0.00311815228270407, -0.228212958272652, -0.00178704172734798, -1.725, 0.0845274725159051},
	{3, 50, 7, 40, 0.95, -0.115, -0.264771167517276, 0.0195480371674826, -0.249901560334511, 0.0199015603345114, -1.725, 0.0845274725159051},
	{3, 50, 7, 40, 0.99, -0.115, -0.316846279320668, 0.0659272513737683, -0.292290702760362, 0.0622907027603615, -1.725, 0.0845274725159051},
}

func TestDiffProportionsR(t *testing.T) {
	for _, tc := range diffProportionsR {
		name := fmt.Sprintf("%d/%d - %d/%d at %v", tc.x1, tc.n1, tc.x2, tc.n2, tc.level)
		for _, m := range []Method{Newcombe, Wald} {
			d, err := DiffProportions(tc.x1, tc.n1, tc.x2, tc.n2, Options{Level: tc.level, Method: m})
			if err != nil {
				t.Errorf("%s %s: %v", name, m, err)
				continue
			}
			lo, hi := tc.lo, tc.hi
			if m == Wald {
				lo, hi = tc.waldLo, tc.waldHi
			}
			if !near(d.Estimate, tc.d, tolR) || !near(d.CI.Lo, lo, tolR) || !near(d.CI.Hi, hi, tolR) {
				t.Errorf("%s %s: %.15g [%.15g, %.15g], want %.15g [%.15g, %.15g]",
					name, m, d.Estimate, d.CI.Lo, d.CI.Hi, tc.d, lo, hi)
			}
			if !near(d.Stat, tc.z, tolR) || !near(d.P, tc.p, tolR) || d.DF != 0 {
				t.Errorf("%s %s: z %.15g, P %.15g, DF %v; want z %.15g, P %.15g, DF 0",
					name, m, d.Stat, d.P, d.DF, tc.z, tc.p)
			}
			if d.CI.Level != tc.level || d.CI.Method != m {
				t.Errorf("%s %s: labelled %v %q", name, m, d.CI.Level, d.CI.Method)
			}
			if d.Significant(tc.level) != (tc.p < 1-tc.level) {
				t.Errorf("%s: Significant(%v) = %v with P %v", name, tc.level, d.Significant(tc.level), d.P)
			}
		}
	}
}

// Reference values from R 4.2.2, tt <- t.test(a, b, conf.level = level)
// (Welch, var.equal = FALSE): mean(a) - mean(b), tt$conf.int,
// tt$statistic, tt$parameter (df) and tt$p.value, printed by
// sprintf("%.15g"). Sample k is constant, so df = n_a - 1 = 6 exactly.
var (
	sampleA = []float64{2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8}
	sampleB = []float64{1, 2}
	sampleC = []float64{-3, 7, 7, 7, 12.5, 0, 1e3, -250}
	sampleE = []float64{120.5, 98.25, 143, 110, 101.5, 99, 135.75, 122, 117.5, 104, 128}
	sampleF = []float64{95, 112.5, 88, 101, 97.25, 90.5, 106}
	sampleK = []float64{5, 5, 5}
)

func TestDiffMeansR(t *testing.T) {
	for _, tc := range []struct {
		name             string
		a, b             []float64
		level            float64
		d, lo, hi, t, df float64
		p                float64
	}{
		{"a-c", sampleA, sampleC, 0.90, -94.2053571428571, -345.686021600365, 157.27530731465, -0.709711495517864, 7.00019178394343, 0.500832996205316},
		{"a-c", sampleA, sampleC, 0.95, -94.2053571428571, -408.078017180543, 219.667302894829, -0.709711495517864, 7.00019178394343, 0.500832996205316},
		{"a-c", sampleA, sampleC, 0.99, -94.2053571428571, -558.713821632386, 370.303107346672, -0.709711495517864, 7.00019178394343, 0.500832996205316},
		{"a-b", sampleA, sampleB, 0.90, 1.85714285714286, 0.274362980331562, 3.43992273395415, 2.64938560451411, 3.34355379556189, 0.0687290822539852},
		{"a-b", sampleA, sampleB, 0.95, 1.85714285714286, -0.249429962068118, 3.96371567635383, 2.64938560451411, 3.34355379556189, 0.0687290822539852},
		{"a-b", sampleA, sampleB, 0.99, 1.85714285714286, -1.84666040069558, 5.5609461149813, 2.64938560451411, 3.34355379556189, 0.0687290822539852},
		{"k-a", sampleK, sampleA, 0.90, 1.64285714285714, 0.688202623662832, 2.59751166205145, 3.3440030288632, 6, 0.0155344064205079},
		{"k-a", sampleK, sampleA, 0.95, 1.64285714285714, 0.440727067645491, 2.8449872180688, 3.3440030288632, 6, 0.0155344064205079},
		{"k-a", sampleK, sampleA, 0.99, 1.64285714285714, -0.178545096880874, 3.46425938259516, 3.3440030288632, 6, 0.0155344064205079},
		{"e-f", sampleE, sampleF, 0.90, 17.711038961039, 7.88130636344906, 27.5407715586289, 3.14697917364216, 15.894856191645, 0.00627497589846585},
		{"e-f", sampleE, sampleF, 0.95, 17.711038961039, 5.77390224786744, 29.6481756742105, 3.14697917364216, 15.894856191645, 0.00627497589846585},
		{"e-f", sampleE, sampleF, 0.99, 17.711038961039, 1.25864786662821, 34.1634300554497, 3.14697917364216, 15.894856191645, 0.00627497589846585},
	} {
		a, b := momentsOf(tc.a), momentsOf(tc.b)
		d, err := DiffMeans(&a, &b, Options{Level: tc.level})
		if err != nil {
			t.Fatalf("%s at %v: %v", tc.name, tc.level, err)
		}
		if !near(d.Estimate, tc.d, tolR) || !near(d.CI.Lo, tc.lo, tolR) || !near(d.CI.Hi, tc.hi, tolR) {
			t.Errorf("%s at %v: %.15g [%.15g, %.15g], want %.15g [%.15g, %.15g]",
				tc.name, tc.level, d.Estimate, d.CI.Lo, d.CI.Hi, tc.d, tc.lo, tc.hi)
		}
		if !near(d.Stat, tc.t, tolR) || !near(d.DF, tc.df, tolR) || !near(d.P, tc.p, tolR) {
			t.Errorf("%s at %v: t %.15g, df %.15g, P %.15g; want %.15g, %.15g, %.15g",
				tc.name, tc.level, d.Stat, d.DF, d.P, tc.t, tc.df, tc.p)
		}
		if d.CI.Level != tc.level || d.CI.Method != Welch {
			t.Errorf("%s: labelled %v %q", tc.name, d.CI.Level, d.CI.Method)
		}
	}
}

// Two constant samples: equal means give the documented 0, [0, 0], P = 1
// and df = n_a + n_b - 2 (R's t.test stops with "data are essentially
// constant"); different means are ErrNoVariance.
func TestDiffMeansConstant(t *testing.T) {
	a, b := momentsOf([]float64{4, 4, 4}), momentsOf([]float64{4, 4})
	d, err := DiffMeans(&a, &b, Options{})
	want := Difference{CI: Interval{Level: 0.95, Method: Welch}, DF: 3, P: 1}
	if err != nil || d != want {
		t.Errorf("DiffMeans(4 4 4, 4 4) = %+v, %v; want %+v", d, err, want)
	}
	c := momentsOf([]float64{5, 5})
	_, err = DiffMeans(&a, &c, Options{})
	var ve *ValueError
	if !errors.Is(err, ErrNoVariance) || !errors.As(err, &ve) || ve.Value != -1 || ve.Name != "difference" {
		t.Errorf("DiffMeans(4 4 4, 5 5) err = %v, want ErrNoVariance for difference -1", err)
	}
}

// Welch's degrees of freedom divide se⁴ by a sum of squared variances; for
// values near 1e80 those squares overflow float64 unless the ratio is taken
// first (R's t.test overflows too and returns NaN there). The test is
// invariant to scale, so the expected values are R's for the unscaled
// samples, tt <- t.test(c(1, 2, 3), 1.5*c(1, 2, 3)): t = -0.960768922830523,
// df = 3.48453608247423, p = 0.398487023883978, and the interval
// [-4.06647360305921, 2.06647360305921] around -1, times 1e80.
func TestDiffMeansLargeValues(t *testing.T) {
	var a, b Moments
	for _, v := range []float64{1, 2, 3} {
		if err := a.Add(v * 1e80); err != nil {
			t.Fatal(err)
		}
		if err := b.Add(1.5 * v * 1e80); err != nil {
			t.Fatal(err)
		}
	}
	d, err := DiffMeans(&a, &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(d.Stat, -0.960768922830523, tolR) || !near(d.DF, 3.48453608247423, tolR) || !near(d.P, 0.398487023883978, tolR) ||
		!near(d.Estimate, -1e80, tolR) || !near(d.CI.Lo, -4.06647360305921e80, tolR) || !near(d.CI.Hi, 2.06647360305921e80, tolR) {
		t.Errorf("DiffMeans(1e80·{1,2,3}, 1.5e80·{1,2,3}) = %+v, want t -0.9608, df 3.4845, P 0.3985, [-4.066e80, 2.066e80]", d)
	}
}

func TestDiffMeansErrors(t *testing.T) {
	var empty Moments
	one := momentsOf([]float64{1})
	two := momentsOf([]float64{1, 2})
	for _, tc := range []struct {
		name string
		a, b *Moments
		o    Options
		err  error
		what string
	}{
		{"empty a", &empty, &two, Options{}, ErrEmpty, "n of a"},
		{"empty b", &two, &empty, Options{}, ErrEmpty, "n of b"},
		{"one a", &one, &two, Options{}, ErrTooFew, "n of a"},
		{"one b", &two, &one, Options{}, ErrTooFew, "n of b"},
		{"level", &two, &two, Options{Level: 2}, ErrLevel, "level"},
	} {
		_, err := DiffMeans(tc.a, tc.b, tc.o)
		var ve *ValueError
		if !errors.Is(err, tc.err) || !errors.As(err, &ve) || ve.Name != tc.what || ve.Func != "estimate.DiffMeans" {
			t.Errorf("%s: err = %v, want %v naming %q in estimate.DiffMeans", tc.name, err, tc.err, tc.what)
		}
	}
	if _, err := DiffMeans(&two, &two, Options{Method: StudentT}); !errors.Is(err, ErrMethod) {
		t.Errorf("DiffMeans with method t: err = %v, want ErrMethod", err)
	}
}

// checkDiffProportions checks what every comparison of two proportions
// must satisfy: the estimate p1 - p2, finite bounds -1 <= Lo <= estimate <=
// Hi <= 1, and a p-value in [0, 1].
func checkDiffProportions(x1, n1, x2, n2 int64, d Difference) error {
	est := float64(x1)/float64(n1) - float64(x2)/float64(n2)
	switch {
	case d.Estimate != est:
		return fmt.Errorf("estimate %v, want %v", d.Estimate, est)
	case !(-1 <= d.CI.Lo && d.CI.Lo <= d.Estimate && d.Estimate <= d.CI.Hi && d.CI.Hi <= 1):
		return fmt.Errorf("interval [%v, %v] does not hold %v within [-1, 1]", d.CI.Lo, d.CI.Hi, d.Estimate)
	case !(0 <= d.P && d.P <= 1):
		return fmt.Errorf("P = %v", d.P)
	case math.IsNaN(d.Stat) || math.IsInf(d.Stat, 0):
		return fmt.Errorf("z = %v", d.Stat)
	}
	return nil
}

func TestDiffProportionsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n1 := rapid.Int64Range(1, 1000000).Draw(t, "n1")
		x1 := rapid.Int64Range(0, n1).Draw(t, "x1")
		n2 := rapid.Int64Range(1, 1000000).Draw(t, "n2")
		x2 := rapid.Int64Range(0, n2).Draw(t, "x2")
		o := Options{
			Level:  rapid.Float64Range(0.01, 0.9999).Draw(t, "level"),
			Method: rapid.SampledFrom([]Method{Newcombe, Wald}).Draw(t, "method"),
		}
		d, err := DiffProportions(x1, n1, x2, n2, o)
		if err != nil {
			t.Fatal(err)
		}
		assertFinite(t, "DiffProportions", d)
		if err := checkDiffProportions(x1, n1, x2, n2, d); err != nil {
			t.Fatalf("%d/%d - %d/%d: %v", x1, n1, x2, n2, err)
		}
		// Swapping the samples negates everything: p2 - p1 = -(p1 - p2)
		// and the interval mirrors; the test is the same test.
		r, err := DiffProportions(x2, n2, x1, n1, o)
		if err != nil {
			t.Fatal(err)
		}
		const tol = 1e-15
		if r.Estimate != -d.Estimate || math.Abs(r.CI.Lo+d.CI.Hi) > tol || math.Abs(r.CI.Hi+d.CI.Lo) > tol ||
			r.Stat != -d.Stat || r.P != d.P {
			t.Fatalf("swapped %+v is not the mirror of %+v", r, d)
		}
	})
}

// The Welch interval holds the difference of means and widens with the
// level; swapping the samples mirrors it.
func TestDiffMeansProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SliceOfN(rapid.Float64Range(-1e6, 1e6), 2, 50)
		a, b := momentsOf(gen.Draw(t, "a")), momentsOf(gen.Draw(t, "b"))
		l1 := rapid.Float64Range(0.01, 0.99).Draw(t, "level1")
		l2 := rapid.Float64Range(l1, 0.999).Draw(t, "level2")
		d1, err := DiffMeans(&a, &b, Options{Level: l1})
		if errors.Is(err, ErrNoVariance) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		d2, err := DiffMeans(&a, &b, Options{Level: l2})
		if err != nil {
			t.Fatal(err)
		}
		if !(d1.CI.Lo <= d1.Estimate && d1.Estimate <= d1.CI.Hi) || d2.CI.Lo > d1.CI.Lo || d2.CI.Hi < d1.CI.Hi {
			t.Fatalf("intervals %+v (level %v) and %+v (level %v) around %v", d1.CI, l1, d2.CI, l2, d1.Estimate)
		}
		if !(0 <= d1.P && d1.P <= 1) || !(d1.DF >= 1 || d1.DF == 0) {
			t.Fatalf("P %v, df %v", d1.P, d1.DF)
		}
		r, err := DiffMeans(&b, &a, Options{Level: l1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Estimate != -d1.Estimate || !near(r.CI.Lo, -d1.CI.Hi, 1e-12) || r.P != d1.P || r.DF != d1.DF {
			t.Fatalf("swapped %+v is not the mirror of %+v", r, d1)
		}
	})
}

// FuzzDiffProportions feeds arbitrary counts: bad ones must be ErrCount or
// ErrEmpty, good ones must pass checkDiffProportions.
func FuzzDiffProportions(f *testing.F) {
	f.Add(int64(56), int64(70), int64(48), int64(80), 0.95, false)
	f.Add(int64(0), int64(10), int64(0), int64(20), 0.9, false)
	f.Add(int64(10), int64(10), int64(0), int64(10), 0.99, true)
	f.Add(int64(5), int64(56), int64(0), int64(29), 0.0, true)
	f.Add(int64(1), int64(0), int64(1), int64(1), 0.95, false)
	f.Fuzz(func(t *testing.T, x1, n1, x2, n2 int64, level float64, wald bool) {
		o := Options{Level: level}
		if wald {
			o.Method = Wald
		}
		d, err := DiffProportions(x1, n1, x2, n2, o)
		// The first sample is checked first, each n before its x.
		want := func(x, n int64) error {
			switch {
			case n == 0:
				return ErrEmpty
			case n < 0 || x < 0 || x > n:
				return ErrCount
			}
			return nil
		}
		bad := want(x1, n1)
		if bad == nil {
			bad = want(x2, n2)
		}
		switch {
		case bad != nil:
			if !errors.Is(err, bad) {
				t.Fatalf("%d/%d - %d/%d: err = %v, want %v", x1, n1, x2, n2, err, bad)
			}
			return
		case level != 0 && !(level > 0 && level < 1):
			if !errors.Is(err, ErrLevel) {
				t.Fatalf("level %v: err = %v, want ErrLevel", level, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%d/%d - %d/%d: %v", x1, n1, x2, n2, err)
		}
		assertFinite(t, "DiffProportions", d)
		if err := checkDiffProportions(x1, n1, x2, n2, d); err != nil {
			t.Fatalf("%d/%d - %d/%d at %v (wald %v): %v", x1, n1, x2, n2, level, wald, err)
		}
	})
}

func BenchmarkDiffProportions(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DiffProportions(56, 70, 48, 80, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiffMeans(b *testing.B) {
	x, y := momentsOf(sampleE), momentsOf(sampleF)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DiffMeans(&x, &y, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
