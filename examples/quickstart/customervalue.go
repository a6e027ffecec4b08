package main

import (
	"fmt"
	"io"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/eventlog"
	"github.com/servq/servq/retention"
)

// customerValueSection prints one line on customer value, from the sample
// event log of examples/retention-cohorts (2,000 shop customers over 2024
// and 2025, in Europe/Madrid): the BG/NBD fit of the purchases to the end
// of 2025 in weeks, the customers' expected purchases over the next 52
// weeks, and their mean discounted 12-month value from the Gamma-Gamma
// spend model (1 % a month).
func customerValueSection(w io.Writer) error {
	rows, err := eventlog.Sample()
	if err != nil {
		return err
	}
	loc := eventlog.Location()
	tr, err := retention.NewTransactions(loc)
	if err != nil {
		return err
	}
	var last time.Time
	for i, r := range rows {
		if err := tr.Add(retention.Event{Customer: r.Customer, At: r.At, Amount: r.Amount}); err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		if r.At.After(last) {
			last = r.At
		}
	}
	s, err := tr.Summarize(retention.Split{End: last, Unit: retention.UnitWeek})
	if err != nil {
		return err
	}
	bg, err := retention.FitBGNBD(s.Histories(), estimate.Options{})
	if err != nil {
		return err
	}
	gg, err := retention.FitGammaGamma(s.Spends(), estimate.Options{})
	if err != nil {
		return err
	}
	h := retention.Horizon{Periods: 12, Length: 52.0 / 12, Rate: 0.01}
	var next, value float64
	for _, c := range s.Customers {
		x, tx, m := float64(c.X), c.Tx, c.Value
		if c.X > 0 && m <= 0 {
			x, tx = 0, 0
		}
		e, err := bg.ConditionalExpected(52, x, tx, c.T)
		if err != nil {
			return err
		}
		v, err := retention.CLV(bg, gg, x, tx, c.T, m, h)
		if err != nil {
			return err
		}
		next, value = next+e, value+v
	}
	n := float64(len(s.Customers))
	_, err = fmt.Fprintf(w, "Customer value: %d customers expected to make %.0f purchases in the next 52 weeks (BG/NBD r %.2f, alpha %.1f, a %.2f, b %.2f); mean 12-month value %.2f EUR (Gamma-Gamma, 1 %% a month)\n",
		len(s.Customers), next, bg.R, bg.Alpha, bg.A, bg.B, value/n)
	return err
}
