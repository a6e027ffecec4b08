package group_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/group"
	"pgregory.net/rapid"
)

// rfc parses an RFC 3339 time or panics: for tables of hand-written times.
func rfc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// labelled lists a Series as "label n sum" lines, for readable diffs.
func labelled(s *group.Series[count, *count]) []string {
	var out []string
	for k, c := range s.All() {
		l, _ := s.Period().Label(k)
		out = append(out, l+" "+k.Format(time.RFC3339)+" "+itoa(c.N)+" "+itoa(c.Sum))
	}
	return out
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestSeriesAt(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	w := group.ByPeriod[count](group.Week, madrid)
	if w.Period() != group.Week || w.Location() != madrid {
		t.Fatalf("Period, Location = %v, %v", w.Period(), w.Location())
	}
	for _, o := range []struct {
		at string
		v  int64
	}{
		{"2026-03-08T23:30:00Z", 1},       // Monday 00:30 in Madrid: W11
		{"2026-03-08T22:30:00Z", 2},       // Sunday 23:30 in Madrid: W10
		{"2026-03-15T12:00:00+09:00", 4},  // Sunday 04:00 in Madrid: W11
		{"2025-12-31T10:00:00+01:00", 8},  // Wednesday: 2026-W01
		{"2026-03-29T12:00:00+02:00", 16}, // DST day, Sunday: W13
		{"2026-03-09T00:00:00+01:00", 32}, // W11's first instant
	} {
		w.At(rfc(o.at)).Add(o.v)
	}
	want := []string{
		"2026-W01 2025-12-29T00:00:00+01:00 1 8",
		"2026-W10 2026-03-02T00:00:00+01:00 1 2",
		"2026-W11 2026-03-09T00:00:00+01:00 3 37",
		"2026-W13 2026-03-23T00:00:00+01:00 1 16",
	}
	if diff := cmp.Diff(want, labelled(w)); diff != "" {
		t.Errorf("weeks (-want +got):\n%s", diff)
	}
	for k := range w.All() {
		if k.Location() != madrid {
			t.Errorf("key %v in %v, want Europe/Madrid", k, k.Location())
		}
	}
	if c, ok := w.Get(rfc("2026-03-12T09:00:00+01:00")); !ok || c.Sum != 37 {
		t.Errorf("Get(a Thursday of W11) = %v, %v", c, ok)
	}
	if c, ok := w.Get(rfc("2026-03-16T09:00:00+01:00")); ok || c != nil {
		t.Errorf("Get(W12) = %v, %v; want nil, false", c, ok)
	}
	if w.Len() != 4 {
		t.Errorf("Len = %d, want 4", w.Len())
	}
	first, last, ok := w.Span()
	if !ok || first.Format(time.DateOnly) != "2025-12-29" || last.Format(time.DateOnly) != "2026-03-23" {
		t.Errorf("Span = %v, %v, %v", first, last, ok)
	}
}

// TestSeriesAtMonotonic checks that times with and without a monotonic
// clock reading, and in other Locations, find one accumulator.
func TestSeriesAtMonotonic(t *testing.T) {
	d := group.ByPeriod[count](group.Day, load(t, "Asia/Tokyo"))
	now := time.Now()
	for _, at := range []time.Time{now, now.Round(0), now.UTC(), now.In(load(t, "America/New_York"))} {
		d.At(at).Add(1)
	}
	if d.Len() != 1 {
		t.Errorf("one instant gave %d days: %v", d.Len(), labelled(d))
	}
}

func TestByPeriodPanics(t *testing.T) {
	mustPanic(t, "ByPeriod(Week, nil)", group.ErrLocation, func() { group.ByPeriod[count](group.Week, nil) })
	mustPanic(t, "ByPeriod(0, UTC)", group.ErrPeriod, func() { group.ByPeriod[count](0, time.UTC) })
	mustPanic(t, "ByPeriod(9, UTC)", group.ErrPeriod, func() { group.ByPeriod[count](9, time.UTC) })
}

func TestSeriesPeriods(t *testing.T) {
	ny := load(t, "America/New_York")
	w := group.ByPeriod[count](group.Week, ny)
	w.At(rfc("2026-02-25T10:00:00-05:00")).Add(1) // W09
	w.At(rfc("2026-03-19T10:00:00-04:00")).Add(1) // W12
	first, last, _ := w.Span()
	var got []string
	for start := range w.Periods(first, last) {
		n := int64(0)
		if c, ok := w.Get(start); ok {
			n = c.N
		}
		got = append(got, start.Format(time.RFC3339)+" "+itoa(n))
	}
	want := []string{
		"2026-02-23T00:00:00-05:00 1",
		"2026-03-02T00:00:00-05:00 0",
		"2026-03-09T00:00:00-04:00 0", // after the change to EDT on 2026-03-08
		"2026-03-16T00:00:00-04:00 1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Periods (-want +got):\n%s", diff)
	}

	length := func(seq func(func(time.Time) bool)) int {
		n := 0
		for range seq {
			n++
		}
		return n
	}
	for _, c := range []struct {
		p        group.Period
		from, to string
		n        int
	}{
		{group.Day, "2026-03-01T12:00:00-05:00", "2026-03-31T00:00:00-04:00", 31},
		{group.Day, "2026-03-08T12:00:00-04:00", "2026-03-08T13:00:00-04:00", 1},
		{group.Day, "2026-03-08T12:00:00-04:00", "2026-03-08T11:00:00-04:00", 0}, // to before from
		{group.Month, "2026-01-31T23:59:59-05:00", "2026-12-01T00:00:00-05:00", 12},
		{group.Quarter, "2020-01-01T00:00:00-05:00", "2025-12-31T23:59:59-05:00", 24},
		{group.Week, "2020-12-28T00:00:00-05:00", "2021-01-03T23:59:59-05:00", 1}, // 2020-W53
	} {
		s := group.ByPeriod[count](c.p, ny)
		if got := length(s.Periods(rfc(c.from), rfc(c.to))); got != c.n {
			t.Errorf("%v Periods(%s, %s) yields %d, want %d", c.p, c.from, c.to, got, c.n)
		}
	}
	// Stopping early.
	n := 0
	for range w.Periods(first, first.AddDate(1, 0, 0)) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("break after 3 periods: %d", n)
	}
}

