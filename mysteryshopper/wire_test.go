package mysteryshopper

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"pgregory.net/rapid"
)

// TestScoreBinaryByHand pins the encoding of a one-item score, worked out
// from the format of Score.MarshalBinary (float bits: 100 = 0x4059…,
// 60 = 0x404E…, 50 = 0x4049…, 1 = 0x3FF0…, 2 = 0x4000…, little-endian).
func TestScoreBinaryByHand(t *testing.T) {
	s := Score{Percent: 100, Points: 60, Possible: 60, Pass: true, CriticalFailures: 1,
		Sections: []SectionScore{{ID: "A", Scored: true, Percent: 50, Points: 1, Possible: 2}},
		Items:    []ItemScore{{ID: "a", Section: "A", Critical: true, Applicable: true, CriticalFailure: true}}}
	z := make([]byte, 8)
	want := slices.Concat(
		[]byte{1},                                                                  // version
		[]byte{0, 0, 0, 0, 0, 0, 0x59, 0x40}, []byte{0, 0, 0, 0, 0, 0, 0x4e, 0x40}, // Percent, Points
		[]byte{0, 0, 0, 0, 0, 0, 0x4e, 0x40}, z, // Possible, Bonus
		[]byte{1, 2, 0},                                                            // Pass, CriticalFailures zigzag(1) = 2, Triggered 0
		[]byte{1, 1, 'A', 1},                                                       // one section, "A", Scored
		[]byte{0, 0, 0, 0, 0, 0, 0x49, 0x40}, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, // Percent, Points
		[]byte{0, 0, 0, 0, 0, 0, 0, 0x40}, []byte{0}, // Possible, Triggered
		[]byte{1, 1, 'a', 1, 'A', 1, 0, 1, 0}, // one item "a" of "A": Critical, Bonus, Applicable, Met
		z, z, []byte{1},                       // Credit, Points, CriticalFailure
	)
	got, err := s.MarshalBinary()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("MarshalBinary =\n% x, %v; want\n% x", got, err, want)
	}
	var back Score
	if err := back.UnmarshalBinary(want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back, cmpopts.IgnoreUnexported(Score{})); diff != "" {
		t.Errorf("decoded score differs (-want +got):\n%s", diff)
	}
	if got, _ := (Score{}).MarshalBinary(); len(got) != 1+4*8+1+2+2 {
		t.Errorf("zero Score takes %d bytes, want 38", len(got))
	}
}

// wireScores returns the scores of the test visits on testChecklist.
func wireScores(t testing.TB) []Score {
	return scoreAll(t, mustScorer(t, testChecklist()), visitBest, visitMixed, visitFailed, visitNA)
}

func TestScoreDecodeCorrupt(t *testing.T) {
	ss := wireScores(t)
	// BadBinary sets the continuation bit of a byte and inserts a zero
	// after it. Inside a float that shifts the fields after it by a byte,
	// which a later varint can absorb into another valid encoding: in the
	// mixed visit, Triggered 1 (02) before 2 sections (02) reads, shifted,
	// as Triggered 0 and 2 sections, the first with id "\x01A". That is a
	// canonical encoding of another Score, rightly accepted (FuzzDecodeScore
	// checks canonicity in general); the best visit has no such pair.
	valid, _ := ss[0].MarshalBinary()
	s := ss[0]
	state := func() string { return fmt.Sprintf("%+v", s) }
	corrupt := apitest.Wraps[*estimate.ValueError](ErrCorrupt)
	apitest.CheckDecoder(t, "Score.UnmarshalBinary", s.UnmarshalBinary, state, corrupt, apitest.BadBinary(valid))
	head := valid[:1+4*8+1+2] // up to the sections' count
	huge := append(slices.Clone(head), 0xff, 0xff, 0xff, 0xff, 0x0f)
	over := append(slices.Clone(head), binary.AppendUvarint(nil, MaxItems+1)...)
	over = append(over, make([]byte, (MaxItems+1)*minSectionBytes+1)...) // the bytes are there
	bool2 := slices.Clone(valid)
	bool2[1+4*8] = 2 // Pass
	apitest.CheckDecoder(t, "Score.UnmarshalBinary", s.UnmarshalBinary, state, corrupt, []apitest.Bad{
		{Rule: "count past the data", Data: huge},
		{Rule: "more than MaxItems", Data: over},
		{Rule: "bool 2", Data: bool2},
		{Rule: "overlong varint", Data: slices.Concat(valid[:1+4*8+1], bytes.Repeat([]byte{0xff}, 10), []byte{1})},
	})
	// A hostile count is rejected before anything is allocated: only the
	// error's few hundred bytes are.
	if n := apitest.AllocBytes(func() { _ = s.UnmarshalBinary(huge) }); n > 4096 {
		t.Errorf("rejecting a huge count allocated %d bytes", n)
	}
}

