// Package apitest proves, in a package's own tests, that a test called
// every exported function and method of the package.
//
// A test records each call by passing the function value through a
// [Recorder]: rec.Call(tl.Add)(5) records "Tally.Add" and calls it, so the
// record and the call are one expression and cannot drift apart. [Recorder.Check]
// then lists the exported functions and methods declared in the package's
// non-test files with go/parser and fails the test for each one never
// recorded, and for each recorded name the package does not declare.
package apitest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Exported returns the exported functions ("Func") and the exported
// methods of exported types ("Type.Method") declared in the non-test Go
// files of the directory dir, sorted.
func Exported(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				names = append(names, fd.Name.Name)
				continue
			}
			if recv := recvName(fd.Recv.List[0].Type); ast.IsExported(recv) {
				names = append(names, recv+"."+fd.Name.Name)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

// recvName returns the type name of a receiver: T, *T, T[P], *T[P, Q].
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// A Recorder records the functions a test calls through it. The zero
// value is ready to use and safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	seen map[string]bool
}

// Name returns the name Exported gives the function or method value f:
// "Func" for pkg.Func or pkg.Func[T], "Type.Method" for a method value
// v.Method or a method expression (*Type).Method. It panics if f is not a
// func.
func Name(f any) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func {
		panic("apitest: not a func")
	}
	full := runtime.FuncForPC(v.Pointer()).Name()
	full = strings.TrimSuffix(full, "-fm") // a method value's wrapper
	// Cut the import path: it ends at the last slash outside brackets.
	depth, cut := 0, 0
	for i, r := range full {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case '/':
			if depth == 0 {
				cut = i + 1
			}
		}
	}
	full = full[cut:]
	_, full, _ = strings.Cut(full, ".") // the package name
	var b strings.Builder
	depth = 0
	for _, r := range full { // drop type arguments and the pointer of (*T)
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0 && r != '(' && r != ')' && r != '*':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Call records f and returns it, for the caller to call.
func Call[F any](r *Recorder, f F) F {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[Name(f)] = true
	return f
}

// Check fails t for each exported function or method of the package in
// dir (see Exported) that was never recorded, and for each recorded name
// the package does not declare.
func (r *Recorder) Check(t testing.TB, dir string) {
	t.Helper()
	names, err := Exported(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var missing []string
	for _, n := range names {
		if !r.seen[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d exported functions and methods not called by the hostile test: %s",
			len(missing), len(names), strings.Join(missing, ", "))
	}
	for n := range r.seen {
		if !slices.Contains(names, n) {
			t.Errorf("recorded %q, which the package does not declare", n)
		}
	}
}

// AllocBytes returns the bytes f allocates on its second run (the first
// leaves out one-time initialisation), for tests that a decoder rejects
// a hostile length without allocating for it.
func AllocBytes(f func()) uint64 {
	f()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	f()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}
