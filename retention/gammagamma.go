package retention

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"iter"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"

	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/wire"
)

// A GammaGamma is the Gamma-Gamma model of spend per purchase (Fader,
// Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang 1999): a
// customer's purchases are worth Gamma(P, ν) each, and ν varies over
// customers as Gamma(Q, Gamma), so that a customer's mean spend is
// independent of how often they buy and
//
//	E[M] = P·Gamma/(Q-1)                              (Q > 1)
//	E[M | x, m̄] = P(Gamma + x m̄)/(P x + Q - 1)
//
// the second a weighted mean of the population mean and the customer's
// own mean m̄ over x purchases. Amounts are in the unit of the data.
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
	// PCI, QCI and GammaCI are WaldLog intervals of the parameters; SE
	// their standard errors and Corr their correlations, from the
	// observed information.
	PCI     estimate.Interval `json:"p_ci"`
	QCI     estimate.Interval `json:"q_ci"`
	GammaCI estimate.Interval `json:"gamma_ci"`
	SE      [3]float64        `json:"se"`
	Corr    [3][3]float64     `json:"corr"`
	// LogLik is the log-likelihood at the estimates and N the number of
	// customers fitted (all with x >= 1).
	LogLik float64 `json:"log_lik"`
	N      int64   `json:"n"`
}

// FitGammaGamma fits a [GammaGamma] by maximum likelihood to the spends of
// customers with repeat purchases. The log-likelihood of a customer with x
// purchases of mean m̄ is (FHL 2005, "RFM and CLV", eq. 3, the density of
// the mean)
//
//	ln L = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln m̄ + px ln x - (px+q) ln(γ + x m̄)
//
// maximised over the logs of p, q, γ by BFGS (gonum/optimize) on the
// analytic gradient, with a retry from other starts; WaldLog intervals
// at o.Level. No customers returns ErrEmpty, a failed fit ErrFit (all spends
// equal, say), a bad level ErrLevel, another method ErrMethod.
func FitGammaGamma(s *Spends, o estimate.Options) (GammaGamma, error) {
	const fn = "retention.FitGammaGamma"
	level, _, err := o.Resolve(fn, WaldLog)
	if err != nil {
		return GammaGamma{}, err
	}
	if s == nil || s.n == 0 {
		return GammaGamma{}, valueErr(fn, "customers", 0, ErrEmpty)
	}
	d := newGGData(s)
	mean := d.sumM / d.n
	starts := [][]float64{
		{math.Log(2), math.Log(3), math.Log(mean)},
		{0, 0, 0},
		{math.Log(6), math.Log(4), math.Log(mean / 2)},
	}
	var x []float64
	ok := false
	for _, x0 := range starts {
		if x, _, ok = minimizeLL(d.eval, x0); ok {
			break
		}
	}
	if !ok {
		return GammaGamma{}, valueErr(fn, "customers", d.n, wrapf(ErrFit, "the optimiser did not converge from any start"))
	}
	g := GammaGamma{P: math.Exp(x[0]), Q: math.Exp(x[1]), Gamma: math.Exp(x[2]), N: s.n}
	g.LogLik = d.eval(x, nil) * d.n
	cov, ok := covarianceOf(d.eval, x, d.n)
	if !ok {
		return GammaGamma{}, valueErr(fn, "log-likelihood", g.LogLik, wrapf(ErrFit, "the likelihood is flat at the estimates (singular Hessian)"))
	}
	z, _ := estimate.Z(level)
	est := [3]float64{g.P, g.Q, g.Gamma}
	cis := [3]*estimate.Interval{&g.PCI, &g.QCI, &g.GammaCI}
	for i := range 3 {
		sd := math.Sqrt(cov.At(i, i))
		g.SE[i] = est[i] * sd
		*cis[i] = estimate.Interval{Lo: est[i] * math.Exp(-z*sd), Hi: est[i] * math.Exp(z*sd), Level: level, Method: WaldLog}
		for j := range 3 {
			g.Corr[i][j] = cov.At(i, j) / math.Sqrt(cov.At(i, i)*cov.At(j, j))
		}
	}
	if !finite(g.LogLik) || !allFinite(g.SE[:]) {
		return GammaGamma{}, valueErr(fn, "log-likelihood", g.LogLik, wrapf(ErrFit, "estimates run off to 0 or infinity"))
	}
	return g, nil
}

