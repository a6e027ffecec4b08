package group

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/servq/servq/internal/strictjson"
)

// A Cell is the key of a [Panel]: a segment and the first instant of a
// period, as [Period.Start] returns it.
type Cell[S comparable] struct {
	Segment S         `json:"segment"`
	Start   time.Time `json:"start"`
}

// String returns the segment as fmt prints it, a space, and the start in
// RFC 3339: "web 2026-03-09T00:00:00+01:00".
func (c Cell[S]) String() string {
	return fmt.Sprint(c.Segment) + " " + c.Start.Format(time.RFC3339Nano)
}

// A Panel keeps one accumulator per segment (a channel, a branch, an
// agent) and calendar period (per day, ISO week, month or quarter, read in
// one Location): a [Series] for each segment, in one value that merges and
// marshals as a whole. It lists its cells by segment, then
// chronologically.
//
// Make a Panel with [BySegmentPeriod] or [BySegmentPeriodFunc]. The zero
// Panel is empty and has no calendar: it can be listed and marshalled, but
// [Panel.At] panics on it and [Panel.Merge] and [Panel.UnmarshalJSON]
// return [ErrZero].
//
// A Panel is not safe for concurrent use, not even by readers only. To
// split work across goroutines, give each its own Panel and Merge them
// when they are done.
type Panel[S comparable, T any, P Accumulator[T]] struct {
	// New makes the accumulator of a cell seen for the first time, and the
	// accumulators that Merge and UnmarshalJSON fill. If New is nil, they
	// are new(T). New must not return nil. Set it before the first call to
	// At.
	New func() P

	cal calendar
	t   table[Cell[S], T, P]
}

// BySegmentPeriod returns an empty Panel of segments, listed in increasing
// order (cmp.Compare), and periods p in loc. P is inferred:
//
//	g := group.BySegmentPeriod[string, nps.Tally](group.Week, loc)
//	g.At("web", t).Add(9)
//
// An invalid p or a nil loc is a programming error: BySegmentPeriod
// panics with an error wrapping [ErrPeriod] or [ErrLocation], as
// [ByPeriod] does.
func BySegmentPeriod[S cmp.Ordered, T any, P Accumulator[T]](p Period, loc *time.Location) *Panel[S, T, P] {
	return newPanel[S, T, P]("group.BySegmentPeriod", cmp.Compare[S], p, loc)
}

// BySegmentPeriodFunc is [BySegmentPeriod] for segments listed in the order
// of compare, as for [ByKeyFunc]. A nil compare, an invalid p or a nil loc
// is a programming error: BySegmentPeriodFunc panics.
func BySegmentPeriodFunc[S comparable, T any, P Accumulator[T]](compare func(a, b S) int, p Period, loc *time.Location) *Panel[S, T, P] {
	if compare == nil {
		panic("group.BySegmentPeriodFunc: nil compare")
	}
	return newPanel[S, T, P]("group.BySegmentPeriodFunc", compare, p, loc)
}

func newPanel[S comparable, T any, P Accumulator[T]](fn string, seg func(a, b S) int, p Period, loc *time.Location) *Panel[S, T, P] {
	byCell := func(a, b Cell[S]) int {
		if c := seg(a.Segment, b.Segment); c != 0 {
			return c
		}
		return a.Start.Compare(b.Start)
	}
	return &Panel[S, T, P]{
		cal: newCalendar(fn, p, loc),
		t:   newTable[Cell[S], T, P](byCell),
	}
}

// Period returns the kind of period of g: Day, Week, Month or Quarter, or
// zero for a zero Panel.
func (g *Panel[S, T, P]) Period() Period { return g.cal.period }

// Location returns the Location in which g reads times, or nil for a zero
// Panel.
func (g *Panel[S, T, P]) Location() *time.Location { return g.cal.loc }

// At returns the accumulator of segment seg in the period that contains t,
// read in g's Location, making it with New the first time the cell is
// seen. It does not allocate for a cell already seen. At on a zero Panel
// panics with an error wrapping [ErrZero].
func (g *Panel[S, T, P]) At(seg S, t time.Time) P {
	k := Cell[S]{seg, g.cal.key("group.Panel.At", t)}
	if p, ok := g.t.m[k]; ok {
		return p
	}
	return g.t.create("group.Panel.At", k, g.New)
}

// Get returns the accumulator of segment seg in the period that contains
// t and true, or nil and false when that cell has not been seen. Unlike
// [Panel.At] it never adds a cell.
func (g *Panel[S, T, P]) Get(seg S, t time.Time) (P, bool) {
	if g.cal.loc == nil {
		return nil, false
	}
	p, ok := g.t.m[Cell[S]{seg, g.cal.lookup(t)}]
	return p, ok
}

// Len returns the number of cells seen: segment and period pairs.
func (g *Panel[S, T, P]) Len() int { return len(g.t.m) }

// All returns an iterator over the cells seen and their accumulators,
// ordered by segment, then chronologically. Cells added while the
// iteration runs are not visited.
func (g *Panel[S, T, P]) All() iter.Seq2[Cell[S], P] { return g.t.all() }

