package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

//go:generate go run ./gen -o sample.csv

//go:embed sample.csv
var sampleCSV []byte

// header is the first line of every transaction log.
const header = "customer,date,amount"

// A purchase is one row of the log.
type purchase struct {
	customer string
	at       time.Time
	amount   float64
}

// A rowError is a bad row: the file, the line and the column (1-based) of
// the bad field, and why.
type rowError struct {
	file         string
	line, column int
	err          error
}

func (e *rowError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.file, e.line, e.column, e.err)
}

func (e *rowError) Unwrap() error { return e.err }

// readLog reads a transaction log: the header line, then one purchase a
// row, the date as 2006-01-02 (a calendar day in loc) or RFC 3339, the
// amount >= 0 in the currency of the log. With skip, bad rows are left
// out and returned in bad; without, the first one stops the read.
func readLog(r io.Reader, file string, loc *time.Location, skip bool) (ps []purchase, bad []error, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s:1: %w", file, err)
	}
	if strings.Join(head, ",") != header {
		return nil, nil, &rowError{file, 1, 1, fmt.Errorf("header %q, want %q", strings.Join(head, ","), header)}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return ps, bad, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, bad, &rowError{file, pe.Line, pe.Column, pe.Err}
			}
			return nil, bad, err
		}
		p, rerr := parse(rec, loc)
		if rerr != nil {
			rerr.file, rerr.line = file, line
			if !skip {
				return nil, bad, rerr
			}
			bad = append(bad, rerr)
			continue
		}
		ps = append(ps, p)
	}
}

func parse(rec []string, loc *time.Location) (purchase, *rowError) {
	if len(rec) != 3 {
		return purchase{}, &rowError{column: 1, err: fmt.Errorf("%d fields, want 3 (%s)", len(rec), header)}
	}
	if rec[0] == "" {
		return purchase{}, &rowError{column: 1, err: errors.New("empty customer")}
	}
	at, err := time.ParseInLocation(time.DateOnly, rec[1], loc)
	if err != nil {
		if at, err = time.Parse(time.RFC3339, rec[1]); err != nil {
			return purchase{}, &rowError{column: 2, err: fmt.Errorf("date %q: want 2006-01-02 or RFC 3339", rec[1])}
		}
	}
	amt, err := strconv.ParseFloat(rec[2], 64)
	if err != nil || math.IsNaN(amt) || math.IsInf(amt, 0) || amt < 0 {
		return purchase{}, &rowError{column: 3, err: fmt.Errorf("amount %q: want a number >= 0", rec[2])}
	}
	return purchase{rec[0], at, amt}, nil
}

// sample returns the embedded sample log, read like a user's file.
func sample(loc *time.Location) ([]purchase, error) {
	ps, _, err := readLog(bytes.NewReader(sampleCSV), "sample.csv", loc, false)
	return ps, err
}
