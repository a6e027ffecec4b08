//go:build long

package staffing

import (
	"container/heap"
	"math/rand/v2"
	"testing"
	"time"
)

// A discrete-event simulation of the M/M/N+M queue checks the Erlang A
// formulas, the service level and ASA above all, whose derivation (order
// statistics of the patience clocks of the callers ahead) no other test
// checks independently. Customers queue first come, first served; a
// customer whose patience runs out before an agent frees up is skipped when
// the agent reaches the queue (lazy abandonment, exact since abandoners
// change nothing else). Run with go test -tags long.

type completions []float64

func (h completions) Len() int           { return len(h) }
func (h completions) Less(i, j int) bool { return h[i] < h[j] }
func (h completions) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *completions) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *completions) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type simStats struct{ wait, abandon, sl, asa float64 }

// simulate runs arrivals customers through n agents, in units of the AHT:
// arrival rate a, service rate 1, abandonment rate 1/r, answer time tau.
func simulate(rng *rand.Rand, a float64, n int, r, tau float64, arrivals int) simStats {
	type cust struct{ at, deadline float64 }
	var queue []cust
	busy := &completions{}
	var now float64
	var waited, abandoned, inTime, answered int
	var waitSum float64
	serveFrom := func(c float64) {
		// An agent frees at c: serve the first queued customer still there.
		for len(queue) > 0 {
			q := queue[0]
			queue = queue[1:]
			if q.deadline < c {
				abandoned++
				continue
			}
			w := c - q.at
			answered++
			waitSum += w
			if w <= tau {
				inTime++
			}
			heap.Push(busy, c+rng.ExpFloat64())
			return
		}
	}
	warm := arrivals / 20
	for i := 0; i < arrivals+warm; i++ {
		if i == warm { // drop the start-up transient
			waited, abandoned, inTime, answered, waitSum = 0, 0, 0, 0, 0
		}
		now += rng.ExpFloat64() / a
		for busy.Len() > 0 && (*busy)[0] <= now {
			c := heap.Pop(busy).(float64)
			serveFrom(c)
		}
		if busy.Len() < n {
			answered++
			inTime++
			heap.Push(busy, now+rng.ExpFloat64())
			continue
		}
		waited++
		queue = append(queue, cust{at: now, deadline: now + r*rng.ExpFloat64()})
	}
	// Customers still queued at the end are left out of both counts; with
	// millions of arrivals that is negligible.
	total := float64(arrivals)
	return simStats{wait: float64(waited) / total, abandon: float64(abandoned) / total,
		sl: float64(inTime) / total, asa: waitSum / float64(answered)}
}

func TestErlangASimulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		a   float64
		n   int
		r   float64
		tau float64
	}{{10, 11, 2.0 / 3, 20.0 / 180}, {10, 8, 1, 0.2}, {40, 42, 0.3, 0.05}, {5, 7, 4, 0.5}} {
		sim := simulate(rng, c.a, c.n, c.r, c.tau, 3_000_000)
		q := Queue{Contacts: c.a, Interval: time.Hour, AHT: time.Hour}
		got, err := ErlangA(q, time.Duration(c.r*float64(time.Hour)), c.n, time.Duration(c.tau*float64(time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		// 3e6 arrivals: a share's standard error is below 3e-4 before the
		// autocorrelation of a queue, a few times that after; 0.004 is a
		// wide but telling bound (a wrong formula misses by 0.01 or more).
		t.Logf("A=%v N=%d patience=%v: sim %+v; formula wait %.4f abandon %.4f SL %.4f ASA %.4f",
			c.a, c.n, c.r, sim, got.Wait, got.Abandon, got.ServiceLevel, got.ASA.Hours())
		check(t, "P(wait)", got.Wait, sim.wait, 0.004, 0)
		check(t, "P(abandon)", got.Abandon, sim.abandon, 0.004, 0)
		check(t, "SL", got.ServiceLevel, sim.sl, 0.004, 0)
		check(t, "ASA (AHTs)", got.ASA.Hours(), sim.asa, 0.004, 0.02)
	}
}
