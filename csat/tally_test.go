package csat

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"pgregory.net/rapid"
)

func TestTallyZeroValue(t *testing.T) {
	var tl Tally
	if tl.Scale() != Five {
		t.Fatalf("zero Tally scale %v, want Five", tl.Scale())
	}
	for _, x := range []int{5, 5, 4, 3, 1} {
		if err := tl.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	if tl.N() != 5 {
		t.Errorf("N = %d, want 5", tl.N())
	}
	want := map[int]int64{1: 1, 2: 0, 3: 1, 4: 1, 5: 2}
	for x, c := range tl.All() {
		if c != want[x] || tl.Count(x) != c {
			t.Errorf("count of %d: All %d, Count %d, want %d", x, c, tl.Count(x), want[x])
		}
	}
	if tl.Count(0) != 0 || tl.Count(6) != 0 {
		t.Error("Count outside the scale is not 0")
	}
	var seen []int
	for x := range tl.All() {
		seen = append(seen, x)
		if x == 3 {
			break
		}
	}
	if !slices.Equal(seen, []int{1, 2, 3}) {
		t.Errorf("All stopped early = %v", seen)
	}
}

func TestTallyAddErrors(t *testing.T) {
	var tl Tally
	_ = tl.AddN(3, 2)
	before := tl
	err := tl.Add(6)
	if got, want := err.Error(), "csat.Tally.Add: rating 6: out of range 1..5"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	var ve *estimate.ValueError
	if !errors.Is(err, ErrOutOfRange) || !errors.As(err, &ve) || ve.Value != 6 || ve.Index != -1 || ve.Name != "rating" {
		t.Errorf("error %#v", err)
	}
	for _, x := range []int{0, -1, math.MinInt, math.MaxInt, 6} {
		if err := tl.Add(x); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Add(%d) = %v, want ErrOutOfRange", x, err)
		}
	}
	if tl != before {
		t.Error("rejected Add changed the tally")
	}

	s7 := mustTally(t, Seven)
	if err := s7.Add(8); err == nil || err.Error() != "csat.Tally.Add: rating 8: out of range 1..7" {
		t.Errorf("1..7: %v", err)
	}
	z := mustTally(t, ZeroToTen)
	if err := z.Add(0); err != nil {
		t.Errorf("0..10: Add(0) = %v", err)
	}
	neg := mustTally(t, Scale{Min: -3, Max: 3, SatisfiedFrom: 2})
	if err := neg.Add(-3); err != nil || neg.Count(-3) != 1 {
		t.Errorf("-3..3: Add(-3) = %v, count %d", err, neg.Count(-3))
	}
	if err := neg.Add(-4); err == nil || err.Error() != "csat.Tally.Add: rating -4: out of range -3..3" {
		t.Errorf("-3..3: Add(-4) = %v", err)
	}
}

func TestTallyAddN(t *testing.T) {
	var tl Tally
	if err := tl.AddN(4, 10); err != nil || tl.Count(4) != 10 || tl.N() != 10 {
		t.Fatalf("AddN(4, 10): %v, count %d", err, tl.Count(4))
	}
	if err := tl.AddN(4, 0); err != nil || tl.N() != 10 {
		t.Errorf("AddN(4, 0): %v", err)
	}
	before := tl
	for _, c := range []struct {
		x     int
		count int64
		want  error
	}{
		{6, 1, ErrOutOfRange},
		{6, 0, ErrOutOfRange}, // a bad rating is bad even with a zero count
		{3, -1, ErrCount},
		{3, math.MaxInt64, ErrOverflow}, // 10 + MaxInt64 overflows
	} {
		err := tl.AddN(c.x, c.count)
		var ve *estimate.ValueError
		if !errors.Is(err, c.want) || !errors.As(err, &ve) || ve.Func != "csat.Tally.AddN" {
			t.Errorf("AddN(%d, %d) = %v, want %v", c.x, c.count, err, c.want)
		}
	}
	if tl != before {
		t.Error("rejected AddN changed the tally")
	}
}

