package group_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/group"
	"pgregory.net/rapid"
)

// cells lists a Panel as "segment label n sum" lines, for readable diffs.
func cells[S comparable](g *group.Panel[S, count, *count]) []string {
	var out []string
	for k, c := range g.All() {
		l, _ := g.Period().Label(k.Start)
		seg, _ := json.Marshal(k.Segment)
		out = append(out, string(seg)+" "+l+" "+itoa(c.N)+" "+itoa(c.Sum))
	}
	return out
}

func TestPanelAt(t *testing.T) {
	tokyo := load(t, "Asia/Tokyo")
	g := group.BySegmentPeriod[string, count](group.Month, tokyo)
	if g.Period() != group.Month || g.Location() != tokyo {
		t.Fatalf("Period, Location = %v, %v", g.Period(), g.Location())
	}
	for _, o := range []struct {
		seg, at string
		v       int64
	}{
		{"web", "2026-03-31T16:30:00Z", 1}, // April in Tokyo
		{"email", "2026-03-31T14:30:00Z", 2},
		{"web", "2026-03-15T00:00:00+09:00", 4},
		{"web", "2026-04-20T00:00:00+09:00", 8},
		{"phone", "2026-01-01T00:00:00+09:00", 16},
	} {
		g.At(o.seg, rfc(o.at)).Add(o.v)
	}
	want := []string{
		`"email" 2026-03 1 2`,
		`"phone" 2026-01 1 16`,
		`"web" 2026-03 1 4`,
		`"web" 2026-04 2 9`,
	}
	if diff := cmp.Diff(want, cells(g)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	var segs []string
	for s := range g.Segments() {
		segs = append(segs, s)
	}
	if diff := cmp.Diff([]string{"email", "phone", "web"}, segs); diff != "" {
		t.Errorf("Segments (-want +got):\n%s", diff)
	}
	for s := range g.Segments() {
		if s != "email" {
			t.Errorf("Segments went on after break: %q", s)
		}
		break
	}
	if c, ok := g.Get("web", rfc("2026-04-01T00:00:00+09:00")); !ok || c.N != 2 {
		t.Errorf("Get(web, April) = %v, %v", c, ok)
	}
	if c, ok := g.Get("web", rfc("2026-02-01T00:00:00+09:00")); ok || c != nil {
		t.Errorf("Get(web, February) = %v, %v; want nil, false", c, ok)
	}
	if _, ok := g.Get("chat", rfc("2026-04-01T00:00:00+09:00")); ok {
		t.Error("Get(chat, April) found a cell")
	}
	if g.Len() != 4 {
		t.Errorf("Len = %d, want 4", g.Len())
	}
	first, last, ok := g.Span()
	if !ok || first.Format(time.RFC3339) != "2026-01-01T00:00:00+09:00" || last.Format(time.RFC3339) != "2026-04-01T00:00:00+09:00" {
		t.Errorf("Span = %v, %v, %v", first, last, ok)
	}
	n := 0
	for range g.Periods(first, last) {
		n++
	}
	if n != 4 {
		t.Errorf("Periods(Span) yields %d months, want 4", n)
	}
}

func TestBySegmentPeriodFunc(t *testing.T) {
	// Agents by team, then by descending id.
	order := func(a, b agent) int {
		if c := strings.Compare(a.Team, b.Team); c != 0 {
			return c
		}
		return b.ID - a.ID
	}
	g := group.BySegmentPeriodFunc[agent, count](order, group.Day, time.UTC)
	day := rfc("2026-03-15T10:00:00Z")
	g.At(agent{"b", 1}, day).Add(1)
	g.At(agent{"b", 2}, day).Add(1)
	g.At(agent{"a", 1}, day.AddDate(0, 0, 1)).Add(1)
	g.At(agent{"a", 1}, day).Add(1)
	want := []string{
		`{"Team":"a","ID":1} 2026-03-15 1 1`,
		`{"Team":"a","ID":1} 2026-03-16 1 1`,
		`{"Team":"b","ID":2} 2026-03-15 1 1`,
		`{"Team":"b","ID":1} 2026-03-15 1 1`,
	}
	if diff := cmp.Diff(want, cells(g)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	mustPanic(t, "BySegmentPeriodFunc(nil, ...)", nil, func() { group.BySegmentPeriodFunc[agent, count](nil, group.Day, time.UTC) })
	mustPanic(t, "BySegmentPeriodFunc(order, Day, nil)", group.ErrLocation, func() { group.BySegmentPeriodFunc[agent, count](order, group.Day, nil) })
	mustPanic(t, "BySegmentPeriod(0, UTC)", group.ErrPeriod, func() { group.BySegmentPeriod[string, count](0, time.UTC) })
}

func TestPanelMerge(t *testing.T) {
	ny := load(t, "America/New_York")
	a := group.BySegmentPeriod[string, count](group.Week, ny)
	b := group.BySegmentPeriod[string, count](group.Week, load(t, "America/New_York"))
	a.At("web", rfc("2026-03-08T12:00:00-04:00")).Add(1)
	b.At("web", rfc("2026-03-03T12:00:00-05:00")).Add(2)
	b.At("email", rfc("2026-03-09T00:00:00-04:00")).Add(4)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	want := []string{`"email" 2026-W11 1 4`, `"web" 2026-W10 2 3`}
	if diff := cmp.Diff(want, cells(a)); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	for k := range a.All() {
		if k.Start.Location() != ny {
			t.Errorf("merged key %v keeps the other Panel's Location", k)
		}
	}
	b.At("email", rfc("2026-03-09T00:00:00-04:00")).Add(100)
	if diff := cmp.Diff(want, cells(a)); diff != "" {
		t.Errorf("a later change to b reached a (-want +got):\n%s", diff)
	}
	if err := a.Merge(nil); err != nil {
		t.Errorf("Merge(nil) = %v", err)
	}
	for _, o := range []*group.Panel[string, count, *count]{
		group.BySegmentPeriod[string, count](group.Day, ny),
		group.BySegmentPeriod[string, count](group.Week, time.UTC),
	} {
		o.At("web", rfc("2026-06-15T12:00:00Z")).Add(1)
		if err := a.Merge(o); !errors.Is(err, group.ErrMismatch) {
			t.Errorf("Merge of a %v Panel in %v = %v, want ErrMismatch", o.Period(), o.Location(), err)
		}
		if diff := cmp.Diff(want, cells(a)); diff != "" {
			t.Errorf("a failed Merge changed the Panel (-want +got):\n%s", diff)
		}
	}
	scaled := group.BySegmentPeriod[string, count](group.Week, ny)
	scaled.New = func() *count { return &count{Scale: 5} }
	err := scaled.Merge(a)
	var ke *group.KeyError
	if !errors.Is(err, errScale) || !errors.As(err, &ke) || ke.Key.(group.Cell[string]).Segment != "email" {
		t.Errorf("Merge error = %v, want a KeyError for email wrapping errScale", err)
	}
	if want := `group.Panel.Merge: key "email 2026-03-09T00:00:00-04:00": count: different scales`; err.Error() != want {
		t.Errorf("error text %q, want %q", err.Error(), want)
	}
}

func TestZeroPanel(t *testing.T) {
	var g group.Panel[string, count, *count]
	if g.Len() != 0 || g.Period() != 0 || g.Location() != nil {
		t.Errorf("zero Panel: Len %d, Period %v, Location %v", g.Len(), g.Period(), g.Location())
	}
	if _, ok := g.Get("web", time.Now()); ok {
		t.Error("Get found a cell in a zero Panel")
	}
	for range g.Segments() {
		t.Error("Segments yields on a zero Panel")
	}
	for range g.Periods(time.Now(), time.Now()) {
		t.Error("Periods yields on a zero Panel")
	}
	if _, _, ok := g.Span(); ok {
		t.Error("Span of a zero Panel is ok")
	}
	if b, err := json.Marshal(&g); err != nil || string(b) != "[]" {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	o := group.BySegmentPeriod[string, count](group.Day, time.UTC)
	o.At("web", time.Now())
	if err := g.Merge(o); !errors.Is(err, group.ErrZero) {
		t.Errorf("Merge into a zero Panel = %v, want ErrZero", err)
	}
	if err := json.Unmarshal([]byte(`[]`), &g); !errors.Is(err, group.ErrZero) {
		t.Errorf("Unmarshal into a zero Panel = %v, want ErrZero", err)
	}
	mustPanic(t, "At on a zero Panel", group.ErrZero, func() { g.At("web", time.Now()) })
}

func TestPanelJSON(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	g := group.BySegmentPeriod[string, count](group.Quarter, madrid)
	g.At("web", rfc("2026-05-20T10:00:00+02:00")).Add(9)
	g.At("email", rfc("2026-01-02T10:00:00+01:00")).Add(3)
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"segment":"email","start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":1,"sum":3}},` +
		`{"segment":"web","start":"2026-04-01T00:00:00+02:00","label":"2026-Q2","value":{"n":1,"sum":9}}]`
	if string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	u := group.BySegmentPeriod[string, count](group.Quarter, madrid)
	if err := json.Unmarshal(b, u); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cells(g), cells(u)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`null`), u); err != nil || u.Len() != 2 {
		t.Errorf("Unmarshal(null) = %v, Len %d; want no change", err, u.Len())
	}
	for _, c := range []struct {
		in     string
		keyErr bool
	}{
		{`{}`, false},
		{`[{"start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false}, // no segment
		{`[{"segment":null,"start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":7,"start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":"web","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":"web","start":"2026-02-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":"web","start":"2026-01-01T00:00:00+01:00","label":"2026-01","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":"web","segment":"web","start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}}]`, false},
		{`[{"segment":"web","start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":{"n":0,"sum":0}},{"segment":"web","start":"2025-12-31T23:00:00Z","label":"2026-Q1","value":{"n":0,"sum":0}}]`, true},
		{`[{"segment":"web","start":"2026-01-01T00:00:00+01:00","label":"2026-Q1","value":7}]`, true},
	} {
		err := u.UnmarshalJSON([]byte(c.in))
		if !errors.Is(err, group.ErrCorrupt) {
			t.Errorf("UnmarshalJSON(%s) = %v, want ErrCorrupt", c.in, err)
		}
		var ke *group.KeyError
		if errors.As(err, &ke) != c.keyErr {
			t.Errorf("UnmarshalJSON(%s) = %v: KeyError %v, want %v", c.in, err, !c.keyErr, c.keyErr)
		}
		if diff := cmp.Diff(cells(g), cells(u)); diff != "" {
			t.Errorf("UnmarshalJSON(%s) changed the Panel (-want +got):\n%s", c.in, diff)
		}
	}
}

// segmentObservation is one value for one segment at one instant.
type segmentObservation struct {
	Segment string
	timedObservation
}

func panelSetup(t *rapid.T) (group.Period, *time.Location, []segmentObservation) {
	p, loc, timed := seriesSetup(t)
	obs := make([]segmentObservation, len(timed))
	for i, o := range timed {
		obs[i] = segmentObservation{rapid.SampledFrom([]string{"web", "email", "phone"}).Draw(t, "segment"), o}
	}
	return p, loc, obs
}

func panelOf(p group.Period, loc *time.Location, obs []segmentObservation) *group.Panel[string, count, *count] {
	g := group.BySegmentPeriod[string, count](p, loc)
	for _, o := range obs {
		g.At(o.Segment, o.At).Add(o.Value)
	}
	return g
}

func TestPanelProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, loc, obs := panelSetup(t)
		whole := panelOf(p, loc, obs)

		// Each segment of the Panel is the Series of that segment's
		// observations.
		bySegment := map[string][]timedObservation{}
		for _, o := range obs {
			bySegment[o.Segment] = append(bySegment[o.Segment], o.timedObservation)
		}
		var fromSeries []string
		for _, seg := range []string{"email", "phone", "web"} {
			if len(bySegment[seg]) == 0 {
				continue
			}
			for k, c := range seriesOf(p, loc, bySegment[seg]).All() {
				l, _ := p.Label(k)
				fromSeries = append(fromSeries, `"`+seg+`" `+l+" "+itoa(c.N)+" "+itoa(c.Sum))
			}
		}
		if diff := cmp.Diff(fromSeries, cells(whole)); diff != "" {
			t.Fatalf("Panel differs from a Series per segment (-series +panel):\n%s", diff)
		}

		merged := group.BySegmentPeriod[string, count](p, loc)
		cuts := splits(t, len(obs))
		for i := 1; i < len(cuts); i++ {
			if err := merged.Merge(panelOf(p, loc, obs[cuts[i-1]:cuts[i]])); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(cells(whole), cells(merged)); diff != "" {
			t.Fatalf("merged parts differ from the whole (-whole +merged):\n%s", diff)
		}
		shuffled := rapid.Permutation(obs).Draw(t, "shuffled")
		if diff := cmp.Diff(cells(whole), cells(panelOf(p, loc, shuffled))); diff != "" {
			t.Fatalf("order changed the result (-in order +shuffled):\n%s", diff)
		}

		b, err := json.Marshal(whole)
		if err != nil {
			t.Fatal(err)
		}
		u := group.BySegmentPeriod[string, count](p, loc)
		if err := json.Unmarshal(b, u); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(cells(whole), cells(u)); diff != "" {
			t.Fatalf("JSON round trip (-want +got):\n%s", diff)
		}
	})
}

