package nps

import (
	"testing"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
)

// TestStrictDecoders applies the shared table of malformed encodings
// (apitest.BadJSON, apitest.BadBinary: unknown, missing, duplicate and
// case-folded keys, wrong types, trailing data, truncations, other
// versions, non-minimal varints and wrong lengths), derived from the
// canonical encoding of a tally, to both decoders: each is an ErrCorrupt
// ValueError and leaves the tally unchanged.
func TestStrictDecoders(t *testing.T) {
	ta := tallyOf(t, 3, 200, 1)
	apitest.CheckEncodings(t, "Tally", ta, apitest.Wraps[*estimate.ValueError](ErrCorrupt))
}
