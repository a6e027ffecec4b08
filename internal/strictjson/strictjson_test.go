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
	for _, in := range []string{`[1,null]`, `[1.0]`, `[1e3]`, `["1"]`, `[9223372036854775808]`, `[1] [2]`, `{}`, `[1,]`, `[-0]`, `[00]`, `[+1]`} {
		if v, err := Int64s([]byte(in)); err == nil {
			t.Errorf("Int64s(%s) = %v, want an error", in, v)
		}
	}
	for in, want := range map[string]float64{`2`: 2, `2.0`: 2, ` 2e0 `: 2, `-0`: 0, `1.7976931348623157e308`: 1.7976931348623157e308, `5e-324`: 5e-324} {
		if v, err := Float64([]byte(in)); err != nil || v != want {
			t.Errorf("Float64(%s) = %v, %v, want %v", in, v, err, want)
		}
	}
	for _, in := range []string{``, `null`, `"2"`, `[2]`, `{}`, `true`, `1e309`, `-1e309`, `NaN`, `2 3`, `2x`} {
		if v, err := Float64([]byte(in)); err == nil {
			t.Errorf("Float64(%s) = %v, want an error", in, v)
		}
	}
	for in, want := range map[string]string{`null`: "want [, got null", `"x"`: `want [, got "x"`, `{}`: "want [, got {", `1.5`: "want [, got 1.5", `true`: "want [, got true"} {
		if _, err := Array([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("Array(%s) error %v, want %q", in, err, want)
		}
	}
	if Short(nil) != "(empty)" || Short([]byte(" \n")) != "(empty)" {
		t.Errorf("Short of nothing = %q", Short(nil))
	}
	if !IsNull([]byte(" null ")) || IsNull([]byte("nul")) || IsNull(nil) {
		t.Error("IsNull")
	}
	if s := Short([]byte(string(make([]byte, 100)))); len(s) != 43 {
		t.Errorf("Short of 100 bytes has %d", len(s))
	}
}

// TestReader: the first error wins and names its key; a missing required
// key, an unknown key and a wrong type each fail.
func TestReader(t *testing.T) {
	r := NewReader([]byte(`{"n":2,"xs":[1,1],"m":2.5}`), []string{"n", "xs"}, "m", "o")
	if n, xs, m := r.Int64("n"), r.Int64s("xs"), r.Float64("m"); r.Err() != nil || n != 2 || len(xs) != 2 || m != 2.5 {
		t.Errorf("Reader = %v %v %v, %v", n, xs, m, r.Err())
	}
	if !r.Has("m") || r.Has("o") || r.Raw("o") != nil {
		t.Error("Has, Raw")
	}
	for in, key := range map[string]string{
		`{"n":2}`:                       "xs",
		`{"n":2,"xs":[],"z":1}`:         "json",
		`{"n":"2","xs":[]}`:             "n",
		`{"n":2,"xs":[1.5]}`:            "xs",
		`{"n":2,"xs":[1],"m":"x"}`:      "m",
		`{"n":-0,"xs":[1],"m":"x"}`:     "n",
		`{"n":2,"xs":[1],"m":2} {}`:     "json",
		`{"n":2,"n":2,"xs":[1],"m":2} `: "json",
	} {
		r := NewReader([]byte(in), []string{"n", "xs"}, "m")
		_, _, _ = r.Int64("n"), r.Int64s("xs"), r.Float64("m")
		if e := r.Err(); e == nil || e.Key != key || e.Error() == "" {
			t.Errorf("%s: error %v, want one about %s", in, e, key)
		}
	}
}
