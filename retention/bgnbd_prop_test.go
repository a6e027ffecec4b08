package retention

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	"pgregory.net/rapid"

	"github.com/servq/servq/estimate"
)

// simulateBGNBD draws n customers of the BG/NBD process with parameters m,
// each observed for T units after a first purchase at 0, straight from
// the model's story (FHL 2005, section 2): λ ~ Gamma(r, α), p ~ Beta(a, b),
// exponential gaps, dropout with probability p after each purchase. Times
// are rounded up to whole days when days > 0 (T in weeks, as a real log
// measured in days would give).
func simulateBGNBD(m BGNBD, n int, T float64, seed uint64, days float64) *Histories {
	src := rand.NewPCG(seed, 1)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: src}
	pd := distuv.Beta{Alpha: m.A, Beta: m.B, Src: src}
	var h Histories
	for range n {
		l, p := lam.Rand(), pd.Rand()
		x, tx, t := 0, 0.0, 0.0
		for {
			t += rng.ExpFloat64() / l
			if days > 0 {
				t = math.Ceil(t*7/days) * days / 7
			}
			if t > T {
				break
			}
			x, tx = x+1, t
			if rng.Float64() < p {
				break
			}
		}
		if err := h.Add(History{int64(x), tx, T}); err != nil {
			panic(err)
		}
	}
	return &h
}

// Fits on data simulated from known parameters recover them: each
// parameter's 95 % interval holds the truth for most seeds (with four
// parameters and three seeds, at most two misses of twelve are allowed,
// P(more) < 2 %). The long sweep is in bgnbd_long_test.go.
func TestFitBGNBDRecovers(t *testing.T) {
	truth := BGNBD{R: 0.5, Alpha: 6, A: 0.8, B: 2.5}
	misses := 0
	for seed := uint64(1); seed <= 3; seed++ {
		h := simulateBGNBD(truth, 4000, 52, seed, 1)
		m, err := FitBGNBD(h, estimate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []struct {
			ci   estimate.Interval
			want float64
		}{{m.RCI, truth.R}, {m.AlphaCI, truth.Alpha}, {m.ACI, truth.A}, {m.BCI, truth.B}} {
			if !c.ci.Contains(c.want) {
				misses++
				t.Logf("seed %d parameter %d: %v misses %g", seed, i, c.ci, c.want)
			}
			if math.Abs(math.Log(c.ci.Hi/c.ci.Lo)) > 3 {
				t.Errorf("seed %d parameter %d: interval %v too wide to mean anything", seed, i, c.ci)
			}
		}
	}
	if misses > 2 {
		t.Errorf("%d of 12 intervals miss the truth", misses)
	}
}

// Weights equal duplicated rows: AddN(h, k) fits like k Adds of h.
func TestHistoriesWeightsEqualDuplicates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var w, d Histories
		n := rapid.IntRange(3, 12).Draw(t, "rows")
		for i := range n {
			x := rapid.IntRange(0, 6).Draw(t, "x")
			T := float64(rapid.IntRange(1, 40).Draw(t, "T"))
			tx := 0.0
			if x > 0 {
				tx = float64(rapid.IntRange(1, int(T)).Draw(t, "tx"))
			}
			if i == 0 {
				x, tx = 2, T/2 // at least one repeat purchase
			}
			k := rapid.IntRange(1, 5).Draw(t, "k")
			if err := w.AddN(History{int64(x), tx, T}, int64(k)); err != nil {
				t.Fatal(err)
			}
			for range k {
				if err := d.Add(History{int64(x), tx, T}); err != nil {
					t.Fatal(err)
				}
			}
		}
		a, errA := fhl.LogLikelihood(&w)
		b, errB := fhl.LogLikelihood(&d)
		if errA != nil || errB != nil || !near(a, b, 1e-12) {
			t.Fatalf("weighted LL %v (%v), duplicated %v (%v)", a, errA, b, errB)
		}
	})
	// And the fit: the simulated base's customers added twice, as
	// AddN(·, 2) and as two Adds, give the same fit, whose log-likelihood
	// is twice that of the base fitted once (same maximiser of a doubled
	// likelihood).
	var w, d Histories
	for _, r := range simBase(t) {
		if err := w.AddN(History{int64(r.x), r.tx, r.T}, 2); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := d.Add(History{int64(r.x), r.tx, r.T}); err != nil {
				t.Fatal(err)
			}
		}
	}
	mw, errA := FitBGNBD(&w, estimate.Options{})
	md, errB := FitBGNBD(&d, estimate.Options{})
	if errA != nil || errB != nil || mw.R != md.R || mw.B != md.B || mw.LogLik != md.LogLik {
		t.Fatalf("weighted fit %+v (%v), duplicated %+v (%v)", mw, errA, md, errB)
	}
	once, err := FitBGNBD(simHistories(t), estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "LL of the doubled base", mw.LogLik, 2*once.LogLik, 1e-9)
	checkNear(t, "r of the doubled base", mw.R, once.R, 1e-4)
}

