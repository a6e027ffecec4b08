package retention

import (
	"bytes"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// observation is what every observation type of the package implements.
type observation interface {
	encoding.BinaryMarshaler
	AppendBinary([]byte) ([]byte, error)
}

var corrupt = apitest.Wraps[*estimate.ValueError](ErrCorrupt)

// obsSeen records the methods the tests of this file call through orec,
// as apitest.Name names them, so that TestObservationAPI can check that
// each exported method of the observations was called.
var obsSeen sync.Map

func orec[F any](f F) F {
	obsSeen.Store(apitest.Name(f), true)
	return f
}

var tObs = time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("X", 3600))

// TestObservationEncodings checks each encoding against bytes written by
// hand from the format of observation_codec.go, then its decoder against
// the malformed encodings of apitest.BadBinary.
func TestObservationEncodings(t *testing.T) {
	// tObs is 2026-03-04T04:06:07.00000089Z: Unix 1772597167 s, 890 ns.
	// 1772597167 zig-zagged is 3545194334, in 7-bit groups from the
	// lowest 0x5e 0x3e 0x3d 0x1a 0x0d (0x0d<<28 + 0x1a<<21 + 0x3d<<14 +
	// 0x3e<<7 + 0x5e), so the varint de be bd 9a 0d; 890 = 0x37a is the
	// uvarint fa 06.
	const at = "debebd9a0d" + "fa06"
	type obsCase struct {
		name   string
		v      observation
		hex    string
		decode func([]byte) error
		state  func() string
	}
	var (
		e  = Event{Customer: "ana", At: tObs, Amount: 2.5}
		h  = History{X: 3, Tx: 10, T: 40}
		s  = Spend{X: 2, M: 0.5}
		m  = Membership{AtStart: true, AtEnd: false}
		l  = Lifetime{Entry: 1, Exit: -2, Status: Observed}
		p  = Purchases{Count: -3, First: tObs, Last: time.Unix(-1, 0)}
		a  = Account{Start: 1, End: math.Inf(1)}
		de Event
		dh History
		ds Spend
		dm Membership
		dl Lifetime
		dp Purchases
		da Account
	)
	str := func(v any) func() string { return func() string { return fmt.Sprintf("%#v", v) } }
	cases := []obsCase{
		// 2.5 = 0x4004000000000000, little endian.
		{"Event", e, "01" + "03616e61" + at + "0000000000000440", orec(de.UnmarshalBinary), str(&de)},
		{"History", h, "01" + "06" + "0000000000002440" + "0000000000004440", orec(dh.UnmarshalBinary), str(&dh)}, // 10, 40
		{"Spend", s, "01" + "04" + "000000000000e03f", orec(ds.UnmarshalBinary), str(&ds)},                        // 0.5
		{"Membership", m, "010100", orec(dm.UnmarshalBinary), str(&dm)},
		{"Lifetime", l, "01" + "000000000000f03f" + "00000000000000c0" + "01", orec(dl.UnmarshalBinary), str(&dl)}, // 1, -2
		// -3 zig-zags to 5; Unix -1 s to 1, 0 ns.
		{"Purchases", p, "01" + "05" + at + "01" + "00", orec(dp.UnmarshalBinary), str(&dp)},
		{"Account", a, "01" + "000000000000f03f" + "000000000000f07f", orec(da.UnmarshalBinary), str(&da)}, // 1, +Inf
	}
	for _, c := range cases {
		got, err := c.v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(got) != c.hex {
			t.Errorf("%s: %x, want %s", c.name, got, c.hex)
		}
		if err := c.decode(got); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		apitest.CheckDecoder(t, c.name+".UnmarshalBinary", c.decode, c.state, corrupt, apitest.BadBinary(got))
	}
	// The decoded times are the instants encoded, in UTC.
	if !de.At.Equal(tObs) || de.At.Location() != time.UTC || de != (Event{"ana", tObs.UTC(), 2.5}) {
		t.Errorf("Event decoded as %#v", de)
	}
	if !dp.First.Equal(tObs) || !dp.Last.Equal(time.Unix(-1, 0)) || dp.Count != -3 {
		t.Errorf("Purchases decoded as %#v", dp)
	}
	if dh != h || ds != s || dm != m || dl != l || da != a {
		t.Errorf("decoded %v %v %v %v %v", dh, ds, dm, dl, da)
	}
}