// Segments returns an iterator over the segments seen, each once, in
// order.
func (g *Panel[S, T, P]) Segments() iter.Seq[S] {
	return func(yield func(S) bool) {
		ks := g.t.sorted()
		for i, k := range ks {
			if i > 0 && ks[i-1].Segment == k.Segment {
				continue
			}
			if !yield(k.Segment) {
				return
			}
		}
	}
}

// Span returns the first instants of the earliest and the latest period
// seen in any segment, and true; or zero times and false for an empty
// Panel.
func (g *Panel[S, T, P]) Span() (first, last time.Time, ok bool) {
	for k := range g.t.m {
		if !ok || k.Start.Before(first) {
			first = k.Start
		}
		if !ok || k.Start.After(last) {
			last = k.Start
		}
		ok = true
	}
	return first, last, ok
}

// Periods returns an iterator over the first instants of every period of
// g's kind, read in g's Location, from the one that contains from to the
// one that contains to, both included, whether or not any segment has an
// accumulator for it. It yields nothing when to is before from, and for a
// zero Panel.
func (g *Panel[S, T, P]) Periods(from, to time.Time) iter.Seq[time.Time] {
	return g.cal.periods(from, to)
}

// Merge adds the accumulators of o to those of g, cell by cell: into g's
// accumulator of the same cell, or into a new one (made as New makes them)
// for a cell g lacks, so that g never shares an accumulator with o. o is
// not modified; a nil or empty o merges nothing.
//
// The Panels must count the same kind of period, and every period of o
// must start at a period start in g's Location; otherwise Merge returns
// ErrMismatch. If the Merge of an accumulator fails, Merge returns an error
// naming the first such cell, whose reason is a [*KeyError] wrapping the
// accumulator's error. On any error g is unchanged. A zero g returns
// ErrZero when o has cells.
func (g *Panel[S, T, P]) Merge(o *Panel[S, T, P]) error {
	const fn = "group.Panel.Merge"
	if o == nil || o.Len() == 0 {
		return nil
	}
	if g.cal.loc == nil {
		return zeroErr(fn, "Panel")
	}
	if err := g.cal.compatible(fn, &o.cal); err != nil {
		return err
	}
	for _, k := range o.t.sorted() {
		if err := g.cal.checkStart(fn, k.Start); err != nil {
			return err
		}
	}
	norm := func(k Cell[S]) Cell[S] { return Cell[S]{k.Segment, g.cal.lookup(k.Start)} }
	return g.t.merge(fn, "Panel", &o.t, g.New, norm)
}

type cellEntry[S any, P any] struct {
	Segment S         `json:"segment"`
	Start   time.Time `json:"start"`
	Label   string    `json:"label"`
	Value   P         `json:"value"`
}

// MarshalJSON returns g as a JSON list, ordered by segment then
// chronologically, of {"segment": s, "start": first instant in RFC 3339,
// "label": Label, "value": v} objects, each s and v as encoding/json
// marshals S and T:
//
//	[{"segment":"web","start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{...}}]
//
// Starts are written as by [Series.MarshalJSON]. An empty Panel is [].
// Errors are those of marshalling S and T, and of
// [time.Time.MarshalJSON] for years outside 0..9999.
func (g *Panel[S, T, P]) MarshalJSON() ([]byte, error) {
	es := make([]cellEntry[S, P], 0, g.Len())
	for k, p := range g.All() {
		es = append(es, cellEntry[S, P]{k.Segment, jsonTime(k.Start), g.cal.label(k.Start), p})
	}
	return json.Marshal(es)
}

// UnmarshalJSON replaces the contents of g with the entries of a list as
// [Panel.MarshalJSON] writes it, under the rules of [Series.UnmarshalJSON];
// every entry also has a "segment" key. Input that breaks them returns
// ErrCorrupt and leaves g unchanged. A zero g returns ErrZero.
func (g *Panel[S, T, P]) UnmarshalJSON(data []byte) error {
	const fn = "group.Panel.UnmarshalJSON"
	if g.cal.loc == nil {
		return zeroErr(fn, "Panel")
	}
	if isNull(data) {
		return nil
	}
	es, err := strictjson.Array(data)
	if err != nil {
		return corruptErr(fn, "json", strictjson.Short(data), -1, err.Error())
	}
	t := newTable[Cell[S], T, P](g.t.cmp)
	for i, e := range es {
		f, err := entry(fn, i, e, "segment", "start", "label", "value")
		if err != nil {
			return err
		}
		var seg S
		if err := json.Unmarshal(f["segment"], &seg); err != nil {
			return corruptErr(fn, "segment", strictjson.Short(f["segment"]), i, err.Error())
		}
		start, err := g.cal.decodeStart(fn, i, f)
		if err != nil {
			return err
		}
		if err := t.decode(fn, Cell[S]{seg, start}, i, f["value"], g.New); err != nil {
			return err
		}
	}
	g.t = t
	return nil
}