// ggData holds the distinct pairs and the sums of the log-likelihood that
// are free of parameters: Σ w ln m̄, Σ w x ln x and Σ w x ln m̄.
type ggData struct {
	rows                        []ggRow
	n, sumM                     float64
	sumLogM, sumXLogX, sumXLogM float64
}

type ggRow struct{ x, m, w float64 }

func newGGData(s *Spends) *ggData {
	d := &ggData{}
	for _, k := range s.sorted() { // a fixed order, as in newBGData
		c := s.rows[k]
		w, x := float64(c), float64(k.X)
		d.rows = append(d.rows, ggRow{x, k.M, w})
		d.n += w
		d.sumM += w * k.M
		d.sumLogM += w * math.Log(k.M)
		d.sumXLogX += w * x * math.Log(x)
		d.sumXLogM += w * x * math.Log(k.M)
	}
	return d
}

// eval returns the log-likelihood per customer at θ = (ln p, ln q, ln γ)
// and, when g is not nil, its gradient in θ.
func (d *ggData) eval(th, g []float64) float64 {
	p, q, gm := math.Exp(th[0]), math.Exp(th[1]), math.Exp(th[2])
	lq, lgm := lgamma(q), math.Log(gm)
	ll := d.n*(q*lgm-lq) + p*(d.sumXLogX+d.sumXLogM) - d.sumLogM
	var dp, dq, dg float64
	psiQ := 0.0
	if g != nil {
		psiQ = mathext.Digamma(q)
	}
	for _, r := range d.rows {
		px := p * r.x
		l := math.Log(gm + r.x*r.m)
		ll += r.w * (lgamma(px+q) - lgamma(px) - (px+q)*l)
		if g != nil {
			pxq := mathext.Digamma(px + q)
			dp += r.w * r.x * (pxq - mathext.Digamma(px) - l)
			dq += r.w * (pxq - psiQ - l)
			dg -= r.w * (px + q) / (gm + r.x*r.m)
		}
	}
	if g != nil {
		dp += d.sumXLogX + d.sumXLogM
		dq += d.n * lgm
		dg += d.n * q / gm
		g[0], g[1], g[2] = p*dp/d.n, q*dq/d.n, gm*dg/d.n
	}
	return ll / d.n
}

// LogLikelihood returns the log-likelihood of the spends under g (the
// formula of [FitGammaGamma]). Empty spends return ErrEmpty, parameters
// that are not positive and finite ErrFit.
func (g GammaGamma) LogLikelihood(s *Spends) (float64, error) {
	const fn = "retention.GammaGamma.LogLikelihood"
	if err := g.check(fn); err != nil {
		return 0, err
	}
	if s == nil || s.n == 0 {
		return 0, valueErr(fn, "customers", 0, ErrEmpty)
	}
	d := newGGData(s)
	return d.eval([]float64{math.Log(g.P), math.Log(g.Q), math.Log(g.Gamma)}, nil) * d.n, nil
}

func (g GammaGamma) check(fn string) error {
	for i, v := range [3]float64{g.P, g.Q, g.Gamma} {
		if !(v > 0) || math.IsInf(v, 0) {
			return indexErr(fn, "parameter", v, i, wrapf(ErrFit, "p, q, gamma must be positive and finite"))
		}
	}
	return nil
}

// ExpectedSpend returns the expected spend per purchase of a customer with
// x repeat purchases of mean m (the conditional mean of [GammaGamma]); for
// x = 0 (m ignored) the population mean P·Gamma/(Q-1). Q <= 1, where the
// population mean is infinite, returns ErrFit; x not a whole number >= 0
// ErrHistory; m <= 0 for x >= 1 ErrSpend.
func (g GammaGamma) ExpectedSpend(x, m float64) (float64, error) {
	const fn = "retention.GammaGamma.ExpectedSpend"
	if err := g.check(fn); err != nil {
		return 0, err
	}
	if err := checkSpend(fn, x, m, -1, true); err != nil {
		return 0, err
	}
	return g.expectedSpend(x, m)
}