func TestSeriesMerge(t *testing.T) {
	madrid1, madrid2 := load(t, "Europe/Madrid"), load(t, "Europe/Madrid")
	a := group.ByPeriod[count](group.Month, madrid1)
	b := group.ByPeriod[count](group.Month, madrid2)
	a.At(rfc("2026-03-31T23:30:00+02:00")).Add(1)
	b.At(rfc("2026-03-01T00:00:00+01:00")).Add(2)
	b.At(rfc("2026-04-01T00:00:00+02:00")).Add(4)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-03 2026-03-01T00:00:00+01:00 2 3", "2026-04 2026-04-01T00:00:00+02:00 1 4"}
	if diff := cmp.Diff(want, labelled(a)); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	for k := range a.All() {
		if k.Location() != madrid1 {
			t.Errorf("merged key %v keeps the other Series' Location", k)
		}
	}
	b.At(rfc("2026-04-10T00:00:00+02:00")).Add(100)
	if diff := cmp.Diff(want, labelled(a)); diff != "" {
		t.Errorf("a later change to b reached a (-want +got):\n%s", diff)
	}
	if err := a.Merge(nil); err != nil {
		t.Errorf("Merge(nil) = %v", err)
	}

	// Paris and Madrid share their rules in 2026: their months start at
	// the same instants, so the Series merge.
	paris := group.ByPeriod[count](group.Month, load(t, "Europe/Paris"))
	paris.At(rfc("2026-05-05T00:00:00+02:00")).Add(8)
	if err := a.Merge(paris); err != nil {
		t.Errorf("Merge of a Paris Series into a Madrid one: %v", err)
	}

	// Different periods, or starts that are not starts in a's Location.
	for _, o := range []*group.Series[count, *count]{
		group.ByPeriod[count](group.Week, madrid1),
		group.ByPeriod[count](group.Month, load(t, "Asia/Tokyo")),
		group.ByPeriod[count](group.Month, time.UTC),
	} {
		o.At(rfc("2026-06-15T12:00:00Z")).Add(1)
		before := labelled(a)
		err := a.Merge(o)
		if !errors.Is(err, group.ErrMismatch) {
			t.Errorf("Merge of a %v Series in %v = %v, want ErrMismatch", o.Period(), o.Location(), err)
		}
		if diff := cmp.Diff(before, labelled(a)); diff != "" {
			t.Errorf("a failed Merge changed the Series (-before +after):\n%s", diff)
		}
	}

	// An accumulator's error names the period.
	scaled := group.ByPeriod[count](group.Month, madrid1)
	scaled.New = func() *count { return &count{Scale: 5} }
	err := scaled.Merge(a)
	var ke *group.KeyError
	if !errors.Is(err, errScale) || !errors.As(err, &ke) || !ke.Key.(time.Time).Equal(rfc("2026-03-01T00:00:00+01:00")) {
		t.Errorf("Merge error = %v, want a KeyError for March wrapping errScale", err)
	}
	if want := `group.Series.Merge: key "2026-03-01T00:00:00+01:00": count: different scales`; err.Error() != want {
		t.Errorf("error text %q, want %q", err.Error(), want)
	}
}

