// Command gen writes the sample ticket log of package tickets (see
// tickets.Generate for what it holds and hides):
//
//	go run ./gen -o ../../sla-report/tickets.csv
package main

import (
	"flag"
	"log"
	"os"

	"github.com/servq/servq/examples/internal/tickets"
)

func main() {
	out := flag.String("o", "../../sla-report/tickets.csv", "output file")
	flag.Parse()
	b, err := tickets.Generate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
