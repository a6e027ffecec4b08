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

// Int64 decodes raw as an integer that fits an int64, written as
// strconv.FormatInt writes it: no fraction, no exponent, no -0, no null.
func Int64(raw json.RawMessage) (int64, error) {
	t := string(bytes.TrimSpace(raw))
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || strconv.FormatInt(v, 10) != t {
		return 0, fmt.Errorf("not an int64: %s", short(raw))
	}
	return v, nil
}

// Float64 decodes raw as a JSON number within the range of float64, in
// any JSON spelling (2, 2.0, 2e0): no string, no null, nothing beyond
// ±MaxFloat64.
func Float64(raw json.RawMessage) (float64, error) {
	t := bytes.TrimSpace(raw)
	var num json.Number
	if err := json.Unmarshal(t, &num); err != nil || len(t) == 0 || t[0] == '"' {
		return 0, fmt.Errorf("not a number: %s", short(raw))
	}
	v, err := strconv.ParseFloat(string(num), 64)
	if err != nil {
		return 0, fmt.Errorf("not a float64: %s", short(raw))
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

// Short returns raw, cut to at most 40 bytes, for an error message;
// "(empty)" for nothing but white space, so that an empty input never
// reads as an empty Text (which *estimate.ValueError would print as a
// number).
func Short(raw []byte) string {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "(empty)"
	}
	return short(raw)
}

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
		return fmt.Errorf("want %v, got %s", want, describe(tok))
	}
	return nil
}

// describe names a token as JSON spells it: null, "text", 1.5, true, [.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case string:
		return quote(v)
	case json.Delim:
		return v.String()
	}
	return fmt.Sprint(tok)
}

var errTrailing = errors.New("data after the value")

func end(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

// A Reader reads the fields of one JSON object, keeping the first error:
// a decoder asks for each field it needs and checks [Reader.Err] once.
type Reader struct {
	f   map[string]json.RawMessage
	err *FieldError
}

// A FieldError is the first error of a [Reader]: the key at fault ("json"
// for the object as a whole) and why.
type FieldError struct {
	Key string
	Err error
}

// Error returns the reason, after the key when it is one: `key "n": not
// an int64: 2.5`.
func (e *FieldError) Error() string {
	if e.Key == "json" {
		return e.Err.Error()
	}
	return "key " + quote(e.Key) + ": " + e.Err.Error()
}

// NewReader returns a Reader of data, which must be one object as [Object]
// reads it, with each key of required present and no key but those of
// required and optional.
func NewReader(data []byte, required []string, optional ...string) *Reader {
	f, err := Object(data, append(required[:len(required):len(required)], optional...)...)
	r := &Reader{f: f}
	if err != nil {
		r.err = &FieldError{"json", err}
		return r
	}
	for _, k := range required {
		if _, ok := f[k]; !ok {
			r.err = &FieldError{k, errors.New("missing")}
			return r
		}
	}
	return r
}

// Has reports whether the object has the key (and no error came before).
func (r *Reader) Has(key string) bool {
	_, ok := r.f[key]
	return r.err == nil && ok
}

// Raw returns the raw value of key, or nil.
func (r *Reader) Raw(key string) json.RawMessage { return r.f[key] }

// Int64 returns the value of key read by the function [Int64], or 0 after
// an error.
func (r *Reader) Int64(key string) int64 { return read(r, key, Int64) }

// Int64s returns the value of key read by the function [Int64s].
func (r *Reader) Int64s(key string) []int64 { return read(r, key, Int64s) }

// Float64 returns the value of key read by the function [Float64].
func (r *Reader) Float64(key string) float64 { return read(r, key, Float64) }

// Err returns the first error, or nil.
func (r *Reader) Err() *FieldError { return r.err }

func read[V any](r *Reader, key string, f func(json.RawMessage) (V, error)) V {
	var zero V
	if r.err != nil {
		return zero
	}
	v, err := f(r.f[key])
	if err != nil {
		r.err = &FieldError{key, err}
		return zero
	}
	return v
}
