package fonts

import (
	"encoding/binary"
	"sort"
)

// The Inter table (InterTable writes it, the flowzap_svgonly build reads
// it): for Inter Regular then SemiBold, the number of runs (uint32), then
// the runs, each interRunSize bytes, little-endian: the first character
// (uint32), how many consecutive characters share the advance (uint16)
// and the advance at 1000 pixels per em in 26.6 fixed point (int32).
const interRunSize = 10

// interTableRuns splits the table into the runs of each font.
func interTableRuns(b []byte) [2][]byte {
	var out [2][]byte
	for i := range out {
		n := int(binary.LittleEndian.Uint32(b))
		out[i] = b[4 : 4+n*interRunSize]
		b = b[4+n*interRunSize:]
	}
	return out
}

// interLookup finds r in the runs of a font: its advance and whether the
// font draws it.
func interLookup(fonts [2][]byte, r rune, bold bool) (int32, bool) {
	runs := fonts[0]
	if bold {
		runs = fonts[1]
	}
	n := len(runs) / interRunSize
	i := sort.Search(n, func(i int) bool { return rune(binary.LittleEndian.Uint32(runs[i*interRunSize:])) > r }) - 1
	if i < 0 {
		return 0, false
	}
	run := runs[i*interRunSize:]
	if start, count := rune(binary.LittleEndian.Uint32(run)), rune(binary.LittleEndian.Uint16(run[4:])); r >= start+count {
		return 0, false
	}
	return int32(binary.LittleEndian.Uint32(run[6:])), true
}
