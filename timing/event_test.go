package timing

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
)

// sampleTicket is worked by hand on the office calendar (Monday to Friday
// 08:00-12:00 and 14:00-18:00, Europe/Madrid), from Monday 2024-03-04.
func sampleTicket(loc *time.Location) Ticket {
	at := func(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, loc) }
	return Ticket{ID: "T-1", Priority: "high", Events: []Event{
		// Deliberately out of order.
		{At: at(5, 10, 30), Kind: AgentReply},
		{At: at(4, 11, 0), Kind: Created},
		{At: at(4, 11, 30), Kind: StatusChange, Status: Open},
		{At: at(4, 15, 0), Kind: AgentReply},
		{At: at(4, 15, 0), Kind: StatusChange, Status: Pending},
		{At: at(4, 14, 40), Kind: Work, Work: Talk, Length: 20 * time.Minute},
		{At: at(4, 18, 55), Kind: Work, Work: WrapUp, Length: 10 * time.Minute},
		{At: at(5, 9, 0), Kind: CustomerReply},
		{At: at(5, 9, 0), Kind: StatusChange, Status: Open},
		{At: at(5, 10, 30), Kind: StatusChange, Status: Solved},
		{At: at(6, 9, 0), Kind: StatusChange, Status: Open},
		{At: at(6, 10, 0), Kind: AgentReply},
		{At: at(6, 10, 0), Kind: StatusChange, Status: Solved},
	}}
}

