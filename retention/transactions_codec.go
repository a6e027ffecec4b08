package retention

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"time"

	"github.com/servq/servq/internal/wire"
)

type txCustomerJSON struct {
	ID   string       `json:"id"`
	Days [][2]float64 `json:"days"` // [day since 1970-01-01, amount]
}

// MarshalJSON encodes t as {"location": name, "events": n, "customers":
// [{"id": ..., "days": [[day, amount], ...]}, ...]}, customers in the order
// they first appeared and days (since 1970-01-01 on the zone's wall clock)
// in increasing order.
func (t Transactions) MarshalJSON() ([]byte, error) {
	cs := make([]txCustomerJSON, len(t.cs))
	for i, c := range t.cs {
		cs[i].ID = c.id
		cs[i].Days = make([][2]float64, len(c.days))
		for j, d := range c.days {
			cs[i].Days[j] = [2]float64{float64(d.day), d.amount}
		}
	}
	name := ""
	if t.loc != nil {
		name = t.loc.String()
	}
	return json.Marshal(map[string]any{"location": name, "events": t.events, "customers": cs})
}

// UnmarshalJSON decodes what [Transactions.MarshalJSON] encodes,
// strictly: unknown, missing or duplicate keys, a zone that
// time.LoadLocation does not know (unless it is the receiver's own),
// repeated customers, days out of order or not whole, negative or
// non-finite amounts, fewer events than days, or trailing data return
// ErrCorrupt and leave t unchanged. JSON null does nothing.
func (t *Transactions) UnmarshalJSON(b []byte) error {
	const fn = "retention.Transactions.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var name string
	var events int64
	var cs []txCustomerJSON
	if err := decodeStrict(fn, b, jsonField{"location", &name}, jsonField{"events", &events}, jsonField{"customers", &cs}); err != nil {
		return err
	}
	out := make([]txCustomer, len(cs))
	for i, c := range cs {
		out[i].id = c.ID
		out[i].days = make([]txDay, len(c.Days))
		for j, d := range c.Days {
			if d[0] != math.Trunc(d[0]) || math.Abs(d[0]) > 4e6 {
				return corruptErr(fn, "day", d[0], "customer %d: not a whole day in the years 1..9999", i)
			}
			out[i].days[j] = txDay{int32(d[0]), d[1]}
		}
	}
	return t.set(fn, name, events, out)
}

// set checks the decoded state and replaces t with it.
func (t *Transactions) set(fn, name string, events int64, cs []txCustomer) error {
	var loc *time.Location
	switch {
	case t.loc != nil && t.loc.String() == name:
		loc = t.loc
	default:
		l, err := time.LoadLocation(name)
		if err != nil || name == "" {
			return textErr(fn, "location", name, wrapf(ErrCorrupt, "unknown time zone"))
		}
		loc = l
	}
	ids := make(map[string]int32, len(cs))
	days := int64(0)
	for i, c := range cs {
		if c.id == "" {
			return corruptErr(fn, "customer", float64(i), "empty customer id")
		}
		if _, dup := ids[c.id]; dup {
			return corruptErr(fn, "customer", float64(i), "customer %q repeated", c.id)
		}
		ids[c.id] = int32(i)
		if len(c.days) == 0 {
			return corruptErr(fn, "customer", float64(i), "customer %q without purchases", c.id)
		}
		for j, d := range c.days {
			if j > 0 && d.day <= c.days[j-1].day {
				return corruptErr(fn, "day", float64(d.day), "customer %q: days out of order", c.id)
			}
			if !(d.amount >= 0) || math.IsInf(d.amount, 0) || math.Signbit(d.amount) {
				return corruptErr(fn, "amount", d.amount, "customer %q: want a finite amount >= 0", c.id)
			}
			if y := time.Unix(int64(d.day)*86400, 0).UTC().Year(); y < 1 || y > 9999 {
				return corruptErr(fn, "day", float64(d.day), "outside the years 1..9999")
			}
		}
		days += int64(len(c.days))
	}
	if events < days {
		return corruptErr(fn, "events", float64(events), "fewer events than purchase days %d", days)
	}
	t.loc, t.ids, t.cs, t.events = loc, ids, cs, events
	return nil
}

// MarshalBinary encodes t as a version byte (1), the zone's name (length
// and bytes), the events, the number of customers, and per customer the
// id (length and bytes), the number of days, and per day the gap to the
// day before (the first as a zigzag varint of the day) and the amount as
// float64 bits.
func (t Transactions) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of [Transactions.MarshalBinary] to b.
func (t Transactions) AppendBinary(b []byte) ([]byte, error) {
	name := ""
	if t.loc != nil {
		name = t.loc.String()
	}
	b = binary.AppendUvarint(append(b, binaryVersion), uint64(len(name)))
	b = append(b, name...)
	b = binary.AppendUvarint(b, uint64(t.events))
	b = binary.AppendUvarint(b, uint64(len(t.cs)))
	for _, c := range t.cs {
		b = binary.AppendUvarint(b, uint64(len(c.id)))
		b = append(b, c.id...)
		b = binary.AppendUvarint(b, uint64(len(c.days)))
		for j, d := range c.days {
			if j == 0 {
				b = binary.AppendUvarint(b, zigzag(int64(d.day)))
			} else {
				b = binary.AppendUvarint(b, uint64(d.day-c.days[j-1].day))
			}
			b = wire.AppendFloat64(b, d.amount)
		}
	}
	return b, nil
}

// UnmarshalBinary decodes what [Transactions.MarshalBinary] encodes;
// anything else returns ErrCorrupt and leaves t unchanged.
func (t *Transactions) UnmarshalBinary(b []byte) error {
	const fn = "retention.Transactions.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(binaryVersion)
	name := rd.Text()
	events := rd.Count()
	n := rd.Count()
	if n > int64(len(b)) {
		rd.Fail("more customers than bytes")
	}
	var cs []txCustomer
	for i := int64(0); i < n && rd.Err() == nil; i++ {
		id := rd.Text()
		k := rd.Count()
		if k > int64(len(b)) {
			rd.Fail("more days than bytes")
			break
		}
		c := txCustomer{id: id}
		var day int64
		for j := int64(0); j < k && rd.Err() == nil; j++ {
			u := rd.Uvarint()
			if j == 0 {
				day = int64(u>>1) ^ -int64(u&1)
			} else if u == 0 || u > 4e6 {
				rd.Fail("day gap out of range")
			} else {
				day += int64(u)
			}
			if day < -4e6 || day > 4e6 {
				rd.Fail("day out of range")
			}
			c.days = append(c.days, txDay{int32(day), readFinite(&rd, "amount")})
		}
		cs = append(cs, c)
	}
	if err := rd.End(); err != nil {
		return err
	}
	return t.set(fn, name, events, cs)
}
