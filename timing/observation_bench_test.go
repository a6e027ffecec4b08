package timing

import (
	"testing"
	"time"
)

// BenchmarkObservationEncode: AppendBinary into a reused buffer and
// UnmarshalBinary back, per observation (the cost of sending one to a
// Beam worker or a queue, without the transport).
func BenchmarkObservationEncode(b *testing.B) {
	m := metricsFixture(b)[0]
	c := Contact{Wait: 20 * time.Second, Abandoned: true}
	s := TargetState{Target: Target{Metric: FirstReply, Priority: "urgent", Within: time.Hour, Business: true}, State: Achieved, Elapsed: time.Minute, Left: 59 * time.Minute}
	buf := make([]byte, 0, 512)
	b.Run("Contact", func(b *testing.B) {
		b.ReportAllocs()
		var d Contact
		for b.Loop() {
			buf, _ = c.AppendBinary(buf[:0])
			if err := d.UnmarshalBinary(buf); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("TargetState", func(b *testing.B) {
		b.ReportAllocs()
		var d TargetState
		for b.Loop() {
			buf, _ = s.AppendBinary(buf[:0])
			if err := d.UnmarshalBinary(buf); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("Metrics", func(b *testing.B) {
		b.ReportAllocs()
		var d Metrics
		for b.Loop() {
			buf, _ = m.AppendBinary(buf[:0])
			if err := d.UnmarshalBinary(buf); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
}

// BenchmarkServiceLevelAdd: one Contact per Add.
func BenchmarkServiceLevelAdd(b *testing.B) {
	cs := make([]Contact, 1024)
	for i := range cs {
		cs[i] = Contact{Wait: time.Duration(i*37%60) * time.Second, Abandoned: i%11 == 0}
	}
	b.ReportAllocs()
	sl := ServiceLevel{Target: 20 * time.Second}
	for b.Loop() {
		for _, c := range cs {
			_ = sl.Add(c)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cs)), "ns/contact")
}
