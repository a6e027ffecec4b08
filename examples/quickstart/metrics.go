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
			c, err := compareResults(before, after, o, csat.Compare)
			return changeOf(c.CSAT), err
		},
		chart: chart.Figure{Title: "CSAT", YLabel: "CSAT %", YMin: 0, YMax: 100, Ref: math.NaN()},
	}
}

// recMetric reads the NPS of a tally, in points, with its default
// (score) interval, and compares two by their difference (adjusted Wald).
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
			d, err := compareResults(before, after, o, nps.Compare)
			return changeOf(d), err
		},
		chart: chart.Figure{Title: "NPS", YLabel: "NPS", YMin: -100, YMax: 100, Ref: 0},
	}
}

// compareResults reads the results of two tallies and compares them with
// the package's Compare, which takes results so that stored ones compare
// too.
func compareResults[R, C any, P interface {
	Result(estimate.Options) (R, error)
}](before, after P, o estimate.Options, compare func(before, after R, o estimate.Options) (C, error)) (C, error) {
	var zero C
	b, err := before.Result(o)
	if err != nil {
		return zero, err
	}
	a, err := after.Result(o)
	if err != nil {
		return zero, err
	}
	return compare(b, a, o)
}

func changeOf(d estimate.Difference) change {
	return change{diff: d.Estimate, lo: d.CI.Lo, hi: d.CI.Hi, p: d.P}
}
