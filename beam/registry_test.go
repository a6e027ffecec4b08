package servqbeam

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/internal/apitest"
	"github.com/servq/servq/mysteryshopper"
	"github.com/servq/servq/retention"
	"github.com/servq/servq/servqual"
	"github.com/servq/servq/timing"
)

// The equality test of each registered accumulator (see equality): a
// generator of rows and, where the state holds floats, a comparison of
// Results. nps.Tally and csat.Tally have theirs, over every period kind,
// in TestPerKeyEqualsSingleMachine.

// estimate.Moments: log-normal handle times in minutes, NaN and ±Inf to
// the dead letters; count exact, mean, SD and interval to 1e-12 relative.
var momentsEquality = resultsOf[estimate.Mean](equalityOf(&equality[estimate.Moments, float64, *estimate.Moments]{
	name: rowsOf("handle minutes", floatRows), bad: true,
	same: sameResult[estimate.Moments](func(g, w estimate.Mean) error {
		if g.N != w.N || !closeTo(g.Mean, w.Mean, 1e-12) || !closeTo(g.SD, w.SD, 1e-12) ||
			!intervalNear(g.CI, w.CI) || g.CI.Level != 0.9 {
			return fmt.Errorf("%+v, want %+v", g, w)
		}
		return nil
	}),
}))

func TestMomentsEqualsSingleMachine(t *testing.T) { momentsEquality.run(t) }

// timing.ServiceLevel with a target of 20 s (the init every key starts
// from): counts, so the state bytes are equal.
var serviceLevelEquality = resultsOf[timing.ServiceLevelResult](equalityOf(&equality[timing.ServiceLevel, timing.Contact, *timing.ServiceLevel]{
	name: rowsOf("timing contacts", timingContactRows), bad: true,
	init: func() *timing.ServiceLevel { return &timing.ServiceLevel{Target: 20 * time.Second} },
}))

func TestServiceLevelEqualsSingleMachine(t *testing.T) { serviceLevelEquality.run(t) }

// timing.Durations: its state holds Welford's mean and M2 in float64, so
// the Summaries are compared (sameSummary); the quantiles, from its
// sketch's counts, exactly.
var durationsEquality = resultsOf[timing.Summary](equalityOf(&equality[timing.Durations, time.Duration, *timing.Durations]{
	name: rowsOf("waits", durRows), bad: true,
	same: sameResult[timing.Durations](sameSummary),
}))

func TestDurationsEqualsSingleMachine(t *testing.T) { durationsEquality.run(t) }

// timing.Sample keeps the durations in the order added, which the merge
// order changes: the Summaries are compared, the type 7 quantiles of the
// sorted durations exactly.
var sampleEquality = resultsOf[timing.Summary](equalityOf(&equality[timing.Sample, time.Duration, *timing.Sample]{
	name: "waits", bad: true,
	same: sameResult[timing.Sample](sameSummary),
}))

func TestSampleEqualsSingleMachine(t *testing.T) { sampleEquality.run(t) }

// timing.Sketch has no Result (RegisterCombiner): its state is counts, so
// the state bytes are equal.
var sketchEquality = equalityOf(&equality[timing.Sketch, time.Duration, *timing.Sketch]{name: "waits", bad: true})

func TestSketchEqualsSingleMachine(t *testing.T) { sketchEquality.run(t) }

// timing.Rate: whether each contact was answered in time, true four times
// in five; Add rejects no bool, so there are no dead letters. Counts: the
// state bytes are equal.
var rateEquality = resultsOf[timing.Share](equalityOf(&equality[timing.Rate, bool, *timing.Rate]{name: rowsOf("answered", answeredRows)}))

func TestRateEqualsSingleMachine(t *testing.T) { rateEquality.run(t) }

var answeredRows = eventsOf(11, func(r *rand.Rand) bool {
	return r.IntN(5) != 0
})

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

var contactRows = eventsOf(13, func(r *rand.Rand) contact {
	c := contact{Wait: time.Duration(r.Int64N(int64(10 * time.Minute))), Answered: r.IntN(3) != 0, Score: r.Float64() * 10, Queue: segments[r.IntN(len(segments))]}
	if r.IntN(500) == 0 {
		c.Wait = -c.Wait - 1
	}
	return c
})

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
var timingContactRows = eventsOf(17, func(r *rand.Rand) timing.Contact {
	c := timing.Contact{Wait: time.Duration(r.ExpFloat64() * 30 * float64(time.Second)), Abandoned: r.IntN(10) == 0}
	if r.IntN(500) == 0 {
		c.Wait = -c.Wait - 1
	}
	return c
})

