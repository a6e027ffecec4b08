package estimate

import (
	"testing"

	"github.com/servq/servq/internal/apitest"
)

// TestStrictDecoders applies the shared table of malformed encodings
// (apitest.BadJSON, apitest.BadBinary: unknown, missing, duplicate and
// case-folded keys, wrong types, trailing data, truncations, other
// versions, non-minimal varints and wrong lengths), derived from the
// canonical encoding of a state, to each decoder of the package: each is
// an ErrCorrupt ValueError and leaves the state unchanged.
func TestStrictDecoders(t *testing.T) {
	m := momentsOf([]float64{1, 2, 4})
	apitest.CheckEncodings(t, "Moments", &m, apitest.Wraps[*ValueError](ErrCorrupt))
}
