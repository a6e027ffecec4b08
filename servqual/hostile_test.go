package servqual

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/hostile"
	"github.com/servq/servq/rating"
)

var (
	hNaN    = math.NaN()
	hInf    = math.Inf(1)
	hMax    = math.MaxFloat64
	hTiny   = math.SmallestNonzeroFloat64
	hBelow0 = math.Nextafter(0, -1)
	hBelow1 = math.Nextafter(1, 0)
	hAbove1 = math.Nextafter(1, 2)
)

// hostileStudy returns n respondents on the tiny instrument (scale 1..7),
// every answer varied so that no item is constant.
func hostileStudy(n int) []Response {
	rs := make([]Response, n)
	for i := range rs {
		e := []int{1 + i%5, 1 + (i+1)%5, 1 + (i*2)%5, 1 + (i*3+1)%5}
		p := []int{1 + (i+2)%5, 1 + (i*3)%5, 1 + (i+4)%5, 1 + (i*2+1)%5}
		rs[i] = Response{Expectations: e, Perceptions: p, Minimum: slices.Clone(e), Desired: slices.Clone(p), Weights: []float64{40, 60}}
	}
	return rs
}

// accState is what a failed call must leave as it was: the binary state.
func accState(a *Accumulator) func() any {
	return func() any { b, _ := a.MarshalBinary(); return b }
}

