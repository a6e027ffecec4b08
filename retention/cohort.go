package retention

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
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
// periods per customer): per customer about 80 bytes and its id, 8 bytes
// per period from its first to its last active one within 64 periods of
// the first (a bitset of active periods and dense amounts), and 16 bytes
// per active period beyond; events of a period already seen cost no
// allocation.
//
// Make one with [NewCohorts]; the zero value has no calendar and its Add
// returns ErrLocation. Use the group's New field to keep Cohorts in a
// group.Map per segment. A rejected event leaves the state unchanged. A
// Cohorts is not safe for concurrent use.
type Cohorts struct {
	period group.Period
	loc    *time.Location

	// parts holds the customers split by a hash of their id, each part
	// with its own index, so that a part fits in the CPU cache and parts
	// can be filled by separate goroutines: nil until the first customer,
	// then one part, and nparts from the first large AddAll on; always a
	// power of two.
	parts    []part
	n        int64 // customers
	events   int64
	lastPart int    // part of the customer of the last Add
	last     int32  // its index in the part
	lastID   string // and its id

	// bounds caches period starts as Unix seconds: bounds[i] is the start
	// of period base+i, and the last element the end of the last period.
	bounds []int64
	base   int32
}

// A part is the customers whose id hashes to one value of partOf.
type part struct {
	ids  map[string]int32 // index in cust by id
	cust []customerState
}

// customerState holds a customer's active periods as a bitset relative
// to the first, with dense amounts, so that recording an event of a
// period already seen, or of a new one within window periods of the
// first, is a bit set and an add, without insertion or search:
//
//	period first+k active  ⇔  bits&(1<<k) != 0, amount amt[k]   (k < window)
//	periods ≥ first+window: far, sorted by period, one per period
//
// amt has length the last active offset below window plus one; its
// inactive entries are 0. Period first is always active.
type customerState struct {
	id    string
	first int32
	bits  uint64
	amt   []float64
	far   []activity
}

// window is the number of periods from a customer's first that its bitset
// and dense amounts cover: five years of months, over a year of weeks.
const window = 64

// count returns the number of the customer's active periods.
func (cs *customerState) count() int { return bits.OnesCount64(cs.bits) + len(cs.far) }

// lastPeriod returns the customer's last active period.
func (cs *customerState) lastPeriod() int32 {
	if len(cs.far) > 0 {
		return cs.far[len(cs.far)-1].period
	}
	return cs.first + int32(63-bits.LeadingZeros64(cs.bits))
}

// appendActs appends the customer's activities, sorted by period, to dst.
func (cs *customerState) appendActs(dst []activity) []activity {
	for w := cs.bits; w != 0; w &= w - 1 {
		k := bits.TrailingZeros64(w)
		dst = append(dst, activity{cs.first + int32(k), cs.amt[k]})
	}
	return append(dst, cs.far...)
}

// setActs replaces the customer's periods by acts, sorted by period, one
// per period, at least one.
func (cs *customerState) setActs(acts []activity) {
	cs.first, cs.bits, cs.far = acts[0].period, 0, nil
	n := 0
	for n < len(acts) && acts[n].period-cs.first < window {
		n++
	}
	cs.amt = make([]float64, acts[n-1].period-cs.first+1)
	for _, a := range acts[:n] {
		k := a.period - cs.first
		cs.bits |= 1 << k
		cs.amt[k] = a.amount
	}
	if n < len(acts) {
		cs.far = slices.Clone(acts[n:])
	}
}