// The accumulators of timing, servqual, mysteryshopper and retention run
// per segment and per segment x ISO week in New York: the period keys are
// those of nps and csat, checked over every kind above; what these tests
// add is each accumulator's own state crossing the shuffle.
var packageGroupings = []Grouping{
	{By: BySegment},
	{By: BySegmentPeriod, Period: group.Week, Location: newYork},
}

// timing.Compliance: targets of the four metrics, finished (achieved or
// breached) or not (active, paused: accepted, not counted), and about one
// in 500 of an unknown state, which Compliance rejects. Counts: the state
// bytes are equal.
var complianceEquality = resultsOf[timing.ComplianceResult](equalityOf(&equality[timing.Compliance, timing.TargetState, *timing.Compliance]{
	name: rowsOf("target states", targetStateRows), bad: true, groupings: packageGroupings,
}))

func TestComplianceEqualsSingleMachine(t *testing.T) { complianceEquality.run(t) }

var targetStateRows = eventsOf(19, func(r *rand.Rand) timing.TargetState {
	within := time.Duration(1+r.IntN(8)) * time.Hour
	elapsed := time.Duration(r.Int64N(int64(2 * within)))
	ts := timing.TargetState{
		Target:  timing.Target{Metric: timing.SLAMetric(1 + r.IntN(4)), Priority: [...]string{"", "high", "low"}[r.IntN(3)], Within: within, Business: r.IntN(2) == 0},
		State:   timing.State(1 + r.IntN(4)),
		Elapsed: elapsed,
		Left:    within - elapsed,
	}
	if r.IntN(500) == 0 {
		ts.State = timing.State([...]uint8{0, 5, 200}[r.IntN(3)])
	}
	return ts
})

// timing.Tally: one ticket's Metrics per row, with spans in calendar and
// business time (business <= calendar), zero to two next replies, and
// about one in 500 with a negative first response, which Tally rejects.
// Its Durations hold float moments: the Results are compared (sameDeep).
var tallyEquality = resultsOf[timing.TallyResult](equalityOf(&equality[timing.Tally, timing.Metrics, *timing.Tally]{
	name: rowsOf("tickets", metricsRows), bad: true, groupings: packageGroupings,
	same: sameResult[timing.Tally](sameDeep[timing.TallyResult]),
}))

func TestTallyEqualsSingleMachine(t *testing.T) { tallyEquality.run(t) }

func metricsRows(shard, rows int) []Event[timing.Metrics] {
	r := rand.New(rand.NewPCG(uint64(shard), 23))
	span := func(mean time.Duration, ok bool) timing.Span {
		if !ok {
			return timing.Span{}
		}
		c := time.Duration(r.ExpFloat64() * float64(mean))
		return timing.Span{Calendar: c, Business: time.Duration(r.Float64() * float64(c)), OK: true}
	}
	out := make([]Event[timing.Metrics], rows)
	for i := range out {
		solved := r.IntN(4) != 0
		replies, reopens := r.IntN(4), 0
		if r.IntN(10) == 0 {
			reopens = 1
		}
		m := timing.Metrics{
			ID: fmt.Sprintf("t%d-%d", shard, i), Priority: [...]string{"", "high"}[r.IntN(2)], Simple: r.IntN(5) == 0,
			FirstResponse:   span(2*time.Hour, replies > 0),
			FirstResolution: span(20*time.Hour, solved),
			FullResolution:  span(30*time.Hour, solved),
			RequesterWait:   span(10*time.Hour, solved),
			AgentWait:       span(5*time.Hour, solved),
			OnHold:          span(time.Hour, solved),
			Handling:        span(20*time.Minute, true),
			Talk:            time.Duration(r.Int64N(int64(10 * time.Minute))),
			Replies:         replies, Reopens: reopens, Solved: solved,
			FCR: solved && replies == 1 && reopens == 0,
		}
		for range r.IntN(3) {
			m.NextReplies = append(m.NextReplies, span(3*time.Hour, true))
		}
		e := Event[timing.Metrics]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: m}
		e.Value.Created = e.Time.UTC()
		if r.IntN(500) == 0 {
			e.Value.FirstResponse = timing.Span{Calendar: -time.Second, OK: true}
		}
		out[i] = e
	}
	return out
}