// drawModel draws BG/NBD parameters over the range seen in practice.
func drawModel(t *rapid.T) BGNBD {
	return BGNBD{
		R:     rapid.Float64Range(0.05, 5).Draw(t, "r"),
		Alpha: rapid.Float64Range(0.1, 50).Draw(t, "alpha"),
		A:     rapid.Float64Range(0.05, 5).Draw(t, "a"),
		B:     rapid.Float64Range(0.1, 10).Draw(t, "b"),
	}
}

func drawHistory(t *rapid.T) (x, tx, T float64) {
	T = rapid.Float64Range(0, 500).Draw(t, "T")
	x = float64(rapid.IntRange(0, 2000).Draw(t, "x"))
	if x > 0 {
		tx = rapid.Float64Range(0, T).Draw(t, "tx")
	}
	return x, tx, T
}

// P(alive) is in [0, 1], and 1 for x = 0 (the BG/NBD convention: a
// customer can only drop out just after a purchase).
func TestPAliveBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawModel(t)
		x, tx, T := drawHistory(t)
		p, err := m.PAlive(x, tx, T)
		if err != nil || !(p >= 0 && p <= 1) {
			t.Fatalf("P(alive) = %v, %v", p, err)
		}
		if x == 0 && p != 1 {
			t.Fatalf("P(alive | x = 0) = %v, want 1", p)
		}
		p0, _ := m.PAlive(0, 0, T)
		if p0 != 1 {
			t.Fatalf("P(alive | x = 0) = %v", p0)
		}
	})
}

// E[Y(t) | ·] is finite, >= 0 and non-decreasing in t; E[X(t)] too.
func TestConditionalExpectedMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawModel(t)
		x, tx, T := drawHistory(t)
		t1 := rapid.Float64Range(0, 1000).Draw(t, "t1")
		t2 := t1 + rapid.Float64Range(0, 1000).Draw(t, "dt")
		e1, err1 := m.ConditionalExpected(t1, x, tx, T)
		e2, err2 := m.ConditionalExpected(t2, x, tx, T)
		if err1 != nil || err2 != nil || !finite(e1) || !finite(e2) || e1 < 0 {
			t.Fatalf("E = %v (%v), %v (%v)", e1, err1, e2, err2)
		}
		if e2 < e1*(1-1e-9)-1e-12 {
			t.Fatalf("E[Y(%g)] = %v > E[Y(%g)] = %v", t1, e1, t2, e2)
		}
		u1, _ := m.Expected(t1)
		u2, _ := m.Expected(t2)
		if !finite(u1) || u2 < u1*(1-1e-9)-1e-12 {
			t.Fatalf("E[X(%g)] = %v, E[X(%g)] = %v", t1, u1, t2, u2)
		}
	})
}

// P(X(t) = k) are probabilities that sum to 1 with mean E[X(t)]: the
// sum over k = 0..K checks PNumber against Expected, two formulas that
// share nothing (an incomplete beta against a 2F1).
func TestPNumberSumsToOneWithMeanExpected(t *testing.T) {
	for _, m := range []BGNBD{fhl, {R: 2, Alpha: 3, A: 1.5, B: 4}} {
		for _, tt := range []float64{1, 10, 39} {
			var s, mean float64
			for k := range 3000 {
				p, err := m.PNumber(k, tt)
				if err != nil || p < 0 || p > 1 {
					t.Fatalf("P(X(%g)=%d) = %v, %v", tt, k, p, err)
				}
				s += p
				mean += float64(k) * p
			}
			e, _ := m.Expected(tt)
			checkNear(t, "Σ P(X(t)=k)", s, 1, 1e-9)
			checkNear(t, "Σ k P(X(t)=k)", mean, e, 1e-7)
		}
	}
}

