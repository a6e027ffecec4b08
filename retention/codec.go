package retention

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/group"
	"github.com/servq/servq/internal/wire"
)

// binaryVersion is the first byte of every binary encoding of the package.
const binaryVersion = 1

// corruptErr returns an ErrCorrupt error of fn about name.
func corruptErr(fn, name string, v float64, format string, args ...any) error {
	return valueErr(fn, name, v, wrapf(ErrCorrupt, format, args...))
}

// ---- Flow ----

type flowJSON struct {
	Start, End, New int64
}

// MarshalJSON encodes the counts of f as {"start":S,"end":E,"new":N}.
func (f Flow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]int64{"start": f.start, "end": f.end, "new": f.new})
}

// UnmarshalJSON decodes what [Flow.MarshalJSON] encodes, strictly:
// unknown, missing or duplicate keys, values of another type, trailing
// data, or counts that cannot occur together return ErrCorrupt and leave
// f unchanged. JSON null does nothing.
func (f *Flow) UnmarshalJSON(b []byte) error {
	const fn = "retention.Flow.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var w flowJSON
	if err := decodeStrict(fn, b, jsonField{"start", &w.Start}, jsonField{"end", &w.End}, jsonField{"new", &w.New}); err != nil {
		return err
	}
	return f.set(fn, w.Start, w.End, w.New)
}

func (f *Flow) set(fn string, s, e, n int64) error {
	if err := checkFlow(fn, s, e, n); err != nil {
		return corruptErr(fn, "counts", float64(s), "%v", err)
	}
	*f = Flow{s, e, n}
	return nil
}

// MarshalBinary encodes f as a version byte (1) and S, E, N as unsigned
// varints.
func (f Flow) MarshalBinary() ([]byte, error) {
	return f.AppendBinary(make([]byte, 0, 1+3*binary.MaxVarintLen64))
}

// AppendBinary appends the encoding of [Flow.MarshalBinary] to b.
func (f Flow) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, binaryVersion)
	b = binary.AppendUvarint(b, uint64(f.start))
	b = binary.AppendUvarint(b, uint64(f.end))
	return binary.AppendUvarint(b, uint64(f.new)), nil
}

// UnmarshalBinary decodes what [Flow.MarshalBinary] encodes. An unknown
// version, a bad or non-minimal varint, trailing bytes or impossible counts
// return ErrCorrupt and leave f unchanged.
func (f *Flow) UnmarshalBinary(b []byte) error {
	const fn = "retention.Flow.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(binaryVersion)
	s, e, n := r.Count(), r.Count(), r.Count()
	if err := r.End(); err != nil {
		return err
	}
	return f.set(fn, s, e, n)
}

// ---- Revenue ----

var revenueKeys = [...]string{"start", "expansion", "contraction", "churned", "new"}

func (r *Revenue) fields() [5]*float64 {
	return [5]*float64{&r.start, &r.expansion, &r.contraction, &r.churned, &r.new}
}

// revenueVersion is the first byte of the binary encoding of a Revenue:
// 2 since it counts customers (see [Revenue.N]); version 1, without the
// count, is rejected.
const revenueVersion = 2

// MarshalJSON encodes the five sums and the customers of r:
// {"start":…,"expansion":…,"contraction":…,"churned":…,"new":…,"customers":…}.
func (r Revenue) MarshalJSON() ([]byte, error) {
	m := map[string]any{"customers": r.customers}
	for i, p := range r.fields() {
		m[revenueKeys[i]] = *p
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes what [Revenue.MarshalJSON] encodes, strictly; a
// sum that is negative or not finite, or a negative count of customers,
// returns ErrCorrupt, and so does an encoding without "customers" (that of
// an older version). r is unchanged on error; JSON null does nothing.
func (r *Revenue) UnmarshalJSON(b []byte) error {
	const fn = "retention.Revenue.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var w Revenue
	fs := []jsonField{{"customers", &w.customers}}
	for i, p := range w.fields() {
		fs = append(fs, jsonField{revenueKeys[i], p})
	}
	if err := decodeStrict(fn, b, fs...); err != nil {
		return err
	}
	return r.set(fn, w)
}

func (r *Revenue) set(fn string, w Revenue) error {
	for i, p := range w.fields() {
		if !(*p >= 0) || math.IsInf(*p, 0) {
			return corruptErr(fn, revenueKeys[i], *p, "want a finite sum >= 0")
		}
	}
	if w.customers < 0 {
		return corruptErr(fn, "customers", float64(w.customers), "want a count >= 0")
	}
	*r = w
	return nil
}

// MarshalBinary encodes r as a version byte (2), the customers as an
// unsigned varint and the five sums as float64 bits.
func (r Revenue) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 1+binary.MaxVarintLen64+40))
}

