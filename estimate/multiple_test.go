package estimate

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// Expected values from R 4.x, p.adjust(p, "holm") and p.adjust(p, "BH");
// the Holm column checked by hand: sorted p = .005 .01 .03 .04 .04 .2 .5,
// times m-j+1 = 7..1 gives .035 .06 .15 .16 .12 .4 .5, and the running
// maximum turns .12 into .16.
func TestAdjustR(t *testing.T) {
	for _, tc := range []struct {
		p, holm, bh []float64
	}{
		{
			p:    []float64{0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2},
			holm: []float64{0.06, 0.16, 0.15, 0.035, 0.5, 0.16, 0.4},
			bh:   []float64{0.035, 0.056, 0.056, 0.035, 0.5, 0.056, 0.233333333333333},
		},
		{
			p:    []float64{0.9, 0.0001, 1, 0.02},
			holm: []float64{1, 0.0004, 1, 0.06},
			bh:   []float64{1, 0.0004, 1, 0.04},
		},
		{p: []float64{0.3}, holm: []float64{0.3}, bh: []float64{0.3}},
	} {
		holm, err := Holm(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		bh, err := BenjaminiHochberg(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tc.p {
			if math.Abs(holm[i]-tc.holm[i]) > 1e-12 {
				t.Errorf("Holm(%v)[%d] = %v, want %v", tc.p, i, holm[i], tc.holm[i])
			}
			if math.Abs(bh[i]-tc.bh[i]) > 1e-12 {
				t.Errorf("BenjaminiHochberg(%v)[%d] = %v, want %v", tc.p, i, bh[i], tc.bh[i])
			}
		}
	}
}

func TestAdjustErrors(t *testing.T) {
	if _, err := Holm(nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Holm(nil) err = %v, want ErrEmpty", err)
	}
	for _, bad := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := BenjaminiHochberg([]float64{0.2, bad})
		var ve *ValueError
		if !errors.Is(err, ErrProbability) || !errors.As(err, &ve) || ve.Index != 1 {
			t.Errorf("BenjaminiHochberg with %v: err = %v, want ErrProbability at index 1", bad, err)
		}
	}
}

// Adjusted p-values never fall below the raw ones, stay in [0, 1], keep the
// order of the raw ones, and Holm (family-wise) is never below BH (false
// discovery rate).
func TestAdjustProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SliceOfN(rapid.Float64Range(0, 1), 1, 40).Draw(t, "p")
		holm, err := Holm(p)
		if err != nil {
			t.Fatal(err)
		}
		bh, err := BenjaminiHochberg(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p {
			if holm[i] < p[i] || bh[i] < p[i] || holm[i] > 1 || bh[i] > 1 {
				t.Fatalf("p[%d] = %v: holm %v, bh %v", i, p[i], holm[i], bh[i])
			}
			if holm[i] < bh[i]-1e-15 {
				t.Fatalf("p[%d] = %v: holm %v below bh %v", i, p[i], holm[i], bh[i])
			}
			for j := range p {
				if p[i] < p[j] && (holm[i] > holm[j] || bh[i] > bh[j]) {
					t.Fatalf("order broken: p %v < %v but holm %v, %v and bh %v, %v", p[i], p[j], holm[i], holm[j], bh[i], bh[j])
				}
			}
		}
	})
}

// FuzzAdjust feeds arbitrary p-values to Holm and BenjaminiHochberg: bad
// ones must be ErrProbability or ErrEmpty, good ones must give adjusted
// values in [raw, 1] with Holm never below BH.
func FuzzAdjust(f *testing.F) {
	f.Add(floatBytes(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2))
	f.Add(floatBytes(0.3))
	f.Add(floatBytes(1, 0, 1, 0))
	f.Add(floatBytes(0.2, math.NaN()))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p := bytesFloats(data)
		holm, errH := Holm(p)
		bh, errB := BenjaminiHochberg(p)
		if (errH == nil) != (errB == nil) {
			t.Fatalf("Holm err %v, BH err %v", errH, errB)
		}
		if errH != nil {
			assertValueError(t, "Holm", errH, "estimate.Holm", ErrEmpty, ErrProbability)
			assertValueError(t, "BenjaminiHochberg", errB, "estimate.BenjaminiHochberg", ErrEmpty, ErrProbability)
			return
		}
		assertFinite(t, "Holm", holm)
		assertFinite(t, "BenjaminiHochberg", bh)
		for i := range p {
			if !(p[i] <= holm[i] && holm[i] <= 1 && p[i] <= bh[i] && bh[i] <= 1 && bh[i] <= holm[i]+1e-15) {
				t.Fatalf("p[%d] = %v: holm %v, bh %v", i, p[i], holm[i], bh[i])
			}
		}
	})
}

// Three equal p-values keep their value under BH: m/r = 3/3 = 1, as in R's
// p.adjust(rep(0.02293, 3), "BH"). Computed as (3·p)/3, the value rounds
// one ulp below p, and adjusted p-values must never be below the raw ones.
func TestBenjaminiHochbergTies(t *testing.T) {
	p := []float64{0.02293, 0.02293, 0.02293}
	bh, err := BenjaminiHochberg(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range bh {
		if bh[i] != 0.02293 {
			t.Errorf("BenjaminiHochberg(%v)[%d] = %.17g, want 0.02293", p, i, bh[i])
		}
	}
}