func TestTallyOverflow(t *testing.T) {
	var tl Tally
	if err := tl.AddN(5, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	before := tl
	if err := tl.Add(5); !errors.Is(err, ErrOverflow) {
		t.Errorf("Add past MaxInt64 = %v", err)
	}
	if err := tl.AddAll([]int{1}); !errors.Is(err, ErrOverflow) {
		t.Errorf("AddAll past MaxInt64 = %v", err)
	}
	var one Tally
	_ = one.Add(1)
	if err := tl.Merge(&one); !errors.Is(err, ErrOverflow) {
		t.Errorf("Merge past MaxInt64 = %v", err)
	}
	if tl != before {
		t.Error("overflow changed the tally")
	}
	// The result of a full tally is still finite: CSAT 100 %.
	r, err := tl.Result(estimate.Options{})
	if err != nil || r.CSAT != 100 || r.Mean != 5 || r.Median != 5 {
		t.Errorf("full tally: %+v, %v", r, err)
	}
}

func TestTallyAddAll(t *testing.T) {
	for _, n := range []int{0, 1, 5, 63, 64, 65, 1000} {
		xs := make([]int, n)
		r := rand.New(rand.NewPCG(uint64(n), 7))
		for i := range xs {
			xs[i] = 1 + r.IntN(7)
		}
		a, b := mustTally(t, Seven), mustTally(t, Seven)
		if err := a.AddAll(xs); err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			_ = b.Add(x)
		}
		if *a != *b {
			t.Errorf("n = %d: AddAll differs from Add", n)
		}
		// A bad rating anywhere: the error names its index, and nothing is
		// counted.
		if n == 0 {
			continue
		}
		for _, at := range []int{0, n / 2, n - 1} {
			bad := slices.Clone(xs)
			bad[at] = 8
			before := *a
			err := a.AddAll(bad)
			var ve *estimate.ValueError
			if !errors.As(err, &ve) || !errors.Is(err, ErrOutOfRange) || ve.Index != at || ve.Value != 8 || ve.Func != "csat.Tally.AddAll" {
				t.Errorf("n = %d, bad at %d: %v", n, at, err)
			}
			if *a != before {
				t.Errorf("n = %d: rejected AddAll changed the tally", n)
			}
		}
	}
	var tl Tally
	if err := tl.AddAll(make([]int, 100)); err == nil || err.Error() != "csat.Tally.AddAll: rating 0 at index 0: out of range 1..5" {
		t.Errorf("AddAll of zeros: %v", err)
	}
}

func TestNewTally(t *testing.T) {
	if _, err := NewTally(Scale{Min: 1, Max: 5}); !errors.Is(err, ErrScale) {
		t.Errorf("NewTally of an invalid scale: %v", err)
	}
	tl := mustTally(t, Scale{})
	if tl.Scale() != Five || !tl.set {
		t.Errorf("NewTally(zero) = %v, set %v", tl.Scale(), tl.set)
	}
	f, err := TallyFunc(Ten)
	if err != nil {
		t.Fatal(err)
	}
	a, b := f(), f()
	if a == b || a.Scale() != Ten || b.Scale() != Ten || a.N() != 0 {
		t.Error("TallyFunc does not make fresh tallies on Ten")
	}
	if f, err := TallyFunc(Scale{Min: 3}); f != nil || !errors.Is(err, ErrScale) {
		t.Errorf("TallyFunc of an invalid scale: %v", err)
	}
}

func TestTallyMerge(t *testing.T) {
	var a, b Tally
	_ = a.AddAll([]int{5, 4})
	_ = b.AddAll([]int{1, 1, 3})
	if err := a.Merge(&b); err != nil {
		t.Fatal(err)
	}
	if a.N() != 5 || a.Count(1) != 2 || a.Count(5) != 1 || b.N() != 3 {
		t.Errorf("merged counts wrong, or o changed")
	}
	if err := a.Merge(nil); err != nil || a.N() != 5 {
		t.Errorf("Merge(nil): %v", err)
	}
	if err := a.Merge(&a); err != nil || a.N() != 10 || a.Count(1) != 4 {
		t.Errorf("Merge(self): %v, n %d", err, a.N())
	}

	// Different scales: an error naming the first end that differs.
	s7 := mustTally(t, Seven)
	_ = s7.Add(7)
	before := a
	err := a.Merge(s7)
	var ve *estimate.ValueError
	if !errors.Is(err, ErrScaleMismatch) || !errors.As(err, &ve) || ve.Name != "max" || ve.Value != 7 {
		t.Errorf("Merge of 1..7 into 1..5: %v", err)
	}
	if a != before {
		t.Error("rejected Merge changed the tally")
	}
	ten8 := mustTally(t, Scale{Min: 1, Max: 10, SatisfiedFrom: 8})
	if err := mustTally(t, Ten).Merge(ten8); !errors.Is(err, ErrScaleMismatch) ||
		err.Error() != "csat.Tally.Merge: satisfied_from 8: scales differ: 1..10 (satisfied 8..10), want 1..10 (satisfied 9..10)" {
		t.Errorf("Merge of 8..10 into 9..10: %v", err)
	}

	// An empty zero Tally takes the scale of what it merges...
	var z Tally
	if err := z.Merge(s7); err != nil || z.Scale() != Seven || z.N() != 1 || z.Count(7) != 1 {
		t.Errorf("zero Tally merging 1..7: %v, %v", err, z.Scale())
	}
	// ... and keeps it.
	if err := z.Merge(&before); !errors.Is(err, ErrScaleMismatch) {
		t.Errorf("then merging 1..5: %v", err)
	}
	// An empty tally made on Five does not.
	f := mustTally(t, Five)
	if err := f.Merge(s7); !errors.Is(err, ErrScaleMismatch) {
		t.Errorf("empty 1..5 tally merging 1..7: %v", err)
	}
	// Nor does a zero Tally that has counted.
	var used Tally
	_ = used.Add(3)
	if err := used.Merge(s7); !errors.Is(err, ErrScaleMismatch) {
		t.Errorf("used zero tally merging 1..7: %v", err)
	}
}

