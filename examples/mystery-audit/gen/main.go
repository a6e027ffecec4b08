// Command gen writes the sample visits of mystery-audit: five branches,
// six months (January to June 2026, Europe/Madrid), twelve visits per
// branch and month, 360 in all, answered on the English five-section
// report (checklist.json). It hides stories for the program to find:
//
//   - Sevilla is weak at the needs enquiry (its three core items are met
//     far less often): its weakest section, well below the others';
//
//   - Bilbao starts poorly and improves month by month (second quarter
//     above the first);
//
//   - shopper S07 is lenient and S03 harsh (their answers shift up and
//     down); S08 made only three visits, too few to judge;
//
//   - offering a card or contact ("contact") is the weakest item everywhere.
//
//     go run ./examples/mystery-audit/gen -o examples/mystery-audit/visits.csv
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"time"
	_ "time/tzdata"

	"github.com/servq/servq/mysteryshopper"
)

func main() {
	out := flag.String("o", "visits.csv", "output CSV")
	flag.Parse()
	c, err := mysteryshopper.Report(mysteryshopper.English)
	if err != nil {
		log.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2026, 12))
	branches := []string{"Bilbao", "Madrid", "Sevilla", "Valencia", "Zaragoza"}
	quality := map[string]float64{"Bilbao": 0, "Madrid": 0.88, "Sevilla": 0.86, "Valencia": 0.84, "Zaragoza": 0.82}
	bias := map[string]float64{"S03": -0.12, "S07": 0.10}
	difficulty := map[string]float64{"contact": -0.45, "used_name": -0.2, "summarised": -0.15, "information": -0.1}
	var items []mysteryshopper.Item
	header := []string{"visit", "date", "branch", "shopper"}
	for _, s := range c.Sections {
		for _, it := range s.Items {
			items = append(items, it)
			header = append(header, it.ID)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.Write(header)
	id := 0
	s08 := map[int]bool{40: true, 170: true, 300: true}
	for month := time.January; month <= time.June; month++ {
		for _, b := range branches {
			for k := 0; k < 12; k++ {
				id++
				day := 1 + r.IntN(27)
				at := time.Date(2026, month, day, 10+r.IntN(9), 5*r.IntN(12), 0, 0, loc)
				for at.Weekday() == time.Sunday {
					at = at.AddDate(0, 0, 1)
				}
				shopper := fmt.Sprintf("S%02d", 1+r.IntN(7))
				if s08[id] {
					shopper = "S08"
				}
				q := quality[b]
				if b == "Bilbao" {
					q = 0.66 + 0.045*float64(month-1) // 0.66 in January to 0.885 in June
				}
				row := []string{fmt.Sprintf("V%03d", id), at.Format("2006-01-02 15:04"), b, shopper}
				for _, it := range items {
					p := q + bias[shopper] + difficulty[it.ID]
					if b == "Sevilla" && (it.ID == "open_questions" || it.ID == "listened" || it.ID == "summarised") {
						p -= 0.35
					}
					p = min(0.99, max(0.02, p))
					row = append(row, answer(r, it, p))
				}
				_ = w.Write(row)
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// answer draws the answer to it when each "good" step succeeds with
// probability p.
func answer(r *rand.Rand, it mysteryshopper.Item, p float64) string {
	switch it.ID {
	case "restrooms":
		if r.Float64() < 0.3 {
			return "n/a"
		}
	case "doubts":
		if r.Float64() < 0.2 {
			return "n/a"
		}
	case "extra_offer":
		if r.Float64() < 0.5 {
			return "" // optional, not reported
		}
		p = 0.35
	}
	ok := func() bool { return r.Float64() < p }
	switch it.Kind {
	case mysteryshopper.Rating:
		x := it.Scale.Min
		for range it.Scale.Max - it.Scale.Min {
			if ok() {
				x++
			}
		}
		return fmt.Sprint(x)
	case mysteryshopper.Choice:
		k := 0
		for k < len(it.Options)-1 && !ok() {
			k++
		}
		return it.Options[k].Label
	}
	if ok() {
		return "yes"
	}
	return "no"
}
