package csat

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// TestDailyAverageDST checks days across Madrid's clock changes of 2026
// (29 March, 02:00 → 03:00, a 23-hour day; 25 October, 03:00 → 02:00, a
// 25-hour day), where 24-hour buckets from local midnight would put the
// 00:30 of 30 March into 29 March and leave the 23:30 of 25 October out
// of its day. Means by hand.
func TestDailyAverageDST(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	rs := []Rating{
		{mustTime(t, "2026-03-29T23:30:00+02:00"), 5},
		{mustTime(t, "2026-03-28T23:30:00+01:00"), 2},
		{mustTime(t, "2026-03-29T00:30:00+01:00"), 4},
		{mustTime(t, "2026-03-29T22:30:00Z"), 1}, // 00:30 on 30 March in Madrid
		{mustTime(t, "2026-10-25T00:30:00+02:00"), 3},
		{mustTime(t, "2026-10-25T23:30:00+01:00"), 5},
		{mustTime(t, "2026-10-25T02:30:00+01:00"), 1}, // the second 02:30 of the day
	}
	got, err := DailyAverage(rs, Five, madrid)
	if err != nil {
		t.Fatal(err)
	}
	want := []DayMean{
		{time.Date(2026, 3, 28, 0, 0, 0, 0, madrid), 1, 2},
		{time.Date(2026, 3, 29, 0, 0, 0, 0, madrid), 2, 4.5}, // (4 + 5)/2
		{time.Date(2026, 3, 30, 0, 0, 0, 0, madrid), 1, 1},
		{time.Date(2026, 10, 25, 0, 0, 0, 0, madrid), 3, 3}, // (3 + 5 + 1)/3
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Day.Equal(want[i].Day) || got[i].Day.Location() != madrid || got[i].N != want[i].N || got[i].Mean != want[i].Mean {
			t.Errorf("day %d: %v, want %v", i, got[i], want[i])
		}
	}

	// The same instants in Tokyo fall on other days: 2026-03-01T23:30Z is
	// 08:30 on 2 March there.
	tokyo := mustLoad(t, "Asia/Tokyo")
	got, _ = DailyAverage([]Rating{{mustTime(t, "2026-03-01T23:30:00Z"), 4}}, Five, tokyo)
	if len(got) != 1 || got[0].Day.Format("2006-01-02") != "2026-03-02" {
		t.Errorf("Tokyo: %v", got)
	}

	// São Paulo skipped midnight on 4 November 2018 (00:00 → 01:00): the
	// day starts at 01:00.
	sp := mustLoad(t, "America/Sao_Paulo")
	got, _ = DailyAverage([]Rating{{mustTime(t, "2018-11-04T01:30:00-02:00"), 3}, {mustTime(t, "2018-11-04T23:00:00-02:00"), 4}}, Five, sp)
	if len(got) != 1 || !got[0].Day.Equal(mustTime(t, "2018-11-04T01:00:00-02:00")) || got[0].Mean != 3.5 {
		t.Errorf("São Paulo: %v", got)
	}
}

func TestDailyAverageScales(t *testing.T) {
	day := mustTime(t, "2026-05-04T09:00:00Z")
	rs := []Rating{{day, 0}, {day.Add(time.Hour), 10}, {day.Add(2 * time.Hour), 5}}
	got, err := DailyAverage(rs, ZeroToTen, time.UTC)
	if err != nil || len(got) != 1 || got[0].Mean != 5 || got[0].N != 3 {
		t.Errorf("0..10: %v, %v", got, err)
	}
	if _, err := DailyAverage(rs, Five, time.UTC); err == nil ||
		err.Error() != "csat.DailyAverage: rating 0 at index 0: out of range 1..5" {
		t.Errorf("0 on 1..5: %v", err)
	}
	if _, err := DailyAverage(rs, Scale{Min: 0, Max: 10}, time.UTC); !errors.Is(err, ErrScale) {
		t.Errorf("bad scale: %v", err)
	}
	if _, err := DailyAverage(rs, ZeroToTen, nil); !errors.Is(err, ErrLocation) {
		t.Errorf("nil location: %v", err)
	}
	got, err = DailyAverage(nil, Five, time.UTC)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("no ratings: %v, %v", got, err)
	}
}

