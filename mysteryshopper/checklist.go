package mysteryshopper

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/rating"
)

// A Kind is the type of answer an [Item] takes.
type Kind string

// Item kinds.
const (
	// YesNo is a yes/no item: yes meets it and earns its full weight, no
	// earns nothing.
	YesNo Kind = "yesno"
	// Rating is a rating on the item's [rating.Scale]: rating x earns
	// the share (x - Min)/(Max - Min) of the weight.
	Rating Kind = "rating"
	// Choice is a choice among the item's options, each with its points:
	// option k earns the share Points_k / max(Points) of the weight.
	Choice Kind = "choice"
)

// An Option is one answer of a [Choice] item.
type Option struct {
	// Label is the answer as the shopper reads it ("within 30 s").
	Label string `json:"label"`
	// Points are the option's points, >= 0, relative to the best option:
	// the best option earns the item's full weight.
	Points float64 `json:"points"`
	// Meets says that choosing this option meets the item (for compliance
	// and critical items). If no option of an item says so, the options
	// with the most points meet it. Marks that disagree with the points
	// (a met option with fewer points than an unmet one) let a better-paid
	// answer fail a critical item and lower the score; keep them in order.
	Meets bool `json:"meets,omitempty"`
}

// An Item is one question of a checklist.
//
// Its Weight is relative to the other items of its section: the section's
// weight is spread over its applicable items in proportion to their
// weights (see [Scorer.Score]). A Bonus item's Weight is instead in points
// of the overall score, earned on top of the rest and never possible.
type Item struct {
	ID   string `json:"id"`   // unique in the checklist, used in answers
	Text string `json:"text"` // the question
	Kind Kind   `json:"kind"` // YesNo, Rating or Choice
	// Weight is >= 0 and finite; an item of weight 0 is recorded for
	// compliance but does not move the score.
	Weight float64 `json:"weight"`
	// Scale is the rating scale of a Rating item (rating.Scale rules).
	Scale rating.Scale `json:"scale,omitzero"`
	// MetFrom is the lowest rating that meets a Rating item; nil means
	// Scale.Max (only the top rating meets it).
	MetFrom *int `json:"metFrom,omitempty"`
	// Options are the answers of a Choice item, two or more.
	Options []Option `json:"options,omitempty"`
	// Critical marks a knock-out item: not meeting it fails the visit
	// or caps its score, as [Checklist.Critical] says. N/A is not a
	// failure.
	Critical bool `json:"critical,omitempty"`
	// Bonus marks an item whose points are earned on top (none possible).
	Bonus bool `json:"bonus,omitempty"`
	// Optional lets the item be left unanswered, which counts as N/A.
	Optional bool `json:"optional,omitempty"`
	// Always marks an item that is always applicable: N/A is rejected.
	Always bool `json:"always,omitempty"`
}

// A Section is a group of items with its weight in the overall score.
type Section struct {
	ID    string `json:"id"`    // unique among the sections
	Title string `json:"title"` // as the report prints it
	// Weight is the section's share of the overall score, relative to the
	// other sections (> 0, finite; to drop a section, remove it). A section whose items are all N/A on
	// a visit drops out and the others share its weight.
	Weight float64 `json:"weight"`
	// Trigger, in % (0..100), flags a visit whose section score is below
	// it; 0 means no trigger.
	Trigger float64 `json:"trigger,omitempty"`
	Items   []Item  `json:"items"` // in the order of the form
}

// CriticalRule says what failing a critical item does to a visit.
type CriticalRule string

// Critical rules.
const (
	// FailVisit fails the visit whatever its score; the score is kept.
	FailVisit CriticalRule = "fail"
	// CapScore caps the visit's overall score at [Checklist.Cap] %, and
	// the visit passes or fails on the capped score. A cap of 0 zeroes it.
	CapScore CriticalRule = "cap"
)

// A Checklist is an audit form: sections of weighted items, a pass mark
// and a rule for critical items. Build one in Go, start from a template
// ([Report], [Protocol]) or load one with [ParseChecklist]; [Checklist.Validate]
// checks it and [NewScorer] scores visits against it.
type Checklist struct {
	ID       string `json:"id"`                 // names the checklist, for the user
	Title    string `json:"title"`              // as the report prints it
	Language string `json:"language,omitempty"` // "es", "en", ...
	// PassMark is the overall score, in % (0..100), that a visit needs
	// to pass; 0 passes every visit without a critical failure.
	PassMark float64 `json:"passMark"`
	// Critical is the rule for critical items; empty means FailVisit.
	Critical CriticalRule `json:"critical,omitempty"`
	// Cap is the overall score, in %, of a visit that fails a critical
	// item under CapScore.
	Cap      float64   `json:"cap,omitempty"`
	Sections []Section `json:"sections"` // one or more, in the order of the form
}

// MaxItems bounds the items of a checklist, and MaxOptions the options of
// a choice, so that a decoded file cannot ask for unbounded work.
const (
	MaxItems   = 10_000
	MaxOptions = 1_000
)

