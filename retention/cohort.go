package retention

import (
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// An Event is one line of an event log: a customer's activity (a
// purchase, a login, a paid invoice) at a time, with an optional amount of
// revenue (0 when there is none).
type Event struct {
	Customer string    `json:"customer"`
	At       time.Time `json:"at"`
	Amount   float64   `json:"amount"`
}

// activity is one period in which a customer was active, with the revenue
// of its events.
type activity struct {
	period int32 // absolute period index, see periodIndex
	amount float64
}

// Cohorts accumulates an event log into cohorts by first activity: each
// customer belongs to the cohort of the week or month of their first
// event, read on the wall clock of a *time.Location, and is active in
// every period with an event. [Cohorts.Result] gives the cohort ×
// periods-since matrix of active customers, retention shares, revenue, the
// average retention curve weighted by cohort size, and the period-over-
// period retention of [CustomerRetention].
//
// The log need not be sorted and may arrive in parts: a customer's cohort
// is the earliest period seen so far, and Cohorts built from parts merge
// ([Cohorts.Merge]) into those of the whole. Memory is O(customers ×
// periods active per customer), about 16 bytes per active period plus the
// customer id; events of a period already seen cost no allocation.
//
// Make one with [NewCohorts]; the zero value has no calendar and its Add
// returns ErrLocation. Use the group's New field to keep Cohorts in a
// group.Map per segment. A rejected event leaves the state unchanged. A
// Cohorts is not safe for concurrent use.
type Cohorts struct {
	period group.Period
	loc    *time.Location

	ids       [nparts]map[string]int32 // customer index by id, split by a hash of the id
	customers []customerState
	events    int64
	last      int32  // index of the customer of the last event
	lastID    string // and its id

	// bounds caches period starts as Unix seconds: bounds[i] is the start
	// of period base+i, and the last element the end of the last period.
	bounds []int64
	base   int32
}

type customerState struct {
	id   string
	acts []activity // sorted by period, one per period
}

// NewCohorts returns an empty Cohorts of period p (group.Week, ISO weeks
// starting on Monday, or group.Month) in loc. Another period returns
// ErrPeriod, a nil loc ErrLocation.
func NewCohorts(p group.Period, loc *time.Location) (*Cohorts, error) {
	const fn = "retention.NewCohorts"
	if p != group.Week && p != group.Month {
		return nil, textErr(fn, "period", p.String(), ErrPeriod)
	}
	if loc == nil {
		return nil, textErr(fn, "location", "nil", ErrLocation)
	}
	return &Cohorts{period: p, loc: loc}, nil
}

// Period returns the cohorts' period; 0 for a zero Cohorts.
func (c *Cohorts) Period() group.Period { return c.period }

// Location returns the time zone the periods are read in; nil for a zero
// Cohorts.
func (c *Cohorts) Location() *time.Location { return c.loc }

// N returns the number of customers seen.
func (c *Cohorts) N() int64 { return int64(len(c.customers)) }

// Events returns the number of events recorded.
func (c *Cohorts) Events() int64 { return c.events }

// Add records one event of customer id at time at with an amount of
// revenue (0 for none). An empty id returns ErrEmpty, a time outside the
// years 1..9999 ErrTime, an amount that is NaN or ±Inf ErrNotFinite, a
// zero Cohorts ErrLocation.
func (c *Cohorts) Add(id string, at time.Time, amount float64) error {
	const fn = "retention.Cohorts.Add"
	if err := c.check(fn, id, at, amount, -1); err != nil {
		return err
	}
	c.add(id, c.index(at), amount)
	return nil
}

// AddAll records every event of events, as [Cohorts.Add] does; a bad
// event returns its error with its index, and then none is recorded.
// From 16,384 events on it works a million events at a time, grouped by a
// hash of the customer id so that each group's customers stay in the CPU
// cache: several times faster on large unsorted logs, for a buffer of
// about 33 MiB per call (two allocations, none per event).
func (c *Cohorts) AddAll(events []Event) error {
	const fn = "retention.Cohorts.AddAll"
	for i := range events {
		if err := c.check(fn, events[i].Customer, events[i].At, events[i].Amount, i); err != nil {
			return err
		}
	}
	if len(events) < batchMin {
		for i := range events {
			e := &events[i]
			c.add(e.Customer, c.index(e.At), e.Amount)
		}
		return nil
	}
	c.addBatch(events)
	return nil
}

// nparts is the number of parts the customer index is split into.
const nparts = 256

// partSeed seeds the hash that picks a customer's part; the parts are
// internal to a process, so a per-process seed serves.
var partSeed = maphash.MakeSeed()

func partOf(id string) uint8 { return uint8(maphash.String(partSeed, id)) }

// newCustomer adds customer id, which must be new, and returns its index.
func (c *Cohorts) newCustomer(id string) int32 {
	p := partOf(id)
	if c.ids[p] == nil {
		c.ids[p] = make(map[string]int32)
	}
	k := int32(len(c.customers))
	c.ids[p][id] = k
	c.customers = append(c.customers, customerState{id: id})
	return k
}

// batchMin is the length from which AddAll groups events by part.
const batchMin = 1 << 14

// batchRec is an event placed in its part: a short id inline (or the
// event's index when the id is long), the period and the amount.
type batchRec struct {
	key    [16]byte // id bytes and, in key[15], their length; 255 for a long id
	period int32
	long   int32 // index in the chunk of an event with a long id
	amount float64
}

// addBatch adds valid events a chunk at a time, grouped by the part of
// their customer, so that each part's map and customers stay in cache
// while its events are applied: the events of 200,000 customers in random
// order otherwise cost several cache misses each.
func (c *Cohorts) addBatch(events []Event) {
	const chunk = 1 << 20
	buf := make([]batchRec, min(len(events), chunk))
	part := make([]uint8, len(buf))
	for lo := 0; lo < len(events); lo += chunk {
		ev := events[lo:min(lo+chunk, len(events))]
		var count [nparts + 1]int
		for i := range ev {
			p := partOf(ev[i].Customer)
			part[i] = p
			count[int(p)+1]++
		}
		for p := 1; p <= nparts; p++ {
			count[p] += count[p-1]
		}
		next := count
		for i := range ev {
			e := &ev[i]
			r := &buf[next[part[i]]]
			next[part[i]]++
			r.period, r.amount, r.long = c.index(e.At), e.Amount, int32(i)
			if n := len(e.Customer); n < 16 {
				copy(r.key[:], e.Customer)
				r.key[15] = byte(n)
			} else {
				r.key[15] = 255
			}
		}
		for pt := range nparts {
			for i := count[pt]; i < count[pt+1]; i++ {
				r := &buf[i]
				if n := r.key[15]; n < 16 {
					c.addIn(uint8(pt), true, string(r.key[:n]), r.period, r.amount)
				} else {
					c.addIn(uint8(pt), true, ev[r.long].Customer, r.period, r.amount)
				}
			}
		}
	}
}

// Unix seconds of 0001-01-02 and 9999-12-31 UTC: a day inside the years
// 1..9999, so that the period of a time stays in them in any zone.
const (
	minUnix = -62135510400
	maxUnix = 253402214400
)

func (c *Cohorts) check(fn, id string, at time.Time, amount float64, i int) error {
	if u := at.Unix(); u < minUnix || u >= maxUnix {
		return &estimate.ValueError{Func: fn, Name: "time", Text: at.UTC().Format(time.RFC3339), Index: i, Err: ErrTime}
	}
	switch {
	case c.loc == nil:
		return indexErr(fn, "location", 0, i, wrapf(ErrLocation, "zero Cohorts, make it with NewCohorts"))
	case id == "":
		return indexErr(fn, "customer", 0, i, wrapf(ErrEmpty, "empty customer id"))
	case math.IsNaN(amount) || math.IsInf(amount, 0):
		return indexErr(fn, "amount", amount, i, ErrNotFinite)
	case c.events == math.MaxInt64:
		return indexErr(fn, "events", 1, i, ErrOverflow)
	}
	return nil
}

func (c *Cohorts) add(id string, p int32, amount float64) {
	c.addIn(255, false, id, p, amount)
}

// addIn is add for a customer whose part is pt when known.
func (c *Cohorts) addIn(pt uint8, known bool, id string, p int32, amount float64) {
	// Logs often list a customer's events together: skip the map then.
	// lastID is compared, not the customer's own id, as it is in cache.
	k, ok := c.last, false
	if id == c.lastID && int(k) < len(c.customers) {
		ok = true
	} else {
		if !known {
			pt = partOf(id)
		}
		k, ok = c.ids[pt][id]
	}
	if !ok {
		k = c.newCustomer(strings.Clone(id)) // do not pin the caller's buffer
	}
	cs := &c.customers[k]
	c.last, c.lastID = k, cs.id
	c.events++
	acts := cs.acts
	// A customer active in every period since the first has period p at
	// index p - first: two cache lines instead of a binary search.
	if len(acts) > 0 {
		if j := int(p) - int(acts[0].period); j >= 0 && j < len(acts) && acts[j].period == p {
			acts[j].amount += amount
			return
		}
	}
	i, found := slices.BinarySearchFunc(acts, p, func(a activity, p int32) int { return int(a.period - p) })
	if found {
		acts[i].amount += amount
		return
	}
	cs.acts = slices.Insert(acts, i, activity{period: p, amount: amount})
}

// index returns the absolute index of the period containing t, from the
// cache of period bounds when t falls in it.
func (c *Cohorts) index(t time.Time) int32 {
	u := t.Unix()
	if b := c.bounds; len(b) > 1 && u >= b[0] && u < b[len(b)-1] {
		lo, hi := 0, len(b)-1 // b[lo] <= u < b[hi]
		for hi-lo > 1 {
			mid := int(uint(lo+hi) >> 1)
			if b[mid] <= u {
				lo = mid
			} else {
				hi = mid
			}
		}
		return c.base + int32(lo)
	}
	start, _ := c.period.Start(t, c.loc)
	p := c.periodIndex(start)
	c.extend(p)
	return p
}

// extend grows the cache of bounds to cover period p, when p is within
// 600 periods of it (about 11 years of weeks, 50 of months).
func (c *Cohorts) extend(p int32) {
	const far = 600
	if len(c.bounds) == 0 {
		s := c.periodStart(p)
		c.bounds = append(c.bounds[:0], s.Unix(), c.mustNext(s).Unix())
		c.base = p
		return
	}
	last := c.base + int32(len(c.bounds)) - 2
	switch {
	case p > last && p-last <= far:
		s := c.periodStart(last)
		for q := last; q < p; q++ {
			s = c.mustNext(s)
			c.bounds = append(c.bounds, c.mustNext(s).Unix())
		}
	case p < c.base && c.base-p <= far:
		pre := make([]int64, 0, int(c.base-p)+len(c.bounds))
		s := c.periodStart(p)
		for q := p; q < c.base; q++ {
			pre = append(pre, s.Unix())
			s = c.mustNext(s)
		}
		c.bounds = append(pre, c.bounds...)
		c.base = p
	}
}

func (c *Cohorts) mustNext(s time.Time) time.Time {
	n, _ := c.period.Next(s)
	return n
}

// epochMonday is the Monday 1970-01-05, day 4 of the Unix epoch.
const epochMonday = 4

// periodIndex returns the absolute index of the period that starts at
// start: months since year 0 (12·year + month - 1), or weeks since the
// Monday 1970-01-05.
func (c *Cohorts) periodIndex(start time.Time) int32 {
	y, m, d := start.Date()
	if c.period == group.Month {
		return int32(y*12 + int(m) - 1)
	}
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return int32(floorDiv(days-epochMonday, 7))
}

// periodStart returns the first instant of absolute period p.
func (c *Cohorts) periodStart(p int32) time.Time {
	var noon time.Time
	if c.period == group.Month {
		y, m := floorDiv(int64(p), 12), int64(p)-12*floorDiv(int64(p), 12)
		noon = time.Date(int(y), time.Month(m+1), 1, 12, 0, 0, 0, c.loc)
	} else {
		noon = time.Date(1970, 1, 5+7*int(p), 12, 0, 0, 0, c.loc)
	}
	s, _ := c.period.Start(noon, c.loc)
	return s
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Merge adds the events of o to c, as if they had been added to c: a
// customer's cohort becomes the earlier of the two, and the periods and
// revenue of a customer in both are combined. A nil or empty o adds
// nothing; a zero c takes o's calendar. Cohorts of different periods or
// time zones (by name) return ErrMismatch, and c is unchanged.
func (c *Cohorts) Merge(o *Cohorts) error {
	const fn = "retention.Cohorts.Merge"
	if o == nil || o.loc == nil {
		return nil
	}
	if c.loc == nil {
		c.period, c.loc = o.period, o.loc
	}
	if c.period != o.period || c.loc.String() != o.loc.String() {
		return textErr(fn, "calendar", o.period.String()+" in "+o.loc.String(),
			wrapf(ErrMismatch, "want %s in %s", c.period, c.loc))
	}
	if c.events > math.MaxInt64-o.events {
		return valueErr(fn, "events", float64(o.events), ErrOverflow)
	}
	if c == o {
		o = o.clone()
	}
	for _, oc := range o.customers {
		k, ok := c.ids[partOf(oc.id)][oc.id]
		if !ok {
			k = c.newCustomer(oc.id)
			c.customers[k].acts = slices.Clone(oc.acts)
			continue
		}
		c.customers[k].acts = mergeActs(c.customers[k].acts, oc.acts)
	}
	c.events += o.events
	return nil
}

func (c *Cohorts) clone() *Cohorts {
	d := *c
	d.customers = make([]customerState, len(c.customers))
	for i, cs := range c.customers {
		d.customers[i] = customerState{id: cs.id, acts: slices.Clone(cs.acts)}
	}
	return &d
}

// mergeActs merges two period-sorted activity lists.
func mergeActs(a, b []activity) []activity {
	out := make([]activity, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].period < b[j].period):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].period < a[i].period:
			out = append(out, b[j])
			j++
		default:
			out = append(out, activity{a[i].period, a[i].amount + b[j].amount})
			i++
			j++
		}
	}
	return out
}

