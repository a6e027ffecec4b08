package servqbeam

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
	"pgregory.net/rapid"
)

func TestGroupingErrors(t *testing.T) {
	tests := []struct {
		g    Grouping
		want error
	}{
		{Grouping{By: 9}, ErrBy},
		{Grouping{By: ByPeriod, Location: madrid}, ErrPeriod},
		{Grouping{By: BySegmentPeriod, Period: group.Week}, ErrLocation},
		{Grouping{By: ByPeriod, Period: group.Week, Location: time.Local}, ErrZone},
		{Grouping{By: ByPeriod, Period: group.Week, Location: time.FixedZone("CET", 3600)}, ErrZone},
	}
	for _, tc := range tests {
		_, err := tc.g.zone("servqbeam.PerKey")
		var ve *estimate.ValueError
		if !errors.Is(err, tc.want) || !errors.As(err, &ve) || ve.Func != "servqbeam.PerKey" {
			t.Errorf("%+v: %v, want a ValueError wrapping %v", tc.g, err, tc.want)
		}
	}
	// Groupings that need no zone ignore the Location.
	for _, g := range []Grouping{{}, {By: BySegment, Location: time.Local}, {By: ByPeriod, Period: group.Day, Location: time.UTC}} {
		if _, err := g.zone("f"); err != nil {
			t.Errorf("%+v: %v", g, err)
		}
	}
}

func TestNewCombineFnNotEmpty(t *testing.T) {
	var full nps.Tally
	if err := full.Add(9); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCombineFn[nps.Tally, int](&full); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("init with one score: %v, want ErrNotEmpty", err)
	}
	fn, err := NewCombineFn[nps.Tally, int](nil)
	if err != nil || fn.Init != nil {
		t.Fatalf("nil init: %v, %v", fn, err)
	}
	// A rejected score fails AddInput with nps's own error, and the
	// accumulator keeps its state.
	a, _ := fn.CreateAccumulator()
	if _, err := fn.AddInput(a, 11); !errors.Is(err, nps.ErrOutOfRange) || a.N() != 0 {
		t.Errorf("AddInput(11): %v, n %d", err, a.N())
	}
	// Tallies on different scales do not merge.
	five := new(csat.Tally)
	_ = five.Add(4)
	seven, _ := csat.NewTally(csat.Seven)
	_ = seven.Add(6)
	var cf CombineFn[csat.Tally, int, *csat.Tally]
	if _, err := cf.MergeAccumulators(five, seven); !errors.Is(err, csat.ErrScaleMismatch) {
		t.Errorf("merge 1..5 and 1..7: %v", err)
	}
}

// The Key of an event is the one group.Period.Start and Label give, in
// any order of the events (the keyer caches the last period and the
// names it has seen); times are drawn near the clock changes of 2026 in
// Madrid and New York and over four centuries.
func TestPropertyKeyer(t *testing.T) {
	zones := []*time.Location{madrid, newYork, time.UTC, mustZone("America/Sao_Paulo"), mustZone("Australia/Lord_Howe")}
	rapid.Check(t, func(t *rapid.T) {
		p := group.Period(rapid.IntRange(1, 4).Draw(t, "period"))
		loc := zones[rapid.IntRange(0, len(zones)-1).Draw(t, "zone")]
		k, err := newKeyer(BySegmentPeriod, p, loc.String())
		if err != nil {
			t.Fatal(err)
		}
		near := rapid.SampledFrom([]time.Time{
			time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC),  // Madrid springs forward
			time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), // and falls back
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),   // New York springs forward
			time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC),  // Sao Paulo skipped midnight
			time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC), // ISO 2026-W01 starts
		})
		for range rapid.IntRange(1, 30).Draw(t, "events") {
			var at time.Time
			if rapid.Bool().Draw(t, "far") {
				at = time.Unix(rapid.Int64Range(-12e9, 12e9).Draw(t, "unix"), 0)
			} else {
				at = near.Draw(t, "near").Add(time.Duration(rapid.Int64Range(-3e14, 3e14).Draw(t, "offset")))
			}
			got := k.key("web", at)
			start, err := p.Start(at, loc)
			if err != nil {
				t.Fatal(err)
			}
			label, _ := p.Label(start)
			want := Key{Segment: "web", Period: label, Start: start.Format(time.RFC3339)}
			if got != want {
				t.Fatalf("%v in %v by %v: %+v, want %+v", at, loc, p, got, want)
			}
		}
	})
}

