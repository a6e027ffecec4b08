package retention

import "math"

// A Horizon is the span over which [CLV] sums a customer's value: Periods
// periods of Length time units each (the unit of the fitted histories),
// with the value of period i discounted by (1+Rate)^i. Rate is per period
// (0.01 a month is about 12.7 % a year).
type Horizon struct {
	Periods int     `json:"periods"`
	Length  float64 `json:"length"`
	Rate    float64 `json:"rate"`
}

// CLV returns the discounted expected value of a customer with history
// (x, t_x, T) and mean repeat spend m over the horizon h: the expected
// purchases of each period from the BG/NBD times the expected spend per
// purchase from the Gamma-Gamma model (Fader, Hardie and Lee 2005, "RFM
// and CLV"; the discrete form of lifetimes' customer_lifetime_value):
//
//	CLV = E[M | x, m] · Σ_{i=1..P} (E[Y(i·L) | x, t_x, T] - E[Y((i-1)·L) | x, t_x, T]) / (1+d)^i
//
// m is ignored when x = 0 (the population mean spend is used). A bad
// history returns ErrHistory or ErrSpend, Periods < 1 or a Length that is
// not > 0 ErrHorizon, a Rate outside [0, 1) ErrProbability, unusable model
// parameters ErrFit.
func CLV(bg BGNBD, gg GammaGamma, x, tx, T, m float64, h Horizon) (float64, error) {
	const fn = "retention.CLV"
	if err := bg.check(fn); err != nil {
		return 0, err
	}
	if err := checkHistory(fn, x, tx, T, -1); err != nil {
		return 0, err
	}
	if h.Periods < 1 || h.Periods > 1e6 {
		return 0, valueErr(fn, "periods", float64(h.Periods), wrapf(ErrHorizon, "want 1..1e6 periods"))
	}
	if !(h.Length > 0) || math.IsInf(h.Length, 0) {
		return 0, valueErr(fn, "length", h.Length, wrapf(ErrHorizon, "want a period length > 0"))
	}
	if !(h.Rate >= 0 && h.Rate < 1) {
		return 0, valueErr(fn, "rate", h.Rate, wrapf(ErrProbability, "want a discount rate in [0, 1)"))
	}
	spend, err := gg.ExpectedSpend(x, m)
	if err != nil {
		return 0, renameErr(err, fn)
	}
	var v, prev float64
	disc := 1.0
	for i := 1; i <= h.Periods; i++ {
		e := bg.expected(float64(i)*h.Length, x, tx, T)
		disc /= 1 + h.Rate
		v += (e - prev) * disc
		prev = e
	}
	v *= spend
	if !finite(v) {
		return 0, valueErr(fn, "value", v, wrapf(ErrFit, "the value overflows"))
	}
	return v, nil
}