// A Cohort is one row of a [CohortTable]: the customers whose first event
// fell in one period, followed over the periods since.
type Cohort struct {
	// Start is the first instant of the cohort's period in the table's
	// Location, and Label its name ("2026-03", "2026-W11").
	Start time.Time `json:"start"`
	Label string    `json:"label"`
	// Size is the number of customers of the cohort.
	Size int64 `json:"size"`
	// Active[k] is the number of its customers active k periods after
	// the cohort's period (Active[0] = Size), up to the last period of the
	// log; never above Size.
	Active []int64 `json:"active"`
	// Retention[k] is Active[k]/Size, a share in [0, 1], and CI[k] its
	// Wilson interval (by the method of the Options).
	Retention []float64           `json:"retention"`
	CI        []estimate.Interval `json:"ci"`
	// Revenue[k] is the amount of the cohort's events k periods after its
	// period, and TotalRevenue their sum, in the unit of the amounts.
	Revenue      []float64 `json:"revenue"`
	TotalRevenue float64   `json:"total_revenue"`
}

// A CurvePoint is one point of the average retention curve.
type CurvePoint struct {
	// Age is the number of periods since the cohort's period.
	Age int `json:"age"`
	// Active is the number of customers active at Age, summed over the
	// cohorts old enough to have reached it, and Of their total size.
	Active int64 `json:"active"`
	Of     int64 `json:"of"`
	// Share is Active/Of, the average of the cohorts' retention weighted by
	// their sizes, with its interval CI (customers taken as independent).
	Share float64           `json:"share"`
	CI    estimate.Interval `json:"ci"`
}

