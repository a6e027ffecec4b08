package retention

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"iter"
	"math"
	"slices"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// A History is one customer's purchase history in the calibration period,
// as the BG/NBD model reads it: X repeat purchases (purchases after the
// first, with purchases of the same day merged), the time Tx of the last
// of them and the customer's age T, both since the first purchase and in
// one time unit (days or weeks). Tx is 0 when X is 0.
type History struct {
	X  int64   `json:"x"`
	Tx float64 `json:"t_x"`
	T  float64 `json:"T"`
}

// Histories counts identical purchase histories (x, t_x, T), the data of
// a [BGNBD] fit: identical rows are kept once with their count, so a
// million customers measured in days take a few thousand rows and a fit
// costs time in distinct rows, not customers. Memory is O(distinct
// histories), about 60 bytes each.
//
// The zero value is empty and ready to use. A rejected history leaves it
// unchanged. Histories is not safe for concurrent use; give each goroutine
// its own and Merge.
type Histories struct {
	rows map[History]int64
	n    int64
}

// Add adds one customer's history: X repeat purchases (a whole number
// 0..1e12), recency Tx and age T (0 <= Tx <= T, Tx = 0 when X = 0).
// Anything else returns ErrHistory, NaN or ±Inf ErrNotFinite.
func (h *Histories) Add(r History) error {
	return h.addN("retention.Histories.Add", r, 1, -1)
}

// AddN adds count customers of the same history; a negative count returns
// ErrCount, a total above MaxInt64 ErrOverflow; zero does nothing.
func (h *Histories) AddN(r History, count int64) error {
	return h.addN("retention.Histories.AddN", r, count, -1)
}

// AddAll adds the histories as [Histories.Add] does, all or none: a bad
// history returns its error with its index, and then none is added.
func (h *Histories) AddAll(hs []History) error {
	const fn = "retention.Histories.AddAll"
	for i, r := range hs {
		if err := checkHistory(fn, float64(r.X), r.Tx, r.T, i); err != nil {
			return err
		}
	}
	if h.n > math.MaxInt64-int64(len(hs)) {
		return valueErr(fn, "count", float64(len(hs)), ErrOverflow)
	}
	for _, r := range hs {
		h.put(r, 1)
	}
	return nil
}

func (h *Histories) addN(fn string, r History, count int64, i int) error {
	if err := checkHistory(fn, float64(r.X), r.Tx, r.T, i); err != nil {
		return err
	}
	if count < 0 {
		return indexErr(fn, "count", float64(count), i, ErrCount)
	}
	if count == 0 {
		return nil
	}
	if h.n > math.MaxInt64-count {
		return indexErr(fn, "count", float64(count), i, ErrOverflow)
	}
	h.put(r, count)
	return nil
}

// put adds count customers of the valid history r.
func (h *Histories) put(r History, count int64) {
	if h.rows == nil {
		h.rows = make(map[History]int64)
	}
	// +0 turns a -0 recency into 0, so that one history has one key.
	h.rows[History{X: r.X, Tx: r.Tx + 0, T: r.T + 0}] += count
	h.n += count
}

// Merge adds the histories of o to h; o is not changed and nil is empty.
// A total above MaxInt64 returns ErrOverflow and leaves h unchanged.
func (h *Histories) Merge(o *Histories) error {
	if o == nil || o.n == 0 {
		return nil
	}
	if h.n > math.MaxInt64-o.n {
		return valueErr("retention.Histories.Merge", "customers", float64(o.n), ErrOverflow)
	}
	if h.rows == nil {
		h.rows = make(map[History]int64, len(o.rows))
	}
	for k, c := range o.rows {
		h.rows[k] += c
	}
	h.n += o.n
	return nil
}

// N returns the number of customers.
func (h *Histories) N() int64 { return h.n }

// Len returns the number of distinct histories.
func (h *Histories) Len() int { return len(h.rows) }

// Count returns the number of customers with history r.
func (h *Histories) Count(r History) int64 { return h.rows[History{r.X, r.Tx + 0, r.T + 0}] }

// All returns the distinct histories and their counts, ordered by x, then
// t_x, then T.
func (h *Histories) All() iter.Seq2[History, int64] {
	return func(yield func(History, int64) bool) {
		for _, k := range h.sorted() {
			if !yield(k, h.rows[k]) {
				return
			}
		}
	}
}

// Reset empties h, keeping its memory.
func (h *Histories) Reset() {
	clear(h.rows)
	h.n = 0
}

// Result fits the BG/NBD model to the histories: it is [FitBGNBD](h, o).
func (h *Histories) Result(o estimate.Options) (BGNBD, error) {
	m, err := FitBGNBD(h, o)
	return m, renameErr(err, "retention.Histories.Result")
}

