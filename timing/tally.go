package timing

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// Times is a lifecycle metric summarised in calendar and in business time.
// A metric no ticket had (no ticket was solved) has N = 0 and zero
// summaries.
type Times struct {
	Calendar Summary `json:"calendar"`
	Business Summary `json:"business"`
}

// A TallyResult reports a set of tickets: volume, rates with their
// intervals, and every lifecycle metric of [Metrics] summarised.
type TallyResult struct {
	// Tickets is the number received (added).
	Tickets int64 `json:"tickets"`
	// Resolution is solved / received; Simple is tagged-simple / received.
	Resolution Share `json:"resolution"`
	Simple     Share `json:"simple"`
	// FCR is first-contact resolutions / solved, and Reopen is solved
	// tickets reopened at least once / solved (Zendesk's "% one-touch" and
	// "% reopened"); both have N = 0 when none was solved.
	FCR    Share `json:"fcr"`
	Reopen Share `json:"reopen"`

	FirstResponse   Times `json:"first_response"`
	NextReply       Times `json:"next_reply"` // every next reply of every ticket
	FirstResolution Times `json:"first_resolution"`
	FullResolution  Times `json:"full_resolution"`
	RequesterWait   Times `json:"requester_wait"`
	AgentWait       Times `json:"agent_wait"`
	OnHold          Times `json:"on_hold"`
	Handling        Times `json:"handling"`
}

// A Tally accumulates the [Metrics] of tickets: counts for the rates and a
// [Durations] per metric and clock, so its memory is O(1) in the number of
// tickets (a few KiB per metric, by the sketches) and its quantiles are
// within 1 % ([SketchAccuracy]). It is the accumulator that package group
// keeps per period and segment:
//
//	weeks := group.ByPeriod[timing.Tally](group.Week, loc)
//	err := weeks.At(m.Created).Add(m)
//
// Set Exact for exact type-7 quantiles (estimate.Quantiles, R's default)
// instead: the tally then also keeps every duration in a [Sample], 8 bytes
// each (for a group, set its New to make exact tallies).
//
// Its observation is one ticket's [Metrics], which encode
// ([Metrics.MarshalBinary]) to travel; there is no AddN, as a ticket is
// counted once. The zero value is empty and ready to use. A Tally is not
// safe for concurrent use; give each goroutine its own and Merge them.
type Tally struct {
	// Exact keeps the durations for exact quantiles. Set it before adding;
	// an exact and a streaming tally merge only if one of them is empty.
	Exact bool

	received, solved, fcr, reopened, simple int64
	d                                       [nMetrics][2]Durations // [metric][0 calendar, 1 business]
	x                                       [nMetrics][2]Sample    // the durations, when Exact
}

const (
	mFirstResponse = iota
	mNextReply
	mFirstResolution
	mFullResolution
	mRequesterWait
	mAgentWait
	mOnHold
	mHandling
	nMetrics
)

var metricKeys = [nMetrics]string{"first_response", "next_reply", "first_resolution", "full_resolution", "requester_wait", "agent_wait", "on_hold", "handling"}

func (m *Metrics) spans() [nMetrics]Span {
	return [nMetrics]Span{m.FirstResponse, {}, m.FirstResolution, m.FullResolution, m.RequesterWait, m.AgentWait, m.OnHold, m.Handling}
}

// Add counts the metrics of one ticket. A span that is OK but negative
// returns ErrNegative, counts that contradict each other (FCR on an
// unsolved ticket, negative replies) ErrCount, and a full tally
// ErrOverflow; on error t is unchanged.
func (t *Tally) Add(m Metrics) error { return t.add("timing.Tally.Add", &m, -1) }