func TestZeroSeries(t *testing.T) {
	var s group.Series[count, *count]
	if s.Len() != 0 || s.Period() != 0 || s.Location() != nil {
		t.Errorf("zero Series: Len %d, Period %v, Location %v", s.Len(), s.Period(), s.Location())
	}
	if _, ok := s.Get(time.Now()); ok {
		t.Error("Get found a period in a zero Series")
	}
	for range s.Periods(time.Now(), time.Now().Add(time.Hour)) {
		t.Error("Periods yields on a zero Series")
	}
	if _, _, ok := s.Span(); ok {
		t.Error("Span of a zero Series is ok")
	}
	if b, err := json.Marshal(&s); err != nil || string(b) != "[]" {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	o := group.ByPeriod[count](group.Day, time.UTC)
	if err := s.Merge(o); err != nil {
		t.Errorf("Merge(empty) into a zero Series = %v", err)
	}
	o.At(time.Now())
	if err := s.Merge(o); !errors.Is(err, group.ErrZero) {
		t.Errorf("Merge into a zero Series = %v, want ErrZero", err)
	}
	if err := json.Unmarshal([]byte(`[]`), &s); !errors.Is(err, group.ErrZero) {
		t.Errorf("Unmarshal into a zero Series = %v, want ErrZero", err)
	}
	mustPanic(t, "At on a zero Series", group.ErrZero, func() { s.At(time.Now()) })
}

func TestSeriesJSON(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	w := group.ByPeriod[count](group.Week, madrid)
	w.At(rfc("2026-03-15T12:00:00+01:00")).Add(9)
	w.At(rfc("2026-03-29T12:00:00+02:00")).Add(3)
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":9}},` +
		`{"start":"2026-03-23T00:00:00+01:00","label":"2026-W13","value":{"n":1,"sum":3}}]`
	if string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	u := group.ByPeriod[count](group.Week, madrid)
	if err := json.Unmarshal(b, u); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(labelled(w), labelled(u)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for k := range u.All() {
		if k.Location() != madrid {
			t.Errorf("decoded key %v not in Europe/Madrid", k)
		}
	}
	// A start may be written in any offset.
	if err := json.Unmarshal([]byte(`[{"start":"2026-03-08T23:00:00Z","label":"2026-W11","value":{"n":5,"sum":0}}]`), u); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"2026-W11 2026-03-09T00:00:00+01:00 5 0"}, labelled(u)); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
}

