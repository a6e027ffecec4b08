package retention

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"github.com/servq/servq/estimate"
)

// A BGNBD is a beta-geometric/negative-binomial model of repeat purchases
// (Fader, Hardie and Lee 2005, "Counting your customers the easy way"):
// while alive a customer buys as a Poisson process of rate λ, after each
// purchase becomes inactive with probability p, and over customers
//
//	λ ~ Gamma(shape R, rate Alpha)     p ~ Beta(A, B)
//
// Times are in the unit of the histories it was fitted to (weeks for the
// CDNOW data). [FitBGNBD] estimates it; its methods predict from it. A
// BGNBD built by hand needs only R, Alpha, A and B, all > 0.
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
	// RCI, AlphaCI, ACI and BCI are WaldLog intervals of the parameters.
	RCI     estimate.Interval `json:"r_ci"`
	AlphaCI estimate.Interval `json:"alpha_ci"`
	ACI     estimate.Interval `json:"a_ci"`
	BCI     estimate.Interval `json:"b_ci"`
	// SE holds the standard errors of R, Alpha, A and B (delta method from
	// the log scale), Corr their correlation matrix, both from the
	// observed information (the Hessian of -LL at the estimates).
	SE   [4]float64    `json:"se"`
	Corr [4][4]float64 `json:"corr"`
	// LogLik is the log-likelihood at the estimates, N the number of
	// customers, Rows the distinct (x, t_x, T) histories fitted.
	LogLik float64 `json:"log_lik"`
	N      int64   `json:"n"`
	Rows   int     `json:"rows"`
}

// FitBGNBD fits a [BGNBD] by maximum likelihood to the histories. The
// log-likelihood of one customer (FHL 2005, eq. 6) is
//
//	ln L = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
//	     + ln( (α+T)^-(r+x) + [x>0] a/(b+x-1) (α+t_x)^-(r+x) )
//
// the last term by log-sum-exp, summed over distinct histories times their
// counts. It is maximised over the logs of r, α, a, b by BFGS
// (gonum/optimize) on the analytic gradient, from a start at moments of
// the data and, when that fails, from two others; SEs come from the
// Hessian. No histories returns ErrEmpty, no repeat purchase, a failed optimisation or a parameter the data do not identify
// (SE of its log above 5) ErrFit, a bad level ErrLevel, a method
// other than WaldLog ErrMethod.
func FitBGNBD(h *Histories, o estimate.Options) (BGNBD, error) {
	const fn = "retention.FitBGNBD"
	level, _, err := o.Resolve(fn, WaldLog)
	if err != nil {
		return BGNBD{}, err
	}
	if h == nil || h.n == 0 {
		return BGNBD{}, valueErr(fn, "customers", 0, ErrEmpty)
	}
	d := newBGData(h)
	if d.sumX == 0 {
		return BGNBD{}, valueErr(fn, "repeat purchases", 0, wrapf(ErrFit, "nobody bought again"))
	}
	x, ok := d.maximize()
	if !ok {
		return BGNBD{}, valueErr(fn, "customers", d.n, wrapf(ErrFit, "the optimiser did not converge from any start"))
	}
	m := BGNBD{R: math.Exp(x[0]), Alpha: math.Exp(x[1]), A: math.Exp(x[2]), B: math.Exp(x[3]),
		N: h.n, Rows: len(d.rows)}
	m.LogLik = -d.objective(x) * d.n
	cov, ok := d.covariance(x)
	if !ok {
		return BGNBD{}, valueErr(fn, "log-likelihood", m.LogLik, wrapf(ErrFit, "the likelihood is flat at the estimates (singular Hessian)"))
	}
	z, _ := estimate.Z(level)
	est := [4]float64{m.R, m.Alpha, m.A, m.B}
	cis := [4]*estimate.Interval{&m.RCI, &m.AlphaCI, &m.ACI, &m.BCI}
	for i := range 4 {
		s := math.Sqrt(cov.At(i, i))
		m.SE[i] = est[i] * s
		*cis[i] = estimate.Interval{Lo: est[i] * math.Exp(-z*s), Hi: est[i] * math.Exp(z*s), Level: level, Method: WaldLog}
		for j := range 4 {
			m.Corr[i][j] = cov.At(i, j) / math.Sqrt(cov.At(i, i)*cov.At(j, j))
		}
	}
	if !finite(m.LogLik) || !allFinite(m.SE[:]) {
		return BGNBD{}, valueErr(fn, "log-likelihood", m.LogLik, wrapf(ErrFit, "estimates run off to 0 or infinity"))
	}
	for i, name := range [4]string{"r", "alpha", "a", "b"} {
		if s := m.SE[i] / est[i]; s > maxLogSE {
			return BGNBD{}, valueErr(fn, "SE of log "+name, s, wrapf(ErrFit, "the data do not identify %s (its interval spans a factor above 1e8)", name))
		}
	}
	return m, nil
}