// AddAll counts the metrics of every ticket of ms. A bad one returns its
// error, with its index, and none of ms is counted.
func (t *Tally) AddAll(ms []Metrics) error {
	const fn = "timing.Tally.AddAll"
	var next int64
	for i := range ms {
		if err := t.check(fn, &ms[i], i); err != nil {
			return err
		}
		next += int64(len(ms[i].NextReplies))
	}
	if t.received > math.MaxInt64-int64(len(ms)) || t.d[mNextReply][0].N() > math.MaxInt64-next {
		return valueErr(fn, "count", float64(len(ms)), ErrOverflow)
	}
	for i := range ms {
		t.count(fn, &ms[i])
	}
	return nil
}

func (t *Tally) add(fn string, m *Metrics, idx int) error {
	if err := t.check(fn, m, idx); err != nil {
		return err
	}
	t.count(fn, m)
	return nil
}

// check validates m for t (idx its index, -1 when not in a sequence).
func (t *Tally) check(fn string, m *Metrics, idx int) error {
	bad := func(name string, v float64, err error) error {
		return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: idx, Err: err}
	}
	spans := m.spans()
	for k, s := range spans {
		if s.OK && (s.Calendar < 0 || s.Business < 0) {
			return bad(metricKeys[k]+" (s)", min(s.Calendar, s.Business).Seconds(), ErrNegative)
		}
	}
	for _, s := range m.NextReplies {
		if s.Calendar < 0 || s.Business < 0 {
			return bad("next_reply (s)", min(s.Calendar, s.Business).Seconds(), ErrNegative)
		}
	}
	switch {
	case m.Replies < 0 || m.Reopens < 0:
		return bad("replies", float64(min(m.Replies, m.Reopens)), ErrCount)
	case m.FCR && !m.Solved:
		return bad("fcr", 1, fmt.Errorf("%w: first-contact resolution of an unsolved ticket", ErrCount))
	case t.received == math.MaxInt64 || t.d[mNextReply][0].N() > math.MaxInt64-int64(len(m.NextReplies)):
		return bad("count", 1, ErrOverflow)
	}
	return nil
}

// count adds m, checked, to t.
func (t *Tally) count(fn string, m *Metrics) {
	spans := m.spans()
	t.received++
	if m.Solved {
		t.solved++
		t.fcr += int64(b2i(m.FCR))
		t.reopened += int64(b2i(m.Reopens > 0))
	}
	t.simple += int64(b2i(m.Simple))
	for k, s := range spans {
		if s.OK {
			t.addSpan(fn, k, s)
		}
	}
	for _, s := range m.NextReplies {
		t.addSpan(fn, mNextReply, s)
	}
}

func (t *Tally) addSpan(fn string, k int, s Span) {
	t.d[k][0].addN(fn, s.Calendar, 1)
	t.d[k][1].addN(fn, s.Business, 1)
	if t.Exact {
		t.x[k][0].xs = append(t.x[k][0].xs, s.Calendar)
		t.x[k][1].xs = append(t.x[k][1].xs, s.Business)
	}
}

// Merge adds the tickets of o to t. A nil o adds nothing; an empty t
// takes o's Exact. An exact and a streaming tally, both non-empty, return
// ErrMismatch; a total above math.MaxInt64 returns ErrOverflow; either
// leaves t unchanged.
func (t *Tally) Merge(o *Tally) error {
	if o == nil || o.received == 0 {
		return nil
	}
	if t.received == 0 {
		t.Exact = o.Exact
	}
	if t.Exact != o.Exact {
		return valueErr("timing.Tally.Merge", "exact", float64(b2i(o.Exact)), ErrMismatch)
	}
	if t.received > math.MaxInt64-o.received {
		return valueErr("timing.Tally.Merge", "count", float64(o.received), ErrOverflow)
	}
	for k := range t.d {
		if t.d[k][0].N() > math.MaxInt64-o.d[k][0].N() {
			return valueErr("timing.Tally.Merge", "count", float64(o.d[k][0].N()), ErrOverflow)
		}
	}
	t.received += o.received
	t.solved += o.solved
	t.fcr += o.fcr
	t.reopened += o.reopened
	t.simple += o.simple
	for k := range t.d {
		for c := range 2 {
			_ = t.d[k][c].Merge(&o.d[k][c])
			_ = t.x[k][c].Merge(&o.x[k][c])
		}
	}
	return nil
}

