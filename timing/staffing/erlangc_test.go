package staffing

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// The Call Centre Helper worked example ("Erlang C Formula - Made Simple
// With an Easy Worked Example", callcentrehelper.com): 100 calls in 30
// minutes, AHT 3 minutes, 80 % answered in 20 s, 85 % maximum occupancy,
// 30 % shrinkage; A = 10 Erlangs. pyworkforce's README
// (github.com/rodrigo-arenas/pyworkforce) prints for it, with full digits:
// raw_positions 14, positions 20, service_level 0.8883500191794669,
// occupancy 0.7142857142857143, waiting_probability 0.1741319335950498.
// The article itself prints P(wait) 68.21 % and ASA 122.8 s for its first
// try, N = 11.
var cchQueue = Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}

func TestErlangCCallCentreHelper(t *testing.T) {
	r, err := ErlangC(cchQueue, 14, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "erlangs", r.Erlangs, 10, 1e-12, 0)
	check(t, "SL at N=14", r.ServiceLevel, 0.8883500191794669, 0, 1e-13)
	check(t, "occupancy at N=14", r.Occupancy, 0.7142857142857143, 0, 1e-15)
	check(t, "P(wait) at N=14", r.Wait, 0.1741319335950498, 0, 1e-13)
	r, err = ErlangC(cchQueue, 11, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "P(wait) at N=11", r.Wait, 0.6821, 0.00005, 0)
	check(t, "ASA at N=11 (s)", r.ASA.Seconds(), 122.8, 0.05, 0)
}

// Hand-computed cases. M/M/1 (N = 1): B = A/(1+A), C = A, SL = 1 - A
// exp(-(1-A) t/AHT), ASA = A AHT/(1-A). N = 2, A = 1: B = (1/2)/(1 + 1 +
// 1/2) = 1/5, C = 2 (1/5) / (2 - 1 (4/5)) = 1/3, ASA = (1/3) AHT / 1,
// Lq = (1/3) 1 / 1 = 1/3, L = 4/3.
func TestErlangCHand(t *testing.T) {
	aht := 100 * time.Second
	q := Queue{Contacts: 18, Interval: time.Hour, AHT: aht} // A = 18*100/3600 = 0.5
	r, err := ErlangC(q, 1, 50*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "M/M/1 B", r.Blocking, 0.5/1.5, 1e-15, 0)
	check(t, "M/M/1 C", r.Wait, 0.5, 1e-15, 0)
	check(t, "M/M/1 SL", r.ServiceLevel, 1-0.5*math.Exp(-0.25), 1e-15, 0) // (1-0.5)*50/100
	check(t, "M/M/1 ASA", r.ASA.Seconds(), 100, 1e-9, 0)                  // 0.5*100/0.5
	check(t, "M/M/1 W", r.TimeInSystem.Seconds(), 200, 1e-9, 0)
	q.Contacts = 36 // A = 1
	r, err = ErlangC(q, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "N=2 B", r.Blocking, 0.2, 1e-15, 0)
	check(t, "N=2 C", r.Wait, 1.0/3, 1e-15, 0)
	check(t, "N=2 SL at t=0", r.ServiceLevel, 2.0/3, 1e-15, 0)
	check(t, "N=2 ASA", r.ASA.Seconds(), 100.0/3, 1e-9, 0)
	check(t, "N=2 wait if waits", r.WaitIfWaits.Seconds(), 100, 1e-9, 0)
	check(t, "N=2 Lq", r.QueueLength, 1.0/3, 1e-15, 0)
	check(t, "N=2 L", r.InSystem, 4.0/3, 1e-15, 0)
	check(t, "N=2 occupancy", r.Occupancy, 0.5, 1e-15, 0)
}

// TestErlangCReference compares B and C with the 256-bit evaluation of
// their factorial definitions, from 0.01 to 10,000 Erlangs, at N just
// above A (where C is near 1 and most sensitive) and at N well above A
// (where C is tiny).
func TestErlangCReference(t *testing.T) {
	for _, a := range []float64{0.01, 0.5, 1, 2.7, 10, 48, 99.5, 500, 1000, 2500, 10000} {
		ns := []int{int(a) + 1, int(a) + 2, int(a + 3*math.Sqrt(a) + 1), int(1.5*a + 10)}
		slices.Sort(ns)
		ns = slices.Compact(ns)
		wbs, wcs := refErlangC(a, ns...)
		for i, n := range ns {
			wb, wc := wbs[i], wcs[i]
			b, err := ErlangB(a, n)
			if err != nil {
				t.Fatal(err)
			}
			q := Queue{Contacts: a, Interval: time.Hour, AHT: time.Hour}
			r, err := ErlangC(q, n, 0)
			if err != nil {
				t.Fatal(err)
			}
			// Relative 1e-12: the recursion loses about one rounding per step.
			check(t, "B", b, wb, 1e-300, 1e-12)
			check(t, "C", r.Wait, wc, 1e-300, 1e-12)
			if b != r.Blocking {
				t.Errorf("ErlangB %v and Result.Blocking %v differ", b, r.Blocking)
			}
		}
	}
}

