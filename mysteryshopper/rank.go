package mysteryshopper

import (
	"cmp"
	"errors"
	"iter"
	"math"
	"slices"

	"github.com/servq/servq/estimate"
	"gonum.org/v1/gonum/stat/distuv"
)

// A Ranked is one key (a branch, a region) of a ranking by mean score.
type Ranked[K cmp.Ordered] struct {
	Key K `json:"key"` // the branch (or other key) of the audit
	// Rank is the competition rank by mean score ("1224"): 1 plus the
	// number of keys with a higher mean, so equal means share a rank.
	Rank int `json:"rank"`
	// Best and Worst bound the rank that the intervals allow: Best is 1
	// plus the number of keys whose interval lies wholly above this one,
	// Worst the number of keys less those wholly below. Best = Worst
	// means a rank the data are sure of.
	Best  int               `json:"best"`
	Worst int               `json:"worst"`
	N     int64             `json:"n"`     // visits
	Score float64           `json:"score"` // mean score, %
	CI    estimate.Interval `json:"ci"`    // Student-t interval of Score, %
	// PassRate is the share of visits passed, 0..1.
	PassRate float64 `json:"passRate"`
}

// Rank ranks the audits of seq (group.Map.All of a map by branch, say) by
// mean score, highest first, equal means sharing a rank and listed in key
// order. Audits with fewer than two visits cannot be ranked with an
// interval: their keys are returned in skipped, in seq's order. The rank
// range Best..Worst compares intervals: two keys whose t intervals
// overlap are not told apart, which is stricter than a test of their
// difference (Schenker and Gentleman 2001), so read it as a guide, and
// use [Compare] for a pair. Errors are those of [Audit.Result]; a nil
// seq or a nil audit in it is a programming error and panics.
func Rank[K cmp.Ordered](seq iter.Seq2[K, *Audit], o estimate.Options) (ranked []Ranked[K], skipped []K, err error) {
	const fn = "mysteryshopper.Rank"
	for k, a := range seq {
		r, err := a.Result(o)
		if errors.Is(err, ErrEmpty) || errors.Is(err, ErrTooFew) {
			skipped = append(skipped, k)
			continue
		}
		if err != nil {
			return nil, nil, retag(err, fn)
		}
		ranked = append(ranked, Ranked[K]{Key: k, N: r.N, Score: r.Score, CI: r.ScoreCI, PassRate: r.PassRate})
	}
	slices.SortFunc(ranked, func(a, b Ranked[K]) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Key, b.Key))
	})
	for i := range ranked {
		r := &ranked[i]
		r.Rank, r.Best, r.Worst = 1, 1, len(ranked)
		for j := range ranked {
			o := &ranked[j]
			if o.Score > r.Score {
				r.Rank++
			}
			if o.CI.Lo > r.CI.Hi {
				r.Best++
			}
			if o.CI.Hi < r.CI.Lo {
				r.Worst--
			}
		}
	}
	return ranked, skipped, nil
}

// A Cell keys the audits of one shopper at one branch, for
// [ShopperEffects]. Group them with group.ByKeyFunc(CompareCells).
type Cell struct {
	Branch  string `json:"branch"`  // the branch visited
	Shopper string `json:"shopper"` // who visited it
}

// CompareCells orders cells by branch, then shopper.
func CompareCells(a, b Cell) int {
	return cmp.Or(cmp.Compare(a.Branch, b.Branch), cmp.Compare(a.Shopper, b.Shopper))
}

// DefaultMinVisits is the sample below which [ShopperEffects] warns,
// when its minVisits is 0: below about 20 visits the t intervals of
// visit scores can be much too narrow (EVIDENCE.md).
const DefaultMinVisits = 20

// An Effect is a shopper's leniency: the mean deviation of their visit
// scores from the mean score of the branch visited, in % points
// (positive: a lenient shopper, negative: a harsh one).
type Effect struct {
	Shopper string `json:"shopper"` // the shopper's id
	// N is the number of visits, Branches the branches visited, Shared
	// the visits made to branches that other shoppers also visited (a
	// shopper alone at a branch deviates by 0 there, by construction).
	N        int64 `json:"n"`
	Branches int   `json:"branches"`
	Shared   int64 `json:"shared"`
	// Deviation is the mean deviation, CI its Student-t interval (the
	// whole range [-100, 100] when N < 2), P the two-sided p-value of a
	// t test of no effect and PAdjusted that p adjusted by Holm's method
	// over every shopper with N >= 2 (1 for the others).
	Deviation float64           `json:"deviation"`
	CI        estimate.Interval `json:"ci"`
	P         float64           `json:"p"`
	PAdjusted float64           `json:"pAdjusted"`
	// Small warns that Shared is below the minimum sample; then read
	// Deviation as anecdote, not evidence.
	Small bool `json:"small"`
}

