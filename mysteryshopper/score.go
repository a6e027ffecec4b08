package mysteryshopper

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/servq/servq/estimate"
)

// A Scorer scores visits against one validated [Checklist]. It keeps its
// own copy of the checklist, so later edits to the original do not reach
// it, and it is safe for concurrent use by several goroutines (each with
// its own [Score] to fill).
type Scorer struct {
	c        Checklist
	items    []itemInfo
	sections []sectionInfo
	index    map[string]int
	layout   *layout
}

// itemInfo is an item, flattened and precomputed for scoring.
type itemInfo struct {
	id                                string
	kind                              Kind
	section                           int
	weight                            float64
	bonus, critical, optional, always bool
	min, max, metFrom                 int       // Rating
	credit                            []float64 // Choice: points / best
	meets                             []bool    // Choice
	labels                            []string  // Choice
}

type sectionInfo struct {
	weight, trigger float64
	first, end      int // items[first:end] are the section's
}

// layout is what accumulators must agree on to merge: the ids of the
// items and sections, in checklist order, the section of each item and
// its flags.
type layout struct {
	items, sections []string
	section         []int
	flags           []uint8 // flagCritical | flagBonus
}

// Item flags of a layout.
const (
	flagCritical = 1 << iota
	flagBonus
	flagsAll = flagCritical | flagBonus
)

func (l *layout) equal(o *layout) bool {
	return l == o || (slices.Equal(l.items, o.items) && slices.Equal(l.sections, o.sections) &&
		slices.Equal(l.section, o.section) && slices.Equal(l.flags, o.flags))
}

// NewScorer validates c ([Checklist.Validate]) and returns a Scorer for it.
func NewScorer(c Checklist) (*Scorer, error) {
	const fn = "mysteryshopper.NewScorer"
	if err := c.validate(fn); err != nil {
		return nil, err
	}
	s := &Scorer{c: clone(c), index: make(map[string]int), layout: &layout{}}
	for si, sec := range s.c.Sections {
		info := sectionInfo{weight: sec.Weight, trigger: sec.Trigger, first: len(s.items)}
		s.layout.sections = append(s.layout.sections, sec.ID)
		for _, it := range sec.Items {
			x := itemInfo{id: it.ID, kind: it.Kind, section: si, weight: it.Weight, bonus: it.Bonus,
				critical: it.Critical, optional: it.Optional, always: it.Always}
			switch it.Kind {
			case Rating:
				x.min, x.max, x.metFrom = it.Scale.Min, it.Scale.Max, it.Scale.Max
				if it.MetFrom != nil {
					x.metFrom = *it.MetFrom
				}
			case Choice:
				var best float64
				marked := false
				for _, o := range it.Options {
					best = math.Max(best, o.Points)
					marked = marked || o.Meets
				}
				for _, o := range it.Options {
					x.credit = append(x.credit, o.Points/best)
					x.meets = append(x.meets, o.Meets || (!marked && o.Points == best))
					x.labels = append(x.labels, o.Label)
				}
			}
			s.index[it.ID] = len(s.items)
			s.items = append(s.items, x)
			s.layout.items = append(s.layout.items, it.ID)
			s.layout.section = append(s.layout.section, si)
			var f uint8
			if it.Critical {
				f |= flagCritical
			}
			if it.Bonus {
				f |= flagBonus
			}
			s.layout.flags = append(s.layout.flags, f)
		}
		info.end = len(s.items)
		s.sections = append(s.sections, info)
	}
	return s, nil
}

// clone returns a deep copy of c.
func clone(c Checklist) Checklist {
	c.Sections = slices.Clone(c.Sections)
	for si := range c.Sections {
		s := &c.Sections[si]
		s.Items = slices.Clone(s.Items)
		for ii := range s.Items {
			it := &s.Items[ii]
			it.Options = slices.Clone(it.Options)
			if it.MetFrom != nil {
				v := *it.MetFrom
				it.MetFrom = &v
			}
		}
	}
	return c
}

// Checklist returns a copy of the checklist s scores against.
func (s *Scorer) Checklist() Checklist { return clone(s.c) }

// Len returns the number of items, the length of the answers that
// [Scorer.Score] takes.
func (s *Scorer) Len() int { return len(s.items) }

