package retention

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/servq/servq/estimate"
)

// rawHistories simulates n customers of the CDNOW fit, first purchases
// spread over 12 weeks and observed to week 52, times in weeks at day
// resolution, as a log measured in days gives: the raw rows before
// compression.
func rawHistories(n int, seed uint64) []History {
	src := rand.NewPCG(seed, 3)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: fhl.R, Beta: fhl.Alpha, Src: src}
	pd := distuv.Beta{Alpha: fhl.A, Beta: fhl.B, Src: src}
	out := make([]History, n)
	for i := range out {
		T := float64(364-rng.IntN(84)) / 7
		l, p := lam.Rand(), pd.Rand()
		var x int64
		tx, t := 0.0, 0.0
		for {
			t = math.Ceil((t+rng.ExpFloat64()/l)*7) / 7
			if t > T {
				break
			}
			x, tx = x+1, t
			if rng.Float64() < p {
				break
			}
		}
		out[i] = History{X: x, Tx: tx, T: T}
	}
	return out
}

var (
	millionOnce sync.Once
	million     []History
)

func millionRows() []History {
	millionOnce.Do(func() { million = rawHistories(1_000_000, 1) })
	return million
}

func BenchmarkFitBGNBDCDNOW(b *testing.B) {
	h := cdnowHistories(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitBGNBD(h, estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompress1M is the first half of a fit on a million customers:
// adding their rows to a Histories.
func BenchmarkCompress1M(b *testing.B) {
	rows := millionRows()
	b.ReportAllocs()
	for b.Loop() {
		var h Histories
		if err := h.AddAll(rows); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFit1M is the second half: the fit of the compressed rows.
func BenchmarkFit1M(b *testing.B) {
	var h Histories
	if err := h.AddAll(millionRows()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitBGNBD(&h, estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(h.Len()), "rows")
}

func BenchmarkFitGammaGammaCDNOW(b *testing.B) {
	s := cdnowSpends(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitGammaGamma(s, estimate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPAlive(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		fhl.PAlive(2, 30.43, 38.86)
	}
}

func BenchmarkConditionalExpected(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		fhl.ConditionalExpected(39, 2, 30.43, 38.86)
	}
}

func BenchmarkCLV12Months(b *testing.B) {
	h := Horizon{Periods: 12, Length: 52.0 / 12, Rate: 0.01}
	b.ReportAllocs()
	for b.Loop() {
		CLV(fhl, fhlSpend, 2, 30.43, 38.86, 22.35, h)
	}
}
