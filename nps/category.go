package nps

import (
	"strconv"

	"github.com/servq/servq/estimate"
)

// MinScore and MaxScore bound the likelihood-to-recommend scale, 0..10.
const (
	MinScore = 0
	MaxScore = 10
)

// A Category is the Net Promoter group of a score: [Detractor] (0..6),
// [Passive] (7..8) or [Promoter] (9..10), as [Classify] assigns them. The
// zero Category is not a valid category.
//
// A Category marshals to and from the text "detractor", "passive" or
// "promoter", so it reads naturally in JSON and CSV.
type Category uint8

// The three categories, in the order of the scale.
const (
	Detractor Category = iota + 1 // scores 0..6
	Passive                       // scores 7..8
	Promoter                      // scores 9..10
)

var categoryNames = [...]string{Detractor: "detractor", Passive: "passive", Promoter: "promoter"}

// Classify returns the category of a score on the 0..10 scale, following
// Reichheld (2003), "The One Number You Need to Grow", Harvard Business
// Review 81(12):
//
//	0..6   Detractor
//	7..8   Passive
//	9..10  Promoter
//
// Some course material that servq's authors drew on (in Spanish) counts
// 8 and 9 as passives and puts the NPS on a 0..100 scale. servq follows
// Reichheld, who defined the metric, and the statistical work built on his
// definition (Rocks 2016): 9 and 10 are promoters, 7 and 8 passives, and
// the NPS is %promoters - %detractors, in points from -100 to 100; it is
// negative whenever detractors outnumber promoters, so a 0..100 scale
// cannot hold it. Counting 9 as passive would lower the score of any
// sample that holds a 9 and make it incomparable with published NPS
// figures.
//
// A score outside 0..10 returns the zero Category and ErrOutOfRange.
func Classify(score int) (Category, error) {
	switch {
	case uint(score) > MaxScore:
		return 0, scoreErr("nps.Classify", score, -1)
	case score >= 9:
		return Promoter, nil
	case score >= 7:
		return Passive, nil
	}
	return Detractor, nil
}

// IsValid reports whether c is Detractor, Passive or Promoter.
func (c Category) IsValid() bool { return c >= Detractor && c <= Promoter }

// String returns "detractor", "passive" or "promoter", or "Category(n)"
// for an invalid category.
func (c Category) String() string {
	if !c.IsValid() {
		return "Category(" + strconv.Itoa(int(c)) + ")"
	}
	return categoryNames[c]
}

// AppendText appends the name of c, as [Category.String] gives it, to b.
// An invalid category returns ErrCategory.
func (c Category) AppendText(b []byte) ([]byte, error) {
	if !c.IsValid() {
		return b, valueErr("nps.Category.AppendText", "category", float64(c), ErrCategory)
	}
	return append(b, categoryNames[c]...), nil
}

// MarshalText returns the name of c: "detractor", "passive" or "promoter".
// An invalid category returns ErrCategory.
func (c Category) MarshalText() ([]byte, error) {
	if !c.IsValid() {
		return nil, valueErr("nps.Category.MarshalText", "category", float64(c), ErrCategory)
	}
	return []byte(categoryNames[c]), nil
}

// UnmarshalText sets c from the name of a category in any ASCII case
// ("promoter", "Promoter", "PROMOTER"; no Unicode look-alike such as the
// long s of "paſſive" counts). Any other text returns ErrCategory, with
// the text as the error's Text (its first 64 bytes and "..." when longer,
// "(empty)" when empty, as csat's grades do), and leaves c unchanged.
func (c *Category) UnmarshalText(text []byte) error {
	for k := Detractor; k <= Promoter; k++ {
		if equalFoldASCII(text, categoryNames[k]) {
			*c = k
			return nil
		}
	}
	const max = 64 // keep the message short for long input
	shown := string(text)
	if len(shown) > max {
		shown = shown[:max] + "..."
	}
	if shown == "" {
		shown = "(empty)" // not "category 0": an empty Text would print the Value
	}
	return &estimate.ValueError{Func: "nps.Category.UnmarshalText", Name: "category",
		Text: shown, Index: -1, Err: ErrCategory}
}

// equalFoldASCII reports whether text equals the lower-case ASCII name,
// ignoring the case of ASCII letters only.
func equalFoldASCII(text []byte, name string) bool {
	if len(text) != len(name) {
		return false
	}
	for i, b := range text {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != name[i] {
			return false
		}
	}
	return true
}
