package nps

import (
	"encoding/json"
	"math"
	"testing"
)

// TestClassify checks every score against Reichheld (2003): 0..6
// detractors, 7..8 passives, 9..10 promoters (not the 8-9 passives of
// some course material; see the doc of Classify).
func TestClassify(t *testing.T) {
	want := [11]Category{
		Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Detractor,
		Passive, Passive, Promoter, Promoter,
	}
	for x, w := range want {
		got, err := Classify(x)
		if err != nil || got != w {
			t.Errorf("Classify(%d) = %v, %v, want %v", x, got, err, w)
		}
	}
	for _, x := range []int{-1, 11, 100, math.MinInt, math.MaxInt} {
		got, err := Classify(x)
		wantValueErr(t, err, ErrOutOfRange, "nps.Classify", -1, "out of range 0..10")
		if got != 0 {
			t.Errorf("Classify(%d) = %v, want the zero Category", x, got)
		}
	}
	_, err := Classify(-1)
	if got := err.Error(); got != "nps.Classify: score -1: out of range 0..10" {
		t.Errorf("message = %q", got)
	}
}

func TestCategoryText(t *testing.T) {
	for _, tt := range []struct {
		c    Category
		text string
	}{{Detractor, "detractor"}, {Passive, "passive"}, {Promoter, "promoter"}} {
		if got := tt.c.String(); got != tt.text {
			t.Errorf("String() = %q, want %q", got, tt.text)
		}
		b, err := tt.c.MarshalText()
		if err != nil || string(b) != tt.text {
			t.Errorf("MarshalText() = %q, %v", b, err)
		}
		b, err = tt.c.AppendText([]byte("x="))
		if err != nil || string(b) != "x="+tt.text {
			t.Errorf("AppendText() = %q, %v", b, err)
		}
		for _, in := range []string{tt.text, string(tt.text[0]-'a'+'A') + tt.text[1:], "  " + tt.text} {
			var c Category
			err := c.UnmarshalText([]byte(in))
			if in[0] == ' ' { // surrounding space is not a name
				if err == nil {
					t.Errorf("UnmarshalText(%q) accepted", in)
				}
				continue
			}
			if err != nil || c != tt.c {
				t.Errorf("UnmarshalText(%q) = %v, %v", in, c, err)
			}
		}
	}
	for _, c := range []Category{0, 4, 255} {
		if c.IsValid() {
			t.Errorf("Category(%d).IsValid()", c)
		}
		_, err := c.MarshalText()
		wantValueErr(t, err, ErrCategory, "nps.Category.MarshalText", -1, "unknown category")
		_, err = c.AppendText(nil)
		wantValueErr(t, err, ErrCategory, "nps.Category.AppendText", -1, "unknown category")
	}
	if got := Category(0).String(); got != "Category(0)" {
		t.Errorf("String() = %q", got)
	}
	c := Passive
	err := c.UnmarshalText([]byte("promotor"))
	wantValueErr(t, err, ErrCategory, "nps.Category.UnmarshalText", -1, `nps.Category.UnmarshalText: category "promotor": unknown category`)
	if c != Passive {
		t.Errorf("rejected UnmarshalText changed c to %v", c)
	}
}

// TestCategoryJSON checks that a Category reads as its name in JSON, as a
// value and as a map key.
func TestCategoryJSON(t *testing.T) {
	m := map[Category]int{Promoter: 5, Detractor: 2}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"detractor":2,"promoter":5}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back map[Category]int
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 || back[Promoter] != 5 {
		t.Errorf("round trip = %v, %v", back, err)
	}
	var c Category
	if err := json.Unmarshal([]byte(`"neutral"`), &c); err == nil {
		t.Error(`"neutral" accepted`)
	}
}

// FuzzClassify checks that Classify never panics, accepts exactly 0..10,
// and agrees with the category boundaries and with a Tally.
func FuzzClassify(f *testing.F) {
	for _, x := range []int{-1, 0, 6, 7, 8, 9, 10, 11, math.MinInt} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x int) {
		c, err := Classify(x)
		if (err == nil) != (x >= 0 && x <= 10) {
			t.Fatalf("Classify(%d) = %v, %v", x, c, err)
		}
		if err != nil {
			return
		}
		want := Detractor
		if x >= 9 {
			want = Promoter
		} else if x >= 7 {
			want = Passive
		}
		if c != want || !c.IsValid() {
			t.Fatalf("Classify(%d) = %v, want %v", x, c, want)
		}
		r, err := Summarize([]int{x}, estimateDefault)
		if err != nil {
			t.Fatal(err)
		}
		if (c == Promoter) != (r.Promoters == 1) || (c == Detractor) != (r.Detractors == 1) {
			t.Fatalf("Classify(%d) = %v, but Summarize counts %+v", x, c, r)
		}
	})
}

// FuzzCategoryText checks that UnmarshalText never panics, leaves c
// unchanged on error, and that what it accepts marshals back to the same
// name in lower case.
func FuzzCategoryText(f *testing.F) {
	for _, s := range []string{"promoter", "PASSIVE", "Detractor", "", "neutral", "promoter\x00", "paſſive"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Passive
		err := c.UnmarshalText([]byte(s))
		if err != nil {
			if c != Passive {
				t.Fatalf("rejected %q changed c to %v", s, c)
			}
			return
		}
		b, err := c.MarshalText()
		if err != nil || !sameIgnoringCase(string(b), s) {
			t.Fatalf("%q decoded to %v, which marshals to %q, %v", s, c, b, err)
		}
	})
}

// sameIgnoringCase reports whether a and b are equal ignoring ASCII case.
func sameIgnoringCase(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
