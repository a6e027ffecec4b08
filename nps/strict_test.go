package nps

import (
	"errors"
	"fmt"
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
	corrupt := func(err error) bool {
		var ve *estimate.ValueError
		return errors.As(err, &ve) && errors.Is(err, ErrCorrupt)
	}
	ta := tallyOf(t, 3, 200, 1)
	js, err := ta.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := ta.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	state := func() string { return fmt.Sprintf("%+v", *ta) }
	apitest.CheckDecoder(t, "Tally.UnmarshalJSON", ta.UnmarshalJSON, state, corrupt, apitest.BadJSON(js))
	apitest.CheckDecoder(t, "Tally.UnmarshalBinary", ta.UnmarshalBinary, state, corrupt, apitest.BadBinary(bin))
}
