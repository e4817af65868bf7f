// Package jsonbody reads one JSON document strictly (unknown fields
// refused, nothing after the value) and words what is wrong with it for
// the person or program that sent it: where (line and column), what was
// found and what was expected, in JSON's words (a string, an array), not
// Go's (server.CodeRequest, []pipeline.PatchOp).
//
// The HTTP API, the WebAssembly module and the CLI's patch command read
// their JSON through it, so that the same mistake gets the same message
// everywhere.
package jsonbody

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a JSON document that could not be read into the value asked
// for. Line and Column (1-based, columns in bytes) are set when the
// decoder knows where the problem is, zero otherwise.
type Error struct {
	Line, Column int
	// Msg says what was found and what was expected, without position.
	Msg string
}

// Error returns "line L, column C: Msg", or Msg when the position is
// not known.
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Decode reads data, one JSON value, into v (a pointer), refusing unknown
// object fields and anything but white space after the value. Every
// failure is an *Error.
func Decode(data []byte, v any) error {
	// A byte order mark is not JSON, but editors on Windows write one:
	// it carries no meaning in UTF-8 and is dropped (RFC 8259 lets a
	// parser ignore it). Positions are then counted without it.
	data = bytes.TrimPrefix(data, bom)
	// JSON is UTF-8: the decoder would put U+FFFD for bad bytes, and the
	// text saved would differ from the text sent without a word.
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := position(data, off)
		return &Error{Line: line, Column: col, Msg: fmt.Sprintf("found the byte 0x%02x, which is not UTF-8: expected JSON text in UTF-8", data[off])}
	}
	// A \u escape of half a surrogate pair names no character either:
	// the decoder would put U+FFFD.
	if off := loneSurrogate(data); off >= 0 {
		line, col := position(data, off)
		return &Error{Line: line, Column: col, Msg: fmt.Sprintf("found %s, half of a UTF-16 surrogate pair: expected a character (a pair such as \\ud83d\\ude00, or the character itself)", data[off:off+6])}
	}
	// A body of null sets nothing: said, rather than read as {}.
	if t := bytes.TrimSpace(data); bytes.Equal(t, []byte("null")) && reflect.TypeOf(v).Kind() == reflect.Pointer && reflect.TypeOf(v).Elem().Kind() == reflect.Struct {
		line, col := position(data, bytes.Index(data, t))
		return &Error{Line: line, Column: col, Msg: "found null: expected a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describe(data, err, v)
	}
	// Anything but white space after the value is refused (the
	// decoder's More reports a closing bracket as nothing more, so
	// {"code":"x"}} was taken).
	off := int(dec.InputOffset())
	for off < len(data) && isSpace(data[off]) {
		off++
	}
	if off < len(data) {
		line, col := position(data, off)
		return &Error{Line: line, Column: col, Msg: "found more after the JSON value: expected one value only"}
	}
	// A field given twice would be read as its last value, and the
	// first one dropped without a word.
	return duplicateField(data)
}

// duplicateField returns an *Error at the second occurrence of a field
// name within one object of data (a valid JSON value), or nil.
func duplicateField(data []byte) error {
	if bytes.Count(data, []byte{':'}) < 2 {
		return nil // one field at most
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		key    bool // the next token in an object is a field name
		seen   map[string]bool
	}
	var stack []*frame
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil // the end (the value was read without error before)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.key {
			if name, ok := tok.(string); ok {
				if top.seen[name] {
					off := before
					for off < len(data) && data[off] != '"' {
						off++
					}
					line, col := position(data, off)
					return &Error{Line: line, Column: col, Msg: fmt.Sprintf("found the field %q a second time in one object: expected each field once", name)}
				}
				top.seen[name] = true
				top.key = false
				continue
			}
		}
		if top != nil && top.object {
			top.key = true // after this value, a field name
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, key: true, seen: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].key = true
			}
		}
	}
}

// bom is the UTF-8 byte order mark.
var bom = []byte("\xef\xbb\xbf")

// MaxDepth is how deeply the decoder lets arrays and objects nest.
const MaxDepth = 10000

