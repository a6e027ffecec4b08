// Package servq is an SDK of customer-service quality metrics: typed,
// tested calculators whose numbers come with their uncertainty and follow
// the published methods.
//
// This package holds no code; it maps the SDK:
//
//   - [github.com/servq/servq/estimate]: intervals, differences and
//     quantiles that every metric reports.
//   - [github.com/servq/servq/group]: one accumulator per segment and per
//     calendar period (day, ISO week, month, quarter) in a time zone.
//   - [github.com/servq/servq/csat]: satisfaction ratings on a bounded
//     scale: CSAT %, mean, satisfaction index, service levels, comparisons.
//   - [github.com/servq/servq/nps]: Net Promoter Score on 0..10, eNPS,
//     intervals, comparisons, sample sizes.
//
// Every measure follows one flow: validate each observation, accumulate it
// in a tally whose zero value is ready to use, merge tallies built in
// parts, and read a result (an estimate, its n and its interval) that
// marshals to JSON. The examples folder runs whole analyses:
//
//	go run ./examples/quickstart
package servq
