// Package servqbeam runs the accumulators of servq as Apache Beam
// combiners, so that the same metrics, with the same numbers and
// intervals, come out of a pipeline on Dataflow, Flink, Spark or Beam's
// in-process prism runner as out of one process. Its import path is
// github.com/servq/servq/beam: a module of its own, so that
// `go get github.com/servq/servq` never pulls in the Beam SDK.
//
//	events := ... // a PCollection of servqbeam.Event[int]: channel, time, score
//	g := servqbeam.Grouping{By: servqbeam.BySegmentPeriod, Period: group.Week, Location: madrid}
//	accs, dead, err := servqbeam.PerKey[nps.Tally, int](s, g, nil, events)
//	results, failed := servqbeam.Results[nps.Tally, nps.Result](s, estimate.Options{}, accs)
//	textio.Write(s, "weekly-nps.jsonl", servqbeam.JSONLines[nps.Result](s, results))
//
// # Combining
//
// [CombineFn] turns any servq accumulator (an [Accumulator]: Add, Merge,
// N, MarshalBinary, UnmarshalBinary) into a Beam CombineFn. Beam lifts it:
// each bundle adds its rows to one accumulator per key, the accumulators
// cross the shuffle in the accumulator's own binary encoding (a few bytes
// for a tally, whatever its n), and MergeAccumulators combines them. The
// result is the state that one process would have built from all the
// rows: equal counts, and for estimate.Moments equal up to the rounding
// of another merge order.
//
// # Per key
//
// [PerKey] keys [Event] values by a [Grouping] ([All], [BySegment],
// [ByPeriod], [BySegmentPeriod]; periods as group.Period.Start gives them
// in a time zone) into [Key] values and combines them; [CombinePerKey]
// takes rows already keyed. [Results] turns the accumulators into the
// packages' own Result types, with their intervals, and [JSONLines] into
// [Record] lines.
//
// # Dead letters
//
// A row whose value the accumulator rejects (an NPS score of 11, a NaN)
// goes to the dead-letter output as a [DeadLetter] with the accumulator's
// error text, and the pipeline goes on. PerKey finds them by adding each
// value to a fresh empty accumulator first, so the test is the
// accumulator's own and never copied. A failure that depends on the
// merged state (a count beyond MaxInt64, csat tallies on different
// scales) fails the pipeline instead, as it cannot be pinned on one row.
//
// # Registration
//
// The Beam Go SDK must know every DoFn, CombineFn, coder and emitter
// type before beam.Init. [Register] does all of it for one accumulator in
// one line; [RegisterCombiner] does it for an accumulator with no Result
// method (timing.Sketch), whose merged *T per key the pipeline reads
// itself. This package's init registers every accumulator of servq:
// nps.Tally and csat.Tally (int), estimate.Moments (float64), timing's
// ServiceLevel (timing.Contact), Durations, Sample and Sketch
// (time.Duration), Rate (bool), Compliance (timing.TargetState) and Tally
// (timing.Metrics), servqual.Accumulator (servqual.Response),
// mysteryshopper.Audit (*mysteryshopper.Score), and retention's Cohorts
// and Transactions (retention.Event), Flow, Histories, Spends, Lifetimes,
// Repeat and Revenue (their own observations), each with its package's
// Result type but Sketch and Transactions. The fast calls of the DoFns
// are registered without the SDK's register.DoFnNxM, whose instantiations
// made the compile of twenty accumulators need more than 14 GB; with this
// package's own it needs 0.45 GB.
//
// # Inputs
//
// An [Event] carries its value in the value's own binary form: int,
// int64 and time.Duration as varints, float64 as its 8 bytes, bool as a
// byte, and any other type that encodes itself (a value with
// AppendBinary, a pointer with UnmarshalBinary: the observation structs
// of the metric packages, or a pointer to one) by its own methods, found
// once when the type is registered. Register refuses any other input
// type, with a panic that says what it needs.
//
// Time zones travel to the workers by name, and the package embeds the
// time zone database (time/tzdata) so that every worker can load them.
package servqbeam
