package mysteryshopper

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
	"pgregory.net/rapid"
)

// genChecklist draws a valid checklist of 1..4 sections of 1..5 items of
// every kind and flag.
func genChecklist(t *rapid.T) Checklist {
	c := Checklist{ID: "r", Title: "random",
		PassMark: float64(rapid.IntRange(0, 100).Draw(t, "passMark"))}
	if rapid.Bool().Draw(t, "cap") {
		c.Critical, c.Cap = CapScore, float64(rapid.IntRange(0, 100).Draw(t, "capAt"))
	}
	weights := rapid.SampledFrom([]float64{0, 0.5, 1, 2, 3, 10})
	ns := rapid.IntRange(1, 4).Draw(t, "sections")
	id := 0
	for si := range ns {
		s := Section{ID: "s" + strconv.Itoa(si), Title: "S", Weight: float64(rapid.IntRange(1, 50).Draw(t, "sw")),
			Trigger: float64(rapid.IntRange(0, 100).Draw(t, "trigger"))}
		ni := rapid.IntRange(1, 5).Draw(t, "items")
		for ii := range ni {
			it := Item{ID: "i" + strconv.Itoa(id), Text: "I", Weight: weights.Draw(t, "w")}
			id++
			switch rapid.IntRange(0, 2).Draw(t, "kind") {
			case 0:
				it.Kind = YesNo
			case 1:
				it.Kind = Rating
				lo := rapid.IntRange(-3, 3).Draw(t, "min")
				it.Scale = rating.Scale{Min: lo, Max: lo + rapid.IntRange(1, 10).Draw(t, "span")}
				if rapid.Bool().Draw(t, "metFrom") {
					m := rapid.IntRange(it.Scale.Min, it.Scale.Max).Draw(t, "met")
					it.MetFrom = &m
				}
			case 2:
				it.Kind = Choice
				no := rapid.IntRange(2, 4).Draw(t, "options")
				for k := range no {
					it.Options = append(it.Options, Option{Label: "o" + strconv.Itoa(k),
						Points: float64(rapid.IntRange(0, 5).Draw(t, "points")), Meets: rapid.Bool().Draw(t, "meets")})
				}
				it.Options[0].Points = 5
			}
			it.Bonus = ii > 0 && rapid.IntRange(0, 4).Draw(t, "bonus") == 0
			it.Critical = !it.Bonus && rapid.IntRange(0, 3).Draw(t, "critical") == 0
			it.Optional = rapid.Bool().Draw(t, "optional")
			it.Always = !it.Optional && rapid.IntRange(0, 3).Draw(t, "always") == 0
			if ii == 0 && it.Weight == 0 {
				it.Weight = 1 // every section needs weight on a non-bonus item
			}
			s.Items = append(s.Items, it)
		}
		c.Sections = append(c.Sections, s)
	}
	return c
}

// genAnswers draws an answer for every item: given (on or off the item),
// N/A, or none.
func genAnswers(t *rapid.T, c Checklist) []Answer {
	var out []Answer
	for _, s := range c.Sections {
		for _, it := range s.Items {
			var a Answer
			switch st := rapid.IntRange(0, 9).Draw(t, "status"); {
			case st == 0 && it.Optional:
				a = Answer{}
			case st == 1 && !it.Always:
				a = NA()
			default:
				switch it.Kind {
				case YesNo:
					a = Rated(rapid.IntRange(0, 1).Draw(t, "yes"))
				case Rating:
					a = Rated(rapid.IntRange(it.Scale.Min, it.Scale.Max).Draw(t, "rating"))
				case Choice:
					a = Chose(rapid.IntRange(0, len(it.Options)-1).Draw(t, "choice"))
				}
			}
			out = append(out, a)
		}
	}
	return out
}

func items(c Checklist) []Item {
	var out []Item
	for _, s := range c.Sections {
		out = append(out, s.Items...)
	}
	return out
}

func TestPropScoreBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		s, err := NewScorer(c)
		if err != nil {
			t.Fatalf("valid checklist rejected: %v", err)
		}
		var sc Score
		err = s.Score(&sc, genAnswers(t, c))
		if errors.Is(err, ErrAllNA) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !(sc.Percent >= 0 && sc.Percent <= 100) || !(sc.Points >= 0 && sc.Points <= sc.Possible*(1+1e-12)) {
			t.Fatalf("score %v %%, %v of %v points", sc.Percent, sc.Points, sc.Possible)
		}
		for _, ss := range sc.Sections {
			if !(ss.Percent >= 0 && ss.Percent <= 100) {
				t.Fatalf("section %s %v %%", ss.ID, ss.Percent)
			}
		}
		if sc.Pass && (sc.Percent < c.PassMark-passSlack || (c.Critical != CapScore && sc.CriticalFailures > 0)) {
			t.Fatalf("passed with %v %% and %d critical failures", sc.Percent, sc.CriticalFailures)
		}
	})
}

// Marking an item N/A never changes the other items' points.
func TestPropNAKeepsOtherItems(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		s, _ := NewScorer(c)
		answers := genAnswers(t, c)
		var before Score
		if err := s.Score(&before, answers); err != nil {
			return
		}
		k := rapid.IntRange(0, len(answers)-1).Draw(t, "k")
		if items(c)[k].Always {
			return
		}
		answers[k] = NA()
		var after Score
		if err := s.Score(&after, answers); err != nil {
			if errors.Is(err, ErrAllNA) {
				return
			}
			t.Fatal(err)
		}
		for i := range after.Items {
			if i != k && after.Items[i] != before.Items[i] {
				t.Fatalf("item %d changed from %+v to %+v", i, before.Items[i], after.Items[i])
			}
		}
	})
}

// Raising one answer never lowers the visit's score. A higher option of a
// choice is one with at least the points, that meets the item if the
// current option does (see Option.Meets).
func TestPropRaiseNeverLowers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		s, _ := NewScorer(c)
		answers := genAnswers(t, c)
		var before Score
		if err := s.Score(&before, answers); err != nil {
			return
		}
		k := rapid.IntRange(0, len(answers)-1).Draw(t, "k")
		it, a := items(c)[k], answers[k]
		if a.Status != Given {
			return
		}
		switch it.Kind {
		case YesNo:
			a.Value = 1
		case Rating:
			a.Value = rapid.IntRange(a.Value, it.Scale.Max).Draw(t, "higher")
		case Choice:
			j := rapid.IntRange(0, len(it.Options)-1).Draw(t, "option")
			if it.Options[j].Points < it.Options[a.Value].Points || (s.items[k].meets[a.Value] && !s.items[k].meets[j]) {
				return
			}
			a.Value = j
		}
		answers[k] = a
		var after Score
		if err := s.Score(&after, answers); err != nil {
			t.Fatal(err)
		}
		if after.Percent < before.Percent-1e-9 || (before.Pass && !after.Pass) {
			t.Fatalf("raising item %d lowered %v %% (pass %v) to %v %% (pass %v)", k, before.Percent, before.Pass,
				after.Percent, after.Pass)
		}
	})
}

// Merging the audits of parts equals auditing the whole, and both
// encodings carry the state.
func TestPropMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		s, _ := NewScorer(c)
		n := rapid.IntRange(0, 30).Draw(t, "visits")
		var scores []Score
		for range n {
			var sc Score
			if err := s.Score(&sc, genAnswers(t, c)); err == nil {
				scores = append(scores, sc)
			}
		}
		cut := rapid.IntRange(0, len(scores)).Draw(t, "cut")
		var whole, a, b Audit
		if err := whole.AddAll(scores); err != nil {
			t.Fatal(err)
		}
		_ = a.AddAll(scores[:cut])
		_ = b.AddAll(scores[cut:])
		if err := a.Merge(&b); err != nil {
			t.Fatal(err)
		}
		if whole.N() != a.N() {
			t.Fatalf("n %d, want %d", a.N(), whole.N())
		}
		for _, x := range []*Audit{&a, decodedBinary(t, &a), decodedJSON(t, &a)} {
			if whole.N() < 2 {
				continue
			}
			rw, err1 := whole.Result(estimate.Options{})
			rx, err2 := x.Result(estimate.Options{})
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !sameResult(rw, rx) {
				t.Fatalf("merged %+v\nwant %+v", rx, rw)
			}
			js, _ := json.Marshal(rx)
			var back Result
			if err := json.Unmarshal(js, &back); err != nil || !cmp.Equal(back, rx) {
				t.Fatalf("result JSON round trip: %v\n%s", err, cmp.Diff(rx, back))
			}
		}
	})
}

