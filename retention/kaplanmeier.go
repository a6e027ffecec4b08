package retention

import (
	"iter"
	"math"
	"slices"

	"github.com/servq/servq/estimate"
)

// A Status says how a lifetime ended: with the event (the customer
// churned) or censored (still a customer when last seen). Its values are
// those of R survival's status 0/1.
type Status uint8

const (
	// Censored marks a lifetime still running when observation stopped.
	Censored Status = 0
	// Observed marks a lifetime that ended with the event, a churn.
	Observed Status = 1
)

// Interval methods of a Kaplan-Meier curve, the conf.type of R survival's
// survfit. With σ² = Greenwood's Σ d/(n(n-d)) and z = [estimate.Z](level):
//
//	Log     S·exp(±z·σ), the upper end capped at 1 (R's default)
//	LogLog  exp(-exp(log(-log S) ± z·σ/|log S|))
//	Plain   S ± z·S·σ, clipped to [0, 1]
const (
	Log    estimate.Method = "log"
	LogLog estimate.Method = "log-log"
	Plain  estimate.Method = "plain"
)

// cell holds the counts of one distinct time.
type cell struct {
	t                         float64
	events, censored, entries int64
}

// Lifetimes accumulates customer lifetimes for Kaplan-Meier curves and
// log-rank tests: for every distinct time, the number of lifetimes that
// ended there with the event, that were censored there, and (for left
// truncated data) that entered observation there. Memory is O(distinct
// times), about 40 bytes each, whatever the number of customers, so that
// curves of shards, days or machines merge exactly ([Lifetimes.Merge])
// into the curve of the whole, and the state travels as JSON or binary.
//
// Times are float64 in a unit of the caller's choice (days, months; see
// [Tenure]), >= 0. Two times are the same time only when they are equal
// as float64, so round durations to the unit's resolution first.
//
// The zero value is empty and ready to use. A rejected input leaves it
// unchanged. A Lifetimes is not safe for concurrent use.
type Lifetimes struct {
	origin int64             // lifetimes at risk from time 0 (no truncation)
	n      int64             // lifetimes
	idx    map[float64]int32 // time -> cells index
	cells  []cell
	// dense caches idx for whole-number times below denseMax: dense[u]
	// is the index of time u plus 1, or 0 when not cached. Cells are
	// only ever appended, so the cache stays valid until Reset or a
	// decode replaces the cells.
	dense []int32
}

// denseMax bounds the whole-number times that AddAll looks up in an array
// instead of the map (256 KiB of cache at most).
const denseMax = 1 << 16

// Add adds one lifetime: observed from x.Entry (0 for a lifetime observed
// from its start; later for left truncation, see [Lifetime]) to x.Exit,
// where it ended with the event (Observed) or was censored. A NaN or
// infinite time returns ErrNotFinite, a negative one or an exit not after
// a later entry ErrDuration, a status other than Censored and Observed
// ErrStatus.
func (l *Lifetimes) Add(x Lifetime) error {
	return l.addN("retention.Lifetimes.Add", x, 1)
}

// AddN adds count lifetimes equal to x, as [Lifetimes.Add] does, in O(1).
// A negative count returns ErrCount, a total above MaxInt64 ErrOverflow;
// zero does nothing.
func (l *Lifetimes) AddN(x Lifetime, count int64) error {
	return l.addN("retention.Lifetimes.AddN", x, count)
}

func (l *Lifetimes) addN(fn string, x Lifetime, c int64) error {
	if err := checkLifetime(fn, x, -1); err != nil {
		return err
	}
	if c < 0 {
		return valueErr(fn, "count", float64(c), ErrCount)
	}
	if l.n > math.MaxInt64-c {
		return valueErr(fn, "count", float64(c), ErrOverflow)
	}
	if c == 0 {
		return nil
	}
	l.put(x, c)
	return nil
}

// put adds c lifetimes equal to the valid x.
func (l *Lifetimes) put(x Lifetime, c int64) {
	if x.Entry > 0 {
		l.cell(x.Entry).entries += c
	} else {
		l.origin += c
	}
	l.exit(x.Exit, x.Status, c)
	l.n += c
}

// AddAll adds the lifetimes as [Lifetimes.Add] does, all or none: a bad
// lifetime returns its error with its index, and then none is added. It
// allocates only for times not seen before; whole-number exit times below
// 65,536 (days, say) of lifetimes observed from their start are found in
// an array rather than the map, a few nanoseconds each.
func (l *Lifetimes) AddAll(xs []Lifetime) error {
	const fn = "retention.Lifetimes.AddAll"
	for i := range xs {
		x := &xs[i]
		// The common case in one test: observed from the start, a finite
		// exit >= 0 (NaN fails both comparisons), a known status.
		if x.Entry == 0 && x.Exit >= 0 && x.Exit <= math.MaxFloat64 && x.Status <= Observed {
			continue
		}
		if err := checkLifetime(fn, *x, i); err != nil {
			return err
		}
	}
	if l.n > math.MaxInt64-int64(len(xs)) {
		return valueErr(fn, "count", float64(len(xs)), ErrOverflow)
	}
	for i := range xs {
		x := &xs[i]
		if x.Entry > 0 {
			l.put(*x, 1)
			continue
		}
		c := &l.cells[l.lookup(x.Exit)]
		if x.Status == Observed {
			c.events++
		} else {
			c.censored++
		}
		l.origin++
		l.n++
	}
	return nil
}

