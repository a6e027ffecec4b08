package main

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/servqual"
)

//go:generate go run ./gen -o responses.csv

// sampleCSV is the embedded sample study (see gen/main.go for its model).
//
//go:embed responses.csv
var sampleCSV string

// A row is one respondent of the file, with where it came from.
type row struct {
	line      int
	branch    string    // "" when the file has no branch column
	submitted time.Time // zero when the file has no submitted column
	resp      servqual.Response
}

// A rowError is a bad row: its file, line and column.
type rowError struct {
	file   string
	line   int
	column string
	err    error
}

func (e *rowError) Error() string {
	if e.column == "" {
		return fmt.Sprintf("%s:%d: %v", e.file, e.line, e.err)
	}
	return fmt.Sprintf("%s:%d: column %s: %v", e.file, e.line, e.column, e.err)
}

func (e *rowError) Unwrap() error { return e.err }

// layout maps the columns of a wide export to the answers of a response.
type layout struct {
	e, p, m, d []int // column of item i, -1 when absent
	w          []int // column of the weight of dimension j
	branch     int
	submitted  int
	names      []string
}

// readWide reads a wide survey export for instrument in: a header line, then
// one row per respondent. Columns E<id> and P<id> hold the expectation and
// perception of item <id> (E1..E22, P1..P22 for the standard instrument)
// and are required; M<id> and D<id> (the minimum and desired levels of the
// three-column format) and W1..W<D> (importance points per dimension, in
// the instrument's order) are optional, as are "id", "branch" and
// "submitted" (an RFC 3339 time, read in loc). Other columns are ignored.
// A blank cell is a missing answer. Each row is checked against the
// instrument as servqual would check it; a bad row is passed to bad, with
// its file:line and column, and skipped when bad returns nil, or stops the
// reading with bad's error.
func readWide(r io.Reader, file string, in servqual.Instrument, loc *time.Location, bad func(*rowError) error) ([]row, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, &rowError{file: file, line: 1, err: fmt.Errorf("header: %w", err)}
	}
	lay, err := columns(head, in)
	if err != nil {
		return nil, &rowError{file: file, line: 1, err: err}
	}
	check, err := servqual.NewAccumulator(in) // Add validates each row; its sums are not used
	if err != nil {
		return nil, err
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			if err := bad(&rowError{file: file, line: line, err: err}); err != nil {
				return nil, err
			}
			continue
		}
		x, rerr := parseRow(rec, lay, in, loc)
		if rerr == nil {
			if err := check.Add(x.resp); err != nil {
				rerr = &rowError{column: columnOf(err, lay), err: err}
			}
		}
		if rerr != nil {
			rerr.file, rerr.line = file, line
			if err := bad(rerr); err != nil {
				return nil, err
			}
			continue
		}
		x.line = line
		rows = append(rows, x)
	}
}

// columns finds the columns of in's items in the header.
func columns(head []string, in servqual.Instrument) (*layout, error) {
	k, d := len(in.Items), len(in.Dimensions)
	lay := &layout{branch: -1, submitted: -1, names: append([]string(nil), head...)}
	for _, s := range []*[]int{&lay.e, &lay.p, &lay.m, &lay.d} {
		*s = make([]int, k)
		for i := range *s {
			(*s)[i] = -1
		}
	}
	lay.w = make([]int, d)
	for j := range lay.w {
		lay.w[j] = -1
	}
	item := make(map[string]int, k)
	for i, it := range in.Items {
		item[it.ID] = i
	}
	for c, name := range head {
		name = strings.TrimSpace(name)
		switch name {
		case "branch":
			lay.branch = c
			continue
		case "submitted":
			lay.submitted = c
			continue
		}
		if len(name) < 2 {
			continue
		}
		id := name[1:]
		if name[0] == 'W' {
			if j, err := strconv.Atoi(id); err == nil && j >= 1 && j <= d {
				lay.w[j-1] = c
			}
			continue
		}
		i, ok := item[id]
		if !ok {
			continue
		}
		switch name[0] {
		case 'E':
			lay.e[i] = c
		case 'P':
			lay.p[i] = c
		case 'M':
			lay.m[i] = c
		case 'D':
			lay.d[i] = c
		}
	}
	for i, it := range in.Items {
		if lay.e[i] < 0 || lay.p[i] < 0 {
			return nil, fmt.Errorf("header: no column E%s or P%s", it.ID, it.ID)
		}
	}
	return lay, nil
}

