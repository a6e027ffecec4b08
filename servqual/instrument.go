package servqual

import (
	"strconv"

	"github.com/servq/servq/rating"
)

// DefaultScale is the scale of an [Instrument] whose Scale is zero: the
// seven points of Parasuraman, Zeithaml and Berry (1988), from 1 (strongly
// disagree) to 7 (strongly agree). Changing it changes nothing: the
// package uses its own copy.
var DefaultScale = defaultScale

var defaultScale = rating.Scale{Min: 1, Max: 7}

// A Dimension is one of the groups of items whose mean is scored: the five
// of SERVQUAL are tangibles, reliability, responsiveness, assurance and
// empathy.
type Dimension struct {
	// ID names the dimension in items, results and errors: "reliability".
	ID string `json:"id"`
	// Label is a short English name: "Reliability".
	Label string `json:"label"`
	// LabelES is a short Spanish name: "Fiabilidad".
	LabelES string `json:"label_es"`
}

// An Item is one statement of the questionnaire, answered on the
// instrument's scale for the expectation, the perception and, optionally,
// the minimum and desired levels.
type Item struct {
	// ID names the item in results and errors; in the standard
	// instrument "1" to "22". A wide CSV export names its columns E<ID>
	// and P<ID>.
	ID string `json:"id"`
	// Dimension is the ID of the dimension the item belongs to.
	Dimension string `json:"dimension"`
	// Label is a short English paraphrase of the statement.
	Label string `json:"label"`
	// LabelES is a short Spanish paraphrase of the statement.
	LabelES string `json:"label_es"`
	// Reversed marks a negatively worded item ("they cannot be expected
	// to give prompt service", as in the 1988 instrument): its answers x
	// are re-keyed to Min + Max - x before anything is scored.
	Reversed bool `json:"reversed"`
}

// An Instrument is a questionnaire: its items in the order answers are
// given, the dimensions they belong to, and the rating scale. [Standard]
// returns the 22-item SERVQUAL; any other set of items and dimensions is
// allowed when [Instrument.Validate] accepts it.
type Instrument struct {
	// Name says what the instrument is, for people: "SERVQUAL (1991)".
	Name string `json:"name"`
	// Scale is the answer scale of every item; zero means DefaultScale
	// (1..7).
	Scale rating.Scale `json:"scale"`
	// Dimensions lists the dimensions in the order results report them.
	Dimensions []Dimension `json:"dimensions"`
	// Items lists the items in the order of the answers of a [Response].
	Items []Item `json:"items"`
}

// Standard returns the 22-item SERVQUAL of Parasuraman, Zeithaml and Berry
// (1991), "Refinement and reassessment of the SERVQUAL scale", Journal of
// Retailing 67(4), on the scale 1..7: items 1-4 tangibles, 5-9
// reliability, 10-13 responsiveness, 14-17 assurance and 18-22 empathy,
// all worded positively (none reversed). The labels paraphrase the
// statements in English and Spanish in servq's own words; a study prints
// its own wording. Each call returns a new copy that the caller may
// change.
func Standard() Instrument {
	in := Instrument{Name: "SERVQUAL (Parasuraman, Zeithaml and Berry 1991)", Scale: defaultScale}
	in.Dimensions = append([]Dimension(nil), standardDimensions...)
	in.Items = make([]Item, len(standardItems))
	for i, it := range standardItems {
		in.Items[i] = Item{ID: strconv.Itoa(i + 1), Dimension: it[0], Label: it[1], LabelES: it[2]}
	}
	return in
}

var standardDimensions = []Dimension{
	{ID: "tangibles", Label: "Tangibles", LabelES: "Elementos tangibles"},
	{ID: "reliability", Label: "Reliability", LabelES: "Fiabilidad"},
	{ID: "responsiveness", Label: "Responsiveness", LabelES: "Capacidad de respuesta"},
	{ID: "assurance", Label: "Assurance", LabelES: "Seguridad"},
	{ID: "empathy", Label: "Empathy", LabelES: "Empatía"},
}

// standardItems holds dimension, English and Spanish label of items 1-22.
var standardItems = [22][3]string{
	{"tangibles", "Up-to-date equipment", "Equipos de aspecto moderno"},
	{"tangibles", "Attractive physical facilities", "Instalaciones físicas atractivas"},
	{"tangibles", "Neatly presented staff", "Personal de aspecto pulcro"},
	{"tangibles", "Appealing printed and digital material", "Materiales impresos y digitales atractivos"},
	{"reliability", "Keeps its promises on time", "Cumple lo que promete en el plazo dado"},
	{"reliability", "Sincere interest in solving problems", "Interés sincero en resolver problemas"},
	{"reliability", "Right the first time", "Hace bien el servicio a la primera"},
	{"reliability", "Service delivered when promised", "Presta el servicio cuando lo promete"},
	{"reliability", "Records kept without errors", "Registros sin errores"},
	{"responsiveness", "Says when the service will happen", "Informa cuándo se prestará el servicio"},
	{"responsiveness", "Prompt service", "Servicio rápido"},
	{"responsiveness", "Always willing to help", "Siempre dispuestos a ayudar"},
	{"responsiveness", "Never too busy to respond", "Nunca demasiado ocupados para responder"},
	{"assurance", "Staff inspire confidence", "El personal inspira confianza"},
	{"assurance", "Customers feel safe dealing with it", "Los clientes se sienten seguros en sus trámites"},
	{"assurance", "Staff always courteous", "Personal siempre amable"},
	{"assurance", "Staff know enough to answer", "Personal con conocimientos para responder"},
	{"empathy", "Individual attention", "Atención individualizada"},
	{"empathy", "Convenient opening hours", "Horarios convenientes para todos"},
	{"empathy", "Staff give personal attention", "Personal que atiende de forma personal"},
	{"empathy", "Has customers' best interests at heart", "Se preocupa por los intereses del cliente"},
	{"empathy", "Understands each customer's needs", "Comprende las necesidades de cada cliente"},
}

