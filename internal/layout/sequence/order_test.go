package sequence

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

func readRepo(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(layouttest.Root(), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// messageY returns the arrow height of the first message labelled label.
func messageY(t *testing.T, l *scene.SequenceLayout, label string) float64 {
	t.Helper()
	for _, m := range l.Messages {
		if m.Label != nil && m.Label.Text == label {
			return m.Points[0][1]
		}
	}
	t.Fatalf("no message %q", label)
	return 0
}

func noteY(t *testing.T, l *scene.SequenceLayout, text string) float64 {
	t.Helper()
	for _, n := range l.Notes {
		if n.Text == text {
			return n.Box.Y
		}
	}
	t.Fatalf("no note %q", text)
	return 0
}

// sequenceDiags checks src with the sequence rules in the given order.
func sequenceDiags(src, order string) diag.List {
	f, pd := syntax.Parse(source.NewFile("t.fz", []byte(src)))
	_, cd := compile.File(f, compile.Options{Sequence: true, Order: order})
	return append(pd, cd...)
}

func codes(l diag.List, code diag.Code) []string {
	var out []string
	for _, d := range l {
		if d.Code == code {
			out = append(out, d.Msg)
		}
	}
	return out
}

// TestSeedsFollowTheFlow: the blue-green seed verifies the deployment only
// after deploying and switching; the API gateway answers the client after
// the backend called the Profile API, and its alternative replies are no
// unanswered requests.
func TestSeedsFollowTheFlow(t *testing.T) {
	src := readRepo(t, "examples/seed-blue-green.fz")
	l := Layout(layouttest.Compile(t, "bg", src), layout.DefaultEnv()).Sequence
	verify := noteY(t, l, "Verify deployment success")
	for _, m := range []string{"Deploy", "Deploy to Green", "Deploy to Blue", "Switch", "Success"} {
		if y := messageY(t, l, m); y > verify {
			t.Errorf("blue-green: %q (y=%.0f) comes after \"Verify deployment success\" (y=%.0f)", m, y, verify)
		}
	}
	written := Layout(layouttest.Compile(t, "bg", src), layout.Env{Measure: layout.DefaultEnv().Measure, Theme: layout.DefaultEnv().Theme, Order: model.WrittenOrder}).Sequence
	if messageY(t, written, "Switch") < noteY(t, written, "Verify deployment success") {
		t.Errorf("written order should keep the literal (scrambled) order")
	}

	src = readRepo(t, "gallery/templates/api-gateway.fz")
	l = Layout(layouttest.Compile(t, "gw", src), layout.DefaultEnv()).Sequence
	profile := -1.0
	for _, m := range l.Messages {
		if m.From == "n10" && m.To == "n11" {
			profile = m.Points[0][1]
		}
	}
	if ok := messageY(t, l, "200 OK"); profile < 0 || ok < profile {
		t.Errorf("api-gateway: \"200 OK\" at y=%.0f comes before the call to the Profile API (y=%.0f)", ok, profile)
	}
	ds := sequenceDiags(src, "")
	if u := codes(ds, diag.Unanswered); len(u) != 0 {
		t.Errorf("api-gateway: alternative replies reported as unanswered: %q", u)
	}
	if u := codes(ds, diag.PingPong); len(u) != 0 {
		t.Errorf("api-gateway: out of turn in flow order: %q", u)
	}
	if u := codes(sequenceDiags(src, model.WrittenOrder), diag.Unanswered); len(u) == 0 {
		t.Errorf("api-gateway: written order should report the literal reading's unanswered requests")
	}
	// Alternative replies are drawn dashed, in alt frames.
	for _, m := range l.Messages {
		if m.Label != nil && (m.Label.Text == "200 OK" || m.Label.Text == "Error" || m.Label.Text == "Yes" && m.From == "n12" || m.Label.Text == "Timeout") && !m.Return {
			t.Errorf("api-gateway: %q is not drawn as a reply", m.Label.Text)
		}
	}
	var frames []string
	for _, f := range l.Frames {
		frames = append(frames, f.Label)
	}
	if got := strings.Join(frames, ", "); got != "alt [Yes], alt [Yes], break [Yes]" {
		t.Errorf("api-gateway frames: %s", got)
	}
}