func historyCmp(a, b History) int {
	if c := cmp.Compare(a.X, b.X); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Tx, b.Tx); c != 0 {
		return c
	}
	return cmp.Compare(a.T, b.T)
}

func (h *Histories) sorted() []History {
	ks := make([]History, 0, len(h.rows))
	for k := range h.rows {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, historyCmp)
	return ks
}

// MarshalJSON encodes h as {"rows":[[x,t_x,T,count],...]}, rows in the
// order of [Histories.All].
func (h Histories) MarshalJSON() ([]byte, error) {
	rows := make([][4]float64, 0, len(h.rows))
	for _, k := range h.sorted() {
		rows = append(rows, [4]float64{float64(k.X), k.Tx, k.T, float64(h.rows[k])})
	}
	return json.Marshal(map[string]any{"rows": rows})
}

// UnmarshalJSON decodes what [Histories.MarshalJSON] encodes, strictly:
// unknown, missing or duplicate keys, a bad history, a count that is not
// a positive whole number, rows out of order or repeated, or trailing
// data return ErrCorrupt and leave h unchanged. JSON null does nothing.
func (h *Histories) UnmarshalJSON(b []byte) error {
	const fn = "retention.Histories.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var rows [][4]float64
	if err := decodeStrict(fn, b, jsonField{"rows", &rows}); err != nil {
		return err
	}
	ks := make([]History, len(rows))
	cs := make([]int64, len(rows))
	for i, r := range rows {
		if !(r[3] >= 1 && r[3] <= 1<<62 && r[3] == math.Trunc(r[3])) {
			return corruptErr(fn, "count", r[3], "row %d: want a whole number >= 1", i)
		}
		ks[i], cs[i] = History{X: int64(r[0]), Tx: r[1], T: r[2]}, int64(r[3])
		if err := checkHistory(fn, r[0], r[1], r[2], i); err != nil {
			return corruptErr(fn, "row", float64(i), "%v", err)
		}
	}
	return h.set(fn, ks, cs)
}

// set replaces the state of h with the rows ks and counts cs, which must
// be in strictly increasing order.
func (h *Histories) set(fn string, ks []History, cs []int64) error {
	var n int64
	for i := range ks {
		if i > 0 && historyCmp(ks[i-1], ks[i]) >= 0 {
			return corruptErr(fn, "row", float64(i), "rows out of order or repeated")
		}
		if n > math.MaxInt64-cs[i] {
			return corruptErr(fn, "count", float64(cs[i]), "total above MaxInt64")
		}
		n += cs[i]
	}
	rows := make(map[History]int64, len(ks))
	for i, k := range ks {
		rows[History{k.X, k.Tx + 0, k.T + 0}] = cs[i]
	}
	h.rows, h.n = rows, n
	return nil
}

// MarshalBinary encodes h as a version byte (1), the number of rows as an
// unsigned varint, then per row in the order of [Histories.All] x as a
// varint, t_x and T as float64 bits and the count as a varint.
func (h Histories) MarshalBinary() ([]byte, error) { return h.AppendBinary(nil) }

// AppendBinary appends the encoding of [Histories.MarshalBinary] to b.
func (h Histories) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(append(b, binaryVersion), uint64(len(h.rows)))
	for _, k := range h.sorted() {
		b = binary.AppendUvarint(b, uint64(k.X))
		b = wire.AppendFloat64(wire.AppendFloat64(b, k.Tx), k.T)
		b = binary.AppendUvarint(b, uint64(h.rows[k]))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Histories.MarshalBinary] encodes; anything
// else (non-minimal varints, rows out of order, bad histories, trailing
// bytes) returns ErrCorrupt and leaves h unchanged.
func (h *Histories) UnmarshalBinary(b []byte) error {
	const fn = "retention.Histories.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(binaryVersion)
	n := rd.Count()
	if n > int64(len(b))/18 { // each row takes at least 18 bytes
		rd.Fail("more rows than bytes")
	}
	var ks []History
	var cs []int64
	for i := int64(0); i < n && rd.Err() == nil; i++ {
		x := rd.Count()
		tx, T := readFinite(&rd, "t_x"), readFinite(&rd, "T")
		c := rd.Count()
		if rd.Err() != nil {
			break
		}
		if c == 0 {
			rd.Fail("zero count")
			break
		}
		if math.Signbit(tx) || math.Signbit(T) {
			rd.Fail("negative zero time")
			break
		}
		if err := checkHistory(fn, float64(x), tx, T, int(i)); err != nil {
			rd.Fail(err.Error())
			break
		}
		ks, cs = append(ks, History{x, tx, T}), append(cs, c)
	}
	if err := rd.End(); err != nil {
		return err
	}
	return h.set(fn, ks, cs)
}
