package mermaid

import (
	"flowzap/internal/lazyre"
	"html"
	"strconv"
	"strings"
)

var (
	brRx     = lazyre.New(`(?i)<br\s*/?>`)
	tagRx    = lazyre.New(`</?[A-Za-z][^<>]*>`)
	entityRx = lazyre.New(`#([A-Za-z]+|[0-9]+);`)
	faRx     = lazyre.New(`\b(fa[bsrl]?|fab|fak):fa-[a-z0-9-]+\s*`)
)

// names are the entity names Mermaid knows that labels use.
var names = map[string]string{"quot": `"`, "lt": "<", "gt": ">", "amp": "&", "nbsp": " ", "apos": "'",
	"colon": ":", "semi": ";", "num": "#", "lpar": "(", "rpar": ")", "lbrack": "[", "rbrack": "]",
	"lbrace": "{", "rbrace": "}", "vert": "|", "verbar": "|", "bsol": `\`, "percnt": "%", "ast": "*", "grave": "`"}

// Italic marks of a Markdown string: *text* and _text_ (an underscore
// inside a word, as in snake_case, is not one).
var (
	mdItalicStar  = lazyre.New(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdItalicUnder = lazyre.New(`(^|[^\p{L}\p{N}_])_([^_\s](?:[^_]*[^_\s])?)_($|[^\p{L}\p{N}_])`)
)

// decode turns a Mermaid label into plain text lines: Markdown-string
// backticks and **emphasis** marks are dropped, <br> ends a line, other
// HTML tags are removed, and both Mermaid (#quot; #35;) and HTML (&quot;)
// entities are decoded.
func decode(s string) []string {
	s = strings.TrimSpace(s)
	md := len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`'
	if md {
		s = s[1 : len(s)-1]
		s = strings.NewReplacer("**", "", "__", "").Replace(s)
		s = mdItalicStar.Get().ReplaceAllString(s, "$1")
		s = mdItalicUnder.Get().ReplaceAllString(s, "$1$2$3")
	}
	s = faRx.Get().ReplaceAllString(s, "")
	s = brRx.Get().ReplaceAllString(s, "\n")
	s = tagRx.Get().ReplaceAllString(s, "")
	s = entityRx.Get().ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if n, err := strconv.Atoi(name); err == nil {
			if n > 0 && n <= 0x10FFFF {
				return string(rune(n))
			}
			return m
		}
		if v, ok := names[strings.ToLower(name)]; ok {
			return v
		}
		if v := html.UnescapeString("&" + name + ";"); v != "&"+name+";" {
			return v
		}
		return m
	})
	s = html.UnescapeString(s)
	if md {
		s = strings.ReplaceAll(s, "\\n", "\n")
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// plain is the label as one line.
func plain(s string) string { return strings.Join(decode(s), " ") }
