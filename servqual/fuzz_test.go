package servqual

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/servq/servq/estimate"
)

// finite fails unless every v is a finite number.
func finite(t *testing.T, what string, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: %v is not finite", what, v)
		}
	}
}

// FuzzAdd feeds responses built from arbitrary bytes to an accumulator on
// tiny(): each byte is an answer (as a signed byte, so many fall off the
// scale; -128 is Missing), the last 16 bytes, when present, two weights.
// Add must accept or reject without panicking, a rejection must leave the
// state unchanged, and every result must be finite and within bounds.
func FuzzAdd(f *testing.F) {
	f.Add([]byte{7, 6, 6, 5, 5, 6, 4, 5})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{0x80, 1, 1, 1, 1, 0x80, 1, 1})
	w := binary.LittleEndian.AppendUint64(nil, math.Float64bits(40))
	w = binary.LittleEndian.AppendUint64(w, math.Float64bits(60))
	f.Add(append([]byte{4, 4, 4, 4, 5, 5, 5, 5}, w...))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _ := NewAccumulator(tiny())
		for len(data) >= 8 {
			r := Response{Expectations: make([]int, 4), Perceptions: make([]int, 4)}
			for i := range 4 {
				r.Expectations[i] = answer(data[i])
				r.Perceptions[i] = answer(data[4+i])
			}
			data = data[8:]
			if len(data) >= 16 {
				r.Weights = []float64{
					math.Float64frombits(binary.LittleEndian.Uint64(data)),
					math.Float64frombits(binary.LittleEndian.Uint64(data[8:])),
				}
				data = data[16:]
			}
			before, _ := a.MarshalBinary()
			if err := a.Add(r); err != nil {
				if after, _ := a.MarshalBinary(); !bytes.Equal(before, after) {
					t.Fatalf("rejected response %v changed the state", r)
				}
			}
		}
		res, err := a.Result(estimate.Options{})
		if err != nil {
			if a.N() != 0 {
				t.Fatalf("Result of %d respondents: %v", a.N(), err)
			}
			return
		}
		for _, d := range res.Dimensions {
			finite(t, "dimension", d.Gap.Mean, d.Gap.CI.Lo, d.Gap.CI.Hi, d.Weight.Mean)
			if d.Gap.N > 0 && (d.Gap.Mean < -6 || d.Gap.Mean > 6) {
				t.Fatalf("gap %v off the scale", d.Gap.Mean)
			}
		}
		finite(t, "overall", res.SERVQUAL.Mean, res.Weighted.Mean, res.WeightedMean)
		for _, s := range []Series{Expectations, Perceptions, Gaps} {
			if rel, err := a.Reliability(s, "b", estimate.Options{}); err == nil {
				finite(t, "alpha", rel.Alpha, rel.CI.Lo, rel.CI.Hi, rel.Standardized)
				if rel.Alpha > 1 {
					t.Fatalf("alpha %v", rel.Alpha)
				}
			}
		}
	})
}

func answer(b byte) int {
	if b == 0x80 {
		return Missing
	}
	return int(int8(b))
}

// floats reads float64s from data, 8 bytes each.
// fuzzValueError fails unless err is an *estimate.ValueError from fn
// wrapping one of the package's sentinels.
func fuzzValueError(t *testing.T, err error, fn string) {
	t.Helper()
	var ve *estimate.ValueError
	if !errors.As(err, &ve) || ve.Func != fn {
		t.Fatalf("error %v (%T) is not a ValueError from %s", err, err, fn)
	}
	for _, s := range []error{ErrInstrument, ErrItems, ErrWeights, ErrMismatch, ErrUnknown, ErrCovariance, ErrOutOfRange,
		ErrScale, ErrEmpty, ErrTooFew, ErrLevel, ErrMethod, ErrNotFinite, ErrNoVariance, ErrOverflow, ErrCorrupt} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel of the package", err)
}

func floats(data []byte) []float64 {
	var v []float64
	for ; len(data) >= 8; data = data[8:] {
		v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(data)))
	}
	return v
}

