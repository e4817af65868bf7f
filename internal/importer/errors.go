package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"flowzap/internal/lazyre"
)

// Error is an input error at a position of the imported file. Its text
// starts with the position ("3:12: ..."), so that a caller that puts the
// file name in front reads file:line:col.
type Error struct {
	Line, Col int // 1-based; Col is 0 when unknown
	Msg       string
}

// Position returns the error's line and column (0 when unknown).
func (e *Error) Position() (line, col int) { return e.Line, e.Col }

// Message returns the error without its position.
func (e *Error) Message() string { return e.Msg }

// Error returns the position and the message: "3:12: ...".
func (e *Error) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d: %s", e.Line, e.Msg)
}

var (
	yamlLineRx = lazyre.New(`^yaml: line (\d+): (.*)$`)
	yamlTypeRx = lazyre.New("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.*)$")
)

// yamlError turns an error of the YAML decoder into an Error at its line
// that says what was found and what was expected, in words: "found the
// string `notalist`, expected a list" rather than "cannot unmarshal !!str
// `notalist` into []string". Other errors are returned with what in front.
func yamlError(what string, err error) error {
	msg := err.Error()
	if m := yamlLineRx.Get().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Line: line, Msg: what + ": " + m[2]}
	}
	// yaml.TypeError: "yaml: unmarshal errors:\n  line 6: cannot unmarshal ..."
	for _, l := range strings.Split(msg, "\n") {
		if m := yamlTypeRx.Get().FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			line, _ := strconv.Atoi(m[1])
			found := yamlKind(m[2])
			if m[3] != "" {
				found += " `" + clip(m[3], 40) + "`"
			}
			return &Error{Line: line, Msg: fmt.Sprintf("%s: found %s, expected %s", what, found, goKind(m[4]))}
		}
	}
	return fmt.Errorf("%s: %v", what, err)
}

func yamlKind(tag string) string {
	switch tag {
	case "str":
		return "the text"
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "int", "float":
		return "the number"
	case "bool":
		return "the boolean"
	case "null":
		return "null"
	}
	return "a " + tag
}

func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "struct"):
		return "a mapping"
	case t == "string":
		return "text"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	}
	return t
}

// jsonError turns an error of the JSON decoder into an Error at the line
// and column of the offending byte, saying what was found and expected.
func jsonError(data []byte, what string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset-1)
		return &Error{Line: line, Col: col, Msg: fmt.Sprintf("%s: %v", what, se)}
	case errors.As(err, &te):
		line, col := lineCol(data, te.Offset-1)
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return &Error{Line: line, Col: col, Msg: fmt.Sprintf("%s: %s is %s, expected %s", what, field, jsonArticle(te.Value), goKind(te.Type.String()))}
	}
	return fmt.Errorf("%s: %v", what, err)
}

func jsonArticle(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "a mapping"
	case "number":
		return "a number"
	case "string":
		return "text"
	}
	return v
}

// lineCol returns the 1-based line and column of byte offset off.
func lineCol(data []byte, off int64) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// jsonOffset returns the offset in data of the value at path (object
// keys as strings, array indexes as ints), so that an error about a
// value read without its position (an entry's URL) can point at it.
func jsonOffset(data []byte, path ...any) (int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	skip := func() bool {
		depth := 0
		for {
			t, err := dec.Token()
			if err != nil {
				return false
			}
			if d, ok := t.(json.Delim); ok {
				if d == '{' || d == '[' {
					depth++
				} else {
					depth--
				}
			}
			if depth == 0 {
				return true
			}
		}
	}
	for _, p := range path {
		t, err := dec.Token()
		if err != nil {
			return 0, false
		}
		found := false
		switch p := p.(type) {
		case string:
			if t != json.Delim('{') {
				return 0, false
			}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return 0, false
				}
				if k == p {
					found = true
					break
				}
				if !skip() {
					return 0, false
				}
			}
		case int:
			if t != json.Delim('[') {
				return 0, false
			}
			for i := 0; dec.More(); i++ {
				if i == p {
					found = true
					break
				}
				if !skip() {
					return 0, false
				}
			}
		}
		if !found {
			return 0, false
		}
	}
	off := dec.InputOffset()
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off, true
}

// jsonErrorAt is an Error at the value at path in data, or a plain error
// when the path cannot be found.
func jsonErrorAt(data []byte, msg string, path ...any) error {
	off, ok := jsonOffset(data, path...)
	if !ok {
		return errors.New(msg)
	}
	line, col := lineCol(data, off)
	return &Error{Line: line, Col: col, Msg: msg}
}
