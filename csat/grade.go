package csat

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/servq/servq/estimate"
)

// A Grade names a point of a 1..5 rating by the quality of service it
// stands for, the five grades of the Spanish-language course material on
// service quality that servq draws on:
//
//	rating  Grade        English       Spanish
//	1       Criminal     criminal      criminal
//	2       Basic        basic         básico
//	3       Expected     expected      esperado
//	4       Desired      desired       deseado
//	5       Astonishing  astonishing   alucinante
//
// The course material calls them service levels ("niveles de servicio");
// servq says grade, since a level is a confidence level in
// estimate.Options and a service level is a share answered in time in
// timing. The Spanish names are written with their accents, "básico";
// the course material writes "basico", which [Grade.UnmarshalText] also
// accepts, in either language and any case.
//
// The zero Grade is not a valid grade. Grades marshal as their English
// names, so they read naturally in JSON and CSV.
type Grade uint8

// The five grades, in the order of the 1..5 scale: a Grade's value is its
// rating.
const (
	Criminal    Grade = iota + 1 // rating 1: criminal / criminal
	Basic                        // rating 2: basic / básico
	Expected                     // rating 3: expected / esperado
	Desired                      // rating 4: desired / deseado
	Astonishing                  // rating 5: astonishing / alucinante
)

var (
	gradeNames   = [...]string{Criminal: "criminal", Basic: "basic", Expected: "expected", Desired: "desired", Astonishing: "astonishing"}
	gradeNamesES = [...]string{Criminal: "criminal", Basic: "básico", Expected: "esperado", Desired: "deseado", Astonishing: "alucinante"}
)

// errGradeRange is ErrOutOfRange with the 1..5 scale of the grades.
var errGradeRange = fmt.Errorf("%w 1..5", ErrOutOfRange)

// GradeOf returns the grade of a single rating on the 1..5 scale:
// Grade(rating). A rating outside 1..5 returns the zero Grade and
// ErrOutOfRange.
func GradeOf(rating int) (Grade, error) {
	if rating < 1 || rating > 5 {
		return 0, valueErr("csat.GradeOf", "rating", float64(rating), errGradeRange)
	}
	return Grade(rating), nil
}

// GradeOfMean returns the grade nearest to a mean of 1..5 ratings,
// rounding halves up:
//
//	Grade = ⌊mean + 1/2⌋
//
// so 1 <= mean < 1.5 is Criminal, 1.5 <= mean < 2.5 Basic, ..., 3.5 <=
// mean < 4.5 Desired and 4.5 <= mean <= 5 Astonishing. A mean of 3.6 is
// Desired; 1.49999 is Criminal and 1.5 Basic. The rounding is exact: no
// mean below a half rounds up by floating-point error.
//
// The grades name the points of a five-point scale; they have no agreed
// thresholds on other scales, and this package does not invent them. A
// NaN or infinite mean returns ErrNotFinite, and a mean outside [1, 5]
// ErrOutOfRange, both with the zero Grade.
func GradeOfMean(mean float64) (Grade, error) {
	const fn = "csat.GradeOfMean"
	switch {
	case math.IsNaN(mean) || math.IsInf(mean, 0):
		return 0, valueErr(fn, "mean", mean, ErrNotFinite)
	case !(mean >= 1 && mean <= 5):
		return 0, valueErr(fn, "mean", mean, errGradeRange)
	}
	f := math.Floor(mean)
	if mean-f >= 0.5 { // exact: mean and f are within a factor of 2
		f++
	}
	return Grade(f), nil
}

// IsValid reports whether g is one of the five grades, Criminal to
// Astonishing.
func (g Grade) IsValid() bool { return g >= Criminal && g <= Astonishing }

// Rating returns the 1..5 rating of g, and 0 for an invalid grade.
func (g Grade) Rating() int {
	if !g.IsValid() {
		return 0
	}
	return int(g)
}

// String returns the English name of g: "criminal", "basic", "expected",
// "desired" or "astonishing"; or "Grade(n)" for an invalid grade.
func (g Grade) String() string {
	if !g.IsValid() {
		return "Grade(" + strconv.Itoa(int(g)) + ")"
	}
	return gradeNames[g]
}

// Spanish returns the Spanish name of g: "criminal", "básico",
// "esperado", "deseado" or "alucinante"; or "Grade(n)" for an invalid
// grade.
func (g Grade) Spanish() string {
	if !g.IsValid() {
		return g.String()
	}
	return gradeNamesES[g]
}

// AppendText appends the English name of g to b. An invalid grade returns
// b unchanged and ErrGrade.
func (g Grade) AppendText(b []byte) ([]byte, error) {
	if !g.IsValid() {
		return b, valueErr("csat.Grade.AppendText", "grade", float64(g), ErrGrade)
	}
	return append(b, gradeNames[g]...), nil
}

// MarshalText returns the English name of g, as [Grade.String] gives it.
// An invalid grade returns ErrGrade.
func (g Grade) MarshalText() ([]byte, error) {
	if !g.IsValid() {
		return nil, valueErr("csat.Grade.MarshalText", "grade", float64(g), ErrGrade)
	}
	return []byte(gradeNames[g]), nil
}

// UnmarshalText sets g from the name of a grade in English or Spanish, in
// any case: "desired", "Deseado" and "DESEADO" are all Desired; Basic may
// be written "básico" or, as in the course material, "basico". Other text
// returns ErrGrade, with the text (its first 64 bytes) as the error's
// Text, and leaves g unchanged.
func (g *Grade) UnmarshalText(text []byte) error {
	s := string(text)
	for k := Criminal; k <= Astonishing; k++ {
		if strings.EqualFold(s, gradeNames[k]) || strings.EqualFold(s, gradeNamesES[k]) {
			*g = k
			return nil
		}
	}
	if strings.EqualFold(s, "basico") {
		*g = Basic
		return nil
	}
	const max = 64 // keep the message short for long input
	if len(s) > max {
		s = s[:max] + "..."
	}
	if s == "" {
		s = "(empty)"
	}
	return &estimate.ValueError{Func: "csat.Grade.UnmarshalText", Name: "grade",
		Text: s, Index: -1, Err: ErrGrade}
}
