package apitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// A Bad is one malformed encoding, derived from a valid one, and the rule
// of servq's decoders it breaks.
type Bad struct {
	Rule string // "unknown key", "missing key", "duplicate key", ...
	Data []byte
}

// BadJSON returns encodings that every servq JSON decoder must reject,
// derived from valid, the canonical encoding of a non-empty state: an
// object, or an array whose first element is one. For each key of the
// object (of the first element, in an array) it drops the key, repeats
// it, spells it in upper case and gives it a value of each other JSON
// type; it adds an unknown key, and it appends data after the value;
// beside these, the empty input, other JSON types in place of the whole,
// and an unclosed value. A key named in optional may be absent.
func BadJSON(valid []byte, optional ...string) []Bad {
	var out []Bad
	add := func(rule string, data string) { out = append(out, Bad{rule, []byte(data)}) }
	s := string(bytes.TrimSpace(valid))
	add("empty", "")
	add("empty", " \n")
	for _, other := range []string{`0`, `"x"`, `true`, `[]`, `{}`} { // null means "leave it", as encoding/json expects
		if other[0] != s[0] { // an empty array is a valid group
			add("wrong type", other)
		}
	}
	if s[0] == '[' {
		add("wrong type", `[null]`)
		add("wrong type", `[1]`)
	}
	add("trailing data", s+" {}")
	add("trailing data", s+"x")
	add("trailing data", s+s)
	add("truncated", s[:len(s)-1])

	// The object to edit, and how to put an edited one back.
	obj, wrap := s, func(o string) string { return o }
	if strings.HasPrefix(s, "[") {
		var elems []json.RawMessage
		if json.Unmarshal(valid, &elems) != nil || len(elems) == 0 {
			return out
		}
		rest := elems[1:]
		obj = string(elems[0])
		wrap = func(o string) string {
			parts := []string{o}
			for _, r := range rest {
				parts = append(parts, string(r))
			}
			return "[" + strings.Join(parts, ",") + "]"
		}
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal([]byte(obj), &fields) != nil {
		return out
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	build := func(kv ...string) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := 0; i < len(kv); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%s", kv[i], kv[i+1])
		}
		b.WriteByte('}')
		return wrap(b.String())
	}
	all := func(edit func(k string, v string) []string) string {
		var kv []string
		for _, k := range keys {
			kv = append(kv, edit(k, string(fields[k]))...)
		}
		return build(kv...)
	}
	add("unknown key", build(append(pairs(keys, fields), "zz_unknown", "0")...))
	for _, key := range keys {
		if !slices.Contains(optional, key) {
			add("missing key "+key, all(func(k, v string) []string {
				if k == key {
					return nil
				}
				return []string{k, v}
			}))
		}
		add("duplicate key "+key, all(func(k, v string) []string {
			if k == key {
				return []string{k, v, k, v}
			}
			return []string{k, v}
		}))
		if up := strings.ToUpper(key); up != key {
			add("case-folded key "+key, all(func(k, v string) []string {
				if k == key {
					return []string{up, v}
				}
				return []string{k, v}
			}))
		}
		for _, other := range wrongTypes(string(fields[key])) {
			add("wrong type "+key+" "+other, all(func(k, v string) []string {
				if k == key {
					return []string{k, other}
				}
				return []string{k, v}
			}))
		}
	}
	return out
}

func pairs(keys []string, fields map[string]json.RawMessage) []string {
	var kv []string
	for _, k := range keys {
		kv = append(kv, k, string(fields[k]))
	}
	return kv
}

// wrongTypes returns a JSON value of each type other than that of v.
func wrongTypes(v string) []string {
	kind := func(s string) byte {
		switch s = strings.TrimSpace(s); {
		case s == "":
			return 0
		case s[0] == '-' || s[0] >= '0' && s[0] <= '9':
			return 'n'
		case s == "true" || s == "false":
			return 't'
		}
		return strings.TrimSpace(s)[0]
	}
	var out []string
	for _, o := range []string{`null`, `"1"`, `1`, `true`, `[1]`, `{"a":1}`} {
		if kind(o) != kind(v) {
			out = append(out, o)
		}
	}
	return out
}

