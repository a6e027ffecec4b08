// Command gen writes the sample transaction log of the customer-value
// example: 2,000 customers simulated from the BG/NBD and Gamma-Gamma models
// with the parameters Fader, Hardie and Lee (2005) fitted to CDNOW
// (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 in weeks; p = 6.25,
// q = 3.74, gamma = 15.44 dollars), first purchases spread over the 12
// weeks from 2025-01-01, purchases on whole days up to 2026-06-30. The
// seed is fixed, so the file is the same on every run:
//
//	go run ./examples/customer-value/gen -o examples/customer-value/sample.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

func main() {
	out := flag.String("o", "sample.csv", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "customer,date,amount")
	src := rand.NewPCG(2005, 14)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: 0.243, Beta: 4.414, Src: src} // purchases a week
	drop := distuv.Beta{Alpha: 0.793, Beta: 2.426, Src: src}
	nu := distuv.Gamma{Alpha: 3.74, Beta: 15.44, Src: src}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		id := fmt.Sprintf("C%04d", i+1)
		first := start.AddDate(0, 0, rng.IntN(84))
		l, p, v := lam.Rand(), drop.Rand(), nu.Rand()
		spend := distuv.Gamma{Alpha: 6.25, Beta: v, Src: src}
		day := first
		fmt.Fprintf(w, "%s,%s,%.2f\n", id, day.Format(time.DateOnly), spend.Rand())
		t := 0.0 // weeks since the first purchase
		for {
			t += rng.ExpFloat64() / l
			if t > 100 { // weeks: past the end of the log (and no int overflow)
				break
			}
			d := first.AddDate(0, 0, int(math.Ceil(t*7)))
			if d.After(last) {
				break
			}
			fmt.Fprintf(w, "%s,%s,%.2f\n", id, d.Format(time.DateOnly), spend.Rand())
			if rng.Float64() < p {
				break
			}
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
