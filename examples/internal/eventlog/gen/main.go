// Command gen writes the sample event log of the retention examples:
// 2,000 customers of a shop over 2024 and 2025, in Europe/Madrid.
//
//	go run ./examples/internal/eventlog/gen -o examples/internal/eventlog/events.csv
//
// What it hides, for the examples to find:
//   - Customers sign up through "web" (60 %) or "store" (40 %). Each has a
//     monthly churn probability drawn from a beta distribution, mean 12 %
//     for web and 6 % for store, so that store customers live about twice
//     as long and retention rises with tenure (the heterogeneity that
//     Fader and Hardie's sBG model describes).
//   - While a customer stays, purchases arrive at about one a month
//     (Poisson), with amounts around 30 euros (web) and 45 euros (store).
//   - Sign-ups are spread evenly over the two years; the log ends on
//     2025-12-31, so recent customers are censored.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"time"
)

func main() {
	out := flag.String("o", "events.csv", "output file")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type event struct {
	at       time.Time
	customer string
	amount   float64
	segment  string
}

func write(path string) error {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(2024, 13))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	days := end.Sub(start).Hours() / 24
	var evs []event
	for i := range 2000 {
		id := fmt.Sprintf("C%04d", i+1)
		seg, mean, amount := "web", 0.12, 30.0
		if r.Float64() < 0.4 {
			seg, mean, amount = "store", 0.06, 45.0
		}
		// Beta(a, b) with mean a/(a+b) and a = 1.2, via two gammas.
		a := 1.2
		b := a * (1 - mean) / mean
		x, y := gamma(r, a), gamma(r, b)
		churn := x / (x + y)
		t := start.Add(time.Duration(r.Float64() * days * 24 * float64(time.Hour)))
		// The first purchase is the sign-up.
		evs = append(evs, event{t, id, round2(amount * math.Exp(0.4*r.NormFloat64()-0.08)), seg})
		for {
			// One month of purchases, then a churn draw.
			monthEnd := t.AddDate(0, 1, 0)
			for u := t.Add(time.Duration(r.ExpFloat64() * 30 * 24 * float64(time.Hour))); u.Before(monthEnd); u = u.Add(time.Duration(r.ExpFloat64() * 30 * 24 * float64(time.Hour))) {
				if !u.Before(end) {
					break
				}
				evs = append(evs, event{u, id, round2(amount * math.Exp(0.4*r.NormFloat64()-0.08)), seg})
			}
			t = monthEnd
			if !t.Before(end) || r.Float64() < churn {
				break
			}
		}
	}
	sort.Slice(evs, func(i, j int) bool {
		if !evs[i].at.Equal(evs[j].at) {
			return evs[i].at.Before(evs[j].at)
		}
		return evs[i].customer < evs[j].customer
	})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "customer,time,amount,segment")
	for _, e := range evs {
		fmt.Fprintf(w, "%s,%s,%.2f,%s\n", e.customer, e.at.Truncate(time.Second).Format(time.RFC3339), e.amount, e.segment)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// gamma draws from Gamma(k, 1) by Marsaglia and Tsang (2000), with the
// k < 1 boost.
func gamma(r *rand.Rand, k float64) float64 {
	if k < 1 {
		return gamma(r, k+1) * math.Pow(r.Float64(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}
