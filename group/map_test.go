package group_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/group"
	"pgregory.net/rapid"
)

func TestMapAtGetAll(t *testing.T) {
	g := group.ByKey[string, count]()
	if g.Len() != 0 {
		t.Fatalf("new Map has Len %d", g.Len())
	}
	for _, o := range []struct {
		key string
		v   int64
	}{{"web", 9}, {"email", 3}, {"web", 10}, {"phone", 7}, {"email", 0}} {
		g.At(o.key).Add(o.v)
	}
	want := []entry[string]{
		{"email", count{N: 2, Sum: 3}},
		{"phone", count{N: 1, Sum: 7}},
		{"web", count{N: 2, Sum: 19}},
	}
	if diff := cmp.Diff(want, contents(g.All())); diff != "" {
		t.Errorf("All (-want +got):\n%s", diff)
	}
	if g.Len() != 3 {
		t.Errorf("Len = %d, want 3", g.Len())
	}
	if c, ok := g.Get("web"); !ok || c.N != 2 || c != g.At("web") {
		t.Errorf("Get(web) = %v, %v", c, ok)
	}
	if c, ok := g.Get("chat"); ok || c != nil {
		t.Errorf("Get(chat) = %v, %v; want nil, false", c, ok)
	}
	if g.Len() != 3 {
		t.Errorf("Get added a key: Len = %d", g.Len())
	}
	// Stopping early.
	var first []string
	for k := range g.All() {
		first = append(first, k)
		break
	}
	if diff := cmp.Diff([]string{"email"}, first); diff != "" {
		t.Errorf("breaking after one key (-want +got):\n%s", diff)
	}
}

func TestMapAddDuringIteration(t *testing.T) {
	g := group.ByKey[int, count]()
	for _, k := range []int{5, 1, 3} {
		g.At(k)
	}
	var seen []int
	for k := range g.All() {
		seen = append(seen, k)
		g.At(k + 10) // new keys, and a re-sort inside the loop
		for range g.All() {
		}
	}
	if diff := cmp.Diff([]int{1, 3, 5}, seen); diff != "" {
		t.Errorf("keys visited (-want +got):\n%s", diff)
	}
	var all []int
	for k := range g.All() {
		all = append(all, k)
	}
	if diff := cmp.Diff([]int{1, 3, 5, 11, 13, 15}, all); diff != "" {
		t.Errorf("keys after (-want +got):\n%s", diff)
	}
}

// agent is a segment key without a natural order.
type agent struct {
	Team string
	ID   int
}

func TestByKeyFunc(t *testing.T) {
	byTeamThenID := func(a, b agent) int {
		if c := strings.Compare(a.Team, b.Team); c != 0 {
			return c
		}
		return a.ID - b.ID
	}
	g := group.ByKeyFunc[agent, count](byTeamThenID)
	for _, a := range []agent{{"b", 2}, {"a", 9}, {"b", 1}, {"a", 9}} {
		g.At(a).Add(1)
	}
	want := []entry[agent]{{agent{"a", 9}, count{N: 2, Sum: 2}}, {agent{"b", 1}, count{N: 1, Sum: 1}}, {agent{"b", 2}, count{N: 1, Sum: 1}}}
	if diff := cmp.Diff(want, contents(g.All())); diff != "" {
		t.Errorf("All (-want +got):\n%s", diff)
	}
	mustPanic(t, "ByKeyFunc(nil)", nil, func() { group.ByKeyFunc[agent, count](nil) })
}

// mustPanic checks that f panics, with an error wrapping target when
// target is not nil.
func mustPanic(t *testing.T, name string, target error, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s did not panic", name)
			return
		}
		if target == nil {
			return
		}
		if err, ok := r.(error); !ok || !errors.Is(err, target) {
			t.Errorf("%s panicked with %v, want an error wrapping %v", name, r, target)
		}
	}()
	f()
}

