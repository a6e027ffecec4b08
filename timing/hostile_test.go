package timing

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// TestHostile walks every exported function and method of the package with
// bad input (NaN, ±Inf, extreme durations and instants, years outside
// 1900..2199, nil location, nil and empty slices, overlapping windows,
// contradicting events) and asserts: no panic; an *estimate.ValueError
// whose Func names a timing function and that wraps the expected sentinel
// (errors.As and errors.Is); the receiver's state unchanged on error
// (compared through its binary encoding); and, when err == nil, a result
// whose every float is finite and every duration non-negative where the
// doc promises it.
func TestHostile(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, madrid) }
	office := mustCal(t, office(madrid))
	open, err := NewCalendar(Schedule{Location: time.UTC, Week: allWeek(Window{0, 24 * time.Hour})})
	if err != nil {
		t.Fatal(err)
	}
	t0 := at(2024, 3, 4, 9)
	good := Ticket{ID: "T1", Events: []Event{
		{At: t0, Kind: Created},
		{At: t0.Add(time.Hour), Kind: AgentReply},
		{At: t0.Add(2 * time.Hour), Kind: StatusChange, Status: Solved},
	}}
	with := func(evs ...Event) Ticket {
		return Ticket{ID: "bad", Events: append([]Event{{At: t0, Kind: Created}}, evs...)}
	}
	y1850, y2300 := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	y1901, y2198 := time.Date(1901, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2198, 12, 31, 0, 0, 0, 0, time.UTC)
	nan, inf := math.NaN(), math.Inf(1)
	levels := []estimate.Options{{Level: nan}, {Level: inf}, {Level: -inf}, {Level: 1}, {Level: -0.5}, {Level: 1.5}, {Method: "nonsense"}}

	type tcase struct {
		name string
		want error // nil: must succeed with a finite result
		run  func() (any, error)
	}
	var cases []tcase
	add := func(name string, want error, run func() (any, error)) {
		cases = append(cases, tcase{name, want, run})
	}

	// Calendars.
	sched := func(f func(*Schedule)) func() (any, error) {
		return func() (any, error) {
			s := Schedule{Location: madrid, Week: allWeek(Window{8 * time.Hour, 12 * time.Hour})}
			f(&s)
			return NewCalendar(s)
		}
	}
	add("NewCalendar nil location", ErrLocation, sched(func(s *Schedule) { s.Location = nil }))
	add("NewCalendar negative window", ErrWindow, sched(func(s *Schedule) { s.Week[1] = []Window{{-time.Hour, time.Hour}} }))
	add("NewCalendar window past 24h", ErrWindow, sched(func(s *Schedule) { s.Week[1] = []Window{{time.Hour, 25 * time.Hour}} }))
	add("NewCalendar empty window", ErrWindow, sched(func(s *Schedule) { s.Week[1] = []Window{{time.Hour, time.Hour}} }))
	add("NewCalendar reversed window", ErrWindow, sched(func(s *Schedule) { s.Week[1] = []Window{{5 * time.Hour, time.Hour}} }))
	add("NewCalendar extreme window", ErrWindow, sched(func(s *Schedule) { s.Week[1] = []Window{{math.MinInt64, math.MaxInt64}} }))
	add("NewCalendar overlapping windows", ErrOverlap, sched(func(s *Schedule) {
		s.Week[2] = []Window{{14 * time.Hour, 18 * time.Hour}, {8 * time.Hour, 12 * time.Hour}, {11 * time.Hour, 13 * time.Hour}}
	}))
	add("NewCalendar duplicate windows", ErrOverlap, sched(func(s *Schedule) { s.Week[2] = []Window{{time.Hour, 2 * time.Hour}, {time.Hour, 2 * time.Hour}} }))
	add("NewCalendar overlapping exception", ErrOverlap, sched(func(s *Schedule) {
		s.Exceptions = []Exception{{Date: Date{2024, 12, 24}, Windows: []Window{{0, 2 * time.Hour}, {time.Hour, 3 * time.Hour}}}}
	}))
	add("NewCalendar February 30 holiday", ErrDate, sched(func(s *Schedule) { s.Holidays = []Date{{2024, 2, 30}} }))
	add("NewCalendar month 13 holiday", ErrDate, sched(func(s *Schedule) { s.Holidays = []Date{{2024, 13, 1}} }))
	add("NewCalendar zero date exception", ErrDate, sched(func(s *Schedule) { s.Exceptions = []Exception{{}} }))
	add("NewCalendar exception twice", ErrDate, sched(func(s *Schedule) {
		s.Exceptions = []Exception{{Date: Date{2024, 12, 24}}, {Date: Date{2024, 12, 24}, Windows: []Window{{0, time.Hour}}}}
	}))
	add("NewCalendar far holidays", nil, sched(func(s *Schedule) { s.Holidays = []Date{{-4000, 1, 1}, {1 << 30, 1, 1}, {1900, 1, 1}} }))
	// A year package time cannot hold is not a date.
	add("NewCalendar year 2^40", ErrDate, sched(func(s *Schedule) { s.Holidays = []Date{{1 << 40, 1, 1}} }))
	add("NewCalendar nil slices", nil, func() (any, error) { return NewCalendar(Schedule{Location: time.UTC}) })

	add("Duration end before start", ErrOrder, func() (any, error) { return office.Duration(t0, t0.Add(-1)) })
	add("Duration start 1850", ErrTimeRange, func() (any, error) { return office.Duration(y1850, t0) })
	add("Duration end 2300", ErrTimeRange, func() (any, error) { return office.Duration(t0, y2300) })
	add("Duration zero time", ErrTimeRange, func() (any, error) { return office.Duration(time.Time{}, t0) })
	add("Duration year 1e9", ErrTimeRange, func() (any, error) {
		return office.Duration(t0, time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC))
	})
	add("Duration 1901 to 2198 office", nil, func() (any, error) { return office.Duration(y1901, y2198) })
	add("Duration 1901 to 2198 always open", ErrOverflow, func() (any, error) { return open.Duration(y1901, y2198) })
	add("Duration closed calendar", nil, func() (any, error) {
		c, err := NewCalendar(Schedule{Location: madrid})
		if err != nil {
			return nil, err
		}
		return c.Duration(y1901, y2198)
	})
	add("Duration bad HolidaySource date", ErrDate, func() (any, error) {
		c, err := NewCalendar(Schedule{Location: madrid, Week: allWeek(Window{0, time.Hour}),
			HolidaySource: func(int) []Date { return []Date{{2024, 2, 31}} }})
		if err != nil {
			return nil, err
		}
		return c.Duration(t0, t0.Add(time.Hour))
	})
	add("Duration HolidaySource nil and far dates", nil, func() (any, error) {
		c, err := NewCalendar(Schedule{Location: madrid, Week: allWeek(Window{0, time.Hour}),
			HolidaySource: func(y int) []Date {
				if y%2 == 0 {
					return nil
				}
				return []Date{{-5, 1, 1}, {1 << 30, 1, 1}}
			}})
		if err != nil {
			return nil, err
		}
		return c.Duration(y1901, y2198)
	})
	add("Add negative", ErrNegative, func() (any, error) { return office.Add(t0, -1) })
	add("Add min duration", ErrNegative, func() (any, error) { return office.Add(t0, math.MinInt64) })
	add("Add max duration office", ErrNoHours, func() (any, error) { return office.Add(t0, math.MaxInt64) })
	add("Add max duration always open", ErrNoHours, func() (any, error) { return open.Add(y1901, math.MaxInt64) })
	add("Add start 1850", ErrTimeRange, func() (any, error) { return office.Add(y1850, time.Hour) })
	add("Add start 2300", ErrTimeRange, func() (any, error) { return office.Add(y2300, time.Hour) })
	add("Add closed calendar", ErrNoHours, func() (any, error) {
		c, err := NewCalendar(Schedule{Location: madrid})
		if err != nil {
			return nil, err
		}
		return c.Add(t0, time.Nanosecond)
	})
	add("Add near 2199", ErrNoHours, func() (any, error) { return office.Add(y2198, 400*24*time.Hour) })

	// Names.
	add("ParseKind", ErrKind, func() (any, error) { return ParseKind("bogus") })
	add("ParseKind empty", ErrKind, func() (any, error) { return ParseKind("") })
	add("ParseStatus", ErrStatus, func() (any, error) { return ParseStatus("sleeping") })
	add("ParseStatus empty", ErrStatus, func() (any, error) { return ParseStatus("") })
	add("ParseWorkKind", ErrKind, func() (any, error) { return ParseWorkKind("nap") })
	add("ParseSLAMetric", ErrKind, func() (any, error) { return ParseSLAMetric("nap") })
	add("String of unknown values", nil, func() (any, error) {
		return Kind(200).String() + Status(0).String() + WorkKind(9).String() + SLAMetric(0).String() + State(77).String() +
			Date{-1 << 40, 99, -3}.String() + DateOf(time.Time{}).String(), nil
	})

	// Tickets.
	for _, a := range []*Analyzer{{}, {Calendar: office}} {
		name := "Measure"
		if a.Calendar != nil {
			name += " (office)"
		}
		m := func(tk Ticket) func() (any, error) { return func() (any, error) { return a.Measure(tk) } }
		add(name+" nil events", ErrEmpty, m(Ticket{ID: "x"}))
		add(name+" empty events", ErrEmpty, m(Ticket{ID: "x", Events: []Event{}}))
		add(name+" unknown kind", ErrKind, m(with(Event{At: t0, Kind: 0})))
		add(name+" kind 255", ErrKind, m(with(Event{At: t0, Kind: 255})))
		add(name+" unknown status", ErrStatus, m(with(Event{At: t0, Kind: StatusChange, Status: 0})))
		add(name+" status 99", ErrStatus, m(with(Event{At: t0, Kind: StatusChange, Status: 99})))
		add(name+" negative work", ErrNegative, m(with(Event{At: t0, Kind: Work, Length: -time.Second})))
		add(name+" min work", ErrNegative, m(with(Event{At: t0, Kind: Work, Length: math.MinInt64})))
		add(name+" max work", ErrTimeRange, m(with(Event{At: t0, Kind: Work, Length: math.MaxInt64})))
		add(name+" event in 1850", ErrTimeRange, m(with(Event{At: y1850, Kind: AgentReply})))
		add(name+" event in 2300", ErrTimeRange, m(with(Event{At: y2300, Kind: AgentReply})))
		add(name+" zero instant", ErrTimeRange, m(with(Event{Kind: AgentReply})))
		add(name+" no creation", ErrContradiction, m(Ticket{ID: "x", Events: []Event{{At: t0, Kind: AgentReply}}}))
		add(name+" two creations", ErrContradiction, m(with(Event{At: t0.Add(time.Hour), Kind: Created})))
		add(name+" reply before creation", ErrContradiction, m(with(Event{At: t0.Add(-time.Hour), Kind: AgentReply})))
		add(name+" back to new", ErrContradiction, m(with(Event{At: t0.Add(time.Hour), Kind: StatusChange, Status: New})))
		add(name+" reply after closed", ErrContradiction, m(with(
			Event{At: t0.Add(time.Hour), Kind: StatusChange, Status: Closed}, Event{At: t0.Add(2 * time.Hour), Kind: AgentReply})))
		add(name+" good", nil, m(good))
		add(name+" 1901 to 2198", ErrOverflow, m(Ticket{ID: "long", Events: []Event{
			{At: y1901, Kind: Created}, {At: y2198, Kind: AgentReply}}}))
		add(name+" work sums past int64", ErrOverflow, m(Ticket{ID: "work", Events: []Event{
			{At: y1901, Kind: Created},
			{At: y1901, Kind: Work, Length: 150 * 365 * 24 * time.Hour},
			{At: y1901, Kind: Work, Length: 150 * 365 * 24 * time.Hour},
			{At: y1901, Kind: Work, Length: 150 * 365 * 24 * time.Hour}}}))
		add(name+" century ticket", nil, m(Ticket{ID: "century", Events: []Event{
			{At: y1901, Kind: Created}, {At: y1901.AddDate(200, 0, 0), Kind: AgentReply},
			{At: y1901.AddDate(200, 0, 0), Kind: StatusChange, Status: Solved}}}))
	}

	// SLA policies.
	pol := func(p Policy, tk Ticket, when time.Time) func() (any, error) {
		return func() (any, error) { return p.Check(tk, when) }
	}
	base := []Target{{Metric: FirstReply, Within: time.Hour}, {Metric: Resolution, Within: 8 * time.Hour, Business: true}}
	add("Check unknown metric", ErrKind, pol(Policy{Targets: []Target{{Metric: 0, Within: time.Hour}}}, good, t0))
	add("Check metric 99", ErrKind, pol(Policy{Targets: []Target{{Metric: 99, Within: time.Hour}}}, good, t0))
	add("Check negative within", ErrNegative, pol(Policy{Targets: []Target{{Metric: FirstReply, Within: -1}}}, good, t0))
	add("Check unknown pause", ErrStatus, pol(Policy{Targets: base, Pause: []Status{0}}, good, t0))
	add("Check before creation", ErrOrder, pol(Policy{Targets: base}, good, t0.Add(-time.Second)))
	add("Check at zero time", ErrTimeRange, pol(Policy{Targets: base}, good, time.Time{}))
	add("Check at 2300", ErrTimeRange, pol(Policy{Targets: base, Calendar: office}, good, y2300))
	add("Check at 2300 calendar time", ErrTimeRange, pol(Policy{Targets: []Target{{Metric: Resolution, Within: time.Hour}}}, Ticket{ID: "x", Events: []Event{
		{At: y1901, Kind: Created}, {At: y1901.AddDate(150, 0, 0), Kind: StatusChange, Status: Open}}}, y2300))
	add("Check elapsed past int64", ErrOverflow, pol(Policy{Targets: []Target{{Metric: Resolution, Within: time.Hour}}}, Ticket{ID: "x", Events: []Event{
		{At: y1901, Kind: Created}, {At: y1901.AddDate(150, 0, 0), Kind: StatusChange, Status: Open}}}, y2198))
	add("Check bad ticket", ErrEmpty, pol(Policy{Targets: base}, Ticket{ID: "x"}, t0))
	add("Check max within", nil, pol(Policy{Targets: []Target{{Metric: FirstReply, Within: math.MaxInt64}}, Calendar: office}, good, t0.Add(time.Minute)))
	add("Check nil targets", nil, pol(Policy{}, good, t0.Add(time.Minute)))
	add("Check good", nil, pol(Policy{Targets: base, Calendar: office, Pause: []Status{Pending}}, good, t0.Add(30*time.Hour)))

	// One-shot summaries and comparisons.
	add("Summarize nil", ErrEmpty, func() (any, error) { return Summarize(nil, estimate.Options{}) })
	add("Summarize negative", ErrNegative, func() (any, error) { return Summarize([]time.Duration{1, -1}, estimate.Options{}) })
	add("Summarize extremes", nil, func() (any, error) {
		return Summarize([]time.Duration{0, math.MaxInt64, math.MaxInt64, 1}, estimate.Options{})
	})
	add("Summarize one", nil, func() (any, error) { return Summarize([]time.Duration{math.MaxInt64}, estimate.Options{}) })
	add("SummarizeSeq empty", ErrEmpty, func() (any, error) { return SummarizeSeq(func(func(time.Duration) bool) {}, estimate.Options{}) })
	add("SummarizeSeq negative", ErrNegative, func() (any, error) { return SummarizeSeq(seqOf(1, math.MinInt64), estimate.Options{}) })
	for _, o := range levels {
		want := ErrLevel
		if o.Method != "" {
			want = ErrMethod
		}
		add("Summarize "+optName(o), want, func() (any, error) { return Summarize([]time.Duration{1, 2, 3}, o) })
		add("SummarizeSeq "+optName(o), want, func() (any, error) { return SummarizeSeq(seqOf(1, 2, 3), o) })
	}
	durs := func(xs ...time.Duration) *Durations { d := &Durations{}; _ = d.AddAll(xs); return d }
	add("Compare empty", ErrEmpty, func() (any, error) { return Compare(&Rate{}, rateOf(1, 2), estimate.Options{}) })
	add("Compare nil", ErrEmpty, func() (any, error) { return Compare(nil, rateOf(1, 2), estimate.Options{}) })
	add("Compare extremes", nil, func() (any, error) {
		return Compare(rateOf(0, math.MaxInt64), rateOf(math.MaxInt64, math.MaxInt64), estimate.Options{})
	})
	add("Compare level", ErrLevel, func() (any, error) { return Compare(rateOf(1, 2), rateOf(1, 2), estimate.Options{Level: nan}) })
	add("CompareMeans one each", ErrTooFew, func() (any, error) { return CompareMeans(durs(1), durs(2), estimate.Options{}) })
	add("CompareMeans constant", ErrNoVariance, func() (any, error) { return CompareMeans(durs(1, 1), durs(2, 2), estimate.Options{}) })
	add("CompareMeans nil", ErrEmpty, func() (any, error) { return CompareMeans(nil, durs(1, 2), estimate.Options{}) })
	add("CompareMeans extremes", nil, func() (any, error) {
		return CompareMeans(durs(0, math.MaxInt64), durs(math.MaxInt64, math.MaxInt64-1, 0), estimate.Options{})
	})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic: %v", p)
				}
			}()
			res, err := c.run()
			checkHostile(t, res, err, c.want)
		})
	}
}

