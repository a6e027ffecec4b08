package servqbeam

import (
	"time"
	_ "time/tzdata" // zones travel by name: every worker must load them

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/nps"
	"github.com/servq/servq/timing"
)

// The accumulators of servq, registered with Beam: one line each. An
// accumulator that lands later adds its line here, and one equality test
// in registry_test.go.
func init() {
	Register[nps.Tally, int, nps.Result]()
	Register[csat.Tally, int, csat.Result]()
	Register[estimate.Moments, float64, estimate.Mean]()
	Register[timing.ServiceLevel, time.Duration, timing.ServiceLevelResult]()
}
