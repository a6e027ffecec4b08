package servqual

import "math"

// comoments holds the count, the means and the co-moment matrix
//
//	C[i][j] = sum over respondents of (x_i - mean_i)(x_j - mean_j)
//
// of k items, updated one respondent at a time by the covariance form of
// Welford's (1962) update and merged by that of Chan, Golub and LeVeque
// (1979), so that the covariance C/(n-1) never suffers the cancellation of
// sum(x_i x_j) - n·mean_i·mean_j. Only the upper triangle (j >= i) is
// kept, row by row, in c.
type comoments struct {
	n    int64
	mean []float64
	c    []float64 // upper triangle, row-major: (i, j >= i)
	d    []float64 // scratch for the deviations; not part of the state
}

func newComoments(k int) comoments {
	return comoments{mean: make([]float64, k), c: make([]float64, k*(k+1)/2), d: make([]float64, k)}
}

// add adds one respondent's answers x (len k):
//
//	n' = n + 1, d = x - mean, mean' = mean + d/n', C' = C + d dᵀ·n/n'
func (m *comoments) add(x []float64) {
	m.n++
	f := float64(m.n-1) / float64(m.n)
	inv := 1 / float64(m.n)
	for i, v := range x {
		m.d[i] = v - m.mean[i]
		m.mean[i] += m.d[i] * inv
	}
	p := 0
	for i, di := range m.d {
		g := di * f
		d := m.d[i:]
		row := m.c[p : p+len(d)]
		for j, dj := range d {
			row[j] += g * dj
		}
		p += len(d)
	}
}

// merge adds the respondents of o (same k):
//
//	δ = mean_o - mean, mean' = mean + δ·n_o/n', C' = C + C_o + δ δᵀ·n·n_o/n'
func (m *comoments) merge(o *comoments) {
	if o.n == 0 {
		return
	}
	if m.n == 0 {
		m.n = o.n
		copy(m.mean, o.mean)
		copy(m.c, o.c)
		return
	}
	na, nb := float64(m.n), float64(o.n)
	n := na + nb
	for i := range m.mean {
		m.d[i] = o.mean[i] - m.mean[i]
	}
	f := na * nb / n
	p := 0
	for i := range m.d {
		for j := i; j < len(m.d); j++ {
			m.c[p] += o.c[p] + m.d[i]*m.d[j]*f
			p++
		}
	}
	for i := range m.mean {
		m.mean[i] += m.d[i] * nb / n
	}
	m.n += o.n
}

// cov returns the k×k sample covariance matrix C/(n-1); n must be >= 2.
func (m *comoments) cov() [][]float64 {
	k := len(m.mean)
	s := make([][]float64, k)
	for i := range s {
		s[i] = make([]float64, k)
	}
	p := 0
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			v := m.c[p] / float64(m.n-1)
			s[i][j], s[j][i] = v, v
			p++
		}
	}
	return s
}

// valid reports whether the state could come from answers: n >= 0,
// finite means and co-moments, diagonal >= 0, no spread for n <= 1, and
// every |C_ij| <= sqrt(C_ii C_jj) up to rounding.
func (m *comoments) valid() bool {
	k := len(m.mean)
	if m.n < 0 || len(m.c) != k*(k+1)/2 {
		return false
	}
	for _, v := range m.mean {
		if math.IsNaN(v) || math.IsInf(v, 0) || (m.n == 0 && v != 0) {
			return false
		}
	}
	diag := make([]float64, k)
	p := 0
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			v := m.c[p]
			if math.IsNaN(v) || math.IsInf(v, 0) || (m.n <= 1 && v != 0) {
				return false
			}
			if j == i {
				if v < 0 {
					return false
				}
				diag[i] = v
			}
			p++
		}
	}
	p = 0
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			if math.Abs(m.c[p]) > math.Sqrt(diag[i]*diag[j])*(1+1e-9)+1e-300 {
				return false
			}
			p++
		}
	}
	return true
}