// checkHostile asserts err wraps want in an *estimate.ValueError of a
// timing function (want nil: no error and a finite result).
func checkHostile(t *testing.T, res any, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if bad := notFinite(reflect.ValueOf(res), "result"); bad != "" {
			t.Errorf("err == nil but %s", bad)
		}
		return
	}
	var ve *estimate.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not an *estimate.ValueError", err, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("error %v does not wrap %v", err, want)
	}
	if !strings.HasPrefix(ve.Func, "timing.") {
		t.Errorf("error %v names Func %q", err, ve.Func)
	}
}

// notFinite describes the first NaN or infinite float, or negative
// time.Duration, reachable in v; "" when there is none. (Every duration
// this package returns is non-negative except TargetState.Left.)
func notFinite(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return path + " is " + v.String()
		}
	case reflect.Int64:
		if v.Type() == reflect.TypeFor[time.Duration]() && v.Int() < 0 && !strings.HasSuffix(path, ".Left") && !strings.Contains(path, "Diff") {
			return path + " is negative"
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return notFinite(v.Elem(), path)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return ""
		}
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if s := notFinite(v.Field(i), path+"."+v.Type().Field(i).Name); s != "" {
				return s
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if s := notFinite(v.Index(i), path+"[]"); s != "" {
				return s
			}
		}
	}
	return ""
}

