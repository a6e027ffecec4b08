package csat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"pgregory.net/rapid"
)

func TestTallyJSON(t *testing.T) {
	var z Tally
	_ = z.AddAll([]int{5, 5, 4, 3, 1})
	s7 := mustTally(t, Seven)
	_ = s7.AddAll([]int{7, 5, 7})
	for _, c := range []struct {
		t    *Tally
		want string
	}{
		{&Tally{}, `{"n":0,"counts":[0,0,0,0,0]}`},
		{&z, `{"n":5,"counts":[1,0,1,1,2]}`},
		{s7, `{"scale":{"min":1,"max":7,"satisfied_from":6},"n":3,"counts":[0,0,0,0,1,0,2]}`},
	} {
		b, err := json.Marshal(c.t)
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal = %s, %v; want %s", b, err, c.want)
		}
		// By value too: MarshalJSON has a value receiver.
		if b, _ := json.Marshal(*c.t); string(b) != c.want {
			t.Errorf("Marshal of a value = %s", b)
		}
		var back Tally
		if err := json.Unmarshal(b, &back); err != nil || back != *c.t {
			t.Errorf("Unmarshal(%s) = %v", b, err)
		}
	}
	// Five, given, is written out in full; an empty scale object is not
	// what MarshalJSON writes, and is corrupt.
	var f Tally
	if err := json.Unmarshal([]byte(`{"scale":{"min":1,"max":5,"satisfied_from":4},"n":1,"counts":[0,0,0,1,0]}`), &f); err != nil || f.Scale() != Five || !f.set || f.Count(4) != 1 {
		t.Errorf("Five: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"scale":{},"n":1,"counts":[0,0,0,1,0]}`), &f); !errors.Is(err, ErrCorrupt) {
		t.Errorf("empty scale object: %v, want ErrCorrupt", err)
	}
	// null leaves the tally as it is.
	before := z
	if err := json.Unmarshal([]byte(`null`), &z); err != nil || z != before {
		t.Errorf("null: %v", err)
	}
}

func TestTallyJSONCorrupt(t *testing.T) {
	for _, in := range []string{
		`{`,
		`[]`,
		`{"counts":[1,0,1,1,2]}`,         // no n
		`{"n":4,"counts":[1,0,1,1,2]}`,   // n differs from the counts
		`{"n":5,"counts":[1,0,1,1,2,0]}`, // six counts on 1..5
		`{"n":5}`,                        // no counts
		`{"n":0,"counts":[1,-1,0,0,0]}`,  // a negative count
		`{"n":1,"counts":[1.5,0,0,0,0]}`, // not an integer
		`{"n":-1,"counts":[9223372036854775807,9223372036854775807,0,0,1]}`, // overflow
		`{"scale":{"min":1,"max":5},"n":0,"counts":[0,0,0,0,0]}`,            // no satisfied_from
		`{"scale":{"min":0,"max":200,"satisfied_from":100},"n":0,"counts":[]}`,
		`{"scale":{"min":1,"max":7,"satisfied_from":6},"n":1,"counts":[0,0,0,0,1]}`,
		// The strict rules: unknown, duplicate and case-folded keys, null,
		// wrong types and trailing data.
		`{"n":0,"counts":[0,0,0,0,0],"x":1}`,
		`{"n":0,"n":0,"counts":[0,0,0,0,0]}`,
		`{"N":0,"counts":[0,0,0,0,0]}`,
		`{"n":0,"Counts":[0,0,0,0,0]}`,
		`{"n":null,"counts":[0,0,0,0,0]}`,
		`{"n":0,"counts":null}`,
		`{"n":0,"counts":[0,null,0,0,0]}`,
		`{"n":"0","counts":[0,0,0,0,0]}`,
		`{"n":1e0,"counts":[1,0,0,0,0]}`,
		`{"n":0,"counts":[0,0,0,0,0]} {}`,
		`{"n":0,"counts":[0,0,0,0,0]}x`,
		`{"scale":null,"n":0,"counts":[0,0,0,0,0]}`,
		`{"scale":{"min":1,"max":5,"satisfied_from":4,"Min":1},"n":0,"counts":[0,0,0,0,0]}`,
		`{"scale":{"min":1,"max":5,"satisfied_from":4,"min":1},"n":0,"counts":[0,0,0,0,0]}`,
		`{"scale":{"MIN":1,"max":5,"satisfied_from":4},"n":0,"counts":[0,0,0,0,0]}`,
		`{"scale":{"min":1.0,"max":5,"satisfied_from":4},"n":0,"counts":[0,0,0,0,0]}`,
	} {
		tl := mustTally(t, Seven)
		_ = tl.Add(6)
		before := *tl
		err := tl.UnmarshalJSON([]byte(in)) // json.Unmarshal would catch bad syntax itself
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", in, err)
		}
		if *tl != before {
			t.Errorf("%s: the tally changed", in)
		}
	}
}

