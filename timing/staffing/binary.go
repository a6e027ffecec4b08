package staffing

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// The binary encodings are versioned, fixed-width and little-endian, so
// that a result can travel as a key-value or combiner state:
//
//	Result   (103 bytes): version 1, model (1 = C, 2 = A), stable (0 or 1),
//	         agents uint32, then Erlangs, Blocking, Wait, Abandon,
//	         ServiceLevel, Occupancy, QueueLength, InSystem as float64 bits
//	         and AnswerWithin, ASA, WaitIfWaits, TimeInSystem as int64
//	Staffing (111 bytes): version 1, Agents uint32, Scheduled uint32, then
//	         its Result without the Result's version byte
//	Plan: version 1, model, intervals uint32, Contacts, ServiceLevel,
//	         Abandon, Occupancy float64 bits, Staffed, Scheduled, ASA int64,
//	         then each interval's Staffing without its version byte.
const binaryVersion = 1

const (
	resultSize   = 3 + 4 + 8*8 + 4*8
	staffingSize = 1 + 4 + 4 + resultSize - 1
	planHead     = 1 + 1 + 4 + 4*8 + 3*8
)

func modelByte(m Model) byte {
	if m == ModelA {
		return 2
	}
	return 1
}

// MarshalBinary encodes r in the fixed layout above.
func (r Result) MarshalBinary() ([]byte, error) { return r.AppendBinary(make([]byte, 0, resultSize)) }

// AppendBinary appends the encoding of r to b.
func (r Result) AppendBinary(b []byte) ([]byte, error) {
	return appendResult(append(b, binaryVersion), r), nil
}

// appendResult appends r without its version byte.
func appendResult(b []byte, r Result) []byte {
	var stable byte
	if r.Stable {
		stable = 1
	}
	b = append(b, modelByte(r.Model), stable)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.Agents))
	for _, f := range [...]float64{r.Erlangs, r.Blocking, r.Wait, r.Abandon, r.ServiceLevel, r.Occupancy, r.QueueLength, r.InSystem} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	for _, d := range [...]time.Duration{r.AnswerWithin, r.ASA, r.WaitIfWaits, r.TimeInSystem} {
		b = binary.LittleEndian.AppendUint64(b, uint64(d))
	}
	return b
}

// readResult decodes a Result without its version byte from the start of
// b, which must be long enough.
func readResult(b []byte) (Result, string) {
	var r Result
	switch b[0] {
	case 1:
		r.Model = ModelC
	case 2:
		r.Model = ModelA
	default:
		return r, fmt.Sprintf("model byte %d", b[0])
	}
	if b[1] > 1 {
		return r, fmt.Sprintf("stable byte %d", b[1])
	}
	r.Stable = b[1] == 1
	r.Agents = int(binary.LittleEndian.Uint32(b[2:]))
	f := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[6+8*i:])) }
	r.Erlangs, r.Blocking, r.Wait, r.Abandon = f(0), f(1), f(2), f(3)
	r.ServiceLevel, r.Occupancy, r.QueueLength, r.InSystem = f(4), f(5), f(6), f(7)
	d := func(i int) time.Duration { return time.Duration(binary.LittleEndian.Uint64(b[70+8*i:])) }
	r.AnswerWithin, r.ASA, r.WaitIfWaits, r.TimeInSystem = d(0), d(1), d(2), d(3)
	if why := r.invalid(); why != "" {
		return r, why
	}
	return r, ""
}

func binaryErr(fn string, b []byte, why string) error {
	return valueErr(fn, "length", float64(len(b)), fmt.Errorf("%w: %s", ErrCorrupt, why))
}

// UnmarshalBinary decodes what [Result.MarshalBinary] encodes. A wrong
// length or version, or values a result cannot have (see
// [Result.UnmarshalJSON]), return ErrCorrupt and leave r unchanged.
func (r *Result) UnmarshalBinary(b []byte) error {
	const fn = "staffing.Result.UnmarshalBinary"
	if len(b) != resultSize {
		return binaryErr(fn, b, fmt.Sprintf("want %d bytes", resultSize))
	}
	if b[0] != binaryVersion {
		return binaryErr(fn, b, fmt.Sprintf("version %d", b[0]))
	}
	v, why := readResult(b[1:])
	if why != "" {
		return binaryErr(fn, b, why)
	}
	*r = v
	return nil
}

