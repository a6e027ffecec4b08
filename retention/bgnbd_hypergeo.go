package retention

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// hyp2f1 returns the Gauss hypergeometric function ₂F₁(a, b; c; z) for
// 0 <= z < 1 at the arguments of the BG/NBD's Euler form (a = A+B-1-R,
// b = A-1, c = A+B+x-1 > 0): by its power series when c >= 10 or z <= 0.6,
// else by gonum's mathext.Hypergeo (Cephes).
//
// Why not gonum everywhere: Cephes' hyt2f1 switches to the 1-z
// transformation for z > 0.9 and large c, where its digamma sums can run
// for minutes (c = 1598, z = 0.938 did not return in 30 s; found by the
// rapid property of E[Y(t)]). For large c the power series needs no
// transformation: its terms shrink like ∏ (a+k)(b+k)/((c+k)(k+1))·z, fast
// while k < c and like k^(a+b-c-1) z^k after, so a few hundred terms give
// full precision. For small c and z near 1 the series converges slowly
// (c-a-b may be negative) and Cephes' transformation is the right tool;
// there it is accurate (checked against a 256-bit series in the tests).
func hyp2f1(a, b, c, z float64) float64 {
	if c >= 10 || z <= 0.6 {
		if v, ok := hyp2f1Series(a, b, c, z, 100000); ok {
			return v
		}
	}
	return mathext.Hypergeo(a, b, c, z)
}

// hyp2f1Series sums the power series until a term is below 1e-17 of the
// sum, at most n terms; it reports whether it converged.
func hyp2f1Series(a, b, c, z float64, n int) (float64, bool) {
	sum, term := 1.0, 1.0
	for k := 0; k < n; k++ {
		fk := float64(k)
		term *= (a + fk) * (b + fk) / ((c + fk) * (fk + 1)) * z
		sum += term
		if math.Abs(term) <= 1e-17*math.Abs(sum) {
			return sum, finite(sum)
		}
	}
	return sum, false
}
