// Package web holds the built front end of the flowzap web app (the
// editor, live preview, gallery and sharing), embedded in the binary. The
// sources are in web/src; `go run ./tools/bundle` rebuilds web/dist.
package web

import "embed"

// Assets holds dist/: index.html, the JavaScript bundle, the stylesheet
// and the fonts.
//
//go:embed dist
var Assets embed.FS
