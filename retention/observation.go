package retention

import (
	"time"
)

// This file holds the observations of the accumulators that have no row
// type of their own elsewhere: what one call of their Add carries. Their
// binary encodings are in observation_codec.go.

// A Membership is one customer of a period as a [Flow] counts it: whether
// the customer was active at the start of the period and at its end. A
// customer at neither is not part of the period.
type Membership struct {
	AtStart bool `json:"at_start"`
	AtEnd   bool `json:"at_end"`
}

// A Lifetime is one customer lifetime as a [Lifetimes] counts it: it
// started at time 0, was observed from Entry on, and ended at Exit with
// Status (Observed: the customer churned; Censored: still a customer when
// last seen). Times are float64 in the caller's unit (days, months).
//
// Entry is 0 for a lifetime observed from its start, the usual case; a
// later Entry is left truncation (a customer who joined a panel, or was
// migrated from an old system, at Entry): the lifetime is then in the
// risk sets of the times t with Entry < t <= Exit, as R survival's
// Surv(entry, exit, status) counts it, and Exit must be after Entry.
type Lifetime struct {
	Entry  float64 `json:"entry"`
	Exit   float64 `json:"exit"`
	Status Status  `json:"status"`
}

// Purchases is one customer's purchases as a [Repeat] counts them: Count
// purchases, the first at First and the last at Last (read only when
// Count >= 2).
type Purchases struct {
	Count int64     `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// An Account is one customer's recurring revenue at the Start and at the
// End of a period, in the caller's currency unit, as a [Revenue] counts
// it: an End above Start is expansion, a lower End contraction, an End of
// 0 churned revenue, and a Start of 0 a new customer.
type Account struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}
