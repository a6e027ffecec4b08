package mysteryshopper

import (
	"github.com/servq/servq/rating"
)

// Languages of the built-in templates.
const (
	Spanish = "es"
	English = "en"
)

// Report returns the five-section report checklist in lang ([Spanish] or
// [English]): general state of the premises (weight 15), welcome (20),
// needs enquiry (25), meeting the needs (25), closing and farewell (15),
// 23 items with a bonus for a relevant extra offer, one critical item (a
// solution that fits the need, under FailVisit), triggers at 50 % on
// welcome and closing, and a pass mark of 80 %. TEMPLATES.md beside this
// package lists every item and weight. The checklist is a value: edit
// it freely before [NewScorer]. Another lang returns ErrChecklist.
func Report(lang string) (Checklist, error) {
	return build("mysteryshopper.Report", lang, reportTemplate)
}

// Protocol returns the ten-step service protocol checklist in lang:
// entry, greeting, registration, waiting, review, processing, delivery of
// the solution, farewell, satisfaction survey and exit, each of weight 10,
// 21 items, three critical (greeting in time, no errors, a solution
// delivered) under CapScore at 50 %, and a pass mark of 75 %.
// TEMPLATES.md lists them. Another lang returns ErrChecklist.
func Protocol(lang string) (Checklist, error) {
	return build("mysteryshopper.Protocol", lang, protocolTemplate)
}

// tItem and tSection hold a template in both languages.
type tItem struct {
	id, es, en string
	kind       Kind
	weight     float64
	flags      string // c critical, b bonus, o optional, a always
	options    []tOption
}

type tOption struct {
	es, en string
	points float64
	meets  bool
}

type tSection struct {
	id, es, en      string
	weight, trigger float64
	items           []tItem
}

type template struct {
	id, es, en    string
	passMark, cap float64
	critical      CriticalRule
	sections      []tSection
}

func build(fn, lang string, t template) (Checklist, error) {
	pick := func(es, en string) string {
		if lang == Spanish {
			return es
		}
		return en
	}
	if lang != Spanish && lang != English {
		return Checklist{}, textErr(fn, "language", lang, -1, wrapf(ErrChecklist, "want %q or %q", Spanish, English))
	}
	c := Checklist{ID: t.id, Title: pick(t.es, t.en), Language: lang, PassMark: t.passMark,
		Critical: t.critical, Cap: t.cap}
	for _, ts := range t.sections {
		s := Section{ID: ts.id, Title: pick(ts.es, ts.en), Weight: ts.weight, Trigger: ts.trigger}
		for _, ti := range ts.items {
			it := Item{ID: ti.id, Text: pick(ti.es, ti.en), Kind: ti.kind, Weight: ti.weight}
			for _, f := range ti.flags {
				switch f {
				case 'c':
					it.Critical = true
				case 'b':
					it.Bonus = true
				case 'o':
					it.Optional = true
				case 'a':
					it.Always = true
				}
			}
			if ti.kind == Rating {
				it.Scale = rating.Scale{Min: 1, Max: 5}
				four := 4
				it.MetFrom = &four
			}
			for _, o := range ti.options {
				it.Options = append(it.Options, Option{Label: pick(o.es, o.en), Points: o.points, Meets: o.meets})
			}
			s.Items = append(s.Items, it)
		}
		c.Sections = append(c.Sections, s)
	}
	return c, nil
}

// Rating items of the templates are on 1..5 and met from 4.

