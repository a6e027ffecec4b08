package csat

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
)

func TestGradeOf(t *testing.T) {
	want := []Grade{1: Criminal, 2: Basic, 3: Expected, 4: Desired, 5: Astonishing}
	for x := 1; x <= 5; x++ {
		if l, err := GradeOf(x); err != nil || l != want[x] || l.Rating() != x {
			t.Errorf("GradeOf(%d) = %v, %v", x, l, err)
		}
	}
	for _, x := range []int{0, 6, -1, math.MaxInt} {
		l, err := GradeOf(x)
		var ve *estimate.ValueError
		if l != 0 || !errors.Is(err, ErrOutOfRange) || !errors.As(err, &ve) || ve.Value != float64(x) {
			t.Errorf("GradeOf(%d) = %v, %v", x, l, err)
		}
	}
	if _, err := GradeOf(6); err.Error() != "csat.GradeOf: rating 6: out of range 1..5" {
		t.Errorf("message %q", err)
	}
}

// TestGradeOfMean checks the rounding, halves up, at and around each
// boundary.
func TestGradeOfMean(t *testing.T) {
	for _, c := range []struct {
		mean float64
		want Grade
	}{
		{1, Criminal},
		{1.49999, Criminal},
		{math.Nextafter(1.5, 0), Criminal}, // the largest float below 1.5
		{1.5, Basic},
		{2.49999, Basic},
		{2.5, Expected},
		{3, Expected},
		{3.5, Desired},
		{3.6, Desired}, // nearest 4
		{4.49999, Desired},
		{math.Nextafter(4.5, 0), Desired},
		{4.5, Astonishing},
		{5.0, Astonishing},
	} {
		if l, err := GradeOfMean(c.mean); err != nil || l != c.want {
			t.Errorf("GradeOfMean(%v) = %v, %v; want %v", c.mean, l, err, c.want)
		}
	}
	for _, c := range []struct {
		mean float64
		want error
	}{
		{math.NaN(), ErrNotFinite},
		{math.Inf(1), ErrNotFinite},
		{math.Inf(-1), ErrNotFinite},
		{0.99999, ErrOutOfRange},
		{math.Nextafter(5, 6), ErrOutOfRange},
		{0, ErrOutOfRange},
		{-3, ErrOutOfRange},
	} {
		if l, err := GradeOfMean(c.mean); l != 0 || !errors.Is(err, c.want) {
			t.Errorf("GradeOfMean(%v) = %v, %v; want %v", c.mean, l, err, c.want)
		}
	}
}

func TestGradeNames(t *testing.T) {
	for _, c := range []struct {
		l           Grade
		en, es      string
		alsoAccepts []string
	}{
		{Criminal, "criminal", "criminal", []string{"CRIMINAL", "Criminal"}},
		{Basic, "basic", "básico", []string{"basico", "Basico", "BÁSICO", "Básico", "BASIC"}},
		{Expected, "expected", "esperado", []string{"Esperado", "EXPECTED"}},
		{Desired, "desired", "deseado", []string{"DESEADO", "Desired"}},
		{Astonishing, "astonishing", "alucinante", []string{"Alucinante", "ASTONISHING"}},
	} {
		if c.l.String() != c.en || c.l.Spanish() != c.es {
			t.Errorf("%d: %q %q", c.l, c.l.String(), c.l.Spanish())
		}
		b, err := c.l.MarshalText()
		if err != nil || string(b) != c.en {
			t.Errorf("MarshalText(%v) = %q, %v", c.l, b, err)
		}
		if b, _ := c.l.AppendText([]byte("x:")); string(b) != "x:"+c.en {
			t.Errorf("AppendText = %q", b)
		}
		for _, s := range append([]string{c.en, c.es}, c.alsoAccepts...) {
			var l Grade
			if err := l.UnmarshalText([]byte(s)); err != nil || l != c.l {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v", s, l, err, c.l)
			}
		}
	}
	for _, l := range []Grade{0, 6, 255} {
		if l.IsValid() || l.Rating() != 0 {
			t.Errorf("%d is valid", l)
		}
		if _, err := l.MarshalText(); !errors.Is(err, ErrGrade) {
			t.Errorf("MarshalText(%d): %v", l, err)
		}
		if b, err := l.AppendText(nil); b != nil || !errors.Is(err, ErrGrade) {
			t.Errorf("AppendText(%d): %v", l, err)
		}
	}
	if Grade(0).String() != "Grade(0)" || Grade(7).Spanish() != "Grade(7)" {
		t.Errorf("invalid names %q %q", Grade(0).String(), Grade(7).Spanish())
	}
	l := Desired
	for _, s := range []string{"", "desire", "basica", "bäsico", " basic", strings.Repeat("x", 100)} {
		if err := l.UnmarshalText([]byte(s)); !errors.Is(err, ErrGrade) || l != Desired {
			t.Errorf("UnmarshalText(%q) = %v, level %v", s, err, l)
		}
	}
	const want = `csat.Grade.UnmarshalText: grade "desire": not a grade`
	if err := l.UnmarshalText([]byte("desire")); err == nil || err.Error() != want {
		t.Errorf("UnmarshalText(desire) error %q, want %q", err, want)
	}
	// In JSON a Grade is its English name.
	b, _ := json.Marshal(struct{ L Grade }{Astonishing})
	if string(b) != `{"L":"astonishing"}` {
		t.Errorf("JSON %s", b)
	}
	var v struct{ L Grade }
	if err := json.Unmarshal([]byte(`{"L":"alucinante"}`), &v); err != nil || v.L != Astonishing {
		t.Errorf("JSON in Spanish: %v, %v", v.L, err)
	}
}

// FuzzGradeUnmarshalText checks that UnmarshalText never panics, accepts
// only the names of the grades (either language, any case, "basico"), and
// that what it accepts marshals back to a name it accepts again.
func FuzzGradeUnmarshalText(f *testing.F) {
	for _, s := range []string{"basic", "básico", "BASICO", "alucinante", "", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Grade
		err := l.UnmarshalText(b)
		if err != nil {
			if l != 0 || !errors.Is(err, ErrGrade) {
				t.Fatalf("rejected %q: level %v, %v", b, l, err)
			}
			return
		}
		s := string(b)
		if !strings.EqualFold(s, l.String()) && !strings.EqualFold(s, l.Spanish()) && !strings.EqualFold(s, "basico") {
			t.Fatalf("%q read as %v", s, l)
		}
		out, err := l.MarshalText()
		var back Grade
		if err != nil || back.UnmarshalText(out) != nil || back != l {
			t.Fatalf("%v does not round-trip", l)
		}
	})
}

// FuzzGradeOfMean checks that GradeOfMean never panics, that it names a
// level exactly for means in [1, 5], and that the level is within half a
// point of the mean.
func FuzzGradeOfMean(f *testing.F) {
	for _, m := range []float64{1, 1.5, 3.6, 4.5, 5, 0, math.NaN(), math.Inf(1)} {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, m float64) {
		l, err := GradeOfMean(m)
		if (m >= 1 && m <= 5) != (err == nil) {
			t.Fatalf("GradeOfMean(%v) = %v, %v", m, l, err)
		}
		if d := float64(l) - m; err == nil && !(-0.5 < d && d <= 0.5) {
			t.Fatalf("GradeOfMean(%v) = %v, not the nearest rounding half up", m, l)
		}
	})
}
