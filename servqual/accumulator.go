package servqual

import (
	"errors"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
)

// The per-item and per-dimension statistics, in this order.
const (
	statE   = iota // expectation
	statP          // perception
	statG          // gap P - E
	statMin        // minimum (adequate) level
	statDes        // desired level
	statMSA        // adequacy P - minimum
	statMSS        // superiority P - desired
	nStat
)

// The overall statistics after the nStat means of dimension scores.
const (
	allItemGap  = nStat     // mean of a respondent's item gaps
	allWeighted = nStat + 1 // Σ dimension gap × own weight / 100
	nAll        = nStat + 2
)

// standard is the layout of Standard(), shared by every zero Accumulator.
var standard = mustCompile(Standard())

func mustCompile(in Instrument) *layout {
	l, err := compile("servqual", in)
	if err != nil {
		panic(err) // Standard() is valid: a test says so.
	}
	return l
}

// An Accumulator scores a SERVQUAL study one respondent at a time. It keeps
// sufficient statistics, never the responses: per item and dimension the
// [estimate.Moments] of each score (expectation, perception, gap, minimum,
// desired, adequacy, superiority, weight), and for expectations,
// perceptions and gaps the co-moment matrix of each dimension's items and
// of all items (Welford's update, Chan's merge), so Cronbach's alpha needs
// no raw data. Memory depends on the instrument only (about 20 KiB for 22
// items), and Add allocates nothing.
//
// The zero value is an empty accumulator on the [Standard] instrument,
// ready to use:
//
//	var a servqual.Accumulator
//	err := a.Add(servqual.Response{Expectations: e, Perceptions: p})
//
// [NewAccumulator] makes one on another instrument, [AccumulatorFunc] the
// constructor for a group of package group. An empty zero Accumulator
// merged with another takes its instrument; otherwise only equal
// instruments merge. Not safe for concurrent use: give each goroutine its
// own and Merge them. A method that rejects its input leaves a unchanged.
type Accumulator struct {
	l    *layout // nil: a zero accumulator, Standard until first used
	n    int64
	item []estimate.Moments // item i, stat s at i*nStat + s
	dim  []estimate.Moments // dimension j at j*(nStat+1): nStat stats then the weight
	all  [nAll]estimate.Moments
	cov  [3][]comoments // per series E, P, G: [0] every item, [1+j] dimension j

	// Scratch, not state.
	x   [nStat][]float64 // per item, NaN when missing
	ds  [nStat][]float64 // per dimension, NaN when missing
	buf []float64
}

// NewAccumulator returns an empty accumulator on the instrument in. An
// invalid instrument returns the error of [Instrument.Validate].
func NewAccumulator(in Instrument) (*Accumulator, error) {
	l, err := compile("servqual.NewAccumulator", in)
	if err != nil {
		return nil, err
	}
	a := new(Accumulator)
	a.init(l)
	return a, nil
}

// AccumulatorFunc returns a function that makes empty accumulators on the
// instrument in, for the New field of a group of package group. It
// validates in once, here: an invalid instrument returns a nil function
// and the error of [Instrument.Validate].
func AccumulatorFunc(in Instrument) (func() *Accumulator, error) {
	l, err := compile("servqual.AccumulatorFunc", in)
	if err != nil {
		return nil, err
	}
	return func() *Accumulator {
		a := new(Accumulator)
		a.init(l)
		return a
	}, nil
}

// init gives a its layout and empty state.
func (a *Accumulator) init(l *layout) {
	k, d := l.k(), l.d()
	*a = Accumulator{l: l,
		item: make([]estimate.Moments, k*nStat),
		dim:  make([]estimate.Moments, d*(nStat+1)),
		buf:  make([]float64, k),
	}
	for s := range a.cov {
		a.cov[s] = make([]comoments, 1+d)
		a.cov[s][0] = newComoments(k)
		for j, items := range l.dimItems {
			a.cov[s][1+j] = newComoments(len(items))
		}
	}
	for s := range a.x {
		a.x[s] = make([]float64, k)
		a.ds[s] = make([]float64, d)
	}
}

// peekLayout returns the layout of a, Standard's for a zero a, without
// giving a zero a its state.
func (a *Accumulator) peekLayout() *layout {
	if a.l == nil {
		return standard
	}
	return a.l
}

func (a *Accumulator) layout() *layout {
	if a.l == nil {
		a.init(standard)
	}
	return a.l
}

