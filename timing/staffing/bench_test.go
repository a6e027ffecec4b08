package staffing

import (
	"strconv"
	"testing"
	"time"
)

// benchQueue has A Erlangs of 5-minute contacts in a half hour.
func benchQueue(a float64) Queue {
	return Queue{Contacts: a * 6, Interval: 30 * time.Minute, AHT: 5 * time.Minute}
}

var benchTargets = Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Shrinkage: 0.3}

func BenchmarkAgentsC(b *testing.B) {
	for _, a := range []float64{100, 1000, 10000} {
		q := benchQueue(a)
		b.Run("A="+strconv.Itoa(int(a)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AgentsC(q, benchTargets); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAgentsA(b *testing.B) {
	for _, a := range []float64{100, 1000, 10000} {
		q := benchQueue(a)
		b.Run("A="+strconv.Itoa(int(a)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AgentsA(q, 2*time.Minute, benchTargets); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkErlangA(b *testing.B) {
	q := benchQueue(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ErlangA(q, 2*time.Minute, 10050, 20*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanC(b *testing.B) {
	day := make([]Queue, 48) // a day of half hours, 10 to 500 Erlangs
	for i := range day {
		day[i] = benchQueue(10 + float64(i*i%490))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanC(day, benchTargets); err != nil {
			b.Fatal(err)
		}
	}
}
