//go:build !long

package servqbeam

// equalityRows is the number of rows of each equality test by default;
// `go test -tags long` runs 1,000,000. 60,000 keeps the default run of
// the package near 40 s on a loaded 2-core machine (about 12 s of CPU).
const equalityRows = 60_000
