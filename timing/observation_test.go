package timing

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"pgregory.net/rapid"
)

// observation is what every observation type of this package has.
type observation interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
	AppendBinary([]byte) ([]byte, error)
}

// TestObservationEncodings pins each encoding to bytes computed by hand
// from the format of observation.go: a version byte 1; durations and ints
// as zigzag varints (0 -> 00, 1 -> 02, -1 -> 01, 64 -> 128 = 80 01,
// -65 -> 129 = 81 01, 2 -> 04, 3 -> 06); bools as 00/01; a string as its
// length and bytes; a time as zigzag Unix seconds and the nanoseconds.
func TestObservationEncodings(t *testing.T) {
	zeroSpan := []byte{0, 0, 0}
	metricsWant := slices.Concat(
		[]byte{1, 1, 'a', 0, 1},                          // version, ID "a", Priority "", Simple
		[]byte{2, 5},                                     // Created: 1 s (zigzag 2) and 5 ns
		zeroSpan,                                         // FirstResponse
		[]byte{1, 2, 0x81, 0x01, 1},                      // one next reply: 1 ns calendar, -65 ns business, OK
		zeroSpan, zeroSpan, zeroSpan, zeroSpan, zeroSpan, // FirstResolution .. OnHold
		[]byte{0x80, 0x01, 0, 1}, // Handling: 64 ns, 0, OK
		[]byte{2, 0, 1},          // Talk 1, Hold 0, WrapUp -1
		[]byte{2, 1, 1, 1},       // Replies 1, Reopens -1, Solved, FCR
	)
	cases := []struct {
		name string
		v    observation
		want []byte
	}{
		{"Contact", &Contact{Wait: 1, Abandoned: true}, []byte{1, 2, 1}},
		{"Contact negative", &Contact{Wait: -1}, []byte{1, 1, 0}},
		{"Span", &Span{Calendar: 64, Business: -65, OK: true}, []byte{1, 0x80, 0x01, 0x81, 0x01, 1}},
		{"TargetState", &TargetState{Target: Target{Metric: Resolution, Priority: "P1", Within: 2, Business: true}, State: Breached, Elapsed: 3, Left: -1},
			[]byte{1, 3, 2, 'P', '1', 4, 1, 4, 6, 1}},
		{"Metrics", &Metrics{ID: "a", Simple: true, Created: time.Unix(1, 5), NextReplies: []Span{{1, -65, true}},
			Handling: Span{Calendar: 64, OK: true}, Talk: 1, WrapUp: -1, Replies: 1, Reopens: -1, Solved: true, FCR: true}, metricsWant},
	}
	for _, c := range cases {
		got, err := c.v.MarshalBinary()
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: MarshalBinary = % x, %v; want % x", c.name, got, err, c.want)
		}
		prefix := []byte{0xee}
		app, err := c.v.AppendBinary(prefix)
		if err != nil || !bytes.Equal(app, append([]byte{0xee}, c.want...)) {
			t.Errorf("%s: AppendBinary = % x, %v", c.name, app, err)
		}
	}
	// Decoding: the time comes back in UTC, the same instant.
	var m Metrics
	if err := m.UnmarshalBinary(metricsWant); err != nil {
		t.Fatal(err)
	}
	if m.Created.Location() != time.UTC || !m.Created.Equal(time.Unix(1, 5)) || m.ID != "a" || len(m.NextReplies) != 1 ||
		m.NextReplies[0] != (Span{1, -65, true}) || m.Reopens != -1 || m.WrapUp != -1 || !m.FCR {
		t.Errorf("decoded %+v", m)
	}
}