func TestTallyReset(t *testing.T) {
	s7 := mustTally(t, Seven)
	_ = s7.AddAll([]int{7, 6, 1})
	s7.Reset()
	if s7.N() != 0 || s7.Scale() != Seven || s7.Count(7) != 0 {
		t.Errorf("Reset: n %d, scale %v", s7.N(), s7.Scale())
	}
	var z Tally
	_ = z.Add(3)
	z.Reset()
	if z != (Tally{}) {
		t.Error("Reset of a zero tally is not zero")
	}
}

func TestTallyAllocs(t *testing.T) {
	xs := ratings(10_000, 1)
	var tl Tally
	if a := testing.AllocsPerRun(10, func() {
		for _, x := range xs {
			_ = tl.Add(x)
		}
	}); a != 0 {
		t.Errorf("Add allocates %v per run", a)
	}
	if a := testing.AllocsPerRun(10, func() { _ = tl.AddAll(xs) }); a != 0 {
		t.Errorf("AddAll allocates %v per run", a)
	}
}

// TestTallyProperties checks, on random scales and ratings, that the
// order of Adds does not matter, that AddAll, AddN and Add agree, that
// merging parts gives the whole, and that a rejected Add changes nothing.
func TestTallyProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scaleGen().Draw(t, "scale")
		xs := ratingsGen(s, 300).Draw(t, "xs")
		whole := mustTally(t, s)
		for _, x := range xs {
			if err := whole.Add(x); err != nil {
				t.Fatal(err)
			}
		}
		if whole.N() != int64(len(xs)) {
			t.Fatalf("N = %d, want %d", whole.N(), len(xs))
		}

		shuffled := slices.Clone(xs)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		other := mustTally(t, s)
		if err := other.AddAll(shuffled); err != nil {
			t.Fatal(err)
		}
		if *other != *whole {
			t.Fatal("AddAll of the shuffled ratings differs from Add")
		}

		byN := mustTally(t, s)
		for x, c := range whole.All() {
			if err := byN.AddN(x, c); err != nil {
				t.Fatal(err)
			}
		}
		if *byN != *whole {
			t.Fatal("AddN of the counts differs")
		}

		// Parts merged, into a made tally and into a zero Tally.
		cut := rapid.IntRange(0, len(xs)).Draw(t, "cut")
		a, b := mustTally(t, s), mustTally(t, s)
		_ = a.AddAll(xs[:cut])
		_ = b.AddAll(xs[cut:])
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		if *a != *whole {
			t.Fatal("merged parts differ from the whole")
		}
		var z Tally
		if err := z.Merge(whole); err != nil || z.Scale() != whole.Scale() || z.N() != whole.N() {
			t.Fatalf("zero Tally merging the whole: %v", err)
		}

		// Rejected input.
		before := *whole
		res := s.resolve()
		bad := rapid.OneOf(rapid.IntRange(math.MinInt, res.Min-1), rapid.IntRange(res.Max+1, math.MaxInt)).Draw(t, "bad")
		if err := whole.Add(bad); !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("Add(%d) = %v", bad, err)
		}
		if err := whole.AddN(bad, 3); !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("AddN(%d) = %v", bad, err)
		}
		if err := whole.AddAll(append(slices.Clone(xs), bad)); !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("AddAll with %d = %v", bad, err)
		}
		if *whole != before {
			t.Fatal("rejected input changed the tally")
		}
	})
}

