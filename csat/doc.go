// Package csat measures customer satisfaction from ratings on a bounded
// integer scale: the CSAT (the share of satisfied ratings, in %), the
// mean rating, the satisfaction index, box scores, the median and the
// distribution, each estimate with its confidence interval, and the change
// between two periods.
//
//	var t csat.Tally                         // 1..5, satisfied 4..5
//	err := t.Add(4)                          // one rating; AddN, AddAll
//	r, err := t.Result(estimate.Options{})   // 95 % intervals
//	fmt.Printf("CSAT %.0f %% [%.0f, %.0f]\n", r.CSAT, r.CSATCI.Lo, r.CSATCI.Hi)
//
// # Scales
//
// A [Scale] is Min..Max with the ratings from SatisfiedFrom up counted as
// satisfied. Its zero value is the usual five-point scale, 1..5 with 4 and
// 5 satisfied; [Five], [Seven], [Ten] and [ZeroToTen] are ready, each with
// its top two points satisfied, [NewScale] makes others, and SatisfiedFrom
// can be set to an organisation's own rule (8..10 on a ten-point scale).
// A scale spans at most [MaxSpan] points above Min, so a tally is a fixed
// array of counts.
//
// # Counting
//
// A [Tally] counts ratings per point of its scale, never keeping them: O(n)
// time, no allocation, under 1 KiB of state. Its zero value is ready to
// use on 1..5; [NewTally] makes one on another scale, and [TallyFunc]
// gives the constructor that a group of package group needs to make its
// tallies on that scale. Tallies merge ([Tally.Merge]) and marshal to JSON
// and binary, so the counting can be split across goroutines, files, days
// or machines. [Summarize] and [SummarizeSeq] are the one-shot forms for a
// slice and an iterator.
//
// # Results
//
// [Tally.Result] returns a [Result]: the CSAT in % with its Wilson
// interval (other proportion intervals through estimate.Options.Method),
// the mean with its Student-t interval clamped to the scale, the standard
// deviation, the satisfaction index 0..100 with its interval, the top box,
// top-two and bottom-two box scores in %, the median, and the count and
// share of each point. Results are plain structs with JSON tags; they
// carry their counts, so that [Compare] and [Result.Quantile] work on
// results loaded from JSON.
//
// [Compare] returns the change from one result to another, after -
// before: in CSAT (points of %, Newcombe interval, pooled z test) and in
// mean rating (Welch's t), each with its p-value.
//
// # Grades
//
// On the 1..5 scale each rating names a [Grade] of service: [Criminal],
// [Basic], [Expected], [Desired], [Astonishing] (in Spanish criminal,
// básico, esperado, deseado, alucinante; the course material calls them
// service levels). [GradeOf] names a rating and [GradeOfMean] the grade
// nearest a mean, rounding halves up.
//
// # Days, periods and segments
//
// [DailyAverage] returns the mean rating of each local calendar day of
// timestamped ratings ([Rating]), in an explicit *time.Location, safe across
// daylight-saving changes and independent of the order of the ratings. For other periods and for segments (the CSAT
// per ISO week, per channel and month), keep a Tally per key in a group of
// package group; see the examples.
//
// # Errors
//
// Bad input returns an error, never a panic and never a NaN: an
// [*estimate.ValueError] naming the function, the value and, for a value
// from a slice, its index, wrapping one of the sentinels [ErrScaleMismatch]
// and [ErrGrade], those of package rating ([ErrOutOfRange], [ErrScale]) or
// those of estimate ([ErrEmpty], [ErrCount], [ErrOverflow], [ErrCorrupt],
// ...), re-exported here, so that errors.Is and errors.As both work:
//
//	csat.Tally.Add: rating 6: out of range 1..5
//
// A method that rejects its input leaves the tally unchanged; a result
// returned with a nil error is finite. The decoders are strict: unknown,
// duplicate, case-folded or missing keys, wrong types, trailing data and
// non-minimal varints are ErrCorrupt. Tallies are not safe for concurrent
// use.
package csat
