package servqual

import "math"

// Missing marks an item that a respondent did not answer, in any of the
// answer slices of a [Response]. It lies outside every rating scale.
const Missing = math.MinInt

// A Response is one respondent's answers, one per item in the order of the
// instrument's Items, each on the instrument's scale or Missing.
//
// Expectations and Perceptions are required (of the right length, though
// any answer may be Missing). Minimum and Desired are optional: nil, or one
// per item, for the three-column format of Parasuraman, Zeithaml and Berry
// (1994), which asks the minimum service level the customer would accept,
// the desired level, and the perception. In that format the desired level
// takes the place of the expectation: pass it as both Expectations and
// Desired. Weights are optional: nil, or the 100 points of importance the
// respondent spread over the dimensions, one per dimension in the
// instrument's order (PZB 1991).
//
// How missing answers count: an item's statistics use every respondent who
// answered it (the gap needs both its expectation and perception); a
// respondent's dimension score is the mean of the items of the dimension
// that the respondent answered, when that is at least half of them, and
// missing otherwise; the overall scores need every dimension score; and
// Cronbach's alpha of a set of items uses only the respondents who answered
// all of them (listwise deletion), which [Reliability.N] reports.
//
// A Response travels between processes in its binary encoding
// ([Response.MarshalBinary]), or as JSON with the tags below.
type Response struct {
	Expectations []int     `json:"expectations"`
	Perceptions  []int     `json:"perceptions"`
	Minimum      []int     `json:"minimum,omitempty"`
	Desired      []int     `json:"desired,omitempty"`
	Weights      []float64 `json:"weights,omitempty"`
}

// A Series names one of the three sets of item scores whose reliability
// [Accumulator.Reliability] measures.
type Series string

// The series of item scores.
const (
	Expectations Series = "expectations" // E, re-keyed
	Perceptions  Series = "perceptions"  // P, re-keyed
	Gaps         Series = "gaps"         // P - E
)

// A Zone says where perceived service falls against the zone of tolerance
// of Zeithaml, Berry and Parasuraman (1993), which runs from the minimum
// (adequate) level to the desired level.
type Zone string

// The places of a perception against the zone of tolerance.
const (
	// NoZone: the minimum and desired levels were not asked.
	NoZone Zone = ""
	// Below: the mean perception is under the mean minimum level
	// (adequacy < 0), a service failure.
	Below Zone = "below"
	// Inside: between the minimum and the desired level.
	Inside Zone = "inside"
	// Above: over the mean desired level (superiority > 0), delight.
	Above Zone = "above"
)