func seqOf(xs ...time.Duration) iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		for _, x := range xs {
			if !yield(x) {
				return
			}
		}
	}
}

func optName(o estimate.Options) string {
	if o.Method != "" {
		return "method " + string(o.Method)
	}
	return "level " + strconv.FormatFloat(o.Level, 'g', -1, 64)
}

func allWeek(ws ...Window) [7][]Window {
	var w [7][]Window
	for i := range w {
		w[i] = ws
	}
	return w
}

// A hostileAcc is an accumulator under test: its state, through its binary
// encoding, must not change when a method returns an error.
type hostileAcc interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
	json.Marshaler
	json.Unmarshaler
}

// TestHostileAccumulators feeds every accumulator's methods bad values
// and corrupt encodings, from a non-empty state, and checks the error, that
// the state did not change, and that results are finite.
func TestHostileAccumulators(t *testing.T) {
	type op struct {
		name string
		want error
		run  func(acc any) (any, error)
	}
	levels := []estimate.Options{{Level: math.NaN()}, {Level: math.Inf(1)}, {Level: math.Inf(-1)}, {Level: 0}, {Level: 1}, {Method: "nonsense"}}
	resultOps := func(result func(acc any, o estimate.Options) (any, error)) []op {
		var ops []op
		for _, o := range levels {
			want := ErrLevel
			if o.Method != "" {
				want = ErrMethod
			}
			if o.Level == 0 && o.Method == "" {
				want = nil // the default level
			}
			ops = append(ops, op{"Result " + optName(o), want, func(acc any) (any, error) { return result(acc, o) }})
		}
		return ops
	}
	m := Metrics{Solved: true, FCR: true, Replies: 1,
		FirstResponse: Span{time.Hour, time.Minute, true}, FullResolution: Span{2 * time.Hour, time.Hour, true},
		NextReplies: []Span{{time.Second, time.Second, true}}}
	negSpan := m
	negSpan.OnHold = Span{-1, 0, true}
	negNext := m
	negNext.NextReplies = []Span{{time.Second, -time.Second, true}}
	negReplies := m
	negReplies.Replies = -1
	unsolvedFCR := m
	unsolvedFCR.Solved = false
	maxSpan := m
	maxSpan.Handling = Span{math.MaxInt64, math.MaxInt64, true}

	type accCase struct {
		name  string
		make  func() hostileAcc // a non-empty accumulator
		empty func() any
		ops   []op
	}
	D := func(a any) *Durations { return a.(*Durations) }
	S := func(a any) *Sample { return a.(*Sample) }
	K := func(a any) *Sketch { return a.(*Sketch) }
	R := func(a any) *Rate { return a.(*Rate) }
	L := func(a any) *ServiceLevel { return a.(*ServiceLevel) }
	C := func(a any) *Compliance { return a.(*Compliance) }
	T := func(a any) *Tally { return a.(*Tally) }
	full := func() *Rate { r := &Rate{}; _ = r.AddN(false, math.MaxInt64); return r }
	cases := []accCase{
		{"Durations", func() hostileAcc { d := &Durations{}; _ = d.AddAll([]time.Duration{time.Second, time.Hour}); return d },
			func() any { return &Durations{} }, append([]op{
				{"N Reset AppendBinary", nil, func(a any) (any, error) {
					d := D(a)
					b, err := rec(d.AppendBinary)([]byte("x"))
					n := rec(d.N)()
					rec(d.Reset)()
					return [2]int64{n, int64(len(b))}, err
				}},
				{"Add negative", ErrNegative, func(a any) (any, error) { return nil, rec(D(a).Add)(-1) }},
				{"Add min", ErrNegative, func(a any) (any, error) { return nil, rec(D(a).Add)(math.MinInt64) }},
				{"AddN negative count", ErrCount, func(a any) (any, error) { return nil, rec(D(a).AddN)(1, -1) }},
				{"AddN min count", ErrCount, func(a any) (any, error) { return nil, rec(D(a).AddN)(1, math.MinInt64) }},
				{"AddN overflow", ErrOverflow, func(a any) (any, error) { return nil, rec(D(a).AddN)(1, math.MaxInt64) }},
				{"AddAll with a negative", ErrNegative, func(a any) (any, error) { return nil, rec(D(a).AddAll)([]time.Duration{1, 2, -3}) }},
				{"AddAll nil", nil, func(a any) (any, error) { return nil, rec(D(a).AddAll)(nil) }},
				{"Merge nil", nil, func(a any) (any, error) { return nil, rec(D(a).Merge)(nil) }},
				{"Merge overflow", ErrOverflow, func(a any) (any, error) {
					o := &Durations{}
					_ = o.AddN(time.Second, math.MaxInt64-1)
					return nil, rec(D(a).Merge)(o)
				}},
				{"Result of extremes", nil, func(a any) (any, error) {
					d := &Durations{}
					_ = d.AddN(math.MaxInt64, math.MaxInt64/2)
					_ = d.AddN(0, math.MaxInt64/2)
					return rec(d.Result)(estimate.Options{})
				}},
				{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(Durations).Result)(estimate.Options{}) }},
			}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(D(a).Result)(o) })...)},
		{"Sample", func() hostileAcc { s := &Sample{}; _ = s.AddAll([]time.Duration{time.Second, time.Hour}); return s },
			func() any { return &Sample{} }, append([]op{
				{"N All AppendBinary", nil, func(a any) (any, error) {
					s := S(a)
					var sum time.Duration
					for _, d := range rec(s.All)() {
						sum += d
					}
					b, err := rec(s.AppendBinary)(nil)
					return [3]int64{rec(s.N)(), int64(sum), int64(len(b))}, err
				}},
				{"AddAll nil", nil, func(a any) (any, error) { return nil, rec(S(a).AddAll)(nil) }},
				{"Add negative", ErrNegative, func(a any) (any, error) { return nil, rec(S(a).Add)(-1) }},
				{"AddAll with a negative", ErrNegative, func(a any) (any, error) { return nil, rec(S(a).AddAll)([]time.Duration{1, math.MinInt64}) }},
				{"Merge other type", ErrMismatch, func(a any) (any, error) {
					o := &Sample{Type: estimate.Type6}
					_ = o.Add(1)
					return nil, rec(S(a).Merge)(o)
				}},
				{"Merge nil", nil, func(a any) (any, error) { return nil, rec(S(a).Merge)(nil) }},
				{"Result bad type", ErrQuantileType, func(a any) (any, error) {
					s := &Sample{Type: 99}
					_ = s.Add(1)
					return rec(s.Result)(estimate.Options{})
				}},
				{"Result extremes", nil, func(a any) (any, error) {
					s := &Sample{}
					_ = s.AddAll([]time.Duration{math.MaxInt64, math.MaxInt64, 0})
					return rec(s.Result)(estimate.Options{})
				}},
				{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(Sample).Result)(estimate.Options{}) }},
			}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(S(a).Result)(o) })...)},
		{"Sketch", func() hostileAcc { s := &Sketch{}; _ = s.AddAll([]time.Duration{0, time.Second, time.Hour}); return s },
			func() any { return &Sketch{} }, []op{
				{"N All Reset AppendBinary", nil, func(a any) (any, error) {
					s := K(a)
					var n int64
					for _, c := range rec(s.All)() {
						n += c
					}
					b, err := rec(s.AppendBinary)(nil)
					rec(s.Reset)()
					return [3]int64{n, rec(s.N)(), int64(len(b))}, err
				}},
				{"Merge nil", nil, func(a any) (any, error) { return nil, rec(K(a).Merge)(nil) }},
				{"Add negative", ErrNegative, func(a any) (any, error) { return nil, rec(K(a).Add)(-1) }},
				{"AddN negative count", ErrCount, func(a any) (any, error) { return nil, rec(K(a).AddN)(1, -1) }},
				{"AddN overflow", ErrOverflow, func(a any) (any, error) { return nil, rec(K(a).AddN)(1, math.MaxInt64) }},
				{"AddAll with a negative", ErrNegative, func(a any) (any, error) { return nil, rec(K(a).AddAll)([]time.Duration{1, -1}) }},
				{"Merge overflow", ErrOverflow, func(a any) (any, error) {
					o := &Sketch{}
					_ = o.AddN(math.MaxInt64, math.MaxInt64)
					return nil, rec(K(a).Merge)(o)
				}},
				{"Quantile NaN", ErrProbability, func(a any) (any, error) { return rec(K(a).Quantile)(math.NaN()) }},
				{"Quantile Inf", ErrProbability, func(a any) (any, error) { return rec(K(a).Quantile)(math.Inf(1)) }},
				{"Quantile -Inf", ErrProbability, func(a any) (any, error) { return rec(K(a).Quantile)(math.Inf(-1)) }},
				{"Quantile -0.1", ErrProbability, func(a any) (any, error) { return rec(K(a).Quantile)(-0.1) }},
				{"Quantile 1.1", ErrProbability, func(a any) (any, error) { return rec(K(a).Quantile)(1 + 1e-12) }},
				{"Quantile empty", ErrEmpty, func(a any) (any, error) { return rec(new(Sketch).Quantile)(0.5) }},
				{"Quantile of extremes", nil, func(a any) (any, error) {
					s := &Sketch{}
					_ = s.AddN(math.MaxInt64, math.MaxInt64-1)
					_ = s.Add(1)
					return rec(s.Quantile)(0.5)
				}},
			}},
		{"Rate", func() hostileAcc { return rate3() }, func() any { return &Rate{} }, append([]op{
			{"N X AppendBinary", nil, func(a any) (any, error) {
				b, err := rec(R(a).AppendBinary)(nil)
				return [3]int64{rec(R(a).N)(), rec(R(a).X)(), int64(len(b))}, err
			}},
			{"AddN negative count", ErrCount, func(a any) (any, error) { return nil, rec(R(a).AddN)(true, -1) }},
			{"AddN min count", ErrCount, func(a any) (any, error) { return nil, rec(R(a).AddN)(false, math.MinInt64) }},
			{"AddN overflow", ErrOverflow, func(a any) (any, error) { return nil, rec(R(a).AddN)(true, math.MaxInt64) }},
			{"Merge overflow", ErrOverflow, func(a any) (any, error) { return nil, rec(R(a).Merge)(full()) }},
			{"Add full", ErrOverflow, func(a any) (any, error) { return nil, rec(full().Add)(true) }},
			{"AddAll full", ErrOverflow, func(a any) (any, error) { return nil, full().AddAll([]bool{true}) }},
			{"AddAll nil", nil, func(a any) (any, error) { return nil, rec(R(a).AddAll)(nil) }},
			{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(Rate).Result)(estimate.Options{}) }},
			{"Result full", nil, func(a any) (any, error) { return full().Result(estimate.Options{}) }},
		}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(R(a).Result)(o) })...)},
		{"ServiceLevel", func() hostileAcc {
			s := &ServiceLevel{Target: 20 * time.Second}
			_ = s.AddAll([]Contact{{Wait: time.Second}, {Wait: time.Minute}, {Wait: time.Second, Abandoned: true}})
			return s
		}, func() any { return &ServiceLevel{} }, append([]op{
			{"N AppendBinary", nil, func(a any) (any, error) {
				b, err := rec(L(a).AppendBinary)(nil)
				return [2]int64{rec(L(a).N)(), int64(len(b))}, err
			}},
			{"Merge nil", nil, func(a any) (any, error) { return nil, rec(L(a).Merge)(nil) }},
			{"Add negative", ErrNegative, func(a any) (any, error) { return nil, rec(L(a).Add)(Contact{Wait: -1}) }},
			{"Add abandoned min", ErrNegative, func(a any) (any, error) { return nil, rec(L(a).Add)(Contact{Wait: math.MinInt64, Abandoned: true}) }},
			{"AddN negative count", ErrCount, func(a any) (any, error) { return nil, rec(L(a).AddN)(Contact{Wait: 1}, -1) }},
			{"AddN overflow", ErrOverflow, func(a any) (any, error) { return nil, rec(L(a).AddN)(Contact{Wait: 1}, math.MaxInt64) }},
			{"AddN negative wait", ErrNegative, func(a any) (any, error) { return nil, rec(L(a).AddN)(Contact{Wait: -1}, 1) }},
			{"AddAll with a negative", ErrNegative, func(a any) (any, error) { return nil, rec(L(a).AddAll)([]Contact{{Wait: 1}, {Wait: -1}}) }},
			{"AddAll nil", nil, func(a any) (any, error) { return nil, rec(L(a).AddAll)(nil) }},
			{"Merge other target", ErrMismatch, func(a any) (any, error) {
				o := &ServiceLevel{Target: time.Minute}
				_ = o.Add(Contact{Wait: 1})
				return nil, rec(L(a).Merge)(o)
			}},
			{"negative target", ErrNegative, func(a any) (any, error) {
				s := L(a)
				s.Target = -time.Second
				defer func() { s.Target = 20 * time.Second }()
				return nil, s.Add(Contact{Wait: time.Second})
			}},
			{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(ServiceLevel).Result)(estimate.Options{}) }},
		}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(L(a).Result)(o) })...)},
		{"Compliance", func() hostileAcc {
			c := &Compliance{}
			_ = c.AddAll([]TargetState{{Target: Target{Metric: FirstReply}, State: Achieved}, {Target: Target{Metric: Resolution}, State: Breached}})
			return c
		}, func() any { return &Compliance{} }, append([]op{
			{"AddN negative count", ErrCount, func(a any) (any, error) {
				return nil, rec(C(a).AddN)(TargetState{Target: Target{Metric: FirstReply}, State: Achieved}, -1)
			}},
			{"AddN overflow", ErrOverflow, func(a any) (any, error) {
				return nil, rec(C(a).AddN)(TargetState{Target: Target{Metric: FirstReply}, State: Achieved}, math.MaxInt64)
			}},
			{"AddN unknown state", ErrStatus, func(a any) (any, error) {
				return nil, rec(C(a).AddN)(TargetState{Target: Target{Metric: FirstReply}, State: 200}, 1)
			}},
			{"Merge overflow", ErrOverflow, func(a any) (any, error) {
				o := &Compliance{}
				_ = o.AddN(TargetState{Target: Target{Metric: Resolution}, State: Breached}, math.MaxInt64)
				return nil, rec(C(a).Merge)(o)
			}},
			{"N AppendBinary", nil, func(a any) (any, error) {
				b, err := rec(C(a).AppendBinary)(nil)
				return [2]int64{rec(C(a).N)(), int64(len(b))}, err
			}},
			{"Add unknown metric", ErrKind, func(a any) (any, error) { return nil, rec(C(a).Add)(TargetState{State: Achieved}) }},
			{"Add unknown state", ErrStatus, func(a any) (any, error) {
				return nil, rec(C(a).Add)(TargetState{Target: Target{Metric: FirstReply}, State: 9})
			}},
			{"AddAll bad last", ErrStatus, func(a any) (any, error) {
				return nil, rec(C(a).AddAll)([]TargetState{{Target: Target{Metric: FirstReply}, State: Achieved}, {Target: Target{Metric: FirstReply}}})
			}},
			{"Merge nil", nil, func(a any) (any, error) { return nil, rec(C(a).Merge)(nil) }},
			{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(Compliance).Result)(estimate.Options{}) }},
		}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(C(a).Result)(o) })...)},
		{"Tally", func() hostileAcc { tl := &Tally{}; _ = tl.AddAll([]Metrics{m, {}}); return tl }, func() any { return &Tally{} }, append([]op{
			{"N AppendBinary", nil, func(a any) (any, error) {
				b, err := rec(T(a).AppendBinary)(nil)
				return [2]int64{rec(T(a).N)(), int64(len(b))}, err
			}},
			{"Merge nil", nil, func(a any) (any, error) { return nil, rec(T(a).Merge)(nil) }},
			{"Add negative span", ErrNegative, func(a any) (any, error) { return nil, rec(T(a).Add)(negSpan) }},
			{"Add negative next reply", ErrNegative, func(a any) (any, error) { return nil, rec(T(a).Add)(negNext) }},
			{"Add negative replies", ErrCount, func(a any) (any, error) { return nil, rec(T(a).Add)(negReplies) }},
			{"Add FCR unsolved", ErrCount, func(a any) (any, error) { return nil, rec(T(a).Add)(unsolvedFCR) }},
			{"AddAll bad last", ErrNegative, func(a any) (any, error) { return nil, rec(T(a).AddAll)([]Metrics{m, m, negSpan}) }},
			{"AddAll nil", nil, func(a any) (any, error) { return nil, rec(T(a).AddAll)(nil) }},
			{"Merge exact", ErrMismatch, func(a any) (any, error) {
				o := &Tally{Exact: true}
				_ = o.Add(m)
				return nil, rec(T(a).Merge)(o)
			}},
			{"Result of extremes", nil, func(a any) (any, error) {
				tl := &Tally{}
				_ = tl.AddAll([]Metrics{maxSpan, maxSpan, m})
				return rec(tl.Result)(estimate.Options{})
			}},
			{"Result nothing solved", nil, func(a any) (any, error) {
				tl := &Tally{}
				_ = tl.Add(Metrics{})
				return rec(tl.Result)(estimate.Options{})
			}},
			{"Result empty", ErrEmpty, func(a any) (any, error) { return rec(new(Tally).Result)(estimate.Options{}) }},
		}, resultOps(func(a any, o estimate.Options) (any, error) { return rec(T(a).Result)(o) })...)},
	}
	for _, c := range cases {
		for _, o := range c.ops {
			t.Run(c.name+"/"+o.name, func(t *testing.T) {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				acc := c.make()
				before, _ := acc.MarshalBinary()
				res, err := o.run(acc)
				checkHostile(t, res, err, o.want)
				if err != nil {
					if after, _ := acc.MarshalBinary(); !bytes.Equal(before, after) {
						t.Errorf("state changed on error:\n%x\n%x", before, after)
					}
				}
			})
		}
		t.Run(c.name+"/decode", func(t *testing.T) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic: %v", p)
				}
			}()
			hostileDecode(t, c.name, c.make, c.empty)
		})
	}
	t.Run("observations", hostileObservations)
	// Every exported method of the accumulators and observations was
	// called above, through rec.
	checkAccAPI(t)
}

