package staffing

import (
	"math"
	"time"

	"github.com/servq/servq/estimate"
)

// Targets are what a staffing must meet. A zero field sets no target;
// at least one of ServiceLevel, ASA, Occupancy and Abandonment must be set.
type Targets struct {
	// ServiceLevel is the least share of all contacts answered within
	// AnswerWithin, in (0, 1): 0.80 with 20 s is "80/20".
	ServiceLevel float64 `json:"service_level,omitempty"`
	// AnswerWithin is the service level's answer time t, >= 0.
	AnswerWithin time.Duration `json:"answer_within,omitempty"`
	// ASA is the longest acceptable mean wait of answered contacts, > 0.
	ASA time.Duration `json:"asa,omitempty"`
	// Occupancy is the highest acceptable share of agent time busy, in
	// (0, 1].
	Occupancy float64 `json:"occupancy,omitempty"`
	// Abandonment is the highest acceptable share of contacts that
	// abandon, in (0, 1). Erlang C contacts never abandon, so it always
	// holds there.
	Abandonment float64 `json:"abandonment,omitempty"`
	// Shrinkage is not a target: it is the share of paid time agents are
	// not available (breaks, training, absence), in [0, 1), used to turn
	// the agents needed into agents scheduled.
	Shrinkage float64 `json:"shrinkage,omitempty"`
}

// MetBy reports whether the result r meets every target set in t. An
// unstable queue meets no target, nor does a queue with contacts but no
// agents.
func (t Targets) MetBy(r Result) bool {
	switch {
	case !r.Stable || (r.Agents == 0 && r.Erlangs > 0):
		return false
	case t.ServiceLevel > 0 && !(r.ServiceLevel >= t.ServiceLevel):
		return false
	case t.ASA > 0 && !(r.ASA <= t.ASA):
		return false
	case t.Occupancy > 0 && !(r.Occupancy <= t.Occupancy):
		return false
	case t.Abandonment > 0 && !(r.Abandon <= t.Abandonment):
		return false
	}
	return true
}

// check validates t for the function fn.
func (t Targets) check(fn string) error {
	share := func(name string, p float64, hiOpen bool) error {
		switch {
		case math.IsNaN(p) || math.IsInf(p, 0):
			return valueErr(fn, name, p, ErrNotFinite)
		case p < 0 || p > 1 || (hiOpen && p == 1):
			return valueErr(fn, name, p, ErrTarget)
		}
		return nil
	}
	if err := share("service level target", t.ServiceLevel, true); err != nil {
		return err
	}
	if err := share("occupancy target", t.Occupancy, false); err != nil {
		return err
	}
	if err := share("abandonment target", t.Abandonment, true); err != nil {
		return err
	}
	if err := share("shrinkage", t.Shrinkage, true); err != nil {
		return err
	}
	if t.AnswerWithin < 0 {
		return durationErr(fn, "answer time", t.AnswerWithin, ErrNegative)
	}
	if t.ASA < 0 {
		return durationErr(fn, "asa target", t.ASA, ErrTarget)
	}
	if t.ServiceLevel == 0 && t.ASA == 0 && t.Occupancy == 0 && t.Abandonment == 0 {
		return &estimate.ValueError{Func: fn, Name: "targets", Text: "none", Index: -1, Err: ErrNoTarget}
	}
	return nil
}

// A Staffing is the answer to "how many agents?" for one interval.
type Staffing struct {
	// Agents is the smallest number of agents on the phones that meets
	// every target; Agents - 1 misses one of them.
	Agents int `json:"agents"`
	// Scheduled is Agents grossed up for shrinkage s:
	// ceil(Agents / (1 - s)).
	Scheduled int `json:"scheduled"`
	// Result is the performance with Agents agents.
	Result Result `json:"result"`
}

// scheduled returns ceil(n / (1 - s)), guarding against the rounding of
// n / (1 - s) just above an integer that it equals. A shrinkage so close
// to 1 that more than [MaxAgents] would be scheduled returns ErrTooLarge
// (the conversion to int would otherwise overflow).
func scheduled(fn string, n int, s float64) (int, error) {
	if s == 0 {
		return n, nil
	}
	g := float64(n) / (1 - s)
	c := math.Ceil(g)
	if c-g > 1-1e-9 { // g within rounding above the integer c - 1
		c--
	}
	if !(c <= MaxAgents) {
		return 0, valueErr(fn, "scheduled agents", c, ErrTooLarge)
	}
	return int(c), nil
}

// staffed returns the Staffing of n agents with result r.
func staffed(fn string, n int, r Result, s float64) (Staffing, error) {
	sc, err := scheduled(fn, n, s)
	if err != nil {
		return Staffing{}, err
	}
	return Staffing{Agents: n, Scheduled: sc, Result: r}, nil
}

