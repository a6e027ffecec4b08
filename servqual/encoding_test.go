package servqual

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
)

func TestEncodingRoundTrip(t *testing.T) {
	var a Accumulator
	if err := a.AddAll(standardStudy(5, 40)); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var b Accumulator
	if err := json.Unmarshal(j, &b); err != nil {
		t.Fatal(err)
	}
	sameResults(t, &a, &b, 0)
	bin, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var c Accumulator
	if err := c.UnmarshalBinary(bin); err != nil {
		t.Fatal(err)
	}
	sameResults(t, &a, &c, 0)
	// Indented JSON is the same state.
	var ind bytes.Buffer
	_ = json.Indent(&ind, j, "", "  ")
	var d Accumulator
	if err := d.UnmarshalJSON(ind.Bytes()); err != nil {
		t.Fatal(err)
	}
	// The decoded accumulator keeps counting and merging.
	if err := d.Merge(&a); err != nil || d.N() != 2*a.N() {
		t.Fatalf("merge after decoding: %v", err)
	}
	t.Logf("JSON %d bytes, binary %d bytes", len(j), len(bin))
}

func TestEncodingZero(t *testing.T) {
	var z Accumulator
	j, _ := json.Marshal(z)
	if string(j) != "null" {
		t.Errorf("zero JSON %s", j)
	}
	b, _ := z.MarshalBinary()
	var y Accumulator
	if err := y.UnmarshalBinary(b); err != nil || y.l != nil {
		t.Errorf("zero binary: %v", err)
	}
	// A decoded zero still takes the instrument of what it merges.
	c, _ := NewAccumulator(tiny())
	if err := y.Merge(c); err != nil {
		t.Error(err)
	}
}

func TestEncodingCorrupt(t *testing.T) {
	a, _ := NewAccumulator(tiny())
	if err := a.AddAll(tinyStudy); err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(a)
	s := string(good)
	cases := map[string]string{
		"empty":         "",
		"not an object": "[]",
		"trailing":      s + "{}",
		"unknown key":   strings.Replace(s, `{"version":1,`, `{"version":1,"extra":0,`, 1),
		"duplicate key": strings.Replace(s, `{"version":1,`, `{"version":1,"version":1,`, 1),
		"missing key":   strings.Replace(s, `"n":3,`, ``, 1),
		"wrong type":    strings.Replace(s, `"n":3,`, `"n":"3",`, 1),
		"version":       strings.Replace(s, `{"version":1,`, `{"version":2,`, 1),
		"n too small":   strings.Replace(s, `"n":3,`, `"n":1,`, 1),
		"non-canonical": strings.Replace(s, `"n":3,`, `"n":3.0,`, 1),
		"bad scale":     strings.Replace(s, `"scale":{"min":1,"max":7}`, `"scale":{"min":7,"max":1}`, 1),
		"no instrument": strings.Replace(s, `"instrument":{`, `"instrument":null,"x":{`, 1),
	}
	// A mean off the scale: the first item's expectation mean (6) becomes 60.
	cases["mean off scale"] = strings.Replace(s, `"mean":6,`, `"mean":60,`, 1)
	for name, in := range cases {
		if in == s {
			t.Fatalf("%s: the case does not change the encoding", name)
		}
		b, _ := NewAccumulator(tiny())
		_ = b.Add(tinyStudy[0])
		before, _ := json.Marshal(b)
		err := b.UnmarshalJSON([]byte(in))
		wantErr(t, err, ErrCorrupt, "servqual.Accumulator.UnmarshalJSON")
		if after, _ := json.Marshal(b); !bytes.Equal(before, after) {
			t.Errorf("%s: state changed", name)
		}
	}

	bin, _ := a.MarshalBinary()
	bcases := map[string][]byte{
		"empty":    nil,
		"version":  append([]byte{2}, bin[1:]...),
		"flag":     append([]byte{1, 2}, bin[2:]...),
		"zero+":    {1, 0, 0},
		"short":    bin[:len(bin)-1],
		"trailing": append(append([]byte(nil), bin...), 0),
		"length":   append([]byte{1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f}, bin[3:]...),
	}
	// Non-minimal varint for n: replace the instrument length's varint
	// by a padded one.
	pad := append([]byte{1, 1}, bin[2]|0x80, bin[3]|0x80, 0)
	bcases["non-minimal"] = append(pad, bin[4:]...)
	for name, in := range bcases {
		var b Accumulator
		err := b.UnmarshalBinary(in)
		wantErr(t, err, ErrCorrupt, "servqual.Accumulator.UnmarshalBinary")
		if b.l != nil {
			t.Errorf("%s: state changed", name)
		}
	}
}