// cloneState returns a copy of cs that shares no memory with it.
func (cs *customerState) cloneState() customerState {
	d := *cs
	d.amt, d.far = slices.Clone(cs.amt), slices.Clone(cs.far)
	return d
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
func (c *Cohorts) N() int64 { return c.n }

// all calls f for every customer, part by part.
func (c *Cohorts) all(f func(cs *customerState)) {
	for p := range c.parts {
		cust := c.parts[p].cust
		for i := range cust {
			f(&cust[i])
		}
	}
}

// Events returns the number of events recorded.
func (c *Cohorts) Events() int64 { return c.events }

// Add records one event: customer e.Customer active at e.At with
// e.Amount of revenue (0 for none). An empty customer returns ErrEmpty, a
// time outside the years 1..9999 ErrTime, an amount that is NaN or ±Inf
// ErrNotFinite, a zero Cohorts ErrLocation.
func (c *Cohorts) Add(e Event) error {
	const fn = "retention.Cohorts.Add"
	if err := c.check(fn, e.Customer, e.At, e.Amount, -1); err != nil {
		return err
	}
	c.add(e.Customer, c.index(e.At), e.Amount)
	return nil
}

// AddAll records every event of events, as [Cohorts.Add] does; a bad
// event returns its error with its index, and then none is recorded.
// From 16,384 events on it works a million events at a time, sorted by a
// hash of the customer id into parts whose customers stay in the CPU
// cache, and fills the parts on up to GOMAXPROCS goroutines (at most 8):
// several times faster on large unsorted logs, for buffers of about
// 32 MiB plus 2 bytes per event per call (a few allocations per call,
// none per event).
func (c *Cohorts) AddAll(events []Event) error {
	const fn = "retention.Cohorts.AddAll"
	if len(events) < batchMin {
		for i := range events {
			if err := c.check(fn, events[i].Customer, events[i].At, events[i].Amount, i); err != nil {
				return err
			}
		}
		for i := range events {
			e := &events[i]
			c.add(e.Customer, c.index(e.At), e.Amount)
		}
		return nil
	}
	if c.events > math.MaxInt64-int64(len(events)) {
		return indexErr(fn, "events", float64(len(events)), 0, ErrOverflow)
	}
	w := workers(len(events))
	errs := make([]error, w)
	lo, hi := make([]int, w), make([]int, w) // events of the earliest and latest time
	// One pass validates the events and hashes their ids to their parts,
	// so that the batch below reads the ids once more only to apply them.
	partIdx := make([]uint16, len(events))
	parallel(w, func(g int) {
		from, to := segment(len(events), g, w)
		lo[g], hi[g] = from, from
		for i := from; i < to; i++ {
			e := &events[i]
			if err := c.check(fn, e.Customer, e.At, e.Amount, i); err != nil {
				errs[g] = err
				return
			}
			if u := e.At.Unix(); u < events[lo[g]].At.Unix() {
				lo[g] = i
			} else if u > events[hi[g]].At.Unix() {
				hi[g] = i
			}
			partIdx[i] = uint16(maphash.String(partSeed, e.Customer) & (nparts - 1))
		}
	})
	for _, err := range errs { // the first bad event: segments are in order
		if err != nil {
			return err
		}
	}
	// Cache the bounds of every period of the batch now, so that the
	// goroutines below only read them.
	for g := range w {
		c.index(events[lo[g]].At)
		c.index(events[hi[g]].At)
	}
	c.addBatch(events, partIdx, w)
	return nil
}

// nparts is the number of parts the customers are split into.
const nparts = 1024

// partSeed seeds the hash that picks a customer's part; the parts are
// internal to a process, so a per-process seed serves.
var partSeed = maphash.MakeSeed()

// partOf returns the part of customer id.
func (c *Cohorts) partOf(id string) int {
	return int(maphash.String(partSeed, id) & uint64(len(c.parts)-1))
}

// split spreads the customers over nparts parts, once.
func (c *Cohorts) split() {
	if len(c.parts) == nparts {
		return
	}
	old := c.parts
	c.parts = make([]part, nparts)
	c.lastID = "" // the last customer moves
	for p := range old {
		for _, cs := range old[p].cust {
			pt := c.partOf(cs.id)
			k := c.newCustomer(pt, cs.id)
			c.parts[pt].cust[k] = cs
		}
	}
}

// newCustomer adds customer id, which must be new, to its part pt and
// returns its index there.
// The parts must exist.
func (c *Cohorts) newCustomer(pt int, id string) int32 {
	p := &c.parts[pt]
	if p.ids == nil {
		p.ids = make(map[string]int32)
	}
	k := int32(len(p.cust))
	p.ids[id] = k
	p.cust = append(p.cust, customerState{id: id})
	return k
}

// batchMin is the length from which AddAll groups events by part.
const batchMin = 1 << 14

// maxWorkers bounds the goroutines of AddAll.
const maxWorkers = 8

// workers returns the number of goroutines for a batch of n events.
func workers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), maxWorkers, n/batchMin))
}

// segment returns the g-th of w near-equal segments of 0..n.
func segment(n, g, w int) (from, to int) { return n * g / w, n * (g + 1) / w }

