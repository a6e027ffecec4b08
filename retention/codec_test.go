package retention

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// codec is what every accumulator of the package implements.
type codec interface {
	json.Marshaler
	json.Unmarshaler
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// roundTrip encodes a both ways, decodes into fresh values from mk and
// checks that they encode to the same bytes.
func roundTrip(t *testing.T, name string, a codec, mk func() codec) {
	t.Helper()
	j, err := a.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	x, y := mk(), mk()
	if err := x.UnmarshalJSON(j); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, j)
	}
	if err := y.UnmarshalBinary(b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	j2, _ := x.MarshalJSON()
	b2, _ := y.MarshalBinary()
	if !bytes.Equal(j, j2) || !bytes.Equal(b, b2) {
		t.Errorf("%s: round trip differs:\n%s\n%s", name, j, j2)
	}
	// Every truncation of the binary form and trailing data are corrupt,
	// and leave the value unchanged.
	for k := range len(b) {
		z := mk()
		z.UnmarshalBinary(b) //nolint: the state to keep
		before, _ := z.MarshalBinary()
		if err := z.UnmarshalBinary(b[:k]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: truncated at %d: %v", name, k, err)
		}
		after, _ := z.MarshalBinary()
		if !bytes.Equal(before, after) {
			t.Errorf("%s: rejected input changed the state", name)
		}
	}
	if err := mk().UnmarshalBinary(append(bytes.Clone(b), 0)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("%s: trailing byte: %v", name, err)
	}
	if err := mk().UnmarshalJSON(append(bytes.Clone(j), []byte(" {}")...)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("%s: trailing JSON: %v", name, err)
	}
}