// TestObservationDecodersStrict applies the corruptions of
// apitest.BadBinary to each decoder, and the format's own rules: a bool
// byte 2, nanoseconds 1e9, an enumeration above 255, a length past the
// data. Each must fail with ErrCorrupt and leave the receiver as it was.
func TestObservationDecodersStrict(t *testing.T) {
	corrupt := apitest.Wraps[*estimate.ValueError](ErrCorrupt)
	full := metricsFixture(t)[0]
	full.Priority, full.Simple, full.Talk, full.Reopens = "urgent", true, time.Minute, 1
	if len(full.NextReplies) == 0 {
		t.Fatal("fixture has no next replies")
	}
	ts := TargetState{Target: Target{Metric: NextReply, Priority: "high", Within: time.Hour, Business: true}, State: Paused, Elapsed: time.Minute, Left: 59 * time.Minute}
	check := func(name string, valid observation, fresh func() observation, extra []apitest.Bad) {
		t.Helper()
		b, _ := valid.MarshalBinary()
		dst := fresh()
		if err := dst.UnmarshalBinary(b); err != nil { // a non-empty state to keep
			t.Fatalf("%s: %v", name, err)
		}
		state := func() string { return fmt.Sprintf("%#v", dst) }
		apitest.CheckDecoder(t, name+".UnmarshalBinary", dst.UnmarshalBinary, state, corrupt, append(apitest.BadBinary(b), extra...))
	}
	huge := binary.AppendUvarint(nil, 1<<62)
	check("Contact", &Contact{Wait: 20 * time.Second, Abandoned: true}, func() observation { return new(Contact) }, []apitest.Bad{
		{Rule: "bool 2", Data: []byte{1, 2, 2}},
		{Rule: "bool 0xff", Data: []byte{1, 2, 0xff}},
		{Rule: "varint past 64 bits", Data: []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0}},
	})
	check("Span", &Span{time.Hour, time.Minute, true}, func() observation { return new(Span) }, []apitest.Bad{
		{Rule: "bool 2", Data: []byte{1, 0, 0, 2}},
	})
	check("TargetState", &ts, func() observation { return new(TargetState) }, []apitest.Bad{
		{Rule: "metric 256", Data: slices.Concat([]byte{1, 0x80, 0x02, 0}, []byte{0, 0, 1, 0, 0})},
		{Rule: "state 300", Data: slices.Concat([]byte{1, 1, 0, 0, 0, 0xac, 0x02, 0, 0})},
		{Rule: "priority past the data", Data: slices.Concat([]byte{1, 1}, huge, []byte{0, 0, 1, 0, 0})},
		{Rule: "bool 2", Data: []byte{1, 1, 0, 0, 2, 1, 0, 0}},
	})
	check("Metrics", &full, func() observation { return new(Metrics) }, []apitest.Bad{
		{Rule: "id past the data", Data: slices.Concat([]byte{1}, huge, []byte("abc"))},
		{Rule: "nanoseconds 1e9", Data: slices.Concat([]byte{1, 0, 0, 0, 0}, binary.AppendUvarint(nil, 1e9), make([]byte, 3+1+7*3+5), []byte{0, 0})},
		{Rule: "next replies past the data", Data: slices.Concat([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0}, huge, make([]byte, 40))},
		{Rule: "next replies one short", Data: slices.Concat([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 3}, make([]byte, 3*2+6*3+5+2))},
	})
}

// TestObservationDecodeNoHugeAllocation: a length prefix of 2^62 is
// checked against the bytes left before anything is allocated.
func TestObservationDecodeNoHugeAllocation(t *testing.T) {
	b := slices.Concat([]byte{1}, binary.AppendUvarint(nil, 1<<62), []byte("xyz"))
	n := slices.Concat([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0}, binary.AppendUvarint(nil, 1<<62), make([]byte, 64))
	var m Metrics
	allocs := testing.AllocsPerRun(20, func() {
		if m.UnmarshalBinary(b) == nil || m.UnmarshalBinary(n) == nil {
			t.Fatal("accepted a length past the data")
		}
	})
	// The error values themselves allocate a few small objects; a slice
	// of 2^62 spans would not return at all.
	if allocs > 20 {
		t.Errorf("%v allocations decoding a hostile length", allocs)
	}
}

// TestObservationAppendNoAlloc: AppendBinary into a buffer with room
// allocates nothing.
func TestObservationAppendNoAlloc(t *testing.T) {
	m := metricsFixture(t)[0]
	vs := []observation{&Contact{Wait: time.Second}, &Span{time.Hour, time.Minute, true}, &m,
		&TargetState{Target: Target{Metric: FirstReply, Priority: "P1", Within: time.Hour}, State: Achieved}}
	buf := make([]byte, 0, 4096)
	for _, v := range vs {
		if a := testing.AllocsPerRun(50, func() { _, _ = v.AppendBinary(buf[:0]) }); a != 0 {
			t.Errorf("%T.AppendBinary: %v allocations", v, a)
		}
	}
}

