// Package retention measures whether customers stay: the retention and
// churn rates a service team reports every period, cohort tables from an
// event log, and customer-lifetime curves from censored data, each with
// its uncertainty and checked against the published methods (R survival,
// Fader and Hardie).
//
//	var l retention.Lifetimes
//	l.Add(31, retention.Observed) // churned after 31 days
//	l.Add(45, retention.Censored) // still a customer after 45 days
//	c, err := l.Result(estimate.Options{}) // Kaplan-Meier, Greenwood, log CI
//
// # Rates
//
// [CustomerRetention] is ((E - N)/S)·100 from the customers at the start,
// at the end and new, with a Wilson interval; a [Flow] counts them per
// customer so that group.ByPeriod and group.BySegmentPeriod report them by
// month and segment, and [CompareFlows] answers "did it change?".
// [RevenueRetention] and [Revenue] give gross and net revenue retention;
// [Repeat] the repeat-purchase rate and the mean time between purchases.
// Rates are percentages (0..100); shares, S(t) included, are fractions.
//
// # Cohorts
//
// [Cohorts] reads an event log ([Event]: customer, time, amount) in any
// order and in parts that merge, and [Cohorts.Result] returns the
// [CohortTable]: the cohort × periods-since matrix by week or month of
// first activity in an explicit *time.Location, retention shares,
// revenue, the size-weighted average curve and the retention of each
// period from the one before.
//
// # Lifetimes
//
// [Lifetimes] keeps counts per distinct time (events, censored, entries),
// so curves of shards merge exactly; [Lifetimes.Result] gives the
// Kaplan-Meier [Curve] with Greenwood errors, [Log] (default), [LogLog] or
// [Plain] intervals, the Nelson-Aalen hazard, [Curve.At] and
// [Curve.Quantile] (the median by R survival's rule) and [Curve.RMST];
// [Summarize] and [SummarizeSeq] are the one-shot forms.
// [Lifetimes.AddTruncated] handles left truncation, [LogRank] compares two
// or more groups, and [Tenure] turns dates into durations. For
// contractual renewals, [FitSBG] fits the shifted-beta-geometric model
// ([SBG]) with its projection and [SBG.DERL].
//
// # Assumptions and errors
//
// Times in a [Lifetimes] are float64 in the caller's unit, >= 0; ties are
// exact float64 equality. Cohort periods are read on the wall clock of
// the Location given to [NewCohorts]. Every error on user data is an
// *estimate.ValueError wrapping a sentinel of this package, so errors.Is
// and errors.As both work; no function panics on user data. Accumulators
// are not safe for concurrent use: give each goroutine its own and Merge.
package retention
