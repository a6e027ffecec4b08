package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/servq/servq/rating"
)

// columns names the columns of a responses CSV that the report reads. An
// empty csat or nps name means the file has no such question.
type columns struct {
	time, segment, csat, nps string
}

// A response is one row of the CSV: when it was given, its segment, and
// its two answers, each blank (missing) when not answered.
type response struct {
	at        time.Time
	segment   string
	csat, nps int // missing when blank
	line      int // line in the file, for messages
}

// missing marks a blank answer.
const missing = -1

// The scales of the two questions.
var (
	csatScale = rating.Scale{Min: 1, Max: 5}
	npsScale  = rating.Scale{Min: 0, Max: 10}
)

// A rowError is a bad row: the file, its line, the column and the value at
// fault, and why.
type rowError struct {
	file   string
	line   int
	column string
	value  string
	err    error
}

func (e *rowError) Error() string {
	if e.column == "" {
		return fmt.Sprintf("%s:%d: %v", e.file, e.line, e.err)
	}
	return fmt.Sprintf("%s:%d: column %q: %q: %v", e.file, e.line, e.column, e.value, e.err)
}

func (e *rowError) Unwrap() error { return e.err }

// timeLayouts are the forms of the time column, tried in order: a
// timestamp with its offset, a local timestamp read in the report's zone,
// and a date alone, which is taken at local noon (never skipped by a clock
// change) so that it lands on its own day.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly}

// parseTime reads s in loc by the first of timeLayouts that fits.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range timeLayouts[1:] {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if layout == time.DateOnly {
				t = time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, loc)
			}
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a date (2026-01-05) or a timestamp (2026-01-05T10:30:00+01:00, 2026-01-05 10:30)")
}

// load reads survey responses from a CSV with a header row, naming the
// file name in messages. Each data row needs a time and a segment, and has
// a CSAT rating 1..5 and an NPS score 0..10, either of which may be blank.
// A bad row is an error naming file:line and the column; with skip, it is
// reported to warn instead and left out, and load returns how many were.
func load(r io.Reader, name string, c columns, loc *time.Location, skip bool, warn io.Writer) ([]response, int, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("%s: header: %w", name, err)
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff") // a byte-order mark from spreadsheets
	at := map[string]int{}
	for i, h := range head {
		at[strings.ToLower(strings.TrimSpace(h))] = i
	}
	col := func(name, flag string) (int, error) {
		if name == "" {
			return -1, nil
		}
		i, ok := at[strings.ToLower(name)]
		if !ok {
			return 0, fmt.Errorf("no column %q (flag -%s); the header has %s", name, flag, strings.Join(head, ", "))
		}
		return i, nil
	}
	var idx [4]int
	for k, f := range []struct{ name, flag string }{{c.time, "time-column"}, {c.segment, "segment-column"},
		{c.csat, "csat-column"}, {c.nps, "nps-column"}} {
		if idx[k], err = col(f.name, f.flag); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	if idx[0] < 0 || idx[1] < 0 || idx[2] < 0 && idx[3] < 0 {
		return nil, 0, fmt.Errorf("%s: the time and segment columns and a score column are needed", name)
	}
	var out []response
	skipped := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var row response
		if err == nil {
			line, _ := cr.FieldPos(0)
			row, err = parseRow(rec, name, line, idx, [4]string{c.time, c.segment, c.csat, c.nps}, loc)
		} else if len(rec) == 0 {
			return nil, skipped, fmt.Errorf("%s: %w", name, err)
		} else {
			var pe *csv.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, csv.ErrFieldCount) {
				return nil, skipped, fmt.Errorf("%s: %w", name, err) // broken quoting: the rest cannot be trusted
			}
			err = &rowError{file: name, line: pe.StartLine, err: fmt.Errorf("%d fields, want %d as in the header", len(rec), len(head))}
		}
		if err != nil {
			if !skip {
				return nil, skipped, err
			}
			skipped++
			fmt.Fprintf(warn, "skipped %v\n", err)
			continue
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, skipped, fmt.Errorf("%s: no responses", name)
	}
	return out, skipped, nil
}

// parseRow reads one data row; idx are the columns' positions (-1 for a
// question the file does not have) and names their names.
func parseRow(rec []string, file string, line int, idx [4]int, names [4]string, loc *time.Location) (response, error) {
	bad := func(k int, err error) error {
		return &rowError{file: file, line: line, column: names[k], value: rec[idx[k]], err: err}
	}
	r := response{csat: missing, nps: missing, line: line}
	var err error
	if r.at, err = parseTime(rec[idx[0]], loc); err != nil {
		return r, bad(0, err)
	}
	if r.segment = strings.TrimSpace(rec[idx[1]]); r.segment == "" {
		return r, bad(1, errors.New("empty segment"))
	}
	for _, q := range []struct {
		k   int
		dst *int
	}{{2, &r.csat}, {3, &r.nps}} {
		k, dst := q.k, q.dst
		if idx[k] < 0 {
			continue
		}
		s := strings.TrimSpace(rec[idx[k]])
		if s == "" {
			continue
		}
		x, err := strconv.Atoi(s)
		if err != nil {
			return r, bad(k, errors.New("not a whole number"))
		}
		scale := csatScale
		if k == 3 {
			scale = npsScale
		}
		if err := scale.Check("", x, -1); err != nil {
			return r, bad(k, fmt.Errorf("out of range %v", scale))
		}
		*dst = x
	}
	return r, nil
}

// embedded returns a reader of the embedded sample.
func embedded() io.Reader { return bytes.NewReader(sampleCSV) }