// AppendBinary appends the encoding of [Revenue.MarshalBinary] to b.
func (r Revenue) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, revenueVersion)
	b = binary.AppendUvarint(b, uint64(r.customers))
	for _, p := range r.fields() {
		b = wire.AppendFloat64(b, *p)
	}
	return b, nil
}

// UnmarshalBinary decodes what [Revenue.MarshalBinary] encodes; anything
// else, version 1 included, returns ErrCorrupt and leaves r unchanged.
func (r *Revenue) UnmarshalBinary(b []byte) error {
	const fn = "retention.Revenue.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(revenueVersion)
	w := Revenue{customers: rd.Count()}
	for i, p := range w.fields() {
		*p = readFinite(&rd, revenueKeys[i])
	}
	if err := rd.End(); err != nil {
		return err
	}
	return r.set(fn, w)
}

// ---- Repeat ----

type repeatJSON struct {
	Customers, Repeaters, Gaps int64
	SX, SXX, SXY, SYY          float64
}

// MarshalJSON encodes the sums of r: {"customers", "repeaters", "gaps"}
// counts and "sx", "sxx", "sxy", "syy", the sums of spans x (days) and
// gaps y over the repeaters.
func (r Repeat) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"customers": r.customers, "repeaters": r.repeaters, "gaps": r.gaps,
		"sx": r.sx, "sxx": r.sxx, "sxy": r.sxy, "syy": r.syy})
}

// UnmarshalJSON decodes what [Repeat.MarshalJSON] encodes, strictly;
// counts out of order (repeaters above customers, gaps below repeaters)
// or sums that are negative or not finite return ErrCorrupt, and r is
// unchanged. JSON null does nothing.
func (r *Repeat) UnmarshalJSON(b []byte) error {
	const fn = "retention.Repeat.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var w repeatJSON
	if err := decodeStrict(fn, b, jsonField{"customers", &w.Customers}, jsonField{"repeaters", &w.Repeaters},
		jsonField{"gaps", &w.Gaps}, jsonField{"sx", &w.SX}, jsonField{"sxx", &w.SXX}, jsonField{"sxy", &w.SXY},
		jsonField{"syy", &w.SYY}); err != nil {
		return err
	}
	return r.set(fn, Repeat{w.Customers, w.Repeaters, w.Gaps, w.SX, w.SXX, w.SXY, w.SYY})
}

func (r *Repeat) set(fn string, w Repeat) error {
	switch {
	case w.customers < 0 || w.repeaters < 0 || w.repeaters > w.customers:
		return corruptErr(fn, "repeaters", float64(w.repeaters), "want 0 <= repeaters <= customers %d", w.customers)
	case w.gaps < w.repeaters || (w.repeaters == 0 && w.gaps != 0):
		return corruptErr(fn, "gaps", float64(w.gaps), "want at least one gap per repeater")
	}
	for _, v := range [...]float64{w.sx, w.sxx, w.sxy, w.syy} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return corruptErr(fn, "sum", v, "want a finite sum >= 0")
		}
	}
	*r = w
	return nil
}

// MarshalBinary encodes r as a version byte (1), the three counts as
// unsigned varints and the four sums as float64 bits.
func (r Repeat) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 1+3*binary.MaxVarintLen64+32))
}

// AppendBinary appends the encoding of [Repeat.MarshalBinary] to b.
func (r Repeat) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, binaryVersion)
	for _, c := range [...]int64{r.customers, r.repeaters, r.gaps} {
		b = binary.AppendUvarint(b, uint64(c))
	}
	for _, v := range [...]float64{r.sx, r.sxx, r.sxy, r.syy} {
		b = wire.AppendFloat64(b, v)
	}
	return b, nil
}