// TestDailyAverageLarge checks a month of shuffled ratings against a
// count kept by calendar date, and that the order of the input does not
// matter.
func TestDailyAverageLarge(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	r := rand.New(rand.NewPCG(4, 4))
	start := time.Date(2026, 3, 15, 0, 0, 0, 0, madrid)
	type key struct {
		y int
		m time.Month
		d int
	}
	sum, n := map[key]int{}, map[key]int{}
	var rs []Rating
	for range 20_000 {
		at := start.Add(time.Duration(r.Int64N(int64(30 * 24 * time.Hour))))
		x := 1 + r.IntN(5)
		rs = append(rs, Rating{at, x})
		y, m, d := at.In(madrid).Date()
		sum[key{y, m, d}] += x
		n[key{y, m, d}]++
	}
	got, err := DailyAverage(rs, Five, madrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(n) {
		t.Fatalf("%d days, want %d", len(got), len(n))
	}
	for i, dm := range got {
		y, m, d := dm.Day.Date()
		k := key{y, m, d}
		if dm.N != int64(n[k]) || !near(dm.Mean, float64(sum[k])/float64(n[k]), 1e-12) {
			t.Errorf("%v: n %d mean %v, want %d %v", k, dm.N, dm.Mean, n[k], float64(sum[k])/float64(n[k]))
		}
		if i > 0 && !got[i-1].Day.Before(dm.Day) {
			t.Errorf("days out of order at %d", i)
		}
	}
	r.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	again, _ := DailyAverage(rs, Five, madrid)
	for i := range got {
		if again[i] != got[i] {
			t.Fatalf("order matters at day %d", i)
		}
	}
}

// FuzzDailyAverage checks that DailyAverage never panics on fuzzed times
// and ratings, and that what it returns accounts for every rating: the Ns
// add up, days are in order and hold means on the scale, and each rating
// falls on the calendar date of a returned day.
func FuzzDailyAverage(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0x69, 0xe5, 0x2c, 0x80, 5})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3})
	madrid := mustLoad(f, "Europe/Madrid")
	f.Fuzz(func(t *testing.T, data []byte) {
		var rs []Rating
		for len(data) >= 9 {
			sec := int64(binary.LittleEndian.Uint64(data)) % (1 << 40) // years about -32000..36000
			rs = append(rs, Rating{time.Unix(sec, 0), int(data[8]) % 7})
			data = data[9:]
		}
		got, err := DailyAverage(rs, Five, madrid)
		if err != nil {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatal(err)
			}
			return
		}
		var total int64
		dates := map[string]bool{}
		for i, d := range got {
			total += d.N
			if d.N < 1 || d.Mean < 1 || d.Mean > 5 || (i > 0 && !got[i-1].Day.Before(d.Day)) {
				t.Fatalf("day %d: %+v", i, d)
			}
			dates[d.Day.In(madrid).Format("2006-01-02")] = true
		}
		if total != int64(len(rs)) {
			t.Fatalf("days hold %d ratings of %d", total, len(rs))
		}
		for _, r := range rs {
			if !dates[r.At.In(madrid).Format("2006-01-02")] {
				t.Fatalf("rating at %v has no day", r.At)
			}
		}
	})
}

func BenchmarkDailyAverage(b *testing.B) {
	madrid := mustLoad(b, "Europe/Madrid")
	r := rand.New(rand.NewPCG(5, 5))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, madrid)
	rs := make([]Rating, 100_000)
	for i := range rs {
		// In time order, as logs usually are: about 270 ratings a day.
		rs[i] = Rating{start.Add(time.Duration(i) * 320 * time.Second), 1 + r.IntN(5)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DailyAverage(rs, Five, madrid); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDailyAverageOrder checks that the days and their means do not depend
// on the order of the ratings, in zones whose clock changes skip midnight
// (Sao Paulo), repeat it (Havana), and set the date back (Goose Bay, whose
// clock went from 00:01 back to 23:01 of the day before until 2010, the
// case where a day's contents once depended on what came first).
func TestDailyAverageOrder(t *testing.T) {
	for _, c := range []struct {
		zone   string
		change string // a clock change, UTC
	}{
		{"America/Goose_Bay", "2010-11-07T03:01:00Z"},
		{"America/St_Johns", "2006-10-29T02:31:00Z"},
		{"America/Sao_Paulo", "2018-11-04T03:00:00Z"},
		{"America/Havana", "2025-11-02T05:00:00Z"},
	} {
		loc := mustLoad(t, c.zone)
		at := mustTime(t, c.change)
		rng := rand.New(rand.NewPCG(1, 2))
		rs := make([]Rating, 400)
		for i := range rs {
			// Within 26 hours of the change, to the second.
			dt := time.Duration(rng.IntN(26*3600)-13*3600) * time.Second
			rs[i] = Rating{At: at.Add(dt), Value: 1 + rng.IntN(5)}
		}
		want, err := DailyAverage(rs, Five, loc)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, d := range want {
			total += d.N
		}
		if total != int64(len(rs)) {
			t.Fatalf("%s: days hold %d ratings, want %d", c.zone, total, len(rs))
		}
		for k := range 20 {
			rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
			got, err := DailyAverage(rs, Five, loc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s shuffle %d: %d days, want %d", c.zone, k, len(got), len(want))
			}
			for i := range got {
				// Means are sums of integers over the same n: bit-equal.
				if !got[i].Day.Equal(want[i].Day) || got[i].N != want[i].N || got[i].Mean != want[i].Mean {
					t.Fatalf("%s shuffle %d: day %d is %+v, want %+v", c.zone, k, i, got[i], want[i])
				}
			}
		}
	}
}