func TestResultJSON(t *testing.T) {
	r, err := Summarize(tiny(), tinyStudy, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	j2, _ := json.Marshal(back)
	if !bytes.Equal(j, j2) {
		t.Errorf("Result does not round-trip:\n%s\n%s", j, j2)
	}
	a, _ := NewAccumulator(tiny())
	_ = a.AddAll(tinyStudy)
	rel, err := a.Reliability(Perceptions, "b", estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, _ = json.Marshal(rel)
	var rb Reliability
	if err := json.Unmarshal(j, &rb); err != nil {
		t.Fatal(err)
	}
	if j2, _ := json.Marshal(rb); !bytes.Equal(j, j2) {
		t.Errorf("Reliability does not round-trip")
	}
}

// TestOverflow: an accumulator decoded with n = MaxInt64 (every answer
// missing would allow it) refuses more respondents, unchanged.
func TestOverflow(t *testing.T) {
	a, _ := NewAccumulator(tiny())
	_ = a.AddAll(tinyStudy)
	j, _ := json.Marshal(a)
	s := strings.Replace(string(j), `"n":3,`, `"n":9223372036854775807,`, 1)
	var big Accumulator
	if err := big.UnmarshalJSON([]byte(s)); err != nil {
		t.Fatal(err)
	}
	before, _ := big.MarshalBinary()
	wantErr(t, big.Add(tinyStudy[0]), ErrOverflow, "servqual.Accumulator.Add")
	wantErr(t, big.AddAll(tinyStudy), ErrOverflow, "servqual.Accumulator.AddAll")
	wantErr(t, big.Merge(a), ErrOverflow, "servqual.Accumulator.Merge")
	if after, _ := big.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("a refused respondent changed the state")
	}
}

// TestCorruptCoMoments: co-moments that no data could give are refused.
func TestCorruptCoMoments(t *testing.T) {
	a, _ := NewAccumulator(tiny())
	_ = a.AddAll(tinyStudy)
	var w stateJSON
	j, _ := json.Marshal(a)
	if err := json.Unmarshal(j, &w); err != nil {
		t.Fatal(err)
	}
	// The control: re-encoded unchanged, the state decodes.
	again, _ := json.Marshal(w)
	var control Accumulator
	if err := control.UnmarshalJSON(again); err != nil {
		t.Fatalf("control: %v", err)
	}
	for name, mutate := range map[string]func(c *comomentsJSON){
		"negative variance": func(c *comomentsJSON) { c.C[0] = -1 },
		"correlation > 1":   func(c *comomentsJSON) { c.C[1] = 10 * (c.C[0] + c.C[4] + 1) },
		"n above the total": func(c *comomentsJSON) { c.N = 4 },
		"mean off scale":    func(c *comomentsJSON) { c.Mean[0] = 8 },
	} {
		var v stateJSON
		_ = json.Unmarshal(j, &v)
		c := v.Cov[1][0] // perceptions of every item
		c.Mean, c.C = append([]float64(nil), c.Mean...), append([]float64(nil), c.C...)
		mutate(&c)
		v.Cov[1][0] = c
		bad, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var b Accumulator
		wantErr(t, b.UnmarshalJSON(bad), ErrCorrupt, "servqual.Accumulator.UnmarshalJSON")
		if b.l != nil {
			t.Errorf("%s: state changed", name)
		}
	}
}
