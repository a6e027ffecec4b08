package mysteryshopper

import (
	"strings"
	"testing"
)

// Each case was computed by hand from the rule of Scorer.Score:
// section % = 100·Σ w·c / Σ w over applicable items; overall % =
// Σ W·p / Σ W over scored sections, plus bonus points, capped at 100.
func TestScoreHandComputed(t *testing.T) {
	s := mustScorer(t, testChecklist())
	// answers in order a1 a2 a3 b1 b2 b3
	cases := []struct {
		name              string
		answers           []Answer
		percent, points   float64
		possible          float64
		secA, secB        float64 // section percents; -1: not scored
		pass              bool
		critical, trigger int
	}{
		// A 4/4, B 4/4: 100.
		{"all best", []Answer{Yes(), Rated(5), Yes(), Chose(0), Yes(), No()}, 100, 100, 100, 100, 100, true, 0, 0},
		// A = (2 + 0.5 + 1)/4 = 87.5 (rating 3 earns (3-1)/4); B = (1.5 + 0)/4 = 37.5,
		// below its trigger of 50; overall (60·0.875 + 40·0.375) = 67.5 < 70: fails.
		{"mixed", []Answer{Yes(), Rated(3), Yes(), Chose(1), No(), No()}, 67.5, 67.5, 100, 87.5, 37.5, false, 0, 1},
		// N/A renormalisation: a1 N/A leaves A = (0.75 + 1)/(1 + 1) = 87.5; b2 N/A leaves
		// B = 3/3 = 100; overall 52.5 + 40 = 92.5, plus the 5 bonus points = 97.5.
		{"N/A items", []Answer{NA(), Rated(4), Yes(), Chose(0), NA(), Yes()}, 97.5, 97.5, 100, 87.5, 100, true, 0, 0},
		// All of B N/A: B drops out, A = 87.5 of its 60: 52.5 points of 60 = 87.5 %.
		{"all-N/A section", []Answer{Yes(), Rated(3), Yes(), NA(), NA(), NA()}, 87.5, 52.5, 60, 87.5, -1, true, 0, 0},
		// The bonus item may be left unanswered (it is optional): same as N/A.
		{"unanswered optional", []Answer{Yes(), Rated(3), Yes(), NA(), NA(), {}}, 87.5, 52.5, 60, 87.5, -1, true, 0, 0},
		// Critical a3 failed: A = 3/4 = 75, overall 45 + 40 = 85, but the visit fails.
		{"critical failed", []Answer{Yes(), Rated(5), No(), Chose(0), Yes(), No()}, 85, 85, 100, 75, 100, false, 1, 0},
		// Everything failed: 0 %, a3 a critical failure, B (0 %) below its trigger.
		{"every item failed", []Answer{No(), Rated(1), No(), Chose(2), No(), No()}, 0, 0, 100, 0, 0, false, 1, 1},
		// The bonus cannot lift a full score above 100.
		{"bonus capped", []Answer{Yes(), Rated(5), Yes(), Chose(0), Yes(), Yes()}, 100, 100, 100, 100, 100, true, 0, 0},
		// The bonus alone lifts 67.5 to 72.5 and the visit passes.
		{"bonus passes", []Answer{Yes(), Rated(3), Yes(), Chose(1), No(), Yes()}, 72.5, 72.5, 100, 87.5, 37.5, true, 0, 1},
	}
	var sc Score
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := s.Score(&sc, c.answers); err != nil {
				t.Fatal(err)
			}
			if !near(sc.Percent, c.percent, 1e-12) || !near(sc.Points, c.points, 1e-12) || sc.Possible != c.possible {
				t.Errorf("score %v %% = %v of %v points, want %v %% = %v of %v", sc.Percent, sc.Points, sc.Possible,
					c.percent, c.points, c.possible)
			}
			for i, want := range []float64{c.secA, c.secB} {
				got := sc.Sections[i]
				if want < 0 {
					if got.Scored || got.Percent != 0 {
						t.Errorf("section %s scored %v, want not scored", got.ID, got.Percent)
					}
				} else if !got.Scored || !near(got.Percent, want, 1e-12) {
					t.Errorf("section %s = %v %% (scored %v), want %v", got.ID, got.Percent, got.Scored, want)
				}
			}
			if sc.Pass != c.pass || sc.CriticalFailures != c.critical || sc.Triggered != c.trigger {
				t.Errorf("pass %v, critical %d, triggered %d; want %v, %d, %d", sc.Pass, sc.CriticalFailures,
					sc.Triggered, c.pass, c.critical, c.trigger)
			}
		})
	}
}