// Validate returns nil if c can be scored, and otherwise an
// [*estimate.ValueError] wrapping ErrChecklist (or ErrScale, or
// ErrOutOfRange for a MetFrom off its scale) that names the field at
// fault, with the item's position in the checklist as its index. It
// rejects: no sections, an empty or duplicate id (items and sections
// share no namespace, but each is unique among its kind), a kind other
// than YesNo, Rating and Choice, an item weight that is negative or not
// finite, a section weight not above zero, section weights whose sum
// overflows, a section whose non-bonus items' weights add up to zero or
// overflow (or whose bonus weights overflow), a Choice with fewer than
// two options or an option with negative points or all zero, an invalid
// scale, a pass mark, trigger or cap outside 0..100, more than [MaxItems]
// items, and an unknown critical rule.
func (c *Checklist) Validate() error { return c.validate("mysteryshopper.Checklist.Validate") }

func (c *Checklist) validate(fn string) error {
	bad := func(name, text string, i int, format string, args ...any) error {
		return textErr(fn, name, text, i, wrapf(ErrChecklist, format, args...))
	}
	percent := func(name string, v float64) error {
		if !(v >= 0 && v <= 100) {
			return valueErr(fn, name, v, wrapf(ErrChecklist, "outside 0..100 %%"))
		}
		return nil
	}
	if err := percent("passMark", c.PassMark); err != nil {
		return err
	}
	switch c.Critical {
	case "", FailVisit:
	case CapScore:
		if err := percent("cap", c.Cap); err != nil {
			return err
		}
	default:
		return bad("critical rule", string(c.Critical), -1, "want %q or %q", FailVisit, CapScore)
	}
	if len(c.Sections) == 0 {
		return valueErr(fn, "sections", 0, wrapf(ErrChecklist, "no sections"))
	}
	sections := make(map[string]bool, len(c.Sections))
	items := make(map[string]bool)
	var sectionWeight float64
	n := 0
	for si := range c.Sections {
		s := &c.Sections[si]
		if s.ID == "" || sections[s.ID] {
			return bad("section", s.ID, si, "empty or duplicate id")
		}
		sections[s.ID] = true
		if !(s.Weight > 0) || math.IsInf(s.Weight, 0) {
			return &estimate.ValueError{Func: fn, Name: "weight of section " + strconv.Quote(s.ID), Value: s.Weight,
				Index: si, Err: wrapf(ErrChecklist, "not above zero or not finite")}
		}
		if err := percent("trigger of section "+strconv.Quote(s.ID), s.Trigger); err != nil {
			return err
		}
		sectionWeight += s.Weight
		var itemWeight, bonusWeight float64
		for ii := range s.Items {
			it := &s.Items[ii]
			if n++; n > MaxItems {
				return valueErr(fn, "items", float64(n), wrapf(ErrChecklist, "more than %d", MaxItems))
			}
			if it.ID == "" || items[it.ID] {
				return bad("item", it.ID, n-1, "empty or duplicate id")
			}
			items[it.ID] = true
			if err := weightOK(fn, "weight of item "+strconv.Quote(it.ID), it.Weight, n-1); err != nil {
				return err
			}
			if it.Bonus {
				bonusWeight += it.Weight
			} else {
				itemWeight += it.Weight
			}
			if err := it.validate(fn, n-1); err != nil {
				return err
			}
		}
		if !(itemWeight > 0) {
			return bad("section", s.ID, si, "its items' weights add up to zero")
		}
		if math.IsInf(itemWeight, 0) || math.IsInf(bonusWeight, 0) {
			// Each weight finite, their sum not: the section's % would be
			// Inf/Inf, and a visit's bonus infinite.
			return bad("section", s.ID, si, "its items' weights add up to more than the largest float64")
		}
	}
	if !(sectionWeight > 0) || math.IsInf(sectionWeight, 0) {
		return valueErr(fn, "section weights", sectionWeight, wrapf(ErrChecklist, "must add up to a finite number above zero"))
	}
	return nil
}

func weightOK(fn, name string, w float64, i int) error {
	if !(w >= 0) || math.IsInf(w, 0) {
		return &estimate.ValueError{Func: fn, Name: name, Value: w, Index: i, Err: wrapf(ErrChecklist, "negative or not finite")}
	}
	return nil
}

