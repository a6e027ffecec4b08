package timing

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// decodeObject reads a JSON object whose keys are exactly want, each once,
// with nothing after it, and returns the raw values. Anything else is
// ErrCorrupt. JSON null returns nil, nil.
func decodeObject(fn string, b []byte, want ...string) (map[string]json.RawMessage, error) {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil, nil
	}
	bad := func(what string) error {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, what))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad("not an object")
	}
	out := make(map[string]json.RawMessage, len(want))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(err.Error())
		}
		key, _ := tok.(string)
		known := false
		for _, w := range want {
			known = known || w == key
		}
		if !known {
			return nil, bad("unknown key " + strconv.Quote(key))
		}
		if _, dup := out[key]; dup {
			return nil, bad("duplicate key " + strconv.Quote(key))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, bad(err.Error())
		}
		out[key] = raw
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, bad("unterminated object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, bad("data after the object")
	}
	for _, w := range want {
		if _, ok := out[w]; !ok {
			return nil, bad("missing key " + strconv.Quote(w))
		}
	}
	return out, nil
}

// field decodes one raw value into v (which must not be null), or returns
// ErrCorrupt naming the key.
func field(fn string, raw map[string]json.RawMessage, key string, v any) error {
	r := raw[key]
	if string(bytes.TrimSpace(r)) == "null" {
		return textErr(fn, "key", key, -1, fmt.Errorf("%w: null", ErrCorrupt))
	}
	if err := json.Unmarshal(r, v); err != nil {
		return textErr(fn, "key", key, -1, fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	return nil
}

// reader reads the binary encodings: minimal unsigned varints, zigzag
// varints and fixed 8-byte words, failing with ErrCorrupt.
type reader struct {
	fn  string
	b   []byte
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = valueErr(r.fn, "length", float64(len(r.b)), fmt.Errorf("%w: %s", ErrCorrupt, what))
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	u, w := binary.Uvarint(r.b)
	if w <= 0 {
		r.fail("bad varint")
		return 0
	}
	if w != varintLen(u) {
		r.fail("non-minimal varint")
		return 0
	}
	r.b = r.b[w:]
	return u
}

func (r *reader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (r *reader) byte1() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// bytes reads a length-prefixed block.
func (r *reader) block() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail("truncated block")
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) end() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(strconv.Itoa(len(r.b)) + " trailing bytes")
	}
	return r.err
}

func appendVarint(b []byte, v int64) []byte {
	return binary.AppendUvarint(b, uint64(v<<1)^uint64(v>>63))
}

func appendBlock(b, p []byte) []byte { return append(binary.AppendUvarint(b, uint64(len(p))), p...) }

// varintLen returns the length of the minimal unsigned varint of u.
func varintLen(u uint64) int {
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	return n
}

// version checks the version byte of an encoding.
func (r *reader) version(want byte) {
	if v := r.byte1(); r.err == nil && v != want {
		r.err = valueErr(r.fn, "version", float64(v), fmt.Errorf("%w: want version %d", ErrCorrupt, want))
	}
}

// boolean reads a byte that must be 0 or 1.
func (r *reader) boolean() bool {
	c := r.byte1()
	if r.err == nil && c > 1 {
		r.fail("bool byte " + strconv.Itoa(int(c)) + " not 0 or 1")
	}
	return c == 1
}

// small reads a minimal uvarint that must fit a uint8 (an enumeration).
func (r *reader) small() uint8 {
	u := r.uvarint()
	if r.err == nil && u > math.MaxUint8 {
		r.fail("value " + strconv.FormatUint(u, 10) + " above 255")
	}
	return uint8(u)
}

// integer reads a zigzag varint that must fit an int.
func (r *reader) integer() int {
	v := r.varint()
	if r.err == nil && int64(int(v)) != v {
		r.fail("value " + strconv.FormatInt(v, 10) + " outside int")
	}
	return int(v)
}

// text reads a length-prefixed string; the length is checked against
// the bytes left before anything is allocated.
func (r *reader) text() string { return string(r.block()) }

// instant reads a time written by appendTime, in UTC.
func (r *reader) instant() time.Time {
	sec := r.varint()
	ns := r.uvarint()
	if r.err == nil && ns >= 1e9 {
		r.fail("nanoseconds " + strconv.FormatUint(ns, 10) + " >= 1e9")
	}
	if r.err != nil {
		return time.Time{}
	}
	return time.Unix(sec, int64(ns)).UTC()
}

func appendBool(b []byte, v bool) []byte { return append(b, byte(b2i(v))) }

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendTime appends t as a zigzag varint of its Unix seconds and a
// uvarint of its nanoseconds (0..999999999): the instant, not the
// location or the monotonic reading.
func appendTime(b []byte, t time.Time) []byte {
	return binary.AppendUvarint(appendVarint(b, t.Unix()), uint64(t.Nanosecond()))
}