// parallel runs f(0), ..., f(w-1), on w-1 new goroutines and this one,
// and returns when all have returned.
func parallel(w int, f func(g int)) {
	var wg sync.WaitGroup
	for g := 1; g < w; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(g)
		}()
	}
	f(0)
	wg.Wait()
}

// batchRec is an event placed in its part: a short id inline (or the
// event's index when the id is long), the period and the amount.
type batchRec struct {
	key    [16]byte // id bytes and, in key[15], their length; 255 for a long id
	period int32
	long   int32 // index in the chunk of an event with a long id
	amount float64
}

// addBatch adds valid events whose periods are in the cache a chunk at a
// time, in two passes over each chunk on w goroutines: the first sorts
// the chunk's events by the part of their customer (each goroutine a
// segment of the chunk, a counting sort), the second applies each part's
// events (each goroutine its own parts, so no locks), so that a part's
// map and customers stay in cache while its events are applied: the
// events of 200,000 customers in random order otherwise cost several
// cache misses each.
//
// partIdx[i] is the part of the customer of events[i], as partOf gives
// it once the customers are split.
func (c *Cohorts) addBatch(events []Event, partIdx []uint16, w int) {
	const chunk = 1 << 20
	c.split()
	buf := make([]batchRec, min(len(events), chunk))
	count := make([][nparts]int, w) // events per goroutine and part, then where they go
	var start [nparts + 1]int       // where each part's events begin
	tables := make([]shortTable, w)
	for lo := 0; lo < len(events); lo += chunk {
		ev := events[lo:min(lo+chunk, len(events))]
		pi := partIdx[lo : lo+len(ev)]
		parallel(w, func(g int) {
			from, to := segment(len(ev), g, w)
			cnt := &count[g]
			*cnt = [nparts]int{}
			for _, p := range pi[from:to] {
				cnt[p]++
			}
		})
		at := 0
		for p := range nparts {
			start[p] = at
			for g := range w {
				n := count[g][p]
				count[g][p] = at
				at += n
			}
		}
		start[nparts] = at
		parallel(w, func(g int) {
			from, to := segment(len(ev), g, w)
			next := &count[g]
			for i := from; i < to; i++ {
				e := &ev[i]
				r := &buf[next[pi[i]]]
				next[pi[i]]++
				r.period, r.amount, r.long = c.cachedIndex(e.At), e.Amount, int32(i)
				if n := len(e.Customer); n < 16 {
					r.key = [16]byte{} // shortTable reads all 16 bytes
					copy(r.key[:], e.Customer)
					r.key[15] = byte(n)
				} else {
					r.key[15] = 255
				}
			}
		})
		parallel(w, func(g int) {
			from, to := segment(nparts, g, w)
			t := &tables[g]
			for pt := from; pt < to; pt++ {
				c.applyPart(pt, buf[start[pt]:start[pt+1]], ev, t)
			}
		})
	}
	c.n = 0
	for p := range c.parts {
		c.n += int64(len(c.parts[p].cust))
	}
	c.events += int64(len(events))
}

// applyPart applies the records rs of part pt, whose long ids are those
// of the events ev, finding customers with short ids through t, filled
// here with the part's customers.
func (c *Cohorts) applyPart(pt int, rs []batchRec, ev []Event, t *shortTable) {
	p := &c.parts[pt]
	t.reset(len(p.cust) + len(rs))
	for k := range p.cust {
		if id := p.cust[k].id; len(id) < 16 {
			var key [16]byte
			copy(key[:], id)
			key[15] = byte(len(id))
			lo, hi := keyWords(&key)
			t.find(lo, hi, int32(k))
		}
	}
	last, lastLo, lastHi := int32(-1), uint64(0), uint64(0)
	lastID := ""
	for i := range rs {
		r := &rs[i]
		k := int32(-1)
		if r.key[15] < 16 {
			lo, hi := keyWords(&r.key)
			if last >= 0 && lo == lastLo && hi == lastHi {
				k = last
			} else if k = t.find(lo, hi, -1); k < 0 {
				k = c.lookup(pt, string(r.key[:r.key[15]]))
				t.find(lo, hi, k)
			}
			last, lastLo, lastHi, lastID = k, lo, hi, ""
		} else {
			id := ev[r.long].Customer
			if lastID != "" && id == lastID {
				k = last
			} else {
				k = c.lookup(pt, id)
			}
			last, lastLo, lastHi, lastID = k, 0, 0, p.cust[k].id
		}
		p.cust[k].record(r.period, r.amount)
	}
}

