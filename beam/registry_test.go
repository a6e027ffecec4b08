package servqbeam

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"github.com/servq/servq/timing"
)

// The equality test of each registered accumulator (see equality): a
// generator of rows and, where the state holds floats, a comparison of
// Results. nps.Tally and csat.Tally have theirs, over every period kind,
// in TestPerKeyEqualsSingleMachine.

// estimate.Moments: log-normal handle times in minutes, NaN and ±Inf to
// the dead letters; count exact, mean, SD and interval to 1e-12 relative.
var momentsEquality = equalityOf(&equality[estimate.Moments, float64, *estimate.Moments]{
	name: rowsOf("handle minutes", floatRows), bad: true,
	same: sameResult[estimate.Moments](func(g, w estimate.Mean) error {
		if g.N != w.N || !closeTo(g.Mean, w.Mean, 1e-12) || !closeTo(g.SD, w.SD, 1e-12) ||
			!closeTo(g.CI.Lo, w.CI.Lo, 1e-12) || !closeTo(g.CI.Hi, w.CI.Hi, 1e-12) || g.CI.Level != 0.9 {
			return fmt.Errorf("%+v, want %+v", g, w)
		}
		return nil
	}),
})

func TestMomentsEqualsSingleMachine(t *testing.T) { momentsEquality.run(t) }

// timing.ServiceLevel with a target of 20 s (the init every key starts
// from): counts, so the state bytes are equal.
var serviceLevelEquality = equalityOf(&equality[timing.ServiceLevel, timing.Contact, *timing.ServiceLevel]{
	name: rowsOf("timing contacts", timingContactRows), bad: true,
	init: func() *timing.ServiceLevel { return &timing.ServiceLevel{Target: 20 * time.Second} },
})

func TestServiceLevelEqualsSingleMachine(t *testing.T) { serviceLevelEquality.run(t) }

// timing.Durations: its state holds Welford's mean and M2 in float64, so
// the Summaries are compared (sameSummary); the quantiles, from its
// sketch's counts, exactly.
var durationsEquality = equalityOf(&equality[timing.Durations, time.Duration, *timing.Durations]{
	name: rowsOf("waits", durRows), bad: true,
	same: sameResult[timing.Durations](sameSummary),
})

func TestDurationsEqualsSingleMachine(t *testing.T) { durationsEquality.run(t) }

// timing.Sample keeps the durations in the order added, which the merge
// order changes: the Summaries are compared, the type 7 quantiles of the
// sorted durations exactly.
var sampleEquality = equalityOf(&equality[timing.Sample, time.Duration, *timing.Sample]{
	name: "waits", bad: true,
	same: sameResult[timing.Sample](sameSummary),
})

func TestSampleEqualsSingleMachine(t *testing.T) { sampleEquality.run(t) }

// timing.Sketch has no Result (RegisterCombiner): its state is counts, so
// the state bytes are equal.
var sketchEquality = equalityOf(&equality[timing.Sketch, time.Duration, *timing.Sketch]{name: "waits", bad: true})

func TestSketchEqualsSingleMachine(t *testing.T) { sketchEquality.run(t) }

// timing.Rate: whether each contact was answered in time, true four times
// in five; Add rejects no bool, so there are no dead letters. Counts: the
// state bytes are equal.
var rateEquality = equalityOf(&equality[timing.Rate, bool, *timing.Rate]{name: rowsOf("answered", answeredRows)})

func TestRateEqualsSingleMachine(t *testing.T) { rateEquality.run(t) }

func answeredRows(shard, rows int) []Event[bool] {
	r := rand.New(rand.NewPCG(uint64(shard), 11))
	out := make([]Event[bool], rows)
	for i := range out {
		out[i] = Event[bool]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: r.IntN(5) != 0}
	}
	return out
}