func TestMeasure(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	a := Analyzer{Calendar: mustCal(t, office(madrid))}
	m, err := a.Measure(sampleTicket(madrid))
	if err != nil {
		t.Fatal(err)
	}
	h := time.Hour
	sp := func(cal, bus time.Duration) Span { return Span{cal, bus, true} }
	want := Metrics{
		ID: "T-1", Priority: "high", Created: time.Date(2024, 3, 4, 11, 0, 0, 0, madrid),
		// Mon 11:00 -> Mon 15:00: 4 h; open 11-12 and 14-15: 2 h.
		FirstResponse: sp(4*h, 2*h),
		// Tue 09:00 -> 10:30, all in hours.
		NextReplies: []Span{sp(90*time.Minute, 90*time.Minute)},
		// Mon 11:00 -> Tue 10:30: 23.5 h; Mon 11-12, 14-18 and Tue 08-10:30: 7.5 h.
		FirstResolution: sp(23*h+30*time.Minute, 7*h+30*time.Minute),
		// Mon 11:00 -> Wed 10:00: 47 h; Mon 5 h, Tue 8 h, Wed 2 h.
		FullResolution: sp(47*h, 15*h),
		// New 11:00-11:30 (0.5/0.5), Open 11:30-15:00 (3.5/1.5), Open Tue
		// 09:00-10:30 (1.5/1.5), Open Wed 09:00-10:00 (1/1).
		RequesterWait: sp(6*h+30*time.Minute, 4*h+30*time.Minute),
		// Pending Mon 15:00 -> Tue 09:00: 18 h; Mon 15-18 and Tue 08-09: 4 h.
		AgentWait: sp(18*h, 4*h),
		OnHold:    sp(0, 0),
		// Talk 14:40-15:00 in hours; wrap-up 18:55-19:05 out of hours.
		Handling: sp(30*time.Minute, 20*time.Minute),
		Talk:     20 * time.Minute, WrapUp: 10 * time.Minute,
		Replies: 3, Reopens: 1, Solved: true, FCR: false,
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Measure (-want +got):\n%s", diff)
	}
	if m.AHT() != 30*time.Minute {
		t.Errorf("AHT = %v, want 30m", m.AHT())
	}

	// A one-touch ticket: created, answered and solved at once, out of
	// hours (Saturday): all business times are zero.
	sat := time.Date(2024, 3, 9, 10, 0, 0, 0, madrid)
	one, err := a.Measure(Ticket{ID: "T-2", Events: []Event{
		{At: sat, Kind: Created},
		{At: sat.Add(time.Hour), Kind: AgentReply},
		{At: sat.Add(time.Hour), Kind: StatusChange, Status: Solved},
		{At: sat.Add(2 * time.Hour), Kind: StatusChange, Status: Closed},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !one.FCR || !one.Solved || one.FirstResponse != sp(h, 0) || one.FullResolution != sp(h, 0) || one.NextReplies != nil {
		t.Errorf("one-touch ticket: %+v", one)
	}
	// Zero-length: created and solved at the same instant, no reply: not FCR.
	zero, err := a.Measure(Ticket{ID: "T-3", Events: []Event{
		{At: sat, Kind: StatusChange, Status: Solved}, {At: sat, Kind: Created}}})
	if err != nil {
		t.Fatal(err)
	}
	if zero.FCR || !zero.Solved || zero.FirstResolution != sp(0, 0) || zero.FirstResponse.OK {
		t.Errorf("zero-length ticket: %+v", zero)
	}
	// A reply logged at the instant of closing is not a contradiction.
	if _, err := a.Measure(Ticket{ID: "T-4", Events: []Event{{At: sat, Kind: Created},
		{At: sat.Add(time.Hour), Kind: StatusChange, Status: Closed}, {At: sat.Add(time.Hour), Kind: AgentReply}}}); err != nil {
		t.Errorf("reply at the closing instant: %v", err)
	}
	// Without a calendar, business time is calendar time.
	var plain Analyzer
	p, err := plain.Measure(sampleTicket(madrid))
	if err != nil {
		t.Fatal(err)
	}
	if p.FullResolution != sp(47*h, 47*h) {
		t.Errorf("no calendar: full resolution %+v", p.FullResolution)
	}
}

func TestMeasureErrors(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	ev := func(d time.Duration, k Kind) Event { return Event{At: t0.Add(d), Kind: k} }
	for _, tt := range []struct {
		name   string
		events []Event
		want   error
		index  int
	}{
		{"empty", nil, ErrEmpty, -1},
		{"no creation", []Event{ev(0, AgentReply)}, ErrContradiction, -1},
		{"created twice", []Event{ev(0, Created), ev(time.Hour, Created)}, ErrContradiction, 1},
		{"reply before creation", []Event{ev(time.Hour, Created), ev(0, AgentReply)}, ErrContradiction, 1},
		{"after closed", []Event{ev(0, Created), {At: t0.Add(time.Hour), Kind: StatusChange, Status: Closed}, ev(2*time.Hour, CustomerReply)}, ErrContradiction, 2},
		{"status change at the closing instant", []Event{ev(0, Created), {At: t0.Add(time.Hour), Kind: StatusChange, Status: Closed}, {At: t0.Add(time.Hour), Kind: StatusChange, Status: Open}}, ErrContradiction, 2},
		{"back to new", []Event{ev(0, Created), {At: t0.Add(time.Hour), Kind: StatusChange, Status: New}}, ErrContradiction, 1},
		{"unknown kind", []Event{ev(0, Created), ev(0, Kind(9))}, ErrKind, 1},
		{"unknown status", []Event{ev(0, Created), {At: t0, Kind: StatusChange, Status: 42}}, ErrStatus, 1},
		{"status zero", []Event{ev(0, Created), {At: t0, Kind: StatusChange}}, ErrStatus, 1},
		{"negative work", []Event{ev(0, Created), {At: t0, Kind: Work, Length: -time.Minute}}, ErrNegative, 1},
		{"zero time", []Event{ev(0, Created), {Kind: AgentReply}}, ErrTimeRange, 1},
	} {
		var a Analyzer
		_, err := a.Measure(Ticket{ID: "T-9", Events: tt.events})
		var ve *estimate.ValueError
		if !errors.Is(err, tt.want) || !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
			continue
		}
		if ve.Text != "T-9" || ve.Index != tt.index || ve.Func != "timing.Analyzer.Measure" {
			t.Errorf("%s: error %q names ticket %q at index %d, want T-9 at %d", tt.name, err, ve.Text, ve.Index, tt.index)
		}
	}
}

func TestParseNames(t *testing.T) {
	for k := Created; k <= Work; k++ {
		if got, err := ParseKind(k.String()); got != k || err != nil {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
	}
	for s := New; s <= Closed; s++ {
		if got, err := ParseStatus(s.String()); got != s || err != nil {
			t.Errorf("ParseStatus(%q) = %v, %v", s, got, err)
		}
	}
	for w := OtherWork; w <= WrapUp; w++ {
		if got, err := ParseWorkKind(w.String()); got != w || err != nil {
			t.Errorf("ParseWorkKind(%q) = %v, %v", w, got, err)
		}
	}
	if s, err := ParseStatus("Reopened"); s != Open || err != nil {
		t.Errorf("reopened = %v, %v", s, err)
	}
	if _, err := ParseStatus("archived"); !errors.Is(err, ErrStatus) {
		t.Errorf("archived: %v", err)
	}
	if _, err := ParseKind("note"); !errors.Is(err, ErrKind) {
		t.Errorf("note: %v", err)
	}
	if _, err := ParseWorkKind("coffee"); !errors.Is(err, ErrKind) {
		t.Errorf("coffee: %v", err)
	}
}

// TestMeasureOrderFree: the metrics do not depend on the order the events
// come in, and business time never exceeds calendar time.
func TestMeasureOrderFree(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	a := Analyzer{Calendar: mustCal(t, office(madrid))}
	base := sampleTicket(madrid)
	want, err := a.Measure(base)
	if err != nil {
		t.Fatal(err)
	}
	want.NextReplies = append([]Span(nil), want.NextReplies...)
	rapid.Check(t, func(t *rapid.T) {
		tk := base
		tk.Events = rapid.Permutation(base.Events).Draw(t, "events")
		got, err := a.Measure(tk)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("order changed the metrics:\n%s", diff)
		}
		for _, s := range []Span{got.FirstResponse, got.FullResolution, got.RequesterWait, got.AgentWait, got.Handling} {
			if s.Business > s.Calendar || s.Business < 0 {
				t.Fatalf("business %v outside [0, calendar %v]", s.Business, s.Calendar)
			}
		}
	})
}

// TestMeasureHolidayWeek: a ticket over the holiday weeks, on the office
// calendar with the Spanish holidays Dec 25, Dec 26, Jan 1 and Jan 6.
// Worked by hand: created Monday 2024-12-23 at 17:00, answered on the
// holiday Thursday Dec 26 at 09:00: Monday 17-18 (1 h) and Tuesday Dec 24
// (8 h), nothing on the two holidays: 9 h; solved Tuesday 2025-01-07 at
// 10:00.
func TestMeasureHolidayWeek(t *testing.T) {
	madrid := mustLoad(t, "Europe/Madrid")
	s := office(madrid)
	s.Holidays = []Date{{2024, 12, 25}, {2024, 12, 26}, {2025, 1, 1}, {2025, 1, 6}}
	a := Analyzer{Calendar: mustCal(t, s)}
	created := time.Date(2024, 12, 23, 17, 0, 0, 0, madrid)
	replied := time.Date(2024, 12, 26, 9, 0, 0, 0, madrid)
	solved := time.Date(2025, 1, 7, 10, 0, 0, 0, madrid)
	m, err := a.Measure(Ticket{ID: "X-1", Events: []Event{
		{At: created, Kind: Created}, {At: replied, Kind: AgentReply},
		{At: solved, Kind: StatusChange, Status: Solved}}})
	if err != nil {
		t.Fatal(err)
	}
	// Resolution: Dec 23 1 h, Dec 24 8 h, Dec 27, 30, 31 and Jan 2, 3
	// 8 h each, Jan 7 2 h: 51 h. Calendar: 14 days 17 h.
	if m.FirstResponse != (Span{replied.Sub(created), 9 * time.Hour, true}) {
		t.Errorf("first response %+v, want 9 h business", m.FirstResponse)
	}
	if m.FullResolution != (Span{14*24*time.Hour + 17*time.Hour, 51 * time.Hour, true}) {
		t.Errorf("full resolution %+v, want 51 h business", m.FullResolution)
	}
}