// UnmarshalBinary decodes what [Repeat.MarshalBinary] encodes; anything
// else returns ErrCorrupt and leaves r unchanged.
func (r *Repeat) UnmarshalBinary(b []byte) error {
	const fn = "retention.Repeat.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(binaryVersion)
	w := Repeat{customers: rd.Count(), repeaters: rd.Count(), gaps: rd.Count()}
	w.sx, w.sxx, w.sxy, w.syy = readFinite(&rd, "sx"), readFinite(&rd, "sxx"), readFinite(&rd, "sxy"), readFinite(&rd, "syy")
	if err := rd.End(); err != nil {
		return err
	}
	return r.set(fn, w)
}

// ---- Lifetimes ----

type lifetimesJSON struct {
	N, Origin                 int64
	Times                     []float64
	Events, Censored, Entries []int64
}

// MarshalJSON encodes the counts of l by distinct time, in increasing
// order of time:
//
//	{"n":3,"origin":3,"times":[2,5],"events":[1,1],"censored":[1,0],"entries":[0,0]}
//
// where origin counts the lifetimes at risk from time 0 and entries the
// left-truncated ones entering at each time.
func (l Lifetimes) MarshalJSON() ([]byte, error) {
	cs := l.sorted()
	w := lifetimesJSON{N: l.n, Origin: l.origin, Times: make([]float64, len(cs)),
		Events: make([]int64, len(cs)), Censored: make([]int64, len(cs)), Entries: make([]int64, len(cs))}
	for i, c := range cs {
		w.Times[i], w.Events[i], w.Censored[i], w.Entries[i] = c.t, c.events, c.censored, c.entries
	}
	return json.Marshal(map[string]any{"n": w.N, "origin": w.Origin, "times": w.Times,
		"events": w.Events, "censored": w.Censored, "entries": w.Entries})
}

// UnmarshalJSON decodes what [Lifetimes.MarshalJSON] encodes, strictly:
// besides malformed JSON, lists of different lengths, times that are not
// finite, negative or not strictly increasing, negative counts, a time
// with no counts, counts that do not add up to n, or more lifetimes ending
// at a time than are at risk there return ErrCorrupt and leave l
// unchanged. JSON null does nothing.
func (l *Lifetimes) UnmarshalJSON(b []byte) error {
	const fn = "retention.Lifetimes.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var w lifetimesJSON
	if err := decodeStrict(fn, b, jsonField{"n", &w.N}, jsonField{"origin", &w.Origin}, jsonField{"times", &w.Times},
		jsonField{"events", &w.Events}, jsonField{"censored", &w.Censored}, jsonField{"entries", &w.Entries}); err != nil {
		return err
	}
	k := len(w.Times)
	if len(w.Events) != k || len(w.Censored) != k || len(w.Entries) != k {
		return corruptErr(fn, "times", float64(k), "lists of different lengths")
	}
	cs := make([]cell, k)
	for i := range cs {
		cs[i] = cell{w.Times[i], w.Events[i], w.Censored[i], w.Entries[i]}
	}
	return l.set(fn, w.N, w.Origin, cs)
}

// set replaces the state of l by sorted cells after checking them.
func (l *Lifetimes) set(fn string, n, origin int64, cs []cell) error {
	if origin < 0 {
		return corruptErr(fn, "origin", float64(origin), "negative")
	}
	risk, entries, exits := origin, int64(0), int64(0)
	for i, c := range cs {
		switch {
		case math.IsNaN(c.t) || math.IsInf(c.t, 0) || c.t < 0:
			return corruptErr(fn, "time", c.t, "want a finite time >= 0")
		case i > 0 && !(c.t > cs[i-1].t):
			return corruptErr(fn, "time", c.t, "times not strictly increasing")
		case c.t == 0 && math.Signbit(c.t):
			return corruptErr(fn, "time", c.t, "negative zero")
		case c.events < 0 || c.censored < 0 || c.entries < 0:
			return corruptErr(fn, "count", float64(min(c.events, c.censored, c.entries)), "negative count at time %g", c.t)
		case c.events == 0 && c.censored == 0 && c.entries == 0:
			return corruptErr(fn, "time", c.t, "no counts")
		}
		out := c.events + c.censored
		if out < 0 || out > risk {
			return corruptErr(fn, "count", float64(out), "more lifetimes end at %g than are at risk (%d)", c.t, risk)
		}
		if entries > math.MaxInt64-c.entries || risk-out > math.MaxInt64-c.entries {
			return corruptErr(fn, "entries", float64(c.entries), "total overflows int64")
		}
		entries += c.entries
		exits += out
		risk += c.entries - out
	}
	if origin > math.MaxInt64-entries || n != origin+entries || exits != n {
		return corruptErr(fn, "n", float64(n), "counts add up to %d entered and %d ended", origin+entries, exits)
	}
	idx := make(map[float64]int32, len(cs))
	for i, c := range cs {
		idx[c.t] = int32(i)
	}
	l.n, l.origin, l.cells, l.idx, l.dense = n, origin, cs, idx, nil
	return nil
}

