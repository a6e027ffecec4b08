// Package estimate holds what every servq metric reports: a point
// estimate, its confidence interval and its n, and the statistics behind
// them. The metric packages (csat, nps, retention, ...) build on it; it is
// also usable on its own.
//
// # Intervals
//
// An [Interval] carries Lo, Hi, the confidence Level (a fraction, 0.95) and
// the Method that made it. [Options] chooses both; its zero value means a
// 95 % interval by the function's default method, and [Options.Resolve] is
// the one place where any servq function reads it. Critical values come
// from exact quantiles ([Z], [T]) at any level, never from a table.
//
//   - [Proportion]: a binomial proportion by [Wilson] (default),
//     [AgrestiCoull], [ClopperPearson], [Jeffreys] or [Wald].
//   - [Moments]: a mergeable accumulator of count, mean and squared
//     deviations; [Moments.Result] gives the mean with its Student-t
//     interval, and [MeanInterval] does the same from summary statistics.
//   - [DiffProportions]: p1 - p2 with Newcombe's hybrid score interval and
//     the pooled z test; [DiffMeans]: mean_a - mean_b with Welch's t
//     interval and test; [Difference.Significant] reads the verdict.
//   - [Quantile], [Quantiles], [QuantilesInPlace] and [QuantileFunc]:
//     sample quantiles by any of the nine Hyndman-Fan definitions
//     ([QuantileType]), type 7 by default as in R and NumPy, selected in
//     O(n) rather than sorted.
//   - [Holm] and [BenjaminiHochberg]: adjusted p-values for the many
//     comparisons of a report (every week, every channel).
//
// # Units
//
// Proportions and their differences are fractions in [0, 1] and [-1, 1];
// the metric packages scale them ([Interval.Scale]) to percentages or
// points and say so. Means and quantiles keep the units of the values.
//
// # Errors
//
// Bad input returns an error, never a panic and never a silent NaN or
// Inf: a [*ValueError] naming the function, the value and, where it came
// from a sequence, its index, wrapping one of the sentinels ([ErrEmpty],
// [ErrLevel], [ErrCount], [ErrNotFinite], ...), so that errors.Is and
// errors.As both work. A result is finite whenever the error is nil; where
// it would overflow float64 the function returns ErrNotFinite instead. A
// rejected value leaves an accumulator unchanged, and a nil *[Moments] is
// an empty one. Decoders follow one rule: an unknown, missing or repeated
// key, a wrong type, trailing data, an unknown version or a non-canonical
// form (a count written 2.0, a -0 that no state holds) is [ErrCorrupt],
// and the state is kept. The metric packages report their
// own bad input with the same [ValueError] type.
package estimate