// ShopperEffects returns each shopper's [Effect], in shopper order, from
// the audits of seq keyed by branch and shopper. With x_v the score of
// visit v at branch b(v) and m_b the mean score of all visits to b,
//
//	deviation = Σ_v (x_v - m_b(v)) / n,   CI = deviation ± t_{1-α/2, n-1} · s/√n
//
// where s is the standard deviation of the deviations, computed exactly
// from each cell's count, mean and squared deviations. The t interval
// treats visits as independent. minVisits (0 means DefaultMinVisits) sets
// Small. A level outside (0, 1) returns ErrLevel; o.Method must be empty
// or StudentT (ErrMethod); cells of different checklists ErrMismatch; no
// visits ErrEmpty; visits that add up to more than math.MaxInt64
// ErrOverflow. A nil seq or audit is a programming error and panics.
func ShopperEffects(seq iter.Seq2[Cell, *Audit], minVisits int, o estimate.Options) ([]Effect, error) {
	const fn = "mysteryshopper.ShopperEffects"
	level, _, err := o.Resolve(fn, estimate.StudentT)
	if err != nil {
		return nil, err
	}
	if minVisits <= 0 {
		minVisits = DefaultMinVisits
	}
	type cell struct {
		c        Cell
		n        int64
		mean, m2 float64
	}
	var cells []cell
	branch := map[string]*estimate.Moments{}
	shoppers := map[string]int{} // shoppers per branch
	var l *layout
	for c, a := range seq {
		if a.N() == 0 {
			continue
		}
		if l != nil && !l.equal(a.l) {
			return nil, textErr(fn, "shopper", c.Shopper, -1, ErrMismatch)
		}
		l = a.l
		mean, m2, n := momentsOf(&a.score)
		cells = append(cells, cell{c, n, mean, m2})
		if branch[c.Branch] == nil {
			branch[c.Branch] = new(estimate.Moments)
		}
		if err := branch[c.Branch].Merge(&a.score); err != nil {
			return nil, retag(err, fn)
		}
		shoppers[c.Branch]++
	}
	if len(cells) == 0 {
		return nil, valueErr(fn, "n", 0, ErrEmpty)
	}
	slices.SortFunc(cells, func(a, b cell) int {
		return cmp.Or(cmp.Compare(a.c.Shopper, b.c.Shopper), cmp.Compare(a.c.Branch, b.c.Branch))
	})
	var out []Effect
	var dev estimate.Moments
	flush := func() error {
		e := &out[len(out)-1]
		e.Small = e.Shared < int64(minVisits)
		mean, _, n := momentsOf(&dev)
		e.N, e.Deviation, e.P, e.PAdjusted = n, mean, 1, 1
		e.CI = estimate.Interval{Lo: -100, Hi: 100, Level: level, Method: estimate.StudentT}
		if n >= 2 {
			r, err := dev.Result(estimate.Options{Level: level})
			if err != nil {
				return retag(err, fn)
			}
			e.CI = clampCI(r.CI, -100, 100)
			if r.SE > 0 {
				t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
				e.P = math.Min(1, 2*t.Survival(math.Abs(r.Mean/r.SE)))
			} else if r.Mean != 0 {
				e.P = 0
			}
		}
		dev.Reset()
		return nil
	}
	for i, c := range cells {
		if i == 0 || c.c.Shopper != cells[i-1].c.Shopper {
			if i > 0 {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			out = append(out, Effect{Shopper: c.c.Shopper})
		}
		e := &out[len(out)-1]
		e.Branches++
		if shoppers[c.c.Branch] > 1 {
			e.Shared += c.n
		}
		bm, _, _ := momentsOf(branch[c.c.Branch])
		var part estimate.Moments
		if err := setMoments(&part, c.n, c.mean-bm, c.m2); err != nil {
			return nil, retag(err, fn)
		}
		if err := dev.Merge(&part); err != nil {
			return nil, retag(err, fn)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	var ps []float64
	var idx []int
	for i, e := range out {
		if e.N >= 2 {
			ps, idx = append(ps, e.P), append(idx, i)
		}
	}
	if len(ps) > 0 {
		adj, err := estimate.Holm(ps)
		if err != nil {
			return nil, retag(err, fn)
		}
		for k, i := range idx {
			out[i].PAdjusted = adj[k]
		}
	}
	return out, nil
}
