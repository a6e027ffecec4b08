// Package staffing answers the contact-centre question "how many agents do
// I need in this half hour to answer 80 % of calls within 20 seconds?" with
// the queueing models the industry uses: Erlang C, where callers wait as
// long as it takes, and Erlang A, where they abandon when their patience
// runs out.
//
//	q := staffing.Queue{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
//	s, err := staffing.AgentsC(q, staffing.Targets{ServiceLevel: 0.80, AnswerWithin: 20 * time.Second})
//	// s.Agents == 14, s.Result.ServiceLevel == 0.888
//
// Assumptions, as in every Erlang model: contacts arrive as a Poisson
// process at a constant rate within an interval; handling times are
// exponential with mean AHT; agents are interchangeable; the queue is in
// steady state (each interval is treated on its own). Erlang A adds
// exponentially distributed patience. Shares are fractions in [0, 1],
// times are [time.Duration], loads are in Erlangs.
//
// The numerics are exact to about 1e-12 from 0.01 to 10,000 Erlangs: Erlang
// B comes from its recursion, Erlang C from Erlang B, and Erlang A's sum over
// queue states from its largest term outwards, so that no factorial or power
// is ever formed and nothing overflows. An unstable queue (Erlang C with no
// more agents than Erlangs) returns documented values, never NaN: see
// [Result]. The checks against published worked examples and a
// high-precision evaluation are in staffing.md beside this file.
//
// # Index
//
// One interval, given its agents: [ErlangB], [ErlangC], [ErlangA], each a
// [Result] (model, waits, service level, occupancy, queue lengths).
//
// The agents needed: [Targets] (service level, ASA, occupancy, abandonment,
// shrinkage), [AgentsC] and [AgentsA], each a [Staffing].
//
// A day of intervals: [PlanC] and [PlanA], each a [Plan] with the day's
// service level, ASA and occupancy.
//
// The package holds no accumulator: its inputs are forecasts, not
// observations. Its results ([Result], [Staffing], [Plan]) round-trip
// through JSON and through a versioned binary encoding, whose decoders are
// strict: what no call could return is ErrCorrupt.
package staffing