// N returns the number of tickets counted.
func (t *Tally) N() int64 { return t.received }

// Result returns the report of the tickets counted, the quantiles from the
// sketches or, when Exact, by type 7. o.Level applies to
// every interval; o.Method to the shares (estimate.Wilson by default, see
// [Rate.Result]); the means always take the Student-t interval. No tickets
// returns ErrEmpty; a bad level ErrLevel; a bad method ErrMethod.
func (t *Tally) Result(o estimate.Options) (TallyResult, error) {
	const fn = "timing.Tally.Result"
	level, m, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return TallyResult{}, err
	}
	if t.received == 0 {
		return TallyResult{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	po := estimate.Options{Level: level, Method: m}
	share := func(x, n int64) (Share, error) {
		if n == 0 {
			return Share{}, nil
		}
		return shareOf(fn, x, n, po)
	}
	var r TallyResult
	r.Tickets = t.received
	var errs [4]error
	r.Resolution, errs[0] = share(t.solved, t.received)
	r.Simple, errs[1] = share(t.simple, t.received)
	r.FCR, errs[2] = share(t.fcr, t.solved)
	r.Reopen, errs[3] = share(t.reopened, t.solved)
	for _, err := range errs {
		if err != nil {
			return TallyResult{}, err
		}
	}
	out := [nMetrics]*Times{&r.FirstResponse, &r.NextReply, &r.FirstResolution, &r.FullResolution, &r.RequesterWait, &r.AgentWait, &r.OnHold, &r.Handling}
	for k, p := range out {
		for c, dst := range []*Summary{&p.Calendar, &p.Business} {
			if t.d[k][c].N() == 0 {
				continue
			}
			s, err := t.d[k][c].Result(estimate.Options{Level: level})
			if err != nil {
				return TallyResult{}, err
			}
			if t.Exact {
				x, err := t.x[k][c].Result(estimate.Options{Level: level})
				if err != nil {
					return TallyResult{}, err
				}
				s.Median, s.P90, s.P95, s.Quantile, s.Accuracy = x.Median, x.P90, x.P95, x.Quantile, 0
			}
			*dst = s
		}
	}
	return r, nil
}

// tallyKeys are the JSON keys of a Tally, counts first.
var tallyKeys = append([]string{"received", "solved", "fcr", "reopened", "simple"}, append(metricKeys[:], "exact", "samples")...)

// MarshalJSON encodes the counts and, for each metric, its calendar and
// business Durations as a two-element array; "exact" and, for an exact
// tally, "samples": each metric's two Samples in the order of the metrics
// (empty otherwise).
func (t Tally) MarshalJSON() ([]byte, error) {
	m := map[string]any{"received": t.received, "solved": t.solved, "fcr": t.fcr, "reopened": t.reopened, "simple": t.simple,
		"exact": t.Exact, "samples": [][2]Sample{}}
	for k, key := range metricKeys {
		m[key] = t.d[k]
	}
	if t.Exact {
		m["samples"] = t.x
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes what MarshalJSON encodes. A missing, unknown,
// duplicate or mistyped key, or counts that contradict each other (more
// solved than received), return ErrCorrupt and leave t unchanged.
func (t *Tally) UnmarshalJSON(b []byte) error {
	const fn = "timing.Tally.UnmarshalJSON"
	raw, err := decodeObject(fn, b, tallyKeys...)
	if err != nil || raw == nil {
		return err
	}
	var w Tally
	for i, p := range []*int64{&w.received, &w.solved, &w.fcr, &w.reopened, &w.simple} {
		if err := field(fn, raw, tallyKeys[i], p); err != nil {
			return err
		}
	}
	for k, key := range metricKeys {
		if err := field(fn, raw, key, &w.d[k]); err != nil {
			return err
		}
	}
	if err := field(fn, raw, "exact", &w.Exact); err != nil {
		return err
	}
	var xs [][2]Sample
	if err := field(fn, raw, "samples", &xs); err != nil {
		return err
	}
	if w.Exact && len(xs) != nMetrics || !w.Exact && len(xs) != 0 {
		return valueErr(fn, "samples", float64(len(xs)), fmt.Errorf("%w: want %d for an exact tally, else none", ErrCorrupt, nMetrics))
	}
	copy(w.x[:], xs)
	return t.set(fn, &w)
}

func (t *Tally) set(fn string, w *Tally) error {
	c := []int64{w.received, w.solved, w.fcr, w.reopened, w.simple}
	for i, v := range c {
		if v < 0 {
			return textErr(fn, "count", tallyKeys[i], -1, ErrCorrupt)
		}
	}
	if w.solved > w.received || w.fcr > w.solved || w.reopened > w.solved || w.simple > w.received {
		return valueErr(fn, "solved", float64(w.solved), fmt.Errorf("%w: counts contradict each other", ErrCorrupt))
	}
	for k := range w.d {
		if w.d[k][0].N() != w.d[k][1].N() || (k != mNextReply && w.d[k][0].N() > w.received) {
			return textErr(fn, "metric", metricKeys[k], -1, fmt.Errorf("%w: counts do not match", ErrCorrupt))
		}
		for c := range 2 {
			if w.Exact && w.x[k][c].N() != w.d[k][c].N() || w.x[k][c].Type != 0 {
				return textErr(fn, "metric", metricKeys[k], -1, fmt.Errorf("%w: samples do not match", ErrCorrupt))
			}
		}
	}
	*t = *w
	return nil
}

const tallyVersion = 1

// MarshalBinary encodes the state: a version byte (1), the five counts as
// minimal varints, then each metric's calendar and business Durations as
// length-prefixed blocks, then a byte 1 for an exact tally followed by
// its Samples as blocks, or 0.
func (t Tally) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (t Tally) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, tallyVersion)
	for _, v := range []int64{t.received, t.solved, t.fcr, t.reopened, t.simple} {
		b = wire.AppendVarint(b, v)
	}
	for k := range t.d {
		for c := range 2 {
			p, _ := t.d[k][c].MarshalBinary()
			b = wire.AppendBytes(b, p)
		}
	}
	b = append(b, byte(b2i(t.Exact)))
	if t.Exact {
		for k := range t.x {
			for c := range 2 {
				p, _ := t.x[k][c].MarshalBinary()
				b = wire.AppendBytes(b, p)
			}
		}
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves t unchanged.
func (t *Tally) UnmarshalBinary(b []byte) error {
	const fn = "timing.Tally.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(tallyVersion)
	var w Tally
	for _, p := range []*int64{&w.received, &w.solved, &w.fcr, &w.reopened, &w.simple} {
		*p = r.Varint()
	}
	var blocks, xblocks [nMetrics][2][]byte
	for k := range blocks {
		blocks[k][0], blocks[k][1] = r.Bytes(), r.Bytes()
	}
	switch r.Byte() {
	case 0:
	case 1:
		w.Exact = true
		for k := range xblocks {
			xblocks[k][0], xblocks[k][1] = r.Bytes(), r.Bytes()
		}
	default:
		r.Fail("exact flag not 0 or 1")
	}
	if err := r.End(); err != nil {
		return err
	}
	for k := range blocks {
		for c := range 2 {
			if err := w.d[k][c].UnmarshalBinary(blocks[k][c]); err != nil {
				return err
			}
			if w.Exact {
				if err := w.x[k][c].UnmarshalBinary(xblocks[k][c]); err != nil {
					return err
				}
			}
		}
	}
	return t.set(fn, &w)
}