// checkLifetime returns an error unless x is a possible lifetime; i is
// the index for the error, -1 outside a sequence.
func checkLifetime(fn string, x Lifetime, i int) error {
	switch {
	case math.IsNaN(x.Entry) || math.IsInf(x.Entry, 0):
		return indexErr(fn, "entry", x.Entry, i, ErrNotFinite)
	case x.Entry < 0:
		return indexErr(fn, "entry", x.Entry, i, ErrDuration)
	case math.IsNaN(x.Exit) || math.IsInf(x.Exit, 0):
		return indexErr(fn, "exit", x.Exit, i, ErrNotFinite)
	case x.Exit < 0:
		return indexErr(fn, "exit", x.Exit, i, ErrDuration)
	case x.Entry > 0 && !(x.Exit > x.Entry):
		return indexErr(fn, "exit", x.Exit, i, wrapf(ErrDuration, "exit not after entry %g", x.Entry))
	case x.Status > Observed:
		return indexErr(fn, "status", float64(x.Status), i, ErrStatus)
	}
	return nil
}

// exit records c lifetimes that end at d with status s.
func (l *Lifetimes) exit(d float64, s Status, c int64) {
	x := l.cell(d + 0) // + 0 turns -0 into 0
	if s == Observed {
		x.events += c
	} else {
		x.censored += c
	}
}

func (l *Lifetimes) cell(t float64) *cell { return &l.cells[l.index(t)] }

// lookup returns the index of the cell of time d >= 0, through the dense
// cache for whole numbers below denseMax.
func (l *Lifetimes) lookup(d float64) int32 {
	u := int(d)
	if float64(u) != d || u >= denseMax {
		return l.index(d + 0)
	}
	if u < len(l.dense) {
		if k := l.dense[u]; k != 0 {
			return k - 1
		}
	} else {
		l.dense = append(l.dense, make([]int32, u+1-len(l.dense))...)
	}
	k := l.index(d + 0)
	l.dense[u] = k + 1
	return k
}

// index returns the index of the cell of time t, making it if needed.
func (l *Lifetimes) index(t float64) int32 {
	if k, ok := l.idx[t]; ok {
		return k
	}
	if l.idx == nil {
		l.idx = make(map[float64]int32)
	}
	k := int32(len(l.cells))
	l.cells = append(l.cells, cell{t: t})
	l.idx[t] = k
	return k
}

// Merge adds the lifetimes of o to l, as if each had been added to l: the
// counts of each distinct time are added. A nil o adds nothing; a total
// above MaxInt64 returns ErrOverflow and leaves l unchanged. o is not
// modified.
func (l *Lifetimes) Merge(o *Lifetimes) error {
	if o == nil || o.n == 0 {
		return nil
	}
	if l.n > math.MaxInt64-o.n {
		return valueErr("retention.Lifetimes.Merge", "count", float64(o.n), ErrOverflow)
	}
	if l == o {
		c := *o
		c.cells = slices.Clone(o.cells)
		o = &c
	}
	for _, c := range o.cells {
		x := l.cell(c.t)
		x.events += c.events
		x.censored += c.censored
		x.entries += c.entries
	}
	l.origin += o.origin
	l.n += o.n
	return nil
}

// N returns the number of lifetimes added.
func (l *Lifetimes) N() int64 { return l.n }

// Len returns the number of distinct times.
func (l *Lifetimes) Len() int { return len(l.cells) }

// Reset empties l, keeping its memory.
func (l *Lifetimes) Reset() {
	clear(l.idx)
	clear(l.dense)
	l.cells = l.cells[:0]
	l.origin, l.n = 0, 0
}

// Counts are the counts of one distinct time of a [Lifetimes].
type Counts struct {
	Time     float64 `json:"time"`
	Events   int64   `json:"events"`
	Censored int64   `json:"censored"`
	Entries  int64   `json:"entries"`
}

// Count returns the counts of time t; all zero for a time not seen.
func (l *Lifetimes) Count(t float64) Counts {
	if k, ok := l.idx[t+0]; ok {
		c := l.cells[k]
		return Counts{c.t, c.events, c.censored, c.entries}
	}
	return Counts{Time: t}
}

// All returns an iterator over the distinct times in increasing order,
// with their counts.
func (l *Lifetimes) All() iter.Seq2[float64, Counts] {
	return func(yield func(float64, Counts) bool) {
		for _, c := range l.sorted() {
			if !yield(c.t, Counts{c.t, c.events, c.censored, c.entries}) {
				return
			}
		}
	}
}

// sorted returns a copy of the cells in time order.
func (l *Lifetimes) sorted() []cell {
	cs := slices.Clone(l.cells)
	slices.SortFunc(cs, func(a, b cell) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return 0
	})
	return cs
}
