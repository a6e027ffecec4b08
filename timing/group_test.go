package timing

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// TestServiceLevelByWeek: the service level per period through
// group.ByPeriod, with New carrying the target, and breaches by segment
// through group.ByKey. Hand-counted: week of Mon 2024-03-04, waits 10, 15,
// 25 s against 20 s: 2 of 3 within; week of Mon 2024-03-11, waits 5 and
// 30 s and one abandoned after 3 s: 1 of 3 (an abandon counts as missed).
// Breaches: "web" has 1 achieved and 2 breached targets, "phone" 1
// achieved, so web's share achieved is 1/3 with 2 breaches.
func TestServiceLevelByWeek(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	g := group.ByPeriod[ServiceLevel](group.Week, madrid)
	g.New = func() *ServiceLevel { return &ServiceLevel{Target: 20 * time.Second} }
	day := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, madrid) }
	for _, c := range []struct {
		at        time.Time
		wait      time.Duration
		abandoned bool
	}{
		{day(4, 9), 10 * time.Second, false}, {day(6, 9), 15 * time.Second, false}, {day(10, 23), 25 * time.Second, false},
		{day(11, 0), 5 * time.Second, false}, {day(12, 9), 30 * time.Second, false}, {day(15, 9), 3 * time.Second, true},
	} {
		if err := g.At(c.at).Add(Contact{Wait: c.wait, Abandoned: c.abandoned}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][2]int64{"2024-03-04": {2, 3}, "2024-03-11": {1, 3}}
	for start, sl := range g.All() {
		r, err := sl.Result(estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[start.Format(time.DateOnly)]
		if !ok || r.Level.X != w[0] || r.Level.N != w[1] || r.Target != 20*time.Second {
			t.Errorf("week %v: %d of %d within %v, want %v", start, r.Level.X, r.Level.N, r.Target, w)
		}
		delete(want, start.Format(time.DateOnly))
	}
	if len(want) != 0 {
		t.Errorf("weeks missing: %v", want)
	}
	// The group travels as JSON; New gives the decoded levels their target.
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	g2 := group.ByPeriod[ServiceLevel](group.Week, madrid)
	g2.New = g.New
	if err := json.Unmarshal(b, g2); err != nil || g2.Len() != 2 {
		t.Fatalf("group JSON: %v, %d weeks", err, g2.Len())
	}
	if r, _ := g2.At(day(12, 0)).Result(estimate.Options{}); r.Level.X != 1 || r.Level.N != 3 || r.Target != 20*time.Second {
		t.Errorf("decoded week: %+v", r)
	}

	seg := group.ByKey[string, Compliance]()
	for _, c := range []struct {
		key string
		s   State
	}{{"web", Achieved}, {"web", Breached}, {"web", Breached}, {"web", Active}, {"phone", Achieved}} {
		if err := seg.At(c.key).Add(TargetState{Target: Target{Metric: FirstReply, Within: time.Hour}, State: c.s}); err != nil {
			t.Fatal(err)
		}
	}
	web, err := seg.At("web").Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if web.Breaches != 2 || web.All.X != 1 || web.All.N != 3 || web.FirstReply.N != 3 || web.Resolution.N != 0 {
		t.Errorf("web: %+v", web)
	}
}