func TestMapNew(t *testing.T) {
	g := group.ByKey[string, count]()
	g.New = func() *count { return &count{Scale: 7} }
	g.At("web").Add(6)
	if c, _ := g.Get("web"); c.Scale != 7 {
		t.Errorf("At made %+v, want scale 7", *c)
	}

	// Merge and UnmarshalJSON make their accumulators with New too.
	o := group.ByKey[string, count]()
	o.New = g.New
	o.At("email").Add(2)
	if err := g.Merge(o); err != nil {
		t.Fatal(err)
	}
	if c, _ := g.Get("email"); c.Scale != 7 || c.N != 1 {
		t.Errorf("Merge made %+v, want scale 7 and n 1", *c)
	}
	u := group.ByKey[string, count]()
	u.New = g.New
	if err := u.UnmarshalJSON([]byte(`[{"key":"chat","value":{"n":0,"sum":0}}]`)); err != nil {
		t.Fatal(err)
	}
	if c, _ := u.Get("chat"); c.Scale != 7 {
		t.Errorf("UnmarshalJSON made %+v, want scale 7", *c)
	}

	g.New = func() *count { return nil }
	mustPanic(t, "At with a New that returns nil", nil, func() { g.At("new key") })
}

func TestMapMergeCopies(t *testing.T) {
	a := group.ByKey[string, count]()
	b := group.ByKey[string, count]()
	a.At("web").Add(1)
	b.At("web").Add(2)
	b.At("email").Add(3)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	want := []entry[string]{{"email", count{N: 1, Sum: 3}}, {"web", count{N: 2, Sum: 3}}}
	if diff := cmp.Diff(want, contents(a.All())); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	// b is unchanged, and later changes to b do not reach a.
	if diff := cmp.Diff([]entry[string]{{"email", count{N: 1, Sum: 3}}, {"web", count{N: 1, Sum: 2}}}, contents(b.All())); diff != "" {
		t.Errorf("b changed by Merge (-want +got):\n%s", diff)
	}
	b.At("email").Add(100)
	b.At("web").Add(100)
	if diff := cmp.Diff(want, contents(a.All())); diff != "" {
		t.Errorf("a changed by a later change to b (-want +got):\n%s", diff)
	}
	// Nil, empty and self merges.
	if err := a.Merge(nil); err != nil {
		t.Errorf("Merge(nil) = %v", err)
	}
	if err := a.Merge(group.ByKey[string, count]()); err != nil {
		t.Errorf("Merge(empty) = %v", err)
	}
	if err := a.Merge(a); err != nil {
		t.Fatal(err)
	}
	if c, _ := a.Get("web"); c.N != 4 {
		t.Errorf("after a.Merge(a), web has n %d, want 4", c.N)
	}
}

func TestMapMergeErrors(t *testing.T) {
	// b's counts have scale 0 and a's scale 5: every Merge fails, at the
	// first key in order, and a keeps what it had.
	a := group.ByKey[string, count]()
	a.New = func() *count { return &count{Scale: 5} }
	a.At("m").Add(1)
	b := group.ByKey[string, count]()
	b.At("z").Add(1)
	b.At("c").Add(1)
	err := a.Merge(b)
	var ke *group.KeyError
	var ve *estimate.ValueError
	if !errors.Is(err, errScale) || !errors.As(err, &ke) || ke.Key != "c" || !errors.As(err, &ve) || ve.Func != "group.Map.Merge" {
		t.Fatalf("Merge error = %v, want a KeyError for \"c\" wrapping errScale", err)
	}
	if want := `group.Map.Merge: key "c": count: different scales`; err.Error() != want {
		t.Errorf("error text %q, want %q", err.Error(), want)
	}
	if a.Len() != 1 {
		t.Errorf("a has %d keys after a failed merge, want 1", a.Len())
	}

	// An overflow in the second key: nothing is merged (merges go into
	// copies first).
	a = group.ByKey[string, count]()
	a.At("b").N = math.MaxInt64
	b = group.ByKey[string, count]()
	for _, k := range []string{"a", "b", "c"} {
		b.At(k).Add(1)
	}
	err = a.Merge(b)
	if !errors.Is(err, errOverflow) || !errors.As(err, &ke) || ke.Key != "b" {
		t.Fatalf("Merge error = %v, want a KeyError for \"b\" wrapping errOverflow", err)
	}
	want := []entry[string]{{"b", count{N: math.MaxInt64}}}
	if diff := cmp.Diff(want, contents(a.All())); diff != "" {
		t.Errorf("after a failed merge (-want +got):\n%s", diff)
	}

	// Keys other than strings and times print as fmt prints them.
	ints := group.ByKey[int, count]()
	ints.At(3).N = math.MaxInt64
	if err := ints.Merge(ints); err == nil || err.Error() != `group.Map.Merge: key "3": count: overflow` {
		t.Errorf("Merge error = %v", err)
	}
}