// TestScoreBinaryAllocs: AppendBinary into a large enough buffer, and
// decoding the scores of one checklist into the same Score again and
// again, allocate nothing.
func TestScoreBinaryAllocs(t *testing.T) {
	ss := wireScores(t)
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf, _ = ss[0].AppendBinary(buf[:0]) }); n != 0 {
		t.Errorf("AppendBinary allocated %v times", n)
	}
	encs := make([][]byte, len(ss))
	for i := range ss {
		encs[i], _ = ss[i].MarshalBinary()
	}
	var dst Score
	_ = dst.UnmarshalBinary(encs[0])
	i := 0
	if n := testing.AllocsPerRun(100, func() { _ = dst.UnmarshalBinary(encs[i%len(encs)]); i++ }); n != 0 {
		t.Errorf("UnmarshalBinary into a used Score allocated %v times", n)
	}
}

// floatBits compares floats by their bits, so that NaN equals itself.
var floatBits = cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })

// drawScore draws a Score of any representable content: any float bits,
// any ints, any strings, up to 5 sections and 8 items.
func drawScore(t *rapid.T) Score {
	f := rapid.Map(rapid.Uint64(), math.Float64frombits)
	s := Score{Percent: f.Draw(t, "percent"), Points: f.Draw(t, "points"), Possible: f.Draw(t, "possible"),
		Bonus: f.Draw(t, "bonus"), Pass: rapid.Bool().Draw(t, "pass"),
		CriticalFailures: rapid.Int().Draw(t, "critical"), Triggered: rapid.Int().Draw(t, "triggered")}
	for range rapid.IntRange(0, 5).Draw(t, "sections") {
		s.Sections = append(s.Sections, SectionScore{ID: rapid.String().Draw(t, "sid"), Scored: rapid.Bool().Draw(t, "scored"),
			Percent: f.Draw(t, "sp"), Points: f.Draw(t, "spt"), Possible: f.Draw(t, "spos"), Triggered: rapid.Bool().Draw(t, "st")})
	}
	for range rapid.IntRange(0, 8).Draw(t, "items") {
		s.Items = append(s.Items, ItemScore{ID: rapid.String().Draw(t, "iid"), Section: rapid.String().Draw(t, "isec"),
			Critical: rapid.Bool().Draw(t, "ic"), Bonus: rapid.Bool().Draw(t, "ib"), Applicable: rapid.Bool().Draw(t, "ia"),
			Met: rapid.Bool().Draw(t, "im"), Credit: f.Draw(t, "icr"), Points: f.Draw(t, "ip"), CriticalFailure: rapid.Bool().Draw(t, "icf")})
	}
	return s
}

// TestScoreRoundTrip: any Score decodes to itself (every exported field,
// floats by their bits) and re-encodes to the same bytes, also when
// decoded into a Score that held another.
func TestScoreRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := drawScore(t)
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back := drawScore(t) // buffers to reuse
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		if diff := cmp.Diff(s, back, cmpopts.IgnoreUnexported(Score{}), cmpopts.EquateEmpty(), floatBits); diff != "" {
			t.Fatalf("decoded score differs (-want +got):\n%s", diff)
		}
		if p, _ := back.AppendBinary([]byte("prefix")); !bytes.Equal(p[6:], b) {
			t.Fatal("re-encoded after a prefix, the bytes differ")
		}
	})
}