// AgentsC returns the smallest number of agents N for which the Erlang C
// queue of q (see [ErlangC]) meets every target in t, and the agents to
// schedule, ceil(N / (1 - Shrinkage)). Service level, ASA and occupancy
// improve as agents are added (Erlang C is decreasing in N), so N is found
// by walking the Erlang B recursion up from N = 1 and stopping at the
// first N that meets the targets: the cost is linear in N, with no
// recomputation. A queue with no contacts needs 0 agents. Bad queues
// return the errors of [Queue.Erlangs], bad targets ErrTarget, ErrNotFinite
// or ErrNoTarget; targets needing more than [MaxAgents] agents, or a
// shrinkage that schedules more than MaxAgents, ErrTooLarge.
func AgentsC(q Queue, t Targets) (Staffing, error) {
	const fn = "staffing.AgentsC"
	a, err := q.erlangs(fn)
	if err != nil {
		return Staffing{}, err
	}
	if err := t.check(fn); err != nil {
		return Staffing{}, err
	}
	return agentsC(fn, a, q.AHT.Seconds(), t)
}

func agentsC(fn string, a, aht float64, t Targets) (Staffing, error) {
	if a == 0 {
		return Staffing{Result: erlangC(0, 0, 1, aht, t.AnswerWithin)}, nil
	}
	// Below A the queue is unstable, below A / Occupancy too busy: walk
	// the recursion there without evaluating.
	first := a
	if t.Occupancy > 0 {
		first = math.Max(first, a/t.Occupancy*(1-1e-15))
	}
	if first >= MaxAgents {
		return Staffing{}, valueErr(fn, "erlangs", a, ErrTooLarge)
	}
	w := newWalker(a).to(int(first))
	for n := w.n; n <= MaxAgents; n++ {
		w = w.to(n)
		if r := erlangC(a, n, w.b(), aht, t.AnswerWithin); t.MetBy(r) {
			return staffed(fn, n, r, t.Shrinkage)
		}
	}
	return Staffing{}, valueErr(fn, "erlangs", a, ErrTooLarge)
}

// AgentsA is [AgentsC] for the Erlang A queue of q with mean patience (see
// [ErlangA]); its abandonment target is live. Every measure improves as
// agents are added, and a share s of contacts answered (within any time)
// needs N >= s A, since agents answer at most N per handling time; so the
// search starts there, doubles its step until the targets hold, then
// bisects. It walks the Erlang B recursion forward only, at a cost linear
// in N, and evaluates the Erlang A sums O(log N) times.
func AgentsA(q Queue, patience time.Duration, t Targets) (Staffing, error) {
	const fn = "staffing.AgentsA"
	a, err := q.erlangs(fn)
	if err != nil {
		return Staffing{}, err
	}
	r, err := patienceRatio(fn, patience, q.AHT)
	if err != nil {
		return Staffing{}, err
	}
	if err := t.check(fn); err != nil {
		return Staffing{}, err
	}
	return agentsA(fn, a, r, q.AHT.Seconds(), t)
}

func agentsA(fn string, a, pr, aht float64, t Targets) (Staffing, error) {
	eval := func(w walker) Result { return erlangA(a, w.n, w.b(), pr, aht, t.AnswerWithin) }
	if a == 0 {
		w := newWalker(a)
		return Staffing{Result: eval(w)}, nil
	}
	// Every n below the bound misses a target, and so does n = 0: lo is
	// the largest n known to miss.
	bound := t.ServiceLevel * a
	if t.Abandonment > 0 {
		bound = math.Max(bound, (1-t.Abandonment)*a)
	}
	// Two below: one against the rounding of the bound, one because the
	// evaluated shares round too, so that an N just under the bound can
	// evaluate as meeting the targets (rapid found N = A/2 meeting an
	// abandonment target of 0.5 by 2e-16); the answer must be the
	// smallest N whose evaluation meets them.
	start := max(0, int(math.Ceil(bound))-2)
	if start >= MaxAgents {
		return Staffing{}, valueErr(fn, "erlangs", a, ErrTooLarge)
	}
	lo := newWalker(a).to(start)
	// Gallop: try lo + 1, lo + 2, lo + 4, ... until one meets the targets.
	var hi walker
	var hiRes Result
	for stepN := 1; ; stepN *= 2 {
		n := min(lo.n+stepN, MaxAgents)
		c := lo.to(n)
		if r := eval(c); t.MetBy(r) {
			hi, hiRes = c, r
			break
		}
		if n == MaxAgents {
			return Staffing{}, valueErr(fn, "erlangs", a, ErrTooLarge)
		}
		lo = c
	}
	// Bisect between lo (misses) and hi (meets), walking from lo only, so
	// the walks add up to at most hi - lo steps.
	for hi.n-lo.n > 1 {
		c := lo.to(lo.n + (hi.n-lo.n)/2)
		if r := eval(c); t.MetBy(r) {
			hi, hiRes = c, r
		} else {
			lo = c
		}
	}
	return staffed(fn, hi.n, hiRes, t.Shrinkage)
}
