// Command gen writes the sample SERVQUAL study that servqual-study embeds:
//
//	go run ./gen -o responses.csv
//
// The responses come from a documented model with a fixed seed (PCG 2026,
// 11), so the file is the same on every run. 320 customers of two branches,
// north and south, 160 each, answer the 22 items of SERVQUAL (1991) on
// 1..7 for expectations (E1..E22) and perceptions (P1..P22), and spread 100
// importance points over the five dimensions (W1..W5, in the order
// tangibles, reliability, responsiveness, assurance, empathy). For customer r
// and item i of dimension d:
//
//	E = clip(round(ηE_r + e_d + N(0, 0.55)))         ηE_r ~ N(6.0, 0.45)
//	P = clip(round(μ_bd + ηP_r + u_rd + N(0, 0.6)))  ηP_r ~ N(0, 0.6), u_rd ~ N(0, 0.35)
//
// with clip to 1..7, expectation shifts e_d = -0.6, +0.4, +0.1, +0.2, -0.1
// and perception means μ_bd, for north, of 5.6, 4.9, 5.0, 5.6, 5.3; south
// matches north except reliability, 4.3: the south branch has a reliability
// problem, the story the example must find. The respondent effects ηE, ηP
// and the respondent-dimension effect u make items of one dimension agree
// more than items of different dimensions, as in real SERVQUAL data.
// Weights are 10, 32, 22, 19, 17 points, each multiplied by exp(N(0, 0.3)),
// rescaled to 100 and rounded (the largest absorbs the rounding); one
// customer in eight gives none. About 1.5 % of answers are left blank
// (Missing). Submission times are spread over 2 to 27 March 2026 in
// Europe/Madrid.
package main

import (
	"encoding/csv"
	"flag"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
	_ "time/tzdata"
)

func main() {
	out := flag.String("o", "responses.csv", "file to write")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// dims gives, per dimension, its number of items, expectation shift,
// perception means in north and south, and base importance weight.
var dims = []struct {
	items           int
	e, north, south float64
	weight          float64
}{
	{4, -0.6, 5.6, 5.6, 10},
	{5, 0.4, 4.9, 4.3, 32},
	{4, 0.1, 5.0, 5.0, 22},
	{4, 0.2, 5.6, 5.6, 19},
	{5, -0.1, 5.3, 5.3, 17},
}

func write(f *os.File) error {
	rng := rand.New(rand.NewPCG(2026, 11))
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return err
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, loc)
	span := time.Date(2026, 3, 27, 20, 0, 0, 0, loc).Sub(start)
	w := csv.NewWriter(f)
	head := []string{"id", "branch", "submitted"}
	for _, p := range []string{"E", "P"} {
		for i := 1; i <= 22; i++ {
			head = append(head, p+strconv.Itoa(i))
		}
	}
	for j := 1; j <= 5; j++ {
		head = append(head, "W"+strconv.Itoa(j))
	}
	if err := w.Write(head); err != nil {
		return err
	}
	clip := func(v float64) int { return int(math.Max(1, math.Min(7, math.Round(v)))) }
	cell := func(v int) string {
		if rng.IntN(200) < 3 { // 1.5 % blank
			return ""
		}
		return strconv.Itoa(v)
	}
	const n = 320
	times := make([]time.Time, n)
	for r := range times {
		times[r] = start.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Minute)
	}
	for r := range n {
		branch := "north"
		if r%2 == 1 {
			branch = "south"
		}
		etaE, etaP := 6+0.45*rng.NormFloat64(), 0.6*rng.NormFloat64()
		var es, ps []string
		for _, d := range dims {
			mu := d.north
			if branch == "south" {
				mu = d.south
			}
			u := 0.35 * rng.NormFloat64()
			for range d.items {
				es = append(es, cell(clip(etaE+d.e+0.55*rng.NormFloat64())))
				ps = append(ps, cell(clip(mu+etaP+u+0.6*rng.NormFloat64())))
			}
		}
		row := append([]string{strconv.Itoa(r + 1), branch, times[r].Format(time.RFC3339)}, es...)
		row = append(row, ps...)
		row = append(row, weights(rng)...)
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// weights returns five integer weights adding up to 100, or five blanks for
// one customer in eight.
func weights(rng *rand.Rand) []string {
	out := make([]string, len(dims))
	if rng.IntN(8) == 0 {
		return out
	}
	raw := make([]float64, len(dims))
	sum := 0.0
	for j, d := range dims {
		raw[j] = d.weight * math.Exp(0.3*rng.NormFloat64())
		sum += raw[j]
	}
	ints, total, big := make([]int, len(dims)), 0, 0
	for j := range raw {
		ints[j] = int(math.Round(100 * raw[j] / sum))
		total += ints[j]
		if ints[j] > ints[big] {
			big = j
		}
	}
	ints[big] += 100 - total
	for j, v := range ints {
		out[j] = strconv.Itoa(v)
	}
	return out
}
