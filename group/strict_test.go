package group_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"github.com/servq/servq/internal/apitest"
)

// TestStrictDecoders applies the shared table of malformed encodings
// (apitest.BadJSON: unknown, missing, duplicate and case-folded keys of an
// entry, wrong types, trailing data, truncations), derived from the
// canonical encoding of a group with two entries, to the decoder of each
// group: each is an ErrCorrupt ValueError and leaves the group unchanged.
// The accumulator's own JSON (the "value" of an entry) is the
// accumulator's to check; a wrong type there still fails.
func TestStrictDecoders(t *testing.T) {
	corrupt := apitest.Wraps[*estimate.ValueError](group.ErrCorrupt)
	madrid := load(t, "Europe/Madrid")
	at := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	s := group.ByPeriod[count](group.Week, madrid)
	p := group.BySegmentPeriod[string, count](group.Month, madrid)
	m := group.ByKey[string, count]()
	for i := range 2 {
		s.At(at.AddDate(0, 0, 7*i)).Add(3)
		p.At("web", at.AddDate(0, i, 0)).Add(4)
		m.At([]string{"a", "b"}[i]).Add(5)
	}
	for _, g := range []interface {
		json.Marshaler
		json.Unmarshaler
	}{s, p, m} {
		js, err := g.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		state := func() string { b, _ := g.MarshalJSON(); return string(b) }
		apitest.CheckDecoder(t, string(js[:min(len(js), 30)]), g.UnmarshalJSON, state, corrupt, apitest.BadJSON(js))
	}
}
