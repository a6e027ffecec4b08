package staffing

import (
	"errors"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The Call Centre Helper example through pyworkforce's README (see
// cchQueue): 80 % in 20 s and occupancy at most 85 % need 14 agents, 20
// scheduled with 30 % shrinkage (ceil(14 / 0.7) = 20).
func TestAgentsCCallCentreHelper(t *testing.T) {
	s, err := AgentsC(cchQueue, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Occupancy: 0.85, Shrinkage: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if s.Agents != 14 || s.Scheduled != 20 {
		t.Errorf("got %d agents, %d scheduled; want 14 and 20", s.Agents, s.Scheduled)
	}
	check(t, "SL", s.Result.ServiceLevel, 0.8883500191794669, 0, 1e-13)
}

// Hand-computed targets on A = 10 (the table of ErlangC at N = 11..15:
// ASA 122.8, 40.4, 17.1, 7.8, 3.7 s; occupancy 10/N).
func TestAgentsCTargets(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    Targets
		want int
	}{
		{"ASA 20 s", Targets{ASA: 20 * time.Second}, 13},
		{"ASA 17 s", Targets{ASA: 17 * time.Second}, 14},
		{"occupancy 0.8", Targets{Occupancy: 0.8}, 13}, // 10/12 = 0.833 > 0.8 >= 10/13
		{"occupancy 1", Targets{Occupancy: 1}, 11},     // 10/10 is unstable
		{"SL 0.9 in 20 s", Targets{ServiceLevel: 0.9, AnswerWithin: 20 * time.Second}, 15},
		{"SL 0.32 in 0 s", Targets{ServiceLevel: 0.32}, 12},  // 1 - C: 0.318 at 11, 0.551 at 12
		{"abandonment only", Targets{Abandonment: 0.01}, 11}, // Erlang C never abandons: first stable N
	} {
		s, err := AgentsC(cchQueue, tc.t)
		if err != nil {
			t.Fatal(err)
		}
		if s.Agents != tc.want {
			t.Errorf("%s: %d agents, want %d", tc.name, s.Agents, tc.want)
		}
	}
}

func TestAgentsNoLoad(t *testing.T) {
	q := Queue{Contacts: 0, Interval: time.Hour, AHT: time.Minute}
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second}
	for name, f := range map[string]func() (Staffing, error){
		"C": func() (Staffing, error) { return AgentsC(q, tg) },
		"A": func() (Staffing, error) { return AgentsA(q, time.Minute, tg) },
	} {
		s, err := f()
		if err != nil || s.Agents != 0 || s.Scheduled != 0 || s.Result.ServiceLevel != 1 {
			t.Errorf("%s: %+v, %v; want 0 agents", name, s, err)
		}
	}
}

func TestScheduled(t *testing.T) {
	// 14 / 0.7 is 20.000000000000004 in float64; the answer is 20.
	for _, tc := range []struct {
		n    int
		s    float64
		want int
	}{{14, 0.3, 20}, {14, 0, 14}, {10, 0.5, 20}, {11, 0.5, 22}, {7, 0.3, 10}, {1, 0.99, 100}, {3, 0.1, 4}} {
		if got, err := scheduled("f", tc.n, tc.s); err != nil || got != tc.want {
			t.Errorf("scheduled(%d, %v) = %d, %v, want %d", tc.n, tc.s, got, err, tc.want)
		}
	}
	// 10,000 / (1 - (1 - 2^-53)) = 10,000 * 2^53 does not fit MaxAgents
	// (and would overflow int for a large n): ErrTooLarge, not a wrap.
	for _, n := range []int{10_000, MaxAgents} {
		if got, err := scheduled("f", n, math.Nextafter(1, 0)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("scheduled(%d, 1-ulp) = %d, %v; want ErrTooLarge", n, got, err)
		}
	}
	// MaxAgents scheduled exactly is accepted: 5,000,000 / 0.5.
	if got, err := scheduled("f", MaxAgents/2, 0.5); err != nil || got != MaxAgents {
		t.Errorf("scheduled(MaxAgents/2, 0.5) = %d, %v; want MaxAgents", got, err)
	}
}

