package retention

import (
	"encoding/binary"
	"math"
	"slices"
	"time"
)

// This file holds the binary encodings of the observations, so that one
// observation travels between processes (Beam workers, queues) with
// neither reflection nor JSON. Every encoding is a version byte
// (obsVersion) and the fields in a fixed order:
//
//	int64          binary varint (zig-zag)
//	count >= 0     uvarint
//	float64        8 little-endian bytes of its bits
//	bool           one byte, 0 or 1
//	string         uvarint length, then its bytes
//	Status         one byte
//	time.Time      varint of Unix seconds, then uvarint of nanoseconds
//
// Decoding is strict and checks the representation, not the values: a
// wrong version, a truncation, trailing bytes, a non-minimal varint, a
// bool byte other than 0 and 1, nanoseconds >= 1e9, seconds that a
// time.Time cannot hold, or a length past the data return an
// *estimate.ValueError wrapping ErrCorrupt and leave the receiver
// unchanged; a NaN amount or a negative count decode, and the Add that
// receives them rejects them. A decoded time is in UTC: the instant is kept
// exactly, the location and the monotonic clock reading are not.

// obsVersion is the first byte of the encoding of every observation.
const obsVersion = 1

// maxUnixSeconds is the largest Unix second that time.Unix turns into a
// time.Time without overflow (time.Time counts seconds since year 1 in an
// int64).
const maxUnixSeconds = math.MaxInt64 - 62135596800

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// timeSize bounds the length of an encoded time.Time.
const timeSize = binary.MaxVarintLen64 + 5

// varint reads a signed (zig-zag) varint, which must be minimal.
func (r *reader) varint(what string) int64 {
	u := r.uvarint(what)
	return int64(u>>1) ^ -int64(u&1)
}

// bits64 reads a float64 as it is, NaN and ±Inf included.
func (r *reader) bits64(what string) float64 {
	if r.err != "" {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("truncated " + what)
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// boolean reads one byte that must be 0 or 1.
func (r *reader) boolean(what string) bool {
	if r.err != "" {
		return false
	}
	if len(r.b) == 0 {
		r.fail("truncated " + what)
		return false
	}
	v := r.b[0]
	if v > 1 {
		r.fail(what + " byte not 0 or 1")
		return false
	}
	r.b = r.b[1:]
	return v == 1
}

// str reads a uvarint length and that many bytes, checking the length
// against the bytes left before it allocates the string.
func (r *reader) str(what string) string {
	n := r.uvarint("length of " + what)
	if r.err != "" {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.fail("length of " + what + " past the data")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// instant reads a time as Unix seconds and nanoseconds, in UTC.
func (r *reader) instant(what string) time.Time {
	sec := r.varint(what + " seconds")
	ns := r.uvarint(what + " nanoseconds")
	switch {
	case r.err != "":
		return time.Time{}
	case ns >= 1e9:
		r.fail(what + " nanoseconds >= 1e9")
		return time.Time{}
	case sec > maxUnixSeconds:
		r.fail(what + " seconds beyond time.Time")
		return time.Time{}
	}
	return time.Unix(sec, int64(ns)).UTC()
}

// status reads a [Status], one byte.
func (r *reader) status(what string) Status {
	if p := r.bytes(what, 1); p != nil {
		return Status(p[0])
	}
	return 0
}

// grown returns b with room for n more bytes.
func grown(b []byte, n int) []byte { return slices.Grow(b, n) }

// ---- Event ----

func (e Event) size() int { return 1 + binary.MaxVarintLen64 + len(e.Customer) + timeSize + 8 }

// MarshalBinary encodes e as a version byte (1), the customer id (a
// uvarint length and its bytes), At (a varint of Unix seconds and a
// uvarint of nanoseconds) and Amount (8 little-endian bytes of its
// float64 bits).
func (e Event) MarshalBinary() ([]byte, error) { return e.AppendBinary(make([]byte, 0, e.size())) }

// AppendBinary appends the encoding of [Event.MarshalBinary] to b; it
// allocates only to grow b.
func (e Event) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, e.size()), obsVersion)
	b = appendString(b, e.Customer)
	b = appendTime(b, e.At)
	return appendFloat(b, e.Amount), nil
}

// UnmarshalBinary decodes what [Event.MarshalBinary] encodes, strictly
// (see the encodings of the package doc); anything else returns
// ErrCorrupt and leaves e unchanged. At is decoded in UTC, the instant
// exactly. Decoding checks the representation, not the values: the Add
// of [Cohorts] or [Transactions] checks those.
func (e *Event) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Event{Customer: r.str("customer"), At: r.instant("at"), Amount: r.bits64("amount")}
	if err := r.done("retention.Event.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*e = v
	return nil
}

// ---- History ----

const historySize = 1 + binary.MaxVarintLen64 + 16

// MarshalBinary encodes h as a version byte (1), X as a varint and Tx
// and T as 8 little-endian bytes of their float64 bits.
func (h History) MarshalBinary() ([]byte, error) {
	return h.AppendBinary(make([]byte, 0, historySize))
}

// AppendBinary appends the encoding of [History.MarshalBinary] to b; it
// allocates only to grow b.
func (h History) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, historySize), obsVersion)
	b = binary.AppendVarint(b, h.X)
	b = appendFloat(b, h.Tx)
	return appendFloat(b, h.T), nil
}

