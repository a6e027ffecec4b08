// Package strictjson splits JSON the way servq's decoders read it: one
// value and nothing after it, objects with known keys spelled exactly, each
// once, and no null where a value is expected. encoding/json alone folds
// the case of keys, lets a key repeat (the last wins), reads null into a
// number or a slice as "leave it", and, from json.Unmarshal's caller, does
// not reject unknown keys; a decoder built on these functions rejects all
// of that, as the encodings of servq's accumulators require.
//
// The errors are plain; callers wrap them in their own
// *estimate.ValueError with the sentinel ErrCorrupt.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Object returns the raw values of data, which must be one JSON object and
// nothing else but white space, by key. Each key must be one of names,
// spelled exactly as there, and appear at most once; a key absent from
// data is absent from the map, for the caller to require or not.
func Object(data []byte, names ...string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := delim(dec, '{'); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(names))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string) // inside an object, a token before a value is its key
		known := false
		for _, n := range names {
			known = known || n == key
		}
		if !known {
			return nil, fmt.Errorf("unknown key %s", quote(key))
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("key %s twice", quote(key))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out[key] = raw
	}
	if err := delim(dec, '}'); err != nil {
		return nil, err
	}
	return out, end(dec)
}

// Array returns the raw elements of data, which must be one JSON array and
// nothing else but white space.
func Array(data []byte) ([]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := delim(dec, '['); err != nil {
		return nil, err
	}
	var out []json.RawMessage
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	if err := delim(dec, ']'); err != nil {
		return nil, err
	}
	return out, end(dec)
}

// Int64 decodes raw as an integer that fits an int64, written as JSON
// writes one: no fraction, no exponent, no null.
func Int64(raw json.RawMessage) (int64, error) {
	v, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not an int64: %s", short(raw))
	}
	return v, nil
}

// Int64s decodes raw as an array of int64s, each as [Int64] reads it.
func Int64s(raw json.RawMessage) ([]int64, error) {
	es, err := Array(raw)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(es))
	for i, e := range es {
		if out[i], err = Int64(e); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

// IsNull reports whether raw is the literal null, white space aside.
func IsNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// Short returns raw, cut to at most 40 bytes, for an error message.
func Short(raw []byte) string { return short(raw) }

func short(raw []byte) string {
	const max = 40
	s := string(bytes.TrimSpace(raw))
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

func quote(s string) string { return strconv.Quote(short([]byte(s))) }

func delim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err == io.EOF {
		return fmt.Errorf("want %v, got the end", want)
	}
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %v, got %v", want, tok)
	}
	return nil
}

var errTrailing = errors.New("data after the value")

func end(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}
