package mysteryshopper

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/rating"
)

func TestValidateRejects(t *testing.T) {
	seven := 7
	cases := []struct {
		name   string
		edit   func(c *Checklist)
		target error
		text   string
	}{
		{"no sections", func(c *Checklist) { c.Sections = nil }, ErrChecklist, "no sections"},
		{"unknown kind", func(c *Checklist) { c.Sections[0].Items[0].Kind = "stars" }, ErrChecklist, `kind "stars"`},
		{"duplicate item", func(c *Checklist) { c.Sections[1].Items[1].ID = "a1" }, ErrChecklist, `item "a1" at index 4`},
		{"empty item id", func(c *Checklist) { c.Sections[0].Items[1].ID = "" }, ErrChecklist, "duplicate id"},
		{"duplicate section", func(c *Checklist) { c.Sections[1].ID = "A" }, ErrChecklist, `section "A" at index 1`},
		{"negative item weight", func(c *Checklist) { c.Sections[0].Items[2].Weight = -1 }, ErrChecklist, `weight of item "a3" -1`},
		{"NaN item weight", func(c *Checklist) { c.Sections[0].Items[2].Weight = math.NaN() }, ErrChecklist, "NaN"},
		{"zero item weights", func(c *Checklist) {
			for i := range c.Sections[0].Items {
				c.Sections[0].Items[i].Weight = 0
			}
		}, ErrChecklist, "add up to zero"},
		{"only a bonus weighs", func(c *Checklist) {
			c.Sections[1].Items[0].Weight, c.Sections[1].Items[1].Weight = 0, 0
		}, ErrChecklist, `section "B"`},
		{"zero section weight", func(c *Checklist) { c.Sections[1].Weight = 0 }, ErrChecklist, `weight of section "B" 0`},
		{"infinite section weight", func(c *Checklist) { c.Sections[1].Weight = math.Inf(1) }, ErrChecklist, "+Inf"},
		{"overflowing section weights", func(c *Checklist) {
			c.Sections[0].Weight, c.Sections[1].Weight = math.MaxFloat64, math.MaxFloat64
		}, ErrChecklist, "section weights"},
		{"bad scale", func(c *Checklist) { c.Sections[0].Items[1].Scale = rating.Scale{Min: 5, Max: 1} }, ErrScale, `scale max of item "a2" 1 at index 1`},
		{"metFrom off the scale", func(c *Checklist) { c.Sections[0].Items[1].MetFrom = &seven }, ErrOutOfRange, `metFrom of item "a2" 7 at index 1: out of range 1..5`},
		{"one option", func(c *Checklist) { c.Sections[1].Items[0].Options = c.Sections[1].Items[0].Options[:1] }, ErrChecklist, "2..1000 options"},
		{"negative points", func(c *Checklist) { c.Sections[1].Items[0].Options[2].Points = -1 }, ErrChecklist, "option 2"},
		{"all zero points", func(c *Checklist) {
			for k := range c.Sections[1].Items[0].Options {
				c.Sections[1].Items[0].Options[k].Points = 0
			}
		}, ErrChecklist, "zero points"},
		{"yes/no with options", func(c *Checklist) { c.Sections[0].Items[0].Options = []Option{{}, {}} }, ErrChecklist, "yes/no"},
		{"bonus and critical", func(c *Checklist) { c.Sections[1].Items[2].Critical = true }, ErrChecklist, "bonus and critical"},
		{"always and optional", func(c *Checklist) { c.Sections[1].Items[2].Always = true }, ErrChecklist, "always applicable and optional"},
		{"pass mark above 100", func(c *Checklist) { c.PassMark = 101 }, ErrChecklist, "passMark 101"},
		{"negative trigger", func(c *Checklist) { c.Sections[1].Trigger = -5 }, ErrChecklist, "trigger"},
		{"unknown rule", func(c *Checklist) { c.Critical = "zero" }, ErrChecklist, `critical rule "zero"`},
		{"cap NaN", func(c *Checklist) { c.Critical, c.Cap = CapScore, math.NaN() }, ErrChecklist, "cap NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := testChecklist()
			c.edit(&cl)
			err := cl.Validate()
			wantValueError(t, err, "mysteryshopper.Checklist.Validate", c.target)
			if !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %q does not say %q", err, c.text)
			}
			if _, err := NewScorer(cl); err == nil {
				t.Error("NewScorer accepted it")
			}
		})
	}
}

