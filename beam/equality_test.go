package servqbeam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
)

// shards is the number of roots the rows come from, so the number of
// bundles at least: every key's result merges partial accumulators of
// many bundles, encoded by the accumulator's own MarshalBinary.
const shards = 16

// groupings returns the groupings the equality tests check: everything
// in one, per segment, per period in each zone, and per segment x period
// for every period kind in each zone.
func groupings() []Grouping {
	gs := []Grouping{{By: All}, {By: BySegment}}
	for _, loc := range []*time.Location{madrid, newYork} {
		gs = append(gs, Grouping{By: ByPeriod, Period: group.Week, Location: loc})
		for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
			gs = append(gs, Grouping{By: BySegmentPeriod, Period: p, Location: loc})
		}
	}
	return gs
}

func (g Grouping) name() string {
	if !g.By.period() {
		return g.By.String()
	}
	return fmt.Sprintf("%v/%v/%v", g.By, g.Period, g.Location)
}

// reference returns the accumulators that the group package builds from
// rows on one machine, keyed as PerKey keys them, and how many rows the
// accumulators rejected. A key whose every row was rejected has no
// accumulator in a pipeline, so it is left out here too.
func reference[T, In any, P Accumulator[T, In]](t *testing.T, g Grouping, newAcc func() P, rows []Event[In]) (map[Key][]byte, int) {
	t.Helper()
	out := map[Key][]byte{}
	put := func(k Key, a P) {
		if a.N() == 0 {
			return
		}
		b, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		out[k] = b
	}
	periodKey := func(seg string, start time.Time) Key {
		label, err := g.Period.Label(start)
		if err != nil {
			t.Fatal(err)
		}
		return Key{Segment: seg, Period: label, Start: start.Format(time.RFC3339)}
	}
	bad := 0
	add := func(a P, x In) {
		if a.Add(x) != nil {
			bad++
		}
	}
	switch g.By {
	case All:
		a := newAcc()
		for _, e := range rows {
			add(a, e.Value)
		}
		put(Key{}, a)
	case BySegment:
		m := group.ByKey[string, T, P]()
		m.New = newAcc
		for _, e := range rows {
			add(m.At(e.Segment), e.Value)
		}
		for seg, a := range m.All() {
			put(Key{Segment: seg}, a)
		}
	case ByPeriod:
		s := group.ByPeriod[T, P](g.Period, g.Location)
		s.New = newAcc
		for _, e := range rows {
			add(s.At(e.Time), e.Value)
		}
		for start, a := range s.All() {
			put(periodKey("", start), a)
		}
	case BySegmentPeriod:
		p := group.BySegmentPeriod[string, T, P](g.Period, g.Location)
		p.New = newAcc
		for _, e := range rows {
			add(p.At(e.Segment, e.Time), e.Value)
		}
		for c, a := range p.All() {
			put(periodKey(c.Segment, c.Start), a)
		}
	}
	return out, bad
}

// perKeyInto adds to s PerKey of T over in for g, each key starting
// from init, and the sinks of run for its accumulators and dead letters.
func perKeyInto[T any, P Accumulator[T, int]](s beam.Scope, in beam.PCollection, g Grouping, init *T, run string) error {
	accs, dead, err := PerKey[T, int, P](s, g, init, in)
	if err != nil {
		return err
	}
	beam.ParDo0(s, &collectFn[T, int, P]{Run: run}, accs)
	beam.ParDo0(s, &collectDeadFn{Run: run}, dead)
	return nil
}

