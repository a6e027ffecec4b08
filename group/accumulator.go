package group

import (
	"iter"
	"slices"
)

// Accumulator is the constraint on what a group holds: P is a pointer to
// T, and *T has a Merge method that adds the state of another T to it, as
// every servq accumulator has (nps.Tally, csat.Tally, estimate.Moments).
// Merge may fail (tallies of different scales, a count overflow); it must
// not modify its argument.
//
// Type arguments for P are inferred: ByKey[string, nps.Tally]() makes a
// Map[string, nps.Tally, *nps.Tally].
type Accumulator[T any] interface {
	*T
	Merge(*T) error
}

// fresh returns a new accumulator from newAcc, or new(T) when newAcc is
// nil. A newAcc that returns nil is a programming error: fresh panics.
func fresh[T any, P Accumulator[T]](fn string, newAcc func() P) P {
	if newAcc == nil {
		return P(new(T))
	}
	p := newAcc()
	if p == nil {
		panic(fn + ": New returned nil")
	}
	return p
}

// table keeps one accumulator per key and the keys in the order of cmp.
// The zero table has no map and no order; tables come from newTable.
type table[K comparable, T any, P Accumulator[T]] struct {
	m     map[K]P
	keys  []K // the keys of m, in the order of cmp unless dirty
	dirty bool
	cmp   func(a, b K) int
}

func newTable[K comparable, T any, P Accumulator[T]](cmp func(a, b K) int) table[K, T, P] {
	return table[K, T, P]{m: make(map[K]P), cmp: cmp}
}

// create adds a new accumulator for k, which must not be in t, and returns
// it. On a zero table it panics with an error wrapping ErrZero.
func (t *table[K, T, P]) create(fn string, k K, newAcc func() P) P {
	if t.m == nil {
		panic(zeroErr(fn, "group"))
	}
	p := fresh(fn, newAcc)
	t.add(k, p)
	return p
}

func (t *table[K, T, P]) add(k K, p P) {
	t.m[k] = p
	if n := len(t.keys); n > 0 && !t.dirty && t.cmp(t.keys[n-1], k) > 0 {
		t.dirty = true
	}
	t.keys = append(t.keys, k)
}

// sorted returns the keys in order. It sorts a copy, never the slice in
// place, so that an iteration still ranging over the old slice is not
// disturbed.
func (t *table[K, T, P]) sorted() []K {
	if t.dirty {
		ks := slices.Clone(t.keys)
		slices.SortFunc(ks, t.cmp)
		t.keys, t.dirty = ks, false
	}
	return t.keys
}

func (t *table[K, T, P]) all() iter.Seq2[K, P] {
	return func(yield func(K, P) bool) {
		for _, k := range t.sorted() {
			if !yield(k, t.m[k]) {
				return
			}
		}
	}
}

// merge merges the accumulators of o into t, key by key in order: into the
// accumulator of the same key, or into a fresh one for a key t lacks. norm
// maps a key of o to the key of t; nil means the identity. Each merge goes
// into a copy first, so that t is unchanged when one fails: the error is
// that of the first failing key. what names the group for ErrZero.
func (t *table[K, T, P]) merge(fn, what string, o *table[K, T, P], newAcc func() P, norm func(K) K) error {
	if len(o.m) == 0 {
		return nil
	}
	if t.m == nil {
		return zeroErr(fn, what)
	}
	type staged struct {
		k   K
		acc P
	}
	done := make([]staged, 0, len(o.m))
	at := make(map[K]int, len(o.m)) // index in done; two keys of o may share a key of t
	for _, ko := range o.sorted() {
		src, k := o.m[ko], ko
		if norm != nil {
			k = norm(ko)
		}
		i, ok := at[k]
		if !ok {
			// A copy, never src itself: later changes to o must not reach t.
			dst := fresh(fn, newAcc)
			if old, ok := t.m[k]; ok {
				if err := dst.Merge(old); err != nil {
					return keyErr(fn, k, -1, err)
				}
			}
			i = len(done)
			at[k] = i
			done = append(done, staged{k, dst})
		}
		if err := done[i].acc.Merge(src); err != nil {
			return keyErr(fn, k, -1, err)
		}
	}
	for _, d := range done {
		if old, ok := t.m[d.k]; ok {
			*old = *d.acc // keep the pointer that callers may hold
			continue
		}
		t.add(d.k, d.acc)
	}
	return nil
}
