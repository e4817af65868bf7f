// Package fonts embeds the fonts flowzap draws with: Inter Regular and
// SemiBold (SIL Open Font License 1.1, see OFL.txt), taken as TTF from the
// npm package @expo-google-fonts/inter@0.4.2. The same files are measured
// for layout, embedded in PNG and PDF output and served to browsers, so text
// fits the same everywhere. For the characters Inter lacks, PNG, PDF and
// layout use the fallback fonts of [Fallbacks] (see [Lookup] and
// fallback/README.md).
package fonts

import _ "embed"

// Family is the CSS font-family name the SVG output uses.
const Family = "Inter"

// License is the text of the SIL Open Font License that covers the fonts.
//
//go:embed OFL.txt
var License string
