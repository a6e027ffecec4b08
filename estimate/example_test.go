package estimate_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
)

// 81 of 263 customers rated their call "resolved on first contact". Each
// method gives a 95 % interval for the share; Wilson is the default, and
// Wald is shown only for comparison. The Wilson and Clopper-Pearson rows
// are those of Newcombe (1998), Table I.
func ExampleProportion() {
	fmt.Printf("p = %.4f\n", 81.0/263)
	for _, m := range []estimate.Method{
		estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald,
	} {
		iv, err := estimate.Proportion(81, 263, estimate.Options{Method: m})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-15s [%.4f, %.4f]\n", iv.Method, iv.Lo, iv.Hi)
	}
	// Output:
	// p = 0.3080
	// wilson          [0.2553, 0.3662]
	// agresti-coull   [0.2552, 0.3663]
	// clopper-pearson [0.2527, 0.3676]
	// jeffreys        [0.2545, 0.3656]
	// wald            [0.2522, 0.3638]
}

// At 0 successes the Wald interval collapses to [0, 0]; Wilson still
// says the rate could be as high as 16 %.
func ExampleProportion_zero() {
	for _, m := range []estimate.Method{estimate.Wilson, estimate.Wald} {
		iv, _ := estimate.Proportion(0, 20, estimate.Options{Method: m, Level: 0.95})
		fmt.Printf("%s: [%.4f, %.4f]\n", m, iv.Lo, iv.Hi)
	}
	// Output:
	// wilson: [0.0000, 0.1611]
	// wald: [0.0000, 0.0000]
}

