package servqual

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// standardStudy draws n respondents on the Standard instrument: each has
// a latent expectation level near 6 and perception level near 5, shifted
// per dimension, plus item noise, rounded and clipped to 1..7; about 2 %
// of answers are Missing and every third respondent gives weights.
func standardStudy(seed uint64, n int) []Response {
	rng := rand.New(rand.NewPCG(seed, 7))
	in := Standard()
	shiftP := map[string]float64{"tangibles": 0.3, "reliability": -0.6, "responsiveness": -0.3, "assurance": 0, "empathy": -0.1}
	clip := func(v float64) int { return int(math.Max(1, math.Min(7, math.Round(v)))) }
	rs := make([]Response, n)
	for r := range rs {
		e0, p0 := 6+0.5*rng.NormFloat64(), 5+0.8*rng.NormFloat64()
		x := Response{Expectations: make([]int, 22), Perceptions: make([]int, 22)}
		for i, it := range in.Items {
			x.Expectations[i] = clip(e0 + 0.6*rng.NormFloat64())
			x.Perceptions[i] = clip(p0 + shiftP[it.Dimension] + 0.7*rng.NormFloat64())
			if rng.IntN(50) == 0 {
				x.Expectations[i] = Missing
			}
			if rng.IntN(50) == 0 {
				x.Perceptions[i] = Missing
			}
		}
		if r%3 == 0 {
			x.Weights = []float64{10, 30, 25, 20, 15}
		}
		rs[r] = x
	}
	return rs
}

// fataler is what testing.TB and *rapid.T share.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// sameResults fails unless a and b report the same scores and
// reliabilities within tol.
func sameResults(t fataler, a, b *Accumulator, tol float64) {
	t.Helper()
	ra, err := a.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ra.N != rb.N {
		t.Fatalf("N %d != %d", ra.N, rb.N)
	}
	means := func(r Result) []float64 {
		var v []float64
		add := func(m estimate.Mean) { v = append(v, m.Mean, m.SD, float64(m.N), m.CI.Lo, m.CI.Hi) }
		sc := func(s Scores) {
			for _, m := range []estimate.Mean{s.Expectation, s.Perception, s.Gap, s.Minimum, s.Desired, s.Adequacy, s.Superiority} {
				add(m)
			}
		}
		for _, it := range r.Items {
			sc(it.Scores)
		}
		for _, d := range r.Dimensions {
			sc(d.Scores)
			add(d.Weight)
		}
		sc(r.Overall)
		add(r.ItemGap)
		add(r.Weighted)
		v = append(v, r.WeightedMean)
		return v
	}
	va, vb := means(ra), means(rb)
	for i := range va {
		if !near(va[i], vb[i], tol) {
			t.Fatalf("result value %d: %.17g != %.17g", i, va[i], vb[i])
		}
	}
	for _, s := range []Series{Expectations, Perceptions, Gaps} {
		for _, d := range append([]string{""}, dimIDs(a)...) {
			x, errA := a.Reliability(s, d, estimate.Options{})
			y, errB := b.Reliability(s, d, estimate.Options{})
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s %q: errors %v, %v", s, d, errA, errB)
			}
			if errA != nil {
				continue
			}
			if x.N != y.N || !near(x.Alpha, y.Alpha, tol) || !near(x.Standardized, y.Standardized, tol) ||
				!near(x.CI.Lo, y.CI.Lo, tol) {
				t.Fatalf("%s %q: alpha %+v != %+v", s, d, x, y)
			}
		}
	}
}

func dimIDs(a *Accumulator) []string {
	var ids []string
	for _, d := range a.Instrument().Dimensions {
		ids = append(ids, d.ID)
	}
	return ids
}

// rows returns the complete rows of series s of rs over the items idx, re-keyed
// as the instrument says, computed here from the raw answers.
func rows(in Instrument, rs []Response, s Series, idx []int) [][]float64 {
	var out [][]float64
	for _, r := range rs {
		row := make([]float64, 0, len(idx))
		for _, i := range idx {
			e, p := r.Expectations[i], r.Perceptions[i]
			if e == Missing || p == Missing {
				if s == Gaps || (s == Expectations && e == Missing) || (s == Perceptions && p == Missing) {
					break
				}
			}
			key := func(x int) float64 {
				if in.Items[i].Reversed {
					return float64(in.Scale.Min + in.Scale.Max - x)
				}
				return float64(x)
			}
			switch s {
			case Expectations:
				row = append(row, key(e))
			case Perceptions:
				row = append(row, key(p))
			default:
				row = append(row, key(p)-key(e))
			}
		}
		if len(row) == len(idx) {
			out = append(out, row)
		}
	}
	return out
}

