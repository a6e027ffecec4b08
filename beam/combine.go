package servqbeam

import (
	"encoding"
	"fmt"

	"github.com/servq/servq/estimate"
)

// An Accumulator is what a [CombineFn] holds: a pointer to a servq
// accumulator T (nps.Tally, csat.Tally, estimate.Moments, ...) that takes
// inputs of type In with Add, combines with Merge, counts its inputs with
// N and carries its state in its own versioned binary encoding. Every
// servq accumulator has these methods; nothing else is needed to combine
// it in Beam.
//
// Add must leave the accumulator unchanged when it rejects a value, Merge
// must not modify its argument, and UnmarshalBinary(MarshalBinary()) must
// restore the state exactly (the servq encodings do: counts and float64
// bits travel as they are).
type Accumulator[T, In any] interface {
	*T
	Add(In) error
	Merge(*T) error
	N() int64
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// A Resulter is an [Accumulator] that reports a result of type R, as every
// servq accumulator does with its Result method.
type Resulter[T, In, R any] interface {
	Accumulator[T, In]
	Result(estimate.Options) (R, error)
}

// CombineFn is a Beam CombineFn (a structural one: CreateAccumulator,
// AddInput, MergeAccumulators, ExtractOutput) over the servq accumulator
// T. Its accumulator and output are *T, encoded on the wire by T's own
// MarshalBinary and UnmarshalBinary (see [Register]), so a bundle's
// partial result is as small as the accumulator's state: about 15 bytes
// for an nps.Tally, whatever the number of rows.
//
// The zero CombineFn starts every accumulator as the zero T, which suits
// nps.Tally, estimate.Moments and csat.Tally on the 1..5 scale; make one
// for another configuration with [NewCombineFn]. Beam serialises the
// exported field Init to its workers.
//
// AddInput passes on the error of Add, which fails the bundle; [PerKey]
// and [CombinePerKey] send the rows that Add rejects to a dead-letter
// output first, so that they never reach it. MergeAccumulators passes on the error of
// Merge (csat tallies on different scales, a count above MaxInt64).
type CombineFn[T, In any, P Accumulator[T, In]] struct {
	// Init is the binary encoding of the empty accumulator every
	// accumulator starts from; nil means the zero T.
	Init []byte
}

// NewCombineFn returns a [CombineFn] whose accumulators start as copies
// of init, made by encoding init and decoding it once per accumulator. A
// nil init means the zero T. An init that already counts values returns an
// error wrapping [ErrNotEmpty], since each bundle would count them again.
func NewCombineFn[T, In any, P Accumulator[T, In]](init *T) (*CombineFn[T, In, P], error) {
	b, err := encodeInit[T, In, P]("servqbeam.NewCombineFn", init)
	if err != nil {
		return nil, err
	}
	return &CombineFn[T, In, P]{Init: b}, nil
}

// encodeInit returns the binary encoding of init, nil for a nil init, and
// an error for an init that is not empty or does not encode.
func encodeInit[T, In any, P Accumulator[T, In]](fn string, init *T) ([]byte, error) {
	if init == nil {
		return nil, nil
	}
	if n := P(init).N(); n != 0 {
		return nil, &estimate.ValueError{Func: fn, Name: "init count", Value: float64(n), Index: -1, Err: ErrNotEmpty}
	}
	b, err := P(init).MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	return b, nil
}

// newAcc returns a fresh accumulator: the zero T, or the decoding of init.
func newAcc[T, In any, P Accumulator[T, In]](init []byte) (*T, error) {
	t := new(T)
	if init != nil {
		if err := P(t).UnmarshalBinary(init); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// CreateAccumulator returns an empty accumulator: the zero T, or the
// decoding of Init. A corrupt Init returns its decoding error.
func (f *CombineFn[T, In, P]) CreateAccumulator() (*T, error) {
	return newAcc[T, In, P](f.Init)
}

// AddInput adds x to a with a.Add and returns a. The error of Add is
// returned as it is, and fails the bundle.
func (f *CombineFn[T, In, P]) AddInput(a *T, x In) (*T, error) {
	if err := P(a).Add(x); err != nil {
		return a, err
	}
	return a, nil
}

// MergeAccumulators merges b into a with a.Merge and returns a; b is not
// modified.
func (f *CombineFn[T, In, P]) MergeAccumulators(a, b *T) (*T, error) {
	if err := P(a).Merge(b); err != nil {
		return a, err
	}
	return a, nil
}

// ExtractOutput returns a itself: the merged accumulator, whose Result
// ([Results]) or state (MarshalBinary, MarshalJSON) the pipeline reads.
func (f *CombineFn[T, In, P]) ExtractOutput(a *T) *T { return a }
