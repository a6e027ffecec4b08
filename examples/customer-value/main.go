// Command customer-value estimates how many purchases each customer will
// still make and what they are worth: the BG/NBD model of repeat
// purchases and the Gamma-Gamma model of spend (Fader, Hardie and Lee
// 2005), fitted to a transaction log with a calibration/holdout split.
//
//	go run ./examples/customer-value [-transactions FILE] [-skip] [-end DATE] [-holdout-end DATE]
//	        [-unit week|day] [-tz ZONE] [-top 10] [-months 12] [-rate 0.01] [-level 0.95] [-out DIR]
//
// Without -transactions it runs on the embedded sample.csv: 2,000
// customers simulated with a fixed seed from the parameters Fader, Hardie
// and Lee fitted to CDNOW (see gen/main.go), so the fit should find
// r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 and p = 6.25, q = 3.74,
// gamma = 15.44 within their intervals. The sample's calibration ends on
// 2025-09-30 and its holdout on 2026-06-30.
//
// The log is a CSV file with the header "customer,date,amount", one
// purchase a row, the date as 2006-01-02 (a day in -tz) or RFC 3339, the
// amount >= 0 in your currency. Purchases of a customer on one day are
// merged. A bad row is reported by file, line and column; the program
// stops there, or with -skip leaves it out and reports it. Without -end
// the calibration ends on the last day of the log and there is no holdout.
//
// It prints the BG/NBD and Gamma-Gamma parameters with their standard
// errors and intervals, the check that spend and frequency are
// uncorrelated, the calibration table of customers by repeat purchases
// (actual and expected), the holdout table (mean purchases per customer,
// actual and expected, by calibration frequency), and the top customers by
// value over -months months discounted at -rate a month. It writes
// frequency.png, holdout.png and tracking.png to -out.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servq/servq/retention"
)

type config struct {
	transactions string // "" for the embedded sample
	skip         bool
	end, holdEnd string
	unit         string
	tz           string
	top, months  int
	rate, level  float64
	out          string
}

func main() {
	var c config
	flag.StringVar(&c.transactions, "transactions", "", "transaction log CSV (customer,date,amount); empty for the embedded sample")
	flag.BoolVar(&c.skip, "skip", false, "skip bad rows, reporting each, instead of stopping at the first")
	flag.StringVar(&c.end, "end", "", "last day of the calibration period, 2006-01-02 (sample: 2025-09-30; own log: its last day)")
	flag.StringVar(&c.holdEnd, "holdout-end", "", "last day of the holdout period (sample: 2026-06-30; own log: none)")
	flag.StringVar(&c.unit, "unit", "week", "time unit of the model: week or day")
	flag.StringVar(&c.tz, "tz", "UTC", "IANA time zone the days are read in")
	flag.IntVar(&c.top, "top", 10, "customers to list by value")
	flag.IntVar(&c.months, "months", 12, "months of the customer-value horizon")
	flag.Float64Var(&c.rate, "rate", 0.01, "discount rate a month, in [0, 1)")
	flag.Float64Var(&c.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	flag.StringVar(&c.out, "out", "customer-value-out", "folder for the charts, created if missing")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: customer-value [flags]\n\nBG/NBD and Gamma-Gamma customer value from a transaction log (customer,date,amount).\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(c, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "customer-value:", err)
		os.Exit(1)
	}
}

func run(c config, w, errw io.Writer) error {
	loc, err := time.LoadLocation(c.tz)
	if err != nil {
		return err
	}
	var ps []purchase
	if c.transactions == "" {
		if ps, err = sample(loc); err != nil {
			return err
		}
		if c.end == "" && c.holdEnd == "" {
			c.end, c.holdEnd = "2025-09-30", "2026-06-30"
		}
	} else {
		f, err := os.Open(c.transactions)
		if err != nil {
			return err
		}
		var bad []error
		ps, bad, err = readLog(f, c.transactions, loc, c.skip)
		f.Close()
		for _, b := range bad {
			fmt.Fprintln(errw, "skipped:", b)
		}
		if err != nil {
			return err
		}
	}
	if len(ps) == 0 {
		return errors.New("no purchases")
	}
	split := retention.Split{Unit: retention.UnitWeek}
	switch c.unit {
	case "week":
	case "day":
		split.Unit = retention.UnitDay
	default:
		return fmt.Errorf("-unit %q: want week or day", c.unit)
	}
	if split.End, err = dateFlag("end", c.end, loc, ps); err != nil {
		return err
	}
	if c.holdEnd != "" {
		if split.HoldoutEnd, err = dateFlag("holdout-end", c.holdEnd, loc, nil); err != nil {
			return err
		}
	}
	perMonth := 52.0 / 12
	if split.Unit == retention.UnitDay {
		perMonth = 365.0 / 12
	}
	a, err := analyse(ps, loc, split, c.level, c.top, retention.Horizon{Periods: c.months, Length: perMonth, Rate: c.rate})
	if err != nil {
		return err
	}
	first := a.track[0].At.AddDate(0, 0, -int(a.track[0].Time*7+0.5))
	period := fmt.Sprintf("%s to %s (%s)", first.Format(time.DateOnly), lastDay(split).Format(time.DateOnly), loc)
	report(w, a, c, period)
	if c.out != "" {
		if err := os.MkdirAll(c.out, 0o755); err != nil {
			return err
		}
		paths, err := charts(a, c.out, period)
		if err != nil {
			return err
		}
		for _, p := range paths {
			fmt.Fprintln(w, "wrote", p)
		}
	}
	return nil
}