func TestZeroMap(t *testing.T) {
	var g group.Map[string, count, *count]
	if g.Len() != 0 {
		t.Errorf("Len = %d", g.Len())
	}
	for range g.All() {
		t.Error("All yields on a zero Map")
	}
	if _, ok := g.Get("x"); ok {
		t.Error("Get found a key in a zero Map")
	}
	if b, err := g.MarshalJSON(); err != nil || string(b) != "[]" {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	if err := g.Merge(group.ByKey[string, count]()); err != nil {
		t.Errorf("Merge(empty) into a zero Map = %v", err)
	}
	o := group.ByKey[string, count]()
	o.At("x")
	if err := g.Merge(o); !errors.Is(err, group.ErrZero) {
		t.Errorf("Merge into a zero Map = %v, want ErrZero", err)
	}
	if err := g.UnmarshalJSON([]byte(`[]`)); !errors.Is(err, group.ErrZero) {
		t.Errorf("UnmarshalJSON into a zero Map = %v, want ErrZero", err)
	}
	mustPanic(t, "At on a zero Map", group.ErrZero, func() { g.At("x") })
}

func TestMapJSON(t *testing.T) {
	g := group.ByKey[string, count]()
	g.At("web").Add(9)
	g.At("email").Add(3)
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"key":"email","value":{"n":1,"sum":3}},{"key":"web","value":{"n":1,"sum":9}}]`
	if string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	u := group.ByKey[string, count]()
	u.At("stale").Add(1) // replaced by the decoded entries
	if err := json.Unmarshal(b, u); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(contents(g.All()), contents(u.All())); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`null`), u); err != nil || u.Len() != 2 {
		t.Errorf("Unmarshal(null) = %v, Len %d; want no change", err, u.Len())
	}
	if b, err := json.Marshal(group.ByKey[int, count]()); err != nil || string(b) != "[]" {
		t.Errorf("empty Map marshals as %s, %v", b, err)
	}
	// Integer keys stay numbers; a struct field of the Map type marshals.
	type report struct {
		ByScore *group.Map[int, count, *count] `json:"by_score"`
	}
	r := report{group.ByKey[int, count]()}
	r.ByScore.At(10).Add(1)
	if b, err := json.Marshal(r); err != nil || string(b) != `{"by_score":[{"key":10,"value":{"n":1,"sum":1}}]}` {
		t.Errorf("report marshals as %s, %v", b, err)
	}
}

func TestMapUnmarshalErrors(t *testing.T) {
	for _, c := range []struct{ in, key string }{
		{`{}`, ""},
		{`[1]`, ""},
		{`[{"value":{"n":1}}]`, ""},                     // no key
		{`[{"key":null,"value":{"n":1}}]`, ""},          // null key
		{`[{"key":3,"value":{"n":1}}]`, ""},             // wrong type
		{`[{"key":"a"}]`, ""},                           // no value
		{`[{"key":"a","value":null}]`, ""},              // null value
		{`[{"key":"a","value":{"n":1},"x":1}]`, ""},     // unknown key
		{`[{"Key":"a","value":{"n":1}}]`, ""},           // case-folded key
		{`[{"key":"a","key":"b","value":{"n":1}}]`, ""}, // duplicate field
		{`[{"key":"a","value":{"n":1}}] []`, ""},        // trailing data
		{`[{"key":"a","value":{"n":1}}`, ""},            // truncated
		{`[{"key":"a","value":{"n":1}},{"key":"a","value":{"n":1}}]`, "a"},
		{`[{"key":"a","value":{"n":"many"}}]`, "a"},
		{`[{"key":"a","value":[]}]`, "a"},
	} {
		g := group.ByKey[string, count]()
		g.At("kept").Add(1)
		err := g.UnmarshalJSON([]byte(c.in))
		var ve *estimate.ValueError
		if !errors.Is(err, group.ErrCorrupt) || !errors.As(err, &ve) || ve.Func != "group.Map.UnmarshalJSON" {
			t.Errorf("UnmarshalJSON(%s) = %v, want a ValueError wrapping ErrCorrupt", c.in, err)
		}
		var ke *group.KeyError
		if got := errors.As(err, &ke); got != (c.key != "") || got && ke.Key != c.key {
			t.Errorf("UnmarshalJSON(%s) = %v, want a KeyError for %q", c.in, err, c.key)
		}
		if _, ok := g.Get("kept"); !ok || g.Len() != 1 {
			t.Errorf("UnmarshalJSON(%s) changed the Map", c.in)
		}
	}
}

// observation is one value for one key.
type observation struct {
	Key   string
	Value int64
}

var observationsGen = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) observation {
	return observation{
		Key:   rapid.SampledFrom([]string{"web", "email", "phone", "chat", "", "Web", "émail"}).Draw(t, "key"),
		Value: rapid.Int64Range(-10, 10).Draw(t, "value"),
	}
}), 0, 60)

func mapOf(obs []observation) *group.Map[string, count, *count] {
	g := group.ByKey[string, count]()
	for _, o := range obs {
		g.At(o.Key).Add(o.Value)
	}
	return g
}

// splits draws cut points 0 <= c1 <= ... <= n that split n observations
// into parts, some of them possibly empty.
func splits(t *rapid.T, n int) []int {
	cuts := rapid.SliceOfN(rapid.IntRange(0, n), 0, 4).Draw(t, "cuts")
	cuts = append(cuts, 0, n)
	slices.Sort(cuts)
	return cuts
}

func TestMapProperties(t *testing.T) {
	t.Run("merge of parts equals the whole", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			obs := observationsGen.Draw(t, "obs")
			whole := mapOf(obs)
			merged := group.ByKey[string, count]()
			cuts := splits(t, len(obs))
			for i := 1; i < len(cuts); i++ {
				if err := merged.Merge(mapOf(obs[cuts[i-1]:cuts[i]])); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(contents(whole.All()), contents(merged.All())); diff != "" {
				t.Fatalf("merged parts differ from the whole (-whole +merged):\n%s", diff)
			}
		})
	})
	t.Run("insertion order does not matter", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			obs := observationsGen.Draw(t, "obs")
			shuffled := rapid.Permutation(obs).Draw(t, "shuffled")
			if diff := cmp.Diff(contents(mapOf(obs).All()), contents(mapOf(shuffled).All())); diff != "" {
				t.Fatalf("order changed the result (-in order +shuffled):\n%s", diff)
			}
		})
	})
	t.Run("keys are listed in order", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			var prev *string
			for k := range mapOf(observationsGen.Draw(t, "obs")).All() {
				if prev != nil && *prev >= k {
					t.Fatalf("key %q after %q", k, *prev)
				}
				prev = &k
			}
		})
	})
	t.Run("JSON round trip", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			g := mapOf(observationsGen.Draw(t, "obs"))
			b, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			u := group.ByKey[string, count]()
			if err := json.Unmarshal(b, u); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(contents(g.All()), contents(u.All())); diff != "" {
				t.Fatalf("round trip (-want +got):\n%s", diff)
			}
		})
	})
}

func FuzzMapJSON(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`, `[{"key":"web","value":{"n":2,"sum":19}},{"key":"email","value":{"n":1,"sum":3}}]`,
		`[{"key":"a"},{"key":"a"}]`, `[{"key":"a","value":null}]`, `{"key":"a"}`, `[{"KEY":"a","Value":{"N":1}}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := group.ByKey[string, count]()
		if err := g.UnmarshalJSON(data); err != nil {
			if g.Len() != 0 {
				t.Fatalf("failed UnmarshalJSON left %d keys", g.Len())
			}
			return
		}
		// What decodes re-encodes, and decodes to the same Map.
		b, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		u := group.ByKey[string, count]()
		if err := json.Unmarshal(b, u); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if diff := cmp.Diff(contents(g.All()), contents(u.All())); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func BenchmarkMapAt(b *testing.B) {
	g := group.ByKey[string, count]()
	keys := []string{"web", "email", "phone", "chat", "store"}
	for _, k := range keys {
		g.At(k)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.At(keys[i%len(keys)]).Add(1)
		i++
	}
}

func BenchmarkMapMerge(b *testing.B) {
	part := group.ByKey[int, count]()
	for k := range 100 {
		part.At(k).Add(int64(k))
	}
	b.ReportAllocs()
	for b.Loop() {
		g := group.ByKey[int, count]()
		if err := g.Merge(part); err != nil {
			b.Fatal(err)
		}
		if err := g.Merge(part); err != nil {
			b.Fatal(err)
		}
	}
}