// TestAgentsMinimal is the property the issue asks for: the agents
// returned meet every target, one fewer misses one, for both models, over
// random queues and targets; and Scheduled is ceil(Agents / (1 - s)).
func TestAgentsMinimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0.01, 3000).Draw(t, "erlangs")
		aht := time.Duration(rapid.IntRange(10, 900).Draw(t, "aht seconds")) * time.Second
		q := Queue{Contacts: a * float64(time.Hour) / float64(aht), Interval: time.Hour, AHT: aht}
		tg := Targets{Shrinkage: rapid.Float64Range(0, 0.6).Draw(t, "shrinkage")}
		switch rapid.IntRange(0, 4).Draw(t, "target kind") {
		case 0:
			tg.ServiceLevel = rapid.Float64Range(0.05, 0.99).Draw(t, "sl")
			tg.AnswerWithin = time.Duration(rapid.IntRange(0, 120).Draw(t, "t")) * time.Second
		case 1:
			tg.ASA = time.Duration(rapid.IntRange(1, 300).Draw(t, "asa")) * time.Second
		case 2:
			tg.Occupancy = rapid.Float64Range(0.3, 1).Draw(t, "occ")
		case 3:
			tg.Abandonment = rapid.Float64Range(0.005, 0.5).Draw(t, "ab")
		default:
			tg.ServiceLevel, tg.AnswerWithin = 0.8, 20*time.Second
			tg.ASA = 30 * time.Second
			tg.Occupancy = 0.9
			tg.Abandonment = 0.05
		}
		patience := time.Duration(rapid.Float64Range(0.05, 20).Draw(t, "patience ratio") * float64(aht))
		for _, model := range []Model{ModelC, ModelA} {
			var s Staffing
			var err error
			var eval func(n int) Result
			if model == ModelC {
				s, err = AgentsC(q, tg)
				eval = func(n int) Result { r, _ := ErlangC(q, n, tg.AnswerWithin); return r }
			} else {
				s, err = AgentsA(q, patience, tg)
				eval = func(n int) Result { r, _ := ErlangA(q, patience, n, tg.AnswerWithin); return r }
			}
			if err != nil {
				t.Fatalf("%s: %v", model, err)
			}
			if !tg.MetBy(s.Result) || !tg.MetBy(eval(s.Agents)) {
				t.Fatalf("%s: %d agents miss the targets %+v: %+v", model, s.Agents, tg, s.Result)
			}
			if s.Agents > 0 && tg.MetBy(eval(s.Agents-1)) {
				t.Fatalf("%s: %d agents meet the targets %+v, fewer than %d", model, s.Agents-1, tg, s.Agents)
			}
			if want := int(math.Ceil(float64(s.Agents)/(1-tg.Shrinkage) - 1e-9)); s.Scheduled != want {
				t.Fatalf("%s: scheduled %d, want %d", model, s.Scheduled, want)
			}
		}
	})
}

// TestMonotone is the property that the service level rises and the ASA,
// P(wait), abandonment and occupancy fall as agents are added, in both
// models, and that P(wait) is in [0, 1].
func TestMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0.01, 2000).Draw(t, "erlangs")
		q := Queue{Contacts: a, Interval: time.Hour, AHT: time.Hour}
		within := time.Duration(rapid.IntRange(0, 600).Draw(t, "answer seconds")) * time.Second
		patience := time.Duration(rapid.Float64Range(0.05, 20).Draw(t, "patience ratio") * float64(time.Hour))
		n := rapid.IntRange(0, int(2*a)+5).Draw(t, "agents")
		// Rounding: in deep overload Erlang A's service level is 1 minus
		// O(1) terms (Pab near 0.7 and the waiting share), so values near
		// 1e-12 are cancellation noise (rapid found SL 1.6e-12 at 320
		// agents and 6.1e-13 at 321, for 1027 Erlangs and a patience of
		// 19 AHT); a service level that is not noise moves by far more.
		const slack = 1e-11
		for _, f := range []func(int) (Result, error){
			func(n int) (Result, error) { return ErlangC(q, n, within) },
			func(n int) (Result, error) { return ErlangA(q, patience, n, within) },
		} {
			r0, err0 := f(n)
			r1, err1 := f(n + 1)
			if err0 != nil || err1 != nil {
				t.Fatal(err0, err1)
			}
			if !(r0.Wait >= 0 && r0.Wait <= 1) {
				t.Fatalf("P(wait) %v", r0.Wait)
			}
			if r1.ServiceLevel < r0.ServiceLevel-slack || r1.ASA > r0.ASA || r1.Wait > r0.Wait+slack ||
				r1.Abandon > r0.Abandon+slack || (r0.Stable && r0.Agents > 0 && r1.Occupancy > r0.Occupancy+slack) {
				t.Fatalf("adding an agent made it worse:\n%+v\n%+v", r0, r1)
			}
		}
	})
}

