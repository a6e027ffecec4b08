package mysteryshopper

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/hostile"
	"github.com/servq/servq/rating"
)

var (
	hNaN    = math.NaN()
	hInf    = math.Inf(1)
	hMax    = math.MaxFloat64
	hTiny   = math.SmallestNonzeroFloat64
	hBelow0 = math.Nextafter(0, -1)
	hBelow1 = math.Nextafter(1, 0)
	hAbove1 = math.Nextafter(1, 2)
)

// hostileAnswers returns answers to testChecklist that pass: yes, 5,
// yes, good, yes, no bonus.
func hostileAnswers() []Answer {
	return []Answer{Yes(), Rated(5), Yes(), Chose(0), Yes(), {}}
}

func auditSnap(a *Audit) func() any {
	return func() any { b, _ := a.MarshalBinary(); return b }
}

// TestHostileInput walks every exported function and method with hostile
// arguments, one at a time, the others valid.
func TestHostileInput(t *testing.T) {
	var cs []hostile.Case
	add := func(fn, arg string, want error, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, Want: want})
	}
	addState := func(fn, arg string, want error, state func() any, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, State: state, Want: want})
	}
	sc := mustScorer(t, testChecklist())
	scores := func(n int) []Score {
		ss := make([]Score, n)
		for i := range ss {
			ans := hostileAnswers()
			if i%3 == 1 {
				ans[0] = No()
			}
			if i%4 == 2 {
				ans[3] = Chose(2)
			}
			if err := sc.Score(&ss[i], ans); err != nil {
				t.Fatal(err)
			}
		}
		return ss
	}
	filled := func() *Audit {
		a := NewAudit(sc)
		if err := a.AddAll(scores(12)); err != nil {
			t.Fatal(err)
		}
		return a
	}

	// Checklists, one field at a time, through Validate, NewScorer and
	// ParseChecklist (whose JSON round trip must agree).
	type cc struct {
		arg  string
		f    func(*Checklist)
		want error
	}
	var checklists []cc
	floatField := func(name string, set func(*Checklist, float64), ok, bad []float64, badErr error) {
		for _, v := range ok {
			checklists = append(checklists, cc{fmt.Sprintf("%s %v", name, v), func(c *Checklist) { set(c, v) }, nil})
		}
		for _, v := range bad {
			checklists = append(checklists, cc{fmt.Sprintf("%s %v", name, v), func(c *Checklist) { set(c, v) }, badErr})
		}
	}
	nf := []float64{hNaN, hInf, -hInf}
	floatField("pass mark", func(c *Checklist, v float64) { c.PassMark = v }, []float64{0, 100, hTiny, math.Nextafter(100, 0)},
		append([]float64{hBelow0, math.Nextafter(100, 200), -hMax, hMax}, nf...), ErrChecklist)
	floatField("cap", func(c *Checklist, v float64) { c.Critical, c.Cap = CapScore, v }, []float64{0, 100, 50},
		append([]float64{hBelow0, math.Nextafter(100, 200), hMax}, nf...), ErrChecklist)
	floatField("trigger", func(c *Checklist, v float64) { c.Sections[1].Trigger = v }, []float64{0, 100, 50},
		append([]float64{hBelow0, math.Nextafter(100, 200), hMax}, nf...), ErrChecklist)
	floatField("section weight", func(c *Checklist, v float64) { c.Sections[0].Weight = v }, []float64{hTiny, 1e300, 1},
		append([]float64{0, hBelow0, -1, -hMax}, nf...), ErrChecklist)
	floatField("item weight", func(c *Checklist, v float64) { c.Sections[0].Items[0].Weight = v }, []float64{0, hTiny, 1e300},
		append([]float64{hBelow0, -1, -hMax}, nf...), ErrChecklist)
	floatField("option points", func(c *Checklist, v float64) { c.Sections[1].Items[0].Options[1].Points = v }, []float64{0, 1e300, hTiny},
		append([]float64{hBelow0, -hMax}, nf...), ErrChecklist)
	checklists = append(checklists,
		cc{"two sections of MaxFloat64", func(c *Checklist) { c.Sections[0].Weight, c.Sections[1].Weight = hMax, hMax }, ErrChecklist},
		cc{"items of MaxFloat64", func(c *Checklist) { c.Sections[0].Items[0].Weight, c.Sections[0].Items[1].Weight = hMax, hMax }, ErrChecklist},
		cc{"no sections", func(c *Checklist) { c.Sections = nil }, ErrChecklist},
		cc{"section of no items", func(c *Checklist) { c.Sections[1].Items = nil }, ErrChecklist},
		cc{"items of zero weight", func(c *Checklist) {
			for i := range c.Sections[0].Items {
				c.Sections[0].Items[i].Weight = 0
			}
		}, ErrChecklist},
		cc{"empty item id", func(c *Checklist) { c.Sections[0].Items[0].ID = "" }, ErrChecklist},
		cc{"duplicate item id", func(c *Checklist) { c.Sections[1].Items[1].ID = "a1" }, ErrChecklist},
		cc{"empty section id", func(c *Checklist) { c.Sections[0].ID = "" }, ErrChecklist},
		cc{"duplicate section id", func(c *Checklist) { c.Sections[1].ID = "A" }, ErrChecklist},
		cc{"unknown kind", func(c *Checklist) { c.Sections[0].Items[0].Kind = "essay" }, ErrChecklist},
		cc{"empty kind", func(c *Checklist) { c.Sections[0].Items[0].Kind = "" }, ErrChecklist},
		cc{"unknown critical rule", func(c *Checklist) { c.Critical = "shout" }, ErrChecklist},
		cc{"reversed scale", func(c *Checklist) { c.Sections[0].Items[1].Scale = rating.Scale{Min: 5, Max: 1} }, ErrScale},
		cc{"zero scale", func(c *Checklist) { c.Sections[0].Items[1].Scale = rating.Scale{} }, ErrScale},
		cc{"MetFrom above", func(c *Checklist) { six := 6; c.Sections[0].Items[1].MetFrom = &six }, ErrOutOfRange},
		cc{"MetFrom below", func(c *Checklist) { z := 0; c.Sections[0].Items[1].MetFrom = &z }, ErrOutOfRange},
		cc{"MetFrom MinInt", func(c *Checklist) { z := math.MinInt; c.Sections[0].Items[1].MetFrom = &z }, ErrOutOfRange},
		cc{"one option", func(c *Checklist) { c.Sections[1].Items[0].Options = c.Sections[1].Items[0].Options[:1] }, ErrChecklist},
		cc{"no options", func(c *Checklist) { c.Sections[1].Items[0].Options = nil }, ErrChecklist},
		cc{"options all zero", func(c *Checklist) {
			for i := range c.Sections[1].Items[0].Options {
				c.Sections[1].Items[0].Options[i].Points = 0
			}
		}, ErrChecklist},
		cc{"widest scale", func(c *Checklist) {
			c.Sections[0].Items[1].Scale = rating.Scale{Min: math.MinInt + 1, Max: math.MaxInt}
			c.Sections[0].Items[1].MetFrom = nil
		}, nil},
	)
	for _, c := range checklists {
		cl := testChecklist()
		c.f(&cl)
		want := c.want
		if c.arg == "widest scale" {
			if err := cl.Sections[0].Items[1].Scale.Validate("x"); err != nil {
				want = ErrScale
			}
		}
		add("mysteryshopper.Checklist.Validate", c.arg, want, func() (any, error) { return nil, cl.Validate() })
		add("mysteryshopper.NewScorer", c.arg, want, func() (any, error) { _, err := NewScorer(cl); return nil, err })
		b, err := json.Marshal(cl)
		if err != nil {
			continue // NaN and Inf have no JSON
		}
		add("mysteryshopper.ParseChecklist", c.arg, want, func() (any, error) { _, err := ParseChecklist(b); return nil, err })
		add("mysteryshopper.ReadChecklist", c.arg, want, func() (any, error) { _, err := ReadChecklist(bytes.NewReader(b)); return nil, err })
	}
	// Checklist JSON that does not decode.
	var goodJSON bytes.Buffer
	{
		cl := testChecklist()
		b, err := json.Marshal(cl) // compact, for the replacements below
		if err != nil {
			t.Fatal(err)
		}
		goodJSON.Write(b)
		if _, err := ParseChecklist(b); err != nil {
			t.Fatal(err)
		}
		add("mysteryshopper.Checklist.WriteJSON", "test checklist", nil, func() (any, error) { return nil, cl.WriteJSON(new(bytes.Buffer)) })
		bad := testChecklist()
		bad.PassMark = hNaN
		add("mysteryshopper.Checklist.WriteJSON", "NaN pass mark", ErrChecklist, func() (any, error) { return nil, bad.WriteJSON(new(bytes.Buffer)) })
		add("mysteryshopper.Checklist.WriteJSON", "failing writer", errFire, func() (any, error) { return nil, cl.WriteJSON(failWriter{}) })
	}
	g := strings.TrimSpace(goodJSON.String())
	many := `{"id":"x","title":"","passMark":0,"sections":[{"id":"s","title":"","weight":1,"items":[` +
		strings.Repeat(`{"id":"i","text":"","kind":"yesno","weight":1},`, MaxItems) + `{"id":"j","text":"","kind":"yesno","weight":1}]}]}`
	for arg, s := range map[string]string{
		"empty": ``, "null": `null`, "array": `[]`, "string": `"x"`,
		"truncated":        g[:len(g)/2],
		"trailing":         g + `{}`,
		"trailing junk":    g + ` x`,
		"unknown key":      strings.Replace(g, `{`, `{"x":1,`, 1),
		"duplicate key":    strings.Replace(g, `{`, `{"passMark":10,`, 1),
		"wrong type":       strings.Replace(g, `"passMark":70`, `"passMark":"70"`, 1),
		"1e400":            strings.Replace(g, `"passMark":70`, `"passMark":1e400`, 1),
		"MaxItems + 1":     many,
		"deep nesting":     strings.Repeat(`[`, 100_000),
		"unknown item key": strings.Replace(g, `"kind":"yesno"`, `"kind":"yesno","colour":"red"`, 1),
	} {
		b := []byte(s)
		want := ErrCorrupt
		if arg == "MaxItems + 1" || arg == "null" {
			want = ErrChecklist // null is the zero Checklist, which has no sections
		}
		add("mysteryshopper.ParseChecklist", arg, want, func() (any, error) { _, err := ParseChecklist(b); return nil, err })
		add("mysteryshopper.ReadChecklist", arg, want, func() (any, error) { _, err := ReadChecklist(bytes.NewReader(b)); return nil, err })
	}
	add("mysteryshopper.ReadChecklist", "failing reader", errFire, func() (any, error) { _, err := ReadChecklist(failReader{}); return nil, err })

	// Templates.
	for _, lang := range []string{"es", "en", "", "ES", "fr", "es-ES"} {
		want := error(nil)
		if lang != Spanish && lang != English {
			want = ErrChecklist
		}
		add("mysteryshopper.Report", lang, want, func() (any, error) { c, err := Report(lang); return nil, errors.Join(err, validIfNil(err, c)) })
		add("mysteryshopper.Protocol", lang, want, func() (any, error) { c, err := Protocol(lang); return nil, errors.Join(err, validIfNil(err, c)) })
	}

	// Answers.
	type ac struct {
		arg  string
		i    int
		a    Answer
		want error
	}
	var answers []ac
	for _, v := range []int{-1, 2, math.MaxInt, math.MinInt} {
		answers = append(answers, ac{fmt.Sprintf("yes/no %d", v), 0, Answer{Status: Given, Value: v}, ErrAnswer})
	}
	for _, v := range []int{0, 6, -1, math.MaxInt, math.MinInt} {
		answers = append(answers, ac{fmt.Sprintf("rating %d", v), 1, Rated(v), ErrOutOfRange})
	}
	for _, v := range []int{-1, 3, math.MaxInt, math.MinInt} {
		answers = append(answers, ac{fmt.Sprintf("choice %d", v), 3, Chose(v), ErrAnswer})
	}
	for _, st := range []Status{3, 255} {
		answers = append(answers, ac{fmt.Sprintf("status %d", st), 0, Answer{Status: st}, ErrAnswer})
	}
	answers = append(answers,
		ac{"required unanswered", 0, Answer{}, ErrMissing},
		ac{"optional unanswered", 5, Answer{}, nil},
		ac{"rating 1", 1, Rated(1), nil}, ac{"choice 2", 3, Chose(2), nil},
		ac{"N/A", 0, NA(), nil}, ac{"N/A critical", 2, NA(), nil},
		ac{"no", 0, No(), nil},
	)
	for _, c := range answers {
		ans := hostileAnswers()
		ans[c.i] = c.a
		var dst Score
		before := Score{}
		_ = sc.Score(&before, hostileAnswers())
		dst = before
		addState("mysteryshopper.Scorer.Score", c.arg, c.want, func() any { return dst }, func() (any, error) { return dst, sc.Score(&dst, ans) })
	}
	{
		var dst Score
		allNA := []Answer{NA(), NA(), NA(), NA(), NA(), NA()}
		addState("mysteryshopper.Scorer.Score", "all N/A", ErrAllNA, func() any { return dst }, func() (any, error) { return nil, sc.Score(&dst, allNA) })
		onlyBonus := []Answer{NA(), NA(), NA(), NA(), NA(), Yes()}
		addState("mysteryshopper.Scorer.Score", "only bonus", ErrAllNA, func() any { return dst }, func() (any, error) { return nil, sc.Score(&dst, onlyBonus) })
		for _, n := range []int{0, 5, 7} {
			ans := make([]Answer, n)
			addState("mysteryshopper.Scorer.Score", fmt.Sprintf("%d answers", n), ErrAnswer, func() any { return dst }, func() (any, error) { return nil, sc.Score(&dst, ans) })
		}
		addState("mysteryshopper.Scorer.Score", "nil answers", ErrAnswer, func() any { return dst }, func() (any, error) { return nil, sc.Score(&dst, nil) })
		allNo := []Answer{No(), Rated(1), No(), Chose(2), No(), No()}
		add("mysteryshopper.Scorer.Score", "every item failed", nil, func() (any, error) { return dst, sc.Score(&dst, allNo) })
	}
	// Text answers.
	for _, c := range []struct {
		item, text string
		want       error
	}{
		{"a1", "yes", nil}, {"a1", " SÍ ", nil}, {"a1", "", nil}, {"a1", "n/a", nil}, {"a1", "maybe", ErrAnswer},
		{"a1", "2", ErrAnswer}, {"a2", "3", nil}, {"a2", "99999999999999999999999", ErrAnswer}, {"a2", "3.5", ErrAnswer},
		{"a2", "-9223372036854775808", nil}, {"b1", "ok", nil}, {"b1", "7", nil}, {"b1", "great", ErrAnswer},
		{"zz", "yes", ErrUnknownItem}, {"", "yes", ErrUnknownItem}, {"a1", "\x00\xff", ErrAnswer},
		{"a1", strings.Repeat("y", 1<<16), ErrAnswer},
	} {
		item, text := c.item, c.text
		add("mysteryshopper.Scorer.Parse", fmt.Sprintf("%q %.20q", item, text), c.want, func() (any, error) { return sc.Parse(item, text) })
	}
	for arg, c := range map[string]struct {
		m    map[string]string
		want error
	}{
		"nil":          {nil, nil},
		"empty":        {map[string]string{}, nil},
		"good":         {map[string]string{"a1": "yes", "a2": "4", "b1": "good"}, nil},
		"unknown item": {map[string]string{"a1": "yes", "zz": "1"}, ErrUnknownItem},
		"bad text":     {map[string]string{"a1": "yes", "a2": "four"}, ErrAnswer},
	} {
		m := c.m
		prev := []Answer{Yes()}
		addState("mysteryshopper.Scorer.ParseAnswers", arg, c.want, func() any { return prev }, func() (any, error) { _, err := sc.ParseAnswers(m, prev); return nil, err })
	}
	add("mysteryshopper.Scorer.Len", "", nil, func() (any, error) { return sc.Len(), nil })
	add("mysteryshopper.Scorer.Index", "unknown", nil, func() (any, error) { _, ok := sc.Index("zz"); return ok, nil })
	add("mysteryshopper.Scorer.Checklist", "", nil, func() (any, error) { c := sc.Checklist(); return nil, c.Validate() })
	add("mysteryshopper.Yes", "", nil, func() (any, error) { return Yes(), nil })
	add("mysteryshopper.No", "", nil, func() (any, error) { return No(), nil })
	add("mysteryshopper.NA", "", nil, func() (any, error) { return NA(), nil })
	add("mysteryshopper.Rated", "MinInt", nil, func() (any, error) { return Rated(math.MinInt), nil })
	add("mysteryshopper.Chose", "MaxInt", nil, func() (any, error) { return Chose(math.MaxInt), nil })

	// Audits: foreign or forged scores.
	ss := scores(12)
	other := mustScorer(t, func() Checklist { c := testChecklist(); c.Sections[0].Items[0].ID = "x1"; return c }())
	var foreign Score
	if err := other.Score(&foreign, hostileAnswers()); err != nil {
		t.Fatal(err)
	}
	forged := func(f func(*Score)) Score {
		// A score decoded from JSON has no Scorer: Add checks its numbers.
		var s Score
		b, _ := json.Marshal(ss[0])
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		f(&s)
		return s
	}
	// want is the error of an Audit of the checklist, zero that of a zero
	// Audit, which takes a decoded score's checklist from its ids and
	// flags.
	badScores := map[string]struct {
		s          Score
		want, zero error
	}{
		"foreign":                  {foreign, ErrMismatch, nil},
		"decoded":                  {forged(func(*Score) {}), nil, nil},
		"percent NaN":              {forged(func(s *Score) { s.Percent = hNaN }), ErrNotFinite, ErrNotFinite},
		"percent +Inf":             {forged(func(s *Score) { s.Percent = hInf }), ErrNotFinite, ErrNotFinite},
		"percent 100+ulp":          {forged(func(s *Score) { s.Percent = math.Nextafter(100, 200) }), ErrOutOfRange, ErrOutOfRange},
		"percent -0 ulp":           {forged(func(s *Score) { s.Percent = hBelow0 }), ErrOutOfRange, ErrOutOfRange},
		"percent -MaxFloat64":      {forged(func(s *Score) { s.Percent = -hMax }), ErrOutOfRange, ErrOutOfRange},
		"section NaN":              {forged(func(s *Score) { s.Sections[0].Percent = hNaN }), ErrNotFinite, ErrNotFinite},
		"credit 1+ulp":             {forged(func(s *Score) { s.Items[0].Credit = hAbove1 }), ErrOutOfRange, ErrOutOfRange},
		"credit NaN":               {forged(func(s *Score) { s.Items[0].Credit = hNaN }), ErrNotFinite, ErrNotFinite},
		"item renamed":             {forged(func(s *Score) { s.Items[0].ID = "zz" }), ErrMismatch, nil},
		"item duplicated":          {forged(func(s *Score) { s.Items[1].ID = s.Items[0].ID }), ErrMismatch, ErrChecklist},
		"item empty id":            {forged(func(s *Score) { s.Items[0].ID = "" }), ErrMismatch, ErrChecklist},
		"section renamed":          {forged(func(s *Score) { s.Sections[0].ID = "zz" }), ErrMismatch, ErrChecklist},
		"item moved":               {forged(func(s *Score) { s.Items[0].Section = "B" }), ErrMismatch, ErrChecklist},
		"item of no section":       {forged(func(s *Score) { s.Items[5].Section = "C" }), ErrMismatch, ErrChecklist},
		"critical flag dropped":    {forged(func(s *Score) { s.Items[2].Critical = false }), ErrMismatch, nil},
		"bonus flag added":         {forged(func(s *Score) { s.Items[0].Bonus = true }), ErrMismatch, nil},
		"critical and bonus":       {forged(func(s *Score) { s.Items[5].Critical = true }), ErrMismatch, ErrChecklist},
		"items missing":            {forged(func(s *Score) { s.Items = s.Items[:2] }), ErrMismatch, ErrChecklist},
		"no items":                 {forged(func(s *Score) { s.Items = nil }), ErrMismatch, ErrChecklist},
		"no sections":              {forged(func(s *Score) { s.Sections = nil }), ErrMismatch, ErrChecklist},
		"zero score":               {Score{}, ErrMismatch, ErrChecklist},
		"critical failures -1":     {forged(func(s *Score) { s.CriticalFailures = -1 }), ErrOutOfRange, ErrOutOfRange},
		"critical failures 7":      {forged(func(s *Score) { s.CriticalFailures = 7 }), ErrOutOfRange, ErrOutOfRange},
		"triggered MinInt":         {forged(func(s *Score) { s.Triggered = math.MinInt }), ErrOutOfRange, ErrOutOfRange},
		"triggered 3":              {forged(func(s *Score) { s.Triggered = 3 }), ErrOutOfRange, ErrOutOfRange},
		"met but not applicable":   {forged(func(s *Score) { s.Items[0].Applicable, s.Items[0].Met = false, true }), nil, nil},
		"points NaN (not counted)": {forged(func(s *Score) { s.Points = hNaN }), nil, nil},
	}
	for arg, c := range badScores {
		s := c.s
		a := filled()
		addState("mysteryshopper.Audit.Add", arg, c.want, auditSnap(a), func() (any, error) { return nil, a.Add(&s) })
		b := filled()
		addState("mysteryshopper.Audit.AddAll", arg, c.want, auditSnap(b), func() (any, error) { return nil, b.AddAll([]Score{ss[0], s}) })
		list := []Score{ss[0], ss[1], s}
		add("mysteryshopper.Summarize", arg, c.want, func() (any, error) { return Summarize(list, estimate.Options{}) })
		add("mysteryshopper.SummarizeSeq", arg, c.want, func() (any, error) { return SummarizeSeq(ptrs(list), estimate.Options{}) })
		var z Audit
		addState("mysteryshopper.Audit.Add", "zero audit, "+arg, c.zero, auditSnap(&z), func() (any, error) { return nil, z.Add(&s) })
	}
	{
		a := filled()
		addState("mysteryshopper.Audit.AddAll", "nil", nil, nil, func() (any, error) { return nil, a.AddAll(nil) })
		add("mysteryshopper.Summarize", "nil", ErrEmpty, func() (any, error) { return Summarize(nil, estimate.Options{}) })
		add("mysteryshopper.SummarizeSeq", "empty", ErrEmpty, func() (any, error) { return SummarizeSeq(ptrs(nil), estimate.Options{}) })
		add("mysteryshopper.Summarize", "one", ErrTooFew, func() (any, error) { return Summarize(ss[:1], estimate.Options{}) })
		var z Audit
		add("mysteryshopper.Audit.Result", "zero", ErrEmpty, func() (any, error) { return z.Result(estimate.Options{}) })
		add("mysteryshopper.Audit.N", "zero", nil, func() (any, error) { return z.N(), nil })
		add("mysteryshopper.Audit.Reset", "zero", nil, func() (any, error) { z.Reset(); return z.N(), nil })
		add("mysteryshopper.Audit.Reset", "filled", nil, func() (any, error) { f := filled(); f.Reset(); return f.N(), nil })
		add("mysteryshopper.NewAudit", "", nil, func() (any, error) { return NewAudit(sc).N(), nil })
		add("mysteryshopper.AuditFunc", "", nil, func() (any, error) { return AuditFunc(sc)().N(), nil })
		o := NewAudit(other)
		_ = o.Add(&foreign)
		addState("mysteryshopper.Audit.Merge", "other checklist", ErrMismatch, auditSnap(a), func() (any, error) { return nil, a.Merge(o) })
		addState("mysteryshopper.Audit.Merge", "nil", nil, auditSnap(a), func() (any, error) { return nil, a.Merge(nil) })
		addState("mysteryshopper.Audit.Merge", "zero", nil, auditSnap(a), func() (any, error) { return nil, a.Merge(&z) })
		b := filled()
		add("mysteryshopper.Audit.Merge", "itself", nil, func() (any, error) { return nil, b.Merge(b) })
		full := fullAudit(t, sc)
		addState("mysteryshopper.Audit.Merge", "overflow", ErrOverflow, auditSnap(full), func() (any, error) { return nil, full.Merge(a) })
		addState("mysteryshopper.Audit.Add", "overflow", ErrOverflow, auditSnap(full), func() (any, error) { return nil, full.Add(&ss[0]) })
		// A nil score (a nil decoded from a stream) is bad input, not a
		// programming error: ErrEmpty, on a filled and on a zero audit.
		addState("mysteryshopper.Audit.Add", "nil score", ErrEmpty, auditSnap(a), func() (any, error) { return nil, a.Add(nil) })
		addState("mysteryshopper.Audit.Add", "zero audit, nil score", ErrEmpty, auditSnap(&z), func() (any, error) { return nil, z.Add(nil) })
		add("mysteryshopper.SummarizeSeq", "a nil score", ErrEmpty, func() (any, error) {
			return SummarizeSeq(func(yield func(*Score) bool) { _ = yield(&ss[0]) && yield(nil) }, estimate.Options{})
		})
		addState("mysteryshopper.Audit.AddAll", "overflow", ErrOverflow, auditSnap(full), func() (any, error) { return nil, full.AddAll(ss[:1]) })
		add("mysteryshopper.Audit.Result", "MaxInt64 visits", nil, func() (any, error) { return full.Result(estimate.Options{}) })
		add("mysteryshopper.Compare", "other checklist", ErrMismatch, func() (any, error) { return Compare(a, o, estimate.Options{}) })
		add("mysteryshopper.Compare", "zero", ErrEmpty, func() (any, error) { return Compare(a, &z, estimate.Options{}) })
		add("mysteryshopper.Compare", "one visit", ErrTooFew, func() (any, error) { return Compare(a, o1(sc, ss[0]), estimate.Options{}) })
		add("mysteryshopper.Compare", "itself", nil, func() (any, error) { return Compare(a, a, estimate.Options{}) })
		add("mysteryshopper.Compare", "MaxInt64 visits", nil, func() (any, error) { return Compare(full, a, estimate.Options{}) })
		r, err := a.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{math.MinInt, -1, 0, 1, 100, math.MaxInt} {
			add("mysteryshopper.Result.WeakestItems", fmt.Sprint(k), nil, func() (any, error) { return r.WeakestItems(k), nil })
			add("mysteryshopper.Result.WeakestSections", fmt.Sprint(k), nil, func() (any, error) { return r.WeakestSections(k), nil })
		}
		var zr Result
		add("mysteryshopper.Result.WeakestItems", "zero result", nil, func() (any, error) { return zr.WeakestItems(3), nil })
		add("mysteryshopper.Result.WeakestSections", "zero result", nil, func() (any, error) { return zr.WeakestSections(3), nil })

		// Rank and shopper effects.
		byBranch := map[string]*Audit{"n": filled(), "s": filled(), "one": o1(sc, ss[0]), "zero": NewAudit(sc)}
		add("mysteryshopper.Rank", "mixed", nil, func() (any, error) {
			r, sk, err := Rank(sorted(byBranch), estimate.Options{})
			if err == nil && (len(r) != 2 || len(sk) != 2) {
				err = fmt.Errorf("ranked %d, skipped %d", len(r), len(sk))
			}
			return r, err
		})
		add("mysteryshopper.Rank", "empty", nil, func() (any, error) { r, _, err := Rank(sorted(map[string]*Audit{}), estimate.Options{}); return r, err })
		add("mysteryshopper.Rank", "tied", nil, func() (any, error) {
			r, _, err := Rank(sorted(map[string]*Audit{"a": filled(), "b": filled(), "c": filled()}), estimate.Options{})
			if err == nil && (r[0].Rank != 1 || r[2].Rank != 1) {
				err = fmt.Errorf("ties ranked %+v", r)
			}
			return r, err
		})
		cells := map[Cell]*Audit{{"n", "ana"}: filled(), {"n", "bo"}: filled(), {"s", "ana"}: filled(), {"s", "cy"}: o1(sc, ss[1])}
		for _, m := range []int{math.MinInt, -1, 0, 1, math.MaxInt} {
			add("mysteryshopper.ShopperEffects", fmt.Sprintf("minVisits %d", m), nil, func() (any, error) {
				return ShopperEffects(sortedCells(cells), m, estimate.Options{})
			})
		}
		add("mysteryshopper.ShopperEffects", "empty", ErrEmpty, func() (any, error) { return ShopperEffects(sortedCells(nil), 0, estimate.Options{}) })
		add("mysteryshopper.ShopperEffects", "empty audits", ErrEmpty, func() (any, error) {
			return ShopperEffects(sortedCells(map[Cell]*Audit{{"n", "a"}: NewAudit(sc)}), 0, estimate.Options{})
		})
		add("mysteryshopper.ShopperEffects", "mixed checklists", ErrMismatch, func() (any, error) {
			return ShopperEffects(sortedCells(map[Cell]*Audit{{"n", "a"}: filled(), {"n", "b"}: o}), 0, estimate.Options{})
		})
		add("mysteryshopper.ShopperEffects", "MaxInt64 + 12 visits", ErrOverflow, func() (any, error) {
			return ShopperEffects(sortedCells(map[Cell]*Audit{{"n", "a"}: full, {"n", "b"}: filled()}), 0, estimate.Options{})
		})
		for _, x := range []Cell{{}, {"a", ""}, {"", "a"}, {"\xff", "b"}} {
			add("mysteryshopper.CompareCells", fmt.Sprintf("%q", x), nil, func() (any, error) { return CompareCells(x, Cell{"a", "b"}), nil })
		}

		// Levels and methods.
		for _, l := range []float64{1, hAbove1, hBelow0, 95, hNaN, hInf, -hInf, hMax, -hMax} {
			o := estimate.Options{Level: l}
			arg := fmt.Sprintf("level %v", l)
			add("mysteryshopper.Audit.Result", arg, ErrLevel, func() (any, error) { return a.Result(o) })
			add("mysteryshopper.Summarize", arg, ErrLevel, func() (any, error) { return Summarize(ss, o) })
			add("mysteryshopper.SummarizeSeq", arg, ErrLevel, func() (any, error) { return SummarizeSeq(ptrs(ss), o) })
			add("mysteryshopper.Compare", arg, ErrLevel, func() (any, error) { return Compare(a, b, o) })
			add("mysteryshopper.Rank", arg, ErrLevel, func() (any, error) { r, _, err := Rank(sorted(byBranch), o); return r, err })
			add("mysteryshopper.ShopperEffects", arg, ErrLevel, func() (any, error) { return ShopperEffects(sortedCells(cells), 0, o) })
		}
		for _, l := range []float64{hTiny, 0.5, hBelow1} {
			o := estimate.Options{Level: l}
			arg := fmt.Sprintf("level %v", l)
			add("mysteryshopper.Audit.Result", arg, nil, func() (any, error) { return a.Result(o) })
			add("mysteryshopper.Compare", arg, nil, func() (any, error) { return Compare(a, b, o) })
			add("mysteryshopper.Rank", arg, nil, func() (any, error) { r, _, err := Rank(sorted(byBranch), o); return r, err })
			add("mysteryshopper.ShopperEffects", arg, nil, func() (any, error) { return ShopperEffects(sortedCells(cells), 0, o) })
		}
		for _, m := range []estimate.Method{"no-such", estimate.Welch} {
			o := estimate.Options{Method: m}
			arg := fmt.Sprintf("method %s", m)
			add("mysteryshopper.Audit.Result", arg, ErrMethod, func() (any, error) { return a.Result(o) })
			add("mysteryshopper.Compare", arg, ErrMethod, func() (any, error) { return Compare(a, b, o) })
			add("mysteryshopper.ShopperEffects", arg, ErrMethod, func() (any, error) { return ShopperEffects(sortedCells(cells), 0, o) })
		}
	}

	// Encodings.
	a := filled()
	j, _ := json.Marshal(a)
	bin, _ := a.MarshalBinary()
	add("mysteryshopper.Audit.MarshalJSON", "", nil, func() (any, error) { _, err := a.MarshalJSON(); return nil, err })
	add("mysteryshopper.Audit.MarshalBinary", "", nil, func() (any, error) { _, err := a.MarshalBinary(); return nil, err })
	add("mysteryshopper.Audit.AppendBinary", "", nil, func() (any, error) { _, err := a.AppendBinary([]byte{9}); return nil, err })
	var zero Audit
	add("mysteryshopper.Audit.MarshalJSON", "zero", nil, func() (any, error) { _, err := zero.MarshalJSON(); return nil, err })
	add("mysteryshopper.Audit.MarshalBinary", "zero", nil, func() (any, error) { _, err := zero.MarshalBinary(); return nil, err })
	s := string(j)
	for arg, x := range map[string]string{
		"empty": ``, "array": `[]`, "number": `1`, "string": `"x"`,
		"truncated":     s[:len(s)/2],
		"trailing":      s + `{}`,
		"trailing junk": s + ` x`,
		"unknown key":   strings.Replace(s, `{`, `{"x":1,`, 1),
		"duplicate key": strings.Replace(s, `{`, `{"passed":1,`, 1),
		"missing key":   strings.Replace(s, `"version":1,`, ``, 1),
		"version 2":     strings.Replace(s, `"version":1`, `"version":2`, 1),
		"deep nesting":  strings.Repeat(`{"a":`, 100_000),
	} {
		b := []byte(x)
		y := filled()
		addState("mysteryshopper.Audit.UnmarshalJSON", arg, ErrCorrupt, auditSnap(y), func() (any, error) { return nil, y.UnmarshalJSON(b) })
	}
	{
		y := filled()
		addState("mysteryshopper.Audit.UnmarshalJSON", "null", nil, auditSnap(y), func() (any, error) { return nil, y.UnmarshalJSON([]byte("null")) })
		addState("mysteryshopper.Audit.UnmarshalJSON", "round trip", nil, auditSnap(y), func() (any, error) { return nil, y.UnmarshalJSON(j) })
	}
	allFF := slices.Clone(bin)
	for i := len(allFF) / 2; i < len(allFF); i++ {
		allFF[i] = 0xff
	}
	for arg, b := range map[string][]byte{
		"nil": nil, "empty": {}, "one byte": bin[:1],
		"truncated":   bin[:len(bin)-1],
		"half":        bin[:len(bin)/2],
		"trailing":    append(slices.Clone(bin), 0),
		"version":     append([]byte{bin[0] + 1}, bin[1:]...),
		"tail 0xff":   allFF,
		"huge counts": append(bin[:2:2], bytes.Repeat([]byte{0xff}, 64)...),
	} {
		y := filled()
		addState("mysteryshopper.Audit.UnmarshalBinary", arg, ErrCorrupt, auditSnap(y), func() (any, error) { return nil, y.UnmarshalBinary(b) })
	}
	{
		y := filled()
		addState("mysteryshopper.Audit.UnmarshalBinary", "round trip", nil, auditSnap(y), func() (any, error) { return nil, y.UnmarshalBinary(bin) })
	}

	// A score's own encoding.
	{
		good := ss[0]
		sb, _ := good.MarshalBinary()
		add("mysteryshopper.Score.MarshalBinary", "", nil, func() (any, error) { _, err := good.MarshalBinary(); return nil, err })
		add("mysteryshopper.Score.MarshalBinary", "zero", nil, func() (any, error) { _, err := Score{}.MarshalBinary(); return nil, err })
		add("mysteryshopper.Score.AppendBinary", "", nil, func() (any, error) { _, err := good.AppendBinary([]byte{1}); return nil, err })
		nan := good
		nan.Percent = hNaN
		add("mysteryshopper.Score.AppendBinary", "NaN percent", nil, func() (any, error) { _, err := nan.AppendBinary(nil); return nil, err })
		head := 1 + 4*8 + 1 + 2 // up to the count of sections
		bool2 := slices.Clone(sb)
		bool2[1+4*8] = 2
		badScore := map[string][]byte{
			"nil": nil, "version 2": append([]byte{2}, sb[1:]...),
			"truncated":        sb[:len(sb)-1],
			"trailing":         append(slices.Clone(sb), 0),
			"huge sections":    append(slices.Clone(sb[:head]), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
			"bool 2":           bool2,
			"version only":     {1},
			"overlong varint":  slices.Concat(sb[:head-2], bytes.Repeat([]byte{0xff}, 10), []byte{1}),
			"non-minimal zero": slices.Concat(sb[:head-2], []byte{0x80, 0}, sb[head-1:]),
		}
		for arg, b := range badScore {
			x := ss[1]
			addState("mysteryshopper.Score.UnmarshalBinary", arg, ErrCorrupt, func() any { return x }, func() (any, error) { return nil, x.UnmarshalBinary(b) })
		}
		var x Score
		add("mysteryshopper.Score.UnmarshalBinary", "valid", nil, func() (any, error) { return nil, x.UnmarshalBinary(sb) })
	}

	hostile.Run(t, "mysteryshopper", cs, nil, nil)
}