func TestBGNBDBadInput(t *testing.T) {
	var h Histories
	for _, c := range []struct {
		x, tx, T float64
		want     error
	}{
		{2, 40, 38, ErrHistory},  // t_x > T
		{-1, 0, 38, ErrHistory},  // negative x
		{1.5, 3, 38, ErrHistory}, // x not integral
		{0, 3, 38, ErrHistory},   // recency without repeat purchases
		{1, -1, 38, ErrHistory},  // negative recency
		{1, 1, -3, ErrHistory},   // negative age
		{math.NaN(), 0, 1, ErrNotFinite},
		{1, 0, math.Inf(1), ErrNotFinite},
		{2e12, 1, 2, ErrHistory},
	} {
		if c.x == math.Trunc(c.x) { // History.X is an int64: a NaN or 1.5 cannot be one
			wantErr(t, h.Add(History{int64(c.x), c.tx, c.T}), c.want, "retention.Histories.Add")
		}
		_, err := fhl.PAlive(c.x, c.tx, c.T)
		wantErr(t, err, c.want, "retention.BGNBD.PAlive")
		_, err = fhl.ConditionalExpected(1, c.x, c.tx, c.T)
		wantErr(t, err, c.want, "retention.BGNBD.ConditionalExpected")
	}
	if h.N() != 0 || h.Len() != 0 {
		t.Errorf("rejected histories were added: %d", h.N())
	}
	wantErr(t, h.AddN(History{1, 1, 2}, -1), ErrCount, "retention.Histories.AddN")
	_, err := FitBGNBD(&h, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.FitBGNBD")
	_, err = FitBGNBD(nil, estimate.Options{})
	wantErr(t, err, ErrEmpty, "retention.FitBGNBD")
	if err := h.AddN(History{0, 0, 10}, 5); err != nil {
		t.Fatal(err)
	}
	_, err = FitBGNBD(&h, estimate.Options{})
	wantErr(t, err, ErrFit, "retention.FitBGNBD")
	_, err = FitBGNBD(simHistories(t), estimate.Options{Level: 2})
	wantErr(t, err, ErrLevel, "retention.FitBGNBD")
	_, err = FitBGNBD(simHistories(t), estimate.Options{Method: "wilson"})
	wantErr(t, err, ErrMethod, "retention.FitBGNBD")
	_, err = fhl.Expected(-1)
	wantErr(t, err, ErrHorizon, "retention.BGNBD.Expected")
	_, err = fhl.Expected(math.NaN())
	wantErr(t, err, ErrNotFinite, "retention.BGNBD.Expected")
	_, err = fhl.PNumber(-1, 3)
	wantErr(t, err, ErrHistory, "retention.BGNBD.PNumber")
	_, err = BGNBD{R: -1, Alpha: 1, A: 1, B: 1}.Expected(1)
	wantErr(t, err, ErrFit, "retention.BGNBD.Expected")
	if !errors.Is(err, ErrFit) {
		t.Error(err)
	}
}

// At a = 1 the E[X(t)] formula has a removable singularity, bridged by
// the mean at a = 1 ± 2e-6; it must agree with a = 1 ± 1e-3 to 1e-3.
func TestExpectedNearAOne(t *testing.T) {
	m := BGNBD{R: 0.5, Alpha: 5, A: 1, B: 2}
	e, err := m.Expected(20)
	if err != nil || !finite(e) {
		t.Fatal(e, err)
	}
	lo, hi := m, m
	lo.A, hi.A = 0.999, 1.001
	el, _ := lo.Expected(20)
	eh, _ := hi.Expected(20)
	if !(math.Min(el, eh) <= e && e <= math.Max(el, eh)) {
		t.Errorf("E[X(20)] at a = 1: %v, not between %v and %v", e, el, eh)
	}
}

// simulateSpends draws n customers of the Gamma-Gamma model with 1..10
// repeat purchases: ν ~ Gamma(q, γ), and the mean of x Gamma(p, ν)
// amounts is Gamma(p x, x ν).
func simulateSpends(g GammaGamma, n int, seed uint64) *Spends {
	src := rand.NewPCG(seed, 2)
	rng := rand.New(src)
	nu := distuv.Gamma{Alpha: g.Q, Beta: g.Gamma, Src: src}
	var s Spends
	for range n {
		x := 1 + rng.IntN(10)
		v := nu.Rand()
		m := distuv.Gamma{Alpha: g.P * float64(x), Beta: float64(x) * v, Src: src}.Rand()
		if err := s.Add(Spend{int64(x), m}); err != nil {
			panic(err)
		}
	}
	return &s
}
