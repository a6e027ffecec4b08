package apitest

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

type box[T any] struct{ v T }

func (b *box[T]) Get() T { return b.v }

type plain struct{}

func (plain) Do() {}

func generic[T any](x T) T { return x }

// TestName checks the names Name gives to each form of function value a
// hostile test passes: a function, a generic instantiation, a method value
// and expression on a plain and on a generic type.
func TestName(t *testing.T) {
	b := &box[int]{}
	for _, c := range []struct {
		f    any
		want string
	}{
		{Exported, "Exported"},
		{generic[int], "generic"},
		{generic[map[string]int], "generic"},
		{b.Get, "box.Get"},
		{(*box[string]).Get, "box.Get"},
		{plain{}.Do, "plain.Do"},
		{plain.Do, "plain.Do"},
		{strings.Cut, "Cut"},
	} {
		if got := Name(c.f); got != c.want {
			t.Errorf("Name = %q, want %q", got, c.want)
		}
	}
}

// TestExported lists this package's own exported API.
func TestExported(t *testing.T) {
	names, err := Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	want := "Accumulators AllocBytes BadBinary BadJSON Call CheckDecoder CheckEncodings Exported Name Recorder.Check Wraps"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("Exported = %q, want %q", got, want)
	}
}

// fakeTB records Errorf calls.
type fakeTB struct {
	testing.TB
	errs []string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Errorf(format string, a ...any) { f.errs = append(f.errs, format) }
func (f *fakeTB) Fatal(a ...any)                 { f.errs = append(f.errs, "fatal") }

// TestCheck: a missing name and a stale one each fail; a full record passes.
func TestCheck(t *testing.T) {
	var r Recorder
	Call(&r, Exported)
	Call(&r, Name)
	f := &fakeTB{}
	r.Check(f, ".")
	if len(f.errs) != 1 { // one report: Call, Recorder.Check and the Bad functions missing
		t.Errorf("partial record: %d failures, want 1", len(f.errs))
	}
	Call(&r, Call[func()])
	Call(&r, (*Recorder).Check)
	Call(&r, BadJSON)
	Call(&r, BadBinary)
	Call(&r, CheckDecoder)
	Call(&r, CheckEncodings)
	Call(&r, Wraps[error])
	Call(&r, Accumulators)
	Call(&r, AllocBytes)
	f = &fakeTB{}
	r.Check(f, ".")
	if len(f.errs) != 0 {
		t.Errorf("full record: failures %v", f.errs)
	}
	Call(&r, generic[int])
	f = &fakeTB{}
	r.Check(f, ".")
	if len(f.errs) != 1 {
		t.Errorf("stale record: %d failures, want 1", len(f.errs))
	}
}

// TestBadCatchesLenientDecoders: encoding/json into a struct, the decoder
// servq's strict rule replaces, accepts the unknown, duplicate, case-folded
// and missing keys of BadJSON; a varint reader that ignores minimality
// accepts BadBinary's non-minimal forms. CheckDecoder must report each.
func TestBadCatchesLenientDecoders(t *testing.T) {
	type state struct {
		N      int64   `json:"n"`
		Counts []int64 `json:"counts"`
	}
	var s state
	lenient := func(b []byte) error { return json.Unmarshal(b, &s) }
	bad := BadJSON([]byte(`{"n":2,"counts":[1,1]}`))
	rules := map[string]bool{}
	for _, b := range bad {
		rules[strings.Fields(b.Rule)[0]] = true
	}
	for _, r := range []string{"empty", "wrong", "trailing", "truncated", "unknown", "missing", "duplicate", "case-folded"} {
		if !rules[r] {
			t.Errorf("BadJSON has no %s case", r)
		}
	}
	f := &fakeTB{}
	CheckDecoder(f, "lenient", lenient, func() string { return fmt.Sprint(s) }, func(error) bool { return true }, bad)
	accepted := 0
	for _, e := range f.errs {
		if strings.Contains(e, "accepted") {
			accepted++
		}
	}
	if accepted < 6 { // unknown, 2 missing, 2 duplicate, case-folded n (counts folds too)
		t.Errorf("a lenient JSON decoder passed: %d failures reported", accepted)
	}

	var v uint64
	loose := func(b []byte) error {
		if len(b) < 2 || b[0] != 1 {
			return errors.New("bad")
		}
		x, k := binary.Uvarint(b[1:])
		if k <= 0 || 1+k != len(b) {
			return errors.New("bad")
		}
		v = x
		return nil
	}
	valid := binary.AppendUvarint([]byte{1}, 300)
	f = &fakeTB{}
	CheckDecoder(f, "loose", loose, func() string { return fmt.Sprint(v) }, func(error) bool { return true }, BadBinary(valid))
	if len(f.errs) == 0 {
		t.Error("a varint reader that accepts non-minimal forms passed")
	}

	// Wraps: the type and the sentinel must both match.
	sentinel := errors.New("corrupt")
	is := Wraps[*json.SyntaxError](sentinel)
	if is(sentinel) || is(fmt.Errorf("%w", &json.SyntaxError{})) || !is(errors.Join(sentinel, &json.SyntaxError{})) {
		t.Error("Wraps")
	}
}

// TestAccumulators checks the scan on the module itself: it must find
// accumulators of several packages, and no type without Add and Merge.
func TestAccumulators(t *testing.T) {
	got, err := Accumulators("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"nps.Tally", "csat.Tally", "estimate.Moments", "timing.ServiceLevel", "retention.Lifetimes"} {
		if !slices.Contains(got, want) {
			t.Errorf("Accumulators: %s missing from %v", want, got)
		}
	}
	for _, not := range []string{"estimate.Interval", "group.Map", "nps.Result", "staffing.Plan"} {
		if slices.Contains(got, not) {
			t.Errorf("Accumulators: %s is not an accumulator, in %v", not, got)
		}
	}
}

// TestAllocBytes: a 1 MiB allocation counts at least 1 MiB, and a
// function that allocates nothing counts 0.
func TestAllocBytes(t *testing.T) {
	var sink []byte
	if n := AllocBytes(func() { sink = make([]byte, 1<<20) }); n < 1<<20 {
		t.Errorf("AllocBytes of a 1 MiB make = %d, want >= %d", n, 1<<20)
	}
	x := 0
	if n := AllocBytes(func() { x++ }); n != 0 {
		t.Errorf("AllocBytes of x++ = %d, want 0", n)
	}
	_ = sink
}