func TestCodecRoundTrips(t *testing.T) {
	var f Flow
	f.AddN(Membership{true, true}, 5)
	f.AddN(Membership{true, false}, 2)
	f.AddN(Membership{false, true}, 3)
	roundTrip(t, "Flow", &f, func() codec { return new(Flow) })

	var r Revenue
	r.Add(Account{100, 120})
	r.Add(Account{50, 0})
	r.Add(Account{0, 30})
	roundTrip(t, "Revenue", &r, func() codec { return new(Revenue) })

	var p Repeat
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.Add(Purchases{3, t0, t0.AddDate(0, 0, 20)})
	p.Add(Purchases{1, t0, t0})
	roundTrip(t, "Repeat", &p, func() codec { return new(Repeat) })

	l := lifetimesOf(t, amlNon, amlNonStatus)
	l.Add(Lifetime{2, 7, Observed})
	roundTrip(t, "Lifetimes", l, func() codec { return new(Lifetimes) })

	c := cohortsOf(t, group.Week, time.UTC, handLog)
	roundTrip(t, "Cohorts", c, func() codec { return new(Cohorts) })
	// The decoded state gives the same result.
	b, _ := c.MarshalBinary()
	var d Cohorts
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	want, _ := c.Result(estimate.Options{})
	got, _ := d.Result(estimate.Options{})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestCodecStrictJSON checks the rejections of the strict JSON decoders.
func TestCodecStrictJSON(t *testing.T) {
	cases := []struct {
		name string
		mk   func() codec
		bad  []string
	}{
		{"Flow", func() codec { return new(Flow) }, []string{
			`{"start":1,"end":1}`,                 // missing key
			`{"start":1,"end":1,"new":0,"x":1}`,   // unknown key
			`{"start":1,"end":1,"new":0,"new":0}`, // duplicate key
			`{"start":"1","end":1,"new":0}`,       // wrong type
			`{"start":1.5,"end":1,"new":0}`,       // not an integer
			`{"start":1,"end":3,"new":1}`,         // E - N > S
			`{"start":1,"end":1,"new":2}`,         // N > E
			`{"start":null,"end":1,"new":0}`,      // null field
			`[1,1,0]`,                             // not an object
			`{"start":1,"end":1,"new":0}{}`,       // trailing data
		}},
		{"Lifetimes", func() codec { return new(Lifetimes) }, []string{
			`{"n":2,"origin":2,"times":[2,1],"events":[1,1],"censored":[0,0],"entries":[0,0]}`, // unsorted
			`{"n":2,"origin":2,"times":[1,1],"events":[1,1],"censored":[0,0],"entries":[0,0]}`, // duplicate time
			`{"n":3,"origin":2,"times":[1,2],"events":[1,1],"censored":[0,0],"entries":[0,0]}`, // n does not add up
			`{"n":1,"origin":1,"times":[1],"events":[2],"censored":[0],"entries":[0]}`,         // more exits than at risk
			`{"n":1,"origin":1,"times":[-1],"events":[1],"censored":[0],"entries":[0]}`,        // negative time
			`{"n":1,"origin":1,"times":[1,2],"events":[1,0],"censored":[0,0],"entries":[0,0]}`, // empty cell
			`{"n":1,"origin":1,"times":[1],"events":[1],"censored":[0]}`,                       // missing key
			`{"n":1,"origin":1,"times":[1],"events":[1],"censored":[0],"entries":[0,0]}`,       // lengths
		}},
		{"Cohorts", func() codec { return new(Cohorts) }, []string{
			`{"period":"day","location":"UTC","events":1,"customers":[{"id":"a","periods":[1],"amounts":[0]}]}`,
			`{"period":"month","location":"Nowhere/City","events":1,"customers":[{"id":"a","periods":[1],"amounts":[0]}]}`,
			`{"period":"month","location":"UTC","events":2,"customers":[{"id":"b","periods":[1],"amounts":[0]},{"id":"a","periods":[1],"amounts":[0]}]}`,
			`{"period":"month","location":"UTC","events":2,"customers":[{"id":"a","periods":[2,1],"amounts":[0,0]}]}`,
			`{"period":"month","location":"UTC","events":1,"customers":[{"id":"a","periods":[1,2],"amounts":[0,0]}]}`,
			`{"period":"month","location":"UTC","events":1,"customers":[{"id":"a","periods":[1],"amounts":[0],"x":1}]}`,
		}},
	}
	for _, c := range cases {
		for _, s := range c.bad {
			if err := c.mk().UnmarshalJSON([]byte(s)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: %s: %v, want ErrCorrupt", c.name, s, err)
			}
		}
	}
	// Null does nothing.
	l := lifetimesOf(t, []float64{1}, []int{1})
	if err := l.UnmarshalJSON([]byte("null")); err != nil || l.N() != 1 {
		t.Errorf("null: %v, n %d", err, l.N())
	}
}

// TestCodecNonMinimalVarint checks that a varint with a redundant byte is
// corrupt: 0x80 0x00 encodes 0 in two bytes.
func TestCodecNonMinimalVarint(t *testing.T) {
	if err := new(Flow).UnmarshalBinary([]byte{1, 0x80, 0x00, 0, 0}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("got %v", err)
	}
	if err := new(Flow).UnmarshalBinary([]byte{2, 0, 0, 0}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("version 2: %v", err)
	}
}

// TestResultsJSON checks that results round-trip through JSON.
func TestResultsJSON(t *testing.T) {
	l := lifetimesOf(t, amlMaintained, amlMaintainedStatus)
	c, _ := l.Result(estimate.Options{})
	tb, _ := cohortsOf(t, group.Month, time.UTC, handLog).Result(estimate.Options{})
	m, _ := FitSBG(fhRegular, estimate.Options{})
	lr, _ := LogRank(l, lifetimesOf(t, amlNon, amlNonStatus))
	for _, v := range []any{c, tb, m, lr} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case Curve:
			var w Curve
			json.Unmarshal(b, &w)
			if !cmp.Equal(v, w) {
				t.Error(cmp.Diff(v, w))
			}
		case CohortTable:
			var w CohortTable
			json.Unmarshal(b, &w)
			b2, _ := json.Marshal(w)
			if !bytes.Equal(b, b2) {
				t.Error("cohort table differs after a JSON round trip")
			}
		case SBG:
			var w SBG
			json.Unmarshal(b, &w)
			if !cmp.Equal(v, w) {
				t.Error(cmp.Diff(v, w))
			}
		case LogRankResult:
			var w LogRankResult
			json.Unmarshal(b, &w)
			if !cmp.Equal(v, w) {
				t.Error(cmp.Diff(v, w))
			}
		}
	}
}
