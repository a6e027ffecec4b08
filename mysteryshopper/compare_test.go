package mysteryshopper

import (
	"slices"
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// auditOf returns an audit of the test checklist whose visits score the
// given percents: each is a real scored visit with its percent replaced,
// so the items' counts are those of visitBest. A visit passes when its
// percent is at least 70.
func auditOf(t interface {
	Helper()
	Fatal(...any)
}, s *Scorer, percents ...float64) *Audit {
	t.Helper()
	a := NewAudit(s)
	var sc Score
	for _, p := range percents {
		if err := s.Score(&sc, visitBest); err != nil {
			t.Fatal(err)
		}
		sc.Percent, sc.Pass = p, p >= 70
		if err := a.Add(&sc); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func TestCompareHandComputed(t *testing.T) {
	s := mustScorer(t, testChecklist())
	a := auditOf(t, s, 100, 90, 100, 90)
	b := auditOf(t, s, 60, 70, 60, 70)
	c, err := Compare(a, b, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Welch: difference 30, se = sqrt(33.33/4 + 33.33/4) = 4.0825, df = 6,
	// t(0.975, 6) = 2.446912: 30 ± 9.9896.
	if !near(c.Score.Estimate, 30, 1e-12) || !near(c.Score.DF, 6, 1e-9) ||
		!near(c.Score.CI.Lo, 30-2.446912*4.0824829, 1e-5) || !near(c.Score.CI.Hi, 30+2.446912*4.0824829, 1e-5) {
		t.Errorf("score difference %+v, want 30 ± 9.99 on 6 df", c.Score)
	}
	// Pass rates 4/4 and 2/4: 0.5; pooled 6/8, z = 0.5/sqrt(0.75·0.25·0.5) =
	// 1.63299, p = 0.10247.
	if !near(c.PassRate.Estimate, 0.5, 1e-12) || !near(c.PassRate.P, 0.10247, 5e-6) ||
		c.PassRate.CI.Method != estimate.Newcombe {
		t.Errorf("pass rate difference %+v, want 0.5, p 0.10247", c.PassRate)
	}
	// Every item applied to all eight visits, all met: no change, p = 1.
	if len(c.Items) != 6 {
		t.Fatalf("%d items compared, want 6", len(c.Items))
	}
	for _, it := range c.Items {
		if it.Difference.Estimate != 0 || it.PAdjusted != 1 {
			t.Errorf("item %s: %+v", it.ID, it)
		}
	}
	if _, err := Compare(a, auditOf(t, s, 80), estimate.Options{}); err == nil {
		t.Error("Compare with one visit did not fail")
	}
	_, err = Compare(a, b, estimate.Options{Method: estimate.Wilson})
	wantValueError(t, err, "mysteryshopper.Compare", ErrMethod)
	_, err = Compare(auditOf(t, s, 80, 80), auditOf(t, s, 70, 70), estimate.Options{})
	wantValueError(t, err, "mysteryshopper.Compare", ErrNoVariance)
}

func TestRankTies(t *testing.T) {
	s := mustScorer(t, testChecklist())
	g := group.ByKey[string, Audit]()
	for k, ps := range map[string][]float64{
		"east":  {100, 90, 100, 90}, // mean 95, t interval 95 ± 9.19
		"north": {90, 100, 90, 100}, // the same mean: a tie
		"south": {60, 70, 60, 70},   // mean 65, interval 65 ± 9.19, clearly below
		"west":  {80},               // one visit: no interval, skipped
	} {
		if err := g.At(k).Merge(auditOf(t, s, ps...)); err != nil {
			t.Fatal(err)
		}
	}
	ranked, skipped, err := Rank(g.All(), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		key               string
		rank, best, worst int
	}
	var got []row
	for _, r := range ranked {
		got = append(got, row{r.Key, r.Rank, r.Best, r.Worst})
	}
	want := []row{{"east", 1, 1, 2}, {"north", 1, 1, 2}, {"south", 3, 3, 3}}
	if !slices.Equal(got, want) || !slices.Equal(skipped, []string{"west"}) {
		t.Errorf("ranking %v skipped %v, want %v skipped [west]", got, skipped, want)
	}
	if _, _, err := Rank(g.All(), estimate.Options{Level: 2}); err == nil {
		t.Error("Rank accepted level 2")
	}
}

func TestShopperEffectsHandComputed(t *testing.T) {
	s := mustScorer(t, testChecklist())
	g := group.ByKeyFunc[Cell, Audit](CompareCells)
	for c, ps := range map[Cell][]float64{
		{"B1", "S1"}: {80, 90}, {"B1", "S2"}: {60, 70}, // B1 mean 75
		{"B2", "S1"}: {100}, {"B2", "S3"}: {80, 90, 70}, // B2 mean 85
		{"B3", "S4"}: {50, 60}, // alone at B3
	} {
		if err := g.At(c).Merge(auditOf(t, s, ps...)); err != nil {
			t.Fatal(err)
		}
	}
	effects, err := ShopperEffects(g.All(), 3, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// S1 deviates by +5, +15 at B1 and +15 at B2: mean 35/3, s = 5.7735,
	// se = 3.3333, t(0.975, 2) = 4.302653, t = 3.5 whose two-sided p on 2 df
	// is 1 - 3.5/sqrt(3.5² + 2) = 0.072827. S2: -15, -5 (mean -10); S3: -5,
	// +5, -15 (mean -5); S4 alone: 0, 0, with nothing shared.
	want := []struct {
		shopper  string
		n        int64
		branches int
		shared   int64
		dev      float64
		small    bool
	}{
		{"S1", 3, 2, 3, 35.0 / 3, false}, {"S2", 2, 1, 2, -10, true}, {"S3", 3, 1, 3, -5, false}, {"S4", 2, 1, 0, 0, true},
	}
	if len(effects) != len(want) {
		t.Fatalf("%d effects, want %d", len(effects), len(want))
	}
	for i, w := range want {
		e := effects[i]
		if e.Shopper != w.shopper || e.N != w.n || e.Branches != w.branches || e.Shared != w.shared ||
			!near(e.Deviation, w.dev, 1e-9) || e.Small != w.small {
			t.Errorf("effect %+v, want %+v", e, w)
		}
	}
	s1 := effects[0]
	if !near(s1.CI.Lo, 35.0/3-4.302653*3.3333333, 1e-5) || !near(s1.P, 0.072827, 1e-6) {
		t.Errorf("S1 CI %+v p %v, want [-2.676, 26.009], p 0.072827", s1.CI, s1.P)
	}
	if effects[3].P != 1 || !(effects[0].PAdjusted >= effects[0].P) {
		t.Errorf("S4 p %v (want 1), S1 adjusted %v", effects[3].P, effects[0].PAdjusted)
	}
	if _, err := ShopperEffects(group.ByKeyFunc[Cell, Audit](CompareCells).All(), 0, estimate.Options{}); err == nil {
		t.Error("no cells did not fail")
	}
	_, err = ShopperEffects(g.All(), 0, estimate.Options{Method: estimate.Wilson})
	wantValueError(t, err, "mysteryshopper.ShopperEffects", ErrMethod)
}