// A PeriodActivity is one calendar period of the log.
type PeriodActivity struct {
	Start time.Time `json:"start"`
	Label string    `json:"label"`
	// Active is the number of customers active in the period, First those
	// whose first event it was, and Revenue the amount of its events.
	Active  int64   `json:"active"`
	First   int64   `json:"first"`
	Revenue float64 `json:"revenue"`
	// Rate is the retention from the period before (S = active in the
	// period before, E = active in this one, N = active now but not
	// then), when HasRate; the first period, and a period after one with
	// no customers, have none.
	HasRate bool `json:"has_rate"`
	Rate    Rate `json:"rate"`
}

// A CohortTable is what [Cohorts.Result] returns.
type CohortTable struct {
	Period    group.Period `json:"period"`
	Location  string       `json:"location"`
	Customers int64        `json:"customers"`
	Events    int64        `json:"events"`
	// Cohorts lists the cohorts with customers, oldest first.
	Cohorts []Cohort `json:"cohorts"`
	// Average is the retention curve averaged over cohorts, weighted by
	// cohort size: at each age, the pooled share of the cohorts that have
	// reached it.
	Average []CurvePoint `json:"average"`
	// Periods lists every period from the first event to the last.
	Periods []PeriodActivity `json:"periods"`
}

// MaxCells bounds the size of a cohort table: the number of periods from
// the first event to the last plus, for each cohort, the periods from its
// own to the last. Ten years of weekly cohorts take about 136,000.
const MaxCells = 1 << 24

