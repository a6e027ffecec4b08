package staffing

import (
	"math"
	"time"
)

// ErlangA returns the performance of an Erlang A queue (M/M/N+M): as
// [ErlangC], but callers abandon once their exponentially distributed
// patience, of mean patience, runs out (Palm 1946; Garnett, Mandelbaum and
// Reiman 2002). With mu = 1/AHT, theta = 1/patience, x = N mu/theta,
// y = A mu/theta, q = exp(-theta t) and B = ErlangB(A, N):
//
//	t_j = prod_{i=1..j} y/(x+i),  S = sum_{j>=0} t_j   queue states, relative to state N
//	Pw  = B S / (1 - B + B S)
//	Pab = Pw sum_j t_j (j+1)/(x+j+1) / S
//	SL  = 1 - Pab - Pw x/(x+1) q^(x+1) e^(y(1-q)) M(x+1, yq) / S   M(x, y): S's series
//	ASA = Pw sum_j t_j x/(x+j+1) H_j / (theta S (1 - Pab)),  H_j = sum_{k=1..j+1} 1/(x+k)
//
// S = x e^y y^-x gamma(x, y) (Mandelbaum and Zeltyn 2004); its series is
// summed from its largest term outwards, with no factorials. SL counts
// abandoned contacts as not answered in time; ASA averages over answered
// contacts; WaitIfWaits, QueueLength (A Pab patience/AHT, Little's law)
// and InSystem include the abandoners' waits. Erlang A is always stable;
// with no agents nobody is answered (Abandon 1, ASA [Infinite]).
// Errors are those of ErlangC; a patience <= 0 returns ErrNotPositive,
// above [MaxPatienceRatio] AHTs ErrTooLarge. Derivation: staffing.md.
func ErlangA(q Queue, patience time.Duration, agents int, within time.Duration) (Result, error) {
	const fn = "staffing.ErlangA"
	a, err := q.erlangs(fn)
	if err != nil {
		return Result{}, err
	}
	r, err := patienceRatio(fn, patience, q.AHT)
	if err != nil {
		return Result{}, err
	}
	if err := checkAgents(fn, agents); err != nil {
		return Result{}, err
	}
	if err := checkWithin(fn, within); err != nil {
		return Result{}, err
	}
	return erlangA(a, agents, erlangB(a, agents), r, q.AHT.Seconds(), within), nil
}

// erlangA computes the Erlang A result from the load a, the agents n,
// b = B(n, a), the mean patience r in handling times and aht in seconds.
func erlangA(a float64, n int, b, r, aht float64, within time.Duration) Result {
	res := Result{Model: ModelA, Agents: n, Erlangs: a, Blocking: b, AnswerWithin: within, Stable: true}
	if a == 0 {
		res.ServiceLevel = 1
		res.TimeInSystem = seconds(aht)
		return res
	}
	x, y := float64(n)*r, a*r
	tl := sums(x, y, true)
	// Pw = B S / (1 - B + B S) = 1 / (1 + exp(log((1-B)/B) - log S)).
	var pw float64
	if b > 0 {
		pw = 1 / (1 + math.Exp(math.Log1p(-b)-math.Log(b)-tl.logS))
	}
	pab := math.Min(pw*tl.ab, pw) // rounding could put tl.ab a hair above 1
	served := (1 - pw) + pw*tl.served
	res.Wait = pw
	res.Abandon = pab

	// Answered late, relative to the contacts that wait:
	// x/(x+1) q^(x+1) e^(y(1-q)) M(x+1, yq) / S.
	late := tl.served // t = 0: every answered contact that waited is late
	if within > 0 && x > 0 {
		lq := -within.Seconds() / aht / r // log q
		t2 := sums(x+1, y*math.Exp(lq), false)
		late = math.Exp(math.Log(x/(x+1)) + (x+1)*lq - y*math.Expm1(lq) + t2.logS - tl.logS)
	}
	res.ServiceLevel = clamp01((1 - pw) + pw*(tl.served-late))

	// Times, in handling times until converted.
	if served > 0 {
		res.ASA = seconds(pw * tl.wait * r / served * aht)
	} else {
		res.ASA = Infinite // nobody is answered
	}
	queueTime := pab * r // mean time in queue over all contacts, Little's law
	if pw > 0 {
		res.WaitIfWaits = seconds(queueTime / pw * aht)
	}
	busy := a * served
	if n > 0 {
		res.Occupancy = clamp01(busy / float64(n))
	}
	res.QueueLength = a * queueTime
	res.InSystem = res.QueueLength + busy
	res.TimeInSystem = seconds((queueTime + served) * aht)
	return res
}

func clamp01(p float64) float64 { return math.Min(1, math.Max(0, p)) }

