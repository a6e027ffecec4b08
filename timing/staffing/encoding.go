package staffing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// inf is how JSON carries an infinite mean: encoding/json rejects +Inf.
const inf = `"+Inf"`

// number is a float64 that encodes +Inf as the string "+Inf".
type number float64

func (x number) MarshalJSON() ([]byte, error) {
	if math.IsInf(float64(x), 1) {
		return []byte(inf), nil
	}
	return json.Marshal(float64(x))
}

func (x *number) UnmarshalJSON(b []byte) error {
	if string(b) == inf {
		*x = number(math.Inf(1))
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || b[0] == '"' {
		return fmt.Errorf("want a number or %s, got %s", inf, b)
	}
	*x = number(f)
	return nil
}

// resultPlain is Result without its methods, for encoding/json.
type resultPlain Result

// resultJSON is the wire form of a Result: its fields, with the two that
// can be infinite as numbers.
type resultJSON struct {
	resultPlain
	QueueLength number `json:"queue_length"`
	InSystem    number `json:"in_system"`
}

// MarshalJSON encodes r with the field names of its tags. QueueLength and
// InSystem of an unstable queue, +Inf, encode as the string "+Inf"; the
// [Infinite] waits encode as the integer 9223372036854775807, as every
// time.Duration encodes as its nanoseconds.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{resultPlain(r), number(r.QueueLength), number(r.InSystem)})
}

// UnmarshalJSON decodes what [Result.MarshalJSON] encodes. A missing,
// duplicate or unknown field, a wrong type, a value out of its range (a
// share outside [0, 1], negative agents, load or waits, a NaN or negative
// queue length), a model other than ModelC and ModelA, or data after the
// object returns ErrCorrupt and leaves r unchanged. JSON null does nothing.
func (r *Result) UnmarshalJSON(b []byte) error {
	const fn = "staffing.Result.UnmarshalJSON"
	corrupt := func(why string) error {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil // as encoding/json expects
	}
	if err := keys(b, 15); err != nil {
		return corrupt(err.Error())
	}
	var w resultJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return corrupt(err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return corrupt("data after the object")
	}
	v := Result(w.resultPlain)
	v.QueueLength, v.InSystem = float64(w.QueueLength), float64(w.InSystem)
	if why := v.invalid(); why != "" {
		return corrupt(why)
	}
	*r = v
	return nil
}

// invalid returns why r cannot be a result, or "".
func (r Result) invalid() string {
	share := func(p float64) bool { return p >= 0 && p <= 1 }
	switch {
	case r.Model != ModelC && r.Model != ModelA:
		return "unknown model " + strconv.Quote(string(r.Model))
	case r.Agents < 0 || r.Agents > MaxAgents || !(r.Erlangs >= 0 && r.Erlangs <= MaxErlangs):
		return "agents or load out of range"
	case !share(r.Blocking) || !share(r.Wait) || !share(r.Abandon) || !share(r.ServiceLevel) || !share(r.Occupancy):
		return "share outside [0, 1]"
	case r.AnswerWithin < 0 || r.ASA < 0 || r.WaitIfWaits < 0 || r.TimeInSystem < 0:
		return "negative time"
	case !(r.QueueLength >= 0) || !(r.InSystem >= 0):
		return "negative or NaN queue length"
	}
	return ""
}

// keys checks that b is an object with want distinct keys.
func keys(b []byte, want int) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("not an object")
	}
	seen := make(map[string]bool, want)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := tok.(string)
		if seen[k] {
			return fmt.Errorf("duplicate key %q", k)
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	if len(seen) != want {
		return fmt.Errorf("%d keys, want %d", len(seen), want)
	}
	return nil
}

// staffingPlain and planPlain are Staffing and Plan without their methods,
// for encoding/json.
type (
	staffingPlain Staffing
	planPlain     Plan
)

// strictJSON decodes the object b into v (a pointer to a plain struct
// with want fields) refusing a duplicate, missing or unknown key, a wrong
// type and data after the object.
func strictJSON(b []byte, want int, v any) error {
	if err := keys(b, want); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the object")
	}
	return nil
}

// UnmarshalJSON decodes the JSON that encoding/json writes for a Staffing.
// A duplicate, missing or unknown key, a wrong type, data after the
// object, a result that [Result.UnmarshalJSON] rejects, or counts a
// staffing cannot have (Agents other than the result's, Scheduled below
// Agents or above [MaxAgents]) return ErrCorrupt and leave s unchanged.
// JSON null does nothing.
func (s *Staffing) UnmarshalJSON(b []byte) error {
	const fn = "staffing.Staffing.UnmarshalJSON"
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var v staffingPlain
	if err := strictJSON(b, 3, &v); err != nil {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	if v.Agents != v.Result.Agents || v.Scheduled < v.Agents || v.Scheduled > MaxAgents {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: agents and scheduled do not match the result", ErrCorrupt))
	}
	*s = Staffing(v)
	return nil
}

// UnmarshalJSON decodes the JSON that encoding/json writes for a Plan,
// as strictly as [Plan.UnmarshalBinary]: a duplicate, missing or unknown
// key, a wrong type, data after the object, no intervals, an interval that
// [Staffing.UnmarshalJSON] rejects or of another model, or day totals out
// of range (a share outside [0, 1], a negative or non-finite count or
// time) return ErrCorrupt and leave p unchanged. JSON null does nothing.
func (p *Plan) UnmarshalJSON(b []byte) error {
	const fn = "staffing.Plan.UnmarshalJSON"
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	corrupt := func(why string) error {
		return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, why))
	}
	var v planPlain
	if err := strictJSON(b, 9, &v); err != nil {
		return corrupt(err.Error())
	}
	if why := Plan(v).invalid(); why != "" {
		return corrupt(why)
	}
	*p = Plan(v)
	return nil
}

// invalid returns why p cannot be a plan, or "".
func (p Plan) invalid() string {
	share := func(x float64) bool { return x >= 0 && x <= 1 }
	switch {
	case p.Model != ModelC && p.Model != ModelA:
		return "unknown model " + strconv.Quote(string(p.Model))
	case len(p.Intervals) == 0:
		return "no intervals"
	case !(p.Contacts >= 0) || math.IsInf(p.Contacts, 0) || !share(p.ServiceLevel) || !share(p.Abandon) || !share(p.Occupancy) ||
		p.Staffed < 0 || p.Scheduled < 0 || p.ASA < 0:
		return "day totals out of range"
	}
	for i, s := range p.Intervals {
		if s.Result.Model != p.Model {
			return fmt.Sprintf("interval %d: an interval of another model", i)
		}
	}
	return ""
}
