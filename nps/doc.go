// Package nps computes the Net Promoter Score (NPS) of answers to "How
// likely is it that you would recommend us to a friend or colleague?" on
// the 0..10 scale, with its standard error, confidence intervals,
// comparisons between periods or segments, and sample sizes.
//
//	r, err := nps.Summarize([]int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6}, estimate.Options{})
//	// r.NPS = 30 points, r.SE = 24.7 points, r.CI = [-21.7, 67.5] at 95 %
//	// r.Mean = 7.8 (0..10), r.MeanCI = [6.3, 9.3]
//
// # Definition
//
// servq follows Reichheld (2003), "The One Number You Need to Grow",
// Harvard Business Review 81(12), who defined the metric: scores 9 and 10
// are promoters, 7 and 8 passives, 0 to 6 detractors ([Classify]), and
//
//	NPS = %promoters - %detractors
//
// in points from -100 (every answer a detractor) to 100 (every answer a
// promoter). Some course material (in Spanish) that servq's authors drew
// on counts 8 and 9 as passives and states the NPS on a 0..100 scale; both
// depart from Reichheld and from the published statistics of the NPS
// (Rocks 2016), and a 0..100 scale cannot hold a negative NPS, so servq
// does not follow them (see [Classify]).
//
// Units: the NPS, its standard error, intervals and margins are in points
// (-100..100); the shares of promoters, passives and detractors are
// fractions (0..1); confidence levels are fractions (0.95).
//
// The employee NPS (eNPS, "How likely are you to recommend this company
// as a place to work?") is the same computation on the same scale: use
// this package unchanged.
//
// # Counting
//
//   - [Tally]: a mergeable accumulator of the eleven score counts; its zero
//     value is ready to use. [Tally.Add] counts one score, [Tally.AddN] many
//     copies of one, [Tally.AddAll] a slice by the fast path; [Tally.Merge]
//     combines tallies built in parts; [Tally.Result] gives the NPS;
//     [Tally.Count], [Tally.All] and [Tally.N] read the counts. State
//     travels as JSON ([Tally.MarshalJSON]) or binary ([Tally.MarshalBinary]).
//   - [Summarize] and [SummarizeSeq]: the one-shot forms, for a slice or an
//     iter.Seq[int].
//   - [Category] and [Classify]: the group of one score.
//
// # Estimates
//
//   - [Result]: NPS, SE, interval, n, the category counts and shares, the
//     eleven score counts, and the mean score with its Student-t interval.
//     [Result.MarginOfError] gives z·SE.
//   - [TangoScore] (the default), [AdjustedWald] and [Wald]: the interval
//     methods, for estimate.Options.Method. The score interval of Tango
//     (1998) inverts the score test of the trinomial; the adjusted Wald
//     interval of Rocks (2016), "Interval Estimation for the 'Net Promoter
//     Score'", The American Statistician 70(4), adds 3 pseudo-observations
//     before computing the Wald interval. Rocks found these two the best of
//     the methods he compared; their exact coverage is in COVERAGE.md.
//   - [Compare]: the change after - before in points, its interval, z and
//     p-value, for independent samples; by default the score interval of
//     Miettinen and Nurminen (1985) on two trinomials ([MiettinenNurminen]).
//   - [SampleSize]: the responses needed for a target margin of error.
//
// # Errors
//
// Bad input returns an [*estimate.ValueError] naming the function, the
// value and its index, wrapping a sentinel: [ErrOutOfRange] for a score
// outside 0..10 ("nps.Summarize: score 11 at index 3: out of range 0..10"),
// [ErrEmpty] for no scores, and the others listed with them. Nothing in
// this package panics on user data.
package nps