// Under CapScore a critical failure caps the score, and the visit passes
// or fails on the capped score.
func TestScoreCriticalCap(t *testing.T) {
	critical := []Answer{Yes(), Rated(5), No(), Chose(0), Yes(), No()} // 85 % uncapped, see above
	for _, c := range []struct {
		cap, want float64
		pass      bool
	}{
		{50, 50, false}, // capped below the pass mark of 70
		{80, 80, true},  // capped at 80, still above 70
		{90, 85, true},  // a cap above the score changes nothing
		{0, 0, false},   // a zero cap zeroes the visit
	} {
		cl := testChecklist()
		cl.Critical, cl.Cap = CapScore, c.cap
		s := mustScorer(t, cl)
		var sc Score
		if err := s.Score(&sc, critical); err != nil {
			t.Fatal(err)
		}
		if !near(sc.Percent, c.want, 1e-12) || !near(sc.Points, c.want, 1e-12) || sc.Pass != c.pass {
			t.Errorf("cap %v: %v %% (%v points), pass %v; want %v, pass %v", c.cap, sc.Percent, sc.Points, sc.Pass, c.want, c.pass)
		}
	}
}

// A choice item whose options mark Meets is met by those options only;
// the credit still follows the points.
func TestScoreChoiceMeets(t *testing.T) {
	cl := testChecklist()
	cl.Sections[1].Items[0].Options = []Option{{"good", 2, true}, {"ok", 1, true}, {"bad", 0, false}}
	s := mustScorer(t, cl)
	var sc Score
	if err := s.Score(&sc, []Answer{Yes(), Rated(5), Yes(), Chose(1), Yes(), No()}); err != nil {
		t.Fatal(err)
	}
	b1 := sc.Items[3]
	// credit 1/2, met (marked); B = (1.5 + 1)/4 = 62.5.
	if !b1.Met || b1.Credit != 0.5 || b1.Points != 1.5 || sc.Sections[1].Percent != 62.5 {
		t.Errorf("b1 %+v, B %v %%; want met, credit 0.5, 1.5 points, B 62.5", b1, sc.Sections[1].Percent)
	}
	// Rating 4 meets a2 (met from 4), rating 3 does not.
	for _, c := range []struct {
		x   int
		met bool
	}{{4, true}, {3, false}} {
		if err := s.Score(&sc, []Answer{Yes(), Rated(c.x), Yes(), Chose(0), Yes(), No()}); err != nil {
			t.Fatal(err)
		}
		if sc.Items[1].Met != c.met {
			t.Errorf("rating %d: met %v, want %v", c.x, sc.Items[1].Met, c.met)
		}
	}
}

// The five-section report in English, every item at its best but the time
// to be greeted ("1 to 3 min", 1 point of 3) and a missed extra offer
// (bonus): welcome = (2/3 + 2 + 1 + 2)/7 = 17/21, overall = 15 + 20·17/21
// + 25 + 25 + 15 = 96.190476… %.
func TestScoreReportTemplate(t *testing.T) {
	c, err := Report(English)
	if err != nil {
		t.Fatal(err)
	}
	s := mustScorer(t, c)
	m := map[string]string{}
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			switch it.Kind {
			case YesNo:
				m[it.ID] = "yes"
			case Rating:
				m[it.ID] = "5"
			}
		}
	}
	m["wait_to_greet"] = "1 to 3 min"
	m["extra_offer"] = "no"
	answers, err := s.ParseAnswers(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sc Score
	if err := s.Score(&sc, answers); err != nil {
		t.Fatal(err)
	}
	want := 15 + 20*17.0/21 + 25 + 25 + 15
	if !near(sc.Percent, want, 1e-9) || !sc.Pass {
		t.Errorf("report template: %v %%, pass %v; want %v, pass", sc.Percent, sc.Pass, want)
	}
}

