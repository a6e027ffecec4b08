package servqbeam

import (
	"encoding/binary"
	"strconv"
	"time"

	"github.com/servq/servq/group"
)

// A Key is what the per-key forms group by: a segment (a channel, a
// branch, an agent), a calendar period, or both. Fields that the [By] of
// the grouping does not use are empty; [All] gives the one empty Key.
//
// Period is the period's label ([group.Period.Label]: "2026-03-15",
// "2026-W11", "2026-03", "2026-Q1") and Start its first instant
// ([group.Period.Start]) in RFC 3339 with the zone's offset
// ("2026-03-09T00:00:00+01:00"), as time.Parse(time.RFC3339, Start) reads
// it back. In one grouping, a label names one period, so Period alone
// identifies it; Start says where it begins.
//
// A Key travels between workers in a compact, deterministic binary form
// (each field as a length-prefixed string), registered as its Beam coder,
// so it can be a GroupByKey key.
type Key struct {
	Segment string `json:"segment,omitempty"`
	Period  string `json:"period,omitempty"`
	Start   string `json:"start,omitempty"`
}

// An Event is one observation to combine: the value (a score, a rating,
// a duration), the segment it belongs to, and when it happened. A
// pipeline reads its rows into Events and hands them to [PerKey].
//
// Time is read on the wall clock of the grouping's Location, whatever
// Location it carries; its own Location does not travel between workers
// (an Event decodes with the instant in UTC).
//
// Between workers an Event travels in a versioned binary form: a version
// byte (1), the instant as a varint of Unix seconds and a uvarint of
// nanoseconds, the segment as a uvarint length and its bytes, and, to the
// end, the value's encoding (see [RegisterCombiner] for the types of
// value). Its decoder is strict: any other bytes fail with an error
// wrapping [ErrCorrupt].
type Event[In any] struct {
	Segment string    `json:"segment"`
	Time    time.Time `json:"time"`
	Value   In        `json:"value"`
}

// By says what the per-key forms group by.
type By uint8

// The groupings.
const (
	// All combines every event into one result, under the empty Key.
	All By = iota
	// BySegment combines per segment.
	BySegment
	// ByPeriod combines per calendar period of the grouping.
	ByPeriod
	// BySegmentPeriod combines per segment and calendar period.
	BySegmentPeriod
)

var byNames = [...]string{All: "all", BySegment: "segment", ByPeriod: "period", BySegmentPeriod: "segment x period"}

// String returns "all", "segment", "period" or "segment x period".
func (b By) String() string {
	if b > BySegmentPeriod {
		return "By(" + strconv.Itoa(int(b)) + ")"
	}
	return byNames[b]
}

func (b By) segment() bool { return b == BySegment || b == BySegmentPeriod }
func (b By) period() bool  { return b == ByPeriod || b == BySegmentPeriod }

// A Grouping says how [PerKey] keys its events: by nothing, segment,
// calendar period or both, and for periods which kind (group.Day,
// group.Week, group.Month, group.Quarter) in which time zone.
//
// The Location travels to the workers by name, so it must be one that
// time.LoadLocation loads: "UTC" or an IANA name ("Europe/Madrid"), not
// time.Local (whose meaning differs between machines) nor a
// time.FixedZone.
type Grouping struct {
	By       By
	Period   group.Period   // with ByPeriod and BySegmentPeriod
	Location *time.Location // with ByPeriod and BySegmentPeriod
}

// zone checks g and returns the name of its Location ("" when g does not
// group by period).
func (g Grouping) zone(fn string) (string, error) {
	if g.By > BySegmentPeriod {
		return "", valueErr(fn, "by", float64(g.By), ErrBy)
	}
	if !g.By.period() {
		return "", nil
	}
	if !g.Period.IsValid() {
		return "", valueErr(fn, "period", float64(g.Period), ErrPeriod)
	}
	if g.Location == nil {
		return "", valueErr(fn, "location", 0, ErrLocation)
	}
	name := g.Location.String()
	if g.Location == time.Local || name == "Local" {
		return "", textErr(fn, "location", name, ErrZone)
	}
	loaded, err := time.LoadLocation(name)
	if err != nil || !sameZone(loaded, g.Location) {
		return "", textErr(fn, "location", name, ErrZone)
	}
	return name, nil
}

