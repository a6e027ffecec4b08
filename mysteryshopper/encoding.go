package mysteryshopper

import (
	"bytes"
	"encoding/json"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// auditVersion is the version of both encodings of an Audit.
const auditVersion = 1

// auditJSON is the wire form of an Audit.
type auditJSON struct {
	Version      *int          `json:"version"`
	Items        []string      `json:"items"`
	ItemSections []int         `json:"itemSections"`
	ItemFlags    []int         `json:"itemFlags"`
	Sections     []string      `json:"sections"`
	Score        *momentsJSON  `json:"score"`
	Passed       *int64        `json:"passed"`
	Critical     *int64        `json:"critical"`
	Flagged      *int64        `json:"flagged"`
	SectionScore []momentsJSON `json:"sectionScores"`
	Met          []int64       `json:"met"`
	Applicable   []int64       `json:"applicable"`
}

// MarshalJSON encodes the state of a: the checklist's item and section ids
// (with the section of each item, by position, and its flags: 1 critical,
// 2 bonus), the moments of the overall and section scores (n, mean and
// m2, the sum of squared deviations, as [estimate.Moments] writes them),
// and the counts:
//
//	{"version":1,"items":["greet",…],"itemSections":[0,…],"itemFlags":[0,…],"sections":["welcome",…],
//	 "score":{"n":…,"mean":…,"m2":…},"passed":…,"critical":…,"flagged":…,
//	 "sectionScores":[…],"met":[…],"applicable":[…]}
//
// A zero Audit has empty lists.
func (a Audit) MarshalJSON() ([]byte, error) {
	w := auditJSON{Version: new(int), Score: wireMoments(&a.score), Passed: &a.passed, Critical: &a.critical,
		Flagged: &a.flagged, Items: []string{}, ItemSections: []int{}, ItemFlags: []int{}, Sections: []string{},
		SectionScore: make([]momentsJSON, len(a.sections)), Met: a.met, Applicable: a.apply}
	for i := range a.sections {
		w.SectionScore[i] = *wireMoments(&a.sections[i])
	}
	*w.Version = auditVersion
	if a.l != nil {
		w.Items, w.ItemSections, w.Sections = a.l.items, a.l.section, a.l.sections
		w.ItemFlags = make([]int, len(a.l.flags))
		for i, f := range a.l.flags {
			w.ItemFlags[i] = int(f)
		}
	}
	if w.Met == nil {
		w.Met, w.Applicable = []int64{}, []int64{}
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes what [Audit.MarshalJSON] encodes, replacing the
// state of a. JSON null does nothing. An unknown, missing or duplicate
// key, a wrong type, trailing data, another version, or state that no
// sequence of visits could produce (lists of different lengths, duplicate
// ids, counts above the visits, met above applicable, mean scores outside
// 0..100) returns ErrCorrupt and leaves a unchanged.
func (a *Audit) UnmarshalJSON(b []byte) error {
	const fn = "mysteryshopper.Audit.UnmarshalJSON"
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var w auditJSON
	if err := strictJSON(fn, b, &w); err != nil {
		return err
	}
	if w.Version == nil || w.Items == nil || w.ItemSections == nil || w.ItemFlags == nil || w.Sections == nil || w.Score == nil ||
		w.Passed == nil || w.Critical == nil || w.Flagged == nil || w.SectionScore == nil || w.Met == nil ||
		w.Applicable == nil {
		return valueErr(fn, "length", float64(len(b)), wrapf(ErrCorrupt, "missing key"))
	}
	if *w.Version != auditVersion {
		return valueErr(fn, "version", float64(*w.Version), wrapf(ErrCorrupt, "want version %d", auditVersion))
	}
	flags := make([]uint8, len(w.ItemFlags))
	for i, f := range w.ItemFlags {
		if f < 0 || f > flagsAll {
			return valueErr(fn, "itemFlags", float64(f), wrapf(ErrCorrupt, "unknown flags"))
		}
		flags[i] = uint8(f)
	}
	st := auditState{l: layout{items: w.Items, section: w.ItemSections, flags: flags, sections: w.Sections},
		passed: *w.Passed, critical: *w.Critical, flagged: *w.Flagged,
		sections: make([]estimate.Moments, len(w.SectionScore)), met: w.Met, apply: w.Applicable}
	if err := w.Score.set(fn, &st.score); err != nil {
		return err
	}
	for i := range w.SectionScore {
		if err := w.SectionScore[i].set(fn, &st.sections[i]); err != nil {
			return err
		}
	}
	return a.set(fn, &st)
}

// momentsJSON is the wire form of an estimate.Moments, decoded strictly
// (estimate's own decoder ignores unknown keys).
type momentsJSON struct {
	N    *int64   `json:"n"`
	Mean *float64 `json:"mean"`
	M2   *float64 `json:"m2"`
}

func wireMoments(m *estimate.Moments) *momentsJSON {
	mean, m2, n := momentsOf(m)
	return &momentsJSON{&n, &mean, &m2}
}

// set checks w and stores it in m.
func (w *momentsJSON) set(fn string, m *estimate.Moments) error {
	if w.N == nil || w.Mean == nil || w.M2 == nil {
		return valueErr(fn, "moments", 0, wrapf(ErrCorrupt, "missing n, mean or m2"))
	}
	if err := setMoments(m, *w.N, *w.Mean, *w.M2); err != nil {
		return valueErr(fn, "moments of n", float64(*w.N), wrapf(ErrCorrupt, "%v", err))
	}
	return nil
}

// auditState is a decoded Audit, not yet checked.
type auditState struct {
	l                         layout
	score                     estimate.Moments
	passed, critical, flagged int64
	sections                  []estimate.Moments
	met, apply                []int64
}

// set checks st and makes it the state of a.
func (a *Audit) set(fn string, st *auditState) error {
	corrupt := func(name string, v float64, why string) error {
		return valueErr(fn, name, v, wrapf(ErrCorrupt, "%s", why))
	}
	l := &st.l
	ni, ns := len(l.items), len(l.sections)
	if len(l.section) != ni || len(l.flags) != ni || len(st.met) != ni || len(st.apply) != ni || len(st.sections) != ns {
		return corrupt("items", float64(ni), "lists of different lengths")
	}
	if ni > MaxItems {
		return corrupt("items", float64(ni), "too many")
	}
	_, _, n := momentsOf(&st.score)
	if ni == 0 || ns == 0 {
		if ni != 0 || ns != 0 || n != 0 || st.passed != 0 || st.critical != 0 || st.flagged != 0 {
			return corrupt("items", float64(ni), "visits without a checklist")
		}
		*a = Audit{}
		return nil
	}
	if name, v, why := l.invalid(); why != "" {
		return corrupt(name, v, why)
	}
	if mean, _, _ := momentsOf(&st.score); !(mean >= 0 && mean <= 100) {
		return corrupt("score", mean, "mean outside 0..100")
	}
	for _, c := range []int64{st.passed, st.critical, st.flagged} {
		if c < 0 || c > n {
			return corrupt("count", float64(c), "negative or above the visits")
		}
	}
	for i := range st.sections {
		mean, _, k := momentsOf(&st.sections[i])
		if k > n || !(mean >= 0 && mean <= 100) {
			return corrupt("section score", mean, "above the visits or outside 0..100")
		}
	}
	for i := range st.met {
		if st.apply[i] < 0 || st.apply[i] > n || st.met[i] < 0 || st.met[i] > st.apply[i] {
			return corrupt("met", float64(st.met[i]), "negative, above applicable or above the visits")
		}
	}
	*a = Audit{l: &layout{items: l.items, section: l.section, flags: l.flags, sections: l.sections}, score: st.score,
		passed: st.passed, critical: st.critical, flagged: st.flagged, sections: st.sections,
		met: st.met, apply: st.apply}
	return nil
}

// invalid returns what makes l, of at least one item and section, the
// layout of no checklist (the part at fault, a number and why), or why ""
// when it is one: non-empty unique ids, items in checklist order section
// by section, every section with an item, no item both critical and
// bonus.
func (l *layout) invalid() (name string, v float64, why string) {
	ni, ns := len(l.items), len(l.sections)
	if ni == 0 || ns == 0 {
		return "items", float64(ni), "no items or no sections"
	}
	if err := uniqueIDs(l.items); err != "" {
		return "items", float64(ni), err
	}
	if err := uniqueIDs(l.sections); err != "" {
		return "sections", float64(ns), err
	}
	prev := 0
	for i, s := range l.section {
		if s != prev && s != prev+1 || (i == 0 && s != 0) {
			return "itemSections", float64(s), "not in checklist order"
		}
		prev = s
	}
	if prev != ns-1 {
		return "itemSections", float64(prev), "a section without items"
	}
	for _, f := range l.flags {
		if f&^flagsAll != 0 || f == flagsAll {
			return "itemFlags", float64(f), "unknown flags, or critical and bonus"
		}
	}
	return "", 0, ""
}

func uniqueIDs(ids []string) string {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id == "" || seen[id] {
			return "empty or duplicate id " + id
		}
		seen[id] = true
	}
	return ""
}

// MarshalBinary encodes the state of a compactly: a version byte (1); the
// numbers of items and sections; each id as its length and bytes; the
// section of each item, each followed by a byte of its flags (1
// critical, 2 bonus); the overall score moments (estimate.MomentsBinarySize bytes, as
// [estimate.Moments.MarshalBinary]); the passed, critical and flagged
// counts; the moments of each section; the met and applicable count of
// each item. Counts and lengths are unsigned varints (encoding/binary).
func (a Audit) MarshalBinary() ([]byte, error) { return a.AppendBinary(nil) }

// AppendBinary appends the encoding of [Audit.MarshalBinary] to b.
func (a Audit) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, auditVersion)
	var l layout
	if a.l != nil {
		l = *a.l
	}
	b = wire.AppendUvarint(b, uint64(len(l.items)))
	b = wire.AppendUvarint(b, uint64(len(l.sections)))
	for _, id := range l.items {
		b = wire.AppendString(b, id)
	}
	for _, id := range l.sections {
		b = wire.AppendString(b, id)
	}
	for i, s := range l.section {
		b = wire.AppendUvarint(b, uint64(s))
		b = append(b, l.flags[i])
	}
	b, _ = a.score.AppendBinary(b)
	for _, c := range []int64{a.passed, a.critical, a.flagged} {
		b = wire.AppendUvarint(b, uint64(c))
	}
	for i := range a.sections {
		b, _ = a.sections[i].AppendBinary(b)
	}
	for i := range a.met {
		b = wire.AppendUvarint(b, uint64(a.met[i]))
		b = wire.AppendUvarint(b, uint64(a.apply[i]))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Audit.MarshalBinary] encodes, replacing
// the state of a. Another version, truncated data, trailing bytes, a
// non-minimal varint, or a state that [Audit.UnmarshalJSON] would reject
// returns ErrCorrupt and leaves a unchanged.
func (a *Audit) UnmarshalBinary(b []byte) error {
	const fn = "mysteryshopper.Audit.UnmarshalBinary"
	var r wire.Reader
	r.Reset(fn, b)
	r.Version(auditVersion)
	ni, ns := r.Uvarint(), r.Uvarint()
	if r.Err() == nil && (ni > MaxItems || ns > MaxItems) {
		r.Fail("more than MaxItems items or sections")
	}
	if err := r.Err(); err != nil {
		return err
	}
	var st auditState
	st.l.items = make([]string, ni)
	st.l.sections = make([]string, ns)
	st.l.section = make([]int, ni)
	st.l.flags = make([]uint8, ni)
	for i := range st.l.items {
		st.l.items[i] = r.Text()
	}
	for i := range st.l.sections {
		st.l.sections[i] = r.Text()
	}
	for i := range st.l.section {
		st.l.section[i] = int(min(r.Uvarint(), MaxItems+1))
		st.l.flags[i] = r.Byte()
	}
	readMoments(&r, &st.score)
	st.passed, st.critical, st.flagged = r.Count(), r.Count(), r.Count()
	st.sections = make([]estimate.Moments, ns)
	for i := range st.sections {
		readMoments(&r, &st.sections[i])
	}
	st.met, st.apply = make([]int64, ni), make([]int64, ni)
	for i := range st.met {
		st.met[i], st.apply[i] = r.Count(), r.Count()
	}
	if err := r.End(); err != nil {
		return err
	}
	if ni == 0 {
		// The zero Audit encodes with nil lists.
		st.l = layout{}
		st.sections, st.met, st.apply = nil, nil, nil
	}
	return a.set(fn, &st)
}

// readMoments reads the estimate.Moments of an Audit's state, which
// decode by their own strict decoder.
func readMoments(r *wire.Reader, m *estimate.Moments) {
	p := r.Take(estimate.MomentsBinarySize)
	if p == nil {
		return
	}
	if err := m.UnmarshalBinary(p); err != nil {
		r.Fail("moments: " + err.Error())
	}
}