// UnmarshalBinary decodes what [History.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves h unchanged. Decoding
// checks the representation, not the values: [Histories.Add] checks
// those.
func (h *History) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := History{X: r.varint("x"), Tx: r.bits64("t_x"), T: r.bits64("T")}
	if err := r.done("retention.History.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*h = v
	return nil
}

// ---- Spend ----

const spendSize = 1 + binary.MaxVarintLen64 + 8

// MarshalBinary encodes s as a version byte (1), X as a varint and M as
// 8 little-endian bytes of its float64 bits.
func (s Spend) MarshalBinary() ([]byte, error) { return s.AppendBinary(make([]byte, 0, spendSize)) }

// AppendBinary appends the encoding of [Spend.MarshalBinary] to b; it
// allocates only to grow b.
func (s Spend) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, spendSize), obsVersion)
	b = binary.AppendVarint(b, s.X)
	return appendFloat(b, s.M), nil
}

// UnmarshalBinary decodes what [Spend.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves s unchanged. Decoding checks
// the representation, not the values: [Spends.Add] checks those.
func (s *Spend) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Spend{X: r.varint("x"), M: r.bits64("m")}
	if err := r.done("retention.Spend.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*s = v
	return nil
}

// ---- Membership ----

// MarshalBinary encodes m in 3 bytes: a version byte (1), then AtStart
// and AtEnd as one byte each, 0 or 1.
func (m Membership) MarshalBinary() ([]byte, error) { return m.AppendBinary(make([]byte, 0, 3)) }

// AppendBinary appends the encoding of [Membership.MarshalBinary] to b; it
// allocates only to grow b.
func (m Membership) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, 3), obsVersion)
	return appendBool(appendBool(b, m.AtStart), m.AtEnd), nil
}

// UnmarshalBinary decodes what [Membership.MarshalBinary] encodes,
// strictly: another version, a length other than 3 or a byte other than
// 0 and 1 returns ErrCorrupt and leaves m unchanged.
func (m *Membership) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Membership{AtStart: r.boolean("at_start"), AtEnd: r.boolean("at_end")}
	if err := r.done("retention.Membership.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*m = v
	return nil
}

// ---- Lifetime ----

const lifetimeSize = 1 + 16 + 1

// MarshalBinary encodes l in 18 bytes: a version byte (1), Entry and
// Exit as 8 little-endian bytes of their float64 bits, and Status as one
// byte.
func (l Lifetime) MarshalBinary() ([]byte, error) {
	return l.AppendBinary(make([]byte, 0, lifetimeSize))
}

// AppendBinary appends the encoding of [Lifetime.MarshalBinary] to b; it
// allocates only to grow b.
func (l Lifetime) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, lifetimeSize), obsVersion)
	b = appendFloat(b, l.Entry)
	b = appendFloat(b, l.Exit)
	return append(b, byte(l.Status)), nil
}

// UnmarshalBinary decodes what [Lifetime.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves l unchanged. Decoding checks the representation, not the values:
// [Lifetimes.Add] checks those (times, and a status other than Censored
// and Observed).
func (l *Lifetime) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Lifetime{Entry: r.bits64("entry"), Exit: r.bits64("exit"), Status: r.status("status")}
	if err := r.done("retention.Lifetime.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*l = v
	return nil
}

// ---- Purchases ----

const purchasesSize = 1 + binary.MaxVarintLen64 + 2*timeSize

// MarshalBinary encodes p as a version byte (1), Count as a varint, and
// First and Last each as a varint of Unix seconds and a uvarint of
// nanoseconds.
func (p Purchases) MarshalBinary() ([]byte, error) {
	return p.AppendBinary(make([]byte, 0, purchasesSize))
}

// AppendBinary appends the encoding of [Purchases.MarshalBinary] to b; it
// allocates only to grow b.
func (p Purchases) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, purchasesSize), obsVersion)
	b = binary.AppendVarint(b, p.Count)
	b = appendTime(b, p.First)
	return appendTime(b, p.Last), nil
}

// UnmarshalBinary decodes what [Purchases.MarshalBinary] encodes,
// strictly; anything else returns ErrCorrupt and leaves p unchanged. First
// and Last are decoded in UTC, the instants exactly. Decoding checks the
// representation, not the values: [Repeat.Add] checks those.
func (p *Purchases) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Purchases{Count: r.varint("count"), First: r.instant("first"), Last: r.instant("last")}
	if err := r.done("retention.Purchases.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*p = v
	return nil
}

// ---- Account ----

const accountSize = 1 + 16

// MarshalBinary encodes a in 17 bytes: a version byte (1), then Start and
// End as 8 little-endian bytes of their float64 bits.
func (a Account) MarshalBinary() ([]byte, error) { return a.AppendBinary(make([]byte, 0, accountSize)) }

// AppendBinary appends the encoding of [Account.MarshalBinary] to b; it
// allocates only to grow b.
func (a Account) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, accountSize), obsVersion)
	return appendFloat(appendFloat(b, a.Start), a.End), nil
}

// UnmarshalBinary decodes what [Account.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves a unchanged. Decoding checks
// the representation, not the values: [Revenue.Add] checks those.
func (a *Account) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.version(obsVersion)
	v := Account{Start: r.bits64("start"), End: r.bits64("end")}
	if err := r.done("retention.Account.UnmarshalBinary", len(b)); err != nil {
		return err
	}
	*a = v
	return nil
}
