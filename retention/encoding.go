package retention

import (
	"bytes"
	"encoding/json"
	"io"
	"math"

	"github.com/servq/servq/internal/wire"
)

// This file holds the two codecs every accumulator of the package shares:
// a strict JSON object reader, and the finite float64 that the binary
// decoders read with internal/wire.

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

// readFinite reads a float64 of an accumulator's state, which must be
// finite: the one check of the package's binary decoders that the shared
// reader does not make (an observation's float64 decodes as it is).
func readFinite(r *wire.Reader, what string) float64 {
	v := r.Float64()
	if r.Err() == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
		r.Fail(what + " not finite")
		return 0
	}
	return v
}
