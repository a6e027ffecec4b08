package staffing

import (
	"math"
	"time"
)

// Limits on the inputs. They bound the cost of a call, not its accuracy:
// the numerics are checked from 0.01 to 10,000 Erlangs (see staffing.md).
const (
	// MaxErlangs is the largest offered load accepted, in Erlangs.
	MaxErlangs = 1e6
	// MaxAgents is the largest number of agents evaluated or returned.
	MaxAgents = 10_000_000
	// MaxPatienceRatio is the largest mean patience accepted, in average
	// handling times. Beyond it Erlang A is Erlang C to many digits; the
	// cost of an Erlang A evaluation grows with the square root of the
	// patience.
	MaxPatienceRatio = 1e4
)

// Infinite is the wait reported by an unstable queue, one whose agents
// cannot keep up with the load, so that waits grow without bound. It is the
// largest [time.Duration], about 292 years, and encodes in JSON as the
// integer 9223372036854775807. Finite waits longer than that also read as
// Infinite.
const Infinite = time.Duration(math.MaxInt64)

// A Queue is the offered work of one interval: Contacts arrive at random
// (a Poisson process) over Interval and each takes AHT of an agent's time
// on average (exponentially distributed). Its load is
//
//	A = Contacts * AHT / Interval   (Erlangs: agents kept busy on average)
//
// Contacts may be fractional, as forecasts are. The zero Queue is not
// valid: Interval and AHT must be positive.
type Queue struct {
	Contacts float64       `json:"contacts"` // contacts offered in the interval, >= 0
	Interval time.Duration `json:"interval"` // length of the interval, > 0
	AHT      time.Duration `json:"aht"`      // average handling time, > 0
}

// Erlangs returns the offered load A = Contacts * AHT / Interval. Contacts
// that are negative return ErrNegative, NaN or infinite ErrNotFinite; an
// Interval or AHT <= 0 returns ErrNotPositive; a load above [MaxErlangs]
// returns ErrTooLarge.
func (q Queue) Erlangs() (float64, error) { return q.erlangs("staffing.Queue.Erlangs") }

func (q Queue) erlangs(fn string) (float64, error) {
	switch {
	case math.IsNaN(q.Contacts) || math.IsInf(q.Contacts, 0):
		return 0, valueErr(fn, "contacts", q.Contacts, ErrNotFinite)
	case q.Contacts < 0:
		return 0, valueErr(fn, "contacts", q.Contacts, ErrNegative)
	case q.Interval <= 0:
		return 0, durationErr(fn, "interval", q.Interval, ErrNotPositive)
	case q.AHT <= 0:
		return 0, durationErr(fn, "aht", q.AHT, ErrNotPositive)
	}
	a := q.Contacts * (float64(q.AHT) / float64(q.Interval))
	if !(a <= MaxErlangs) {
		return 0, valueErr(fn, "erlangs", a, ErrTooLarge)
	}
	return a, nil
}

// A Model names the queueing model behind a [Result].
type Model string

// The models of this package.
const (
	// ModelC is Erlang C, the M/M/N queue: callers wait as long as it takes.
	ModelC Model = "erlang-c"
	// ModelA is Erlang A, the M/M/N+M queue: callers abandon after an
	// exponentially distributed patience.
	ModelA Model = "erlang-a"
)

// A Result is the steady-state performance of one interval's queue with a
// given number of agents. Shares are fractions in [0, 1]; times are
// durations; QueueLength and InSystem are mean numbers of contacts.
//
// An unstable Erlang C queue (Agents <= Erlangs, Stable false) reports
// Wait 1, ServiceLevel 0, Occupancy 1, [Infinite] waits and +Inf
// QueueLength and InSystem; in JSON those two read "+Inf", since JSON
// numbers cannot be infinite. Erlang A queues are always stable. With no
// load every contact-based measure is that of an empty queue: Wait 0,
// ServiceLevel 1, waits 0.
type Result struct {
	Model        Model         `json:"model"`
	Agents       int           `json:"agents"`         // N
	Erlangs      float64       `json:"erlangs"`        // offered load A
	Stable       bool          `json:"stable"`         // waits have a finite mean
	Blocking     float64       `json:"blocking"`       // Erlang B(N, A): share lost if nobody could wait
	Wait         float64       `json:"wait"`           // P(wait > 0): share of contacts that queue
	Abandon      float64       `json:"abandon"`        // share of contacts that abandon (0 in Erlang C)
	ServiceLevel float64       `json:"service_level"`  // share of all contacts answered within AnswerWithin
	AnswerWithin time.Duration `json:"answer_within"`  // the service level's answer time t
	ASA          time.Duration `json:"asa"`            // mean wait of answered contacts, zero waits included
	WaitIfWaits  time.Duration `json:"wait_if_waits"`  // mean time in queue of the contacts that queue
	Occupancy    float64       `json:"occupancy"`      // share of agent time busy with contacts
	QueueLength  float64       `json:"queue_length"`   // mean number waiting, Lq
	InSystem     float64       `json:"in_system"`      // mean number waiting or served, L
	TimeInSystem time.Duration `json:"time_in_system"` // mean time from arrival to leaving, W
}

// seconds converts a time in seconds to a Duration, rounding to the
// nanosecond; +Inf and times beyond the range of Duration are Infinite.
func seconds(s float64) time.Duration {
	if !(s < float64(Infinite)/1e9) {
		return Infinite
	}
	return time.Duration(math.Round(s * 1e9))
}

// checkAgents validates an agent count.
func checkAgents(fn string, n int) error {
	switch {
	case n < 0:
		return valueErr(fn, "agents", float64(n), ErrNegative)
	case n > MaxAgents:
		return valueErr(fn, "agents", float64(n), ErrTooLarge)
	}
	return nil
}

// checkWithin validates a service level's answer time.
func checkWithin(fn string, t time.Duration) error {
	if t < 0 {
		return durationErr(fn, "answer time", t, ErrNegative)
	}
	return nil
}

// patienceRatio validates a mean patience and returns it in handling times.
func patienceRatio(fn string, patience, aht time.Duration) (float64, error) {
	if patience <= 0 {
		return 0, durationErr(fn, "patience", patience, ErrNotPositive)
	}
	r := float64(patience) / float64(aht)
	if r > MaxPatienceRatio {
		return 0, durationErr(fn, "patience", patience, ErrTooLarge)
	}
	return r, nil
}
