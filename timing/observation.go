package timing

import (
	"encoding/binary"
	"time"
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
	return appendBool(appendVarint(append(b, observationVersion), int64(c.Wait)), c.Abandoned), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else
// returns ErrCorrupt and leaves c unchanged.
func (c *Contact) UnmarshalBinary(b []byte) error {
	r := reader{fn: "timing.Contact.UnmarshalBinary", b: b}
	r.version(observationVersion)
	var w Contact
	w.Wait = r.duration()
	w.Abandoned = r.boolean()
	if err := r.end(); err != nil {
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
	r := reader{fn: "timing.Span.UnmarshalBinary", b: b}
	r.version(observationVersion)
	w := r.span()
	if err := r.end(); err != nil {
		return err
	}
	*s = w
	return nil
}

// spanLen is the least number of bytes of an encoded Span (without its
// version byte): two one-byte varints and a bool.
const spanLen = 3

func appendSpan(b []byte, s Span) []byte {
	return appendBool(appendVarint(appendVarint(b, int64(s.Calendar)), int64(s.Business)), s.OK)
}

func (r *reader) span() Span {
	return Span{Calendar: r.duration(), Business: r.duration(), OK: r.boolean()}
}

func (r *reader) duration() time.Duration { return time.Duration(r.varint()) }

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
	b = appendString(b, m.ID)
	b = appendString(b, m.Priority)
	b = appendBool(b, m.Simple)
	b = appendTime(b, m.Created)
	b = appendSpan(b, m.FirstResponse)
	b = binary.AppendUvarint(b, uint64(len(m.NextReplies)))
	for _, s := range m.NextReplies {
		b = appendSpan(b, s)
	}
	for _, s := range [...]Span{m.FirstResolution, m.FullResolution, m.RequesterWait, m.AgentWait, m.OnHold, m.Handling} {
		b = appendSpan(b, s)
	}
	b = appendVarint(b, int64(m.Talk))
	b = appendVarint(b, int64(m.Hold))
	b = appendVarint(b, int64(m.WrapUp))
	b = appendVarint(b, int64(m.Replies))
	b = appendVarint(b, int64(m.Reopens))
	b = appendBool(b, m.Solved)
	return appendBool(b, m.FCR), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes into a fresh
// Metrics: Created in UTC (the same instant), NextReplies a new slice,
// nil when there are none. Anything else returns ErrCorrupt and leaves m
// unchanged.
func (m *Metrics) UnmarshalBinary(b []byte) error {
	r := reader{fn: "timing.Metrics.UnmarshalBinary", b: b}
	r.version(observationVersion)
	var w Metrics
	w.ID = r.text()
	w.Priority = r.text()
	w.Simple = r.boolean()
	w.Created = r.instant()
	w.FirstResponse = r.span()
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/spanLen) {
		r.fail("next replies past the data")
	}
	if r.err == nil && n > 0 {
		w.NextReplies = make([]Span, n)
		for i := range w.NextReplies {
			w.NextReplies[i] = r.span()
		}
	}
	for _, p := range [...]*Span{&w.FirstResolution, &w.FullResolution, &w.RequesterWait, &w.AgentWait, &w.OnHold, &w.Handling} {
		*p = r.span()
	}
	w.Talk, w.Hold, w.WrapUp = r.duration(), r.duration(), r.duration()
	w.Replies, w.Reopens = r.integer(), r.integer()
	w.Solved, w.FCR = r.boolean(), r.boolean()
	if err := r.end(); err != nil {
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
	b = binary.AppendUvarint(append(b, observationVersion), uint64(s.Metric))
	b = appendString(b, s.Priority)
	b = appendBool(appendVarint(b, int64(s.Within)), s.Business)
	b = binary.AppendUvarint(b, uint64(s.State))
	return appendVarint(appendVarint(b, int64(s.Elapsed)), int64(s.Left)), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else
// returns ErrCorrupt and leaves s unchanged. A Metric or State that is
// not a constant of this package decodes (Compliance.Add rejects it).
func (s *TargetState) UnmarshalBinary(b []byte) error {
	r := reader{fn: "timing.TargetState.UnmarshalBinary", b: b}
	r.version(observationVersion)
	var w TargetState
	w.Metric = SLAMetric(r.small())
	w.Priority = r.text()
	w.Within = r.duration()
	w.Business = r.boolean()
	w.State = State(r.small())
	w.Elapsed, w.Left = r.duration(), r.duration()
	if err := r.end(); err != nil {
		return err
	}
	*s = w
	return nil
}
