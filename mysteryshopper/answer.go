package mysteryshopper

import (
	"strconv"
	"strings"
)

// A Status says whether an item was answered.
type Status uint8

// Answer statuses.
const (
	// Unanswered is the zero Status: no answer. Only an Optional item may
	// be left unanswered (it then counts as N/A).
	Unanswered Status = iota
	// Given is an answer with a Value.
	Given
	// NotApplicable marks an item that did not apply on the visit (no
	// queue to wait in, no product to deliver). It is removed from the
	// score: see [Scorer.Score].
	NotApplicable
)

// An Answer is the answer to one item. Value is read by the item's kind:
// 1 (yes) or 0 (no) for YesNo, the rating for Rating, the option's index
// (from 0) for Choice. The zero Answer is Unanswered.
type Answer struct {
	Status Status `json:"status"` // Unanswered, Given or NotApplicable
	Value  int    `json:"value"`  // read only when Status is Given
}

// Yes returns the answer yes to a YesNo item.
func Yes() Answer { return Answer{Status: Given, Value: 1} }

// No returns the answer no to a YesNo item.
func No() Answer { return Answer{Status: Given, Value: 0} }

// Rated returns the rating x of a Rating item.
func Rated(x int) Answer { return Answer{Status: Given, Value: x} }

// Chose returns option k (from 0) of a Choice item.
func Chose(k int) Answer { return Answer{Status: Given, Value: k} }

// NA returns the answer "not applicable".
func NA() Answer { return Answer{Status: NotApplicable} }

// Parse reads the text answer to the item with id item, as shoppers'
// spreadsheets write it (surrounding space and letter case ignored):
//
//	""                                 Unanswered
//	na, n/a, n.a., no aplica, -        NotApplicable
//	yes, y, si, sí, s, true, 1         yes (YesNo)
//	no, n, false, 0                    no (YesNo)
//	an integer                         the rating (Rating)
//	an option's label, else an index   the option (Choice)
//
// An unknown item returns ErrUnknownItem; text that is none of these
// returns ErrAnswer. Parse does not check the answer against the item:
// [Scorer.Score] does (a rating off the scale, N/A on an Always item).
func (s *Scorer) Parse(item, text string) (Answer, error) {
	const fn = "mysteryshopper.Scorer.Parse"
	i, ok := s.index[item]
	if !ok {
		return Answer{}, textErr(fn, "item", item, -1, ErrUnknownItem)
	}
	return s.parse(fn, i, text)
}

func (s *Scorer) parse(fn string, i int, text string) (Answer, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	switch t {
	case "":
		return Answer{}, nil
	case "na", "n/a", "n.a.", "no aplica", "-":
		return NA(), nil
	}
	it := &s.items[i]
	switch it.kind {
	case YesNo:
		switch t {
		case "yes", "y", "si", "sí", "s", "true", "1":
			return Yes(), nil
		case "no", "n", "false", "0":
			return No(), nil
		}
	case Rating:
		if x, err := strconv.Atoi(t); err == nil {
			return Rated(x), nil
		}
	case Choice:
		for k, l := range it.labels {
			if strings.EqualFold(strings.TrimSpace(l), t) {
				return Chose(k), nil
			}
		}
		if k, err := strconv.Atoi(t); err == nil {
			return Chose(k), nil
		}
	}
	return Answer{}, textErr(fn, "answer to item "+strconv.Quote(it.id), text, i, wrapf(ErrAnswer, "not a %s answer", it.kind))
}

// ParseAnswers reads the text answers of one visit, keyed by item id, into
// dst (grown to the checklist's length and returned; pass the previous
// slice to reuse it). Items missing from m are Unanswered. An id the
// checklist lacks returns ErrUnknownItem (the first in sorted order); a
// text [Scorer.Parse] rejects returns its error. On error dst is
// returned unchanged.
func (s *Scorer) ParseAnswers(m map[string]string, dst []Answer) ([]Answer, error) {
	const fn = "mysteryshopper.Scorer.ParseAnswers"
	unknown, found := "", false
	for id := range m {
		if _, ok := s.index[id]; !ok && (!found || id < unknown) {
			unknown, found = id, true
		}
	}
	if found {
		return dst, textErr(fn, "item", unknown, -1, ErrUnknownItem)
	}
	// Check every answer before writing any, so that dst is unchanged on
	// error.
	for i := range s.items {
		if _, err := s.parse(fn, i, m[s.items[i].id]); err != nil {
			return dst, err
		}
	}
	out := dst
	if cap(out) < len(s.items) {
		out = make([]Answer, len(s.items))
	}
	out = out[:len(s.items)]
	for i := range s.items {
		out[i], _ = s.parse(fn, i, m[s.items[i].id])
	}
	return out, nil
}
