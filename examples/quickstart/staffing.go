package main

import (
	"fmt"
	"io"
	"time"

	"github.com/servq/servq/timing/staffing"
)

// staffingSection prints one line of staffing: the agents a busy half hour
// needs for 80 % of calls answered within 20 s, by Erlang C and by Erlang A
// with callers who hang up after 5 minutes on average. The queue is the
// Call Centre Helper worked example (100 calls, 3 minute handling time).
func staffingSection(w io.Writer) error {
	q := staffing.Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	t := staffing.Targets{ServiceLevel: 0.80, AnswerWithin: 20 * time.Second, Occupancy: 0.85, Shrinkage: 0.30}
	c, err := staffing.AgentsC(q, t)
	if err != nil {
		return err
	}
	a, err := staffing.AgentsA(q, 5*time.Minute, t)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\nStaffing: %.0f calls per half hour at %v AHT need %d agents (%d scheduled) for 80%% within 20s "+
		"by Erlang C (%.1f%% reached); Erlang A, callers patient 5m on average: %d agents, %.1f%% abandon\n",
		q.Contacts, q.AHT, c.Agents, c.Scheduled, 100*c.Result.ServiceLevel, a.Agents, 100*a.Result.Abandon)
	return err
}