var reportTemplate = template{
	id: "report-5", es: "Informe de visita: cinco apartados", en: "Visit report: five sections",
	passMark: 80, critical: FailVisit,
	sections: []tSection{
		{id: "premises", es: "Estado general de las instalaciones", en: "General state of the premises", weight: 15, items: []tItem{
			{id: "exterior", es: "Fachada y rótulos limpios y en buen estado", en: "Exterior and signage clean and in good repair", kind: YesNo, weight: 1},
			{id: "interior", es: "Interior limpio y ordenado", en: "Interior clean and tidy", kind: YesNo, weight: 2, flags: "a"},
			{id: "comfort", es: "Iluminación y temperatura agradables", en: "Lighting and temperature comfortable", kind: YesNo, weight: 1},
			{id: "information", es: "Folletos y precios visibles y al día", en: "Brochures and prices on display and up to date", kind: YesNo, weight: 1},
			{id: "restrooms", es: "Aseos de clientes limpios", en: "Customer restrooms clean", kind: YesNo, weight: 1, flags: "o"},
			{id: "premises_impression", es: "Impresión general del local (1 a 5)", en: "Overall impression of the premises (1 to 5)", kind: Rating, weight: 2},
		}},
		{id: "welcome", es: "Bienvenida", en: "Welcome", weight: 20, trigger: 50, items: []tItem{
			{id: "wait_to_greet", es: "Tiempo hasta ser atendido", en: "Time until acknowledged", kind: Choice, weight: 2, options: []tOption{
				{"menos de 30 s", "under 30 s", 3, true}, {"de 30 s a 1 min", "30 s to 1 min", 2, true},
				{"de 1 a 3 min", "1 to 3 min", 1, false}, {"más de 3 min", "over 3 min", 0, false}}},
			{id: "greeted", es: "Saludó con una sonrisa y contacto visual", en: "Greeted with a smile and eye contact", kind: YesNo, weight: 2, flags: "a"},
			{id: "uniform", es: "Personal uniformado y con identificación", en: "Staff in uniform and wearing a name badge", kind: YesNo, weight: 1},
			{id: "courtesy", es: "Trato amable y cortés (1 a 5)", en: "Friendly and courteous manner (1 to 5)", kind: Rating, weight: 2},
		}},
		{id: "needs", es: "Indagación de necesidades", en: "Needs enquiry", weight: 25, items: []tItem{
			{id: "open_questions", es: "Hizo preguntas abiertas sobre la necesidad", en: "Asked open questions about the need", kind: YesNo, weight: 3},
			{id: "listened", es: "Escuchó sin interrumpir", en: "Listened without interrupting", kind: YesNo, weight: 2},
			{id: "summarised", es: "Resumió la necesidad para confirmarla", en: "Summarised the need to confirm it", kind: YesNo, weight: 2},
			{id: "used_name", es: "Usó el nombre del cliente", en: "Used the customer's name", kind: YesNo, weight: 1},
		}},
		{id: "meeting", es: "Satisfacción de necesidades", en: "Meeting the needs", weight: 25, items: []tItem{
			{id: "fitting_solution", es: "Ofreció una solución adecuada a la necesidad", en: "Offered a solution that fits the need", kind: YesNo, weight: 3, flags: "ca"},
			{id: "knowledge", es: "Conocimiento del producto (1 a 5)", en: "Product knowledge (1 to 5)", kind: Rating, weight: 3},
			{id: "terms", es: "Explicó con claridad precio y condiciones", en: "Explained price and conditions clearly", kind: YesNo, weight: 2},
			{id: "doubts", es: "Resolvió las dudas del cliente", en: "Answered the customer's doubts", kind: YesNo, weight: 2},
			{id: "extra_offer", es: "Ofreció un producto o servicio adicional pertinente", en: "Offered a relevant extra product or service", kind: YesNo, weight: 3, flags: "bo"},
		}},
		{id: "closing", es: "Cierre y despedida", en: "Closing and farewell", weight: 15, trigger: 50, items: []tItem{
			{id: "next_steps", es: "Confirmó los siguientes pasos", en: "Confirmed the next steps", kind: YesNo, weight: 2},
			{id: "thanked", es: "Agradeció la visita e invitó a volver", en: "Thanked the customer and invited them back", kind: YesNo, weight: 2},
			{id: "goodbye", es: "Se despidió con una sonrisa", en: "Said goodbye with a smile", kind: YesNo, weight: 1, flags: "a"},
			{id: "contact", es: "Ofreció tarjeta o un contacto directo", en: "Offered a card or a direct contact", kind: YesNo, weight: 1},
		}},
	},
}