// Instrument returns a copy of the instrument of a, with its Scale
// resolved; a zero Accumulator's is [Standard].
func (a *Accumulator) Instrument() Instrument {
	l := a.l
	if l == nil {
		l = standard
	}
	in := l.in
	in.Dimensions = append([]Dimension(nil), in.Dimensions...)
	in.Items = append([]Item(nil), in.Items...)
	return in
}

// N returns the number of respondents added.
func (a *Accumulator) N() int64 { return a.n }

// Reset empties a, keeping its instrument.
func (a *Accumulator) Reset() {
	if a.l != nil {
		a.init(a.l)
	}
}

// Add scores one respondent. A response with the wrong number of answers
// returns ErrItems, an answer outside the scale (other than Missing)
// ErrOutOfRange with the item's index, weights that are NaN or infinite
// ErrNotFinite, and weights that are negative, not one per dimension or
// that do not add up to 100 (within 1e-9) ErrWeights; an accumulator that
// holds math.MaxInt64 respondents returns ErrOverflow. Either way a is
// unchanged.
func (a *Accumulator) Add(r Response) error {
	const fn = "servqual.Accumulator.Add"
	// A zero a is given the standard layout only once r is accepted: a
	// zero accumulator that rejected a response still merges with any.
	if err := check(fn, a.peekLayout(), &r, -1); err != nil {
		return err
	}
	if a.n == math.MaxInt64 {
		return valueErr(fn, "count", 1, ErrOverflow)
	}
	a.layout()
	a.add(&r)
	return nil
}

// AddAll scores every response of rs, as Add does. The first bad response
// returns its error, with the response's index in rs as the error's Index
// (the item's index is in the message), and then none of rs is added.
func (a *Accumulator) AddAll(rs []Response) error {
	const fn = "servqual.Accumulator.AddAll"
	l := a.peekLayout()
	if a.n > math.MaxInt64-int64(len(rs)) {
		return valueErr(fn, "count", float64(len(rs)), ErrOverflow)
	}
	for i := range rs {
		if err := check(fn, l, &rs[i], i); err != nil {
			return err
		}
	}
	if len(rs) == 0 {
		return nil
	}
	a.layout()
	for i := range rs {
		a.add(&rs[i])
	}
	return nil
}

// check validates r against l. index is the position of r in a sequence
// (-1 for none); when it is >= 0 the error's Index is the response's and
// its Name says which item.
func check(fn string, l *layout, r *Response, index int) error {
	k, d := l.k(), l.d()
	named := func(err error, what string, item int) error {
		var ve *estimate.ValueError
		if errors.As(err, &ve) {
			ve.Name = what
			if index >= 0 {
				ve.Name = what + " of item " + l.in.Items[item].ID
				ve.Index = index
			}
		}
		return err
	}
	lists := [4]struct {
		name     string
		x        []int
		optional bool
	}{{"expectation", r.Expectations, false}, {"perception", r.Perceptions, false},
		{"minimum", r.Minimum, true}, {"desired", r.Desired, true}}
	for _, ls := range lists {
		if ls.optional && ls.x == nil {
			continue
		}
		if len(ls.x) != k {
			return indexErr(fn, "number of "+ls.name+" answers", float64(len(ls.x)), index,
				fmt.Errorf("%w: want %d", ErrItems, k))
		}
		for i, x := range ls.x {
			if x == Missing {
				continue
			}
			if err := l.in.Scale.Check(fn, x, i); err != nil {
				return named(err, ls.name, i)
			}
		}
	}
	if r.Weights == nil {
		return nil
	}
	if len(r.Weights) != d {
		return indexErr(fn, "number of weights", float64(len(r.Weights)), index,
			fmt.Errorf("%w: want %d", ErrWeights, d))
	}
	sum := 0.0
	for j, w := range r.Weights {
		var why error
		switch {
		case math.IsNaN(w) || math.IsInf(w, 0):
			why = ErrNotFinite
		case w < 0:
			why = ErrWeights
		default:
			sum += w
			continue
		}
		if index >= 0 {
			return indexErr(fn, "weight of dimension "+l.in.Dimensions[j].ID, w, index, why)
		}
		return indexErr(fn, "weight", w, j, why)
	}
	if math.Abs(sum-100) > 1e-9 {
		return indexErr(fn, "sum of weights", sum, index, ErrWeights)
	}
	return nil
}

