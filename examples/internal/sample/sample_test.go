package sample

import (
	"strings"
	"testing"
	"time"
)

func TestResponses(t *testing.T) {
	rs, err := Responses()
	if err != nil {
		t.Fatal(err)
	}
	// The generator reports 6025 rows; the file has them plus a header.
	if len(rs) != 6025 {
		t.Fatalf("got %d responses, want 6025", len(rs))
	}
	first, last := rs[0].At, rs[len(rs)-1].At
	if first.Before(time.Date(2026, 1, 5, 0, 0, 0, 0, Location())) || !last.Before(time.Date(2026, 3, 30, 0, 0, 0, 0, Location())) {
		t.Errorf("times run from %v to %v, want within 2026-01-05 .. 2026-03-29", first, last)
	}
	var missingCSAT, missingNPS int
	for i, r := range rs {
		if i > 0 && r.At.Before(rs[i-1].At) {
			t.Fatalf("response %d at %v is before response %d at %v", i, r.At, i-1, rs[i-1].At)
		}
		switch {
		case r.CSAT == Missing:
			missingCSAT++
		case r.CSAT < 1 || r.CSAT > 5:
			t.Fatalf("response %d: csat %d outside 1..5", i, r.CSAT)
		}
		switch {
		case r.NPS == Missing:
			missingNPS++
		case r.NPS < 0 || r.NPS > 10:
			t.Fatalf("response %d: nps %d outside 0..10", i, r.NPS)
		}
	}
	if missingCSAT == 0 || missingNPS == 0 {
		t.Errorf("missing answers: csat %d, nps %d; the sample should have some of each", missingCSAT, missingNPS)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"header", "when,channel,branch,csat,nps\n", "header"},
		{"time", "time,channel,branch,csat,nps\nyesterday,chat,Madrid,5,9\n", "line 2"},
		{"csat", "time,channel,branch,csat,nps\n2026-01-05T10:00:00+01:00,chat,Madrid,five,9\n", "line 2: csat"},
		{"fields", "time,channel,branch,csat,nps\n2026-01-05T10:00:00+01:00,chat,Madrid,5\n", "wrong number of fields"},
	} {
		_, err := Read(strings.NewReader(tc.in), time.UTC)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
