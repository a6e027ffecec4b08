// Package servqual scores SERVQUAL studies: the service-quality instrument
// of Parasuraman, Zeithaml and Berry (PZB), which measures quality as the
// gap between what customers expect of a service and what they perceive,
// over five dimensions (tangibles, reliability, responsiveness, assurance,
// empathy). It gives the gaps per item and dimension with their intervals,
// the unweighted and weighted SERVQUAL scores, the perceptions-only
// SERVPERF score, the zone of tolerance, priorities, the reliability of the
// scale (Cronbach's alpha and the item analysis), and the change between
// two studies.
//
//	var a servqual.Accumulator                  // the 22-item instrument, 1..7
//	err := a.Add(servqual.Response{Expectations: e, Perceptions: p})
//	r, err := a.Result(estimate.Options{})      // 95 % intervals
//	fmt.Printf("SERVQUAL %.2f [%.2f, %.2f]\n", r.SERVQUAL.Mean, r.SERVQUAL.CI.Lo, r.SERVQUAL.CI.Hi)
//
// # Definitions
//
// The gap of an item is P - E, perception minus expectation (PZB 1988,
// "SERVQUAL: a multiple-item scale for measuring consumer perceptions of
// service quality", Journal of Retailing 64(1)): negative when the service
// falls short. A gap written E - P, as it sometimes is, flips every sign
// and the order of priorities; servq keeps PZB's P - E. A respondent's dimension
// score is the mean of the dimension's items, and study scores are means of
// respondents' scores, each with its Student-t interval (paired, for gaps).
// The SERVQUAL score is the mean of the dimension gaps, the weighted score
// uses the 100 importance points of PZB (1991), and SERVPERF (Cronin and
// Taylor 1992) is the mean of the dimension perceptions. The zone of
// tolerance uses the three-column format of PZB (1994): adequacy P - minimum
// and superiority P - desired. Units are points of the instrument's scale
// (weights in points of 100, levels as fractions). This is the customer gap
// (gap 5) of the gaps model; the four organisational gaps are not survey
// measures.
//
// # Instruments
//
// [Standard] is the 22-item SERVQUAL of 1991, with short labels in English
// and Spanish; any other [Instrument] (items, dimensions, a [rating.Scale],
// reverse-keyed items as in the 1988 version, up to [MaxItems] items) is
// allowed once [Instrument.Validate] accepts it. A [Response] gives one respondent's
// answers, [Missing] where none; its doc says how missing answers count.
//
// # Scoring
//
//   - [Accumulator]: one respondent at a time ([Accumulator.Add],
//     [Accumulator.AddAll]), mergeable ([Accumulator.Merge]) and encodable
//     (JSON and binary), with memory independent of the number of
//     respondents; its zero value scores the standard instrument, and it is
//     the accumulator that package group keeps per key or period.
//
// Like every servq accumulator, [Accumulator] takes one observation per
// Add, here a [Response] (AddAll adds a slice, all or nothing), and has
// Merge, N, Result and both encodings of its state. The observation
// encodes too ([Response.MarshalBinary], [Response.AppendBinary],
// [Response.UnmarshalBinary]: versioned, strict, no reflection), so that
// responses travel between processes, such as the workers of a
// distributed engine, and a decoded response is added exactly as the
// original. There is no AddN: a respondent's answers are not a value that
// repeats, and the method defines no weighting of respondents.
//   - [Accumulator.Result]: a [Result] with [ItemResult], [DimensionResult],
//     [Scores], [Zone] and [Priority] values. [Summarize] and
//     [SummarizeSeq] are the one-shot forms.
//   - [Accumulator.Reliability], [Alpha] and [AlphaCov]: Cronbach's alpha,
//     raw and standardized, the mean inter-item correlation, the corrected
//     item-total correlation and alpha if deleted, with Feldt's interval
//     ([Reliability], [Feldt]), from the stream, from raw rows, or from a
//     covariance matrix and n.
//   - [Compare]: the change per dimension between two studies, Welch
//     intervals and Holm-adjusted p-values ([Comparison], [Change]).
//
// # Errors
//
// Bad input returns an [*estimate.ValueError] naming the function, the value
// and its position, wrapping a sentinel ([ErrItems], [ErrWeights],
// [ErrInstrument], [ErrOutOfRange], [ErrTooFew], ...), never a panic; a
// rejected response leaves the accumulator unchanged:
//
//	servqual.Accumulator.Add: perception 8 at index 3: out of range 1..7
package servqual
