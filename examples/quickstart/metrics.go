package main

import (
	"math"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/chart"
	"github.com/servq/servq/group"
	"github.com/servq/servq/nps"
)

// The two tallies of the report: ratings 1..5 and scores 0..10.
type (
	satTally = csat.Tally
	recTally = nps.Tally
)

func newSatPanel(loc *time.Location) *group.Panel[string, satTally, *satTally] {
	return group.BySegmentPeriod[string, csat.Tally](group.Week, loc)
}

func newRecPanel(loc *time.Location) *group.Panel[string, recTally, *recTally] {
	return group.BySegmentPeriod[string, nps.Tally](group.Week, loc)
}

func addSat(g *group.Panel[string, satTally, *satTally], channel string, at time.Time, rating int) error {
	return g.At(channel, at).Add(rating)
}

func addRec(g *group.Panel[string, recTally, *recTally], channel string, at time.Time, score int) error {
	return g.At(channel, at).Add(score)
}

// satMetric reads the CSAT % of a tally: the share of 4s and 5s with its
// Wilson interval, and compares two by Newcombe's interval and the pooled z
// test.
func satMetric() metric[satTally, *satTally] {
	return metric[satTally, *satTally]{
		name: "CSAT %", unit: "pts", format: "%5.1f",
		estimate: func(t *csat.Tally, o estimate.Options) (point, error) {
			r, err := t.Result(o)
			if err != nil {
				return point{}, err
			}
			return point{n: r.N, value: r.CSAT, ci: r.CSATCI, ok: true}, nil
		},
		compare: func(before, after *csat.Tally, o estimate.Options) (change, error) {
			b, err := before.Result(o)
			if err != nil {
				return change{}, err
			}
			a, err := after.Result(o)
			if err != nil {
				return change{}, err
			}
			c, err := csat.Compare(b, a, o)
			if err != nil {
				return change{}, err
			}
			return change{diff: c.CSAT.Estimate, lo: c.CSAT.CI.Lo, hi: c.CSAT.CI.Hi, p: c.CSAT.P}, nil
		},
		chart: chart.Figure{Title: "CSAT", YLabel: "CSAT %", YMin: 0, YMax: 100, Ref: math.NaN()},
	}
}

// recMetric reads the NPS of a tally, in points, with its default
// (adjusted Wald) interval, and compares two by their difference.
func recMetric() metric[recTally, *recTally] {
	return metric[recTally, *recTally]{
		name: "NPS", unit: "pts", format: "%+5.1f",
		estimate: func(t *nps.Tally, o estimate.Options) (point, error) {
			r, err := t.Result(o)
			if err != nil {
				return point{}, err
			}
			return point{n: r.N, value: r.NPS, ci: r.CI, ok: true}, nil
		},
		compare: func(before, after *nps.Tally, o estimate.Options) (change, error) {
			b, err := before.Result(o)
			if err != nil {
				return change{}, err
			}
			a, err := after.Result(o)
			if err != nil {
				return change{}, err
			}
			d, err := nps.Compare(b, a, o)
			if err != nil {
				return change{}, err
			}
			return change{diff: d.Estimate, lo: d.CI.Lo, hi: d.CI.Hi, p: d.P}, nil
		},
		chart: chart.Figure{Title: "NPS", YLabel: "NPS", YMin: -100, YMax: 100, Ref: 0},
	}
}
