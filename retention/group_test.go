package retention

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// TestGroups checks that the accumulators work in package group: one
// Lifetimes per segment and one Cohorts per segment (made by New), merged
// across two shards, and carried through the group's JSON.
func TestGroups(t *testing.T) {
	shard := func(times []float64, status []int, seg string) *group.Map[string, Lifetimes, *Lifetimes] {
		g := group.ByKey[string, Lifetimes]()
		for i, x := range times {
			if err := g.At(seg).Add(Lifetime{Exit: x, Status: Status(status[i])}); err != nil {
				t.Fatal(err)
			}
		}
		return g
	}
	a := shard(amlMaintained[:5], amlMaintainedStatus[:5], "maintained")
	b := shard(amlMaintained[5:], amlMaintainedStatus[5:], "maintained")
	if err := b.Merge(shard(amlNon, amlNonStatus, "non")); err != nil {
		t.Fatal(err)
	}
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	back := group.ByKey[string, Lifetimes]()
	if err := json.Unmarshal(data, back); err != nil {
		t.Fatal(err)
	}
	m, _ := back.Get("maintained")
	got, _ := m.Result(estimate.Options{})
	want, _ := lifetimesOf(t, amlMaintained, amlMaintainedStatus).Result(estimate.Options{})
	if !cmp.Equal(got, want) {
		t.Error(cmp.Diff(got, want))
	}
	n, _ := back.Get("non")
	if r, err := LogRank(m, n); err != nil || !near(r.Chi2, 3.3963886989776, 1e-12) {
		t.Errorf("log-rank after the group's JSON: %+v %v", r, err)
	}

	cg := group.ByKey[string, Cohorts]()
	cg.New = func() *Cohorts {
		c, err := NewCohorts(group.Month, time.UTC)
		if err != nil {
			panic(err)
		}
		return c
	}
	for _, e := range handLog {
		if err := cg.At("shop").Add(Event{e.Customer, e.At, e.Amount}); err != nil {
			t.Fatal(err)
		}
	}
	data, err = json.Marshal(cg)
	if err != nil {
		t.Fatal(err)
	}
	cback := group.ByKey[string, Cohorts]()
	cback.New = cg.New
	if err := json.Unmarshal(data, cback); err != nil {
		t.Fatal(err)
	}
	c, _ := cback.Get("shop")
	tb, _ := c.Result(estimate.Options{})
	wt, _ := cohortsOf(t, group.Month, time.UTC, handLog).Result(estimate.Options{})
	if !cmp.Equal(tb, wt) {
		t.Error(cmp.Diff(tb, wt))
	}
}
