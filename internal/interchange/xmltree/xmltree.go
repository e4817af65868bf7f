// Package xmltree reads an XML document into a small tree of elements
// that remember their byte offset in the file, so importers can report
// problems with a line and column. It never fetches external entities and
// bounds the depth and the number of elements it builds.
package xmltree

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Limits on what Parse builds.
const (
	MaxDepth    = 256
	MaxElements = 1_000_000
)

// Elem is an XML element.
type Elem struct {
	Space, Name string // namespace URI and local name
	Attrs       []xml.Attr
	Children    []*Elem
	Text        string // the character data directly inside it
	Off         int    // byte offset of its start tag
	EndOff      int    // byte offset after its start tag
	Parent      *Elem
}

// Attr returns the value of the attribute with the given local name
// (whatever its namespace), or "".
func (e *Elem) Attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// HasAttr reports whether the attribute is present.
func (e *Elem) HasAttr(name string) bool {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return true
		}
	}
	return false
}

// Child returns the first child with the local name, or nil.
func (e *Elem) Child(name string) *Elem {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// All returns the children with the local name.
func (e *Elem) All(name string) []*Elem {
	var out []*Elem
	for _, c := range e.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Walk calls f for e and every element below it, depth first, in
// document order, without recursion.
func (e *Elem) Walk(f func(*Elem)) {
	stack := []*Elem{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f(x)
		for i := len(x.Children) - 1; i >= 0; i-- {
			stack = append(stack, x.Children[i])
		}
	}
}

// Error is a syntax error at a byte offset. Msg is the English message,
// fmt.Sprintf(Format, Args...): importers keep the format and arguments so
// that the message can be given in another language.
type Error struct {
	Off    int
	Msg    string
	Format string
	Args   []any
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// errorf returns the Error at off whose message is format with args.
func errorf(off int, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Off: off, Msg: msg, Format: format, Args: args}
}

// Parse reads UTF-8 text (UTF8 turns a document in another encoding
// into that): the encoding a declaration names is taken as read already.
func Parse(src []byte) (*Elem, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var root *Elem
	var stack []*Elem
	var texts []*strings.Builder // the text of each element of stack so far
	n := 0
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			if se, ok := err.(*xml.SyntaxError); ok {
				msg = se.Msg
			}
			at := int(d.InputOffset())
			switch {
			case msg == "unexpected EOF" && len(stack) > 0:
				return nil, errorf(at, "XML syntax error: found the end of the file inside <%s>: expected the rest of the document (was the file cut short?)", stack[len(stack)-1].Name)
			case msg == "unexpected EOF":
				return nil, errorf(at, "XML syntax error: found the end of the file: expected the rest of the document (was the file cut short?)")
			case msg == "invalid UTF-8":
				if k := firstInvalid(src[min(off, len(src)):]); k >= 0 {
					at = off + k
				}
				return nil, errorf(at, "XML syntax error: found the byte 0x%02X, which is not UTF-8: expected UTF-8 text, or an encoding declaration such as <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", src[min(at, len(src)-1)])
			}
			// The decoder's own words, kept as they are.
			return nil, errorf(at, "XML syntax error: %s", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n++
			if n > MaxElements {
				return nil, errorf(off, "more than %d XML elements: expected a smaller file", MaxElements)
			}
			if len(stack) >= MaxDepth {
				return nil, errorf(off, "XML nested deeper than %d levels", MaxDepth)
			}
			e := &Elem{Space: t.Name.Space, Name: t.Name.Local, Attrs: t.Copy().Attr, Off: off, EndOff: int(d.InputOffset())}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				e.Parent = p
				p.Children = append(p.Children, e)
			} else if root == nil {
				root = e
			}
			stack = append(stack, e)
			texts = append(texts, &strings.Builder{})
		case xml.EndElement:
			stack[len(stack)-1].Text = texts[len(texts)-1].String()
			stack, texts = stack[:len(stack)-1], texts[:len(texts)-1]
		case xml.CharData:
			// Collected in a builder: text cut by thousands of comments
			// is joined in linear time.
			if len(texts) > 0 {
				texts[len(texts)-1].Write(t)
			}
		case xml.Directive:
			if strings.Contains(strings.ToUpper(string(t)), "ENTITY") {
				return nil, errorf(off, "XML entity declarations are not accepted")
			}
		}
	}
	if root == nil {
		return nil, errorf(0, "no XML element found")
	}
	return root, nil
}
