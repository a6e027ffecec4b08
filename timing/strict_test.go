package timing

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// TestStrictDecoders applies servq's shared table of malformed encodings
// (apitest.BadJSON, apitest.BadBinary: unknown, missing, duplicate and
// case-folded keys, wrong types, trailing data, truncations, other
// versions, non-minimal varints), derived from the canonical encodings of
// a non-empty state of each accumulator, to both its decoders: each must
// return an ErrCorrupt ValueError and leave the state unchanged.
func TestStrictDecoders(t *testing.T) {
	corrupt := apitest.Wraps[*estimate.ValueError](ErrCorrupt)
	// A small exact tally (its encodings hold every part of a streaming
	// one, which TestHostileAccumulators also corrupts): the cases grow
	// with the square of the encoding's length.
	m := Metrics{Solved: true, FCR: true, Replies: 1, FirstResponse: Span{time.Hour, time.Minute, true},
		NextReplies: []Span{{time.Second, time.Second, true}}}
	ex := Tally{Exact: true}
	if err := errors.Join(ex.Add(m), ex.Add(Metrics{})); err != nil {
		t.Fatal(err)
	}
	var ds Durations
	_ = ds.AddAll([]time.Duration{0, time.Second, time.Hour})
	var sk Sketch
	_ = sk.AddAll([]time.Duration{0, time.Second, time.Hour})
	var sm Sample
	_ = sm.AddAll([]time.Duration{time.Second, time.Minute})
	sl := ServiceLevel{Target: 20 * time.Second}
	_ = sl.AddAll([]Contact{{Wait: time.Second}, {Wait: time.Minute}, {Wait: time.Second, Abandoned: true}})
	var cp Compliance
	_ = cp.AddAll([]TargetState{{Target: Target{Metric: FirstReply}, State: Achieved}, {Target: Target{Metric: Resolution}, State: Breached}})
	for _, c := range []struct {
		name string
		v    apitest.Encoded
	}{{"Tally exact", &ex}, {"Durations", &ds}, {"Sketch", &sk}, {"Sample", &sm}, {"Rate", rateOf(2, 3)}, {"ServiceLevel", &sl}, {"Compliance", &cp}} {
		apitest.CheckEncodings(t, c.name, c.v, corrupt)
	}
}
