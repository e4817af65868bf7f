package importer

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// GoCalls converts the call flow of one Go function into a diagram. path
// is a .go file or a directory of one package; fn names the function
// ("Handle") or method ("Server.Handle"). Calls are followed into functions
// and methods declared in the same package, up to depth levels; lanes are
// the packages and receiver types involved; edges are calls in source
// order, labelled with the callee.
func GoCalls(path, fn string, depth int) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	var names []string
	if st.IsDir() {
		matches, _ := filepath.Glob(filepath.Join(path, "*.go"))
		sort.Strings(matches)
		for _, m := range matches {
			if !strings.HasSuffix(m, "_test.go") {
				names = append(names, m)
			}
		}
	} else {
		names = []string{path}
	}
	var srcs []GoFile
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return "", err
		}
		srcs = append(srcs, GoFile{Name: n, Src: data})
	}
	if len(srcs) == 0 {
		return "", fmt.Errorf("%s holds no Go files", path)
	}
	return GoCallsFiles(srcs, fn, depth)
}

// GoFile is one Go source file given by content.
type GoFile struct {
	Name string // used in error messages
	Src  []byte
}

// GoCallsFiles is [GoCalls] on files given by content (one package). An
// empty fn picks main, else the first function declared.
func GoCallsFiles(srcs []GoFile, fn string, depth int) (string, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, s := range srcs {
		f, err := parser.ParseFile(fset, s.Name, s.Src, parser.SkipObjectResolution)
		if err != nil {
			return "", err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return "", fmt.Errorf("no Go files given")
	}
	path := srcs[0].Name
	if len(srcs) > 1 {
		path = fmt.Sprintf("package %s", files[0].Name.Name)
	}
	g := &goGraph{funcs: map[string]*ast.FuncDecl{}, b: newBuilder(), depth: depth, pkg: files[0].Name.Name, seen: map[string]bool{},
		fields: map[string]map[string]string{}, imports: map[string]bool{}}
	for _, f := range files {
		for _, imp := range f.Imports {
			name := strings.Trim(imp.Path.Value, `"`)
			name = name[strings.LastIndex(name, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			g.imports[name] = true
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					g.funcs[funcKey(d)] = d
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					ts, ok := sp.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						m := map[string]string{}
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								m[n.Name] = typeName(fl.Type)
							}
						}
						g.fields[ts.Name.Name] = m
					}
				}
			}
		}
	}
	if fn == "" {
		fn = firstFunc(files)
	}
	root := g.funcs[fn]
	if root == nil {
		var names []string
		for k := range g.funcs {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(names) > 12 {
			names = append(names[:12], "...")
		}
		return "", fmt.Errorf("no function %q in %s: expected one of %s", fn, path, strings.Join(names, ", "))
	}
	g.b.comment("Call flow of %s in package %s, following calls %d levels deep.", fn, g.pkg, depth)
	lane, label := g.place(funcKey(root))
	start := g.b.node(g.b.lane(lane), "fn:"+funcKey(root), "circle", label)
	g.walk(root, start, 1)
	if g.calls == 0 {
		return "", fmt.Errorf("%s makes no calls: nothing to draw", fn)
	}
	return g.b.String(), nil
}

type goGraph struct {
	funcs   map[string]*ast.FuncDecl
	fields  map[string]map[string]string // struct type -> field -> type
	imports map[string]bool
	b       *builder
	depth   int
	pkg     string
	seen    map[string]bool
	calls   int
}

// funcKey is "Name" for functions and "Type.Name" for methods.
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return recvType(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

func recvType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvType(t.X)
	case *ast.IndexExpr:
		return recvType(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// place returns the lane and node label of a callee key.
func (g *goGraph) place(key string) (string, string) {
	if typ, name, ok := strings.Cut(key, "."); ok {
		return typ, name + "()"
	}
	return "package " + g.pkg, key + "()"
}

// walk adds an edge for every call in fd's body, in source order, and
// follows calls into local functions.
func (g *goGraph) walk(fd *ast.FuncDecl, from string, level int) {
	key := funcKey(fd)
	if g.seen[key] {
		return
	}
	g.seen[key] = true
	vars := paramTypes(fd)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // closures run later, not in this flow
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		callee, lane, label := g.resolve(call.Fun, vars)
		if callee == "" || g.calls >= MaxRequests {
			return true
		}
		g.calls++
		to := g.b.node(g.b.lane(lane), "fn:"+callee, "rectangle", label)
		g.b.edge(from, to, label)
		if next := g.funcs[callee]; next != nil && level < g.depth {
			g.walk(next, to, level+1)
		}
		return true
	})
}

// typeName returns the named type of a field or parameter type
// ("Store", "http.Request"), pointers removed.
func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return typeName(t.X)
	case *ast.SelectorExpr:
		return exprString(t)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return typeName(t.X)
	}
	return ""
}

// paramTypes maps receiver and parameter names to their named types.
func paramTypes(fd *ast.FuncDecl) map[string]string {
	m := map[string]string{}
	add := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			t := typeName(f.Type)
			for _, n := range f.Names {
				m[n.Name] = t
			}
		}
	}
	add(fd.Recv)
	add(fd.Type.Params)
	return m
}

func exprString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return exprString(t.X) + "." + t.Sel.Name
	}
	return ""
}

var builtins = map[string]bool{"len": true, "cap": true, "make": true, "new": true, "append": true, "copy": true, "delete": true,
	"panic": true, "recover": true, "print": true, "println": true, "min": true, "max": true, "clear": true, "close": true,
	"string": true, "int": true, "int64": true, "float64": true, "byte": true, "rune": true, "error": true, "bool": true}

// resolve names the callee of a call: its key (for local functions and
// methods), its lane and its label. Builtins and conversions are skipped.
func (g *goGraph) resolve(fun ast.Expr, vars map[string]string) (key, lane, label string) {
	switch f := fun.(type) {
	case *ast.Ident:
		if builtins[f.Name] {
			return "", "", ""
		}
		return f.Name, "package " + g.pkg, f.Name + "()"
	case *ast.SelectorExpr:
		recv := exprString(f.X)
		if recv == "" {
			return "", "", ""
		}
		parts := strings.Split(recv, ".")
		t, known := vars[parts[0]]
		switch {
		case known:
			// Follow struct fields: s.store is a *Store when Server has it.
			for _, fld := range parts[1:] {
				t = g.fields[t][fld]
			}
		case len(parts) == 1 && g.imports[parts[0]]:
			return recv + "." + f.Sel.Name, "package " + recv, f.Sel.Name + "()"
		}
		if t == "" {
			return "", "", "" // a local variable of unknown type: no honest lane
		}
		return t + "." + f.Sel.Name, t, f.Sel.Name + "()"
	}
	return "", "", ""
}

// firstFunc returns "main" when declared, else the first function with a
// body, else "".
func firstFunc(files []*ast.File) string {
	first := ""
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fd.Recv == nil && fd.Name.Name == "main" {
					return "main"
				}
				if first == "" {
					first = funcKey(fd)
				}
			}
		}
	}
	return first
}