func FuzzPanelJSON(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`,
		`[{"segment":"web","start":"2026-04-01T00:00:00+02:00","label":"2026-Q2","value":{"n":1,"sum":9}}]`,
		`[{"segment":"","start":"2025-12-31T23:00:00Z"}]`,
		`[{"segment":"web","start":"2026-01-01T00:00:00+01:00"},{"segment":"web","start":"2025-12-31T23:00:00Z"}]`,
	} {
		f.Add([]byte(s), uint8(group.Quarter))
	}
	madrid := load(f, "Europe/Madrid")
	f.Fuzz(func(t *testing.T, data []byte, period uint8) {
		p := group.Period(period%4 + 1)
		g := group.BySegmentPeriod[string, count](p, madrid)
		if err := g.UnmarshalJSON(data); err != nil {
			if g.Len() != 0 {
				t.Fatalf("failed UnmarshalJSON left %d cells", g.Len())
			}
			return
		}
		b, err := json.Marshal(g)
		if err != nil {
			return // a year that RFC 3339 cannot hold
		}
		u := group.BySegmentPeriod[string, count](p, madrid)
		if err := json.Unmarshal(b, u); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if diff := cmp.Diff(cells(g), cells(u)); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func BenchmarkPanelAt(b *testing.B) {
	loc := load(b, "Europe/Madrid")
	g := group.BySegmentPeriod[string, count](group.Week, loc)
	segs := []string{"web", "email", "phone", "chat"}
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, loc)
	for _, s := range segs {
		g.At(s, start)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.At(segs[i%len(segs)], start.Add(time.Duration(i%100)*time.Minute)).Add(1)
		i++
	}
}
