// Package eventlog loads the customer event log that the retention
// examples analyse: one row per purchase, with the customer, the time,
// the amount and the customer's segment. The sample is embedded, so the
// examples run anywhere; see gen/main.go for how it was made and what it
// hides.
package eventlog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	_ "time/tzdata" // the sample's zone loads on machines with no zone database
)

//go:generate go run ./gen -o events.csv

//go:embed events.csv
var eventsCSV []byte

// Header is the header line every event log starts with.
const Header = "customer,time,amount,segment"

// A Row is one event: a purchase by a customer.
type Row struct {
	Customer string
	At       time.Time // RFC 3339 in the file, converted to the Location given to Read
	Amount   float64   // euros, >= 0
	Segment  string    // the customer's sign-up channel: "web" or "store" in the sample
}

// Location is the time zone the sample is read in.
func Location() *time.Location {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		panic("eventlog: " + err.Error()) // time/tzdata is linked in
	}
	return loc
}

// SampleName is the name the embedded sample's errors carry.
const SampleName = "events.csv (embedded)"

// Sample returns the embedded event log.
func Sample() ([]Row, error) {
	rows, _, err := Read(bytes.NewReader(eventsCSV), SampleName, Location(), false)
	return rows, err
}

// A RowError is a bad row: the file, its line (1 is the header) and the
// column at fault.
type RowError struct {
	File   string
	Line   int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s:%d: column %s: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Read parses an event log: the header line "customer,time,amount,segment",
// then one event a row, the time in RFC 3339 (converted to loc), the
// amount a number >= 0. A bad row is a *RowError naming file, line and
// column: with skip, Read collects it in bad and goes on; without, it
// returns it as err. A bad header or a CSV syntax error is always err.
func Read(r io.Reader, file string, loc *time.Location, skip bool) (rows []Row, bad []error, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, nil, &RowError{file, 1, "header", err}
	}
	if got := fmt.Sprint(head); got != fmt.Sprint([]string{"customer", "time", "amount", "segment"}) {
		return nil, nil, &RowError{file, 1, "header", fmt.Errorf("got %q, want %q", head, Header)}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, bad, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return rows, bad, &RowError{file, line, "?", err}
		}
		row, rerr := parse(rec, loc)
		if rerr != nil {
			rerr.File, rerr.Line = file, line
			if !skip {
				return rows, bad, rerr
			}
			bad = append(bad, rerr)
			continue
		}
		rows = append(rows, row)
	}
}

func parse(rec []string, loc *time.Location) (Row, *RowError) {
	if len(rec) != 4 {
		return Row{}, &RowError{Column: "count", Err: fmt.Errorf("%d fields, want 4", len(rec))}
	}
	if rec[0] == "" {
		return Row{}, &RowError{Column: "customer", Err: errors.New("empty")}
	}
	at, err := time.Parse(time.RFC3339, rec[1])
	if err != nil {
		return Row{}, &RowError{Column: "time", Err: err}
	}
	amt, err := strconv.ParseFloat(rec[2], 64)
	if err != nil || math.IsNaN(amt) || math.IsInf(amt, 0) || amt < 0 {
		return Row{}, &RowError{Column: "amount", Err: fmt.Errorf("%q is not an amount >= 0", rec[2])}
	}
	if rec[3] == "" {
		return Row{}, &RowError{Column: "segment", Err: errors.New("empty")}
	}
	return Row{Customer: rec[0], At: at.In(loc), Amount: amt, Segment: rec[3]}, nil
}
