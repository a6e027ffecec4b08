package main

import (
	"fmt"
	"io"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/examples/internal/eventlog"
	"github.com/servq/servq/group"
	"github.com/servq/servq/retention"
)

// retentionSection prints one line on customer retention, from the sample
// event log of examples/retention-cohorts (2,000 shop customers over 2024
// and 2025, in Europe/Madrid): the last month's customer retention with
// its 95 % interval, and the share of customers still buying a year after
// their first purchase, averaged over cohorts weighted by size.
func retentionSection(w io.Writer) error {
	rows, err := eventlog.Sample()
	if err != nil {
		return err
	}
	c, err := retention.NewCohorts(group.Month, eventlog.Location())
	if err != nil {
		return err
	}
	for i, r := range rows {
		if err := c.Add(retention.Event{Customer: r.Customer, At: r.At, Amount: r.Amount}); err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
	}
	t, err := c.Result(estimate.Options{})
	if err != nil {
		return err
	}
	last := t.Periods[len(t.Periods)-1]
	if !last.HasRate || len(t.Average) <= 12 {
		return fmt.Errorf("retention: the sample covers too few months")
	}
	r, year := last.Rate, t.Average[12]
	old := 0 // cohorts a year old or more
	for _, co := range t.Cohorts {
		if len(co.Active) > 12 {
			old++
		}
	}
	_, err = fmt.Fprintf(w, "Retention: %s customer retention %.1f %% [%.1f, %.1f] of %d customers; %.0f %% of customers still buying 12 months after their first purchase (%d cohorts, %d customers)\n",
		last.Label, r.Retention, r.RetentionCI.Lo, r.RetentionCI.Hi, r.Start, 100*year.Share, old, year.Of)
	return err
}