// servqual.Accumulator on the standard 22 items, answers 1..7 with one in
// 50 missing, and about one response in 500 with an answer of 8, which it
// rejects. Its moments and co-moments are floats: Results compared.
var servqualEquality = resultsOf[servqual.Result](equalityOf(&equality[servqual.Accumulator, servqual.Response, *servqual.Accumulator]{
	name: rowsOf("servqual responses", responseRows), bad: true, groupings: packageGroupings,
	same: sameResult[servqual.Accumulator](sameDeep[servqual.Result]),
}))

func TestServqualEqualsSingleMachine(t *testing.T) { servqualEquality.run(t) }

func responseRows(shard, rows int) []Event[servqual.Response] {
	r := rand.New(rand.NewPCG(uint64(shard), 29))
	items := len(servqual.Standard().Items)
	answer := func(mean int) int {
		if r.IntN(50) == 0 {
			return servqual.Missing
		}
		return min(7, max(1, mean+r.IntN(3)-1))
	}
	out := make([]Event[servqual.Response], rows)
	for i := range out {
		e, p := make([]int, items), make([]int, items)
		for j := range items {
			e[j], p[j] = answer(6), answer(5)
		}
		if r.IntN(500) == 0 {
			p[r.IntN(items)] = 8
		}
		out[i] = Event[servqual.Response]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: servqual.Response{Expectations: e, Perceptions: p}}
	}
	return out
}

// mysteryshopper.Audit of visits scored on the English report template,
// from random answers, and about one in 500 a nil *Score, which Add
// rejects (ErrEmpty). The Audit's moments are floats: Results compared.
var auditEquality = resultsOf[mysteryshopper.Result](equalityOf(&equality[mysteryshopper.Audit, *mysteryshopper.Score, *mysteryshopper.Audit]{
	name: rowsOf("visits", visitRows), bad: true, groupings: packageGroupings,
	same: sameResult[mysteryshopper.Audit](sameDeep[mysteryshopper.Result]),
}))

func TestAuditEqualsSingleMachine(t *testing.T) { auditEquality.run(t) }

func visitRows(shard, rows int) []Event[*mysteryshopper.Score] {
	c, err := mysteryshopper.Report(mysteryshopper.English)
	if err != nil {
		panic(err)
	}
	sc, err := mysteryshopper.NewScorer(c)
	if err != nil {
		panic(err)
	}
	var items []mysteryshopper.Item
	for _, sec := range c.Sections {
		items = append(items, sec.Items...)
	}
	r := rand.New(rand.NewPCG(uint64(shard), 31))
	answers := make([]mysteryshopper.Answer, len(items))
	out := make([]Event[*mysteryshopper.Score], rows)
	for i := range out {
		for j, it := range items {
			switch {
			case !it.Always && r.IntN(20) == 0:
				answers[j] = mysteryshopper.NA()
			case it.Kind == mysteryshopper.Rating:
				answers[j] = mysteryshopper.Rated(it.Scale.Min + r.IntN(it.Scale.Max-it.Scale.Min+1))
			case it.Kind == mysteryshopper.Choice:
				answers[j] = mysteryshopper.Chose(r.IntN(len(it.Options)))
			case r.IntN(5) == 0:
				answers[j] = mysteryshopper.No()
			default:
				answers[j] = mysteryshopper.Yes()
			}
		}
		out[i] = Event[*mysteryshopper.Score]{Segment: segments[r.IntN(len(segments))], Time: when(r)}
		if r.IntN(500) == 0 {
			continue // a nil score
		}
		s := new(mysteryshopper.Score)
		if err := sc.Score(s, answers); err != nil {
			panic(err)
		}
		out[i].Value = s
	}
	return out
}

// retentionEvents: purchases of 2,000 customers, amounts 5..205 with
// about one in 500 a NaN amount, which Cohorts and Transactions reject.
func retentionEvents(shard, rows int) []Event[retention.Event] {
	r := rand.New(rand.NewPCG(uint64(shard), 37))
	out := make([]Event[retention.Event], rows)
	for i := range out {
		e := retention.Event{Customer: fmt.Sprintf("c%04d", r.IntN(2000)), Amount: 5 + float64(r.IntN(20001))/100}
		if r.IntN(500) == 0 {
			e.Amount = math.NaN()
		}
		out[i] = Event[retention.Event]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: e}
		out[i].Value.At = out[i].Time
	}
	return out
}

var retentionEventRows = rowsOf("retention events", retentionEvents)