// SyntaxWords words a decoder syntax error at offset off of data
// (json.SyntaxError.Offset) plainly: what was found and what was
// expected, without Go's quoting of bytes. It is exported for readers
// of JSON other than [Decode] (the MCP line reader).
func SyntaxWords(data []byte, msg string, off int) string {
	msg = strings.TrimPrefix(msg, "json: ")
	if strings.HasSuffix(msg, "exceeded max depth") {
		line, col := position(data, off-1)
		return fmt.Sprintf("JSON nested deeper than %d levels at line %d, column %d", MaxDepth, line, col)
	}
	rest, ok := strings.CutPrefix(msg, "invalid character ")
	if !ok || off < 1 || off > len(data) {
		return msg
	}
	// The character is the one at off-1 (or the rune that byte starts).
	i := off - 1
	for i > 0 && !utf8.RuneStart(data[i]) {
		i--
	}
	r, _ := utf8.DecodeRune(data[i:])
	found := fmt.Sprintf("%q", r)
	if r < 0x20 || r == 0x7f || r >= 0x80 {
		found = fmt.Sprintf("the character %U", r)
	}
	if q := strings.Index(rest, "' "); q >= 0 {
		rest = rest[q+2:]
	}
	switch {
	case rest == "looking for beginning of value":
		return "found " + found + ": expected a JSON value (an object, an array, a string, a number, true, false or null)"
	case rest == "looking for beginning of object key string":
		return "found " + found + ": expected a field name in double quotes or }"
	case rest == "after object key":
		return "found " + found + ": expected : after the field name"
	case rest == "after object key:value pair":
		return "found " + found + ": expected , or } after the field's value"
	case rest == "after array element":
		return "found " + found + ": expected , or ] after the array element"
	case rest == "after top-level value":
		return "found " + found + ": expected nothing after the JSON value"
	case rest == "in string literal":
		return "found " + found + " in a string: control characters must be escaped (\\n, \\t, \\u0000)"
	case rest == "in string escape code":
		return "found " + found + " after \\ in a string: expected one of \\\" \\\\ / b f n r t u"
	case strings.HasPrefix(rest, "in \\u hexadecimal character escape"):
		return "found " + found + " in a \\u escape: expected four hexadecimal digits"
	case strings.HasPrefix(rest, "in literal "):
		return "found " + found + " " + rest + ": expected true, false or null"
	case strings.HasPrefix(rest, "in numeric literal"), strings.HasPrefix(rest, "after decimal point"), strings.HasPrefix(rest, "in exponent"):
		return "found " + found + " in a number: expected a digit"
	}
	return "found " + found + " " + rest
}

// loneSurrogate returns the offset of the first \u escape inside a
// string that is half of a surrogate pair without its other half, or -1.
// It runs in one pass, and not at all when data has no \u.
func loneSurrogate(data []byte) int {
	if !bytes.Contains(data, []byte(`\u`)) {
		return -1
	}
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range data[i+2 : i+6] {
			switch {
			case '0' <= c && c <= '9':
				r = r<<4 | rune(c-'0')
			case 'a' <= c && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case 'A' <= c && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	in := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			in = !in
		case c == '\\' && in && i+1 < len(data):
			if data[i+1] != 'u' {
				i++ // an escaped quote or backslash
				continue
			}
			r, ok := hex4(i)
			if !ok {
				continue // the decoder words a bad escape
			}
			switch {
			case 0xD800 <= r && r < 0xDC00:
				if lo, ok := hex4(i + 6); ok && 0xDC00 <= lo && lo < 0xE000 {
					i += 11
					continue
				}
				return i
			case 0xDC00 <= r && r < 0xE000:
				return i
			}
			i += 5
		}
	}
	return -1
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// describe words a decoder error for data read into v.
func describe(data []byte, err error, v any) *Error {
	want := kindOf(reflect.TypeOf(v))
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(data)) == 0:
		return &Error{Msg: "found nothing: expected " + want}
	case errors.Is(err, io.ErrUnexpectedEOF):
		// Just after the last thing written, not at a final line break.
		line, col := position(data, len(bytes.TrimRight(data, " \t\r\n")))
		return &Error{Line: line, Column: col, Msg: "the JSON ends early: expected the rest of " + want}
	case errors.As(err, &se):
		msg := strings.TrimPrefix(se.Error(), "json: ")
		if msg == "unexpected end of JSON input" {
			msg = "the JSON ends early: expected the rest of " + want
		}
		if strings.HasSuffix(msg, "exceeded max depth") {
			// The words carry the position already.
			return &Error{Msg: SyntaxWords(data, msg, int(se.Offset))}
		}
		line, col := position(data, int(se.Offset)-1)
		return &Error{Line: line, Column: col, Msg: SyntaxWords(data, msg, int(se.Offset))}
	case errors.As(err, &te):
		line, col := position(data, startOfValue(data, int(te.Offset)))
		found := "found " + valueWords(te.Value)
		if te.Field == "" {
			return &Error{Line: line, Column: col, Msg: found + ": expected " + kindOf(te.Type)}
		}
		return &Error{Line: line, Column: col, Msg: fmt.Sprintf("field %q: %s: expected %s", te.Field, found, kindOf(te.Type))}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		var raw any
		if key, err := strconv.Unquote(name); err == nil && json.Unmarshal(data, &raw) == nil {
			if place, t, found := locateUnknown(raw, reflect.TypeOf(v), key, ""); found {
				known := structFieldNames(t)
				msg := "unknown field " + name
				if len(known) > 0 {
					msg += ": expected one of " + strings.Join(known, ", ")
				}
				if place != "" {
					msg = place + ": " + msg
				}
				return &Error{Msg: msg}
			}
		}
		if known := fieldNames(reflect.TypeOf(v)); len(known) > 0 {
			return &Error{Msg: fmt.Sprintf("unknown field %s: expected one of %s", name, strings.Join(known, ", "))}
		}
		return &Error{Msg: "unknown field " + name}
	}
	return &Error{Msg: msg}
}

// Placer is a type read from an element of a JSON array that names
// that element for the person who sent it ("operation 2 (insertNode)"),
// given its 0-based index. An unknown field inside such an element is
// reported with the name in front.
type Placer interface {
	JSONPlace(index int) string
}