func (it *Item) validate(fn string, i int) error {
	bad := func(format string, args ...any) error {
		return textErr(fn, "item", it.ID, i, wrapf(ErrChecklist, format, args...))
	}
	if it.Bonus && it.Critical {
		return bad("an item cannot be both bonus and critical")
	}
	if it.Always && it.Optional {
		return bad("an item cannot be both always applicable and optional")
	}
	switch it.Kind {
	case YesNo:
		if it.MetFrom != nil || len(it.Options) > 0 || it.Scale != (rating.Scale{}) {
			return bad("a yes/no item has no scale, metFrom or options")
		}
	case Rating:
		// rating's errors name the field; say which item's it is.
		if err := it.Scale.Validate(fn); err != nil {
			return ofItem(err, "scale "+err.(*estimate.ValueError).Name, it.ID, i)
		}
		if it.MetFrom != nil {
			if err := it.Scale.Check(fn, *it.MetFrom, i); err != nil {
				return ofItem(err, "metFrom", it.ID, i)
			}
		}
		if len(it.Options) > 0 {
			return bad("a rating item has no options")
		}
	case Choice:
		if len(it.Options) < 2 || len(it.Options) > MaxOptions {
			return bad("a choice needs 2..%d options, not %d", MaxOptions, len(it.Options))
		}
		if it.MetFrom != nil || it.Scale != (rating.Scale{}) {
			return bad("a choice item has no scale or metFrom")
		}
		var best float64
		for k, o := range it.Options {
			if !(o.Points >= 0) || math.IsInf(o.Points, 0) {
				return bad("option %d: points %v negative or not finite", k, o.Points)
			}
			best = math.Max(best, o.Points)
		}
		if best == 0 {
			return bad("every option has zero points")
		}
	default:
		return textErr(fn, "kind", string(it.Kind), i, wrapf(ErrChecklist, "want %q, %q or %q", YesNo, Rating, Choice))
	}
	return nil
}

// ofItem renames the value of a ValueError as a field of item id, at
// position i.
func ofItem(err error, field, id string, i int) error {
	if ve, ok := err.(*estimate.ValueError); ok {
		ve.Name, ve.Index = field+" of item "+strconv.Quote(id), i
	}
	return err
}

// ParseChecklist decodes a checklist from JSON, as [Checklist] marshals
// it, and validates it. Unknown fields, duplicate keys, a wrong type or
// trailing data return ErrCorrupt; a checklist that decodes but does not
// validate returns the error of [Checklist.Validate].
func ParseChecklist(b []byte) (Checklist, error) {
	return parseChecklist("mysteryshopper.ParseChecklist", b)
}

func parseChecklist(fn string, b []byte) (Checklist, error) {
	var c Checklist
	if err := strictJSON(fn, b, &c); err != nil {
		return Checklist{}, err
	}
	if err := c.validate(fn); err != nil {
		return Checklist{}, err
	}
	return c, nil
}

// ReadChecklist reads all of r and decodes it as [ParseChecklist] does,
// with errors from "mysteryshopper.ReadChecklist". An error reading r is
// returned in an [*estimate.ValueError] whose Err is the reader's error.
func ReadChecklist(r io.Reader) (Checklist, error) {
	const fn = "mysteryshopper.ReadChecklist"
	b, err := io.ReadAll(r)
	if err != nil {
		return Checklist{}, valueErr(fn, "bytes read", float64(len(b)), err)
	}
	return parseChecklist(fn, b)
}

// WriteJSON writes c as indented JSON, which [ParseChecklist] reads back.
// It does not validate c, but a NaN or infinite number, which JSON cannot
// hold, returns ErrChecklist; an error writing to w is returned in an
// [*estimate.ValueError] whose Err is the writer's error.
func (c *Checklist) WriteJSON(w io.Writer) error {
	const fn = "mysteryshopper.Checklist.WriteJSON"
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return valueErr(fn, "checklist", 0, wrapf(ErrChecklist, "%v", err))
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return valueErr(fn, "bytes", float64(len(b)+1), err)
	}
	return nil
}

// strictJSON decodes b into v refusing unknown fields, duplicate keys and
// trailing data, each as ErrCorrupt.
func strictJSON(fn string, b []byte, v any) error {
	corrupt := func(format string, args ...any) error {
		return valueErr(fn, "length", float64(len(b)), wrapf(ErrCorrupt, format, args...))
	}
	if err := duplicateKey(b); err != nil {
		return corrupt("%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return corrupt("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return corrupt("data after the value")
	}
	return nil
}

// duplicateKey returns an error naming the first key that appears twice
// in one JSON object of b, at any depth. Malformed JSON returns nil: the
// decoder that runs next reports it.
func duplicateKey(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		keys   map[string]bool
		object bool
		key    bool // the next token of an object is a key
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.object && top.key {
				if d, ok := tok.(json.Delim); ok && d == '}' {
					stack = stack[:len(stack)-1]
					goto closed
				}
				k, _ := tok.(string)
				if top.keys[k] {
					return fmt.Errorf("duplicate key %q", k)
				}
				top.keys[k] = true
				top.key = false
				continue
			}
			if top.object {
				top.key = true
			}
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{':
				stack = append(stack, frame{keys: map[string]bool{}, object: true, key: true})
			case '[':
				stack = append(stack, frame{})
			case ']':
				stack = stack[:len(stack)-1]
				goto closed
			}
		}
		continue
	closed:
		// A closed value completes the value of its parent's key.
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].key = true
		}
	}
}