func TestKeyCoder(t *testing.T) {
	for _, k := range []Key{{}, {Segment: "web"}, {Segment: "tienda de Málaga", Period: "2026-W11", Start: "2026-03-09T00:00:00+01:00"}} {
		got, err := decodeKey(encodeKey(k))
		if err != nil || got != k {
			t.Errorf("%+v: %+v, %v", k, got, err)
		}
	}
	for _, b := range [][]byte{nil, {1}, {0, 0}, {0, 0, 0, 0}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, {5, 'a', 0, 0}} {
		if _, err := decodeKey(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decodeKey(%x): %v, want ErrCorrupt", b, err)
		}
	}
}

func TestByString(t *testing.T) {
	for b, want := range map[By]string{All: "all", BySegment: "segment", ByPeriod: "period", BySegmentPeriod: "segment x period", 12: "By(12)"} {
		if got := b.String(); got != want {
			t.Errorf("%d: %q, want %q", b, got, want)
		}
	}
}

// FuzzDecodeKey: any bytes decode to a Key that encodes back to them, or
// fail with ErrCorrupt; never a panic.
func FuzzDecodeKey(f *testing.F) {
	f.Add(encodeKey(Key{Segment: "web", Period: "2026-W11", Start: "2026-03-09T00:00:00+01:00"}))
	f.Add([]byte{0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := decodeKey(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatal(err)
			}
			return
		}
		if string(encodeKey(k)) != string(b) {
			t.Fatalf("%x decodes to %+v, which encodes to %x", b, k, encodeKey(k))
		}
	})
}

// FuzzCombineFn: scores from the fuzzer, cut into two bundles at a
// fuzzed point, give through the CombineFn the state of one tally fed
// the scores that nps.Tally.Add accepts; the rejected ones fail AddInput
// and leave the accumulator as it was.
func FuzzCombineFn(f *testing.F) {
	f.Add([]byte{9, 10, 0, 7, 11, 255}, uint8(2))
	f.Fuzz(func(t *testing.T, raw []byte, cut uint8) {
		var fn CombineFn[nps.Tally, int, *nps.Tally]
		var want nps.Tally
		a, _ := fn.CreateAccumulator()
		b, _ := fn.CreateAccumulator()
		for i, x := range raw {
			score := int(int8(x))
			acc := a
			if i >= int(cut) {
				acc = b
			}
			before := *acc
			_, err := fn.AddInput(acc, score)
			if (err == nil) != (want.Add(score) == nil) {
				t.Fatalf("score %d: AddInput %v disagrees with Tally.Add", score, err)
			}
			if err != nil && *acc != before {
				t.Fatalf("score %d rejected but the state changed", score)
			}
		}
		m, err := fn.MergeAccumulators(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if *fn.ExtractOutput(m) != want {
			t.Fatal("merged bundles differ from one tally")
		}
	})
}

// TestDecodeNonMinimal: a varint padded with a zero continuation byte
// (0x80 0x00 for 0) names a length or number that a shorter varint names
// too; the decoders accept only the canonical form, so one key has one
// encoding (FuzzDecodeKey found 80 00 00 00 decoding to the empty key,
// whose encoding is 00 00 00). TestEventStrict checks events.
func TestDecodeNonMinimal(t *testing.T) {
	for _, b := range [][]byte{{0x80, 0, 0, 0}, {0, 0x80, 0, 0}, {0, 0, 0x81, 0}} {
		if k, err := decodeKey(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decodeKey(%x) = %+v, %v; want ErrCorrupt", b, k, err)
		}
	}
}