func (g GammaGamma) expectedSpend(x, m float64) (float64, error) {
	if x == 0 {
		if g.Q <= 1 {
			return 0, valueErr("retention.GammaGamma.ExpectedSpend", "q", g.Q, wrapf(ErrFit, "no population mean spend for q <= 1"))
		}
		return g.P * g.Gamma / (g.Q - 1), nil
	}
	return g.P * (g.Gamma + x*m) / (g.P*x + g.Q - 1), nil
}

// checkSpend returns an error unless x is a whole number >= 1 (or 0 when
// zeroOK) and, for x >= 1, m is finite and > 0.
func checkSpend(fn string, x, m float64, i int, zeroOK bool) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return indexErr(fn, "x", x, i, ErrNotFinite)
	}
	if x < 0 || x != math.Trunc(x) || x > maxX {
		return indexErr(fn, "x", x, i, wrapf(ErrHistory, "x must be a whole number 0..1e12"))
	}
	if x == 0 {
		if zeroOK {
			return nil
		}
		return indexErr(fn, "x", x, i, wrapf(ErrSpend, "the Gamma-Gamma model needs x >= 1"))
	}
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return indexErr(fn, "spend", m, i, ErrNotFinite)
	}
	if !(m > 0) {
		return indexErr(fn, "spend", m, i, wrapf(ErrSpend, "mean spend must be > 0"))
	}
	return nil
}

// A Spend is one customer's repeat purchases as the Gamma-Gamma model
// reads them: X purchases (>= 1) of mean value M.
type Spend struct {
	X int64   `json:"x"`
	M float64 `json:"m"`
}

// Spends counts identical (x, mean spend) pairs of customers with repeat
// purchases, the data of a [GammaGamma] fit and of the check that spend
// and frequency are independent ([Spends.Correlation]). Memory is
// O(distinct pairs). The zero value is empty and ready to use; a rejected
// pair leaves it unchanged. Not safe for concurrent use.
type Spends struct {
	rows map[Spend]int64
	n    int64
}

// Add adds a customer with s.X repeat purchases (a whole number >= 1) of
// mean value s.M (> 0). X = 0 returns ErrSpend: customers without repeat
// purchases carry no information on spend; skip them.
func (s *Spends) Add(p Spend) error { return s.addN("retention.Spends.Add", p, 1, -1) }

// AddN adds count customers of the same pair; a negative count returns
// ErrCount, a total above MaxInt64 ErrOverflow.
func (s *Spends) AddN(p Spend, count int64) error {
	return s.addN("retention.Spends.AddN", p, count, -1)
}

// AddAll adds the pairs as [Spends.Add] does, all or none: a bad pair
// returns its error with its index, and then none is added.
func (s *Spends) AddAll(ps []Spend) error {
	const fn = "retention.Spends.AddAll"
	for i, p := range ps {
		if err := checkSpend(fn, float64(p.X), p.M, i, false); err != nil {
			return err
		}
	}
	if s.n > math.MaxInt64-int64(len(ps)) {
		return valueErr(fn, "count", float64(len(ps)), ErrOverflow)
	}
	for _, p := range ps {
		s.put(p, 1)
	}
	return nil
}

func (s *Spends) addN(fn string, p Spend, count int64, i int) error {
	if err := checkSpend(fn, float64(p.X), p.M, i, false); err != nil {
		return err
	}
	if count < 0 {
		return indexErr(fn, "count", float64(count), i, ErrCount)
	}
	if count == 0 {
		return nil
	}
	if s.n > math.MaxInt64-count {
		return indexErr(fn, "count", float64(count), i, ErrOverflow)
	}
	s.put(p, count)
	return nil
}