// TestObservationHostileBinary feeds the decoders what BadBinary does not
// derive: bool bytes other than 0 and 1, nanoseconds of 1e9, seconds past
// time.Time, a status past uint8, and lengths past the data, among them
// one of 2⁶³ that must not be allocated.
func TestObservationHostileBinary(t *testing.T) {
	var (
		e Event
		m Membership
		l Lifetime
		p Purchases
	)
	str := func(v any) func() string { return func() string { return fmt.Sprintf("%#v", v) } }
	f8 := strings.Repeat("\x00", 8)
	bad := func(data ...string) []apitest.Bad {
		var out []apitest.Bad
		for _, d := range data {
			out = append(out, apitest.Bad{Rule: "hostile", Data: []byte(d)})
		}
		return out
	}
	maxLen := "\xff\xff\xff\xff\xff\xff\xff\xff\x7f" // 2⁶³-1 as a uvarint
	apitest.CheckDecoder(t, "Event", orec(e.UnmarshalBinary), str(&e), corrupt, bad(
		"\x01"+maxLen+"a",                     // length past the data
		"\x01\x04abc",                         // length past the data
		"\x01\x00\x00\x80\x94\xeb\xdc\x03"+f8, // 1e9 ns
		"\x01\x00"+"\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01"+"\x00"+f8, // MaxInt64 s
		"\x01\x00\x00\x00"+f8[:7], // amount truncated
		"\x01\x80\x00\x00\x00"+f8, // non-minimal length
	))
	apitest.CheckDecoder(t, "Membership", orec(m.UnmarshalBinary), str(&m), corrupt, bad("\x01\x02\x00", "\x01\x00\xff", "\x01\x01"))
	apitest.CheckDecoder(t, "Lifetime", orec(l.UnmarshalBinary), str(&l), corrupt, bad("\x01"+f8+f8+"\x01\x00", "\x01"+f8+f8))
	apitest.CheckDecoder(t, "Purchases", orec(p.UnmarshalBinary), str(&p), corrupt, bad(
		"\x01\x00\x00\x80\x94\xeb\xdc\x03\x00\x00", "\x01\x00\x00\x00\x00\xff\x93\xeb\xdc\x03x"))
	// The largest seconds a time.Time holds decode, and re-encode alike.
	b := appendTime([]byte{obsVersion, 0}, time.Unix(maxUnixSeconds, 999999999))
	b = append(b, b[2:]...)
	if err := p.UnmarshalBinary(b); err != nil || p.First.Unix() != maxUnixSeconds {
		t.Errorf("the last second of time.Time: %v, %v", err, p.First)
	} else if again, _ := p.MarshalBinary(); !bytes.Equal(again, b) {
		t.Errorf("re-encoded as %x, want %x", again, b)
	}
	// A 2⁶³-byte length fails without allocating it: the error's few
	// hundred bytes only.
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_ = e.UnmarshalBinary([]byte("\x01" + maxLen))
	runtime.ReadMemStats(&m1)
	if d := m1.TotalAlloc - m0.TotalAlloc; d > 1<<16 {
		t.Errorf("%d bytes allocated to reject a huge length", d)
	}
}

// checkAppend checks that AppendBinary appends the bytes of
// MarshalBinary after what b holds and allocates nothing when b has room.
func checkAppend[T any](t *testing.T, v T, marshal func(T) ([]byte, error), app func(T, []byte) ([]byte, error)) {
	t.Helper()
	want, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3, 256)
	got, err := app(v, buf)
	if err != nil || !bytes.Equal(got[:3], []byte{0, 0, 0}) || !bytes.Equal(got[3:], want) {
		t.Errorf("%T: AppendBinary %x, %v; want 000000%x", v, got, err, want)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = app(v, buf[:0]) }); n != 0 {
		t.Errorf("%T: AppendBinary allocates %v times", v, n)
	}
}

