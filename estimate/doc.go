// Package estimate holds what every servq metric reports: a point
// estimate, its confidence interval and its n, and the statistics behind
// them. The metric packages (csat, nps, retention, ...) build on it; it is
// also usable on its own.
//
// # Intervals
//
// An [Interval] carries Lo, Hi, the confidence Level (a fraction, 0.95) and
// the Method that made it. [Options] chooses both; its zero value means a
// 95 % interval by the function's default method. Critical values come from
// exact quantiles ([Z], [T]) at any level, never from a table.
//
//   - [Proportion]: a binomial proportion by [Wilson] (default),
//     [AgrestiCoull], [ClopperPearson], [Jeffreys] or [Wald].
//   - [Moments]: a mergeable accumulator of count, mean and squared
//     deviations; [Moments.Result] gives the mean with its Student-t
//     interval, and [MeanInterval] does the same from summary statistics.
//   - [DiffProportions]: p1 - p2 with Newcombe's hybrid score interval and
//     the pooled z test.
//   - [DiffMeans]: mean_a - mean_b with Welch's t interval and test.
//   - [Quantile], [Quantiles] and [QuantileFunc]: sample quantiles by any
//     of the nine Hyndman-Fan definitions ([QuantileType]), type 7 by
//     default as in R and NumPy.
//   - [Holm] and [BenjaminiHochberg]: adjusted p-values for the many
//     comparisons of a report (every week, every channel).
//
// # Units
//
// Proportions and their differences are fractions in [0, 1] and [-1, 1];
// the metric packages scale them to percentages or points and say so.
// Means keep the units of the values.
//
// # Errors
//
// Bad input returns an error, never a panic and never a silent NaN: a
// [*ValueError] naming the function, the value and, where it came from a
// sequence, its index, wrapping one of the sentinels ([ErrEmpty],
// [ErrLevel], [ErrCount], [ErrNotFinite], ...), so that errors.Is and
// errors.As both work. The metric packages report their own bad input with
// the same [ValueError] type.
package estimate
