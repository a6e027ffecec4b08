package staffing

import (
	"math"
	"time"
)

// ErlangB returns the Erlang B blocking probability of agents servers
// offered erlangs Erlangs, the share of contacts lost when nobody can wait
// (Erlang 1917), by the recursion for its inverse
//
//	1/B(0) = 1,  1/B(k) = 1 + (k/A) / B(k-1)
//
// which needs no factorials and adds only positive terms, so it is stable
// for any load (Jagerman 1974); where B is below the smallest float64, 1/B
// overflows to +Inf and B is 0. Its cost is linear in agents. A negative
// load returns ErrNegative, a NaN or infinite one ErrNotFinite, one above
// [MaxErlangs] ErrTooLarge; agents below 0 ErrNegative, above [MaxAgents]
// ErrTooLarge.
func ErlangB(erlangs float64, agents int) (float64, error) {
	const fn = "staffing.ErlangB"
	switch {
	case math.IsNaN(erlangs) || math.IsInf(erlangs, 0):
		return 0, valueErr(fn, "erlangs", erlangs, ErrNotFinite)
	case erlangs < 0:
		return 0, valueErr(fn, "erlangs", erlangs, ErrNegative)
	case erlangs > MaxErlangs:
		return 0, valueErr(fn, "erlangs", erlangs, ErrTooLarge)
	}
	if err := checkAgents(fn, agents); err != nil {
		return 0, err
	}
	return erlangB(erlangs, agents), nil
}

func erlangB(a float64, n int) float64 {
	return walker{a: a, inv: 1, perA: 1 / a}.to(n).b()
}

// walker is the Erlang B recursion at n agents: inv = 1/B(n), perA = 1/A.
// Each step is a multiply and an add, no division.
type walker struct {
	a, inv, perA float64
	n            int
}

func newWalker(a float64) walker { return walker{a: a, inv: 1, perA: 1 / a} }

func (w walker) to(n int) walker {
	inv, perA := w.inv, w.perA
	for k := w.n + 1; k <= n; k++ {
		inv = 1 + inv*(float64(k)*perA)
	}
	if n > w.n {
		w.n, w.inv = n, inv
	}
	return w
}

// b returns B(n) = 1 / inv.
func (w walker) b() float64 { return 1 / w.inv }

// ErlangC returns the performance of an Erlang C queue (M/M/N: Poisson
// arrivals, exponential handling, agents servers, unlimited patience) with
// its service level measured at answer time within:
//
//	A    = Contacts * AHT / Interval
//	Pw   = N B / (N - A (1 - B))                 Erlang C, from B = ErlangB(A, N)
//	SL   = 1 - Pw exp(-(N - A) t / AHT)
//	ASA  = Pw AHT / (N - A)                      over all contacts
//	Lq   = Pw A / (N - A),  L = Lq + A,  W = ASA + AHT,  occupancy A / N
//
// (Erlang 1917; Cooper, Introduction to Queueing Theory, 1981, ch. 3).
// Agents <= A is an unstable queue and returns the documented values of
// [Result] with a nil error, never NaN. Bad queues return the errors of
// [Queue.Erlangs]; agents < 0 ErrNegative, above [MaxAgents] ErrTooLarge;
// a negative answer time ErrNegative.
func ErlangC(q Queue, agents int, within time.Duration) (Result, error) {
	const fn = "staffing.ErlangC"
	a, err := q.erlangs(fn)
	if err != nil {
		return Result{}, err
	}
	if err := checkAgents(fn, agents); err != nil {
		return Result{}, err
	}
	if err := checkWithin(fn, within); err != nil {
		return Result{}, err
	}
	return erlangC(a, agents, erlangB(a, agents), q.AHT.Seconds(), within), nil
}

// erlangC computes the Erlang C result from the load a, the agents n and
// b = B(n, a), with aht in seconds.
func erlangC(a float64, n int, b, aht float64, within time.Duration) Result {
	r := Result{Model: ModelC, Agents: n, Erlangs: a, Blocking: b, AnswerWithin: within}
	nf := float64(n)
	switch {
	case a == 0:
		r.Stable, r.ServiceLevel = true, 1
		r.TimeInSystem = seconds(aht)
		return r
	case nf <= a:
		r.Wait, r.Occupancy = 1, 1
		r.ASA, r.WaitIfWaits, r.TimeInSystem = Infinite, Infinite, Infinite
		r.QueueLength, r.InSystem = math.Inf(1), math.Inf(1)
		return r
	}
	r.Stable = true
	gap := nf - a
	pw := nf * b / (gap + a*b) // N - A(1-B) = (N - A) + A B, no cancellation
	r.Wait = pw
	r.ServiceLevel = 1 - pw*math.Exp(-gap*within.Seconds()/aht)
	r.ASA = seconds(pw * aht / gap)
	r.WaitIfWaits = seconds(aht / gap)
	r.Occupancy = a / nf
	r.QueueLength = pw * a / gap
	r.InSystem = r.QueueLength + a
	r.TimeInSystem = seconds(pw*aht/gap + aht)
	return r
}