// TestErlangCUnstable pins the documented values of a queue with no more
// agents than Erlangs.
func TestErlangCUnstable(t *testing.T) {
	for _, n := range []int{0, 5, 10} {
		r, err := ErlangC(cchQueue, n, 20*time.Second) // A = 10
		if err != nil {
			t.Fatal(err)
		}
		if r.Stable || r.Wait != 1 || r.ServiceLevel != 0 || r.Occupancy != 1 ||
			r.ASA != Infinite || r.WaitIfWaits != Infinite || r.TimeInSystem != Infinite ||
			!math.IsInf(r.QueueLength, 1) || !math.IsInf(r.InSystem, 1) {
			t.Errorf("N=%d: %+v, want the unstable values", n, r)
		}
		wb, _ := refErlangC(10, n)
		check(t, "B of an unstable queue", r.Blocking, wb[0], 0, 1e-13)
	}
}

func TestErlangCNoLoad(t *testing.T) {
	r, err := ErlangC(Queue{Contacts: 0, Interval: time.Hour, AHT: time.Minute}, 0, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Stable || r.Wait != 0 || r.ServiceLevel != 1 || r.ASA != 0 || r.Occupancy != 0 {
		t.Errorf("no load: %+v", r)
	}
}

func TestErlangCErrors(t *testing.T) {
	good := cchQueue
	for _, tc := range []struct {
		name   string
		q      Queue
		n      int
		within time.Duration
		want   error
	}{
		{"nan contacts", Queue{math.NaN(), time.Hour, time.Minute}, 1, 0, ErrNotFinite},
		{"inf contacts", Queue{math.Inf(1), time.Hour, time.Minute}, 1, 0, ErrNotFinite},
		{"negative contacts", Queue{-1, time.Hour, time.Minute}, 1, 0, ErrNegative},
		{"zero interval", Queue{1, 0, time.Minute}, 1, 0, ErrNotPositive},
		{"zero aht", Queue{1, time.Hour, 0}, 1, 0, ErrNotPositive},
		{"negative aht", Queue{1, time.Hour, -time.Second}, 1, 0, ErrNotPositive},
		{"huge load", Queue{1e300, time.Nanosecond, time.Hour}, 1, 0, ErrTooLarge},
		{"negative agents", good, -1, 0, ErrNegative},
		{"too many agents", good, MaxAgents + 1, 0, ErrTooLarge},
		{"negative answer time", good, 12, -time.Second, ErrNegative},
	} {
		_, err := ErlangC(tc.q, tc.n, tc.within)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		_, errA := ErlangA(tc.q, time.Minute, tc.n, tc.within)
		if !errors.Is(errA, tc.want) {
			t.Errorf("ErlangA %s: err = %v, want %v", tc.name, errA, tc.want)
		}
	}
	if _, err := ErlangB(math.NaN(), 1); !errors.Is(err, ErrNotFinite) {
		t.Errorf("ErlangB(NaN): %v", err)
	}
	if _, err := ErlangB(-1, 1); !errors.Is(err, ErrNegative) {
		t.Errorf("ErlangB(-1): %v", err)
	}
	if _, err := ErlangB(1, -1); !errors.Is(err, ErrNegative) {
		t.Errorf("ErlangB(1, -1): %v", err)
	}
	_, err := ErlangC(Queue{-1, time.Hour, time.Minute}, 1, 0)
	if got, want := err.Error(), "staffing.ErlangC: contacts -1: negative"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	_, err = ErlangC(Queue{1, time.Hour, -5 * time.Second}, 1, 0)
	if got, want := err.Error(), `staffing.ErlangC: aht "-5s": not positive`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

// The Erlang B table at 1 % blocking, as standard traffic tables print it
// to two decimals: 10 lines carry 4.46 Erlangs, 20 lines 12.03, 50 lines
// 37.90, 100 lines 84.06. The load printed must be the one at
// which B crosses 1 %, within its rounding. B(10, 10) = 0.2146 is the
// table's value at A = N = 10.
func TestErlangBTable(t *testing.T) {
	for _, tc := range []struct {
		n int
		a float64
	}{{10, 4.46}, {20, 12.03}, {50, 37.90}, {100, 84.06}} {
		lo, _ := ErlangB(tc.a-0.005, tc.n)
		hi, _ := ErlangB(tc.a+0.005, tc.n)
		if !(lo < 0.01 && hi > 0.01) {
			t.Errorf("N=%d: B(%v) = %v and B(%v) = %v do not bracket 1%%", tc.n, tc.a-0.005, lo, tc.a+0.005, hi)
		}
	}
	b, _ := ErlangB(10, 10)
	check(t, "B(10, 10)", b, 0.2146, 0.00005, 0)
}