// TestScoreDecodedAdds: on random checklists and visits, the decoded
// scores build the same Audit, byte for byte, as the originals, whether
// the Audit starts from zero or from NewAudit; Summarize agrees; and a
// forged score is rejected or accepted alike before and after the trip.
func TestScoreDecodedAdds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		sc, err := NewScorer(c)
		if err != nil {
			t.Fatal(err)
		}
		var orig, dec []Score
		var reused Score
		for range rapid.IntRange(1, 6).Draw(t, "visits") {
			var s Score
			if err := sc.Score(&s, genAnswers(t, c)); err != nil {
				continue // all N/A
			}
			b, _ := s.MarshalBinary()
			if err := reused.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			var d Score
			if err := d.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			orig, dec = append(orig, s), append(dec, d)
		}
		if len(orig) == 0 {
			return
		}
		starts := []func() *Audit{func() *Audit { return new(Audit) }, func() *Audit { return NewAudit(sc) }}
		for _, start := range starts {
			a, b, byAll := start(), start(), start()
			for i := range orig {
				if err := a.Add(&orig[i]); err != nil {
					t.Fatal(err)
				}
				if err := b.Add(&dec[i]); err != nil {
					t.Fatalf("decoded score %d rejected: %v", i, err)
				}
			}
			if err := byAll.AddAll(dec); err != nil {
				t.Fatal(err)
			}
			ab, _ := a.MarshalBinary()
			bb, _ := b.MarshalBinary()
			cb, _ := byAll.MarshalBinary()
			if !bytes.Equal(ab, bb) || !bytes.Equal(ab, cb) {
				t.Fatal("the Audit of the decoded scores differs from that of the originals")
			}
			if err := a.Merge(b); err != nil {
				t.Fatalf("merging the two audits: %v", err)
			}
		}
		if len(orig) >= 2 {
			r1, e1 := Summarize(orig, estimate.Options{})
			r2, e2 := Summarize(dec, estimate.Options{})
			if fmt.Sprint(e1) != fmt.Sprint(e2) || !cmp.Equal(r1, r2) {
				t.Fatalf("Summarize: %v %v, decoded %v %v", r1, e1, r2, e2)
			}
		}
		// A forged score (from JSON, one field spoiled) fares the same
		// after the binary trip.
		var forged Score
		js, _ := json.Marshal(orig[0])
		_ = json.Unmarshal(js, &forged)
		switch rapid.IntRange(0, 3).Draw(t, "spoil") {
		case 1:
			forged.Percent = rapid.Float64().Draw(t, "percent")
		case 2:
			forged.Items[0].Critical = !forged.Items[0].Critical
		case 3:
			forged.CriticalFailures = rapid.IntRange(-2, len(forged.Items)+1).Draw(t, "cf")
		}
		b, _ := forged.MarshalBinary()
		var back Score
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		for _, start := range starts {
			e1, e2 := start().Add(&forged), start().Add(&back)
			if fmt.Sprint(e1) != fmt.Sprint(e2) {
				t.Fatalf("Add(forged) = %v, Add(decoded) = %v", e1, e2)
			}
		}
	})
}

// FuzzDecodeScore: decoding never panics, and what decodes re-encodes to
// the same bytes.
func FuzzDecodeScore(f *testing.F) {
	for _, s := range append(wireScores(f), Score{}) {
		b, _ := s.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Score
		if err := s.UnmarshalBinary(b); err != nil {
			if !apitest.Wraps[*estimate.ValueError](ErrCorrupt)(err) {
				t.Fatalf("error %v is not a ValueError wrapping ErrCorrupt", err)
			}
			return
		}
		if got, _ := s.MarshalBinary(); !bytes.Equal(got, b) {
			t.Fatalf("% x decodes to %+v, which encodes as % x", b, s, got)
		}
	})
}

// TestDecodedScoreChecklistLimits: a zero Audit takes the checklist of a
// decoded Score only when it is one a Scorer could have: at most
// MaxItems items, checked before the layout is allocated.
func TestDecodedScoreChecklistLimits(t *testing.T) {
	big := Score{Sections: []SectionScore{{ID: "s"}}, Items: make([]ItemScore, MaxItems+1)}
	for i := range big.Items {
		big.Items[i] = ItemScore{ID: fmt.Sprint(i), Section: "s"}
	}
	var a Audit
	wantValueError(t, a.Add(&big), "mysteryshopper.Audit.Add", ErrChecklist)
	big.Items = big.Items[:MaxItems]
	if err := a.Add(&big); err != nil || a.N() != 1 {
		t.Errorf("a score of MaxItems items: %v, n %d", err, a.N())
	}
}
