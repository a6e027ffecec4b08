// Package rating defines the bounded integer rating scale that every servq
// package asking for a rating shares: csat's satisfaction question, the
// 1..7 items of a SERVQUAL instrument, the rating items of a mystery-shopper
// checklist. It holds the scale's bounds and their validation, written once,
// so that no metric package copies them and a scale means the same thing
// everywhere.
//
//	s := rating.Scale{Min: 1, Max: 7}
//	if err := s.Check("servqual.Accumulator.Add", x, i); err != nil {
//		return err // servqual.Accumulator.Add: rating 8 at index 3: out of range 1..7
//	}
//
// A Scale says nothing about which ratings are good: csat adds the point
// from which a rating counts as satisfied, servqual the expectation and
// perception columns. The zero Scale is not a valid scale: each package
// states its own default (csat 1..5, servqual 1..7).
//
// Errors are [*estimate.ValueError] values wrapping [ErrScale] (an invalid
// scale) or [ErrOutOfRange] (a rating off the scale).
package rating
