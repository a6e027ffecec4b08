// Package hostile runs a package's hostile-input walk: one call of each
// exported function or method with a hostile argument, checked against
// the error contract of servq (see [Run]). It is for tests only.
package hostile

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// A Case is one call of an exported function or method with one hostile
// (or borderline) argument and the others valid, for [Run]. Want is
// the sentinel the *estimate.ValueError must wrap, or nil when the call
// must succeed with a finite result. State, when not nil, snapshots what
// the call may modify; it must not change when the call fails.
type Case struct {
	Fn    string // the Func the *estimate.ValueError must name: "pkg.Type.Method"
	Arg   string // what is hostile, for the message
	Call  func() (any, error)
	State func() any
	Want  error
}

type hostilePanic struct{ v any }

func (p hostilePanic) Error() string { return fmt.Sprint("panic: ", p.v) }

func hostileCall(f func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = hostilePanic{r}
		}
	}()
	return f()
}

// NonFinite returns the path of the first NaN or infinite float64 in v,
// or "" when there is none. Fields named in allowInf may be +Inf where
// the package documents it.
func NonFinite(v reflect.Value, allowInf map[string]bool) string {
	switch v.Kind() {
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			name := v.Type().Field(i).Name
			if s := NonFinite(v.Field(i), allowInf); s != "" {
				if allowInf[name] && s == "+Inf" {
					continue
				}
				return name + " " + s
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if s := NonFinite(v.Index(i), allowInf); s != "" {
				return fmt.Sprintf("[%d] %s", i, s)
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if s := NonFinite(it.Value(), allowInf); s != "" {
				return fmt.Sprintf("[%v] %s", it.Key(), s)
			}
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return NonFinite(v.Elem(), allowInf)
		}
	}
	return ""
}

// Run runs the cases of the package pkg (its name, as errors spell
// it: "servqual") and checks each: no panic; on want, an
// *estimate.ValueError naming c.Fn and wrapping c.Want, found by errors.As
// and errors.Is, with the state unchanged; otherwise success with no
// non-finite float in the result. It then fails for every exported
// function or method of the package in the current directory (see
// [apitest.Exported]) that no case walked, unless exempt gives the reason.
func Run(t *testing.T, pkg string, cases []Case, exempt map[string]string, allowInf map[string]bool) {
	t.Helper()
	walked := map[string]bool{}
	for _, c := range cases {
		walked[c.Fn] = true
		var before string
		if c.State != nil {
			before = fmt.Sprintf("%+v", c.State())
		}
		got, err := hostileCall(c.Call)
		if pe, ok := err.(hostilePanic); ok {
			t.Errorf("%s(%s) panicked: %v", c.Fn, c.Arg, pe.v)
			continue
		}
		if c.Want == nil {
			if err != nil {
				t.Errorf("%s(%s) = %v; want success", c.Fn, c.Arg, err)
			} else if bad := NonFinite(reflect.ValueOf(got), allowInf); bad != "" {
				t.Errorf("%s(%s) = %+v with a nil error: %s is not finite", c.Fn, c.Arg, got, bad)
			}
			continue
		}
		var ve *estimate.ValueError
		switch {
		case err == nil:
			t.Errorf("%s(%s) succeeded; want %v", c.Fn, c.Arg, c.Want)
		case !errors.Is(err, c.Want):
			t.Errorf("%s(%s) error %v; want %v", c.Fn, c.Arg, err, c.Want)
		case !errors.As(err, &ve):
			t.Errorf("%s(%s) error %v (%T) is not a *estimate.ValueError", c.Fn, c.Arg, err, err)
		case ve.Func != c.Fn:
			t.Errorf("%s(%s) error names %q", c.Fn, c.Arg, ve.Func)
		}
		if c.State != nil {
			if after := fmt.Sprintf("%+v", c.State()); after != before {
				t.Errorf("%s(%s) failed but changed the state from %.120s... to %.120s...", c.Fn, c.Arg, before, after)
			}
		}
	}
	names, err := apitest.Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		fn := pkg + "." + n
		if !walked[fn] && exempt[fn] == "" {
			t.Errorf("no hostile case for %s", fn)
		}
	}
	t.Logf("%d hostile calls", len(cases))
}
