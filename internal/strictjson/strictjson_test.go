package strictjson

import "testing"

func TestObject(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{`{"a":1,"b":[2]}`, true},
		{` {"a":1} `, true},
		{`{}`, true},
		{`{"a":1,"a":2}`, false}, // duplicate
		{`{"A":1}`, false},       // case-folded
		{`{"c":1}`, false},       // unknown
		{`{"a":1} {}`, false},    // trailing value
		{`{"a":1}x`, false},      // trailing bytes
		{`{"a":1`, false},        // truncated
		{`[]`, false},            // not an object
		{``, false},
		{`null`, false},
	} {
		f, err := Object([]byte(c.in), "a", "b")
		if (err == nil) != c.ok {
			t.Errorf("Object(%s) = %v, %v; want ok %v", c.in, f, err, c.ok)
		}
	}
}

func TestArrayAndInts(t *testing.T) {
	if v, err := Int64s([]byte(`[0, -9223372036854775808, 9223372036854775807]`)); err != nil || len(v) != 3 || v[1] != -9223372036854775808 {
		t.Errorf("Int64s = %v, %v", v, err)
	}
	for _, in := range []string{`[1,null]`, `[1.0]`, `[1e3]`, `["1"]`, `[9223372036854775808]`, `[1] [2]`, `{}`, `[1,]`} {
		if v, err := Int64s([]byte(in)); err == nil {
			t.Errorf("Int64s(%s) = %v, want an error", in, v)
		}
	}
	if !IsNull([]byte(" null ")) || IsNull([]byte("nul")) || IsNull(nil) {
		t.Error("IsNull")
	}
	if s := Short([]byte(string(make([]byte, 100)))); len(s) != 43 {
		t.Errorf("Short of 100 bytes has %d", len(s))
	}
}