func TestScoreBadAnswers(t *testing.T) {
	s := mustScorer(t, testChecklist())
	good := []Answer{Yes(), Rated(5), Yes(), Chose(0), Yes(), No()}
	with := func(i int, a Answer) []Answer {
		x := append([]Answer(nil), good...)
		x[i] = a
		return x
	}
	allNA := []Answer{NA(), NA(), NA(), NA(), NA(), NA()}
	cases := []struct {
		name    string
		answers []Answer
		target  error
		index   int
		text    string
	}{
		{"too few", good[:5], ErrAnswer, -1, "number of answers 5"},
		{"nil", nil, ErrAnswer, -1, "number of answers 0"},
		{"missing required", with(0, Answer{}), ErrMissing, 0, `answer to item "a1"`},
		{"rating off scale", with(1, Rated(6)), ErrOutOfRange, 1, "out of range 1..5"},
		{"rating below scale", with(1, Rated(0)), ErrOutOfRange, 1, `item "a2" 0`},
		{"yes/no 2", with(2, Answer{Status: Given, Value: 2}), ErrAnswer, 2, `item "a3" 2`},
		{"choice beyond options", with(3, Chose(3)), ErrAnswer, 3, "no option 3"},
		{"negative choice", with(3, Chose(-1)), ErrAnswer, 3, "no option -1"},
		{"bad status", with(4, Answer{Status: 7}), ErrAnswer, 4, "status 7"},
		{"all N/A", allNA, ErrAllNA, -1, "every item not applicable"},
		// Only the bonus applies: nothing to score.
		{"only bonus", with(5, Yes())[:0:0], ErrAnswer, -1, ""},
	}
	cases[len(cases)-1].answers = append(append([]Answer(nil), allNA[:5]...), Yes())
	cases[len(cases)-1].target = ErrAllNA
	var sc Score
	if err := s.Score(&sc, good); err != nil {
		t.Fatal(err)
	}
	before := sc.Percent
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Score(&sc, c.answers)
			ve := wantValueError(t, err, "mysteryshopper.Scorer.Score", c.target)
			if ve.Index != c.index {
				t.Errorf("index %d, want %d", ve.Index, c.index)
			}
			if !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %q does not say %q", err, c.text)
			}
			if sc.Percent != before {
				t.Errorf("a rejected visit changed the score to %v", sc.Percent)
			}
		})
	}
	// N/A on an item that is always applicable.
	cl := testChecklist()
	cl.Sections[0].Items[0].Always = true
	s2 := mustScorer(t, cl)
	wantValueError(t, s2.Score(&sc, with(0, NA())), "mysteryshopper.Scorer.Score", ErrAnswer)
}

func TestParseAnswers(t *testing.T) {
	s := mustScorer(t, testChecklist())
	got, err := s.ParseAnswers(map[string]string{"a1": " Sí ", "a2": "4", "a3": "n/a", "b1": "OK", "b2": "0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Answer{Yes(), Rated(4), NA(), Chose(1), No(), {}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// A choice by index when no label matches.
	if a, err := s.Parse("b1", "2"); err != nil || a != Chose(2) {
		t.Errorf(`Parse("b1", "2") = %+v, %v; want option 2`, a, err)
	}
	for _, c := range []struct {
		m      map[string]string
		target error
		text   string
	}{
		{map[string]string{"a1": "yes", "zz": "yes", "yy": "no"}, ErrUnknownItem, `item "yy"`},
		{map[string]string{"": "yes"}, ErrUnknownItem, "item"},
		{map[string]string{"a1": "maybe"}, ErrAnswer, `"maybe"`},
		{map[string]string{"a2": "four"}, ErrAnswer, `"four"`},
		{map[string]string{"b1": "great"}, ErrAnswer, `"great"`},
	} {
		prev := []Answer{Yes()}
		out, err := s.ParseAnswers(c.m, prev)
		wantValueError(t, err, "mysteryshopper.Scorer.ParseAnswers", c.target)
		if !strings.Contains(err.Error(), c.text) {
			t.Errorf("error %q does not say %q", err, c.text)
		}
		if len(out) != 1 || out[0] != Yes() {
			t.Errorf("on error ParseAnswers returned %v, want dst unchanged", out)
		}
	}
	_, err = s.Parse("nope", "yes")
	wantValueError(t, err, "mysteryshopper.Scorer.Parse", ErrUnknownItem)
}

// A Score reused across visits does not allocate.
func TestScoreNoAllocation(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := []Answer{Yes(), Rated(3), Yes(), Chose(1), No(), No()}
	var sc Score
	if err := s.Score(&sc, a); err != nil {
		t.Fatal(err)
	}
	var au Audit
	if n := testing.AllocsPerRun(100, func() {
		_ = s.Score(&sc, a)
		_ = au.Add(&sc)
	}); n != 0 {
		t.Errorf("Score and Audit.Add allocate %v times per visit, want 0", n)
	}
}
