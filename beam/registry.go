package servqbeam

import (
	"time"
	_ "time/tzdata" // zones travel by name: every worker must load them

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/mysteryshopper"
	"github.com/servq/servq/nps"
	"github.com/servq/servq/retention"
	"github.com/servq/servq/servqual"
	"github.com/servq/servq/timing"
)

// The accumulators of servq, registered with Beam: one line each.
//
// To add one that lands later:
//
//  1. Here, one line: Register[T, In, R]() when *T has
//     Result(estimate.Options) (R, error), RegisterCombiner[T, In]()
//     when it has none. In is what T's Add takes: a basic type or a type
//     that encodes itself (see RegisterCombiner).
//  2. In registry_test.go, one equality test: a row generator registered
//     with rowsOf (seeded, so that the pipeline and the single-machine
//     reference see the same rows; a few rows that Add rejects), an
//     equality registered with equalityOf, with same = nil when T's state
//     is counts (the state bytes must then be equal) or
//     sameResult(compare) when it holds floats (Results to 1e-12
//     relative; sameDeep[R] compares any Result type field by field),
//     and a TestXEqualsSingleMachine that calls its run.
//  3. A row in the table of README.md.
func init() {
	Register[nps.Tally, int, nps.Result]()
	Register[csat.Tally, int, csat.Result]()
	Register[estimate.Moments, float64, estimate.Mean]()
	Register[timing.ServiceLevel, timing.Contact, timing.ServiceLevelResult]()
	Register[timing.Durations, time.Duration, timing.Summary]()
	Register[timing.Sample, time.Duration, timing.Summary]()
	Register[timing.Rate, bool, timing.Share]()
	Register[timing.Compliance, timing.TargetState, timing.ComplianceResult]()
	Register[timing.Tally, timing.Metrics, timing.TallyResult]()
	RegisterCombiner[timing.Sketch, time.Duration]()
	Register[servqual.Accumulator, servqual.Response, servqual.Result]()
	Register[mysteryshopper.Audit, *mysteryshopper.Score, mysteryshopper.Result]()
	Register[retention.Cohorts, retention.Event, retention.CohortTable]()
	RegisterCombiner[retention.Transactions, retention.Event]()
	Register[retention.Flow, retention.Membership, retention.Rate]()
	Register[retention.Histories, retention.History, retention.BGNBD]()
	Register[retention.Spends, retention.Spend, retention.GammaGamma]()
	Register[retention.Lifetimes, retention.Lifetime, retention.Curve]()
	Register[retention.Repeat, retention.Purchases, retention.RepeatRate]()
	Register[retention.Revenue, retention.Account, retention.RevenueRates]()
}
