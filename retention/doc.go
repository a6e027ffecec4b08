// Package retention measures whether customers stay: the retention and
// churn rates a service team reports every period, cohort tables from an
// event log, and customer-lifetime curves from censored data, each with
// its uncertainty and checked against the published methods (R survival,
// Fader and Hardie).
//
//	var l retention.Lifetimes
//	l.Add(retention.Lifetime{Exit: 31, Status: retention.Observed}) // churned after 31 days
//	l.Add(retention.Lifetime{Exit: 45, Status: retention.Censored}) // still a customer after 45 days
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
// A [Lifetime] with a later Entry is left truncated; [LogRank] compares two
// or more groups, and [Tenure] turns dates into durations. For
// contractual renewals, [FitSBG] fits the shifted-beta-geometric model
// ([SBG]) with its projection and [SBG.DERL].
//
// # Repeat purchases and customer value
//
// For non-contractual customers, who can leave without telling,
// [Transactions] reads a log (customer, time, amount), merges the
// purchases of a day, and [Transactions.Summarize] gives each customer's
// [History] (x repeat purchases, recency t_x, age T, in weeks or days)
// and mean repeat spend at a calibration/holdout [Split]. [Histories]
// keeps identical histories once with a count, so a million customers fit
// in seconds: [FitBGNBD] fits the BG/NBD model ([BGNBD]; Fader, Hardie and
// Lee 2005) by maximum likelihood with standard errors, and predicts
// [BGNBD.PAlive], [BGNBD.Expected], [BGNBD.ConditionalExpected] and
// [BGNBD.PNumber]. [FitGammaGamma] fits the Gamma-Gamma spend model
// ([GammaGamma]) to [Spends], whose [Spends.Correlation] checks that spend
// and frequency are unrelated, and [CLV] discounts expected purchases
// times expected spend over a [Horizon]. [FrequencyCheck], [HoldoutCheck]
// and [Transactions.Track] compare the model with the data. Both fits
// reproduce the published CDNOW estimates; see CLV.md.
//
// # Accumulators and observations
//
// Every accumulator T of the package ([Flow], [Revenue], [Repeat],
// [Cohorts], [Lifetimes], [Transactions], [Histories], [Spends]) takes one
// observation per call, a named struct of this package carrying
// everything it needs: Add(x) error, AddN(x, count) where counting the
// same observation many times makes sense, AddAll(xs) (all or nothing:
// a bad element returns its error with its index and adds none),
// Merge(*T), N and both encodings, JSON and versioned binary; all but
// Transactions have Result(estimate.Options) (its read-out is
// [Transactions.Summarize]). The observations are
//
//	Flow          Membership{AtStart, AtEnd}
//	Revenue       Account{Start, End}
//	Repeat        Purchases{Count, First, Last}
//	Cohorts       Event{Customer, At, Amount}
//	Transactions  Event
//	Lifetimes     Lifetime{Entry, Exit, Status}
//	Histories     History{X, Tx, T}
//	Spends        Spend{X, M}
//
// Each observation encodes (MarshalBinary, AppendBinary, UnmarshalBinary)
// so that it travels between processes (Beam workers, queues) with
// neither reflection nor JSON: a version byte (1), then its fields in
// the order above, int64 as varints, float64 as 8 little-endian bytes of
// their bits, bools and a Status as one byte, a string as a uvarint
// length and its bytes, a time.Time as a varint of Unix seconds and a
// uvarint of nanoseconds. Decoding is strict and checks the
// representation, not the values (a NaN amount decodes; the Add that
// receives it rejects it): anything else returns ErrCorrupt and leaves
// the receiver unchanged. A decoded time is in UTC, the instant exact.
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
