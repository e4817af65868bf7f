//go:build !flowzap_svgonly

package pipeline

import (
	"context"
	"io"

	"flowzap/internal/render/raster"
	"flowzap/internal/scene"
)

// The PNG and PDF writers. The build tag flowzap_svgonly leaves them (and
// their font shaping and rasterising packages) out, for the WebAssembly
// build that only draws SVG; see noraster.go.

func writePNG(ctx context.Context, w io.Writer, sc *scene.Scene, scale float64) error {
	return raster.PNGContext(ctx, w, sc, scale)
}

func writePDF(w io.Writer, sc *scene.Scene) error { return raster.PDF(w, sc) }