func TestObservationAppendBinary(t *testing.T) {
	checkAppend(t, Event{"c1", tObs, 3}, orec(Event.MarshalBinary), orec(Event.AppendBinary))
	checkAppend(t, History{1, 2, 3}, orec(History.MarshalBinary), orec(History.AppendBinary))
	checkAppend(t, Spend{1, 2}, orec(Spend.MarshalBinary), orec(Spend.AppendBinary))
	checkAppend(t, Membership{true, true}, orec(Membership.MarshalBinary), orec(Membership.AppendBinary))
	checkAppend(t, Lifetime{0, 4, Censored}, orec(Lifetime.MarshalBinary), orec(Lifetime.AppendBinary))
	checkAppend(t, Purchases{2, tObs, tObs}, orec(Purchases.MarshalBinary), orec(Purchases.AppendBinary))
	checkAppend(t, Account{3, 4}, orec(Account.MarshalBinary), orec(Account.AppendBinary))
}

func drawTime(t *rapid.T, label string) time.Time {
	sec := rapid.OneOf(rapid.Int64Range(-62135596800, 253402300799), rapid.Int64Range(math.MinInt64, maxUnixSeconds)).Draw(t, label+"s")
	ns := rapid.Int64Range(0, 999999999).Draw(t, label+"ns")
	zone := rapid.SampledFrom([]*time.Location{time.UTC, time.FixedZone("Y", -5*3600)}).Draw(t, label+"zone")
	return time.Unix(sec, ns).In(zone)
}

func drawFloat(t *rapid.T, label string) float64 {
	return math.Float64frombits(rapid.Uint64().Draw(t, label)) // NaN and ±Inf included
}

// TestPropertyObservationRoundTrip: every observation, any field values
// (NaN, negative counts, any instant a time.Time holds), decodes from its
// encoding to itself (floats by their bits, times by Equal).
func TestPropertyObservationRoundTrip(t *testing.T) {
	same := func(t *rapid.T, a, b float64) {
		if math.Float64bits(a) != math.Float64bits(b) {
			t.Fatalf("float %v decoded as %v", a, b)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		e := Event{rapid.String().Draw(t, "id"), drawTime(t, "at"), drawFloat(t, "amount")}
		h := History{rapid.Int64().Draw(t, "x"), drawFloat(t, "tx"), drawFloat(t, "T")}
		s := Spend{rapid.Int64().Draw(t, "sx"), drawFloat(t, "m")}
		m := Membership{rapid.Bool().Draw(t, "start"), rapid.Bool().Draw(t, "end")}
		l := Lifetime{drawFloat(t, "entry"), drawFloat(t, "exit"), Status(rapid.Uint8().Draw(t, "status"))}
		p := Purchases{rapid.Int64().Draw(t, "count"), drawTime(t, "first"), drawTime(t, "last")}
		a := Account{drawFloat(t, "start"), drawFloat(t, "end")}
		var (
			e2 Event
			h2 History
			s2 Spend
			m2 Membership
			l2 Lifetime
			p2 Purchases
			a2 Account
		)
		for _, c := range []struct {
			v   observation
			dec func([]byte) error
		}{{e, e2.UnmarshalBinary}, {h, h2.UnmarshalBinary}, {s, s2.UnmarshalBinary}, {m, m2.UnmarshalBinary},
			{l, l2.UnmarshalBinary}, {p, p2.UnmarshalBinary}, {a, a2.UnmarshalBinary}} {
			b, err := c.v.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if err := c.dec(b); err != nil {
				t.Fatalf("%T %+v: %v", c.v, c.v, err)
			}
		}
		if e2.Customer != e.Customer || !e2.At.Equal(e.At) || e2.At.Location() != time.UTC {
			t.Fatalf("Event %+v decoded as %+v", e, e2)
		}
		same(t, e.Amount, e2.Amount)
		same(t, h.Tx, h2.Tx)
		same(t, h.T, h2.T)
		same(t, s.M, s2.M)
		same(t, l.Entry, l2.Entry)
		same(t, l.Exit, l2.Exit)
		same(t, a.Start, a2.Start)
		same(t, a.End, a2.End)
		if h2.X != h.X || s2.X != s.X || m2 != m || l2.Status != l.Status || p2.Count != p.Count ||
			!p2.First.Equal(p.First) || !p2.Last.Equal(p.Last) {
			t.Fatalf("decoded %+v %+v %+v %+v %+v", h2, s2, m2, l2, p2)
		}
	})
}

