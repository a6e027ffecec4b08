package nps

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/servq/servq/estimate"
)

// MarshalJSON encodes the state of t as its total and its eleven counts,
// scores 0 to 10 in order:
//
//	{"n":4,"counts":[1,0,0,0,0,0,0,1,0,1,1]}
func (t Tally) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, `{"n":`...)
	b = appendInt(b, t.n)
	b = append(b, `,"counts":[`...)
	for k, c := range t.counts {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, c)
	}
	return append(b, "]}"...), nil
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// UnmarshalJSON decodes what [Tally.MarshalJSON] encodes, replacing the
// state of t. JSON null does nothing, as encoding/json expects. Anything
// else must be an object with exactly the keys "n" and "counts", each once
// and spelt in lower case, n an integer and counts an array of eleven
// integers >= 0 that add up to n without overflow, with nothing after
// the object; otherwise UnmarshalJSON returns ErrCorrupt and leaves t
// unchanged.
func (t *Tally) UnmarshalJSON(b []byte) error {
	const fn = "nps.Tally.UnmarshalJSON"
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	c, n, err := decodeTallyJSON(b)
	if err != nil {
		return &estimate.ValueError{Func: fn, Name: "JSON of length", Value: float64(len(b)), Index: -1,
			Err: fmt.Errorf("%w: %s", ErrCorrupt, err)}
	}
	return t.set(fn, c, n)
}

// decodeTallyJSON reads the object {"n":N,"counts":[c0,...,c10]} token by
// token, so that a duplicate key, a key in another case, a wrong type or
// data after the object is an error (encoding/json accepts the first two).
func decodeTallyJSON(b []byte) (c [MaxScore + 1]int64, n int64, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok := func() (json.Token, error) {
		x, err := dec.Token()
		if err == io.EOF {
			return nil, errors.New("unexpected end of JSON")
		}
		return x, err
	}
	integer := func(what string) (int64, error) {
		x, err := tok()
		if err != nil {
			return 0, err
		}
		num, ok := x.(json.Number)
		if !ok {
			return 0, fmt.Errorf("%s is not a number", what)
		}
		v, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s %s is not an int64", what, num)
		}
		return v, nil
	}
	delim := func(want json.Delim, what string) error {
		x, err := tok()
		if err != nil {
			return err
		}
		if d, ok := x.(json.Delim); !ok || d != want {
			return fmt.Errorf("want %s", what)
		}
		return nil
	}
	if err := delim('{', "an object"); err != nil {
		return c, 0, err
	}
	var seenN, seenCounts bool
	for dec.More() {
		x, err := tok()
		if err != nil {
			return c, 0, err
		}
		switch key, _ := x.(string); key {
		case "n":
			if seenN {
				return c, 0, errors.New(`duplicate key "n"`)
			}
			seenN = true
			if n, err = integer("n"); err != nil {
				return c, 0, err
			}
		case "counts":
			if seenCounts {
				return c, 0, errors.New(`duplicate key "counts"`)
			}
			seenCounts = true
			if err := delim('[', "counts as an array"); err != nil {
				return c, 0, err
			}
			k := 0
			for ; dec.More(); k++ {
				if k > MaxScore {
					return c, 0, fmt.Errorf("more than %d counts", MaxScore+1)
				}
				if c[k], err = integer("count"); err != nil {
					return c, 0, err
				}
			}
			if k != MaxScore+1 {
				return c, 0, fmt.Errorf("%d counts, want %d", k, MaxScore+1)
			}
			if err := delim(']', "the end of counts"); err != nil {
				return c, 0, err
			}
		default:
			return c, 0, fmt.Errorf("unknown key %q", key)
		}
	}
	if err := delim('}', "the end of the object"); err != nil {
		return c, 0, err
	}
	switch {
	case !seenN:
		return c, 0, errors.New(`missing key "n"`)
	case !seenCounts:
		return c, 0, errors.New(`missing key "counts"`)
	}
	if _, err := dec.Token(); err != io.EOF {
		return c, 0, errors.New("data after the object")
	}
	return c, n, nil
}

// set replaces the state of t by the counts c, after checking that they
// are >= 0 and add up to n without overflow.
func (t *Tally) set(fn string, c [MaxScore + 1]int64, n int64) error {
	var sum int64
	for k, v := range c {
		if v < 0 {
			return &estimate.ValueError{Func: fn, Name: "count", Value: float64(v), Index: k, Err: ErrCorrupt}
		}
		if sum > math.MaxInt64-v {
			return valueErr(fn, "count", float64(v), fmt.Errorf("%w: total overflows int64", ErrCorrupt))
		}
		sum += v
	}
	if sum != n {
		return valueErr(fn, "n", float64(n), fmt.Errorf("%w: counts add up to %d", ErrCorrupt, sum))
	}
	t.counts, t.n = c, n
	return nil
}

// binaryVersion is the first byte of the binary encoding of a Tally.
const binaryVersion = 1

// MarshalBinary encodes the state of t compactly: a version byte (1) and
// the eleven counts, scores 0 to 10 in order, as unsigned varints
// (encoding/binary), so an empty tally takes 12 bytes and a million scores
// spread evenly over the scale take 34.
func (t Tally) MarshalBinary() ([]byte, error) {
	return t.AppendBinary(make([]byte, 0, 1+(MaxScore+1)*binary.MaxVarintLen64/2))
}

// AppendBinary appends the encoding of [Tally.MarshalBinary] to b.
func (t Tally) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, binaryVersion)
	for _, c := range t.counts {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Tally.MarshalBinary] encodes, replacing the
// state of t. An unknown version, a truncated or non-minimal varint,
// trailing bytes, a count above math.MaxInt64 or counts whose total
// overflows return ErrCorrupt and leave t unchanged.
func (t *Tally) UnmarshalBinary(b []byte) error {
	const fn = "nps.Tally.UnmarshalBinary"
	if len(b) == 0 || b[0] != binaryVersion {
		v := -1.0
		if len(b) > 0 {
			v = float64(b[0])
		}
		return valueErr(fn, "version", v, fmt.Errorf("%w: want version %d", ErrCorrupt, binaryVersion))
	}
	var c [MaxScore + 1]int64
	var n int64
	p := b[1:]
	for k := range c {
		u, w := binary.Uvarint(p)
		if w <= 0 {
			return valueErr(fn, "length", float64(len(b)),
				fmt.Errorf("%w: bad varint for score %d", ErrCorrupt, k))
		}
		if w != varintLen(u) {
			return valueErr(fn, "length", float64(len(b)),
				fmt.Errorf("%w: non-minimal varint for score %d", ErrCorrupt, k))
		}
		if u > math.MaxInt64 || n > math.MaxInt64-int64(u) {
			return valueErr(fn, "count", float64(u), fmt.Errorf("%w: total overflows int64", ErrCorrupt))
		}
		c[k] = int64(u)
		n += int64(u)
		p = p[w:]
	}
	if len(p) != 0 {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(p)))
	}
	t.counts, t.n = c, n
	return nil
}

// varintLen returns the length of the minimal unsigned varint of u.
func varintLen(u uint64) int {
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	return n
}