// retention.Cohorts by month in Madrid (the init every key starts from),
// per segment and over all: cohorts are a whole log's, so no period key.
// Revenue sums are floats: Results compared.
var cohortsEquality = resultsOf[retention.CohortTable](equalityOf(&equality[retention.Cohorts, retention.Event, *retention.Cohorts]{
	name: retentionEventRows, bad: true, groupings: []Grouping{{By: All}, {By: BySegment}},
	init: func() *retention.Cohorts {
		c, err := retention.NewCohorts(group.Month, madrid)
		if err != nil {
			panic(err)
		}
		return c
	},
	same: sameResult[retention.Cohorts](sameDeep[retention.CohortTable]),
}))

func TestCohortsEqualsSingleMachine(t *testing.T) { cohortsEquality.run(t) }

// retention.Transactions in Madrid has no Result (RegisterCombiner): the
// customers' histories at a split (calibration to mid 2026, holdout to
// its end, in weeks) are compared.
var transactionsEquality = equalityOf(&equality[retention.Transactions, retention.Event, *retention.Transactions]{
	name: retentionEventRows, bad: true, groupings: []Grouping{{By: All}, {By: BySegment}},
	init: func() *retention.Transactions {
		t, err := retention.NewTransactions(madrid)
		if err != nil {
			panic(err)
		}
		return t
	},
	same: func(got, want *retention.Transactions) error {
		split := retention.Split{End: time.Date(2026, 6, 30, 0, 0, 0, 0, madrid), HoldoutEnd: time.Date(2026, 12, 31, 0, 0, 0, 0, madrid), Unit: retention.UnitWeek}
		g, gerr := got.Summarize(split)
		w, werr := want.Summarize(split)
		switch {
		case gerr != nil && werr != nil && gerr.Error() == werr.Error():
			return nil // a key of customers who all bought after the split
		case gerr != nil || werr != nil:
			return fmt.Errorf("Summarize: %v, want %v", gerr, werr)
		}
		// Customers come in the order of the merges (see retention.Summary):
		// the same customers with the same histories, in ID order.
		byID := func(a, b retention.Customer) int { return strings.Compare(a.ID, b.ID) }
		slices.SortFunc(g.Customers, byID)
		slices.SortFunc(w.Customers, byID)
		return sameDeep(g, w)
	},
})

func TestTransactionsEqualsSingleMachine(t *testing.T) { transactionsEquality.run(t) }

// retention.Flow: customers active at the start and at the end of the
// period; Add rejects no Membership, so there are no dead letters.
// Counts: the state bytes are equal.
var flowEquality = resultsOf[retention.Rate](equalityOf(&equality[retention.Flow, retention.Membership, *retention.Flow]{
	name: rowsOf("memberships", eventsOf(41, func(r *rand.Rand) retention.Membership {
		return retention.Membership{AtStart: r.IntN(5) != 0, AtEnd: r.IntN(4) != 0}
	})),
	groupings: packageGroupings,
}))

func TestFlowEqualsSingleMachine(t *testing.T) { flowEquality.run(t) }

// retention.Histories: BG/NBD histories in whole days (so that rows
// repeat and are counted), and about one in 500 with a recency past the
// age, which Add rejects. Counts of distinct rows: the state bytes.
var historiesEquality = resultsOf[retention.BGNBD](equalityOf(&equality[retention.Histories, retention.History, *retention.Histories]{
	name: rowsOf("histories", eventsOf(43, func(r *rand.Rand) retention.History {
		h := retention.History{X: int64(r.IntN(6)), T: float64(30 + r.IntN(60))}
		if h.X > 0 {
			h.Tx = float64(r.IntN(int(h.T) + 1))
		}
		if r.IntN(500) == 0 {
			h.Tx = h.T + 1
		}
		return h
	})),
	bad: true, groupings: packageGroupings,
}))

func TestHistoriesEqualsSingleMachine(t *testing.T) { historiesEquality.run(t) }

// retention.Spends: repeat purchases and their mean value in whole
// currency units, and about one in 500 with no repeat purchase, which
// Add rejects. Counts of distinct rows: the state bytes.
var spendsEquality = resultsOf[retention.GammaGamma](equalityOf(&equality[retention.Spends, retention.Spend, *retention.Spends]{
	name: rowsOf("spends", eventsOf(47, func(r *rand.Rand) retention.Spend {
		s := retention.Spend{X: int64(1 + r.IntN(5)), M: float64(10 + r.IntN(40))}
		if r.IntN(500) == 0 {
			s.X = 0
		}
		return s
	})),
	bad: true, groupings: packageGroupings,
}))

