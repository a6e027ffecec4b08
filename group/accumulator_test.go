package group_test

import (
	"errors"
	"iter"
	"math"
	"time"

	// Tests and examples load named zones; the embedded database makes
	// them pass on machines without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// count is the toy accumulator of these tests: the number of observations
// and their sum, as a servq tally keeps counts. Its zero value is ready to
// use. Scale stands for a setting such as a csat rating scale: Merge
// refuses to combine counts of different scales, so a group of scaled
// counts needs its New field.
type count struct {
	Scale int   `json:"scale,omitempty"`
	N     int64 `json:"n"`
	Sum   int64 `json:"sum"`
}

var (
	errScale    = errors.New("count: different scales")
	errOverflow = errors.New("count: overflow")
)

func (c *count) Add(v int64) {
	c.N++
	c.Sum += v
}

func (c *count) Merge(o *count) error {
	if c.Scale != o.Scale {
		return errScale
	}
	if c.N > math.MaxInt64-o.N {
		return errOverflow
	}
	c.N += o.N
	c.Sum += o.Sum
	return nil
}

// entry is one key and its count, for comparing groups with cmp.Diff.
type entry[K any] struct {
	Key   K
	Count count
}

// contents lists a group's All as entries, copying the counts.
func contents[K any](all iter.Seq2[K, *count]) []entry[K] {
	var es []entry[K]
	for k, c := range all {
		es = append(es, entry[K]{k, *c})
	}
	return es
}

// load returns the Location of a tz database name, or fails the test (a
// *testing.T or a *rapid.T).
func load(t interface {
	Helper()
	Fatal(...any)
}, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// zones are time zones with daylight saving, far from UTC on either side,
// across the date line, and with clock changes that skip or repeat
// midnight.
var zones = []string{
	"UTC",
	"America/New_York",
	"Europe/Madrid",
	"Asia/Tokyo",
	"Australia/Lord_Howe", // half-hour DST
	"Asia/Kolkata",        // +05:30
	"Pacific/Kiritimati",  // +14
	"Pacific/Pago_Pago",   // -11
	"Pacific/Apia",        // skipped 2011-12-30
	"America/Sao_Paulo",   // DST began at midnight until 2019
	"America/Havana",      // DST ends at 01:00, so midnight happens twice
	"Asia/Beirut",         // DST begins at midnight
	"America/Santiago",    // DST begins at 24:00
}
