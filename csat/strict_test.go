package csat

import (
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// TestStrictDecoders applies the shared table of malformed encodings
// (apitest.BadJSON, apitest.BadBinary: unknown, missing, duplicate and
// case-folded keys, wrong types, trailing data, truncations, other
// versions, non-minimal varints and wrong lengths), derived from the
// canonical encoding of a tally on a 1..7 scale, to both decoders: each is an ErrCorrupt
// ValueError and leaves the tally unchanged.
func TestStrictDecoders(t *testing.T) {
	ta := Seven.mustTally(t, []int{1, 7, 7, 4, 4, 4, 2})
	apitest.CheckEncodings(t, "Tally", ta, apitest.Wraps[*estimate.ValueError](ErrCorrupt), "scale")
}
