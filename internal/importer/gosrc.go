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
	return GoCallsPath(path, GoOptions{Func: fn, Depth: depth})
}

// GoCallsPath is [GoCalls] with options.
func GoCallsPath(path string, o GoOptions) (string, error) {
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
	return GoCallsOpts(srcs, o)
}

// GoFile is one Go source file given by content.
type GoFile struct {
	Name string // used in error messages
	Src  []byte
}

// GoCallsFiles is [GoCalls] on files given by content (one package). An
// empty fn picks main, else the first function declared.
func GoCallsFiles(srcs []GoFile, fn string, depth int) (string, error) {
	return GoCallsOpts(srcs, GoOptions{Func: fn, Depth: depth})
}

// GoOptions tune [GoCallsOpts].
type GoOptions struct {
	Func  string // the function or Type.Method to follow; empty: main, else the first
	Depth int    // how many calls deep to follow local functions
	// FoldStdlib draws every standard-library package in one lane.
	FoldStdlib bool
}

// GoCallsOpts is [GoCallsFiles] with options.
func GoCallsOpts(srcs []GoFile, o GoOptions) (string, error) {
	fn, depth := o.Func, o.Depth
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
	g := &goGraph{funcs: map[string]*ast.FuncDecl{}, b: newBuilder(), depth: depth, pkg: files[0].Name.Name, active: map[string]bool{},
		fields: map[string]map[string]string{}, imports: map[string]string{}, types: map[string]bool{}, fold: o.FoldStdlib}
	for _, f := range files {
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			name := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			g.imports[name] = path
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
					g.types[ts.Name.Name] = true
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
	if root == nil && !strings.Contains(fn, ".") {
		// A method named as it is written in its declaration
		// ("createNote" for server.createNote), when only one type has it.
		var found []string
		for k := range g.funcs {
			if strings.HasSuffix(k, "."+fn) {
				found = append(found, k)
			}
		}
		if len(found) == 1 {
			fn, root = found[0], g.funcs[found[0]]
		}
	}
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
	g.b.comment("Call flow of %s in package %s, following calls %s deep.", fn, g.pkg, plural(depth, "level", "levels"))
	lane, label := g.place(funcKey(root))
	start := g.b.newNode(g.b.lane(lane), "", "circle", label)
	g.walk(root, start, 1)
	if g.calls == 0 {
		return "", fmt.Errorf("%s makes no calls: nothing to draw", fn)
	}
	return g.b.String(), nil
}

type goGraph struct {
	funcs   map[string]*ast.FuncDecl
	fields  map[string]map[string]string // struct type -> field -> type
	imports map[string]string            // name in the file -> import path
	types   map[string]bool              // types declared in the package
	b       *builder
	depth   int
	pkg     string
	active  map[string]bool // functions being walked (recursion guard)
	calls   int
	fold    bool
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

// walk draws the calls of fd's body in execution order (a call's
// arguments before the call, statements in order) starting from node cur,
// and returns the node the flow ends on. A call into another lane is a
// message answered by a return message, so the sequence view pairs them;
// the calls a local callee makes are drawn between the two, nested under
// their caller. Closures are not followed (they run later, or not at all).
func (g *goGraph) walk(fd *ast.FuncDecl, cur string, level int) string {
	key := funcKey(fd)
	g.active[key] = true
	defer delete(g.active, key)
	vars := paramTypes(fd)
	locals := map[string]bool{}
	var deferred []*ast.CallExpr
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			// Right side first: it runs before the names exist.
			for _, r := range x.Rhs {
				ast.Inspect(r, visit)
			}
			for i, l := range x.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					ast.Inspect(l, visit)
					continue
				}
				if x.Tok == token.DEFINE || x.Tok == token.ASSIGN {
					locals[id.Name] = true
					if i < len(x.Rhs) && len(x.Lhs) == len(x.Rhs) {
						if t := g.exprType(x.Rhs[i], vars); t != "" {
							vars[id.Name] = t
						}
					}
				}
			}
			return false
		case *ast.ValueSpec:
			for _, id := range x.Names {
				locals[id.Name] = true
				if x.Type != nil {
					vars[id.Name] = typeName(x.Type)
				}
			}
			for i, v := range x.Values {
				ast.Inspect(v, visit)
				if x.Type == nil && i < len(x.Names) {
					if t := g.exprType(v, vars); t != "" {
						vars[x.Names[i].Name] = t
					}
				}
			}
			return false
		case *ast.DeferStmt:
			// The arguments are evaluated here, the call runs when the
			// function returns (the last deferred first).
			for _, a := range x.Call.Args {
				ast.Inspect(a, visit)
			}
			deferred = append(deferred, x.Call)
			return false
		case *ast.CallExpr:
			// Arguments run before the call.
			ast.Inspect(x.Fun, func(m ast.Node) bool {
				if m == x.Fun {
					return true
				}
				if c, ok := m.(*ast.CallExpr); ok {
					ast.Inspect(c, visit)
					return false
				}
				return true
			})
			for _, a := range x.Args {
				ast.Inspect(a, visit)
			}
			cur = g.call(x, cur, vars, locals, level)
			return false
		}
		return true
	}
	ast.Inspect(fd.Body, visit)
	for i := len(deferred) - 1; i >= 0; i-- {
		cur = g.call(deferred[i], cur, vars, locals, level)
	}
	return cur
}