// fuzzDecode is the body of the FuzzDecode targets: decoding never
// panics, a failure is an ErrCorrupt ValueError, and a decoded value
// re-encodes to the very bytes decoded.
func fuzzDecode[T any, P interface {
	*T
	observation
	UnmarshalBinary([]byte) error
}](f *testing.F, seeds ...T) {
	for _, s := range seeds {
		b, err := P(&s).MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v T
		if err := P(&v).UnmarshalBinary(b); err != nil {
			if !corrupt(err) {
				t.Fatalf("error %v is not an ErrCorrupt ValueError", err)
			}
			return
		}
		again, err := P(&v).MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("%x decoded as %+v, re-encoded as %x (%v)", b, v, again, err)
		}
	})
}

func FuzzDecodeEvent(f *testing.F) {
	fuzzDecode(f, Event{"ana", tObs, 2.5}, Event{}, Event{Customer: strings.Repeat("x", 200), At: time.Unix(-1, 5), Amount: math.NaN()})
}

func FuzzDecodeHistory(f *testing.F) {
	fuzzDecode(f, History{3, 10, 40}, History{}, History{-1 << 40, math.Inf(-1), math.NaN()})
}

func FuzzDecodeSpend(f *testing.F) { fuzzDecode(f, Spend{2, 0.5}, Spend{}, Spend{math.MaxInt64, -1}) }

func FuzzDecodeMembership(f *testing.F) {
	fuzzDecode(f, Membership{}, Membership{true, false}, Membership{false, true}, Membership{true, true})
}

func FuzzDecodeLifetime(f *testing.F) {
	fuzzDecode(f, Lifetime{0, 31, Observed}, Lifetime{2, 7, Censored}, Lifetime{math.NaN(), -1, 255})
}

func FuzzDecodePurchases(f *testing.F) {
	fuzzDecode(f, Purchases{3, tObs, tObs.AddDate(0, 2, 0)}, Purchases{}, Purchases{-1, time.Unix(maxUnixSeconds, 999999999), time.Unix(math.MinInt64, 0)})
}

func FuzzDecodeAccount(f *testing.F) {
	fuzzDecode(f, Account{100, 120}, Account{}, Account{math.Inf(1), math.NaN()})
}

