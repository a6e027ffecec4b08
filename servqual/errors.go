package servqual

import (
	"errors"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// Sentinel errors of this package. Functions return them wrapped in an
// [*estimate.ValueError] that names the function, the value and its index,
// so that errors.Is and errors.As both work.
var (
	// ErrInstrument means an invalid [Instrument]: no items or more than
	// [MaxItems], an item or
	// dimension without an ID, a duplicate ID, an item in a dimension the
	// instrument does not declare, or a dimension without items.
	ErrInstrument = errors.New("invalid instrument")
	// ErrItems means a response with the wrong number of answers for its
	// instrument, or a covariance matrix or data row of the wrong size.
	ErrItems = errors.New("wrong number of items")
	// ErrWeights means importance weights that are negative, not one per
	// dimension, or that do not add up to 100 points.
	ErrWeights = errors.New("importance weights must be one per dimension, >= 0, adding up to 100")
	// ErrMismatch means two accumulators on different instruments.
	ErrMismatch = errors.New("different instruments")
	// ErrUnknown means a dimension ID or [Series] that the instrument does
	// not have.
	ErrUnknown = errors.New("unknown dimension or series")
	// ErrCovariance means a matrix that is not a covariance matrix: not
	// square, not symmetric, or with a variance that is not > 0.
	ErrCovariance = errors.New("not a covariance matrix")
)

// Sentinels of packages estimate and rating that this package returns,
// re-exported so that callers need not import them to test for them.
var (
	// ErrOutOfRange means an answer outside the instrument's scale.
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrScale means an invalid rating scale in an instrument.
	ErrScale = rating.ErrScale
	// ErrEmpty means no respondents (or no rows) to estimate from.
	ErrEmpty = estimate.ErrEmpty
	// ErrTooFew means too few respondents (alpha and an interval need
	// two) or a dimension with fewer than two items for alpha.
	ErrTooFew = estimate.ErrTooFew
	// ErrLevel means a confidence level outside (0, 1).
	ErrLevel = estimate.ErrLevel
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = estimate.ErrMethod
	// ErrNotFinite means a NaN or infinite weight, score or covariance.
	ErrNotFinite = estimate.ErrNotFinite
	// ErrNoVariance means an item whose answers are all equal, so that
	// its correlations (and the standardized alpha) do not exist.
	ErrNoVariance = estimate.ErrNoVariance
	// ErrOverflow means a respondent count that would overflow int64.
	ErrOverflow = estimate.ErrOverflow
	// ErrCorrupt means encoded state that does not decode to a valid
	// [Accumulator].
	ErrCorrupt = estimate.ErrCorrupt
)

// valueErr returns a ValueError for a value that is not from a sequence.
func valueErr(fn, name string, v float64, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

// textErr returns a ValueError for a text value (an ID).
func textErr(fn, name, text string, index int, err error) error {
	if text == "" {
		text = "(empty)"
	}
	return &estimate.ValueError{Func: fn, Name: name, Text: text, Index: index, Err: err}
}

// indexErr returns a ValueError for the value at index i of a sequence.
func indexErr(fn, name string, v float64, i int, err error) error {
	return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: i, Err: err}
}

// refunc returns err with its Func replaced by fn when it is a ValueError.
func refunc(err error, fn string) error {
	var ve *estimate.ValueError
	if errors.As(err, &ve) {
		ve.Func = fn
	}
	return err
}
