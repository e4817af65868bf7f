package cli

import (
	"flag"
	"os"
	"strings"
	"testing"
)

// TestDocsNameEveryFlag: docs/cli.md has a section for every command,
// and each section names every flag the command has (serve's many flags
// are documented with the deployment).
func TestDocsNameEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, part := range strings.Split(string(b), "\n## ")[1:] {
		name, body, _ := strings.Cut(part, "\n")
		sections[strings.TrimSpace(name)] = body
	}
	x := &ctx{}
	for _, c := range commandList() {
		body, ok := sections[c.name]
		if !ok {
			t.Errorf("docs/cli.md has no section for %s", c.name)
			continue
		}
		if c.name == "serve" {
			continue
		}
		fs, _ := c.flags(x)
		fs.VisitAll(func(f *flag.Flag) {
			if (f.Name == "max-input" && c.name != "mcp") || (f.Name == "lang" && c.name != "templates") {
				return // documented once for all commands
			}
			if !strings.Contains(body, "-"+f.Name) {
				t.Errorf("docs/cli.md, %s: flag -%s is not named", c.name, f.Name)
			}
		})
	}
}