// FuzzTallyAdd adds fuzzed ratings to a tally on a fuzzed scale, checking
// that it never panics, that every rating on the scale is counted and
// every other one rejected, and that the counts add up to N.
func FuzzTallyAdd(f *testing.F) {
	f.Add(0, 0, 0, []byte{1, 2, 3, 4, 5, 6, 0})
	f.Add(1, 10, 8, []byte{10, 9, 8, 7, 1, 0, 11})
	f.Add(-3, 3, 2, []byte{0xfd, 0xfe, 3, 4})
	f.Add(1, 5, 9, []byte{1})
	f.Fuzz(func(t *testing.T, min, max, sat int, data []byte) {
		s := Scale{Min: min, Max: max, SatisfiedFrom: sat}
		tl, err := NewTally(s)
		if err != nil {
			if s.Validate() == nil || !errors.Is(err, ErrScale) {
				t.Fatalf("NewTally(%+v): %v", s, err)
			}
			return
		}
		xs := make([]int, len(data))
		var want int64
		for i, b := range data {
			xs[i] = tl.Scale().Min + int(int8(b))
			err := tl.Add(xs[i])
			if s.Contains(xs[i]) != (err == nil) {
				t.Fatalf("Add(%d) on %v: %v", xs[i], s, err)
			}
			if err == nil {
				want++
			} else if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("Add(%d): %v", xs[i], err)
			}
		}
		var sum int64
		for _, c := range tl.All() {
			sum += c
		}
		if tl.N() != want || sum != want {
			t.Fatalf("N %d, counts add up to %d, want %d", tl.N(), sum, want)
		}
		// AddAll of the same ratings: all counted, or none.
		u := mustTally(t, s)
		if err := u.AddAll(xs); err == nil {
			if *u != *tl {
				t.Fatal("AddAll differs from Add")
			}
		} else if u.N() != 0 || !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("rejected AddAll: %v, counted %d", err, u.N())
		}
		// AddN of the first rating, a large count that may be negative or
		// overflow.
		if len(xs) == 0 {
			return
		}
		x, c := xs[0], int64(int8(data[0]))*1e17
		var wantErr error
		switch {
		case !s.Contains(x):
			wantErr = ErrOutOfRange
		case c < 0:
			wantErr = ErrCount
		case tl.N() > math.MaxInt64-c:
			wantErr = ErrOverflow
		}
		before, n := *tl, tl.Count(x)
		err = tl.AddN(x, c)
		switch {
		case wantErr == nil && (err != nil || tl.Count(x) != n+c || tl.N() != want+c):
			t.Fatalf("AddN(%d, %d) = %v", x, c, err)
		case wantErr != nil && (!errors.Is(err, wantErr) || *tl != before):
			t.Fatalf("AddN(%d, %d) = %v, want %v and no change", x, c, err, wantErr)
		}
	})
}

// ratings returns n pseudo-random ratings on 1..5 from seed.
func ratings(n int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, 2))
	xs := make([]int, n)
	for i := range xs {
		xs[i] = 1 + r.IntN(5)
	}
	return xs
}

var sink int

// BenchmarkBaselineSum1M is the yardstick of the tally benchmarks: a loop
// that only sums the same million ints.
func BenchmarkBaselineSum1M(b *testing.B) {
	xs := ratings(1_000_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		s := 0
		for _, x := range xs {
			s += x
		}
		sink = s
	}
}

// BenchmarkTallyAdd1M counts a million ratings with Add, one call each.
func BenchmarkTallyAdd1M(b *testing.B) {
	xs := ratings(1_000_000, 1)
	b.ReportAllocs()
	var tl Tally
	for b.Loop() {
		tl.Reset()
		for _, x := range xs {
			if err := tl.Add(x); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTallyAddAll1M counts the same million ratings with one AddAll.
func BenchmarkTallyAddAll1M(b *testing.B) {
	xs := ratings(1_000_000, 1)
	b.ReportAllocs()
	var tl Tally
	for b.Loop() {
		tl.Reset()
		if err := tl.AddAll(xs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTallyMerge(b *testing.B) {
	var x, y Tally
	_ = x.AddAll(ratings(1000, 3))
	b.ReportAllocs()
	for b.Loop() {
		if err := y.Merge(&x); err != nil {
			y.Reset()
		}
	}
}