// TestHostileObservations walks every method that takes an observation,
// and every method of the observations, with bad input through orec, and
// then checks that each was called: the hostile walk of the one-argument
// contract (the rest of the package has its own walks in hostile_test.go).
func TestHostileObservations(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := mustCohorts(t)
	tr, _ := NewTransactions(time.UTC)
	var (
		h   Histories
		s   Spends
		f   Flow
		l   Lifetimes
		rep Repeat
		rev Revenue
	)
	full := &Flow{start: math.MaxInt64}
	short := []byte{obsVersion}
	var (
		de Event
		dh History
		ds Spend
		dm Membership
		dl Lifetime
		dp Purchases
		da Account
	)
	enc := func(m func() ([]byte, error), a func([]byte) ([]byte, error)) error {
		x, err1 := m()
		y, err2 := a(nil)
		if err := errors.Join(err1, err2); err != nil || !bytes.Equal(x, y) {
			return fmt.Errorf("MarshalBinary %x and AppendBinary %x differ: %v", x, y, err)
		}
		return nil
	}
	runHostile(t, []hostileCase{
		{"Cohorts.Add NaN", ErrNotFinite, func() error { return orec(c.Add)(Event{"a", t0, nan}) }, bin(c)},
		{"Cohorts.AddAll bad", ErrEmpty, func() error { return orec(c.AddAll)([]Event{{"a", t0, 1}, {"", t0, 1}}) }, bin(c)},
		{"Transactions.Add negative", ErrNegative, func() error { return orec(tr.Add)(Event{"a", t0, -1}) }, bin(tr)},
		{"Transactions.Add empty id", ErrEmpty, func() error { return tr.Add(Event{"", t0, 1}) }, bin(tr)},
		{"Transactions.AddAll year 10000", ErrTime, func() error { return orec(tr.AddAll)([]Event{{"a", t0, 1}, {"a", t0.AddDate(8000, 0, 0), 1}}) }, bin(tr)},
		{"Histories.Add t_x > T", ErrHistory, func() error { return orec(h.Add)(History{2, 5, 4}) }, bin(&h)},
		{"Histories.AddN negative", ErrCount, func() error { return orec(h.AddN)(History{2, 3, 4}, -1) }, bin(&h)},
		{"Histories.AddAll NaN", ErrNotFinite, func() error { return orec(h.AddAll)([]History{{1, 1, 2}, {1, nan, 2}}) }, bin(&h)},
		{"Spends.Add x 0", ErrSpend, func() error { return orec(s.Add)(Spend{0, 1}) }, bin(&s)},
		{"Spends.AddN negative", ErrCount, func() error { return orec(s.AddN)(Spend{1, 1}, -1) }, bin(&s)},
		{"Spends.AddAll +Inf", ErrNotFinite, func() error { return orec(s.AddAll)([]Spend{{1, 1}, {1, pinf}}) }, bin(&s)},
		{"Flow.Add overflow", ErrOverflow, func() error { return orec(full.Add)(Membership{true, false}) }, bin(full)},
		{"Flow.AddN negative", ErrCount, func() error { return orec(f.AddN)(Membership{true, true}, -2) }, bin(&f)},
		{"Flow.AddAll overflow", ErrOverflow, func() error { return orec(full.AddAll)([]Membership{{true, true}}) }, bin(full)},
		{"Lifetimes.Add truncated", ErrDuration, func() error { return orec(l.Add)(Lifetime{2, 1, Observed}) }, bin(&l)},
		{"Lifetimes.AddN status", ErrStatus, func() error { return orec(l.AddN)(Lifetime{0, 1, 5}, 2) }, bin(&l)},
		{"Lifetimes.AddAll -Inf", ErrNotFinite, func() error { return orec(l.AddAll)([]Lifetime{{0, 1, 1}, {0, ninf, 1}}) }, bin(&l)},
		{"Summarize truncated", ErrDuration, func() error { _, err := orec(Summarize)([]Lifetime{{1, 1, 1}}, estimate.Options{}); return err }, nil},
		{"SummarizeSeq NaN", ErrNotFinite, func() error {
			_, err := orec(SummarizeSeq)(slices.Values([]Lifetime{{nan, 1, 1}}), estimate.Options{})
			return err
		}, nil},
		{"Repeat.Add negative", ErrCount, func() error { return orec(rep.Add)(Purchases{-1, t0, t0}) }, bin(&rep)},
		{"Repeat.AddAll backwards", ErrDuration, func() error { return orec(rep.AddAll)([]Purchases{{2, t0, t0.Add(-1)}}) }, bin(&rep)},
		{"Revenue.Add negative", ErrNegative, func() error { return orec(rev.Add)(Account{-1, 0}) }, bin(&rev)},
		{"Revenue.AddAll NaN", ErrNotFinite, func() error { return orec(rev.AddAll)([]Account{{nan, 0}}) }, bin(&rev)},
		{"Revenue.N", nil, func() error { return finiteAll(float64(orec(rev.N)())) }, bin(&rev)},
		{"Revenue.AppendBinary", nil, func() error { return enc(rev.MarshalBinary, orec(rev.AppendBinary)) }, bin(&rev)},
		{"Event", ErrCorrupt, func() error {
			return errors.Join(enc(orec(de.MarshalBinary), orec(de.AppendBinary)), orec(de.UnmarshalBinary)(short))
		}, bin(&de)},
		{"History", ErrCorrupt, func() error {
			return errors.Join(enc(orec(dh.MarshalBinary), orec(dh.AppendBinary)), orec(dh.UnmarshalBinary)(short))
		}, bin(&dh)},
		{"Spend", ErrCorrupt, func() error {
			return errors.Join(enc(orec(ds.MarshalBinary), orec(ds.AppendBinary)), orec(ds.UnmarshalBinary)(short))
		}, bin(&ds)},
		{"Membership", ErrCorrupt, func() error {
			return errors.Join(enc(orec(dm.MarshalBinary), orec(dm.AppendBinary)), orec(dm.UnmarshalBinary)(short))
		}, bin(&dm)},
		{"Lifetime", ErrCorrupt, func() error {
			return errors.Join(enc(orec(dl.MarshalBinary), orec(dl.AppendBinary)), orec(dl.UnmarshalBinary)(short))
		}, bin(&dl)},
		{"Purchases", ErrCorrupt, func() error {
			return errors.Join(enc(orec(dp.MarshalBinary), orec(dp.AppendBinary)), orec(dp.UnmarshalBinary)(short))
		}, bin(&dp)},
		{"Account", ErrCorrupt, func() error {
			return errors.Join(enc(orec(da.MarshalBinary), orec(da.AppendBinary)), orec(da.UnmarshalBinary)(short))
		}, bin(&da)},
	})
	names, err := apitest.Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Cohorts.Add", "Cohorts.AddAll", "Transactions.Add", "Transactions.AddAll",
		"Histories.Add", "Histories.AddN", "Histories.AddAll", "Spends.Add", "Spends.AddN", "Spends.AddAll",
		"Flow.Add", "Flow.AddN", "Flow.AddAll", "Lifetimes.Add", "Lifetimes.AddN", "Lifetimes.AddAll",
		"Summarize", "SummarizeSeq", "Repeat.Add", "Repeat.AddAll", "Revenue.Add", "Revenue.AddAll", "Revenue.N",
		"Revenue.AppendBinary", "Revenue.AddN", "Repeat.AddN"}
	TestRevenueCustomers(t) // record the AddN methods
	TestRepeatAddAll(t)
	TestAccumulatorAppendBinary(t) // records the accumulators' AppendBinary
	want = append(want, "Flow.AppendBinary", "Repeat.AppendBinary", "Lifetimes.AppendBinary", "Cohorts.AppendBinary",
		"Transactions.AppendBinary", "Histories.AppendBinary", "Spends.AppendBinary")
	obs := 0
	for _, n := range names {
		switch typ, _, _ := strings.Cut(n, "."); typ {
		case "Event", "History", "Spend", "Membership", "Lifetime", "Purchases", "Account":
			want = append(want, n)
			obs++
		}
	}
	if obs != 7*3 {
		t.Errorf("%d methods of the observations, want 21", obs)
	}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("%s: not declared", n)
		}
		if _, ok := obsSeen.Load(n); !ok {
			t.Errorf("%s: not called by the hostile walk", n)
		}
	}
}

// TestObservationJSON pins the JSON keys of the new observations, which
// are part of their API (rows of a file or a queue).
func TestObservationJSON(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		v    any
		want string
	}{
		{Membership{true, false}, `{"at_start":true,"at_end":false}`},
		{Lifetime{1, 2.5, Observed}, `{"entry":1,"exit":2.5,"status":1}`},
		{Purchases{3, t0, t0}, `{"count":3,"first":"2026-01-02T03:04:05Z","last":"2026-01-02T03:04:05Z"}`},
		{Account{10, 0}, `{"start":10,"end":0}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%T: %s, %v; want %s", c.v, b, err, c.want)
		}
	}
}