// TestPerKeyEqualsSingleMachine runs pipelines on prism over rows
// generated in shards and checks, for every grouping, that each key's
// merged accumulator encodes to exactly the bytes of the accumulator the
// group package builds from the same rows on one machine (so every count
// is equal), that no key is missing or extra, and that the dead letters
// are exactly the rejected rows. nps, csat on 1..5, and csat on 1..7
// (made by csat.NewTally, through the CombineFn's Init), three groupings
// a pipeline.
func TestPerKeyEqualsSingleMachine(t *testing.T) {
	per := equalityRows / shards
	seven, err := csat.NewTally(csat.Seven)
	if err != nil {
		t.Fatal(err)
	}
	g7 := Grouping{By: BySegmentPeriod, Period: group.Month, Location: madrid}
	// runAll runs one pipeline of PerKey of the nps and csat tallies over
	// their rows (made once) for each grouping of gs, and of the csat
	// tallies on 1..7 for g7 when gs holds it.
	runAll := func(gs []Grouping) {
		t.Helper()
		p, s := beam.NewPipelineWithRoot()
		npsIn := shardedInput(s, shards, &genIntFn{Kind: "nps", Rows: per})
		csatIn := shardedInput(s, shards, &genIntFn{Kind: "csat", Rows: per})
		for _, g := range gs {
			err := errors.Join(
				perKeyInto[nps.Tally](s, npsIn, g, nil, "nps "+g.name()),
				perKeyInto[csat.Tally](s, csatIn, g, nil, "csat "+g.name()),
			)
			if g == g7 {
				err = errors.Join(err, perKeyInto(s, csatIn, g7, seven, "csat7 "+g7.name()))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := ptest.Run(p); err != nil {
			t.Fatal(err)
		}
	}

	npsRows, csatRows := shardRows("nps", shards, per), shardRows("csat", shards, per)
	check := func(run string, want map[Key][]byte, bad int) {
		t.Helper()
		got, dead := takeAccs(run)
		if len(got) != len(want) {
			t.Errorf("%s: %d keys, want %d", run, len(got), len(want))
		}
		for k, w := range want {
			if g, ok := got[k]; !ok {
				t.Errorf("%s: key %+v missing", run, k)
			} else if !bytes.Equal(g, w) {
				t.Errorf("%s: key %+v: state %x, want %x", run, k, g, w)
			}
		}
		if len(dead) != bad || bad == 0 {
			t.Errorf("%s: %d dead letters, want %d (> 0)", run, len(dead), bad)
		}
		for _, d := range dead {
			if d.Step != "add" || d.Error == "" || d.Value == "" || d.Time == "" {
				t.Errorf("%s: dead letter %+v lacks its step, value, time or error", run, d)
				break
			}
		}
	}
	// Three groupings a pipeline: prism holds a pipeline's rows until it
	// ends, so all twelve in one took 14 GB at 1,000,000 rows (-tags
	// long), and one a pipeline took twice the time.
	gs := groupings()
	for i := 0; i < len(gs); i += 3 {
		runAll(gs[i:min(i+3, len(gs))])
	}
	for _, g := range gs {
		want, bad := reference[nps.Tally, int](t, g, func() *nps.Tally { return new(nps.Tally) }, npsRows)
		check("nps "+g.name(), want, bad)
		want, bad = reference[csat.Tally, int](t, g, func() *csat.Tally { return new(csat.Tally) }, csatRows)
		check("csat "+g.name(), want, bad)
	}
	newSeven, err := csat.TallyFunc(csat.Seven)
	if err != nil {
		t.Fatal(err)
	}
	want, bad := reference[csat.Tally, int](t, g7, newSeven, csatRows)
	check("csat7 "+g7.name(), want, bad)
}

// TestResultsAndJSONLines checks the weekly NPS by channel as results and
// as JSON lines: each line decodes to a Record whose result equals
// nps.Tally.Result of the single-machine tally, intervals included.
func TestResultsAndJSONLines(t *testing.T) {
	per := 2000
	g := Grouping{By: BySegmentPeriod, Period: group.Week, Location: madrid}
	o := estimate.Options{Level: 0.9}
	p, s := beam.NewPipelineWithRoot()
	in := shardedInput(s, 4, &genIntFn{Kind: "nps", Rows: per})
	accs, _, err := PerKey[nps.Tally, int](s, g, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	rs, rdead := Results[nps.Tally, nps.Result](s, o, accs)
	beam.ParDo0(s, &collectLineFn{Run: "lines"}, JSONLines[nps.Result](s, rs))
	beam.ParDo0(s, &collectDeadFn{Run: "lines dead"}, rdead)
	// A level outside (0, 1): every key's result fails, to the dead letters.
	_, bad := Results[nps.Tally, nps.Result](s, estimate.Options{Level: 95}, accs)
	beam.ParDo0(s, &collectDeadFn{Run: "lines bad level"}, bad)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	rows := shardRows("nps", 4, per)
	want, _ := reference[nps.Tally, int](t, g, func() *nps.Tally { return new(nps.Tally) }, rows)
	sink.Lock()
	lines, dead, badLevel := sink.lines["lines"], sink.dead["lines dead"], sink.dead["lines bad level"]
	sink.Unlock()
	if len(lines) != len(want) || len(dead) != 0 || len(badLevel) != len(want) {
		t.Fatalf("%d lines, %d and %d dead; want %d, 0 and %d", len(lines), len(dead), len(badLevel), len(want), len(want))
	}
	if d := badLevel[0]; d.Step != "result" || d.Error == "" || d.Key.Period == "" {
		t.Errorf("dead letter %+v", d)
	}
	for _, line := range lines {
		var rec Record[nps.Result]
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		w, ok := want[rec.Key]
		if !ok {
			t.Fatalf("line of unknown key %+v", rec.Key)
		}
		var tally nps.Tally
		if err := tally.UnmarshalBinary(w); err != nil {
			t.Fatal(err)
		}
		wr, err := tally.Result(o)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Result != wr {
			t.Errorf("key %+v: %+v, want %+v", rec.Key, rec.Result, wr)
		}
	}
}
