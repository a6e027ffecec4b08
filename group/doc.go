// Package group keeps one accumulator per key and per calendar period, so
// that every servq metric can be reported by segment (channel, branch,
// agent), by day, ISO week, month or quarter, or by both, without writing
// its own bookkeeping:
//
//	w := group.ByPeriod[nps.Tally](group.Week, loc)
//	w.At(answeredAt).Add(9)
//	for start, tally := range w.All() { ... } // weeks in order
//
// # Groups
//
// A group holds accumulators: structs whose zero value is ready to use,
// used through pointers, that merge with Merge(*T) error (see
// [Accumulator]). At returns the accumulator of a key, making it the first
// time the key is seen; Get looks one up without making it; All lists
// them in order; Merge adds another group of the same kind; JSON carries
// a group as an ordered list of entries.
//
//   - [Map]: one accumulator per key, made by [ByKey] (keys in the order of
//     cmp.Compare) or [ByKeyFunc] (an order of your own).
//   - [Series]: one accumulator per period, made by [ByPeriod], listed
//     chronologically; [Series.Periods] lists every period of a range,
//     those without data included, for trend charts that show gaps.
//   - [Panel]: one accumulator per segment and period ([Cell]), made by
//     [BySegmentPeriod] or [BySegmentPeriodFunc], listed by segment and
//     then chronologically.
//
// [Series.Window] and [Panel.Window] merge the accumulators of the last k
// periods into a new one: the trailing "last 4 weeks" of a trend report,
// or the baseline that a week is compared with.
//
// The type of a group names its accumulator twice, as T and as *T:
// group.ByPeriod[nps.Tally](group.Week, loc) infers the pointer type, and
// a function that takes the group spells it out,
//
//	func report(g *group.Panel[string, csat.Tally, *csat.Tally]) { ... }
//
// (a generic alias cannot drop the pointer, whose Merge method the
// constraint needs).
//
// A metric whose zero accumulator is not right for it (a csat tally on a
// 1..7 scale) sets the group's New field, which makes every accumulator
// of the group; nil means new(T).
//
// # Calendar
//
// A [Period] is [Day], [Week], [Month] or [Quarter] of the Gregorian
// calendar. Weeks are ISO 8601 weeks: they start on Monday, and are named
// by the ISO week-year, so 2024-12-30 is in 2025-W01 and 2021-01-03 in
// 2020-W53. [Period.Start], [Period.Next] and [Period.Label] compute
// period starts, steps and names on their own.
//
// Times are read on the wall clock of the group's [time.Location], given
// when the group is made: an answer at 2026-03-01T23:30Z belongs to
// 2026-03-02 in Asia/Tokyo. There is no default Location; pass time.UTC
// for UTC. A period's key is its first instant, in that Location and
// without a monotonic clock reading, so every instant of the period finds
// the same accumulator whatever Location and clock reading it came with.
// Periods are calendar spans, not fixed durations: a day across a
// daylight-saving change has 23 or 25 hours, and starts at local midnight
// (or, in the few zones whose clock change skips midnight, at the first
// instant of the day). Periods are contiguous, [Start, Next), and the period
// of an instant depends on the instant and the Location alone, in every
// zone of the tz database: where a clock change set the date back
// (America/St_Johns until 2011), the repeated hour belongs to the day
// already begun, whatever the group saw before.
//
// # Concurrency
//
// A group is not safe for concurrent use, not even by readers only. Split
// work across goroutines by giving each goroutine its own group, then
// Merge them into one when the goroutines are done; see the example of
// [Series.Merge]. Merge copies: a group never shares an accumulator with
// the group merged into it.
//
// # Errors
//
// Every error is an [*estimate.ValueError] that names the function and the
// value at fault, wrapping one of the sentinels [ErrPeriod],
// [ErrLocation], [ErrMismatch], [ErrZero], [ErrCount] and [ErrCorrupt]
// (the last two estimate's), so
// errors.Is and errors.As both work. An error about one key (a Merge of
// its accumulator failed, or its JSON entry did not decode) has Name "key",
// the key as Text, and as its reason a [*KeyError] that holds the key with
// its own type and wraps the accumulator's error. A Merge or an
// UnmarshalJSON that fails leaves the group unchanged. A few things are
// programming errors, which panic: making a Series or Panel with an
// invalid Period or a nil Location (with a ValueError wrapping ErrPeriod
// or ErrLocation), a nil compare function, a New function that returns
// nil, and calling At on a zero group.
package group
