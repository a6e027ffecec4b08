package nps

import "math"

// A trinomial is one sample's shares of promoters, passives and detractors
// (P/n, O/n, D/n, from the counts so that they add up to 1 up to
// rounding) and its size n.
type trinomial struct {
	pP, pO, pD, n float64
}

func trinomialOf(r Result) trinomial {
	n := float64(r.N)
	return trinomial{float64(r.Promoters) / n, float64(r.Passives) / n, float64(r.Detractors) / n, n}
}

// slope returns the restricted share of detractors qD under δ = qP - qD
// ([restrictedShare]) and the derivative, in δ, of the sample's profile
// log-likelihood n·(pP·log qP + pO·log qO + pD·log qD) at δ. The
// derivative is the Lagrange multiplier of the constraint, read from the
// stationarity conditions of two categories that the data hold (their
// fitted shares are then > 0): pP/qP - pO/qO, pO/qO - pD/qD or
// (pP/qP - pD/qD)/2. With a single category in the data the profile is
// explicit: all passives log(1 - |δ|), all promoters log((1 + δ)/2), all
// detractors log((1 - δ)/2).
func (s trinomial) slope(d float64) (qD, lambda float64) {
	qD = restrictedShare(s.pP, s.pD, d)
	qP, qO := qD+d, 1-2*qD-d
	switch {
	case s.pP > 0 && s.pO > 0:
		lambda = s.pP/qP - s.pO/qO
	case s.pO > 0 && s.pD > 0:
		lambda = s.pO/qO - s.pD/qD
	case s.pP > 0 && s.pD > 0:
		lambda = (s.pP/qP - s.pD/qD) / 2
	case s.pP > 0:
		lambda = 1 / (1 + d)
	case s.pD > 0:
		lambda = -1 / (1 - d)
	case d > 0:
		lambda = -1 / (1 - d)
	case d < 0:
		lambda = 1 / (1 + d)
	}
	return qD, s.n * lambda
}

// restrictedVariance returns the variance of δa - δb, the difference of
// the two samples' shares pP - pD, at the trinomials that maximise the
// joint likelihood of a and b subject to δa - δb = d (|d| <= 2):
//
//	V(d) = v(q̃a)/na + v(q̃b)/nb,  v(q) = qP + qD - (qP - qD)²
//
// The joint profile log-likelihood ℓa(δa) + ℓb(δa - d) is concave in δa,
// so its maximum is the root of the sum of the two slopes, which
// decreases in δa; [narrow] finds it within the feasible δa.
func restrictedVariance(a, b trinomial, d float64) float64 {
	lo, hi := math.Max(-1, d-1), math.Min(1, d+1)
	if lo < hi {
		negSlope := func(x float64) float64 {
			_, la := a.slope(x)
			_, lb := b.slope(x - d)
			return -(la + lb)
		}
		lo = narrow(negSlope, lo, hi, math.Inf(-1), math.Inf(1))
	}
	da, db := lo, lo-d
	qa := restrictedShare(a.pP, a.pD, da)
	qb := restrictedShare(b.pP, b.pD, db)
	va := 2*qa + da*(1-da) // qP + qD - δ², qP = qD + δ
	vb := 2*qb + db*(1-db)
	return math.Max(0, va)/a.n + math.Max(0, vb)/b.n
}

// narrow returns the last point known to satisfy f <= 0 on the segment
// from in (f(in) = fin <= 0) to out (f(out) = fout > 0), where f changes
// sign once. It takes regula falsi steps in the Illinois form (halving the
// value kept at an end that two steps in a row left in place), bisects
// where a step is not strictly inside the segment, a value is infinite or
// three steps did not halve the segment (f may have a kink or a jump at
// its root), and stops when the segment has no float64 between its ends or is
// shorter than 1e-17 (where floats are denser, near 0: far below any
// precision a share needs).
func narrow(f func(float64) float64, in, out, fin, fout float64) float64 {
	side := 0
	width := math.Abs(out - in)
	for i := 0; i < 400; i++ {
		mid := in + (out-in)/2
		if mid == in || mid == out || math.Abs(out-in) < 1e-17 {
			break
		}
		x := mid
		if i%3 != 2 || math.Abs(out-in) <= width/2 {
			if !math.IsInf(fin, 0) && !math.IsInf(fout, 0) && fin != fout {
				x = in + fin*(out-in)/(fin-fout)
			}
		}
		if i%3 == 2 {
			// Every third step checks that the segment at least halved
			// over the last three; if not, that step bisects.
			width = math.Abs(out - in)
		}
		if !((x-in)*(out-x) > 0) {
			x = mid
		}
		fx := f(x)
		if fx <= 0 {
			in, fin = x, fx
			if side < 0 {
				fout /= 2
			}
			side = -1
		} else {
			out, fout = x, fx
			if side > 0 {
				fin /= 2
			}
			side = 1
		}
	}
	return in
}

// scoreDiff returns the score interval for δa - δb (fractions, within
// [-2, 2]) and the score statistic of δa - δb = 0, at critical value z:
// the d with (est - d)² <= z²·c·V(d), where est is the observed difference
// and c = N/(N - 1), N = na + nb, the small-sample factor of Miettinen and
// Nurminen (1985). Each end is found by [narrow] between est and ±2, where
// V = 0.
func scoreDiff(a, b trinomial, z float64) (lo, hi, stat float64) {
	est := (a.pP - a.pD) - (b.pP - b.pD)
	N := a.n + b.n
	c := N / (N - 1)
	excess := func(d float64) float64 {
		e := est - d
		return e*e - z*z*c*restrictedVariance(a, b, d)
	}
	f0 := excess(est)
	lo, hi = -2, 2
	if est > -2 {
		lo = narrow(excess, est, -2, f0, (est+2)*(est+2))
	}
	if est < 2 {
		hi = narrow(excess, est, 2, f0, (2-est)*(2-est))
	}
	if v := c * restrictedVariance(a, b, 0); v > 0 {
		stat = est / math.Sqrt(v)
	}
	return lo, hi, stat
}
