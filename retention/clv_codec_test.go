package retention

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

func TestHistoriesSpendsEncoding(t *testing.T) {
	h := simHistories(t)
	s := simSpends(t)
	jb, _ := json.Marshal(h)
	bb, _ := h.MarshalBinary()
	var hj, hb Histories
	if err := json.Unmarshal(jb, &hj); err != nil {
		t.Fatal(err)
	}
	if err := hb.UnmarshalBinary(bb); err != nil {
		t.Fatal(err)
	}
	for _, g := range []*Histories{&hj, &hb} {
		if g.N() != h.N() || g.Len() != h.Len() {
			t.Fatalf("round trip: %d rows of %d, want %d of %d", g.Len(), g.N(), h.Len(), h.N())
		}
		for k, c := range h.All() {
			if g.Count(k) != c {
				t.Fatalf("row %+v: %d, want %d", k, g.Count(k), c)
			}
		}
	}
	sj, _ := json.Marshal(s)
	sbin, _ := s.MarshalBinary()
	var s1, s2 Spends
	if err := json.Unmarshal(sj, &s1); err != nil || s1.N() != s.N() {
		t.Fatal(err)
	}
	if err := s2.UnmarshalBinary(sbin); err != nil || s2.N() != s.N() {
		t.Fatal(err)
	}
	// Strict decoders: each of these is ErrCorrupt and leaves the state.
	for _, bad := range []string{
		`{"rows":[[1,2,3,1]],"x":1}`,     // unknown key
		`{}`,                             // missing key
		`{"rows":[],"rows":[]}`,          // duplicate key
		`{"rows":"x"}`,                   // wrong type
		`{"rows":[]} 1`,                  // trailing data
		`{"rows":[[2,1,3,1],[1,2,3,1]]}`, // out of order
		`{"rows":[[1,2,3,1],[1,2,3,1]]}`, // repeated
		`{"rows":[[1,4,3,1]]}`,           // t_x > T
		`{"rows":[[1,2,3,0]]}`,           // zero count
		`{"rows":[[1.5,2,3,1]]}`,         // x not integral
		`{"rows":[[1,2,3,1.5]]}`,         // count not integral
	} {
		before := hj.N()
		wantErr(t, hj.UnmarshalJSON([]byte(bad)), ErrCorrupt, "retention.Histories.UnmarshalJSON")
		if hj.N() != before {
			t.Fatalf("%s changed the state", bad)
		}
	}
	for _, bad := range [][]byte{nil, {2}, append(append([]byte{}, bb...), 0), bb[:len(bb)-1], {1, 0x80, 0}} {
		wantErr(t, hb.UnmarshalBinary(bad), ErrCorrupt, "retention.Histories.UnmarshalBinary")
	}
	wantErr(t, s1.UnmarshalJSON([]byte(`{"rows":[[0,2,1]]}`)), ErrCorrupt, "retention.Spends.UnmarshalJSON")
	wantErr(t, s1.UnmarshalBinary(append(sbin, 1)), ErrCorrupt, "retention.Spends.UnmarshalBinary")
	if s1.N() != s.N() || hb.N() != h.N() {
		t.Fatal("failed decodes changed the state")
	}
}

// Histories and Spends work in a group: merging per key equals adding all.
func TestHistoriesInGroup(t *testing.T) {
	g := group.ByKey[string, Histories]()
	var all Histories
	for i, r := range simBase(t) {
		key := []string{"a", "b", "c"}[i%3]
		if err := g.At(key).Add(History{int64(r.x), r.tx, r.T}); err != nil {
			t.Fatal(err)
		}
		all.Add(History{int64(r.x), r.tx, r.T})
	}
	var merged Histories
	for _, h := range g.All() {
		if err := merged.Merge(h); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := FitBGNBD(&all, estimate.Options{})
	m, _ := FitBGNBD(&merged, estimate.Options{})
	if a.LogLik != m.LogLik || a.R != m.R {
		t.Errorf("merged fit %v, whole %v", m.LogLik, a.LogLik)
	}
}

func FuzzHistories(f *testing.F) {
	f.Add(2.0, 30.43, 38.86, int64(1))
	f.Add(0.0, 0.0, 27.0, int64(3))
	f.Add(1.5, 1.0, 2.0, int64(1))
	f.Add(1.0, 5.0, 2.0, int64(-1))
	f.Fuzz(func(t *testing.T, x, tx, T float64, n int64) {
		var h Histories
		if err := h.AddN(History{2, 1, 3}, 2); err != nil {
			t.Fatal(err)
		}
		err := h.AddN(History{int64(x), tx, T}, n)
		if err != nil && h.N() != 2 {
			t.Fatalf("rejected history changed the state: %v", err)
		}
		p, err := fhl.PAlive(x, tx, T)
		if err == nil && !(p >= 0 && p <= 1) {
			t.Fatalf("P(alive) = %v", p)
		}
		e, err := fhl.ConditionalExpected(math.Abs(T), x, tx, T)
		if err == nil && !(e >= 0 && finite(e)) {
			t.Fatalf("E[Y] = %v", e)
		}
		v, err := CLV(fhl, fhlSpend, x, tx, T, 10, Horizon{Periods: 3, Length: 4, Rate: 0.01})
		if err == nil && !(v >= 0 && finite(v)) {
			t.Fatalf("CLV = %v", v)
		}
	})
}

func FuzzHistoriesUnmarshalBinary(f *testing.F) {
	var h Histories
	h.AddN(History{2, 1, 3}, 2)
	h.AddN(History{0, 0, 3}, 5)
	b, _ := h.MarshalBinary()
	f.Add(b)
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Histories
		if err := g.UnmarshalBinary(b); err != nil {
			return
		}
		out, _ := g.MarshalBinary()
		if string(out) != string(b) {
			t.Fatalf("accepted a non-canonical encoding %x (canonical %x)", b, out)
		}
	})
}

func FuzzHistoriesUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"rows":[[0,0,3,5],[2,1,3,2]]}`))
	f.Add([]byte(`{"rows":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Histories
		if err := g.UnmarshalJSON(b); err != nil {
			return
		}
		for k, c := range g.All() {
			if c < 1 || checkHistory("", float64(k.X), k.Tx, k.T, -1) != nil {
				t.Fatalf("accepted row %+v × %d", k, c)
			}
		}
	})
}

func FuzzSpends(f *testing.F) {
	f.Add(2.0, 22.35)
	f.Add(0.0, 1.0)
	f.Add(1.0, -3.0)
	f.Fuzz(func(t *testing.T, x, m float64) {
		var s Spends
		err := s.Add(Spend{int64(x), m})
		if err != nil && s.N() != 0 {
			t.Fatal("rejected spend changed the state")
		}
		e, err := fhlSpend.ExpectedSpend(x, m)
		if err == nil && !(e > 0 && finite(e)) {
			t.Fatalf("E[M] = %v", e)
		}
	})
}

func FuzzSpendsUnmarshalBinary(f *testing.F) {
	var s Spends
	s.AddN(Spend{2, 22.35}, 3)
	b, _ := s.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Spends
		if err := g.UnmarshalBinary(b); err != nil {
			return
		}
		out, _ := g.MarshalBinary()
		if string(out) != string(b) {
			t.Fatalf("accepted a non-canonical encoding %x", b)
		}
	})
}

func FuzzTransactions(f *testing.F) {
	f.Add("ana", int64(1735689600), 10.0, int64(1738368000))
	f.Add("", int64(-1e12), -1.0, int64(0))
	f.Fuzz(func(t *testing.T, id string, at int64, amount float64, end int64) {
		tr, _ := NewTransactions(time.UTC)
		tr.Add(Event{"base", time.Unix(1735689600, 0), 1})
		err := tr.Add(Event{id, time.Unix(at, 0), amount})
		if err != nil && tr.Events() != 1 {
			t.Fatal("rejected purchase changed the state")
		}
		s, err := tr.Summarize(Split{End: time.Unix(end, 0)})
		if err != nil {
			return
		}
		for _, c := range s.Customers {
			if checkHistory("", float64(c.X), c.Tx, c.T, -1) != nil || c.Value < 0 {
				t.Fatalf("impossible summary %+v", c)
			}
		}
	})
}

func TestTransactionsEncoding(t *testing.T) {
	tr, _ := NewTransactions(time.UTC)
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i, c := range []string{"ana", "bo", "ana", "cy", "ana", "bo"} {
		if err := tr.Add(Event{c, base.AddDate(0, 0, 3*i), float64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	tr.Add(Event{"ana", base, 2}) // same day: merged
	split := Split{End: base.AddDate(0, 0, 20)}
	want, _ := tr.Summarize(split)
	jb, _ := json.Marshal(tr)
	bb, _ := tr.MarshalBinary()
	var tj, tb Transactions
	if err := json.Unmarshal(jb, &tj); err != nil {
		t.Fatal(err)
	}
	if err := tb.UnmarshalBinary(bb); err != nil {
		t.Fatal(err)
	}
	for _, g := range []*Transactions{&tj, &tb} {
		s, err := g.Summarize(split)
		if err != nil || len(s.Customers) != len(want.Customers) || g.Events() != tr.Events() {
			t.Fatalf("round trip: %+v %v", s, err)
		}
		for i := range s.Customers {
			if s.Customers[i].History != want.Customers[i].History || s.Customers[i].Value != want.Customers[i].Value {
				t.Errorf("customer %d: %+v, want %+v", i, s.Customers[i], want.Customers[i])
			}
		}
	}
	for _, bad := range []string{
		`{"location":"UTC","events":1,"customers":[],"x":1}`,
		`{"location":"UTC","events":1}`,
		`{"location":"Nowhere/Land","events":1,"customers":[]}`,
		`{"location":"UTC","events":2,"customers":[{"id":"a","days":[[5,1],[4,1]]}]}`,
		`{"location":"UTC","events":2,"customers":[{"id":"a","days":[[5,1]]},{"id":"a","days":[[6,1]]}]}`,
		`{"location":"UTC","events":0,"customers":[{"id":"a","days":[[5,1]]}]}`,
		`{"location":"UTC","events":1,"customers":[{"id":"a","days":[[5,-1]]}]}`,
	} {
		wantErr(t, tj.UnmarshalJSON([]byte(bad)), ErrCorrupt, "retention.Transactions.UnmarshalJSON")
	}
	for _, bad := range [][]byte{nil, {2}, append(append([]byte{}, bb...), 0), bb[:len(bb)-3]} {
		wantErr(t, tb.UnmarshalBinary(bad), ErrCorrupt, "retention.Transactions.UnmarshalBinary")
	}
	if tj.Events() != tr.Events() || tb.Events() != tr.Events() {
		t.Error("failed decodes changed the state")
	}
}

func FuzzTransactionsUnmarshalBinary(f *testing.F) {
	tr, _ := NewTransactions(time.UTC)
	tr.Add(Event{"ana", time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), 3})
	tr.Add(Event{"ana", time.Date(2025, 1, 9, 9, 0, 0, 0, time.UTC), 4})
	b, _ := tr.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Transactions
		if err := g.UnmarshalBinary(b); err != nil {
			return
		}
		out, _ := g.MarshalBinary()
		if string(out) != string(b) {
			t.Fatalf("accepted a non-canonical encoding %x", b)
		}
	})
}
