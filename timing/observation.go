package timing

import (
	"math"
	"strconv"
	"time"

	"github.com/servq/servq/internal/wire"
)

// observationVersion is the version byte of every observation encoding.
const observationVersion = 1

// MarshalBinary encodes c: the version byte 1, Wait and Abandoned. Every
// observation of this package ([Span], [Metrics], [TargetState]) encodes
// in the same way: a version byte (1), then the fields in the order of
// the type's declaration, durations and ints as minimal zigzag varints,
// bools as one byte 0 or 1, strings and slices as a minimal uvarint length
// and their content, SLAMetric and State as a minimal uvarint (at most
// 255), a time.Time as a zigzag varint of its Unix seconds and a uvarint
// of its nanoseconds (decoded in UTC: the instant is kept, not the zone).
// Decoders check the representation, not the range: anything else returns
// ErrCorrupt (an *estimate.ValueError) and leaves the receiver unchanged;
// Add rejects the values it does not take (a negative wait).
func (c Contact) MarshalBinary() ([]byte, error) { return c.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b; it allocates
// only to grow b.
func (c Contact) AppendBinary(b []byte) ([]byte, error) {
	return wire.AppendBool(wire.AppendVarint(append(b, observationVersion), int64(c.Wait)), c.Abandoned), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else
// returns ErrCorrupt and leaves c unchanged.
func (c *Contact) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("timing.Contact.UnmarshalBinary", b)
	r.Version(observationVersion)
	var w Contact
	w.Wait = readDuration(&r)
	w.Abandoned = r.Bool()
	if err := r.End(); err != nil {
		return err
	}
	*c = w
	return nil
}

// MarshalBinary encodes s: the version byte 1, Calendar, Business and OK.
func (s Span) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b; it allocates
// only to grow b.
func (s Span) AppendBinary(b []byte) ([]byte, error) {
	return appendSpan(append(b, observationVersion), s), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else
// returns ErrCorrupt and leaves s unchanged.
func (s *Span) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("timing.Span.UnmarshalBinary", b)
	r.Version(observationVersion)
	w := readSpan(&r)
	if err := r.End(); err != nil {
		return err
	}
	*s = w
	return nil
}

// spanLen is the least number of bytes of an encoded Span (without its
// version byte): two one-byte varints and a bool.
const spanLen = 3

func appendSpan(b []byte, s Span) []byte {
	return wire.AppendBool(wire.AppendVarint(wire.AppendVarint(b, int64(s.Calendar)), int64(s.Business)), s.OK)
}

func readSpan(r *wire.Reader) Span {
	return Span{Calendar: readDuration(r), Business: readDuration(r), OK: r.Bool()}
}

func readDuration(r *wire.Reader) time.Duration { return time.Duration(r.Varint()) }

// readSmall reads a minimal uvarint that must fit a uint8 (an
// enumeration: SLAMetric, State).
func readSmall(r *wire.Reader) uint8 {
	u := r.Uvarint()
	if r.Err() == nil && u > math.MaxUint8 {
		r.Fail("value " + strconv.FormatUint(u, 10) + " above 255")
		return 0
	}
	return uint8(u)
}

// MarshalBinary encodes m: the version byte 1, then ID, Priority, Simple,
// Created, FirstResponse, NextReplies (their count, then each span),
// FirstResolution, FullResolution, RequesterWait, AgentWait, OnHold,
// Handling, Talk, Hold, WrapUp, Replies, Reopens, Solved and FCR; a Span
// is its Calendar, Business and OK.
func (m Metrics) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b; it allocates
// only to grow b.
func (m Metrics) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, observationVersion)
	b = wire.AppendString(b, m.ID)
	b = wire.AppendString(b, m.Priority)
	b = wire.AppendBool(b, m.Simple)
	b = wire.AppendTime(b, m.Created)
	b = appendSpan(b, m.FirstResponse)
	b = wire.AppendUvarint(b, uint64(len(m.NextReplies)))
	for _, s := range m.NextReplies {
		b = appendSpan(b, s)
	}
	for _, s := range [...]Span{m.FirstResolution, m.FullResolution, m.RequesterWait, m.AgentWait, m.OnHold, m.Handling} {
		b = appendSpan(b, s)
	}
	b = wire.AppendVarint(b, int64(m.Talk))
	b = wire.AppendVarint(b, int64(m.Hold))
	b = wire.AppendVarint(b, int64(m.WrapUp))
	b = wire.AppendVarint(b, int64(m.Replies))
	b = wire.AppendVarint(b, int64(m.Reopens))
	b = wire.AppendBool(b, m.Solved)
	return wire.AppendBool(b, m.FCR), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes into a fresh
// Metrics: Created in UTC (the same instant), NextReplies a new slice,
// nil when there are none. Anything else returns ErrCorrupt and leaves m
// unchanged.
func (m *Metrics) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("timing.Metrics.UnmarshalBinary", b)
	r.Version(observationVersion)
	var w Metrics
	w.ID = r.Text()
	w.Priority = r.Text()
	w.Simple = r.Bool()
	w.Created = r.Time()
	w.FirstResponse = readSpan(&r)
	if n := r.Length(spanLen); n > 0 {
		w.NextReplies = make([]Span, n)
		for i := range w.NextReplies {
			w.NextReplies[i] = readSpan(&r)
		}
	}
	for _, p := range [...]*Span{&w.FirstResolution, &w.FullResolution, &w.RequesterWait, &w.AgentWait, &w.OnHold, &w.Handling} {
		*p = readSpan(&r)
	}
	w.Talk, w.Hold, w.WrapUp = readDuration(&r), readDuration(&r), readDuration(&r)
	w.Replies, w.Reopens = r.Int(), r.Int()
	w.Solved, w.FCR = r.Bool(), r.Bool()
	if err := r.End(); err != nil {
		return err
	}
	*m = w
	return nil
}

// MarshalBinary encodes s: the version byte 1, then its Target's Metric,
// Priority, Within and Business, and State, Elapsed and Left.
func (s TargetState) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b; it allocates
// only to grow b.
func (s TargetState) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendUvarint(append(b, observationVersion), uint64(s.Metric))
	b = wire.AppendString(b, s.Priority)
	b = wire.AppendBool(wire.AppendVarint(b, int64(s.Within)), s.Business)
	b = wire.AppendUvarint(b, uint64(s.State))
	return wire.AppendVarint(wire.AppendVarint(b, int64(s.Elapsed)), int64(s.Left)), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else
// returns ErrCorrupt and leaves s unchanged. A Metric or State that is
// not a constant of this package decodes (Compliance.Add rejects it).
func (s *TargetState) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("timing.TargetState.UnmarshalBinary", b)
	r.Version(observationVersion)
	var w TargetState
	w.Metric = SLAMetric(readSmall(&r))
	w.Priority = r.Text()
	w.Within = readDuration(&r)
	w.Business = r.Bool()
	w.State = State(readSmall(&r))
	w.Elapsed, w.Left = readDuration(&r), readDuration(&r)
	if err := r.End(); err != nil {
		return err
	}
	*s = w
	return nil
}