// TestSeriesJSONLocalMeanTime checks a start whose offset has seconds:
// Madrid kept local mean time, 14 minutes 44 seconds behind UTC, until
// 1901, and RFC 3339 cannot write that offset.
func TestSeriesJSONLocalMeanTime(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	d := group.ByPeriod[count](group.Day, madrid)
	d.At(time.Date(1899, 6, 1, 12, 0, 0, 0, madrid)).Add(1)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"start":"1899-06-01T00:14:44Z","label":"1899-06-01","value":{"n":1,"sum":1}}]`
	if string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	u := group.ByPeriod[count](group.Day, madrid)
	if err := json.Unmarshal(b, u); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(labelled(d), labelled(u)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestSeriesUnmarshalErrors(t *testing.T) {
	madrid := load(t, "Europe/Madrid")
	for _, c := range []struct {
		in     string
		keyErr bool
	}{
		{`{}`, false},
		{`[{"label":"2026-W11","value":{"n":0,"sum":0}}]`, false},
		{`[{"start":"2026-03-09","label":"2026-W11","value":{"n":0,"sum":0}}]`, false},
		{`[{"start":"2026-03-10T00:00:00+01:00","label":"2026-W11","value":{"n":0,"sum":0}}]`, false}, // a Tuesday
		{`[{"start":"2026-03-09T00:00:00Z","label":"2026-W11","value":{"n":0,"sum":0}}]`, false},      // Monday in UTC, not in Madrid
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W12","value":{"n":0,"sum":0}}]`, false},
		{`[{"start":"2026-03-09T00:00:00+01:00","value":{"n":0,"sum":0}}]`, false},                    // no label
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11"}]`, false},                         // no value
		{`[{"start":"2026-03-09T00:00:00+01:00","label":7,"value":{"n":0,"sum":0}}]`, false},          // wrong type
		{`[{"Start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":0,"sum":0}}]`, false}, // case-folded
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":0,"sum":0},"x":0}]`, false},
		{`[] {}`, false}, // trailing data
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":0,"sum":0}},{"start":"2026-03-08T23:00:00Z","label":"2026-W11","value":{"n":0,"sum":0}}]`, true},
		{`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"sum":"x"}}]`, true},
	} {
		w := group.ByPeriod[count](group.Week, madrid)
		w.At(rfc("2026-01-01T00:00:00Z"))
		err := w.UnmarshalJSON([]byte(c.in))
		if !errors.Is(err, group.ErrCorrupt) {
			t.Errorf("UnmarshalJSON(%s) = %v, want ErrCorrupt", c.in, err)
		}
		var ke *group.KeyError
		if errors.As(err, &ke) != c.keyErr {
			t.Errorf("UnmarshalJSON(%s) = %v: KeyError %v, want %v", c.in, err, !c.keyErr, c.keyErr)
		}
		if w.Len() != 1 {
			t.Errorf("UnmarshalJSON(%s) changed the Series", c.in)
		}
	}
}

// timedObservation is one value at one instant.
type timedObservation struct {
	At    time.Time
	Value int64
}

// seriesSetup draws a period, a zone and observations within a few years
// around a random instant, some of them in other Locations.
func seriesSetup(t *rapid.T) (group.Period, *time.Location, []timedObservation) {
	p := periodGen.Draw(t, "period")
	loc := load(t, zoneGen.Draw(t, "zone"))
	base := timeGen().Draw(t, "base")
	span := map[group.Period]time.Duration{group.Day: 10 * 24 * time.Hour, group.Week: 60 * 24 * time.Hour, group.Month: 400 * 24 * time.Hour, group.Quarter: 1200 * 24 * time.Hour}[p]
	obs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) timedObservation {
		at := base.Add(time.Duration(rapid.Int64Range(0, int64(span)).Draw(t, "offset")))
		if rapid.Bool().Draw(t, "elsewhere") {
			at = at.In(load(t, zoneGen.Draw(t, "elsewhere zone")))
		}
		return timedObservation{at, rapid.Int64Range(-5, 5).Draw(t, "value")}
	}), 0, 50).Draw(t, "obs")
	return p, loc, obs
}

func seriesOf(p group.Period, loc *time.Location, obs []timedObservation) *group.Series[count, *count] {
	s := group.ByPeriod[count](p, loc)
	for _, o := range obs {
		s.At(o.At).Add(o.Value)
	}
	return s
}

func TestSeriesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// A model: observations grouped by the label of their period.
		p, loc, obs := seriesSetup(t)
		s := seriesOf(p, loc, obs)
		model := map[string]count{}
		for _, o := range obs {
			l, _ := p.Label(o.At.In(loc))
			c := model[l]
			c.Add(o.Value)
			model[l] = c
		}
		if s.Len() != len(model) {
			t.Fatalf("%d periods, want %d", s.Len(), len(model))
		}
		var prev time.Time
		for k, c := range s.All() {
			if start, _ := p.Start(k, loc); start != k {
				t.Fatalf("key %v is not a period start (%v)", k, start)
			}
			if !prev.IsZero() && !prev.Before(k) {
				t.Fatalf("key %v after %v", k, prev)
			}
			prev = k
			l, _ := p.Label(k)
			if model[l] != *c {
				t.Fatalf("%s: %+v, want %+v", l, *c, model[l])
			}
		}
		for _, o := range obs {
			if _, ok := s.Get(o.At); !ok {
				t.Fatalf("Get(%v) found nothing", o.At)
			}
		}
	})
}

func TestSeriesMergeProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, loc, obs := seriesSetup(t)
		whole := seriesOf(p, loc, obs)
		merged := group.ByPeriod[count](p, loc)
		cuts := splits(t, len(obs))
		for i := 1; i < len(cuts); i++ {
			if err := merged.Merge(seriesOf(p, loc, obs[cuts[i-1]:cuts[i]])); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(labelled(whole), labelled(merged)); diff != "" {
			t.Fatalf("merged parts differ from the whole (-whole +merged):\n%s", diff)
		}
		shuffled := rapid.Permutation(obs).Draw(t, "shuffled")
		if diff := cmp.Diff(labelled(whole), labelled(seriesOf(p, loc, shuffled))); diff != "" {
			t.Fatalf("order changed the result (-in order +shuffled):\n%s", diff)
		}
	})
}

func TestSeriesJSONProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, loc, obs := seriesSetup(t)
		s := seriesOf(p, loc, obs)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		u := group.ByPeriod[count](p, loc)
		if err := json.Unmarshal(b, u); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(labelled(s), labelled(u)); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
		b2, _ := json.Marshal(u)
		if string(b) != string(b2) {
			t.Fatalf("re-marshalled %s\nwant         %s", b2, b)
		}
	})
}

func FuzzSeriesJSON(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`,
		`[{"start":"2026-03-09T00:00:00+01:00","label":"2026-W11","value":{"n":1,"sum":9}}]`,
		`[{"start":"2026-03-08T23:00:00Z","value":{"n":5}}]`,
		`[{"start":"2026-03-10T00:00:00+01:00"}]`,
		`[{"start":"0000-01-03T00:00:00-00:14"}]`,
		`[{"start":"9999-12-27T00:00:00+01:00","label":"9999-W52"}]`,
	} {
		f.Add([]byte(s), uint8(group.Week))
	}
	madrid := load(f, "Europe/Madrid")
	f.Fuzz(func(t *testing.T, data []byte, period uint8) {
		p := group.Period(period%4 + 1)
		s := group.ByPeriod[count](p, madrid)
		if err := s.UnmarshalJSON(data); err != nil {
			if s.Len() != 0 {
				t.Fatalf("failed UnmarshalJSON left %d periods", s.Len())
			}
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			return // a year that RFC 3339 cannot hold
		}
		u := group.ByPeriod[count](p, madrid)
		if err := json.Unmarshal(b, u); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if diff := cmp.Diff(labelled(s), labelled(u)); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func BenchmarkSeriesAt(b *testing.B) {
	loc := load(b, "Europe/Madrid")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	b.Run("same week", func(b *testing.B) {
		w := group.ByPeriod[count](group.Week, loc)
		w.At(start)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			w.At(start.Add(time.Duration(i%1000) * time.Minute)).Add(1)
			i++
		}
	})
	b.Run("scattered over a year", func(b *testing.B) {
		// Every call falls in another week than the one before.
		w := group.ByPeriod[count](group.Week, loc)
		times := make([]time.Time, 1024)
		for i := range times {
			times[i] = start.Add(time.Duration(i*7919%1024) * 8 * time.Hour)
			w.At(times[i])
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			w.At(times[i%len(times)]).Add(1)
			i++
		}
	})
}

func BenchmarkPeriodStart(b *testing.B) {
	loc := load(b, "America/New_York")
	t := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	for _, p := range []group.Period{group.Day, group.Week, group.Month, group.Quarter} {
		b.Run(p.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Start(t, loc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