// lookup returns the index in part pt of customer id, added when new.
func (c *Cohorts) lookup(pt int, id string) int32 {
	if k, ok := c.parts[pt].ids[id]; ok {
		return k
	}
	return c.newCustomer(pt, strings.Clone(id)) // id may alias a buffer
}

// keyWords returns the 16 bytes of key as two words.
func keyWords(key *[16]byte) (lo, hi uint64) {
	return binary.LittleEndian.Uint64(key[:8]), binary.LittleEndian.Uint64(key[8:])
}

// A shortTable finds the customers of one part by their short ids (under
// 16 bytes, with their length in the last byte, as in batchRec.key)
// without hashing strings: open addressing on a multiplicative hash of
// the two words, seeded per process. A probe stops after maxProbe slots,
// and the map of the part answers then, so that ids chosen to collide
// cost a bounded amount.
type shortTable struct {
	slots []shortSlot
	shift uint
}

type shortSlot struct {
	lo, hi uint64
	k      int32 // customer index + 1; 0 for an empty slot
}

const maxProbe = 16

// tableSeed seeds the hash of shortTable.
var tableSeed = [2]uint64{maphash.String(partSeed, "lo") | 1, maphash.String(partSeed, "hi") | 1}

// reset empties t for up to n customers.
func (t *shortTable) reset(n int) {
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = 2*size, shift-1
	}
	if cap(t.slots) < size {
		t.slots = make([]shortSlot, size)
	} else {
		t.slots = t.slots[:size]
		clear(t.slots)
	}
	t.shift = shift
}

