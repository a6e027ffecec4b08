package csat

import (
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
)

// A Rating is one rating with the instant it was given.
type Rating struct {
	At    time.Time `json:"at"`
	Value int       `json:"value"`
}

// A DayMean is the mean rating of one local calendar day.
type DayMean struct {
	// Day is the first instant of the day in the Location asked for:
	// local midnight, or the end of a clock change that skipped midnight.
	Day time.Time `json:"day"`
	// N is the number of ratings given that day, at least 1.
	N int64 `json:"n"`
	// Mean is their mean, Σ ratings / N, on the scale of the ratings.
	Mean float64 `json:"mean"`
}

// DailyAverage returns the mean rating of each local calendar day of rs, in
// chronological order, days without ratings left out:
//
//	Mean(day) = Σ_{r in day} r.Value / N(day)
//
// A rating belongs to the day on the wall clock of loc at r.At: a rating
// at 2026-03-01T23:30Z is of 2 March in Asia/Tokyo. Days are calendar days,
// not 24-hour spans: a day across a daylight-saving change has 23 or 25
// hours and all its ratings (package group, [group.Day], keys the days).
// It runs in O(n) with one [Tally] per day, whatever the order of rs.
//
// For more than the mean (the CSAT per week, trends per channel), keep
// tallies in a group of package group yourself and call Result on each;
// see the examples.
//
// A nil loc returns ErrLocation; an invalid scale ErrScale; a rating
// outside the scale ErrOutOfRange with its index in rs. No ratings return
// an empty slice and no error.
func DailyAverage(rs []Rating, s Scale, loc *time.Location) ([]DayMean, error) {
	const fn = "csat.DailyAverage"
	if loc == nil {
		return nil, &estimate.ValueError{Func: fn, Name: "location", Text: "nil", Index: -1, Err: ErrLocation}
	}
	if err := s.check(fn); err != nil {
		return nil, err
	}
	s = s.resolve()
	days := group.ByPeriod[Tally](group.Day, loc)
	days.New = func() *Tally {
		t := new(Tally)
		t.setScale(s)
		return t
	}
	for i, r := range rs {
		if !s.Contains(r.Value) {
			return nil, ratingErr(fn, r.Value, s, i)
		}
		if err := days.At(r.At).Add(r.Value); err != nil {
			// Only an overflow, past 2⁶³ ratings a day.
			return nil, &estimate.ValueError{Func: fn, Name: "rating", Value: float64(r.Value), Index: i, Err: err}
		}
	}
	out := make([]DayMean, 0, days.Len())
	for day, t := range days.All() {
		out = append(out, DayMean{Day: day, N: t.n, Mean: t.mean()})
	}
	return out, nil
}
