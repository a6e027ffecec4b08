package retention

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
)

// This file holds the two codecs every accumulator of the package shares:
// a strict JSON object reader and a binary reader of versioned varints.

// jsonField is one field of a strict JSON object: its key and the value
// the raw JSON is decoded into.
type jsonField struct {
	key string
	dst any
}

// decodeStrict decodes the JSON object b into the fields, strictly: b must
// be one object with exactly these keys, each once, each value of the
// field's type, and nothing after it. Any other input returns an error
// wrapping ErrCorrupt, named after fn.
func decodeStrict(fn string, b []byte, fields ...jsonField) error {
	corrupt := func(format string, args ...any) error {
		return valueErr(fn, "length", float64(len(b)), wrapf(ErrCorrupt, format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return corrupt("%v", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return corrupt("not a JSON object")
	}
	seen := make([]bool, len(fields))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return corrupt("%v", err)
		}
		key, _ := tok.(string)
		k := -1
		for i, f := range fields {
			if f.key == key {
				k = i
			}
		}
		if k < 0 {
			return corrupt("unknown key %q", key)
		}
		if seen[k] {
			return corrupt("duplicate key %q", key)
		}
		seen[k] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return corrupt("key %q: %v", key, err)
		}
		if err := unmarshalExact(raw, fields[k].dst); err != nil {
			return corrupt("key %q: %v", key, err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return corrupt("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return corrupt("data after the object")
	}
	for i, f := range fields {
		if !seen[i] {
			return corrupt("missing key %q", f.key)
		}
	}
	return nil
}

// unmarshalExact decodes raw into dst, rejecting null (which encoding/json
// would accept silently) and unknown fields of nested objects.
func unmarshalExact(raw json.RawMessage, dst any) error {
	if string(bytes.TrimSpace(raw)) == "null" {
		return errNull
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

var errNull = jsonError("null value")

type jsonError string

func (e jsonError) Error() string { return string(e) }

// isNull reports whether b is the JSON literal null.
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// reader reads the binary encodings: unsigned varints that must be
// minimal, float64 bits, and nothing left over. The first failure sticks.
type reader struct {
	b   []byte
	err string
}

func (r *reader) fail(what string) {
	if r.err == "" {
		r.err = what
	}
}

func (r *reader) uvarint(what string) uint64 {
	if r.err != "" {
		return 0
	}
	u, w := binary.Uvarint(r.b)
	if w <= 0 {
		r.fail("bad varint for " + what)
		return 0
	}
	if w != varintLen(u) {
		r.fail("non-minimal varint for " + what)
		return 0
	}
	r.b = r.b[w:]
	return u
}

// count reads a non-negative int64 count.
func (r *reader) count(what string) int64 {
	u := r.uvarint(what)
	if u > math.MaxInt64 {
		r.fail(what + " above MaxInt64")
		return 0
	}
	return int64(u)
}

// float reads a finite float64 stored as 8 little-endian bytes.
func (r *reader) float(what string) float64 {
	if r.err != "" {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("truncated " + what)
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail(what + " not finite")
		return 0
	}
	return v
}

func (r *reader) bytes(what string, n int) []byte {
	if r.err != "" {
		return nil
	}
	if n < 0 || len(r.b) < n {
		r.fail("truncated " + what)
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

// done returns the error of the read, ErrCorrupt-wrapped, or nil when
// every byte was read without failure.
func (r *reader) done(fn string, total int) error {
	if r.err == "" && len(r.b) != 0 {
		r.err = "trailing bytes"
	}
	if r.err == "" {
		return nil
	}
	return valueErr(fn, "length", float64(total), wrapf(ErrCorrupt, "%s", r.err))
}

// version checks the version byte that starts every binary encoding.
func (r *reader) version(want byte) {
	if len(r.b) == 0 || r.b[0] != want {
		r.fail("unknown version")
		return
	}
	r.b = r.b[1:]
}

func appendFloat(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

// varintLen returns the length of the minimal unsigned varint of u.
func varintLen(u uint64) int {
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	return n
}