// BadBinary returns encodings that every servq binary decoder must
// reject, derived from valid, a canonical encoding whose first byte is its
// version: nothing, each other first byte at the version's neighbours and
// the ends, each truncation, a trailing byte, and for each byte below 0x80
// after the version (the last byte of a varint, or a byte of a fixed
// field) the same byte with its continuation bit set and a zero byte
// after it: a varint of the same value that is not minimal, or a field of
// the wrong length.
func BadBinary(valid []byte) []Bad {
	var out []Bad
	add := func(rule string, b []byte) { out = append(out, Bad{rule, b}) }
	add("empty", nil)
	for _, v := range []byte{0, valid[0] - 1, valid[0] + 1, 0x7f, 0xff} {
		if v != valid[0] {
			add(fmt.Sprintf("version %d", v), append([]byte{v}, valid[1:]...))
		}
	}
	for n := 1; n < len(valid); n++ {
		add(fmt.Sprintf("truncated to %d", n), slices.Clone(valid[:n]))
	}
	add("trailing byte", append(slices.Clone(valid), 0))
	for i := 1; i < len(valid); i++ {
		if valid[i] < 0x80 {
			b := slices.Concat(valid[:i], []byte{valid[i] | 0x80, 0}, valid[i+1:])
			add(fmt.Sprintf("non-minimal at %d", i), b)
		}
	}
	return out
}

// CheckDecoder fails t for each encoding in bad that decode accepts, that
// corrupt (the caller's test for an *estimate.ValueError wrapping
// ErrCorrupt, since this package cannot import estimate) does not
// recognise, or after which state (a printed snapshot of what decode
// replaces) differs from before.
func CheckDecoder(t testing.TB, name string, decode func([]byte) error, state func() string, corrupt func(error) bool, bad []Bad) {
	t.Helper()
	for _, c := range bad {
		before := state()
		err := decode(c.Data)
		switch {
		case err == nil:
			t.Errorf("%s accepted %s: %q", name, c.Rule, c.Data)
		case !corrupt(err):
			t.Errorf("%s, %s: error %v (%T), want a ValueError wrapping ErrCorrupt", name, c.Rule, err, err)
		}
		if after := state(); after != before {
			t.Errorf("%s, %s: state changed from %s to %s", name, c.Rule, before, after)
		}
	}
}

// An Encoded is a state with servq's two encodings.
type Encoded interface {
	MarshalJSON() ([]byte, error)
	UnmarshalJSON([]byte) error
	MarshalBinary() ([]byte, error)
	UnmarshalBinary([]byte) error
}

// CheckEncodings applies [BadJSON] (with optional) and [BadBinary],
// derived from v's own encodings, to v's decoders with [CheckDecoder]; the
// state compared is v's JSON.
func CheckEncodings(t testing.TB, name string, v Encoded, corrupt func(error) bool, optional ...string) {
	t.Helper()
	js, err := v.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	state := func() string { b, _ := v.MarshalJSON(); return string(b) }
	CheckDecoder(t, name+".UnmarshalJSON", v.UnmarshalJSON, state, corrupt, BadJSON(js, optional...))
	CheckDecoder(t, name+".UnmarshalBinary", v.UnmarshalBinary, state, corrupt, BadBinary(bin))
}

// Wraps returns a test for CheckDecoder's corrupt: whether an error is an
// E (errors.As) wrapping target (errors.Is), for example
// Wraps[*estimate.ValueError](ErrCorrupt).
func Wraps[E error](target error) func(error) bool {
	return func(err error) bool {
		var e E
		return errors.As(err, &e) && errors.Is(err, target)
	}
}
