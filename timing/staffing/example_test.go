package staffing_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/timing/staffing"
)

// The Call Centre Helper worked example: 100 calls in half an hour, 3
// minutes each, 80 % to be answered within 20 seconds, agents at most 85 %
// busy, 30 % shrinkage.
func ExampleAgentsC() {
	q := staffing.Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	s, err := staffing.AgentsC(q, staffing.Targets{
		ServiceLevel: 0.80, AnswerWithin: 20 * time.Second, Occupancy: 0.85, Shrinkage: 0.30,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Result
	fmt.Printf("%d agents on the phones, %d scheduled\n", s.Agents, s.Scheduled)
	fmt.Printf("service level %.1f%%, ASA %.1fs, occupancy %.1f%%\n", 100*r.ServiceLevel, r.ASA.Seconds(), 100*r.Occupancy)
	// Output:
	// 14 agents on the phones, 20 scheduled
	// service level 88.8%, ASA 7.8s, occupancy 71.4%
}

// Callers who hang up after 5 minutes on average (Erlang A) need one agent
// fewer than Erlang C says, at the price of 2.5 % abandoning.
func ExampleAgentsA() {
	q := staffing.Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	t := staffing.Targets{ServiceLevel: 0.80, AnswerWithin: 20 * time.Second, Abandonment: 0.05}
	s, err := staffing.AgentsA(q, 5*time.Minute, t)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Result
	fmt.Printf("%d agents: service level %.1f%%, %.1f%% abandon, ASA %.1fs\n",
		s.Agents, 100*r.ServiceLevel, 100*r.Abandon, r.ASA.Seconds())
	// Output:
	// 13 agents: service level 85.8%, 2.5% abandon, ASA 6.9s
}

// An unstable queue: 10 Erlangs on 10 agents never catches up.
func ExampleErlangC_unstable() {
	q := staffing.Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	r, err := staffing.ErlangC(q, 10, 20*time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Stable, r.Wait, r.ServiceLevel, r.ASA == staffing.Infinite, r.QueueLength)
	// Output:
	// false 1 0 true +Inf
}

// A morning of half hours, staffed interval by interval.
func ExamplePlanC() {
	half := 30 * time.Minute
	var day []staffing.Queue
	for _, calls := range []float64{40, 100, 160, 120} {
		day = append(day, staffing.Queue{Contacts: calls, Interval: half, AHT: 3 * time.Minute})
	}
	p, err := staffing.PlanC(day, staffing.Targets{ServiceLevel: 0.80, AnswerWithin: 20 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range p.Intervals {
		fmt.Printf("%d: %2d agents, SL %.1f%%\n", i, s.Agents, 100*s.Result.ServiceLevel)
	}
	fmt.Printf("day: SL %.1f%%, occupancy %.1f%%, %v agent time\n", 100*p.ServiceLevel, 100*p.Occupancy, p.Staffed)
	// Output:
	// 0:  7 agents, SL 90.3%
	// 1: 14 agents, SL 88.8%
	// 2: 20 agents, SL 83.6%
	// 3: 16 agents, SL 86.9%
	// day: SL 86.4%, occupancy 73.7%, 28h30m0s agent time
}
