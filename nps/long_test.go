//go:build long

package nps

// long reports whether the tests were built with the tag long, which adds
// the full coverage sweeps to the run.
const long = true