func TestTallyBinary(t *testing.T) {
	var z Tally
	_ = z.AddAll([]int{5, 5, 4, 3, 1})
	b, err := z.MarshalBinary()
	// version 1, flags 0, zigzag varints 1 → 2, 5 → 10, 4 → 8, then the
	// counts of 1..5.
	want := []byte{1, 0, 2, 10, 8, 1, 0, 1, 1, 2}
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("MarshalBinary = %v, %v; want %v", b, err, want)
	}
	if b, _ := z.AppendBinary([]byte{0xff}); !bytes.Equal(b, append([]byte{0xff}, want...)) {
		t.Errorf("AppendBinary = %v", b)
	}
	neg := mustTally(t, Scale{Min: -2, Max: 2, SatisfiedFrom: 1})
	_ = neg.AddN(-2, 300)
	b, _ = neg.MarshalBinary()
	// flags 1; -2 → 3, 2 → 4, 1 → 2; 300 = 0b10_0101100 → 0xac 0x02.
	if want := []byte{1, 1, 3, 4, 2, 0xac, 0x02, 0, 0, 0, 0}; !bytes.Equal(b, want) {
		t.Errorf("MarshalBinary on -2..2 = %v, want %v", b, want)
	}
	var back Tally
	if err := back.UnmarshalBinary(b); err != nil || back != *neg {
		t.Errorf("UnmarshalBinary: %v", err)
	}

	for _, in := range [][]byte{
		nil,
		{1},
		{2, 0, 2, 10, 8, 0, 0, 0, 0, 0},                // version 2
		{1, 2, 2, 10, 8, 0, 0, 0, 0, 0},                // unknown flag
		{1, 0, 2, 10, 8, 0, 0, 0, 0},                   // a count missing
		{1, 0, 2, 10, 8, 0, 0, 0, 0, 0, 0},             // a byte left over
		{1, 0, 2, 10, 8, 0, 0, 0, 0, 0x80},             // a varint cut short
		{1, 0, 2, 14, 12, 0, 0, 0, 0, 0, 0, 0},         // a zero tally on 1..7
		{1, 1, 2, 10, 2, 0, 0, 0, 0, 0},                // satisfied from 1
		{1, 1, 0, 0, 0},                                // the zero scale, never written
		{1, 0, 0x82, 0x00, 10, 8, 0, 0, 0, 0, 0},       // Min 1 as a two-byte varint
		{1, 0, 2, 10, 8, 0, 0, 0, 0x80, 0x00, 0},       // a count 0 as a two-byte uvarint
		{1, 0, 2, 10, 8, 0, 0, 0, 0, 0x81, 0x80, 0x00}, // a count 1 in three bytes
		{1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, // varint overflow
		append([]byte{1, 1, 2, 10, 8}, binary64(math.MaxUint64, 0, 0, 0, 0)...),
		append([]byte{1, 1, 2, 10, 8}, binary64(math.MaxInt64, 1, 0, 0, 0)...),
		append([]byte{1, 1, 0x80, 0x89, 0x7a, 0x82, 0x89, 0x7a, 0x82, 0x89, 0x7a}, make([]byte, 1)...), // ends beyond MaxAbs
	} {
		tl := mustTally(t, Five)
		_ = tl.Add(2)
		before := *tl
		if err := tl.UnmarshalBinary(in); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%v: %v, want ErrCorrupt", in, err)
		}
		if *tl != before {
			t.Errorf("%v: the tally changed", in)
		}
	}
}

// binary64 returns the uvarints of vs.
func binary64(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		for v >= 0x80 {
			b = append(b, byte(v)|0x80)
			v >>= 7
		}
		b = append(b, byte(v))
	}
	return b
}