var protocolTemplate = template{
	id: "protocol-10", es: "Protocolo de atención en diez pasos", en: "Ten-step service protocol",
	passMark: 75, critical: CapScore, cap: 50,
	sections: []tSection{
		{id: "entry", es: "Entrada", en: "Entry", weight: 10, items: []tItem{
			{id: "access", es: "Acceso despejado y señalizado", en: "Access clear and signposted", kind: YesNo, weight: 1},
			{id: "entrance_clean", es: "Entrada limpia", en: "Entrance clean", kind: YesNo, weight: 1},
		}},
		{id: "greeting", es: "Saludo", en: "Greeting", weight: 10, items: []tItem{
			{id: "greeted_in_time", es: "Saludado en menos de 30 s", en: "Greeted within 30 s", kind: YesNo, weight: 2, flags: "ca"},
			{id: "standard_greeting", es: "Saludo según el protocolo", en: "Greeting as the protocol words it", kind: YesNo, weight: 1},
		}},
		{id: "registration", es: "Registro", en: "Registration", weight: 10, items: []tItem{
			{id: "registered", es: "Registró sus datos o le dio turno", en: "Took the details or issued a ticket", kind: YesNo, weight: 2},
			{id: "explained_wait", es: "Explicó cómo sería la espera", en: "Explained how the wait would go", kind: YesNo, weight: 1},
		}},
		{id: "waiting", es: "Espera", en: "Waiting", weight: 10, items: []tItem{
			{id: "wait_time", es: "Tiempo de espera", en: "Waiting time", kind: Choice, weight: 3, options: []tOption{
				{"menos de 5 min", "under 5 min", 3, true}, {"de 5 a 10 min", "5 to 10 min", 2, true},
				{"de 10 a 20 min", "10 to 20 min", 1, false}, {"más de 20 min", "over 20 min", 0, false}}},
			{id: "waiting_area", es: "Zona de espera cómoda", en: "Comfortable waiting area", kind: YesNo, weight: 1},
			{id: "delay_informed", es: "Informó de los retrasos", en: "Told about delays", kind: YesNo, weight: 1},
		}},
		{id: "review", es: "Revisión", en: "Review", weight: 10, items: []tItem{
			{id: "read_history", es: "Revisó el historial antes de preguntar", en: "Read the history before asking", kind: YesNo, weight: 1},
			{id: "clarified", es: "Preguntó hasta entender el caso", en: "Asked until the case was understood", kind: YesNo, weight: 2},
		}},
		{id: "processing", es: "Gestión", en: "Processing", weight: 10, items: []tItem{
			{id: "no_errors", es: "Tramitó sin errores", en: "Processed the request without errors", kind: YesNo, weight: 2, flags: "c"},
			{id: "kept_informed", es: "Informó de lo que hacía", en: "Kept the customer informed", kind: YesNo, weight: 1},
		}},
		{id: "delivery", es: "Entrega de la solución", en: "Delivery of the solution", weight: 10, items: []tItem{
			{id: "resolved", es: "Resolvió la petición", en: "Resolved the request", kind: YesNo, weight: 3, flags: "ca"},
			{id: "explained_solution", es: "Explicó la solución con claridad", en: "Explained the solution clearly", kind: Rating, weight: 2},
		}},
		{id: "farewell", es: "Despedida", en: "Farewell", weight: 10, items: []tItem{
			{id: "anything_else", es: "Preguntó si necesitaba algo más", en: "Asked whether anything else was needed", kind: YesNo, weight: 1},
			{id: "said_goodbye", es: "Se despidió con cortesía", en: "Said goodbye courteously", kind: YesNo, weight: 1},
		}},
		{id: "survey", es: "Encuesta de satisfacción", en: "Satisfaction survey", weight: 10, items: []tItem{
			{id: "survey_invited", es: "Invitó a contestar la encuesta", en: "Invited the customer to the survey", kind: YesNo, weight: 2},
			{id: "no_pressure", es: "No pidió una puntuación concreta", en: "Did not ask for a particular score", kind: YesNo, weight: 1},
		}},
		{id: "exit", es: "Salida", en: "Exit", weight: 10, items: []tItem{
			{id: "showed_exit", es: "Indicó o acompañó a la salida", en: "Showed or walked the customer to the exit", kind: YesNo, weight: 1, flags: "o"},
			{id: "exit_clear", es: "Salida despejada", en: "Exit clear", kind: YesNo, weight: 1},
		}},
	},
}
