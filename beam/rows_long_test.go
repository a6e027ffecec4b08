//go:build long

package servqbeam

// equalityRows is the number of rows of each equality test with the long
// tag.
const equalityRows = 1_000_000