// textbookAlpha computes alpha from raw rows as a textbook does, with the
// variance of the row totals taken directly (not as a sum of covariances),
// so that it shares no code with the package.
func textbookAlpha(rows [][]float64) float64 {
	k, n := len(rows[0]), float64(len(rows))
	variance := func(x []float64) float64 {
		m := 0.0
		for _, v := range x {
			m += v
		}
		m /= n
		s := 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return s / (n - 1)
	}
	sumVar := 0.0
	for i := 0; i < k; i++ {
		col := make([]float64, len(rows))
		for r := range rows {
			col[r] = rows[r][i]
		}
		sumVar += variance(col)
	}
	tot := make([]float64, len(rows))
	for r := range rows {
		for _, v := range rows[r] {
			tot[r] += v
		}
	}
	return float64(k) / float64(k-1) * (1 - sumVar/variance(tot))
}

// TestStreamAlphaEqualsRaw: alpha from the streaming co-moments equals
// alpha from the raw matrix (textbook formula and Alpha) to 1e-12, for
// every series and dimension and the whole instrument.
func TestStreamAlphaEqualsRaw(t *testing.T) {
	rs := standardStudy(3, 2000)
	var a Accumulator
	for _, r := range rs {
		if err := a.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	in := Standard()
	worst := 0.0
	defer func() { t.Logf("largest |stream alpha - raw alpha|: %.3g", worst) }()
	for _, s := range []Series{Expectations, Perceptions, Gaps} {
		for _, d := range append([]string{""}, dimIDs(&a)...) {
			var idx []int
			for i, it := range in.Items {
				if d == "" || it.Dimension == d {
					idx = append(idx, i)
				}
			}
			raw := rows(in, rs, s, idx)
			got, err := a.Reliability(s, d, estimate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.N != int64(len(raw)) {
				t.Fatalf("%s %q: N %d, want %d complete rows", s, d, got.N, len(raw))
			}
			want := textbookAlpha(raw)
			worst = math.Max(worst, math.Abs(got.Alpha-want))
			if math.Abs(got.Alpha-want) > 1e-12 {
				t.Errorf("%s %q: stream alpha %.17g, raw %.17g", s, d, got.Alpha, want)
			}
			batch, err := Alpha(raw, estimate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Alpha-batch.Alpha) > 1e-12 || math.Abs(got.Standardized-batch.Standardized) > 1e-12 {
				t.Errorf("%s %q: stream %+v, Alpha %+v", s, d, got, batch)
			}
			for i := range got.Items {
				if math.Abs(got.Items[i].ItemRest-batch.Items[i].ItemRest) > 1e-12 {
					t.Errorf("%s %q item %d: item-rest %v, %v", s, d, i, got.Items[i].ItemRest, batch.Items[i].ItemRest)
				}
			}
		}
	}
}

// drawStudy draws a small random study on tiny() (1..7).
func drawStudy(t *rapid.T, label string) []Response {
	n := rapid.IntRange(3, 30).Draw(t, label+" n")
	ans := rapid.IntRange(1, 7)
	rs := make([]Response, n)
	for r := range rs {
		rs[r] = Response{
			Expectations: rapid.SliceOfN(ans, 4, 4).Draw(t, "e"),
			Perceptions:  rapid.SliceOfN(ans, 4, 4).Draw(t, "p"),
		}
	}
	return rs
}

// TestShiftProperty: adding c to every perception adds c to every gap
// (item, dimension, overall), and leaves the gaps' SDs as they were.
func TestShiftProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := drawStudy(t, "study")
		c := rapid.IntRange(-3, 3).Draw(t, "c")
		shifted := make([]Response, len(rs))
		for r, x := range rs {
			p := make([]int, 4)
			for i, v := range x.Perceptions {
				p[i] = v + c
			}
			shifted[r] = Response{Expectations: x.Expectations, Perceptions: p}
		}
		in := tiny()
		in.Scale.Min, in.Scale.Max = -2, 10 // room for the shift
		a, err := Summarize(in, rs, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Summarize(in, shifted, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Items {
			if !near(b.Items[i].Gap.Mean, a.Items[i].Gap.Mean+float64(c), 1e-12) || !near(b.Items[i].Gap.SD, a.Items[i].Gap.SD, 1e-9) {
				t.Fatalf("item %d: %v -> %v", i, a.Items[i].Gap, b.Items[i].Gap)
			}
		}
		for j := range a.Dimensions {
			if !near(b.Dimensions[j].Gap.Mean, a.Dimensions[j].Gap.Mean+float64(c), 1e-12) {
				t.Fatalf("dimension %d", j)
			}
		}
		if !near(b.SERVQUAL.Mean, a.SERVQUAL.Mean+float64(c), 1e-12) || !near(b.ItemGap.Mean, a.ItemGap.Mean+float64(c), 1e-12) {
			t.Fatalf("SERVQUAL %v -> %v", a.SERVQUAL.Mean, b.SERVQUAL.Mean)
		}
	})
}

// TestAlphaAtMostOne: alpha and the standardized alpha never exceed 1, and
// the Feldt interval holds alpha.
func TestAlphaAtMostOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 6).Draw(t, "k")
		n := rapid.IntRange(2, 20).Draw(t, "n")
		rows := make([][]float64, n)
		for r := range rows {
			row := rapid.SliceOfN(rapid.IntRange(1, 7), k, k).Draw(t, "row")
			rows[r] = make([]float64, k)
			for i, v := range row {
				rows[r][i] = float64(v)
			}
		}
		rel, err := Alpha(rows, estimate.Options{Level: rapid.Float64Range(0.5, 0.999).Draw(t, "level")})
		if err != nil {
			return // constant items: ErrNoVariance
		}
		if rel.Alpha > 1 || rel.Standardized > 1 || rel.MeanCorrelation > 1 || rel.MeanCorrelation < -1 {
			t.Fatalf("out of bounds: %+v", rel)
		}
		if !(rel.CI.Lo <= rel.Alpha && rel.Alpha <= rel.CI.Hi && rel.CI.Hi <= 1) {
			t.Fatalf("interval %+v for alpha %v", rel.CI, rel.Alpha)
		}
		for _, it := range rel.Items {
			if it.ItemRest < -1 || it.ItemRest > 1 || (it.AlphaIfDeleted != nil && *it.AlphaIfDeleted > 1) {
				t.Fatalf("item %+v", it)
			}
		}
	})
}