var errFire = errors.New("disk on fire")

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errFire }

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFire }

// validIfNil returns the validation error of c when err is nil.
func validIfNil(err error, c Checklist) error {
	if err != nil {
		return nil
	}
	return c.Validate()
}

// zeroWant is what a zero Audit says to s: a score decoded from JSON
// carries no checklist, so a zero Audit cannot take it.
func ptrs(ss []Score) iter.Seq[*Score] {
	return func(yield func(*Score) bool) {
		for i := range ss {
			if !yield(&ss[i]) {
				return
			}
		}
	}
}

func sorted(m map[string]*Audit) iter.Seq2[string, *Audit] {
	return func(yield func(string, *Audit) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

func sortedCells(m map[Cell]*Audit) iter.Seq2[Cell, *Audit] {
	return func(yield func(Cell, *Audit) bool) {
		for _, k := range slices.SortedFunc(maps.Keys(m), CompareCells) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// o1 returns an audit of one visit.
func o1(sc *Scorer, s Score) *Audit {
	a := NewAudit(sc)
	_ = a.Add(&s)
	return a
}

// fullAudit returns an audit of MaxInt64 = 2^0 + 2^1 + ... + 2^62
// identical visits, merging into it an audit doubled by merging into
// itself (any count of identical visits is consistent).
func fullAudit(t *testing.T, sc *Scorer) *Audit {
	t.Helper()
	var s Score
	if err := sc.Score(&s, hostileAnswers()); err != nil {
		t.Fatal(err)
	}
	p := NewAudit(sc)
	if err := p.Add(&s); err != nil {
		t.Fatal(err)
	}
	a := NewAudit(sc)
	for k := 0; k <= 62; k++ {
		if err := a.Merge(p); err != nil {
			t.Fatal(err)
		}
		if k < 62 {
			if err := p.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	if a.N() != math.MaxInt64 {
		t.Fatalf("full audit has %d visits", a.N())
	}
	return a
}