// TestHostileInput walks every exported function and method with hostile
// arguments, one at a time, the others valid.
func TestHostileInput(t *testing.T) {
	var cs []hostile.Case
	add := func(fn, arg string, want error, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, Want: want})
	}
	addState := func(fn, arg string, want error, state func() any, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, State: state, Want: want})
	}
	in := tiny()
	study := hostileStudy(10)
	filled := func() *Accumulator {
		a, err := NewAccumulator(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.AddAll(study); err != nil {
			t.Fatal(err)
		}
		return a
	}

	// Instruments.
	badInstruments := map[string]struct {
		in   Instrument
		want error
	}{
		"zero":               {Instrument{}, ErrInstrument},
		"no dimensions":      {Instrument{Items: []Item{{ID: "1", Dimension: "a"}}}, ErrInstrument},
		"no items":           {Instrument{Dimensions: []Dimension{{ID: "a"}}}, ErrInstrument},
		"empty item ID":      {Instrument{Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{Dimension: "a"}}}, ErrInstrument},
		"empty dimension ID": {Instrument{Dimensions: []Dimension{{}}, Items: []Item{{ID: "1"}}}, ErrInstrument},
		"duplicate item":     {Instrument{Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{ID: "1", Dimension: "a"}, {ID: "1", Dimension: "a"}}}, ErrInstrument},
		"duplicate dim":      {Instrument{Dimensions: []Dimension{{ID: "a"}, {ID: "a"}}, Items: []Item{{ID: "1", Dimension: "a"}}}, ErrInstrument},
		"unknown dimension":  {Instrument{Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{ID: "1", Dimension: "b"}}}, ErrInstrument},
		"empty dimension":    {Instrument{Dimensions: []Dimension{{ID: "a"}, {ID: "b"}}, Items: []Item{{ID: "1", Dimension: "a"}}}, ErrInstrument},
		"reversed scale":     {Instrument{Scale: rating.Scale{Min: 7, Max: 1}, Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{ID: "1", Dimension: "a"}}}, ErrScale},
		"one-point scale":    {Instrument{Scale: rating.Scale{Min: 3, Max: 3}, Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{ID: "1", Dimension: "a"}}}, ErrScale},
		"widest scale":       {Instrument{Scale: rating.Scale{Min: math.MinInt, Max: math.MaxInt}, Dimensions: []Dimension{{ID: "a"}}, Items: []Item{{ID: "1", Dimension: "a"}}}, nil},
	}
	for arg, c := range badInstruments {
		in := c.in
		want := c.want
		if arg == "widest scale" {
			// rating decides whether the widest scale is valid; record
			// whatever it says, and only insist on no panic.
			if err := in.Scale.Validate("x"); err != nil {
				want = ErrScale
			}
		}
		add("servqual.Instrument.Validate", arg, want, func() (any, error) { return nil, in.Validate() })
		add("servqual.NewAccumulator", arg, want, func() (any, error) { _, err := NewAccumulator(in); return nil, err })
		add("servqual.AccumulatorFunc", arg, want, func() (any, error) { _, err := AccumulatorFunc(in); return nil, err })
		add("servqual.Summarize", arg, want, func() (any, error) {
			if want == nil {
				return nil, nil // no responses fit; Validate covers it
			}
			return Summarize(in, nil, estimate.Options{})
		})
		add("servqual.SummarizeSeq", arg, want, func() (any, error) {
			if want == nil {
				return nil, nil
			}
			return SummarizeSeq(in, slices.Values([]Response(nil)), estimate.Options{})
		})
	}
	add("servqual.Standard", "", nil, func() (any, error) { return nil, Standard().Validate() })

	// Responses, one hostile field at a time.
	type rc struct {
		arg  string
		r    Response
		want error
	}
	good := study[0]
	var responses []rc
	with := func(f func(*Response)) Response {
		r := Response{Expectations: slices.Clone(good.Expectations), Perceptions: slices.Clone(good.Perceptions),
			Minimum: slices.Clone(good.Minimum), Desired: slices.Clone(good.Desired), Weights: slices.Clone(good.Weights)}
		f(&r)
		return r
	}
	for _, list := range []struct {
		name string
		get  func(*Response) *[]int
		opt  bool
	}{{"E", func(r *Response) *[]int { return &r.Expectations }, false},
		{"P", func(r *Response) *[]int { return &r.Perceptions }, false},
		{"min", func(r *Response) *[]int { return &r.Minimum }, true},
		{"des", func(r *Response) *[]int { return &r.Desired }, true}} {
		get := list.get
		for _, v := range []int{0, 8, -1, math.MaxInt, math.MinInt + 1} {
			responses = append(responses, rc{fmt.Sprintf("%s %d", list.name, v), with(func(r *Response) { (*get(r))[2] = v }), ErrOutOfRange})
		}
		for _, v := range []int{1, 7, Missing} {
			responses = append(responses, rc{fmt.Sprintf("%s %d", list.name, v), with(func(r *Response) { (*get(r))[2] = v }), nil})
		}
		nilWant := ErrItems
		if list.opt {
			nilWant = nil
		}
		responses = append(responses,
			rc{list.name + " nil", with(func(r *Response) { *get(r) = nil }), nilWant},
			rc{list.name + " empty", with(func(r *Response) { *get(r) = []int{} }), ErrItems},
			rc{list.name + " short", with(func(r *Response) { *get(r) = (*get(r))[:3] }), ErrItems},
			rc{list.name + " long", with(func(r *Response) { *get(r) = append(*get(r), 1) }), ErrItems},
			rc{list.name + " all missing", with(func(r *Response) {
				for i := range *get(r) {
					(*get(r))[i] = Missing
				}
			}), nil})
	}
	for _, w := range []struct {
		w    []float64
		want error
	}{
		{nil, nil}, {[]float64{100, 0}, nil}, {[]float64{0, 100}, nil}, {[]float64{30.1, 69.9}, nil},
		{[]float64{}, ErrWeights}, {[]float64{100}, ErrWeights}, {[]float64{50, 25, 25}, ErrWeights},
		{[]float64{hNaN, 100}, ErrNotFinite}, {[]float64{hInf, 0}, ErrNotFinite}, {[]float64{-hInf, 100}, ErrNotFinite},
		{[]float64{hMax, 0}, ErrWeights}, {[]float64{hMax, hMax}, ErrWeights}, {[]float64{-hMax, 100}, ErrWeights},
		{[]float64{hBelow0, 100}, ErrWeights}, {[]float64{-1, 101}, ErrWeights},
		{[]float64{50, 50 + 1e-8}, ErrWeights}, {[]float64{50, 49.99999}, ErrWeights},
		{[]float64{hTiny, 100}, nil}, {[]float64{40, math.Nextafter(60, 61)}, nil},
	} {
		responses = append(responses, rc{fmt.Sprintf("weights %v", w.w), with(func(r *Response) { r.Weights = w.w }), w.want})
	}
	for _, c := range responses {
		r := c.r
		a := filled()
		addState("servqual.Accumulator.Add", c.arg, c.want, accState(a), func() (any, error) { return nil, a.Add(r) })
		b := filled()
		addState("servqual.Accumulator.AddAll", c.arg, c.want, accState(b), func() (any, error) { return nil, b.AddAll([]Response{good, r}) })
		rs := []Response{good, good, r}
		add("servqual.Summarize", c.arg, c.want, func() (any, error) { return Summarize(in, rs, estimate.Options{}) })
		add("servqual.SummarizeSeq", c.arg, c.want, func() (any, error) { return SummarizeSeq(in, slices.Values(rs), estimate.Options{}) })
	}
	{
		var z Accumulator // the standard instrument: a tiny response has the wrong length
		addState("servqual.Accumulator.Add", "zero acc, tiny response", ErrItems, accState(&z), func() (any, error) { return nil, z.Add(good) })
		a := filled()
		addState("servqual.Accumulator.AddAll", "nil", nil, nil, func() (any, error) { return nil, a.AddAll(nil) })
		add("servqual.Summarize", "no responses", ErrEmpty, func() (any, error) { return Summarize(in, nil, estimate.Options{}) })
		add("servqual.SummarizeSeq", "no responses", ErrEmpty, func() (any, error) {
			return SummarizeSeq(in, slices.Values([]Response(nil)), estimate.Options{})
		})
		add("servqual.Summarize", "one response", nil, func() (any, error) { return Summarize(in, study[:1], estimate.Options{}) })
	}

	// Levels and methods, on every function taking options.
	type oc struct {
		arg  string
		o    estimate.Options
		want error
	}
	var opts []oc
	for _, l := range []float64{0, hTiny, 0.5, hBelow1} {
		opts = append(opts, oc{fmt.Sprintf("level %v", l), estimate.Options{Level: l}, nil})
	}
	for _, l := range []float64{1, hAbove1, hBelow0, 95, hNaN, hInf, -hInf, hMax, -hMax} {
		opts = append(opts, oc{fmt.Sprintf("level %v", l), estimate.Options{Level: l}, ErrLevel})
	}
	opts = append(opts, oc{"method wald", estimate.Options{Method: estimate.Wald}, ErrMethod},
		oc{"method unknown", estimate.Options{Method: "no-such"}, ErrMethod})
	cov := [][]float64{{1, 0.5, 0.3}, {0.5, 1, 0.4}, {0.3, 0.4, 1}}
	rows := [][]float64{{3, 4, 3}, {2, 3, 4}, {4, 4, 5}, {3, 2, 3}, {4, 4, 4}}
	for _, c := range opts {
		o := c.o
		a := filled()
		b := filled()
		// Result and Compare offer Student t / Welch; alpha offers Feldt.
		wantT, wantW, wantF := c.want, c.want, c.want
		if c.arg == "method wald" {
			wantT, wantW, wantF = ErrMethod, ErrMethod, ErrMethod
		}
		add("servqual.Accumulator.Result", c.arg, wantT, func() (any, error) { return a.Result(o) })
		add("servqual.Summarize", c.arg, wantT, func() (any, error) { return Summarize(in, study, o) })
		add("servqual.SummarizeSeq", c.arg, wantT, func() (any, error) { return SummarizeSeq(in, slices.Values(study), o) })
		add("servqual.Compare", c.arg, wantW, func() (any, error) { return Compare(a, b, o) })
		add("servqual.Alpha", c.arg, wantF, func() (any, error) { return Alpha(rows, o) })
		add("servqual.AlphaCov", c.arg, wantF, func() (any, error) { return AlphaCov(cov, 30, o) })
		add("servqual.Accumulator.Reliability", c.arg, wantF, func() (any, error) { return a.Reliability(Perceptions, "b", o) })
	}

	// Alpha from raw rows.
	for _, c := range []struct {
		arg  string
		rows [][]float64
		want error
	}{
		{"nil", nil, ErrEmpty}, {"empty", [][]float64{}, ErrEmpty},
		{"one row", rows[:1], ErrTooFew}, {"one column", [][]float64{{1}, {2}, {3}}, ErrTooFew},
		{"empty rows", [][]float64{{}, {}}, ErrTooFew}, {"nil rows", [][]float64{nil, nil}, ErrTooFew},
		{"ragged", [][]float64{{1, 2}, {1, 2, 3}}, ErrItems},
		{"NaN", [][]float64{{1, 2}, {2, hNaN}, {3, 1}}, ErrNotFinite},
		{"+Inf", [][]float64{{1, 2}, {2, hInf}, {3, 1}}, ErrNotFinite},
		{"-Inf", [][]float64{{1, 2}, {2, -hInf}, {3, 1}}, ErrNotFinite},
		{"constant item", [][]float64{{1, 2}, {1, 3}, {1, 1}}, ErrNoVariance},
		{"opposed items", [][]float64{{1, 5}, {2, 4}, {3, 3}}, ErrNoVariance},
		{"MaxFloat64", [][]float64{{hMax, -hMax}, {-hMax, hMax}, {hMax, hMax}}, ErrNotFinite},
		{"huge", [][]float64{{1e300, 2e300}, {2e300, 3e300}, {3e300, 1e300}}, ErrNotFinite},
		{"tiny", [][]float64{{hTiny, 0}, {0, hTiny}, {hTiny, hTiny}}, ErrNoVariance},
		{"good", rows, nil},
	} {
		r := c.rows
		add("servqual.Alpha", c.arg, c.want, func() (any, error) { return Alpha(r, estimate.Options{}) })
	}
	// Alpha from a covariance matrix.
	for _, c := range []struct {
		arg  string
		s    [][]float64
		n    int64
		want error
	}{
		{"nil", nil, 30, ErrTooFew}, {"empty", [][]float64{}, 30, ErrTooFew}, {"1x1", [][]float64{{1}}, 30, ErrTooFew},
		{"not square", [][]float64{{1, 0.5}, {0.5}}, 30, ErrCovariance},
		{"nil row", [][]float64{{1, 0.5}, nil}, 30, ErrCovariance},
		{"asymmetric", [][]float64{{1, 0.5}, {0.4, 1}}, 30, ErrCovariance},
		{"zero variance", [][]float64{{0, 0}, {0, 1}}, 30, ErrCovariance},
		{"negative variance", [][]float64{{-1, 0}, {0, 1}}, 30, ErrCovariance},
		{"NaN", [][]float64{{1, hNaN}, {hNaN, 1}}, 30, ErrNotFinite},
		{"+Inf", [][]float64{{hInf, 0}, {0, 1}}, 30, ErrNotFinite},
		{"-Inf", [][]float64{{1, -hInf}, {-hInf, 1}}, 30, ErrNotFinite},
		{"MaxFloat64", [][]float64{{hMax, hMax}, {hMax, hMax}}, 30, ErrNotFinite},
		{"opposed", [][]float64{{1, -1}, {-1, 1}}, 30, ErrNoVariance},
		{"n 0", cov, 0, ErrEmpty}, {"n 1", cov, 1, ErrTooFew}, {"n -1", cov, -1, ErrEmpty},
		{"n MinInt64", cov, math.MinInt64, ErrEmpty},
		{"n 2", cov, 2, nil}, {"n MaxInt64", cov, math.MaxInt64, nil},
		{"tiny", [][]float64{{hTiny, 0}, {0, hTiny}}, 30, nil},
		{"good", cov, 30, nil},
	} {
		s, n := c.s, c.n
		add("servqual.AlphaCov", c.arg, c.want, func() (any, error) { return AlphaCov(s, n, estimate.Options{}) })
	}

	// Reliability, Result and Compare on empty, mismatched or unknown.
	{
		a := filled()
		var z Accumulator
		e, _ := NewAccumulator(in)
		add("servqual.Accumulator.Reliability", "unknown series", ErrUnknown, func() (any, error) { return a.Reliability("money", "", estimate.Options{}) })
		add("servqual.Accumulator.Reliability", "empty series", ErrUnknown, func() (any, error) { return a.Reliability("", "", estimate.Options{}) })
		add("servqual.Accumulator.Reliability", "unknown dimension", ErrUnknown, func() (any, error) { return a.Reliability(Gaps, "zz", estimate.Options{}) })
		add("servqual.Accumulator.Reliability", "one-item dimension", ErrTooFew, func() (any, error) { return a.Reliability(Gaps, "a", estimate.Options{}) })
		add("servqual.Accumulator.Reliability", "zero accumulator", ErrEmpty, func() (any, error) { return z.Reliability(Gaps, "", estimate.Options{}) })
		add("servqual.Accumulator.Reliability", "empty accumulator", ErrEmpty, func() (any, error) { return e.Reliability(Gaps, "b", estimate.Options{}) })
		for _, s := range []Series{Expectations, Perceptions, Gaps} {
			add("servqual.Accumulator.Reliability", string(s), nil, func() (any, error) { return a.Reliability(s, "", estimate.Options{}) })
		}
		one, _ := NewAccumulator(in)
		_ = one.Add(study[0])
		add("servqual.Accumulator.Reliability", "one respondent", ErrTooFew, func() (any, error) { return one.Reliability(Gaps, "b", estimate.Options{}) })
		add("servqual.Accumulator.Result", "zero accumulator", ErrEmpty, func() (any, error) { return z.Result(estimate.Options{}) })
		add("servqual.Accumulator.Result", "empty accumulator", ErrEmpty, func() (any, error) { return e.Result(estimate.Options{}) })
		add("servqual.Accumulator.Result", "one respondent", nil, func() (any, error) { return one.Result(estimate.Options{}) })
		add("servqual.Compare", "empty before", ErrEmpty, func() (any, error) { return Compare(e, a, estimate.Options{}) })
		add("servqual.Compare", "zero after", ErrMismatch, func() (any, error) { return Compare(a, &z, estimate.Options{}) })
		add("servqual.Compare", "one respondent", ErrTooFew, func() (any, error) { return Compare(one, a, estimate.Options{}) })
		add("servqual.Compare", "same", nil, func() (any, error) { return Compare(a, a, estimate.Options{}) })
		std, _ := NewAccumulator(Standard())
		addState("servqual.Accumulator.Merge", "other instrument", ErrMismatch, accState(a), func() (any, error) { return nil, a.Merge(std) })
		addState("servqual.Accumulator.Merge", "nil", nil, nil, func() (any, error) { return nil, a.Merge(nil) })
		addState("servqual.Accumulator.Merge", "zero", nil, nil, func() (any, error) { return nil, a.Merge(&z) })
		b := filled()
		addState("servqual.Accumulator.Merge", "itself", nil, nil, func() (any, error) { return nil, b.Merge(b) })
		// The largest count: a state decoded with n = MaxInt64 - 1 cannot
		// take two more respondents nor merge with one holding ten.
		full := fullAccumulator(t, in)
		addState("servqual.Accumulator.Merge", "overflow", ErrOverflow, accState(full), func() (any, error) { return nil, full.Merge(a) })
		addState("servqual.Accumulator.AddAll", "overflow", ErrOverflow, accState(full), func() (any, error) { return nil, full.AddAll(study[:2]) })
		full2 := fullAccumulator(t, in)
		add("servqual.Accumulator.Add", "to MaxInt64", nil, func() (any, error) { return nil, full2.Add(good) })
		addState("servqual.Accumulator.Add", "overflow", ErrOverflow, accState(full2), func() (any, error) { return nil, full2.Add(good) })
		add("servqual.Accumulator.Instrument", "", nil, func() (any, error) { return z.Instrument(), nil })
		add("servqual.Accumulator.N", "", nil, func() (any, error) { return z.N(), nil })
		add("servqual.Accumulator.Reset", "", nil, func() (any, error) { z.Reset(); return z.N(), nil })
	}

	// Encodings.
	a := filled()
	j, _ := json.Marshal(a)
	bin, _ := a.MarshalBinary()
	add("servqual.Accumulator.MarshalJSON", "", nil, func() (any, error) { _, err := a.MarshalJSON(); return nil, err })
	add("servqual.Accumulator.MarshalBinary", "", nil, func() (any, error) { _, err := a.MarshalBinary(); return nil, err })
	add("servqual.Accumulator.AppendBinary", "", nil, func() (any, error) { _, err := a.AppendBinary([]byte{1}); return nil, err })
	s := string(j)
	badJSON := map[string]string{
		"empty": ``, "array": `[]`, "number": `1`, "string": `"x"`,
		"truncated":     s[:len(s)/2],
		"trailing":      s + `{}`,
		"trailing junk": s + ` x`,
		"unknown key":   strings.Replace(s, `{`, `{"x":1,`, 1),
		"duplicate key": strings.Replace(s, `{`, `{"n":10,`, 1),
		"missing key":   strings.Replace(s, `"version":1,`, ``, 1),
		"wrong type":    strings.Replace(s, `"n":10`, `"n":"10"`, 1),
		"float n":       strings.Replace(s, `"n":10`, `"n":10.5`, 1),
		"negative n":    strings.Replace(s, `"n":10`, `"n":-10`, 1),
		"huge n":        strings.Replace(s, `"n":10`, `"n":9223372036854775808`, 1),
		"version 2":     strings.Replace(s, `"version":1`, `"version":2`, 1),
		"no instrument": strings.Replace(s, `"instrument":{`, `"instrument":null,"x":{`, 1),
	}
	// An instrument of many items (a big allocation from a short input).
	var many strings.Builder
	many.WriteString(`{"version":1,"instrument":{"name":"","scale":{"min":1,"max":7},"dimensions":[{"id":"a","label":"","label_es":""}],"items":[`)
	for i := range 60_000 {
		if i > 0 {
			many.WriteByte(',')
		}
		fmt.Fprintf(&many, `{"id":"%d","dimension":"a","label":"","label_es":"","reversed":false}`, i)
	}
	many.WriteString(`]},"n":0,"items":[],"dimensions":[],"overall":[],"cov":[]}`)
	badJSON["60,000 items"] = many.String()
	for arg, s := range badJSON {
		b := []byte(s)
		x := filled()
		addState("servqual.Accumulator.UnmarshalJSON", arg, ErrCorrupt, accState(x), func() (any, error) { return nil, x.UnmarshalJSON(b) })
	}
	{
		x := filled()
		addState("servqual.Accumulator.UnmarshalJSON", "null", nil, accState(x), func() (any, error) { return nil, x.UnmarshalJSON([]byte("null")) })
	}
	allFF := slices.Clone(bin)
	for i := len(allFF) - 200; i < len(allFF); i++ {
		allFF[i] = 0xff
	}
	manyBin := []byte{encodingVersion, 1}
	inst := []byte(many.String()[len(`{"version":1,"instrument":`):strings.Index(many.String(), `,"n":0`)])
	var lenBuf [10]byte
	nb := putUvarint(lenBuf[:], uint64(len(inst)))
	manyBin = append(append(append(manyBin, lenBuf[:nb]...), inst...), 0)
	badBin := map[string][]byte{
		"nil": nil, "empty": {}, "one byte": bin[:1],
		"truncated":       bin[:len(bin)-1],
		"half":            bin[:len(bin)/2],
		"trailing":        append(slices.Clone(bin), 0),
		"version":         append([]byte{2}, bin[1:]...),
		"flag":            append([]byte{1, 2}, bin[2:]...),
		"zero + trailing": {1, 0, 0},
		"huge length":     {1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		"tail 0xff":       allFF,
		"60,000 items":    manyBin,
	}
	for arg, b := range badBin {
		x := filled()
		addState("servqual.Accumulator.UnmarshalBinary", arg, ErrCorrupt, accState(x), func() (any, error) { return nil, x.UnmarshalBinary(b) })
	}

	// A response's own encoding.
	rb, _ := good.MarshalBinary()
	add("servqual.Response.MarshalBinary", "", nil, func() (any, error) { _, err := good.MarshalBinary(); return nil, err })
	add("servqual.Response.AppendBinary", "", nil, func() (any, error) { _, err := good.AppendBinary([]byte{1}); return nil, err })
	add("servqual.Response.MarshalBinary", "zero", nil, func() (any, error) { _, err := Response{}.MarshalBinary(); return nil, err })
	badResponse := map[string][]byte{
		"nil": nil, "version 2": append([]byte{2}, rb[1:]...),
		"truncated":   rb[:len(rb)-1],
		"trailing":    append(slices.Clone(rb), 0),
		"huge length": {1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
		"presence 2":  {1, 2, 0, 0, 0, 0},
	}
	for arg, b := range badResponse {
		x := good
		addState("servqual.Response.UnmarshalBinary", arg, ErrCorrupt, func() any { return x }, func() (any, error) { return nil, x.UnmarshalBinary(b) })
	}
	{
		var x Response
		add("servqual.Response.UnmarshalBinary", "valid", nil, func() (any, error) { return nil, x.UnmarshalBinary(rb) })
	}

	hostile.Run(t, "servqual", cs, nil, nil)
}

// putUvarint is binary.PutUvarint, kept here so that the test reads alone.
func putUvarint(b []byte, v uint64) int {
	i := 0
	for v >= 0x80 {
		b[i] = byte(v) | 0x80
		v >>= 7
		i++
	}
	b[i] = byte(v)
	return i + 1
}

// fullAccumulator returns an accumulator on in holding MaxInt64 - 1
// respondents, decoded from the state of one respondent with its counts
// raised (every per-score count and co-moment count set to n).
func fullAccumulator(t *testing.T, in Instrument) *Accumulator {
	t.Helper()
	a, err := NewAccumulator(in)
	if err != nil {
		t.Fatal(err)
	}
	// One respondent whose answers all equal: every spread is 0, so any
	// count is consistent with it.
	r := Response{Expectations: []int{3, 3, 3, 3}, Perceptions: []int{3, 3, 3, 3}}
	if err := a.Add(r); err != nil {
		t.Fatal(err)
	}
	const n = math.MaxInt64 - 1
	a.n = n
	for _, ms := range [][]estimate.Moments{a.item, a.dim, a.all[:]} {
		for i := range ms {
			if ms[i].N() == 1 {
				m, err := estimate.MomentsFrom(n, ms[i].Mean(), 0)
				if err != nil {
					t.Fatal(err)
				}
				ms[i] = m
			}
		}
	}
	for s := range a.cov {
		for q := range a.cov[s] {
			if a.cov[s][q].n == 1 {
				a.cov[s][q].n = n
			}
		}
	}
	return a
}
