package retention

import (
	"math"
	"slices"
	"sort"
	"time"
)

// A Unit is the time unit of the recency, age and horizons of histories
// built from a transaction log.
type Unit int

const (
	// UnitWeek measures times in weeks of 7 days (as the CDNOW studies do).
	UnitWeek Unit = iota
	// UnitDay measures times in days.
	UnitDay
)

// days returns the length of u in days, 0 for an unknown unit.
func (u Unit) days() float64 {
	switch u {
	case UnitWeek:
		return 7
	case UnitDay:
		return 1
	}
	return 0
}

// String returns "week" or "day".
func (u Unit) String() string {
	switch u {
	case UnitWeek:
		return "week"
	case UnitDay:
		return "day"
	}
	return "unit(" + itoa(int(u)) + ")"
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Transactions accumulates a transaction log (customer, time, amount) into
// per-customer purchase days, read on the wall clock of a *time.Location:
// purchases of one customer on one calendar day are merged into one
// purchase whose amount is their sum, as the BG/NBD literature does.
// [Transactions.Summarize] turns it into the histories and spends of the
// models, with a calibration/holdout split.
//
// The log need not be sorted and may come in parts that Merge. Memory is
// O(customers × purchase days), about 16 bytes per purchase day plus the
// id: model fitting needs each customer's own history. Make one with
// [NewTransactions]; the zero value has no calendar and its Add returns
// ErrLocation. A rejected purchase leaves the state unchanged. Not safe for
// concurrent use. It has no Result(estimate.Options): its read-out is
// [Transactions.Summarize] at a [Split], so generic code combines it as an
// accumulator without a Result.
type Transactions struct {
	loc    *time.Location
	ids    map[string]int32
	cs     []txCustomer
	events int64
}

type txCustomer struct {
	id   string
	days []txDay // sorted by day, one per day
}

type txDay struct {
	day    int32 // days since 1970-01-01 on the wall clock of loc
	amount float64
}

// NewTransactions returns an empty Transactions reading days in loc; a nil
// loc returns ErrLocation.
func NewTransactions(loc *time.Location) (*Transactions, error) {
	if loc == nil {
		return nil, textErr("retention.NewTransactions", "location", "nil", ErrLocation)
	}
	return &Transactions{loc: loc, ids: map[string]int32{}}, nil
}

// Location returns the time zone in which days are read.
func (t *Transactions) Location() *time.Location { return t.loc }

// Add adds one purchase: customer e.Customer at e.At for e.Amount (>= 0,
// 0 when unknown). An empty customer returns ErrEmpty (as in [Cohorts]:
// it would merge every unnamed purchase into one customer), a negative
// amount ErrNegative, NaN or ±Inf ErrNotFinite, a time outside the years
// 1..9999 ErrTime, a zero Transactions ErrLocation.
func (t *Transactions) Add(e Event) error {
	const fn = "retention.Transactions.Add"
	d, err := t.checkEvent(fn, e.Customer, e.At, e.Amount, -1)
	if err != nil {
		return err
	}
	t.add(e.Customer, d, e.Amount)
	return nil
}

// AddAll adds the events as [Transactions.Add] does, all or none: a bad
// event returns its error with its index, and then none is added. It
// allocates 4 bytes per event for the days, once per call.
func (t *Transactions) AddAll(events []Event) error {
	const fn = "retention.Transactions.AddAll"
	days := make([]int32, len(events))
	for i := range events {
		d, err := t.checkEvent(fn, events[i].Customer, events[i].At, events[i].Amount, i)
		if err != nil {
			return err
		}
		days[i] = d
	}
	for i := range events {
		t.add(events[i].Customer, days[i], events[i].Amount)
	}
	return nil
}

// checkEvent is check for a purchase of customer id, which must not be
// empty.
func (t *Transactions) checkEvent(fn, id string, at time.Time, amount float64, i int) (int32, error) {
	if id == "" && t.loc != nil {
		return 0, indexErr(fn, "customer", 0, i, wrapf(ErrEmpty, "empty customer id"))
	}
	return t.check(fn, at, amount, i)
}

// check returns the day of at in t's location, or the error of a time or
// amount that t cannot take.
func (t *Transactions) check(fn string, at time.Time, amount float64, i int) (int32, error) {
	if t.loc == nil {
		return 0, textErr(fn, "location", "nil", ErrLocation)
	}
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return 0, indexErr(fn, "amount", amount, i, ErrNotFinite)
	}
	if amount < 0 {
		return 0, indexErr(fn, "amount", amount, i, ErrNegative)
	}
	y, m, d := at.In(t.loc).Date()
	if y < 1 || y > 9999 {
		return 0, indexErr(fn, "year", float64(y), i, ErrTime)
	}
	return int32(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400), nil
}

func (t *Transactions) add(id string, day int32, amount float64) {
	i, ok := t.ids[id]
	if !ok {
		i = int32(len(t.cs))
		t.ids[id] = i
		t.cs = append(t.cs, txCustomer{id: id})
	}
	c := &t.cs[i]
	c.days = addDay(c.days, day, amount)
	t.events++
}

func addDay(ds []txDay, day int32, amount float64) []txDay {
	if n := len(ds); n > 0 && ds[n-1].day == day {
		ds[n-1].amount += amount
		return ds
	} else if n == 0 || ds[n-1].day < day {
		return append(ds, txDay{day, amount})
	}
	k := sort.Search(len(ds), func(i int) bool { return ds[i].day >= day })
	if ds[k].day == day {
		ds[k].amount += amount
		return ds
	}
	return slices.Insert(ds, k, txDay{day, amount})
}

