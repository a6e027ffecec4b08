package estimate

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/servq/servq/internal/strictjson"
)

// intervalJSON is the wire form of an Interval.
type intervalJSON struct {
	Lo     end     `json:"lo"`
	Hi     end     `json:"hi"`
	Level  float64 `json:"level"`
	Method Method  `json:"method"`
}

// end is an end of an interval in JSON: a number, or one of the strings
// "+Inf", "-Inf" and "NaN", which JSON numbers cannot carry.
type end float64

// The strings of the ends that are not finite.
const (
	posInfJSON = `"+Inf"`
	negInfJSON = `"-Inf"`
	nanJSON    = `"NaN"`
)

func (e end) MarshalJSON() ([]byte, error) {
	switch f := float64(e); {
	case math.IsInf(f, 1):
		return []byte(posInfJSON), nil
	case math.IsInf(f, -1):
		return []byte(negInfJSON), nil
	case math.IsNaN(f):
		return []byte(nanJSON), nil
	default:
		return json.Marshal(f)
	}
}

func (e *end) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case posInfJSON:
		*e = end(math.Inf(1))
	case negInfJSON:
		*e = end(math.Inf(-1))
	case nanJSON:
		*e = end(math.NaN())
	case "null": // leaves e, as encoding/json does
	default:
		var f float64
		if err := json.Unmarshal(b, &f); err != nil {
			return err
		}
		*e = end(f)
	}
	return nil
}

// MarshalJSON encodes iv as encoding/json encodes its fields,
//
//	{"lo":0.2553,"hi":0.3662,"level":0.95,"method":"clopper-pearson"}
//
// except that an end that is not finite is a string, "+Inf", "-Inf" or
// "NaN" ({"lo":0.08,"hi":"+Inf",...}), since JSON numbers cannot be
// infinite and encoding/json rejects them. A result that holds an
// Interval marshals whatever its ends. A NaN or infinite Level, which no
// function of servq returns, is an error of encoding/json.
func (iv Interval) MarshalJSON() ([]byte, error) {
	return json.Marshal(intervalJSON{end(iv.Lo), end(iv.Hi), iv.Level, iv.Method})
}

// UnmarshalJSON decodes what [Interval.MarshalJSON] encodes, and the
// plain encoding/json form: the ends as numbers or as the strings "+Inf",
// "-Inf" and "NaN". As with encoding/json, keys match without regard to
// case, unknown keys are ignored, null leaves a field as it was and a
// missing key leaves it too. Anything else (another string, an end out of
// the range of float64, text that is not JSON) returns a *ValueError
// wrapping ErrCorrupt and leaves iv unchanged.
func (iv *Interval) UnmarshalJSON(b []byte) error {
	w := intervalJSON{end(iv.Lo), end(iv.Hi), iv.Level, iv.Method}
	if err := json.Unmarshal(b, &w); err != nil {
		return &ValueError{Func: "estimate.Interval.UnmarshalJSON", Name: "json", Text: strictjson.Short(b), Index: -1,
			Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	}
	*iv = Interval{Lo: float64(w.Lo), Hi: float64(w.Hi), Level: w.Level, Method: w.Method}
	return nil
}
