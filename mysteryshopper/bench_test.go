package mysteryshopper

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/servq/servq/rating"
)

// checklist40 is a 40-item checklist: 8 sections of 5 items, yes/no,
// ratings on 1..5 and 4-option choices, one critical item and one bonus
// per section.
func checklist40() Checklist {
	c := Checklist{ID: "b40", PassMark: 80}
	for si := range 8 {
		s := Section{ID: "s" + strconv.Itoa(si), Weight: float64(10 + si), Trigger: 50}
		for ii := range 5 {
			it := Item{ID: "s" + strconv.Itoa(si) + "i" + strconv.Itoa(ii), Weight: float64(1 + ii%3)}
			switch ii % 3 {
			case 0:
				it.Kind = YesNo
			case 1:
				it.Kind = Rating
				it.Scale = rating.Scale{Min: 1, Max: 5}
			case 2:
				it.Kind = Choice
				it.Options = []Option{{"a", 3, false}, {"b", 2, false}, {"c", 1, false}, {"d", 0, false}}
			}
			it.Critical = ii == 0
			it.Bonus = ii == 4
			s.Items = append(s.Items, it)
		}
		c.Sections = append(c.Sections, s)
	}
	return c
}

// answers40 returns k random answer sets for checklist40, about one item
// in ten N/A.
func answers40(s *Scorer, k int) [][]Answer {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([][]Answer, k)
	for v := range out {
		a := make([]Answer, s.Len())
		for i, it := range s.items {
			switch {
			case r.IntN(10) == 0:
				a[i] = NA()
			case it.kind == YesNo:
				a[i] = Rated(r.IntN(2))
			case it.kind == Rating:
				a[i] = Rated(1 + r.IntN(5))
			default:
				a[i] = Chose(r.IntN(4))
			}
		}
		out[v] = a
	}
	return out
}

// BenchmarkScore scores one visit of a 40-item checklist per op.
func BenchmarkScore(b *testing.B) {
	s := mustScorer(b, checklist40())
	visits := answers40(s, 1024)
	var sc Score
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.Score(&sc, visits[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkScoreAudit1M scores 1,000,000 visits of a 40-item checklist and
// adds each to an Audit, per op; ns/visit is the time per visit.
func BenchmarkScoreAudit1M(b *testing.B) {
	const n = 1_000_000
	s := mustScorer(b, checklist40())
	visits := answers40(s, 1024)
	var sc Score
	var a Audit
	b.ReportAllocs()
	for b.Loop() {
		a.Reset()
		for i := range n {
			if err := s.Score(&sc, visits[i&1023]); err != nil {
				b.Fatal(err)
			}
			if err := a.Add(&sc); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/visit")
}

// BenchmarkAuditMarshalBinary encodes the audit of a 40-item checklist.
func BenchmarkAuditMarshalBinary(b *testing.B) {
	s := mustScorer(b, checklist40())
	a := NewAudit(s)
	var sc Score
	for _, v := range answers40(s, 100) {
		_ = s.Score(&sc, v)
		_ = a.Add(&sc)
	}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = a.AppendBinary(buf[:0])
	}
}

// BenchmarkScoreAppendBinary encodes one visit of a 40-item checklist
// into a reused buffer.
func BenchmarkScoreAppendBinary(b *testing.B) {
	s := mustScorer(b, checklist40())
	var sc Score
	if err := s.Score(&sc, answers40(s, 1)[0]); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = sc.AppendBinary(buf[:0])
	}
}

// BenchmarkScoreUnmarshalBinary decodes visits of a 40-item checklist
// into a reused Score, and BenchmarkScoreDecodeAudit1M decodes and adds
// them to a zero Audit: the cost a combiner pays per visit.
func BenchmarkScoreUnmarshalBinary(b *testing.B) {
	encs := encoded40(b, 1024)
	var sc Score
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := sc.UnmarshalBinary(encs[i%len(encs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkScoreDecodeAudit1M(b *testing.B) {
	encs := encoded40(b, 1024)
	const n = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		var a Audit
		var sc Score
		for i := range n {
			if err := sc.UnmarshalBinary(encs[i%len(encs)]); err != nil {
				b.Fatal(err)
			}
			if err := a.Add(&sc); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/visit")
}

// encoded40 returns the encodings of k scored visits of checklist40.
func encoded40(b *testing.B, k int) [][]byte {
	s := mustScorer(b, checklist40())
	out := make([][]byte, k)
	var sc Score
	for i, a := range answers40(s, k) {
		if err := s.Score(&sc, a); err != nil {
			b.Fatal(err)
		}
		out[i], _ = sc.MarshalBinary()
	}
	return out
}
