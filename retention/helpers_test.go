package retention

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/servq/servq/estimate"
)

// near reports whether got is within tol of want, absolutely or relative
// to want.
func near(got, want, tol float64) bool {
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	return d <= tol || d <= tol*math.Abs(want)
}

func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", what, got, want, tol)
	}
}

// wantErr checks that err wraps target and is a *estimate.ValueError
// naming fn.
func wantErr(t *testing.T, err, target error, fn string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *estimate.ValueError", err)
	}
	if fn != "" && ve.Func != fn {
		t.Errorf("Func = %q, want %q (%v)", ve.Func, fn, err)
	}
}

// lifetimesOf returns a Lifetimes of the durations, with status 1 for
// events and 0 for censored lifetimes.
func lifetimesOf(t testing.TB, times []float64, status []int) *Lifetimes {
	t.Helper()
	var l Lifetimes
	for i, x := range times {
		if err := l.Add(Lifetime{Exit: x, Status: Status(status[i])}); err != nil {
			t.Fatal(err)
		}
	}
	return &l
}

// lifetimesOfSlices returns the lifetimes Lifetime{0, d[i], s[i]},
// observed from their start; d and s have the same length.
func lifetimesOfSlices(d []float64, s []Status) []Lifetime {
	out := make([]Lifetime, len(d))
	for i := range d {
		out[i] = Lifetime{Exit: d[i], Status: s[i]}
	}
	return out
}

// veteran reads testdata/veteran.csv, the Veterans' Administration lung
// cancer trial of Kalbfleisch and Prentice (1980, appendix I), exported
// from R survival's veteran data set: one Lifetimes per cell type, in the
// order squamous, smallcell, adeno, large.
func veteran(t testing.TB) (all *Lifetimes, byType []*Lifetimes) {
	t.Helper()
	f, err := os.Open("testdata/veteran.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{"squamous": 0, "smallcell": 1, "adeno": 2, "large": 3}
	all = new(Lifetimes)
	byType = []*Lifetimes{new(Lifetimes), new(Lifetimes), new(Lifetimes), new(Lifetimes)}
	for _, r := range recs[1:] {
		tm, _ := strconv.ParseFloat(r[0], 64)
		st, _ := strconv.Atoi(r[1])
		g, ok := types[r[2]]
		if !ok {
			t.Fatalf("cell type %q", r[2])
		}
		if err := all.Add(Lifetime{Exit: tm, Status: Status(st)}); err != nil {
			t.Fatal(err)
		}
		if err := byType[g].Add(Lifetime{Exit: tm, Status: Status(st)}); err != nil {
			t.Fatal(err)
		}
	}
	return all, byType
}