// parseRow turns one record into a row; the error names its column.
func parseRow(rec []string, lay *layout, in servqual.Instrument, loc *time.Location) (row, *rowError) {
	var x row
	ints := func(cols []int, optional bool) ([]int, *rowError) {
		if optional && cols[0] < 0 {
			return nil, nil
		}
		v := make([]int, len(cols))
		for i, c := range cols {
			s := ""
			if c >= 0 {
				s = strings.TrimSpace(rec[c])
			}
			if s == "" {
				v[i] = servqual.Missing
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, &rowError{column: lay.names[c], err: fmt.Errorf("%q is not a whole number", s)}
			}
			v[i] = n
		}
		return v, nil
	}
	var err *rowError
	if x.resp.Expectations, err = ints(lay.e, false); err != nil {
		return x, err
	}
	if x.resp.Perceptions, err = ints(lay.p, false); err != nil {
		return x, err
	}
	if x.resp.Minimum, err = ints(lay.m, true); err != nil {
		return x, err
	}
	if x.resp.Desired, err = ints(lay.d, true); err != nil {
		return x, err
	}
	if lay.w[0] >= 0 {
		blank := 0
		w := make([]float64, len(lay.w))
		for j, c := range lay.w {
			s := ""
			if c >= 0 {
				s = strings.TrimSpace(rec[c])
			}
			if s == "" {
				blank++
				continue
			}
			v, perr := strconv.ParseFloat(s, 64)
			if perr != nil {
				return x, &rowError{column: lay.names[c], err: fmt.Errorf("%q is not a number", s)}
			}
			w[j] = v
		}
		switch blank {
		case 0:
			x.resp.Weights = w
		case len(w): // no weights given
		default:
			return x, &rowError{column: "W1..W" + strconv.Itoa(len(w)), err: errors.New("some weights blank, some not")}
		}
	}
	if lay.branch >= 0 {
		x.branch = strings.TrimSpace(rec[lay.branch])
	}
	if lay.submitted >= 0 {
		s := strings.TrimSpace(rec[lay.submitted])
		if s != "" {
			t, perr := time.Parse(time.RFC3339, s)
			if perr != nil {
				return x, &rowError{column: lay.names[lay.submitted], err: fmt.Errorf("%q is not an RFC 3339 time", s)}
			}
			x.submitted = t.In(loc)
		}
	}
	return x, nil
}

// columnOf names the column of a servqual.Accumulator.Add error: the item's
// index and the kind of answer are in the ValueError.
func columnOf(err error, lay *layout) string {
	var ve *estimate.ValueError
	if !errors.As(err, &ve) || ve.Index < 0 {
		if errors.Is(err, servqual.ErrWeights) {
			return "W1..W" + strconv.Itoa(len(lay.w))
		}
		return ""
	}
	var cols []int
	switch {
	case strings.HasPrefix(ve.Name, "expectation"):
		cols = lay.e
	case strings.HasPrefix(ve.Name, "perception"):
		cols = lay.p
	case strings.HasPrefix(ve.Name, "minimum"):
		cols = lay.m
	case strings.HasPrefix(ve.Name, "desired"):
		cols = lay.d
	case strings.HasPrefix(ve.Name, "weight"):
		cols = lay.w
	}
	if ve.Index < len(cols) && cols[ve.Index] >= 0 {
		return lay.names[cols[ve.Index]]
	}
	return ""
}
