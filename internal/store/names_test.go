package store

import (
	"strings"
	"testing"
)

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{"  Order flow ": "Order flow", "订单": "订单", "": "", strings.Repeat("é", 200): strings.Repeat("é", 200)} {
		if got, err := CleanName(in); err != nil || got != want {
			t.Errorf("CleanName(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{strings.Repeat("x", 201), "a\x00b", "tab\there", "\xff"} {
		if _, err := CleanName(bad); err == nil {
			t.Errorf("CleanName(%q) accepted", bad)
		}
	}
}

// Invisible format characters (bidi overrides, zero-width characters)
// are refused with their place, as control characters are; the joiner of
// an emoji sequence is kept.
func TestCleanNameFormatCharacters(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc\u202Etxt.exe", "the name contains the invisible format character U+202E at character 4"},
		{"a\u200Bb", "U+200B at character 2"},
		{"\u2066x\u2069", "U+2066 at character 1"},
		{"a\u200Fb", "U+200F at character 2"},
		{"ab\x01", "the name contains the control character U+0001 at character 3"},
	} {
		if _, err := CleanName(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CleanName(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	for _, ok := range []string{"Team 👩\u200d💻 flow", "订单流程 Order flow", ""} {
		if got, err := CleanName(ok); err != nil || got != strings.TrimSpace(ok) {
			t.Errorf("CleanName(%q) = %q, %v", ok, got, err)
		}
	}
}
