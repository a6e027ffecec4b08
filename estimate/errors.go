package estimate

import (
	"errors"
	"math"
	"strconv"
)

// Sentinel errors. Functions wrap them in a [*ValueError] that names the
// offending value, so callers test with errors.Is and read the details with
// errors.As.
var (
	// ErrEmpty means there were no observations to estimate from.
	ErrEmpty = errors.New("no observations")
	// ErrTooFew means there were observations, but fewer than the method
	// needs (a standard deviation needs two).
	ErrTooFew = errors.New("too few observations")
	// ErrLevel means a confidence level outside the open interval (0, 1).
	ErrLevel = errors.New("confidence level outside (0, 1)")
	// ErrCount means an invalid count: negative, or successes above trials.
	ErrCount = errors.New("invalid count")
	// ErrNotFinite means a NaN or infinite value.
	ErrNotFinite = errors.New("not a finite number")
	// ErrProbability means a probability outside [0, 1].
	ErrProbability = errors.New("probability outside [0, 1]")
	// ErrMethod means an interval method that the function does not offer.
	ErrMethod = errors.New("unknown interval method")
	// ErrQuantileType means a quantile type other than 1..9.
	ErrQuantileType = errors.New("quantile type outside 1..9")
	// ErrNoVariance means both samples of a comparison of means are
	// constant and differ, so no test statistic exists.
	ErrNoVariance = errors.New("both samples are constant")
	// ErrOverflow means a count would overflow int64.
	ErrOverflow = errors.New("count overflows int64")
	// ErrCorrupt means encoded state that does not decode to a valid value.
	ErrCorrupt = errors.New("corrupt encoding")
	// ErrFactor means a scale factor that is not a finite number > 0.
	ErrFactor = errors.New("scale factor not a finite number > 0")
)

// A ValueError records a rejected input: which function rejected it, what
// the value was called, the value, and its position in the input. Every
// package of servq reports bad input with it, so one errors.As serves them
// all:
//
//	var ve *estimate.ValueError
//	if errors.As(err, &ve) {
//		log.Printf("bad %s at row %d", ve.Name, ve.Index)
//	}
type ValueError struct {
	Func  string  // the function or method, with its package: "nps.Tally.Add"
	Name  string  // what the value is: "score", "level", "x"
	Value float64 // the rejected value, when it is a number
	Text  string  // the rejected value, when it is text (a method name); then Value is 0
	Index int     // position in the input sequence; -1 when not in a sequence
	Err   error   // the reason; errors.Is matches it against the sentinels
}

// Error returns "Func: Name Value at index Index: reason", for example
// "nps.Score: score 11 at index 3: out of range 0..10". A Text value is
// quoted: `estimate.Proportion: method "wilsn": unknown interval method`.
// A whole Value below 2^64 in magnitude prints in full
// (4611686018427387904, not 4.611686018427388e+18); others print in the
// shortest form that reads back to the same float64 (0.95, 1e+300).
func (e *ValueError) Error() string {
	v := formatValue(e.Value)
	if e.Text != "" {
		v = strconv.Quote(e.Text)
	}
	s := e.Func + ": " + e.Name + " " + v
	if e.Index >= 0 {
		s += " at index " + strconv.Itoa(e.Index)
	}
	if e.Err == nil {
		return s // a ValueError built by hand without a reason
	}
	return s + ": " + e.Err.Error()
}

func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 0x1p64 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Unwrap returns the reason, so errors.Is(err, ErrLevel) and the like work.
func (e *ValueError) Unwrap() error { return e.Err }

func valueErr(fn, name string, v float64, err error) error {
	return &ValueError{Func: fn, Name: name, Value: v, Index: -1, Err: err}
}

func methodErr(fn string, m Method) error {
	return &ValueError{Func: fn, Name: "method", Text: string(m), Index: -1, Err: ErrMethod}
}