// hostileObservations encodes observations of extreme values (the
// largest and smallest durations and ints, odd strings, instants far
// outside 1900..2199, every enumeration value) and decodes them back,
// then feeds each decoder apitest.BadBinary's corruptions of them.
func hostileObservations(t *testing.T) {
	corrupt := apitest.Wraps[*estimate.ValueError](ErrCorrupt)
	ext := Span{math.MaxInt64, math.MinInt64, true}
	far := []time.Time{{}, time.Unix(math.MaxInt64, 999_999_999), time.Unix(math.MinInt64, 0), time.Date(1850, 1, 1, 0, 0, 0, 1, time.UTC)}
	m0 := metricsFixture(t)[0]
	roundTrip := func(name string, enc func() ([]byte, error), app func([]byte) ([]byte, error), dec func([]byte) error, state func() string) {
		t.Helper()
		b, err := enc()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a, err := app([]byte{0xee})
		if err != nil || !bytes.Equal(a[1:], b) {
			t.Errorf("%s: AppendBinary % x, MarshalBinary % x", name, a, b)
		}
		if err := dec(b); err != nil {
			t.Fatalf("%s: % x does not decode: %v", name, b, err)
		}
		apitest.CheckDecoder(t, name+".UnmarshalBinary", dec, state, corrupt, apitest.BadBinary(b))
	}
	for i, c := range []Contact{{Wait: math.MinInt64, Abandoned: true}, {Wait: math.MaxInt64}} {
		var d Contact
		roundTrip(fmt.Sprint("Contact ", i), rec(c.MarshalBinary), rec(c.AppendBinary), rec(d.UnmarshalBinary), func() string { return fmt.Sprintf("%#v", d) })
		if d != c {
			t.Errorf("Contact %+v decodes as %+v", c, d)
		}
	}
	var sp Span
	roundTrip("Span", rec(ext.MarshalBinary), rec(ext.AppendBinary), rec(sp.UnmarshalBinary), func() string { return fmt.Sprintf("%#v", sp) })
	for i, st := range []TargetState{
		{Target: Target{Metric: 255, Priority: "\xff\x00é", Within: math.MinInt64, Business: true}, State: 255, Elapsed: math.MaxInt64, Left: math.MinInt64},
		{Target: Target{Metric: 0}, State: 0},
	} {
		var d TargetState
		roundTrip(fmt.Sprint("TargetState ", i), rec(st.MarshalBinary), rec(st.AppendBinary), rec(d.UnmarshalBinary), func() string { return fmt.Sprintf("%#v", d) })
		if d != st {
			t.Errorf("TargetState %+v decodes as %+v", st, d)
		}
	}
	for i, at := range far {
		m := Metrics{ID: strings.Repeat("\x80", 200), Priority: "P1", Created: at, FirstResponse: ext, NextReplies: []Span{ext, {}, ext},
			Handling: ext, Talk: math.MaxInt64, Hold: math.MinInt64, Replies: math.MaxInt, Reopens: math.MinInt, Solved: true}
		var d Metrics
		roundTrip(fmt.Sprint("Metrics ", i), rec(m.MarshalBinary), rec(m.AppendBinary), rec(d.UnmarshalBinary), func() string { return fmt.Sprintf("%#v", d) })
		if !d.Created.Equal(at) || d.Created.Unix() != at.Unix() || d.Created.Nanosecond() != at.Nanosecond() || d.ID != m.ID || len(d.NextReplies) != 3 || d.Reopens != math.MinInt {
			t.Errorf("Metrics %d decodes as %+v", i, d)
		}
	}
	if aht := rec(m0.AHT)(); aht < 0 {
		t.Errorf("AHT of a measured ticket %v", aht)
	}
}

