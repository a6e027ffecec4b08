package servqual

import (
	"testing"

	"github.com/servq/servq/estimate"
)

// TestAddAllocates checks that Add allocates nothing once the accumulator
// exists, and that the state does not grow with the respondents: its
// encoding keeps its size but for the varint of n.
func TestAddAllocates(t *testing.T) {
	rs := standardStudy(11, 200)
	var a Accumulator
	_ = a.Add(rs[0])
	i := 0
	allocs := testing.AllocsPerRun(100, func() {
		if err := a.Add(rs[i%len(rs)]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per respondent", allocs)
	}
	small, _ := a.MarshalBinary()
	for _, r := range standardStudy(12, 2000) {
		_ = a.Add(r)
	}
	large, _ := a.MarshalBinary()
	// Only the varint of n may grow (one byte here: 102 -> 2102).
	if d := len(large) - len(small); d < 0 || d > 1 {
		t.Errorf("state grew from %d to %d bytes", len(small), len(large))
	}
}

// BenchmarkAdd100k scores 100,000 respondents × 22 items in one pass (one
// op is the whole study); allocations are those of the accumulator, made
// once, not per respondent.
func BenchmarkAdd100k(b *testing.B) {
	rs := standardStudy(21, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		var a Accumulator
		for i := range rs {
			if err := a.Add(rs[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAdd is one respondent of 22 items.
func BenchmarkAdd(b *testing.B) {
	rs := standardStudy(22, 1000)
	var a Accumulator
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := a.Add(rs[i%len(rs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkResult is the whole Result of the standard instrument.
func BenchmarkResult(b *testing.B) {
	var a Accumulator
	_ = a.AddAll(standardStudy(23, 1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Result(estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReliability is alpha and the item analysis of the 22 gaps.
func BenchmarkReliability(b *testing.B) {
	var a Accumulator
	_ = a.AddAll(standardStudy(24, 1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Reliability(Gaps, "", estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerge merges two accumulators of the standard instrument.
func BenchmarkMerge(b *testing.B) {
	var a, o Accumulator
	_ = o.AddAll(standardStudy(25, 100))
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Merge(&o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResponseAppendBinary encodes one respondent of 22 items
// (expectations and perceptions) into a reused buffer.
func BenchmarkResponseAppendBinary(b *testing.B) {
	rs := standardStudy(23, 1000)
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf, _ = rs[i%len(rs)].AppendBinary(buf[:0])
		i++
	}
}

// BenchmarkResponseUnmarshalBinary decodes one respondent of 22 items:
// the two slices of a fresh Response are its allocations.
func BenchmarkResponseUnmarshalBinary(b *testing.B) {
	rs := standardStudy(24, 1000)
	encs := make([][]byte, len(rs))
	for i := range rs {
		encs[i], _ = rs[i].MarshalBinary()
	}
	var r Response
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := r.UnmarshalBinary(encs[i%len(encs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