func drawSpan(t *rapid.T, label string) Span {
	return Span{Calendar: time.Duration(rapid.Int64().Draw(t, label+" calendar")),
		Business: time.Duration(rapid.Int64().Draw(t, label+" business")), OK: rapid.Bool().Draw(t, label+" ok")}
}

func drawMetrics(t *rapid.T) Metrics {
	m := Metrics{ID: rapid.String().Draw(t, "id"), Priority: rapid.StringN(0, 3, -1).Draw(t, "priority"),
		Simple:        rapid.Bool().Draw(t, "simple"),
		Created:       time.Unix(rapid.Int64().Draw(t, "sec"), rapid.Int64Range(0, 999_999_999).Draw(t, "ns")),
		FirstResponse: drawSpan(t, "first response"), FirstResolution: drawSpan(t, "first resolution"),
		FullResolution: drawSpan(t, "full resolution"), RequesterWait: drawSpan(t, "requester wait"),
		AgentWait: drawSpan(t, "agent wait"), OnHold: drawSpan(t, "on hold"), Handling: drawSpan(t, "handling"),
		Talk: time.Duration(rapid.Int64().Draw(t, "talk")), Hold: time.Duration(rapid.Int64().Draw(t, "hold")),
		WrapUp: time.Duration(rapid.Int64().Draw(t, "wrap")), Replies: rapid.Int().Draw(t, "replies"),
		Reopens: rapid.Int().Draw(t, "reopens"), Solved: rapid.Bool().Draw(t, "solved"), FCR: rapid.Bool().Draw(t, "fcr")}
	if rapid.Bool().Draw(t, "in a zone") { // the zone does not travel; the instant does
		m.Created = m.Created.In(time.FixedZone("X", 3600))
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "next replies") {
		m.NextReplies = append(m.NextReplies, drawSpan(t, fmt.Sprint("next ", i)))
	}
	return m
}

// TestObservationRoundTrip: every observation decodes to what was
// encoded (Created compared with Equal: the zone does not travel), and
// re-encodes to the same bytes.
func TestObservationRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := Contact{Wait: time.Duration(rapid.Int64().Draw(t, "wait")), Abandoned: rapid.Bool().Draw(t, "abandoned")}
		s := drawSpan(t, "span")
		ts := TargetState{Target: Target{Metric: SLAMetric(rapid.Uint8().Draw(t, "metric")), Priority: rapid.String().Draw(t, "priority"),
			Within: time.Duration(rapid.Int64().Draw(t, "within")), Business: rapid.Bool().Draw(t, "business")},
			State: State(rapid.Uint8().Draw(t, "state")), Elapsed: time.Duration(rapid.Int64().Draw(t, "elapsed")),
			Left: time.Duration(rapid.Int64().Draw(t, "left"))}
		m := drawMetrics(t)

		var c2 Contact
		var s2 Span
		var ts2 TargetState
		var m2 Metrics
		for _, p := range []struct {
			in  observation
			out observation
		}{{&c, &c2}, {&s, &s2}, {&ts, &ts2}, {&m, &m2}} {
			b, err := p.in.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if err := p.out.UnmarshalBinary(b); err != nil {
				t.Fatalf("%T: %v", p.in, err)
			}
			again, _ := p.out.MarshalBinary()
			if !bytes.Equal(b, again) {
				t.Fatalf("%T: % x re-encodes as % x", p.in, b, again)
			}
		}
		if c2 != c || s2 != s || ts2 != ts {
			t.Fatalf("decoded %+v %+v %+v, want %+v %+v %+v", c2, s2, ts2, c, s, ts)
		}
		if !m2.Created.Equal(m.Created) || m2.Created.Location() != time.UTC {
			t.Fatalf("Created %v, want %v in UTC", m2.Created, m.Created)
		}
		if len(m.NextReplies) > 0 && &m2.NextReplies[0] == &m.NextReplies[0] {
			t.Fatal("NextReplies shares the encoded value's array")
		}
		m2.Created, m.Created = time.Time{}, time.Time{}
		if !slices.Equal(m2.NextReplies, m.NextReplies) {
			t.Fatalf("NextReplies %v, want %v", m2.NextReplies, m.NextReplies)
		}
		m2.NextReplies, m.NextReplies = nil, nil
		if !reflect.DeepEqual(m2, m) {
			t.Fatalf("decoded %+v, want %+v", m2, m)
		}
	})
}