// tail holds the sums of an Erlang A queue over its queue states j >= 0
// (j contacts ahead of an arrival that waits), with terms
// t_j = prod_{i=1..j} y/(x+i).
type tail struct {
	logS   float64 // log S, S = sum_j t_j
	ab     float64 // sum_j t_j (j+1)/(x+j+1) / S: P(abandon | wait)
	served float64 // sum_j t_j x/(x+j+1) / S: P(answered | wait)
	wait   float64 // sum_j t_j x/(x+j+1) H_j / S: theta E[wait; answered | wait]
}

// sums returns the tail sums for x >= 0, y > 0; with full false only logS.
// The terms rise while x + j < y and fall after, so the sum starts at the
// largest term, j0 = floor(y - x), and runs outwards both ways until the
// terms no longer change it. Its cost is about 9 sqrt(y) terms at most, and
// 40 / log(x/y) when y < x.
func sums(x, y float64, full bool) tail {
	j0 := 0
	if y > x+1 {
		j0 = int(math.Floor(y - x))
	}
	const eps = 0x1p-60
	var s, ab, served, wait float64
	h0 := 0.0
	if full {
		h0 = harmonic(x, j0+1)
	}
	t, h := 1.0, h0
	for j := j0; ; j++ {
		fj := float64(j)
		if j > j0 {
			t *= y / (x + fj)
			h += 1 / (x + fj + 1)
		}
		s += t
		if full {
			w := t / (x + fj + 1)
			ab += w * (fj + 1)
			served += w * x
			wait += w * x * h
		}
		if t < eps*s {
			break
		}
	}
	t, h = 1.0, h0
	for j := j0 - 1; j >= 0; j-- {
		fj := float64(j)
		t *= (x + fj + 1) / y
		h -= 1 / (x + fj + 2)
		s += t
		if full {
			w := t / (x + fj + 1)
			ab += w * (fj + 1)
			served += w * x
			wait += w * x * h
		}
		if t < eps*s {
			break
		}
	}
	return tail{logS: logTerm(x, y, j0) + math.Log(s), ab: ab / s, served: served / s, wait: wait / s}
}

// logTerm returns log t_j = sum_{i=1..j} log(y/(x+i)) without summing j
// logarithms: past x + i >= 30 it uses Stirling's series for
// log Gamma(x+j+1) - log Gamma(x+1), arranged so that nothing of the size
// of x log x cancels.
func logTerm(x, y float64, j int) float64 {
	var l float64
	i := 0
	for ; i < j && (x+float64(i) < 30 || j-i <= 64); i++ {
		l += math.Log(y / (x + float64(i+1)))
	}
	if i == j {
		return l
	}
	x += float64(i)
	m := float64(j - i)
	z := x + m
	u := (y - x) / x // y - x >= m > 0
	v := (z - y) / y // in (-1/y, 0]
	// x (u - log1p u) + y (v - (1+v) log1p v) - log1p(m/x)/2 - c(z) + c(x)
	l += -x*log1pmx(u) - y*(log1pmx(v)+v*math.Log1p(v)) - 0.5*math.Log1p(m/x) - stirling(z) + stirling(x)
	return l
}

// log1pmx returns log(1+u) - u, accurately for small u.
func log1pmx(u float64) float64 {
	if math.Abs(u) > 0.1 {
		return math.Log1p(u) - u
	}
	// -u^2/2 + u^3/3 - ..., to u^18: the next term is below 2^-60 of the first.
	var s float64
	p := u
	for k := 2; k <= 18; k++ {
		p *= -u
		s += p / float64(k)
	}
	return s
}

// stirling returns log Gamma(z+1) - (z log z - z + log(2 pi z)/2) for
// z >= 30 by its asymptotic series, whose truncation error there is below
// 1e-17.
func stirling(z float64) float64 {
	z2 := z * z
	return (1.0/12 - (1.0/360-(1.0/1260-1.0/(1680*z2))/z2)/z2) / z
}

// harmonic returns sum_{k=1..m} 1/(x+k), past x + k >= 30 by the
// asymptotic series of the digamma function.
func harmonic(x float64, m int) float64 {
	var s float64
	k := 1
	for ; k <= m && (x+float64(k) < 30 || m-k < 64); k++ {
		s += 1 / (x + float64(k))
	}
	if k > m {
		return s
	}
	// sum_{i=k..m} 1/(x+i) = psi(x+m+1) - psi(x+k)
	return s + psiDiff(x+float64(k), x+float64(m)+1)
}

// psiDiff returns psi(z1) - psi(z0) for 30 <= z0 < z1 from
// psi(z) ~ log z - 1/(2z) - 1/(12z^2) + 1/(120z^4) - 1/(252z^6) + 1/(240z^8).
func psiDiff(z0, z1 float64) float64 {
	f := func(z float64) float64 {
		w := 1 / (z * z)
		return -0.5/z - w*(1.0/12-w*(1.0/120-w*(1.0/252-w/240)))
	}
	return math.Log1p((z1-z0)/z0) + f(z1) - f(z0)
}
