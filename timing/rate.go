package timing

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// A Share is a proportion x/n with its confidence interval, a fraction in
// [0, 1]. The default interval is Wilson's score interval (Wilson 1927;
// Newcombe 1998, method 3), computed by estimate.Proportion:
//
//	p̂ = x/n,  z = Φ⁻¹(1 - (1-level)/2)
//	CI = (p̂ + z²/2n ± z·√(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n)
//
// Inside a result (TallyResult, ComplianceResult) a share of nothing has
// N = 0, Share 0 and the zero Interval; Rate.Result returns ErrEmpty.
type Share struct {
	Share float64           `json:"share"`
	X     int64             `json:"x"`
	N     int64             `json:"n"`
	CI    estimate.Interval `json:"ci"`
}

// A Rate counts successes among trials (tickets solved among received,
// contacts answered within a deadline) for their share with a Wilson
// interval. The zero value is empty and ready to use.
type Rate struct {
	x, n int64
}

// Add counts one trial, a success when ok. A rate that already holds
// math.MaxInt64 trials returns ErrOverflow and is unchanged.
func (r *Rate) Add(ok bool) error { return r.addN("timing.Rate.Add", ok, 1) }

// AddN counts count trials of outcome ok (x successes in n trials are
// AddN(true, x) and AddN(false, n-x), or the Merge of a Rate holding
// both). A negative count returns ErrCount and a total above
// math.MaxInt64 ErrOverflow; on error r is unchanged.
func (r *Rate) AddN(ok bool, count int64) error { return r.addN("timing.Rate.AddN", ok, count) }

func (r *Rate) addN(fn string, ok bool, count int64) error {
	switch {
	case count < 0:
		return valueErr(fn, "count", float64(count), ErrCount)
	case r.n > math.MaxInt64-count:
		return valueErr(fn, "count", float64(count), ErrOverflow)
	}
	r.n += count
	if ok {
		r.x += count
	}
	return nil
}

// AddAll counts each of oks as one trial; a total above math.MaxInt64
// returns ErrOverflow and counts none.
func (r *Rate) AddAll(oks []bool) error {
	if r.n > math.MaxInt64-int64(len(oks)) {
		return valueErr("timing.Rate.AddAll", "count", float64(len(oks)), ErrOverflow)
	}
	for _, ok := range oks {
		r.n++
		if ok {
			r.x++
		}
	}
	return nil
}

// Merge adds the counts of o. A nil o adds nothing; a total above
// math.MaxInt64 returns ErrOverflow and leaves r unchanged.
func (r *Rate) Merge(o *Rate) error {
	if o == nil {
		return nil
	}
	if r.n > math.MaxInt64-o.n {
		return valueErr("timing.Rate.Merge", "count", float64(o.n), ErrOverflow)
	}
	r.x += o.x
	r.n += o.n
	return nil
}

// N returns the number of trials; X the number of successes.
func (r *Rate) N() int64 { return r.n }

// X returns the number of successes.
func (r *Rate) X() int64 { return r.x }

// Result returns the share x/n with its interval at o.Level by o.Method:
// estimate.Wilson (the default), AgrestiCoull, ClopperPearson, Jeffreys or
// Wald, as computed by estimate.Proportion. No trials returns ErrEmpty; a
// bad level ErrLevel; another method ErrMethod.
func (r *Rate) Result(o estimate.Options) (Share, error) {
	return shareOf("timing.Rate.Result", r.x, r.n, o)
}

func shareOf(fn string, x, n int64, o estimate.Options) (Share, error) {
	level, m, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald)
	if err != nil {
		return Share{}, err
	}
	if n == 0 {
		return Share{}, valueErr(fn, "n", 0, ErrEmpty)
	}
	iv, err := estimate.Proportion(x, n, estimate.Options{Level: level, Method: m})
	if err != nil {
		if ve, ok := err.(*estimate.ValueError); ok {
			ve.Func = fn
		}
		return Share{}, err
	}
	return Share{Share: float64(x) / float64(n), X: x, N: n, CI: iv}, nil
}

// MarshalJSON encodes the counts as {"x":…,"n":…}.
func (r Rate) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"x":%d,"n":%d}`, r.x, r.n), nil
}

// UnmarshalJSON decodes what MarshalJSON encodes; malformed input or
// counts with x > n return ErrCorrupt and leave r unchanged.
func (r *Rate) UnmarshalJSON(b []byte) error {
	const fn = "timing.Rate.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "x", "n")
	if err != nil || raw == nil {
		return err
	}
	var x, n int64
	if err := field(fn, raw, "x", &x); err != nil {
		return err
	}
	if err := field(fn, raw, "n", &n); err != nil {
		return err
	}
	return r.set(fn, x, n)
}

func (r *Rate) set(fn string, x, n int64) error {
	if x < 0 || n < 0 || x > n {
		return valueErr(fn, "x", float64(x), fmt.Errorf("%w: x outside 0..n", ErrCorrupt))
	}
	r.x, r.n = x, n
	return nil
}

const rateVersion = 1

// MarshalBinary encodes the counts: a version byte (1), x and n as minimal
// varints.
func (r Rate) MarshalBinary() ([]byte, error) { return r.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (r Rate) AppendBinary(b []byte) ([]byte, error) {
	return wire.AppendVarint(wire.AppendVarint(append(b, rateVersion), r.x), r.n), nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves r unchanged.
func (r *Rate) UnmarshalBinary(b []byte) error {
	const fn = "timing.Rate.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(rateVersion)
	x, n := rd.Varint(), rd.Varint()
	if err := rd.End(); err != nil {
		return err
	}
	return r.set(fn, x, n)
}

var _ json.Marshaler = Rate{}
