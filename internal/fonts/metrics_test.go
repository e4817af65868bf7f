//go:build !flowzap_svgonly

package fonts

import (
	"bytes"
	"os"
	"testing"
)

// TestMetricsTableCurrent: the committed metrics table, which the
// SVG-only build measures with, is what the fallback fonts give.
func TestMetricsTableCurrent(t *testing.T) {
	got, err := os.ReadFile("fallback_metrics.bin")
	if err != nil {
		t.Fatal(err)
	}
	if want := MetricsTable(); !bytes.Equal(got, want) {
		t.Fatalf("fallback_metrics.bin (%d bytes) is not what the fallback fonts give (%d bytes): run go run ./tools/fontmetrics", len(got), len(want))
	}
}