// put adds count customers of the valid pair p.
func (s *Spends) put(p Spend, count int64) {
	if s.rows == nil {
		s.rows = make(map[Spend]int64)
	}
	s.rows[p] += count
	s.n += count
}

// Merge adds the pairs of o to s; o is unchanged, nil is empty. A total
// above MaxInt64 returns ErrOverflow and leaves s unchanged.
func (s *Spends) Merge(o *Spends) error {
	if o == nil || o.n == 0 {
		return nil
	}
	if s.n > math.MaxInt64-o.n {
		return valueErr("retention.Spends.Merge", "customers", float64(o.n), ErrOverflow)
	}
	if s.rows == nil {
		s.rows = make(map[Spend]int64, len(o.rows))
	}
	for k, c := range o.rows {
		s.rows[k] += c
	}
	s.n += o.n
	return nil
}

// N returns the number of customers.
func (s *Spends) N() int64 { return s.n }

// Count returns the number of customers with pair p.
func (s *Spends) Count(p Spend) int64 { return s.rows[p] }

// All returns the distinct pairs and their counts ordered by x, then m.
func (s *Spends) All() iter.Seq2[Spend, int64] {
	return func(yield func(Spend, int64) bool) {
		for _, k := range s.sorted() {
			if !yield(k, s.rows[k]) {
				return
			}
		}
	}
}

// Result fits the Gamma-Gamma model: it is [FitGammaGamma](s, o).
func (s *Spends) Result(o estimate.Options) (GammaGamma, error) {
	g, err := FitGammaGamma(s, o)
	return g, renameErr(err, "retention.Spends.Result")
}

// A Correlation is Pearson's correlation R of two variables over N
// observations, with a Fisher-z interval (method "fisher-z").
type Correlation struct {
	R  float64           `json:"r"`
	CI estimate.Interval `json:"ci"`
	N  int64             `json:"n"`
}

// FisherZ names the interval tanh(atanh(R) ± z/√(N-3)) of a correlation.
const FisherZ estimate.Method = "fisher-z"

// Correlation returns the correlation between the number of purchases x
// and the mean spend m̄ over the customers, the check of the Gamma-Gamma
// assumption that spend and frequency are independent (FHL 2005 report
// 0.11 for CDNOW): an interval far from 0 says the model does not hold.
// Fewer than 4 customers return ErrEmpty, no spread in x or m̄ ErrFit.
func (s *Spends) Correlation(o estimate.Options) (Correlation, error) {
	const fn = "retention.Spends.Correlation"
	level, _, err := o.Resolve(fn, FisherZ)
	if err != nil {
		return Correlation{}, err
	}
	if s.n < 4 {
		return Correlation{}, valueErr(fn, "customers", float64(s.n), wrapf(ErrEmpty, "need at least 4"))
	}
	var n, mx, mm float64
	for k, c := range s.rows {
		n += float64(c)
		mx += float64(c) * float64(k.X)
		mm += float64(c) * k.M
	}
	mx, mm = mx/n, mm/n
	var sxx, smm, sxm float64
	for k, c := range s.rows {
		dx, dm := float64(k.X)-mx, k.M-mm
		sxx += float64(c) * dx * dx
		smm += float64(c) * dm * dm
		sxm += float64(c) * dx * dm
	}
	if !(sxx > 0 && smm > 0) || !finite(sxx*smm) {
		return Correlation{}, valueErr(fn, "customers", n, wrapf(ErrFit, "x or spend does not vary"))
	}
	r := math.Max(-1, math.Min(1, sxm/math.Sqrt(sxx)/math.Sqrt(smm)))
	z, _ := estimate.Z(level)
	zr, se := math.Atanh(math.Max(-1+1e-15, math.Min(1-1e-15, r))), 1/math.Sqrt(n-3)
	return Correlation{R: r, N: s.n, CI: estimate.Interval{Lo: math.Tanh(zr - z*se), Hi: math.Tanh(zr + z*se), Level: level, Method: FisherZ}}, nil
}

func spendCmp(a, b Spend) int {
	if c := cmp.Compare(a.X, b.X); c != 0 {
		return c
	}
	return cmp.Compare(a.M, b.M)
}