var placerType = reflect.TypeFor[Placer]()

// locateUnknown finds the object in raw (data decoded into any) that
// holds the field key which the struct type read there does not have,
// and returns where it is (place, empty at the top level) and that struct
// type.
func locateUnknown(raw any, t reflect.Type, key, place string) (string, reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return "", nil, false
		}
		byName := map[string]reflect.StructField{}
		for _, f := range reflect.VisibleFields(t) {
			if !f.IsExported() || f.Anonymous {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			byName[strings.ToLower(name)] = f
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			f, ok := byName[strings.ToLower(k)]
			if !ok {
				if k == key {
					return place, t, true
				}
				continue
			}
			sub := place
			if sub == "" {
				sub = fmt.Sprintf("field %q", k)
			}
			if p, ft, found := locateUnknown(obj[k], f.Type, key, sub); found {
				return p, ft, true
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := raw.([]any)
		if !ok {
			return "", nil, false
		}
		for i, el := range arr {
			sub := fmt.Sprintf("element %d", i+1)
			if place != "" {
				sub = place + ", " + sub
			}
			if t.Elem().Implements(placerType) {
				ev := reflect.New(t.Elem())
				if b, err := json.Marshal(el); err == nil && json.Unmarshal(b, ev.Interface()) == nil {
					sub = ev.Elem().Interface().(Placer).JSONPlace(i)
				}
			}
			if p, ft, found := locateUnknown(el, t.Elem(), key, sub); found {
				return p, ft, true
			}
		}
	case reflect.Map:
		obj, ok := raw.(map[string]any)
		if !ok {
			return "", nil, false
		}
		for k, el := range obj {
			if p, ft, found := locateUnknown(el, t.Elem(), key, place+fmt.Sprintf(" %q", k)); found {
				return p, ft, true
			}
		}
	}
	return "", nil, false
}

// structFieldNames lists the JSON names of a struct type's fields,
// quoted and sorted.
func structFieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, fmt.Sprintf("%q", name))
	}
	slices.Sort(names)
	return names
}

// position turns a byte offset of data into a 1-based line and column.
func position(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	return line, off - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// startOfValue returns where the value the decoder stopped at starts:
// it reports a wrong type just after an object's or array's opening
// bracket, or at the end of a string, number or literal, and a person
// looks for the value's start.
func startOfValue(data []byte, off int) int {
	off = max(0, min(off, len(data)))
	switch {
	case off == 0:
		return 0
	case data[off-1] == '{' || data[off-1] == '[':
		return off - 1
	case data[off-1] == '"':
		for i := off - 2; i >= 0; i-- {
			if data[i] == '"' && !escaped(data, i) {
				return i
			}
		}
		return 0
	}
	i := off
	for i > 0 && strings.IndexByte("0123456789+-.eEtruefalsn", data[i-1]) >= 0 {
		i--
	}
	return i
}

// escaped reports whether data[i] is preceded by an odd number of
// backslashes.
func escaped(data []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// valueWords turns the decoder's description of a JSON value ("number
// -5", "array", "bool") into words.
func valueWords(v string) string {
	switch {
	case v == "array", v == "object":
		return "an " + v
	case v == "bool":
		return "true or false"
	case v == "string", v == "number":
		return "a " + v
	case strings.HasPrefix(v, "number "):
		return "the number " + strings.TrimPrefix(v, "number ")
	}
	return v
}

// kindOf names, in JSON's words, what a Go type reads.
func kindOf(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a JSON value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "a JSON object"
	case reflect.Slice, reflect.Array:
		return "a JSON array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a JSON value"
}

// fieldNames lists the JSON names of a struct type's fields, quoted (or
// of an array's elements' fields), when none of them holds objects of its
// own (then an unknown field may be in one of those, and listing the top
// level's names would mislead).
func fieldNames(t reflect.Type) []string {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		inner := f.Type
		for inner.Kind() == reflect.Pointer || inner.Kind() == reflect.Slice || inner.Kind() == reflect.Array || inner.Kind() == reflect.Map {
			inner = inner.Elem()
		}
		if inner.Kind() == reflect.Struct || inner.Kind() == reflect.Interface || f.Anonymous {
			return nil
		}
		names = append(names, fmt.Sprintf("%q", name))
	}
	slices.Sort(names)
	return names
}

// Require returns an *Error naming the first of names that the JSON
// object data (already read into v by [Decode]) does not have as a
// field, with what the field of v's type takes: a field left out is
// said, rather than read as its zero value. It returns nil when data
// has every name, or is not an object.
func Require(data []byte, v any, names ...string) error {
	var fields map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, bom), &fields) != nil {
		return nil
	}
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for _, name := range names {
		if _, ok := fields[name]; ok {
			continue
		}
		kind := "a JSON value"
		if t != nil && t.Kind() == reflect.Struct {
			for i := range t.NumField() {
				if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag == name {
					kind = kindOf(t.Field(i).Type)
				}
			}
		}
		return &Error{Msg: fmt.Sprintf("missing field %q: expected it in the object, %s", name, kind)}
	}
	return nil
}
