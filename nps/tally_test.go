package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

// A *Tally is what package group holds: Merge(*T) error on a pointer to a
// zero-ready T.
var _ interface{ Merge(*Tally) error } = (*Tally)(nil)

func TestTallyAdd(t *testing.T) {
	var ta Tally // the zero value is ready to use
	for _, x := range []int{0, 6, 7, 8, 9, 10, 10} {
		if err := ta.Add(x); err != nil {
			t.Fatalf("Add(%d) = %v", x, err)
		}
	}
	want := [11]int64{1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2}
	if countsOf(&ta) != want || ta.N() != 7 {
		t.Errorf("Counts, N = %v, %d, want %v, 7", countsOf(&ta), ta.N(), want)
	}
	for _, x := range []int{-1, 11, math.MinInt, math.MaxInt} {
		err := ta.Add(x)
		wantValueErr(t, err, ErrOutOfRange, "nps.Tally.Add", -1, "out of range 0..10")
		if countsOf(&ta) != want || ta.N() != 7 {
			t.Errorf("rejected Add(%d) changed the tally", x)
		}
	}
	err := ta.Add(11)
	if got := err.Error(); got != "nps.Tally.Add: score 11: out of range 0..10" {
		t.Errorf("message = %q", got)
	}
	ta.Reset()
	if ta != (Tally{}) {
		t.Errorf("Reset left %+v", ta)
	}
}

func TestTallyAddN(t *testing.T) {
	var ta Tally
	if err := ta.AddN(9, 5); err != nil {
		t.Fatal(err)
	}
	if err := ta.AddN(3, 0); err != nil { // a zero count does nothing
		t.Fatal(err)
	}
	if ta.N() != 5 || countsOf(&ta)[9] != 5 || countsOf(&ta)[3] != 0 {
		t.Errorf("got %v", countsOf(&ta))
	}
	before := ta
	wantValueErr(t, ta.AddN(12, 1), ErrOutOfRange, "nps.Tally.AddN", -1, "score 12: out of range 0..10")
	wantValueErr(t, ta.AddN(5, -2), ErrCount, "nps.Tally.AddN", -1, "count -2")
	wantValueErr(t, ta.AddN(5, math.MaxInt64), ErrOverflow, "nps.Tally.AddN", -1, "count")
	if ta != before {
		t.Errorf("rejected AddN changed the tally")
	}
}