func TestSpendsEqualsSingleMachine(t *testing.T) { spendsEquality.run(t) }

// retention.Lifetimes: tenures in whole months, churned or censored, one
// in ten left-truncated, and about one in 500 a NaN exit, which Add
// rejects. Counts per distinct time: the state bytes.
var lifetimesEquality = resultsOf[retention.Curve](equalityOf(&equality[retention.Lifetimes, retention.Lifetime, *retention.Lifetimes]{
	name: rowsOf("lifetimes", eventsOf(53, func(r *rand.Rand) retention.Lifetime {
		l := retention.Lifetime{Exit: float64(1 + r.IntN(36)), Status: retention.Status(r.IntN(2))}
		if r.IntN(10) == 0 {
			l.Entry = float64(r.IntN(int(l.Exit)))
		}
		if r.IntN(500) == 0 {
			l.Exit = math.NaN()
		}
		return l
	})),
	bad: true, groupings: packageGroupings,
}))

func TestLifetimesEqualsSingleMachine(t *testing.T) { lifetimesEquality.run(t) }

// retention.Repeat: each customer's purchases, the last up to 400 days
// after the first, and about one in 500 with the last before the first,
// which Add rejects. Its sums of days are floats: Results compared.
var repeatEquality = resultsOf[retention.RepeatRate](equalityOf(&equality[retention.Repeat, retention.Purchases, *retention.Repeat]{
	name: rowsOf("purchases", func(shard, rows int) []Event[retention.Purchases] {
		r := rand.New(rand.NewPCG(uint64(shard), 59))
		out := make([]Event[retention.Purchases], rows)
		for i := range out {
			first := when(r)
			p := retention.Purchases{Count: int64(1 + r.IntN(6)), First: first, Last: first.Add(time.Duration(r.Int64N(400*24)) * time.Hour)}
			if r.IntN(500) == 0 {
				p.Count, p.Last = 3, first.Add(-time.Hour)
			}
			out[i] = Event[retention.Purchases]{Segment: segments[r.IntN(len(segments))], Time: first, Value: p}
		}
		return out
	}),
	bad: true, groupings: packageGroupings,
	same: sameResult[retention.Repeat](sameDeep[retention.RepeatRate]),
}))

func TestRepeatEqualsSingleMachine(t *testing.T) { repeatEquality.run(t) }

// retention.Revenue: each customer's recurring revenue at the start and
// end of the period (new, churned, expanded, contracted), and about one
// in 500 negative, which Add rejects. Its sums are floats: Results.
var revenueEquality = resultsOf[retention.RevenueRates](equalityOf(&equality[retention.Revenue, retention.Account, *retention.Revenue]{
	name: rowsOf("accounts", eventsOf(61, func(r *rand.Rand) retention.Account {
		a := retention.Account{Start: float64(r.IntN(50000)) / 100, End: float64(r.IntN(50000)) / 100}
		switch r.IntN(10) {
		case 0:
			a.Start = 0
		case 1:
			a.End = 0
		}
		if r.IntN(500) == 0 {
			a.End = -1
		}
		return a
	})),
	bad: true, groupings: packageGroupings,
	same: sameResult[retention.Revenue](sameDeep[retention.RevenueRates]),
}))

func TestRevenueEqualsSingleMachine(t *testing.T) { revenueEquality.run(t) }

// TestEveryAccumulatorRegistered: every accumulator that the core module
// declares (apitest.Accumulators finds them by their methods) has its
// combiner, so one that lands later fails here until its line is added
// to registry.go.
func TestEveryAccumulatorRegistered(t *testing.T) {
	all, err := apitest.Accumulators("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 20 {
		t.Fatalf("apitest.Accumulators found %d accumulators, fewer than the 20 of this writing: %v", len(all), all)
	}
	for _, name := range all {
		if !combined[name] {
			t.Errorf("%s has no combiner: add its Register or RegisterCombiner line to registry.go, and its equality test", name)
		}
	}
}

// eventsOf returns a row generator for rowsOf: each shard's rows seeded
// by the shard and seed, each value drawn by value, then its segment and
// time.
func eventsOf[In any](seed uint64, value func(r *rand.Rand) In) func(shard, rows int) []Event[In] {
	return func(shard, rows int) []Event[In] {
		r := rand.New(rand.NewPCG(uint64(shard), seed))
		out := make([]Event[In], rows)
		for i := range out {
			v := value(r)
			out[i] = Event[In]{Segment: segments[r.IntN(len(segments))], Time: when(r), Value: v}
		}
		return out
	}
}
