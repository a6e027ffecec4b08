package timing

import (
	"fmt"
	"math"
	"time"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// A ServiceLevel counts contacts answered within Target, for the service
// level of contact centres ("80 % of calls answered within 20 seconds"):
//
//	SL = answered within Target / (answered + abandoned)
//
// Abandoned contacts count as not answered in time, however short their
// wait: the stricter of the common definitions (ICMI; COPC counts both
// variants), which needs no threshold for "short" abandons. A wait equal
// to Target is within it.
//
// Each observation is a [Contact], answered or abandoned after its wait:
// Add one, AddN a row of counted ones, AddAll a slice. Set Target before
// adding; the zero value has Target 0 (only immediate answers count) and
// is ready to use. Two service levels merge only if their targets are
// equal (or one is empty); for group, set the group's New to make them
// with the target. Not safe for concurrent use.
type ServiceLevel struct {
	Target time.Duration

	within, answered, abandoned int64
}

// A ServiceLevelResult is a service level with its interval.
type ServiceLevelResult struct {
	Target time.Duration `json:"target"`
	// Level is the share answered within Target among answered and
	// abandoned contacts, with its interval (Wilson by default).
	Level     Share `json:"level"`
	Answered  int64 `json:"answered"`
	Abandoned int64 `json:"abandoned"`
}

// A Contact is one observation of a [ServiceLevel]: a contact that waited
// Wait before it was answered or, when Abandoned, before the customer
// hung up or left. It encodes ([Contact.MarshalBinary]) so that contacts
// can travel between processes.
type Contact struct {
	Wait      time.Duration `json:"wait"`
	Abandoned bool          `json:"abandoned"`
}

// Add counts one contact. A negative c.Wait or Target returns
// ErrNegative, a full count ErrOverflow; on error sl is unchanged.
func (sl *ServiceLevel) Add(c Contact) error { return sl.addN("timing.ServiceLevel.Add", c, 1, -1) }

// AddN counts count copies of c (a row of a report: "40 abandoned after
// 5 s"). Errors are those of Add, and ErrCount for a negative count; on
// error sl is unchanged.
func (sl *ServiceLevel) AddN(c Contact, count int64) error {
	return sl.addN("timing.ServiceLevel.AddN", c, count, -1)
}

// AddAll counts every contact of cs. A bad one returns its error, with
// its index, and none of cs is counted.
func (sl *ServiceLevel) AddAll(cs []Contact) error {
	const fn = "timing.ServiceLevel.AddAll"
	for i, c := range cs {
		if err := sl.check(fn, c, 1, i); err != nil {
			return err
		}
	}
	if sl.n() > math.MaxInt64-int64(len(cs)) {
		return valueErr(fn, "count", float64(len(cs)), ErrOverflow)
	}
	for _, c := range cs {
		sl.count(c, 1)
	}
	return nil
}

// check validates count copies of c (i its index, -1 when not in a
// sequence).
func (sl *ServiceLevel) check(fn string, c Contact, count int64, i int) error {
	bad := func(name string, v float64, err error) error {
		return &estimate.ValueError{Func: fn, Name: name, Value: v, Index: i, Err: err}
	}
	switch {
	case sl.Target < 0:
		return bad("target (s)", sl.Target.Seconds(), ErrNegative)
	case c.Wait < 0:
		return bad("wait (s)", c.Wait.Seconds(), ErrNegative)
	case count < 0:
		return bad("count", float64(count), ErrCount)
	case sl.n() > math.MaxInt64-count:
		return bad("count", float64(count), ErrOverflow)
	}
	return nil
}

func (sl *ServiceLevel) addN(fn string, c Contact, count int64, i int) error {
	if err := sl.check(fn, c, count, i); err != nil {
		return err
	}
	sl.count(c, count)
	return nil
}

// count adds count copies of the checked c.
func (sl *ServiceLevel) count(c Contact, count int64) {
	if c.Abandoned {
		sl.abandoned += count
		return
	}
	sl.answered += count
	if c.Wait <= sl.Target {
		sl.within += count
	}
}

func (sl *ServiceLevel) n() int64 { return sl.answered + sl.abandoned }

// N returns the number of contacts counted, answered or abandoned.
func (sl *ServiceLevel) N() int64 { return sl.n() }

// Merge adds the contacts of o. Different targets return ErrMismatch,
// unless one of the two is empty (an empty sl takes o's target); a total
// above math.MaxInt64 returns ErrOverflow. On error sl is unchanged.
func (sl *ServiceLevel) Merge(o *ServiceLevel) error {
	const fn = "timing.ServiceLevel.Merge"
	if o == nil || o.n() == 0 {
		return nil
	}
	if sl.n() == 0 {
		sl.Target = o.Target
	}
	if sl.Target != o.Target {
		return valueErr(fn, "target (s)", o.Target.Seconds(), fmt.Errorf("%w: target %v", ErrMismatch, sl.Target))
	}
	if sl.n() > math.MaxInt64-o.n() {
		return valueErr(fn, "count", float64(o.n()), ErrOverflow)
	}
	sl.within += o.within
	sl.answered += o.answered
	sl.abandoned += o.abandoned
	return nil
}

// Result returns the service level with its interval at o.Level by
// o.Method (estimate.Wilson by default, see [Rate.Result]). No contacts
// returns ErrEmpty.
func (sl *ServiceLevel) Result(o estimate.Options) (ServiceLevelResult, error) {
	s, err := shareOf("timing.ServiceLevel.Result", sl.within, sl.n(), o)
	if err != nil {
		return ServiceLevelResult{}, err
	}
	return ServiceLevelResult{Target: sl.Target, Level: s, Answered: sl.answered, Abandoned: sl.abandoned}, nil
}

// MarshalJSON encodes the state as {"target":…,"within":…,"answered":…,
// "abandoned":…}, the target in nanoseconds.
func (sl ServiceLevel) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"target":%d,"within":%d,"answered":%d,"abandoned":%d}`,
		int64(sl.Target), sl.within, sl.answered, sl.abandoned), nil
}

// UnmarshalJSON decodes what MarshalJSON encodes; malformed input or
// impossible counts return ErrCorrupt and leave sl unchanged.
func (sl *ServiceLevel) UnmarshalJSON(b []byte) error {
	const fn = "timing.ServiceLevel.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "target", "within", "answered", "abandoned")
	if err != nil || raw == nil {
		return err
	}
	var v [4]int64
	for i, k := range []string{"target", "within", "answered", "abandoned"} {
		if err := field(fn, raw, k, &v[i]); err != nil {
			return err
		}
	}
	return sl.set(fn, v)
}

func (sl *ServiceLevel) set(fn string, v [4]int64) error {
	target, within, answered, abandoned := v[0], v[1], v[2], v[3]
	if target < 0 || within < 0 || answered < 0 || abandoned < 0 || within > answered || answered > math.MaxInt64-abandoned {
		return valueErr(fn, "within", float64(within), fmt.Errorf("%w: impossible counts", ErrCorrupt))
	}
	sl.Target, sl.within, sl.answered, sl.abandoned = time.Duration(target), within, answered, abandoned
	return nil
}

const serviceLevelVersion = 1

// MarshalBinary encodes the state: a version byte (1), then target,
// within, answered and abandoned as minimal varints.
func (sl ServiceLevel) MarshalBinary() ([]byte, error) { return sl.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (sl ServiceLevel) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, serviceLevelVersion)
	for _, v := range []int64{int64(sl.Target), sl.within, sl.answered, sl.abandoned} {
		b = wire.AppendVarint(b, v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves sl unchanged.
func (sl *ServiceLevel) UnmarshalBinary(b []byte) error {
	const fn = "timing.ServiceLevel.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(serviceLevelVersion)
	var v [4]int64
	for i := range v {
		v[i] = r.Varint()
	}
	if err := r.End(); err != nil {
		return err
	}
	return sl.set(fn, v)
}

// Compliance counts SLA targets achieved and breached, per metric, for the
// share achieved with its interval. Active and paused targets are not
// counted: their outcome is not known yet. For breaches by segment keep
// one per segment, group.ByKey[string, timing.Compliance]. The zero value
// is empty and ready to use.
type Compliance struct {
	achieved, breached [PeriodicUpdate + 1]int64
}

// A ComplianceResult is the share of targets achieved, per metric and
// over all; a metric without finished targets has N = 0.
type ComplianceResult struct {
	All            Share `json:"all"`
	FirstReply     Share `json:"first_reply"`
	NextReply      Share `json:"next_reply"`
	Resolution     Share `json:"resolution"`
	PeriodicUpdate Share `json:"periodic_update"`
	// Breaches is the number of targets breached, over all metrics.
	Breaches int64 `json:"breaches"`
}

// Add counts one target state. An unknown metric returns ErrKind, an
// unknown state ErrStatus, a full count ErrOverflow; on error c is
// unchanged. Active and Paused states are accepted and not counted.
func (c *Compliance) Add(s TargetState) error { return c.addN("timing.Compliance.Add", s, 1) }

// AddN counts count copies of s (a row of a desk's report: "first reply,
// 940 achieved"). Errors are those of Add, and ErrCount for a negative
// count; on error c is unchanged.
func (c *Compliance) AddN(s TargetState, count int64) error {
	return c.addN("timing.Compliance.AddN", s, count)
}

// AddAll counts every state of ss. A bad one returns its error, with its
// index, and none of ss is counted.
func (c *Compliance) AddAll(ss []TargetState) error {
	const fn = "timing.Compliance.AddAll"
	for i, s := range ss {
		if err := c.check(fn, s, i); err != nil {
			return err
		}
	}
	if c.total() > math.MaxInt64-int64(len(ss)) {
		return valueErr(fn, "count", float64(len(ss)), ErrOverflow)
	}
	for _, s := range ss {
		c.count(s, 1)
	}
	return nil
}

func (c *Compliance) addN(fn string, s TargetState, count int64) error {
	if err := c.check(fn, s, -1); err != nil {
		return err
	}
	switch {
	case count < 0:
		return valueErr(fn, "count", float64(count), ErrCount)
	case c.total() > math.MaxInt64-count:
		return valueErr(fn, "count", float64(count), ErrOverflow)
	}
	c.count(s, count)
	return nil
}

// check validates s (i its index, -1 when not in a sequence).
func (c *Compliance) check(fn string, s TargetState, i int) error {
	switch {
	case s.Metric < FirstReply || s.Metric > PeriodicUpdate:
		return &estimate.ValueError{Func: fn, Name: "metric", Value: float64(s.Metric), Index: i, Err: ErrKind}
	case s.State < Active || s.State > Breached:
		return &estimate.ValueError{Func: fn, Name: "state", Value: float64(s.State), Index: i, Err: ErrStatus}
	}
	return nil
}

// count adds count copies of the checked state s.
func (c *Compliance) count(s TargetState, count int64) {
	switch s.State {
	case Achieved:
		c.achieved[s.Metric] += count
	case Breached:
		c.breached[s.Metric] += count
	}
}

func (c *Compliance) total() int64 {
	var n int64
	for m := range c.achieved {
		n += c.achieved[m] + c.breached[m]
	}
	return n
}

// N returns the number of finished targets counted.
func (c *Compliance) N() int64 { return c.total() }

// Merge adds the counts of o. A nil o adds nothing; a total above
// math.MaxInt64 returns ErrOverflow and leaves c unchanged.
func (c *Compliance) Merge(o *Compliance) error {
	if o == nil {
		return nil
	}
	if c.total() > math.MaxInt64-o.total() {
		return valueErr("timing.Compliance.Merge", "count", float64(o.total()), ErrOverflow)
	}
	for m := range c.achieved {
		c.achieved[m] += o.achieved[m]
		c.breached[m] += o.breached[m]
	}
	return nil
}

// Result returns the shares achieved with their intervals at o.Level by
// o.Method (Wilson by default). No finished target returns ErrEmpty.
func (c *Compliance) Result(o estimate.Options) (ComplianceResult, error) {
	const fn = "timing.Compliance.Result"
	if _, _, err := o.Resolve(fn, estimate.Wilson, estimate.AgrestiCoull, estimate.ClopperPearson, estimate.Jeffreys, estimate.Wald); err != nil {
		return ComplianceResult{}, err
	}
	var r ComplianceResult
	var ach int64
	for m := FirstReply; m <= PeriodicUpdate; m++ {
		ach += c.achieved[m]
		r.Breaches += c.breached[m]
		n := c.achieved[m] + c.breached[m]
		if n == 0 {
			continue
		}
		s, err := shareOf(fn, c.achieved[m], n, o)
		if err != nil {
			return ComplianceResult{}, err
		}
		*[...]*Share{FirstReply: &r.FirstReply, NextReply: &r.NextReply, Resolution: &r.Resolution, PeriodicUpdate: &r.PeriodicUpdate}[m] = s
	}
	all, err := shareOf(fn, ach, ach+r.Breaches, o)
	if err != nil {
		return ComplianceResult{}, err
	}
	r.All = all
	return r, nil
}

// MarshalJSON encodes the counts as {"achieved":[…],"breached":[…]}, one
// count per metric from FirstReply to PeriodicUpdate.
func (c Compliance) MarshalJSON() ([]byte, error) {
	a, b := c.achieved[FirstReply:], c.breached[FirstReply:]
	return fmt.Appendf(nil, `{"achieved":[%d,%d,%d,%d],"breached":[%d,%d,%d,%d]}`,
		a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]), nil
}

// UnmarshalJSON decodes what MarshalJSON encodes; malformed input or
// negative counts return ErrCorrupt and leave c unchanged.
func (c *Compliance) UnmarshalJSON(b []byte) error {
	const fn = "timing.Compliance.UnmarshalJSON"
	raw, err := decodeObject(fn, b, "achieved", "breached")
	if err != nil || raw == nil {
		return err
	}
	var a, br [4]int64
	if err := field(fn, raw, "achieved", &a); err != nil {
		return err
	}
	if err := field(fn, raw, "breached", &br); err != nil {
		return err
	}
	return c.set(fn, append(a[:], br[:]...))
}

func (c *Compliance) set(fn string, v []int64) error {
	var sum int64
	for _, x := range v {
		if x < 0 || sum > math.MaxInt64-x {
			return valueErr(fn, "count", float64(x), fmt.Errorf("%w: negative or overflowing count", ErrCorrupt))
		}
		sum += x
	}
	for k := range 4 {
		c.achieved[k+1], c.breached[k+1] = v[k], v[4+k]
	}
	return nil
}

const complianceVersion = 1

// MarshalBinary encodes the counts: a version byte (1), then the four
// achieved and four breached counts as minimal varints.
func (c Compliance) MarshalBinary() ([]byte, error) { return c.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (c Compliance) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, complianceVersion)
	for _, x := range c.achieved[FirstReply:] {
		b = wire.AppendVarint(b, x)
	}
	for _, x := range c.breached[FirstReply:] {
		b = wire.AppendVarint(b, x)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encodes; anything else returns
// ErrCorrupt and leaves c unchanged.
func (c *Compliance) UnmarshalBinary(b []byte) error {
	const fn = "timing.Compliance.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(complianceVersion)
	v := make([]int64, 8)
	for i := range v {
		v[i] = r.Varint()
	}
	if err := r.End(); err != nil {
		return err
	}
	return c.set(fn, v)
}