// TestTallyOverflow fills a tally to math.MaxInt64 scores and checks that
// every way of adding one more is rejected and changes nothing.
func TestTallyOverflow(t *testing.T) {
	var full Tally
	if err := full.AddN(10, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	before := full
	wantValueErr(t, full.Add(10), ErrOverflow, "nps.Tally.Add", -1, "count overflows int64")
	wantValueErr(t, full.AddN(0, 1), ErrOverflow, "nps.Tally.AddN", -1, "count 1")
	wantValueErr(t, full.AddAll([]int{3}), ErrOverflow, "nps.Tally.AddAll", -1, "count 1")
	var one Tally
	if err := one.Add(0); err != nil {
		t.Fatal(err)
	}
	wantValueErr(t, full.Merge(&one), ErrOverflow, "nps.Tally.Merge", -1, "count 1")
	if full != before {
		t.Errorf("rejected additions changed the tally")
	}
	// A bad score is reported before the overflow.
	wantValueErr(t, full.Add(-3), ErrOutOfRange, "nps.Tally.Add", -1, "score -3")
	// A full tally still has a result: every answer a promoter.
	r, err := full.Result(estimate.Options{})
	if err != nil || r.NPS != 100 || r.N != math.MaxInt64 {
		t.Errorf("Result = %+v, %v", r, err)
	}
}

func TestTallyAddAll(t *testing.T) {
	xs := []int{10, 9, 9, 9, 9, 8, 7, 8, 3, 6, 0, 10, 5}
	var ta, tb Tally
	if err := ta.AddAll(xs); err != nil {
		t.Fatal(err)
	}
	for _, x := range xs {
		if err := tb.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	if ta != tb {
		t.Errorf("AddAll = %+v, Add one by one = %+v", ta, tb)
	}
	// The bad score's index is its position, in the unrolled part and in
	// the tail; nothing of the slice is counted.
	for _, i := range []int{0, 3, 4, 11, 12} {
		bad := slices.Clone(xs)
		bad[i] = 11
		before := ta
		wantValueErr(t, ta.AddAll(bad), ErrOutOfRange, "nps.Tally.AddAll", i, "score 11 at index")
		if ta != before {
			t.Errorf("rejected AddAll changed the tally")
		}
	}
	if err := ta.AddAll(nil); err != nil || ta != tb {
		t.Errorf("AddAll(nil) = %v", err)
	}
}

func TestTallyMerge(t *testing.T) {
	a := tallyOf(t, 3, 2, 1)
	b := tallyOf(t, 1, 0, 4)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if want := tallyOf(t, 4, 2, 5); *a != *want {
		t.Errorf("Merge = %+v, want %+v", a, want)
	}
	if err := a.Merge(nil); err != nil {
		t.Errorf("Merge(nil) = %v", err)
	}
	if err := a.Merge(a); err != nil { // doubles every count
		t.Fatal(err)
	}
	if want := tallyOf(t, 8, 4, 10); *a != *want {
		t.Errorf("self Merge = %+v, want %+v", a, want)
	}
	if *b != *tallyOf(t, 1, 0, 4) {
		t.Errorf("Merge modified its argument")
	}
}

// scoresGen draws slices of valid scores.
var scoresGen = rapid.SliceOfN(rapid.IntRange(0, 10), 0, 300)

// TestTallyProperties checks with rapid that merging the tallies of the
// parts of a sequence equals tallying the whole, that the order of Adds
// does not matter, that AddAll equals Add one by one, and that a rejected
// Add leaves the tally unchanged.
func TestTallyProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := scoresGen.Draw(t, "scores")
		var whole Tally
		for _, x := range xs {
			if err := whole.Add(x); err != nil {
				t.Fatal(err)
			}
		}
		// Merge of parts equals the whole.
		cuts := rapid.SliceOfN(rapid.IntRange(0, len(xs)), 0, 5).Draw(t, "cuts")
		slices.Sort(cuts)
		var merged Tally
		prev := 0
		for _, c := range append(cuts, len(xs)) {
			var part Tally
			if err := part.AddAll(xs[prev:c]); err != nil {
				t.Fatal(err)
			}
			if err := merged.Merge(&part); err != nil {
				t.Fatal(err)
			}
			prev = c
		}
		if merged != whole {
			t.Fatalf("merged parts %+v != whole %+v", merged, whole)
		}
		// Order does not matter.
		perm := rapid.Permutation(xs).Draw(t, "permutation")
		var shuffled Tally
		for _, x := range perm {
			if err := shuffled.Add(x); err != nil {
				t.Fatal(err)
			}
		}
		if shuffled != whole {
			t.Fatalf("permuted %+v != whole %+v", shuffled, whole)
		}
		// A rejected Add, AddN or AddAll changes nothing.
		bad := rapid.OneOf(rapid.IntRange(math.MinInt, -1), rapid.IntRange(11, math.MaxInt)).Draw(t, "bad")
		before := whole
		if whole.Add(bad) == nil || whole.AddN(bad, 3) == nil || whole.AddAll(append(slices.Clone(xs), bad)) == nil {
			t.Fatalf("score %d accepted", bad)
		}
		if whole != before {
			t.Fatalf("rejected input changed the tally")
		}
		// N is the sum of the counts.
		var sum int64
		for _, c := range countsOf(&whole) {
			sum += c
		}
		if sum != whole.N() || whole.N() != int64(len(xs)) {
			t.Fatalf("N = %d, counts add up to %d, len %d", whole.N(), sum, len(xs))
		}
	})
}