// Newcombe's (1998) first example: 56 of 70 against 48 of 80. The
// difference is p1 - p2, with his hybrid score interval and the pooled z
// test (the chi-square test without continuity correction).
func ExampleDiffProportions() {
	d, err := estimate.DiffProportions(56, 70, 48, 80, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p1 - p2 = %.4f, 95 %% CI [%.4f, %.4f] (%s)\n", d.Estimate, d.CI.Lo, d.CI.Hi, d.CI.Method)
	fmt.Printf("z = %.4f, P = %.4f, significant at 0.95: %v\n", d.Stat, d.P, d.Significant(0.95))
	// Output:
	// p1 - p2 = 0.2000, 95 % CI [0.0524, 0.3339] (newcombe)
	// z = 2.6502, P = 0.0080, significant at 0.95: true
}

// Moments keeps three numbers however many values it sees, merges across
// goroutines or days, and reports the mean with its t interval.
func ExampleMoments() {
	var monday, tuesday estimate.Moments // zero values are ready to use
	for _, minutes := range []float64{2.1, 3.4, 1.9, 5.6} {
		_ = monday.Add(minutes)
	}
	for _, minutes := range []float64{4.4, 3.3, 2.8} {
		_ = tuesday.Add(minutes)
	}
	if err := monday.Merge(&tuesday); err != nil {
		fmt.Println(err)
		return
	}
	r, err := monday.Result(estimate.Options{Level: 0.90})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n = %d, mean = %.4f, sd = %.4f, se = %.4f\n", r.N, r.Mean, r.SD, r.SE)
	fmt.Printf("90 %% CI [%.4f, %.4f]\n", r.CI.Lo, r.CI.Hi)
	// Output:
	// n = 7, mean = 3.3571, sd = 1.2998, se = 0.4913
	// 90 % CI [2.4025, 4.3118]
}

// Handling times before and after a process change, compared by Welch's
// t test: the difference is after - before when after is passed first.
func ExampleDiffMeans() {
	var before, after estimate.Moments
	for _, v := range []float64{120.5, 98.25, 143, 110, 101.5, 99, 135.75, 122, 117.5, 104, 128} {
		_ = before.Add(v)
	}
	for _, v := range []float64{95, 112.5, 88, 101, 97.25, 90.5, 106} {
		_ = after.Add(v)
	}
	d, err := estimate.DiffMeans(&after, &before, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("after - before = %.2f s, 95 %% CI [%.2f, %.2f]\n", d.Estimate, d.CI.Lo, d.CI.Hi)
	fmt.Printf("t = %.3f, df = %.2f, P = %.4f\n", d.Stat, d.DF, d.P)
	// Output:
	// after - before = -17.71 s, 95 % CI [-29.65, -5.77]
	// t = -3.147, df = 15.89, P = 0.0063
}

// The nine Hyndman-Fan definitions differ most on small samples; type 7 is
// the default (the zero QuantileType), as in R and NumPy.
func ExampleQuantile() {
	x := []float64{-2.5, 0, 0, 0, 1.25, 8}
	for _, t := range []estimate.QuantileType{1, 2, 3, 4, 5, 6, 7, 8, 9} {
		q, err := estimate.Quantile(x, 0.75, t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("type %d: %.4f\n", t, q)
	}
	// Output:
	// type 1: 1.2500
	// type 2: 1.2500
	// type 3: 0.0000
	// type 4: 0.6250
	// type 5: 1.2500
	// type 6: 2.9375
	// type 7: 0.9375
	// type 8: 1.8125
	// type 9: 1.6719
}

// One errors.As serves every servq package: the error names the function,
// the value and, for a slice, its index; errors.Is matches the reason.
func ExampleValueError() {
	_, err := estimate.Quantile([]float64{4, 2, 7, math.Inf(-1), 3}, 0.5, 0)
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		fmt.Printf("%s rejected %s %v at index %d\n", ve.Func, ve.Name, ve.Value, ve.Index)
	}
	fmt.Println(errors.Is(err, estimate.ErrNotFinite))
	fmt.Println(err)

	_, err = estimate.Proportion(30, 29, estimate.Options{})
	fmt.Println(errors.Is(err, estimate.ErrCount), err)
	// Output:
	// estimate.Quantile rejected x -Inf at index 3
	// true
	// estimate.Quantile: x -Inf at index 3: not a finite number
	// true estimate.Proportion: x 30: invalid count: successes exceed trials n = 29
}

// Example_confidenceInterval reads a CSAT-style share and a handling time
// side by side, at the same level. (The printed values agree with R:
// prop.test(x, n, conf.level = 0.9, correct = FALSE) and
// 3.357 + c(-1, 1)*qt(0.95, 6)*1.3/sqrt(7).)
//
// A confidence interval says how far the estimate from this sample could be
// from the value for all customers. At level 0.95, intervals made this way
// cover the true value in about 95 of 100 samples. A higher level gives a
// wider interval; more responses give a narrower one, shrinking about as
// 1/sqrt(n): four times the responses halve the width.
func Example_confidenceInterval() {
	o := estimate.Options{Level: 0.90}
	for _, n := range []int64{50, 200, 800} {
		// The same 62 % satisfied at three sample sizes.
		iv, _ := estimate.Proportion(n*62/100, n, o)
		fmt.Printf("n = %3d: %.1f%% to %.1f%% (width %.1f points)\n", n, 100*iv.Lo, 100*iv.Hi, 100*iv.Width())
	}
	// The mean handling time of 7 calls, with the t interval.
	iv, _ := estimate.MeanInterval(7, 3.357, 1.300, o)
	fmt.Printf("mean handling time 3.36 min, 90 %% CI %.2f to %.2f min\n", iv.Lo, iv.Hi)
	// Output:
	// n =  50: 50.4% to 72.4% (width 22.0 points)
	// n = 200: 56.2% to 67.4% (width 11.2 points)
	// n = 800: 59.1% to 64.8% (width 5.6 points)
	// mean handling time 3.36 min, 90 % CI 2.40 to 4.31 min
}

// First-reply times in minutes of 20 tickets, p50, p90 and p95 by type 7.
// By hand: h = 1 + 19p, so p50 is halfway between the 10th and 11th
// smallest (10.5), p90 is x(18) + 0.1·(x(19) - x(18)) = 18.1, and p95 is
// x(19) + 0.05 = 19.05. The times slice is scratch space here, so the
// in-place form saves the copy; it is left reordered.
func ExampleQuantilesInPlace() {
	times := []float64{12, 3, 19, 7, 1, 15, 20, 9, 4, 11, 16, 2, 18, 6, 13, 8, 17, 5, 14, 10}
	var buf [3]float64
	q, err := estimate.QuantilesInPlace(buf[:0], times, estimate.Type7, 0.5, 0.9, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p50 %.2f, p90 %.2f, p95 %.2f min\n", q[0], q[1], q[2])
	// Output:
	// p50 10.50, p90 18.10, p95 19.05 min
}

// Scale turns a share into a percentage (81 of 263: Wilson 0.2553 to
// 0.3662 in Newcombe 1998, Table I); a factor that is not a finite
// number > 0 is an error rather than a silently swapped or NaN interval.
func ExampleInterval_Scale() {
	share, err := estimate.Proportion(81, 263, estimate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pct, err := share.Scale(100)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.1f %% to %.1f %% (%s, %.2f)\n", pct.Lo, pct.Hi, pct.Method, pct.Level)
	_, err = share.Scale(-100)
	fmt.Println(errors.Is(err, estimate.ErrFactor), err)
	// Output:
	// 25.5 % to 36.6 % (wilson, 0.95)
	// true estimate.Interval.Scale: factor -100: scale factor not a finite number > 0
}
