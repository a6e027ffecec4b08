package wire

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"pgregory.net/rapid"
)

// record is every primitive once, in the order append and read use.
type record struct {
	U     uint64
	V     int64
	I     int
	C     int64
	B     bool
	F     float64
	S     string
	P     []byte
	T     time.Time
	Small byte
}

func (x record) append(b []byte) []byte {
	b = append(b, 1) // version
	b = AppendUvarint(b, x.U)
	b = AppendVarint(b, x.V)
	b = AppendVarint(b, int64(x.I))
	b = AppendUvarint(b, uint64(x.C))
	b = AppendBool(b, x.B)
	b = AppendFloat64(b, x.F)
	b = AppendString(b, x.S)
	b = AppendBytes(b, x.P)
	b = AppendTime(b, x.T)
	return append(b, x.Small)
}

func readRecord(b []byte) (record, error) {
	var r Reader
	r.Reset("wire.readRecord", b)
	r.Version(1)
	x := record{U: r.Uvarint(), V: r.Varint(), I: r.Int(), C: r.Count(), B: r.Bool(), F: r.Float64(),
		S: r.Text(), P: r.Bytes(), T: r.Time()}
	x.Small = r.Byte()
	return x, r.End()
}

func TestHandBytes(t *testing.T) {
	// Each expected encoding is written from the definitions: a uvarint
	// has 7 bits a byte, low group first, the high bit set on every byte
	// but the last; zig-zag maps 0,-1,1,-2 to 0,1,2,3; a float64 is its
	// IEEE 754 bits, little-endian (1.5 = 0x3FF8000000000000).
	cases := []struct {
		name string
		got  []byte
		want string
	}{
		{"uvarint 0", AppendUvarint(nil, 0), "\x00"},
		{"uvarint 127", AppendUvarint(nil, 127), "\x7f"},
		{"uvarint 128", AppendUvarint(nil, 128), "\x80\x01"},
		{"uvarint 300", AppendUvarint(nil, 300), "\xac\x02"}, // 300 = 0b10_0101100
		{"uvarint max", AppendUvarint(nil, math.MaxUint64), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"},
		{"varint 0", AppendVarint(nil, 0), "\x00"},
		{"varint -1", AppendVarint(nil, -1), "\x01"},
		{"varint 1", AppendVarint(nil, 1), "\x02"},
		{"varint -64", AppendVarint(nil, -64), "\x7f"},
		{"varint 64", AppendVarint(nil, 64), "\x80\x01"},
		{"bool false", AppendBool(nil, false), "\x00"},
		{"bool true", AppendBool(nil, true), "\x01"},
		{"float 1.5", AppendFloat64(nil, 1.5), "\x00\x00\x00\x00\x00\x00\xf8\x3f"},
		{"float -0", AppendFloat64(nil, math.Copysign(0, -1)), "\x00\x00\x00\x00\x00\x00\x00\x80"},
		{"string", AppendString(nil, "ab"), "\x02ab"},
		{"empty string", AppendString(nil, ""), "\x00"},
		{"bytes", AppendBytes(nil, []byte{9}), "\x01\x09"},
		// 1970-01-01T00:00:01.000000002Z: seconds 1 -> zig-zag 2, nanos 2.
		{"time", AppendTime(nil, time.Unix(1, 2)), "\x02\x02"},
		// One second before the epoch: seconds -1 -> zig-zag 1, nanos 0.
		{"time before 1970", AppendTime(nil, time.Unix(-1, 0)), "\x01\x00"},
		// 500 ns after the epoch, in another zone: seconds 0, nanos 500 =
		// 0b11_1110100 -> f4 03; the zone does not travel.
		{"time zone", AppendTime(nil, time.Unix(0, 500).In(time.FixedZone("x", 3600))), "\x00\xf4\x03"},
	}
	for _, c := range cases {
		if string(c.got) != c.want {
			t.Errorf("%s: % x, want % x", c.name, c.got, c.want)
		}
	}
	// Appending keeps what b held.
	if got := AppendBool([]byte("x"), true); string(got) != "x\x01" {
		t.Errorf("AppendBool kept % x", got)
	}
}

func TestReadHandBytes(t *testing.T) {
	var r Reader
	r.Reset("wire.TestReadHandBytes", []byte("\x01\xac\x02\x03\x01\x00\x00\x00\x00\x00\x00\xf8\x3f\x02ab\x02\x02\x07"))
	r.Version(1)
	if u := r.Uvarint(); u != 300 {
		t.Errorf("Uvarint %d, want 300", u)
	}
	if v := r.Varint(); v != -2 {
		t.Errorf("Varint %d, want -2", v)
	}
	if b := r.Bool(); !b {
		t.Error("Bool false, want true")
	}
	if f := r.Float64(); f != 1.5 {
		t.Errorf("Float64 %v, want 1.5", f)
	}
	if s := r.Text(); s != "ab" {
		t.Errorf("Text %q, want ab", s)
	}
	if tm := r.Time(); !tm.Equal(time.Unix(1, 2)) || tm.Location() != time.UTC {
		t.Errorf("Time %v, want 1970-01-01T00:00:01.000000002Z", tm)
	}
	if r.Len() != 1 {
		t.Errorf("Len %d, want 1", r.Len())
	}
	if c := r.Byte(); c != 7 {
		t.Errorf("Byte %d, want 7", c)
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
}

// TestRejects feeds each primitive a representation it must refuse and
// checks the error: a ValueError naming the function, Name "length",
// Value the input's length, wrapping ErrCorrupt, with the reason.
func TestRejects(t *testing.T) {
	cases := []struct {
		name string
		in   string
		read func(*Reader)
		why  string
	}{
		{"empty version", "", func(r *Reader) { r.Version(1) }, "truncated"},
		{"other version", "\x02", func(r *Reader) { r.Version(1) }, "version 2, want 1"},
		{"truncated varint", "\x80", func(r *Reader) { r.Uvarint() }, "truncated varint"},
		{"empty varint", "", func(r *Reader) { r.Varint() }, "truncated varint"},
		{"overlong varint", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", func(r *Reader) { r.Uvarint() }, "overflows"},
		{"non-minimal 0", "\x80\x00", func(r *Reader) { r.Uvarint() }, "non-minimal varint"},
		{"non-minimal 1", "\x81\x80\x00", func(r *Reader) { r.Varint() }, "non-minimal varint"},
		{"count above MaxInt64", "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", func(r *Reader) { r.Count() }, "above MaxInt64"},
		{"bool 2", "\x02", func(r *Reader) { r.Bool() }, "bool byte 2 not 0 or 1"},
		{"bool empty", "", func(r *Reader) { r.Bool() }, "truncated"},
		{"byte empty", "", func(r *Reader) { r.Byte() }, "truncated"},
		{"float 7 bytes", "1234567", func(r *Reader) { r.Float64() }, "truncated float64"},
		{"string past data", "\x03ab", func(r *Reader) { r.Text() }, "length 3 past the 2 bytes left"},
		{"huge string", "\xff\xff\xff\xff\xff\xff\xff\xff\x7f", func(r *Reader) { r.Text() }, "past the 0 bytes left"},
		{"list past data", "\x02abc", func(r *Reader) { r.Length(2) }, "length 2 past the 3 bytes left"},
		{"take past data", "ab", func(r *Reader) { r.Take(3) }, "3 bytes past the 2 bytes left"},
		{"take negative", "ab", func(r *Reader) { r.Take(-1) }, "-1 bytes past"},
		{"nanoseconds", "\x00\x80\x94\xeb\xdc\x03", func(r *Reader) { r.Time() }, "nanoseconds 1000000000 >= 1e9"},
		{"trailing", "\x00\x00", func(r *Reader) { r.Byte() }, "1 trailing bytes"},
		{"custom", "", func(r *Reader) { r.Fail("custom reason") }, "custom reason"},
	}
	for _, c := range cases {
		var r Reader
		r.Reset("wire.TestRejects", []byte(c.in))
		c.read(&r)
		err := r.End()
		var ve *estimate.ValueError
		if !errors.As(err, &ve) || !errors.Is(err, estimate.ErrCorrupt) {
			t.Errorf("%s: error %v, want a ValueError wrapping ErrCorrupt", c.name, err)
			continue
		}
		if ve.Func != "wire.TestRejects" || ve.Name != "length" || ve.Value != float64(len(c.in)) || ve.Index != -1 {
			t.Errorf("%s: %+v", c.name, ve)
		}
		if !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: %q does not say %q", c.name, err, c.why)
		}
	}
}

// TestFirstErrorSticks: after a failure every read returns zero and the
// first reason is kept.
func TestFirstErrorSticks(t *testing.T) {
	var r Reader
	r.Reset("f", []byte("\x02\x05\x01abc"))
	if r.Bool(); r.Err() == nil {
		t.Fatal("bool byte 2 accepted")
	}
	if r.Uvarint() != 0 || r.Varint() != 0 || r.Byte() != 0 || r.Bool() || r.Float64() != 0 || r.Text() != "" ||
		r.Bytes() != nil || r.Take(1) != nil || !r.Time().IsZero() || r.Int() != 0 || r.Count() != 0 || r.Length(1) != 0 {
		t.Error("a read after a failure returned a value")
	}
	r.Fail("later")
	if !r.Failed() || r.Len() != 0 {
		t.Errorf("Failed %v, Len %d after a failure", r.Failed(), r.Len())
	}
	err := r.End()
	if !strings.Contains(err.Error(), "bool byte 2") || strings.Contains(err.Error(), "later") {
		t.Errorf("error %v, want the first one", err)
	}
	if r.Err() != err {
		t.Errorf("Err %v is not the error End returned", r.Err())
	}
	var ok Reader
	ok.Reset("f", []byte{0})
	if ok.Bool(); ok.Failed() || ok.Err() != nil || ok.End() != nil {
		t.Errorf("a good read failed: %v", ok.Err())
	}
	// Reset forgets the failure and starts on the new bytes.
	r.Reset("g", []byte{1})
	if !r.Bool() || r.End() != nil {
		t.Errorf("after Reset: %v", r.Err())
	}
}

func TestBadBinary(t *testing.T) {
	valid := record{U: 5, V: -3, I: 7, C: 9, B: true, F: 2, S: "id", P: []byte{1}, T: time.Unix(100, 5), Small: 3}.append(nil)
	var got record
	decode := func(b []byte) error {
		x, err := readRecord(b)
		if err == nil {
			got = x
		}
		return err
	}
	state := func() string { return string(got.append(nil)) }
	apitest.CheckDecoder(t, "readRecord", decode, state, apitest.Wraps[*estimate.ValueError](estimate.ErrCorrupt), apitest.BadBinary(valid))
}

func drawRecord(t *rapid.T) record {
	return record{
		U: rapid.Uint64().Draw(t, "u"), V: rapid.Int64().Draw(t, "v"), I: rapid.Int().Draw(t, "i"),
		C: rapid.Int64Min(0).Draw(t, "c"), B: rapid.Bool().Draw(t, "b"), F: rapid.Float64().Draw(t, "f"),
		S: rapid.String().Draw(t, "s"), P: rapid.SliceOf(rapid.Byte()).Draw(t, "p"),
		T:     time.Unix(rapid.Int64Range(-1<<40, 1<<40).Draw(t, "sec"), rapid.Int64Range(0, 1e9-1).Draw(t, "ns")),
		Small: rapid.Byte().Draw(t, "small"),
	}
}

func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := drawRecord(t)
		b := x.append(nil)
		y, err := readRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		if y.U != x.U || y.V != x.V || y.I != x.I || y.C != x.C || y.B != x.B ||
			math.Float64bits(y.F) != math.Float64bits(x.F) || y.S != x.S || string(y.P) != string(x.P) ||
			!y.T.Equal(x.T) || y.T.Location() != time.UTC || y.Small != x.Small {
			t.Fatalf("%+v decoded as %+v", x, y)
		}
		// A prefix of the encoding never decodes.
		if n := rapid.IntRange(0, len(b)-1).Draw(t, "cut"); true {
			if _, err := readRecord(b[:n]); err == nil {
				t.Fatalf("prefix of %d bytes decoded", n)
			}
		}
	})
}