// FuzzTallyAdd feeds arbitrary ints to Add, AddN and AddAll: none may
// panic, valid scores are counted and bad ones rejected without change,
// and AddAll agrees with Add one by one.
func FuzzTallyAdd(f *testing.F) {
	f.Add([]byte{10, 9, 0, 7}, int64(3), 5)
	f.Add([]byte{11, 255, 0}, int64(-1), -1)
	f.Add([]byte{}, int64(math.MaxInt64), 10)
	f.Fuzz(func(t *testing.T, raw []byte, count int64, x int) {
		xs := make([]int, len(raw))
		for i, b := range raw {
			xs[i] = int(int8(b)) // -128..127: mostly invalid, some valid
		}
		var one, all Tally
		valid := true
		for _, v := range xs {
			before := one
			err := one.Add(v)
			if (err == nil) != (v >= 0 && v <= 10) {
				t.Fatalf("Add(%d) = %v", v, err)
			}
			if err != nil {
				valid = false
				if one != before {
					t.Fatalf("rejected Add changed the tally")
				}
			}
		}
		err := all.AddAll(xs)
		if (err == nil) != valid {
			t.Fatalf("AddAll = %v, valid = %v", err, valid)
		}
		if valid && one != all {
			t.Fatalf("AddAll %+v != Add %+v", all, one)
		}
		if !valid && all != (Tally{}) {
			t.Fatalf("rejected AddAll changed the tally")
		}
		before := one
		err = one.AddN(x, count)
		ok := x >= 0 && x <= 10 && count >= 0 && before.N() <= math.MaxInt64-count
		if (err == nil) != ok {
			t.Fatalf("AddN(%d, %d) = %v", x, count, err)
		}
		if !ok && one != before {
			t.Fatalf("rejected AddN changed the tally")
		}
		if ok && one.N() != before.N()+count {
			t.Fatalf("N = %d after AddN(%d, %d) on %d", one.N(), x, count, before.N())
		}
	})
}

// benchScores is a million scores drawn once, shared by the tally and
// baseline benchmarks so they read the same memory.
var benchScores = func() []int {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]int, 1_000_000)
	for i := range xs {
		xs[i] = r.IntN(11)
	}
	return xs
}()

var benchSink int

// BenchmarkBaselineSum1M is the yardstick: a loop that only sums the
// million ints.
func BenchmarkBaselineSum1M(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := 0
		for _, x := range benchScores {
			s += x
		}
		benchSink = s
	}
}

// BenchmarkTallyAddAll1M counts the million scores by the documented fast
// path, Tally.AddAll.
func BenchmarkTallyAddAll1M(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var t Tally
		if err := t.AddAll(benchScores); err != nil {
			b.Fatal(err)
		}
		benchSink = int(t.N())
	}
}

// BenchmarkTallyAdd1M counts the million scores with one Add call
// each, for comparison with the fast path.
func BenchmarkTallyAdd1M(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var t Tally
		for _, x := range benchScores {
			if err := t.Add(x); err != nil {
				b.Fatal(err)
			}
		}
		benchSink = int(t.N())
	}
}

// BenchmarkSummarize1M is the one-shot form over the million scores,
// interval included.
func BenchmarkSummarize1M(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := Summarize(benchScores, estimate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchSink = int(r.N)
	}
}

// TestTallyAddAllocs checks that counting allocates nothing.
func TestTallyAddAllocs(t *testing.T) {
	xs := benchScores[:10000]
	var ta Tally
	if a := testing.AllocsPerRun(10, func() {
		if err := ta.AddAll(xs); err != nil {
			t.Fatal(err)
		}
		for _, x := range xs[:100] {
			if err := ta.Add(x); err != nil {
				t.Fatal(err)
			}
		}
	}); a != 0 {
		t.Errorf("%v allocations per run", a)
	}
}

// TestTallyCountAll checks Count and All against the scores added by hand:
// 9, 9, 3, 10 give Count(9) = 2, Count(3) = 1, Count(10) = 1, zeros
// elsewhere and for scores off the scale; All visits 0..10 in order and
// stops when asked.
func TestTallyCountAll(t *testing.T) {
	var ta Tally
	if err := ta.AddAll([]int{9, 9, 3, 10}); err != nil {
		t.Fatal(err)
	}
	want := map[int]int64{9: 2, 3: 1, 10: 1}
	for x := -2; x <= 12; x++ {
		if got := ta.Count(x); got != want[x] {
			t.Errorf("Count(%d) = %d, want %d", x, got, want[x])
		}
	}
	next := 0
	for x, c := range ta.All() {
		if x != next || c != want[x] {
			t.Errorf("All: (%d, %d) at step %d, want (%d, %d)", x, c, next, next, want[next])
		}
		next++
	}
	if next != MaxScore+1 {
		t.Errorf("All visited %d scores, want 11", next)
	}
	steps := 0
	for range ta.All() {
		if steps++; steps == 3 {
			break
		}
	}
	if steps != 3 || ta.N() != 4 {
		t.Errorf("break after 3: %d steps, N = %d", steps, ta.N())
	}
}