// MarshalBinary encodes s in the fixed layout above.
func (s Staffing) MarshalBinary() ([]byte, error) {
	return appendStaffing(append(make([]byte, 0, staffingSize), binaryVersion), s), nil
}

func appendStaffing(b []byte, s Staffing) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(s.Agents))
	b = binary.LittleEndian.AppendUint32(b, uint32(s.Scheduled))
	return appendResult(b, s.Result)
}

// readStaffing decodes a Staffing without its version byte.
func readStaffing(b []byte) (Staffing, string) {
	s := Staffing{Agents: int(binary.LittleEndian.Uint32(b)), Scheduled: int(binary.LittleEndian.Uint32(b[4:]))}
	r, why := readResult(b[8:])
	if why != "" {
		return s, why
	}
	s.Result = r
	if s.Agents != r.Agents || s.Scheduled < s.Agents || s.Scheduled > MaxAgents {
		return s, "agents and scheduled do not match the result"
	}
	return s, ""
}

// UnmarshalBinary decodes what [Staffing.MarshalBinary] encodes. A wrong
// length or version, or values a staffing cannot have, return ErrCorrupt
// and leave s unchanged.
func (s *Staffing) UnmarshalBinary(b []byte) error {
	const fn = "staffing.Staffing.UnmarshalBinary"
	if len(b) != staffingSize {
		return binaryErr(fn, b, fmt.Sprintf("want %d bytes", staffingSize))
	}
	if b[0] != binaryVersion {
		return binaryErr(fn, b, fmt.Sprintf("version %d", b[0]))
	}
	v, why := readStaffing(b[1:])
	if why != "" {
		return binaryErr(fn, b, why)
	}
	*s = v
	return nil
}

// MarshalBinary encodes p in the layout above.
func (p Plan) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, planHead+len(p.Intervals)*(staffingSize-1))
	b = append(b, binaryVersion, modelByte(p.Model))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(p.Intervals)))
	for _, f := range [...]float64{p.Contacts, p.ServiceLevel, p.Abandon, p.Occupancy} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	for _, d := range [...]time.Duration{p.Staffed, p.Scheduled, p.ASA} {
		b = binary.LittleEndian.AppendUint64(b, uint64(d))
	}
	for _, s := range p.Intervals {
		b = appendStaffing(b, s)
	}
	return b, nil
}

// UnmarshalBinary decodes what [Plan.MarshalBinary] encodes. A wrong
// length or version, no intervals, intervals of another model, or values a
// plan cannot have return ErrCorrupt and leave p unchanged.
func (p *Plan) UnmarshalBinary(b []byte) error {
	const fn = "staffing.Plan.UnmarshalBinary"
	if len(b) < planHead {
		return binaryErr(fn, b, "too short")
	}
	if b[0] != binaryVersion {
		return binaryErr(fn, b, fmt.Sprintf("version %d", b[0]))
	}
	var v Plan
	switch b[1] {
	case 1:
		v.Model = ModelC
	case 2:
		v.Model = ModelA
	default:
		return binaryErr(fn, b, fmt.Sprintf("model byte %d", b[1]))
	}
	n := int(binary.LittleEndian.Uint32(b[2:]))
	const each = staffingSize - 1
	if n == 0 || n > (len(b)-planHead)/each || len(b) != planHead+n*each {
		return binaryErr(fn, b, fmt.Sprintf("%d intervals do not fill %d bytes", n, len(b)))
	}
	f := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[6+8*i:])) }
	v.Contacts, v.ServiceLevel, v.Abandon, v.Occupancy = f(0), f(1), f(2), f(3)
	d := func(i int) time.Duration { return time.Duration(binary.LittleEndian.Uint64(b[38+8*i:])) }
	v.Staffed, v.Scheduled, v.ASA = d(0), d(1), d(2)
	v.Intervals = make([]Staffing, n)
	for i := range v.Intervals {
		s, why := readStaffing(b[planHead+i*each:])
		if why != "" {
			return binaryErr(fn, b, fmt.Sprintf("interval %d: %s", i, why))
		}
		v.Intervals[i] = s
	}
	if why := v.invalid(); why != "" {
		return binaryErr(fn, b, why)
	}
	*p = v
	return nil
}
