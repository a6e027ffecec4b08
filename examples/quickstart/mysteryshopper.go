package main

import (
	"fmt"
	"io"

	"github.com/servq/servq/mysteryshopper"
)

// mysteryShopperSection prints one line: a mystery shopper's visit scored
// on the built-in five-section report, as examples/mystery-audit scores a
// programme's visits. The shopper met every standard but the summary of
// the need, the customer's name and the card, and the restrooms were N/A.
func mysteryShopperSection(w io.Writer) error {
	c, err := mysteryshopper.Report(mysteryshopper.English)
	if err != nil {
		return err
	}
	s, err := mysteryshopper.NewScorer(c)
	if err != nil {
		return err
	}
	answers := map[string]string{"restrooms": "n/a", "summarised": "no", "used_name": "no", "contact": "no",
		"extra_offer": "no"}
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			if _, set := answers[it.ID]; set {
				continue
			}
			switch it.Kind {
			case mysteryshopper.Rating:
				answers[it.ID] = "5"
			case mysteryshopper.Choice:
				answers[it.ID] = "0" // the first option, the best
			default:
				answers[it.ID] = "yes"
			}
		}
	}
	a, err := s.ParseAnswers(answers, nil)
	if err != nil {
		return err
	}
	var sc mysteryshopper.Score
	if err := s.Score(&sc, a); err != nil {
		return err
	}
	verdict := "fail"
	if sc.Pass {
		verdict = "pass"
	}
	fmt.Fprintf(w, "Mystery shopping: one visit scores %.1f %% on the five-section report (pass mark %.0f %%): %s; "+
		"run examples/mystery-audit for branches, items and shoppers\n", sc.Percent, c.PassMark, verdict)
	return nil
}