// maxLogSE is the largest standard error of a log parameter a fit
// accepts: above it the 95 % interval spans a factor e^(2·1.96·5) ≈ 3e8,
// which says the data do not identify the parameter (a and b of a base
// where nobody seems to drop out, say).
const maxLogSE = 5

func allFinite(v []float64) bool {
	for _, x := range v {
		if !finite(x) {
			return false
		}
	}
	return true
}

// bgData holds the histories as arrays for the likelihood: the terms that
// depend only on x are summed once per distinct x.
type bgData struct {
	xs   []float64 // distinct x
	wx   []float64 // customers with that x
	rows []bgRow
	n    float64
	sumX float64
	sumT float64
}

type bgRow struct {
	x, tx, t, w float64
	xi          int // index into xs
}

func newBGData(h *Histories) *bgData {
	d := &bgData{}
	idx := map[int64]int{}
	// Rows in a fixed order, so that a fit does not depend on the order of
	// a map: sums in another order differ in the last bits, which a flat
	// likelihood can amplify.
	for _, k := range h.sorted() {
		c := h.rows[k]
		i, ok := idx[k.X]
		if !ok {
			i = len(d.xs)
			idx[k.X] = i
			d.xs = append(d.xs, float64(k.X))
			d.wx = append(d.wx, 0)
		}
		w := float64(c)
		d.wx[i] += w
		d.rows = append(d.rows, bgRow{x: float64(k.X), tx: k.Tx, t: k.T, w: w, xi: i})
		d.n += w
		d.sumX += w * float64(k.X)
		d.sumT += w * k.T
	}
	return d
}

// eval returns the log-likelihood per customer at θ = (ln r, ln α, ln a,
// ln b) and, when g is not nil, its gradient with respect to θ.
func (d *bgData) eval(th []float64, g []float64) float64 {
	r, al, a, b := math.Exp(th[0]), math.Exp(th[1]), math.Exp(th[2]), math.Exp(th[3])
	lr, lab, lb := lgamma(r), lgamma(a+b), lgamma(b)
	var dr, dal, da, db float64
	var psiR, psiAB, psiB float64
	if g != nil {
		psiR, psiAB, psiB = mathext.Digamma(r), mathext.Digamma(a+b), mathext.Digamma(b)
	}
	ll := d.n * r * math.Log(al)
	// Per distinct x: the gamma and beta function terms, and ln(b+x-1).
	lbx := make([]float64, len(d.xs))
	for i, x := range d.xs {
		w := d.wx[i]
		ll += w * (lgamma(r+x) - lr + lab + lgamma(b+x) - lb - lgamma(a+b+x))
		if x > 0 {
			lbx[i] = math.Log(b + x - 1)
		}
		if g != nil {
			pabx := mathext.Digamma(a + b + x)
			dr += w * (mathext.Digamma(r+x) - psiR)
			da += w * (psiAB - pabx)
			db += w * (psiAB + mathext.Digamma(b+x) - psiB - pabx)
		}
	}
	la := math.Log(a)
	for _, row := range d.rows {
		rx := r + row.x
		lT := math.Log(al + row.t)
		u := -rx * lT
		if row.x == 0 {
			ll += row.w * u
			if g != nil {
				dr -= row.w * lT
				dal -= row.w * rx / (al + row.t)
			}
			continue
		}
		lt := math.Log(al + row.tx)
		v := la - lbx[row.xi] - rx*lt
		// log-sum-exp of u and v, and the share pv of the second term.
		var lse, pv float64
		if u >= v {
			e := math.Exp(v - u)
			lse, pv = u+math.Log1p(e), e/(1+e)
		} else {
			e := math.Exp(u - v)
			lse, pv = v+math.Log1p(e), 1/(1+e)
		}
		ll += row.w * lse
		if g != nil {
			pu := 1 - pv
			dr -= row.w * (pu*lT + pv*lt)
			dal -= row.w * rx * (pu/(al+row.t) + pv/(al+row.tx))
			da += row.w * pv / a
			db -= row.w * pv / (b + row.x - 1)
		}
	}
	if g != nil {
		dr += d.n * math.Log(al)
		dal += d.n * r / al
		g[0], g[1], g[2], g[3] = r*dr/d.n, al*dal/d.n, a*da/d.n, b*db/d.n
	}
	return ll / d.n
}

