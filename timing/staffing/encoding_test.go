package staffing

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestResultJSONRoundTrip(t *testing.T) {
	stable, _ := ErlangC(cchQueue, 14, 20*time.Second)
	unstable, _ := ErlangC(cchQueue, 9, 20*time.Second)
	abandon, _ := ErlangA(cchQueue, time.Minute, 9, 20*time.Second)
	for _, r := range []Result{stable, unstable, abandon} {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Result
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(r, back); diff != "" {
			t.Errorf("round trip of %s: %s", b, diff)
		}
	}
	b, _ := json.Marshal(unstable)
	for _, want := range []string{`"queue_length":"+Inf"`, `"in_system":"+Inf"`, `"asa":9223372036854775807`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("unstable JSON %s lacks %s", b, want)
		}
	}
	// A plan carries its results through the same encoding.
	p, err := PlanC([]Queue{cchQueue}, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(p)
	var pb Plan
	if err := json.Unmarshal(b, &pb); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, pb); diff != "" {
		t.Errorf("plan round trip: %s", diff)
	}
}

func TestResultUnmarshalCorrupt(t *testing.T) {
	good, _ := ErlangC(cchQueue, 14, 20*time.Second)
	b, _ := json.Marshal(good)
	s := string(b)
	for name, in := range map[string]string{
		"unknown field":  strings.Replace(s, `"agents"`, `"agentz"`, 1),
		"trailing":       s + `{}`,
		"wrong type":     strings.Replace(s, `"agents":14`, `"agents":"14"`, 1),
		"model":          strings.Replace(s, `"erlang-c"`, `"erlang-x"`, 1),
		"share":          regexp.MustCompile(`"wait":[^,]*`).ReplaceAllString(s, `"wait":1.5`),
		"negative queue": regexp.MustCompile(`"queue_length":[^,]*`).ReplaceAllString(s, `"queue_length":-1`),
		"string number":  regexp.MustCompile(`"queue_length":[^,]*`).ReplaceAllString(s, `"queue_length":"1"`),
		"duplicate key":  strings.Replace(s, `"model"`, `"agents":14,"model"`, 1),
		"missing key":    strings.Replace(s, `"agents":14,`, ``, 1),
		"not an object":  `[1]`,
	} {
		r := good
		err := r.UnmarshalJSON([]byte(in))
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
		if diff := cmp.Diff(good, r); diff != "" {
			t.Errorf("%s: changed the result: %s", name, diff)
		}
	}
	r := good
	if err := r.UnmarshalJSON([]byte("null")); err != nil || r != good {
		t.Errorf("null: %v", err)
	}
	var x number
	if err := x.UnmarshalJSON([]byte(`"+Inf"`)); err != nil || !math.IsInf(float64(x), 1) {
		t.Errorf("+Inf: %v %v", x, err)
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	stable, _ := ErlangC(cchQueue, 14, 20*time.Second)
	unstable, _ := ErlangC(cchQueue, 9, 20*time.Second)
	abandon, _ := ErlangA(cchQueue, time.Minute, 9, 20*time.Second)
	for _, r := range []Result{stable, unstable, abandon} {
		b, err := r.MarshalBinary()
		if err != nil || len(b) != resultSize {
			t.Fatalf("%d bytes, %v", len(b), err)
		}
		var back Result
		if err := back.UnmarshalBinary(b); err != nil || back != r {
			t.Errorf("round trip: %v\n%+v\n%+v", err, r, back)
		}
	}
	day := []Queue{cchQueue, {Contacts: 0, Interval: time.Hour, AHT: time.Minute}, {Contacts: 360, Interval: 30 * time.Minute, AHT: 4 * time.Minute}}
	tg := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Shrinkage: 0.3}
	for _, mk := range []func() (Plan, error){
		func() (Plan, error) { return PlanC(day, tg) },
		func() (Plan, error) { return PlanA(day, time.Minute, tg) },
	} {
		p, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := p.MarshalBinary()
		var back Plan
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, back); diff != "" {
			t.Errorf("plan round trip: %s", diff)
		}
		sb, _ := p.Intervals[0].MarshalBinary()
		var s Staffing
		if err := s.UnmarshalBinary(sb); err != nil || s != p.Intervals[0] {
			t.Errorf("staffing round trip: %v", err)
		}
	}
}

