package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/retention"
)

// analysis is everything the program prints and charts.
type analysis struct {
	split     retention.Split
	summary   retention.Summary
	bg        retention.BGNBD
	gg        retention.GammaGamma
	corr      retention.Correlation
	freq      []retention.FrequencyRow
	holdout   []retention.FrequencyRow // nil without a holdout
	track     []retention.TrackPoint
	top       []valued
	customers int
	purchases int
}

type valued struct {
	c     retention.Customer
	alive float64
	next  float64 // expected purchases in the next 52 weeks (or 365 days)
	value float64 // CLV over the horizon
}

// analyse runs the whole analysis of the log.
func analyse(ps []purchase, loc *time.Location, split retention.Split, level float64, top int, horizon retention.Horizon) (*analysis, error) {
	tr, err := retention.NewTransactions(loc)
	if err != nil {
		return nil, err
	}
	for i, p := range ps {
		if err := tr.Add(retention.Event{Customer: p.customer, At: p.at, Amount: p.amount}); err != nil {
			return nil, fmt.Errorf("purchase %d: %w", i+1, err)
		}
	}
	a := &analysis{split: split, customers: int(tr.N()), purchases: len(ps)}
	if a.summary, err = tr.Summarize(split); err != nil {
		return nil, err
	}
	o := estimate.Options{Level: level}
	if a.bg, err = retention.FitBGNBD(a.summary.Histories(), o); err != nil {
		return nil, err
	}
	spends := a.summary.Spends()
	if a.gg, err = retention.FitGammaGamma(spends, o); err != nil {
		return nil, err
	}
	if a.corr, err = spends.Correlation(o); err != nil {
		return nil, err
	}
	if a.freq, err = retention.FrequencyCheck(a.bg, a.summary.Histories(), 7); err != nil {
		return nil, err
	}
	if a.summary.Holdout > 0 {
		if a.holdout, err = retention.HoldoutCheck(a.bg, a.summary, 7); err != nil {
			return nil, err
		}
	}
	if a.track, err = tr.Track(a.bg, split); err != nil {
		return nil, err
	}
	year := 52.0
	if split.Unit == retention.UnitDay {
		year = 365
	}
	for _, c := range a.summary.Customers {
		x, tx, T := float64(c.X), c.Tx, c.T
		v := valued{c: c}
		v.alive, _ = a.bg.PAlive(x, tx, T)
		v.next, _ = a.bg.ConditionalExpected(year, x, tx, T)
		m := c.Value
		if c.X > 0 && m <= 0 {
			x, tx, m = 0, 0, 0 // repeat purchases without amounts: value as a new customer's
		}
		if v.value, err = retention.CLV(a.bg, a.gg, x, tx, T, m, horizon); err != nil {
			return nil, fmt.Errorf("customer %s: %w", c.ID, err)
		}
		a.top = append(a.top, v)
	}
	slices.SortStableFunc(a.top, func(p, q valued) int {
		switch {
		case p.value > q.value:
			return -1
		case p.value < q.value:
			return 1
		}
		return 0
	})
	a.top = a.top[:min(top, len(a.top))]
	return a, nil
}