// Result returns the cohort table: cohort × periods since first activity
// of active customers and retention shares with their intervals (o as for
// [estimate.Proportion], Wilson by default), revenue per cohort and age,
// the average curve, and the retention of each period from the one
// before. No events returns ErrEmpty; a table above MaxCells ErrSpan; a
// bad level or method ErrLevel or ErrMethod.
func (c *Cohorts) Result(o estimate.Options) (CohortTable, error) {
	const fn = "retention.Cohorts.Result"
	level, m, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return CohortTable{}, err
	}
	if len(c.customers) == 0 {
		return CohortTable{}, valueErr(fn, "events", 0, ErrEmpty)
	}
	po := estimate.Options{Level: level, Method: m}
	first, last := int32(math.MaxInt32), int32(math.MinInt32)
	for i := range c.customers {
		a := c.customers[i].acts
		first = min(first, a[0].period)
		last = max(last, a[len(a)-1].period)
	}
	span := int(last-first) + 1
	// Dense cohort × age counts, for the cohorts that have customers.
	has := make([]bool, span)
	for i := range c.customers {
		has[c.customers[i].acts[0].period-first] = true
	}
	cells := span
	for co, ok := range has {
		if ok {
			cells += span - co
		}
	}
	if cells > MaxCells {
		return CohortTable{}, valueErr(fn, "cells", float64(cells), wrapf(ErrSpan, "%d periods from the first event to the last", span))
	}
	active := make([][]int64, span)
	revenue := make([][]float64, span)
	for i := range active {
		if has[i] {
			active[i] = make([]int64, span-i)
			revenue[i] = make([]float64, span-i)
		}
	}
	pa := make([]PeriodActivity, span)
	kept := make([]int64, span) // active in p and in p-1
	for i := range c.customers {
		a := c.customers[i].acts
		co := int(a[0].period - first)
		pa[co].First++
		for j, x := range a {
			age := int(x.period - a[0].period)
			active[co][age]++
			revenue[co][age] += x.amount
			p := int(x.period - first)
			pa[p].Active++
			pa[p].Revenue += x.amount
			if j > 0 && a[j-1].period == x.period-1 {
				kept[p]++
			}
		}
	}
	t := CohortTable{Period: c.period, Location: c.loc.String(), Customers: int64(len(c.customers)), Events: c.events}
	avgActive := make([]int64, span)
	avgOf := make([]int64, span)
	for co := range span {
		if !has[co] {
			continue
		}
		size := active[co][0]
		start := c.periodStart(first + int32(co))
		label, _ := c.period.Label(start)
		row := Cohort{Start: start, Label: label, Size: size, Active: active[co], Revenue: revenue[co],
			Retention: make([]float64, len(active[co])), CI: make([]estimate.Interval, len(active[co]))}
		for k, n := range active[co] {
			row.Retention[k] = float64(n) / float64(size)
			row.CI[k], err = estimate.Proportion(n, size, po)
			if err != nil {
				return CohortTable{}, renameErr(err, fn)
			}
			row.TotalRevenue += revenue[co][k]
			avgActive[k] += n
			avgOf[k] += size
		}
		t.Cohorts = append(t.Cohorts, row)
	}
	for k := range span {
		pt := CurvePoint{Age: k, Active: avgActive[k], Of: avgOf[k]}
		pt.Share = float64(pt.Active) / float64(pt.Of)
		pt.CI, err = estimate.Proportion(pt.Active, pt.Of, po)
		if err != nil {
			return CohortTable{}, renameErr(err, fn)
		}
		t.Average = append(t.Average, pt)
	}
	for p := range span {
		pa[p].Start = c.periodStart(first + int32(p))
		pa[p].Label, _ = c.period.Label(pa[p].Start)
		if p > 0 && pa[p-1].Active > 0 {
			r, err := rate(fn, pa[p-1].Active, pa[p].Active, pa[p].Active-kept[p], po)
			if err != nil {
				return CohortTable{}, err
			}
			pa[p].HasRate, pa[p].Rate = true, r
		}
	}
	t.Periods = pa
	return t, nil
}
