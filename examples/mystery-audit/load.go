package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/mysteryshopper"
)

// A visit is one row of the visits file, scored.
type visit struct {
	ID, Branch, Shopper string
	At                  time.Time
	Score               mysteryshopper.Score
}

// A rowError is a bad row of the visits file, named by file:line and,
// when known, its column.
type rowError struct {
	file   string
	line   int
	column string // "" when the row as a whole is bad
	err    error
}

func (e *rowError) Error() string {
	s := fmt.Sprintf("%s:%d", e.file, e.line)
	if e.column != "" {
		s += ": " + e.column
	}
	return s + ": " + e.err.Error()
}

func (e *rowError) Unwrap() error { return e.err }

// dateLayouts are the date formats a visits file may use, read in the
// program's time zone unless they carry an offset.
var dateLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", time.RFC3339, "2006-01-02"}

func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD HH:MM or RFC 3339", s)
}

// loader reads visits and scores them against one checklist. Bad rows are
// returned as errors (fatal) or collected in bad (skip).
type loader struct {
	s    *mysteryshopper.Scorer
	loc  *time.Location
	skip bool
	bad  []error
}

// reject records a bad row; in fatal mode it is the error to return.
func (l *loader) reject(e *rowError) error {
	if !l.skip {
		return e
	}
	l.bad = append(l.bad, e)
	return nil
}

// readChecklist loads the checklist from path, or the embedded one.
func readChecklist(path string) (mysteryshopper.Checklist, error) {
	b := checklistJSON
	if path != "" {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return mysteryshopper.Checklist{}, err
		}
	} else {
		path = "checklist.json (embedded)"
	}
	c, err := mysteryshopper.ParseChecklist(b)
	if err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// checklistBeside returns the checklist.json in the folder of the visits
// file, or "" when there is none.
func checklistBeside(visits string) string {
	p := filepath.Join(filepath.Dir(visits), "checklist.json")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// read reads visits from r, as CSV or, for a name ending in .json, JSON.
func (l *loader) read(name string, r io.Reader) ([]visit, error) {
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		return l.readJSON(name, r)
	}
	return l.readCSV(name, r)
}

// readCSV reads a header visit,date,branch,shopper,<item id>… and one
// visit per row; an empty cell is no answer.
func (l *loader) readCSV(name string, r io.Reader) ([]visit, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w", name, err)
	}
	fixed := []string{"visit", "date", "branch", "shopper"}
	for i, f := range fixed {
		if i >= len(header) || strings.TrimSpace(header[i]) != f {
			return nil, &rowError{name, 1, fmt.Sprintf("column %d", i+1), fmt.Errorf("want %q", f)}
		}
	}
	seen := map[string]bool{}
	for i, id := range header[len(fixed):] {
		id = strings.TrimSpace(id)
		col := fmt.Sprintf("column %d (%s)", len(fixed)+i+1, id)
		if _, ok := l.s.Index(id); !ok {
			return nil, &rowError{name, 1, col, fmt.Errorf("%w: not in the checklist", mysteryshopper.ErrUnknownItem)}
		}
		if seen[id] {
			return nil, &rowError{name, 1, col, errors.New("a second column for the item")}
		}
		seen[id] = true
	}
	var out []visit
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			if err := l.reject(&rowError{name, line, "", err}); err != nil {
				return nil, err
			}
			continue
		}
		if len(rec) != len(header) {
			if err := l.reject(&rowError{name, line, "", fmt.Errorf("%d fields, want %d", len(rec), len(header))}); err != nil {
				return nil, err
			}
			continue
		}
		answers := map[string]string{}
		column := map[string]string{}
		for i, id := range header[len(fixed):] {
			id = strings.TrimSpace(id)
			answers[id] = rec[len(fixed)+i]
			column[id] = fmt.Sprintf("column %d (%s)", len(fixed)+i+1, id)
		}
		v, rerr := l.visit(rec[0], rec[1], rec[2], rec[3], answers, column)
		if rerr != nil {
			rerr.file, rerr.line = name, line
			if err := l.reject(rerr); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, v)
	}
}

// jsonVisit is one element of a JSON visits file.
type jsonVisit struct {
	Visit   string            `json:"visit"`
	Date    string            `json:"date"`
	Branch  string            `json:"branch"`
	Shopper string            `json:"shopper"`
	Answers map[string]string `json:"answers"`
}

// readJSON reads a JSON list of visits, reporting each bad one by the
// line it starts on.
func (l *loader) readJSON(name string, r io.Reader) ([]visit, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	lineAt := func(off int64) int { return 1 + bytes.Count(b[:off], []byte("\n")) }
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fmt.Errorf("%s:1: want a JSON list of visits", name)
	}
	var out []visit
	for dec.More() {
		off := dec.InputOffset()
		line := lineAt(off + int64(len(b[off:])-len(bytes.TrimLeft(b[off:], " \t\r\n,"))))
		var jv jsonVisit
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, &rowError{name, line, "", err}
		}
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&jv); err != nil {
			if err := l.reject(&rowError{name, line, "", err}); err != nil {
				return nil, err
			}
			continue
		}
		column := map[string]string{}
		for id := range jv.Answers {
			column[id] = fmt.Sprintf("answer %q", id)
		}
		v, rerr := l.visit(jv.Visit, jv.Date, jv.Branch, jv.Shopper, jv.Answers, column)
		if rerr != nil {
			rerr.file, rerr.line = name, line
			if err := l.reject(rerr); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// visit checks and scores one visit; a rowError names the column at fault.
func (l *loader) visit(id, date, branch, shopper string, answers, column map[string]string) (visit, *rowError) {
	v := visit{ID: strings.TrimSpace(id), Branch: strings.TrimSpace(branch), Shopper: strings.TrimSpace(shopper)}
	at, err := parseDate(date, l.loc)
	if err != nil {
		return v, &rowError{column: "column 2 (date)", err: err}
	}
	v.At = at
	switch {
	case v.Branch == "":
		return v, &rowError{column: "column 3 (branch)", err: errors.New("no branch")}
	case v.Shopper == "":
		return v, &rowError{column: "column 4 (shopper)", err: errors.New("no shopper")}
	}
	a, err := l.s.ParseAnswers(answers, nil)
	if err == nil {
		err = l.s.Score(&v.Score, a)
	}
	if err != nil {
		col := ""
		var ve *estimate.ValueError
		if errors.As(err, &ve) {
			if ve.Index >= 0 && ve.Index < l.s.Len() {
				c := l.s.Checklist()
				col = column[itemID(c, ve.Index)]
				if col == "" {
					col = fmt.Sprintf("item %q (no column)", itemID(c, ve.Index))
				}
			} else if ve.Text != "" {
				col = column[ve.Text]
			}
		}
		return v, &rowError{column: col, err: err}
	}
	return v, nil
}

// itemID returns the id of the i-th item of c.
func itemID(c mysteryshopper.Checklist, i int) string {
	for _, s := range c.Sections {
		if i < len(s.Items) {
			return s.Items[i].ID
		}
		i -= len(s.Items)
	}
	return ""
}