func floatBytes(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// FuzzAlpha: Alpha on rows of k (the first byte, 1..8) arbitrary float64s
// either fails or returns finite values with alpha <= 1.
func FuzzAlpha(f *testing.F) {
	f.Add(append([]byte{3}, floatBytes(3, 4, 3, 2, 3, 4, 4, 4, 5, 3, 2, 3, 4, 4, 4)...))
	f.Add(append([]byte{2}, floatBytes(1, 2, 2, 1)...))
	f.Add(append([]byte{2}, floatBytes(1e300, -1e300, 1, math.NaN())...))
	// Covariances that overflow: ErrNotFinite, once ErrNoVariance.
	f.Add(append([]byte{2}, floatBytes(math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, 1, 1)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		k := int(data[0])%8 + 1
		v := floats(data[1:])
		var rows [][]float64
		for ; len(v) >= k; v = v[k:] {
			rows = append(rows, v[:k])
		}
		r, err := Alpha(rows, estimate.Options{})
		if err != nil {
			fuzzValueError(t, err, "servqual.Alpha")
			return
		}
		finite(t, "alpha", r.Alpha, r.Standardized, r.MeanCorrelation, r.CI.Lo, r.CI.Hi)
		if r.Alpha > 1 || r.CI.Hi > 1 || r.CI.Lo > r.Alpha {
			t.Fatalf("alpha %v, CI %+v", r.Alpha, r.CI)
		}
	})
}

// FuzzAlphaCov: AlphaCov on a k×k matrix (k the first byte, 1..6) of
// arbitrary float64s and an n from the second byte either fails or returns
// finite values with alpha <= 1.
func FuzzAlphaCov(f *testing.F) {
	f.Add(append([]byte{2, 50}, floatBytes(1, 0.5, 0.5, 1)...))
	f.Add(append([]byte{3, 5}, floatBytes(0.7, 0.4, 0.3, 0.4, 0.8, 0.35, 0.3, 0.35, 0.7)...))
	f.Add(append([]byte{2, 9}, floatBytes(1, 5, 5, 1)...))
	// Variances below 1e-162, whose product underflows: once a NaN
	// standardized alpha, reported as ErrNoVariance.
	f.Add(append([]byte{2, 30}, floatBytes(5e-324, 0, 0, 5e-324)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		k := int(data[0])%6 + 1
		n := int64(int8(data[1]))
		v := floats(data[2:])
		s := make([][]float64, 0, k)
		for ; len(v) >= k && len(s) < k; v = v[k:] {
			s = append(s, v[:k])
		}
		r, err := AlphaCov(s, n, estimate.Options{})
		if err != nil {
			fuzzValueError(t, err, "servqual.AlphaCov")
			return
		}
		finite(t, "alpha", r.Alpha, r.Standardized, r.MeanCorrelation, r.CI.Lo, r.CI.Hi)
		if r.Alpha > 1 || r.Standardized > 1 {
			t.Fatalf("alpha %v, standardized %v", r.Alpha, r.Standardized)
		}
	})
}

func seedState(f *testing.F) (jsonState, binState []byte) {
	a, _ := NewAccumulator(tiny())
	_ = a.AddAll(tinyStudy)
	j, _ := json.Marshal(a)
	b, _ := a.MarshalBinary()
	return j, b
}

// FuzzUnmarshalJSON: decoding arbitrary bytes either fails, leaving the
// accumulator as it was, or gives a state that encodes back to the input
// (compacted) and reports finite results.
func FuzzUnmarshalJSON(f *testing.F) {
	j, _ := seedState(f)
	f.Add(j)
	f.Add([]byte("null"))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Accumulator
		if err := a.UnmarshalJSON(data); err != nil {
			if a.l != nil {
				t.Fatal("failed decoding changed the state")
			}
			return
		}
		if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
			return
		}
		got, _ := json.Marshal(a)
		var want bytes.Buffer
		_ = json.Compact(&want, data)
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("accepted a non-canonical encoding")
		}
		if r, err := a.Result(estimate.Options{}); err == nil {
			finite(t, "SERVQUAL", r.SERVQUAL.Mean, r.SERVQUAL.CI.Lo, r.SERVQUAL.CI.Hi)
		}
	})
}

// FuzzUnmarshalBinary is FuzzUnmarshalJSON for the binary form: an accepted
// input is exactly what MarshalBinary writes for the decoded state.
func FuzzUnmarshalBinary(f *testing.F) {
	_, b := seedState(f)
	f.Add(b)
	f.Add([]byte{1, 0})
	f.Add([]byte{1, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Accumulator
		if err := a.UnmarshalBinary(data); err != nil {
			if a.l != nil {
				t.Fatal("failed decoding changed the state")
			}
			return
		}
		if got, _ := a.MarshalBinary(); !bytes.Equal(got, data) {
			t.Fatalf("accepted a non-canonical encoding")
		}
		var other Accumulator
		if err := other.Merge(&a); err != nil {
			t.Fatalf("merging a decoded state: %v", err)
		}
	})
}

// FuzzInstrument builds a custom instrument from bytes (each byte an item:
// its dimension is the low two bits, 0 to 3 of dimensions "a".."c" and an
// undeclared "z"; the high bits its ID, so IDs can repeat; a byte 0xff
// reverses the item) and a scale from the first two bytes, then scores one
// respondent. Nothing may panic; a valid instrument must score, and its
// gaps must stay within the scale's span.
func FuzzInstrument(f *testing.F) {
	f.Add([]byte{1, 7, 0, 4, 9, 13, 2})
	f.Add([]byte{0, 10, 0, 0})
	f.Add([]byte{5, 1, 0xff, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		in := Instrument{Dimensions: []Dimension{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
		in.Scale.Min, in.Scale.Max = int(int8(data[0])), int(int8(data[1]))
		for _, b := range data[2:] {
			if b == 0xff && len(in.Items) > 0 {
				in.Items[len(in.Items)-1].Reversed = true
				continue
			}
			in.Items = append(in.Items, Item{ID: string(rune('A' + b>>2)), Dimension: []string{"a", "b", "c", "z"}[b&3]})
		}
		a, err := NewAccumulator(in)
		if err != nil {
			if in.Validate() == nil {
				t.Fatalf("NewAccumulator failed but Validate passed: %v", err)
			}
			return
		}
		k := len(in.Items)
		in.Scale = a.Instrument().Scale // the zero scale means 1..7
		r := Response{Expectations: make([]int, k), Perceptions: make([]int, k)}
		for i := range r.Expectations {
			r.Expectations[i], r.Perceptions[i] = in.Scale.Min, in.Scale.Max
		}
		if err := a.Add(r); err != nil {
			t.Fatalf("valid response rejected: %v", err)
		}
		if err := a.Add(r); err != nil {
			t.Fatal(err)
		}
		res, err := a.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		span := float64(in.Scale.Max - in.Scale.Min)
		for _, it := range res.Items {
			if math.Abs(it.Gap.Mean) != span {
				t.Fatalf("item %s gap %v, want ±%v", it.ID, it.Gap.Mean, span)
			}
		}
	})
}
