package mysteryshopper_test

import (
	"fmt"
	"log"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/mysteryshopper"
)

// Score one visit against the built-in five-section report, with answers
// as a shopper's spreadsheet writes them.
func Example() {
	c, err := mysteryshopper.Report(mysteryshopper.English)
	if err != nil {
		log.Fatal(err)
	}
	s, err := mysteryshopper.NewScorer(c)
	if err != nil {
		log.Fatal(err)
	}
	answers, err := s.ParseAnswers(map[string]string{
		"exterior": "yes", "interior": "yes", "comfort": "yes", "information": "no", "restrooms": "n/a",
		"premises_impression": "4",
		"wait_to_greet":       "1 to 3 min", "greeted": "yes", "uniform": "yes", "courtesy": "5",
		"open_questions": "yes", "listened": "yes", "summarised": "no", "used_name": "no",
		"fitting_solution": "yes", "knowledge": "4", "terms": "yes", "doubts": "n/a", "extra_offer": "yes",
		"next_steps": "yes", "thanked": "yes", "goodbye": "yes", "contact": "no",
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	var sc mysteryshopper.Score
	if err := s.Score(&sc, answers); err != nil {
		log.Fatal(err)
	}
	for _, sec := range sc.Sections {
		fmt.Printf("%-9s %5.1f %%\n", sec.ID, sec.Percent)
	}
	fmt.Printf("overall %.1f %% (bonus %.0f), pass %v\n", sc.Percent, sc.Bonus, sc.Pass)
	// By hand: premises (1+2+1+0+2·0.75)/7 with the restrooms N/A; welcome
	// (2/3+2+1+2)/7; needs 5/8; meeting (3+3·0.75+2)/8 with the doubts N/A;
	// closing 5/6; overall 15·0.786 + 20·0.810 + 25·0.625 + 25·0.906 +
	// 15·0.833 = 78.76, plus the 3 bonus points of the extra offer.
	// Output:
	// premises   78.6 %
	// welcome    81.0 %
	// needs      62.5 %
	// meeting    90.6 %
	// closing    83.3 %
	// overall 81.8 % (bonus 3), pass true
}

// Keep one Audit per branch, rank the branches and read the weakest item.
func ExampleRank() {
	c, _ := mysteryshopper.Protocol(mysteryshopper.English)
	s, _ := mysteryshopper.NewScorer(c)
	branches := group.ByKey[string, mysteryshopper.Audit]()
	visit := func(branch string, fails ...string) {
		m := map[string]string{}
		for _, sec := range c.Sections {
			for _, it := range sec.Items {
				m[it.ID] = "yes"
				if it.Kind == mysteryshopper.Rating {
					m[it.ID] = "5"
				} else if it.Kind == mysteryshopper.Choice {
					m[it.ID] = "0" // the first option, the best
				}
			}
		}
		for _, id := range fails {
			m[id] = "no"
		}
		answers, err := s.ParseAnswers(m, nil)
		if err != nil {
			log.Fatal(err)
		}
		var sc mysteryshopper.Score
		if err := s.Score(&sc, answers); err != nil {
			log.Fatal(err)
		}
		if err := branches.At(branch).Add(&sc); err != nil {
			log.Fatal(err)
		}
	}
	visit("Centro")
	visit("Centro", "survey_invited")
	visit("Norte", "survey_invited", "anything_else")
	visit("Norte", "survey_invited")
	ranked, _, err := mysteryshopper.Rank(branches.All(), estimate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range ranked {
		fmt.Printf("%d. %-6s %.1f %% (n %d)\n", r.Rank, r.Key, r.Score, r.N)
	}
	north, _ := branches.Get("Norte")
	res, _ := north.Result(estimate.Options{})
	weak := res.WeakestItems(1)[0]
	fmt.Printf("Norte's weakest item: %s, met %d of %d\n", weak.ID, weak.Met, weak.N)
	// By hand: a missed survey invitation leaves the survey step at 1/3,
	// 90 + 10/3 = 93.3 %; also missing "anything else?" halves the
	// farewell step, 88.3 %. Centro (100, 93.3) and Norte (88.3, 93.3).
	// Output:
	// 1. Centro 96.7 % (n 2)
	// 2. Norte  90.8 % (n 2)
	// Norte's weakest item: survey_invited, met 0 of 2
}

// A checklist loads from JSON and is validated on load; the error names
// the item at fault.
func ExampleParseChecklist() {
	_, err := mysteryshopper.ParseChecklist([]byte(`{"id": "mini", "title": "Mini", "passMark": 80,
		"sections": [{"id": "welcome", "title": "Welcome", "weight": 1, "items": [
			{"id": "greeted", "text": "Greeted", "kind": "yesno", "weight": 1},
			{"id": "courtesy", "text": "Courtesy", "kind": "rating", "weight": 1,
			 "scale": {"min": 1, "max": 5}, "metFrom": 6}]}]}`))
	fmt.Println(err)
	// Output:
	// mysteryshopper.ParseChecklist: metFrom of item "courtesy" 6 at index 1: out of range 1..5
}

// Compare a branch's second month with its first: the mean score rose by
// 20 points, and the item "summarised" went from never met to always.
func ExampleCompare() {
	c := mysteryshopper.Checklist{ID: "mini", PassMark: 80, Sections: []mysteryshopper.Section{
		{ID: "needs", Weight: 1, Items: []mysteryshopper.Item{
			{ID: "asked", Kind: mysteryshopper.YesNo, Weight: 4},
			{ID: "summarised", Kind: mysteryshopper.YesNo, Weight: 1},
		}},
	}}
	s, err := mysteryshopper.NewScorer(c)
	if err != nil {
		log.Fatal(err)
	}
	month := func(visits ...[]mysteryshopper.Answer) *mysteryshopper.Audit {
		a := mysteryshopper.NewAudit(s)
		var sc mysteryshopper.Score
		for _, v := range visits {
			if err := s.Score(&sc, v); err != nil {
				log.Fatal(err)
			}
			if err := a.Add(&sc); err != nil {
				log.Fatal(err)
			}
		}
		return a
	}
	yes, no := mysteryshopper.Yes(), mysteryshopper.No()
	// Scores 80 % (asked, not summarised) and 100 % (both), 0 % (neither).
	jan := month([]mysteryshopper.Answer{yes, no}, []mysteryshopper.Answer{yes, no},
		[]mysteryshopper.Answer{yes, no}, []mysteryshopper.Answer{no, no})
	feb := month([]mysteryshopper.Answer{yes, yes}, []mysteryshopper.Answer{yes, yes},
		[]mysteryshopper.Answer{yes, yes}, []mysteryshopper.Answer{no, yes})
	d, err := mysteryshopper.Compare(feb, jan, estimate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("score %+.0f points, p = %.2f\n", d.Score.Estimate, d.Score.P)
	for _, it := range d.Items {
		fmt.Printf("%-10s %+.0f %%, Holm p = %.3f\n", it.ID, 100*it.Difference.Estimate, it.PAdjusted)
	}
	// By hand: means 80 and 60, each SD 40, Welch t = 20/sqrt(800) = 0.71 on
	// 6 df; "summarised" 4/4 against 0/4 gives z = 2.83, p = 0.0047, times
	// 2 by Holm.
	// Output:
	// score +20 points, p = 0.51
	// asked      +0 %, Holm p = 1.000
	// summarised +100 %, Holm p = 0.009
}

// A scored visit sent to another process as bytes, and audited there: the
// zero Audit on the other side takes the checklist from the decoded
// Score's ids and flags, as it would from the original.
func ExampleScore_MarshalBinary() {
	c := mysteryshopper.Checklist{ID: "mini", PassMark: 80, Sections: []mysteryshopper.Section{
		{ID: "needs", Weight: 1, Items: []mysteryshopper.Item{
			{ID: "asked", Kind: mysteryshopper.YesNo, Weight: 4, Critical: true},
			{ID: "summarised", Kind: mysteryshopper.YesNo, Weight: 1},
		}},
	}}
	s, err := mysteryshopper.NewScorer(c)
	if err != nil {
		log.Fatal(err)
	}
	var sc mysteryshopper.Score
	if err := s.Score(&sc, []mysteryshopper.Answer{mysteryshopper.Yes(), mysteryshopper.No()}); err != nil {
		log.Fatal(err)
	}
	b, err := sc.MarshalBinary()
	if err != nil {
		log.Fatal(err)
	}
	var got mysteryshopper.Score // on the other side
	if err := got.UnmarshalBinary(b); err != nil {
		log.Fatal(err)
	}
	var a mysteryshopper.Audit
	if err := a.Add(&got); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes: %.0f %%, pass %v, %s critical %v; audit n %d\n",
		len(b), got.Percent, got.Pass, got.Items[0].ID, got.Items[0].Critical, a.N())
	// By hand: 36 bytes of version, totals and counts; the section 32
	// (1+5 id, 1, 24, 1); the items 33 and 38 (ids with lengths, section
	// id 6, 4 bools, 16, 1); two list counts: 141.
	// Output:
	// 141 bytes: 80 %, pass true, asked critical true; audit n 1
}
