package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// Func is one function or method with a body.
type Func struct {
	Name  string // Name or Type.Name
	Pos   string // file:line
	Lines int    // from the func keyword to the closing brace
}

// Stats measures the Go code of a module: its size, its functions sorted
// longest first, and the exported names that lack a doc comment (methods
// of unexported types and struct fields do not count). Test files are not
// measured.
type Stats struct {
	Files, Lines int
	Funcs        []Func
	Undocumented []string // file:line:col: name
}

// Over returns how many functions are longer than n lines.
func (s *Stats) Over(n int) int {
	k := 0
	for _, f := range s.Funcs {
		if f.Lines > n {
			k++
		}
	}
	return k
}

// Measure walks the module rooted at root, skipping testdata, node_modules
// and hidden directories.
func Measure(root string) (*Stats, error) {
	fset := token.NewFileSet()
	st := &Stats{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && skipDir(n) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		st.Files++
		st.Lines += fset.File(f.Pos()).LineCount()
		st.file(fset, f, filepath.ToSlash(rel))
		return nil
	})
	sort.SliceStable(st.Funcs, func(i, j int) bool { return st.Funcs[i].Lines > st.Funcs[j].Lines })
	return st, err
}

func skipDir(name string) bool {
	return name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

func (st *Stats) file(fset *token.FileSet, f *ast.File, rel string) {
	at := func(p token.Pos) string {
		pos := fset.Position(p)
		return fmt.Sprintf("%s:%d:%d", rel, pos.Line, pos.Column)
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			name := funcName(d)
			if d.Body != nil {
				start, end := fset.Position(d.Pos()), fset.Position(d.End())
				st.Funcs = append(st.Funcs, Func{Name: name, Pos: fmt.Sprintf("%s:%d", rel, start.Line), Lines: end.Line - start.Line + 1})
			}
			recv, _, isMethod := strings.Cut(name, ".")
			if d.Name.IsExported() && d.Doc == nil && (!isMethod || ast.IsExported(recv)) {
				st.Undocumented = append(st.Undocumented, at(d.Pos())+": func "+name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				for _, id := range specNames(spec) {
					if id.IsExported() && d.Doc == nil && specDoc(spec) == nil {
						st.Undocumented = append(st.Undocumented, at(id.Pos())+": "+id.Name)
					}
				}
			}
		}
	}
}

func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

func specNames(s ast.Spec) []*ast.Ident {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []*ast.Ident{s.Name}
	case *ast.ValueSpec:
		return s.Names
	}
	return nil
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		if s.Doc != nil {
			return s.Doc
		}
		return s.Comment
	}
	return nil
}