// objective is -LL per customer, +Inf where the likelihood is not finite
// (parameters far out of range), so that line searches step back.
func (d *bgData) objective(th []float64) float64 {
	ll := d.eval(th, nil)
	if !finite(ll) {
		return math.Inf(1)
	}
	return -ll
}

// maximize runs BFGS from a start at moments of the data: a mean rate
// r/α = Σx/ΣT with r = 1, and a = 1, b = 3 (one customer in four drops
// out after a purchase); then, if that fails, from all parameters 1 and
// from a low-rate, high-dropout start. It returns the first converged
// optimum and whether there was one.
func (d *bgData) maximize() ([]float64, bool) {
	rate := d.sumX / math.Max(d.sumT, 1e-300)
	starts := [][]float64{
		{0, -math.Log(rate), 0, math.Log(3)},
		{0, 0, 0, 0},
		{math.Log(0.25), math.Log(0.25 / rate), math.Log(0.5), math.Log(1.5)},
	}
	for _, x0 := range starts {
		if !finite(x0[1]) {
			continue
		}
		if x, _, ok := d.minimizeFrom(x0); ok {
			return x, true
		}
	}
	return nil, false
}

func (d *bgData) minimizeFrom(x0 []float64) ([]float64, float64, bool) {
	return minimizeLL(d.eval, x0)
}

// covariance returns the covariance of θ = log parameters: the inverse of
// the observed information, n times the Hessian of -LL per customer.
func (d *bgData) covariance(x []float64) (*mat.SymDense, bool) {
	return covarianceOf(d.eval, x, d.n)
}

// check returns ErrFit, wrapped for fn, unless m has positive finite
// parameters.
func (m BGNBD) check(fn string) error {
	for i, v := range [4]float64{m.R, m.Alpha, m.A, m.B} {
		if !(v > 0) || math.IsInf(v, 0) {
			return indexErr(fn, "parameter", v, i, wrapf(ErrFit, "r, alpha, a, b must be positive and finite"))
		}
	}
	return nil
}

// LogLikelihood returns the log-likelihood of the histories under m (the formula
// of [FitBGNBD]), for comparing models or checking a fit. Empty histories
// return ErrEmpty.
func (m BGNBD) LogLikelihood(h *Histories) (float64, error) {
	const fn = "retention.BGNBD.LogLikelihood"
	if err := m.check(fn); err != nil {
		return 0, err
	}
	if h == nil || h.n == 0 {
		return 0, valueErr(fn, "customers", 0, ErrEmpty)
	}
	d := newBGData(h)
	th := []float64{math.Log(m.R), math.Log(m.Alpha), math.Log(m.A), math.Log(m.B)}
	return d.eval(th, nil) * d.n, nil
}

// PAlive returns the probability that a customer with history (x, t_x, T)
// is still active at T (FHL 2005, eq. 11; Fader, Hardie and Lee 2008 note):
//
//	P(alive) = 1 / (1 + [x>0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
//
// By the BG/NBD convention a customer without repeat purchases (x = 0) is
// alive: dropout happens only just after a purchase, so P = 1. A bad
// history returns ErrHistory or ErrNotFinite.
func (m BGNBD) PAlive(x, tx, T float64) (float64, error) {
	const fn = "retention.BGNBD.PAlive"
	if err := m.check(fn); err != nil {
		return 0, err
	}
	if err := checkHistory(fn, x, tx, T, -1); err != nil {
		return 0, err
	}
	return m.pAlive(x, tx, T), nil
}

