// Command fontmetrics writes internal/fonts/fallback_metrics.bin and
// internal/fonts/inter_metrics.bin, the fallback fonts' and Inter's
// coverage and advances that the SVG-only build (the WebAssembly module)
// measures text with instead of the fonts themselves. Run it from the
// repository root after changing the fonts:
//
//	go run ./tools/fontmetrics
package main

import (
	"fmt"
	"os"

	"flowzap/internal/fonts"
)

func main() {
	for out, table := range map[string]func() []byte{
		"internal/fonts/fallback_metrics.bin": fonts.MetricsTable,
		"internal/fonts/inter_metrics.bin":    fonts.InterTable,
	} {
		if err := os.WriteFile(out, table(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "fontmetrics:", err)
			os.Exit(1)
		}
	}
}
