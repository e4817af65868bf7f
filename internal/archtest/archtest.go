// Package archtest checks the structure of this module: its packages
// import each other only along the allowed directions, and every exported
// name has a doc comment (docs/architecture.md). [Measure] also gives the
// function-length numbers recorded there. It is imported only by tests and
// by tools/codestats.
package archtest

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// Imports returns, for every package directory of the module rooted at
// root (internal/..., cmd/..., tools/..., bench/..., gallery, web, ...), the
// module-internal packages its non-test files import. Paths are relative to
// the module (for example "internal/syntax"). Directories named testdata or
// node_modules and hidden ones hold no packages of ours and are skipped. A
// directory with Go files that cannot be loaded (a syntax error in the
// package clause, two package names) is an error, not a silent gap.
func Imports(root, module string) (map[string][]string, error) {
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if !hasGo(path) {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		pkg, err := build.ImportDir(path, 0)
		var noGo *build.NoGoError
		switch {
		case errors.As(err, &noGo):
			return nil // only files for other platforms or build tags
		case err != nil:
			return fmt.Errorf("cannot load package %s: %w", rel, err)
		}
		deps := []string{}
		for _, imp := range pkg.Imports {
			if strings.HasPrefix(imp, module+"/") {
				deps = append(deps, strings.TrimPrefix(imp, module+"/"))
			}
		}
		sort.Strings(deps)
		out[rel] = deps
		return nil
	})
	return out, err
}

// hasGo reports whether dir holds a .go file.
func hasGo(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}
