// Package archtest checks that the packages of this module import each
// other only along the allowed directions (docs/architecture.md). It is
// imported only by tests.
package archtest

import (
	"go/build"
	"path/filepath"
	"sort"
	"strings"
)

// Imports returns, for every package directory under root/internal and
// root/cmd, the module-internal packages its non-test files import. Paths
// are relative to the module (for example "internal/syntax").
func Imports(root, module string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, top := range []string{"internal", "cmd"} {
		dirs, err := filepath.Glob(filepath.Join(root, top, "*"))
		if err != nil {
			return nil, err
		}
		sub, _ := filepath.Glob(filepath.Join(root, top, "*", "*"))
		dirs = append(dirs, sub...)
		for _, dir := range dirs {
			pkg, err := build.ImportDir(dir, 0)
			if err != nil {
				continue // not a Go package (testdata, assets)
			}
			rel, _ := filepath.Rel(root, dir)
			rel = filepath.ToSlash(rel)
			var deps []string
			for _, imp := range pkg.Imports {
				if strings.HasPrefix(imp, module+"/") {
					deps = append(deps, strings.TrimPrefix(imp, module+"/"))
				}
			}
			sort.Strings(deps)
			out[rel] = deps
		}
	}
	return out, nil
}
