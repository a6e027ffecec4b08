package retention

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
)

// TestRevenueCustomers: N counts the customers of Add and AddAll, not the
// totals of AddTotals, and travels in the version-2 encodings; version 1
// is rejected. By hand: accounts (100 → 120), (0 → 50), (80 → 0) and
// (40 → 30) are 4 customers, start 220, expansion 20, contraction 10,
// churned 80, new 50; the totals (10, 0, 0, 5) add 10 to start and 5 to
// churned and no customer.
func TestRevenueCustomers(t *testing.T) {
	var r Revenue
	if err := orec(r.AddAll)([]Account{{100, 120}, {0, 50}, {80, 0}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(Account{40, 30}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTotals(10, 0, 0, 5); err != nil {
		t.Fatal(err)
	}
	if n := orec(r.N)(); n != 4 {
		t.Errorf("N = %d, want 4", n)
	}
	got, err := r.Result(estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := RevenueRates{Start: 230, Expansion: 20, Contraction: 10, Churned: 85, New: 50,
		Gross: 100 * (230 - 10 - 85) / 230.0, Net: 100 * (230 + 20 - 10 - 85) / 230.0}
	checkNear(t, "gross", got.Gross, want.Gross, 1e-12)
	checkNear(t, "net", got.Net, want.Net, 1e-12)
	if got.Start != want.Start || got.Churned != want.Churned || got.New != want.New {
		t.Errorf("%+v, want %+v", got, want)
	}
	// All or none: a bad third account counts none of the three.
	before, _ := r.MarshalBinary()
	err = r.AddAll([]Account{{1, 2}, {3, 4}, {5, math.NaN()}})
	wantErr(t, err, ErrNotFinite, "retention.Revenue.AddAll")
	if asValueErr(err).Index != 2 {
		t.Errorf("index %d, want 2", asValueErr(err).Index)
	}
	if after, _ := r.MarshalBinary(); string(after) != string(before) {
		t.Error("a rejected AddAll changed the state")
	}
	// The encodings carry N.
	bin, err := r.MarshalBinary()
	if err != nil || bin[0] != 2 {
		t.Fatalf("version %d, %v", bin[0], err)
	}
	app, _ := orec(r.AppendBinary)([]byte{7})
	if string(app[1:]) != string(bin) {
		t.Errorf("AppendBinary %x, want 07%x", app, bin)
	}
	var d, j Revenue
	js, _ := r.MarshalJSON()
	if d.UnmarshalBinary(bin) != nil || j.UnmarshalJSON(js) != nil || d != r || j != r {
		t.Errorf("decoded %+v and %+v, want %+v", d, j, r)
	}
	// Version 1: the five sums without the count.
	v1 := append([]byte{1}, bin[2:]...)
	wantErr(t, d.UnmarshalBinary(v1), ErrCorrupt, "retention.Revenue.UnmarshalBinary")
	wantErr(t, d.UnmarshalJSON([]byte(`{"start":1,"expansion":0,"contraction":0,"churned":0,"new":0}`)), ErrCorrupt, "retention.Revenue.UnmarshalJSON")
	wantErr(t, d.UnmarshalJSON([]byte(`{"start":1,"expansion":0,"contraction":0,"churned":0,"new":0,"customers":-1}`)), ErrCorrupt, "retention.Revenue.UnmarshalJSON")
	// AddN(a, 3) is three Add(a).
	var three, n3 Revenue
	for range 3 {
		three.Add(Account{40, 30})
	}
	if err := orec(n3.AddN)(Account{40, 30}, 3); err != nil || n3 != three || n3.N() != 3 {
		t.Errorf("AddN %+v, three Add %+v (%v)", n3, three, err)
	}
	wantErr(t, n3.AddN(Account{1, 2}, -1), ErrCount, "retention.Revenue.AddN")
	wantErr(t, n3.AddN(Account{math.MaxFloat64, 0}, 2), ErrNotFinite, "retention.Revenue.AddN")
	if n3 != three {
		t.Error("a rejected AddN changed the state")
	}
	// Merge adds the customers, and refuses to overflow them.
	m := r
	if err := m.Merge(&r); err != nil || m.N() != 8 {
		t.Errorf("merged N %d, %v", m.N(), err)
	}
	full := Revenue{customers: math.MaxInt64}
	wantErr(t, full.Add(Account{1, 1}), ErrOverflow, "retention.Revenue.Add")
	if full.N() != math.MaxInt64 || full.start != 0 {
		t.Errorf("overflow changed the state: %+v", full)
	}
}

// TestRepeatAddAll: AddAll equals Add one by one, counts none on a bad
// customer, and measures spans beyond the 292 years of a time.Duration.
func TestRepeatAddAll(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps := []Purchases{{1, t0, t0}, {3, t0, t0.AddDate(0, 0, 40)}, {0, time.Time{}, time.Time{}}, {2, t0, t0.AddDate(0, 0, 10)}}
	var one, all Repeat
	for _, p := range ps {
		if err := one.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := orec(all.AddAll)(ps); err != nil {
		t.Fatal(err)
	}
	if one != all || all.N() != 4 {
		t.Errorf("AddAll %+v (N %d), Add one by one %+v", all, all.N(), one)
	}
	err := all.AddAll([]Purchases{{2, t0, t0}, {2, t0, t0.Add(-time.Second)}})
	wantErr(t, err, ErrDuration, "retention.Repeat.AddAll")
	if asValueErr(err).Index != 1 || all != one {
		t.Errorf("index %d, state %+v", asValueErr(err).Index, all)
	}
	// AddN(p, 3) is three Add(p); by hand 3 customers, 3 repeaters, 6
	// gaps, 120 days over them: a mean gap of 20 days.
	var three, n3 Repeat
	p := Purchases{3, t0, t0.AddDate(0, 0, 40)}
	for range 3 {
		three.Add(p)
	}
	if err := orec(n3.AddN)(p, 3); err != nil || n3 != three {
		t.Errorf("AddN %+v, three Add %+v (%v)", n3, three, err)
	}
	if r, _ := n3.Result(estimate.Options{}); r.MeanGap != 20 || r.Gaps != 6 || r.Repeaters != 3 {
		t.Errorf("%+v", r)
	}
	before := n3
	wantErr(t, n3.AddN(p, -1), ErrCount, "retention.Repeat.AddN")
	wantErr(t, n3.AddN(p, math.MaxInt64/2+1), ErrOverflow, "retention.Repeat.AddN")
	if err := n3.AddN(p, 0); err != nil || n3 != before {
		t.Errorf("AddN 0: %v, %+v", err, n3)
	}
	// 2000-01-01 to 2400-01-01 is 400 Gregorian years, 146,097 days
	// exactly (97 leap years); time.Sub would stop at 106,751.99 days.
	var far Repeat
	if err := far.Add(Purchases{2, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	r, err := far.Result(estimate.Options{})
	if err != nil || r.MeanGap != 146097 {
		t.Errorf("mean gap %v days, %v; want 146097", r.MeanGap, err)
	}
}

// TestFlowAddAll: AddAll counts as Add does; by hand, 3 customers at the
// start, 2 of them and 2 new ones at the end: S 3, E 4, N 2.
func TestFlowAddAll(t *testing.T) {
	ms := []Membership{{true, true}, {true, true}, {true, false}, {false, true}, {false, true}, {false, false}}
	var f Flow
	if err := orec(f.AddAll)(ms); err != nil {
		t.Fatal(err)
	}
	if s, e, n := f.Counts(); s != 3 || e != 4 || n != 2 || f.N() != 5 {
		t.Errorf("counts %d %d %d, N %d; want 3 4 2, 5", s, e, n, f.N())
	}
	// N = S + N must stay an int64: new customers up to MaxInt64 - S.
	big := Flow{start: 1}
	if err := big.AddN(Membership{AtEnd: true}, math.MaxInt64-1); err != nil {
		t.Fatal(err)
	}
	wantErr(t, big.Add(Membership{AtEnd: true}), ErrOverflow, "retention.Flow.Add")
	wantErr(t, big.AddAll([]Membership{{AtStart: true}}), ErrOverflow, "retention.Flow.AddAll")
	if big.N() != math.MaxInt64 {
		t.Errorf("N %d", big.N())
	}
}

// TestAddAllAtomic: the AddAll of Histories, Spends, Transactions and
// Lifetimes add all or nothing, and name the index of the bad input.
func TestAddAllAtomic(t *testing.T) {
	var h Histories
	err := h.AddAll([]History{{1, 2, 3}, {0, 0, 5}, {2, 4, 3}})
	wantErr(t, err, ErrHistory, "retention.Histories.AddAll")
	if asValueErr(err).Index != 2 || h.N() != 0 {
		t.Errorf("index %d, n %d", asValueErr(err).Index, h.N())
	}
	var s Spends
	err = s.AddAll([]Spend{{1, 2}, {0, 3}})
	wantErr(t, err, ErrSpend, "retention.Spends.AddAll")
	if asValueErr(err).Index != 1 || s.N() != 0 {
		t.Errorf("index %d, n %d", asValueErr(err).Index, s.N())
	}
	tr, _ := NewTransactions(time.UTC)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err = tr.AddAll([]Event{{"a", t0, 1}, {"b", t0, -1}})
	wantErr(t, err, ErrNegative, "retention.Transactions.AddAll")
	if asValueErr(err).Index != 1 || tr.N() != 0 || tr.Events() != 0 {
		t.Errorf("index %d, n %d", asValueErr(err).Index, tr.N())
	}
	var l Lifetimes
	err = l.AddAll([]Lifetime{{0, 1, Observed}, {1, 3, Censored}, {3, 3, Observed}})
	wantErr(t, err, ErrDuration, "retention.Lifetimes.AddAll")
	if asValueErr(err).Index != 2 || l.N() != 0 || l.Len() != 0 {
		t.Errorf("index %d, n %d", asValueErr(err).Index, l.N())
	}
}

// TestLifetimeEntry: a Lifetime with Entry 0 is one observed from its
// start (at risk at time 0 too), a later Entry left truncation; AddAll and
// AddN give what Add one by one gives. By hand, lifetimes (0, 0]
// observed, (0, 2] censored and (1, 3] observed: at time 0 two at risk,
// one event, S = 1/2; at 2 two at risk (the one left from 0 and the
// truncated one, in from after 1), one censored; at 3 one at risk, one
// event, S = 0.
func TestLifetimeEntry(t *testing.T) {
	xs := []Lifetime{{0, 0, Observed}, {0, 2, Censored}, {1, 3, Observed}}
	c, err := Summarize(xs, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		t    float64
		risk int64
		s    float64
	}
	var got []row
	for _, r := range c.Rows {
		got = append(got, row{r.Time, r.AtRisk, r.Survival})
	}
	if want := []row{{0, 2, 0.5}, {2, 2, 0.5}, {3, 1, 0}}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	var one, n Lifetimes
	for range 3 {
		for _, x := range xs {
			if err := one.Add(x); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, x := range xs {
		if err := n.AddN(x, 3); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := one.MarshalBinary()
	b, _ := n.MarshalBinary()
	if string(a) != string(b) {
		t.Errorf("AddN(x, 3) differs from three Add(x)")
	}
	c1, err1 := one.Result(estimate.Options{})
	c2, err2 := SummarizeSeq(slices.Values(slices.Concat(xs, xs, xs)), estimate.Options{})
	if err := errors.Join(err1, err2); err != nil || len(c1.Rows) != len(c2.Rows) || c1.Rows[2] != c2.Rows[2] {
		t.Errorf("SummarizeSeq differs from Add: %v", err)
	}
}

// TestAccumulatorAppendBinary: every accumulator's AppendBinary appends
// the bytes of its MarshalBinary after what b holds.
func TestAccumulatorAppendBinary(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := Flow{3, 2, 1}
	rep := Repeat{}
	rep.Add(Purchases{3, t0, t0.AddDate(0, 1, 0)})
	l := lifetimesOf(t, []float64{1, 2, 2}, []int{1, 0, 1})
	c := mustCohorts(t)
	c.Add(Event{"a", t0, 3})
	tr, _ := NewTransactions(time.UTC)
	tr.Add(Event{"a", t0, 3})
	var h Histories
	h.Add(History{1, 2, 3})
	var s Spends
	s.Add(Spend{1, 2})
	for _, x := range []struct {
		name    string
		marshal func() ([]byte, error)
		app     func([]byte) ([]byte, error)
	}{
		{"Flow", f.MarshalBinary, orec(f.AppendBinary)}, {"Repeat", rep.MarshalBinary, orec(rep.AppendBinary)},
		{"Lifetimes", l.MarshalBinary, orec(l.AppendBinary)}, {"Cohorts", c.MarshalBinary, orec(c.AppendBinary)},
		{"Transactions", tr.MarshalBinary, orec(tr.AppendBinary)}, {"Histories", h.MarshalBinary, orec(h.AppendBinary)},
		{"Spends", s.MarshalBinary, orec(s.AppendBinary)},
	} {
		want, err1 := x.marshal()
		got, err2 := x.app([]byte{9, 9})
		if err := errors.Join(err1, err2); err != nil || string(got[:2]) != "\x09\x09" || string(got[2:]) != string(want) {
			t.Errorf("%s: AppendBinary %x, want 0909%x (%v)", x.name, got, want, err)
		}
	}
}

// TestTransactionsEmptyID: an empty customer id is refused by Add and
// AddAll, as Cohorts refuses it, and by the decoders, so that no decoded
// state holds what Add refuses.
func TestTransactionsEmptyID(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tr, _ := NewTransactions(time.UTC)
	wantErr(t, tr.Add(Event{"", t0, 1}), ErrEmpty, "retention.Transactions.Add")
	wantErr(t, tr.AddAll([]Event{{"x", t0, 1}, {"", t0, 1}}), ErrEmpty, "retention.Transactions.AddAll")
	if err := tr.Add(Event{"a", t0, 1}); err != nil {
		t.Fatal(err)
	}
	js, _ := tr.MarshalJSON()
	bad := bytes.Replace(js, []byte(`"a"`), []byte(`""`), 1)
	if bytes.Equal(bad, js) {
		t.Fatalf(`no "a" in %s`, js)
	}
	var d Transactions
	wantErr(t, d.UnmarshalJSON(bad), ErrCorrupt, "retention.Transactions.UnmarshalJSON")
	bin, _ := tr.MarshalBinary()
	i := bytes.Index(bin, []byte("\x01a"))
	badBin := slices.Concat(bin[:i], []byte{0}, bin[i+2:])
	wantErr(t, d.UnmarshalBinary(badBin), ErrCorrupt, "retention.Transactions.UnmarshalBinary")
}