func (s *Spends) sorted() []Spend {
	ks := make([]Spend, 0, len(s.rows))
	for k := range s.rows {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, spendCmp)
	return ks
}

// MarshalJSON encodes s as {"rows":[[x,m,count],...]} in the order of
// [Spends.All].
func (s Spends) MarshalJSON() ([]byte, error) {
	rows := make([][3]float64, 0, len(s.rows))
	for _, k := range s.sorted() {
		rows = append(rows, [3]float64{float64(k.X), k.M, float64(s.rows[k])})
	}
	return json.Marshal(map[string]any{"rows": rows})
}

// UnmarshalJSON decodes what [Spends.MarshalJSON] encodes, strictly; bad
// pairs, counts, order or keys return ErrCorrupt and leave s unchanged.
// JSON null does nothing.
func (s *Spends) UnmarshalJSON(b []byte) error {
	const fn = "retention.Spends.UnmarshalJSON"
	if isNull(b) {
		return nil
	}
	var rows [][3]float64
	if err := decodeStrict(fn, b, jsonField{"rows", &rows}); err != nil {
		return err
	}
	ks, cs := make([]Spend, len(rows)), make([]int64, len(rows))
	for i, r := range rows {
		if err := checkSpend(fn, r[0], r[1], i, false); err != nil {
			return corruptErr(fn, "row", float64(i), "%v", err)
		}
		if !(r[2] >= 1 && r[2] <= 1<<62 && r[2] == math.Trunc(r[2])) {
			return corruptErr(fn, "count", r[2], "row %d: want a whole number >= 1", i)
		}
		ks[i], cs[i] = Spend{int64(r[0]), r[1]}, int64(r[2])
	}
	return s.set(fn, ks, cs)
}

func (s *Spends) set(fn string, ks []Spend, cs []int64) error {
	var n int64
	for i := range ks {
		if i > 0 && spendCmp(ks[i-1], ks[i]) >= 0 {
			return corruptErr(fn, "row", float64(i), "rows out of order or repeated")
		}
		if n > math.MaxInt64-cs[i] {
			return corruptErr(fn, "count", float64(cs[i]), "total above MaxInt64")
		}
		n += cs[i]
	}
	rows := make(map[Spend]int64, len(ks))
	for i, k := range ks {
		rows[k] = cs[i]
	}
	s.rows, s.n = rows, n
	return nil
}

// MarshalBinary encodes s as a version byte (1), the number of rows, then
// per row x and the count as unsigned varints around m as float64 bits.
func (s Spends) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of [Spends.MarshalBinary] to b.
func (s Spends) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(append(b, binaryVersion), uint64(len(s.rows)))
	for _, k := range s.sorted() {
		b = binary.AppendUvarint(b, uint64(k.X))
		b = wire.AppendFloat64(b, k.M)
		b = binary.AppendUvarint(b, uint64(s.rows[k]))
	}
	return b, nil
}

// UnmarshalBinary decodes what [Spends.MarshalBinary] encodes; anything
// else returns ErrCorrupt and leaves s unchanged.
func (s *Spends) UnmarshalBinary(b []byte) error {
	const fn = "retention.Spends.UnmarshalBinary"
	var rd wire.Reader
	rd.Reset(fn, b)
	rd.Version(binaryVersion)
	n := rd.Count()
	if n > int64(len(b))/10 {
		rd.Fail("more rows than bytes")
	}
	var ks []Spend
	var cs []int64
	for i := int64(0); i < n && rd.Err() == nil; i++ {
		x, m, c := rd.Count(), readFinite(&rd, "m"), rd.Count()
		if rd.Err() != nil {
			break
		}
		if c == 0 {
			rd.Fail("zero count")
			break
		}
		if err := checkSpend(fn, float64(x), m, int(i), false); err != nil {
			rd.Fail(err.Error())
			break
		}
		ks, cs = append(ks, Spend{x, m}), append(cs, c)
	}
	if err := rd.End(); err != nil {
		return err
	}
	return s.set(fn, ks, cs)
}
