package staffing

import (
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// prec is the precision of the reference evaluations, in bits: 256 bits
// (77 digits) leaves every float64 digit exact after the ~10^4 operations
// of a sum at 10,000 Erlangs, and big.Float's exponent cannot overflow.
const prec = 256

func bf(x float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }

func f64(x *big.Float) float64 { f, _ := x.Float64(); return f }

// refErlangC evaluates Erlang B and C by their textbook definitions,
//
//	B = (A^N/N!) / sum_{k=0..N} A^k/k!
//	C = (A^N/N! * N/(N-A)) / (sum_{k=0..N-1} A^k/k! + A^N/N! * N/(N-A))
//
// in 256-bit floating point: the factorials and powers the package avoids,
// formed exactly enough to be a reference. It returns B and C at each of
// ns, in increasing order, from one pass over k.
func refErlangC(a float64, ns ...int) (bs, cs []float64) {
	A := bf(a)
	term := bf(1) // A^k / k!
	sum := bf(0)  // sum_{k<N}
	k := 0
	for _, n := range ns {
		for ; k < n; k++ {
			sum.Add(sum, term)
			term.Mul(term, A)
			term.Quo(term, bf(float64(k+1)))
		}
		all := new(big.Float).SetPrec(prec).Add(sum, term)
		bs = append(bs, f64(new(big.Float).SetPrec(prec).Quo(term, all)))
		if float64(n) <= a {
			cs = append(cs, 1)
			continue
		}
		tail := new(big.Float).SetPrec(prec).Mul(term, bf(float64(n)))
		tail.Quo(tail, bf(float64(n)-a))
		den := new(big.Float).SetPrec(prec).Add(sum, tail)
		cs = append(cs, f64(new(big.Float).SetPrec(prec).Quo(tail, den)))
	}
	return bs, cs
}

// refA holds a reference evaluation of an Erlang A queue.
type refA struct {
	pw, pab, sl, asa float64 // asa in handling times
}

// refErlangA evaluates Erlang A from its birth-death chain (Palm 1946),
// with mu = 1 and theta = 1/r, in 256-bit floating point:
//
//	p_k     = A^k/k!                          k <= N
//	p_{N+j} = p_N prod_{i=1..j} A/(N + i/r)    j >= 1, summed until negligible
//
// Pw is the mass of the states k >= N; Pab = theta Lq / lambda with Lq the
// mean queue length (Little's law for abandonment, not the package's
// series); the service level adds, per state, the chance that a contact
// finding j ahead is answered within t, x/(x+j+1) I_{1-q}(j+1, x+1), an
// order-statistics identity evaluated with gonum's incomplete beta
// function (the package uses a gamma-series identity instead); the ASA
// adds x/(x+j+1) sum_{k=1..j+1} 1/(x+k) r per state.
func refErlangA(a float64, n int, r, tau float64) refA {
	A := bf(a)
	th := 1 / r
	p := bf(1)
	z := bf(0)
	for k := 0; k < n; k++ {
		z.Add(z, p)
		p.Mul(p, A)
		p.Quo(p, bf(float64(k+1)))
	}
	// p is p_N; the queue states follow.
	x := float64(n) * r
	q := math.Exp(-tau / r)
	var states []*big.Float
	wsum := bf(0)
	lq := bf(0)
	for j := 0; ; j++ {
		if j > 0 {
			p.Mul(p, A)
			p.Quo(p, bf(float64(n)+float64(j)*th))
		}
		states = append(states, new(big.Float).Copy(p))
		wsum.Add(wsum, p)
		lq.Add(lq, new(big.Float).SetPrec(prec).Mul(p, bf(float64(j))))
		if float64(j) > a*r && new(big.Float).Mul(p, bf(1e40)).Cmp(wsum) < 0 {
			break
		}
	}
	z.Add(z, wsum)
	pw := f64(new(big.Float).SetPrec(prec).Quo(wsum, z))
	pab := f64(new(big.Float).SetPrec(prec).Quo(lq, z)) * th / a
	var sl, asa, h float64
	for j, pj := range states {
		w := f64(new(big.Float).SetPrec(prec).Quo(pj, z))
		fj := float64(j)
		h += 1 / (x + fj + 1)
		if x > 0 {
			sl += w * x / (x + fj + 1) * mathext.RegIncBeta(fj+1, x+1, 1-q)
			asa += w * x / (x + fj + 1) * h * r
		}
	}
	served := 1 - pab
	return refA{pw: pw, pab: pab, sl: (1 - pw) + sl, asa: asa / served}
}

// near reports whether got is within abs or rel of want.
func near(got, want, abs, rel float64) bool {
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

func check(t *testing.T, what string, got, want, abs, rel float64) {
	t.Helper()
	if !near(got, want, abs, rel) || math.IsNaN(got) {
		t.Errorf("%s = %.15g, want %.15g (abs %g, rel %g)", what, got, want, abs, rel)
	}
}