// The struct and pointer inputs, through the test accumulator probe (see
// codec_test.go), as the observations of the metric packages will come:
// contacts with a negative wait about one in 500, and for the pointers a
// nil about one in 500, to the dead letters.
var (
	contactEquality = equalityOf(&equality[probe[contact], contact, *probe[contact]]{
		name: rowsOf("contacts", contactRows), bad: true,
	})
	contactPtrEquality = equalityOf(&equality[probe[*contact], *contact, *probe[*contact]]{
		name: rowsOf("contact pointers", contactPtrRows), bad: true,
	})
)

func TestStructInputEqualsSingleMachine(t *testing.T) {
	contactEquality.run(t)
	contactPtrEquality.run(t)
}

func contactRows(shard, rows int) []Event[contact] {
	r := rand.New(rand.NewPCG(uint64(shard), 13))
	out := make([]Event[contact], rows)
	for i := range out {
		c := contact{Wait: time.Duration(r.Int64N(int64(10 * time.Minute))), Answered: r.IntN(3) != 0, Score: r.Float64() * 10, Queue: segments[r.IntN(len(segments))]}
		if r.IntN(500) == 0 {
			c.Wait = -c.Wait - 1
		}
		out[i] = Event[contact]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: c}
	}
	return out
}

func contactPtrRows(shard, rows int) []Event[*contact] {
	cs := contactRows(shard, rows)
	out := make([]Event[*contact], rows)
	for i, e := range cs {
		out[i] = Event[*contact]{Segment: e.Segment, Time: e.Time}
		if i%499 != 7 {
			out[i].Value = &cs[i].Value
		}
	}
	return out
}

// timingContactRows: waits exponential with a mean of 30 s, one contact
// in ten abandoned, and about one in 500 a negative wait, which
// ServiceLevel rejects.
func timingContactRows(shard, rows int) []Event[timing.Contact] {
	r := rand.New(rand.NewPCG(uint64(shard), 17))
	out := make([]Event[timing.Contact], rows)
	for i := range out {
		c := timing.Contact{Wait: time.Duration(r.ExpFloat64() * 30 * float64(time.Second)), Abandoned: r.IntN(10) == 0}
		if r.IntN(500) == 0 {
			c.Wait = -c.Wait - 1
		}
		out[i] = Event[timing.Contact]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: c}
	}
	return out
}

// notYet lists the accumulators of servq that have no combiner yet, and
// why: registering all twenty in this one package made its compile
// need more than 14 GB of memory (8 take 7 GB and 100 s): each Register
// instantiates Beam's generic register functions for its types. They
// come with a split of the registrations into packages of their own.
var notYet = map[string]string{
	"timing.Compliance":      "compile memory",
	"timing.Tally":           "compile memory",
	"servqual.Accumulator":   "compile memory",
	"mysteryshopper.Audit":   "compile memory",
	"retention.Cohorts":      "compile memory",
	"retention.Transactions": "compile memory",
	"retention.Flow":         "compile memory",
	"retention.Histories":    "compile memory",
	"retention.Spends":       "compile memory",
	"retention.Lifetimes":    "compile memory",
	"retention.Repeat":       "compile memory",
	"retention.Revenue":      "compile memory",
}

// TestEveryAccumulatorRegistered: every accumulator that the core module
// declares (apitest.Accumulators finds them by their methods) has its
// combiner or is listed in notYet, so that one that lands later fails
// here until its line is added to registry.go; and a listed one that has
// its combiner must leave the list.
func TestEveryAccumulatorRegistered(t *testing.T) {
	all, err := apitest.Accumulators("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 20 {
		t.Fatalf("apitest.Accumulators found %d accumulators, fewer than the 20 of this writing: %v", len(all), all)
	}
	for _, name := range all {
		switch _, listed := notYet[name]; {
		case combined[name] && listed:
			t.Errorf("%s has its combiner: remove it from notYet", name)
		case !combined[name] && !listed:
			t.Errorf("%s has no combiner: add its Register or RegisterCombiner line to registry.go, and its equality test", name)
		}
	}
	for name := range notYet {
		if !slices.Contains(all, name) {
			t.Errorf("notYet lists %s, which is not an accumulator of the module", name)
		}
	}
}
