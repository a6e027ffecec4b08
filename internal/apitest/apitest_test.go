package apitest

import (
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
	want := "Call Exported Name Recorder.Check"
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
	if len(f.errs) != 1 { // Call and Recorder.Check missing
		t.Errorf("partial record: %d failures, want 1", len(f.errs))
	}
	Call(&r, Call[func()])
	Call(&r, (*Recorder).Check)
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
