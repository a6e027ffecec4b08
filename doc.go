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
//     scale: CSAT %, mean, satisfaction index, grades, comparisons.
//   - [github.com/servq/servq/nps]: Net Promoter Score on 0..10, eNPS,
//     intervals, comparisons, sample sizes.
//   - [github.com/servq/servq/servqual]: SERVQUAL gaps, weighted and
//     SERVPERF scores, zone of tolerance and the scale's reliability.
//   - [github.com/servq/servq/mysteryshopper]: audit checklists, scored
//     visits, compliance, branch ranking and shopper effects.
//   - [github.com/servq/servq/retention]: customer and revenue retention,
//     cohorts from event logs, Kaplan-Meier lifetimes, log-rank, sBG;
//     repeat purchases and customer value (BG/NBD, Gamma-Gamma, CLV).
//   - [github.com/servq/servq/timing]: ticket clocks: lifecycle metrics
//     in calendar and business hours, SLA policies, service levels.
//   - [github.com/servq/servq/timing/staffing]: agents needed for a
//     service level by Erlang C and Erlang A, day staffing plans.
//   - [github.com/servq/servq/rating]: the bounded integer rating scale
//     that every package asking for a rating shares.
//
// Every measure follows one flow: validate each observation, accumulate it
// in a tally whose zero value is ready to use, merge tallies built in
// parts, and read a result (an estimate, its n and its interval) that
// marshals to JSON. The examples folder runs whole analyses:
//
//	go run ./examples/quickstart
//
// The module github.com/servq/servq/beam (package servqbeam) runs the
// accumulators as Apache Beam combiners; this module never imports Beam.
//
// # One vocabulary
//
// A user who learned one package should guess the next, so every package
// spells the same idea the same way:
//
//   - An accumulator is a Tally (counts on a bounded scale) or an
//     Accumulator (sufficient statistics of anything else). Its zero value
//     is ready to use, or a constructor says why it cannot be; it has
//     pointer receivers, and a method that rejects its input leaves it
//     unchanged.
//   - Add counts one observation, AddN many copies of one, AddAll a slice
//     (the fast path); Merge(*T) adds an accumulator built elsewhere, nil
//     being empty; Result(estimate.Options) reads the estimates.
//   - An observation is one argument: a number, a bool, a time.Duration, or
//     a struct of the package that carries everything one Add needs
//     (timing.Contact, retention.Lifetime, servqual.Response). Such a
//     struct encodes (AppendBinary, MarshalBinary, UnmarshalBinary, strict
//     like every decoder), so observations cross processes, queues and
//     Beam workers without reflection; the module's contract test lists
//     every accumulator with its observation, and fails on one it misses.
//   - Count(x) is the count of one value, N() the total, All() an iterator
//     over (value, count) in order, as maps.All and slices.All are.
//   - Summarize(xs, ..., opts) is the one-shot form over a slice and
//     SummarizeSeq over an iter.Seq: the same Result as a tally would give.
//   - Compare(before, after, opts) answers "did it change?" with the
//     difference, its interval and a p-value.
//   - estimate.Options carries the confidence level and the interval
//     method, resolved by [estimate.Options.Resolve] and nowhere else.
//     Level only ever means a confidence level, a fraction (0.95); shares
//     are fractions (0..1); scores keep their customary units (CSAT in %,
//     NPS in points), stated in each doc comment; durations are
//     time.Duration.
//   - Every interval is an [estimate.Interval]; every error on user data is
//     an [*estimate.ValueError] wrapping an exported sentinel of the
//     package that returned it.
//   - Results are plain structs with JSON tags; accumulators marshal to
//     JSON and binary, and their decoders reject anything but their own
//     canonical encoding.
package servq
