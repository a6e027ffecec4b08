package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/timing/staffing"
)

// forecastCSV is the sample forecast: a made-up Monday of half hours from
// 08:00 to 20:00 in Madrid, with the two humps of a typical inbound day
// (late morning and afternoon) and handling times a little shorter in the
// morning rush. It is shipped as forecast.csv beside this file.
//
//go:embed forecast.csv
var forecastCSV []byte

// header is the forecast's first line.
var header = []string{"start", "minutes", "contacts", "aht_seconds"}

// An interval is one forecast row: when it starts and its queue.
type interval struct {
	Start time.Time
	Queue staffing.Queue
}

// A rowError is a bad row, named by file, line and column.
type rowError struct {
	File         string
	Line, Column int
	Err          error
}

func (e *rowError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *rowError) Unwrap() error { return e.Err }

// readForecast parses a forecast: a header line "start,minutes,contacts,
// aht_seconds", then one row an interval with an RFC 3339 start, its length
// in whole minutes, the contacts forecast (a number >= 0, fractions
// allowed) and the average handling time in seconds. Starts must increase
// and intervals must not overlap. Times are shown in loc. A bad row is an
// error naming file:line:column; with skip it is reported through bad
// and left out, otherwise it ends the read.
func readForecast(r io.Reader, file string, loc *time.Location, skip bool, bad func(error)) ([]interval, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, to report the line
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	if strings.Join(head, ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("%s:1: header %q, want %q", file, strings.Join(head, ","), strings.Join(header, ","))
	}
	var out []interval
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = &rowError{file, pe.Line, pe.Column, pe.Err}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		iv, col, err := parseRow(rec, out)
		if err != nil {
			if col > 0 {
				_, c := cr.FieldPos(col - 1)
				col = c
			}
			re := &rowError{file, line, col, err}
			if !skip {
				return nil, re
			}
			bad(re)
			continue
		}
		iv.Start = iv.Start.In(loc)
		out = append(out, iv)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no intervals", file)
	}
	return out, nil
}

// parseRow parses one row; on error it returns the 1-based field at fault
// (0 for the whole row).
func parseRow(rec []string, before []interval) (interval, int, error) {
	if len(rec) != len(header) {
		return interval{}, 0, fmt.Errorf("%d fields, want %d", len(rec), len(header))
	}
	start, err := time.Parse(time.RFC3339, rec[0])
	if err != nil {
		return interval{}, 1, fmt.Errorf("start %q: not an RFC 3339 time", rec[0])
	}
	if n := len(before); n > 0 {
		prev := before[n-1]
		if end := prev.Start.Add(prev.Queue.Interval); start.Before(end) {
			return interval{}, 1, fmt.Errorf("start %s: before the previous interval ends at %s", rec[0], end.Format(time.RFC3339))
		}
	}
	minutes, err := strconv.Atoi(rec[1])
	if err != nil {
		return interval{}, 2, fmt.Errorf("minutes %q: not a whole number", rec[1])
	}
	contacts, err := strconv.ParseFloat(rec[2], 64)
	if err != nil {
		return interval{}, 3, fmt.Errorf("contacts %q: not a number", rec[2])
	}
	aht, err := strconv.ParseFloat(rec[3], 64)
	if err != nil || !(aht > 0 && aht < 1e6) {
		return interval{}, 4, fmt.Errorf("aht_seconds %q: not a number of seconds in (0, 1e6)", rec[3])
	}
	q := staffing.Queue{Contacts: contacts, Interval: time.Duration(minutes) * time.Minute,
		AHT: time.Duration(aht * float64(time.Second))}
	// The package validates the rest; map its complaint to a column.
	if _, err := q.Erlangs(); err != nil {
		col := 0
		var ve *estimate.ValueError
		if errors.As(err, &ve) {
			col = map[string]int{"interval": 2, "contacts": 3, "aht": 4, "erlangs": 3}[ve.Name]
		}
		return interval{}, col, err
	}
	return interval{Start: start, Queue: q}, 0, nil
}

// sampleForecast returns the embedded forecast, read by the same loader.
func sampleForecast(loc *time.Location) ([]interval, error) {
	return readForecast(bytes.NewReader(forecastCSV), "forecast.csv", loc, false, nil)
}