// TestTallyRoundTrip checks that any tally, on any scale, given or not,
// survives JSON and binary exactly.
func TestTallyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tl *Tally
		if rapid.Bool().Draw(t, "zero") {
			tl = new(Tally)
		} else {
			tl = mustTally(t, scaleGen().Draw(t, "scale"))
		}
		for _, x := range ratingsGen(tl.Scale(), 50).Draw(t, "xs") {
			n := rapid.Int64Range(0, math.MaxInt64/1000).Draw(t, "count")
			if tl.AddN(x, n) != nil {
				break
			}
		}
		j, err := json.Marshal(tl)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON Tally
		if err := json.Unmarshal(j, &fromJSON); err != nil || fromJSON != *tl {
			t.Fatalf("JSON %s: %v", j, err)
		}
		b, err := tl.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var fromBinary Tally
		if err := fromBinary.UnmarshalBinary(b); err != nil || fromBinary != *tl {
			t.Fatalf("binary %v: %v", b, err)
		}
	})
}

// TestTallyInGroup checks that tallies on another scale travel inside a
// group's JSON: into a group whose New makes tallies on the scale, and
// into one of zero tallies, which take the scale from the JSON.
func TestTallyInGroup(t *testing.T) {
	newSeven, _ := TallyFunc(Seven)
	g := group.ByPeriod[Tally](group.Week, time.UTC)
	g.New = newSeven
	at := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	for i, x := range []int{7, 6, 2, 7} {
		if err := g.At(at.AddDate(0, 0, 3*i)).Add(x); err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, newAcc := range []func() *Tally{newSeven, nil} {
		back := group.ByPeriod[Tally](group.Week, time.UTC)
		back.New = newAcc
		if err := json.Unmarshal(b, back); err != nil {
			t.Fatal(err)
		}
		var got []string
		for start, tl := range back.All() {
			got = append(got, fmt.Sprintf("%s %v n=%d", start.Format("2006-01-02"), tl.Scale(), tl.N()))
		}
		// Monday 9 March 2026 and 3, 6, 9 days later: the week of the 9th
		// holds the 9th, 12th and 15th, the next one the 18th.
		want := []string{"2026-03-09 1..7 (satisfied 6..7) n=3", "2026-03-16 1..7 (satisfied 6..7) n=1"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("New %v: %v, want %v", newAcc != nil, got, want)
		}
		// Merging the group into a group of zero tallies works too.
		z := group.ByPeriod[Tally](group.Week, time.UTC)
		if err := z.Merge(back); err != nil || z.Len() != 2 {
			t.Errorf("Merge into zero tallies: %v", err)
		}
	}
}

// FuzzTallyUnmarshalJSON checks that UnmarshalJSON never panics, leaves
// the tally unchanged when it fails, and, when it succeeds, yields a
// consistent tally that encodes and decodes back to itself.
func FuzzTallyUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"n":5,"counts":[1,0,1,1,2]}`))
	f.Add([]byte(`{"scale":{"min":1,"max":7,"satisfied_from":6},"n":3,"counts":[0,0,0,0,1,0,2]}`))
	f.Add([]byte(`{"scale":{"min":-2,"max":2,"satisfied_from":1},"n":1,"counts":[0,0,1,0,0]}`))
	f.Add([]byte(`{"n":-1,"counts":[9223372036854775807,9223372036854775807,0,0,1]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tl := mustTally(t, Ten)
		_ = tl.AddN(9, 3)
		before := *tl
		if err := tl.UnmarshalJSON(b); err != nil {
			if *tl != before || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("failed decode: %v, tally changed %v", err, *tl != before)
			}
			return
		}
		checkConsistent(t, tl)
		j, err := json.Marshal(tl)
		var back Tally
		if err != nil || back.UnmarshalJSON(j) != nil || back != *tl {
			t.Fatalf("re-encoding %s: %v", j, err)
		}
	})
}