// MarshalBinary encodes l compactly: a version byte (1), origin and the
// number of distinct times as unsigned varints, then for each time in
// increasing order its float64 bits and its events, censored and entries
// as unsigned varints.
func (l Lifetimes) MarshalBinary() ([]byte, error) {
	return l.AppendBinary(make([]byte, 0, 1+20+len(l.cells)*14))
}

// AppendBinary appends the encoding of [Lifetimes.MarshalBinary] to b.
func (l Lifetimes) AppendBinary(b []byte) ([]byte, error) {
	cs := l.sorted()
	b = append(b, binaryVersion)
	b = binary.AppendUvarint(b, uint64(l.origin))
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for _, c := range cs {
		b = wire.AppendFloat64(b, c.t)
		b = binary.AppendUvarint(b, uint64(c.events))
		b = binary.AppendUvarint(b, uint64(c.censored))
		b = binary.AppendUvarint(b, uint64(c.entries))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Lifetimes.MarshalBinary] encodes, with the
// checks of [Lifetimes.UnmarshalJSON]; a bad version, a bad or non-minimal
// varint or trailing bytes also return ErrCorrupt. l is unchanged on
// error.
func (l *Lifetimes) UnmarshalBinary(b []byte) error {
	const fn = "retention.Lifetimes.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(binaryVersion)
	origin := r.Count()
	k := r.Count()
	if r.Err() == nil && k > int64(r.Len()/11) { // 11 bytes at least per time
		r.Fail("more times than bytes")
	}
	var cs []cell
	if r.Err() == nil {
		cs = make([]cell, k)
	}
	var n int64
	for i := range cs {
		cs[i].t = readFinite(&r, "time")
		cs[i].events, cs[i].censored, cs[i].entries = r.Count(), r.Count(), r.Count()
		if cs[i].entries > math.MaxInt64-n {
			r.Fail("entries overflow")
		}
		n += cs[i].entries
	}
	if err := r.End(); err != nil {
		return err
	}
	if origin > math.MaxInt64-n {
		return corruptErr(fn, "origin", float64(origin), "total overflows int64")
	}
	return l.set(fn, origin+n, origin, cs)
}

// ---- Cohorts ----

type customerJSON struct {
	ID      string    `json:"id"`
	Periods []int32   `json:"periods"`
	Amounts []float64 `json:"amounts"`
}

// UnmarshalJSON decodes one customer of a Cohorts' JSON as strictly as the
// object around it: exactly the keys id, periods and amounts, each once
// and not null.
func (cj *customerJSON) UnmarshalJSON(b []byte) error {
	var w struct {
		ID      string
		Periods []int32
		Amounts []float64
	}
	if err := decodeStrict("retention.Cohorts.UnmarshalJSON", b, jsonField{"id", &w.ID},
		jsonField{"periods", &w.Periods}, jsonField{"amounts", &w.Amounts}); err != nil {
		return err
	}
	*cj = customerJSON{ID: w.ID, Periods: w.Periods, Amounts: w.Amounts}
	return nil
}

type cohortsJSON struct {
	Period    group.Period
	Location  string
	Events    int64
	Customers []customerJSON
}

// MarshalJSON encodes the state of c: its period, the name of its
// Location, the number of events, and each customer (ordered by id) with
// the absolute indexes of the periods they were active in (months since
// year 0, 12·year + month - 1, or weeks since Monday 1970-01-05) and the
// amount of each period:
//
//	{"period":"month","location":"UTC","events":3,"customers":[{"id":"a","periods":[24312,24313],"amounts":[10,5]}]}
func (c Cohorts) MarshalJSON() ([]byte, error) {
	w := cohortsJSON{Period: c.period, Events: c.events, Customers: make([]customerJSON, 0, c.n)}
	if c.loc != nil {
		w.Location = c.loc.String()
	}
	var acts []activity
	for _, cs := range c.sortedCustomers() {
		acts = cs.appendActs(acts[:0])
		cj := customerJSON{ID: cs.id, Periods: make([]int32, len(acts)), Amounts: make([]float64, len(acts))}
		for i, a := range acts {
			cj.Periods[i], cj.Amounts[i] = a.period, a.amount
		}
		w.Customers = append(w.Customers, cj)
	}
	return json.Marshal(map[string]any{"period": w.Period, "location": w.Location, "events": w.Events, "customers": w.Customers})
}

func (c *Cohorts) sortedCustomers() []customerState {
	cs := make([]customerState, 0, c.n)
	c.all(func(x *customerState) { cs = append(cs, *x) })
	slices.SortFunc(cs, func(a, b customerState) int { return strings.Compare(a.id, b.id) })
	return cs
}

// UnmarshalJSON decodes what [Cohorts.MarshalJSON] encodes, replacing the
// state of c, strictly: besides malformed JSON, a period other than week
// or month, a Location that time.LoadLocation does not know, customers not
// in strictly increasing order of id, an empty id, periods not strictly
// increasing, amounts that are not finite or not one per period, or fewer
// events than active periods return ErrCorrupt and leave c unchanged.
// The Location travels by name, so only zones that time.LoadLocation
// knows (IANA names, "UTC", "Local") decode; a time.FixedZone does not,
// nor does a zero Cohorts. JSON null does nothing.
func (c *Cohorts) UnmarshalJSON(b []byte) error {
	const fn = "retention.Cohorts.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var w cohortsJSON
	if err := decodeStrict(fn, b, jsonField{"period", &w.Period}, jsonField{"location", &w.Location},
		jsonField{"events", &w.Events}, jsonField{"customers", &w.Customers}); err != nil {
		return err
	}
	cs := make([]rawCustomer, len(w.Customers))
	for i, cj := range w.Customers {
		if len(cj.Periods) != len(cj.Amounts) {
			return corruptErr(fn, "periods", float64(len(cj.Periods)), "customer %q: %d amounts", cj.ID, len(cj.Amounts))
		}
		cs[i] = rawCustomer{id: cj.ID, acts: make([]activity, len(cj.Periods))}
		for k := range cj.Periods {
			cs[i].acts[k] = activity{cj.Periods[k], cj.Amounts[k]}
		}
	}
	return c.set(fn, w.Period, w.Location, w.Events, cs)
}

// rawCustomer is a decoded customer: its id and activities, sorted by
// period once checked.
type rawCustomer struct {
	id   string
	acts []activity
}

func (c *Cohorts) set(fn string, p group.Period, locName string, events int64, cs []rawCustomer) error {
	if p != group.Week && p != group.Month {
		return corruptErr(fn, "period", float64(p), "want week or month")
	}
	loc, err := time.LoadLocation(locName)
	if err != nil || locName == "" {
		return valueErr(fn, "location", 0, wrapf(ErrCorrupt, "location %q: %v", locName, err))
	}
	var acts int64
	d := Cohorts{period: p, loc: loc, events: events}
	for i, x := range cs {
		switch {
		case x.id == "":
			return corruptErr(fn, "customer", float64(i), "empty id")
		case i > 0 && x.id <= cs[i-1].id:
			return corruptErr(fn, "customer", float64(i), "ids not strictly increasing at %q", x.id)
		case len(x.acts) == 0:
			return corruptErr(fn, "customer", float64(i), "customer %q has no periods", x.id)
		}
		lo, hi := periodRange(p)
		for k, a := range x.acts {
			if a.period < lo || a.period > hi {
				return corruptErr(fn, "period", float64(a.period), "customer %q: period outside the years 1..9999", x.id)
			}
			if k > 0 && a.period <= x.acts[k-1].period {
				return corruptErr(fn, "period", float64(a.period), "customer %q: periods not strictly increasing", x.id)
			}
			if math.IsNaN(a.amount) || math.IsInf(a.amount, 0) {
				return corruptErr(fn, "amount", a.amount, "customer %q: not finite", x.id)
			}
		}
		acts += int64(len(x.acts))
		if d.parts == nil {
			d.parts = make([]part, 1)
		}
		pt := d.partOf(x.id)
		k := d.newCustomer(pt, x.id)
		d.parts[pt].cust[k].setActs(x.acts)
		d.n++
	}
	if events < acts {
		return corruptErr(fn, "events", float64(events), "fewer events than active periods (%d)", acts)
	}
	*c = d
	return nil
}

// MarshalBinary encodes the state of c compactly: a version byte (1), the
// period byte, the Location's name (length as an unsigned varint, then its
// bytes), the number of events and of customers (unsigned varints), then
// per customer in order of id: the id (length and bytes), the number of
// active periods, the first period index (a zigzag varint), the gaps to
// the next ones (unsigned varints >= 1) and the amounts (float64 bits).
func (c Cohorts) MarshalBinary() ([]byte, error) { return c.AppendBinary(nil) }

// AppendBinary appends the encoding of [Cohorts.MarshalBinary] to b.
func (c Cohorts) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, binaryVersion, byte(c.period))
	name := ""
	if c.loc != nil {
		name = c.loc.String()
	}
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	b = binary.AppendUvarint(b, uint64(c.events))
	b = binary.AppendUvarint(b, uint64(c.n))
	var acts []activity
	for _, cs := range c.sortedCustomers() {
		acts = cs.appendActs(acts[:0])
		b = binary.AppendUvarint(b, uint64(len(cs.id)))
		b = append(b, cs.id...)
		b = binary.AppendUvarint(b, uint64(len(acts)))
		for k, a := range acts {
			if k == 0 {
				b = binary.AppendVarint(b, int64(a.period))
			} else {
				b = binary.AppendUvarint(b, uint64(a.period-acts[k-1].period))
			}
		}
		for _, a := range acts {
			b = wire.AppendFloat64(b, a.amount)
		}
	}
	return b, nil
}