// add scores r, which check accepted.
func (a *Accumulator) add(r *Response) {
	l := a.l
	lo, hi := float64(l.in.Scale.Min), float64(l.in.Scale.Max)
	nan := math.NaN()
	get := func(x []int, i int) float64 {
		if x == nil || x[i] == Missing {
			return nan
		}
		v := float64(x[i])
		if l.in.Items[i].Reversed {
			v = lo + hi - v
		}
		return v
	}
	// The statistics this response has: minimum and desired levels (and
	// adequacy and superiority) only when it gives them.
	active := [nStat]int{statE, statP, statG}
	stats := active[:3]
	if r.Minimum != nil {
		stats = append(stats, statMin, statMSA)
	}
	if r.Desired != nil {
		stats = append(stats, statDes, statMSS)
	}
	for i := range l.in.Items {
		e, p := get(r.Expectations, i), get(r.Perceptions, i)
		mn, ds := get(r.Minimum, i), get(r.Desired, i)
		a.x[statE][i], a.x[statP][i], a.x[statG][i] = e, p, p-e
		a.x[statMin][i], a.x[statDes][i] = mn, ds
		a.x[statMSA][i], a.x[statMSS][i] = p-mn, p-ds
		for _, s := range stats {
			put(&a.item[i*nStat+s], a.x[s][i])
		}
	}
	for j := range l.dimItems {
		for s := range nStat {
			a.ds[s][j] = nan
		}
	}
	for j, items := range l.dimItems {
		for _, s := range stats {
			sum, c := 0.0, 0
			for _, i := range items {
				if v := a.x[s][i]; v == v {
					sum += v
					c++
				}
			}
			v := nan
			if 2*c >= len(items) && c > 0 {
				v = sum / float64(c)
			}
			a.ds[s][j] = v
			put(&a.dim[j*(nStat+1)+s], v)
		}
		if r.Weights != nil {
			put(&a.dim[j*(nStat+1)+nStat], r.Weights[j])
		}
	}
	for _, s := range stats {
		put(&a.all[s], mean(a.ds[s]))
	}
	sum, c := 0.0, 0
	for _, v := range a.x[statG] {
		if v == v {
			sum += v
			c++
		}
	}
	if 2*c >= l.k() && c > 0 {
		put(&a.all[allItemGap], sum/float64(c))
	}
	if r.Weights != nil {
		w := 0.0
		for j, g := range a.ds[statG] {
			w += g * r.Weights[j] / 100
		}
		put(&a.all[allWeighted], w)
	}
	for si, s := range [3]int{statE, statP, statG} {
		x := a.x[s]
		if complete(x) {
			a.cov[si][0].add(x)
		}
		for j, items := range l.dimItems {
			b := a.buf[:len(items)]
			for q, i := range items {
				b[q] = x[i]
			}
			if complete(b) {
				a.cov[si][1+j].add(b)
			}
		}
	}
	a.n++
}

// put adds v to m unless v is NaN (missing). It cannot fail: v is bounded
// by the scale (or is a weight <= 100) and the count was checked, so the
// error of Moments.Add, which only overflow returns, is never set.
func put(m *estimate.Moments, v float64) {
	if v == v {
		_ = m.Add(v)
	}
}

// mean returns the mean of x, or NaN when any is NaN.
func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func complete(x []float64) bool {
	for _, v := range x {
		if v != v {
			return false
		}
	}
	return true
}

// Merge adds the respondents of o to a, as if each had been added to a. A
// nil or empty zero o adds nothing; an empty zero a takes the instrument of
// o. Accumulators on different instruments return ErrMismatch, and a total
// above math.MaxInt64 ErrOverflow; either leaves a unchanged. o is not
// modified; a.Merge(a) counts every respondent twice.
func (a *Accumulator) Merge(o *Accumulator) error {
	const fn = "servqual.Accumulator.Merge"
	if o == nil || o.l == nil {
		return nil
	}
	if a.l == nil {
		a.init(o.l)
	}
	if !a.l.same(o.l) {
		return textErr(fn, "instrument", o.l.in.Name, -1, ErrMismatch)
	}
	if a.n > math.MaxInt64-o.n {
		return valueErr(fn, "count", float64(o.n), ErrOverflow)
	}
	// The moments hold values bounded by the scale (checked on decoding
	// too), so none of these merges can fail.
	for i := range a.item {
		_ = a.item[i].Merge(&o.item[i])
	}
	for i := range a.dim {
		_ = a.dim[i].Merge(&o.dim[i])
	}
	for i := range a.all {
		_ = a.all[i].Merge(&o.all[i])
	}
	for s := range a.cov {
		for j := range a.cov[s] {
			a.cov[s][j].merge(&o.cov[s][j])
		}
	}
	a.n += o.n
	return nil
}
