// Package sample loads the survey responses that the example programs
// analyse. The data are embedded, so the examples run anywhere with no
// files to fetch; see gen/main.go for how they were made and what they
// hide.
package sample

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
	_ "time/tzdata" // the sample's zone loads on machines with no zone database
)

//go:generate go run ./gen -o responses.csv

//go:embed responses.csv
var responsesCSV []byte

// Missing marks a question the respondent did not answer.
const Missing = -1

// A Response is one survey answer.
type Response struct {
	At      time.Time // when the contact was rated, in Europe/Madrid
	Channel string    // phone, chat, email or store
	Branch  string    // Madrid, Barcelona, Valencia or Sevilla
	CSAT    int       // satisfaction 1..5, or Missing
	NPS     int       // likelihood to recommend 0..10, or Missing
}

// Location is the time zone the sample's times are read in.
func Location() *time.Location {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		// time/tzdata is linked in, so this cannot fail.
		panic("sample: " + err.Error())
	}
	return loc
}

// Responses returns the embedded sample, in time order.
func Responses() ([]Response, error) {
	return Read(bytes.NewReader(responsesCSV), Location())
}

// Read parses survey responses in the sample's CSV form: a header line
// "time,channel,branch,csat,nps", then one row a response with an RFC 3339
// time and empty fields for unanswered questions. Times are converted to
// loc. A malformed row returns an error that names its line.
func Read(r io.Reader, loc *time.Location) ([]Response, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 5
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("sample: header: %w", err)
	}
	if want := []string{"time", "channel", "branch", "csat", "nps"}; fmt.Sprint(head) != fmt.Sprint(want) {
		return nil, fmt.Errorf("sample: header %q, want %q", head, want)
	}
	var out []Response
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
		line, _ := cr.FieldPos(0)
		at, err := time.Parse(time.RFC3339, rec[0])
		if err != nil {
			return nil, fmt.Errorf("sample: line %d: %w", line, err)
		}
		c, err := optional(rec[3])
		if err != nil {
			return nil, fmt.Errorf("sample: line %d: csat: %w", line, err)
		}
		n, err := optional(rec[4])
		if err != nil {
			return nil, fmt.Errorf("sample: line %d: nps: %w", line, err)
		}
		out = append(out, Response{At: at.In(loc), Channel: rec[1], Branch: rec[2], CSAT: c, NPS: n})
	}
}

func optional(s string) (int, error) {
	if s == "" {
		return Missing, nil
	}
	return strconv.Atoi(s)
}