// UnmarshalBinary decodes what [Cohorts.MarshalBinary] encodes, with the
// checks of [Cohorts.UnmarshalJSON]; a bad version, a bad or non-minimal
// varint, a period index out of range or trailing bytes also return
// ErrCorrupt. c is unchanged on error.
func (c *Cohorts) UnmarshalBinary(b []byte) error {
	const fn = "retention.Cohorts.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(binaryVersion)
	var p group.Period
	if pb := r.Take(1); pb != nil {
		p = group.Period(pb[0])
	}
	name := r.Text()
	events := r.Count()
	n := r.Count()
	if r.Err() == nil && n > int64(r.Len()/3) { // 3 bytes at least per customer
		r.Fail("more customers than bytes")
	}
	var cs []rawCustomer
	for i := int64(0); i < n && r.Err() == nil; i++ {
		id := r.Text()
		k := r.Count()
		if r.Err() == nil && k > int64(r.Len()/9) {
			r.Fail("more periods than bytes")
			break
		}
		acts := make([]activity, k)
		for j := range acts {
			if j == 0 {
				v := r.Varint()
				if r.Err() == nil && (v < math.MinInt32 || v > math.MaxInt32) {
					r.Fail("bad first period")
				}
				if r.Err() != nil {
					break
				}
				acts[0].period = int32(v)
				continue
			}
			d := r.Uvarint()
			next := int64(acts[j-1].period) + int64(d)
			if d == 0 || next > math.MaxInt32 {
				r.Fail("bad period gap")
				break
			}
			acts[j].period = int32(next)
		}
		for j := range acts {
			acts[j].amount = readFinite(&r, "amount")
		}
		cs = append(cs, rawCustomer{id: id, acts: acts})
	}
	if err := r.End(); err != nil {
		return err
	}
	return c.set(fn, p, name, events, cs)
}

func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// periodRange returns the absolute period indexes of the years 1..9999.
func periodRange(p group.Period) (lo, hi int32) {
	if p == group.Month {
		return 12, 9999*12 + 11
	}
	c := Cohorts{period: p}
	return c.periodIndex(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)), c.periodIndex(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}
