package retention

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/servq/servq/estimate"
)

// cdnowRow is one customer of the CDNOW sample.
type cdnowRow struct {
	x           int64
	tx, T, zbar float64
}

// cdnow reads the CDNOW sample of 2,357 customers (Fader, Hardie and Lee
// 2005): the calibration summary of the first 39 weeks with times in
// weeks and the mean repeat-purchase value zbar (testdata/README.cdnow.md
// says what it is and where it comes from). The data set is not part of
// this repository: the test reads it from the file $SERVQ_CDNOW, or from
// shared/data/cdnow_summary.csv beside the checkout, and skips when it
// finds neither.
func cdnow(t testing.TB) []cdnowRow {
	t.Helper()
	path := os.Getenv("SERVQ_CDNOW")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "data", "cdnow_summary.csv")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("CDNOW data set not found (%v): set SERVQ_CDNOW to its CSV (testdata/README.cdnow.md)", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []cdnowRow
	for _, r := range recs[1:] {
		x, err1 := strconv.ParseInt(r[1], 10, 64)
		tx, err2 := strconv.ParseFloat(r[2], 64)
		T, err3 := strconv.ParseFloat(r[3], 64)
		z, err4 := strconv.ParseFloat(r[4], 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("row %v", r)
		}
		rows = append(rows, cdnowRow{x, tx, T, z})
	}
	if len(rows) != 2357 {
		t.Fatalf("%d customers, want 2357", len(rows))
	}
	return rows
}

func cdnowHistories(t testing.TB) *Histories {
	var h Histories
	for i, r := range cdnow(t) {
		if err := h.Add(History{int64(r.x), r.tx, r.T}); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	return &h
}

// The published worked example: Fader, Hardie and Lee (2005), "Counting
// your customers the easy way", section 5, fit the BG/NBD to the 2,357
// CDNOW customers: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 with
// LL = -9582.4. We must reproduce them to 3 significant digits.
func TestFitBGNBDCDNOW(t *testing.T) {
	h := cdnowHistories(t)
	m, err := FitBGNBD(h, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", m)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, 0.243}, {"alpha", m.Alpha, 4.414}, {"a", m.A, 0.793}, {"b", m.B, 2.426}, {"LL", m.LogLik, -9582.4}} {
		if !near(c.got, c.want, 5e-3) {
			t.Errorf("%s = %.5g, want %.4g to 3 significant digits", c.name, c.got, c.want)
		}
	}
	if m.N != 2357 {
		t.Errorf("N = %d", m.N)
	}
}
