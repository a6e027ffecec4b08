package servqbeam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"pgregory.net/rapid"
)

// contact is an observation with the shape of the structs that the metric
// packages give their Add (timing.Contact, servqual.Response): it encodes
// itself in the servq way, a version byte (1) and its fields in a fixed
// order, the wait as a varint, answered as a byte 0 or 1, the score as 8
// little-endian bytes of its bits and the queue as a uvarint length and
// its bytes, with a strict decoder.
type contact struct {
	Wait     time.Duration
	Answered bool
	Score    float64
	Queue    string
}

const contactVersion = 1

func (c contact) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, contactVersion)
	b = binary.AppendVarint(b, int64(c.Wait))
	if c.Answered {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.Score))
	return appendString(b, c.Queue), nil
}

func (c contact) MarshalBinary() ([]byte, error) { return c.AppendBinary(nil) }

func (c *contact) UnmarshalBinary(b []byte) error {
	bad := func(what string) error {
		return textErr("servqbeam.contact.UnmarshalBinary", "bytes", what, ErrCorrupt)
	}
	if len(b) == 0 || b[0] != contactVersion {
		return bad("version")
	}
	w, k := varint(b[1:])
	if k <= 0 {
		return bad("wait")
	}
	b = b[1+k:]
	if len(b) < 9 || b[0] > 1 {
		return bad("answered or score")
	}
	answered, score := b[0] == 1, math.Float64frombits(binary.LittleEndian.Uint64(b[1:9]))
	q, rest, ok := readString(b[9:])
	if !ok || len(rest) != 0 {
		return bad("queue")
	}
	*c = contact{Wait: time.Duration(w), Answered: answered, Score: score, Queue: q}
	return nil
}

var errTestNegative = errors.New("negative wait")

// weight is what a probe counts: the wait, which must not be negative.
func (c contact) weight() (int64, error) {
	if c.Wait < 0 {
		return 0, errTestNegative
	}
	return int64(c.Wait), nil
}

// A probe is a minimal accumulator of observations that encode
// themselves, contact or *contact: their count and the sum of their
// waits. It has no Result, so it is registered with RegisterCombiner; a
// negative wait and a nil *contact are rejected. Its encoding is a version
// byte (1), the count as a uvarint and the sum as a varint.
type probe[In any] struct{ n, sum int64 }

func (p *probe[In]) Add(x In) error {
	if c, ok := any(x).(*contact); ok && c == nil {
		return errors.New("nil contact")
	}
	w, ok := any(x).(interface{ weight() (int64, error) })
	if !ok {
		return fmt.Errorf("%T has no weight", x)
	}
	v, err := w.weight()
	if err != nil {
		return err
	}
	p.n++
	p.sum += v
	return nil
}

func (p *probe[In]) Merge(o *probe[In]) error {
	if o != nil {
		p.n += o.n
		p.sum += o.sum
	}
	return nil
}

func (p *probe[In]) N() int64 { return p.n }

func (p probe[In]) MarshalBinary() ([]byte, error) {
	return binary.AppendVarint(binary.AppendUvarint([]byte{1}, uint64(p.n)), p.sum), nil
}

func (p *probe[In]) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != 1 {
		return textErr("probe", "bytes", "version", ErrCorrupt)
	}
	n, k := uvarint(b[1:])
	if k <= 0 || n > math.MaxInt64 {
		return textErr("probe", "bytes", "n", ErrCorrupt)
	}
	s, j := varint(b[1+k:])
	if j <= 0 || 1+k+j != len(b) {
		return textErr("probe", "bytes", "sum", ErrCorrupt)
	}
	p.n, p.sum = int64(n), s
	return nil
}

// Types that Register refuses: a struct that does not encode, one that
// appends but does not decode, a string, and an interface.
type (
	plain      struct{ X int }
	appendOnly struct{ X int }
)

func (appendOnly) AppendBinary(b []byte) ([]byte, error) { return b, nil }

func init() {
	RegisterCombiner[probe[contact], contact]()
	RegisterCombiner[probe[*contact], *contact]()
}

// drawEvent draws an event whose value comes from value.
func drawEvent[In any](t *rapid.T, value *rapid.Generator[In]) Event[In] {
	return Event[In]{
		Segment: rapid.String().Draw(t, "segment"),
		Time:    time.Unix(rapid.Int64Range(-1e11, 1e11).Draw(t, "sec"), rapid.Int64Range(0, 1e9-1).Draw(t, "ns")),
		Value:   value.Draw(t, "value"),
	}
}

var contacts = rapid.Custom(func(t *rapid.T) contact {
	return contact{
		Wait:     time.Duration(rapid.Int64().Draw(t, "wait")),
		Answered: rapid.Bool().Draw(t, "answered"),
		Score:    rapid.Float64().Draw(t, "score"),
		Queue:    rapid.String().Draw(t, "queue"),
	}
})

