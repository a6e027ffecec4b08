// Command gen writes responses.csv, the sample survey data that the
// example programs embed. It is deterministic (a fixed seed), so running it
// again reproduces the committed file byte for byte:
//
//	go generate ./examples/internal/sample
//
// The data are invented but shaped like a real contact centre's survey
// export: twelve ISO weeks (2026-W02 to 2026-W13, Europe/Madrid, crossing
// the change to summer time on 29 March), four channels and four branches,
// fewer responses at night and at weekends, CSAT on 1..5 and NPS on 0..10
// answered by most but not all respondents, and NPS correlated with the
// rating. Two stories are planted for the analysis to find:
//
//   - chat: good until week 7, when (the story goes) its staff was cut;
//     satisfaction drops and recovers only in part from week 11;
//   - phone: improves steadily after a new call-routing menu.
//
// Email and store stay level.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "responses.csv", "output file")
	flag.Parse()
	if err := write(*out); err != nil {
		log.Fatal(err)
	}
}

var (
	channels = []weighted{{"phone", 35}, {"chat", 30}, {"email", 20}, {"store", 15}}
	branches = []weighted{{"Madrid", 35}, {"Barcelona", 30}, {"Valencia", 20}, {"Sevilla", 15}}
)

type weighted struct {
	name   string
	weight float64
}

func pick(r *rand.Rand, ws []weighted) string {
	var total float64
	for _, w := range ws {
		total += w.weight
	}
	u := r.Float64() * total
	for _, w := range ws {
		if u < w.weight {
			return w.name
		}
		u -= w.weight
	}
	return ws[len(ws)-1].name
}

// quality is the latent satisfaction of a contact, roughly the chance that
// it earns a 4 or 5, for channel c in week w (0..11).
func quality(c string, w int) float64 {
	switch c {
	case "chat":
		switch {
		case w < 6:
			return 0.86
		case w < 10:
			return 0.66
		default:
			return 0.75
		}
	case "phone":
		return 0.68 + 0.14*float64(w)/11
	case "email":
		return 0.76
	case "store":
		return 0.91
	}
	panic("unknown channel " + c)
}

// rating draws a 1..5 rating whose chance of being 4 or 5 is q.
func rating(r *rand.Rand, q float64) int {
	if r.Float64() < q {
		if r.Float64() < 0.55 {
			return 5
		}
		return 4
	}
	switch u := r.Float64(); {
	case u < 0.50:
		return 3
	case u < 0.80:
		return 2
	default:
		return 1
	}
}

// recommend draws a 0..10 likelihood to recommend that follows the rating.
func recommend(r *rand.Rand, rating int) int {
	centre := map[int]float64{5: 9.3, 4: 7.9, 3: 6.2, 2: 4.0, 1: 2.0}[rating]
	s := centre + 1.3*r.NormFloat64()
	return int(math.Max(0, math.Min(10, math.Round(s))))
}

// hourWeights gives the relative volume of each local hour of a weekday.
var hourWeights = [24]float64{0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2, 3, 3.5, 3.5, 3, 2.5, 3, 3.2, 3, 2.5, 2, 1.5, 1, 0.6, 0.3, 0.2}

func write(path string) error {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(2026, 3))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"time", "channel", "branch", "csat", "nps"})
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc) // Monday of 2026-W02
	rows := 0
	for day := 0; day < 84; day++ {
		date := start.AddDate(0, 0, day)
		week := day / 7
		perDay := 90.0
		switch date.Weekday() {
		case time.Saturday:
			perDay = 40
		case time.Sunday:
			perDay = 16
		}
		n := int(perDay + 8*r.NormFloat64())
		var recs [][]string
		for range max(n, 0) {
			c := pick(r, channels)
			if c == "store" && date.Weekday() == time.Sunday {
				c = "chat" // stores are closed on Sunday
			}
			b := pick(r, branches)
			h := pickHour(r)
			if c == "store" {
				h = 9 + h%12 // open 9:00 to 21:00
			}
			at := time.Date(date.Year(), date.Month(), date.Day(), h, r.IntN(60), r.IntN(60), 0, loc)
			rt := rating(r, quality(c, week))
			csatField, npsField := strconv.Itoa(rt), strconv.Itoa(recommend(r, rt))
			switch u := r.Float64(); {
			case u < 0.06:
				npsField = "" // answered the rating, skipped the recommendation
			case u < 0.09:
				csatField = "" // the other way round
			}
			recs = append(recs, []string{at.Format(time.RFC3339), c, b, csatField, npsField})
		}
		// An export lists a day's responses in time order; RFC 3339 text
		// in one offset sorts as the times do.
		slices.SortStableFunc(recs, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		w.WriteAll(recs)
		rows += len(recs)
	}
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d rows to %s\n", rows, path)
	return f.Close()
}

func pickHour(r *rand.Rand) int {
	var total float64
	for _, w := range hourWeights {
		total += w
	}
	u := r.Float64() * total
	for h, w := range hourWeights {
		if u < w {
			return h
		}
		u -= w
	}
	return 23
}