func decodedBinary(t *rapid.T, a *Audit) *Audit {
	b, _ := a.MarshalBinary()
	var out Audit
	if err := out.UnmarshalBinary(b); err != nil {
		t.Fatalf("binary round trip: %v", err)
	}
	return &out
}

func decodedJSON(t *rapid.T, a *Audit) *Audit {
	b, _ := json.Marshal(a)
	var out Audit
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("JSON round trip: %v\n%s", err, b)
	}
	return &out
}

func TestPropChecklistJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChecklist(t)
		var buf bytes.Buffer
		if err := c.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ParseChecklist(buf.Bytes())
		if err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
		if d := cmp.Diff(c, back); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	})
}

// Ranks follow the scores, equal scores share a rank, and every rank lies
// within its range: Best <= Rank <= Worst.
func TestPropRankConsistent(t *testing.T) {
	s := mustScorer(t, testChecklist())
	rapid.Check(t, func(t *rapid.T) {
		nb := rapid.IntRange(1, 6).Draw(t, "branches")
		audits := make([]*Audit, nb)
		for b := range audits {
			n := rapid.IntRange(0, 6).Draw(t, "visits")
			ps := make([]float64, n)
			for i := range ps {
				ps[i] = float64(rapid.IntRange(0, 4).Draw(t, "score") * 25) // ties are likely
			}
			audits[b] = auditOf(t, s, ps...)
		}
		seq := func(yield func(int, *Audit) bool) {
			for b, a := range audits {
				if !yield(b, a) {
					return
				}
			}
		}
		ranked, skipped, err := Rank(seq, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ranked)+len(skipped) != nb {
			t.Fatalf("%d ranked + %d skipped of %d", len(ranked), len(skipped), nb)
		}
		for i, r := range ranked {
			if !(r.Best <= r.Rank && r.Rank <= r.Worst) || r.Best < 1 || r.Worst > len(ranked) {
				t.Fatalf("rank %d outside %d..%d", r.Rank, r.Best, r.Worst)
			}
			if i > 0 {
				p := ranked[i-1]
				if p.Score < r.Score || (p.Score == r.Score) != (p.Rank == r.Rank) || p.Rank > r.Rank {
					t.Fatalf("ranks %+v then %+v", p, r)
				}
			}
		}
	})
}

// Within each branch the deviations from the branch mean add up to zero,
// so the shoppers' effects weighted by their visits do too.
func TestPropShopperEffectsBalance(t *testing.T) {
	s := mustScorer(t, testChecklist())
	rapid.Check(t, func(t *rapid.T) {
		cells := map[Cell]*Audit{}
		n := rapid.IntRange(1, 40).Draw(t, "visits")
		for range n {
			c := Cell{Branch: rapid.SampledFrom([]string{"b1", "b2", "b3"}).Draw(t, "branch"),
				Shopper: rapid.SampledFrom([]string{"s1", "s2", "s3", "s4"}).Draw(t, "shopper")}
			if cells[c] == nil {
				cells[c] = NewAudit(s)
			}
			if err := cells[c].Merge(auditOf(t, s, float64(rapid.IntRange(0, 100).Draw(t, "score")))); err != nil {
				t.Fatal(err)
			}
		}
		effects, err := ShopperEffects(func(yield func(Cell, *Audit) bool) {
			for c, a := range cells {
				if !yield(c, a) {
					return
				}
			}
		}, 0, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		var visits int64
		for _, e := range effects {
			sum += float64(e.N) * e.Deviation
			visits += e.N
			if !(e.CI.Lo <= e.Deviation && e.Deviation <= e.CI.Hi) || !(e.PAdjusted >= e.P) {
				t.Fatalf("effect %+v", e)
			}
		}
		if visits != int64(n) || !near(sum, 0, 1e-9*float64(n)*100) {
			t.Fatalf("visit-weighted deviations add up to %v over %d visits (want 0 over %d)", sum, visits, n)
		}
	})
}