func FuzzRead(f *testing.F) {
	f.Add(record{}.append(nil))
	f.Add(record{U: 300, V: -1, I: 1 << 40, C: 7, B: true, F: math.NaN(), S: "é", P: []byte{0}, T: time.Unix(-5, 999999999), Small: 255}.append(nil))
	f.Add([]byte("\x01\x80\x00"))
	f.Add([]byte("\x01\x00\x00\x00\x00\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := readRecord(b)
		if err != nil {
			if !errors.Is(err, estimate.ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		// Whatever decodes is canonical: it re-encodes to the same bytes.
		if again := x.append(nil); string(again) != string(b) {
			t.Fatalf("% x re-encodes as % x", b, again)
		}
	})
}

func TestAllocs(t *testing.T) {
	x := record{U: 1 << 40, V: -1 << 40, I: 3, C: 4, B: true, F: 1.5, S: "ab", P: []byte{1, 2}, T: time.Unix(1e9, 7), Small: 1}
	buf := make([]byte, 0, 128)
	if n := testing.AllocsPerRun(100, func() { buf = x.append(buf[:0]) }); n != 0 {
		t.Errorf("appending into room allocates %v times", n)
	}
	b := x.append(nil)
	n := testing.AllocsPerRun(100, func() {
		var r Reader
		r.Reset("wire.TestAllocs", b)
		r.Version(1)
		r.Uvarint()
		r.Varint()
		r.Int()
		r.Count()
		r.Bool()
		r.Float64()
		r.Bytes() // no string: aliases b
		r.Bytes()
		r.Time()
		r.Byte()
		if r.End() != nil {
			t.Fatal(r.Err())
		}
	})
	if n != 0 {
		t.Errorf("reading allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = readRecord(b) }); n != 1 {
		t.Errorf("reading with one string allocates %v times, want 1", n)
	}
}

// TestTimeExtremes: every int64 of seconds decodes and re-encodes alike
// (time.Unix wraps beyond MaxUnixSeconds, and Unix unwraps it).
func TestTimeExtremes(t *testing.T) {
	for _, sec := range []int64{math.MinInt64, -62135596800, 0, MaxUnixSeconds, MaxUnixSeconds + 1, math.MaxInt64} {
		b := AppendTime(nil, time.Unix(sec, 999999999))
		var r Reader
		r.Reset("wire.TestTimeExtremes", b)
		got := r.Time()
		if err := r.End(); err != nil || got.Unix() != sec || got.Nanosecond() != 999999999 {
			t.Errorf("%d s: %v, %v", sec, got, err)
		}
		if again := AppendTime(nil, got); string(again) != string(b) {
			t.Errorf("%d s: % x re-encodes as % x", sec, b, again)
		}
	}
}
