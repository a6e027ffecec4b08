package tickets

import (
	"strings"
	"testing"
)

func TestSample(t *testing.T) {
	es, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2000 {
		t.Errorf("%d tickets, want 2000", len(es))
	}
	teams, err := Teams()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if _, ok := teams[e.Team]; !ok {
			t.Fatalf("ticket %s of unknown team %q", e.Ticket.ID, e.Team)
		}
	}
}

func TestReadHeader(t *testing.T) {
	_, _, err := Read(strings.NewReader("id,team\n"), "x.csv", true)
	if err == nil || !strings.Contains(err.Error(), "x.csv:1") {
		t.Errorf("bad header: %v", err)
	}
	_, bad, err := Read(strings.NewReader(strings.Join(Header, ",")+"\na,madrid,low,0\n"), "x.csv", true)
	if err != nil || len(bad) != 1 || !strings.Contains(bad[0].Error(), "x.csv:2: 4 fields") {
		t.Errorf("short line: %v %v", bad, err)
	}
}
