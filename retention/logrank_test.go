package retention

import (
	"testing"
)

// TestLogRankAML checks survdiff(Surv(time, status) ~ x, aml) as printed
// in R survival's documentation: Maintained N 11, Observed 7, Expected
// 10.69; Nonmaintained 12, 11, 7.31; Chisq = 3.4 on 1 degree of freedom,
// p = 0.07. Full precision from R survival 3.5.3: chisq 3.3963886989776,
// expected 10.68933599230072 and 7.31066400769928, var 4.00755074593873.
func TestLogRankAML(t *testing.T) {
	a := lifetimesOf(t, amlMaintained, amlMaintainedStatus)
	b := lifetimesOf(t, amlNon, amlNonStatus)
	r, err := LogRank(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if r.DF != 1 || r.Groups[0].N != 11 || r.Groups[0].Observed != 7 || r.Groups[1].Observed != 11 {
		t.Fatalf("%+v", r)
	}
	checkNear(t, "chisq", r.Chi2, 3.3963886989776, 1e-12)
	checkNear(t, "E1", r.Groups[0].Expected, 10.68933599230072, 1e-12)
	checkNear(t, "E2", r.Groups[1].Expected, 7.31066400769928, 1e-12)
	checkNear(t, "V11", r.Groups[0].Variance, 4.00755074593873, 1e-12)
	checkNear(t, "p", r.P, 0.0653, 5e-4) // 1 - pchisq(3.396, 1)
	// The order of the groups does not matter.
	s, err := LogRank(b, a)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "chisq swapped", s.Chi2, r.Chi2, 1e-12)
}

// TestLogRankVeteran checks a test of four groups against R survival
// 3.5.3: survdiff(Surv(time, status) ~ celltype, veteran) gives Chisq =
// 25.4 on 3 degrees of freedom (25.4037003457854), observed 31 45 26 26,
// expected 47.6546776724754 30.1020793268148 15.6937646143605
// 34.5494783863493, p = 1.27124593900518e-05.
func TestLogRankVeteran(t *testing.T) {
	_, g := veteran(t)
	r, err := LogRank(g...)
	if err != nil {
		t.Fatal(err)
	}
	if r.DF != 3 {
		t.Fatalf("df %d, want 3", r.DF)
	}
	checkNear(t, "chisq", r.Chi2, 25.4037003457854, 1e-10)
	checkNear(t, "p", r.P, 1.27124593900518e-05, 1e-8)
	for i, w := range []float64{47.6546776724754, 30.1020793268148, 15.6937646143605, 34.5494783863493} {
		checkNear(t, "expected", r.Groups[i].Expected, w, 1e-12)
	}
	for i, w := range []int64{31, 45, 26, 26} {
		if r.Groups[i].Observed != w {
			t.Errorf("observed %d = %d, want %d", i, r.Groups[i].Observed, w)
		}
	}
	// An empty group is ignored: the df stays 3.
	r2, err := LogRank(g[0], nil, g[1], new(Lifetimes), g[2], g[3])
	if err != nil {
		t.Fatal(err)
	}
	if r2.DF != 3 || !near(r2.Chi2, r.Chi2, 1e-10) {
		t.Errorf("with empty groups: df %d chi2 %g", r2.DF, r2.Chi2)
	}
}

// TestLogRankHand checks two groups of two by hand. Group A: events at 1
// and 3; group B: events at 2 and 4. At t=1: n=4, nA=2, E_A = 1·2/4 = 0.5,
// V = 1·3/3·(2/4)(2/4) = 0.25. t=2: n=3, nA=1, E_A = 1/3, V = 1·(1/3)(2/3)
// = 2/9. t=3: n=2, nA=1, E_A = 0.5, V = 0.25. t=4: n=1, nA=0: nothing.
// O_A - E_A = 2 - 4/3 = 2/3; V = 0.25 + 2/9 + 0.25 = 13/18; χ² =
// (4/9)/(13/18) = 8/13.
func TestLogRankHand(t *testing.T) {
	a := lifetimesOf(t, []float64{1, 3}, []int{1, 1})
	b := lifetimesOf(t, []float64{4, 2}, []int{1, 1})
	r, err := LogRank(a, b)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "E_A", r.Groups[0].Expected, 0.5+1.0/3+0.5, 1e-15)
	checkNear(t, "V", r.Groups[0].Variance, 13.0/18, 1e-15)
	checkNear(t, "chi2", r.Chi2, 8.0/13, 1e-14)
}

func TestLogRankErrors(t *testing.T) {
	a := lifetimesOf(t, []float64{1, 3}, []int{1, 1})
	_, err := LogRank(a)
	wantErr(t, err, ErrTooFewGroups, "retention.LogRank")
	_, err = LogRank(a, nil)
	wantErr(t, err, ErrTooFewGroups, "retention.LogRank")
	// No events at all: no test.
	c := lifetimesOf(t, []float64{1}, []int{0})
	d := lifetimesOf(t, []float64{2}, []int{0})
	_, err = LogRank(c, d)
	wantErr(t, err, ErrTooFewGroups, "retention.LogRank")
}
