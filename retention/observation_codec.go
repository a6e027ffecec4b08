package retention

import (
	"encoding/binary"
	"slices"
	"strconv"
	"time"

	"github.com/servq/servq/internal/wire"
)

// This file holds the binary encodings of the observations, so that one
// observation travels between processes (Beam workers, queues) with
// neither reflection nor JSON, written and read with internal/wire. Every
// encoding is a version byte
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

// readTime reads a time.Time, in UTC, refusing seconds that a time.Time
// cannot hold (they would wrap around and order wrongly).
func readTime(r *wire.Reader) time.Time {
	t := r.Time()
	if r.Err() == nil && t.Unix() > wire.MaxUnixSeconds {
		r.Fail("seconds " + strconv.FormatInt(t.Unix(), 10) + " beyond time.Time")
		return time.Time{}
	}
	return t
}

// grown returns b with room for n more bytes.
func grown(b []byte, n int) []byte { return slices.Grow(b, n) }

// ---- Event ----

func (e Event) size() int { return 1 + binary.MaxVarintLen64 + len(e.Customer) + wire.TimeSize + 8 }

// MarshalBinary encodes e as a version byte (1), the customer id (a
// uvarint length and its bytes), At (a varint of Unix seconds and a
// uvarint of nanoseconds) and Amount (8 little-endian bytes of its
// float64 bits).
func (e Event) MarshalBinary() ([]byte, error) { return e.AppendBinary(make([]byte, 0, e.size())) }

// AppendBinary appends the encoding of [Event.MarshalBinary] to b; it
// allocates only to grow b.
func (e Event) AppendBinary(b []byte) ([]byte, error) {
	b = append(grown(b, e.size()), obsVersion)
	b = wire.AppendString(b, e.Customer)
	b = wire.AppendTime(b, e.At)
	return wire.AppendFloat64(b, e.Amount), nil
}

// UnmarshalBinary decodes what [Event.MarshalBinary] encodes, strictly
// (see the encodings of the package doc); anything else returns
// ErrCorrupt and leaves e unchanged. At is decoded in UTC, the instant
// exactly. Decoding checks the representation, not the values: the Add
// of [Cohorts] or [Transactions] checks those.
func (e *Event) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Event.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Event{Customer: r.Text(), At: readTime(&r), Amount: r.Float64()}
	if err := r.End(); err != nil {
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
	b = wire.AppendVarint(b, h.X)
	b = wire.AppendFloat64(b, h.Tx)
	return wire.AppendFloat64(b, h.T), nil
}

// UnmarshalBinary decodes what [History.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves h unchanged. Decoding
// checks the representation, not the values: [Histories.Add] checks
// those.
func (h *History) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.History.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := History{X: r.Varint(), Tx: r.Float64(), T: r.Float64()}
	if err := r.End(); err != nil {
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
	b = wire.AppendVarint(b, s.X)
	return wire.AppendFloat64(b, s.M), nil
}

// UnmarshalBinary decodes what [Spend.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves s unchanged. Decoding checks
// the representation, not the values: [Spends.Add] checks those.
func (s *Spend) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Spend.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Spend{X: r.Varint(), M: r.Float64()}
	if err := r.End(); err != nil {
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
	return wire.AppendBool(wire.AppendBool(b, m.AtStart), m.AtEnd), nil
}

// UnmarshalBinary decodes what [Membership.MarshalBinary] encodes,
// strictly: another version, a length other than 3 or a byte other than
// 0 and 1 returns ErrCorrupt and leaves m unchanged.
func (m *Membership) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Membership.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Membership{AtStart: r.Bool(), AtEnd: r.Bool()}
	if err := r.End(); err != nil {
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
	b = wire.AppendFloat64(b, l.Entry)
	b = wire.AppendFloat64(b, l.Exit)
	return append(b, byte(l.Status)), nil
}

// UnmarshalBinary decodes what [Lifetime.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves l unchanged. Decoding checks the representation, not the values:
// [Lifetimes.Add] checks those (times, and a status other than Censored
// and Observed).
func (l *Lifetime) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Lifetime.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Lifetime{Entry: r.Float64(), Exit: r.Float64(), Status: Status(r.Byte())}
	if err := r.End(); err != nil {
		return err
	}
	*l = v
	return nil
}

// ---- Purchases ----

const purchasesSize = 1 + binary.MaxVarintLen64 + 2*wire.TimeSize

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
	b = wire.AppendVarint(b, p.Count)
	b = wire.AppendTime(b, p.First)
	return wire.AppendTime(b, p.Last), nil
}

// UnmarshalBinary decodes what [Purchases.MarshalBinary] encodes,
// strictly; anything else returns ErrCorrupt and leaves p unchanged. First
// and Last are decoded in UTC, the instants exactly. Decoding checks the
// representation, not the values: [Repeat.Add] checks those.
func (p *Purchases) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Purchases.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Purchases{Count: r.Varint(), First: readTime(&r), Last: readTime(&r)}
	if err := r.End(); err != nil {
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
	return wire.AppendFloat64(wire.AppendFloat64(b, a.Start), a.End), nil
}

// UnmarshalBinary decodes what [Account.MarshalBinary] encodes, strictly;
// anything else returns ErrCorrupt and leaves a unchanged. Decoding checks
// the representation, not the values: [Revenue.Add] checks those.
func (a *Account) UnmarshalBinary(b []byte) error {
	var r wire.Reader
	r.Reset("retention.Account.UnmarshalBinary", b)
	r.Version(obsVersion)
	v := Account{Start: r.Float64(), End: r.Float64()}
	if err := r.End(); err != nil {
		return err
	}
	*a = v
	return nil
}
