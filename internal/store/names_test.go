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
