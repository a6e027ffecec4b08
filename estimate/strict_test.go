package estimate

import (
	"errors"
	"testing"

	"github.com/servq/servq/internal/apitest"
)

// corrupt reports whether err is a *ValueError wrapping ErrCorrupt, the
// one answer of every decoder to a malformed encoding.
func corrupt(err error) bool {
	var ve *ValueError
	return errors.As(err, &ve) && errors.Is(err, ErrCorrupt)
}

// TestStrictDecoders applies the shared table of malformed encodings
// (apitest.BadJSON, apitest.BadBinary: unknown, missing, duplicate and
// case-folded keys, wrong types, trailing data, truncations, other
// versions, non-minimal varints and wrong lengths), derived from the
// canonical encoding of a state, to each decoder of the package: each is
// an ErrCorrupt ValueError and leaves the state unchanged.
func TestStrictDecoders(t *testing.T) {
	m := momentsOf([]float64{1, 2, 4})
	apitest.CheckEncodings(t, "Moments", &m, corrupt)
}