// Index returns the position of the item with id in the answers, and
// whether there is such an item.
func (s *Scorer) Index(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

// A Score is one scored visit. Fill it with [Scorer.Score]; a Score
// reused for many visits allocates only the first time. It is the
// observation an [Audit] adds, and it travels between processes as JSON
// (the tags below) or binary ([Score.MarshalBinary]); either way the
// decoded Score is added as the original.
type Score struct {
	// Percent is the overall score, 0..100, after the critical rule.
	Percent float64 `json:"percent"`
	// Points is Percent/100 of Possible: the overall score in the units
	// of the section weights (points out of 100 when they add up to 100
	// and no section is N/A), bonus included.
	Points float64 `json:"points"`
	// Possible is the sum of the weights of the sections scored.
	Possible float64 `json:"possible"`
	// Bonus is the points earned by bonus items, before the cap at
	// Possible.
	Bonus float64 `json:"bonus"`
	// Pass reports whether the visit passed: Percent >= the pass mark and,
	// under FailVisit, no critical failure.
	Pass bool `json:"pass"`
	// CriticalFailures is the number of critical items not met.
	CriticalFailures int `json:"criticalFailures"`
	// Triggered is the number of sections below their trigger.
	Triggered int            `json:"triggered"`
	Sections  []SectionScore `json:"sections"` // in checklist order
	Items     []ItemScore    `json:"items"`    // in checklist order, as the answers
	layout    *layout
}

// A SectionScore is a section's part of a [Score].
type SectionScore struct {
	ID string `json:"id"` // the section's id
	// Scored is false when every item of the section was N/A; then the
	// other fields are zero and the section is left out of the total.
	Scored bool `json:"scored"`
	// Percent is 100·Points/Possible, 0..100.
	Percent float64 `json:"percent"`
	// Points and Possible are in the units of the item weights: the
	// points earned and the weights of the applicable non-bonus items.
	Points   float64 `json:"points"`
	Possible float64 `json:"possible"`
	// Triggered reports whether Percent is below the section's trigger.
	Triggered bool `json:"triggered"`
}

// An ItemScore is an item's part of a [Score].
type ItemScore struct {
	ID      string `json:"id"`      // the item's id
	Section string `json:"section"` // the id of its section
	// Critical and Bonus repeat the item's flags, so that a Score
	// decoded from JSON or binary tells an [Audit] its checklist.
	Critical   bool `json:"critical,omitempty"`
	Bonus      bool `json:"bonus,omitempty"`
	Applicable bool `json:"applicable"` // answered, not N/A or left blank
	// Met reports whether the answer met the item (see [Item]).
	Met bool `json:"met"`
	// Credit is the share of the weight earned, 0..1.
	Credit float64 `json:"credit"`
	// Points is Weight·Credit, in item-weight units (overall points for
	// a bonus item). It depends on this item's answer only.
	Points float64 `json:"points"`
	// CriticalFailure reports a critical item that was applicable and
	// not met.
	CriticalFailure bool `json:"criticalFailure"`
}

// passSlack absorbs rounding when a score is compared with a threshold,
// so that a hand-computed 80 % meets a pass mark of 80.
const passSlack = 1e-9

// Score scores one visit into dst. answers has one [Answer] per item, in
// checklist order ([Scorer.Index] gives an item's position). The rule:
//
//	credit c_i         yes 1, no 0; rating (x-Min)/(Max-Min); choice Points_k/max Points
//	section %  p_s   = 100 · Σ w_i·c_i / Σ w_i        over its applicable non-bonus items
//	overall %        = 100 · min(1, (Σ W_s·p_s/100 + bonus) / Σ W_s)   over scored sections
//	bonus            = Σ w_b·c_b over applicable bonus items
//
// so an N/A item leaves both sums of its section, 0 of 0 points rather
// than 0 of w_i (SASSIE's "omit N/A"), and the section keeps its weight
// W_s, spread over the items that applied. A section whose items are all
// N/A is not scored and the others share its weight. With no N/A and each
// W_s proportional to its items' weights, the overall % is the plain
// points earned / points possible; weighting sections keeps a section's
// share from depending on how many items it has.
// A critical item not met then fails the visit or caps its score
// ([CriticalRule]); a section below its trigger is flagged.
//
// Errors, as an [*estimate.ValueError] with the item's position as index:
// a length other than [Scorer.Len] ErrAnswer, an Unanswered item that is
// not Optional ErrMissing, a rating off the scale ErrOutOfRange, any other
// answer that does not fit ErrAnswer, and every item N/A (or every
// applicable item of zero weight or bonus) ErrAllNA. On
// error dst is unchanged. A nil dst is a programming error and panics.
func (s *Scorer) Score(dst *Score, answers []Answer) error {
	const fn = "mysteryshopper.Scorer.Score"
	if len(answers) != len(s.items) {
		return valueErr(fn, "number of answers", float64(len(answers)),
			wrapf(ErrAnswer, "want %d, one per item", len(s.items)))
	}
	scored := false
	for i := range s.items {
		ok, err := s.check(fn, i, answers[i])
		if err != nil {
			return err
		}
		scored = scored || (ok && !s.items[i].bonus && s.items[i].weight > 0)
	}
	if !scored {
		return valueErr(fn, "answers", float64(len(answers)), ErrAllNA)
	}
	s.score(dst, answers)
	return nil
}

// check returns whether answer a to item i applies, or why it is wrong.
// It is on the hot path of every visit: the errors are built out of line.
func (s *Scorer) check(fn string, i int, a Answer) (bool, error) {
	it := &s.items[i]
	switch a.Status {
	case Given:
	case Unanswered:
		if !it.optional {
			return false, s.answerErr(fn, i, a, ErrMissing)
		}
		return false, nil
	case NotApplicable:
		if it.always {
			return false, s.answerErr(fn, i, a, wrapf(ErrAnswer, "the item is always applicable"))
		}
		return false, nil
	default:
		return false, s.answerErr(fn, i, a, wrapf(ErrAnswer, "status %d", a.Status))
	}
	switch it.kind {
	case YesNo:
		if uint(a.Value) > 1 {
			return false, s.answerErr(fn, i, a, wrapf(ErrAnswer, "want 1 (yes) or 0 (no)"))
		}
	case Rating:
		if a.Value < it.min || a.Value > it.max {
			return false, s.answerErr(fn, i, a, fmt.Errorf("%w %d..%d", ErrOutOfRange, it.min, it.max))
		}
	case Choice:
		if uint(a.Value) >= uint(len(it.credit)) {
			return false, s.answerErr(fn, i, a, wrapf(ErrAnswer, "no option %d (0..%d)", a.Value, len(it.credit)-1))
		}
	}
	return true, nil
}

// answerErr reports answer a to item i.
func (s *Scorer) answerErr(fn string, i int, a Answer, err error) error {
	return &estimate.ValueError{Func: fn, Name: "answer to item " + strconv.Quote(s.items[i].id),
		Value: float64(a.Value), Index: i, Err: err}
}

// score fills dst from answers that check accepted. The ids of dst's
// items and sections (and the items' flags) are written only when dst was
// last filled by another Scorer: rewriting unchanged strings costs more
// than the rest.
func (s *Scorer) score(dst *Score, answers []Answer) {
	if dst.layout != s.layout || len(dst.Items) != len(s.items) || len(dst.Sections) != len(s.sections) {
		if cap(dst.Items) < len(s.items) {
			dst.Items = make([]ItemScore, len(s.items))
		}
		if cap(dst.Sections) < len(s.sections) {
			dst.Sections = make([]SectionScore, len(s.sections))
		}
		dst.Items, dst.Sections = dst.Items[:len(s.items)], dst.Sections[:len(s.sections)]
		for i := range dst.Items {
			it := &dst.Items[i]
			it.ID, it.Section = s.layout.items[i], s.layout.sections[s.layout.section[i]]
			it.Critical, it.Bonus = s.items[i].critical, s.items[i].bonus
		}
		for i := range dst.Sections {
			dst.Sections[i].ID = s.layout.sections[i]
		}
		dst.layout = s.layout
	}
	items, secs := dst.Items, dst.Sections
	var earned, possible, bonus float64
	critical, triggered := 0, 0
	for si := range s.sections {
		sec := &s.sections[si]
		var pts, pos float64
		for i := sec.first; i < sec.end; i++ {
			it := &s.items[i]
			a := answers[i]
			is := &items[i]
			is.Applicable, is.Met, is.Credit, is.Points, is.CriticalFailure = false, false, 0, 0, false
			if a.Status != Given {
				continue
			}
			is.Applicable = true
			switch it.kind {
			case YesNo:
				is.Credit = float64(a.Value)
				is.Met = a.Value == 1
			case Rating:
				is.Credit = float64(a.Value-it.min) / float64(it.max-it.min)
				is.Met = a.Value >= it.metFrom
			case Choice:
				is.Credit = it.credit[a.Value]
				is.Met = it.meets[a.Value]
			}
			is.Points = it.weight * is.Credit
			if it.bonus {
				bonus += is.Points
			} else {
				pts += is.Points
				pos += it.weight
			}
			if it.critical && !is.Met {
				is.CriticalFailure = true
				critical++
			}
		}
		ss := &secs[si]
		ss.Scored, ss.Percent, ss.Points, ss.Possible, ss.Triggered = false, 0, 0, 0, false
		if pos > 0 {
			ss.Scored = true
			ss.Points, ss.Possible = pts, pos
			ss.Percent = math.Min(100, 100*pts/pos)
			earned += sec.weight * ss.Percent / 100
			possible += sec.weight
			if sec.trigger > 0 && ss.Percent < sec.trigger-passSlack {
				ss.Triggered = true
				triggered++
			}
		}
	}
	// Score accepted the answers only if some section was scored, and
	// every section weighs more than zero, so possible > 0.
	pct := math.Min(100, 100*(earned+bonus)/possible)
	pass := true
	if critical > 0 {
		switch s.c.Critical {
		case CapScore:
			pct = math.Min(pct, s.c.Cap)
		default:
			pass = false
		}
	}
	pass = pass && pct >= s.c.PassMark-passSlack
	dst.Percent, dst.Points, dst.Possible, dst.Bonus, dst.Pass = pct, pct/100*possible, possible, bonus, pass
	dst.CriticalFailures, dst.Triggered = critical, triggered
}