func lastDay(s retention.Split) time.Time {
	if s.HoldoutEnd.IsZero() {
		return s.End
	}
	return s.HoldoutEnd
}

// dateFlag parses a day flag; empty means the last day of ps.
func dateFlag(name, v string, loc *time.Location, ps []purchase) (time.Time, error) {
	if v == "" {
		var last time.Time
		for _, p := range ps {
			if p.at.After(last) {
				last = p.at
			}
		}
		return last, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("-%s %q: want 2006-01-02", name, v)
	}
	return t, nil
}

func report(w io.Writer, a *analysis, c config, period string) {
	u := a.split.Unit.String()
	fmt.Fprintf(w, "Customer value: %d purchases of %d customers, %s\n", a.purchases, a.customers, period)
	fmt.Fprintf(w, "Calibration to %s: %d customers; holdout %.0f %ss\n\n", a.split.End.Format(time.DateOnly), len(a.summary.Customers), a.summary.Holdout, u)
	bg, gg := a.bg, a.gg
	fmt.Fprintf(w, "BG/NBD (times in %ss), log-likelihood %.1f over %d distinct histories:\n", u, bg.LogLik, bg.Rows)
	for i, p := range []struct {
		name string
		v    float64
		lo   float64
		hi   float64
	}{{"r", bg.R, bg.RCI.Lo, bg.RCI.Hi}, {"alpha", bg.Alpha, bg.AlphaCI.Lo, bg.AlphaCI.Hi}, {"a", bg.A, bg.ACI.Lo, bg.ACI.Hi}, {"b", bg.B, bg.BCI.Lo, bg.BCI.Hi}} {
		fmt.Fprintf(w, "  %-6s %8.3f  SE %.3f  %.0f %% CI [%.3f, %.3f]\n", p.name, p.v, bg.SE[i], 100*bg.RCI.Level, p.lo, p.hi)
	}
	fmt.Fprintf(w, "Gamma-Gamma (spend per purchase), %d customers with repeat purchases:\n", gg.N)
	for i, p := range []struct {
		name      string
		v, lo, hi float64
	}{{"p", gg.P, gg.PCI.Lo, gg.PCI.Hi}, {"q", gg.Q, gg.QCI.Lo, gg.QCI.Hi}, {"gamma", gg.Gamma, gg.GammaCI.Lo, gg.GammaCI.Hi}} {
		fmt.Fprintf(w, "  %-6s %8.3f  SE %.3f  %.0f %% CI [%.3f, %.3f]\n", p.name, p.v, gg.SE[i], 100*gg.PCI.Level, p.lo, p.hi)
	}
	fmt.Fprintf(w, "  frequency-spend correlation %.3f [%.3f, %.3f] (the model assumes 0)\n\n", a.corr.R, a.corr.CI.Lo, a.corr.CI.Hi)
	fmt.Fprintf(w, "Calibration: customers by repeat purchases\n  %-4s %9s %9s\n", "x", "actual", "expected")
	for _, r := range a.freq {
		fmt.Fprintf(w, "  %-4s %9.0f %9.1f\n", xLabel(r), r.Actual, r.Expected)
	}
	if a.holdout != nil {
		fmt.Fprintf(w, "\nHoldout (%.0f %ss): mean purchases per customer by calibration x\n  %-4s %9s %9s %9s\n", a.summary.Holdout, u, "x", "customers", "actual", "expected")
		for _, r := range a.holdout {
			fmt.Fprintf(w, "  %-4s %9d %9.3f %9.3f\n", xLabel(r), r.Customers, r.Actual, r.Expected)
		}
	}
	fmt.Fprintf(w, "\nTop %d customers by value over %d months at %.1f %% a month:\n  %-10s %4s %7s %7s %8s %10s %9s\n", len(a.top), c.months, 100*c.rate, "customer", "x", "t_x", "T", "P(alive)", "next year", "value")
	for _, v := range a.top {
		fmt.Fprintf(w, "  %-10s %4d %7.2f %7.2f %8.3f %10.2f %9.2f\n", v.c.ID, v.c.X, v.c.Tx, v.c.T, v.alive, v.next, v.value)
	}
}

func xLabel(r retention.FrequencyRow) string {
	if r.AndMore {
		return fmt.Sprintf("%d+", r.X)
	}
	return fmt.Sprint(r.X)
}
