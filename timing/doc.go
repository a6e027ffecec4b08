// Package timing measures the clocks of a service desk: how fast the first
// answer came, how long a ticket took to solve, how many were handled
// within the promised time. It turns ticket events into lifecycle metrics
// in calendar time and in business hours, accumulates them by period and
// segment with package group, checks SLA targets, and reports service
// levels, each rate with its confidence interval.
//
//	cal, err := timing.NewCalendar(timing.Schedule{Location: madrid, Week: week})
//	a := timing.Analyzer{Calendar: cal}
//	m, err := a.Measure(ticket)         // m.FirstResponse.Business, m.FCR, ...
//	weeks := group.ByPeriod[timing.Tally](group.Week, madrid)
//	err = weeks.At(m.Created).Add(m)
//	r, err := weeks.At(m.Created).Result(estimate.Options{}) // r.FirstResponse.Business.P90
//
// # Business hours
//
// A [Calendar] ([NewCalendar], from a [Schedule]) holds several opening
// [Window]s per weekday, an IANA *time.Location, holidays as [Date]s,
// a HolidaySource hook (a country list, rickar/cal) and one-off
// [Exception]s. Business time is the real elapsed time during which the
// local wall clock is inside a window of a working, non-holiday day: on a
// clock-change day a 00:00-24:00 window holds 23 h or 25 h. [Calendar.Duration]
// and [Calendar.Add] are exact to the nanosecond and inverse of each
// other; a year costs two to three times a day, and over a year Duration is some
// 10^5 times faster than stepping minute by minute (BENCHMARKS.md).
//
// # Tickets
//
// An [Analyzer] turns a [Ticket]'s [Event]s (created, agent and customer
// replies, [Status] changes, agent [Work] intervals), in any order, into
// [Metrics], following Zendesk's definitions: first response, next
// replies, first and full resolution, requester and agent wait, on-hold
// and handling time, each a [Span] in calendar and business time; replies,
// reopens, and first-contact resolution (solved with one agent reply and
// never reopened). Events that contradict each other are an error naming
// the ticket.
//
// # Aggregates
//
// Every accumulator T has a ready zero value (or a documented field to
// set first) and the same methods, so that group.ByPeriod, group.ByKey,
// group.BySegmentPeriod and a distributed engine's combiners treat them
// alike: Add(x) with one observation x carrying all the accumulator
// needs; AddN(x, count) where counting one observation many times makes
// sense; AddAll(xs), all or nothing; Merge(*T); N(); Result(Options); and
// MarshalBinary/AppendBinary/UnmarshalBinary and MarshalJSON/UnmarshalJSON.
// An observation that is not a basic type ([Contact], [Metrics],
// [TargetState], and the [Span]s inside Metrics) encodes in binary too,
// to travel between processes without reflection (see
// [Contact.MarshalBinary]); its decoder checks the representation, Add
// the values.
//
//   - [Tally]: Add([Metrics]) of tickets: volume, resolution, FCR, reopen
//     and simple-question rates ([Share]s with Wilson intervals) and each
//     metric summarised ([Times], [Summary]: count, mean with its t
//     interval, median, p90, p95), by sketch or, with Tally.Exact, by
//     type-7 quantiles. No AddN: a ticket counts once.
//   - [Durations]: Add(time.Duration), AddN: a stream of durations, O(1)
//     memory: mean by estimate.Moments, quantiles by a [Sketch]
//     (DDSketch, Masson, Rim and Lee 2019) within 1 % relative error
//     ([SketchAccuracy]). The Sketch is its component, combinable but
//     with no Result.
//   - [Sample]: Add(time.Duration): exact quantiles by estimate.Quantiles
//     (Hyndman and Fan type 7 by default, R's), keeping every value (no
//     AddN, whose copies would take memory).
//   - [Rate]: Add(bool), AddN: successes among trials.
//   - [ServiceLevel]: Add([Contact]), AddN: the share of contacts
//     answered within a target, such as 80 % within 20 s, abandoned
//     contacts counted as missed.
//   - [Compliance]: Add([TargetState]), AddN: SLA targets achieved per
//     metric.
//
// One-shot forms: [Summarize] and [SummarizeSeq] for a slice or iterator
// of durations; "did it change?": [Compare] for two rates, [CompareMeans]
// for two sets of durations.
//
// # SLAs
//
// A [Policy] holds [Target]s (first reply, next reply, resolution,
// periodic update; per priority; in calendar or business time) and the
// statuses that pause its clocks. [Policy.Check] gives each target's
// [TargetState] at an instant: active, paused, achieved or breached, with
// the time left or overdue.
//
// # Units and errors
//
// Durations are time.Duration; shares and levels are fractions (0..1,
// 0.95); mean intervals of a [Summary] are in seconds. Instants must fall
// in the years 1900..2199. Bad input returns an *estimate.ValueError
// wrapping a sentinel of this package ([ErrOrder], [ErrNegative],
// [ErrWindow], [ErrOverlap], [ErrLocation], [ErrContradiction], ...);
// nothing panics on user data.
package timing