// TestMethodErrors checks that every function taking Options reports a
// method it does not offer as an *estimate.ValueError wrapping ErrMethod,
// with the method as Text.
func TestMethodErrors(t *testing.T) {
	ta := tallyOf(t, 5, 3, 2)
	r := resultOf(t, 5, 3, 2, estimate.Options{})
	bad := estimate.Options{Method: "wilsn"}
	for fn, call := range map[string]func() error{
		"nps.Tally.Result":         func() error { _, err := ta.Result(bad); return err },
		"nps.Summarize":            func() error { _, err := Summarize([]int{9}, bad); return err },
		"nps.SummarizeSeq":         func() error { _, err := SummarizeSeq(slices.Values([]int{9}), bad); return err },
		"nps.Compare":              func() error { _, err := Compare(r, r, bad); return err },
		"nps.Result.MarginOfError": func() error { _, err := r.MarginOfError(bad); return err },
		"nps.SampleSize":           func() error { _, err := SampleSize(5, 0.5, 0.2, bad); return err },
	} {
		err := call()
		wantValueErr(t, err, ErrMethod, fn, -1, fn+`: method "wilsn": unknown interval method`)
		var ve *estimate.ValueError
		if errors.As(err, &ve) && ve.Text != "wilsn" {
			t.Errorf("%s: Text = %q", fn, ve.Text)
		}
	}
}

// FuzzTallyMerge checks Merge on tallies decoded from fuzzed binary
// encodings (so any valid state, the largest counts included) and built
// by AddN: it never panics; an error is an *estimate.ValueError wrapping
// ErrOverflow and leaves the tally unchanged; otherwise every count is the
// sum of the two, the merged state is valid and survives both encodings,
// Merge is commutative, and the argument is not modified.
func FuzzTallyMerge(f *testing.F) {
	enc := func(ta *Tally) []byte { b, _ := ta.MarshalBinary(); return b }
	f.Add(enc(tallyOf(f, 5, 3, 2)), enc(tallyOf(f, 40, 40, 20)), 9, int64(3))
	f.Add(enc(&Tally{}), enc(tallyOf(f, math.MaxInt64, 0, 0)), 0, int64(1))
	f.Add(enc(tallyOf(f, math.MaxInt64/2, 0, 0)), enc(tallyOf(f, math.MaxInt64/2+1, 0, 0)), 10, int64(0))
	f.Add([]byte{1}, []byte{}, -1, int64(-1))
	f.Fuzz(func(t *testing.T, ra, rb []byte, x int, count int64) {
		var a, b Tally
		if a.UnmarshalBinary(ra) != nil {
			a = *tallyOf(t, int64(len(ra)), 1, 0)
		}
		if b.UnmarshalBinary(rb) != nil {
			b = Tally{}
		}
		if err := b.AddN(x, count); err != nil {
			checkValueErr(t, err)
		}
		orig, bOrig := a, b
		err := a.Merge(&b)
		if b != bOrig {
			t.Fatalf("Merge modified its argument")
		}
		overflow := orig.N() > math.MaxInt64-b.N()
		if err != nil {
			checkValueErr(t, err)
			if !errors.Is(err, ErrOverflow) || !overflow || a != orig {
				t.Fatalf("Merge(%+v) into %+v = %v, now %+v", b, orig, err, a)
			}
			return
		}
		if overflow {
			t.Fatalf("Merge accepted a total above MaxInt64")
		}
		for k := range MaxScore + 1 {
			if a.Count(k) != orig.Count(k)+b.Count(k) {
				t.Fatalf("count of %d: %d, want %d + %d", k, a.Count(k), orig.Count(k), b.Count(k))
			}
		}
		checkValid(t, &a)
		other := b
		if err := other.Merge(&orig); err != nil || other != a {
			t.Fatalf("b.Merge(a) = %+v, %v; a.Merge(b) = %+v", other, err, a)
		}
		var fromJSON, fromBin Tally
		j, _ := a.MarshalJSON()
		bin, _ := a.MarshalBinary()
		if fromJSON.UnmarshalJSON(j) != nil || fromBin.UnmarshalBinary(bin) != nil || fromJSON != a || fromBin != a {
			t.Fatalf("merged state %+v does not survive its encodings", a)
		}
		if a.N() > 0 {
			r, err := a.Result(estimate.Options{})
			if err != nil {
				checkValueErr(t, err)
				return
			}
			checkFinite(t, "Result of a merge", r)
		}
	})
}