// sameZone reports whether a and b give the same offset at the start of
// January and of July of every year from 1900 to 2100: a zone loaded by
// name on a worker must be the one the pipeline was built with, not a
// time.FixedZone that happens to bear a zone's name ("CET").
func sameZone(a, b *time.Location) bool {
	for y := 1900; y <= 2100; y++ {
		for _, m := range []time.Month{time.January, time.July} {
			t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			_, oa := t.In(a).Zone()
			_, ob := t.In(b).Zone()
			if oa != ob {
				return false
			}
		}
	}
	return true
}

// keyer computes the Key of an event: it caches the last period, so that
// events in time order cost one comparison, and the strings of the periods
// it has seen, so that keys do not allocate.
type keyer struct {
	by     By
	period group.Period
	loc    *time.Location

	lo, hi time.Time // the last period: [lo, hi)
	last   Key       // its Period and Start
	names  map[int64]Key
}

func newKeyer(by By, p group.Period, zone string) (*keyer, error) {
	k := &keyer{by: by, period: p}
	if by.period() {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return nil, textErr("servqbeam.PerKey", "location", zone, ErrZone)
		}
		k.loc = loc
		k.names = make(map[int64]Key)
	}
	return k, nil
}

func (k *keyer) key(segment string, t time.Time) Key {
	var out Key
	if k.by.segment() {
		out.Segment = segment
	}
	if !k.by.period() {
		return out
	}
	if k.hi.IsZero() || t.Before(k.lo) || !t.Before(k.hi) {
		start, _ := k.period.Start(t, k.loc) // the period and loc were checked
		next, _ := k.period.Next(start)
		name, ok := k.names[start.Unix()]
		if !ok {
			if len(k.names) >= 1<<14 {
				clear(k.names)
			}
			label, _ := k.period.Label(start)
			name = Key{Period: label, Start: start.Format(time.RFC3339)}
			k.names[start.Unix()] = name
		}
		k.lo, k.hi, k.last = start, next, name
	}
	out.Period, out.Start = k.last.Period, k.last.Start
	return out
}

// appendKey appends the binary form of k: each field as a uvarint length
// and its bytes.
func appendKey(b []byte, k Key) []byte {
	b = appendString(b, k.Segment)
	b = appendString(b, k.Period)
	return appendString(b, k.Start)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// readString reads a string that appendString wrote; ok is false for
// bytes that are not one.
func readString(b []byte) (s string, rest []byte, ok bool) {
	n, k := uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", b, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}

// uvarint is binary.Uvarint for the canonical form only: a varint of more
// than one byte whose last byte is 0 (0x80 0x00 for 0) encodes a number
// that a shorter one encodes too, so it reports k = 0, as for bytes that
// are no varint, and one state has one encoding.
func uvarint(b []byte) (uint64, int) {
	v, k := binary.Uvarint(b)
	if k > 1 && b[k-1] == 0 {
		return 0, 0
	}
	return v, k
}

// varint is binary.Varint for the canonical form only (see uvarint).
func varint(b []byte) (int64, int) {
	v, k := binary.Varint(b)
	if k > 1 && b[k-1] == 0 {
		return 0, 0
	}
	return v, k
}

func encodeKey(k Key) []byte {
	return appendKey(make([]byte, 0, 8+len(k.Segment)+len(k.Period)+len(k.Start)), k)
}

// decodeKey decodes the form of appendKey. Anything else, trailing bytes
// included, returns an error wrapping ErrCorrupt.
func decodeKey(b []byte) (Key, error) {
	k, rest, err := readKey(b)
	if err != nil {
		return Key{}, err
	}
	if len(rest) != 0 {
		return Key{}, valueErr("servqbeam.Key", "trailing bytes", float64(len(rest)), ErrCorrupt)
	}
	return k, nil
}

func readKey(b []byte) (Key, []byte, error) {
	var f [3]string
	for i := range f {
		var ok bool
		if f[i], b, ok = readString(b); !ok {
			return Key{}, nil, valueErr("servqbeam.Key", "field", float64(i), ErrCorrupt)
		}
	}
	return Key{Segment: f[0], Period: f[1], Start: f[2]}, b, nil
}
