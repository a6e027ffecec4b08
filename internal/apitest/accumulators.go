package apitest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Accumulators returns the accumulators declared in the module whose
// root folder is root, as "pkg.Type" (the package's name, as
// reflect.Type.String prints it), sorted. An accumulator is an exported
// type of a package that declares for it the methods Add, Merge and
// MarshalBinary: what every servq accumulator has, and what a combiner
// (servq/beam) needs. Test files, and the folders internal, examples,
// testdata and beam (another module) are not read, nor hidden folders.
//
// The two tests that list the accumulators (the module's contract test
// and beam's registry test) compare their lists with this one, so that an
// accumulator added later fails them until it is listed.
func Accumulators(root string) ([]string, error) {
	methods := map[string]map[string]bool{} // "pkg.Type" -> methods
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "internal" || name == "examples" || name == "testdata" || name == "beam") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			recv := recvName(fd.Recv.List[0].Type)
			if !ast.IsExported(recv) {
				continue
			}
			key := f.Name.Name + "." + recv
			if methods[key] == nil {
				methods[key] = map[string]bool{}
			}
			methods[key][fd.Name.Name] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var accs []string
	for name, m := range methods {
		if m["Add"] && m["Merge"] && m["MarshalBinary"] {
			accs = append(accs, name)
		}
	}
	slices.Sort(accs)
	return accs, nil
}
