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