// roundTrip checks that e decodes from its encoding to itself (the time
// compared with Equal, and in UTC), and that the value on its own does too.
func roundTrip[In any](t *rapid.T, e Event[In], same func(a, b In) bool) {
	c, err := codecFor[In]()
	if err != nil {
		t.Fatal(err)
	}
	enc, dec := eventCoder(c)
	b, err := enc(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dec(b)
	if err != nil {
		t.Fatalf("%+v: %x: %v", e, b, err)
	}
	if got.Segment != e.Segment || !got.Time.Equal(e.Time) || got.Time.Location() != time.UTC || !same(got.Value, e.Value) {
		t.Fatalf("%+v decodes to %+v", e, got)
	}
	venc, vdec := inputCoder(c)
	vb, err := venc(e.Value)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := vdec(vb); err != nil || !same(v, e.Value) {
		t.Fatalf("value %+v decodes to %+v, %v", e.Value, v, err)
	}
}

func eq[V comparable](a, b V) bool { return a == b }

// sameBits compares floats by their bits, so that NaN equals itself.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func sameContact(a, b contact) bool {
	return a.Wait == b.Wait && a.Answered == b.Answered && sameBits(a.Score, b.Score) && a.Queue == b.Queue
}

// Every event decodes from its encoding to itself, for each kind of value
// an Event carries: the basic types, a struct that encodes itself, and a
// pointer to one (nil included).
func TestPropertyEventRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, drawEvent(t, rapid.Int()), eq[int])
		roundTrip(t, drawEvent(t, rapid.Int64()), eq[int64])
		roundTrip(t, drawEvent(t, rapid.Float64()), sameBits)
		roundTrip(t, drawEvent(t, rapid.Bool()), eq[bool])
		roundTrip(t, drawEvent(t, rapid.Custom(func(t *rapid.T) time.Duration { return time.Duration(rapid.Int64().Draw(t, "d")) })), eq[time.Duration])
		roundTrip(t, drawEvent(t, contacts), sameContact)
		ptr := rapid.Custom(func(t *rapid.T) *contact {
			if rapid.IntRange(0, 4).Draw(t, "nil") == 0 {
				return nil
			}
			c := contacts.Draw(t, "contact")
			return &c
		})
		roundTrip(t, drawEvent(t, ptr), func(a, b *contact) bool {
			return (a == nil && b == nil) || (a != nil && b != nil && sameContact(*a, *b))
		})
	})
}

// TestEventStrict applies apitest.BadBinary (every other version byte,
// each truncation, a trailing byte, and a non-minimal varint at each
// byte) to the encoding of events of each kind of value: the decoder
// rejects each, with a ValueError wrapping ErrCorrupt. The segment comes
// just before the value, so that a corrupted byte of its content moves the
// value's encoding by one byte, which the value's decoder rejects.
func TestEventStrict(t *testing.T) {
	at := time.Date(2026, 3, 9, 0, 0, 0, 1, madrid)
	checkStrict(t, Event[int]{Segment: "chat", Time: at, Value: -7})
	checkStrict(t, Event[int]{Time: time.Unix(0, 0)})
	checkStrict(t, Event[float64]{Segment: "web", Time: time.Unix(-1, 5), Value: math.Inf(-1)})
	checkStrict(t, Event[bool]{Segment: "web", Time: at, Value: true})
	checkStrict(t, Event[time.Duration]{Segment: "phone", Time: at, Value: -time.Hour})
	c := contact{Wait: 42 * time.Second, Answered: true, Score: 4.5, Queue: "billing"}
	checkStrict(t, Event[contact]{Segment: "phone", Time: at, Value: c})
	checkStrict(t, Event[*contact]{Segment: "phone", Time: at, Value: &c})
	checkStrict(t, Event[*contact]{Segment: "phone", Time: at})
}

func checkStrict[In any](t *testing.T, e Event[In]) {
	t.Helper()
	c, err := codecFor[In]()
	if err != nil {
		t.Fatal(err)
	}
	enc, dec := eventCoder(c)
	valid, err := enc(e)
	if err != nil {
		t.Fatal(err)
	}
	got := Event[In]{Segment: "before"}
	state := func() string { return fmt.Sprintf("%+v", got) }
	decode := func(b []byte) error {
		e, err := dec(b)
		if err == nil {
			got = e
		}
		return err
	}
	apitest.CheckDecoder(t, fmt.Sprintf("Event[%v]", reflect.TypeFor[In]()), decode, state,
		apitest.Wraps[*estimate.ValueError](ErrCorrupt), apitest.BadBinary(valid))
	if err := decode(valid); err != nil {
		t.Errorf("%x: %v", valid, err)
	}
}

