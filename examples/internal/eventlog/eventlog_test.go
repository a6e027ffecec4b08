package eventlog

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The generator (gen/main.go) writes 2,000 customers over 2024 and 2025,
// every row valid.
func TestSample(t *testing.T) {
	rows, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	customers := map[string]bool{}
	for _, r := range rows {
		customers[r.Customer] = true
		if r.At.Year() < 2024 || r.At.Year() > 2025 || r.Amount < 0 || (r.Segment != "web" && r.Segment != "store") {
			t.Fatalf("row %+v", r)
		}
	}
	if len(customers) != 2000 || len(rows) < 10000 {
		t.Errorf("%d customers, %d rows", len(customers), len(rows))
	}
	if rows[0].At.Location().String() != "Europe/Madrid" {
		t.Errorf("location %v", rows[0].At.Location())
	}
}

func TestReadErrors(t *testing.T) {
	loc := time.UTC
	_, _, err := Read(strings.NewReader("id,time,amount,segment\n"), "x.csv", loc, true)
	var re *RowError
	if !errors.As(err, &re) || re.Line != 1 || re.Column != "header" {
		t.Errorf("bad header: %v", err)
	}
	in := Header + "\n,2025-01-01T00:00:00Z,1,web\na,2025-01-01T00:00:00Z,NaN,web\na,2025-01-01T00:00:00Z,1\na,2025-01-01T00:00:00Z,1,\nb,2025-01-01T00:00:00Z,2.5,store\n"
	rows, bad, err := Read(strings.NewReader(in), "x.csv", loc, true)
	if err != nil || len(rows) != 1 || len(bad) != 4 {
		t.Fatalf("rows %d bad %d err %v", len(rows), len(bad), err)
	}
	for i, w := range []string{"x.csv:2: column customer", "x.csv:3: column amount", "x.csv:4: column count", "x.csv:5: column segment"} {
		if !strings.HasPrefix(bad[i].Error(), w) {
			t.Errorf("bad row %d: %v, want %s", i, bad[i], w)
		}
	}
	if _, _, err := Read(strings.NewReader(in), "x.csv", loc, false); err == nil || !strings.HasPrefix(err.Error(), "x.csv:2:") {
		t.Errorf("without skip: %v", err)
	}
}
