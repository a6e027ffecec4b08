package staffing

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/internal/hostile"
)

var (
	hNaN    = math.NaN()
	hInf    = math.Inf(1)
	hMax    = math.MaxFloat64
	hTiny   = math.SmallestNonzeroFloat64
	hBelow0 = math.Nextafter(0, -1)
	hBelow1 = math.Nextafter(1, 0)
	hAbove1 = math.Nextafter(1, 2)
)

// TestHostileInput walks every exported function and method with hostile
// arguments, one at a time, the others valid.
func TestHostileInput(t *testing.T) {
	var cs []hostile.Case
	add := func(fn, arg string, want error, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, Want: want})
	}
	addState := func(fn, arg string, want error, state func() any, call func() (any, error)) {
		cs = append(cs, hostile.Case{Fn: fn, Arg: arg, Call: call, State: state, Want: want})
	}
	good := Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	sl := Targets{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second}
	patience := time.Minute

	// Queues: contacts, interval, AHT, and a load one ulp above MaxErlangs.
	type qc struct {
		arg  string
		q    Queue
		want error // for Erlang C
		wa   error // for Erlang A, whose patience is checked against AHT
	}
	var queues []qc
	for _, c := range []struct {
		v    float64
		want error
	}{{hNaN, ErrNotFinite}, {hInf, ErrNotFinite}, {-hInf, ErrNotFinite}, {hMax, ErrTooLarge},
		{-hMax, ErrNegative}, {hBelow0, ErrNegative}, {-1, ErrNegative}, {0, nil}, {hTiny, nil}, {1e-300, nil}} {
		q := good
		q.Contacts = c.v
		queues = append(queues, qc{fmt.Sprintf("contacts %v", c.v), q, c.want, c.want})
	}
	for _, c := range []struct {
		d    time.Duration
		want error
	}{{0, ErrNotPositive}, {-1, ErrNotPositive}, {math.MinInt64, ErrNotPositive}, {1, ErrTooLarge}, {math.MaxInt64, nil}} {
		q := good
		q.Interval = c.d
		queues = append(queues, qc{fmt.Sprintf("interval %v", c.d), q, c.want, c.want})
		q = good
		q.AHT = c.d
		w := c.want
		if c.d == 1 {
			w = nil // 100 contacts of 1 ns in 30 min: a tiny load
		}
		wa := w
		if c.d == 1 || c.d == math.MaxInt64 {
			wa = ErrTooLarge // a 1 min patience is 6e10 handling times of 1 ns
		}
		if c.d == math.MaxInt64 {
			w = ErrTooLarge // 100 contacts of 292 years in 30 min
		}
		queues = append(queues, qc{fmt.Sprintf("aht %v", c.d), q, w, wa})
	}
	// A load of exactly MaxErlangs is accepted; one ulp above is not.
	atMax := Queue{Contacts: MaxErlangs, Interval: time.Hour, AHT: time.Hour}
	aboveMax := atMax
	aboveMax.Contacts = math.Nextafter(MaxErlangs, math.Inf(1))
	queues = append(queues, qc{"load MaxErlangs", atMax, nil, nil}, qc{"load MaxErlangs+ulp", aboveMax, ErrTooLarge, ErrTooLarge})

	for _, c := range queues {
		q := c.q
		add("staffing.Queue.Erlangs", c.arg, c.want, func() (any, error) { return q.Erlangs() })
		if c.arg == "load MaxErlangs" {
			continue // staffing a million Erlangs is a benchmark, not a unit test
		}
		add("staffing.ErlangC", c.arg, c.want, func() (any, error) { return ErlangC(q, 50, 20*time.Second) })
		add("staffing.ErlangA", c.arg, c.wa, func() (any, error) { return ErlangA(q, patience, 50, 20*time.Second) })
		add("staffing.AgentsC", c.arg, c.want, func() (any, error) { return AgentsC(q, sl) })
		add("staffing.AgentsA", c.arg, c.wa, func() (any, error) { return AgentsA(q, patience, sl) })
		add("staffing.PlanC", c.arg, c.want, func() (any, error) { return PlanC([]Queue{good, q}, sl) })
		add("staffing.PlanA", c.arg, c.wa, func() (any, error) { return PlanA([]Queue{good, q}, patience, sl) })
	}

	// ErlangB's load and agents.
	for _, c := range []struct {
		a    float64
		want error
	}{{hNaN, ErrNotFinite}, {hInf, ErrNotFinite}, {-hInf, ErrNotFinite}, {hMax, ErrTooLarge}, {-hMax, ErrNegative},
		{hBelow0, ErrNegative}, {0, nil}, {hTiny, nil}, {MaxErlangs, nil}, {math.Nextafter(MaxErlangs, hInf), ErrTooLarge}} {
		a := c.a
		add("staffing.ErlangB", fmt.Sprintf("erlangs %v", a), c.want, func() (any, error) { return ErlangB(a, 10) })
	}
	for _, c := range []struct {
		n    int
		want error
	}{{-1, ErrNegative}, {math.MinInt, ErrNegative}, {0, nil}, {MaxAgents, nil}, {MaxAgents + 1, ErrTooLarge}, {math.MaxInt, ErrTooLarge}} {
		n := c.n
		arg := fmt.Sprintf("agents %d", n)
		add("staffing.ErlangB", arg, c.want, func() (any, error) { return ErlangB(10, n) })
		add("staffing.ErlangC", arg, c.want, func() (any, error) { return ErlangC(good, n, 20*time.Second) })
		add("staffing.ErlangA", arg, c.want, func() (any, error) { return ErlangA(good, patience, n, 20*time.Second) })
	}
	// Answer times and patience.
	for _, c := range []struct {
		d    time.Duration
		want error
	}{{-1, ErrNegative}, {math.MinInt64, ErrNegative}, {0, nil}, {math.MaxInt64, nil}} {
		d := c.d
		arg := fmt.Sprintf("within %v", d)
		add("staffing.ErlangC", arg, c.want, func() (any, error) { return ErlangC(good, 50, d) })
		add("staffing.ErlangA", arg, c.want, func() (any, error) { return ErlangA(good, patience, 50, d) })
		tg := sl
		tg.AnswerWithin = d
		add("staffing.AgentsC", arg, c.want, func() (any, error) { return AgentsC(good, tg) })
		add("staffing.AgentsA", arg, c.want, func() (any, error) { return AgentsA(good, patience, tg) })
		add("staffing.PlanC", arg, c.want, func() (any, error) { return PlanC([]Queue{good}, tg) })
	}
	for _, c := range []struct {
		d    time.Duration
		want error
	}{{0, ErrNotPositive}, {-1, ErrNotPositive}, {math.MinInt64, ErrNotPositive}, {1, nil},
		{good.AHT * MaxPatienceRatio, nil}, {good.AHT*MaxPatienceRatio + 1, ErrTooLarge}, {math.MaxInt64, ErrTooLarge}} {
		d := c.d
		arg := fmt.Sprintf("patience %v", d)
		add("staffing.ErlangA", arg, c.want, func() (any, error) { return ErlangA(good, d, 50, 20*time.Second) })
		add("staffing.AgentsA", arg, c.want, func() (any, error) { return AgentsA(good, d, sl) })
		add("staffing.PlanA", arg, c.want, func() (any, error) { return PlanA([]Queue{good}, d, sl) })
	}

	// Targets, one field at a time.
	type tc struct {
		arg  string
		t    Targets
		want error
	}
	var targets []tc
	share := func(name string, set func(*Targets, float64), ok []float64, bad []float64) {
		for _, v := range ok {
			tg := sl
			set(&tg, v)
			targets = append(targets, tc{fmt.Sprintf("%s %v", name, v), tg, nil})
		}
		for _, v := range bad {
			tg := sl
			set(&tg, v)
			want := ErrTarget
			if math.IsNaN(v) || math.IsInf(v, 0) {
				want = ErrNotFinite
			}
			targets = append(targets, tc{fmt.Sprintf("%s %v", name, v), tg, want})
		}
	}
	nonFinite := []float64{hNaN, hInf, -hInf}
	share("service level", func(t *Targets, v float64) { t.ServiceLevel = v },
		[]float64{0.5, hTiny, hBelow1},
		append([]float64{1, hAbove1, hBelow0, -hMax, hMax}, nonFinite...))
	share("occupancy", func(t *Targets, v float64) { t.Occupancy = v },
		[]float64{0.85, 1, hBelow1},
		append([]float64{hAbove1, hBelow0, -hMax, hMax}, nonFinite...))
	share("abandonment", func(t *Targets, v float64) { t.Abandonment = v },
		[]float64{0.05, hTiny, hBelow1},
		append([]float64{1, hAbove1, hBelow0, -hMax, hMax}, nonFinite...))
	share("shrinkage", func(t *Targets, v float64) { t.Shrinkage = v },
		[]float64{0, 0.3, 0.99},
		append([]float64{1, hAbove1, hBelow0, -hMax, hMax}, nonFinite...))
	for _, d := range []time.Duration{1, time.Second, math.MaxInt64} {
		tg := sl
		tg.ASA = d
		targets = append(targets, tc{fmt.Sprintf("asa %v", d), tg, nil})
	}
	for _, d := range []time.Duration{-1, math.MinInt64} {
		tg := sl
		tg.ASA = d
		targets = append(targets, tc{fmt.Sprintf("asa %v", d), tg, ErrTarget})
	}
	targets = append(targets, tc{"no target", Targets{}, ErrNoTarget},
		tc{"only shrinkage", Targets{Shrinkage: 0.3}, ErrNoTarget},
		tc{"only answer time", Targets{AnswerWithin: time.Second}, ErrNoTarget})
	// A tiny occupancy cap needs more than MaxAgents agents.
	targets = append(targets, tc{"occupancy tiny", Targets{Occupancy: hTiny}, ErrTooLarge})
	for _, c := range targets {
		tg := c.t
		add("staffing.AgentsC", c.arg, c.want, func() (any, error) { return AgentsC(good, tg) })
		add("staffing.PlanC", c.arg, c.want, func() (any, error) { return PlanC([]Queue{good}, tg) })
		add("staffing.Targets.MetBy", c.arg, nil, func() (any, error) { return tg.MetBy(Result{}), nil })
		if c.arg == "occupancy tiny" {
			continue // Erlang A answers occupancy targets too; tested below
		}
		add("staffing.AgentsA", c.arg, c.want, func() (any, error) { return AgentsA(good, patience, tg) })
		add("staffing.PlanA", c.arg, c.want, func() (any, error) { return PlanA([]Queue{good}, patience, tg) })
	}
	// Largest loads with the hardest targets (tests the search limits).
	big := Queue{Contacts: 10_000, Interval: time.Hour, AHT: time.Hour} // 10,000 Erlangs
	add("staffing.AgentsC", "10,000 Erlangs, 1-ulp service level", nil, func() (any, error) {
		return AgentsC(big, Targets{ServiceLevel: hBelow1, Shrinkage: 0.99})
	})
	add("staffing.AgentsA", "10,000 Erlangs, 1-ulp service level", nil, func() (any, error) {
		return AgentsA(big, time.Minute, Targets{ServiceLevel: hBelow1, Shrinkage: 0.99})
	})
	// A shrinkage one ulp below 1 would schedule 10^20 agents: once an
	// int overflow to a negative Scheduled, now ErrTooLarge.
	add("staffing.AgentsC", "10,000 Erlangs, 1-ulp shrinkage", ErrTooLarge, func() (any, error) {
		return AgentsC(big, Targets{ServiceLevel: 0.8, Shrinkage: hBelow1})
	})
	add("staffing.AgentsA", "10,000 Erlangs, 1-ulp shrinkage", ErrTooLarge, func() (any, error) {
		return AgentsA(big, time.Minute, Targets{ServiceLevel: 0.8, Shrinkage: hBelow1})
	})
	add("staffing.PlanC", "10,000 Erlangs, 1-ulp shrinkage", ErrTooLarge, func() (any, error) {
		return PlanC([]Queue{good, big}, Targets{ServiceLevel: 0.8, Shrinkage: hBelow1})
	})

	// Plans with no intervals.
	add("staffing.PlanC", "nil day", ErrEmpty, func() (any, error) { return PlanC(nil, sl) })
	add("staffing.PlanC", "empty day", ErrEmpty, func() (any, error) { return PlanC([]Queue{}, sl) })
	add("staffing.PlanA", "nil day", ErrEmpty, func() (any, error) { return PlanA(nil, patience, sl) })

	// Encodings.
	res, err := ErlangC(good, 12, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	unstable, _ := ErlangC(good, 10, 20*time.Second)
	st, _ := AgentsC(good, sl)
	pl, _ := PlanC([]Queue{good, good}, sl)
	for _, v := range []struct {
		arg string
		r   Result
	}{{"result", res}, {"unstable result", unstable}, {"zero result", Result{}}} {
		r := v.r
		add("staffing.Result.MarshalJSON", v.arg, nil, func() (any, error) { b, err := r.MarshalJSON(); return len(b), err })
		add("staffing.Result.MarshalBinary", v.arg, nil, func() (any, error) { b, err := r.MarshalBinary(); return len(b), err })
		add("staffing.Result.AppendBinary", v.arg, nil, func() (any, error) { b, err := r.AppendBinary(nil); return len(b), err })
	}
	add("staffing.Staffing.MarshalBinary", "staffing", nil, func() (any, error) { b, err := st.MarshalBinary(); return len(b), err })
	add("staffing.Plan.MarshalBinary", "plan", nil, func() (any, error) { b, err := pl.MarshalBinary(); return len(b), err })
	add("staffing.Plan.MarshalBinary", "zero plan", nil, func() (any, error) { b, err := Plan{}.MarshalBinary(); return len(b), err })

	resJSON, _ := json.Marshal(res)
	badJSON := map[string]string{
		"empty":         ``,
		"not an object": `[1]`,
		"string":        `"x"`,
		"truncated":     string(resJSON[:len(resJSON)/2]),
		"trailing data": string(resJSON) + `{}`,
		"trailing junk": string(resJSON) + `x`,
		"unknown key":   strings.Replace(string(resJSON), `"model"`, `"modle"`, 1),
		"duplicate key": strings.Replace(string(resJSON), `"agents":12`, `"agents":12,"agents":13`, 1),
		"missing key":   strings.Replace(string(resJSON), `"agents":12,`, ``, 1),
		"wrong type":    strings.Replace(string(resJSON), `"agents":12`, `"agents":"12"`, 1),
		"float agents":  strings.Replace(string(resJSON), `"agents":12`, `"agents":12.5`, 1),
		"negative wait": strings.Replace(string(resJSON), `"asa"`, `"asa":-1,"x"`, 1),
		"share above 1": strings.Replace(string(resJSON), `"wait":`, `"wait":1.0000000000000002,"w":`, 1),
		"-Inf length":   strings.Replace(string(resJSON), `"queue_length":`, `"queue_length":"-Inf","q":`, 1),
		"NaN length":    strings.Replace(string(resJSON), `"queue_length":`, `"queue_length":"NaN","q":`, 1),
		"huge load":     strings.Replace(string(resJSON), `"erlangs":`, `"erlangs":1e308,"e":`, 1),
		"unknown model": strings.Replace(string(resJSON), `"erlang-c"`, `"erlang-x"`, 1),
	}
	for arg, s := range badJSON {
		var r = res
		b := []byte(s)
		addState("staffing.Result.UnmarshalJSON", arg, ErrCorrupt, func() any { return r }, func() (any, error) { return nil, r.UnmarshalJSON(b) })
	}
	{
		r := res
		addState("staffing.Result.UnmarshalJSON", "null", nil, func() any { return r }, func() (any, error) { return nil, r.UnmarshalJSON([]byte("null")) })
	}
	// Staffing and Plan JSON, as strict as their binary forms.
	stJSON, _ := json.Marshal(st)
	plJSON, _ := json.Marshal(pl)
	otherModel, _ := AgentsA(good, patience, sl)
	mixed := pl
	mixed.Intervals = []Staffing{pl.Intervals[0], otherModel}
	mixedJSON, _ := json.Marshal(mixed)
	noIntervals := pl
	noIntervals.Intervals = nil
	noIntervalsJSON, _ := json.Marshal(noIntervals)
	for _, v := range []struct {
		fn, good string
		extra    map[string]string
	}{
		{"staffing.Staffing.UnmarshalJSON", string(stJSON), map[string]string{
			"agents not the result's": strings.Replace(string(stJSON), `"agents":14`, `"agents":15`, 1),
			"scheduled below agents":  strings.Replace(string(stJSON), `"scheduled":14`, `"scheduled":13`, 1),
			"bad result":              strings.Replace(string(stJSON), `"erlang-c"`, `"erlang-x"`, 1),
		}},
		{"staffing.Plan.UnmarshalJSON", string(plJSON), map[string]string{
			"mixed models":  string(mixedJSON),
			"no intervals":  string(noIntervalsJSON),
			"share above 1": strings.Replace(string(plJSON), `"occupancy":0.`, `"occupancy":1.`, 1),
			"negative ASA":  strings.Replace(string(plJSON), `"contacts":200`, `"contacts":-200`, 1),
		}},
	} {
		cases := map[string]string{
			"empty": ``, "array": `[]`, "number": `1`,
			"truncated":     v.good[:len(v.good)/2],
			"trailing data": v.good + `{}`,
			"unknown key":   strings.Replace(v.good, `{`, `{"x":1,`, 1),
			"duplicate key": strings.Replace(v.good, `{`, `{"scheduled":14,`, 1),
			"missing key":   strings.Replace(strings.Replace(v.good, `"scheduled":14,`, ``, 1), `"model":"erlang-c",`, ``, 1),
			"wrong type":    strings.Replace(v.good, `"intervals":[`, `"intervals":[1,`, 1),
		}
		if v.fn == "staffing.Staffing.UnmarshalJSON" {
			cases["wrong type"] = strings.Replace(v.good, `"agents":14`, `"agents":true`, 1)
		} else {
			cases["duplicate key"] = strings.Replace(v.good, `{`, `{"contacts":1,`, 1)
		}
		for k, s := range v.extra {
			cases[k] = s
		}
		for arg, s := range cases {
			b := []byte(s)
			if v.fn == "staffing.Staffing.UnmarshalJSON" {
				x := st
				addState(v.fn, arg, ErrCorrupt, func() any { return x }, func() (any, error) { return nil, x.UnmarshalJSON(b) })
			} else {
				x := pl
				addState(v.fn, arg, ErrCorrupt, func() any { return x }, func() (any, error) { return nil, x.UnmarshalJSON(b) })
			}
		}
	}
	{
		x, y := st, pl
		addState("staffing.Staffing.UnmarshalJSON", "null", nil, func() any { return x }, func() (any, error) { return nil, x.UnmarshalJSON([]byte("null")) })
		addState("staffing.Plan.UnmarshalJSON", "null", nil, func() any { return y }, func() (any, error) { return nil, y.UnmarshalJSON([]byte(" null ")) })
		addState("staffing.Staffing.UnmarshalJSON", "good", nil, nil, func() (any, error) { return x, x.UnmarshalJSON(stJSON) })
		addState("staffing.Plan.UnmarshalJSON", "good", nil, nil, func() (any, error) { return y, y.UnmarshalJSON(plJSON) })
	}

	resBin, _ := res.MarshalBinary()
	stBin, _ := st.MarshalBinary()
	plBin, _ := pl.MarshalBinary()
	badBin := func(good []byte) map[string][]byte {
		m := map[string][]byte{
			"nil":       nil,
			"empty":     {},
			"truncated": good[:len(good)-1],
			"one byte":  good[:1],
			"trailing":  append(append([]byte{}, good...), 0),
			"version":   append([]byte{good[0] + 1}, good[1:]...),
		}
		allFF := append([]byte{good[0]}, good[1:]...)
		for i := 1; i < len(allFF); i++ {
			allFF[i] = 0xff
		}
		m["all 0xff"] = allFF
		return m
	}
	for arg, b := range badBin(resBin) {
		r := res
		addState("staffing.Result.UnmarshalBinary", arg, ErrCorrupt, func() any { return r }, func() (any, error) { return nil, r.UnmarshalBinary(b) })
	}
	for arg, b := range badBin(stBin) {
		s := st
		addState("staffing.Staffing.UnmarshalBinary", arg, ErrCorrupt, func() any { return s }, func() (any, error) { return nil, s.UnmarshalBinary(b) })
	}
	for arg, b := range badBin(plBin) {
		p := pl
		addState("staffing.Plan.UnmarshalBinary", arg, ErrCorrupt, func() any { return p }, func() (any, error) { return nil, p.UnmarshalBinary(b) })
	}
	// A plan claiming the largest count of intervals.
	huge := append([]byte{}, plBin...)
	huge[2], huge[3], huge[4], huge[5] = 0xff, 0xff, 0xff, 0xff
	{
		p := pl
		addState("staffing.Plan.UnmarshalBinary", "2^32-1 intervals", ErrCorrupt, func() any { return p }, func() (any, error) { return nil, p.UnmarshalBinary(huge) })
	}

	// Unstable results carry the documented +Inf queue lengths.
	hostile.Run(t, "staffing", cs, nil, map[string]bool{"QueueLength": true, "InSystem": true})
}

// TestHostileRoundTrip: every successful hostile staffing still encodes
// and decodes to itself, in JSON and binary, so that no accepted input
// yields a value the decoders reject.
func TestHostileRoundTrip(t *testing.T) {
	big := Queue{Contacts: 10_000, Interval: time.Hour, AHT: time.Hour}
	for _, tg := range []Targets{
		{ServiceLevel: hBelow1, Shrinkage: 0.99},
		{ServiceLevel: 0.8, AnswerWithin: 20 * time.Second, Shrinkage: 0.99},
		{ASA: 1},
	} {
		s, err := AgentsC(big, tg)
		if err != nil {
			t.Errorf("AgentsC(%+v): %v", tg, err)
			continue
		}
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Staffing
		if err := back.UnmarshalBinary(b); err != nil {
			t.Errorf("AgentsC(%+v) = %+v does not decode: %v", tg, s, err)
		} else if back != s {
			t.Errorf("AgentsC(%+v): binary round trip %+v != %+v", tg, back, s)
		}
		j, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var backJ Staffing
		if err := json.Unmarshal(j, &backJ); err != nil || backJ != s {
			t.Errorf("AgentsC(%+v): JSON round trip %+v, %v", tg, backJ, err)
		}
	}
}
