package importer

import (
	"fmt"
	"sort"
	"strings"

	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// OpenAPI converts an OpenAPI 3 document (JSON or YAML) into a client/API
// flow: the client calls each operation, grouped into one lane per tag (or
// per first path segment when untagged); each operation's label is its
// summary or operation ID, and its responses are listed as the outcomes.
// Operations keep the order the document gives them.
func OpenAPI(data []byte) (string, error) {
	var doc struct {
		OpenAPI string `yaml:"openapi"`
		Swagger string `yaml:"swagger"`
		Info    struct {
			Title   string `yaml:"title"`
			Version string `yaml:"version"`
		} `yaml:"info"`
		Paths    yaml.Node `yaml:"paths"`
		Webhooks yaml.Node `yaml:"webhooks"`
	}
	// YAML is a superset of JSON, so one decoder reads both.
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return "", yamlError("not an OpenAPI document", err)
	}
	if doc.Swagger != "" && doc.OpenAPI == "" {
		return "", fmt.Errorf("this is Swagger %s (OpenAPI 2): expected OpenAPI 3 (\"openapi: 3.x\")", doc.Swagger)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3") {
		return "", fmt.Errorf("missing or unsupported \"openapi\" version %q: expected 3.x", doc.OpenAPI)
	}
	if (doc.Paths.Kind != yaml.MappingNode || len(doc.Paths.Content) == 0) && (doc.Webhooks.Kind != yaml.MappingNode || len(doc.Webhooks.Content) == 0) {
		return "", fmt.Errorf("the document has no paths")
	}
	var ops, hooks []op
	// Paths and their operations keep the document's order: the order the
	// API's authors chose is usually the order a client meets them in.
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // it decoded above
	r := &reader{root: &root}
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		p, item := doc.Paths.Content[i].Value, doc.Paths.Content[i+1]
		// A path item may be a $ref to one written elsewhere in the
		// document (components/pathItems): its operations are followed,
		// not dropped.
		if ref := refOf(item); ref != "" {
			if target := pointer(&root, ref); target != nil {
				item = target
			} else {
				r.unresolved = append(r.unresolved, p+" ("+ref+")")
				continue
			}
		}
		found, err := r.operations(p, "", item, false)
		if err != nil {
			return "", err
		}
		ops = append(ops, found...)
	}
	// Webhooks (OpenAPI 3.1): requests the API makes to its subscribers.
	for i := 0; i+1 < len(doc.Webhooks.Content); i += 2 {
		found, err := r.operations("", doc.Webhooks.Content[i].Value, doc.Webhooks.Content[i+1], false)
		if err != nil {
			return "", err
		}
		hooks = append(hooks, found...)
	}
	calls := 0
	for _, o := range ops {
		calls += len(o.callbacks)
	}
	if len(ops)+len(hooks) == 0 {
		return "", fmt.Errorf("the document has paths but no operations")
	}
	title := doc.Info.Title
	if title == "" {
		title = "API"
	}
	b := newBuilder()
	counted := plural(len(ops), "operation", "operations")
	if len(hooks) > 0 {
		counted += ", " + plural(len(hooks), "webhook", "webhooks")
	}
	if calls > 0 {
		counted += ", " + plural(calls, "callback", "callbacks")
	}
	b.comment("Imported from the OpenAPI document %q %s: %s.", title, doc.Info.Version, counted)
	if len(r.unresolved) > 0 {
		b.comment("Not followed: the $ref of %s (only references inside the document are read).", strings.Join(r.unresolved, ", "))
	}
	if r.nested > 0 {
		b.comment("Not drawn: %s inside callbacks (a callback's own callbacks).", plural(r.nested, "callback", "callbacks"))
	}
	client := b.lane("Client")
	// A lane is named by its tag alone: the document's title would repeat
	// on every lane header (it stands in the comment above).
	laneOf := func(o op) *blane {
		name := o.group
		if strings.EqualFold(name, client.label) {
			name += " API" // a tag "Client" is not the client's lane
		}
		return b.lane(name)
	}
	for _, o := range ops {
		laneOf(o)
	}
	for _, o := range hooks {
		laneOf(o)
	}
	// Each operation is a request answered by its documented responses,
	// one after the other, so the sequence view pairs them.
	var cur string
	if len(ops) > 0 {
		cur = b.newNode(client, "", "circle", "Client app")
	}
	for _, o := range ops {
		l := laneOf(o)
		route := o.method + " " + o.path
		n := b.newNode(l, "", "rectangle", route)
		b.edge(cur, n, o.label) // without a summary, the step says "GET /pets"
		answer := o.answer()
		next := b.newNode(client, "", "rectangle", "Receive "+answer)
		b.edge(n, next, "") // the step says it: "Receive 200/404"
		// A callback is a request the API makes to the client after the
		// operation: it leaves the operation's step, after its answer,
		// and the client goes on from there (the next request leaves the
		// step that received the callback), so the sequence view shows
		// the callback with its operation, not after every other one.
		for _, cb := range o.callbacks {
			next = hook(b, client, l, n, cb)
		}
		cur = next
	}
	// A webhook goes the other way too, set off by something inside the
	// API: its exchange starts from a step of its own in the API's lane.
	for _, o := range hooks {
		l := laneOf(o)
		_ = hook(b, client, l, b.newNode(l, "", "rectangle", o.route), o)
	}
	return b.String(), nil
}

