// The sample ticket log: a quarter
// (Q1 2024) of two support teams, Bogotá and Madrid, about 1,000 tickets
// each, in the CSV form that tickets.Read parses.
//
//	go run ./gen -o tickets.csv -copy ../../sla-report/tickets.csv
//
// Replies are placed in business time with the teams' own calendars
// ([Teams]), so that business-hours metrics behave as a desk's
// would: first-reply delays are log-normal with a median of 20 min, 45
// min, 1.5 h and 3 h of business time for urgent, high, normal and low
// tickets; 45 % of tickets wait on the requester once or more; about 8 %
// are reopened; some are still open at the end.
//
// What it hides, for the examples to find: in ISO weeks 6 and 7 (5-18
// February) the Madrid team was short of staff and its first replies took
// three times as long, so its first-reply SLA attainment drops in those
// two weeks; Bogotá's stays level.
package tickets

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/servq/servq/timing"
)

type row struct {
	at     time.Time
	kind   timing.Kind
	status timing.Status
	work   timing.WorkKind
	length time.Duration
}

// Generate returns the sample log, the same bytes on every call (the
// random numbers are seeded): the log that examples/sla-report embeds as
// tickets.csv.
func Generate() ([]byte, error) {
	teams, err := Teams()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(2024, 1))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(Header)
	n := 0
	for _, name := range TeamNames {
		team := teams[name]
		cal := team.Calendar
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, team.Location)
		end := time.Date(2024, 4, 1, 0, 0, 0, 0, team.Location)
		for range 1000 {
			n++
			created := pickCreated(rng, cal, start, end)
			prio := pick(rng, Priorities, []float64{0.05, 0.20, 0.55, 0.20})
			simple := rng.Float64() < 0.3
			rows, err := lifecycle(rng, cal, name, prio, created, end)
			if err != nil {
				return nil, err
			}
			id := fmt.Sprintf("%s-%04d", name[:3], n)
			for _, r := range rows {
				rec := []string{id, name, prio, map[bool]string{false: "0", true: "1"}[simple], r.at.Format(time.RFC3339), r.kind.String(), "", "", ""}
				switch r.kind {
				case timing.StatusChange:
					rec[6] = r.status.String()
				case timing.Work:
					rec[7] = r.work.String()
					rec[8] = strconv.FormatFloat(r.length.Minutes(), 'f', -1, 64)
				}
				_ = w.Write(rec)
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// pickCreated draws a creation instant: any time, but out of hours only
// one time in four, so most tickets arrive while the desk is open.
func pickCreated(rng *rand.Rand, cal *timing.Calendar, start, end time.Time) time.Time {
	for {
		t := start.Add(time.Duration(rng.Int64N(int64(end.Sub(start))))).Truncate(time.Minute)
		open, _ := cal.Duration(t, t.Add(time.Minute))
		if open > 0 || rng.Float64() < 0.25 {
			return t
		}
	}
}

func pick(rng *rand.Rand, xs []string, ps []float64) string {
	u := rng.Float64()
	for i, p := range ps {
		if u < p {
			return xs[i]
		}
		u -= p
	}
	return xs[len(xs)-1]
}

// lognormal draws a duration with the given median and a spread of 0.9
// in log terms.
func lognormal(rng *rand.Rand, median time.Duration) time.Duration {
	return time.Duration(float64(median)*math.Exp(0.9*rng.NormFloat64())).Round(time.Minute) + time.Minute
}

var medianFirst = map[string]time.Duration{"urgent": 20 * time.Minute, "high": 45 * time.Minute, "normal": 90 * time.Minute, "low": 3 * time.Hour}

func lifecycle(rng *rand.Rand, cal *timing.Calendar, team, prio string, created, end time.Time) ([]row, error) {
	rows := []row{{at: created, kind: timing.Created}}
	// The planted shortage: Madrid, ISO weeks 6 and 7 of 2024.
	slow := 1.0
	if _, wk := created.ISOWeek(); team == "madrid" && (wk == 6 || wk == 7) {
		slow = 3
	}
	reply := func(from time.Time, median time.Duration) (time.Time, error) {
		return cal.Add(from, time.Duration(slow*float64(lognormal(rng, median))))
	}
	at, err := reply(created, medianFirst[prio])
	if err != nil {
		return nil, err
	}
	if at.After(end) && rng.Float64() < 0.5 {
		return rows, nil // still unanswered at the end of the quarter
	}
	agent := func(t time.Time) {
		if rng.IntN(2) == 0 { // half the replies log the work behind them
			work := min(time.Duration(5+rng.IntN(20))*time.Minute, t.Sub(created))
			rows = append(rows, row{at: t.Add(-work), kind: timing.Work, work: timing.OtherWork, length: work})
		}
		rows = append(rows, row{at: t, kind: timing.AgentReply})
	}
	agent(at)
	rows = append(rows, row{at: at, kind: timing.StatusChange, status: timing.Open})
	if rng.Float64() < 0.05 { // waits on a third party
		hold := time.Duration(12+rng.IntN(36)) * time.Hour
		rows = append(rows, row{at: at, kind: timing.StatusChange, status: timing.OnHold},
			row{at: at.Add(hold), kind: timing.StatusChange, status: timing.Open})
		at = at.Add(hold)
	}
	for exchange := 0; exchange < 3 && rng.Float64() < 0.45; exchange++ {
		rows = append(rows, row{at: at, kind: timing.StatusChange, status: timing.Pending})
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(10*time.Hour))).Truncate(time.Minute).Add(time.Minute)
		rows = append(rows, row{at: at, kind: timing.CustomerReply}, row{at: at, kind: timing.StatusChange, status: timing.Open})
		if at, err = reply(at, medianFirst[prio]); err != nil {
			return nil, err
		}
		agent(at)
	}
	rows = append(rows, row{at: at, kind: timing.StatusChange, status: timing.Solved})
	if rng.Float64() < 0.08 { // reopened by the requester
		at = at.Add(time.Duration(24+rng.IntN(48)) * time.Hour)
		rows = append(rows, row{at: at, kind: timing.CustomerReply}, row{at: at, kind: timing.StatusChange, status: timing.Open})
		if at, err = reply(at, medianFirst[prio]); err != nil {
			return nil, err
		}
		agent(at)
		rows = append(rows, row{at: at, kind: timing.StatusChange, status: timing.Solved})
	}
	if rng.Float64() < 0.5 {
		rows = append(rows, row{at: at.Add(96 * time.Hour), kind: timing.StatusChange, status: timing.Closed})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.at.Compare(b.at) })
	return rows, nil
}
