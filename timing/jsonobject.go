package timing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
