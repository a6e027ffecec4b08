package mysteryshopper

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestAuditEncodingRoundTrip(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := new(Audit)
	if err := a.AddAll(scoreAll(t, s, visitMixed, visitBest, visitFailed, visitNA)); err != nil {
		t.Fatal(err)
	}
	for _, src := range []*Audit{a, new(Audit), NewAudit(s)} {
		bin, err := src.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(src)
		if err != nil {
			t.Fatal(err)
		}
		var fromBin, fromJSON Audit
		if err := fromBin.UnmarshalBinary(bin); err != nil {
			t.Fatalf("binary %x: %v", bin, err)
		}
		if err := json.Unmarshal(js, &fromJSON); err != nil {
			t.Fatalf("JSON %s: %v", js, err)
		}
		for _, got := range []*Audit{&fromBin, &fromJSON} {
			b2, _ := got.MarshalBinary()
			j2, _ := json.Marshal(got)
			if !bytes.Equal(b2, bin) || !bytes.Equal(j2, js) {
				t.Errorf("round trip changed the state:\n%s\n%s", js, j2)
			}
		}
		if src.N() > 0 && !sameResult(resultOf(t, &fromBin), resultOf(t, src)) {
			t.Error("decoded audit reports another result")
		}
	}
	// A decoded audit merges with one from the Scorer.
	var dec Audit
	bin, _ := a.MarshalBinary()
	_ = dec.UnmarshalBinary(bin)
	if err := dec.Merge(a); err != nil || dec.N() != 8 {
		t.Errorf("merge of decoded: %v, n %d", err, dec.N())
	}
}

func TestAuditUnmarshalJSONRejects(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := new(Audit)
	if err := a.AddAll(scoreAll(t, s, visitMixed, visitBest)); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(a)
	good := string(js)
	for _, c := range []struct{ name, from, to string }{
		{"unknown key", `"passed"`, `"passes"`},
		{"missing key", `"flagged":1,`, ``},
		{"duplicate key", `"passed":1`, `"passed":1,"passed":1`},
		{"wrong type", `"passed":1`, `"passed":"1"`},
		{"trailing data", `]}`, `]} []`},
		{"other version", `"version":1`, `"version":2`},
		{"passed above visits", `"passed":1`, `"passed":3`},
		{"negative count", `"passed":1`, `"passed":-1`},
		{"met above applicable", `"met":[2,`, `"met":[3,`},
		{"duplicate item id", `"a2"`, `"a1"`},
		{"items out of order", `"itemSections":[0,0,0,1,1,1]`, `"itemSections":[0,1,0,1,1,1]`},
		{"section without items", `"itemSections":[0,0,0,1,1,1]`, `"itemSections":[0,0,0,0,0,0]`},
		{"short list", `"met":[2,`, `"met":[`},
		{"mean above 100", `"mean":83.75`, `"mean":183.75`},
		{"null", good, `{"version":null}`},
		{"unknown key in moments", `"m2":528.125}`, `"m2":528.125,"sd":1}`},
		{"missing key in moments", `,"m2":528.125}`, `}`},
		{"moments of one with spread", `"score":{"n":2`, `"score":{"n":1`},
		{"unknown flag", `"itemFlags":[0,0,1`, `"itemFlags":[0,0,4`},
		{"critical bonus", `"itemFlags":[0,0,1`, `"itemFlags":[0,0,3`},
		{"short flags", `"itemFlags":[0,0,1`, `"itemFlags":[0,1`},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatalf("%q not in %s", c.from, good)
			}
			b := *a
			err := b.UnmarshalJSON([]byte(bad))
			if err == nil {
				t.Fatalf("accepted %s", bad)
			}
			wantValueError(t, err, "", ErrCorrupt)
			if j, _ := json.Marshal(&b); string(j) != good {
				t.Error("a rejected decoding changed the audit")
			}
		})
	}
	// null leaves it unchanged.
	b := *a
	if err := b.UnmarshalJSON([]byte("null")); err != nil || b.N() != 2 {
		t.Errorf("null: %v, n %d", err, b.N())
	}
}

func TestAuditUnmarshalBinaryRejects(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := new(Audit)
	if err := a.AddAll(scoreAll(t, s, visitMixed, visitBest)); err != nil {
		t.Fatal(err)
	}
	good, _ := a.MarshalBinary()
	cases := map[string][]byte{
		"empty":          {},
		"version":        append([]byte{2}, good[1:]...),
		"truncated":      good[:len(good)-1],
		"trailing":       append(append([]byte(nil), good...), 0),
		"non-minimal":    append([]byte{1, 0x86, 0x00}, good[2:]...), // 6 items as two bytes
		"huge lengths":   {1, 0xff, 0xff, 0xff, 0xff, 0x0f, 1},
		"zero with data": {1, 0, 0, 1},
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			c := *a
			wantValueError(t, c.UnmarshalBinary(b), "", ErrCorrupt)
			if got, _ := c.MarshalBinary(); !bytes.Equal(got, good) {
				t.Error("a rejected decoding changed the audit")
			}
		})
	}
}
