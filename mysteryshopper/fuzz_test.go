package mysteryshopper

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// FuzzParseChecklist checks that any input either loads as a checklist
// that scores, or returns an *estimate.ValueError; never a panic.
func FuzzParseChecklist(f *testing.F) {
	for _, fn := range []func(string) (Checklist, error){Report, Protocol} {
		c, _ := fn(English)
		b, _ := json.Marshal(c)
		f.Add(b)
	}
	b, _ := json.Marshal(testChecklist())
	f.Add(b)
	f.Add([]byte(`{"sections":[{"id":"s","weight":1,"items":[{"id":"i","kind":"yesno","weight":1}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseChecklist(b)
		if err != nil {
			var ve *estimate.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a ValueError", err)
			}
			return
		}
		s, err := NewScorer(c)
		if err != nil {
			t.Fatalf("loaded checklist does not score: %v", err)
		}
		// Every item at its first answer, then every item at yes, its
		// top rating or its second option: the score is in range and
		// every number finite.
		answers := make([]Answer, s.Len())
		for pass := range 2 {
			for i := range answers {
				answers[i] = Chose(pass)
				if s.items[i].kind == Rating {
					answers[i] = Rated([2]int{s.items[i].min, s.items[i].max}[pass])
				}
			}
			var sc Score
			if err := s.Score(&sc, answers); err == nil {
				if !(sc.Percent >= 0 && sc.Percent <= 100) {
					t.Fatalf("score %v", sc.Percent)
				}
				for _, v := range []float64{sc.Points, sc.Possible, sc.Bonus} {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("score %+v is not finite", sc)
					}
				}
			}
		}
	})
}

// FuzzScore scores arbitrary answers to the test checklist: each pair of
// bytes is a status and a value. The score is in range or the error is a
// ValueError.
func FuzzScore(f *testing.F) {
	f.Add([]byte{1, 1, 1, 5, 1, 1, 1, 0, 1, 1, 1, 0})
	f.Add([]byte{2, 0, 1, 3, 1, 1, 2, 0, 2, 0, 0, 0})
	f.Add([]byte{1, 1, 1, 9, 1, 1, 1, 7, 1, 2, 5, 5})
	s := mustScorer(f, testChecklist())
	var sc Score
	var au Audit
	f.Fuzz(func(t *testing.T, b []byte) {
		var answers []Answer
		for i := 0; i+1 < len(b); i += 2 {
			answers = append(answers, Answer{Status: Status(b[i] % 4), Value: int(int8(b[i+1]))})
		}
		err := s.Score(&sc, answers)
		if err != nil {
			var ve *estimate.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a ValueError", err)
			}
			return
		}
		if !(sc.Percent >= 0 && sc.Percent <= 100) || sc.Points > sc.Possible {
			t.Fatalf("score %v %%, %v of %v", sc.Percent, sc.Points, sc.Possible)
		}
		if err := au.Add(&sc); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseAnswers reads arbitrary text answers.
func FuzzParseAnswers(f *testing.F) {
	f.Add("a1", "sí", "b1", "ok")
	f.Add("a2", "7", "zz", "")
	f.Add("b1", "2", "a3", "n/a")
	s := mustScorer(f, testChecklist())
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		out, err := s.ParseAnswers(map[string]string{k1: v1, k2: v2}, nil)
		if err != nil {
			var ve *estimate.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a ValueError", err)
			}
			return
		}
		var sc Score
		if err := s.Score(&sc, out); err == nil && !(sc.Percent >= 0 && sc.Percent <= 100) {
			t.Fatalf("score %v", sc.Percent)
		}
	})
}

// FuzzAuditUnmarshalJSON: a decoded audit re-encodes to what decodes to
// the same state, and reports a finite result or an error.
func FuzzAuditUnmarshalJSON(f *testing.F) {
	s := mustScorer(f, testChecklist())
	var a Audit
	for _, v := range [][]Answer{visitBest, visitMixed, visitNA} {
		var sc Score
		_ = s.Score(&sc, v)
		_ = a.Add(&sc)
		b, _ := json.Marshal(&a)
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"items":[],"itemSections":[],"sections":[],"score":{"n":0,"mean":0,"m2":0},"passed":0,"critical":0,"flagged":0,"sectionScores":[],"met":[],"applicable":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var x Audit
		if err := x.UnmarshalJSON(b); err != nil {
			return
		}
		checkDecoded(t, &x)
	})
}

// FuzzAuditUnmarshalBinary is FuzzAuditUnmarshalJSON for the binary form.
func FuzzAuditUnmarshalBinary(f *testing.F) {
	s := mustScorer(f, testChecklist())
	var a Audit
	b, _ := a.MarshalBinary()
	f.Add(b)
	for _, v := range [][]Answer{visitBest, visitMixed, visitFailed} {
		var sc Score
		_ = s.Score(&sc, v)
		_ = a.Add(&sc)
		b, _ := a.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var x Audit
		if err := x.UnmarshalBinary(b); err != nil {
			return
		}
		if again, _ := x.MarshalBinary(); string(again) != string(b) {
			t.Fatalf("non-canonical input accepted:\n%x\n%x", b, again)
		}
		checkDecoded(t, &x)
	})
}

func checkDecoded(t *testing.T, x *Audit) {
	js, _ := json.Marshal(x)
	var y Audit
	if err := json.Unmarshal(js, &y); err != nil {
		t.Fatalf("re-encoded JSON does not decode: %v\n%s", err, js)
	}
	r, err := x.Result(estimate.Options{})
	if err != nil {
		return
	}
	if !(r.Score >= 0 && r.Score <= 100) || !(r.PassRate >= 0 && r.PassRate <= 1) || r.ScoreCI.Lo > r.ScoreCI.Hi {
		t.Fatalf("result %+v", r)
	}
	for _, it := range r.Items {
		if !(it.Compliance >= 0 && it.Compliance <= 1) {
			t.Fatalf("item %+v", it)
		}
	}
	var m Audit
	if err := m.Merge(x); err != nil {
		t.Fatalf("merge of a decoded audit: %v", err)
	}
	// The questions asked of audits take decoded ones without panicking
	// and answer in range.
	if c, err := Compare(x, &m, estimate.Options{}); err == nil && !(c.Score.P >= 0 && c.Score.P <= 1) {
		t.Fatalf("compare %+v", c)
	}
	seq := func(yield func(Cell, *Audit) bool) {
		_ = yield(Cell{"b", "s1"}, x) && yield(Cell{"b", "s2"}, &m)
	}
	if es, err := ShopperEffects(seq, 0, estimate.Options{}); err == nil {
		for _, e := range es {
			if !(e.Deviation >= -100 && e.Deviation <= 100) || e.CI.Lo > e.CI.Hi {
				t.Fatalf("effect %+v", e)
			}
		}
	}
}
