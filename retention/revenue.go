package retention

import (
	"math"

	"github.com/servq/servq/estimate"
)

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
// holds five float64 sums and the number of customers. The zero value is
// empty and ready to use; Revenues of disjoint customers merge, so that
// group keeps one per period and segment. A rejected input leaves it
// unchanged.
type Revenue struct {
	start, expansion, contraction, churned, new float64
	customers                                   int64 // counted by Add, see N
}

// Add counts one customer's recurring revenue a.Start at the start and
// a.End at the end of the period: an end above the start is expansion, a
// lower end is contraction, an end of 0 is churned revenue, and a start
// of 0 is a new customer. NaN or ±Inf returns ErrNotFinite, a negative
// amount ErrNegative, sums beyond float64 ErrNotFinite.
func (r *Revenue) Add(a Account) error {
	const fn = "retention.Revenue.Add"
	m, err := revenueOf(fn, a, -1)
	if err != nil {
		return err
	}
	return r.merge(fn, &m)
}

// AddN counts count customers with the same account a, as count calls of
// [Revenue.Add] do. A negative count returns ErrCount, customers above
// MaxInt64 ErrOverflow, sums beyond float64 ErrNotFinite; zero does
// nothing.
func (r *Revenue) AddN(a Account, count int64) error {
	const fn = "retention.Revenue.AddN"
	m, err := revenueOf(fn, a, -1)
	if err != nil {
		return err
	}
	if count < 0 {
		return valueErr(fn, "count", float64(count), ErrCount)
	}
	c := float64(count)
	m = Revenue{m.start * c, m.expansion * c, m.contraction * c, m.churned * c, m.new * c, count}
	return r.merge(fn, &m)
}

// AddAll counts the customers of as as [Revenue.Add] does, all or none: a
// bad one returns its error with its index, and then none is counted.
func (r *Revenue) AddAll(as []Account) error {
	const fn = "retention.Revenue.AddAll"
	s := *r
	for i, a := range as {
		m, err := revenueOf(fn, a, i)
		if err == nil {
			err = s.merge(fn, &m)
		}
		if err != nil {
			return renameIndex(err, i)
		}
	}
	*r = s
	return nil
}

// revenueOf returns the Revenue of one customer's account a; i is the
// index for the error, -1 outside a sequence.
func revenueOf(fn string, a Account, i int) (Revenue, error) {
	if err := checkAmount(fn, "start", a.Start); err != nil {
		return Revenue{}, renameIndex(err, i)
	}
	if err := checkAmount(fn, "end", a.End); err != nil {
		return Revenue{}, renameIndex(err, i)
	}
	m := Revenue{customers: 1}
	switch {
	case a.Start == 0:
		m.new = a.End
	case a.End == 0:
		m.start, m.churned = a.Start, a.Start
	case a.End > a.Start:
		m.start, m.expansion = a.Start, a.End-a.Start
	default:
		m.start, m.contraction = a.Start, a.Start-a.End
	}
	return m, nil
}

// N returns the number of customers counted by [Revenue.Add] and
// [Revenue.AddAll], merged ones included. The totals of
// [Revenue.AddTotals] carry no number of customers and leave N as it is,
// so a Revenue filled only with totals has N = 0 and yet a Result: test
// emptiness with Result's ErrEmpty, not with N.
func (r *Revenue) N() int64 { return r.customers }

// AddTotals adds the totals of a group of customers. Each amount must be
// finite and >= 0 (ErrNotFinite, ErrNegative), and contraction + churned
// cannot exceed start (ErrFlow). Totals carry no number of customers:
// [Revenue.N] is unchanged.
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

// Merge adds the sums and customers of o to r. A nil o adds nothing; sums
// that would overflow float64 return ErrNotFinite, a count above MaxInt64
// ErrOverflow, and leave r unchanged.
func (r *Revenue) Merge(o *Revenue) error {
	if o == nil {
		return nil
	}
	return r.merge("retention.Revenue.Merge", o)
}

func (r *Revenue) merge(fn string, o *Revenue) error {
	if r.customers > math.MaxInt64-o.customers {
		return valueErr(fn, "customers", float64(o.customers), ErrOverflow)
	}
	s := Revenue{r.start + o.start, r.expansion + o.expansion, r.contraction + o.contraction, r.churned + o.churned, r.new + o.new,
		r.customers + o.customers}
	for _, v := range [...]float64{s.start, s.expansion, s.contraction, s.churned, s.new} {
		if math.IsInf(v, 0) {
			return valueErr(fn, "sum", v, ErrNotFinite)
		}
	}
	*r = s
	return nil
}

// Result returns the gross and net revenue retention:
//
//	Gross = 100·(start - contraction - churned)/start   (0..100)
//	Net   = 100·(start + expansion - contraction - churned)/start   (>= 0)
//
// It takes Options like every accumulator's Result, so that generic code
// (a group of accumulators, a distributed combiner) can call Result(o) on
// any of them; but the rates are totals over every customer, not
// estimates from a sample, so they carry no interval. A Level outside
// (0, 1) therefore returns ErrLevel and any Method ErrMethod. A zero
// starting revenue returns ErrEmpty, a net rate beyond float64
// ErrNotFinite.
func (r *Revenue) Result(o estimate.Options) (RevenueRates, error) {
	const fn = "retention.Revenue.Result"
	if _, _, err := o.Resolve(fn, ""); err != nil {
		return RevenueRates{}, err
	}
	if !(r.start > 0) {
		return RevenueRates{}, valueErr(fn, "start", r.start, ErrEmpty)
	}
	out := RevenueRates{Start: r.start, Expansion: r.expansion, Contraction: r.contraction, Churned: r.churned, New: r.new}
	kept := r.start - r.contraction - r.churned
	out.Gross = math.Max(0, math.Min(100, 100*(kept/r.start)))
	out.Net = math.Max(0, 100*(kept/r.start+r.expansion/r.start))
	if math.IsInf(out.Net, 0) {
		return RevenueRates{}, valueErr(fn, "expansion", r.expansion, wrapf(ErrNotFinite, "net retention overflows float64"))
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
	out, err := r.Result(estimate.Options{})
	return out, renameErr(err, "retention.RevenueRetention")
}
