package staffing

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// checkResult asserts the bounds every result obeys whatever the input.
func checkResult(t *testing.T, r Result) {
	t.Helper()
	for _, p := range []float64{r.Blocking, r.Wait, r.Abandon, r.ServiceLevel, r.Occupancy} {
		if !(p >= 0 && p <= 1) {
			t.Fatalf("share %v outside [0, 1]: %+v", p, r)
		}
	}
	if r.ASA < 0 || r.WaitIfWaits < 0 || r.TimeInSystem < 0 || !(r.QueueLength >= 0) || !(r.InSystem >= r.QueueLength) {
		t.Fatalf("negative or NaN time or length: %+v", r)
	}
	if r.Stable && math.IsInf(r.QueueLength, 0) {
		t.Fatalf("stable queue with an infinite queue: %+v", r)
	}
	// A stable queue's mean waits are finite, but one beyond the range of a
	// Duration reads Infinite (see Infinite). Erlang C then has a wait of
	// those who wait, AHT / (N - A), at least as long; Erlang A's patience
	// keeps every wait of a staffed queue in range.
	if r.Stable && r.ASA == Infinite && r.Agents > 0 && (r.Model == ModelA || r.WaitIfWaits != Infinite || r.TimeInSystem != Infinite) {
		t.Fatalf("stable queue with infinite measures: %+v", r)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil || back != r {
		t.Fatalf("JSON round trip: %v\n%+v\n%+v", err, r, back)
	}
}

// checkLittle asserts Little's law, Lq = lambda ASA, for a stable Erlang C
// result of q: the mean wait over all contacts in seconds is the queue
// length over the arrival rate. It holds within rounding to the
// nanosecond, and a wait beyond the range of a Duration reads Infinite.
func checkLittle(t *testing.T, q Queue, r Result) {
	t.Helper()
	if !r.Stable || r.Erlangs == 0 {
		return
	}
	want := r.QueueLength / (q.Contacts / q.Interval.Seconds())
	max := float64(Infinite) / 1e9
	switch {
	case want >= max*(1+1e-9):
		if r.ASA != Infinite {
			t.Fatalf("Little: Lq / lambda = %g s beyond a Duration, ASA %v: %+v", want, r.ASA, r)
		}
	case want < max*(1-1e-9):
		if got := r.ASA.Seconds(); math.Abs(got-want) > 1e-9*want+1e-9 {
			t.Fatalf("Little: ASA %v s, Lq / lambda %v s: %+v", got, want, r)
		}
	}
}

func fuzzQueue(contacts float64, intervalSec, ahtSec int64) Queue {
	return Queue{Contacts: contacts, Interval: time.Duration(intervalSec) * time.Second, AHT: time.Duration(ahtSec) * time.Second}
}

func FuzzErlangC(f *testing.F) {
	f.Add(100.0, int64(1800), int64(180), 14, int64(20))
	f.Add(100.0, int64(1800), int64(180), 10, int64(20))
	f.Add(0.0, int64(60), int64(1), 0, int64(0))
	f.Add(math.NaN(), int64(1), int64(1), 1, int64(1))
	f.Add(1e9, int64(1), int64(3600), 5, int64(-1))
	f.Fuzz(func(t *testing.T, contacts float64, intervalSec, ahtSec int64, n int, within int64) {
		if n > 50_000 {
			n %= 50_000 // keep a fuzz run fast; the cost is linear in n
		}
		q := fuzzQueue(contacts, intervalSec, ahtSec)
		r, err := ErlangC(q, n, time.Duration(within)*time.Second)
		if err == nil {
			checkResult(t, r)
			checkLittle(t, q, r)
		}
		b, errB := ErlangB(contacts, n)
		if errB == nil && !(b >= 0 && b <= 1) {
			t.Fatalf("ErlangB = %v", b)
		}
	})
}

func FuzzErlangA(f *testing.F) {
	f.Add(100.0, int64(1800), int64(180), 13, int64(20), int64(300))
	f.Add(100.0, int64(1800), int64(180), 0, int64(20), int64(60))
	f.Add(5000.0, int64(60), int64(6), 4000, int64(10), int64(600))
	f.Add(1.0, int64(1), int64(1), 1, int64(0), int64(0))
	f.Fuzz(func(t *testing.T, contacts float64, intervalSec, ahtSec int64, n int, within, patienceSec int64) {
		if n > 50_000 {
			n %= 50_000
		}
		q := fuzzQueue(contacts, intervalSec, ahtSec)
		if a, err := q.Erlangs(); err == nil && a > 50_000 {
			return // keep a fuzz run fast
		}
		r, err := ErlangA(q, time.Duration(patienceSec)*time.Second, n, time.Duration(within)*time.Second)
		if err == nil {
			checkResult(t, r)
		}
	})
}

func FuzzAgents(f *testing.F) {
	f.Add(100.0, int64(1800), int64(180), 0.8, int64(20), int64(0), 0.85, 0.05, 0.3, int64(300))
	f.Add(0.0, int64(1800), int64(180), 0.0, int64(0), int64(30), 0.0, 0.0, 0.0, int64(60))
	f.Add(10.0, int64(60), int64(60), 1.0, int64(20), int64(0), 0.0, 0.0, 0.0, int64(60))
	f.Add(10.0, int64(60), int64(60), math.NaN(), int64(20), int64(0), 0.0, 0.0, 0.0, int64(60))
	f.Fuzz(func(t *testing.T, contacts float64, intervalSec, ahtSec int64, sl float64, within, asa int64, occ, ab, shrink float64, patienceSec int64) {
		q := fuzzQueue(contacts, intervalSec, ahtSec)
		if a, err := q.Erlangs(); err == nil && a > 20_000 {
			return
		}
		if occ > 0 && occ < 0.05 {
			return // tens of millions of agents: slow, and tested in TestAgentsErrors
		}
		tg := Targets{ServiceLevel: sl, AnswerWithin: time.Duration(within) * time.Second, ASA: time.Duration(asa) * time.Second,
			Occupancy: occ, Abandonment: ab, Shrinkage: shrink}
		patience := time.Duration(patienceSec) * time.Second
		for _, f := range []func() (Staffing, error){
			func() (Staffing, error) { return AgentsC(q, tg) },
			func() (Staffing, error) { return AgentsA(q, patience, tg) },
		} {
			s, err := f()
			if err != nil {
				continue
			}
			checkResult(t, s.Result)
			if !tg.MetBy(s.Result) || s.Scheduled < s.Agents {
				t.Fatalf("staffing %+v misses %+v", s, tg)
			}
			// Whatever is accepted encodes and decodes to itself.
			b, _ := s.MarshalBinary()
			var back Staffing
			if err := back.UnmarshalBinary(b); err != nil || back != s {
				t.Fatalf("staffing %+v: binary round trip %+v, %v", s, back, err)
			}
		}
		p, err := PlanC([]Queue{q, q}, tg)
		if err == nil && !(p.ServiceLevel >= 0 && p.ServiceLevel <= 1 && p.Occupancy >= 0 && p.Occupancy <= 1 && p.ASA >= 0) {
			t.Fatalf("plan %+v", p)
		}
	})
}

func FuzzResultUnmarshalJSON(f *testing.F) {
	good, _ := ErlangC(cchQueue, 14, 20*time.Second)
	unstable, _ := ErlangC(cchQueue, 9, 20*time.Second)
	for _, r := range []Result{good, unstable} {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	f.Add([]byte(`null`))
	f.Add([]byte(`{"queue_length":"+Inf"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := good
		if err := r.UnmarshalJSON(b); err != nil {
			if r != good {
				t.Fatalf("failed decode changed the result")
			}
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Result
		if err := json.Unmarshal(out, &back); err != nil || back != r {
			t.Fatalf("re-encoding does not round-trip: %v", err)
		}
	})
}