// accAPI records the methods of the accumulators and observations that
// the hostile walks call; a call is written rec(f)(args), so the record
// cannot drift from the call. Those called only through an interface are
// recorded by name (recName).
var accAPI = struct {
	sync.Mutex
	seen map[string]bool
}{seen: map[string]bool{}}

func rec[F any](f F) F { recName(apitest.Name(f)); return f }

func recName(name string) { accAPI.Lock(); accAPI.seen[name] = true; accAPI.Unlock() }

// checkAccAPI fails t for every exported method of the accumulator and
// observation types (as apitest.Exported lists them) never recorded.
func checkAccAPI(t *testing.T) {
	names, err := apitest.Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	types := []string{"Durations", "Sample", "Sketch", "Rate", "ServiceLevel", "Compliance", "Tally", "Contact", "Span", "Metrics", "TargetState"}
	accAPI.Lock()
	defer accAPI.Unlock()
	for _, n := range names {
		typ, _, ok := strings.Cut(n, ".")
		if ok && slices.Contains(types, typ) && !accAPI.seen[n] {
			t.Errorf("%s is not called by the hostile walk", n)
		}
	}
}

func rate3() *Rate { return rateOf(2, 3) }

// rateOf returns a Rate of x successes in n trials.
func rateOf(x, n int64) *Rate {
	r := &Rate{}
	if err := errors.Join(r.AddN(true, x), r.AddN(false, n-x)); err != nil {
		panic(err)
	}
	return r
}