// hook draws a request the API makes to the client (a webhook or a
// callback) from the step send in lane l, and the client's answer. It
// returns the client's step that received the request.
func hook(b *builder, client, l *blane, send string, o op) string {
	recv := b.newNode(client, "", "rectangle", "Receive "+o.route)
	b.edge(send, recv, o.label)
	answer := o.answer()
	b.edge(recv, b.newNode(l, "", "rectangle", "Delivered: "+answer), "")
	return recv
}

// op is one operation of the document: a request the client makes (a
// path's operation) or one the API makes (a webhook or a callback).
type op struct {
	method, path, label, group string
	route                      string // a webhook's or callback's name and method
	responses                  []string
	callbacks                  []op
}

// refOf returns the $ref of a mapping node, or "".
func refOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "$ref" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// pointer returns the node a reference inside the document names
// ("#/components/pathItems/Refunds"), or nil (another file, a name
// that is not there).
func pointer(root *yaml.Node, ref string) *yaml.Node {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	for _, key := range strings.Split(path, "/") {
		key = strings.ReplaceAll(strings.ReplaceAll(key, "~1", "/"), "~0", "~")
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// answer lists the documented status codes.
func (o op) answer() string {
	if len(o.responses) == 0 {
		return "response"
	}
	return strings.Join(o.responses, "/")
}

var methods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true, "trace": true}

// reader reads the operations of one document.
type reader struct {
	root       *yaml.Node
	unresolved []string // the $refs not followed, and where
	nested     int      // callbacks of callbacks, not drawn
}

// refHops bounds the YAML aliases and $refs followed from one node (a
// chain that long, or one that comes back on itself, is left as it is).
const refHops = 16

// resolve follows n's YAML aliases (*name) and $refs inside the document
// (#/components/...); where names the node for a $ref that cannot be
// followed (recorded in r.unresolved, and then n is returned).
func (r *reader) resolve(n *yaml.Node, where string) *yaml.Node {
	for k := 0; k < refHops; k++ {
		switch {
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			n = n.Alias
		case refOf(n) != "":
			t := pointer(r.root, refOf(n))
			if t == nil {
				r.unresolved = append(r.unresolved, where+" ("+refOf(n)+")")
				return n
			}
			n = t
		default:
			return n
		}
	}
	return n
}

// operations reads a path item's operations: a path's (path set) or a
// webhook's or callback's (hook set to its name). The callbacks of a
// callback (nested) are counted, not read: they are not drawn, and a
// callback may name its own path item again (through an alias or a
// $ref), which would never end.
func (r *reader) operations(path, hook string, item *yaml.Node, nested bool) ([]op, error) {
	for k := 0; item.Kind == yaml.AliasNode && item.Alias != nil && k < refHops; k++ {
		item = item.Alias // a YAML alias (*name) of a path item written once
	}
	if item.Kind == yaml.ScalarNode && item.Tag == "!!null" {
		return nil, nil // a path written down with nothing under it yet
	}
	if item.Kind != yaml.MappingNode {
		// Dropping it without a word lost its operations from the picture.
		where := path
		if hook != "" {
			where = hook
		}
		found := "a list"
		if item.Kind == yaml.ScalarNode {
			found = yamlKind(strings.TrimPrefix(item.Tag, "!!")) + " `" + clip(item.Value, 40) + "`"
		}
		return nil, &Error{Line: item.Line, Col: item.Column, Msg: fmt.Sprintf("%s: found %s, expected a mapping of methods to operations", where, found)}
	}
	var ops []op
	for j := 0; j+1 < len(item.Content); j += 2 {
		m, node := strings.ToLower(item.Content[j].Value), item.Content[j+1]
		if !methods[m] {
			continue // parameters, summary, servers, ...
		}
		var o struct {
			Summary     string               `yaml:"summary"`
			OperationID string               `yaml:"operationId"`
			Tags        []string             `yaml:"tags"`
			Responses   map[string]yaml.Node `yaml:"responses"`
			Callbacks   yaml.Node            `yaml:"callbacks"`
		}
		if err := node.Decode(&o); err != nil {
			where := strings.ToUpper(m) + " " + path
			if hook != "" {
				where = "webhook " + hook + " " + strings.ToUpper(m)
			}
			return nil, yamlError(where, err)
		}
		label := o.Summary
		if label == "" {
			label = o.OperationID
		}
		group := ""
		if len(o.Tags) > 0 {
			group = o.Tags[0]
		} else if hook != "" {
			group = "Webhooks"
		} else {
			seg := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)[0]
			group = strings.Trim(seg, "{}")
		}
		if group == "" {
			group = "API"
		}
		if r, n := utf8.DecodeRuneInString(group); unicode.IsLower(r) {
			group = string(unicode.ToUpper(r)) + group[n:] // "pets" heads its lane as "Pets"
		}
		var codes []string
		for c := range o.Responses {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		one := op{method: strings.ToUpper(m), path: path, label: label, group: group, responses: codes}
		if hook != "" {
			one.route = strings.ToUpper(m) + " " + hook
		}
		// Callbacks: each named callback's URL expressions hold the
		// requests the API makes; they go in the operation's lane.
		// A callback, or the path item of one of its expressions, may be
		// a $ref to one written under components.
		where := strings.ToUpper(m) + " " + path
		if hook != "" {
			where = strings.ToUpper(m) + " " + hook
		}
		cbMap := r.resolve(&o.Callbacks, where+" callbacks")
		for k := 0; k+1 < len(cbMap.Content) && cbMap.Kind == yaml.MappingNode && refOf(cbMap) == ""; k += 2 {
			name := cbMap.Content[k].Value
			exprs := r.resolve(cbMap.Content[k+1], where+" callback "+name)
			if exprs.Kind != yaml.MappingNode || refOf(exprs) != "" {
				continue // a $ref not followed: said in the comment
			}
			for e := 0; e+1 < len(exprs.Content); e += 2 {
				if nested {
					r.nested++
					continue
				}
				pi := r.resolve(exprs.Content[e+1], "callback "+name+" "+exprs.Content[e].Value)
				if refOf(pi) != "" {
					continue // not followed: said in the comment
				}
				cbs, err := r.operations("", name, pi, true)
				if err != nil {
					return nil, err
				}
				for i := range cbs {
					cbs[i].group = group
				}
				one.callbacks = append(one.callbacks, cbs...)
			}
		}
		ops = append(ops, one)
	}
	return ops, nil
}
