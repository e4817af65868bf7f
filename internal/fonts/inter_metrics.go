//go:build flowzap_svgonly

package fonts

import _ "embed"

// This build (flowzap_svgonly, the WebAssembly module) leaves Inter's
// font files out (690 kB) and keeps only what layout measures with them:
// which characters Inter draws and their advances, from inter_metrics.bin
// (see InterTable in the full build). Text is measured exactly as in the
// full build; the SVG names the font and the browser draws it.

//go:embed inter_metrics.bin
var interMetrics []byte

// Regular and SemiBold are nil in this build (the full build embeds the
// TTF files): nothing the module answers embeds or draws with them.
var Regular, SemiBold []byte

// InterAdvance returns the advance of r in Inter (SemiBold when bold) at
// 1000 pixels per em in 26.6 fixed point, as the font gives it, and
// whether Inter draws r (the space always counts as drawn).
func InterAdvance(r rune, bold bool) (adv int32, ok bool) {
	return interLookup(interRuns, r, bold)
}

var interRuns = interTableRuns(interMetrics)