// hostileDecode feeds acc's decoders corrupt forms of its own encodings:
// JSON that is not an object, of a wrong type at each key, with an
// unknown, a duplicate or a missing key, with trailing data; binary
// encodings truncated at every length, with a byte more, another version.
// Each must fail with ErrCorrupt and leave the receiver as it was.
func hostileDecode(t *testing.T, name string, make func() hostileAcc, empty func() any) {
	for _, m := range []string{"MarshalJSON", "UnmarshalJSON", "MarshalBinary", "UnmarshalBinary"} {
		recName(name + "." + m) // called below through hostileAcc
	}
	src := make()
	js, err := src.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := src.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	keys, vals := splitObject(t, js)
	object := func(ks []string, vs []string) []byte {
		var b strings.Builder
		b.WriteByte('{')
		for i := range ks {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(ks[i])
			b.Write(kb)
			b.WriteByte(':')
			b.WriteString(vs[i])
		}
		b.WriteByte('}')
		return []byte(b.String())
	}
	if got := object(keys, vals); !jsonEqual(got, js) {
		t.Fatalf("rebuilt %s from %s", got, js)
	}
	badJSON := map[string][]byte{
		"array":          []byte(`[]`),
		"string":         []byte(`"x"`),
		"number":         []byte(`1`),
		"empty":          {},
		"empty object":   []byte(`{}`),
		"trailing":       append(append([]byte{}, js...), []byte(` {}`)...),
		"trailing comma": append(append([]byte{}, js[:len(js)-1]...), []byte(`,}`)...),
		"truncated":      js[:len(js)-1],
		"unknown key":    object(append([]string{"zz"}, keys...), append([]string{"1"}, vals...)),
		"duplicate key":  object(append(keys, keys[0]), append(vals, vals[0])),
		"missing key":    object(keys[1:], vals[1:]),
		"NaN":            []byte(strings.Replace(string(js), vals[0], "NaN", 1)),
	}
	for i := range keys {
		for _, wrong := range []string{`"x"`, `null`, `{}`, `[1]`, `-1`, `1e400`, `true`} {
			if wrong == vals[i] {
				continue
			}
			vs := append([]string{}, vals...)
			vs[i] = wrong
			badJSON["key "+keys[i]+" = "+wrong] = object(keys, vs)
		}
	}
	for name, b := range badJSON {
		dst := make()
		before, _ := dst.MarshalBinary()
		err := dst.UnmarshalJSON(b)
		if err == nil {
			// A wrong value may still be a valid state (-1 in a field
			// that may be negative): it must then round-trip.
			if strings.HasPrefix(name, "key ") {
				again, _ := dst.MarshalJSON()
				chk := empty().(hostileAcc)
				if err := chk.UnmarshalJSON(again); err != nil {
					t.Errorf("JSON %s: accepted %s, but its re-encoding %s fails: %v", name, b, again, err)
				}
				continue
			}
			t.Errorf("JSON %s: %s accepted", name, b)
			continue
		}
		checkCorrupt(t, "JSON "+name, err)
		if after, _ := dst.MarshalBinary(); !bytes.Equal(before, after) {
			t.Errorf("JSON %s: state changed on error", name)
		}
	}
	var badBin [][]byte
	for n := range len(bin) {
		badBin = append(badBin, bin[:n])
	}
	badBin = append(badBin, append(append([]byte{}, bin...), 0), append([]byte{bin[0] + 1}, bin[1:]...), nil)
	for _, b := range badBin {
		dst := make()
		before, _ := dst.MarshalBinary()
		err := dst.UnmarshalBinary(b)
		if err == nil {
			t.Errorf("binary %x (of %x) accepted", b, bin)
			continue
		}
		checkCorrupt(t, "binary", err)
		if after, _ := dst.MarshalBinary(); !bytes.Equal(before, after) {
			t.Errorf("binary %x: state changed on error", b)
		}
	}
}

func checkCorrupt(t *testing.T, what string, err error) {
	t.Helper()
	var ve *estimate.ValueError
	if !errors.As(err, &ve) || !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(ve.Func, "timing.") {
		t.Errorf("%s: error %v (%T) is not a timing ValueError wrapping ErrCorrupt", what, err, err)
	}
}

// splitObject returns the keys and raw values of a JSON object, in order.
func splitObject(t *testing.T, b []byte) ([]string, []string) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s is not an object", b)
	}
	var ks, vs []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		ks, vs = append(ks, tok.(string)), append(vs, string(raw))
	}
	return ks, vs
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}