func (m BGNBD) pAlive(x, tx, T float64) float64 {
	if x == 0 {
		return 1
	}
	l := math.Log(m.A) - math.Log(m.B+x-1) + (m.R+x)*(math.Log(m.Alpha+T)-math.Log(m.Alpha+tx))
	if l > 700 {
		return math.Exp(-l)
	}
	return 1 / (1 + math.Exp(l))
}

// Expected returns E[X(t)], the expected number of purchases of a new
// customer in (0, t] (FHL 2005, eq. 9):
//
//	E[X(t)] = (a+b-1)/(a-1) · [1 - (α/(α+t))^r ₂F₁(r, b; a+b-1; t/(α+t))]
//
// evaluated in the convergent Euler form of [BGNBD.ConditionalExpected].
// A negative or non-finite t returns ErrHorizon or ErrNotFinite.
func (m BGNBD) Expected(t float64) (float64, error) {
	const fn = "retention.BGNBD.Expected"
	if err := m.check(fn); err != nil {
		return 0, err
	}
	if err := checkTime(fn, "t", t); err != nil {
		return 0, err
	}
	return m.expected(t, 0, 0, 0), nil
}

// ConditionalExpected returns E[Y(t) | x, t_x, T], the expected purchases
// in (T, T+t] of a customer with history (x, t_x, T) (FHL 2005, eq. 10):
//
//	E[Y(t)|·] = (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x-1; z)] · P(alive)
//	z = t/(α+T+t)
//
// The ₂F₁ series grows like (1-z)^(a-1-r-x) as z → 1 and overflows
// float64 for frequent buyers (x ≳ 300 at z = 0.96), so Euler's
// transformation ₂F₁(A,B;C;z) = (1-z)^(C-A-B) ₂F₁(C-A,C-B;C;z) turns the
// bracket into 1 - (1-z)^(a-1) ₂F₁(a+b-1-r, a-1; a+b+x-1; z), a series
// whose second parameter is small and that stays near 1 (its power
// series for large c, else gonum's mathext.Hypergeo: see hyp2f1; both
// checked against 256-bit series in the tests). At
// a = 1, and at a + b = 1 for x = 0, the removable singularities are
// bridged by the mean of the values 2e-6 either side.
// Bad input returns ErrHistory, ErrHorizon or ErrNotFinite.
func (m BGNBD) ConditionalExpected(t, x, tx, T float64) (float64, error) {
	const fn = "retention.BGNBD.ConditionalExpected"
	if err := m.check(fn); err != nil {
		return 0, err
	}
	if err := checkTime(fn, "t", t); err != nil {
		return 0, err
	}
	if err := checkHistory(fn, x, tx, T, -1); err != nil {
		return 0, err
	}
	return m.expected(t, x, tx, T), nil
}

// expected is E[Y(t) | x, t_x, T]; with x = t_x = T = 0 it is E[X(t)].
func (m BGNBD) expected(t, x, tx, T float64) float64 {
	if t == 0 {
		return 0
	}
	if math.Abs(m.A-1) < 1e-6 {
		lo, hi := m, m
		lo.A, hi.A = 1-2e-6, 1+2e-6
		return (lo.expected(t, x, tx, T) + hi.expected(t, x, tx, T)) / 2
	}
	if c := m.A + m.B + x - 1; math.Abs(c) < 1e-6 { // only when x = 0
		lo, hi := m, m
		lo.B, hi.B = m.B-c-2e-6, m.B-c+2e-6
		return (lo.expected(t, x, tx, T) + hi.expected(t, x, tx, T)) / 2
	}
	a, b, r := m.A, m.B, m.R
	z := t / (m.Alpha + T + t)
	lz := math.Log1p(-z)
	if z == 1 { // t so large that z rounds to 1
		lz = math.Log(m.Alpha+T) - math.Log(m.Alpha+T+t)
	}
	f := hyp2f1(a+b-1-r, a-1, a+b+x-1, z)
	var bracket float64
	if f > 0 {
		bracket = -math.Expm1((a-1)*lz + math.Log(f)) // accurate for small t
	} else { // a + b + x - 1 near 0 or below: f may be negative
		bracket = 1 - math.Exp((a-1)*lz)*f
	}
	e := (a + b + x - 1) / (a - 1) * bracket
	return math.Max(0, e*m.pAlive(x, tx, T))
}