func TestAgentsErrors(t *testing.T) {
	within := 20 * time.Second
	for _, tc := range []struct {
		name string
		t    Targets
		want error
	}{
		{"none", Targets{}, ErrNoTarget},
		{"only shrinkage", Targets{Shrinkage: 0.3}, ErrNoTarget},
		{"sl 1", Targets{ServiceLevel: 1, AnswerWithin: within}, ErrTarget},
		{"sl negative", Targets{ServiceLevel: -0.1}, ErrTarget},
		{"sl nan", Targets{ServiceLevel: math.NaN()}, ErrNotFinite},
		{"sl inf", Targets{ServiceLevel: math.Inf(1)}, ErrNotFinite},
		{"occupancy 1.2", Targets{Occupancy: 1.2}, ErrTarget},
		{"abandonment 1", Targets{Abandonment: 1}, ErrTarget},
		{"shrinkage 1", Targets{ASA: time.Second, Shrinkage: 1}, ErrTarget},
		{"asa negative", Targets{ASA: -time.Second}, ErrTarget},
		{"answer time negative", Targets{ServiceLevel: 0.8, AnswerWithin: -time.Second}, ErrNegative},
	} {
		if _, err := AgentsC(cchQueue, tc.t); !errors.Is(err, tc.want) {
			t.Errorf("AgentsC %s: %v, want %v", tc.name, err, tc.want)
		}
		if _, err := AgentsA(cchQueue, time.Minute, tc.t); !errors.Is(err, tc.want) {
			t.Errorf("AgentsA %s: %v, want %v", tc.name, err, tc.want)
		}
	}
	ok := Targets{ServiceLevel: 0.8, AnswerWithin: within}
	if _, err := AgentsA(cchQueue, 0, ok); !errors.Is(err, ErrNotPositive) {
		t.Errorf("AgentsA patience 0: %v", err)
	}
	if _, err := AgentsA(cchQueue, time.Duration(2*MaxPatienceRatio)*cchQueue.AHT, ok); !errors.Is(err, ErrTooLarge) {
		t.Errorf("AgentsA huge patience: %v", err)
	}
	if _, err := AgentsC(Queue{Contacts: -1, Interval: time.Hour, AHT: time.Minute}, ok); !errors.Is(err, ErrNegative) {
		t.Errorf("AgentsC negative contacts: %v", err)
	}
	// An occupancy cap this low needs 10 / 1e-9 agents, above MaxAgents.
	if _, err := AgentsC(cchQueue, Targets{Occupancy: 1e-9}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("AgentsC occupancy 1e-9: %v", err)
	}
	if _, err := AgentsA(cchQueue, time.Minute, Targets{Occupancy: 1e-9}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("AgentsA occupancy 1e-9: %v", err)
	}
}

// TestAgentsLarge checks the required agents at 10,000 Erlangs against a
// count made by scanning every N with the exact evaluation, for both
// models.
func TestAgentsLarge(t *testing.T) {
	q := Queue{Contacts: 10000 * 6, Interval: time.Hour, AHT: 10 * time.Minute}
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second}
	s, err := AgentsC(q, tg)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := ErlangC(q, s.Agents-1, tg.AnswerWithin)
	if !(s.Result.ServiceLevel >= 0.8) || r.ServiceLevel >= 0.8 || s.Agents <= 10000 || s.Agents > 10100 {
		t.Errorf("AgentsC at 10,000 Erlangs: %d agents, SL %v; N-1 gives %v", s.Agents, s.Result.ServiceLevel, r.ServiceLevel)
	}
	sa, err := AgentsA(q, 2*time.Minute, tg)
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := ErlangA(q, 2*time.Minute, sa.Agents-1, tg.AnswerWithin)
	if !(sa.Result.ServiceLevel >= 0.8) || ra.ServiceLevel >= 0.8 || sa.Agents > s.Agents {
		t.Errorf("AgentsA at 10,000 Erlangs: %d agents (Erlang C %d), SL %v; N-1 gives %v", sa.Agents, s.Agents, sa.Result.ServiceLevel, ra.ServiceLevel)
	}
}
