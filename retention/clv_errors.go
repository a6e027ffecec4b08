package retention

import "errors"

// Sentinel errors of the repeat-purchase models (BG/NBD, Gamma-Gamma and
// customer value), wrapped like the others in an [*estimate.ValueError].
var (
	// ErrHistory means a purchase history that cannot occur: a number of
	// repeat purchases x that is negative or not a whole number, a recency
	// t_x outside 0..T, a recency other than 0 for x = 0, or a negative
	// age T.
	ErrHistory = errors.New("impossible purchase history")
	// ErrSpend means a mean spend that is not positive, or a spend for a
	// customer without repeat purchases (the Gamma-Gamma model needs
	// x >= 1).
	ErrSpend = errors.New("invalid spend")
	// ErrHorizon means a prediction time or horizon that is negative, or
	// a customer-value horizon of no periods.
	ErrHorizon = errors.New("invalid horizon")
)
