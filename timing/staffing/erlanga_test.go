package staffing

import (
	"math"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mathext"
	"pgregory.net/rapid"
)

// pyworkforce's README (github.com/rodrigo-arenas/pyworkforce) prints an
// Erlang A example on the Call Centre Helper queue (100 calls in 30
// minutes, AHT 3 minutes) with a mean patience of 5 minutes, targets 80 %
// in 20 s, occupancy 85 %, abandonment 5 %, shrinkage 30 %: raw_positions
// 13, positions 19, service_level 0.858, occupancy 0.750,
// abandonment_probability 0.025, waiting_probability 0.226,
// average_speed_of_answer 0.125 minutes. pyworkforce's "ASA" is the mean
// time in queue over all contacts, abandoners included (Pab * patience =
// 7.49 s); servq's ASA is the standard one, over answered contacts, and
// the pyworkforce figure is servq's Wait * WaitIfWaits.
func TestErlangAPyworkforce(t *testing.T) {
	r, err := ErlangA(cchQueue, 5*time.Minute, 13, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "service level", r.ServiceLevel, 0.858, 0.0005, 0)
	check(t, "occupancy", r.Occupancy, 0.750, 0.0005, 0)
	check(t, "abandonment", r.Abandon, 0.025, 0.0005, 0)
	check(t, "P(wait)", r.Wait, 0.226, 0.0005, 0)
	check(t, "mean queue time, all contacts (min)", r.Wait*r.WaitIfWaits.Minutes(), 0.125, 0.0005, 0)
	s, err := AgentsA(cchQueue, 5*time.Minute, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second,
		Occupancy: 0.85, Abandonment: 0.05, Shrinkage: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if s.Agents != 13 || s.Scheduled != 19 {
		t.Errorf("AgentsA = %d agents, %d scheduled; want 13 and 19", s.Agents, s.Scheduled)
	}
}

// TestErlangAReference compares Erlang A with the 256-bit birth-death
// chain of refErlangA, from 0.01 to 10,000 Erlangs, patience from a tenth
// of an AHT to 50 AHTs, understaffed (N < A, stable only thanks to
// abandonment) to overstaffed.
func TestErlangAReference(t *testing.T) {
	type tc struct {
		a float64
		n int
		r float64 // patience / AHT
	}
	cases := []tc{
		{0.01, 1, 1}, {0.5, 1, 0.1}, {1, 1, 2}, {3.3, 2, 0.5}, {10, 8, 1.5}, {10, 13, 5.0 / 3},
		{48, 50, 0.25}, {100, 90, 2}, {100, 110, 50}, {500, 480, 1}, {1000, 1010, 0.4},
		{1000, 950, 3}, {10000, 10050, 0.5}, {10000, 9800, 2},
	}
	if testing.Short() {
		cases = cases[:9]
	}
	aht := 100.0 // seconds
	for _, c := range cases {
		for _, tau := range []float64{0.2} { // answer time in AHTs (at 0, SL = 1 - P(wait))
			ref := refErlangA(c.a, c.n, c.r, tau)
			q := Queue{Contacts: c.a, Interval: 100 * time.Second, AHT: 100 * time.Second}
			got, err := ErlangA(q, time.Duration(c.r*100*float64(time.Second)), c.n, time.Duration(tau*aht*float64(time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			name := func(s string) string {
				return s + " at A=" + ftoa(c.a) + " N=" + ftoa(float64(c.n)) + " patience=" + ftoa(c.r) + " t=" + ftoa(tau)
			}
			check(t, name("P(wait)"), got.Wait, ref.pw, 1e-14, 1e-10)
			check(t, name("P(abandon)"), got.Abandon, ref.pab, 1e-14, 1e-10)
			check(t, name("SL"), got.ServiceLevel, ref.sl, 1e-12, 1e-10)
			check(t, name("ASA"), got.ASA.Seconds(), ref.asa*aht, 1e-8, 1e-9)
		}
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// TestErlangAGamma checks the series against the incomplete-gamma form of
// Mandelbaum and Zeltyn (2004), with gonum's regularized incomplete gamma
// P(a, x) = mathext.GammaIncReg:
//
//	S = Gamma(x+1) e^y y^-x P(x, y)
//	P(answered, wait > t | wait) = P(x+1, y q) / (rho P(x, y)),  rho = y/x
//
// at moderate sizes, where evaluating the gamma form directly is accurate.
func TestErlangAGamma(t *testing.T) {
	for _, c := range [][2]float64{{5, 4}, {12, 13}, {40, 30}, {80, 100}, {200, 190}} {
		x, y := c[0], c[1]
		tl := sums(x, y, true)
		lg, _ := math.Lgamma(x + 1)
		want := lg + y - x*math.Log(y) + math.Log(mathext.GammaIncReg(x, y))
		check(t, "log S", tl.logS, want, 1e-12, 1e-12)
		rho := y / x
		check(t, "P(answered | wait)", tl.served, mathext.GammaIncReg(x+1, y)/(rho*mathext.GammaIncReg(x, y)), 1e-13, 1e-12)
		q := math.Exp(-0.3)
		t2 := sums(x+1, y*q, false)
		late := math.Exp(math.Log(x/(x+1)) + (x+1)*math.Log(q) + y*(1-q) + t2.logS - tl.logS)
		check(t, "P(answered late | wait)", late, mathext.GammaIncReg(x+1, y*q)/(rho*mathext.GammaIncReg(x, y)), 1e-13, 1e-11)
	}
}

// TestErlangAASAIntegral checks ASA against the service level curve: the
// mean wait of answered contacts is the integral of the share answered
// later than t, E[V; answered] = int_0^inf (P(answered) - SL(t)) dt, here
// by Simpson's rule on a fine grid. The ASA comes from a harmonic-weighted
// series, the service level from a gamma series: two different formulas.
func TestErlangAASAIntegral(t *testing.T) {
	q := cchQueue
	for _, n := range []int{9, 11, 14} {
		r0, _ := ErlangA(q, 2*time.Minute, n, 0)
		served := 1 - r0.Abandon
		// Integrate up to 40 minutes (the tail beyond is below 1e-12 here).
		const steps = 1200
		h := 40 * 60.0 / steps
		var sum float64
		for i := 0; i <= steps; i++ {
			r, _ := ErlangA(q, 2*time.Minute, n, time.Duration(float64(i)*h*float64(time.Second)))
			f := served - r.ServiceLevel
			switch {
			case i == 0 || i == steps:
				sum += f
			case i%2 == 1:
				sum += 4 * f
			default:
				sum += 2 * f
			}
		}
		integral := sum * h / 3
		check(t, "ASA * P(answered) (s)", r0.ASA.Seconds()*served, integral, 1e-6, 1e-7)
	}
}

// TestErlangALimit is the property that Erlang A tends to Erlang C as the
// patience grows: ten times the patience cuts the distance to Erlang C's
// P(wait), service level and ASA about tenfold (it is of order
// AHT/patience), and the abandonment approaches Little's law for a queue
// that hardly loses anyone, Pab = Lq AHT / (A patience) with Erlang C's Lq.
func TestErlangALimit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0.01, 200).Draw(t, "erlangs")
		// N - A >= 1: closer to A the limit needs patience >> AHT/(N-A)^2.
		n := int(math.Ceil(a+1)) + rapid.IntRange(0, 20).Draw(t, "extra agents")
		within := time.Duration(rapid.IntRange(0, 120).Draw(t, "answer seconds")) * time.Second
		q := Queue{Contacts: a * 2, Interval: time.Hour, AHT: 30 * time.Minute}
		c, err := ErlangC(q, n, within)
		if err != nil {
			t.Fatal(err)
		}
		dist := func(ratio float64) (float64, Result) {
			r, err := ErlangA(q, time.Duration(ratio*float64(q.AHT)), n, within)
			if err != nil {
				t.Fatal(err)
			}
			d := math.Max(math.Abs(r.Wait-c.Wait), math.Abs(r.ServiceLevel-c.ServiceLevel))
			return math.Max(d, math.Abs(r.ASA.Seconds()-c.ASA.Seconds())/c.WaitIfWaits.Seconds()), r
		}
		d3, _ := dist(1e3)
		d4, r4 := dist(1e4)
		if d4 > 0.2*d3+1e-9 {
			t.Fatalf("distance to Erlang C %g at patience 1e3 AHT, %g at 1e4", d3, d4)
		}
		want := c.QueueLength / (a * 1e4)
		if !near(r4.Abandon, want, 1e-15, 0.2) {
			t.Fatalf("abandonment %g, want about Lq/(A 1e4) = %g", r4.Abandon, want)
		}
	})
}

// TestErlangABounds checks, over random queues, that every share is in
// [0, 1], every time finite and non-negative, nothing is NaN, and that
// answered + abandoned + waiting-free shares are consistent.
func TestErlangABounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0, 10000).Draw(t, "erlangs")
		n := rapid.IntRange(0, 11000).Draw(t, "agents")
		pr := rapid.Float64Range(0.01, 100).Draw(t, "patience ratio")
		within := time.Duration(rapid.IntRange(0, 600).Draw(t, "answer seconds")) * time.Second
		q := Queue{Contacts: a, Interval: 5 * time.Minute, AHT: 5 * time.Minute}
		r, err := ErlangA(q, time.Duration(pr*float64(q.AHT)), n, within)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []float64{r.Blocking, r.Wait, r.Abandon, r.ServiceLevel, r.Occupancy} {
			if !(p >= 0 && p <= 1) {
				t.Fatalf("share %v outside [0, 1]: %+v", p, r)
			}
		}
		if r.Abandon > r.Wait || r.ServiceLevel > 1-r.Abandon+1e-12 {
			t.Fatalf("abandon %v > wait %v or SL %v > answered: %+v", r.Abandon, r.Wait, r.ServiceLevel, r)
		}
		if r.ASA < 0 || (r.ASA == Infinite) != (n == 0 && a > 0) || r.WaitIfWaits < 0 || r.TimeInSystem < 0 ||
			math.IsNaN(r.QueueLength) || math.IsInf(r.QueueLength, 0) || math.IsNaN(r.InSystem) || math.IsInf(r.InSystem, 0) {
			t.Fatalf("bad times or lengths: %+v", r)
		}
	})
}

// TestErlangANoAgents: with no agents everybody waits and abandons, after
// a mean patience; nobody is answered.
func TestErlangANoAgents(t *testing.T) {
	r, err := ErlangA(cchQueue, 2*time.Minute, 0, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.Wait != 1 || r.Abandon != 1 || r.ServiceLevel != 0 || r.ASA != Infinite || r.Occupancy != 0 {
		t.Errorf("no agents: %+v", r)
	}
	check(t, "time in system (s)", r.TimeInSystem.Seconds(), 120, 1e-9, 0)
	check(t, "queue length", r.QueueLength, 10*120.0/180, 1e-12, 0) // lambda * patience
}