// MaxItems is the largest number of items an [Instrument] may have. An
// [Accumulator] keeps co-moment matrices of its items, so its memory and
// the cost of Add grow with the square of the items: about 24 MB and a
// millisecond per respondent at MaxItems, against 20 KiB for the 22 of
// SERVQUAL. The limit also bounds what a decoder allocates.
const MaxItems = 1000

// Validate returns nil if in is a usable instrument, and otherwise an
// [*estimate.ValueError] from "servqual.Instrument.Validate" wrapping
// ErrInstrument (or ErrScale for the scale) that names the first fault:
// no items or dimensions, more than [MaxItems] items, an empty or duplicate item or dimension ID, an
// item whose Dimension is not declared, or a declared dimension without
// items. Every item is thus in exactly one dimension.
func (in Instrument) Validate() error {
	_, err := compile("servqual.Instrument.Validate", in)
	return err
}

// layout is a validated instrument, with the indexes scoring needs.
type layout struct {
	in       Instrument // Scale resolved; a private copy
	dimOf    []int      // item -> dimension
	dimItems [][]int    // dimension -> its items, in instrument order
}

func (l *layout) k() int { return len(l.in.Items) }
func (l *layout) d() int { return len(l.in.Dimensions) }

// compile validates in and returns its layout, attributing errors to fn.
func compile(fn string, in Instrument) (*layout, error) {
	if in.Scale == (rating.Scale{}) {
		in.Scale = defaultScale
	}
	if err := in.Scale.Validate(fn); err != nil {
		return nil, err
	}
	if len(in.Items) == 0 || len(in.Items) > MaxItems {
		return nil, valueErr(fn, "items", float64(len(in.Items)), ErrInstrument)
	}
	if len(in.Dimensions) == 0 {
		return nil, valueErr(fn, "dimensions", 0, ErrInstrument)
	}
	l := &layout{dimOf: make([]int, len(in.Items)), dimItems: make([][]int, len(in.Dimensions))}
	dims := make(map[string]int, len(in.Dimensions))
	for j, d := range in.Dimensions {
		if d.ID == "" {
			return nil, textErr(fn, "dimension ID", d.ID, j, ErrInstrument)
		}
		if _, dup := dims[d.ID]; dup {
			return nil, textErr(fn, "duplicate dimension ID", d.ID, j, ErrInstrument)
		}
		dims[d.ID] = j
	}
	ids := make(map[string]bool, len(in.Items))
	for i, it := range in.Items {
		if it.ID == "" {
			return nil, textErr(fn, "item ID", it.ID, i, ErrInstrument)
		}
		if ids[it.ID] {
			return nil, textErr(fn, "duplicate item ID", it.ID, i, ErrInstrument)
		}
		ids[it.ID] = true
		j, ok := dims[it.Dimension]
		if !ok {
			return nil, textErr(fn, "dimension of item "+it.ID, it.Dimension, i, ErrInstrument)
		}
		l.dimOf[i] = j
		l.dimItems[j] = append(l.dimItems[j], i)
	}
	for j, items := range l.dimItems {
		if len(items) == 0 {
			return nil, textErr(fn, "dimension without items", in.Dimensions[j].ID, j, ErrInstrument)
		}
	}
	in.Dimensions = append([]Dimension(nil), in.Dimensions...)
	in.Items = append([]Item(nil), in.Items...)
	l.in = in
	return l, nil
}

// same reports whether two layouts describe the same instrument, labels
// and name included.
func (l *layout) same(o *layout) bool {
	if l == o {
		return true
	}
	a, b := l.in, o.in
	if a.Name != b.Name || a.Scale != b.Scale || len(a.Items) != len(b.Items) || len(a.Dimensions) != len(b.Dimensions) {
		return false
	}
	for i := range a.Items {
		if a.Items[i] != b.Items[i] {
			return false
		}
	}
	for j := range a.Dimensions {
		if a.Dimensions[j] != b.Dimensions[j] {
			return false
		}
	}
	return true
}

// dimension returns the index of the dimension id, or -1.
func (l *layout) dimension(id string) int {
	for j, d := range l.in.Dimensions {
		if d.ID == id {
			return j
		}
	}
	return -1
}