// TestWeightsProperty: weights that do not add up to 100 are rejected,
// and weights that do are accepted.
func TestWeightsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := rapid.SliceOfN(rapid.Float64Range(0, 100), 2, 2).Draw(t, "w")
		r := Response{Expectations: []int{4, 4, 4, 4}, Perceptions: []int{4, 4, 4, 4}, Weights: w}
		a, _ := NewAccumulator(tiny())
		err := a.Add(r)
		if math.Abs(w[0]+w[1]-100) > 1e-9 {
			if err == nil {
				t.Fatalf("weights %v accepted", w)
			}
			if a.N() != 0 {
				t.Fatal("rejected response counted")
			}
		}
		w2 := []float64{w[0], 100 - w[0]}
		if err := a.Add(Response{Expectations: r.Expectations, Perceptions: r.Perceptions, Weights: w2}); err != nil {
			t.Fatalf("weights %v rejected: %v", w2, err)
		}
	})
}

// TestMergeEqualsBatch: merging accumulators of any split of a study, in any
// order, gives the result of one accumulator of the whole.
func TestMergeEqualsBatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := drawStudy(t, "study")
		cut := rapid.IntRange(0, len(rs)).Draw(t, "cut")
		whole, _ := NewAccumulator(tiny())
		if err := whole.AddAll(rs); err != nil {
			t.Fatal(err)
		}
		a, _ := NewAccumulator(tiny())
		b, _ := NewAccumulator(tiny())
		_ = a.AddAll(rs[:cut])
		for _, r := range rs[cut:] {
			if err := b.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Merge(a); err != nil {
			t.Fatal(err)
		}
		sameResults(t, whole, b, 1e-9)
	})
}

// TestItemOrderProperty: listing a dimension's items in another order (and
// the answers with them) changes no score and no alpha.
func TestItemOrderProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := drawStudy(t, "study")
		perm := rapid.Permutation([]int{1, 2, 3}).Draw(t, "perm") // the items of b
		order := append([]int{0}, perm...)
		in := tiny()
		pin := in
		pin.Items = make([]Item, 4)
		for q, i := range order {
			pin.Items[q] = in.Items[i]
		}
		prs := make([]Response, len(rs))
		for r, x := range rs {
			e, p := make([]int, 4), make([]int, 4)
			for q, i := range order {
				e[q], p[q] = x.Expectations[i], x.Perceptions[i]
			}
			prs[r] = Response{Expectations: e, Perceptions: p}
		}
		a, _ := NewAccumulator(in)
		b, _ := NewAccumulator(pin)
		_ = a.AddAll(rs)
		_ = b.AddAll(prs)
		ra, _ := a.Result(estimate.Options{})
		rb, _ := b.Result(estimate.Options{})
		for j := range ra.Dimensions {
			if !near(ra.Dimensions[j].Gap.Mean, rb.Dimensions[j].Gap.Mean, 1e-12) {
				t.Fatalf("dimension %d gap", j)
			}
		}
		if !near(ra.SERVQUAL.Mean, rb.SERVQUAL.Mean, 1e-12) {
			t.Fatal("SERVQUAL")
		}
		x, errA := a.Reliability(Gaps, "b", estimate.Options{})
		y, errB := b.Reliability(Gaps, "b", estimate.Options{})
		if (errA == nil) != (errB == nil) {
			t.Fatalf("errors %v, %v", errA, errB)
		}
		if errA == nil && (!near(x.Alpha, y.Alpha, 1e-9) || !near(x.Standardized, y.Standardized, 1e-9)) {
			t.Fatalf("alpha %v != %v", x.Alpha, y.Alpha)
		}
		if errA == nil {
			// The item analysis follows its items.
			for q, i := range perm {
				if !slices.ContainsFunc(x.Items, func(it ItemReliability) bool {
					return it.ID == y.Items[q].ID && near(it.ItemRest, y.Items[q].ItemRest, 1e-9)
				}) {
					t.Fatalf("item %d (%d) item-rest moved", q, i)
				}
			}
		}
	})
}