// FuzzTallyUnmarshalBinary is FuzzTallyUnmarshalJSON for the binary form.
func FuzzTallyUnmarshalBinary(f *testing.F) {
	f.Add([]byte{1, 0, 2, 10, 8, 1, 0, 1, 1, 2})
	f.Add([]byte{1, 1, 3, 4, 2, 0xac, 0x02, 0, 0, 0, 0})
	f.Add([]byte{1, 1, 0, 200, 1, 198, 1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		tl := mustTally(t, Ten)
		_ = tl.AddN(9, 3)
		before := *tl
		if err := tl.UnmarshalBinary(b); err != nil {
			if *tl != before || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("failed decode: %v, tally changed %v", err, *tl != before)
			}
			return
		}
		checkConsistent(t, tl)
		out, err := tl.MarshalBinary()
		var back Tally
		if err != nil || back.UnmarshalBinary(out) != nil || back != *tl {
			t.Fatalf("re-encoding %v: %v", out, err)
		}
		// The encoding is canonical: what decodes is what MarshalBinary
		// writes, byte for byte.
		if !bytes.Equal(out, b) {
			t.Fatalf("decoded %v, which re-encodes as %v", b, out)
		}
	})
}

// FuzzTallyMerge decodes two tallies from their binary form and merges
// them both ways and each into itself: a Merge that fails leaves the
// receiver unchanged and wraps ErrScaleMismatch or ErrOverflow; one that
// succeeds adds the counts point by point, and its Result is finite.
func FuzzTallyMerge(f *testing.F) {
	enc := func(t *Tally) []byte { b, _ := t.MarshalBinary(); return b }
	five, seven, full, zero := new(Tally), mustTally(f, Seven), new(Tally), new(Tally)
	_ = five.AddAll([]int{1, 4, 5, 5})
	_ = seven.AddAll([]int{7, 6, 1})
	_ = full.AddN(3, math.MaxInt64)
	for _, p := range [][2]*Tally{{five, five}, {five, seven}, {zero, seven}, {full, five}, {seven, zero}} {
		f.Add(enc(p[0]), enc(p[1]))
	}
	f.Fuzz(func(t *testing.T, da, db []byte) {
		var a, b Tally
		if a.UnmarshalBinary(da) != nil || b.UnmarshalBinary(db) != nil {
			return
		}
		for _, p := range [][2]*Tally{{&a, &b}, {&b, &a}, {&a, &a}} {
			dst, src := p[0], p[1]
			before, orig := *dst, *src
			err := dst.Merge(src)
			if err != nil {
				if *dst != before || !(errors.Is(err, ErrScaleMismatch) || errors.Is(err, ErrOverflow)) {
					t.Fatalf("failed Merge: %v, receiver changed %v", err, *dst != before)
				}
				continue
			}
			if dst != src && *src != orig {
				t.Fatal("Merge changed its argument")
			}
			for x, c := range dst.All() {
				if want := before.Count(x) + orig.Count(x); c != want && before.N() != 0 {
					t.Fatalf("rating %d: %d after Merge, want %d", x, c, want)
				}
			}
			checkConsistent(t, dst)
			if dst.N() > 0 {
				// Until estimate's t quantile is finite at every df, a
				// huge n may be ErrNotFinite; it is never a NaN.
				r, err := dst.Result(estimate.Options{})
				if err != nil && !errors.Is(err, ErrNotFinite) || err == nil && !finite(reflect.ValueOf(r)) {
					t.Fatalf("Result after Merge: %+v, %v", r, err)
				}
			}
		}
	})
}

// checkConsistent fails t unless tl has a valid scale, counts only on its
// points that add up to N, and a Result (or ErrEmpty when N is 0).
func checkConsistent(t *testing.T, tl *Tally) {
	t.Helper()
	s := tl.Scale()
	if s.Validate() != nil || s.IsZero() {
		t.Fatalf("decoded scale %+v", s)
	}
	var sum int64
	for i, c := range tl.counts {
		if c < 0 || (i > s.Max-s.Min && c != 0) {
			t.Fatalf("count %d at %d", c, i)
		}
		sum += c
	}
	if sum != tl.N() {
		t.Fatalf("counts add up to %d, N %d", sum, tl.N())
	}
	// Until estimate's t quantile is finite at every df, a huge n may be
	// ErrNotFinite (see Result); never a NaN.
	r, err := tl.Result(estimateOptions0)
	switch {
	case tl.N() == 0 && !errors.Is(err, ErrEmpty),
		tl.N() > 0 && err != nil && !errors.Is(err, ErrNotFinite),
		err == nil && !finite(reflect.ValueOf(r)):
		t.Fatalf("Result: %+v, %v", r, err)
	}
}