// PNumber returns P(X(t) = k), the probability that a new customer makes
// exactly k purchases in (0, t] (FHL 2005, eq. 8):
//
//	P(X(t)=k) = B(a,b+k)/B(a,b) · Γ(r+k)/(Γ(r) k!) · (α/(α+t))^r (t/(α+t))^k
//	          + [k>0] B(a+1,b+k-1)/B(a,b) · P(NB(r, α/(α+t)) >= k)
//
// with the negative-binomial tail as the regularised incomplete beta
// I_{t/(α+t)}(k, r), which keeps it accurate where 1 - a partial sum would
// cancel. k must be 0..1e7; else, or a bad t, ErrHistory or ErrHorizon.
func (m BGNBD) PNumber(k int, t float64) (float64, error) {
	const fn = "retention.BGNBD.PNumber"
	if err := m.check(fn); err != nil {
		return 0, err
	}
	if k < 0 || k > 1e7 {
		return 0, indexErr(fn, "k", float64(k), -1, wrapf(ErrHistory, "k must be 0..1e7"))
	}
	if err := checkTime(fn, "t", t); err != nil {
		return 0, err
	}
	if t == 0 {
		if k == 0 {
			return 1, nil
		}
		return 0, nil
	}
	a, b, r, al := m.A, m.B, m.R, m.Alpha
	kf := float64(k)
	lbab := mathext.Lbeta(a, b)
	p := math.Exp(mathext.Lbeta(a, b+kf) - lbab + lgamma(r+kf) - lgamma(r) - lgamma(kf+1) +
		r*(math.Log(al)-math.Log(al+t)) + kf*(math.Log(t)-math.Log(al+t)))
	if k > 0 {
		p += math.Exp(mathext.Lbeta(a+1, b+kf-1)-lbab) * mathext.RegIncBeta(kf, r, t/(al+t))
	}
	return math.Min(1, math.Max(0, p)), nil
}

// checkTime returns an error unless t is finite and >= 0.
func checkTime(fn, name string, t float64) error {
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return valueErr(fn, name, t, ErrNotFinite)
	}
	if t < 0 {
		return valueErr(fn, name, t, wrapf(ErrHorizon, "negative time"))
	}
	return nil
}

// maxX is the largest number of repeat purchases accepted: far above any
// real customer, and exact in float64.
const maxX = 1e12

// checkHistory returns an error unless (x, t_x, T) is a possible history:
// x a whole number 0..1e12, 0 <= t_x <= T finite, t_x = 0 when x = 0.
// i is the index for the error, -1 outside a sequence.
func checkHistory(fn string, x, tx, T float64, i int) error {
	for _, v := range [...]struct {
		name string
		v    float64
	}{{"x", x}, {"t_x", tx}, {"T", T}} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			return indexErr(fn, v.name, v.v, i, ErrNotFinite)
		}
	}
	switch {
	case x < 0 || x != math.Trunc(x) || x > maxX:
		return indexErr(fn, "x", x, i, wrapf(ErrHistory, "x must be a whole number 0..1e12"))
	case T < 0:
		return indexErr(fn, "T", T, i, wrapf(ErrHistory, "negative age"))
	case tx < 0 || tx > T:
		return indexErr(fn, "t_x", tx, i, wrapf(ErrHistory, "recency outside 0..T = %g", T))
	case x == 0 && tx != 0:
		return indexErr(fn, "t_x", tx, i, wrapf(ErrHistory, "recency must be 0 without repeat purchases"))
	}
	return nil
}