// find returns the customer of key (lo, hi), or -1 when it is not in t;
// then, when k >= 0, it records k as that customer if a slot is free.
func (t *shortTable) find(lo, hi uint64, k int32) int32 {
	h := ((lo ^ tableSeed[0]) * 0x9e3779b97f4a7c15) ^ ((hi ^ tableSeed[1]) * 0xc2b2ae3d27d4eb4f)
	mask := uint64(len(t.slots) - 1)
	i := (h ^ h>>29) >> t.shift
	for range maxProbe {
		s := &t.slots[i&mask]
		if s.k == 0 {
			if k >= 0 {
				*s = shortSlot{lo, hi, k + 1}
			}
			return -1
		}
		if s.lo == lo && s.hi == hi {
			return s.k - 1
		}
		i++
	}
	return -1
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

// add records a valid event of customer id in absolute period p.
func (c *Cohorts) add(id string, p int32, amount float64) {
	// Logs often list a customer's events together: skip the map then.
	// lastID is compared, not the customer's own id, as it is in cache.
	pt, k := c.lastPart, c.last
	if c.parts == nil || id != c.lastID || c.lastID == "" {
		if c.parts == nil {
			c.parts = make([]part, 1)
		}
		pt = c.partOf(id)
		var ok bool
		if k, ok = c.parts[pt].ids[id]; !ok {
			k = c.newCustomer(pt, strings.Clone(id)) // do not pin the caller's buffer
			c.n++
		}
	}
	cs := &c.parts[pt].cust[k]
	c.lastPart, c.last, c.lastID = pt, k, cs.id
	c.events++
	cs.record(p, amount)
}

// record adds amount to the customer's activity in absolute period p; a
// period new to the customer takes amount as it is (so that -0 stays -0).
func (cs *customerState) record(p int32, amount float64) {
	if cs.amt == nil { // a new customer
		cs.first, cs.bits = p, 1
		cs.amt = make([]float64, 1, 8) // most customers come back: skip the first regrowths
		cs.amt[0] = amount
		return
	}
	k := int64(p) - int64(cs.first)
	switch {
	case k >= 0 && k < window:
		if bit := uint64(1) << k; cs.bits&bit != 0 {
			cs.amt[k] += amount
		} else {
			cs.bits |= bit
			if int(k) >= len(cs.amt) {
				cs.amt = grow(cs.amt, int(k)+1)
			}
			cs.amt[k] = amount
		}
	case k >= window:
		cs.recordFar(p, amount)
	default: // a period before the first
		d := int(-k)
		if len(cs.far) == 0 && len(cs.amt)+d <= window {
			old := cs.amt
			cs.amt = grow(cs.amt, len(old)+d)
			copy(cs.amt[d:], old)
			clear(cs.amt[:d])
			cs.first, cs.bits = p, cs.bits<<d|1
			cs.amt[0] = amount
			return
		}
		acts := cs.appendActs(make([]activity, 0, cs.count()+1))
		acts = slices.Insert(acts, 0, activity{p, amount})
		cs.setActs(acts)
	}
}

// grow returns a with length n >= len(a), the new entries 0.
func grow(a []float64, n int) []float64 {
	if n <= cap(a) {
		b := a[:n]
		clear(b[len(a):])
		return b
	}
	b := make([]float64, n, min(max(n, 2*cap(a)), window))
	copy(b, a)
	return b
}

// recordFar records an event in period p, window periods or more after the
// customer's first, in its sorted list far.
func (cs *customerState) recordFar(p int32, amount float64) {
	i, found := slices.BinarySearchFunc(cs.far, p, func(a activity, p int32) int { return cmp.Compare(a.period, p) })
	if found {
		cs.far[i].amount += amount
		return
	}
	cs.far = slices.Insert(cs.far, i, activity{p, amount})
}

// index returns the absolute index of the period containing t, and adds
// the period's bounds to the cache when they are not far from it.
func (c *Cohorts) index(t time.Time) int32 {
	if p, ok := c.cached(t.Unix()); ok {
		return p
	}
	start, _ := c.period.Start(t, c.loc)
	p := c.periodIndex(start)
	c.extend(p)
	return p
}

// cachedIndex is index without changing the cache, so that goroutines
// may call it together.
func (c *Cohorts) cachedIndex(t time.Time) int32 {
	if p, ok := c.cached(t.Unix()); ok {
		return p
	}
	start, _ := c.period.Start(t, c.loc)
	return c.periodIndex(start)
}

// cached returns the period containing Unix second u when the cache of
// bounds covers it: a guess by the mean length of a period (weeks are
// 604,800 s but for a clock change; months 30.44 days on average, and the
// calendar stays within two days of that), corrected by comparing with
// the bounds, with no calendar computation.
func (c *Cohorts) cached(u int64) (int32, bool) {
	b := c.bounds
	if len(b) < 2 || u < b[0] || u >= b[len(b)-1] {
		return 0, false
	}
	mean := int64(604800)
	if c.period == group.Month {
		mean = 2629746 // 365.2425 days / 12
	}
	i := min(int((u-b[0])/mean), len(b)-2)
	for b[i] > u {
		i--
	}
	for b[i+1] <= u {
		i++
	}
	return c.base + int32(i), true
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
	var buf []activity
	o.all(func(oc *customerState) {
		if c.parts == nil {
			c.parts = make([]part, 1)
		}
		pt := c.partOf(oc.id)
		k, ok := c.parts[pt].ids[oc.id]
		if !ok {
			k = c.newCustomer(pt, oc.id)
			c.parts[pt].cust[k] = oc.cloneState()
			c.n++
			return
		}
		cs := &c.parts[pt].cust[k]
		buf = oc.appendActs(buf[:0])
		for _, a := range buf {
			cs.record(a.period, a.amount)
		}
	})
	c.events += o.events
	return nil
}

func (c *Cohorts) clone() *Cohorts {
	d := *c
	d.parts = make([]part, len(c.parts))
	c.all(func(cs *customerState) {
		pt := d.partOf(cs.id)
		k := d.newCustomer(pt, cs.id)
		d.parts[pt].cust[k] = cs.cloneState()
	})
	return &d
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
	if c.n == 0 {
		return CohortTable{}, valueErr(fn, "events", 0, ErrEmpty)
	}
	po := estimate.Options{Level: level, Method: m}
	first, last := int32(math.MaxInt32), int32(math.MinInt32)
	c.all(func(cs *customerState) {
		first = min(first, cs.first)
		last = max(last, cs.lastPeriod())
	})
	span := int(last-first) + 1
	// Dense cohort × age counts, for the cohorts that have customers.
	has := make([]bool, span)
	c.all(func(cs *customerState) { has[cs.first-first] = true })
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
	var buf []activity
	c.all(func(cs *customerState) {
		buf = cs.appendActs(buf[:0])
		a := buf
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
	})
	t := CohortTable{Period: c.period, Location: c.loc.String(), Customers: c.n, Events: c.events}
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
