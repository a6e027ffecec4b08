package retention

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestCustomerStateModel checks the bitset layout of a customer's periods
// against a plain model (a map from period to the amounts summed in event
// order, the first one taken as is): periods in random order over 300
// periods, so that the first moves earlier within the window and beyond
// it, and periods fall after the window (the sorted far list).
func TestCustomerStateModel(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 500 {
		spread := []int32{3, 40, 70, 300}[trial%4]
		var cs customerState
		model := map[int32]float64{}
		for range 1 + r.IntN(60) {
			p := 1000 + r.Int32N(spread)
			a := float64(r.IntN(7)) - 3
			model[p] += a // a is never -0 here, so a missing entry's 0 + a is a
			cs.record(p, a)
		}
		got := cs.appendActs(nil)
		var want []activity
		for p, a := range model {
			want = append(want, activity{p, a})
		}
		slices.SortFunc(want, func(a, b activity) int { return int(a.period - b.period) })
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: got %v, want %v", trial, got, want)
		}
		if cs.count() != len(want) || cs.first != want[0].period || cs.lastPeriod() != want[len(want)-1].period {
			t.Fatalf("trial %d: count %d first %d last %d, want %d %d %d", trial, cs.count(), cs.first, cs.lastPeriod(),
				len(want), want[0].period, want[len(want)-1].period)
		}
		var back customerState
		back.setActs(got)
		if !slices.Equal(back.appendActs(nil), want) {
			t.Fatalf("trial %d: setActs does not round-trip", trial)
		}
	}
}

// TestCustomerStateNegativeZero: a period's first amount is kept as it is,
// so -0 stays -0 (its bits are encoded), and later ones are added.
func TestCustomerStateNegativeZero(t *testing.T) {
	var cs customerState
	negZero := math.Copysign(0, -1)
	cs.record(10, 5)
	cs.record(12, negZero)
	cs.record(9, negZero)
	acts := cs.appendActs(nil)
	if len(acts) != 3 || !math.Signbit(acts[0].amount) || !math.Signbit(acts[2].amount) || acts[1].amount != 5 {
		t.Fatalf("got %v, want -0, 5, -0 with signs kept", acts)
	}
}

// TestShortTable: the table finds what it holds, answers -1 (never a
// wrong customer) for what it does not, and stops probing after maxProbe
// slots when full.
func TestShortTable(t *testing.T) {
	var tb shortTable
	tb.reset(1) // 16 slots
	keys := make([][2]uint64, 40)
	for i := range keys {
		var key [16]byte
		id := "k" + strconv.Itoa(i)
		copy(key[:], id)
		key[15] = byte(len(id))
		keys[i][0], keys[i][1] = keyWords(&key)
	}
	for i, k := range keys {
		if got := tb.find(k[0], k[1], int32(i)); got != -1 {
			t.Fatalf("new key %d found as %d", i, got)
		}
	}
	held := 0
	for i, k := range keys {
		switch got := tb.find(k[0], k[1], -1); got {
		case int32(i):
			held++
		case -1:
		default:
			t.Fatalf("key %d found as customer %d", i, got)
		}
	}
	if held != 16 { // the table is full after 16 keys; the others are not kept
		t.Fatalf("%d keys held, want the 16 slots", held)
	}
}
