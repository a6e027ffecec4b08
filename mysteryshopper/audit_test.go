package mysteryshopper

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// visits of the hand-computed tests (answers a1 a2 a3 b1 b2 b3):
var (
	visitBest   = []Answer{Yes(), Rated(5), Yes(), Chose(0), Yes(), No()} // 100 %, passes
	visitMixed  = []Answer{Yes(), Rated(3), Yes(), Chose(1), No(), No()}  // 67.5 %, fails, B triggered
	visitFailed = []Answer{Yes(), Rated(5), No(), Chose(0), Yes(), No()}  // 85 %, critical failure
	visitNA     = []Answer{Yes(), Rated(3), Yes(), NA(), NA(), NA()}      // 87.5 %, B not scored
)

func scoreAll(t testing.TB, s *Scorer, visits ...[]Answer) []Score {
	t.Helper()
	out := make([]Score, len(visits))
	for i, v := range visits {
		if err := s.Score(&out[i], v); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestAuditResultHandComputed(t *testing.T) {
	s := mustScorer(t, testChecklist())
	r, err := Summarize(scoreAll(t, s, visitMixed, visitBest, visitFailed, visitNA), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Scores 67.5, 100, 85, 87.5: mean 85, SD = sqrt((17.5² + 15² + 0 + 2.5²)/3)
	// = sqrt(537.5/3) = 13.385; t(0.975, 3) = 3.182446 gives 85 ± 21.30.
	if r.N != 4 || !near(r.Score, 85, 1e-12) || !near(r.SD, 13.3853153, 1e-6) ||
		!near(r.ScoreCI.Lo, 85-3.182446305*13.3853153/2, 1e-6) || r.ScoreCI.Method != estimate.StudentT {
		t.Errorf("score %v SD %v CI %+v, want 85, 13.385, [63.70, 100]", r.Score, r.SD, r.ScoreCI)
	}
	if r.ScoreCI.Hi != 100 {
		t.Errorf("CI upper end %v, want it clamped to 100", r.ScoreCI.Hi)
	}
	// Passed: best and N/A (87.5 ≥ 70); the mixed visit is below 70, the failed one failed a3.
	if r.Passed != 2 || r.PassRate != 0.5 || r.CriticalFailures != 1 || r.Flagged != 1 {
		t.Errorf("passed %d (%v), critical %d, flagged %d; want 2 (0.5), 1, 1", r.Passed, r.PassRate, r.CriticalFailures, r.Flagged)
	}
	// Section B scored on three visits: 37.5, 100, 100.
	if b := r.Sections[1]; b.N != 3 || !near(b.Mean, 237.5/3, 1e-12) {
		t.Errorf("section B %+v, want n 3, mean 79.17", b)
	}
	// a2 met (rating >= 4) on best and failed, not on mixed and N/A: 2/4.
	// b1 met (best option) on best and failed of 3 applicable; b3 applied on 3 visits, met on none.
	for _, want := range []ItemResult{
		{ID: "a2", Section: "A", N: 4, Met: 2, Compliance: 0.5},
		{ID: "a3", Section: "A", N: 4, Met: 3, Compliance: 0.75},
		{ID: "b1", Section: "B", N: 3, Met: 2, Compliance: 2.0 / 3},
		{ID: "b3", Section: "B", N: 3, Met: 0, Compliance: 0},
	} {
		var got ItemResult
		for _, it := range r.Items {
			if it.ID == want.ID {
				got = it
			}
		}
		if got.Section != want.Section || got.N != want.N || got.Met != want.Met || !near(got.Compliance, want.Compliance, 1e-12) {
			t.Errorf("item %+v, want %+v", got, want)
		}
		if !got.CI.Contains(got.Compliance) || got.CI.Method != estimate.Wilson {
			t.Errorf("item %s: CI %+v does not hold %v", got.ID, got.CI, got.Compliance)
		}
	}
	// Weakest: a2 (0.5), then b1 and b2 (2/3 each, with the same interval:
	// checklist order); b3, a bonus, is left out though never met.
	weak := r.WeakestItems(3)
	if len(weak) != 3 || weak[0].ID != "a2" || weak[1].ID != "b1" || weak[2].ID != "b2" {
		t.Errorf("weakest items %v", weak)
	}
	if b3 := r.Items[5]; !b3.Bonus || b3.Critical || !r.Items[2].Critical {
		t.Errorf("flags: b3 %+v, a3 %+v", b3, r.Items[2])
	}
	// Sections: A 87.5, 100, 75, 87.5 = 87.5; B 79.17: B is weaker.
	if ws := r.WeakestSections(1); len(ws) != 1 || ws[0].ID != "B" {
		t.Errorf("weakest section %v, want B", ws)
	}
}

// Compliance intervals are Wilson's: 81 of 263, Newcombe (1998) table I
// example, 0.2553 to 0.3662.
func TestAuditComplianceNewcombe(t *testing.T) {
	s := mustScorer(t, testChecklist())
	yes, no := scoreAll(t, s, visitBest)[0], scoreAll(t, s, visitBest)[0]
	if err := s.Score(&no, []Answer{No(), Rated(5), Yes(), Chose(0), Yes(), No()}); err != nil {
		t.Fatal(err)
	}
	var a Audit
	for i := range 263 {
		sc := &no
		if i < 81 {
			sc = &yes
		}
		if err := a.Add(sc); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a1 := r.Items[0]
	if a1.Met != 81 || a1.N != 263 || !near(a1.CI.Lo, 0.2553, 5e-5) || !near(a1.CI.Hi, 0.3662, 5e-5) {
		t.Errorf("a1 %d/%d CI [%v, %v], want 81/263 [0.2553, 0.3662]", a1.Met, a1.N, a1.CI.Lo, a1.CI.Hi)
	}
}

func TestAuditErrors(t *testing.T) {
	s := mustScorer(t, testChecklist())
	var a Audit
	_, err := a.Result(estimate.Options{})
	wantValueError(t, err, "mysteryshopper.Audit.Result", ErrEmpty)
	one := scoreAll(t, s, visitBest)
	if err := a.Add(&one[0]); err != nil {
		t.Fatal(err)
	}
	_, err = a.Result(estimate.Options{})
	wantValueError(t, err, "mysteryshopper.Audit.Result", ErrTooFew)
	_, err = a.Result(estimate.Options{Level: 1.5})
	wantValueError(t, err, "mysteryshopper.Audit.Result", ErrLevel)
	_, err = a.Result(estimate.Options{Method: estimate.Welch})
	wantValueError(t, err, "mysteryshopper.Audit.Result", ErrMethod)

	// A score of another checklist.
	other := testChecklist()
	other.Sections[0].Items[0].ID = "x1"
	so := mustScorer(t, other)
	os := scoreAll(t, so, visitBest)
	before, _ := a.MarshalBinary()
	wantValueError(t, a.Add(&os[0]), "mysteryshopper.Audit.Add", ErrMismatch)
	var b Audit
	_ = b.Add(&os[0])
	wantValueError(t, a.Merge(&b), "mysteryshopper.Audit.Merge", ErrMismatch)
	_, err = Compare(&a, &b, estimate.Options{})
	wantValueError(t, err, "mysteryshopper.Compare", ErrMismatch)
	// Same ids, another flag: another checklist all the same.
	flagged := testChecklist()
	flagged.Sections[0].Items[0].Critical = true
	fs := scoreAll(t, mustScorer(t, flagged), visitBest)
	wantValueError(t, a.Add(&fs[0]), "mysteryshopper.Audit.Add", ErrMismatch)
	// A zero Score is the score of no checklist; an Audit with a
	// checklist finds it of another one.
	var zero Audit
	wantValueError(t, zero.Add(&Score{}), "mysteryshopper.Audit.Add", ErrChecklist)
	wantValueError(t, a.Add(&Score{}), "mysteryshopper.Audit.Add", ErrMismatch)
	// A decoded score with a percent out of range.
	var dec Score
	js, _ := json.Marshal(one[0])
	if err := json.Unmarshal(js, &dec); err != nil {
		t.Fatal(err)
	}
	dec.Percent = 101
	wantValueError(t, a.Add(&dec), "mysteryshopper.Audit.Add", ErrOutOfRange)
	dec.Percent = math.NaN()
	wantValueError(t, a.Add(&dec), "mysteryshopper.Audit.Add", ErrNotFinite)
	dec.Percent = 100
	dec.Items[2].Credit = -1
	wantValueError(t, a.Add(&dec), "mysteryshopper.Audit.Add", ErrOutOfRange)
	// AddAll adds nothing when one score is bad, and names it.
	err = a.AddAll([]Score{one[0], os[0]})
	if ve := wantValueError(t, err, "mysteryshopper.Audit.AddAll", ErrMismatch); ve.Index != 1 {
		t.Errorf("AddAll error index %d, want 1", ve.Index)
	}
	after, _ := a.MarshalBinary()
	if string(before) != string(after) {
		t.Error("rejected scores changed the audit")
	}
	// A decoded score is accepted when it fits.
	dec.Items[2].Credit = 1
	if err := a.Add(&dec); err != nil || a.N() != 2 {
		t.Errorf("decoded score: %v, n %d", err, a.N())
	}
	na := NewAudit(s)
	if err := na.Add(&dec); err != nil {
		t.Errorf("NewAudit: decoded score: %v", err)
	}
	// A zero Audit takes the checklist of a decoded score from its ids
	// and flags, as it takes a Scorer's.
	var fromDecoded, fromScorer Audit
	var dec2 Score
	if err := json.Unmarshal(js, &dec2); err != nil {
		t.Fatal(err)
	}
	if err := fromDecoded.Add(&dec2); err != nil {
		t.Fatalf("zero Audit: decoded score: %v", err)
	}
	if err := fromScorer.Add(&one[0]); err != nil {
		t.Fatal(err)
	}
	b1, _ := fromDecoded.MarshalBinary()
	b2, _ := fromScorer.MarshalBinary()
	if string(b1) != string(b2) {
		t.Errorf("zero Audit of a decoded score differs from that of the original")
	}
	if err := fromDecoded.Merge(na); err != nil {
		t.Errorf("merging audits of a decoded score and of its Scorer: %v", err)
	}
}

// The zero Audit, an Audit from NewAudit and one from a group's New all
// work with package group; merging by month equals adding the whole.
func TestAuditInGroups(t *testing.T) {
	s := mustScorer(t, testChecklist())
	scores := scoreAll(t, s, visitBest, visitMixed, visitFailed, visitNA, visitBest, visitMixed)
	loc := time.FixedZone("CET", 3600)
	months := group.ByPeriod[Audit](group.Month, loc)
	branches := group.ByKey[string, Audit]()
	branches.New = AuditFunc(s)
	var whole Audit
	for i := range scores {
		at := time.Date(2026, time.Month(1+i%3), 10, 12, 0, 0, 0, loc)
		if err := months.At(at).Add(&scores[i]); err != nil {
			t.Fatal(err)
		}
		if err := branches.At([]string{"north", "south"}[i%2]).Add(&scores[i]); err != nil {
			t.Fatal(err)
		}
		if err := whole.Add(&scores[i]); err != nil {
			t.Fatal(err)
		}
	}
	var merged, viaBranches Audit
	for _, a := range months.All() {
		if err := merged.Merge(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range branches.All() {
		if err := viaBranches.Merge(a); err != nil {
			t.Fatal(err)
		}
	}
	want := resultOf(t, &whole)
	for _, got := range []Result{resultOf(t, &merged), resultOf(t, &viaBranches)} {
		if !sameResult(got, want) {
			t.Errorf("merged %+v\nwant %+v", got, want)
		}
	}
	// The group's state travels as JSON.
	js, err := json.Marshal(months)
	if err != nil {
		t.Fatal(err)
	}
	back := group.ByPeriod[Audit](group.Month, loc)
	if err := json.Unmarshal(js, back); err != nil {
		t.Fatal(err)
	}
	js2, _ := json.Marshal(back)
	if string(js) != string(js2) {
		t.Errorf("group JSON round trip:\n%s\n%s", js, js2)
	}
}

func resultOf(t testing.TB, a *Audit) Result {
	t.Helper()
	r, err := a.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sameResult compares results: counts exactly, means and intervals to
// rounding (merging moments reorders sums).
func sameResult(a, b Result) bool {
	f := func(x, y float64) bool { return near(x, y, 1e-9*(1+abs(x))) }
	iv := func(x, y estimate.Interval) bool { return f(x.Lo, y.Lo) && f(x.Hi, y.Hi) && x.Method == y.Method }
	if a.N != b.N || a.Passed != b.Passed || a.CriticalFailures != b.CriticalFailures || a.Flagged != b.Flagged ||
		!f(a.Score, b.Score) || !f(a.SD, b.SD) || !iv(a.ScoreCI, b.ScoreCI) || !iv(a.PassCI, b.PassCI) ||
		len(a.Sections) != len(b.Sections) || len(a.Items) != len(b.Items) {
		return false
	}
	for i := range a.Sections {
		x, y := a.Sections[i], b.Sections[i]
		if x.ID != y.ID || x.N != y.N || !f(x.Mean, y.Mean) || !iv(x.CI, y.CI) {
			return false
		}
	}
	for i := range a.Items {
		if a.Items[i] != b.Items[i] {
			return false
		}
	}
	return true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestResultJSONRoundTrip(t *testing.T) {
	s := mustScorer(t, testChecklist())
	r, err := Summarize(scoreAll(t, s, visitMixed, visitBest, visitFailed), estimate.Options{Level: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if !sameResult(r, back) || back.ScoreCI.Level != 0.9 {
		t.Errorf("round trip %+v, want %+v", back, r)
	}
	var sc Score
	if err := s.Score(&sc, visitMixed); err != nil {
		t.Fatal(err)
	}
	js, _ = json.Marshal(sc)
	var sb Score
	if err := json.Unmarshal(js, &sb); err != nil || sb.Percent != sc.Percent || len(sb.Items) != 6 {
		t.Errorf("score round trip: %v, %+v", err, sb)
	}
}

func TestSummarizeSeq(t *testing.T) {
	s := mustScorer(t, testChecklist())
	scores := scoreAll(t, s, visitMixed, visitBest, visitFailed)
	r, err := SummarizeSeq(func(yield func(*Score) bool) {
		for i := range scores {
			if !yield(&scores[i]) {
				return
			}
		}
	}, estimate.Options{})
	want, _ := Summarize(scores, estimate.Options{})
	if err != nil || !sameResult(r, want) {
		t.Errorf("SummarizeSeq = %+v, %v; want %+v", r, err, want)
	}
	_, err = SummarizeSeq(func(yield func(*Score) bool) { yield(&scores[0]); yield(&Score{Percent: 5}) }, estimate.Options{})
	if ve := wantValueError(t, err, "mysteryshopper.SummarizeSeq", ErrMismatch); ve.Index != 1 {
		t.Errorf("index %d, want 1", ve.Index)
	}
	_, err = Summarize(nil, estimate.Options{})
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("Summarize(nil) = %v, want ErrEmpty", err)
	}
}

// An audit of math.MaxInt64 visits (decoded, as no test can add them)
// rejects one more, by Add, AddAll and Merge, and stays unchanged.
func TestAuditOverflow(t *testing.T) {
	s := mustScorer(t, testChecklist())
	scores := scoreAll(t, s, visitBest, visitMixed)
	var a Audit
	_ = a.AddAll(scores)
	js, _ := json.Marshal(&a)
	full := strings.Replace(string(js), `"score":{"n":2,`, `"score":{"n":9223372036854775807,`, 1)
	var big Audit
	if err := json.Unmarshal([]byte(full), &big); err != nil {
		t.Fatal(err)
	}
	wantValueError(t, big.Add(&scores[0]), "mysteryshopper.Audit.Add", ErrOverflow)
	wantValueError(t, big.AddAll(scores[:1]), "mysteryshopper.Audit.AddAll", ErrOverflow)
	wantValueError(t, big.Merge(&a), "mysteryshopper.Audit.Merge", ErrOverflow)
	if big.N() != math.MaxInt64 {
		t.Errorf("n %d after rejected additions", big.N())
	}
}

func TestAuditReset(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := NewAudit(s)
	_ = a.AddAll(scoreAll(t, s, visitBest, visitMixed))
	a.Reset()
	if a.N() != 0 {
		t.Fatalf("n %d after Reset", a.N())
	}
	// It keeps its checklist: a decoded score still fits.
	var dec Score
	js, _ := json.Marshal(scoreAll(t, s, visitBest)[0])
	_ = json.Unmarshal(js, &dec)
	if err := a.Add(&dec); err != nil {
		t.Error(err)
	}
	if i, ok := s.Index("b1"); !ok || i != 3 {
		t.Errorf("Index(b1) = %d, %v", i, ok)
	}
	if _, ok := s.Index("zz"); ok {
		t.Error("Index found zz")
	}
}

// a.Merge(a) doubles every count, as merging a copy of a does.
func TestAuditMergeItself(t *testing.T) {
	s := mustScorer(t, testChecklist())
	var a, twice Audit
	scores := scoreAll(t, s, visitBest, visitMixed, visitNA)
	_ = a.AddAll(scores)
	_ = twice.AddAll(append(scores, scores...))
	if err := a.Merge(&a); err != nil {
		t.Fatal(err)
	}
	if !sameResult(resultOf(t, &a), resultOf(t, &twice)) {
		t.Errorf("self-merge %+v\nwant %+v", resultOf(t, &a), resultOf(t, &twice))
	}
}
