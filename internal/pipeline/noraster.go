//go:build flowzap_svgonly

package pipeline

import (
	"context"
	"errors"
	"io"

	"flowzap/internal/scene"
)

// errNoRaster answers PNG and PDF in the SVG-only build (the WebAssembly
// module): the server draws them.
var errNoRaster = errors.New("PNG and PDF are not drawn by this build (flowzap_svgonly): ask the server, or render SVG")

func writePNG(context.Context, io.Writer, *scene.Scene, float64) error { return errNoRaster }

func writePDF(io.Writer, *scene.Scene) error { return errNoRaster }
