package nps

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestTallyJSON(t *testing.T) {
	ta := tallyOf(t, 2, 1, 1) // two 10s, one 7, one 0
	b, err := json.Marshal(ta)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"n":4,"counts":[1,0,0,0,0,0,0,1,0,0,2]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back Tally
	if err := json.Unmarshal(b, &back); err != nil || back != *ta {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	// The empty tally, and JSON null, which leaves the tally as it is.
	b, _ = json.Marshal(Tally{})
	if want := `{"n":0,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	if err := json.Unmarshal([]byte("null"), &back); err != nil || back != *ta {
		t.Errorf("null: %+v, %v", back, err)
	}
	// As a field, by value and by pointer.
	type rec struct {
		T Tally  `json:"t"`
		P *Tally `json:"p"`
	}
	b, err = json.Marshal(rec{T: *ta, P: ta})
	if err != nil {
		t.Fatal(err)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil || r.T != *ta || r.P == nil || *r.P != *ta {
		t.Errorf("field round trip: %+v, %v", r, err)
	}
}

func TestTallyJSONCorrupt(t *testing.T) {
	const z10 = `0,0,0,0,0,0,0,0,0,0`
	for _, tt := range []struct{ in, msg string }{
		{``, "JSON of length 0: corrupt encoding: unexpected end of JSON"},
		{`{`, "unexpected end of JSON"},
		{`[1,2]`, "want an object"},
		{`"n"`, "want an object"},
		{`{"n":1}`, `missing key "counts"`},
		{`{"counts":[0,` + z10 + `]}`, `missing key "n"`},
		{`{"n":1,"counts":[1,0,0,0,0,0,0,0,0,0]}`, "10 counts, want 11"},
		{`{"n":1,"counts":[1,0,0,0,0,0,0,0,0,0,0,0]}`, "more than 11 counts"},
		{`{"n":2,"counts":[1,` + z10 + `]}`, "n 2: corrupt encoding: counts add up to 1"},
		{`{"n":0,"counts":[1,-1,0,0,0,0,0,0,0,0,0]}`, "count -1 at index 1: corrupt encoding"},
		{`{"n":1,"counts":[1.5,` + z10 + `]}`, "count 1.5 is not an int64"},
		{`{"n":1.0,"counts":[1,` + z10 + `]}`, "n 1.0 is not an int64"},
		{`{"n":1e0,"counts":[1,` + z10 + `]}`, "n 1e0 is not an int64"},
		{`{"n":"1","counts":[1,` + z10 + `]}`, "n is not a number"},
		{`{"n":null,"counts":[1,` + z10 + `]}`, "n is not a number"},
		{`{"n":1,"counts":null}`, "want counts as an array"},
		{`{"n":1,"counts":{"0":1}}`, "want counts as an array"},
		{`{"n":1,"counts":[[1],` + z10 + `]}`, "count is not a number"},
		{`{"n":1,"counts":[1,` + z10 + `],"x":1}`, `unknown key "x"`},
		{`{"n":1,"N":1,"counts":[1,` + z10 + `]}`, `unknown key "N"`},
		{`{"N":1,"COUNTS":[1,` + z10 + `]}`, `unknown key "N"`},
		{`{"n":1,"n":1,"counts":[1,` + z10 + `]}`, `duplicate key "n"`},
		{`{"n":1,"counts":[1,` + z10 + `],"counts":[1,` + z10 + `]}`, `duplicate key "counts"`},
		{`{"n":1,"counts":[1,` + z10 + `]} {}`, "data after the object"},
		{`{"n":1,"counts":[1,` + z10 + `]}x`, "data after the object"},
		{`{"n":0,"counts":[9223372036854775807,1,0,0,0,0,0,0,0,0,0]}`, "total overflows int64"},
		{`{"n":1,"counts":[99999999999999999999,` + z10 + `]}`, "count 99999999999999999999 is not an int64"},
	} {
		ta := *tallyOf(t, 1, 2, 3)
		before := ta
		err := ta.UnmarshalJSON([]byte(tt.in))
		if err == nil {
			t.Errorf("%s: accepted", tt.in)
			continue
		}
		wantValueErr(t, err, ErrCorrupt, "nps.Tally.UnmarshalJSON", errIndex(err), tt.msg)
		if ta != before {
			t.Errorf("%s: rejected state changed the tally", tt.in)
		}
	}
}

func TestTallyBinary(t *testing.T) {
	ta := tallyOf(t, 300, 1, 0) // 300 = 0xac 0x02 as a varint
	b, err := ta.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xac, 0x02}
	if !bytes.Equal(b, want) {
		t.Errorf("MarshalBinary = %x, want %x", b, want)
	}
	b, _ = ta.AppendBinary([]byte("hdr"))
	if !bytes.Equal(b, append([]byte("hdr"), want...)) {
		t.Errorf("AppendBinary = %x", b)
	}
	var back Tally
	if err := back.UnmarshalBinary(want); err != nil || back != *ta {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	// A million scores spread evenly: eleven 3-byte varints and the
	// version byte.
	var million Tally
	if err := million.AddAll(benchScores); err != nil {
		t.Fatal(err)
	}
	if b, _ := million.MarshalBinary(); len(b) != 34 {
		t.Errorf("a million scores take %d bytes, documented 34", len(b))
	}
	// Every count at the limit that its total allows.
	var full Tally
	if err := full.AddN(4, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	b, _ = full.MarshalBinary()
	if err := back.UnmarshalBinary(b); err != nil || back != full {
		t.Errorf("MaxInt64 round trip = %+v, %v", back, err)
	}
}

func TestTallyBinaryCorrupt(t *testing.T) {
	valid, _ := tallyOf(t, 3, 2, 1).MarshalBinary()
	maxCount := []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	for _, tt := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "version -1: corrupt encoding"},
		{"version", append([]byte{2}, valid[1:]...), "version 2: corrupt encoding: want version 1"},
		{"truncated", valid[:len(valid)-1], "bad varint for score 10"},
		{"trailing", append(bytes.Clone(valid), 0), "1 trailing bytes"},
		{"non-minimal", []byte{1, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "non-minimal varint for score 0"},
		{"above MaxInt64", []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "total overflows int64"},
		{"total overflows", maxCount, "count 1: corrupt encoding: total overflows int64"},
		{"varint too long", []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "bad varint for score 0"},
	} {
		ta := *tallyOf(t, 1, 2, 3)
		before := ta
		err := ta.UnmarshalBinary(tt.in)
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		wantValueErr(t, err, ErrCorrupt, "nps.Tally.UnmarshalBinary", -1, tt.msg)
		if ta != before {
			t.Errorf("%s: rejected state changed the tally", tt.name)
		}
	}
}

// TestTallyEncodingProperties checks with rapid that every tally survives
// JSON and binary exactly.
func TestTallyEncodingProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ta Tally
		budget := int64(math.MaxInt64)
		for k := range MaxScore + 1 {
			c := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, budget)).Draw(t, "count")
			c = min(c, budget)
			budget -= c
			if err := ta.AddN(k, c); err != nil {
				t.Fatal(err)
			}
		}
		j, err := json.Marshal(ta)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON Tally
		if err := json.Unmarshal(j, &fromJSON); err != nil || fromJSON != ta {
			t.Fatalf("JSON round trip of %s: %+v, %v", j, fromJSON, err)
		}
		b, err := ta.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var fromBinary Tally
		if err := fromBinary.UnmarshalBinary(b); err != nil || fromBinary != ta {
			t.Fatalf("binary round trip of %x: %+v, %v", b, fromBinary, err)
		}
	})
}

// FuzzTallyUnmarshalJSON checks that UnmarshalJSON never panics, leaves
// the tally unchanged on error, and that what it accepts is a valid state
// that re-encodes to equivalent JSON.
func FuzzTallyUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"n":4,"counts":[1,0,0,0,0,0,0,1,0,0,2]}`))
	f.Add([]byte(`{"n":0,"counts":[0,0,0,0,0,0,0,0,0,0,0]}`))
	f.Add([]byte(`{"n":1,"counts":[1,-1,1,0,0,0,0,0,0,0,0]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ta := *tallyOf(t, 1, 2, 3)
		before := ta
		if err := ta.UnmarshalJSON(b); err != nil {
			if ta != before {
				t.Fatalf("rejected %q changed the tally", b)
			}
			return
		}
		checkValid(t, &ta)
		j, err := ta.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Tally
		if err := back.UnmarshalJSON(j); err != nil || back != ta {
			t.Fatalf("re-encoded %s: %+v, %v", j, back, err)
		}
	})
}

// FuzzTallyUnmarshalBinary checks that UnmarshalBinary never panics,
// leaves the tally unchanged on error, and that what it accepts is a valid
// state whose encoding is the input itself (the encoding is canonical).
func FuzzTallyUnmarshalBinary(f *testing.F) {
	for _, ta := range []*Tally{{}, tallyOf(f, 300, 1, 0), tallyOf(f, math.MaxInt64, 0, 0)} {
		b, _ := ta.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 0x80, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		ta := *tallyOf(t, 1, 2, 3)
		before := ta
		if err := ta.UnmarshalBinary(b); err != nil {
			if ta != before {
				t.Fatalf("rejected %x changed the tally", b)
			}
			return
		}
		checkValid(t, &ta)
		again, err := ta.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("%x decoded to %+v, which encodes to %x, %v", b, ta, again, err)
		}
	})
}

// checkValid fails unless the counts of ta are >= 0 and add up to N.
func checkValid(t *testing.T, ta *Tally) {
	t.Helper()
	var sum int64
	for _, c := range countsOf(ta) {
		if c < 0 || sum > math.MaxInt64-c {
			t.Fatalf("invalid state %+v", ta)
		}
		sum += c
	}
	if sum != ta.N() {
		t.Fatalf("counts add up to %d, N = %d", sum, ta.N())
	}
}