// TestObservationsTravel: observations encoded in one process and
// decoded in another accumulate to the same state as the originals.
func TestObservationsTravel(t *testing.T) {
	ms := metricsFixture(t)
	var here, there Tally
	for _, m := range ms {
		b, _ := m.MarshalBinary()
		var d Metrics
		if err := errors.Join(d.UnmarshalBinary(b), here.Add(m), there.Add(d)); err != nil {
			t.Fatal(err)
		}
	}
	hb, _ := here.MarshalBinary()
	tb, _ := there.MarshalBinary()
	if !bytes.Equal(hb, tb) || here.N() != 3 {
		t.Errorf("tally of decoded metrics differs")
	}
	slHere, slThere := ServiceLevel{Target: 20 * time.Second}, ServiceLevel{Target: 20 * time.Second}
	for _, c := range []Contact{{Wait: 5 * time.Second}, {Wait: 25 * time.Second}, {Wait: time.Second, Abandoned: true}} {
		b, _ := c.MarshalBinary()
		var d Contact
		if err := errors.Join(d.UnmarshalBinary(b), slHere.Add(c), slThere.Add(d)); err != nil {
			t.Fatal(err)
		}
	}
	if slHere != slThere || slThere.within != 1 || slThere.N() != 3 {
		t.Errorf("service levels %+v, %+v", slHere, slThere)
	}
	var cHere, cThere Compliance
	for _, s := range []TargetState{{Target: Target{Metric: FirstReply}, State: Achieved}, {Target: Target{Metric: Resolution}, State: Breached}} {
		b, _ := s.MarshalBinary()
		var d TargetState
		if err := errors.Join(d.UnmarshalBinary(b), cHere.Add(s), cThere.Add(d)); err != nil {
			t.Fatal(err)
		}
	}
	if cHere != cThere || cThere.N() != 2 {
		t.Errorf("compliance %+v, %+v", cHere, cThere)
	}
	// A value that decodes may still be one Add rejects: decoding checks
	// the representation, Add the range.
	var neg Contact
	b, _ := Contact{Wait: -time.Second}.MarshalBinary()
	if err := neg.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if err := slHere.Add(neg); !errors.Is(err, ErrNegative) {
		t.Errorf("Add of a decoded negative wait: %v", err)
	}
}

// fuzzObservation checks a decoder on arbitrary bytes: never a panic, an
// error is a ValueError wrapping ErrCorrupt that left v unchanged, and
// what decodes re-encodes to the same bytes.
func fuzzObservation(t *testing.T, v observation, b []byte) {
	before := fmt.Sprintf("%#v", v)
	if err := v.UnmarshalBinary(b); err != nil {
		if !apitest.Wraps[*estimate.ValueError](ErrCorrupt)(err) {
			t.Fatalf("%T.UnmarshalBinary(% x): %v", v, b, err)
		}
		if after := fmt.Sprintf("%#v", v); after != before {
			t.Fatalf("%T: state changed on error: %s -> %s", v, before, after)
		}
		return
	}
	again, err := v.MarshalBinary()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("%T: % x decodes but re-encodes as % x (%v)", v, b, again, err)
	}
}

func FuzzDecodeContact(f *testing.F) {
	for _, c := range []Contact{{}, {Wait: 20 * time.Second, Abandoned: true}, {Wait: math.MinInt64}} {
		b, _ := c.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 2, 2})
	f.Fuzz(func(t *testing.T, b []byte) { fuzzObservation(t, new(Contact), b) })
}

func FuzzDecodeSpan(f *testing.F) {
	for _, s := range []Span{{}, {time.Hour, time.Minute, true}, {math.MaxInt64, math.MinInt64, false}} {
		b, _ := s.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzObservation(t, new(Span), b) })
}

func FuzzDecodeMetrics(f *testing.F) {
	for _, m := range append(metricsFixture(f), Metrics{}) {
		b, _ := m.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzObservation(t, new(Metrics), b) })
}

func FuzzDecodeTargetState(f *testing.F) {
	for _, s := range []TargetState{{}, {Target: Target{Metric: NextReply, Priority: "P1", Within: time.Hour, Business: true}, State: Breached, Elapsed: 2 * time.Hour, Left: -time.Hour}} {
		b, _ := s.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzObservation(t, new(TargetState), b) })
}