func TestTemplatesValidate(t *testing.T) {
	for _, f := range []func(string) (Checklist, error){Report, Protocol} {
		var ids [2][]string
		for k, lang := range []string{Spanish, English} {
			c, err := f(lang)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("%s %s: %v", c.ID, lang, err)
			}
			for _, s := range c.Sections {
				if s.Title == "" {
					t.Errorf("%s %s: section %s has no title", c.ID, lang, s.ID)
				}
				for _, it := range s.Items {
					if it.Text == "" {
						t.Errorf("%s %s: item %s has no text", c.ID, lang, it.ID)
					}
					ids[k] = append(ids[k], it.ID)
				}
			}
		}
		if !cmp.Equal(ids[0], ids[1]) {
			t.Error("the two languages have different items")
		}
	}
	c, _ := Report(English)
	if len(c.Sections) != 5 {
		t.Errorf("report has %d sections, want 5", len(c.Sections))
	}
	c, _ = Protocol(Spanish)
	if len(c.Sections) != 10 || c.Sections[0].Title != "Entrada" {
		t.Errorf("protocol has %d sections, the first %q; want 10 from Entrada", len(c.Sections), c.Sections[0].Title)
	}
	_, err := Report("fr")
	wantValueError(t, err, "mysteryshopper.Report", ErrChecklist)
}

// TEMPLATES.md documents every item and weight of the templates.
func TestTemplatesDocumented(t *testing.T) {
	doc := readFile(t, "TEMPLATES.md")
	for _, f := range []func(string) (Checklist, error){Report, Protocol} {
		c, _ := f(English)
		for _, s := range c.Sections {
			if !strings.Contains(doc, "`"+s.ID+"`") {
				t.Errorf("TEMPLATES.md lacks section %s", s.ID)
			}
			for _, it := range s.Items {
				if !strings.Contains(doc, "`"+it.ID+"`") {
					t.Errorf("TEMPLATES.md lacks item %s", it.ID)
				}
			}
		}
	}
}

func TestChecklistJSONRoundTrip(t *testing.T) {
	for _, f := range []func(string) (Checklist, error){Report, Protocol} {
		c, _ := f(Spanish)
		var buf bytes.Buffer
		if err := c.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadChecklist(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(c, back); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
	}
}

func TestParseChecklistRejects(t *testing.T) {
	good := `{"id":"x","title":"x","passMark":50,"sections":[{"id":"s","title":"S","weight":1,"items":[` +
		`{"id":"i","text":"I","kind":"rating","weight":1,"scale":{"min":1,"max":5},"metFrom":4}]}]}`
	if _, err := ParseChecklist([]byte(good)); err != nil {
		t.Fatalf("good checklist: %v", err)
	}
	for _, c := range []struct {
		name, json string
		target     error
	}{
		{"unknown key", strings.Replace(good, `"passMark"`, `"passmarks"`, 1), ErrCorrupt},
		{"duplicate key", strings.Replace(good, `"title":"x"`, `"title":"x","title":"y"`, 1), ErrCorrupt},
		{"nested duplicate key", strings.Replace(good, `"weight":1,"scale"`, `"weight":1,"weight":2,"scale"`, 1), ErrCorrupt},
		{"wrong type", strings.Replace(good, `"weight":1,"items"`, `"weight":"1","items"`, 1), ErrCorrupt},
		{"trailing data", good + ` {}`, ErrCorrupt},
		{"not JSON", `{"id":`, ErrCorrupt},
		{"rating outside its scale", strings.Replace(good, `"metFrom":4`, `"metFrom":9`, 1), ErrOutOfRange},
		{"unknown kind", strings.Replace(good, `"rating"`, `"stars"`, 1), ErrChecklist},
		{"zero weight total", strings.Replace(good, `"weight":1,"scale"`, `"weight":0,"scale"`, 1), ErrChecklist},
		{"negative weight", strings.Replace(good, `"weight":1,"items"`, `"weight":-1,"items"`, 1), ErrChecklist},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseChecklist([]byte(c.json))
			wantValueError(t, err, "mysteryshopper.ParseChecklist", c.target)
		})
	}
}

func TestDuplicateKey(t *testing.T) {
	for _, c := range []struct {
		json string
		dup  bool
	}{
		{`{"a":1,"b":{"a":2}}`, false},
		{`{"a":1,"a":2}`, true},
		{`[{"a":1},{"a":2}]`, false},
		{`{"a":[{"b":1,"b":2}]}`, true},
		{`{"a":{"x":[1,2]},"b":[[]],"c":{}}`, false},
		{`{"a":{},"a":{}}`, true},
		{`{"a":[],"b":[],"a":[]}`, true},
	} {
		if got := duplicateKey([]byte(c.json)) != nil; got != c.dup {
			t.Errorf("duplicateKey(%s) = %v, want %v", c.json, got, c.dup)
		}
	}
}

// A Scorer keeps its own copy: editing the checklist after NewScorer
// changes nothing.
func TestScorerOwnsItsChecklist(t *testing.T) {
	cl := testChecklist()
	s := mustScorer(t, cl)
	cl.Sections[0].Items[0].Weight = 100
	*cl.Sections[0].Items[1].MetFrom = 1
	got := s.Checklist()
	if got.Sections[0].Items[0].Weight != 2 || *got.Sections[0].Items[1].MetFrom != 4 {
		t.Error("editing the checklist reached the Scorer")
	}
}
