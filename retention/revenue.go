package retention

import "math"

// RevenueRates are the revenue retention rates of one period, in %, with
// the recurring-revenue movements they come from (in the caller's
// currency unit). They are totals over every customer, not estimates from
// a sample, so they carry no interval.
type RevenueRates struct {
	// Start is the recurring revenue at the start of the period from the
	// customers then active; Expansion, Contraction and Churned are its
	// increases, decreases, and the revenue of customers who left.
	Start       float64 `json:"start"`
	Expansion   float64 `json:"expansion"`
	Contraction float64 `json:"contraction"`
	Churned     float64 `json:"churned"`
	// New is the end-of-period revenue of customers who were not active at
	// the start; it enters neither rate.
	New float64 `json:"new"`
	// Gross is 100·(Start - Contraction - Churned)/Start, 0..100; Net is
	// 100·(Start + Expansion - Contraction - Churned)/Start, >= 0.
	Gross float64 `json:"gross"`
	Net   float64 `json:"net"`
}

// A Revenue accumulates recurring-revenue movements to give the gross and
// net revenue retention of a period:
//
//	GRR = 100·(start - contraction - churned)/start
//	NRR = 100·(start + expansion - contraction - churned)/start
//
// as SaaS metrics define them (start: recurring revenue of the customers
// active at the start of the period; expansion and contraction: their
// increases and decreases; churned: the revenue of those who left). It
// holds five float64 sums. The zero value is empty and ready to use;
// Revenues of disjoint customers merge, so that group keeps one per period
// and segment. A rejected input leaves it unchanged.
type Revenue struct {
	start, expansion, contraction, churned, new float64
}

// Add counts one customer's recurring revenue at the start and at the end
// of the period: an end above the start is expansion, a lower end is
// contraction, an end of 0 is churned revenue, and a start of 0 is a new
// customer. NaN or ±Inf returns ErrNotFinite, a negative amount
// ErrNegative.
func (r *Revenue) Add(start, end float64) error {
	const fn = "retention.Revenue.Add"
	if err := checkAmount(fn, "start", start); err != nil {
		return err
	}
	if err := checkAmount(fn, "end", end); err != nil {
		return err
	}
	var m Revenue
	switch {
	case start == 0:
		m.new = end
	case end == 0:
		m.start, m.churned = start, start
	case end > start:
		m.start, m.expansion = start, end-start
	default:
		m.start, m.contraction = start, start-end
	}
	return r.merge(fn, &m)
}

// AddTotals adds the totals of a group of customers. Each amount must be
// finite and >= 0 (ErrNotFinite, ErrNegative), and contraction + churned
// cannot exceed start (ErrFlow).
func (r *Revenue) AddTotals(start, expansion, contraction, churned float64) error {
	const fn = "retention.Revenue.AddTotals"
	for _, a := range []struct {
		name string
		v    float64
	}{{"start", start}, {"expansion", expansion}, {"contraction", contraction}, {"churned", churned}} {
		if err := checkAmount(fn, a.name, a.v); err != nil {
			return err
		}
	}
	if contraction+churned > start {
		return valueErr(fn, "churned", churned, wrapf(ErrFlow, "contraction plus churned revenue exceeds the starting revenue %g", start))
	}
	return r.merge(fn, &Revenue{start: start, expansion: expansion, contraction: contraction, churned: churned})
}

func checkAmount(fn, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return valueErr(fn, name, v, ErrNotFinite)
	}
	if v < 0 {
		return valueErr(fn, name, v, ErrNegative)
	}
	return nil
}

// Merge adds the sums of o to r. A nil o adds nothing; sums that would
// overflow float64 return ErrNotFinite and leave r unchanged.
func (r *Revenue) Merge(o *Revenue) error {
	if o == nil {
		return nil
	}
	return r.merge("retention.Revenue.Merge", o)
}

func (r *Revenue) merge(fn string, o *Revenue) error {
	s := Revenue{r.start + o.start, r.expansion + o.expansion, r.contraction + o.contraction, r.churned + o.churned, r.new + o.new}
	for _, v := range [...]float64{s.start, s.expansion, s.contraction, s.churned, s.new} {
		if math.IsInf(v, 0) {
			return valueErr(fn, "sum", v, ErrNotFinite)
		}
	}
	*r = s
	return nil
}

// Result returns the gross and net revenue retention. A zero starting
// revenue returns ErrEmpty, a net rate beyond float64 ErrNotFinite.
func (r *Revenue) Result() (RevenueRates, error) {
	if !(r.start > 0) {
		return RevenueRates{}, valueErr("retention.Revenue.Result", "start", r.start, ErrEmpty)
	}
	out := RevenueRates{Start: r.start, Expansion: r.expansion, Contraction: r.contraction, Churned: r.churned, New: r.new}
	kept := r.start - r.contraction - r.churned
	out.Gross = math.Max(0, math.Min(100, 100*(kept/r.start)))
	out.Net = math.Max(0, 100*(kept/r.start+r.expansion/r.start))
	if math.IsInf(out.Net, 0) {
		return RevenueRates{}, valueErr("retention.Revenue.Result", "expansion", r.expansion, wrapf(ErrNotFinite, "net retention overflows float64"))
	}
	return out, nil
}

// RevenueRetention returns the gross and net revenue retention of one
// period from its totals, as [Revenue.Result] does after
// [Revenue.AddTotals]; the errors are theirs.
func RevenueRetention(start, expansion, contraction, churned float64) (RevenueRates, error) {
	var r Revenue
	if err := r.AddTotals(start, expansion, contraction, churned); err != nil {
		return RevenueRates{}, renameErr(err, "retention.RevenueRetention")
	}
	out, err := r.Result()
	return out, renameErr(err, "retention.RevenueRetention")
}
