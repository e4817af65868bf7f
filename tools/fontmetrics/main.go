// Command fontmetrics writes internal/fonts/fallback_metrics.bin, the
// fallback fonts' coverage and advances that the SVG-only build (the
// WebAssembly module) measures text with instead of the fonts themselves.
// Run it from the repository root after changing the fallback fonts:
//
//	go run ./tools/fontmetrics
package main

import (
	"fmt"
	"os"

	"flowzap/internal/fonts"
)

func main() {
	const out = "internal/fonts/fallback_metrics.bin"
	if err := os.WriteFile(out, fonts.MetricsTable(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fontmetrics:", err)
		os.Exit(1)
	}
}
