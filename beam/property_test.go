package servqbeam

import (
	"bytes"
	"math"
	"testing"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/nps"
	"pgregory.net/rapid"
)

// bundles runs values through fn as a runner would: split into bundles
// at the drawn cut points, one accumulator per bundle (CreateAccumulator,
// AddInput), each sent over the wire by the registered coder's functions,
// then merged two at a time in a drawn order (MergeAccumulators), and the
// output extracted.
func bundles[T, In any, P Accumulator[T, In]](t *rapid.T, fn *CombineFn[T, In, P], xs []In) *T {
	enc, dec := accCoder[T, In, P]()
	var parts []*T
	for rest := xs; ; {
		n := rapid.IntRange(0, len(rest)).Draw(t, "bundle")
		a, err := fn.CreateAccumulator()
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range rest[:n] {
			if a, err = fn.AddInput(a, x); err != nil {
				t.Fatal(err)
			}
		}
		b, err := enc(a)
		if err != nil {
			t.Fatal(err)
		}
		if a, err = dec(b); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, a)
		if rest = rest[n:]; len(rest) == 0 {
			break
		}
	}
	for len(parts) > 1 {
		i := rapid.IntRange(0, len(parts)-1).Draw(t, "into")
		j := rapid.IntRange(0, len(parts)-2).Draw(t, "from")
		if j >= i {
			j++
		}
		m, err := fn.MergeAccumulators(parts[i], parts[j])
		if err != nil {
			t.Fatal(err)
		}
		parts[i] = m
		parts = append(parts[:j], parts[j+1:]...)
	}
	return fn.ExtractOutput(parts[0])
}

// whole adds xs to one accumulator, as one process would.
func whole[T, In any, P Accumulator[T, In]](t *rapid.T, init *T, xs []In) *T {
	a := new(T)
	if init != nil {
		*a = *init
	}
	for _, x := range xs {
		if err := P(a).Add(x); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func sameState[T, In any, P Accumulator[T, In]](t *rapid.T, got, want *T) {
	g, err := P(got).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	w, err := P(want).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Fatalf("state %x, want %x", g, w)
	}
}

// Any split of the input into bundles and any order of merging gives the
// state of one accumulator fed the whole input: bit for bit for the
// tallies, whose state is counts.
func TestPropertyBundlesTallies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		scores := rapid.SliceOf(rapid.IntRange(0, 10)).Draw(t, "scores")
		sameState[nps.Tally, int](t, bundles(t, &CombineFn[nps.Tally, int, *nps.Tally]{}, scores), whole[nps.Tally, int](t, nil, scores))

		ratings := rapid.SliceOf(rapid.IntRange(1, 7)).Draw(t, "ratings")
		seven, err := csat.NewTally(csat.Seven)
		if err != nil {
			t.Fatal(err)
		}
		fn, err := NewCombineFn[csat.Tally, int](seven)
		if err != nil {
			t.Fatal(err)
		}
		got := bundles(t, fn, ratings)
		sameState[csat.Tally, int](t, got, whole[csat.Tally, int](t, seven, ratings))
		if got.Scale() != csat.Seven {
			t.Fatalf("scale %v, want 1..7", got.Scale())
		}
	})
}

// For estimate.Moments the count is equal and the mean and the sum of
// squared deviations agree to 1e-12 relative: merging in another order
// only rounds differently (Chan, Golub and LeVeque's pairwise update).
func TestPropertyBundlesMoments(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := rapid.SliceOfN(rapid.Float64Range(-1e6, 1e6), 1, 200).Draw(t, "xs")
		got := bundles(t, &CombineFn[estimate.Moments, float64, *estimate.Moments]{}, xs)
		want := whole[estimate.Moments, float64](t, nil, xs)
		if got.N() != want.N() {
			t.Fatalf("n %d, want %d", got.N(), want.N())
		}
		gr, gerr := got.Result(estimate.Options{})
		wr, werr := want.Result(estimate.Options{})
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("errors %v, %v", gerr, werr)
		}
		if gerr != nil {
			return
		}
		// The mean of values of either sign can be near 0: compare it on
		// the scale of the values.
		scale := 0.0
		for _, x := range xs {
			scale = math.Max(scale, math.Abs(x))
		}
		if math.Abs(gr.Mean-wr.Mean) > 1e-12*scale || math.Abs(gr.SD-wr.SD) > 1e-12*scale {
			t.Fatalf("mean %v sd %v, want %v %v", gr.Mean, gr.SD, wr.Mean, wr.SD)
		}
	})
}

// TestPropertyBundlesEvery is the property of the two tests above for
// every accumulator that has an equality test: its own rows, any split
// into bundles and any merge order give the single-process accumulator,
// by the equality test's comparison (state bytes for counts, Results to
// 1e-12 for floats).
func TestPropertyBundlesEvery(t *testing.T) {
	checked := map[string]bool{
		"nps.Tally": true, "csat.Tally": true, // TestPropertyBundlesTallies
		"servqbeam.resultProbe": true, // a test type of TestResultThatDoesNotEncode
	}
	for _, c := range equalities {
		checked[c.accumulator()] = true
		t.Run(c.accumulator(), func(t *testing.T) { rapid.Check(t, c.property) })
	}
	for name := range combined {
		if !checked[name] {
			t.Errorf("%s is registered but has no bundle property (no equality test)", name)
		}
	}
}