// Merge adds the purchases of o to t; o is unchanged and nil is empty.
// Transactions in different time zones return ErrMismatch; a zero
// Transactions takes the zone of o.
func (t *Transactions) Merge(o *Transactions) error {
	if o == nil || o.events == 0 {
		return nil
	}
	if t.loc == nil {
		t.loc, t.ids = o.loc, map[string]int32{}
	} else if t.loc.String() != o.loc.String() {
		return textErr("retention.Transactions.Merge", "location", o.loc.String(), ErrMismatch)
	}
	for _, c := range o.cs {
		for _, d := range c.days {
			t.add(c.id, d.day, d.amount)
		}
	}
	t.events += o.events - int64(countDays(o))
	return nil
}

func countDays(o *Transactions) int {
	n := 0
	for _, c := range o.cs {
		n += len(c.days)
	}
	return n
}

// N returns the number of customers.
func (t *Transactions) N() int64 { return int64(len(t.cs)) }

// Events returns the number of purchases added (before merging days).
func (t *Transactions) Events() int64 { return t.events }

// A Split says how [Transactions.Summarize] reads the log: customers
// whose first purchase is on or before the day of End (in the zone of the
// Transactions) form the calibration sample, observed up to the end of
// that day; purchases on later days up to the day of HoldoutEnd form the
// holdout. A zero HoldoutEnd means no holdout. Times are in Unit.
type Split struct {
	End        time.Time `json:"end"`
	HoldoutEnd time.Time `json:"holdout_end"`
	Unit       Unit      `json:"unit"`
}

// A Customer is one customer's summary: the calibration [History] (x,
// t_x, T in the Split's unit), the mean value of the repeat purchases
// (0 when X = 0), and the number and total value of purchases (days) in
// the holdout.
type Customer struct {
	ID string `json:"id"`
	History
	Value        float64   `json:"value"`
	First        time.Time `json:"first"`
	HoldoutX     int64     `json:"holdout_x"`
	HoldoutValue float64   `json:"holdout_value"`
}

// A Summary is the per-customer summary of a transaction log: Customers
// in the order they first appeared in the log, the Unit, and Holdout, the
// length of the holdout in Unit (0 without one). After [Transactions.Merge]
// the customers of t come first, then those new in o, so partial logs
// merged in another order (a distributed run) list the same customers, with
// the same histories, in another order.
type Summary struct {
	Customers []Customer `json:"customers"`
	Unit      Unit       `json:"unit"`
	Holdout   float64    `json:"holdout"`
}

// Summarize returns the customers' histories at the split (see [Split]
// and [Customer]): x is the number of purchase days after the first, t_x
// the time from the first to the last of them, T the time from the first
// to the end of the day of End. No customer in the calibration period
// returns ErrEmpty, an unknown unit ErrPeriod, a HoldoutEnd before End
// ErrHorizon, a zero Transactions ErrLocation.
func (t *Transactions) Summarize(s Split) (Summary, error) {
	const fn = "retention.Transactions.Summarize"
	if t.loc == nil {
		return Summary{}, textErr(fn, "location", "nil", ErrLocation)
	}
	u := s.Unit.days()
	if u == 0 {
		return Summary{}, textErr(fn, "unit", s.Unit.String(), ErrPeriod)
	}
	end, err := t.check(fn, s.End, 0, -1)
	if err != nil {
		return Summary{}, err
	}
	hold := end
	if !s.HoldoutEnd.IsZero() {
		if hold, err = t.check(fn, s.HoldoutEnd, 0, -1); err != nil {
			return Summary{}, err
		}
		if hold < end {
			return Summary{}, valueErr(fn, "holdout days", float64(hold-end), wrapf(ErrHorizon, "holdout ends before the calibration"))
		}
	}
	out := Summary{Unit: s.Unit, Holdout: float64(hold-end) / u}
	for _, c := range t.cs {
		first := c.days[0]
		if first.day > end {
			continue
		}
		cu := Customer{ID: c.id, First: dayTime(first.day, t.loc)}
		// T runs to the end of the day of End: day counts, as in CDNOW.
		cu.T = float64(end-first.day) / u
		var sum float64
		for _, d := range c.days[1:] {
			switch {
			case d.day <= end:
				cu.X++
				cu.Tx = float64(d.day-first.day) / u
				sum += d.amount
			case d.day <= hold:
				cu.HoldoutX++
				cu.HoldoutValue += d.amount
			}
		}
		if cu.X > 0 {
			cu.Value = sum / float64(cu.X)
		}
		out.Customers = append(out.Customers, cu)
	}
	if len(out.Customers) == 0 {
		return Summary{}, valueErr(fn, "customers", 0, wrapf(ErrEmpty, "nobody bought before the end of the calibration"))
	}
	return out, nil
}

// dayTime returns the start of day d in loc.
func dayTime(d int32, loc *time.Location) time.Time {
	y, m, dd := time.Unix(int64(d)*86400, 0).UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// Histories returns the calibration histories of the customers.
func (s Summary) Histories() *Histories {
	var h Histories
	for _, c := range s.Customers {
		h.addN("", History{X: c.X, Tx: c.Tx, T: c.T}, 1, -1)
	}
	return &h
}

// Spends returns the spends of the customers with repeat purchases of a
// positive mean value (customers with x = 0, or whose repeat purchases
// are all of amount 0, carry no information on spend).
func (s Summary) Spends() *Spends {
	var sp Spends
	for _, c := range s.Customers {
		if c.X > 0 && c.Value > 0 {
			sp.addN("", Spend{X: c.X, M: c.Value}, 1, -1)
		}
	}
	return &sp
}