// TestRegisterRefuses: an input type that Event cannot encode panics
// RegisterCombiner (and Register, which calls it) with a message that says
// what the type needs, before anything is registered.
func TestRegisterRefuses(t *testing.T) {
	refused := []func(){
		RegisterCombiner[probe[string], string],
		RegisterCombiner[probe[plain], plain],
		RegisterCombiner[probe[*plain], *plain],
		RegisterCombiner[probe[appendOnly], appendOnly],
		RegisterCombiner[probe[error], error],
		RegisterCombiner[probe[uint], uint],
	}
	for i, register := range refused {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			register()
			return ""
		}()
		if !strings.HasPrefix(msg, "servqbeam.RegisterCombiner: input type") ||
			!strings.Contains(msg, "AppendBinary(b []byte) ([]byte, error)") || !strings.Contains(msg, "UnmarshalBinary([]byte) error") {
			t.Errorf("%d: panic %q, want one that says what the input type needs", i, msg)
		}
	}
	regMu.Lock()
	defer regMu.Unlock()
	for _, typ := range []reflect.Type{reflect.TypeFor[Event[string]](), reflect.TypeFor[Event[plain]](), reflect.TypeFor[CombineFn[probe[plain], plain, *probe[plain]]]()} {
		if registered[typ] {
			t.Errorf("%v registered", typ)
		}
	}
}

// FuzzDecodeEvent: any bytes decode, as an event of each kind of value, to
// one that encodes back to the same bytes (one event, one encoding), or
// fail with a ValueError wrapping ErrCorrupt; never a panic.
func FuzzDecodeEvent(f *testing.F) {
	at := time.Unix(1773000000, 5)
	c := contact{Wait: 3 * time.Second, Answered: true, Score: 9, Queue: "q"}
	for _, b := range [][]byte{
		must(eventCoder(mustCodec[int]()))(Event[int]{Segment: "web", Time: at, Value: 9}),
		must(eventCoder(mustCodec[bool]()))(Event[bool]{Segment: "web", Time: at, Value: true}),
		must(eventCoder(mustCodec[float64]()))(Event[float64]{Segment: "web", Time: at, Value: 2.5}),
		must(eventCoder(mustCodec[contact]()))(Event[contact]{Segment: "web", Time: at, Value: c}),
		must(eventCoder(mustCodec[*contact]()))(Event[*contact]{Segment: "web", Time: at, Value: &c}),
		must(eventCoder(mustCodec[*contact]()))(Event[*contact]{Segment: "web", Time: at}),
		{1, 0, 0, 0, 0},
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzEvent[int](t, b)
		fuzzEvent[int64](t, b)
		fuzzEvent[float64](t, b)
		fuzzEvent[bool](t, b)
		fuzzEvent[time.Duration](t, b)
		fuzzEvent[contact](t, b)
		fuzzEvent[*contact](t, b)
	})
}

func fuzzEvent[In any](t *testing.T, b []byte) {
	enc, dec := eventCoder(mustCodec[In]())
	e, err := dec(b)
	if err != nil {
		if !apitest.Wraps[*estimate.ValueError](ErrCorrupt)(err) {
			t.Fatalf("%T: %v", e, err)
		}
		return
	}
	again, err := enc(e)
	if err != nil || string(again) != string(b) {
		t.Fatalf("%x decodes to %+v, which encodes to %x, %v", b, e, again, err)
	}
}

func mustCodec[In any]() valueCodec[In] {
	c, err := codecFor[In]()
	if err != nil {
		panic(err)
	}
	return c
}

// must turns an encoder into one for seeds, panicking on an error.
func must[V any](enc func(V) ([]byte, error), _ func([]byte) (V, error)) func(V) []byte {
	return func(v V) []byte {
		b, err := enc(v)
		if err != nil {
			panic(err)
		}
		return b
	}
}

// BenchmarkEventCoder is the cost of encoding and decoding one event, by
// kind of value: the struct and pointer paths call the value's methods
// directly, with no reflection on the value.
func BenchmarkEventCoder(b *testing.B) {
	at := time.Unix(1773000000, 5)
	c := contact{Wait: 3 * time.Second, Answered: true, Score: 9, Queue: "billing"}
	b.Run("int", func(b *testing.B) { benchEvent(b, Event[int]{Segment: "web", Time: at, Value: 9}) })
	b.Run("contact", func(b *testing.B) { benchEvent(b, Event[contact]{Segment: "web", Time: at, Value: c}) })
	b.Run("*contact", func(b *testing.B) { benchEvent(b, Event[*contact]{Segment: "web", Time: at, Value: &c}) })
}

func benchEvent[In any](b *testing.B, e Event[In]) {
	enc, dec := eventCoder(mustCodec[In]())
	b.ReportAllocs()
	for b.Loop() {
		buf, err := enc(e)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dec(buf); err != nil {
			b.Fatal(err)
		}
	}
}