// call draws one call from node cur and returns the node the flow
// continues from.
func (g *goGraph) call(x *ast.CallExpr, cur string, vars map[string]string, locals map[string]bool, level int) string {
	if id, ok := x.Fun.(*ast.Ident); ok && locals[id.Name] && vars[id.Name] == "" {
		return cur // a local function value (a closure): not a package function
	}
	callee, lane, label := g.resolve(x.Fun, vars)
	if callee == "" || g.calls >= MaxRequests {
		return cur
	}
	g.calls++
	from := g.b.byID[g.b.nodes[cur]]
	to := g.b.lane(lane)
	shape := "rectangle"
	dst := g.b.newNode(to, "", shape, label)
	g.b.edge(cur, dst, "") // the callee's step says "Save()": the edge need not repeat it
	end := dst
	if next := g.funcs[callee]; next != nil && level < g.depth && !g.active[callee] {
		end = g.walk(next, dst, level+1)
	}
	if to == from {
		return end
	}
	back := g.b.newNode(from, "", "rectangle", "after "+label)
	g.b.edge(end, back, "return")
	return back
}

// exprType returns the named type an expression evaluates to when it is
// plain: T{...}, &T{...}, new(T), a conversion T(x), or a known variable.
func (g *goGraph) exprType(e ast.Expr, vars map[string]string) string {
	switch x := e.(type) {
	case *ast.CompositeLit:
		return typeName(x.Type)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return g.exprType(x.X, vars)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			return typeName(x.Args[0])
		}
		if id, ok := x.Fun.(*ast.Ident); ok && g.types[id.Name] {
			return id.Name
		}
		return g.resultType(x, vars)
	case *ast.Ident:
		return vars[x.Name]
	}
	return ""
}

// resultType returns the named type a call returns, when it is known
// without type-checking: the first result declared by a function or
// method of the package (NewStore returns a *Store), or the type a
// constructor of another package names by Go's convention (http.NewServeMux
// returns an http.ServeMux, json.NewDecoder a json.Decoder).
func (g *goGraph) resultType(x *ast.CallExpr, vars map[string]string) string {
	var fd *ast.FuncDecl
	switch f := x.Fun.(type) {
	case *ast.Ident:
		fd = g.funcs[f.Name]
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok && vars[id.Name] == "" && g.imports[id.Name] != "" {
			if name, ok := strings.CutPrefix(f.Sel.Name, "New"); ok && name != "" && ast.IsExported(name) {
				return id.Name + "." + name
			}
			return ""
		}
		if t := g.recvType(f.X, vars); t != "" {
			fd = g.funcs[t+"."+f.Sel.Name]
		}
	}
	if fd == nil || fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return ""
	}
	t := typeName(fd.Type.Results.List[0].Type)
	if g.types[t] || strings.Contains(t, ".") {
		return t
	}
	return "" // error, a builtin type, a type parameter
}

// recvType returns the named type of a method call's receiver
// expression: a variable, its fields (s.store), or a call's result
// (json.NewDecoder(r.Body) in json.NewDecoder(r.Body).Decode(&v)).
func (g *goGraph) recvType(e ast.Expr, vars map[string]string) string {
	switch x := e.(type) {
	case *ast.CallExpr:
		return g.resultType(x, vars)
	case *ast.ParenExpr:
		return g.recvType(x.X, vars)
	}
	recv := exprString(e)
	if recv == "" {
		return ""
	}
	parts := strings.Split(recv, ".")
	t, known := vars[parts[0]]
	if !known {
		return ""
	}
	for _, fld := range parts[1:] {
		t = g.fields[t][fld]
	}
	return t
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
		if builtins[f.Name] || g.types[f.Name] {
			return "", "", "" // a builtin, or a conversion to a package type
		}
		if g.funcs[f.Name] == nil && vars[f.Name] != "" {
			return "", "", "" // a function-typed variable
		}
		return f.Name, "package " + g.pkg, f.Name + "()"
	case *ast.ParenExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StarExpr:
		return "", "", "" // conversions such as []byte(s) or (*T)(p)
	case *ast.SelectorExpr:
		recv := exprString(f.X)
		if recv == "" {
			// A method of what a call returns: json.NewDecoder(r.Body).Decode.
			if t := g.recvType(f.X, vars); t != "" {
				return g.method(t, f.Sel.Name)
			}
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
		case len(parts) == 1 && g.imports[parts[0]] != "":
			lane := "package " + recv
			if g.fold && isStdlib(g.imports[parts[0]]) {
				lane = "Go standard library"
				return recv + "." + f.Sel.Name, lane, recv + "." + f.Sel.Name + "()"
			}
			return recv + "." + f.Sel.Name, lane, f.Sel.Name + "()"
		}
		if t == "" {
			return "", "", "" // a local variable of unknown type: no honest lane
		}
		return g.method(t, f.Sel.Name)
	}
	return "", "", ""
}

// method names the callee, lane and label of the method name of type t.
func (g *goGraph) method(t, name string) (key, lane, label string) {
	if pkg, _, ok := strings.Cut(t, "."); ok && g.fold && isStdlib(g.imports[pkg]) && g.imports[pkg] != "" {
		return t + "." + name, "Go standard library", t + "." + name + "()"
	}
	return t + "." + name, t, name + "()"
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

// isStdlib reports whether an import path is in the standard library:
// its first element has no dot.
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
