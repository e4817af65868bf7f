//go:build unix

package arch

import (
	"testing"

	"flowzap/internal/layout/layouttest"
)

// BenchmarkCPU reports the CPU time per layout (cpu-ms/op) of the seeds and
// of 1,000 and 10,000 generated nodes; see layouttest.BenchCPU.
func BenchmarkCPU(b *testing.B) { freeSidesOn(b); layouttest.BenchCPU(b, Layout) }
