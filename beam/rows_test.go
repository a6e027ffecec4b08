//go:build !long

package servqbeam

// equalityRows is the number of rows of each equality test by default;
// `go test -tags long` runs 1,000,000.
const equalityRows = 100_000