func TestBinaryCorrupt(t *testing.T) {
	good, _ := ErlangC(cchQueue, 14, 20*time.Second)
	b, _ := good.MarshalBinary()
	mutate := func(f func([]byte) []byte) []byte { return f(append([]byte(nil), b...)) }
	nan := math.Float64bits(math.NaN())
	for name, in := range map[string][]byte{
		"empty":    nil,
		"short":    b[:len(b)-1],
		"trailing": append(append([]byte(nil), b...), 0),
		"version":  mutate(func(c []byte) []byte { c[0] = 2; return c }),
		"model":    mutate(func(c []byte) []byte { c[1] = 9; return c }),
		"stable":   mutate(func(c []byte) []byte { c[2] = 2; return c }),
		"nan wait": mutate(func(c []byte) []byte {
			for i := range 8 {
				c[1+6+8*2+i] = byte(nan >> (8 * i))
			}
			return c
		}),
		"negative asa": mutate(func(c []byte) []byte { c[1+70+8+7] = 0x80; return c }),
	} {
		r := good
		if err := r.UnmarshalBinary(in); !errors.Is(err, ErrCorrupt) || r != good {
			t.Errorf("%s: %v, want ErrCorrupt and no change", name, err)
		}
	}
	p, _ := PlanC([]Queue{cchQueue}, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second})
	pb, _ := p.MarshalBinary()
	for name, in := range map[string][]byte{
		"short":    pb[:planHead],
		"count":    append(append([]byte(nil), pb[:2]...), append([]byte{9, 0, 0, 0}, pb[6:]...)...),
		"trailing": append(append([]byte(nil), pb...), 1),
		"model":    append([]byte{1, 2}, pb[2:]...),
	} {
		q := p
		if err := q.UnmarshalBinary(in); !errors.Is(err, ErrCorrupt) {
			t.Errorf("plan %s: %v, want ErrCorrupt", name, err)
		}
	}
}

func FuzzPlanUnmarshalBinary(f *testing.F) {
	p, _ := PlanA([]Queue{cchQueue, cchQueue}, time.Minute, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second})
	b, _ := p.MarshalBinary()
	f.Add(b)
	r, _ := ErlangC(cchQueue, 9, 0)
	rb, _ := r.MarshalBinary()
	f.Add(rb)
	f.Fuzz(func(t *testing.T, b []byte) {
		var q Plan
		if err := q.UnmarshalBinary(b); err == nil {
			out, _ := q.MarshalBinary()
			if string(out) != string(b) {
				t.Fatal("accepted a non-canonical plan encoding")
			}
		}
		var r Result
		if err := r.UnmarshalBinary(b); err == nil {
			out, _ := r.MarshalBinary()
			if string(out) != string(b) {
				t.Fatal("accepted a non-canonical result encoding")
			}
		}
	})
}

// FuzzPlanUnmarshalJSON: a Plan or Staffing decoded from any JSON either
// fails with ErrCorrupt, leaving the value unchanged, or re-encodes to
// JSON that decodes to the same value, in both encodings.
func FuzzPlanUnmarshalJSON(f *testing.F) {
	p, _ := PlanA([]Queue{cchQueue, cchQueue}, time.Minute, Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second})
	b, _ := json.Marshal(p)
	f.Add(b)
	b, _ = json.Marshal(p.Intervals[0])
	f.Add(b)
	f.Add([]byte(`{"model":"erlang-c","intervals":[],"contacts":0,"staffed":0,"scheduled":0,"service_level":1,"abandon":0,"asa":0,"occupancy":0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var q, zero Plan
		if err := q.UnmarshalJSON(b); err != nil {
			if !errors.Is(err, ErrCorrupt) || q.Model != zero.Model || q.Intervals != nil {
				t.Fatalf("error %v, plan %+v", err, q)
			}
		} else if q.Intervals != nil {
			out, _ := json.Marshal(q)
			var back Plan
			if err := back.UnmarshalJSON(out); err != nil || !cmp.Equal(back, q) {
				t.Fatalf("plan %s does not round-trip: %v", out, err)
			}
			bin, _ := q.MarshalBinary()
			if err := back.UnmarshalBinary(bin); err != nil || !cmp.Equal(back, q) {
				t.Fatalf("plan accepted in JSON is refused in binary: %v", err)
			}
		}
		var s Staffing
		if err := s.UnmarshalJSON(b); err != nil {
			if !errors.Is(err, ErrCorrupt) || s != (Staffing{}) {
				t.Fatalf("error %v, staffing %+v", err, s)
			}
		} else if s != (Staffing{}) {
			bin, _ := s.MarshalBinary()
			var back Staffing
			if err := back.UnmarshalBinary(bin); err != nil || back != s {
				t.Fatalf("staffing accepted in JSON is refused in binary: %v", err)
			}
		}
	})
}
